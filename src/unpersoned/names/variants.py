"""Given names that are one name: church and everyday forms (Иосиф/Осип, Георгий/Егор/Юрий).

The groups come from `data/given_names.tsv`, compiled for this project from the given names of
the real lists (see its header); a patronymic formed from any name of a group belongs to the
group too (Осипович/Иосифович).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .fold import fold_cyrillic, fold_latin, patronymic_key


@dataclass(frozen=True)
class NameGroup:
    """One given name in all its forms, the church or official form first."""

    sex: str
    names: tuple[str, ...]
    patronymics: tuple[str, ...]
    latin: tuple[str, ...]


@dataclass(frozen=True)
class Equivalents:
    """Lookups from a folded given name or patronymic key to the keys of the same name."""

    given: dict[str, frozenset[str]]
    patronymic: dict[str, frozenset[str]]
    latin: dict[str, frozenset[str]]  # a foreign form (Josef) → the Cyrillic keys
    foreign: dict[str, tuple[str, ...]]  # a Cyrillic key → its foreign forms (иосиф → josef…)
    groups: tuple[NameGroup, ...]

    def given_forms(self, key: str) -> frozenset[str]:
        """The keys of the same given name, itself included."""
        return self.given.get(key, frozenset((key,)))

    def patronymic_forms(self, key: str) -> frozenset[str]:
        return self.patronymic.get(key, frozenset((key,)))


def read_groups(text: str) -> list[NameGroup]:
    """The groups of a given-names file (tab-separated: sex, names, patronymics, latin)."""
    groups = []
    rows = csv.reader((line for line in text.splitlines() if line and line[0] != "#"),
                      delimiter="\t")  # fmt: skip
    for row in rows:
        row = [*row, "", "", ""][:4]
        sex, names, patronymics, latin = (cell.strip() for cell in row)
        if not names:
            continue
        groups.append(
            NameGroup(sex, tuple(names.split()), tuple(patronymics.split()), tuple(latin.split()))
        )
    return groups


@cache
def equivalents() -> Equivalents:
    """The project's given-name equivalents, read once."""
    text = resources.files(__package__).joinpath("data/given_names.tsv").read_text("utf-8")
    return build(read_groups(text))


def build(groups: list[NameGroup]) -> Equivalents:
    given: dict[str, set[str]] = {}
    patronymic: dict[str, set[str]] = {}
    latin: dict[str, set[str]] = {}
    for group in groups:
        keys = {fold_cyrillic(n) for n in group.names}
        for key in keys:
            given.setdefault(key, set()).update(keys)
        pkeys = {patronymic_key(fold_cyrillic(p)) for p in group.patronymics}
        for key in pkeys:
            patronymic.setdefault(key, set()).update(pkeys)
        for form in group.latin:
            latin.setdefault(fold_latin(form), set()).update(keys)
    return Equivalents(
        {k: frozenset(v) for k, v in given.items()},
        {k: frozenset(v) for k, v in patronymic.items()},
        {k: frozenset(v) for k, v in latin.items()},
        _inverted(latin),
        tuple(groups),
    )


def _inverted(latin: dict[str, set[str]]) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for form, keys in latin.items():
        for key in keys:
            out.setdefault(key, []).append(form)
    return {key: tuple(forms) for key, forms in out.items()}
