"""Docs and API stay honest: every setting and CLI command is documented, `__all__` is complete."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer.main
from pydantic import BaseModel

import annexa
from annexa.cli import app
from annexa.detect.scanner import Scanner
from annexa.settings import ScanSettings, Settings


def _models(model: type[BaseModel], seen: set[type[BaseModel]]) -> list[type[BaseModel]]:
    if model in seen:
        return []
    seen.add(model)
    out = [model]
    for field in model.model_fields.values():
        ann = field.annotation
        for cand in (ann, *getattr(ann, "__args__", ())):
            if isinstance(cand, type) and issubclass(cand, BaseModel):
                out.extend(_models(cand, seen))
    return out


@pytest.mark.parametrize("model", _models(Settings, set()), ids=lambda m: m.__name__)
def test_every_setting_has_a_description(model: type[BaseModel]) -> None:
    missing = [name for name, f in model.model_fields.items() if not f.description]
    assert not missing, f"{model.__name__}: undocumented settings {missing}"


def _commands(group: Any, prefix: str = "annexa") -> list[tuple[str, Any]]:
    """Walk the command tree (Typer vendors click, so duck-type groups by ``commands``)."""
    out = [(prefix, group)]
    for name, sub in getattr(group, "commands", {}).items():
        out.extend(_commands(sub, f"{prefix} {name}"))
    return out


COMMANDS = _commands(typer.main.get_command(app))


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_every_cli_command_has_help_and_data_dir(path: str, command: Any) -> None:
    assert (command.help or "").strip(), f"{path} has no help text"
    if hasattr(command, "commands"):
        return
    options = {opt for p in command.params for opt in getattr(p, "opts", [])}
    assert "--data-dir" in options, f"{path} does not take --data-dir"


def test_all_exports_exist() -> None:
    for name in annexa.__all__:
        assert hasattr(annexa, name), name


def test_every_detector_is_in_the_detection_guide() -> None:
    """docs/detection.md lists every built-in detector with its entity types."""
    guide = (Path(__file__).parent.parent / "docs" / "detection.md").read_text(encoding="utf-8")
    rows = {
        line.split("|")[1].strip(): line for line in guide.splitlines() if line.startswith("| `")
    }
    missing = []
    for detector in Scanner(ScanSettings()).detectors:
        row = rows.get(f"`{detector.name}`")
        if row is None or any(f"`{entity}`" not in row for entity in detector.entities):
            missing.append(detector.name)
    assert not missing, f"docs/detection.md: add or update {missing}"
