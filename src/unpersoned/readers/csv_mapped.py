"""Lists that arrive as spreadsheets: CSV plus a mapping file that says what each column is.

The mapping is TOML:

    [source]
    key = "perm-book"            # a short identifier for the source
    title = "Книга памяти Пермской области"
    encoding = "utf-8"           # or windows-1251
    delimiter = ","
    locator = "№"                # a column that numbers the entries; default: the row number

    [columns]
    "ФИО" = "name"               # read as surname, given name, patronymic
    "Год рождения" = "birth"     # dates are read as EDTF
    "Биография" = "prose"        # biographical prose, read like the other lists
    "Национальность" = "nationality"

A record's text is the row as it stands in the file.
"""

from __future__ import annotations

import codecs
import csv
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..dates import to_edtf
from ..model import PREDICATES, SourceRecord, Statement
from .base import SourceInfo
from .errors import ReadError, read_bytes

FORMAT = "csv"
GLOB = "*.csv"  # the files to take when a folder is given
DESCRIPTION = "a CSV list with a TOML column mapping (--mapping FILE)"
_DATED = {"birth", "arrest", "sentence", "execution", "death", "rehabilitation"}
_SPECIAL = {"name", "prose", "ignore"}
MAX_FIELD = 1_000_000


def load_mapping(path: Path) -> dict[str, Any]:
    """The mapping file, checked: every column maps to a known predicate."""
    try:
        mapping = tomllib.loads(read_bytes(path).decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ReadError(path, f"not a TOML mapping: {exc}") from None
    columns = mapping.get("columns")
    if not isinstance(columns, dict) or not columns:
        raise ReadError(path, "the mapping has no [columns] table")
    for column, predicate in columns.items():
        if predicate not in PREDICATES and predicate not in _SPECIAL:
            raise ReadError(
                path,
                f"column {column!r} maps to {predicate!r}, which is not a predicate "
                f"(one of: {', '.join(sorted(set(PREDICATES) | _SPECIAL))})",
            )
    mapping.setdefault("source", {})
    return mapping


def source_info(path: Path, mapping: dict[str, Any]) -> SourceInfo:
    source = mapping.get("source", {})
    return SourceInfo(
        key=str(source.get("key") or f"csv:{path.stem}"),
        title=str(source.get("title") or path.name),
        publisher=str(source.get("publisher", "")),
        year=str(source.get("year", "")),
        language=str(source.get("language", "ru")),
        provenance=str(source.get("provenance", "")),
    )


class _LineTap:
    """Feeds lines to csv.reader and keeps them, so each row's text is known exactly."""

    def __init__(self, path: Path, encoding: str, lines: Iterator[str]) -> None:
        self.path = path
        self.encoding = encoding
        self.lines = lines
        self.taken: list[str] = []
        self.number = 0

    def __iter__(self) -> _LineTap:
        return self

    def __next__(self) -> str:
        try:
            line = next(self.lines)
        except UnicodeDecodeError:
            raise ReadError(
                self.path, f"not valid {self.encoding} near here", self.number + 1
            ) from None
        self.number += 1
        self.taken.append(line)
        return line


def read(path: Path, mapping: dict[str, Any]) -> Iterator[SourceRecord]:
    """Every row of the CSV as a record, its mapped columns as hints for the parser."""
    source = mapping["source"]
    encoding = source.get("encoding", "utf-8")
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ReadError(path, f"unknown encoding {encoding!r} in the mapping") from None
    with path.open("rb") as probe:
        head = probe.read(4096)
    if not head.strip():
        raise ReadError(path, "the file is empty")
    if b"\x00" in head:
        raise ReadError(path, "binary data (NUL byte): not a CSV file", 1)
    with path.open(encoding=encoding, errors="strict", newline="") as stream:
        yield from _rows(path, _LineTap(path, encoding, stream), mapping)


def _rows(path: Path, tap: _LineTap, mapping: dict[str, Any]) -> Iterator[SourceRecord]:
    """Records of an open CSV stream, read as they are consumed."""
    source = mapping["source"]
    csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(tap, delimiter=source.get("delimiter", ","))
    try:
        header = next(reader)
    except StopIteration:
        raise ReadError(path, "the file is empty") from None
    columns: dict[str, str] = mapping["columns"]
    missing = [c for c in columns if c not in header]
    if missing:
        raise ReadError(
            path,
            f"the mapping names column(s) {', '.join(map(repr, missing))} that the header "
            f"lacks (it has: {', '.join(map(repr, header))})",
            1,
        )
    locator_column = source.get("locator")
    if locator_column and locator_column not in header:
        raise ReadError(path, f"the locator column {locator_column!r} is not in the header", 1)
    index = {c: header.index(c) for c in columns}
    row_number = 0
    while True:
        tap.taken = []
        first_line = tap.number + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise ReadError(path, f"not valid CSV ({exc})", tap.number) from None
        row_number += 1
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise ReadError(
                path,
                f"a row with {len(row)} fields where the header has {len(header)}",
                first_line,
            )
        raw = "".join(tap.taken).rstrip("\r\n")
        locator_value = row[header.index(locator_column)] if locator_column else str(row_number)
        yield SourceRecord(
            f"{path.name}#{locator_value}", raw, _hints(raw, row, columns, index, first_line)
        )


def _hints(
    raw: str, row: list[str], columns: dict[str, str], index: dict[str, int], line: int
) -> dict[str, Any]:
    hints: dict[str, Any] = {"line": line, "statements": [], "prose_spans": []}
    cursor = 0
    for column, predicate in columns.items():
        value = row[index[column]].strip()
        if not value or predicate == "ignore":
            continue
        start = raw.find(value, cursor)
        span = (start, start + len(value)) if start >= 0 else None
        if span:
            cursor = span[1]
        if predicate == "name":
            if span:
                hints["name_span"] = span
            else:
                hints["statements"].append(Statement("name", value))
        elif predicate == "prose":
            if span:
                hints["prose_spans"].append(span)
        else:
            date = to_edtf(value) if predicate in _DATED else None
            place = value if predicate in ("residence", "burial") else None
            if predicate == "sex":
                value = "F" if re.match(r"(?i)^(f|ж|жен)", value) else "M"
            hints["statements"].append(
                Statement(predicate, value, date=date, place=place, span=span)
            )
    return hints
