"""Search on the real lists: any spelling, any script, and the reason each record was found.

One ingest of the Moscow execution lists and Stalin's lists serves the module. Each real
record is named by its locator, with the facts expected of it; the queries are spellings a
user would type (written here, not taken from the sources).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command

from unpersoned.archive import name_index
from unpersoned.archive.models import NameEntry, NameKey, Record
from unpersoned.archive.store import ingest
from unpersoned.search import QueryError, SearchResult, search

from .conftest import MOSCOW_PAGES, STALIN

pytestmark = pytest.mark.django_db

CHERNYSHEV = "1.htm#Авиамоторная ул./д.4/кв.19/1"  # Чернышев Илья Константинович, b. 1907
KOLESNIKOV = "1.htm#Авиамоторная ул./д.4/кв.19/3"  # Колесников Иван Михайлович, b. 1895
PIATNITSKY = "55.htm#Серафимовича ул./д.2/кв.400/1"  # Пятницкий Иосиф Аронович, b. 1882
UNSHLIKHT = "27.htm#Кремль//-/5"  # Уншлихт Иосиф Станиславович, b. 1879, Польша, г. Млава
MADYAR = "2.htm#Арбат ул./д.20/кв.18/1"  # Мадьяр (Мильгорф, Мильгофер) Людвиг Игнатьевич
KRON = "1.htm#Авиамоторная ул./д.1/кв.1/1"  # Крон Арнольд Фрицевич, b. 1884


@pytest.fixture(scope="module", autouse=True)
def real_lists(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest, tmp_path_factory
) -> Iterator[Path]:
    """The Moscow lists and Stalin's lists in the test database for this module, then gone;
    yields the key folder their ledger is signed with."""
    import os

    keys = tmp_path_factory.mktemp("search-keys")
    old = os.environ.get("UNPERSONED_KEYS")
    os.environ["UNPERSONED_KEYS"] = str(keys)
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        ingest("moscow", sorted(MOSCOW_PAGES.glob("*.htm")))
        ingest("stalin", [STALIN])
        try:
            yield keys
        finally:
            call_command("flush", verbosity=0, interactive=False)
            if old is None:
                os.environ.pop("UNPERSONED_KEYS", None)
            else:
                os.environ["UNPERSONED_KEYS"] = old


def _locators(result: SearchResult) -> list[str]:
    return [hit.locator for hit in result.hits]


def _first(query: str, **filters) -> str:
    result = search(query, **filters)
    assert result.hits, (query, result.notes)
    return result.hits[0].locator


def test_the_index_was_built_at_ingest() -> None:
    assert name_index.behind() == 0
    assert NameEntry.objects.count() > 12_000
    assert NameEntry.objects.values("record_id").distinct().count() == Record.objects.count()


@pytest.mark.parametrize(
    "query",
    [
        "Чернышев Илья Константинович",  # as printed
        "чернышёв илья",  # case and ё
        "Илья Чернышев",  # given name first
        "Chernyshev Ilya",  # BGN/PCGN, ICAO
        "Černyšev Il'ja",  # ISO 9 / scholarly
        "Tschernyschew Ilja",  # German
        "Tchernychev Ilia",  # French
        "Czernyszew Ilja",  # Polish
        "Чернышов Илья",  # a misspelling (one edit)
        "Чернышев И. К.",  # initials
        "Chernyshev I.",
    ],
)
def test_a_person_is_found_by_any_spelling(query: str) -> None:
    assert CHERNYSHEV in _locators(search(query))[:3]


def test_the_reason_names_the_key_the_scheme_and_the_edits() -> None:
    hit = search("Tschernyschew Ilja").hits[0]
    assert hit.locator == CHERNYSHEV
    surname, given = hit.reasons
    assert (surname["part"], surname["key"], surname["edits"]) == ("surname", "чернышев", 0)
    assert "German (Duden)" in surname["via"]
    assert given["key"] == "илья"
    typo = search("Tschernischew Ilja").hits[0]
    assert typo.locator == CHERNYSHEV
    assert typo.reasons[0]["edits"] == 1
    assert "1 edit" in typo.why


def test_a_womans_form_finds_the_mans_and_says_so() -> None:
    hit = search("Колесникова Иван").hits[0]
    assert hit.locator == KOLESNIKOV
    assert hit.reasons[0].get("gender_flip")
    assert "the other gender's form" in hit.why
    assert KOLESNIKOV in _locators(search("Kolesnikova Ivan Mikhailovich"))[:3]


def test_church_and_everyday_given_names_are_one() -> None:
    hit = search("Осип Пятницкий").hits[0]
    assert hit.locator == PIATNITSKY
    assert hit.reasons[1]["key"] == "иосиф"
    assert hit.reasons[1]["equivalent_of"] == "осип"
    assert _first("Josef Unschlicht") == UNSHLIKHT  # a foreign form of the name
    assert _first("Пятницкий Осип Аронович") == PIATNITSKY
    assert _first("Пятницкий Иосиф Аронович") == PIATNITSKY  # the exact name ranks first


def test_a_missing_patronymic_and_typos() -> None:
    assert _first("Пятницкий Иосиф") == PIATNITSKY
    assert _first("Пятнитский Иосиф") == PIATNITSKY  # one edit
    assert _first("Пятинцкий Иосиф") == PIATNITSKY  # two neighbours swapped
    assert _first("Pjatnizki Ossip") == PIATNITSKY


def test_typos_past_the_trigrams_and_the_edit_budget() -> None:
    # a swap in a five-letter surname leaves it no trigram in common
    assert _first("Хмоик Всеволод") == "69.htm#Фрунзенская наб./д.66/кв.2/1"  # Хомик Всеволод
    # two edits in an eight-letter surname
    assert _first("Содлаюов Никифор") == "63.htm#Тверская ул./д.19/кв.39/1"  # Солдатов Никифор
    # past the budget: the given name and patronymic carry it, the surname counts as missed
    hit = search("Ичсто Сергей Никифорович").hits[0]
    assert hit.locator == "63.htm#Татарская М. ул./д.9/кв.11/1"  # Чистов Сергей Никифорович
    assert hit.reasons[0]["unmatched"] and "alike" in hit.why


def test_a_name_in_brackets_finds_the_record() -> None:
    hit = search("Мильгорф").hits[0]
    assert hit.locator == MADYAR
    assert hit.matched_by == "alias"
    assert _first("Мадьяр Людвиг") == MADYAR


def test_the_exact_name_ranks_above_its_variants() -> None:
    result = search("Kron Arnold")
    assert result.hits[0].locator == KRON
    assert all(a.score >= b.score for a, b in zip(result.hits, result.hits[1:], strict=False))


def test_filters_by_birth_year_place_and_source() -> None:
    assert _locators(search("Чернышев", born="1907")) == [CHERNYSHEV]
    assert CHERNYSHEV in _locators(search("Чернышев", born="1905±2", limit=50))
    assert CHERNYSHEV not in _locators(search("Чернышев", born="1850-1890", limit=50))
    assert _first("Уншлихт", place="млава польша") == UNSHLIKHT
    assert not search("Уншлихт", place="Харбин").hits
    stalin = search("Булатов", source="stalin", limit=100)
    assert stalin.hits and all(h.source == "stalin-lists" for h in stalin.hits)
    assert "stalin-lists" in {h.source for h in search("Булатов", limit=100).hits}
    assert all(h.source == "mos-memo-moscow" for h in search("Иванов", source="moscow").hits)


def test_one_name_in_two_sources_is_found_in_both() -> None:
    sources = {h.source for h in search("Бухарцев Дмитрий Павлович").hits}
    assert sources == {"mos-memo-moscow", "stalin-lists"}


@pytest.mark.parametrize(
    ("born", "message"),
    [("abc", "--born"), ("1890±200", "--born"), ("1895-1890", "--born"), ("99999", "--born")],
)
def test_a_bad_birth_year_is_refused(born: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        search("Чернышев", born=born)


@pytest.mark.parametrize(
    "query",
    ["", "   ", "😀🙂", "12345", "x" * 100_000, "Иванов " * 200_000, "а б в г д е ж з"],
)
def test_a_query_that_is_not_a_name_gets_a_clear_answer(query: str) -> None:
    with pytest.raises(QueryError) as caught:
        search(query)
    message = str(caught.value)
    assert message and len(message) < 200  # one line, not the query echoed back


@pytest.mark.parametrize(
    "query",
    ["'; DROP TABLE record; --", "<script>alert(1)</script>", "Robert'); DELETE FROM name_entry",
     "%_%", "\\", "Иванов\x00Иван"],
)  # fmt: skip
def test_sql_and_html_in_a_query_are_only_text(query: str) -> None:
    before = (Record.objects.count(), NameEntry.objects.count())
    try:
        result = search(query)
    except QueryError:
        return
    assert before == (Record.objects.count(), NameEntry.objects.count())
    assert all(hit.locator for hit in result.hits)
    if not result.hits:
        assert result.notes


@pytest.mark.parametrize("bad", ["Иванов\x00Иван", "Иванов\udcff"])
def test_text_no_database_takes_is_refused(bad: str) -> None:
    with pytest.raises(QueryError, match="query"):
        search(bad)
    with pytest.raises(QueryError, match="--place"):
        search("Иванов", place=bad)


def test_initials_alone_find_nobody_and_scan_nothing() -> None:
    for query in ("И.", "И. П.", "A. B."):
        assert search(query).hits == []


def test_a_limit_out_of_range_is_refused() -> None:
    for limit in (0, 101, -1):
        with pytest.raises(QueryError, match="limit"):
            search("Иванов", limit=limit)
    assert len(search("Иванов").hits) == 10
    assert len(search("Иванов", limit=3).hits) == 3
    assert 10 < len(search("Иванов", limit=100).hits) <= 100


def test_an_unknown_source_names_the_known_ones() -> None:
    with pytest.raises(QueryError, match="mos-memo-moscow"):
        search("Иванов", source="nowhere")


def test_nothing_found_says_which_word() -> None:
    result = search("Qwzxqwzx")
    assert not result.hits
    assert "Qwzxqwzx" in result.notes[0]


def test_an_editors_name_is_found_and_a_corrected_one_is_not(
    real_lists: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from unpersoned.archive.edits import add_statement, redact

    monkeypatch.setenv("UNPERSONED_KEYS", str(real_lists))
    record = Record.objects.get(locator=KRON)
    surname = record.statements.get(predicate="surname")
    add_statement(record, "surname", "Вольский", corrects=surname.ordinal, reason="test")
    assert _first("Вольский Арнольд") == KRON
    assert KRON not in _locators(search("Крон Арнольд"))
    add_statement(record, "alias", "Кронштейн", reason="test")
    assert _first("Кронштейн") == KRON
    name = record.statements.get(predicate="name")
    add_statement(record, "name", "Кроносов Арнольд Фрицевич", corrects=name.ordinal, reason="t")
    assert _first("Кроносов Арнольд") == KRON  # an editor's name is split and indexed
    redact(record, "test")
    assert KRON not in _locators(search("Вольский Арнольд", limit=100))
    # nothing of the withheld names is left, not even the word that no one else bears
    assert not NameKey.objects.filter(key__in=["кронштейн", "кроносов"]).exists()
    assert KRON not in _locators(search("Кронштейн", limit=100))
    assert name_index.behind() == 0


def test_rebuild_gives_the_index_catch_up_kept() -> None:
    def snapshot() -> set[tuple]:
        return set(
            NameEntry.objects.values_list(
                "record_id", "role", "given_initial", "sex", "born", "printed", "female_form"
            )
        )

    kept = snapshot()
    name_index.rebuild()
    assert snapshot() == kept


def test_an_index_built_by_other_rules_is_built_again(monkeypatch: pytest.MonkeyPatch) -> None:
    import unpersoned.archive.name_index as module

    monkeypatch.setattr(module, "index_rules", lambda: "other rules")
    assert name_index.behind() > 0
    result = search("Чернышев Илья")
    assert result.hits[0].locator == CHERNYSHEV
    assert any("brought up to date" in note for note in result.notes)
    assert name_index.behind() == 0
