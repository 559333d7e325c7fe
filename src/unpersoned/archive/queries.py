"""What the CLI (and later the web) reads from the archive: counts, one record in full."""

from __future__ import annotations

import re
from typing import Any

from django.db import connection
from django.db.models import Count

from .models import LedgerEntry, Record, Redaction, Source, SourceFile, Statement


def stats() -> dict[str, Any]:
    """Counts by source and by predicate, with each source's parse coverage."""
    records = dict(Record.objects.values_list("source").annotate(n=Count("id")))
    files = dict(SourceFile.objects.values_list("source").annotate(n=Count("id")))
    sources = [
        {
            "key": source.key,
            "title": source.title,
            "format": source.format,
            "files": files.get(source.pk, 0),
            "records": records.get(source.pk, 0),
            "coverage": source.coverage,
            "statements": {},
        }
        for source in Source.objects.order_by("key")
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.source_id, s.predicate, COUNT(*) FROM statement s "
            "JOIN record r ON r.id = s.record_id GROUP BY r.source_id, s.predicate"
        )
        by_source: dict[int, dict[str, int]] = {}
        for source_id, predicate, count in cursor.fetchall():
            by_source.setdefault(source_id, {})[predicate] = count
    ids = dict(Source.objects.values_list("key", "id"))
    for item in sources:
        item["statements"] = dict(sorted(by_source.get(ids[item["key"]], {}).items()))
    totals = {
        "sources": len(sources),
        "records": sum(s["records"] for s in sources),
        "statements": Statement.objects.count(),
    }
    predicates = dict(
        Statement.objects.values_list("predicate").annotate(n=Count("*")).order_by("predicate")
    )
    return {"totals": totals, "predicates": predicates, "sources": sources}


class RecordNotFound(LookupError):
    """No record answers to what the user typed."""


def find_record(ident: str) -> Record:
    """A record by id (`123`), digest or digest prefix (≥ 8 hex digits), or exact locator."""
    ident = ident.strip()
    if not ident or len(ident) > 2000:
        raise RecordNotFound("give a record id, a digest (or its first 8+ characters) or a locator")
    query = Record.objects.select_related("source", "file")
    if ident.isascii() and ident.isdigit() and len(ident) < 19:
        found = query.filter(pk=int(ident)).first()
        if found:
            return found
    if re.fullmatch(r"[0-9a-f]{8,64}", ident):
        matches = list(query.filter(digest__startswith=ident)[:2])
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise RecordNotFound(f"digest prefix {ident!r} is ambiguous; give more characters")
    matches = list(query.filter(locator=ident)[:2])
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        ids = ", ".join(str(m.pk) for m in query.filter(locator=ident)[:10])
        raise RecordNotFound(f"locator {ident!r} names several records (ids {ids}); use the id")
    raise RecordNotFound(f"no record with id, digest or locator {ident!r}")


def record_detail(record: Record) -> dict[str, Any]:
    """A record's text beside its statements, each with the words it was read from.

    A redacted record shows only that it is withheld, by which entry and why.
    """
    redaction = Redaction.objects.filter(record=record).order_by("id").first()
    if redaction is not None:
        return {
            "id": record.pk,
            "source": record.source.key,
            "digest": record.digest,
            "withheld": {
                "redaction": redaction.pk,
                "entry": redaction.entry,
                "reason": redaction.reason,
                "at": redaction.at,
            },
        }
    statements = []
    for s in record.statements.order_by("ordinal"):
        item: dict[str, Any] = {"predicate": s.predicate, "value": s.value}
        for key in ("date", "place", "qualifiers"):
            if getattr(s, key):
                item[key] = getattr(s, key)
        if s.alternative:
            item["alternative"] = True
        if s.entry is not None:
            item["entry"] = s.entry
        if s.span_start is not None and s.span_end is not None:
            item["span"] = [s.span_start, s.span_end]
            item["text"] = record.raw[s.span_start : s.span_end]
        statements.append(item)
    return {
        "id": record.pk,
        "source": record.source.key,
        "source_title": record.source.title,
        "file": record.file.name,
        "file_sha256": record.file.sha256,
        "locator": record.locator,
        "digest": record.digest,
        "raw": record.raw,
        "statements": statements,
    }


def ledger_entries(since: int = 0, limit: int = 50) -> list[dict[str, Any]]:
    """Entries of the ledger from `since`, oldest first, at most `limit` (bounded)."""
    rows = LedgerEntry.objects.filter(seq__gte=since).order_by("seq")[: max(0, min(limit, 1000))]
    return [
        {
            "seq": e.seq,
            "kind": e.kind,
            "subject": e.subject,
            "actor": e.actor,
            "at": e.at,
            "reason": e.reason,
            "state": e.state,
            "leaf": e.leaf,
        }
        for e in rows
    ]
