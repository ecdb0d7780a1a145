"""The SoA version diff, pure."""

from __future__ import annotations

from typing import Any

from annexa.isms.diffing import Change, diff


def test_changed_fields_in_control_order() -> None:
    before: dict[str, dict[str, Any]] = {
        "A.5.10": {"control_id": "A.5.10", "status": "planned", "owner": "x"},
        "A.5.2": {"control_id": "A.5.2", "applicable": None},
    }
    after: dict[str, dict[str, Any]] = {
        "A.5.10": {"control_id": "A.5.10", "status": "implemented", "owner": "x"},
        "A.5.2": {"control_id": "A.5.2", "applicable": True},
        "A.8.1": {"control_id": "A.8.1", "owner": "y"},
    }
    assert diff(before, after) == [
        Change("A.5.2", "applicable", None, True),
        Change("A.5.10", "status", "planned", "implemented"),
        Change("A.8.1", "owner", None, "y"),
    ]
    assert str(diff(before, after)[1]) == "A.5.10 status: 'planned' -> 'implemented'"


def test_same_versions_have_no_changes() -> None:
    snap: dict[str, dict[str, Any]] = {"A.5.1": {"control_id": "A.5.1", "status": "partial"}}
    assert diff(snap, dict(snap)) == []
