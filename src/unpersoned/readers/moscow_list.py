"""The Moscow execution lists ("Расстрелы в Москве"): HTML pages in windows-1251.

Each page is a range of streets: `<p class=Street>` names a street, `<h4>` a house, `<h5>` a
flat, and each `<p class=pers>` is one person, the name in `<B>`. The locator is
`PAGE#street/house/flat/position` — which is also where the person lived.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import lxml.html

from ..model import SourceRecord, Statement
from .base import SourceInfo
from .errors import ReadError, decode, read_bytes

FORMAT = "moscow"
GLOB = ("*.htm",)  # in a folder: the first pattern that finds files
DESCRIPTION = "Moscow execution lists (mos.memo.ru pages, HTML in windows-1251)"
ENCODING = "windows-1251"
_END = re.compile(rb"</html>\s*$", re.I)
# The list names Moscow as the place of shooting for all its entries: its title says so.
_SHOT_IN_MOSCOW = Statement("execution", "", place="Москва", qualifiers={"place_basis": "source"})


def source_info(path: Path) -> SourceInfo:
    return SourceInfo(
        key="mos-memo-moscow",
        title="Расстрелы в Москве",
        publisher="Memorial (mos.memo.ru)",
        language="ru",
        provenance="nextgis/memorial_data, data/mos.memo.ru/pages",
    )


def _is_utf8_text(data: bytes) -> bool:
    # Cyrillic in windows-1251 is almost never valid UTF-8; Cyrillic in UTF-8 always is.
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _name_end(bold: str) -> int:
    """Where the name ends in the bold text: at its first comma outside brackets.

    One entry's <B> is never closed, so its bold text runs on into the record; a name itself
    has commas only inside brackets (`Иванов (Петров, Сидоров) Иван`).
    """
    depth = 0
    for i, ch in enumerate(bold):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == "," and depth == 0:
            return i
    return len(bold.rstrip())


def _clean(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def read(path: Path) -> Iterator[SourceRecord]:
    """Every person of one page, in page order."""
    data = read_bytes(path)
    if b"\x00" in data:
        raise ReadError(
            path,
            "binary data (NUL byte): not an HTML page",
            data.count(b"\n", 0, data.index(b"\x00")) + 1,
        )
    if _is_utf8_text(data):
        raise ReadError(path, "the file is UTF-8, but the Moscow pages are windows-1251", 1)
    text = decode(path, data, ENCODING)
    if "<p class=pers>" not in text and 'class="pers"' not in text:
        raise ReadError(path, "no entries (<p class=pers>) found: not a page of the Moscow lists")
    if not _END.search(data):
        tail = text.rstrip()[-60:].replace("\n", " ")
        raise ReadError(
            path,
            f"truncated: the page does not end with </html> (it ends …{tail!r})",
            text.count("\n") + 1,
        )
    root = lxml.html.document_fromstring(text)
    street = house = flat = ""
    position = 0
    for element in root.iter("p", "h4", "h5"):
        cls = element.get("class", "")
        if element.tag == "p" and cls == "Street":
            street, house, flat, position = _clean(element.text_content()), "", "", 0
        elif element.tag == "h4":
            house, flat, position = _clean(element.text_content()), "", 0
        elif element.tag == "h5":
            flat, position = _clean(element.text_content()), 0
        elif element.tag == "p" and cls == "pers":
            position += 1
            raw = element.text_content()
            bold = element.find("b")  # lxml lower-cases tag names
            name = bold.text_content() if bold is not None else ""
            if not name or not raw.startswith(name):
                raise ReadError(path, "an entry without its name in bold", element.sourceline)
            name = name[: _name_end(name)]
            locator = f"{path.name}#{street}/{house}/{flat or '-'}/{position}"
            yield SourceRecord(
                locator,
                raw,
                {
                    "name_span": (0, len(name)),
                    "defaults": [_SHOT_IN_MOSCOW],
                    "line": element.sourceline,
                },
            )
