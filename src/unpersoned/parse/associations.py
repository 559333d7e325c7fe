"""Memberships of the associations the seed text is about, read anywhere in a record.

Keys are stable identifiers the authority file will describe; the printed words and the
kind of tie (member, editor, worker, pensioner) are kept as qualifiers.
"""

from __future__ import annotations

import re

from ..model import Statement

_PATTERNS: list[tuple[str, str, re.Pattern[str]]] = [
    (
        "katorga-i-ssylka",
        "editor",
        re.compile(r"редактор\w*\s+журнала\s+[\"«]?Каторга и ссылка[\"»]?", re.I),
    ),
    (
        "katorga-i-ssylka",
        "worker",
        re.compile(r"(?:музе\w*|издательств\w*|журнал\w*)\s+[\"«]?Каторга и ссылка[\"»]?", re.I),
    ),
    (
        "society-of-former-political-prisoners",
        "member",
        re.compile(
            r"(?:бывш(?:ий|ая|\.)\s+)?политкаторжан(?:ин|ка)(?![а-яё])"
            r"|член\w*\s+Общества\s+(?:бывших\s+)?политкаторжан[^,;)]*",
            re.I,
        ),
    ),
    (
        "society-of-former-political-prisoners",
        "worker",
        re.compile(
            r"(?:Общество|Общества|артель|кооператив\w*|товариществ\w*|музе\w*)\s+"
            r"(?:[а-яё-]+\s+){0,2}(?:бывших\s+)?политкаторжан(?![а-яё])[^,;:]*",
            re.I,
        ),
    ),
    (
        "society-of-old-bolsheviks",
        "member",
        re.compile(r"Обществ\w*\s+старых\s+большевиков|старый\s+большевик", re.I),
    ),
    (
        "personal-pension",
        "pensioner",
        re.compile(r"персональн(?:ый|ая)\s+пенсионер(?:ка)?", re.I),
    ),
]


# Every pattern below contains one of these stems: test for them first, it is much cheaper.
_CUE = re.compile(r"олиткаторж|аторга и ссылка|енсионер|тар(?:ых|ый)\s+большевик", re.I)


def association_statements(raw: str, start: int = 0, end: int | None = None) -> list[Statement]:
    """One statement per association tie named in `raw[start:end]`."""
    out: list[Statement] = []
    if not _CUE.search(raw):
        return out
    taken: list[tuple[int, int]] = []
    stop = len(raw) if end is None else end
    for key, role, pattern in _PATTERNS:
        for m in pattern.finditer(raw, start, stop):
            if any(a <= m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            out.append(
                Statement(
                    "association",
                    key,
                    qualifiers={"role": role, "printed": " ".join(m.group(0).split())},
                    span=(m.start(), m.end()),
                )
            )
    return out
