"""The parser on records written for these tests in the style of the real lists.

The texts are ours (invented people); what each must give is stated beside it.
"""

from __future__ import annotations

from edtf import parse_edtf
from hypothesis import given, settings
from hypothesis import strategies as st

from unpersoned.model import SourceRecord, Statement
from unpersoned.parse import parse_record


def moscow(text: str) -> list[Statement]:
    name = text.split(",", 1)[0]
    return parse_record(SourceRecord("t#1", text, {"name_span": (0, len(name))})).statements


def prose(text: str) -> list[Statement]:
    return parse_record(SourceRecord("t#1", text)).statements


def one(statements: list[Statement], predicate: str, alternative: bool = False) -> Statement:
    found = [s for s in statements if s.predicate == predicate and s.alternative == alternative]
    assert len(found) == 1, (predicate, found)
    return found[0]


def all_of(statements: list[Statement], predicate: str) -> list[Statement]:
    return [s for s in statements if s.predicate == predicate]


MOSCOW_ENTRY = (
    "Сидоренко Павел Игнатьевич, род. 1889, Тамбовская губ., Козловский уезд, с. Ивановка, "
    "русский, член ВКП(б) с 1917, завод № 12: начальник цеха. Адрес: ул. Новая, д.3, кв. 7. "
    "Рассстрелян 12.09.1937. Место захоронения: Бутово."
)


def test_moscow_entry_fields() -> None:
    s = moscow(MOSCOW_ENTRY)
    assert one(s, "surname").value == "Сидоренко"
    assert one(s, "given_name").value == "Павел"
    assert one(s, "patronymic").value == "Игнатьевич"
    birth = one(s, "birth")
    assert (birth.date, birth.place) == ("1889", "Тамбовская губ., Козловский уезд, с. Ивановка")
    assert one(s, "nationality").value == "русский"
    party = one(s, "party_membership")
    assert (party.value, party.date, party.qualifiers["role"]) == ("ВКП(б)", "1917/..", "member")
    job = one(s, "occupation")
    assert (job.value, job.qualifiers) == ("начальник цеха", {"workplace": "завод № 12"})
    assert one(s, "residence").value == "ул. Новая, д.3, кв. 7"
    assert one(s, "execution").date == "1937-09-12"
    assert one(s, "burial").value == "Бутово"
    assert one(s, "sex").value == "M"


def test_spans_point_at_the_words_read() -> None:
    s = moscow(MOSCOW_ENTRY)
    for statement in s:
        if statement.span:
            a, b = statement.span
            assert 0 <= a < b <= len(MOSCOW_ENTRY)
    nationality = one(s, "nationality")
    assert MOSCOW_ENTRY[slice(*nationality.span)] == "русский"


def test_conflicting_birth_gives_an_alternative() -> None:
    s = moscow(
        "Орлова Мария Петровна, род. 11.02.1872 (по другим данным - 1870), г. Тула, "
        "русская, б/п. Адрес: ул. Полевая, д.1. Рассстреляна 2.03.1938."
    )
    assert one(s, "birth").date == "1872-02-11"
    alt = one(s, "birth", alternative=True)
    assert alt.date == "1870"
    assert one(s, "sex").value == "F"


def test_alternative_month_borrows_day_and_year() -> None:
    s = moscow(
        "Лукин Петр Ильич, род. 9 декабря (по другим данным - февраля) 1899, г. Орел, "
        "русский, б/п. Адрес: ул. Садовая, д.2. Рассстрелян 2.03.1938."
    )
    assert one(s, "birth").date == "1899-12-09"
    assert one(s, "birth", alternative=True).date == "1899-02-09"


def test_aliases_in_brackets() -> None:
    s = moscow(
        "Светлов Борис Ильич (Гринберг Борух Ицкович), род. 1890, г. Киев, еврей, "
        "б/п. Адрес: ул. Тихая, д.5. Рассстрелян 1.01.1938."
    )
    assert one(s, "surname").value == "Светлов"
    assert one(s, "alias").value == "Гринберг Борух Ицкович"
    s = moscow(
        "Петрова (Сидорова) Анна Ивановна, род. 1901, г. Тверь, русская, б/п. "
        "Адрес: ул. Тихая, д.5. Рассстреляна 1.01.1938."
    )
    assert one(s, "alias").qualifiers == {"kind": "surname"}
    assert one(s, "given_name").value == "Анна"


def test_party_spell_expelled_with_reason() -> None:
    s = moscow(
        "Кравец Иван Иванович, род. 1895, г. Орел, русский, член ВКП(б) с 1920 по 1935 "
        "(исключен за троцкизм), инженер. Адрес: ул. Тихая, д.5. Рассстрелян 1.01.1938."
    )
    party = one(s, "party_membership")
    assert party.date == "1920/1935"
    assert party.qualifiers["ended"] == "expelled"
    assert one(s, "party_expulsion").qualifiers["reason"] == "за троцкизм"


def test_repeated_expulsions() -> None:
    s = moscow(
        "Рябов Ил Ильич, род. 1890, г. Орел, русский, исключен из ВКП(б) в 1935 г. "
        "(ранее исключался в 1927 и 1933 гг.), инженер. Адрес: ул. Тихая, д.5. "
        "Рассстрелян 1.01.1938."
    )
    years = sorted(e.date for e in all_of(s, "party_expulsion"))
    assert years == ["1927", "1933", "1935"]
    member = one(s, "party_membership")
    assert (member.date, member.qualifiers["ended"]) == ("../1935", "expelled")


def test_former_parties() -> None:
    s = moscow(
        "Бер Ефим Ильич, род. 1890, г. Вильно, еврей, член ВКП(б) (бывший член Бунда), "
        "инженер. Адрес: ул. Тихая, д.5. Рассстрелян 1.01.1938."
    )
    parties = {(p.value, bool(p.qualifiers.get("former"))) for p in all_of(s, "party_membership")}
    assert parties == {("ВКП(б)", False), ("Бунд", True)}
    s = moscow(
        "Лось Ефим Ильич, род. 1890, г. Вильно, русский, б/п (бывший эсер), инженер. "
        "Адрес: ул. Тихая, д.5. Рассстрелян 1.01.1938."
    )
    assert {p.value for p in all_of(s, "party_membership")} == {"б/п", "ПСР"}
    s = moscow(
        "Ган Отто Карлович, род. 1890, г. Берлин, немец, член КПГ с 1919, инженер. "
        "Адрес: ул. Тихая, д.5. Рассстрелян 1.01.1938."
    )
    assert one(s, "party_membership").value == "КП Германии"


def test_party_body_is_a_position_not_a_spell() -> None:
    s = moscow(
        "Мотов Ефим Ильич, род. 1890, г. Орел, русский, член ВКП(б), секретарь райкома "
        "ВКП(б). Адрес: ул. Тихая, д.5. Рассстрелян 1.01.1938."
    )
    assert len(all_of(s, "party_membership")) == 1
    assert one(s, "occupation").value == "секретарь райкома ВКП(б)"


def test_associations_of_the_seed() -> None:
    s = moscow(
        "Зорин Ефим Ильич, род. 1870, г. Орел, русский, б/п, бывший политкаторжанин, "
        "персональный пенсионер. Адрес: ул. Тихая, д.5. Рассстрелян 1.01.1938."
    )
    assert {a.value for a in all_of(s, "association")} == {
        "society-of-former-political-prisoners",
        "personal-pension",
    }
    s = moscow(
        'Юдин Ефим Ильич, род. 1880, г. Орел, русский, б/п, редактор журнала "Каторга и '
        'ссылка". Адрес: ул. Тихая, д.5. Рассстрелян 1.01.1938.'
    )
    assert one(s, "association").qualifiers["role"] == "editor"


BOOK_ENTRY = """Родилась в 1901 г., Вятская губ., с. Ключи; русская; образование начальное; б/п;
швея артели "Труд".
Проживала: г. Киров.
Арестована 3 августа 1937 г.
Приговорена: Тройка при УНКВД по Кировской обл. 20 сентября 1937 г., обв.: по ст. 58-10.
Приговор: ВМН
Расстреляна 25 сентября 1937 г.
Реабилитирована в мае 1989 г."""


def test_book_of_memory_entry() -> None:
    s = prose(BOOK_ENTRY)
    assert one(s, "sex").value == "F"
    birth = one(s, "birth")
    assert (birth.date, birth.place) == ("1901", "Вятская губ., с. Ключи")
    assert one(s, "education").value == "начальное"
    assert one(s, "occupation").value == 'швея артели "Труд"'
    assert one(s, "residence").value == "г. Киров"
    assert one(s, "arrest").date == "1937-08-03"
    sentence = one(s, "sentence")
    assert (sentence.value, sentence.date) == ("ВМН", "1937-09-20")
    assert sentence.qualifiers["body"] == "Тройка при УНКВД по Кировской обл."
    assert one(s, "charge").qualifiers["article"] == "58-10"
    assert one(s, "execution").date == "1937-09-25"
    assert one(s, "rehabilitation").date == "1989-05"


def test_surname_variants_line() -> None:
    s = prose("(варианты фамилии: Зотова, Зоткина)\nРодилась в 1920 г.")
    assert sorted(a.value for a in all_of(s, "alias")) == ["Зоткина", "Зотова"]


def test_stalin_note_sentence_with_body_date_and_verdict() -> None:
    s = prose(
        "Род. в 1898, г. Орел, русский, обр.: высшее, член ВКП(б). Проживал: Москва, "
        "ул. Тихая, д. 5. Инженер завода.\nАрестован 10.01.1937. Обв. в участии в "
        "организации. Приговор: ВК ВС СССР, 07.03.1937 – ВМН. Расстрелян 08.03.1937, "
        "г.Москва.\nРеабилитирован ВК ВС СССР 17.05.1957"
    )
    sentence = one(s, "sentence")
    assert (sentence.value, sentence.date, sentence.qualifiers["body"]) == (
        "ВМН",
        "1937-03-07",
        "ВК ВС СССР",
    )
    execution = one(s, "execution")
    assert (execution.date, execution.place) == ("1937-03-08", "г.Москва")
    assert one(s, "occupation").value == "Инженер завода"
    rehab = one(s, "rehabilitation")
    assert (rehab.date, rehab.qualifiers["body"]) == ("1957-05-17", "ВК ВС СССР")


def test_leftover_is_what_nobody_read() -> None:
    record = SourceRecord("t#1", "Родился в 1900 г.\nкакая-то приписка: 12 штук (?)")
    parsed = parse_record(record)
    assert parsed.leftover_text() == []  # an unlabelled line is read as an occupation
    record = SourceRecord("t#1", "Арестован 1.01.1937. Содержался в тюрьме.")
    assert "Содержался в тюрьме" in " ".join(parse_record(record).leftover_text())


HOSTILE = [
    "<script>alert(1)</script>, род. 1900",
    "'; DROP TABLE record; --",
    "Рассстрелян " + "9" * 5000,
    "(" * 2000 + ")" * 10,
    "\x00\x01\x02",
    "Иванов " * 20_000,
]


def test_hostile_text_parses_without_error() -> None:
    for text in HOSTILE:
        parsed = parse_record(SourceRecord("t#1", text, {"name_span": (0, min(len(text), 40))}))
        for s in parsed.statements:
            if s.span:
                assert 0 <= s.span[0] <= s.span[1] <= len(text)


_PIECES = [
    *"абвгдеёжзийклмнопрстуфхцчшщыэюяАБВГРСП .,;:()-–\n0123456789",
    "Рассстрелян ",
    "Родилась в ",
    "род. ",
    "Приговор: ",
    "Арестован ",
    "член ВКП(б) с ",
    "б/п",
    " г.",
    "(по другим данным - ",
    "Реабилитирован ",
    "Адрес: ",
    "марта ",
    "исключен из ВКП(б) в ",
    "1937",
    "12.03.1938",
]
prose_text = st.lists(st.sampled_from(_PIECES), max_size=120).map("".join)


@settings(max_examples=300, deadline=None)
@given(prose_text)
def test_any_prose_gives_well_formed_statements(text: str) -> None:
    parsed = parse_record(SourceRecord("t#1", text))
    for s in parsed.statements:
        assert s.predicate
        if s.span:
            assert 0 <= s.span[0] <= s.span[1] <= len(text)
        if s.date:
            for part in s.date.split("/"):
                if part and part != "..":
                    assert parse_edtf(part) is not None, s
    for a, b in parsed.leftover:
        assert 0 <= a < b <= len(text)


def test_lower_case_label_at_the_very_start() -> None:
    s = prose("р. 1894 в Орле. Проживала в Туле. Арестована 13.02.1938.")
    assert one(s, "birth").date == "1894"
    assert one(s, "arrest").date == "1938-02-13"


def test_patronymic_outweighs_a_verb_about_someone_else() -> None:
    text = "Иванова Мария Петровна\nЕе муж был арестован в 1937 г."
    s = parse_record(SourceRecord("t#1", text, {"name_span": (0, 22)})).statements
    assert one(s, "sex").value == "F"


def test_rehabilitation_date_before_the_law() -> None:
    s = prose("Реабилитирован 12 февраля 1997 г. по Закону РСФСР от 18 октября 1991г.")
    rehab = one(s, "rehabilitation")
    assert (rehab.date, rehab.qualifiers["basis"]) == ("1997-02-12", "law")


def test_two_spells_printed_without_a_comma() -> None:
    s = moscow(
        "Ион Ион Ионович, род. 1890, г. Яссы, румын, член ВКП(б) с 1926 с 1920 по 1925 "
        "член Румынской КП, инженер. Адрес: ул. Тихая, д.5. Рассстрелян 1.01.1938."
    )
    spells = {(p.value, p.date) for p in all_of(s, "party_membership")}
    assert spells == {("ВКП(б)", "1926/.."), ("КП Румынии", "1920/1925")}


def test_impossible_day_keeps_the_month() -> None:
    s = moscow(
        "Ион Ион Ионович, род. 1890, г. Яссы, румын, член ВКП(б) с 31.02.1920, инженер. "
        "Адрес: ул. Тихая, д.5. Рассстрелян 1.01.1938."
    )
    assert one(s, "party_membership").date == "1920-02/.."


def test_sentences_wait_for_a_bracket_to_close() -> None:
    from unpersoned.parse.segments import sentences

    text = "Адрес (дом. Второй корпус). Третье. Четвертое (не закрыто. Пятое"
    parts = [text[a:b] for a, b in sentences(text, 0, len(text))]
    assert parts == ["Адрес (дом. Второй корпус).", "Третье.", "Четвертое (не закрыто. Пятое"]
