"""The difference between two SoA versions, field by field. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from annexa.isms.catalogue import sort_key

__all__ = ["Change", "diff"]

IGNORED = frozenset({"control_id"})


@dataclass(frozen=True, slots=True)
class Change:
    """One field of one control that differs: ``before`` → ``after``."""

    control_id: str
    field: str
    before: Any
    after: Any

    def __str__(self) -> str:
        return f"{self.control_id} {self.field}: {self.before!r} -> {self.after!r}"


def diff(
    before: Mapping[str, Mapping[str, Any]], after: Mapping[str, Mapping[str, Any]]
) -> list[Change]:
    """Changes from ``before`` to ``after`` (control id → entry fields), in control order."""
    changes: list[Change] = []
    for control_id in sorted(set(before) | set(after), key=sort_key):
        old, new = before.get(control_id, {}), after.get(control_id, {})
        for name in sorted((set(old) | set(new)) - IGNORED):
            if old.get(name) != new.get(name):
                changes.append(Change(control_id, name, old.get(name), new.get(name)))
    return changes
