"""A printed name → surname, given name, patronymic and the names in brackets."""

from __future__ import annotations

import re

from ..model import Statement

_BRACKET = re.compile(r"\(([^()]*(?:\([^()]*\)[^()]*)*)\)")
_WORD = re.compile(r"[^\s()]+")


def _parts(text: str, offset: int) -> list[tuple[str, int, int]]:
    return [(m.group(0), offset + m.start(), offset + m.end()) for m in _WORD.finditer(text)]


def _title(word: str) -> str:
    # The Stalin lists print surnames in capitals: БРОЙДТ → Бройдт, keeping hyphenated parts.
    if word.isupper() and len(word) > 1:
        return "-".join(p[:1] + p[1:].lower() for p in word.split("-"))
    return word


def name_statements(raw: str, start: int, end: int) -> list[Statement]:
    """Statements for the name printed in `raw[start:end]`.

    `Зиновьев Григорий Евсеевич (Радомысльский Овсей-Герш Аронович)`: the words outside
    brackets are surname, given name and patronymic (a fourth word joins the patronymic,
    as in Turkic names); each bracket gives an alias — a single word in brackets after the
    surname is a former or variant surname.
    """
    text = raw[start:end]
    out = [Statement("name", " ".join(text.split()), span=(start, end))]
    outside = _BRACKET.sub(lambda m: " " * len(m.group(0)), text)
    words = _parts(outside, start)
    for predicate, word in zip(("surname", "given_name"), words, strict=False):
        out.append(Statement(predicate, _title(word[0]), span=(word[1], word[2])))
    if len(words) >= 3:
        rest = words[2:]
        out.append(
            Statement(
                "patronymic",
                " ".join(w[0] for w in rest),
                span=(rest[0][1], rest[-1][2]),
            )
        )
    for m in _BRACKET.finditer(text):
        inner = m.group(1).strip()
        if not inner:
            continue
        a, b = start + m.start(1), start + m.end(1)
        first_word_end = words[0][2] - start if words else 0
        kind = "surname" if " " not in inner and m.start() <= first_word_end + 1 else "name"
        for variant in re.split(r",\s*", inner):
            if variant:
                v_start = raw.find(variant, a, b)
                out.append(
                    Statement(
                        "alias",
                        _title(variant) if kind == "surname" else variant,
                        qualifiers={"kind": kind},
                        span=(v_start, v_start + len(variant)),
                    )
                )
    return out
