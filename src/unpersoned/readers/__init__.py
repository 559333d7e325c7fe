"""Readers: one module a file format, each turning files into `SourceRecord`s."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from ..model import SourceRecord
from . import csv_mapped, memo_biographies, moscow_list, stalin_lists
from .base import SourceInfo
from .errors import ReadError

FORMATS: dict[str, ModuleType] = {
    moscow_list.FORMAT: moscow_list,
    memo_biographies.FORMAT: memo_biographies,
    stalin_lists.FORMAT: stalin_lists,
    csv_mapped.FORMAT: csv_mapped,
}


def reader_for(fmt: str) -> ModuleType:
    """The reader module of a format name, or a ValueError listing the known ones."""
    try:
        return FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; one of: {', '.join(FORMATS)}") from None


def open_source(
    fmt: str, path: Path, mapping: dict[str, Any] | None = None
) -> tuple[SourceInfo, Iterator[SourceRecord]]:
    """What the file's source is, and its records (read lazily, as the iterator is consumed)."""
    reader = reader_for(fmt)
    if fmt == csv_mapped.FORMAT:
        if mapping is None:
            raise ReadError(path, "a CSV list needs a column mapping (--mapping FILE)")
        return reader.source_info(path, mapping), reader.read(path, mapping)
    return reader.source_info(path), reader.read(path)


__all__ = ["FORMATS", "ReadError", "SourceInfo", "open_source", "reader_for"]
