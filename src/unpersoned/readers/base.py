"""What every reader provides: a description of its source and the records of its files."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ..model import SourceRecord


@dataclass(frozen=True)
class SourceInfo:
    """What we know of a published source before reading a record of it."""

    key: str
    title: str
    publisher: str = ""
    year: str = ""
    language: str = "ru"
    provenance: str = ""
    extra: dict[str, str] = field(default_factory=dict)


class Reader(Protocol):
    """A module that reads one file format into records."""

    FORMAT: str
    DESCRIPTION: str

    def source_info(self, path: Path) -> SourceInfo: ...

    def read(self, path: Path) -> Iterator[SourceRecord]: ...
