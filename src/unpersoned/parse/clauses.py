"""Biographical prose cut at its labels (`Арестован`, `Приговор:`, `Реабилитирован` …).

The three real formats share one vocabulary: the Moscow list (`род. …, Адрес: … Рассстрелян
3.02.1938. Место захоронения: Бутово.`), the Books of Memory (one labelled line a fact) and the
notes of the Stalin lists (labelled sentences). We find every label that opens a clause and
hand the text up to the next label to the reader of that field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from ..dates import find_dates, first_date
from ..model import Statement
from . import segments
from .head import head_statements, shifted

LABELS: list[tuple[str, str]] = [
    ("birth", r"(?:[Рр]од\.|Родил(?:ся|ась)|р\.(?=\s*\d))"),
    ("lifespan", r"\((?=\s*[\d.]{4,10}\s*[–-]\s*[\d.]{4,10}\s*\))"),
    (
        "residence",
        r"(?:(?:Проживал[а]?|Прож\.|Адрес|Место жительства)\s*:|(?:Проживал[а]?|Прож\.)(?=\s))",
    ),
    ("arrest", r"(?:[Аа]рестован[а]?|Арест\.)(?![а-яё])"),
    ("sentence", r"(?:[Пп]риговорен[а]?|Осужден[а]?)(?![а-яё])\s*:?"),
    ("verdict", r"Приговор\s*:"),
    ("charge", r"(?:[Оо]бв\.|[Оо]бвинение|[Оо]бвинялся|[Оо]бвинялась)\s*:?"),
    ("execution", r"Рас+трелян[а]?(?![а-яё])"),
    ("death", r"(?:Умер(?:ла)?|Погиб(?:ла)?)(?![а-яё])"),
    ("burial", r"Место захоронения\s*[:-]?"),
    ("rehabilitation", r"(?:Реабилитирован[а]?(?![а-яё])|Реабил\.|Реаб\.)"),
    ("variants", r"\(\s*варианты\s+(?:фамилии|имени|отчества)\s*:"),
]
# A cheap first letter test keeps the engine from trying every label at every position:
# capitals and "(" anywhere, the lower-case initials of labels only at the start of a word.
_LABEL_RE = re.compile(
    r"(?=[РПАОУМ(]|(?:(?<=[\s,;.:)\"])|(?<![\s\S]))[рапо])(?:"
    + "|".join(f"(?P<{name}>{pattern})" for name, pattern in LABELS)
    + ")"
)
_LEADING_V = re.compile(r"^(?:в|во)(?:\s+|$)")
_TRAILING_V = re.compile(r"(?:^|\s+)(?:в|во)$")
_OPENS_CLAUSE = frozenset("\n.;,:)")
# Capitalised labels open a clause even after a plain space ("…расстрел Расстрелян 2 марта").
_OPENS_ANYWHERE = frozenset(("execution", "rehabilitation", "burial"))
_SENTENCE_BODY = re.compile(r"^(?:пост\.|постановлением)\s*")
_TO_VERDICT = re.compile(r"(?:^|\s)к\s+(?=\S)")
_ONE_ARTICLE = r"\d+(?:\s?[-.]\s?\d+)*(?:[а-я]|\"[а-я]\"|\s*\([а-я]\)|\s*п\.\s*[а-я\d]+)?"
_ARTICLE = re.compile(
    r"(?:(?:ст\.|статье|статьям|ст\s)\s*|^)"
    rf"(?P<article>{_ONE_ARTICLE}(?:\s*,\s*(?!ст\.){_ONE_ARTICLE})*)"
)
_NEGATIVE = re.compile(r"сведений\s+о\s+реабилитации\s+нет|не\s+реабилитирован|отказано", re.I)
_LAW = re.compile(r"по\s+Закону\s+(?:\S+\s+){0,2}?от\s+", re.I)
_DASH = re.compile(r"\s[-–—]\s")


def clauses(raw: str, start: int, end: int) -> list[tuple[str | None, int, int, int]]:
    """(label, label_start, content_start, content_end) for each clause of raw[start:end].

    Text before the first label comes as a clause with label None.
    """
    out: list[tuple[str | None, int, int, int]] = []
    found = []
    for m in _LABEL_RE.finditer(raw, start, end):
        # a label opens a clause: only white space back to the start or to , ; . : ) or newline
        i = m.start() - 1
        while i >= start and raw[i] in " \t":
            i -= 1
        if (
            i < start
            or raw[i] in _OPENS_CLAUSE
            or (m.lastgroup in _OPENS_ANYWHERE and i < m.start() - 1 and raw[m.start()].isupper())
        ):
            found.append((m.lastgroup, m.start(), m.end()))
    first = found[0][1] if found else end
    if raw[start:first].strip(" \t\r\n,.;"):
        out.append((None, start, start, first))
    for i, (label, a, b) in enumerate(found):
        stop = found[i + 1][1] if i + 1 < len(found) else end
        out.append((label, a, b, stop))
    return out


def _trim(raw: str, a: int, b: int) -> tuple[int, int]:
    return segments.strip_span(raw, a, b)


def _date_and_rest(raw: str, a: int, b: int) -> tuple[str | None, tuple[int, int] | None, str]:
    """The first date in raw[a:b], its span, and the text outside it (organ, place, body)."""
    found = first_date(raw, a, b)
    if found is None:
        return None, None, segments.trimmed(raw[a:b])
    rest = (raw[a : found.start] + " " + raw[found.end : b]).strip()
    rest = segments.trimmed(_LEADING_V.sub("", segments.trimmed(rest)))
    rest = segments.trimmed(_TRAILING_V.sub("", rest))
    return found.edtf, (found.start, found.end), rest


def _birth(raw: str, label: int, a: int, b: int) -> list[Statement]:
    return head_statements(raw, a, b, with_birth=True)


def _residence(raw: str, label: int, a: int, b: int) -> list[Statement]:
    sentences = segments.sentences(raw, a, b)
    if not sentences:
        return []
    first = _trim(raw, *sentences[0])
    value = raw[first[0] : first[1]]
    out = [Statement("residence", value, place=value, span=first)]
    if raw.startswith("Адрес", label):
        return out  # the Moscow list: what follows the address is not work, leave it unread
    for s_a, s_b in sentences[1:]:
        s_a, s_b = _trim(raw, s_a, s_b)
        if s_a < s_b:
            out.extend(head_statements(raw, s_a, s_b, with_birth=False))
    return out


def _arrest(raw: str, label: int, a: int, b: int) -> list[Statement]:
    # the arrest is the first sentence; what follows (where held) stays unread
    sentence = segments.sentences(raw, a, b)
    if sentence:
        b = sentence[0][1]
    date, _span, organ = _date_and_rest(raw, a, b)
    a, b = _trim(raw, a, b)
    qualifiers = {"organ": organ} if organ else None
    return [Statement("arrest", raw[a:b], date=date, qualifiers=qualifiers, span=(label, b))]


def _sentence(raw: str, label: int, a: int, b: int) -> list[Statement]:
    """`Приговорен: BODY DATE` (the verdict follows under `Приговор:`), or, in the notes,
    `приговорен пост. BODY DATE к VERDICT`."""
    a, b = _trim(raw, a, b)
    if a >= b:
        return []
    verdict = ""
    stop = b
    to = _TO_VERDICT.search(raw, a, b)
    if to:
        verdict = segments.trimmed(raw[to.end() - 2 : b])
        stop = to.start()
    date, _span, body = _date_and_rest(raw, a, stop)
    body = _SENTENCE_BODY.sub("", body)
    qualifiers = {"body": body} if body else None
    return [Statement("sentence", verdict, date=date, qualifiers=qualifiers, span=(label, b))]


def _verdict(raw: str, label: int, a: int, b: int) -> list[Statement]:
    a, b = _trim(raw, a, b)
    if a >= b:
        return []
    text = raw[a:b]
    dash = _DASH.search(text)
    qualifiers: dict[str, str] = {}
    date = None
    verdict = text
    if dash and first_date(text, 0, dash.start()):
        # Stalin-list notes: "ВК ВС СССР, 07.03.1937 – ВМН"
        date, _span, body = _date_and_rest(text, 0, dash.start())
        if body:
            qualifiers["body"] = body
        verdict = text[dash.end() :]
    return [
        Statement(
            "verdict",
            segments.trimmed(verdict),
            date=date,
            qualifiers=qualifiers or None,
            span=(label, b),
        )
    ]


def _charge(raw: str, label: int, a: int, b: int) -> list[Statement]:
    a, b = _trim(raw, a, b)
    if a >= b:
        return []
    text = raw[a:b]
    articles = [m.group("article").strip() for m in _ARTICLE.finditer(text)]
    qualifiers = {"article": "; ".join(articles)} if articles else None
    return [Statement("charge", text, qualifiers=qualifiers, span=(label, b))]


def _fate(predicate: str) -> Callable[[str, int, int, int], list[Statement]]:
    def read(raw: str, label: int, a: int, b: int) -> list[Statement]:
        # "Расстрелян 08.03.1937, г.Москва." — the date, then where, up to the sentence end
        sentence = segments.sentences(raw, a, b)
        s_b = sentence[0][1] if sentence else b
        date, _span, place = _date_and_rest(raw, a, s_b)
        a2, b2 = _trim(raw, a, s_b)
        # what follows in other sentences (earlier sentences, exile) stays unread
        return [Statement(predicate, raw[a2:b2], date=date, place=place or None, span=(label, b2))]

    return read


def _burial(raw: str, label: int, a: int, b: int) -> list[Statement]:
    a, b = _trim(raw, a, b)
    text = re.sub(r"^(?:[-–—]?\s*место захоронения\s*[-–—:]\s*)", "", raw[a:b], flags=re.I)
    if not text:
        return []
    place = segments.trimmed(text)
    return [Statement("burial", place, place=place, span=(label, b))]


def _rehabilitation(raw: str, label: int, a: int, b: int) -> list[Statement]:
    a, b = _trim(raw, a, b)
    text = raw[a:b]
    law = _LAW.search(text)
    qualifiers: dict[str, str] = {}
    date = None
    if _NEGATIVE.search(text):
        return [Statement("rehabilitation", text, qualifiers={"negative": True}, span=(label, b))]
    if law:
        # "12 февраля 1997 г. по Закону РСФСР от 18 октября 1991г.": the law's own date,
        # right after "от", is not the date of the rehabilitation
        qualifiers["basis"] = "law"
        law_date = a + law.end()
        dates = [d for d in find_dates(raw, a, b) if d.start != law_date]
        date = dates[0].edtf if dates else None
    else:
        date, _span, body = _date_and_rest(raw, a, b)
        if body:
            qualifiers["body"] = body
    return [
        Statement("rehabilitation", text, date=date, qualifiers=qualifiers or None, span=(label, b))
    ]


def _variants(raw: str, label: int, a: int, b: int) -> list[Statement]:
    close = raw.find(")", a, b)
    stop = close if close >= 0 else b
    out = []
    cursor = a
    kind = (
        "given name variant"
        if "имени" in raw[label:a]
        else ("patronymic variant" if "отчества" in raw[label:a] else "surname variant")
    )
    for variant in re.split(r"[,;]\s*", raw[a:stop]):
        v = variant.strip()
        if v:
            v_start = raw.find(v, cursor, stop)
            cursor = v_start + len(v)
            out.append(
                Statement(
                    "alias",
                    v,
                    qualifiers={"kind": kind},
                    span=(v_start, v_start + len(v)),
                )
            )
    return out


def _lifespan(raw: str, label: int, a: int, b: int) -> list[Statement]:
    """`(18.08.1910–2000)` at the head of a note: the years of birth and death."""
    close = raw.find(")", a, b)
    dates = list(find_dates(raw, a, close)) if close > 0 else []
    out = []
    for predicate, found in zip(("birth", "death"), dates, strict=False):
        out.append(
            Statement(
                predicate,
                raw[found.start : found.end],
                date=found.edtf,
                span=(found.start, found.end),
            )
        )
    if close > 0 and close + 1 < b:
        out.extend(_unlabelled(raw, close + 1, close + 1, b))
    return out


_ALIAS_LINE = re.compile(r"\(\s*([А-ЯЁ][А-ЯЁа-яё -]{1,60}?)\s*\)\s*$")


def _unlabelled(raw: str, label: int, a: int, b: int) -> list[Statement]:
    a, b = _trim(raw, a, b)
    if a >= b:
        return []
    alias = _ALIAS_LINE.fullmatch(raw, a, b) if raw[a] == "(" else None
    if alias:  # a name left in brackets on a line of its own: a variant of the name
        return [
            Statement(
                "alias",
                alias.group(1),
                qualifiers={"kind": "variant"},
                span=(alias.start(1), alias.end(1)),
            )
        ]
    return head_statements(raw, a, b, with_birth=False)


Reader = Callable[[str, int, int, int], list[Statement]]
READERS: dict[str | None, Reader] = {
    None: _unlabelled,
    "birth": _birth,
    "lifespan": _lifespan,
    "residence": _residence,
    "arrest": _arrest,
    "sentence": _sentence,
    "verdict": _verdict,
    "charge": _charge,
    "execution": _fate("execution"),
    "death": _fate("death"),
    "burial": _burial,
    "rehabilitation": _rehabilitation,
    "variants": _variants,
}


class _Cached:
    """A clause reader that reads each distinct clause text once (dates, verdicts, burial
    places repeat across a list). The text from the label on decides the result."""

    def __init__(self, read: Reader) -> None:
        self.read = read
        self.relative = lru_cache(maxsize=20_000)(self._relative)

    def _relative(self, text: str, content: int) -> list[Statement]:
        return self.read(text, 0, content, len(text))

    def __call__(self, raw: str, label: int, a: int, b: int) -> list[Statement]:
        return shifted(self.relative(raw[label:b], a - label), label)


# Opening clauses and addresses are nearly all distinct: caching them would only cost memory.
for _label in READERS:
    if _label not in (None, "birth", "residence"):
        READERS[_label] = _Cached(READERS[_label])


def prose_statements(
    raw: str, start: int, end: int
) -> tuple[list[Statement], list[tuple[int, int]]]:
    """Statements of the biographical prose raw[start:end], and the label spans it read."""
    out: list[Statement] = []
    labels: list[tuple[int, int]] = []
    for label, label_start, a, b in clauses(raw, start, end):
        if label is not None:
            labels.append((label_start, a))
        out.extend(READERS[label](raw, label_start, a, b))
    return out, labels
