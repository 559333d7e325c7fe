"""Sex from a patronymic: -вич/-ич and the Turkic оглы/улы are a man's, -вна/-чна/кызы a woman's."""

from __future__ import annotations

import re

from .fold import fold_cyrillic

_FEMALE = re.compile(r"(?:вна|чна|кызы|гызы)$")
_MALE = re.compile(r"(?:вич|ьич|ич|оглы|улы|уулу)$")


def sex_from_patronymic(patronymic: str | None) -> str | None:
    """`M`, `F`, or None when the patronymic does not tell (or there is none)."""
    if not patronymic or not patronymic.split():
        return None
    last = fold_cyrillic(patronymic.split()[-1])  # Ивановичъ, a Latin look-alike letter
    if _FEMALE.search(last):
        return "F"
    if _MALE.search(last):
        return "M"
    return None
