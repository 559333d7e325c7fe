"""Stalin's shooting lists (1937): one JSON object a line, one row per appearance in a list.

The record's text is what the edition prints for the entry: the name as in the list, then the
biographical note (`spravka`) when there is one. The list itself (number, date, section, page,
number in list) comes from the file's structure and gives a `listing` statement.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..model import SourceRecord, Statement
from .base import SourceInfo
from .errors import ReadError, check_file

FORMAT = "stalin"
GLOB = ("persons.jsonl",)  # in a folder: the first pattern that finds files
DESCRIPTION = "Stalin's lists (persons.jsonl: name, list, date, biographical note)"
_REQUIRED = ("person_id", "name", "list_id")


def source_info(path: Path) -> SourceInfo:
    return SourceInfo(
        key="stalin-lists",
        title="Сталинские расстрельные списки",
        publisher="Memorial (stalin.memo.ru)",
        year="1937",
        language="ru",
        provenance="itpp-labs/stalin; РГАСПИ, ф.17, оп.171",
    )


def companions(path: Path) -> list[Path]:
    """Files read with `path` whose content changes its records: lists.jsonl beside it."""
    beside = path.with_name("lists.jsonl")
    return [beside] if beside.is_file() and beside != path else []


def _lists_beside(path: Path) -> dict[str, dict[str, Any]]:
    """lists.jsonl next to persons.jsonl, when present: who signed each list, its archive file."""
    out: dict[str, dict[str, Any]] = {}
    for beside in companions(path):
        for _number, item in _json_lines(beside):
            out[str(item.get("list_id"))] = item
    return out


def _json_lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line, streaming; ReadError for a bad one."""
    check_file(path)
    with path.open("rb") as stream:
        for number, data in enumerate(stream, 1):
            try:
                line = data.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise ReadError(path, f"not valid UTF-8 ({exc.reason})", number) from None
            if "\x00" in line:
                raise ReadError(path, "binary data (NUL byte) in a text file", number)
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ReadError(
                    path, f"not a JSON object ({exc.msg} at column {exc.colno})", number
                ) from None
            if not isinstance(row, dict):
                raise ReadError(path, "a line that is not a JSON object", number)
            yield number, row


def read(path: Path) -> Iterator[SourceRecord]:
    """Every row of persons.jsonl, in file order, read line by line."""
    lists = _lists_beside(path)
    for number, row in _json_lines(path):
        missing = [k for k in _REQUIRED if not row.get(k)]
        if missing:
            raise ReadError(path, f"the entry lacks {', '.join(missing)}", number)
        yield _record(path.name, row, lists.get(str(row["list_id"]), {}), number)


def _record(file: str, row: dict[str, Any], list_info: dict[str, Any], line: int) -> SourceRecord:
    name = " ".join(str(row["name"]).split())
    note = row.get("spravka") or ""
    raw = f"{name}\n{note}" if note else name
    qualifiers = {
        k: v
        for k, v in {
            "section": row.get("sublist_title"),
            "page": row.get("page_in_tom"),
            "number": row.get("num_in_list"),
            "archive_ref": list_info.get("archive_ref"),
            "signed_by": list_info.get("signed_by"),
        }.items()
        if v
    }
    listing = Statement(
        "listing",
        f"list {row['list_id']}",
        date=row.get("list_date") or list_info.get("date"),
        qualifiers=qualifiers,
    )
    locator = f"{file}#list{row['list_id']}/p{row['person_id']}"
    return SourceRecord(
        locator,
        raw,
        {"name_span": (0, len(name)), "statements": [listing], "line": line},
    )
