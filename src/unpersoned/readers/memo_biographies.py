"""Books-of-Memory biographies (Memorial's national database, anonymised): `---`-separated.

Reads `texts.zip` (the file inside it) or a plain UTF-8 text file, streaming. A record may
begin with a line that is only a name (`Иванов Иван Иванович`), as regional lists print it;
the anonymised real file has none. The locator is `FILE#ordinal` (1-based).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from ..model import SourceRecord
from .base import SourceInfo
from .errors import ReadError, check_file

FORMAT = "memo"
GLOB = ("texts.zip", "texts.txt")  # in a folder: the first pattern that finds files
DESCRIPTION = "Books-of-Memory biographies (texts.txt or texts.zip, UTF-8, '---' between records)"
SEPARATOR = "---"
SEPARATOR_BYTES = SEPARATOR.encode()
_BOM = b"\xef\xbb\xbf"
_NAME_LINE = re.compile(r"^[А-ЯЁ][а-яёА-ЯЁ'-]+(?:\s+[А-ЯЁ][а-яё'-]+(?:\s*\([^)]*\))?){1,3}$")


def source_info(path: Path) -> SourceInfo:
    return SourceInfo(
        key="memo-lists-anon" if path.name in ("texts.zip", "texts.txt") else f"memo:{path.stem}",
        title="Жертвы политического террора в СССР (Книги памяти)",
        publisher="Memorial (lists.memo.ru)",
        language="ru",
        provenance="ivbeg/memoru texts.zip",
    )


def _open_text(path: Path) -> tuple[IO[bytes], str]:
    check_file(path)
    if zipfile.is_zipfile(path):
        try:
            archive = zipfile.ZipFile(path)
            names = [n for n in archive.namelist() if not n.endswith("/")]
            if len(names) != 1:
                raise ReadError(path, f"expected one text file in the zip, found {len(names)}")
            raw = archive.open(names[0])
        except zipfile.BadZipFile as exc:
            raise ReadError(path, f"a broken zip file: {exc}") from None
        # zipfile's readline is Python code; a BufferedReader's is C
        return io.BufferedReader(raw, buffer_size=1 << 20), names[0]
    with path.open("rb") as probe:
        if probe.read(2) == b"PK":
            raise ReadError(path, "a truncated or broken zip file")
    return path.open("rb"), path.name


def read(path: Path) -> Iterator[SourceRecord]:
    """Every biography of the file, in order; a file cut off mid-record is an error."""
    stream, inner = _open_text(path)
    ordinal = 0
    lines: list[bytes] = []
    first_line = 1
    number = 0
    try:
        with stream:
            for number, data in enumerate(stream, 1):
                if number == 1 and data.startswith(_BOM):
                    data = data[len(_BOM) :]
                if b"\x00" in data:
                    raise ReadError(path, "binary data (NUL byte) in a text file", number)
                if data.rstrip(b"\r\n") == SEPARATOR_BYTES:
                    ordinal += 1
                    yield _record(path, inner, ordinal, lines, first_line)
                    lines = []
                    first_line = number + 1
                else:
                    lines.append(data)
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise ReadError(path, f"the zip file is damaged: {exc}", number + 1) from None
    if ordinal == 0:
        raise ReadError(path, f"no record separator line '{SEPARATOR}': not a Books-of-Memory file")
    if b"".join(lines).strip():
        _decode(path, lines, first_line)  # a decoding error is the better message
        raise ReadError(
            path,
            f"truncated: the last record (from line {first_line}) has no closing '{SEPARATOR}'",
            number,
        )


def _decode(path: Path, lines: list[bytes], first_line: int) -> str:
    """A record's lines as text; a decoding error names the line it is on."""
    try:
        # one decode a record, not one a line: this runs in the process that also writes
        return b"".join(lines).decode("utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError:
        for offset, line in enumerate(lines):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ReadError(
                    path, f"not valid UTF-8 ({exc.reason})", first_line + offset
                ) from None
        raise


def _record(
    path: Path, inner: str, ordinal: int, lines: list[bytes], first_line: int
) -> SourceRecord:
    raw = _decode(path, lines, first_line).rstrip("\n")
    hints: dict[str, object] = {"line": first_line}
    first = raw.split("\n", 1)[0].strip()
    if first and _NAME_LINE.match(first) and ":" not in first:
        start = raw.index(first)
        hints["name_span"] = (start, start + len(first))
    return SourceRecord(f"{inner}#{ordinal}", raw, hints)
