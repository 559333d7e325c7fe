"""Names: split, fold, romanise and match the names of the lists.

Pure logic, no database: `split` reads a printed name into its parts, `fold` makes the keys
(orthography, the woman's forms of surnames and patronymics), `romanise` gives every Latin
spelling, `variants` the given names that are one name, `keys` what the index stores for a
record, `sex` the sex a patronymic tells.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from functools import cache
from importlib import resources

from .fold import feminine, fold, fold_cyrillic, fold_latin, is_cyrillic
from .romanise import latin_keys
from .variants import equivalents

__all__ = [
    "female_patronymics",
    "feminine",
    "fold",
    "fold_cyrillic",
    "fold_latin",
    "forms_of",
    "index_rules",
    "is_cyrillic",
]  # fmt: skip

Form = tuple[str, str, str]  # spelling, comma-separated schemes, variant

# Raise to rebuild every index for a reason the digest below does not see.
RULES = 1


@cache
def index_rules() -> str:
    """What the name index is built by: RULES, and a digest of the given-names file, of this
    package's code (folds, splits, romanisation tables) and of the iuliia version, so that an
    index built by other rules is built again by the next write or search."""
    package = resources.files(__package__)
    digest = hashlib.sha256(package.joinpath("data/given_names.tsv").read_bytes())
    for name in sorted(p.name for p in package.iterdir() if p.name.endswith(".py")):
        digest.update(package.joinpath(name).read_bytes())
    digest.update(importlib.metadata.version("iuliia").encode())
    return f"{RULES}:{digest.hexdigest()[:16]}"


def female_patronymics(key: str) -> list[str]:
    """A woman's forms of a patronymic key (a man's form): иванович → ивановна,
    ильич → ильинична and ильична (which is right depends on the name: both are kept)."""
    if key.endswith("вич"):
        return [key[:-3] + "вна"]
    if key.endswith("ич") and len(key) > 3:
        return [key[:-2] + "ична", key[:-2] + "инична"]
    if key.endswith("оглы"):
        return [key[:-4] + "кызы"]
    return []


def forms_of(kind: str, key: str) -> list[Form]:
    """Every spelling a key of `kind` (S, G, P) is found by.

    The variant says what the spelling is beyond the key itself: `f` a woman's form, `eq` a
    foreign equivalent of a given name (Josef for Иосиф).
    """
    words = [(key, "")]
    if kind == "S":
        woman = feminine(key)
        if woman:
            words.append((woman, "f"))
    elif kind == "P":
        words.extend((w, "f") for w in female_patronymics(key))
    out: dict[tuple[str, str], list[str]] = {}
    for word, variant in words:
        out.setdefault((word, variant), []).append("cyrillic")
        if is_cyrillic(word):
            for latin, schemes in latin_keys(word):
                out.setdefault((latin, variant), []).extend(schemes)
    if kind == "G":
        for latin in equivalents().foreign.get(key, ()):
            out.setdefault((latin, "eq"), []).append("equivalent")
    return [(form, ",".join(dict.fromkeys(schemes)), variant)
            for (form, variant), schemes in out.items()]  # fmt: skip
