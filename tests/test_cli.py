"""The `unpersoned` command as a user runs it, on a fresh archive each test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import MEMO_ZIP, MOSCOW_PAGES, STALIN, Archive


def test_help_lists_the_commands(archive: Archive) -> None:
    result = archive.run("--help", check=True)
    for command in ("ingest", "parse", "stats", "show"):
        assert command in result.stdout


def test_parse_is_a_dry_run(archive: Archive) -> None:
    result = archive.run("parse", "moscow", str(MOSCOW_PAGES / "3.htm"), check=True)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) > 10
    assert all({"locator", "raw", "statements", "leftover"} <= set(line) for line in lines)
    assert archive.count("record") == 0


def test_parse_limit(archive: Archive) -> None:
    result = archive.run("parse", "memo", str(MEMO_ZIP), "--limit", "5", check=True)
    assert len(result.stdout.splitlines()) == 5


def test_ingest_stats_show(archive: Archive) -> None:
    result = archive.run("ingest", "stalin", str(STALIN.parent), check=True)
    assert "377 records" in result.stdout
    again = json.loads(archive.run("ingest", "stalin", str(STALIN), "--json", check=True).stdout)
    assert (again["records_added"], again["files_skipped"]) == (0, 1)
    data = json.loads(archive.run("stats", "--json", check=True).stdout)
    assert data["totals"]["records"] == 377
    shown = json.loads(archive.run("show", "persons.jsonl#list3/p1", "--json", check=True).stdout)
    assert shown["source"] == "stalin-lists"
    predicates = {s["predicate"] for s in shown["statements"]}
    assert {"surname", "birth", "arrest", "sentence", "execution", "rehabilitation"} <= predicates
    text = archive.run("show", str(shown["id"]), check=True).stdout
    assert "persons.jsonl#list3/p1" in text
    assert "error" in archive.run("show", "no-such-record").stderr


def _bad_inputs(tmp: Path) -> list[tuple[str, list[str], str]]:
    page = (MOSCOW_PAGES / "6.htm").read_bytes()
    (tmp / "cut.htm").write_bytes(page[: len(page) // 3])
    (tmp / "utf8.htm").write_text(page.decode("cp1251"), "utf-8")
    (tmp / "empty.txt").write_bytes(b"")
    (tmp / "garbage.bin").write_bytes(bytes(range(256)) * 40)
    (tmp / "cp1251.txt").write_bytes("Родился в 1900 г.\n---\n".encode("cp1251"))
    (tmp / "list.csv").write_text("a,b\n1,2\n", "utf-8")
    (tmp / "map.toml").write_text('[columns]\n"ФИО" = "name"\n', "utf-8")
    return [
        ("truncated page", ["moscow", str(tmp / "cut.htm")], "cut.htm:"),
        ("wrong encoding", ["moscow", str(tmp / "utf8.htm")], "windows-1251"),
        ("wrong encoding", ["memo", str(tmp / "cp1251.txt")], "not valid UTF-8"),
        ("empty", ["memo", str(tmp / "empty.txt")], "empty"),
        ("garbage", ["memo", str(tmp / "garbage.bin")], "garbage.bin"),
        ("garbage", ["stalin", str(tmp / "garbage.bin")], "garbage.bin"),
        (
            "missing column",
            ["csv", str(tmp / "list.csv"), "--mapping", str(tmp / "map.toml")],
            "'ФИО'",
        ),
        ("missing path", ["moscow", str(tmp / "nowhere.htm")], "no such file"),
        ("unknown format", ["pdf", str(tmp / "list.csv")], "unknown format"),
    ]


def test_bad_input_one_line_non_zero_archive_unchanged(archive: Archive, tmp_path: Path) -> None:
    archive.run("ingest", "stalin", str(STALIN), check=True)
    before = (archive.count("record"), archive.count("statement"), archive.count("source_file"))
    for what, args, needle in _bad_inputs(tmp_path):
        # a good file first: the bad one must undo it too
        extra = [str(MOSCOW_PAGES / "7.htm")] if args[0] == "moscow" else []
        result = archive.run("ingest", args[0], *extra, *args[1:])
        assert result.returncode == 2, (what, result.stderr)
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1, (what, result.stderr)
        assert lines[0].startswith("error:") and needle in lines[0], (what, lines[0])
        after = (archive.count("record"), archive.count("statement"), archive.count("source_file"))
        assert after == before, what


@pytest.mark.parametrize("what", ["truncated page", "garbage"])
def test_parse_reports_bad_input_too(archive: Archive, tmp_path: Path, what: str) -> None:
    for name, args, needle in _bad_inputs(tmp_path):
        if name == what:
            result = archive.run("parse", *args)
            assert result.returncode == 2 and needle in result.stderr


def test_show_with_hostile_identifiers(archive: Archive) -> None:
    archive.run("ingest", "stalin", str(STALIN), check=True)
    for ident in ("'; DROP TABLE record; --", "<script>alert(1)</script>", "Щ" * 30_000):
        result = archive.run("show", ident)
        assert result.returncode == 1
        assert result.stderr.startswith("error: ")
    assert archive.count("record") == 377


def test_unreachable_database_is_one_line(tmp_path: Path) -> None:
    archive = Archive("postgres://nobody@127.0.0.1:1/nothing", tmp_path / "keys")
    for args in (["stats"], ["show", "1"], ["ingest", "stalin", str(STALIN)]):
        result = archive.run(*args)
        assert result.returncode == 3, result.stderr
        assert result.stderr.startswith("error: cannot use the database")
        assert len(result.stderr.strip().splitlines()) == 1


def test_stats_and_show_refuse_a_missing_archive(archive: Archive) -> None:
    if "://" in archive.target:
        pytest.skip("a server database always exists; the check is for SQLite files")
    for args in (["stats"], ["show", "1"]):
        result = archive.run(*args)
        assert result.returncode == 2 and "no archive at" in result.stderr
    assert archive.count("record") == 0
    from pathlib import Path

    assert not Path(archive.target).exists()
