"""The 93 Annex A 2022 controls: identifier, short title, theme and our own one-line description.

Read from package data (``data/controls.yaml``); no text of the standard is reproduced.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

__all__ = ["THEMES", "Control", "by_id", "control_ids", "controls", "sort_key"]

THEMES = {
    "5": "Organizational controls",
    "6": "People controls",
    "7": "Physical controls",
    "8": "Technological controls",
}


@dataclass(frozen=True, slots=True)
class Control:
    """One Annex A control.

    Attributes:
        id: ``A.5.1`` ... ``A.8.34``.
        title: the short title.
        theme: ``5`` organizational, ``6`` people, ``7`` physical, ``8`` technological.
        description: what the control asks, in Annexa's words.
    """

    id: str
    title: str
    theme: str
    description: str

    @property
    def theme_name(self) -> str:
        """The theme's name (``Technological controls``)."""
        return THEMES[self.theme]


def _load() -> list[dict[str, Any]]:
    text = resources.files("annexa.isms.data").joinpath("controls.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return list(data["controls"])


@cache
def controls() -> tuple[Control, ...]:
    """Every control in catalogue order."""
    return tuple(
        Control(str(c["id"]), str(c["title"]), str(c["theme"]), str(c["description"]))
        for c in _load()
    )


@cache
def _index() -> dict[str, Control]:
    return {c.id: c for c in controls()}


def control_ids() -> frozenset[str]:
    """The set of valid control identifiers."""
    return frozenset(_index())


def by_id(control_id: str) -> Control:
    """The control ``control_id`` (``A.8.12``); ``KeyError`` if there is none."""
    return _index()[normalize_id(control_id)]


def normalize_id(control_id: str) -> str:
    """``a.8.12``, ``8.12`` and ``A.8.12`` all name ``A.8.12``."""
    text = control_id.strip().upper()
    return text if text.startswith("A.") else f"A.{text}"


def sort_key(control_id: str) -> tuple[int, ...]:
    """Numeric order: ``A.5.2`` before ``A.5.10``."""
    return tuple(int(p) for p in control_id.removeprefix("A.").split("."))
