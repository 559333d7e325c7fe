"""Cut a clause of list prose into items: commas and semicolons outside brackets and quotes."""

from __future__ import annotations

import re

_OPEN = "(«"
_CLOSE = ")»"
# A full stop ends a sentence unless the word before it is an abbreviation (г., обл., ул.)
# or an initial.
_SENTENCE_END = re.compile(r"\.\s+(?=[А-ЯЁA-Z])")
_PLAIN_ITEM = re.compile(r"[^,;\n]+")
_STRUCTURE = re.compile(r'[(),;\n"«»]')
_LAST_WORD = re.compile(r"([А-ЯЁа-яёA-Za-z-]+)$")
# The abbreviations of the lists: a full stop after one of these does not end a sentence.
ABBREVIATIONS = frozenset(
    """
    г гг гор с д дер пос п ст мест м ус хут х окр обл губ кр р у ул пер пр просп наб пл б бул
    корп кв стр им тов зав зам пом нач ген гл ср ст верх нижн нов стар сах кирг нац национ
    призн репрессир спецпос бывш быв эстон латв укр белорус рус гос сов нар ком упр отд
    тыс руб г-н инж проф акад канд ж жд ч чел обв реабил прож арест род рожд искл
    """.split()
)


def is_abbreviation(text: str, end: int, start: int = 0) -> bool:
    """True when the word that ends at `end` (before a full stop) is an abbreviation or initial."""
    m = _LAST_WORD.search(text, max(start, end - 12), end)
    if m is None:
        return False
    word = m.group(1)
    return len(word) == 1 or word.lower() in ABBREVIATIONS


def strip_span(text: str, start: int, end: int, chars: str = " \t\r\n,;.:–—-") -> tuple[int, int]:
    """Shrink (start, end) past leading and trailing `chars`."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    # keep a closing bracket or an abbreviation's full stop that belongs to the item
    if end < len(text) and text[end] == "." and is_abbreviation(text, end, start):
        end += 1
    return start, end


def items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the items of `text[start:end]`, split at , ; and newlines outside brackets."""
    out: list[tuple[int, int]] = []
    chunk = text[start:end]
    if "(" not in chunk and '"' not in chunk and "«" not in chunk:
        # the common case, no brackets or quotes: let the regex engine do the scan
        for m in _PLAIN_ITEM.finditer(text, start, end):
            a, b = strip_span(text, m.start(), m.end())
            if a < b:
                out.append((a, b))
        return out
    depth = 0
    quoted = False
    item_start = start
    for m in _STRUCTURE.finditer(text, start, end):
        ch = m.group()
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch == '"':
            quoted = not quoted
        elif depth == 0 and not quoted:
            i = m.start()
            out.append((item_start, i))
            item_start = i + 1
    out.append((item_start, end))
    result = []
    for a, b in out:
        a, b = strip_span(text, a, b)
        if a < b:
            result.append((a, b))
    return result


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the sentences of `text[start:end]`, not breaking after abbreviations."""
    out = []
    cursor = start
    depth = 0  # brackets open before the candidate full stop, counted as we go
    counted = start
    for m in _SENTENCE_END.finditer(text, start, end):
        depth += text.count("(", counted, m.start()) - text.count(")", counted, m.start())
        counted = m.start()
        if depth > 0 or is_abbreviation(text, m.start(), cursor):
            continue
        depth = 0
        out.append((cursor, m.start() + 1))
        cursor = m.end()
    out.append((cursor, end))
    return [s for s in (strip_span(text, a, b, " \t\r\n") for a, b in out) if s[0] < s[1]]


def trimmed(text: str) -> str:
    """`text` without surrounding spaces and punctuation, keeping an abbreviation's full stop."""
    a, b = strip_span(text, 0, len(text))
    return text[a:b]
