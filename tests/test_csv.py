"""The CSV reader: cells found by position, dates and sex read, bad files and mappings refused."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unpersoned.model import SourceRecord, Statement
from unpersoned.parse import parse_record
from unpersoned.readers import ReadError, csv_mapped

from .conftest import ROOT

MAPPING = """
[source]
key = "test-book"
title = "Тестовая книга памяти"
locator = "№"

[columns]
"ФИО" = "name"
"Год рождения" = "birth"
"Биография" = "prose"
"""


def _csv(
    tmp_path: Path, rows: str | bytes, mapping: str = MAPPING, encoding: str = "utf-8"
) -> tuple[dict, Path]:
    (tmp_path / "map.toml").write_text(mapping, "utf-8")
    path = tmp_path / "list.csv"
    path.write_bytes(rows if isinstance(rows, bytes) else rows.encode(encoding))
    return csv_mapped.load_mapping(tmp_path / "map.toml"), path


def _read(path: Path, mapping: dict) -> list[SourceRecord]:
    return list(csv_mapped.read(path, mapping))


def _one(tmp_path: Path, rows: str, mapping: str = MAPPING) -> SourceRecord:
    (record,) = _read(*reversed(_csv(tmp_path, rows, mapping)))
    return record


def _statement(record: SourceRecord, predicate: str) -> Statement:
    (found,) = [s for s in record.hints["statements"] if s.predicate == predicate]
    return found


def _columns(**columns: str) -> str:
    return "[columns]\n" + "".join(f'"{c}" = "{p}"\n' for c, p in columns.items())


# --- 1. spans: each cell by its position in the header, never by searching the row -----------


def test_spans_when_the_header_order_differs_from_the_mapping(tmp_path: Path) -> None:
    record = _one(
        tmp_path,
        "Год рождения,Биография,ФИО,№\n"
        "1899,Родился в 1899 г. Арестован 3 мая 1937 г.,Гусев Илья Петрович,7\n",
    )
    raw = record.raw
    a, b = record.hints["name_span"]
    assert raw[a:b] == "Гусев Илья Петрович"
    birth = _statement(record, "birth")
    assert birth.span == (0, 4)
    ((a, b),) = record.hints["prose_spans"]
    assert raw[a:b] == "Родился в 1899 г. Арестован 3 мая 1937 г."


def test_span_of_a_value_that_also_stands_in_an_earlier_cell(tmp_path: Path) -> None:
    mapping = '[source]\nlocator = "№"\n' + _columns(
        **{"Расстрел": "execution", "Арест": "arrest", "Биография": "prose"}
    )
    record = _one(tmp_path, "№,Арест,Расстрел,Биография\n1937,1937,1937,1937\n", mapping)
    assert _statement(record, "arrest").span == (5, 9)
    assert _statement(record, "execution").span == (10, 14)
    assert record.hints["prose_spans"] == [(15, 19)]
    assert record.locator == "list.csv#1937"


def test_quoted_cell_with_escaped_quotes(tmp_path: Path) -> None:
    mapping = MAPPING + '"Работа" = "occupation"\n'
    record = _one(
        tmp_path,
        "№,ФИО,Год рождения,Биография,Работа\n"
        '1,Гусев Илья,1899,"Родился, жил","  рабочий завода ""Серп и молот"" "\n',
        mapping,
    )
    occupation = _statement(record, "occupation")
    assert occupation.value == 'рабочий завода "Серп и молот"'
    a, b = occupation.span
    assert record.raw[a:b] == 'рабочий завода ""Серп и молот""'
    # a quoted cell without escapes is exact, its span inside the quotes
    ((a, b),) = record.hints["prose_spans"]
    assert record.raw[a - 1 : b + 1] == '"Родился, жил"'


def test_name_and_prose_with_escaped_quotes(tmp_path: Path) -> None:
    record = _one(
        tmp_path,
        "№,ФИО,Год рождения,Биография\n"
        '1,"Гусев Илья ""Илюша"" Петрович",1899,"Работал на заводе ""Серп"". Расстрелян"\n',
    )
    assert "name_span" not in record.hints
    name = _statement(record, "name")
    assert (name.value, name.span) == ('Гусев Илья "Илюша" Петрович', None)
    assert record.hints["prose_spans"] == []
    assert _statement(record, "birth").date == "1899"
    parsed = parse_record(record)  # the parser takes such a record without complaint
    assert any(s.predicate == "birth" for s in parsed.statements)


def test_quoted_cell_over_several_lines(tmp_path: Path) -> None:
    first, second = _read(
        *reversed(
            _csv(
                tmp_path,
                "№,ФИО,Год рождения,Биография\r\n"
                '1,Гусев Илья,1899,"Родился в Перми.\r\nАрестован 3 мая 1937 г."\r\n'
                "2,Орлов Пётр,1901,Жил в Перми\r\n",
            )
        )
    )
    assert first.raw == '1,Гусев Илья,1899,"Родился в Перми.\r\nАрестован 3 мая 1937 г."'
    ((a, b),) = first.hints["prose_spans"]
    assert first.raw[a:b] == "Родился в Перми.\r\nАрестован 3 мая 1937 г."
    assert (first.hints["line"], second.hints["line"]) == (2, 4)
    assert second.raw == "2,Орлов Пётр,1901,Жил в Перми"


def test_an_unclosed_quote_and_text_after_a_closing_quote(tmp_path: Path) -> None:
    mapping, path = _csv(tmp_path, '№,ФИО,Год рождения,Биография\n1,"Гусев,1899,x\n2,a,b,c\n')
    with pytest.raises(ReadError, match=r"list\.csv:2: a quoted cell that is never closed"):
        _read(path, mapping)
    mapping, path = _csv(tmp_path, '№,ФИО,Год рождения,Биография\n1,"Гусев" И,1899,x\n')
    with pytest.raises(ReadError, match=r"list\.csv:2: ' ' after the closing quote"):
        _read(path, mapping)


# --- 2. dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "date"),
    [
        ("1937-11-03", "1937-11-03"),
        ("1937-11", "1937-11"),
        ("1937", "1937"),
        ("1870?", "1870?"),
        ("1900~", "1900~"),
        ("1917/1935", "1917/1935"),
        ("03/11/1937", "1937-11-03"),
        ("03.11.1937", "1937-11-03"),
        ("3.11.1937 г.", "1937-11-03"),
        ("11/1937", "1937-11"),
        ("около 1900", "1900~"),
        ("ок. 1900", "1900~"),
        ("Около 1900 г.", "1900~"),
        ("около 1870?", "1870%"),
        ("7 марта 1932 г.", "1932-03-07"),
        ("в июле 1998 г.", "1998-07"),
        ("1899 г.", "1899"),
    ],
)
def test_date_cells(tmp_path: Path, cell: str, date: str) -> None:
    record = _one(tmp_path, f"№,ФИО,Год рождения,Биография\n1,Гусев,{cell},\n")
    birth = _statement(record, "birth")
    assert (birth.value, birth.date, birth.qualifiers) == (cell, date, None)


@pytest.mark.parametrize("cell", ["неизвестно", "31.02.1937", "1937-13", "около неизвестно"])
def test_unreadable_date_keeps_the_value(tmp_path: Path, cell: str) -> None:
    record = _one(tmp_path, f"№,ФИО,Год рождения,Биография\n1,Гусев,{cell},\n")
    birth = _statement(record, "birth")
    assert (birth.value, birth.date, birth.qualifiers) == (cell, None, {"date_unread": True})
    assert record.raw[slice(*birth.span)] == cell


# --- 3. sex -----------------------------------------------------------------------------------

SEX_MAPPING = '[source]\nlocator = "№"\n' + _columns(**{"ФИО": "name", "Пол": "sex"})


@pytest.mark.parametrize(
    ("cell", "sex"),
    [
        ("М", "M"),
        ("м.", "M"),
        ("M", "M"),
        ("муж.", "M"),
        ("МУЖ", "M"),
        ("male", "M"),
        ("Ж", "F"),
        ("ж.", "F"),
        ("f", "F"),
        ("Жен.", "F"),
        ("FEMALE", "F"),
        ("неизвестно", None),
        ("?", None),
        ("Фёдор", None),
        ("жираф", None),
        ("мужчина", None),
    ],
)
def test_sex_cells(tmp_path: Path, cell: str, sex: str | None) -> None:
    record = _one(tmp_path, f"№,ФИО,Пол\n1,Гусев Илья,{cell}\n", SEX_MAPPING)
    found = [s.value for s in record.hints["statements"] if s.predicate == "sex"]
    assert found == ([sex] if sex else [])


# --- 4. refused rows and headers --------------------------------------------------------------


def test_empty_locator_is_refused(tmp_path: Path) -> None:
    mapping, path = _csv(tmp_path, "№,ФИО,Год рождения,Биография\n1,Гусев,1899,x\n ,Орлов,1900,y\n")
    with pytest.raises(ReadError, match=r"list\.csv:3: the locator column '№' is empty"):
        _read(path, mapping)


def test_duplicate_locator_is_refused(tmp_path: Path) -> None:
    mapping, path = _csv(
        tmp_path, "№,ФИО,Год рождения,Биография\n1,Гусев,1899,x\n2,Орлов,1900,y\n1,Рыков,1901,z\n"
    )
    with pytest.raises(ReadError, match=r"list\.csv:4: the locator '1' repeats \(first on line 2"):
        _read(path, mapping)


def test_without_a_locator_column_the_row_number_is_the_locator(tmp_path: Path) -> None:
    mapping, path = _csv(
        tmp_path,
        "№,ФИО,Год рождения,Биография\n1,Гусев,1899,x\n1,Орлов,1900,y\n",
        mapping=MAPPING.replace('locator = "№"', ""),
    )
    assert [r.locator for r in _read(path, mapping)] == ["list.csv#1", "list.csv#2"]


def test_duplicate_header_names_are_refused(tmp_path: Path) -> None:
    mapping, path = _csv(tmp_path, "№,ФИО,Год рождения,Биография,ФИО\n1,Гусев,1899,x,y\n")
    with pytest.raises(ReadError, match=r"list\.csv:1: the header names column 'ФИО' twice"):
        _read(path, mapping)


def test_nul_byte_far_into_the_file_is_refused(tmp_path: Path) -> None:
    rows = "№,ФИО,Год рождения,Биография\n" + "".join(
        f"{n},Гусев Илья Петрович,1899,{'Родился в Перми. ' * 10}\n" for n in range(1, 41)
    )
    data = rows.encode() + b"41,\x00,1899,x\n"
    assert len(data) > 4096 * 2
    mapping, path = _csv(tmp_path, data)
    with pytest.raises(ReadError, match=r"list\.csv:42: binary data \(NUL byte\)"):
        _read(path, mapping)


# --- 5. decoding, a line at a time ------------------------------------------------------------


def test_wrong_encoding_names_its_line(tmp_path: Path) -> None:
    rows = "№,ФИО,Год рождения,Биография\n1,Gusev,1899,x\n2,Orlov,1900,y\n".encode()
    data = rows + "3,Рыков,1901,z\n".encode("cp1251") + b"4,Popov,1902,w\n"
    mapping, path = _csv(tmp_path, data)
    with pytest.raises(ReadError, match=r"list\.csv:4: not valid utf-8 at byte 3 of the line"):
        _read(path, mapping)


def test_wrong_encoding_inside_a_quoted_cell_over_lines(tmp_path: Path) -> None:
    data = '№,ФИО,Год рождения,Биография\n1,Gusev,1899,"a\nb\n'.encode() + "в\n".encode("cp1251")
    mapping, path = _csv(tmp_path, data + b'"\n')
    with pytest.raises(ReadError, match=r"list\.csv:4: not valid utf-8"):
        _read(path, mapping)


def test_windows_1251_file(tmp_path: Path) -> None:
    mapping, path = _csv(
        tmp_path,
        "№;ФИО;Год рождения;Биография\n1;Гусев Илья;1899;Родился в Перми\n",
        MAPPING.replace("[source]", '[source]\nencoding = "windows-1251"\ndelimiter = ";"'),
        encoding="cp1251",
    )
    (record,) = _read(path, mapping)
    assert record.raw == "1;Гусев Илья;1899;Родился в Перми"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "UTF8"])
def test_bom_header_works(tmp_path: Path, encoding: str) -> None:
    mapping, path = _csv(
        tmp_path,
        "\ufeff№,ФИО,Год рождения,Биография\n7,Гусев Илья,1899,x\n",
        MAPPING.replace("[source]", f'[source]\nencoding = "{encoding}"'),
    )
    (record,) = _read(path, mapping)
    assert record.locator == "list.csv#7"
    assert "\ufeff" not in record.raw


def test_records_stream_before_a_bad_line(tmp_path: Path) -> None:
    data = "№,ФИО,Год рождения,Биография\n1,Гусев,1899,x\n".encode() + b"2,\xff,1900,y\n"
    mapping, path = _csv(tmp_path, data)
    records = csv_mapped.read(path, mapping)
    assert next(records).locator == "list.csv#1"
    with pytest.raises(ReadError, match=r":3: not valid"):
        next(records)


# --- 6. the mapping file ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ('source = 3\n[columns]\n"a" = "name"\n', r"\[source\] must be a table"),
        ('source = "x"\n[columns]\n"a" = "name"\n', r"\[source\] must be a table"),
        ('[source]\ndelimiter = ";;"\n[columns]\n"a" = "name"\n', "delimiter must be one"),
        ('[source]\ndelimiter = ""\n[columns]\n"a" = "name"\n', "delimiter must be one"),
        ('[source]\ndelimiter = \'"\'\n[columns]\n"a" = "name"\n', "delimiter must be one"),
        ('[source]\ndelimiter = 5\n[columns]\n"a" = "name"\n', "delimiter must be a string"),
        ('[source]\nencoding = "klingon"\n[columns]\n"a" = "name"\n', "unknown encoding"),
        ('[source]\nencoding = 1251\n[columns]\n"a" = "name"\n', "encoding must be a string"),
        ('[source]\nencoding = "utf-16"\n[columns]\n"a" = "name"\n', "not ASCII-compatible"),
        ('[source]\nencoding = "base64"\n[columns]\n"a" = "name"\n', "not a text encoding"),
        ('[source]\nkey = 1\n[columns]\n"a" = "name"\n', "key must be a string"),
        ('[source]\ntitle = []\n[columns]\n"a" = "name"\n', "title must be a string"),
        ('[source]\nlocator = 2\n[columns]\n"a" = "name"\n', "locator must be a string"),
        ('[columns]\n"a" = 3\n', "column 'a' must map to a predicate name"),
        ('[columns]\n"a" = ["name"]\n', "column 'a' must map to a predicate name"),
        ('[columns]\n"a" = {x = 1}\n', "column 'a' must map to a predicate name"),
        ('[columns]\n"a" = "shoe_size"\n', "not a predicate"),
        ("columns = 1\n", r"no \[columns\] table"),
        ("[columns]\n", r"no \[columns\] table"),
        ("[columns\n", "not a TOML mapping"),
    ],
)
def test_bad_mappings_are_refused(tmp_path: Path, mapping: str, message: str) -> None:
    path = tmp_path / "map.toml"
    path.write_text(mapping, "utf-8")
    with pytest.raises(ReadError, match=message) as caught:
        csv_mapped.load_mapping(path)
    assert str(caught.value).startswith(f"{path}: ")


def test_missing_or_empty_mapping_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="no such file"):
        csv_mapped.load_mapping(tmp_path / "missing.toml")
    (tmp_path / "empty.toml").write_bytes(b"")
    with pytest.raises(ReadError, match="empty"):
        csv_mapped.load_mapping(tmp_path / "empty.toml")


# --- 7. bad CSV files -------------------------------------------------------------------------


def test_missing_folder_and_empty_csv(tmp_path: Path) -> None:
    mapping, path = _csv(tmp_path, "")
    with pytest.raises(ReadError, match=r"list\.csv: the file is empty"):
        _read(path, mapping)
    path.write_bytes(b"\n \r\n\t\n")
    with pytest.raises(ReadError, match=r"list\.csv: the file is empty"):
        _read(path, mapping)
    with pytest.raises(ReadError, match=r"missing\.csv: no such file"):
        _read(tmp_path / "missing.csv", mapping)
    (tmp_path / "folder.csv").mkdir()
    with pytest.raises(ReadError, match=r"folder\.csv: is a folder, not a file"):
        _read(tmp_path / "folder.csv", mapping)


def test_garbage_bytes(tmp_path: Path) -> None:
    mapping, path = _csv(tmp_path, bytes(range(256)) * 64)
    with pytest.raises(ReadError, match=r"list\.csv:1: binary data"):
        _read(path, mapping)
    mapping, path = _csv(tmp_path, bytes(range(0x80, 0x100)) * 64)
    with pytest.raises(ReadError, match=r"list\.csv:1: not valid utf-8 at byte 1"):
        _read(path, mapping)


def test_header_only_gives_no_records(tmp_path: Path) -> None:
    mapping, path = _csv(tmp_path, "№,ФИО,Год рождения,Биография\n\n")
    assert _read(path, mapping) == []


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=2000))
def test_any_bytes_either_read_or_refused(tmp_path_factory, data: bytes) -> None:
    mapping, path = _csv(tmp_path_factory.mktemp("bytes"), b"a,b\n" + data, _columns(a="name"))
    try:
        records = _read(path, mapping)
    except ReadError as exc:
        assert str(path) in str(exc)
    else:
        assert all(isinstance(r.raw, str) and not r.raw.endswith("\n") for r in records)


# --- 8. the source key ------------------------------------------------------------------------


def test_source_key_defaults_to_the_file_stem(tmp_path: Path) -> None:
    mapping, path = _csv(tmp_path, "a\n1\n", _columns(a="name"))
    assert csv_mapped.source_info(path, mapping).key == "csv:list"
    mapping, path = _csv(tmp_path, "a\n1\n", MAPPING)
    assert csv_mapped.source_info(path, mapping).key == "test-book"
    assert "`csv:<file stem>`" in (ROOT / "docs" / "formats.md").read_text("utf-8")


# --- the property: whatever the cells and the column order, spans point at the values -------

NAMES = ["ФИО", "Биография", "Год рождения", "Национальность", "Адрес", "Прочее"]
PREDICATES = {
    "ФИО": "name",
    "Биография": "prose",
    "Год рождения": "birth",
    "Национальность": "nationality",
    "Адрес": "residence",
}
CELL = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=30,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.permutations(NAMES),
    st.lists(st.lists(CELL, min_size=len(NAMES), max_size=len(NAMES)), max_size=8),
    st.sampled_from([",", ";", "\t"]),
)
def test_spans_point_at_the_cells(
    tmp_path_factory, header: list[str], rows: list[list[str]], delimiter: str
) -> None:
    def line(cells: list[str]) -> str:
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=delimiter).writerow(cells)
        return buffer.getvalue()

    mapping = f'[source]\ndelimiter = "{delimiter}"\n' + _columns(**PREDICATES)
    text = line(header) + "".join(line(row) for row in rows)
    mapping, path = _csv(tmp_path_factory.mktemp("prop"), text, mapping)
    records = _read(path, mapping)

    kept = [(n, row) for n, row in enumerate(rows, 1) if any(cell.strip() for cell in row)]
    assert len(records) == len(kept)
    for record, (number, row) in zip(records, kept, strict=True):
        assert record.raw == line(row).removesuffix("\r\n")
        assert record.locator == f"list.csv#{number}"
        # the scanner reads back exactly what csv.writer wrote, offsets and all
        *physical, last = line(row).split("\n")
        lines = [(i, t) for i, t in enumerate([p + "\n" for p in physical] + [last], 1) if t]
        (cells,) = [r.cells for r in csv_mapped._rows(path, iter(lines), delimiter)]
        assert [c.value for c in cells] == row
        for cell in cells:
            assert cell.exact == ('"' not in cell.value)
            escaped = cell.value.replace('"', '""')
            assert record.raw[cell.start : cell.end] == escaped
        statements = {s.predicate: s for s in record.hints["statements"]}
        prose = record.hints["prose_spans"]
        for name, cell in zip(header, row, strict=True):
            predicate = PREDICATES.get(name)
            value = cell.strip()
            if predicate is None:
                continue
            if not value:
                assert predicate not in statements
                continue
            exact = '"' not in value
            if predicate == "name":
                if exact:
                    assert record.raw[slice(*record.hints["name_span"])] == value
                else:
                    assert (statements["name"].value, statements["name"].span) == (value, None)
            elif predicate == "prose":
                assert [record.raw[a:b] for a, b in prose] == ([value] if exact else [])
            else:
                statement = statements[predicate]
                assert statement.value == value
                a, b = statement.span
                assert record.raw[a:b] == value.replace('"', '""')
                if predicate == "birth":
                    assert (statement.date is None) == bool(statement.qualifiers)
                if predicate == "residence":
                    assert statement.place == value


def test_a_folder_stands_for_its_csv_files(tmp_path: Path) -> None:
    from unpersoned.cli import _expand

    _csv(tmp_path, "a\n1\n", _columns(a="name"))
    (tmp_path / "notes.txt").write_text("x", "utf-8")
    assert _expand("csv", [tmp_path]) == [tmp_path / "list.csv"]
