"""Names: split, fold, romanise and match the names of the lists.

Pure logic, no database: `split` reads a printed name into its parts, `fold` makes the keys
(orthography, the woman's forms of surnames and patronymics), `romanise` gives every Latin
spelling, `variants` the given names that are one name, `keys` what the index stores for a
record, `sex` the sex a patronymic tells.
"""

from __future__ import annotations

import hashlib
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

# Raise when a fold, a romanisation or a split changes what the keys of a name are: an index
# built by other rules is built again (the given-names file's digest is part of the rules too).
RULES = 1


@cache
def index_rules() -> str:
    """The rules the name index is built by: RULES and the digest of the given-names file."""
    data = resources.files(__package__).joinpath("data/given_names.tsv").read_bytes()
    return f"{RULES}:{hashlib.sha256(data).hexdigest()[:16]}"


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
        for latin, keys in equivalents().latin.items():
            if key in keys:
                out.setdefault((latin, "eq"), []).append("equivalent")
    return [(form, ",".join(dict.fromkeys(schemes)), variant)
            for (form, variant), schemes in out.items()]  # fmt: skip
