"""Sex from the grammar of the record when the record does not state it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import Statement
from ..names.sex import sex_from_patronymic

# Verb and participle forms of the lists whose ending tells the sex of their subject.
_GENDERED = re.compile(
    r"(?=[РрАаПпОоУВвИиб])(?<![А-ЯЁа-яё])(?:"
    r"(?P<f>Рас+трелян[а]|[Аа]рестован[а]|Родилась|Проживала|Реабилитирован[а]|[Пп]риговорен[а]|"
    r"[Оо]сужден[а]|Умерла|[Вв]ыслан[а]|[Оо]свобожден[а]|[Ии]сключен[а]|Погибла|[Рр]аботала|"
    r"была)"
    r"|(?P<m>Рас+трелян|[Аа]рестован|Родился|Проживал|Реабилитирован|[Пп]риговорен|[Оо]сужден|"
    r"Умер|[Вв]ыслан|[Оо]свобожден|[Ии]сключен|Погиб|[Рр]аботал|был)"
    r")(?![А-ЯЁа-яё])"
)


def sex_statement(
    raw: str, patronymic: str | None, labels: Sequence[tuple[int, int]] = ()
) -> Statement | None:
    """A `sex` statement read from verb endings, else from the patronymic, else None.

    `labels` are the spans of the record's clause labels (Рассстреляна, Родился…): looked at
    first, as they are where the telling endings usually are.
    """
    m = next(filter(None, (_GENDERED.match(raw, a, b) for a, b in labels)), None)
    if m is None and not patronymic:
        # no label decides and no patronymic: a verb anywhere (it may be about someone else,
        # so the patronymic, when there is one, is trusted first)
        m = _GENDERED.search(raw)
    if m:
        return Statement(
            "sex",
            "F" if m.group("f") else "M",
            qualifiers={"basis": "grammar"},
            span=(m.start(), m.end()),
        )
    sex = sex_from_patronymic(patronymic)
    if sex:
        return Statement("sex", sex, qualifiers={"basis": "patronymic"})
    return None
