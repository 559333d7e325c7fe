"""What a reader says of a source before it reads a record of it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourceInfo:
    """What we know of a published source before reading a record of it."""

    key: str
    title: str
    publisher: str = ""
    year: str = ""
    language: str = "ru"
    provenance: str = ""
