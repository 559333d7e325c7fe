"""Lists that arrive as spreadsheets: CSV plus a mapping file that says what each column is.

The mapping is TOML:

    [source]
    key = "perm-book"            # a short identifier for the source; default csv:<file stem>
    title = "Книга памяти Пермской области"
    encoding = "utf-8"           # or windows-1251
    delimiter = ","
    locator = "№"                # a column that numbers the entries; default: the row number

    [columns]
    "ФИО" = "name"               # read as surname, given name, patronymic
    "Год рождения" = "birth"     # dates are read as EDTF
    "Биография" = "prose"        # biographical prose, read like the other lists
    "Национальность" = "nationality"

A record's text is the row as it stands in the file. The file is read a physical line at a
time (decoded line by line, so an error names its line) and cut into cells by a small
quote-aware scanner that knows where each cell's text stands in the row: a statement's span
points at the cell it came from, whatever the order of the columns.
"""

from __future__ import annotations

import codecs
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, NamedTuple

from ..dates import cell_date
from ..model import PREDICATES, SourceRecord, Statement
from .base import SourceInfo
from .errors import ReadError, check_file, read_bytes

FORMAT = "csv"
GLOB = ("*.csv",)  # in a folder: the first pattern that finds files
DESCRIPTION = "a CSV list with a TOML column mapping (--mapping FILE)"
_DATED = {"birth", "arrest", "sentence", "execution", "death", "rehabilitation"}
_SPECIAL = {"name", "prose", "ignore"}
_PLACED = {"residence", "burial"}
MAX_FIELD = 1_000_000  # characters in one cell
_QUOTE = '"'


# --- the mapping ------------------------------------------------------------------------------


def load_mapping(path: Path) -> dict[str, Any]:
    """The mapping file, checked: types, encoding, delimiter, every column a known predicate."""
    try:
        mapping = tomllib.loads(read_bytes(path).decode("utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ReadError(path, f"not a TOML mapping: {exc}") from None
    source = mapping.setdefault("source", {})
    if not isinstance(source, dict):
        raise ReadError(path, f"[source] must be a table, not {_kind(source)}")
    for key in ("key", "title", "locator", "encoding", "delimiter"):
        if key in source and not isinstance(source[key], str):
            raise ReadError(path, f"[source] {key} must be a string, not {_kind(source[key])}")
    delimiter = source.get("delimiter", ",")
    if len(delimiter) != 1 or delimiter in '"\r\n':
        raise ReadError(
            path,
            f"[source] delimiter must be one character other than a quote or a line "
            f"break, not {delimiter!r}",
        )
    try:
        _line_codec(source.get("encoding", "utf-8"))
    except ValueError as exc:
        raise ReadError(path, f"[source] {exc}") from None
    columns = mapping.get("columns")
    if not isinstance(columns, dict) or not columns:
        raise ReadError(path, "the mapping has no [columns] table")
    for column, predicate in columns.items():
        if not isinstance(predicate, str):
            raise ReadError(
                path, f"column {column!r} must map to a predicate name, not {_kind(predicate)}"
            )
        if predicate not in PREDICATES and predicate not in _SPECIAL:
            raise ReadError(
                path,
                f"column {column!r} maps to {predicate!r}, which is not a predicate "
                f"(one of: {', '.join(sorted(set(PREDICATES) | _SPECIAL))})",
            )
    return mapping


def _kind(value: Any) -> str:
    """What a TOML value is, for a message."""
    kinds = {dict: "a table", list: "an array", bool: "a boolean", str: "a string"}
    return kinds.get(type(value), "a number" if isinstance(value, int | float) else "a date")


def _line_codec(encoding: str) -> str:
    """The codec that decodes one physical line; a ValueError says why `encoding` won't do."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise ValueError(f"unknown encoding {encoding!r}") from None
    if name in ("utf-8", "utf-8-sig"):
        return "utf-8"  # a BOM at the start of the file is dropped by the reader
    probe = '\n\r",;azAZ09'
    try:
        ascii_compatible = probe.encode(name) == probe.encode("ascii")
    except (LookupError, UnicodeError):  # a bytes-to-bytes codec such as base64
        raise ValueError(f"{encoding!r} is not a text encoding") from None
    if not ascii_compatible:
        raise ValueError(
            f"encoding {encoding!r} is not ASCII-compatible (UTF-16 or the like); "
            "save the file as UTF-8"
        )
    return name


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


# --- lines, cells, rows -----------------------------------------------------------------------


class _Cell(NamedTuple):
    """One cell: its value, and where its content (inside any quotes) stands in the row."""

    value: str
    start: int
    end: int
    exact: bool  # raw[start:end] == value: False only for a quoted cell with "" escapes


class _Row(NamedTuple):
    line: int  # the physical line the row starts on
    raw: str  # the row as it stands in the file, without its line break
    cells: list[_Cell]


def _lines(path: Path, stream: IO[bytes], encoding: str) -> Iterator[tuple[int, str]]:
    """(number, text) of every physical line, its line break kept; decoded one at a time."""
    codec = _line_codec(encoding)
    for number, data in enumerate(stream, 1):
        if b"\x00" in data:
            raise ReadError(path, "binary data (NUL byte): not a CSV file", number)
        if number == 1 and codec == "utf-8" and data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8) :]
        try:
            yield number, data.decode(codec)
        except UnicodeDecodeError as exc:
            raise ReadError(
                path,
                f"not valid {encoding} at byte {exc.start + 1} of the line "
                f"({data[exc.start : exc.start + 4]!r}); is it the right file or encoding?",
                number,
            ) from None


def _content_end(text: str) -> int:
    """Where a physical line's text ends before its line break (`\\n`, `\\r\\n`)."""
    end = len(text)
    if text.endswith("\n"):
        end -= 1
    if text[end - 1 : end] == "\r":
        end -= 1
    return end


def _rows(path: Path, lines: Iterator[tuple[int, str]], delimiter: str) -> Iterator[_Row]:
    """The rows of the file: a row is one line, or several when a quoted cell holds breaks.

    A cell that starts with `"` is quoted: it runs to the next lone `"`, a doubled `""` inside
    standing for one quote; after it comes the delimiter or the end of the row. Any other cell
    runs to the next delimiter, quotes in it taken as they stand (as the csv module does).
    """
    for first, text in lines:
        parts = [text]  # the physical lines of the row
        base = 0  # offset in the row of `text`, the line being scanned
        number = first
        cells: list[_Cell] = []
        pos = 0
        while True:
            stop = _content_end(text)
            if not text.startswith(_QUOTE, pos):
                cut = text.find(delimiter, pos, stop)
                end = stop if cut < 0 else cut
                if end - pos > MAX_FIELD:
                    raise ReadError(path, f"a cell longer than {MAX_FIELD} characters", number)
                cells.append(_Cell(text[pos:end], base + pos, base + end, True))
                if cut < 0:
                    break
                pos = cut + 1
                continue
            start = base + pos + 1
            chunks: list[str] = []
            exact = True
            i = pos + 1
            while True:
                q = text.find(_QUOTE, i)
                if q < 0:
                    chunks.append(text[i:])
                    following = next(lines, None)
                    if following is None:
                        raise ReadError(path, "a quoted cell that is never closed", first)
                    base += len(text)
                    number, text = following
                    parts.append(text)
                    i = 0
                    if base - start > 2 * MAX_FIELD:
                        raise ReadError(
                            path,
                            f"a quoted cell longer than {MAX_FIELD} characters "
                            "(a quote never closed?)",
                            first,
                        )
                elif text.startswith(_QUOTE, q + 1):
                    chunks.append(text[i : q + 1])
                    exact = False
                    i = q + 2
                else:
                    chunks.append(text[i:q])
                    break
            value = "".join(chunks)
            if len(value) > MAX_FIELD:
                raise ReadError(path, f"a cell longer than {MAX_FIELD} characters", first)
            cells.append(_Cell(value, start, base + q, exact))
            stop = _content_end(text)
            pos = q + 1
            if pos == stop:
                break
            if text[pos] != delimiter:
                raise ReadError(
                    path,
                    f"{text[pos]!r} after the closing quote of a cell: not valid CSV "
                    "(a quote inside a quoted cell is written twice)",
                    number,
                )
            pos += 1
        yield _Row(first, "".join(parts)[: base + stop], cells)


def _blank(row: _Row) -> bool:
    return not any(cell.value.strip() for cell in row.cells)


# --- records ----------------------------------------------------------------------------------


def read(path: Path, mapping: dict[str, Any]) -> Iterator[SourceRecord]:
    """Every row of the CSV as a record, its mapped columns as hints for the parser."""
    check_file(path)
    source = mapping.get("source") or {}
    encoding = source.get("encoding", "utf-8")
    try:
        _line_codec(encoding)
    except ValueError as exc:
        raise ReadError(path, f"{exc} in the mapping") from None
    with path.open("rb") as stream:
        rows = _rows(path, _lines(path, stream, encoding), source.get("delimiter", ","))
        yield from _records(path, rows, mapping)


def _records(path: Path, rows: Iterator[_Row], mapping: dict[str, Any]) -> Iterator[SourceRecord]:
    """Records of the rows, read as they are consumed; the first non-blank row is the header."""
    source = mapping.get("source") or {}
    header_row = next((row for row in rows if not _blank(row)), None)
    if header_row is None:
        raise ReadError(path, "the file is empty")
    header = [cell.value for cell in header_row.cells]
    position: dict[str, int] = {}
    for i, name in enumerate(header):
        if name in position:
            raise ReadError(
                path,
                f"the header names column {name!r} twice (columns {position[name] + 1} "
                f"and {i + 1})",
                header_row.line,
            )
        position[name] = i
    columns: dict[str, str] = mapping["columns"]
    missing = [c for c in columns if c not in position]
    if missing:
        raise ReadError(
            path,
            f"the mapping names column(s) {', '.join(map(repr, missing))} that the header "
            f"lacks (it has: {', '.join(map(repr, header))})",
            header_row.line,
        )
    locator_column = source.get("locator")
    if locator_column and locator_column not in position:
        raise ReadError(
            path, f"the locator column {locator_column!r} is not in the header", header_row.line
        )
    mapped = sorted((position[c], p) for c, p in columns.items() if p != "ignore")
    seen: dict[str, int] = {}
    row_number = 0
    for row in rows:
        row_number += 1
        if _blank(row):
            continue
        if len(row.cells) != len(header):
            raise ReadError(
                path,
                f"a row with {len(row.cells)} fields where the header has {len(header)}",
                row.line,
            )
        if locator_column:
            locator = row.cells[position[locator_column]].value.strip()
            if not locator:
                raise ReadError(path, f"the locator column {locator_column!r} is empty", row.line)
            if locator in seen:
                raise ReadError(
                    path,
                    f"the locator {locator!r} repeats (first on line {seen[locator]}); "
                    f"column {locator_column!r} must number the entries",
                    row.line,
                )
            seen[locator] = row.line
        else:
            locator = str(row_number)
        yield SourceRecord(f"{path.name}#{locator}", row.raw, _hints(row, mapped))


def _hints(row: _Row, mapped: list[tuple[int, str]]) -> dict[str, Any]:
    """The parser's hints from the mapped cells, in the order of the header."""
    statements: list[Statement] = []
    hints: dict[str, Any] = {"line": row.line, "statements": statements, "prose_spans": []}
    for index, predicate in mapped:
        cell = row.cells[index]
        value = cell.value.strip()
        if not value:
            continue
        # the whitespace round a value is the same in the raw text: "" escapes are not blank
        lead = len(cell.value) - len(cell.value.lstrip())
        trail = len(cell.value) - len(cell.value.rstrip())
        span = (cell.start + lead, cell.end - trail)
        if predicate == "name":
            if not cell.exact:  # the parser reads names from raw text, which is not the value
                statements.append(Statement("name", value))
            elif "name_span" in hints:
                statements.append(Statement("name", value, span=span))
            else:
                hints["name_span"] = span
        elif predicate == "prose":
            if cell.exact:
                hints["prose_spans"].append(span)
        elif predicate == "sex":
            sex = _sex(value)
            if sex is not None:
                statements.append(Statement("sex", sex, span=span))
        elif predicate in _DATED:
            date = cell_date(value)
            statements.append(
                Statement(
                    predicate,
                    value,
                    date=date,
                    qualifiers={"date_unread": True} if date is None else None,
                    span=span,
                )
            )
        else:
            place = value if predicate in _PLACED else None
            statements.append(Statement(predicate, value, place=place, span=span))
    return hints


# --- cell values ------------------------------------------------------------------------------

_SEXES = {
    **dict.fromkeys(("м", "m", "муж", "male"), "M"),
    **dict.fromkeys(("ж", "f", "жен", "female"), "F"),
}


def _sex(value: str) -> str | None:
    """M or F for `М/Ж`, `M/F`, `муж/жен`, `male/female` (any case, a dot after); else None."""
    return _SEXES.get(value.strip().removesuffix(".").lower())
