"""Russian biographical prose → statements.

`parse_record(record)` reads one `SourceRecord` whatever its format: the reader's hints say
where the name is and what the file's structure already tells (list, column values); the rest
is prose cut at its labels (`clauses`), each clause read by its own small reader.
"""

from __future__ import annotations

import re

from ..model import ParsedRecord, SourceRecord, Statement
from .associations import association_statements
from .clauses import prose_statements
from .names import name_statements
from .sex import sex_statement

_NOISE = re.compile(r"^[\s.,;:()\-–—\"«»]*$")


def parse_record(record: SourceRecord) -> ParsedRecord:
    """The statements a record makes, with the parts of its text that no statement covers."""
    raw = record.raw
    hints = record.hints
    statements: list[Statement] = []
    read: list[tuple[int, int]] = []
    prose_start = 0
    name_span = hints.get("name_span")
    if name_span:
        statements.extend(name_statements(raw, *name_span))
        prose_start = name_span[1]
    statements.extend(hints.get("statements", ()))
    for a, b in hints.get("prose_spans", [(prose_start, len(raw))]):
        prose, labels = prose_statements(raw, a, b)
        statements.extend(prose)
        read.extend(labels)
    statements = _merge_sentences(statements)
    statements.extend(association_statements(raw))
    if not any(s.predicate == "sex" for s in statements):
        patronymic = next((s.value for s in statements if s.predicate == "patronymic"), None)
        sex = sex_statement(raw, patronymic, read)
        if sex is not None:
            statements.append(sex)
    for default in hints.get("defaults", ()):
        statements = _apply_default(statements, default)
    read.extend(s.span for s in statements if s.span is not None)
    return ParsedRecord(record, statements, _leftover(raw, read))


def _merge_sentences(statements: list[Statement]) -> list[Statement]:
    """Join `Приговорен: BODY DATE` and the `Приговор: VERDICT` that follows into one sentence."""
    out: list[Statement] = []
    pending: Statement | None = None
    for s in statements:
        if s.predicate == "sentence":
            if pending is not None:
                out.append(pending)
            pending = s
            continue
        if s.predicate == "verdict":
            qualifiers = dict(s.qualifiers or {})
            if pending is not None:
                qualifiers = {**(pending.qualifiers or {}), **qualifiers}
                span = (pending.span[0], s.span[1]) if pending.span and s.span else s.span
                out.append(
                    Statement(
                        "sentence",
                        s.value or pending.value,
                        date=s.date or pending.date,
                        qualifiers=qualifiers or None,
                        span=span,
                    )
                )
                pending = None
            else:
                out.append(
                    Statement(
                        "sentence", s.value, date=s.date, qualifiers=qualifiers or None, span=s.span
                    )
                )
            continue
        out.append(s)
    if pending is not None:
        out.append(pending)
    return out


def _apply_default(statements: list[Statement], default: Statement) -> list[Statement]:
    """Fill a field the source implies (Moscow list: shot in Moscow) where the text is silent."""
    out = []
    for s in statements:
        if s.predicate == default.predicate and s.place is None and default.place:
            s = Statement(
                s.predicate,
                s.value,
                date=s.date,
                place=default.place,
                qualifiers={**(s.qualifiers or {}), **(default.qualifiers or {})},
                span=s.span,
                alternative=s.alternative,
            )
        out.append(s)
    return out


def _leftover(raw: str, read: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of `raw` no statement or label covers, ignoring punctuation and white space."""
    out = []
    cursor = 0
    for a, b in sorted(read):
        if a > cursor and not _NOISE.match(raw[cursor:a]):
            out.append((cursor, a))
        cursor = max(cursor, b)
    if cursor < len(raw) and not _NOISE.match(raw[cursor:]):
        out.append((cursor, len(raw)))
    return out


__all__ = ["parse_record"]
