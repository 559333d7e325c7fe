"""Docs that cannot rot: every command, option, setting and predicate is described."""

from __future__ import annotations

import re

from typer.main import get_command

from unpersoned.cli import app
from unpersoned.model import PREDICATES

from .conftest import ROOT

DOCS = ROOT / "docs"


def test_every_command_and_option_is_in_the_cli_doc() -> None:
    text = (DOCS / "cli.md").read_text("utf-8")
    command = get_command(app)
    for name, sub in command.commands.items():
        assert f"## `unpersoned {name}" in text, name
        for param in sub.params:
            for opt in param.opts:
                if opt.startswith("--") and opt != "--help":
                    assert opt in text, (name, opt)


def test_every_setting_is_documented() -> None:
    text = (DOCS / "cli.md").read_text("utf-8")
    code = "".join(
        p.read_text("utf-8")
        for folder in ("src", "scripts", "bench")
        for p in (ROOT / folder).rglob("*")
        if p.suffix in (".py", ".sh")
    )
    settings = set(re.findall(r"UNPERSONED_[A-Z_]+", code))
    assert settings
    for setting in settings:
        assert setting in text, setting


def test_every_predicate_is_in_the_model_doc() -> None:
    text = (DOCS / "model.md").read_text("utf-8")
    for predicate in PREDICATES:
        assert f"| `{predicate}` |" in text, predicate


def test_readme_gives_the_two_commands() -> None:
    first_screen = "\n".join((ROOT / "README.md").read_text("utf-8").splitlines()[:15])
    assert "bash scripts/main.sh" in first_screen
    assert "bash scripts/test.sh" in first_screen
    assert "scripts/test.sh" in (ROOT / ".ci" / "run").read_text("utf-8")
