"""A printed name → surname, given name, patronymic and the names in brackets.

The lists print `Surname Given Patronymic`, a former or variant surname in brackets after the
surname (`Иванов (Ивашкевич) Иван Петрович`), a whole former name in brackets at the end
(`Зиновьев Григорий Евсеевич (Радомысльский Овсей-Герш Аронович)`), double surnames with a
hyphen (`Бонч-Бруевич`), initials (`Иванов И. П.`) and Turkic patronymics of two words
(`Алиев Гасан Мамед оглы`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_BRACKET = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|[-'’.])*", re.UNICODE)
_INITIALS = re.compile(r"^(?:[^\W\d_]\.)+[^\W\d_]?$")  # И.П. and И.П
MAX_NAME = 400  # characters; longer text is no name


@dataclass(frozen=True)
class NameParts:
    """The parts of one printed name; `aliases` are the other names it gives."""

    surname: str | None = None
    given: str | None = None
    patronymic: str | None = None
    aliases: tuple[NameParts, ...] = field(default=())

    @property
    def surname_parts(self) -> tuple[str, ...]:
        """The parts of a double surname (`Бонч-Бруевич` → Бонч, Бруевич), else ()."""
        if not self.surname or "-" not in self.surname.strip("-"):
            return ()
        return tuple(p for p in self.surname.split("-") if len(p) > 1)


def words(text: str) -> list[str]:
    """The words of a name: letters with their hyphens, apostrophes and initials' dots."""
    out = []
    for m in _WORD.finditer(text[:MAX_NAME]):
        word = m.group(0).strip("-'’")
        # `И.П.` is two initials
        if _INITIALS.match(word) and len(word) > 2:
            out.extend(re.findall(r"[^\W\d_]\.?", word))  # each letter with its dot, if printed
        elif word:
            out.append(word)
    return out


def is_initial(word: str) -> bool:
    """`И.` or `И`: one letter, with or without its dot."""
    return len(word.rstrip(".")) == 1


def split_name(text: str) -> NameParts:
    """The parts of a name printed in the lists' order."""
    text = text[:MAX_NAME]
    brackets = [(m.start(), m.group(1) if m.group(1) is not None else m.group(2))
                for m in _BRACKET.finditer(text)]  # fmt: skip
    outside = words(_BRACKET.sub(" ", text))
    aliases: list[NameParts] = []
    for start, inner in brackets:
        # a single word in brackets stands for the word it follows: the surname, the given
        # name or the patronymic; more words are a whole name
        before = len(words(_BRACKET.sub(" ", text[:start])))
        for variant in re.split(r"[,;]\s*|\s+или\s+", inner):
            inner_words = words(variant)
            if not inner_words:
                continue
            if len(inner_words) == 1 and before <= 1:
                aliases.append(NameParts(surname=inner_words[0]))
            elif len(inner_words) == 1 and before == 2:
                aliases.append(NameParts(given=inner_words[0]))
            elif len(inner_words) == 1 and before == 3:
                aliases.append(NameParts(patronymic=inner_words[0]))
            else:
                aliases.append(_ordered(inner_words))
    parts = _ordered(outside)
    return NameParts(parts.surname, parts.given, parts.patronymic, tuple(aliases))


def _ordered(ws: list[str]) -> NameParts:
    if not ws:
        return NameParts()
    return NameParts(
        surname=ws[0],
        given=ws[1] if len(ws) > 1 else None,
        patronymic=" ".join(ws[2:]) if len(ws) > 2 else None,
    )
