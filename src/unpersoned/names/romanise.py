"""The Latin spellings of a Russian name under the usual romanisations.

The library `iuliia` holds the standard tables (BGN/PCGN, ISO 9 / GOST 7.79, the scholarly
system, ALA-LC, ICAO passports and the Soviet and French passport rules). None provides the
German, French and Polish conventions that families and older literature use, so those few
tables are here: each is a map of letters plus the context rules that matter for names (a
soft vowel after a consonant, the -ий/-ый endings, French -ов as -off).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import iuliia

from .fold import fold_latin

# scheme → (label, iuliia schema); the label is what a reason shows
LIBRARY_SCHEMES: dict[str, tuple[str, object]] = {
    "bgn_pcgn": ("BGN/PCGN", iuliia.BGN_PCGN),
    "iso9": ("ISO 9 / GOST 7.79", iuliia.GOST_779),
    "scholarly": ("scholarly", iuliia.SCIENTIFIC),
    "ala_lc": ("ALA-LC", iuliia.ALA_LC),
    "icao": ("ICAO passport", iuliia.ICAO_DOC_9303),
    "wikipedia": ("English (Wikipedia)", iuliia.WIKIPEDIA),
    "passport_ussr": ("Soviet passport", iuliia.MVD_310),
    "passport_fr": ("French passport", iuliia.MVD_310_FR),
}

_VOWELS = set("аеёиоуыэюяaeiouy")
_SOFT = {"е", "ё", "ю", "я"}


class _Table:
    """A convention: letters, soft vowels at the start of a word or after a vowel, endings."""

    def __init__(
        self,
        letters: dict[str, str],
        initial: dict[str, str],
        endings: tuple[tuple[str, tuple[str, ...]], ...] = (),
        after_sibilant: dict[str, str] | None = None,
        soft_consonant: dict[str, str] | None = None,
    ) -> None:
        self.letters = letters
        self.initial = initial  # е ё ю я where they sound with j: word start, after vowel, ь ъ
        self.endings = endings
        self.after_sibilant = after_sibilant or {}
        self.soft_consonant = soft_consonant or {}

    def spell(self, word: str) -> list[str]:
        """The spellings of a lower-case Cyrillic word, the usual one first."""
        stems = [(word, "")]
        for ending, replacements in self.endings:
            if word.endswith(ending) and len(word) > len(ending) + 1:
                stems = [(word[: -len(ending)], r) for r in replacements]
                break
        return [self._letters(stem) + tail for stem, tail in stems]

    def _letters(self, word: str) -> str:
        out = []
        previous = ""
        for ch in word:
            if ch in _SOFT and (not previous or previous in _VOWELS or previous in "ьъ"):
                out.append(self.initial.get(ch, self.letters.get(ch, ch)))
            elif ch in self.after_sibilant and previous and previous in "жчшщц":
                out.append(self.after_sibilant[ch])
            elif previous + ch in self.soft_consonant:
                out[-1] = self.soft_consonant[previous + ch]
            else:
                out.append(self.letters.get(ch, ch))
            previous = ch
        return "".join(out)


_GERMAN = _Table(
    letters={
        "а": "a", "б": "b", "в": "w", "г": "g", "д": "d", "е": "e", "ё": "jo", "ж": "sch",
        "з": "s", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
        "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "ch", "ц": "z",
        "ч": "tsch", "ш": "sch", "щ": "schtsch", "ъ": "", "ы": "y", "ь": "", "э": "e",
        "ю": "ju", "я": "ja",
    },
    initial={"е": "je", "ё": "jo", "ю": "ju", "я": "ja"},
    endings=(("ский", ("ski", "skij")), ("цкий", ("zki", "zkij")), ("ий", ("i", "ij")),
             ("ый", ("y", "yj")), ("ой", ("oi", "oj"))),
    after_sibilant={"ё": "o"},
)  # fmt: skip

_FRENCH = _Table(
    letters={
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "io", "ж": "j",
        "з": "z", "и": "i", "й": "ï", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
        "п": "p", "р": "r", "с": "s", "т": "t", "у": "ou", "ф": "f", "х": "kh", "ц": "ts",
        "ч": "tch", "ш": "ch", "щ": "chtch", "ъ": "", "ы": "y", "ь": "", "э": "e",
        "ю": "iou", "я": "ia",
    },
    initial={"е": "ie", "ё": "io", "ю": "iou", "я": "ia"},
    endings=(("ский", ("ski", "skii")), ("цкий", ("tski", "tskii")), ("ов", ("ov", "off")),
             ("ев", ("ev", "eff", "iev")), ("ий", ("i", "ii")), ("ый", ("y", "yi")),
             ("ин", ("ine", "in"))),
    after_sibilant={"ё": "o"},
)  # fmt: skip

_POLISH = _Table(
    letters={
        "а": "a", "б": "b", "в": "w", "г": "g", "д": "d", "е": "e", "ё": "io", "ж": "ż",
        "з": "z", "и": "i", "й": "j", "к": "k", "л": "ł", "м": "m", "н": "n", "о": "o",
        "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "ch", "ц": "c",
        "ч": "cz", "ш": "sz", "щ": "szcz", "ъ": "", "ы": "y", "ь": "", "э": "e",
        "ю": "iu", "я": "ia",
    },
    initial={"е": "je", "ё": "jo", "ю": "ju", "я": "ja"},
    endings=(("ский", ("ski",)), ("цкий", ("cki",)), ("ий", ("ij", "i")), ("ый", ("y",))),
    after_sibilant={"ё": "o", "и": "y", "е": "e"},
    soft_consonant={"ле": "le", "лё": "lo", "лю": "lu", "ля": "la", "ли": "li", "ль": "l",
                    "нь": "ń", "сь": "ś", "ць": "ć", "зь": "ź"},
)  # fmt: skip

OWN_SCHEMES: dict[str, tuple[str, _Table]] = {
    "german": ("German (Duden)", _GERMAN),
    "french": ("French", _FRENCH),
    "polish": ("Polish", _POLISH),
}

LABELS: dict[str, str] = {
    "cyrillic": "Cyrillic",
    "equivalent": "a foreign form of the name",
    **{k: v[0] for k, v in LIBRARY_SCHEMES.items()},
    **{k: v[0] for k, v in OWN_SCHEMES.items()},
}


def spellings(word: str) -> dict[str, list[str]]:
    """Every scheme's Latin spellings of a lower-case Cyrillic word, as printed by the scheme."""
    out: dict[str, list[str]] = {}
    for scheme, (_label, schema) in LIBRARY_SCHEMES.items():
        out[scheme] = [schema.translate(word)]  # type: ignore[attr-defined]
    for scheme, (_label, table) in OWN_SCHEMES.items():
        out[scheme] = table.spell(word)
    return out


@lru_cache(maxsize=200_000)
def latin_keys(word: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The folded Latin keys of a lower-case Cyrillic word, each with the schemes that give it:
    `чернышев` → (`chernyshev`, (bgn_pcgn, …)), (`cernysev`, (iso9, scholarly)), …"""
    keys: dict[str, list[str]] = {}
    for scheme, forms in spellings(word).items():
        for form in forms:
            key = fold_latin(form)
            if key and scheme not in keys.setdefault(key, []):
                keys[key].append(scheme)
    return tuple((key, tuple(schemes)) for key, schemes in keys.items())


def scheme_labels(schemes: Iterable[str]) -> list[str]:
    """The readable names of schemes, for a reason."""
    return [LABELS.get(s, s) for s in schemes]
