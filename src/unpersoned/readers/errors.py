"""The one error a reader raises for a file a user gave us that we cannot read."""

from __future__ import annotations

from pathlib import Path


class ReadError(Exception):
    """A file that cannot be read, with where: `path:line: what is wrong`."""

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")


def check_file(path: Path) -> None:
    """A ReadError unless `path` is a file with something in it."""
    if not path.exists():
        raise ReadError(path, "no such file")
    if path.is_dir():
        raise ReadError(path, "is a folder, not a file")
    if path.stat().st_size == 0:
        raise ReadError(path, "the file is empty")


def read_bytes(path: Path) -> bytes:
    """The bytes of `path`, or a ReadError saying why not (missing, a folder, empty)."""
    check_file(path)
    data = path.read_bytes()
    if not data.strip():
        raise ReadError(path, "the file is empty")
    return data


def line_of(data: bytes | str, offset: int) -> int:
    """The 1-based line number of a byte or character offset."""
    newline: bytes | str = b"\n" if isinstance(data, bytes) else "\n"
    return data.count(newline, 0, offset) + 1  # type: ignore[arg-type]


def decode(path: Path, data: bytes, encoding: str) -> str:
    """`data` decoded strictly; a ReadError names the line of the first bad byte."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ReadError(
            path,
            f"not valid {encoding} at byte {exc.start} ({data[exc.start : exc.start + 4]!r}); "
            "is it the right file or encoding?",
            line_of(data, exc.start),
        ) from None
