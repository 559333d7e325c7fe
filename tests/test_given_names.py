"""The given-names file: well formed, one group per name and sex, and covering the real lists.

Coverage is measured on the given names and patronymics the parser reads from the Moscow
execution lists and Stalin's lists, counted by frequency.
"""

from __future__ import annotations

from collections import Counter
from importlib import resources

import pytest

from unpersoned.names.fold import fold_cyrillic, is_cyrillic, patronymic_key
from unpersoned.names.variants import build, equivalents, read_groups
from unpersoned.parse import parse_record
from unpersoned.readers import open_source

from .conftest import MOSCOW_PAGES, STALIN


def _text() -> str:
    return resources.files("unpersoned.names").joinpath("data/given_names.tsv").read_text("utf-8")


@pytest.fixture(scope="module")
def real_names() -> tuple[Counter[str], Counter[str]]:
    given: Counter[str] = Counter()
    patronymics: Counter[str] = Counter()
    sources = [("moscow", p) for p in sorted(MOSCOW_PAGES.glob("*.htm"))] + [("stalin", STALIN)]
    for fmt, path in sources:
        _info, records = open_source(fmt, path)
        for record in records:
            for st in parse_record(record).statements:
                if st.predicate == "given_name":
                    given[fold_cyrillic(st.value)] += 1
                elif st.predicate == "patronymic":
                    patronymics[patronymic_key(fold_cyrillic(st.value))] += 1
    return given, patronymics


def test_every_row_is_well_formed() -> None:
    groups = read_groups(_text())
    assert len(groups) >= 200
    for group in groups:
        assert group.sex in {"M", "F"}, group
        assert all(is_cyrillic(n) for n in group.names + group.patronymics), group
        assert not any(is_cyrillic(form) for form in group.latin), group
        assert not (group.sex == "F" and group.patronymics), group  # a patronymic is a man's


def test_a_name_stands_in_one_group_per_sex() -> None:
    seen: dict[tuple[str, str], int] = {}
    for i, group in enumerate(read_groups(_text())):
        for name in group.names:
            key = (group.sex, fold_cyrillic(name))
            assert seen.setdefault(key, i) == i, f"{name} ({group.sex}) stands in two groups"


def test_the_200_most_frequent_given_names_of_the_real_lists_are_covered(real_names) -> None:
    given, _ = real_names
    table = equivalents()
    top = [name for name, _count in given.most_common(200)]
    missing = [name for name in top if name not in table.given]
    assert not missing, missing


def test_the_200_most_frequent_patronymics_of_the_real_lists_are_covered(real_names) -> None:
    _, patronymics = real_names
    table = equivalents()
    missing = [p for p, _count in patronymics.most_common(200) if p not in table.patronymic]
    assert not missing, missing


@pytest.mark.parametrize(
    ("one", "other"),
    [("Иосиф", "Осип"), ("Георгий", "Егор"), ("Георгий", "Юрий"), ("Евдокия", "Авдотья"),
     ("Ксения", "Аксинья"), ("Иоанн", "Иван"), ("Пётр", "Петр"), ("Семён", "Симеон")],
)  # fmt: skip
def test_church_and_everyday_forms_are_one_name(one: str, other: str) -> None:
    table = equivalents()
    assert fold_cyrillic(other) in table.given_forms(fold_cyrillic(one))
    assert fold_cyrillic(one) in table.given_forms(fold_cyrillic(other))


def test_patronymics_of_one_name_are_one_patronymic() -> None:
    table = equivalents()
    key = patronymic_key(fold_cyrillic("Осиповна"))
    assert patronymic_key(fold_cyrillic("Иосифович")) in table.patronymic_forms(key)


def test_a_foreign_form_leads_to_the_cyrillic_name() -> None:
    table = equivalents()
    assert fold_cyrillic("Иосиф") in table.latin["josef"]
    assert fold_cyrillic("Петр") in table.latin["peter"]


def test_names_apart_stay_apart() -> None:
    table = equivalents()
    assert fold_cyrillic("Ян") not in table.given_forms(fold_cyrillic("Иван"))
    assert fold_cyrillic("Борис") not in table.given_forms(fold_cyrillic("Роман"))


def test_a_broken_file_reads_what_it_can() -> None:
    groups = read_groups("# header\nM\tИван Иоанн\nF\n\nM\tПётр\tПетрович\tPeter\textra\n")
    assert [g.names for g in groups] == [("Иван", "Иоанн"), ("Пётр",)]
    assert build(groups).latin["peter"] == frozenset({"петр"})
