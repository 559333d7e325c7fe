"""The writes an editor makes: a statement, a judgement, a redaction — each a ledger entry.

Nothing here changes or deletes a row. A correction is a new statement that names the one it
corrects (qualifier `corrects`); a merge or a split is a judgement (`same`, `different`), the
newest one of an editor standing; a redaction withholds a record without touching it.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ..model import PREDICATES
from .hashing import (
    JUDGEMENT_COLUMNS,
    REDACTION_COLUMNS,
    judgement_hash,
    qualifiers_text,
    redaction_hash,
    statement_hash,
)
from .ledger import LedgerWriter, now
from .models import Judgement, Record, Redaction, Statement

MAX_TEXT = 10_000  # an editor's value or reason; records themselves are never limited


class EditError(ValueError):
    """An edit that cannot be made as asked; the message says why."""


def _text(name: str, value: str | None, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise EditError(f"give a {name}")
    if len(value) > MAX_TEXT:
        raise EditError(f"the {name} is longer than {MAX_TEXT:,} characters")
    return value


def add_statement(
    record: Record,
    predicate: str,
    value: str,
    date: str | None = None,
    place: str | None = None,
    corrects: int | None = None,
    actor: str | None = None,
    reason: str = "",
) -> dict[str, Any]:
    """A new statement on `record`, by an editor, optionally correcting one of its statements."""
    if predicate not in PREDICATES:
        raise EditError(f"unknown predicate {predicate!r}; one of: {', '.join(PREDICATES)}")
    value = _text("value", value)
    reason = _text("reason", reason)
    if date:
        from edtf import EDTFParseException, parse_edtf

        try:
            parse_edtf(date)
        except (EDTFParseException, ValueError):
            raise EditError(
                f"{date!r} is not an EDTF date (1937, 1937-11, 1937-11-03, 1870?)"
            ) from None
    qualifiers: dict[str, Any] = {"by": "editor"}
    with transaction.atomic():
        ledger = LedgerWriter(actor, reason)
        if corrects is not None and not record.statements.filter(ordinal=corrects).exists():
            raise EditError(f"record {record.pk} has no statement {corrects} to correct")
        if corrects is not None:
            qualifiers["corrects"] = corrects
        last = record.statements.order_by("-ordinal").values_list("ordinal", flat=True).first()
        statement = Statement.objects.create(
            record=record,
            ordinal=(last + 1) if last is not None else 0,
            predicate=predicate,
            value=value,
            date=date or None,
            place=(place or None) and _text("place", place),
            qualifiers=qualifiers,
            entry=ledger.size,
        )
        row = (
            statement.ordinal,
            predicate,
            value,
            statement.date,
            statement.place,
            qualifiers_text(qualifiers),
            None,
            None,
            False,
        )
        digest = statement_hash(record.pk, row)
        ident = f"{record.pk}/{statement.ordinal}"
        ledger.append(
            "correct" if corrects is not None else "statement",
            f"record:{record.digest}",
            digest,
            {"statement": {ident: digest}},
        )
        ledger.sign()
    return {"record": record.pk, "ordinal": statement.ordinal, "hash": digest}


def judge(
    left: Record,
    right: Record,
    verdict: str,
    score: float | None = None,
    method: str = "editor",
    actor: str | None = None,
    reason: str = "",
) -> dict[str, Any]:
    """Record that two records are the same person, different people, or that it is unsure."""
    if verdict not in Judgement.VERDICTS:
        raise EditError(f"verdict must be one of {', '.join(Judgement.VERDICTS)}")
    if left.pk == right.pk:
        raise EditError("a record is always the same person as itself")
    if score is not None and not 0.0 <= score <= 1.0:
        raise EditError("a score lies between 0 and 1")
    reason = _text("reason", reason, required=method == "editor")
    with transaction.atomic():
        ledger = LedgerWriter(actor, reason)
        judgement = Judgement.objects.create(
            left=left,
            right=right,
            verdict=verdict,
            score=score,
            method=method,
            actor=ledger.actor,
            at=now(),
            reason=reason,
            entry=ledger.size,
        )
        row = Judgement.objects.filter(pk=judgement.pk).values_list(*JUDGEMENT_COLUMNS).get()
        digest = judgement_hash(row)
        ledger.append(
            {"same": "merge", "different": "split"}.get(verdict, "judgement"),
            f"records:{left.digest}:{right.digest}",
            digest,
            {"judgement": {str(judgement.pk): digest}},
        )
        ledger.sign()
    return {"judgement": judgement.pk, "hash": digest}


def redact(record: Record, reason: str, actor: str | None = None) -> dict[str, Any]:
    """Withhold `record` from views and exports; the record and the ledger stay as they are."""
    reason = _text("reason", reason)
    with transaction.atomic():
        ledger = LedgerWriter(actor, reason)
        redaction = Redaction.objects.create(
            record=record, reason=reason, actor=ledger.actor, at=now(), entry=ledger.size
        )
        row = Redaction.objects.filter(pk=redaction.pk).values_list(*REDACTION_COLUMNS).get()
        digest = redaction_hash(row)
        ledger.append(
            "redaction",
            f"record:{record.digest}",
            digest,
            {"redaction": {str(redaction.pk): digest}},
        )
        ledger.sign()
    return {"redaction": redaction.pk, "hash": digest}


def is_redacted(record: Record) -> bool:
    return Redaction.objects.filter(record=record).exists()
