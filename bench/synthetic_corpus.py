"""Synthetic Books-of-Memory corpus for ingestion benchmarks.

Writes biographies in the shape of Memorial's anonymised ``texts.txt`` (see
``../shared/data/memo-lists-anon/SOURCE.md``): UTF-8 text, every record followed by a line
``---``. Unlike the anonymised file, each record starts with the person's full name
("Surname Given Patronymic"), so the corpus can exercise name search and record linkage.

Names are drawn with the frequencies observed in the real Moscow execution lists and Stalin's
lists (read from ``../shared/data`` at run time, separately for men and women). Everything else
(places, occupations, sentencing bodies, sentences, dates) comes from small hand-written tables
below, arranged into a handful of repression "scenarios" so that each record hangs together:
one sex throughout, dates in order (arrest, sentence, execution, rehabilitation), sentences that
fit the body and the period. No record of the real data is reproduced: besides the added name,
every generated body is checked against the anonymised biographies and extended if it matches
one (only the shortest generic ones ever do).

The generator is deterministic for a given seed, streams (constant memory) and is fast: all
random draws come from ``random.Random(seed).choices`` with pre-built cumulative weights, taken
in batches; dates are integer day offsets into a pre-formatted calendar.

Usage::

    python bench/synthetic_corpus.py OUT_PATH --records 1000000 [--seed 1] [--crlf]

Lines end in LF by default (the published ``texts.txt`` uses CRLF; ``--crlf`` mimics it).
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import sys
import time
import zipfile
from calendar import monthrange
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any

# Project convention: real data lives in ../shared/data relative to the project root.
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data"

SEPARATOR = "---\n"
_BATCH = 4096  # draws per refill of a choice stream: large enough to amortise, small in memory

# --------------------------------------------------------------------------------------------
# Names from the real lists
# --------------------------------------------------------------------------------------------

# A few Moscow entries carry Latin look-alike letters ("Hиколай"); fold them to Cyrillic.
_LATIN_LOOKALIKES = str.maketrans("AaBCcEeHKMOoPpTXxy", "АаВСсЕеНКМОоРрТХху")
_TOKEN = re.compile(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)*")
# One Moscow entry lacks its closing </B>, so also stop at the comma that follows every name.
_PERS = re.compile(r"<p class=pers><B>(.*?)(?:</B>|, )", re.S)
_BRACKETS = re.compile(r"\([^()]*\)")
_FEMALE_PATRONYMIC = ("вна", "чна", "кызы")
_MALE_PATRONYMIC = ("ич", "оглы", "улы")
# Patronymics whose feminine form is not a plain -ович/-евич -> -овна/-евна swap.
_IRREGULAR_PATRONYMIC = {
    "Ильич": "Ильинична",
    "Кузьмич": "Кузьминична",
    "Лукич": "Лукинична",
    "Фомич": "Фоминична",
    "Никитич": "Никитична",
    "Саввич": "Саввична",
    "Фокич": "Фокична",
}


def _words(text: str) -> tuple[str, ...]:
    """Split a space-separated word list (keeps the long tables below compact)."""
    return tuple(text.split())


def _title(token: str) -> str:
    """Title-case a token written in capitals (Stalin's lists print surnames so)."""
    if token.isupper():
        return "-".join(part.capitalize() for part in token.split("-"))
    return token


def _split_name(raw: str) -> tuple[str, str, str] | None:
    """Return (surname, given, patronymic) of a plain three-part name, else None.

    Aliases and alternative readings in brackets are dropped; names without a patronymic
    (foreigners, Chinese and Korean names) are skipped because the corpus always prints three.
    """
    text = html.unescape(raw).translate(_LATIN_LOOKALIKES)
    previous = None
    while previous != text:  # brackets nest: "(Немой Исаак-Илья (Ичхок-Элья) Симонович)"
        previous, text = text, _BRACKETS.sub(" ", text)
    parts = [_title(p) for p in text.split("(")[0].split()]
    if len(parts) != 3 or not all(_TOKEN.fullmatch(p) for p in parts):
        return None
    return parts[0], parts[1], parts[2]


_ADJECTIVAL_ENDINGS = ("ой", "ый", "кий", "гий", "хий", "жий", "чий", "ший", "щий")


def _feminine_surname(surname: str) -> str:
    """The feminine form of a (male) Russian surname; indeclinable ones stay as they are."""
    parts = []
    for part in surname.split("-"):
        if part.endswith(("ов", "ев", "ёв", "ин", "ын")):
            part += "а"
        elif part.endswith(_ADJECTIVAL_ENDINGS):  # Троцкий -> Троцкая, Толстой -> Толстая
            part = part[:-2] + "ая"
        parts.append(part)
    return "-".join(parts)


def _feminine_patronymic(patronymic: str) -> str | None:
    """The feminine form of a male patronymic, or None when there is no safe rule."""
    if patronymic in _IRREGULAR_PATRONYMIC:
        return _IRREGULAR_PATRONYMIC[patronymic]
    if patronymic.endswith("вич"):
        return patronymic[:-2] + "на"
    if patronymic.endswith("оглы"):
        return patronymic[:-4] + "кызы"
    return None


@dataclass(frozen=True)
class NameCounts:
    """Observed name frequencies, index 0 for men and 1 for women."""

    surnames: tuple[Counter[str], Counter[str]]
    given: tuple[Counter[str], Counter[str]]
    patronymics: tuple[Counter[str], Counter[str]]


def _real_names(data_dir: Path) -> Iterator[tuple[str, str, str]]:
    """Yield every usable three-part name of the Moscow lists and Stalin's lists."""
    pages = sorted((data_dir / "mos-memo-moscow" / "pages").glob("*.htm"))
    persons = data_dir / "stalin-lists" / "persons.jsonl"
    if not pages or not persons.exists():
        raise FileNotFoundError(f"real name lists not found under {data_dir}")
    for page in pages:
        for match in _PERS.finditer(page.read_bytes().decode("cp1251")):
            name = _split_name(match.group(1))
            if name:
                yield name
    with persons.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                name = _split_name(json.loads(line)["name"])
                if name:
                    yield name


def load_name_counts(data_dir: Path = DEFAULT_DATA_DIR) -> NameCounts:
    """Count surnames, given names and patronymics by sex in the real lists.

    Sex comes from the patronymic. Women are few in these lists (about one in twenty), so their
    surname and patronymic counts also take the feminine forms of the men's: a woman's surname
    follows the same distribution as her father's or husband's. Women's given names are only
    the observed ones, since they cannot be derived.
    """
    surnames: tuple[Counter[str], Counter[str]] = (Counter(), Counter())
    given: tuple[Counter[str], Counter[str]] = (Counter(), Counter())
    patronymics: tuple[Counter[str], Counter[str]] = (Counter(), Counter())
    for surname, first, patronymic in _real_names(data_dir):
        if patronymic.endswith(_FEMALE_PATRONYMIC):
            sex = 1
        elif patronymic.endswith(_MALE_PATRONYMIC):
            sex = 0
        else:
            continue
        surnames[sex][surname] += 1
        given[sex][first] += 1
        patronymics[sex][patronymic] += 1
    for surname, count in surnames[0].items():
        surnames[1][_feminine_surname(surname)] += count
    for patronymic, count in patronymics[0].items():
        feminine = _feminine_patronymic(patronymic)
        if feminine:
            patronymics[1][feminine] += count
    return NameCounts(surnames, given, patronymics)


# --------------------------------------------------------------------------------------------
# Hand-written tables (weights are rough shares, not statistics)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Region:
    """A region of the 1930s: where people lived and which bodies sentenced them."""

    name: str  # nominative, as in "Проживал: Тульская обл., ..."
    by: str  # after "тройка при УНКВД", "по Тульской обл."
    gen: str  # genitive, "Прокуратурой Тульской обл."
    centre: str
    court: str
    code: str  # criminal code the region's courts applied
    districts: tuple[str, ...]
    burial: tuple[str, ...]


def _obl(adj: str, centre: str, districts: str, code: str = "РСФСР") -> Region:
    """A region named "<adj>ская обл." with the usual grammatical forms."""
    stem = adj[:-2]  # "Тульская" -> "Тульск"
    return Region(
        name=f"{adj} обл.",
        by=f"по {stem}ой обл.",
        gen=f"{stem}ой обл.",
        centre=centre,
        court=f"{stem}ий облсуд",
        code=code,
        districts=_words(districts),
        burial=(f"г. {centre}",),
    )


_REGIONS: tuple[tuple[float, Region], ...] = (
    (
        22,
        Region(
            "Московская обл.",
            "по Московской обл.",
            "Московской обл.",
            "Москва",
            "Московский облсуд",
            "РСФСР",
            _words(
                "Коломенский Серпуховский Дмитровский Можайский Клинский Егорьевский "
                "Раменский Ленинский Каширский Орехово-Зуевский"
            ),
            (
                "Московская обл., Бутово",
                "Бутово",
                "Коммунарка",
                "Москва, Донское кладбище",
                "Москва, Ваганьковское кладбище",
            ),
        ),
    ),
    (
        8,
        Region(
            "Ленинградская обл.",
            "по Ленинградской обл.",
            "Ленинградской обл.",
            "Ленинград",
            "Ленинградский облсуд",
            "РСФСР",
            _words(
                "Лужский Кингисеппский Тихвинский Волховский Новоладожский Псковский "
                "Боровичский Новгородский"
            ),
            ("Левашовская пустошь", "г. Ленинград"),
        ),
    ),
    (4, _obl("Калининская", "Калинин", "Бежецкий Вышневолоцкий Кашинский Осташковский")),
    (4, _obl("Смоленская", "Смоленск", "Вяземский Дорогобужский Ельнинский Рославльский")),
    (3, _obl("Тульская", "Тула", "Алексинский Белевский Ефремовский Богородицкий Одоевский")),
    (3, _obl("Рязанская", "Рязань", "Касимовский Сасовский Скопинский Спасский Шацкий")),
    (3, _obl("Ивановская", "Иваново", "Кинешемский Шуйский Вичугский Тейковский Родниковский")),
    (3, _obl("Горьковская", "Горький", "Арзамасский Ардатовский Лукояновский Семеновский")),
    (3, _obl("Курская", "Курск", "Льговский Рыльский Обоянский Щигровский Фатежский")),
    (3, _obl("Воронежская", "Воронеж", "Бобровский Острогожский Россошанский Лискинский")),
    (2, _obl("Орловская", "Орел", "Болховский Кромской Мценский Ливенский Елецкий")),
    (3, _obl("Саратовская", "Саратов", "Аткарский Балашовский Вольский Хвалынский Петровский")),
    (2, _obl("Куйбышевская", "Куйбышев", "Сызранский Бугурусланский Чапаевский Кинельский")),
    (3, _obl("Свердловская", "Свердловск", "Ирбитский Камышловский Шадринский Красноуфимский")),
    (2, _obl("Челябинская", "Челябинск", "Троицкий Златоустовский Куртамышский Миасский")),
    (2, _obl("Омская", "Омск", "Тарский Тюкалинский Называевский Ишимский")),
    (3, _obl("Новосибирская", "Новосибирск", "Каргатский Барабинский Колыванский Тогучинский")),
    (
        2,
        Region(
            "Алтайский кр.",
            "по Алтайскому краю",
            "Алтайского кр.",
            "Барнаул",
            "Алтайский крайсуд",
            "РСФСР",
            ("Бийский", "Каменский", "Рубцовский", "Змеиногорский", "Алейский"),
            ("г. Барнаул", "г. Бийск"),
        ),
    ),
    (
        2,
        Region(
            "Красноярский кр.",
            "по Красноярскому краю",
            "Красноярского кр.",
            "Красноярск",
            "Красноярский крайсуд",
            "РСФСР",
            ("Канский", "Ачинский", "Минусинский", "Енисейский", "Уярский"),
            ("г. Красноярск", "г. Канск"),
        ),
    ),
    (
        2,
        Region(
            "Татарская АССР",
            "по Татарской АССР",
            "Татарской АССР",
            "Казань",
            "Верховный суд ТАССР",
            "РСФСР",
            ("Арский", "Мамадышский", "Чистопольский", "Буинский", "Лаишевский"),
            ("г. Казань",),
        ),
    ),
    (4, _obl("Киевская", "Киев", "Уманский Белоцерковский Васильковский Бердичевский", "УССР")),
    (3, _obl("Харьковская", "Харьков", "Изюмский Купянский Богодуховский Чугуевский", "УССР")),
    (2, _obl("Одесская", "Одесса", "Тираспольский Балтский Первомайский Ананьевский", "УССР")),
    (3, _obl("Минская", "Минск", "Борисовский Слуцкий Логойский Червенский Узденский", "БССР")),
    (2, _obl("Витебская", "Витебск", "Полоцкий Лепельский Оршанский Городокский", "БССР")),
    (2, _obl("Могилевская", "Могилев", "Бобруйский Быховский Чаусский Климовичский", "БССР")),
)

# Pre-revolutionary provinces and their uezds, for birthplaces of people born before 1917.
_GUBERNIYAS: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (f"{name} губ.", _words(uezds))
    for name, uezds in (
        ("Пензенская", "Саранский Краснослободский Инсарский Мокшанский Наровчатский Чембарский"),
        ("Тамбовская", "Козловский Моршанский Кирсановский Борисоглебский Липецкий Шацкий"),
        ("Тверская", "Бежецкий Вышневолоцкий Кашинский Осташковский Торжокский Ржевский"),
        ("Нижегородская", "Арзамасский Ардатовский Лукояновский Семеновский Сергачский"),
        ("Владимирская", "Вязниковский Гороховецкий Муромский Суздальский Юрьевский"),
        ("Московская", "Богородский Бронницкий Верейский Звенигородский Рузский Подольский"),
        ("Рязанская", "Касимовский Сапожковский Скопинский Спасский Егорьевский"),
        ("Калужская", "Козельский Мещовский Перемышльский Жиздринский Мосальский"),
        ("Тульская", "Алексинский Белевский Веневский Ефремовский Каширский Одоевский"),
        ("Ярославская", "Угличский Ростовский Мышкинский Пошехонский Любимский"),
        ("Вятская", "Котельничский Нолинский Уржумский Яранский Орловский"),
        ("Смоленская", "Вяземский Дорогобужский Ельнинский Рославльский Гжатский"),
        ("Могилевская", "Гомельский Рогачевский Быховский Чаусский Климовичский"),
        ("Витебская", "Полоцкий Лепельский Велижский Невельский Двинский"),
        ("Минская", "Бобруйский Борисовский Игуменский Слуцкий Речицкий"),
        ("Киевская", "Уманский Черкасский Васильковский Бердичевский Звенигородский"),
        ("Полтавская", "Лубенский Миргородский Кременчугский Пирятинский"),
        ("Черниговская", "Глуховский Нежинский Стародубский Новозыбковский Конотопский"),
        ("Курская", "Льговский Рыльский Обоянский Щигровский Фатежский"),
        ("Орловская", "Болховский Кромской Мценский Ливенский Елецкий"),
        ("Саратовская", "Аткарский Балашовский Вольский Хвалынский Петровский"),
        ("Лифляндская", "Рижский Венденский Вольмарский Валкский"),
    )
)

_SETTLEMENT_NAMES = _words(
    "Никольское Покровское Воскресенское Березовка Александровка Михайловка Ивановка Петровка "
    "Знаменка Троицкое Спасское Богородское Заречье Озерки Горки Дубки Липовка Сосновка Каменка "
    "Ольховка Вязовка Рождествено Ильинское Успенка Марьино Дмитриевка Николаевка Васильевка "
    "Покровка Ключи Борки Высокое Красное Малиновка Степановка Архангельское"
)
_SETTLEMENT_KINDS = (("д.", 40), ("с.", 35), ("пос.", 8), ("хут.", 5), ("дер.", 7), ("", 5))
_BIRTH_CITIES = _words(
    "Москва Санкт-Петербург Киев Харьков Одесса Минск Рига Варшава Вильно Тифлис Баку Казань "
    "Саратов Тула Ярославль Витебск Гомель Бердичев Житомир Екатеринослав Ростов-на-Дону Самара "
    "Пермь Иркутск Томск Смоленск Курск Орел Кострома Вологда Лодзь Белосток"
)
_MOSCOW_STREETS = (
    "Мясницкая ул.",
    "Большая Полянка ул.",
    "Покровка ул.",
    "Сретенка ул.",
    "ул. Горького",
    "Пятницкая ул.",
    "Маросейка ул.",
    "Авиамоторная ул.",
    "Новослободская ул.",
    "Арбат ул.",
    "Долгоруковская ул.",
    "Смоленский бульв.",
    "Никитский бульв.",
    "Кропоткинская ул.",
    "Петровка ул.",
    "Бакунинская ул.",
    "Большая Серпуховская ул.",
    "Малая Бронная ул.",
    "Лесная ул.",
    "Шаболовка ул.",
    "Русаковская ул.",
    "Зубовский бульв.",
    "Ленинградское ш.",
    "Земляной Вал ул.",
    "Большая Ордынка ул.",
    "Стромынка ул.",
    "Тверская-Ямская ул.",
)

# (weight, masculine, feminine)
_NATIONALITIES = (
    (64, "русский", "русская"),
    (10, "украинец", "украинка"),
    (6, "еврей", "еврейка"),
    (4, "белорус", "белоруска"),
    (3, "поляк", "полька"),
    (3, "латыш", "латышка"),
    (3, "немец", "немка"),
    (2, "татарин", "татарка"),
    (1, "литовец", "литовка"),
    (1, "эстонец", "эстонка"),
    (1, "армянин", "армянка"),
    (1, "грузин", "грузинка"),
    (1, "мордвин", "мордовка"),
    (1, "чуваш", "чувашка"),
    (0.5, "финн", "финка"),
    (0.5, "грек", "гречанка"),
    (0.5, "кореец", "кореянка"),
)
_EDUCATION = (
    (30, "образование начальное", None),
    (15, "образование среднее", None),
    (8, "образование высшее", None),
    (12, "образование низшее", None),
    (5, "образование неполное среднее", None),
    (12, "неграмотный", "неграмотная"),
    (10, "малограмотный", "малограмотная"),
)
_PARTY = (
    (70, "б/п", None),
    (14, "член ВКП(б)", None),
    (3, "кандидат в члены ВКП(б)", None),
    (5, "исключен из ВКП(б)", "исключена из ВКП(б)"),
    (2, "бывший член ВКП(б)", "бывшая член ВКП(б)"),
    (2, "член ВЛКСМ", None),
    (0.5, "бывший эсер", "бывшая эсерка"),
    (0.5, "бывший меньшевик", "бывшая меньшевичка"),
)
_OCCUPATIONS_MALE = (
    (20, "колхозник"),
    (12, "крестьянин"),
    (6, "крестьянин-единоличник"),
    (10, "рабочий"),
    (4, "слесарь"),
    (3, "токарь"),
    (3, "плотник"),
    (3, "кузнец"),
    (2, "сторож"),
    (3, "счетовод"),
    (3, "бухгалтер"),
    (3, "инженер"),
    (2, "техник"),
    (3, "учитель"),
    (1.5, "агроном"),
    (1, "врач"),
    (2, "священник"),
    (0.7, "дьякон"),
    (0.5, "псаломщик"),
    (3, "красноармеец"),
    (2, "военнослужащий"),
    (2, "председатель колхоза"),
    (1.5, "бригадир колхоза"),
    (1, "начальник цеха"),
    (0.8, "директор завода"),
    (1.5, "зав. складом"),
    (1, "экономист"),
    (1.5, "кладовщик"),
    (1.5, "конюх"),
    (1.5, "машинист паровоза"),
    (0.8, "стрелочник"),
    (1.5, "шофер"),
    (1, "портной"),
    (1.5, "сапожник"),
    (1, "пенсионер"),
    (2, "без определенных занятий"),
    (1, "не работал"),
)
_OCCUPATIONS_FEMALE = (
    (20, "домохозяйка"),
    (20, "колхозница"),
    (6, "крестьянка"),
    (4, "работница"),
    (3, "ткачиха"),
    (4, "учительница"),
    (2, "медсестра"),
    (1, "врач"),
    (3, "счетовод"),
    (2, "бухгалтер"),
    (2, "машинистка"),
    (1, "секретарь"),
    (2, "уборщица"),
    (2, "портниха"),
    (2, "монахиня"),
    (2, "служащая"),
    (1.5, "продавщица"),
    (2, "без определенных занятий"),
    (1, "иждивенка"),
    (1, "пенсионерка"),
    (1.5, "доярка"),
)
# Appended to industrial and office occupations some of the time.
_WORKPLACES = (
    "завода № {n}",
    "фабрики им. Фрунзе",
    'треста "Мосстрой"',
    'артели "Металлист"',
    'колхоза "Красный пахарь"',
    'совхоза "Гигант"',
    "МТС",
    "Наркомтяжпрома",
    'конторы "Заготзерно"',
    "депо ст. Люблино",
    "железной дороги им. Дзержинского",
    'фабрики "Красная заря"',
    "райпотребсоюза",
    "облисполкома",
)
_WORKPLACE_OCCUPATIONS = frozenset(
    _words(
        "рабочий слесарь токарь счетовод бухгалтер инженер техник экономист кладовщик работница "
        "машинистка уборщица служащая секретарь"
    )
)

# Charges by criminal code: the RSFSR's article 58 was 54 in the Ukrainian code and a run of
# separate articles (63-76) in the Belarusian one.
_CHARGES_TERROR: dict[str, tuple[tuple[float, str], ...]] = {
    "РСФСР": (
        (30, "по ст. 58-10"),
        (10, "по ст. 58-10, 58-11"),
        (6, "по ст. 58-6"),
        (6, "по ст. 58-8, 58-11"),
        (3, "по ст. 58-7"),
        (3, "по ст. 58-1а"),
        (8, "58-10 УК РСФСР"),
        (10, "по ст. 58-10 УК РСФСР"),
        (6, "антисоветская агитация"),
        (4, "к.-р. агитация"),
        (6, "участие в к.-р. организации"),
        (4, "шпионаж"),
        (3, "как социально-опасный элемент"),
        (3, "участие в террористической организации"),
    ),
    "УССР": (
        (35, "по ст. 54-10"),
        (12, "по ст. 54-10, 54-11"),
        (8, "по ст. 54-6"),
        (10, "по ст. 54-10 УК УССР"),
        (8, "антисоветская агитация"),
        (6, "шпионаж"),
        (6, "участие в к.-р. организации"),
    ),
    "БССР": (
        (35, "по ст. 72 УК БССР"),
        (15, "по ст. 68, 72 УК БССР"),
        (10, "по ст. 66 УК БССР"),
        (8, "антисоветская агитация"),
        (8, "шпионаж"),
        (6, "участие в к.-р. организации"),
    ),
}
_CHARGES_EARLY = (
    (25, "по ст. 58-10"),
    (10, "по ст. 58-11"),
    (5, "по ст. 58-13"),
    (10, "контрреволюционная агитация"),
    (8, "участие в к.-р. группировке"),
    (8, "антисоветская агитация"),
    (4, "церковно-монархическая деятельность"),
    (4, "по ст. 58-10 УК РСФСР"),
    (3, "вредительство"),
    (3, "по ст. 58-7"),
)
_CHARGES_WAR = (
    (25, "по ст. 58-10 ч. 2"),
    (15, "по ст. 58-10 ч. 1"),
    (10, "по ст. 58-1б"),
    (8, "по ст. 58-1а"),
    (10, "антисоветская агитация"),
    (8, "измена Родине"),
    (6, "по ст. 58-10, 58-11"),
    (5, "пособничество оккупантам"),
    (3, "по ст. 58-14"),
)
_CHARGES_KULAK = (
    (25, "как кулак"),
    (15, "кулак"),
    (15, "по классовому признаку"),
    (10, "член семьи кулака"),
    (10, "по постановлению ЦИК и СНК СССР от 1.02.1930"),
)

# Terror-period sentencing bodies: (weight, kind); texts are filled per region below.
_TERROR_BODIES = (("troika", 55), ("oso", 12), ("vkvs", 10), ("dvoika", 13), ("court", 10))
_BODY_TEXTS = {
    "oso": (
        ("Особое совещание при НКВД СССР", 6),
        ("ОСО при НКВД СССР", 4),
        ("Особое Совещание НКВД СССР", 1),
    ),
    "vkvs": (("ВК ВС СССР", 5), ("Военная коллегия Верховного суда СССР", 3), ("ВКВС СССР", 2)),
    "dvoika": (
        ("Комиссия НКВД и Прокурора СССР", 6),
        ("Комиссия НКВД СССР и Прокурора СССР", 3),
        ("Комиссия НКВД и Прокуратуры СССР", 1),
    ),
}
_TROIKA_FORMS = (
    ("тройка при УНКВД {by}", 7),
    ("тройка УНКВД {by}", 2),
    ("Тройка при УНКВД {by}", 1),
)
# Early bodies change with the political police: Cheka to 1922, OGPU to 1934, then NKVD.
_CHEKA_BODIES = (
    ("Коллегия ВЧК", 25),
    ("губчека", 15),
    ("губревтрибунал", 15),
    ("Коллегия ГПУ", 8),
    ("Верховный ревтрибунал ВЦИК", 4),
    ("{court}", 5),
)
_NKVD_EARLY_BODIES = (
    ("Особое совещание при НКВД СССР", 40),
    ("{court}", 30),
    ("ВК ВС СССР", 15),
    ("тройка при УНКВД {by}", 15),
)
_EARLY_BODIES = (
    ("тройка при ПП ОГПУ {by}", 30),
    ("Коллегия ОГПУ", 12),
    ("Особое совещание при коллегии ОГПУ", 15),
    ("ОСО при коллегии ОГПУ", 8),
    ("Судебная тройка при коллегии ОГПУ", 6),
    ("{court}", 12),
    ("нарсуд", 5),
)
_WAR_BODIES = (
    ("Военный трибунал", 20),
    ("Военный трибунал войск НКВД Московского округа", 8),
    ("Военный трибунал войск НКВД Западно-Сибирского округа", 4),
    ("ОСО при НКВД СССР", 25),
    ("Особое совещание при МГБ СССР", 15),
    ("{court}", 20),
    ("Военный трибунал Западного фронта", 5),
)

# Sentences: (weight, masculine, feminine or None, death: bool)
_Sentence = tuple[float, str, str | None, bool]
_SENTENCES_TERROR: dict[str, tuple[_Sentence, ...]] = {
    "troika": (
        (55, "ВМН", None, True),
        (8, "расстрел", None, True),
        (25, "10 лет ИТЛ", None, False),
        (8, "8 лет ИТЛ", None, False),
        (4, "5 лет ИТЛ", None, False),
    ),
    "oso": (
        (30, "8 лет ИТЛ", None, False),
        (30, "5 лет ИТЛ", None, False),
        (15, "10 лет ИТЛ", None, False),
        (5, "3 года ИТЛ", None, False),
        (8, "5 лет ссылки в Казахстан", None, False),
        (4, "к 8 годам ИТЛ", None, False),
    ),
    "vkvs": (
        (80, "ВМН", None, True),
        (5, "ВМН, конфискация имущества", None, True),
        (10, "10 лет ИТЛ", None, False),
        (3, "15 лет ИТЛ", None, False),
        (2, "20 лет ИТЛ", None, False),
    ),
    "dvoika": ((75, "ВМН", None, True), (25, "10 лет ИТЛ", None, False)),
    "court": (
        (30, "10 лет ИТЛ", None, False),
        (10, "6 лет ИТЛ", None, False),
        (20, "5 лет ИТЛ", None, False),
        (10, "ВМН", None, True),
        (15, "3 года ИТЛ", None, False),
        (5, "оправдан", "оправдана", False),
        (10, "дело прекращено", None, False),
    ),
}
_SENTENCES_EARLY: tuple[_Sentence, ...] = (
    (15, "3 года ссылки", None, False),
    (10, "5 лет ссылки", None, False),
    (8, "3 года ссылки в Казахстан", None, False),
    (8, "выслан в Северный край на 3 года", "выслана в Северный край на 3 года", False),
    (12, "3 года ИТЛ", None, False),
    (12, "5 лет ИТЛ", None, False),
    (6, "10 лет ИТЛ", None, False),
    (5, "расстрел", None, True),
    (4, "ВМН", None, True),
    (6, "дело прекращено", None, False),
    (4, "3 года концлагеря", None, False),
    (3, "освобожден", "освобождена", False),
)
_SENTENCES_WAR: tuple[_Sentence, ...] = (
    (35, "10 лет ИТЛ", None, False),
    (12, "8 лет ИТЛ", None, False),
    (10, "5 лет ИТЛ", None, False),
    (8, "25 лет ИТЛ", None, False),
    (10, "ВМН", None, True),
    (8, "10 лет ИТЛ и 5 лет поражения в правах", None, False),
    (5, "7 лет ИТЛ", None, False),
    (5, "дело прекращено", None, False),
    (2, "15 лет каторжных работ", None, False),
)
_SENTENCES_KULAK: tuple[_Sentence, ...] = (
    (30, "раскулачивание", None, False),
    (12, "раскулачен", "раскулачена", False),
    (15, "спецпоселение", None, False),
    (10, "спецпоселение в {prep}", None, False),
    (12, "выселение - {nom}", None, False),
    (8, "выслан в {acc}", "выслана в {acc}", False),
    (5, "раскулачен и выслан на спецпоселение", "раскулачена и выслана на спецпоселение", False),
)
# Exile destinations, in the three grammatical forms the sentences need.
_EXILE_PLACES = (
    ("Томская обл.", "Томской обл.", "Томскую обл."),
    ("Нарымский край", "Нарымском крае", "Нарымский край"),
    ("Архангельская обл.", "Архангельской обл.", "Архангельскую обл."),
    ("Северный край", "Северном крае", "Северный край"),
    ("Коми АССР", "Коми АССР", "Коми АССР"),
    ("Казахстан", "Казахстане", "Казахстан"),
    ("Свердловская обл., Надеждинский р-н", "Свердловской обл.", "Свердловскую обл."),
    ("Мурманская обл., Кировский р-н", "Мурманской обл.", "Мурманскую обл."),
)
# Deported peoples: (weight, masculine, feminine, year, homes)
_DEPORTED = (
    (
        55,
        "немец",
        "немка",
        1941,
        (
            "АССР немцев Поволжья, Марксштадтский кантон",
            "АССР немцев Поволжья, Бальцерский кантон",
            "Саратовская обл.",
            "Запорожская обл.",
            "г. Москва",
        ),
    ),
    (
        12,
        "чеченец",
        "чеченка",
        1944,
        ("ЧИАССР, Урус-Мартановский р-н", "ЧИАССР, Шалинский р-н", "ЧИАССР, Веденский р-н"),
    ),
    (4, "ингуш", "ингушка", 1944, ("ЧИАССР, Назрановский р-н", "ЧИАССР, Пригородный р-н")),
    (6, "калмык", "калмычка", 1943, ("Калмыцкая АССР, Яшкульский улус", "Калмыцкая АССР")),
    (3, "карачаевец", "карачаевка", 1943, ("Карачаевская АО", "Карачаевская АО, Учкуланский р-н")),
    (2, "балкарец", "балкарка", 1944, ("Кабардино-Балкарская АССР",)),
    (
        6,
        "крымский татарин",
        "крымская татарка",
        1944,
        ("Крымская АССР, Бахчисарайский р-н", "Крымская АССР, Карасубазарский р-н"),
    ),
    (5, "кореец", "кореянка", 1937, ("Дальне-Восточный кр., Посьетский р-н",)),
    (3, "финн", "финка", 1942, ("Ленинградская обл., Токсовский р-н",)),
    (4, "поляк", "полька", 1940, ("Волынская обл.", "Житомирская обл.")),
    (2, "грек", "гречанка", 1944, ("Крымская АССР", "Краснодарский кр.")),
)
# (where to, where in, weight)
_DEPORT_DESTINATIONS = (
    ("в Казахстан", "в Казахстане", 40),
    ("в Киргизию", "в Киргизии", 10),
    ("в Новосибирскую обл.", "в Новосибирской обл.", 12),
    ("в Омскую обл.", "в Омской обл.", 10),
    ("в Красноярский край", "в Красноярском крае", 10),
    ("в Алтайский край", "в Алтайском крае", 8),
    ("в Узбекистан", "в Узбекистане", 8),
    ("в Томскую обл.", "в Томской обл.", 5),
)
_DISENFRANCHISED_OCCUPATIONS = (
    (20, "торговец", "торговка"),
    (15, "священник", "монахиня"),
    (10, "мельник", "домохозяйка"),
    (10, "кустарь", "кустарка"),
    (8, "лавочник", "иждивенка"),
    (5, "бывший урядник", "вдова"),
    (6, "единоличник", "единоличница"),
    (4, "псаломщик", "просвирня"),
)

# Years weighted by how many people each period touched; month profiles shape the peaks.
_TERROR_YEARS = {1936: 3, 1937: 42, 1938: 38, 1939: 3}
_TERROR_MONTHS = {
    1937: (1, 1, 1, 1.5, 2, 3, 5, 10, 11, 12, 12, 12),
    1938: (10, 10, 10, 8, 6, 5, 5, 5, 4, 3, 2, 1),
}
_EARLY_YEARS = {
    **{y: 1 for y in range(1918, 1928)},
    1928: 2,
    1929: 5,
    1930: 9,
    1931: 8,
    1932: 6,
    1933: 7,
    1934: 3,
    1935: 4,
    1936: 3,
}
_WAR_YEARS = {
    1939: 2,
    1940: 3,
    1941: 8,
    1942: 8,
    1943: 5,
    1944: 5,
    1945: 6,
    1946: 4,
    1947: 4,
    1948: 4,
    1949: 5,
    1950: 5,
    1951: 3,
    1952: 2,
    1953: 1,
}
_KULAK_YEARS = {1929: 2, 1930: 10, 1931: 9, 1932: 3, 1933: 2}
_DISENFRANCHISED_YEARS = {1926: 1, 1927: 2, 1928: 3, 1929: 4, 1930: 4, 1931: 2, 1932: 1}
_REHAB_YEARS_POLITICAL = {
    **{y: 4 for y in range(1955, 1963)},  # the Khrushchev-era reviews
    **{y: 0.3 for y in range(1963, 1988)},
    **{1988: 6, 1989: 18, 1990: 8, 1991: 4, 1992: 4},  # the 1989 decree
    **{y: 1.2 for y in range(1993, 2006)},
}
_REHAB_YEARS_MASS = {
    1989: 2,
    1990: 3,
    1991: 4,
    1992: 8,
    1993: 8,
    1994: 7,
    1995: 6,
    1996: 6,
    1997: 6,
    1998: 5,
    1999: 5,
    2000: 4,
    2001: 3,
    2002: 3,
    2003: 2,
    2004: 2,
    2005: 1,
}

# Youngest age at the decisive event: children were exiled and deported with their families;
# only adults were voters to be disenfranchised or (with rare exceptions) tried.
_MIN_AGE = {"terror": 16, "early": 16, "war": 16, "kulak": 0, "disenfranchised": 18, "deported": 0}

# Scenario: (name, weight, share of women)
_SCENARIOS = (
    ("terror", 40, 0.08),
    ("early", 10, 0.12),
    ("kulak", 20, 0.45),
    ("disenfranchised", 5, 0.4),
    ("deported", 10, 0.5),
    ("war", 15, 0.12),
)

_MONTH_GENITIVE = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
_MONTH_PREPOSITIONAL = (
    "январе",
    "феврале",
    "марте",
    "апреле",
    "мае",
    "июне",
    "июле",
    "августе",
    "сентябре",
    "октябре",
    "ноябре",
    "декабре",
)
_UNION_REHABILITATORS = ("ВК ВС СССР", "Прокуратурой СССР")
_FIRST_YEAR, _LAST_YEAR = 1850, 2010


# --------------------------------------------------------------------------------------------
# Machinery
# --------------------------------------------------------------------------------------------


class _Calendar:
    """Days as integer offsets from 1 Jan 1850 with their texts formatted once.

    Date arithmetic is then integer addition and formatting a list lookup, which keeps the
    per-record cost down to a few hundred nanoseconds for all its dates.
    """

    def __init__(self) -> None:
        self.day_text: list[str] = []  # "7 марта 1937 г."
        self.day_month: list[int] = []  # month index of each day
        self.month_start: list[int] = []
        self.month_len: list[int] = []
        self.month_text: list[str] = []  # "в марте 1937 г."
        for year in range(_FIRST_YEAR, _LAST_YEAR + 1):
            for month in range(12):
                length = monthrange(year, month + 1)[1]
                self.month_start.append(len(self.day_text))
                self.month_len.append(length)
                self.month_text.append(f"в {_MONTH_PREPOSITIONAL[month]} {year} г.")
                genitive = _MONTH_GENITIVE[month]
                index = len(self.month_start) - 1
                for day in range(1, length + 1):
                    self.day_text.append(f"{day} {genitive} {year} г.")
                    self.day_month.append(index)

    @staticmethod
    def month_index(year: int, month: int = 1) -> int:
        """Index of a month (1-12) of a year."""
        return (year - _FIRST_YEAR) * 12 + month - 1

    def year_of(self, day: int) -> int:
        """The year a day falls in."""
        return _FIRST_YEAR + self.day_month[day] // 12

    def numeric(self, day: int) -> str:
        """The day as "21.11.1890"."""
        month = self.day_month[day]
        return f"{day - self.month_start[month] + 1:02d}.{month % 12 + 1:02d}.{self.year_of(day)}"


def _month_weights(
    years: dict[int, float], profiles: dict[int, Sequence[float]] | None = None
) -> tuple[list[int], list[float]]:
    """Spread each year's weight over its months (flat unless a profile is given)."""
    population: list[int] = []
    weights: list[float] = []
    for year, weight in sorted(years.items()):
        profile = (profiles or {}).get(year, (1,) * 12)
        total = sum(profile)
        for month, share in enumerate(profile, start=1):
            population.append(_Calendar.month_index(year, month))
            weights.append(weight * share / total)
    return population, weights


def _birth_year_weights() -> dict[str, dict[int, float]]:
    """Birth-year shapes per scenario: adults for the camps, whole families for deportations."""
    adults = {y: max(0.2, 10 - abs(y - 1895) * 0.45) for y in range(1855, 1921)}
    young = {y: max(0.2, 10 - abs(y - 1912) * 0.5) for y in range(1870, 1932)}
    families = {y: max(0.5, 6 - abs(y - 1890) * 0.12) for y in range(1850, 1931)}
    for y in range(1912, 1931):
        families[y] = families.get(y, 0) + 4  # children went into exile with their parents
    old = {y: max(0.3, 8 - abs(y - 1875) * 0.3) for y in range(1845, 1910)}
    deported = {y: 4.0 for y in range(1870, 1945)}
    return {
        "terror": adults,
        "early": {y: w for y, w in adults.items() if y <= 1915},
        "war": young,
        "kulak": families,
        "disenfranchised": old,
        "deported": deported,
    }


Draw = Callable[[], Any]


def _stream(rng: random.Random, population: Sequence[Any], weights: Iterable[float] | None) -> Draw:
    """A zero-argument function returning successive weighted draws.

    Draws are taken ``_BATCH`` at a time with ``rng.choices`` and pre-accumulated weights; the
    sequence depends only on the seed and the order of calls, so output stays deterministic.
    """
    cum = list(accumulate(weights)) if weights is not None else None
    population = list(population)
    choices = rng.choices

    def batches() -> Iterator[Any]:
        while True:
            yield from choices(population, cum_weights=cum, k=_BATCH)

    return batches().__next__


def _table(rng: random.Random, entries: Sequence[tuple[Any, ...]], weight_at: int = 0) -> Draw:
    """Stream over tuples with the weight in position ``weight_at``; yields whole tuples."""
    return _stream(rng, entries, [e[weight_at] for e in entries])


def _gendered(rng: random.Random, entries: Sequence[tuple[Any, ...]]) -> Draw:
    """Stream over (weight, masculine, feminine-or-None, ...) yielding (masc, fem) pairs."""
    pairs = [(e[1], e[2] if e[2] is not None else e[1]) for e in entries]
    return _stream(rng, pairs, [e[0] for e in entries])


def _counter_stream(rng: random.Random, counts: Counter[str]) -> Draw:
    """Stream over a frequency table, ordered by frequency for a stable, seed-only sequence."""
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return _stream(rng, [k for k, _ in items], [v for _, v in items])


def _dot(text: str) -> str:
    """End a line with one full stop (places often already end in an abbreviation's)."""
    return text if text.endswith(".") else text + "."


@lru_cache(maxsize=4)
def _cached_counts(data_dir: Path) -> NameCounts:
    """Name counts, read once per process (about 0.1 s)."""
    return load_name_counts(data_dir)


def _squash(text: str) -> str:
    """Text with runs of whitespace (and line breaks) made single spaces, for comparisons."""
    return " ".join(text.split())


@lru_cache(maxsize=4)
def _real_bodies(data_dir: Path) -> frozenset[str]:
    """The anonymised real biographies, whitespace-squashed, so none is ever reproduced.

    Short generic records ("Родилась в 1926 г." + "Приговор: спецпоселение") do occur by chance;
    the generator checks every record against this set and extends any that match.
    """
    archive = data_dir / "memo-lists-anon" / "texts.zip"
    if not archive.exists():
        return frozenset()
    with zipfile.ZipFile(archive) as zipped:
        text = zipped.read("texts.txt").decode("utf-8").replace("\r\n", "\n")  # CRLF file
    return frozenset(_squash(record) for record in text.split("\n---\n"))


# Spelling variants archives record for one surname: o/e after hushing consonants at the end
# (Балашов/Балашев), ы/и after ц (Лисицын/Лисицин), ьев/иев, doubled consonants, э/е.
_VARIANT_RULES = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"([жчшщц])ов(а?)$", r"\1ев\2"),
        (r"([жчшщц])ев(а?)$", r"\1ов\2"),
        (r"ьев(а?)$", r"иев\1"),
        (r"цын", "цин"),
        (r"цин", "цын"),
        (r"([бклмнпрстф])\1", r"\1"),
        (r"э", "е"),
        (r"ё", "е"),
    )
)


def _surname_variant(surname: str, rnd: Callable[[], float]) -> str | None:
    """A plausible alternative spelling of a surname, as archives record them, or None."""
    start = int(rnd() * len(_VARIANT_RULES))
    for i in range(len(_VARIANT_RULES)):
        pattern, replacement = _VARIANT_RULES[(start + i) % len(_VARIANT_RULES)]
        variant = pattern.sub(replacement, surname, count=1)
        if variant != surname:
            return variant
    # Unstressed o/a are the commonest clerical confusion; swap one inside the word.
    for old, new in (("о", "а"), ("а", "о")):
        cut = surname.find(old, 1, len(surname) - 3)
        if cut > 0:
            return surname[:cut] + new + surname[cut + 1 :]
    return None


# --------------------------------------------------------------------------------------------
# The generator
# --------------------------------------------------------------------------------------------


def iter_records(records: int, seed: int = 1, data_dir: Path = DEFAULT_DATA_DIR) -> Iterator[str]:
    """Yield ``records`` synthetic biographies (each without its ``---`` separator).

    The first line is the full name; the rest follows the Books-of-Memory layout of
    ``texts.txt``. The same seed (and the same real name lists) gives the same records.
    """
    counts = _cached_counts(Path(data_dir))
    real_bodies = _real_bodies(Path(data_dir))
    cal = _Calendar()
    rng = random.Random(seed)
    rnd = rng.random

    # Name streams, one per sex.
    surname = (_counter_stream(rng, counts.surnames[0]), _counter_stream(rng, counts.surnames[1]))
    given = (_counter_stream(rng, counts.given[0]), _counter_stream(rng, counts.given[1]))
    patronymic = (
        _counter_stream(rng, counts.patronymics[0]),
        _counter_stream(rng, counts.patronymics[1]),
    )

    scenario = _table(rng, _SCENARIOS, weight_at=1)
    birth_year = {
        k: _stream(rng, list(v), list(v.values())) for k, v in _birth_year_weights().items()
    }
    region = _stream(rng, [r for _, r in _REGIONS], [w for w, _ in _REGIONS])
    district = {id(r): _stream(rng, r.districts, None) for _, r in _REGIONS}
    burial = {id(r): _stream(rng, r.burial, None) for _, r in _REGIONS}
    # Moscow buried troika and commission victims at Butovo, the Military Collegium's mostly at
    # Kommunarka and in the Donskoy crematorium.
    moscow = _REGIONS[0][1]
    moscow_grave = {
        "troika": _stream(rng, ("Бутово", "Московская обл., Бутово"), None),
        "dvoika": _stream(rng, ("Бутово", "Московская обл., Бутово"), None),
        "vkvs": _stream(rng, ("Коммунарка", "Москва, Донское кладбище"), None),
    }
    guberniya = _stream(rng, _GUBERNIYAS, None)
    settlement = _stream(rng, _SETTLEMENT_NAMES, None)
    settlement_kind = _table(rng, _SETTLEMENT_KINDS, weight_at=1)
    birth_city = _stream(rng, _BIRTH_CITIES, None)
    street = _stream(rng, _MOSCOW_STREETS, None)
    nationality = _gendered(rng, _NATIONALITIES)
    education = _gendered(rng, _EDUCATION)
    party = _gendered(rng, _PARTY)
    occupation = (_table(rng, _OCCUPATIONS_MALE), _table(rng, _OCCUPATIONS_FEMALE))
    workplace = _stream(rng, _WORKPLACES, None)
    terror_body = _table(rng, _TERROR_BODIES, weight_at=1)
    body_text = {k: _table(rng, v, weight_at=1) for k, v in _BODY_TEXTS.items()}
    troika_form = _table(rng, _TROIKA_FORMS, weight_at=1)
    early_body = (
        _table(rng, _CHEKA_BODIES, weight_at=1),
        _table(rng, _EARLY_BODIES, weight_at=1),
        _table(rng, _NKVD_EARLY_BODIES, weight_at=1),
    )
    war_body = _table(rng, _WAR_BODIES, weight_at=1)
    charge_terror = {k: _table(rng, v) for k, v in _CHARGES_TERROR.items()}
    charge_early = _table(rng, _CHARGES_EARLY)
    charge_war = _table(rng, _CHARGES_WAR)
    charge_kulak = _table(rng, _CHARGES_KULAK)
    sentence_terror = {k: _table(rng, v) for k, v in _SENTENCES_TERROR.items()}
    sentence_early = _table(rng, _SENTENCES_EARLY)
    sentence_war = _table(rng, _SENTENCES_WAR)
    sentence_kulak = _table(rng, _SENTENCES_KULAK)
    exile_place = _stream(rng, _EXILE_PLACES, None)
    deported = _table(rng, _DEPORTED)
    deport_destination = _table(rng, _DEPORT_DESTINATIONS, weight_at=2)
    disenfranchised_occupation = _gendered(rng, _DISENFRANCHISED_OCCUPATIONS)
    months = {
        "terror": _stream(rng, *_month_weights(_TERROR_YEARS, _TERROR_MONTHS)),
        "early": _stream(rng, *_month_weights(_EARLY_YEARS)),
        "war": _stream(rng, *_month_weights(_WAR_YEARS)),
        "kulak": _stream(rng, *_month_weights(_KULAK_YEARS)),
        "disenfranchised": _stream(rng, *_month_weights(_DISENFRANCHISED_YEARS)),
        "rehab_political": _stream(rng, *_month_weights(_REHAB_YEARS_POLITICAL)),
        "rehab_mass": _stream(rng, *_month_weights(_REHAB_YEARS_MASS)),
    }
    month_start, month_len = cal.month_start, cal.month_len
    day_text, month_text, day_month = cal.day_text, cal.month_text, cal.day_month
    rehab_law_day = month_start[_Calendar.month_index(1991, 10)] + 17  # 18 October 1991
    ogpu_day = month_start[_Calendar.month_index(1923, 11)]  # OGPU of the USSR, Nov 1923
    nkvd_day = month_start[_Calendar.month_index(1934, 7)] + 9  # NKVD of the USSR, 10.07.1934
    soviet_end_day = month_start[_Calendar.month_index(1992, 1)]  # no Union bodies after 1991
    troikas_end = month_start[_Calendar.month_index(1938, 11)] + 14  # last sittings, mid-Nov 1938
    decree_day = month_start[_Calendar.month_index(1930, 2)]  # dekulakisation decree, 1.02.1930

    def kulak_charge(day: int) -> str:
        charge = charge_kulak()[1]
        return "как кулак" if day < decree_day and "1930" in charge else charge

    def day_in(month: int) -> int:
        return month_start[month] + int(rnd() * month_len[month])

    def year_text(day: int) -> str:
        return f"в {_FIRST_YEAR + day_month[day] // 12} г."

    def place(reg: Region, year: int | None) -> str:
        """A birthplace or residence: province or region, district, settlement."""
        roll = rnd()
        if roll < 0.18:
            return f"г. {birth_city() if year is not None else reg.centre}"
        kind = settlement_kind()[0]
        name = settlement()
        where = f"{kind} {name}" if kind else name
        if year is not None and year < 1917 and roll < 0.55:
            province, uezds = guberniya()
            uezd = uezds[int(rnd() * len(uezds))]
            return f"{province}, {uezd} уезд, {where}"
        if roll < 0.93:
            return f"{reg.name}, {district[id(reg)]()} р-н, {where}"
        return f"{district[id(reg)]()} р-н, {where}"

    def residence(reg: Region) -> str:
        roll = rnd()
        if reg.centre == "Москва" and roll < 0.6:
            if roll < 0.25:
                flat = f", кв. {1 + int(rnd() * 90)}" if rnd() < 0.8 else ""
                return f"г. Москва, {street()}, д. {1 + int(rnd() * 60)}{flat}"
            return "г. Москва"
        if roll < 0.4:
            return f"г. {reg.centre}"
        return place(reg, None)

    def occupation_line(sx: int) -> str:
        text = occupation[sx]()[1]
        if text in _WORKPLACE_OCCUPATIONS and rnd() < 0.35:
            text = f"{text} {workplace().format(n=1 + int(rnd() * 120))}"
        if rnd() < 0.15:
            text = text[0].upper() + text[1:]
        return text + "."

    def rehab_line(sx: int, reg: Region, after: int, pool: str) -> str | None:
        day = day_in(months[pool]())
        if day <= after:
            day = after + 30 + int(rnd() * 3000)
        verb = "Реабилитирована" if sx else "Реабилитирован"
        roll = rnd()
        if roll < 0.05 and day >= rehab_law_day:
            return f"{verb}  по Закону от 18 октября 1991 г."
        if roll < 0.7:
            when = day_text[day]
        elif roll < 0.88:
            when = month_text[day_month[day]]
        else:
            when = year_text(day)
        if rnd() < 0.12:
            pick = int(rnd() * 4)
            if pick > 1 and day >= soviet_end_day:  # Union bodies are gone after 1991
                pick -= 2
            authorities = (f"Прокуратурой {reg.gen}", f"УВД {reg.gen}", *_UNION_REHABILITATORS)
            who = authorities[pick]
            return f"{verb} {when} {who}"
        return f"{verb} {when}"

    remaining = records
    while remaining > 0:
        remaining -= 1
        kind, _, female_share = scenario()
        sx = 1 if rnd() < female_share else 0
        a = "а" if sx else ""
        reg: Region = region()
        lines: list[str] = []

        last = surname[sx]()
        lines.append(f"{last} {given[sx]()} {patronymic[sx]()}")
        if rnd() < 0.03:
            variant = _surname_variant(last, rnd)
            if variant:
                lines.append(f"(варианты фамилии: {variant})")

        # The decisive date comes first so the birth year can be kept consistent with it.
        deport = deported() if kind == "deported" else None
        if deport is not None:
            event = day_in(_Calendar.month_index(deport[3], 1 + int(rnd() * 12)))
        else:
            event = day_in(months[kind]())
        year = birth_year[kind]()
        latest = cal.year_of(event) - _MIN_AGE[kind]
        if year > latest:
            year = latest - int(rnd() * 25)

        # --- birth line ------------------------------------------------------------------
        if rnd() < 0.97:
            verb = "Родилась" if sx else "Родился"
            if rnd() < 0.03:
                month = _Calendar.month_index(year, 1 + int(rnd() * 12))
                born = f"{verb} {cal.numeric(day_in(month))}"
            else:
                born = f"{verb} в {year} г."
                if rnd() < 0.008:  # the sources sometimes disagree with themselves
                    born += f" (по другим данным - {year + (1, 2, -1, -2, 3)[int(rnd() * 5)]})"
            if rnd() < 0.75:
                if deport is not None and rnd() < 0.7:  # most deportees were born where they lived
                    born += f", {deport[4][int(rnd() * len(deport[4]))]};"
                else:
                    born += f", {place(reg, year)};"
            if deport is not None:
                born += f" {deport[1 + sx]};"
            elif rnd() < 0.55:
                born += f" {nationality()[sx]};"
            if kind in ("terror", "early", "war"):
                if rnd() < 0.35:
                    born += f"{'  ' if rnd() < 0.8 else ' '}{education()[sx]};"
                if rnd() < 0.4:
                    membership = party()[sx]
                    if "ВЛКСМ" in membership and latest - year > 12:  # the Komsomol was for youth
                        membership = "б/п"
                    born += f" {membership};"
            lines.append(born)

        arrested = "Арестована" if sx else "Арестован"
        sentenced = "Приговорена" if sx else "Приговорен"
        gap = "  " if rnd() < 0.8 else " "  # the real file mostly has two spaces here

        if kind in ("terror", "early", "war"):
            if rnd() < 0.6:
                lines.append(occupation_line(sx))
            if rnd() < 0.75:
                lines.append(f"Проживал{a}: {_dot(residence(reg))}")
            arrest = event
            if kind == "terror":
                body_kind = terror_body()[0]
                if body_kind in ("troika", "dvoika") and arrest > troikas_end - 5:
                    body_kind = "oso"  # troikas and commissions were wound up in November 1938
                if body_kind == "troika":
                    body = troika_form()[0].format(by=reg.by)
                    sentence_day = arrest + 5 + int(85 * rnd() ** 2)
                elif body_kind == "court":
                    body = reg.court
                    sentence_day = arrest + 40 + int(300 * rnd())
                else:
                    body = body_text[body_kind]()[0]
                    sentence_day = arrest + 20 + int(300 * rnd() ** 2)
                if body_kind in ("troika", "dvoika") and sentence_day > troikas_end:
                    # spread late cases over the last weeks rather than piling them on one day
                    sentence_day = arrest + int(rnd() * (troikas_end - arrest + 1))
                if sx and body_kind == "oso" and rnd() < 0.5:
                    charge = "как член семьи изменника Родины"
                else:
                    charge = charge_terror[reg.code]()[1]
                sentence = sentence_terror[body_kind]()
                death_delay = 1 + int(rnd() * (2 if body_kind == "vkvs" else 15))
            elif kind == "early":
                sentence_day = arrest + 20 + int(200 * rnd())
                sentence_year = cal.year_of(sentence_day)
                era = 0 if sentence_day < ogpu_day else 1 if sentence_day < nkvd_day else 2
                body = early_body[era]()[0].format(by=reg.by, court=reg.court)
                charge = charge_early()[1]
                if sentence_year < 1927 and "58-" in charge:
                    charge = "контрреволюционная деятельность"  # article 58 dates from 1926-27
                sentence = sentence_early()
                if sentence_year < 1929 and "ИТЛ" in sentence[1]:
                    # camps were "концлагеря" until the 1929 reform introduced ИТЛ
                    sentence = (0, sentence[1].replace("ИТЛ", "концлагеря"), None, False)
                death_delay = 1 + int(rnd() * 30)
            else:
                body = war_body()[0].format(court=reg.court)
                sentence_day = arrest + 30 + int(250 * rnd())
                charge = charge_war()[1]
                sentence = sentence_war()
                if sentence[1] == "25 лет ИТЛ" and cal.year_of(sentence_day) < 1947:
                    sentence = (0, "10 лет ИТЛ", None, False)  # 25 years only after 1947
                if body.endswith("МГБ СССР") and cal.year_of(sentence_day) < 1946:
                    body = "ОСО при НКВД СССР"  # the MGB only existed from 1946
                death_delay = 1 + int(rnd() * 60)

            if rnd() < 0.8:
                organ = f" УНКВД {reg.by}" if kind == "terror" and rnd() < 0.1 else ""
                lines.append(f"{arrested}{gap}{day_text[arrest]}{organ}")
            if rnd() < 0.85:
                when = day_text[sentence_day] if rnd() < 0.94 else year_text(sentence_day)
                if rnd() < 0.9:
                    lines.append(f"{sentenced}: {body} {when}, обв.: {charge}.")
                else:
                    lines.append(f"{sentenced}: {body} {when}")  # date ends in "г."
            verdict = sentence[2 if sx and sentence[2] else 1]
            lines.append(f"Приговор: {verdict}{'.' if rnd() < 0.12 else ''}")
            if sentence[3]:
                roll = rnd()
                if roll < 0.9:
                    lines.append(f"Расстрелян{a} {day_text[sentence_day + death_delay]}")
                elif roll < 0.95:
                    lines.append(f"Расстрелян{a} {year_text(sentence_day + death_delay)}")
                if rnd() < 0.25:
                    grave = (
                        moscow_grave.get(body_kind) if kind == "terror" and reg is moscow else None
                    )
                    lines.append(f"Место захоронения - {(grave or burial[id(reg)])()}.")
            if rnd() < 0.65:
                line = rehab_line(sx, reg, sentence_day, "rehab_political")
                if line:
                    lines.append(line)

        elif kind == "kulak":
            if rnd() < 0.3:
                peasant = "крестьянка." if sx else "крестьянин."
                lines.append(occupation_line(sx) if rnd() < 0.5 else peasant)
            if rnd() < 0.8:
                lines.append(f"Проживал{a}: {_dot(place(reg, None))}")
            day = event
            if rnd() < 0.15 and year <= latest - 16:  # heads of households, not their children
                lines.append(f"{arrested}{gap}{day_text[day - 20 - int(rnd() * 60)]}")
            has_decision = rnd() < 0.75
            if has_decision:
                roll = rnd()
                if roll < 0.4:
                    lines.append(f"{sentenced}: {year_text(day)}")
                elif roll < 0.6:
                    lines.append(
                        f"{sentenced}: {district[id(reg)]()} РИК {year_text(day)}, "
                        f"обв.: {kulak_charge(day)}."
                    )
                elif roll < 0.75:
                    lines.append(f"{sentenced}: {day_text[day]}, обв.: {kulak_charge(day)}.")
                elif roll < 0.85:
                    lines.append(f"{sentenced}: , обв.: {kulak_charge(day)}.")
                else:
                    lines.append(
                        f"{sentenced}: тройка при ПП ОГПУ {reg.by} {day_text[day]}, "
                        f"обв.: по ст. 58-10."
                    )
            if not has_decision or rnd() < 0.9:  # every record keeps at least one decision line
                s = sentence_kulak()
                nom, prep, acc = exile_place()
                lines.append(
                    "Приговор: " + s[2 if sx and s[2] else 1].format(nom=nom, prep=prep, acc=acc)
                )
            if rnd() < 0.55:
                line = rehab_line(sx, reg, day, "rehab_mass")
                if line:
                    lines.append(line)

        elif kind == "disenfranchised":
            if rnd() < 0.5:
                lines.append(disenfranchised_occupation()[sx] + ".")
            if rnd() < 0.7:
                lines.append(f"Проживал{a}: {_dot(place(reg, None))}")
            day = event
            if rnd() < 0.85:
                lines.append(f"{sentenced}: {year_text(day)}")
            else:
                lines.append(f"{sentenced}: {district[id(reg)]()} РИК {year_text(day)}")
            verdict = "лишена избирательных прав" if sx else "лишен избирательных прав"
            if rnd() < 0.15:
                verdict += ", выслана" if sx else ", выслан"
            lines.append(f"Приговор: {verdict}")
            if rnd() < 0.3:
                line = rehab_line(sx, reg, day, "rehab_mass")
                if line:
                    lines.append(line)

        else:  # deported
            assert deport is not None
            homes = deport[4]
            if rnd() < 0.25:
                lines.append(occupation_line(sx))
            if rnd() < 0.7:
                lines.append(f"Проживал{a}: {_dot(homes[int(rnd() * len(homes))])}")
            day = event
            if rnd() < 0.6:
                if rnd() < 0.6:
                    lines.append(f"{sentenced}: {year_text(day)}")
                else:
                    lines.append(f"{sentenced}: , обв.: по нац. признаку.")
            roll = rnd()
            nat = deport[1 + sx]
            if roll < 0.45:
                lines.append(f"Приговор: выселен{a} {deport_destination()[0]} (по нац. признаку)")
            elif roll < 0.7:
                lines.append(f"Приговор: спецпоселение {deport_destination()[1]}")
            elif roll < 0.85:
                lines.append(f"Приговор: репрессирован{a} по нац. признаку")
            else:
                lines.append(f"Приговор: выслан{a} как {nat}")
            if rnd() < 0.75:
                line = rehab_line(sx, reg, day, "rehab_mass")
                if line:
                    lines.append(line)

        text = "\n".join(lines)
        # Compare what follows the name (and any variants line) with the real bodies.
        # Generated text has no whitespace runs but "\n" and double spaces, so two replaces
        # squash it like _squash, at a fraction of the cost of split and join.
        skip = len(lines[0]) + 1 + (len(lines[1]) + 1 if lines[1][0] == "(" else 0)
        while text[skip:].replace("\n", " ").replace("  ", " ") in real_bodies:
            at = 1
            while at < len(lines) and lines[at].startswith(("(", "Родил")):
                at += 1
            lines.insert(at, f"Проживал{a}: {_dot(place(reg, None))}")
            text = "\n".join(lines)
        yield text


def write_corpus(
    path: Path,
    records: int,
    seed: int = 1,
    data_dir: Path = DEFAULT_DATA_DIR,
    *,
    crlf: bool = False,
) -> int:
    """Write ``records`` synthetic records to ``path`` (each followed by ``---``); return count.

    Lines end in ``\\n``; ``crlf=True`` writes ``\\r\\n`` as the published ``texts.txt`` does.
    """
    written = 0
    newline = "\r\n" if crlf else "\n"
    with Path(path).open("w", encoding="utf-8", newline=newline, buffering=1 << 20) as out:
        write = out.write
        for text in iter_records(records, seed, data_dir):
            write(text)
            write("\n" + SEPARATOR)
            written += 1
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point: generate a corpus and report how long it took."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="where to write the corpus (UTF-8 text)")
    parser.add_argument("--records", type=int, required=True, help="how many records")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=DEFAULT_DATA_DIR,
        help="real data folder holding the name lists (default ../shared/data)",
    )
    parser.add_argument(
        "--crlf", action="store_true", help="end lines in CRLF like the published texts.txt"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    written = write_corpus(args.out, args.records, args.seed, args.data_dir, crlf=args.crlf)
    elapsed = time.perf_counter() - started
    size = args.out.stat().st_size
    print(
        f"wrote {written:,} records to {args.out} in {elapsed:.1f} s "
        f"({written / max(elapsed, 1e-9):,.0f} records/s, {size / 1e6:.1f} MB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
