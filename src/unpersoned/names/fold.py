"""Orthographic folds: the spellings one name takes in the lists, folded to one key.

A key is lower case, without stress marks, hyphens or apostrophes, in today's orthography
(ё → е; the pre-1918 letters ѣ і ѳ ѵ and a final ъ as the reform of 1918 replaced them), with
Latin look-alike letters inside a Cyrillic word read as the Cyrillic ones they stand for
(a typist's or an OCR's slip: `Пeтров` with a Latin e).
"""

from __future__ import annotations

import re
import unicodedata

_CYRILLIC = re.compile(r"[Ѐ-ӿ]")
_LATIN = re.compile(r"[A-Za-z]")
_OLD_LETTERS = str.maketrans(
    {"ё": "е", "ѣ": "е", "і": "и", "ї": "и", "ѳ": "ф", "ѵ": "и", "ѐ": "е", "ѝ": "и", "ў": "у"}
)
# Latin letters that look like Cyrillic ones, read as Cyrillic inside a Cyrillic word
_LOOKALIKES = str.maketrans(
    {
        "a": "а", "b": "в", "c": "с", "e": "е", "h": "н", "k": "к", "m": "м",
        "o": "о", "p": "р", "t": "т", "x": "х", "y": "у", "i": "і",
    }
)  # fmt: skip
_MARKS = re.compile(r"[\u0300-\u036f'’ʼʹʺ`\"´\-‐‑–—\s.]")


def is_cyrillic(word: str) -> bool:
    """True when the word has more Cyrillic letters than Latin ones."""
    return len(_CYRILLIC.findall(word)) > len(_LATIN.findall(word))


def fold_cyrillic(word: str) -> str:
    """The orthographic key of a Cyrillic word: `Чернышёвъ` → `чернышев`, `Римский-Корсаков`
    → `римскийкорсаков`."""
    # marks off first (й decomposes into и + a breve: it is put back), so that a stressed
    # Latin look-alike (ó) is a plain o when the look-alikes are read
    text = unicodedata.normalize("NFD", word.lower()).replace("и\u0306", "й")
    text = unicodedata.normalize("NFC", _MARKS.sub("", text))
    text = text.translate(_LOOKALIKES).translate(_OLD_LETTERS)
    text = text.rstrip("ъ")
    return text.replace("ъ", "ь") if "ъ" in text and not text.startswith("ъ") else text


_LATIN_SPECIAL = str.maketrans(
    {"ł": "l", "ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ı": "i", "ħ": "h"}
)
_NOT_LETTER = re.compile(r"[^a-z]")


def fold_latin(word: str) -> str:
    """The loose key of a Latin spelling: lower case, no diacritics, letters only.

    `Černyšev` → `cernysev`, `Il’ya` → `ilya`, `Czernyszew` stays: the forms of every scheme
    are kept side by side, so the fold only removes what typists drop anyway.
    """
    text = unicodedata.normalize("NFKD", word.lower().translate(_LATIN_SPECIAL))
    return _NOT_LETTER.sub("", text)


def fold(word: str) -> str:
    """The key of a word in either script."""
    return fold_cyrillic(word) if is_cyrillic(word) else fold_latin(word)


# Women's surname forms and the men's forms they fold to; longest ending first.
_SURNAME_ENDINGS = (
    ("ская", "ский"),
    ("цкая", "цкий"),
    ("ова", "ов"),
    ("ёва", "ев"),
    ("ева", "ев"),
    ("ина", "ин"),
    ("ына", "ын"),
)


def surname_key(folded: str) -> tuple[str, bool]:
    """The gender-folded key of a folded Cyrillic surname, and whether it was a woman's form:
    `колесникова` → (`колесников`, True)."""
    if len(folded) > 4:
        for female, male in _SURNAME_ENDINGS:
            if folded.endswith(female):
                return folded[: -len(female)] + male, True
    return folded, False


def feminine(surname: str) -> str | None:
    """The woman's form of a man's surname key, where the grammar has one."""
    if len(surname) < 4:
        return None
    for female, male in _SURNAME_ENDINGS:
        if female != "ёва" and surname.endswith(male):
            return surname[: -len(male)] + female
    return None


# Women's patronymics and the men's forms they fold to (Ильинична → Ильич, Ивановна → Иванович)
_PATRONYMIC_ENDINGS = (("инична", "ич"), ("ична", "ич"), ("вна", "вич"), ("кызы", "оглы"),
                       ("гызы", "оглы"))  # fmt: skip


def patronymic_key(folded: str) -> str:
    """The sex-neutral key of a folded patronymic: the man's form."""
    for female, male in _PATRONYMIC_ENDINGS:
        if folded.endswith(female) and len(folded) > len(female) + 1:
            return folded[: -len(female)] + male
    return folded
