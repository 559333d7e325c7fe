"""Word lists the parser reads from data files shipped with the package."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

_BRACKET = re.compile(r"\s*\([^()]*\)")


@cache
def nationalities() -> frozenset[str]:
    """Every nationality form of nationalities.txt (masculine, feminine, plural)."""
    text = resources.files(__package__).joinpath("nationalities.txt").read_text("utf-8")
    words: set[str] = set()
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            words.update(line.split())
    return frozenset(words)


def is_nationality(item: str) -> bool:
    """True for `русский`, `польская еврейка`, `крымский татарин`: a known nationality last."""
    if not item[:1].islower():
        return False
    if "(" in item:  # "русский (поляк)"
        item = _BRACKET.sub("", item)
    words = item.rstrip(".").split()
    if not 1 <= len(words) <= 3:
        return False
    if words[-1] not in nationalities():
        return False
    return all(w.isalpha() and w.islower() for w in words)
