"""Party items of the lists → membership spells and expulsions.

`член ВКП(б) с 1929 по 1935 (исключен за ...)`, `кандидат в члены ВКП(б)`,
`исключен из ВКП(б) в 1935 г. (ранее исключался в 1927 и 1933 гг.)`, `бывший член Бунда`,
`бывший эсер`, `б/п`: each gives one or more statements with the party under a canonical name
(the printed form is kept as a qualifier), the spell as an EDTF interval, and how it ended.
"""

from __future__ import annotations

import re

from ..dates import edtf_date, month_number
from ..model import Statement

# Canonical party names; the first pattern that matches wins, so specific ones come first.
_PARTIES: list[tuple[str, re.Pattern[str]]] = [
    ("ПЛСР", re.compile(r"левых\s+эсеров|левый\s+эсер|левые\s+эсеры|ПЛСР", re.I)),
    ("ПСР", re.compile(r"эсер|социалистов[- ]революционеров|ПСР", re.I)),
    ("РСДРП(м)", re.compile(r"меньшевик|РСДРП\s*\(м\)|РСДРП\s*\(меньшевик", re.I)),
    ("Бунд", re.compile(r"Бунд", re.I)),
    ("сионисты-социалисты", re.compile(r"сионист\w*-социалист", re.I)),
    ("Поалей Цион", re.compile(r"Поал[еи]й?[- ]Цион", re.I)),
    ("анархисты", re.compile(r"анархист", re.I)),
    ("кадеты", re.compile(r"кадет|конституционно-демократ", re.I)),
    ("ППС", re.compile(r"ППС|польской социалистической", re.I)),
    ("ВЛКСМ", re.compile(r"ВЛКСМ|РКСМ|комсомол", re.I)),
    (
        "ВКП(б)",
        re.compile(
            r"[ВР]КП\s*\(\s*б\s*\)|КП\s*\(\s*б\s*\)\s*[УБ]|РСДРП\s*\(\s*б\s*\)|КПСС|большевик", re.I
        ),
    ),
    ("РСДРП", re.compile(r"РСДРП|социал-демократической\s+рабочей", re.I)),
]
_FOREIGN_CP = re.compile(
    r"(?:КП|компартии|коммунистической\s+партии)\s+(?P<country>[А-ЯЁ][а-яё]+(?:\s*\([^)]*\))?)"
    r"|(?P<abbr>КПГ|КПП|КПЗУ|КПЗБ|КПЧ|КПА|КПК|КПЮ|КПФ|КПИ)(?![А-ЯЁ])"
)
_ABBR_COUNTRY = {
    "КПГ": "Германии",
    "КПП": "Польши",
    "КПЗУ": "Западной Украины",
    "КПЗБ": "Западной Белоруссии",
    "КПЧ": "Чехословакии",
    "КПА": "Америки",
    "КПК": "Китая",
    "КПЮ": "Югославии",
    "КПФ": "Франции",
    "КПИ": "Италии",
}
# "член Румынской КП", "Венгерской компартии": the country as an adjective
_ADJECTIVE_CP = re.compile(r"(?P<adj>[А-ЯЁ][а-яё]+ской)\s+(?:КП|компартии|коммунистической партии)")
_COUNTRY_OF_ADJECTIVE = {
    "румынской": "Румынии",
    "польской": "Польши",
    "германской": "Германии",
    "немецкой": "Германии",
    "венгерской": "Венгрии",
    "болгарской": "Болгарии",
    "французской": "Франции",
    "итальянской": "Италии",
    "чехословацкой": "Чехословакии",
    "американской": "Америки",
    "английской": "Англии",
    "финской": "Финляндии",
    "финляндской": "Финляндии",
    "латвийской": "Латвии",
    "литовской": "Литвы",
    "эстонской": "Эстонии",
    "югославской": "Югославии",
    "греческой": "Греции",
    "австрийской": "Австрии",
    "китайской": "Китая",
    "японской": "Японии",
    "персидской": "Персии",
    "турецкой": "Турции",
    "палестинской": "Палестины",
}
_OTHER_PARTY = re.compile(r"(?:член|члена)\s+(?P<name>[^,()]*?парти[иея][^,()]*)", re.I)
# Bodies of a party, whose members we read as holders of a position, not as a spell.
_PARTY_BODY = re.compile(
    r"\b(?:ЦК|ЦКК|КПК|Политбюро|Оргбюро|бюро|обкома|райкома|горкома|крайкома|МК|ЦИК|"
    r"парткома|партколлегии|Исполкома|секретар)",
)

NON_PARTY = re.compile(r"^(?:б/п|беспартийн(?:ый|ая|ые))\b\.?")
_MEMBER = re.compile(r"(?<![а-яё])член\s")
# the dates that open a spell printed before its party: "с 1920 по 1925 член …"
_SPELL_PREFIX = re.compile(r"(?:(?:с|в|до)\s+\d{4}(?:\s*(?:по|-|–)\s*\d{4})?(?:\s*гг?\.)?\s+)$")
_LEFT = re.compile(r"(?:выбыл[аи]?|вышел|вышла|вышли)\s+из\s+", re.I)
_EXPELLED = re.compile(r"(?:исключ[а-яё]*|искл\.)(?:\s+из\s+(?P<from>[^,]*?))?(?=\s|$|,)", re.I)
_YEAR_RANGE = re.compile(r"(?<!\d)(1[89]\d\d)\s*[-–]\s*(1[89]\d\d)(?!\d)")
_YEARS_LIST = re.compile(r"(?<!\d)(1[89]\d\d)(?:\s*(?:,|и)\s*(1[89]\d\d))+(?!\d)")
_ANY_YEAR_OR_DATE = re.compile(
    r"(?:(?P<day>[0-3]?\d)\.(?P<mon>[01]?\d)\.|(?P<monw>январ|феврал|март|апрел|ма[яй]|июн|июл|"
    r"август|сентябр|октябр|ноябр|декабр)[а-яё]*\s+)?(?<!\d)(?P<year>1[89]\d\d)(?!\d)"
)
_REASON = re.compile(r"(?:\s|^)(?P<reason>(?:за|как|в связи с|ввиду)\s.+)$")
_PARTY_HINT = re.compile(
    r"б/п|беспартийн|ВКП|РКП|РСДРП|КПСС|Бунд|эсер|меньшевик|Поал|анархист|кадет|ППС|ВЛКСМ|"
    r"\bКП[А-ЯЁ]{0,3}\b|компарти|коммунистической парти|парти[ий]|исключ|искл\.|большевик|"
    r"выбыл|вышел|вышла",
)


def looks_like_party(item: str) -> bool:
    """True when an item of a record speaks of party membership rather than a position."""
    if NON_PARTY.match(item):
        return True
    if not _PARTY_HINT.search(item):
        return False
    if _PARTY_BODY.search(item.split("(")[0]):
        return False
    return bool(
        re.match(
            r"^(?:\(?\s*)(?:член|кандидат|бывш|исключ|искл\.|выбыл|вышел|вышла|эсер|левый эсер|"
            r"меньшевик|анархист|"
            r"кадет|в\s+\d{4}|с\s+\d{4}|до\s+\d{4}|\d{4}|Бунд|партии|с\s+\d)",
            item,
            re.I,
        )
    )


def _spells(text: str) -> list[str]:
    """`text` cut before each "член" after the first, with the dates printed before it."""
    cuts = [m.start() for m in _MEMBER.finditer(text)][1:]
    out = []
    cursor = 0
    for cut in cuts:
        prefix = _SPELL_PREFIX.search(text, cursor, cut)
        cut = prefix.start() if prefix else cut
        out.append(text[cursor:cut])
        cursor = cut
    out.append(text[cursor:])
    return [t for t in out if t.strip()]


def _party_of(text: str) -> tuple[str, str] | None:
    """(canonical, printed) party named in `text`, or None."""
    m = _ADJECTIVE_CP.search(text)
    if m and m.group("adj").lower() in _COUNTRY_OF_ADJECTIVE:
        return f"КП {_COUNTRY_OF_ADJECTIVE[m.group('adj').lower()]}", m.group(0)
    m = _FOREIGN_CP.search(text)
    if m:
        country = m.group("country") or _ABBR_COUNTRY[m.group("abbr")]
        return f"КП {country.split('(')[0].strip()}", m.group(0)
    for canonical, pattern in _PARTIES:
        m = pattern.search(text)
        if m:
            return canonical, m.group(0)
    m = _OTHER_PARTY.search(text)
    if m:
        return m.group("name").strip(), m.group("name").strip()
    return None


def _dates(text: str) -> list[str]:
    """The EDTF dates of `text` in order; impossible ones (31.02) are left out."""
    out = []
    for m in _ANY_YEAR_OR_DATE.finditer(text):
        year = int(m.group("year"))
        month = day = None
        if m.group("day"):
            month, day = int(m.group("mon")), int(m.group("day"))
        elif m.group("monw"):
            month = month_number(m.group("monw"))
        # an impossible day (31.02) is a misprint: keep what is certain, the year
        out.append(edtf_date(year, month, day) or edtf_date(year, month) or str(year))
    return out


def _spell(text: str) -> str | None:
    """The EDTF interval of a spell: `с 1917 по 1935`, `1917-1935`, `с 1917`, `до 1920`."""
    m = _YEAR_RANGE.search(text)
    if m:
        return f"{m.group(1)}/{m.group(2)}"
    dates = _dates(text)
    if not dates:
        return None
    starts = re.search(r"\bс\s+(?:\d|[а-яё]+\s+\d)", text)
    ends = re.search(r"\b(?:по|до)\s*\.?\s*(?:\d|[а-яё]+\s+\d)", text)
    if len(dates) >= 2:
        # never an interval that ends before it starts
        return f"{dates[0]}/{dates[1]}" if dates[0] <= dates[1] else f"{dates[0]}/.."
    if ends and not starts:
        return f"../{dates[0]}"
    if starts:
        return f"{dates[0]}/.."
    # "член ВКП(б) 1917" or "в 1917 член": the year of joining or of the one year known
    return dates[0] if re.search(r"\bв\s+\d", text) else f"{dates[0]}/.."


_INLINE_BRACKET = re.compile(r"\([^\s()\d]{1,12}\)")


def _split_brackets(text: str, offset: int) -> list[tuple[str, int, bool]]:
    """The item outside brackets and each bracketed part, as (text, offset, in_bracket)."""
    parts: list[tuple[str, int, bool]] = []
    depth = 0
    outer: list[str] = []
    start = 0
    skip_to = 0
    for i, ch in enumerate(text):
        if ch == "(" and depth == 0 and _INLINE_BRACKET.match(text, i):
            # "ВКП(б)", "РСДРП(меньшевик)", "ППС (левица)": part of the party's name
            close = text.index(")", i)
            outer.append(text[i : close + 1])
            skip_to = close + 1
            continue
        if i < skip_to:
            continue
        if ch == "(":
            if depth == 0:
                start = i + 1
            depth += 1
            outer.append(" ")
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                parts.append((text[start:i], offset + start, True))
            outer.append(" ")
        else:
            outer.append(" " if depth else ch)
    if depth:  # an unclosed bracket, as the lists sometimes have: read it to the end
        parts.append((text[start:], offset + start, True))
    return [("".join(outer), offset, False), *parts]


def party_statements(raw: str, start: int, end: int) -> list[Statement]:
    """Statements for one party item of a record, `raw[start:end]`."""
    item = raw[start:end]
    span = (start, end)
    if NON_PARTY.match(item):
        out = [Statement("party_membership", "б/п", qualifiers={"role": "non-party"}, span=span)]
        for text, _offset, inside in _split_brackets(item, start)[1:]:
            if inside:
                out.extend(_party_part(text, span, former_default=True))
        return out
    out = []
    main_party: str | None = None
    parts = _split_brackets(item, start)
    # "член ВКП(б) с 1926, с 1920 по 1925 член Румынской КП" printed without a comma: two spells
    outer = [(t, start, False) for t in _spells(parts[0][0])]
    for text, _offset, inside in [*outer, *parts[1:]]:
        part = _party_part(text, span, former_default=inside, main_party=main_party)
        if not inside:
            main_party = next(
                (s.value for s in part if s.predicate == "party_membership"), main_party
            )
        elif main_party and not part and _REASON.search(" " + text.strip()):
            # "(исключен за ...)" after a spell handled by _party_part; a bare reason:
            out.append(
                Statement(
                    "party_expulsion",
                    main_party,
                    qualifiers={"reason": text.strip()},
                    span=span,
                )
            )
        out.extend(part)
    final = [
        s
        for s in out
        if s.predicate == "party_expulsion" and not (s.qualifiers or {}).get("earlier")
    ]
    if final:
        members = [
            s for s in out if s.predicate == "party_membership" and s.value == final[0].value
        ]
        for s in members:
            if s.qualifiers is not None and not s.qualifiers.get("former"):
                s.qualifiers.setdefault("ended", "expelled")
        if not members:
            # "исключен из ВКП(б) в 1935 г.": a member until then
            role = (final[0].qualifiers or {}).get("role", "member")
            date = f"../{final[0].date}" if final[0].date else None
            out.insert(
                0,
                Statement(
                    "party_membership",
                    final[0].value,
                    date=date,
                    qualifiers={"role": role, "ended": "expelled"},
                    span=span,
                ),
            )
    return out


def _party_part(
    text: str,
    span: tuple[int, int],
    former_default: bool = False,
    main_party: str | None = None,
) -> list[Statement]:
    text = " ".join(text.split())
    if not text:
        return []
    left = _LEFT.search(text)
    if left:
        return _left(text, left, span, main_party)
    expelled = _EXPELLED.search(text)
    if expelled:
        return _expulsions(text, expelled, span, main_party)
    party = _party_of(text)
    if party is None:
        return []
    canonical, printed = party
    role = "candidate" if "кандидат" in text.lower() else "member"
    # "(бывший член Бунда)" is a former membership; "(в 1903-1906 член …)" dates itself
    former = "бывш" in text.lower() or (former_default and not re.search(r"\d{4}", text))
    qualifiers: dict[str, object] = {"role": role, "printed": printed}
    if former:
        qualifiers["former"] = True
    return [
        Statement(
            "party_membership", canonical, date=_spell(text), qualifiers=qualifiers, span=span
        )
    ]


def _left(
    text: str, m: re.Match[str], span: tuple[int, int], main_party: str | None
) -> list[Statement]:
    """`выбыл из ВКП(б) в 1921 г. по несогласию …`: a spell that ended by leaving."""
    after = text[m.end() :]
    party = _party_of(after)
    canonical = party[0] if party else (main_party or "ВКП(б)")
    dates = _dates(after)
    qualifiers: dict[str, object] = {"role": "member", "ended": "left"}
    reason = re.search(r"(?:^|\s)(?P<reason>(?:по|за|в связи с|ввиду)\s+[^\d].+)$", after)
    if reason:
        qualifiers["reason"] = reason.group("reason").strip(" .")
    return [
        Statement(
            "party_membership",
            canonical,
            date=f"../{dates[0]}" if dates else None,
            qualifiers=qualifiers,
            span=span,
        )
    ]


def _expulsions(
    text: str, m: re.Match[str], span: tuple[int, int], main_party: str | None
) -> list[Statement]:
    party = _party_of(m.group("from") or "") or _party_of(text)
    canonical = party[0] if party else (main_party or "ВКП(б)")
    after = text[m.end() :]
    earlier = bool(re.search(r"ранее|исключался|исключалась", text[: m.end()], re.I))
    reason_m = _REASON.search(after)
    reason = reason_m.group("reason").strip(" .") if reason_m else None
    dates_text = after[: reason_m.start()] if reason_m else after
    out = []
    years = _YEARS_LIST.search(dates_text)
    # "ранее исключался в 1927 и 1933 гг.": each year an expulsion
    dates: list[str | None] = (
        sorted(set(re.findall(r"(?<!\d)1[89]\d\d(?!\d)", years.group(0))))
        if years
        else list(_dates(dates_text)[:1])
    )
    qualifiers: dict[str, object] = {}
    if reason:
        qualifiers["reason"] = reason
    if earlier:
        qualifiers["earlier"] = True
    if "кандидат" in text.lower():
        qualifiers["role"] = "candidate"
    for date in dates or [None]:  # an expulsion with no date is still one
        out.append(
            Statement(
                "party_expulsion",
                canonical,
                date=date,
                qualifiers=dict(qualifiers) or None,
                span=span,
            )
        )
    return out
