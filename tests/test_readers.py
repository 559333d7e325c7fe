"""Readers on the real files, and on the bad ones a user can hand us."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unpersoned.readers import ReadError, csv_mapped, memo_biographies, moscow_list, stalin_lists

from .conftest import MEMO_ZIP, MOSCOW_PAGES, STALIN
from .test_csv import _csv


def test_moscow_lists_read_whole() -> None:
    pages = sorted(MOSCOW_PAGES.glob("*.htm"))
    assert len(pages) == 78
    records = [r for page in pages for r in moscow_list.read(page)]
    assert len(records) == 11_789
    assert len({r.locator for r in records}) == 11_789
    first = next(moscow_list.read(MOSCOW_PAGES / "1.htm"))
    # page 1 begins with Авиамоторная ул., house 1, flat 1: one man born 1884
    assert first.locator == "1.htm#Авиамоторная ул./д.1/кв.1/1"
    name_end = first.hints["name_span"][1]
    assert first.raw[:name_end].count(" ") == 2 and first.raw[name_end] == ","
    assert "<" not in first.raw and "&nbsp;" not in first.raw


def test_moscow_locator_is_the_flat() -> None:
    records = list(moscow_list.read(MOSCOW_PAGES / "1.htm"))
    # house 4, flat 19 of Авиамоторная ул. holds three people, numbered 1..3
    flat = [r.locator for r in records if "/д.4/кв.19/" in r.locator]
    assert flat == [f"1.htm#Авиамоторная ул./д.4/кв.19/{n}" for n in (1, 2, 3)]


def test_memo_biographies_read_whole() -> None:
    records = list(memo_biographies.read(MEMO_ZIP))
    assert len(records) == 46_464
    assert records[0].locator == "texts.txt#1"
    assert records[-1].locator == "texts.txt#46464"
    assert all("---" not in r.raw.split("\n") for r in records[:2000])


def test_stalin_lists_read_whole() -> None:
    records = list(stalin_lists.read(STALIN))
    assert len(records) == 377
    assert len({r.locator for r in records}) == 377
    first = records[0]
    assert first.locator == "persons.jsonl#list3/p1"
    listing = first.hints["statements"][0]
    assert (listing.value, listing.date) == ("list 3", "1937-02-27")
    assert "stalin" in listing.qualifiers["signed_by"]


# --- bad input: every one a ReadError naming the file, never another exception ------------


def _read_all(reader, path: Path, *args) -> list:
    return list(reader.read(path, *args))


def test_truncated_moscow_page(tmp_path: Path) -> None:
    data = (MOSCOW_PAGES / "1.htm").read_bytes()
    cut = tmp_path / "1.htm"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(ReadError, match=r"1\.htm:\d+: truncated"):
        _read_all(moscow_list, cut)


def test_moscow_page_in_utf8(tmp_path: Path) -> None:
    page = tmp_path / "2.htm"
    page.write_text((MOSCOW_PAGES / "2.htm").read_bytes().decode("cp1251"), "utf-8")
    with pytest.raises(ReadError, match="UTF-8, but the Moscow pages are windows-1251"):
        _read_all(moscow_list, page)


def test_memo_text_in_windows_1251(tmp_path: Path) -> None:
    text = tmp_path / "texts.txt"
    text.write_bytes("Родился в 1900 г.\n---\n".encode("cp1251"))
    with pytest.raises(ReadError, match=r"texts\.txt:1: not valid UTF-8"):
        _read_all(memo_biographies, text)


def test_truncated_memo_zip(tmp_path: Path) -> None:
    cut = tmp_path / "texts.zip"
    cut.write_bytes(MEMO_ZIP.read_bytes()[:200_000])
    with pytest.raises(ReadError, match="zip"):
        _read_all(memo_biographies, cut)


def test_memo_zip_with_corrupted_bytes(tmp_path: Path) -> None:
    data = bytearray(MEMO_ZIP.read_bytes())
    for i in range(100_000, 100_400):
        data[i] ^= 0x5A
    bad = tmp_path / "texts.zip"
    bad.write_bytes(bytes(data))
    with pytest.raises(ReadError):
        _read_all(memo_biographies, bad)


def test_memo_text_cut_mid_record(tmp_path: Path) -> None:
    text = tmp_path / "texts.txt"
    text.write_text("Родился в 1900 г.\n---\nРодилась в 19", "utf-8")
    with pytest.raises(ReadError, match=r"truncated: the last record \(from line 3\)"):
        _read_all(memo_biographies, text)


@pytest.mark.parametrize("reader", [moscow_list, memo_biographies, stalin_lists])
def test_empty_missing_and_folder(reader, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.write_bytes(b"")
    with pytest.raises(ReadError, match="empty"):
        _read_all(reader, empty)
    with pytest.raises(ReadError, match="no such file"):
        _read_all(reader, tmp_path / "missing")
    with pytest.raises(ReadError, match="folder"):
        _read_all(reader, tmp_path)


@pytest.mark.parametrize("reader", [moscow_list, memo_biographies, stalin_lists])
def test_binary_garbage(reader, tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(ReadError):
        _read_all(reader, garbage)


def test_stalin_bad_lines(tmp_path: Path) -> None:
    bad = tmp_path / "persons.jsonl"
    bad.write_text('{"person_id": "1", "name": "Х", "list_id": "3"}\n{"person_id": ', "utf-8")
    with pytest.raises(ReadError, match=r"persons\.jsonl:2: not a JSON object"):
        _read_all(stalin_lists, bad)
    bad.write_text('{"person_id": "1", "list_id": "3"}\n', "utf-8")
    with pytest.raises(ReadError, match="lacks name"):
        _read_all(stalin_lists, bad)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=3000))
def test_any_bytes_either_read_or_refused(tmp_path_factory, data: bytes) -> None:
    folder = tmp_path_factory.mktemp("any")
    for reader, name in (
        (moscow_list, "1.htm"),
        (memo_biographies, "texts.txt"),
        (stalin_lists, "persons.jsonl"),
    ):
        path = folder / name
        path.write_bytes(data)
        try:
            records = _read_all(reader, path)
        except ReadError as exc:
            assert str(path) in str(exc)
        else:
            assert all(isinstance(r.raw, str) for r in records)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.text(
            alphabet=st.characters(
                blacklist_categories=("Cs",),
                blacklist_characters="-\r\x85\u2028\u2029\x0b\x0c\x1c\x1d\x1e",
            ),
            max_size=200,
        ),
        max_size=20,
    )
)
def test_any_memo_text_either_read_or_refused(tmp_path_factory, blocks: list[str]) -> None:
    path = tmp_path_factory.mktemp("memo") / "texts.txt"
    path.write_text("".join(b + "\n---\n" for b in blocks), "utf-8")
    try:
        records = _read_all(memo_biographies, path)
    except ReadError:
        assert not blocks or any("\x00" in b for b in blocks)
        return
    assert [r.raw for r in records] == [b.rstrip("\n") for b in blocks]


# --- CSV with a column mapping ---------------------------------------------------------------

# the helpers and the mapping are test_csv.py's; these are the readers' general cases


def test_csv_rows_with_mapping(tmp_path: Path) -> None:
    mapping, path = _csv(
        tmp_path,
        "№,ФИО,Год рождения,Биография\n"
        '7,Гусев Илья Петрович,1899,"Арестован 3 мая 1937 г. Приговор: ВМН"\n',
    )
    (record,) = _read_all(csv_mapped, path, mapping)
    assert record.locator == "list.csv#7"
    assert record.raw == '7,Гусев Илья Петрович,1899,"Арестован 3 мая 1937 г. Приговор: ВМН"'
    birth = record.hints["statements"][0]
    assert (birth.predicate, birth.date) == ("birth", "1899")


def test_csv_mapping_names_a_missing_column(tmp_path: Path) -> None:
    mapping, path = _csv(tmp_path, "№,Фамилия\n1,Гусев\n")
    with pytest.raises(ReadError, match=r"list\.csv:1: the mapping names column\(s\) 'ФИО'"):
        _read_all(csv_mapped, path, mapping)


def test_csv_mapping_with_unknown_predicate(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="not a predicate"):
        _csv(tmp_path, "a\n", mapping='[columns]\n"ФИО" = "shoe_size"\n')


def test_csv_wrong_encoding_and_ragged_rows(tmp_path: Path) -> None:
    mapping, path = _csv(
        tmp_path, "№,ФИО,Год рождения,Биография\n1,Гусев,1900,x\n", encoding="cp1251"
    )
    with pytest.raises(ReadError, match="not valid utf-8"):
        _read_all(csv_mapped, path, mapping)
    mapping, path = _csv(tmp_path, "№,ФИО,Год рождения,Биография\n1,Гусев\n")
    with pytest.raises(ReadError, match=r"list\.csv:2: a row with 2 fields"):
        _read_all(csv_mapped, path, mapping)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.lists(
            st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40),
            min_size=4,
            max_size=4,
        ),
        max_size=10,
    )
)
def test_any_csv_rows_read_or_refused(tmp_path_factory, rows: list[list[str]]) -> None:
    import csv
    import io

    folder = tmp_path_factory.mktemp("csv")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["№", "ФИО", "Год рождения", "Биография"])
    writer.writerows(rows)
    mapping, path = _csv(folder, buffer.getvalue())
    try:
        records = _read_all(csv_mapped, path, mapping)
    except ReadError:
        return
    assert len(records) <= len(rows)


def test_zip_with_two_files(tmp_path: Path) -> None:
    path = tmp_path / "texts.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("a.txt", "x\n---\n")
        z.writestr("b.txt", "y\n---\n")
    with pytest.raises(ReadError, match="expected one text file"):
        _read_all(memo_biographies, path)


def test_moscow_entry_whose_bold_is_never_closed() -> None:
    # page 6, М. Бронная ул. 16, flat 3: the <B> around the name is not closed in the page
    record = next(
        r
        for r in moscow_list.read(MOSCOW_PAGES / "6.htm")
        if r.locator == "6.htm#Бронная М. ул./д.16/кв.3/1"
    )
    name_end = record.hints["name_span"][1]
    assert record.raw[name_end] == ","
    assert record.raw[:name_end].count(" ") == 4  # three names and one bracketed alias pair
