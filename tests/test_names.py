"""The names module and the query reader: folds, gender folds, the split of a printed name,
sex from a patronymic, romanisations, given-name equivalents, index keys, and the reading of a
typed query and of `--born`.

The examples are hand-made names of the lists' shapes (no record of the real data is copied);
the properties run each parser and fold on arbitrary text. A test marked `xfail(strict=True)`
shows a bug that is still open: it passes once the bug is fixed, and then the mark goes.
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from unpersoned.names import female_patronymics, forms_of, index_rules
from unpersoned.names.deletions import deletion_hashes, deletions, one_edit
from unpersoned.names.fold import (
    feminine,
    fold,
    fold_cyrillic,
    fold_latin,
    is_cyrillic,
    patronymic_key,
    surname_key,
)
from unpersoned.names.keys import (
    ALIAS,
    MAX_KEY,
    NAME,
    PART,
    ROLES,
    alias_parts,
    fold_place,
    record_keys,
)
from unpersoned.names.romanise import (
    LABELS,
    LIBRARY_SCHEMES,
    OWN_SCHEMES,
    latin_keys,
    scheme_labels,
    spellings,
)
from unpersoned.names.sex import sex_from_patronymic
from unpersoned.names.split import MAX_NAME, NameParts, is_initial, split_name, words
from unpersoned.names.variants import build, equivalents, read_groups
from unpersoned.search.query import MAX_QUERY, MAX_WORDS, YEARS, QueryError, read_born, read_query

RUSSIAN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
RUSSIAN_FOLDED = RUSSIAN.replace("ё", "")  # the letters a key is made of
RUSSIAN_PLAIN = "".join(c for c in RUSSIAN_FOLDED if c not in "ъь")
OLD_LETTERS = "ѣіѳѵѢІѲѴ"
CYRILLIC = RUSSIAN + RUSSIAN.upper() + OLD_LETTERS
LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
PUNCTUATION = " -.()[],;'’\t\n"
ALL_SCHEMES = set(LIBRARY_SCHEMES) | set(OWN_SCHEMES)

name_chars = st.sampled_from(CYRILLIC + LATIN + PUNCTUATION + "0123456789")
name_text = st.text(alphabet=name_chars, max_size=80) | st.text(max_size=80)
# a word of a name as the lists print it: a capital and lower-case Cyrillic letters
name_word = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from(RUSSIAN_PLAIN.upper()),
    st.text(alphabet=RUSSIAN_PLAIN, min_size=2, max_size=12),
)
SOME = settings(max_examples=150, deadline=None)


# --- orthographic folds -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "key"),
    [
        ("Пётр", "петр"),
        ("Петр", "петр"),
        ("ПЁТР", "петр"),
        ("Чернышёвъ", "чернышев"),
        ("Ѳеодоръ", "феодор"),
        ("Іоаннъ", "иоанн"),
        ("Сергѣй", "сергей"),
        ("Ѵпатій", "ипатий"),
        ("Алексѣевъ", "алексеев"),
        ("ИВАНОВ", "иванов"),
        ("иванов", "иванов"),
        ("Римский-Корсаков", "римскийкорсаков"),
        ("Бонч–Бруевич", "бончбруевич"),  # an en dash
        ("Д'Артаньян", "дартаньян"),
        ("Д’Артаньян", "дартаньян"),
        ("Ива\u0301нов", "иванов"),  # a stress mark, combining
        ("Черныше\u0308в", "чернышев"),  # ё typed as е + diaeresis
        ("Мои\u0306сеев", "мойсеев"),  # й typed as и + breve stays й
        ("Андрей", "андрей"),
        ("Объедков", "обьедков"),  # a ъ inside a word reads as ь
        ("Подъячев", "подьячев"),
        ("Пeтров", "петров"),  # Latin e
        ("Пoпoв", "попов"),  # Latin o
        ("HOBИКОВ", "новиков"),  # Latin H, O, B
        ("Kуpoчкин", "курочкин"),  # Latin K, p, o
        ("Cмиpнoв", "смирнов"),  # Latin C, p, o
        ("Mихaйлoв", "михайлов"),  # Latin M, a, o
        ("Ъ", ""),
    ],
)
def test_fold_cyrillic(word: str, key: str) -> None:
    assert fold_cyrillic(word) == key


@pytest.mark.parametrize(
    ("word", "cyrillic"),
    [("Иванов", True), ("Ivanov", False), ("Пoпoв", True), ("HOBИКОВ", True), ("Ѳеодоръ", True),
     ("", False), ("1937", False), ("Popoв", False)],
)  # fmt: skip
def test_is_cyrillic(word: str, cyrillic: bool) -> None:
    assert is_cyrillic(word) is cyrillic


@pytest.mark.parametrize(
    ("word", "key"),
    [
        ("Černyšev", "cernysev"),
        ("Il’ya", "ilya"),
        ("Czernyszew", "czernyszew"),
        ("Tschernyschew", "tschernyschew"),
        ("Łukasz", "lukasz"),
        ("Straße", "strasse"),
        ("Müller", "muller"),
        ("Hélène", "helene"),
        ("Józef", "jozef"),
        ("ŠČUKIN", "scukin"),
        ("Bonch-Bruyevich", "bonchbruyevich"),
        ("O'Neill", "oneill"),
        ("1937", ""),
        ("", ""),
    ],
)
def test_fold_latin(word: str, key: str) -> None:
    assert fold_latin(word) == key


def test_fold_takes_the_script_of_the_word() -> None:
    assert fold("Чернышёв") == "чернышев"
    assert fold("Černyšev") == "cernysev"
    assert fold("Пoпoв") == "попов"  # mostly Cyrillic: its Latin o is a slip
    assert fold("Popov") == "popov"


# --- women's forms of surnames --------------------------------------------------------------


@pytest.mark.parametrize(
    ("woman", "man"),
    [
        ("Колесникова", "колесников"),
        ("Королева", "королев"),
        ("Королёва", "королев"),
        ("Пугачёва", "пугачев"),
        ("Ильина", "ильин"),
        ("Сорокина", "сорокин"),
        ("Гладышева", "гладышев"),
        ("Бородына", "бородын"),
        ("Троцкая", "троцкий"),
        ("Римская", "римский"),
        ("Вишневецкая", "вишневецкий"),
        ("Юдина", "юдин"),
    ],
)
def test_surname_key_folds_a_womans_form(woman: str, man: str) -> None:
    assert surname_key(fold_cyrillic(woman)) == (man, True)


@pytest.mark.parametrize(
    "surname",
    ["Иванов", "Пушкин", "Троцкий", "Чернышёв", "Шевчук", "Крон", "Дурново", "Хитрово",
     "Шевченко", "Джугашвили", "Мина", "Сова", "Ива", "Кина", "Гурвич", "Бонч-Бруевич"],
)  # fmt: skip
def test_surname_key_leaves_other_surnames_alone(surname: str) -> None:
    key = fold_cyrillic(surname)
    assert surname_key(key) == (key, False)


@pytest.mark.parametrize(
    ("man", "woman"),
    [
        ("иванов", "иванова"),
        ("чернышев", "чернышева"),
        ("пушкин", "пушкина"),
        ("бородын", "бородына"),
        ("троцкий", "троцкая"),
        ("римский", "римская"),
        ("ежов", "ежова"),
        ("шевчук", None),
        ("дурново", None),
        ("толстой", None),
        ("ков", None),  # too short to be a man's form
        ("ов", None),
        ("", None),
    ],
)
def test_feminine(man: str, woman: str | None) -> None:
    assert feminine(man) == woman


# --- patronymics and sex --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("patronymic", "key"),
    [
        ("Ивановна", "иванович"),
        ("Иванович", "иванович"),
        ("Сергеевна", "сергеевич"),
        ("Львовна", "львович"),
        ("Ильинична", "ильич"),
        ("Ильична", "ильич"),
        ("Ильич", "ильич"),
        ("Кузьминична", "кузьмич"),
        ("Никитична", "никитич"),
        ("Саввична", "саввич"),
        ("Фёдоровна", "федорович"),
        ("Мамед кызы", "мамедоглы"),
        ("Мамед гызы", "мамедоглы"),
        ("Мамед оглы", "мамедоглы"),
        ("кызы", "кызы"),  # the ending alone is no patronymic
        ("вна", "вна"),
    ],
)
def test_patronymic_key(patronymic: str, key: str) -> None:
    assert patronymic_key(fold_cyrillic(patronymic)) == key


def test_patronymic_key_keeps_the_space_of_a_folded_two_word_form() -> None:
    assert patronymic_key("мамед кызы") == "мамед оглы"


@pytest.mark.parametrize(
    ("patronymic", "sex"),
    [
        ("Ивановна", "F"),
        ("Иванович", "M"),
        ("ИВАНОВНА", "F"),
        ("Фёдоровна", "F"),
        ("Ильинична", "F"),
        ("Ильич", "M"),
        ("Кузьмич", "M"),
        ("Мамед оглы", "M"),
        ("Гасан-оглы", "M"),
        ("Мамед кызы", "F"),
        ("Ахмед улы", "M"),
        ("Петровна ", "F"),
        ("Тоомас", None),
        ("П.", None),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_sex_from_patronymic(patronymic: str | None, sex: str | None) -> None:
    assert sex_from_patronymic(patronymic) == sex


@pytest.mark.parametrize("patronymic", ["Ивановичъ", "Ивановнa"])  # pre-1918 ъ; Latin a
def test_sex_from_patronymic_reads_folded_spellings(patronymic: str) -> None:
    assert sex_from_patronymic(patronymic) in ("M", "F")


def test_female_patronymics() -> None:
    assert female_patronymics("иванович") == ["ивановна"]
    assert female_patronymics("ильич") == ["ильична", "ильинична"]
    assert female_patronymics("мамедоглы") == ["мамедкызы"]
    assert female_patronymics("фома") == []
    for key in ("иванович", "ильич", "мамедоглы"):
        for woman in female_patronymics(key):
            assert patronymic_key(woman) == key


# --- the split of a printed name ------------------------------------------------------------


def test_split_name_surname_first() -> None:
    assert split_name("Колесникова Анна Ивановна") == NameParts("Колесникова", "Анна", "Ивановна")


def test_split_name_former_surname_after_surname_and_double_surname() -> None:
    parts = split_name("Иванов-Петров (Сидоров) Иван Иванович")
    assert (parts.surname, parts.given, parts.patronymic) == ("Иванов-Петров", "Иван", "Иванович")
    assert parts.aliases == (NameParts(surname="Сидоров"),)
    assert parts.surname_parts == ("Иванов", "Петров")


def test_split_name_whole_former_name_at_the_end() -> None:
    parts = split_name("Зиновьев Григорий Евсеевич (Радомысльский Овсей-Герш Аронович)")
    assert parts.surname == "Зиновьев"
    assert parts.aliases == (NameParts("Радомысльский", "Овсей-Герш", "Аронович"),)


@pytest.mark.parametrize(
    ("text", "aliases"),
    [
        ("Иванов (Ивашкевич, Иваницкий) Иван", ("Ивашкевич", "Иваницкий")),
        ("Иванов (Ивашкевич; Иваницкий) Иван", ("Ивашкевич", "Иваницкий")),
        ("Иванов (Ивашкевич или Иваненко) Иван", ("Ивашкевич", "Иваненко")),
        ("Иванов [Ивашкевич] Иван", ("Ивашкевич",)),
        ("Иванов(Ивашкевич) Иван", ("Ивашкевич",)),
        ("(Ивашкевич) Иванов Иван", ("Ивашкевич",)),
    ],
)
def test_split_name_bracketed_surnames(text: str, aliases: tuple[str, ...]) -> None:
    parts = split_name(text)
    assert (parts.surname, parts.given, parts.patronymic) == ("Иванов", "Иван", None)
    assert parts.aliases == tuple(NameParts(surname=a) for a in aliases)


def test_split_name_bracket_after_given_name_is_a_given_name() -> None:
    parts = split_name("Иванов Иван (Иоанн) Иванович")
    assert (parts.surname, parts.given, parts.patronymic) == ("Иванов", "Иван", "Иванович")
    assert parts.aliases == (NameParts(given="Иоанн"),)


def test_split_name_turkic_patronymic_of_two_words() -> None:
    parts = split_name("Алиев Гасан Мамед оглы")
    assert parts == NameParts("Алиев", "Гасан", "Мамед оглы")
    assert sex_from_patronymic(parts.patronymic) == "M"


@pytest.mark.parametrize(
    "text",
    ["Иванов И. П.", "Иванов И.П.", "Иванов И П", "Иванов  И.  П. ", "Иванов И. П", "Иванов И.П.,"],
)
def test_split_name_initials(text: str) -> None:
    parts = split_name(text)
    assert parts.surname == "Иванов"
    assert parts.given is not None and parts.given.rstrip(".") == "И"
    assert parts.patronymic is not None and parts.patronymic.rstrip(".") == "П"
    assert is_initial(parts.given) and is_initial(parts.patronymic)


def test_split_name_initials_without_the_last_dot() -> None:
    assert split_name("Иванов И.П") == NameParts("Иванов", "И.", "П")


def test_split_name_three_initials() -> None:
    assert split_name("Иванов И.П.С.") == NameParts("Иванов", "И.", "П. С.")


@pytest.mark.parametrize(
    "text",
    ["  Иванов   Иван\tИванович \n", "Иванов\u00a0Иван\u2003Иванович", "Иванов, Иван, Иванович"],
)
def test_split_name_extra_whitespace(text: str) -> None:
    assert split_name(text) == NameParts("Иванов", "Иван", "Иванович")


@pytest.mark.parametrize(
    ("text", "surname"),
    [("Иванов-", "Иванов"), ("-Иванов", "Иванов"), ("Иванов 1890 Иван", "Иванов"),
     ("О'Нил", "О'Нил"), ("ИВАНОВ ИВАН", "ИВАНОВ")],
)  # fmt: skip
def test_split_name_edges_of_words(text: str, surname: str) -> None:
    assert split_name(text).surname == surname


@pytest.mark.parametrize("text", ["", "   ", "()", "[]", "1937", "— — —", "\x00"])
def test_split_name_no_name(text: str) -> None:
    assert split_name(text) == NameParts()


def test_split_name_of_a_bracket_alone() -> None:
    assert split_name("(Иванов)") == NameParts(aliases=(NameParts(surname="Иванов"),))


def test_split_name_reads_no_further_than_max_name() -> None:
    text = "Иванов Иван " + "Иванович " * 200_000  # about 1.8 MB
    parts = split_name(text)
    assert parts.surname == "Иванов" and parts.given == "Иван"
    assert parts.patronymic is not None
    assert len(parts.patronymic) <= MAX_NAME


@pytest.mark.parametrize(
    ("surname", "parts"),
    [("Бонч-Бруевич", ("Бонч", "Бруевич")), ("Иванов", ()), ("А-Б", ()),
     ("Римский-Корсаков", ("Римский", "Корсаков")), (None, ())],
)  # fmt: skip
def test_surname_parts(surname: str | None, parts: tuple[str, ...]) -> None:
    assert NameParts(surname=surname).surname_parts == parts


def test_words_and_initials() -> None:
    assert words("Иванов И.П. (Сидоров)") == ["Иванов", "И.", "П.", "Сидоров"]
    assert is_initial("И.") and is_initial("И") and not is_initial("Ив.")


# --- romanisations --------------------------------------------------------------------------


def _scheme_of(word: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for key, schemes in latin_keys(word):
        for scheme in schemes:
            out.setdefault(scheme, set()).add(key)
    return out


@pytest.mark.parametrize(
    ("word", "scheme", "key"),
    [
        ("чернышев", "bgn_pcgn", "chernyshev"),
        ("чернышев", "iso9", "cernysev"),
        ("чернышев", "german", "tschernyschew"),
        ("чернышев", "french", "tchernychev"),
        ("чернышев", "french", "tchernycheff"),
        ("чернышев", "polish", "czernyszew"),
        ("щукин", "bgn_pcgn", "shchukin"),
        ("щукин", "german", "schtschukin"),
        ("щукин", "french", "chtchoukine"),
        ("щукин", "polish", "szczukin"),
        ("жуков", "bgn_pcgn", "zhukov"),
        ("жуков", "german", "schukow"),
        ("жуков", "french", "joukov"),
        ("жуков", "french", "joukoff"),
        ("жуков", "polish", "zukow"),  # ż folded
        ("юрий", "bgn_pcgn", "yuriy"),
        ("юрий", "wikipedia", "yury"),
        ("юрий", "german", "juri"),
        ("юрий", "french", "iouri"),
        ("юрий", "polish", "jurij"),
        ("ежов", "bgn_pcgn", "yezhov"),
        ("ежов", "german", "jeschow"),
        ("ежов", "french", "iejov"),
        ("ежов", "polish", "jezow"),
        ("троцкий", "german", "trozki"),
        ("троцкий", "polish", "trocki"),
        ("троцкий", "wikipedia", "trotsky"),
        ("толстой", "iso9", "tolstoj"),
        ("соловьев", "german", "solowjew"),
        ("ельцин", "german", "jelzin"),
        ("ильин", "french", "iline"),
    ],
)
def test_latin_keys(word: str, scheme: str, key: str) -> None:
    assert key in _scheme_of(word)[scheme]


def test_latin_keys_of_every_scheme() -> None:
    assert set(_scheme_of("чернышев")) == ALL_SCHEMES
    assert all(re.fullmatch("[a-z]+", key) for key, _ in latin_keys("чернышев"))
    assert latin_keys("") == ()


def test_spellings_keep_the_schemes_letters() -> None:
    forms = spellings("чернышев")
    assert forms["iso9"] == ["černyšev"]
    assert forms["polish"] == ["czernyszew"]
    assert forms["french"] == ["tchernychev", "tchernycheff", "tchernychiev"]


def test_labels() -> None:
    assert set(LABELS) >= ALL_SCHEMES | {"cyrillic"}
    for kind, key in (("S", "чернышев"), ("P", "ильич"), ("G", "иосиф")):
        for _form, schemes, _variant in forms_of(kind, key):
            assert all(s in LABELS for s in schemes.split(","))
    assert scheme_labels(["bgn_pcgn", "german", "nonesuch"]) == [
        "BGN/PCGN",
        "German (Duden)",
        "nonesuch",
    ]


@pytest.mark.xfail(strict=True, reason="iuliia leaves ё as it is and fold_latin drops it")
def test_latin_keys_of_a_word_with_yo() -> None:
    keys = _scheme_of("аксёнов")
    assert all(len(k) >= len("аксенов") for k, _ in latin_keys("аксёнов"))
    assert "aksenov" in keys["iso9"] | keys["bgn_pcgn"]


# --- given-name equivalents -----------------------------------------------------------------


def test_given_name_equivalents() -> None:
    eq = equivalents()
    assert {"иосиф", "осип"} <= eq.given_forms("иосиф")
    assert {"георгий", "егор", "юрий"} <= eq.given_forms("егор")
    assert eq.given_forms("нонесуч") == frozenset({"нонесуч"})
    assert {"иосифович", "осипович"} <= eq.patronymic_forms("осипович")
    assert "иосиф" in eq.latin["josef"]


def test_read_groups_and_build() -> None:
    text = "# a comment\nM\tИоанн Иван\tИоаннович Иванович\tJohannes\n\nF\tМарья Мария\n"
    groups = read_groups(text)
    assert [g.names for g in groups] == [("Иоанн", "Иван"), ("Марья", "Мария")]
    assert groups[1].patronymics == () and groups[1].latin == ()
    eq = build(groups)
    assert eq.given_forms("иван") == frozenset({"иоанн", "иван"})
    assert eq.patronymic_forms("иоаннович") == frozenset({"иоаннович", "иванович"})
    assert eq.latin["johannes"] == frozenset({"иоанн", "иван"})


def test_forms_of() -> None:
    surname = {(form, variant) for form, _, variant in forms_of("S", "иванов")}
    assert {("иванов", ""), ("ivanov", ""), ("iwanow", ""), ("ivanoff", ""),
            ("иванова", "f"), ("ivanova", "f")} <= surname  # fmt: skip
    patronymic = {(form, variant) for form, _, variant in forms_of("P", "ильич")}
    assert {("ильич", ""), ("ильинична", "f"), ("ilinichna", "f")} <= patronymic
    given_forms = {(form, variant) for form, _, variant in forms_of("G", "иосиф")}
    assert {("iosif", ""), ("josef", "eq"), ("joseph", "eq")} <= given_forms
    assert forms_of("S", "ivanov") == [("ivanov", "cyrillic", "")]


def test_index_rules() -> None:
    assert re.fullmatch(r"\d+:[0-9a-f]{16}", index_rules())


# --- index keys of a record -----------------------------------------------------------------


def _row(ordinal: int, predicate: str, value: str, date: str | None = None,
         place: str | None = None, qualifiers: dict | None = None
         ) -> tuple[int, str, str, str | None, str | None, str | None]:  # fmt: skip
    return ordinal, predicate, value, date, place, json.dumps(qualifiers) if qualifiers else None


def test_record_keys_of_a_printed_name() -> None:
    rk = record_keys(
        [
            _row(0, "name", "Колесникова (Петрова) Анна Ивановна"),
            _row(1, "sex", "F"),
            _row(2, "birth", "1901", "1901", "г. Москва,  Ёлочная  ул."),
        ]
    )
    assert (rk.sex, rk.born, rk.place) == ("F", 1901, "г. москва, елочная ул.")
    by_role = {(e.role, e.surname) for e in rk.entries}
    assert by_role == {(NAME, "колесников"), (ALIAS, "петров")}
    name = rk.entries[0]
    assert (name.given, name.patronymic, name.female_form) == ("анна", "иванович", True)
    assert (name.given_initial, name.patronymic_initial) == ("а", "и")


def test_record_keys_of_a_double_surname_and_initials() -> None:
    rk = record_keys([_row(0, "name", "Бонч-Бруевич В. Д.")])
    assert [(e.role, e.surname) for e in rk.entries] == [
        (NAME, "бончбруевич"),
        (PART, "бонч"),
        (PART, "бруевич"),
    ]
    assert all(e.given is None and e.given_initial == "в" for e in rk.entries)
    assert all(e.patronymic is None and e.patronymic_initial == "д" for e in rk.entries)


def test_record_keys_of_statements_and_a_correction() -> None:
    rk = record_keys(
        [
            _row(0, "surname", "Петров"),
            _row(1, "given_name", "Иван"),
            _row(2, "patronymic", "Иванович"),
            _row(3, "alias", "Иоанн", qualifiers={"kind": "given name variant"}),
            _row(4, "alias", "варианты отчества: Иоаннович", qualifiers={"kind": "variant"}),
            _row(5, "given_name", "Ян"),  # a second value: a variant
            _row(6, "birth", "около 1890 г.", None, "Тверь"),
            _row(7, "surname", "Петраков", qualifiers={"by": "editor", "corrects": 0}),
            _row(8, "sex", "X"),
        ]
    )
    entries = {(e.role, e.surname, e.given, e.patronymic) for e in rk.entries}
    assert entries == {
        (NAME, "петраков", "иван", "иванович"),
        (ALIAS, "петраков", "иоанн", "иванович"),
        (ALIAS, "петраков", "иван", "иоаннович"),
        (ALIAS, "петраков", "ян", "иванович"),
    }
    assert (rk.sex, rk.born, rk.place) == ("", 1890, "тверь")


def test_record_keys_of_a_turkic_name() -> None:
    (entry,) = record_keys([_row(0, "name", "Алиева Гюльнара Мамед кызы")]).entries
    assert (entry.surname, entry.patronymic, entry.female_form) == ("алиев", "мамедоглы", True)


def test_record_keys_with_no_name() -> None:
    assert record_keys([]).entries == []
    rk = record_keys([_row(0, "given_name", "Иван"), _row(1, "birth", "1900", None, "Тверь")])
    assert (rk.entries, rk.place, rk.born) == ([], "", 1900)


def test_record_keys_cut_long_keys() -> None:
    (entry,) = record_keys([_row(0, "surname", "Ив" * 100_000)]).entries
    assert entry.surname is not None and len(entry.surname) <= MAX_KEY


def test_record_keys_printed_name_after_a_correction() -> None:
    rk = record_keys(
        [
            _row(0, "surname", "Петров"),
            _row(1, "given_name", "Иван"),
            _row(2, "patronymic", "Иванович"),
            _row(3, "surname", "Петраков", qualifiers={"by": "editor", "corrects": 0}),
        ]
    )
    assert rk.entries[0].printed == "Петраков Иван Иванович"


def test_record_keys_church_form_in_brackets_after_given_name() -> None:
    rk = record_keys([_row(0, "name", "Иванов Иван (Иоанн) Иванович")])
    assert {(e.surname, e.given) for e in rk.entries} == {("иванов", "иван"), ("иванов", "иоанн")}


@pytest.mark.parametrize(
    ("value", "kind", "parts"),
    [
        ("Иоанн", "name", NameParts(given="Иоанн")),  # a known given name
        ("Петровна", "name", NameParts(patronymic="Петровна")),
        ("Петров", "name", NameParts(surname="Петров")),
        ("Петров Петр", "name", NameParts("Петров", "Петр")),
        ("Петров", "surname", NameParts(surname="Петров")),
        ("варианты отчества: Теофилович", "variant", NameParts(patronymic="Теофилович")),
        ("Ян", "given name variant", NameParts(given="Ян")),
        ("Иванович", "patronymic variant", NameParts(patronymic="Иванович")),
        ("", "name", NameParts()),
    ],
)
def test_alias_parts(value: str, kind: str, parts: NameParts) -> None:
    assert alias_parts(value, kind) == parts


def test_fold_place() -> None:
    assert fold_place("  г. Москва,\tЁлочная  ул. ") == "г. москва, елочная ул."
    assert len(fold_place("Тверь " * 1000)) == 300


# --- the query ------------------------------------------------------------------------------


def test_read_query_of_a_name() -> None:
    got = [(w.text, w.key, w.cyrillic, w.initial) for w in read_query(" Чернышёв  Илья ")]
    assert got == [("Чернышёв", "чернышев", True, False), ("Илья", "илья", True, False)]
    (latin,) = read_query("Černyšev")
    assert (latin.key, latin.cyrillic) == ("cernysev", False)
    initials = read_query("Иванов И. П.")
    assert [(w.key, w.initial) for w in initials] == [("иванов", False), ("и", True), ("п", True)]
    assert [w.key for w in read_query("Бонч-Бруевич")] == ["бончбруевич"]


@pytest.mark.parametrize(
    ("text", "words_"),
    [
        ("'; DROP TABLE record; --", ["drop", "table", "record"]),
        ("<script>alert(1)</script>", ["script", "alert", "script"]),
        ("Иванов\u200bИван", ["иванов", "иван"]),
        ("Иванов 😀 Иван", ["иванов", "иван"]),
        ("И" * MAX_QUERY, ["и" * MAX_QUERY]),
    ],
)
def test_read_query_of_hostile_text_gives_sane_words(text: str, words_: list[str]) -> None:
    assert [w.key for w in read_query(text)] == words_


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("   \t\n", "empty"),
        ("x" * 100_000, "100,000 characters"),
        ("Иванов " * 150_000, "at most 200"),  # about 1 MB
        ("И" * (MAX_QUERY + 1), "201 characters"),
        ("😀😀", "no Cyrillic or Latin letters"),
        ("\x00\x00", "NUL character"),
        ("Иван\x00ов", "NUL character"),
        ("Иванов\udcff", "lone surrogate"),
        ("1937-11-03", "no Cyrillic or Latin letters"),
        ("Ιωάννης", "no Cyrillic or Latin letters"),
        ("李小龍", "no Cyrillic or Latin letters"),
        ("--; ()", "no Cyrillic or Latin letters"),
        ("а б в г д е ж", "7 words"),
        ("Иванов " * 10, "10 words"),
        (None, "must be text"),
        (1937, "must be text"),
        (b"Ivanov", "must be text"),
    ],
)
def test_read_query_refuses(text: object, message: str) -> None:
    with pytest.raises(QueryError, match=re.escape(message)):
        read_query(text)


def test_query_error_is_a_value_error() -> None:
    assert issubclass(QueryError, ValueError)


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("1890", (1890, 1890)),
        (" 1890 ", (1890, 1890)),
        ("1890±2", (1888, 1892)),
        ("1890 ± 2", (1888, 1892)),
        ("1890+-2", (1888, 1892)),
        ("1890+/-2", (1888, 1892)),
        ("1890~2", (1888, 1892)),
        ("1890±10", (1880, 1900)),
        ("1888-1892", (1888, 1892)),
        ("1888 - 1892", (1888, 1892)),
        ("1888–1892", (1888, 1892)),
        ("1888..1892", (1888, 1892)),
        ("1890-1890", (1890, 1890)),
        ("1600", (1600, 1600)),
        ("2030", (2030, 2030)),
        (1890, (1890, 1890)),
        (None, None),
        ("", None),
        ("   ", None),
    ],
)
def test_read_born(text: str | None, years: tuple[int, int] | None) -> None:
    assert read_born(text) == years


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1892-1888", "between 1600 and 2030"),
        ("1599", "between 1600 and 2030"),
        ("2031", "between 1600 and 2030"),
        ("1600±1", "between 1600 and 2030"),
        ("2030~1", "between 1600 and 2030"),
        ("abc", "give a year"),
        ("189", "give a year"),
        ("18900", "give a year"),
        ("1890±", "give a year"),
        ("1890±123", "give a year"),
        ("1890-", "give a year"),
        ("около 1890", "give a year"),
        ("1890\x00", "give a year"),
        ("'; DROP TABLE record; --", "give a year"),
        ("<script>alert(1)</script>", "give a year"),
        ("😀", "give a year"),
        ("1" * 100_000, "give a year"),
    ],
)
def test_read_born_refuses(text: str, message: str) -> None:
    with pytest.raises(QueryError, match=re.escape(message)) as caught:
        read_born(text)
    assert len(str(caught.value)) < 200  # the text is quoted cut short


# --- properties -----------------------------------------------------------------------------


def _is_piece_of(word: str, text: str) -> bool:
    return word in text


@SOME
@given(name_text)
def test_split_name_gives_words_of_the_text(text: str) -> None:
    parts = split_name(text)
    for p in (parts, *parts.aliases):
        for value in (p.surname, p.given, p.patronymic):
            if value is not None:
                assert value.strip()
                assert all(_is_piece_of(w, text) for w in value.split(" "))
        assert p.aliases == () or p is parts
    assert (parts.surname is None) == (parts.given is None and parts.patronymic is None
                                       and not words(re.sub(r"\([^()]*\)|\[[^\[\]]*\]", " ",
                                                            text[:MAX_NAME])))  # fmt: skip
    for piece in parts.surname_parts:
        assert parts.surname is not None and piece in parts.surname


@SOME
@given(name_word, name_word, name_word, st.one_of(st.none(), name_word))
def test_split_name_of_a_built_name(surname: str, given_: str, patronymic: str,
                                    former: str | None) -> None:  # fmt: skip
    text = f"{surname} ({former}) {given_} {patronymic}" if former else (
        f"{surname} {given_} {patronymic}")  # fmt: skip
    parts = split_name(text)
    assert (parts.surname, parts.given, parts.patronymic) == (surname, given_, patronymic)
    assert parts.aliases == ((NameParts(surname=former),) if former else ())


# Cyrillic with Latin look-alikes (no marks: a mark after a Latin letter is a bug below); a
# word that starts with ъ is left out (ЪЪ, below)
fold_text = st.text(alphabet=CYRILLIC + "aceopxyHKMTBi -'’.", max_size=30).filter(
    lambda t: not t.lower().lstrip(" -'’.").startswith("ъ")
)
# Cyrillic letters with stress marks, diaeresis and breve
marked_text = st.text(alphabet=CYRILLIC + "\u0301\u0300\u0308\u0306 -", max_size=30).filter(
    lambda t: not t.lower().lstrip(" -").startswith("ъ")
)


@SOME
@given(fold_text | marked_text)
def test_fold_cyrillic_is_idempotent(text: str) -> None:
    key = fold_cyrillic(text)
    assert fold_cyrillic(key) == key
    assert key == key.lower()
    assert not set(key) & set("ёѣіѳѵ -'’.\u0301\u0300\u0308")
    assert not re.search("[a-z]", key) or not set(text.lower()) & set("aceopxyhkmtbi")


@pytest.mark.parametrize("text", ["Иванóв", "Андрéй", "Пo\u0301пов", "ЪЪ", "Ъаъъ"])
def test_fold_cyrillic_is_idempotent_on(text: str) -> None:
    assert fold_cyrillic(fold_cyrillic(text)) == fold_cyrillic(text)


@pytest.mark.parametrize(
    ("text", "key"), [("Иванóв", "иванов"), ("Андрéй", "андрей"), ("Пo\u0301пов", "попов")]
)
def test_fold_cyrillic_latin_stressed_vowel(text: str, key: str) -> None:
    assert fold_cyrillic(text) == key


@SOME
@given(st.text(max_size=40))
def test_folds_never_raise(text: str) -> None:
    assert re.fullmatch("[a-z]*", fold_latin(text))
    assert isinstance(fold_cyrillic(text), str)
    assert isinstance(fold(text), str)
    assert isinstance(is_cyrillic(text), bool)
    key, female = surname_key(fold(text))
    assert isinstance(key, str) and isinstance(female, bool)
    assert isinstance(patronymic_key(fold(text)), str)
    assert sex_from_patronymic(text) in ("M", "F", None)


@SOME
@given(
    st.text(alphabet=RUSSIAN_FOLDED, min_size=2, max_size=12),
    st.sampled_from(["ов", "ев", "ин", "ын", "ский", "цкий"]),
)
def test_surname_key_of_feminine_round_trips(stem: str, ending: str) -> None:
    man = stem + ending
    woman = feminine(man)
    assert woman is not None and woman != man
    assert surname_key(woman) == (man, True)


@SOME
@given(st.text(alphabet=RUSSIAN_FOLDED, min_size=1, max_size=14))
def test_feminine_of_surname_key_round_trips(word: str) -> None:
    man, female = surname_key(word)
    if female:
        assert feminine(man) == word
    else:
        assert man == word


@SOME
@given(st.text(alphabet=RUSSIAN_FOLDED, min_size=3, max_size=12),
       st.sampled_from(["вич", "ич", "оглы"]))  # fmt: skip
def test_female_patronymics_round_trip(stem: str, ending: str) -> None:
    key = stem + ending
    assume(not key.endswith("инич"))  # no such patronymic: -инична is the woman's -ич
    for woman in female_patronymics(key):
        assert patronymic_key(woman) == key
        assert sex_from_patronymic(woman) == "F"
    assert sex_from_patronymic(key) == "M"


@SOME
@given(st.text(max_size=250) | st.text(alphabet=name_chars, max_size=250))
def test_read_query_gives_few_words_or_refuses(text: str) -> None:
    try:
        got = read_query(text)
    except QueryError as e:
        assert str(e)
        return
    assert 1 <= len(got) <= MAX_WORDS
    assert len(text.strip()) <= MAX_QUERY
    for w in got:
        assert w.text in text and w.key
        assert w.key == (fold_cyrillic(w.text) if w.cyrillic else fold_latin(w.text))


born_text = st.one_of(
    st.text(max_size=20),
    st.text(alphabet="0123456789±~+-/–. ", max_size=14),
    st.builds("{}{}{}".format, st.integers(1500, 2100),
              st.sampled_from(["±", "+-", "~", "-", ".."]), st.integers(0, 2100)),
)  # fmt: skip


@SOME
@given(born_text)
def test_read_born_gives_sane_years_or_refuses(text: str) -> None:
    try:
        got = read_born(text)
    except QueryError as e:
        assert str(e).startswith("--born")
        return
    if got is None:
        assert not text.strip()
        return
    low, high = got
    assert YEARS[0] <= low <= high <= YEARS[1]


@SOME
@given(st.integers(YEARS[0], YEARS[1]), st.integers(0, 99))
def test_read_born_of_a_year_and_spread(year: int, spread: int) -> None:
    low, high = year - spread, year + spread
    if low < YEARS[0] or high > YEARS[1]:
        with pytest.raises(QueryError):
            read_born(f"{year}±{spread}")
    else:
        assert read_born(f"{year}±{spread}") == read_born(f"{low}-{high}") == (low, high)


russian_word = st.text(alphabet=RUSSIAN_FOLDED, min_size=1, max_size=14)


@SOME
@given(russian_word)
def test_latin_keys_are_latin_letters_of_known_schemes(word: str) -> None:
    keys = latin_keys(word)
    assert len({k for k, _ in keys}) == len(keys)
    for key, schemes in keys:
        assert re.fullmatch("[a-z]+", key)
        assert schemes and set(schemes) <= ALL_SCHEMES
    if set(word) - set("ъь"):
        assert {s for _, schemes in keys for s in schemes} == ALL_SCHEMES


@SOME
@given(
    st.text(alphabet=RUSSIAN_PLAIN, min_size=1, max_size=14).filter(
        lambda w: w[-1] != "й" and "кс" not in w
    )
)
def test_latin_keys_drop_no_letter(word: str) -> None:
    # every letter but ъ ь gives a Latin letter in every scheme (but кс → x, -ий → i)
    for key, _ in latin_keys(word):
        assert len(key) >= len(word)


@SOME
@given(st.text(max_size=20))
def test_latin_keys_never_raise(text: str) -> None:
    for key, _ in latin_keys(text):
        assert re.fullmatch("[a-z]+", key)


predicates = st.sampled_from(
    ["name", "surname", "given_name", "patronymic", "alias", "sex", "birth", "death", "note"]
) | st.text(max_size=10)
qualifiers = st.one_of(
    st.none(),
    st.builds(
        json.dumps,
        st.fixed_dictionaries(
            {},
            optional={
                "corrects": st.integers(-2, 12) | st.text(max_size=5),
                "kind": st.none() | st.sampled_from(["surname", "given name variant",
                                                     "patronymic variant", "name", "variant"])
                | st.text(max_size=10),
                "by": st.just("editor"),
            },
        ),
    ),
)  # fmt: skip
statement = st.tuples(
    st.integers(0, 12),
    predicates,
    name_text,
    st.none() | st.text(max_size=20),
    st.none() | st.text(max_size=20),
    qualifiers,
)


@SOME
@given(st.lists(statement, max_size=8))
def test_record_keys_never_raise(statements: list) -> None:
    rk = record_keys(statements)
    assert rk.sex in ("", "M", "F")
    assert rk.born is None or 1600 <= rk.born <= 2029
    assert len(rk.place) <= 300
    assert not rk.place or rk.entries
    for e in rk.entries:
        assert e.role in ROLES
        assert e.surname is None or len(e.surname) <= MAX_KEY
        assert e.given is None or len(e.given) <= MAX_KEY
        assert e.patronymic is None or len(e.patronymic) <= MAX_KEY
        assert len(e.given_initial) <= 1 and len(e.patronymic_initial) <= 1
        assert len(e.printed) <= 400
    assert len(rk.entries) == len(set(rk.entries))


@SOME
@given(st.sampled_from(["Колесников", "Чернышёв", "Ильин", "Троцкий", "Римский", "Бородын"]),
       name_word, st.booleans())  # fmt: skip
def test_record_keys_find_a_woman_by_the_mans_surname(surname: str, given_: str,
                                                      woman: bool) -> None:  # fmt: skip
    key = fold_cyrillic(surname)
    printed = (feminine(key) or "").capitalize() if woman else surname
    (entry,) = record_keys([_row(0, "name", f"{printed} {given_} Ивановна")]).entries
    assert (entry.surname, entry.female_form) == (key, woman)
    assert entry.patronymic == "иванович"


# ---- deletion neighbourhoods: every spelling within two edits shares a deletion ----

_LETTERS = "абвгдежзийклмнопрстуфхцчшщыьэюя"


def _edit(word: str, data: st.DataObject, alphabet: str = _LETTERS) -> str:
    """One random edit: delete, insert, substitute or swap neighbours."""
    kind = data.draw(st.sampled_from(["delete", "insert", "substitute", "swap"]))
    i = data.draw(st.integers(0, max(0, len(word) - 1)))
    letter = data.draw(st.sampled_from(alphabet))
    if kind == "delete" and len(word) > 1:
        return word[:i] + word[i + 1 :]
    if kind == "swap" and i + 1 < len(word):
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "substitute":
        return word[:i] + letter + word[i + 1 :]
    return word[:i] + letter + word[i:]


@settings(max_examples=150)
@given(st.text(alphabet=_LETTERS, min_size=3, max_size=14), st.integers(1, 2), st.data())
def test_words_within_two_edits_share_a_deletion(word: str, edits: int, data) -> None:
    other = word
    for _ in range(edits):
        other = _edit(other, data)
    assert deletion_hashes(word, edits) & deletion_hashes(other, 2)
    assert deletions(word, edits) & deletions(other, 2)


@settings(max_examples=150)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=8), st.data())
def test_one_edit_holds_every_word_one_edit_away(word: str, data) -> None:
    latin = "abcdefghijklmnopqrstuvwxyz"
    other = _edit(word, data, latin)
    assert other == word or other in one_edit(word, latin)


def test_deletions_of_a_word() -> None:
    assert deletions("абв", 1) == {"абв", "бв", "ав", "аб"}
    assert len(deletions("абвг", 2)) == 1 + 4 + 6
    assert "ваня" not in one_edit("ваня", "я")


def test_a_hyphenated_cell_of_a_million_letters_gives_few_entries() -> None:
    rows = [
        _row(0, "surname", "аб-" * 300_000),
        _row(1, "given_name", "Иван"),
        *(_row(2 + i, "alias", f"Петров{i}") for i in range(100)),
    ]
    keys = record_keys(rows)
    assert len(keys.entries) <= 1 + 20
    assert all(len(e.surname or "") <= 60 for e in keys.entries)


@pytest.mark.parametrize("qualifiers", ["[1]", "5", "not json", '"text"', '{"kind": 5}'])
def test_qualifiers_of_any_shape_are_read_without_a_crash(qualifiers: str) -> None:
    keys = record_keys(
        [_row(0, "surname", "Иванов"), (1, "alias", "Петров", None, None, qualifiers)]
    )
    assert keys.entries[0].surname == "иванов"
