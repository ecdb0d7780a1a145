"""Every command's help reads as written: Rich renders help text as markup, so an unescaped
``[ner]`` in "needs annexa[ner]" would vanish from ``--help`` without an error."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import typer
from rich.text import Text
from typer.testing import CliRunner

from annexa.cli import app


def _commands(command: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Any]]:
    yield path, command
    for name, sub in (getattr(command, "commands", None) or {}).items():
        yield from _commands(sub, (*path, name))


COMMANDS = list(_commands(typer.main.get_command(app), ()))


def _help_texts(command: Any) -> list[str]:
    texts = [command.help or ""]
    texts += [getattr(p, "help", None) or "" for p in command.params]
    return [t for t in texts if t]


def test_every_command_group_is_walked() -> None:
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"scan", "serve", "init", "policy test", "audit verify"} <= names


@pytest.mark.parametrize(
    ("path", "command"), COMMANDS, ids=[" ".join(path) or "annexa" for path, _ in COMMANDS]
)
def test_help_text_is_not_eaten_as_markup(path: tuple[str, ...], command: Any) -> None:
    for text in _help_texts(command):
        shown = Text.from_markup(text).plain
        assert shown == text.replace("\\[", "["), f"annexa {' '.join(path)}: {text!r}"


def test_scan_help_names_the_ner_extra() -> None:
    result = CliRunner().invoke(app, ["scan", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "annexa[ner]" in result.stdout
