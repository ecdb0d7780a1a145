"""docs/settings.md is the reference ``annexa.yaml`` points to: it must match the code."""

from __future__ import annotations

from pathlib import Path
from typing import get_origin

from pydantic import BaseModel

from annexa.settings import Settings
from annexa.settings_doc import _model_of, render

DOC = Path(__file__).resolve().parents[1] / "docs" / "settings.md"


def test_the_committed_reference_is_the_generated_one() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), (
        "docs/settings.md is stale: .venv/bin/python -m annexa.settings_doc > docs/settings.md"
    )


def test_every_setting_and_its_environment_variable_is_listed() -> None:
    text = render()

    def walk(model: type[BaseModel], path: str) -> None:
        for name, field in model.model_fields.items():
            key = f"{path}.{name}" if path else name
            nested = _model_of(field.annotation)
            if nested is not None:  # a section of its own; a list of them: "key[]"
                item = "[]" if get_origin(field.annotation) is list else ""
                assert f"## `{key}{item}`" in text
                walk(nested, key + item)
                continue
            assert f"`{key}`" in text
            if "[]" not in key:
                assert f"`ANNEXA_{key.replace('.', '__').upper()}`" in text

    walk(Settings, "")
    assert "`keys.dek_max_age_s`" in text


def test_the_starter_configuration_points_at_it() -> None:
    template = Path(__file__).resolve().parents[1] / "annexa" / "cli" / "templates" / "annexa.yaml"
    assert "docs/settings.md" in template.read_text(encoding="utf-8")
    assert DOC.is_file()
