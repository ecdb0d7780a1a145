"""`annexa init` switches NER on exactly when the annexa[ner] extra is installed."""

from __future__ import annotations

from pathlib import Path

import yaml
from typer.testing import CliRunner

from annexa.cli import app
from annexa.cli.init import ner_available
from annexa.detect.scanner import Scanner
from annexa.settings import load_settings


def test_init_turns_ner_on_when_the_extra_is_installed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = CliRunner().invoke(app, ["init", "--data-dir", str(data), "--admin", "admin"])
    assert result.exit_code == 0, result.output
    written = yaml.safe_load((data / "annexa.yaml").read_text(encoding="utf-8"))
    assert written["scan"]["ner"] is ner_available()
    if ner_available():
        scanner = Scanner(load_settings(data).scan)
        found = scanner.scan("Hi, please tell my colleague Maria Keller about the outage.")
        assert [f.entity for f in found] == ["PERSON"]


def test_ner_is_unavailable_for_a_model_that_is_not_installed() -> None:
    assert ner_available("xx_no_such_model_pkg") is False
