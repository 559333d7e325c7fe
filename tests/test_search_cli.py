"""`unpersoned search` and `reindex` on an archive of their own, and an index that follows
imports and redactions.

Real record named by its locator: persons.jsonl#list3/p3 of Stalin's lists is
БУЛАТОВ Борис Николаевич, born 1900.
"""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import ON_POSTGRES, STALIN, Archive

BULATOV = "persons.jsonl#list3/p3"


def _hits(archive: Archive, *args: str) -> list[dict]:
    result = archive.run("search", *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["hits"]


def test_search_reindex_and_an_imported_copy(make_archive, tmp_path: Path) -> None:
    a, b = make_archive("a"), make_archive("b")
    if not ON_POSTGRES:  # a database on a server exists before anything is ingested
        for command in (["search", "Иванов"], ["reindex"]):
            missing = a.run(*command)
            assert missing.returncode == 2 and "no archive" in missing.stderr
    a.run("ingest", "stalin", str(STALIN), check=True)
    _bad_queries_get_one_line_and_status_2(a)

    hits = _hits(a, "Bulatov Boris", "--born", "1900±1", "--source", "stalin")
    assert hits[0]["locator"] == BULATOV
    assert hits[0]["name"] == "БУЛАТОВ Борис Николаевич"
    assert hits[0]["reasons"][0]["key"] == "булатов"
    assert "BGN/PCGN" in hits[0]["reasons"][0]["via"]
    text = a.run("search", "Булатова Борис", check=True).stdout
    assert BULATOV in text and "the other gender's form" in text

    rebuilt = a.run("reindex", check=True)
    assert "entries" in rebuilt.stdout
    assert _hits(a, "Bulatov Boris")[0]["locator"] == BULATOV

    a.run("export", str(tmp_path / "a.bundle"), check=True)
    b.run("import", str(tmp_path / "a.bundle"), "--trust", str(a.public_key), check=True)
    assert _hits(b, "Булатов Борис Николаевич")[0]["locator"] == BULATOV

    record = str(hits[0]["record"])
    a.run("redact", record, "--reason", "a court order", check=True)
    assert BULATOV not in [h["locator"] for h in _hits(a, "Bulatov Boris", "--limit", "100")]
    a.run("export", str(tmp_path / "a2.bundle"), check=True)
    b.run("import", str(tmp_path / "a2.bundle"), "--trust", str(a.public_key), check=True)
    assert BULATOV not in [h["locator"] for h in _hits(b, "Bulatov Boris", "--limit", "100")]


def _bad_queries_get_one_line_and_status_2(archive: Archive) -> None:
    # the other bad queries and filters are the API's tests (test_search.py)
    for args in ([""], ["x" * 100_000], ["Иванов", "--limit", "500"]):
        result = archive.run("search", *args)
        assert result.returncode == 2, (args, result.stdout)
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: ") and len(lines[0]) < 300
    html = archive.run("search", "<b>Булатов</b>", check=True)
    assert BULATOV in html.stdout
    nothing = archive.run("search", "Qwzxqwzx", check=True)
    assert "Qwzxqwzx" in nothing.stderr and not nothing.stdout.strip()
