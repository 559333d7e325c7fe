"""The archive: ingest in one transaction, nothing twice, hostile input stored as given."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from unpersoned.archive.models import Record, Source, SourceFile, Statement
from unpersoned.archive.queries import RecordNotFound, find_record, record_detail, stats
from unpersoned.archive.store import ingest
from unpersoned.readers import ReadError
from unpersoned.readers.csv_mapped import load_mapping

from .conftest import MOSCOW_PAGES, STALIN

pytestmark = pytest.mark.django_db


def test_ingest_stalin_lists_and_again() -> None:
    report = ingest("stalin", [STALIN])
    assert (report.files_read, report.records_added) == (1, 377)
    assert Record.objects.count() == 377
    assert Statement.objects.filter(predicate="listing").count() == 377
    again = ingest("stalin", [STALIN])
    assert (again.files_read, again.files_skipped, again.records_added) == (0, 1, 0)
    assert Record.objects.count() == 377


def test_same_records_in_another_copy_are_not_added(tmp_path: Path) -> None:
    ingest("moscow", [MOSCOW_PAGES / "3.htm"])
    before = Record.objects.count()
    copy = tmp_path / "3.htm"
    shutil.copy(MOSCOW_PAGES / "3.htm", copy)
    with copy.open("ab") as handle:  # a different checksum, the same entries
        handle.write(b"\n")
    report = ingest("moscow", [copy])
    assert report.files_read == 1
    assert report.records_added == 0
    assert report.records_skipped == before
    assert Record.objects.count() == before


def test_a_bad_file_stores_nothing_of_the_call(tmp_path: Path) -> None:
    bad = tmp_path / "99.htm"
    bad.write_bytes((MOSCOW_PAGES / "5.htm").read_bytes()[:5000])
    with pytest.raises(ReadError, match="truncated"):
        ingest("moscow", [MOSCOW_PAGES / "4.htm", bad])
    assert Record.objects.count() == 0
    assert Source.objects.count() == 0
    assert SourceFile.objects.count() == 0


def test_records_keep_the_published_text_and_its_digest() -> None:
    ingest("moscow", [MOSCOW_PAGES / "1.htm"])
    record = find_record("1.htm#Авиамоторная ул./д.4/кв.19/1")
    detail = record_detail(record)
    # that flat's first entry: a man born 1907, shot on 21 October 1937, buried at Butovo
    facts = {s["predicate"]: s for s in detail["statements"]}
    assert facts["birth"]["date"] == "1907"
    assert facts["execution"]["date"] == "1937-10-21"
    assert facts["burial"]["value"] == "Бутово"
    assert facts["surname"]["text"] == facts["surname"]["value"]
    assert find_record(record.digest[:12]).pk == record.pk
    assert find_record(str(record.pk)).pk == record.pk


def test_record_detail_takes_two_queries(django_assert_num_queries) -> None:
    ingest("stalin", [STALIN])
    record = find_record("persons.jsonl#list3/p1")
    with django_assert_num_queries(2):  # its redactions, its statements
        record_detail(record)


def test_unknown_record() -> None:
    with pytest.raises(RecordNotFound):
        find_record("nothing#here")
    with pytest.raises(RecordNotFound):
        find_record("")


HOSTILE_NAMES = [
    "<script>alert('x')</script> Иван Иванович",
    "Robert'); DROP TABLE record;-- Иванович",
    "Иванов\u202eИван\u200b Иванович",
    "Щ" * 1_000_000,
]


def test_hostile_strings_are_stored_exactly(tmp_path: Path) -> None:
    (tmp_path / "map.toml").write_text(
        '[source]\nkey = "hostile"\ntitle = "t"\n[columns]\n"name" = "name"\n"bio" = "prose"\n',
        "utf-8",
    )
    rows = "name,bio\n" + "".join(
        f'"{n.replace(chr(34), 2 * chr(34))}",Родился в 1900 г.\n' for n in HOSTILE_NAMES
    )
    (tmp_path / "list.csv").write_text(rows, "utf-8")
    report = ingest("csv", [tmp_path / "list.csv"], load_mapping(tmp_path / "map.toml"))
    assert report.records_added == len(HOSTILE_NAMES)
    names = set(Statement.objects.filter(predicate="name").values_list("value", flat=True))
    assert "Щ" * 1_000_000 in names
    assert "Robert'); DROP TABLE record;-- Иванович" in names
    assert Record.objects.filter(raw__contains="<script>").count() == 1


def test_stats_counts_by_source_and_predicate() -> None:
    ingest("stalin", [STALIN])
    ingest("moscow", [MOSCOW_PAGES / "2.htm"])
    data = stats()
    keys = {s["key"]: s for s in data["sources"]}
    assert set(keys) == {"stalin-lists", "mos-memo-moscow"}
    assert keys["stalin-lists"]["records"] == 377
    assert keys["stalin-lists"]["statements"]["listing"] == 377
    coverage = keys["mos-memo-moscow"]["coverage"]["fields"]
    assert coverage["death_date"]["share"] == 1.0
    assert data["totals"]["records"] == Record.objects.count()


def test_coverage_counts_only_records_the_archive_keeps(tmp_path: Path) -> None:
    ingest("moscow", [MOSCOW_PAGES / "8.htm"])
    copy = tmp_path / "8.htm"
    copy.write_bytes((MOSCOW_PAGES / "8.htm").read_bytes() + b"\n")
    ingest("moscow", [copy])  # a new checksum, no new record
    source = Source.objects.get(key="mos-memo-moscow")
    records = Record.objects.filter(source=source).count()
    assert source.coverage["records"] == records
    assert source.coverage["fields"]["name"]["present"] == records
