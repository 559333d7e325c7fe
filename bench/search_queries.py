"""The search benchmark's query set: real names of the lists, typed the ways people type them.

    python bench/search_queries.py ARCHIVE.sqlite3 [--per-kind 150] [--seed 1] [--show 3]

Every query is made from one real record's name statements (surname, given_name, patronymic;
records of the Moscow and Stalin lists) by one of the KINDS below, deterministically (a
random.Random per kind, seeded with the seed and the kind's name). The romanisations use
iuliia's standard tables; the German, French and Polish spellings, the typos, the gender
flips and the church/everyday given names come from the small tables here, written for the
benchmark and independent of `unpersoned.names`, so that the search is not tested against
its own rules.

Correctness rule: a hit is correct when the returned record's folded full name (surname,
given name, patronymic; lower case, ё → е, letters only — `full_name_key`) equals that of
the record the query was made from. Two persons of the same name cannot be told apart by a
name search, so any of them counts.
"""

from __future__ import annotations

import argparse
import random
import re
import sqlite3
import unicodedata
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

SOURCES = ("mos-memo-moscow", "stalin-lists")
NAME_PREDICATES = ("surname", "given_name", "patronymic", "name", "sex", "birth")
_PLAIN = re.compile(r"^[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)?$")
_YEAR = re.compile(r"(?<!\d)(1[6-9]\d\d|20[0-2]\d)(?!\d)")
_NOT_LETTER = re.compile(r"[^a-zа-я]")


@dataclass(frozen=True)
class Person:
    """One record's name as its statements give it."""

    record_id: int
    surname: str
    given: str
    patronymic: str
    sex: str
    born: int | None
    printed: str

    @property
    def key(self) -> str:
        return full_name_key(self.surname, self.given, self.patronymic)


@dataclass(frozen=True)
class Query:
    """A query as typed, how it was made, and the record (and its name key) it should find."""

    text: str
    kind: str
    record_id: int
    expected: str


def full_name_key(surname: str, given: str, patronymic: str) -> str:
    """The folded full name a hit is judged by: `Чернышёв Илья` → `чернышев|илья|`."""
    return "|".join(
        _NOT_LETTER.sub("", (w or "").lower().replace("ё", "е"))
        for w in (surname, given, patronymic)
    )


def title(word: str) -> str:
    """`ГОЛОВАНОВ` → `Голованов`, `бонч-бруевич` → `Бонч-Бруевич`."""
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))


# -- reading the archive ------------------------------------------------------------------------


def load_people(path: Path | str) -> list[Person]:
    """Every record of the Moscow and Stalin lists with a surname, from its name statements."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    marks = ",".join("?" * len(NAME_PREDICATES))
    rows = conn.execute(
        "SELECT st.record_id, st.predicate, st.value, st.date FROM statement st "
        "JOIN record r ON r.id = st.record_id JOIN source s ON s.id = r.source_id "
        f"WHERE s.key IN (?, ?) AND st.predicate IN ({marks}) ORDER BY st.record_id, st.ordinal",
        [*SOURCES, *NAME_PREDICATES],
    ).fetchall()
    conn.close()
    people: dict[int, dict[str, str | int | None]] = {}
    for record_id, predicate, value, date in rows:
        fields = people.setdefault(record_id, {})
        if predicate == "birth":
            m = _YEAR.search(date or value or "")
            fields.setdefault("born", int(m.group(1)) if m else None)
        else:
            fields.setdefault(predicate, value)
    return [
        Person(
            rid,
            str(f.get("surname") or ""),
            str(f.get("given_name") or ""),
            str(f.get("patronymic") or ""),
            str(f.get("sex") or ""),
            f.get("born"),
            str(f.get("name") or ""),
        )  # type: ignore[arg-type]
        for rid, f in sorted(people.items())
        if f.get("surname")
    ]


def plain(person: Person, patronymic: bool = True) -> bool:
    """A name the variants can be made from: plain Cyrillic words, a given name (and a
    patronymic when asked)."""
    parts = [person.surname, person.given] + ([person.patronymic] if patronymic else [])
    return all(p and _PLAIN.match(p) for p in parts)


# -- spelling tables (the benchmark's own) --------------------------------------------------------

_VOWELS = set("аеёиоуыэюя")
_HARD_SIGNS = set("ьъ")


def _soft_position(word: str, i: int) -> bool:
    """Whether е ё ю я at i sound with a j: at the start, after a vowel or a sign."""
    return i == 0 or word[i - 1] in _VOWELS or word[i - 1] in _HARD_SIGNS


GERMAN = {
    "а": "a",
    "б": "b",
    "в": "w",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "jo",
    "ж": "sh",
    "з": "s",
    "и": "i",
    "й": "j",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "ch",
    "ц": "z",
    "ч": "tsch",
    "ш": "sch",
    "щ": "schtsch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "ju",
    "я": "ja",
}
FRENCH = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "io",
    "ж": "j",
    "з": "z",
    "и": "i",
    "й": "ï",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "ou",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "tch",
    "ш": "ch",
    "щ": "chtch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "iou",
    "я": "ia",
}
POLISH = {
    "а": "a",
    "б": "b",
    "в": "w",
    "г": "g",
    "д": "d",
    "е": "ie",
    "ё": "io",
    "ж": "ż",
    "з": "z",
    "и": "i",
    "й": "j",
    "к": "k",
    "л": "ł",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "ch",
    "ц": "c",
    "ч": "cz",
    "ш": "sz",
    "щ": "szcz",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "iu",
    "я": "ia",
}


def german(word: str, rng: random.Random, surname: bool = True) -> str:
    """Duden-like: Tschernyschew, Wassili, Sergejew, Dostojewski."""
    low = word.lower()
    tail = ""
    if low.endswith(("ий", "ый")) and len(low) > 3:
        low, tail = low[:-2], "i"
    out = []
    for i, ch in enumerate(low):
        if ch == "е" and _soft_position(low, i):
            out.append("je")
        elif ch == "ё" and i and low[i - 1] in "жшчщ":
            out.append("o")
        elif ch == "с" and 0 < i < len(low) - 1 and low[i - 1] in _VOWELS and low[i + 1] in _VOWELS:
            out.append("ss")
        else:
            out.append(GERMAN.get(ch, ch))
    return title("".join(out) + tail)


def french(word: str, rng: random.Random, surname: bool = True) -> str:
    """French usage: Tchernychev(off), Vassili, Ossip, Iouri, Lénine as Lenine."""
    low = word.lower()
    tail = ""
    if low.endswith(("ий", "ый")) and len(low) > 3:
        low, tail = low[:-2], "i" if low.endswith("ий") else "y"
    elif surname and low.endswith(("ов", "ев")) and rng.random() < 0.5:
        low, tail = low[:-2], "off" if low.endswith("ов") else "eff"
    elif surname and low.endswith("ин") and len(low) > 3:
        low, tail = low[:-2], "ine"
    out = []
    for i, ch in enumerate(low):
        nxt = low[i + 1] if i + 1 < len(low) else ""
        if ch == "е" and _soft_position(low, i):
            out.append("ie")
        elif ch == "й" and i and low[i - 1] in _VOWELS:
            out.append("ï" if rng.random() < 0.5 else "i")
        elif ch == "г" and nxt in ("е", "и", "ы"):
            out.append("gu")
        elif ch == "с" and 0 < i < len(low) - 1 and low[i - 1] in _VOWELS and nxt in _VOWELS:
            out.append("ss")
        else:
            out.append(FRENCH.get(ch, ch))
    return title("".join(out) + tail)


def polish(word: str, rng: random.Random, surname: bool = True) -> str:
    """Polish usage: Czernyszew, Dzierżynski, Siergiej, Jewsiej, Biełowa."""
    low = word.lower()
    tail = ""
    if low.endswith("ский") and len(low) > 5:
        low, tail = low[:-4], "ski"
    elif low.endswith("ий") and len(low) > 3:
        low, tail = low[:-2], "ij"
    elif low.endswith("ый") and len(low) > 3:
        low, tail = low[:-2], "y"
    out = []
    for i, ch in enumerate(low):
        prev = low[i - 1] if i else ""
        nxt = low[i + 1] if i + 1 < len(low) else ""
        if ch in "еёюя" and (_soft_position(low, i)):
            out.append({"е": "je", "ё": "jo", "ю": "ju", "я": "ja"}[ch])
        elif ch in "еёюя" and prev and prev in "жшчщцл":
            out.append({"е": "e", "ё": "o", "ю": "u", "я": "a"}[ch])
        elif ch == "и" and prev and prev in "жшц":
            out.append("y")
        elif ch == "л" and nxt and nxt in "еёиюяь":
            out.append("l")
        else:
            out.append(POLISH.get(ch, ch))
    return title("".join(out) + tail)


def _iuliia_scheme(name: str) -> Callable[[str, random.Random, bool], str]:
    import iuliia

    schema = getattr(iuliia, name.upper())

    def spell(word: str, rng: random.Random, surname: bool = True) -> str:
        out = schema.translate(word)
        if re.search(r"[А-Яа-яЁё]", out):  # some tables leave ё as it is
            out = schema.translate(word.replace("ё", "е").replace("Ё", "Е"))
        # iuliia writes ž as z + a combining caron: composed, as a keyboard types it (the
        # tie-bar of ALA-LC has no composed form and stays)
        return unicodedata.normalize("NFC", out)

    return spell


IUILIIA_SCHEMES = (
    "bgn_pcgn",
    "gost_779",
    "scientific",
    "ala_lc",
    "icao_doc_9303",
    "wikipedia",
    "mvd_310",
)

# church (or official) ↔ everyday forms of given names: either may be printed, either typed
EQUIVALENT_GROUPS = [
    "Иосиф Осип",
    "Георгий Егор Юрий",
    "Иван Иоанн",
    "Федор Феодор",
    "Семен Симеон",
    "Яков Иаков",
    "Алексей Алексий",
    "Сергей Сергий",
    "Дмитрий Димитрий",
    "Даниил Данила",
    "Гавриил Гаврила",
    "Илья Илия",
    "Кузьма Косма",
    "Захар Захарий",
    "Макар Макарий",
    "Матвей Матфей",
    "Денис Дионисий",
    "Сидор Исидор",
    "Остап Евстафий",
    "Аким Яким Иоаким",
    "Емельян Емилиан",
    "Фрол Флор",
    "Ефим Евфимий",
    "Тимофей Тимофий",
    "Игнат Игнатий",
    "Мартын Мартин",
    "Назар Назарий",
    "Анисим Онисим",
    "Михаил Михайло",
    "Марк Марко",
    "Мария Марья",
    "Евдокия Авдотья",
    "Ксения Аксинья",
    "Аграфена Агриппина",
    "Прасковья Параскева",
    "Татьяна Татиана",
    "Наталья Наталия",
    "Дарья Дария",
    "Софья София",
    "Анастасия Настасья",
    "Елена Алена",
    "Пелагея Пелагия",
    "Екатерина Катерина",
    "Ефросинья Евфросиния",
    "Акулина Акилина",
    "Федосья Феодосия",
    "Матрена Матрона",
    "Ульяна Иулиания",
    "Юлия Иулия",
    "Аксинья Ксения",
]


def equivalents() -> dict[str, list[str]]:
    """Given name (folded) → its other forms, as printed."""
    out: dict[str, list[str]] = {}
    for group in EQUIVALENT_GROUPS:
        names = group.split()
        for name in names:
            out.setdefault(name.lower().replace("ё", "е"), []).extend(n for n in names if n != name)
    return out


_MEN_TO_WOMEN = (
    ("ский", "ская"),
    ("цкий", "цкая"),
    ("ов", "ова"),
    ("ев", "ева"),
    ("ёв", "ёва"),
    ("ин", "ина"),
    ("ын", "ына"),
)
_WOMEN_TO_MEN = tuple((w, m) for m, w in _MEN_TO_WOMEN)


def gender_flip(surname: str, sex: str) -> str | None:
    """The other gender's form of a surname (Колесников ↔ Колесникова), where it has one."""
    table = _MEN_TO_WOMEN if sex == "M" else _WOMEN_TO_MEN if sex == "F" else ()
    low = surname.lower()
    for old, new in table:
        if low.endswith(old) and len(low) > len(old) + 2:
            return title(low[: -len(old)] + new)
    return None


_ALPHABET = "абвгдежзийклмнопрстуфхцчшщыьэюя"


def typos(word: str, count: int, rng: random.Random) -> str:
    """`count` distinct edits (deletion, substitution, adjacent transposition) of a word."""
    letters = list(word.lower())
    used: set[int] = set()
    for _ in range(count):
        for _attempt in range(20):
            i = rng.randrange(len(letters))
            if i in used or i - 1 in used or i + 1 in used:
                continue
            op = rng.choice(("delete", "substitute", "transpose"))
            if op == "transpose" and (i + 1 >= len(letters) or letters[i] == letters[i + 1]):
                continue
            if op == "delete":
                del letters[i]
            elif op == "substitute":
                letters[i] = rng.choice([c for c in _ALPHABET if c != letters[i]])
            else:
                letters[i], letters[i + 1] = letters[i + 1], letters[i]
            used.add(i)
            break
    return title("".join(letters))


# -- the kinds of query ---------------------------------------------------------------------------

Maker = Callable[[Person, random.Random], str | None]


def _spelled(spell: Callable[[str, random.Random, bool], str]) -> Maker:
    def make(p: Person, rng: random.Random) -> str | None:
        if not plain(p):
            return None
        words = (p.surname, p.given, p.patronymic)
        return " ".join(spell(w, rng, i == 0) for i, w in enumerate(words))

    return make


def _cyrillic(p: Person, rng: random.Random) -> str | None:
    return p.printed or None


def _typo(count: int) -> Maker:
    def make(p: Person, rng: random.Random) -> str | None:
        if not plain(p) or len(p.surname) < 5 or "-" in p.surname:
            return None
        return f"{typos(p.surname, count, rng)} {title(p.given)} {title(p.patronymic)}"

    return make


def _gender(p: Person, rng: random.Random) -> str | None:
    flipped = gender_flip(p.surname, p.sex) if plain(p) else None
    return f"{flipped} {title(p.given)} {title(p.patronymic)}" if flipped else None


def _church(p: Person, rng: random.Random) -> str | None:
    others = equivalents().get(p.given.lower().replace("ё", "е")) if plain(p) else None
    if not others:
        return None
    return f"{title(p.surname)} {rng.choice(others)} {title(p.patronymic)}"


def _no_patronymic(p: Person, rng: random.Random) -> str | None:
    return f"{title(p.surname)} {title(p.given)}" if plain(p, patronymic=False) else None


def _initials(p: Person, rng: random.Random) -> str | None:
    if not plain(p):
        return None
    return f"{title(p.surname)} {p.given[0].upper()}. {p.patronymic[0].upper()}."


def _given_first(p: Person, rng: random.Random) -> str | None:
    if not plain(p):
        return None
    return f"{title(p.given)} {title(p.patronymic)} {title(p.surname)}"


def kinds() -> dict[str, Maker]:
    """Every kind of query, by name; `cyrillic` is the printed name itself."""
    out: dict[str, Maker] = {"cyrillic": _cyrillic}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        for name in IUILIIA_SCHEMES:
            out[name] = _spelled(_iuliia_scheme(name))
    out.update(
        german=_spelled(german),
        french=_spelled(french),
        polish=_spelled(polish),
        typo1=_typo(1),
        typo2=_typo(2),
        gender_flip=_gender,
        church_everyday=_church,
        no_patronymic=_no_patronymic,
        initials=_initials,
        given_first=_given_first,
    )
    return out


def make_queries(people: list[Person], per_kind: int = 150, seed: int = 1) -> list[Query]:
    """`per_kind` queries of every kind, each from a different record, deterministically."""
    out: list[Query] = []
    for kind, make in kinds().items():
        rng = random.Random(f"{seed}:{kind}")
        order = list(people)
        rng.shuffle(order)
        made = 0
        for person in order:
            if made >= per_kind:
                break
            text = make(person, rng)
            if text and text.strip():
                out.append(Query(text, kind, person.record_id, person.key))
                made += 1
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("archive", type=Path)
    parser.add_argument("--per-kind", type=int, default=150)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", type=int, default=3, help="examples printed per kind")
    args = parser.parse_args()
    queries = make_queries(load_people(args.archive), args.per_kind, args.seed)
    print(f"{len(queries):,} queries: {dict(Counter(q.kind for q in queries))}")
    shown: Counter[str] = Counter()
    for q in queries:
        if shown[q.kind] < args.show:
            shown[q.kind] += 1
            print(f"{q.kind:>16}  {q.text}  →  {asdict(q)['expected']}")


if __name__ == "__main__":
    main()
