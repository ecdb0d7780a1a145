"""The Statement of Applicability: the current line of every control, approved versions, diffs.

Plain functions over an engine (reads) or a connection (writes, so an import is one
transaction). A control nobody has touched reads as a default line: not decided, not started.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection, Engine

from annexa.errors import InputError
from annexa.isms._store import dump, now_iso, upsert
from annexa.isms.catalogue import Control, by_id, controls, normalize_id
from annexa.isms.diffing import Change, diff
from annexa.isms.records import SoaEntry
from annexa.isms.tables import SOA, SOA_VERSIONS

__all__ = [
    "SoaLine",
    "Version",
    "approve",
    "diff_versions",
    "entries",
    "get",
    "save",
    "set_fields",
    "snapshot",
    "versions",
]


@dataclass(frozen=True, slots=True)
class SoaLine:
    """A control and its SoA entry."""

    control: Control
    entry: SoaEntry


@dataclass(frozen=True, slots=True)
class Version:
    """An approved SoA version."""

    version: int
    approved_by: str
    approved_at: str
    sha256: str


def _stored(conn: Connection) -> dict[str, SoaEntry]:
    rows = conn.execute(select(SOA.c.control_id, SOA.c.data))
    return {cid: SoaEntry.model_validate_json(data) for cid, data in rows}


def entries(engine: Engine) -> list[SoaLine]:
    """All 93 lines in catalogue order."""
    with engine.connect() as conn:
        stored = _stored(conn)
    return [SoaLine(c, stored.get(c.id) or SoaEntry(control_id=c.id)) for c in controls()]


def get(conn: Connection, control_id: str) -> SoaEntry:
    """The line of ``control_id`` (a default line when untouched)."""
    cid = by_id(control_id).id
    data = conn.execute(select(SOA.c.data).where(SOA.c.control_id == cid)).scalar()
    return SoaEntry.model_validate_json(data) if data else SoaEntry(control_id=cid)


def save(conn: Connection, entry: SoaEntry, *, decided: bool = True) -> None:
    """Store ``entry``; with ``decided`` (every edit by a person) it must be justified."""
    if decided:
        try:
            entry.require_decision()
        except ValueError as exc:
            raise InputError(str(exc)) from exc
    upsert(conn, SOA, "control_id", {"control_id": entry.control_id, "data": dump(entry),
                                     "updated_at": now_iso()})  # fmt: skip


def set_fields(engine: Engine, control_id: str, changes: dict[str, Any]) -> SoaEntry:
    """Change some fields of a control's line; the result must be decided and justified."""
    try:
        cid = by_id(control_id).id
    except KeyError as exc:
        raise InputError(f"unknown Annex A control {control_id!r}") from exc
    with engine.begin() as conn:
        merged = get(conn, cid).model_dump() | {k: v for k, v in changes.items() if v is not None}
        try:
            entry = SoaEntry.model_validate(merged)
        except ValueError as exc:
            raise InputError(f"{cid}: {exc}") from exc
        save(conn, entry)
    return entry


def _current_snapshot(conn: Connection) -> dict[str, dict[str, Any]]:
    stored = _stored(conn)
    return {
        c.id: (stored.get(c.id) or SoaEntry(control_id=c.id)).model_dump(mode="json")
        for c in controls()
    }


def approve(engine: Engine, approved_by: str) -> Version:
    """Freeze the current SoA as the next version, approved by ``approved_by`` now."""
    if not approved_by.strip():
        raise InputError("an approval needs the approver's name")
    with engine.begin() as conn:
        snap = json.dumps(_current_snapshot(conn), sort_keys=True, ensure_ascii=False)
        last = conn.execute(select(func.max(SOA_VERSIONS.c.version))).scalar() or 0
        version = Version(
            last + 1, approved_by.strip(), now_iso(), hashlib.sha256(snap.encode()).hexdigest()
        )
        conn.execute(
            insert(SOA_VERSIONS).values(
                version=version.version, approved_by=version.approved_by,
                approved_at=version.approved_at, sha256=version.sha256, snapshot=snap,
            )
        )  # fmt: skip
    return version


def versions(engine: Engine) -> list[Version]:
    """Every approved version, oldest first."""
    query = select(
        SOA_VERSIONS.c.version, SOA_VERSIONS.c.approved_by,
        SOA_VERSIONS.c.approved_at, SOA_VERSIONS.c.sha256,
    ).order_by(SOA_VERSIONS.c.version)  # fmt: skip
    with engine.connect() as conn:
        return [Version(*row) for row in conn.execute(query)]


def snapshot(engine: Engine, version: int | None) -> dict[str, dict[str, Any]]:
    """The SoA as approved in ``version`` (``None``: the current, unapproved state)."""
    with engine.connect() as conn:
        if version is None:
            return _current_snapshot(conn)
        query = select(SOA_VERSIONS.c.snapshot).where(SOA_VERSIONS.c.version == version)
        text = conn.execute(query).scalar()
    if text is None:
        raise InputError(f"there is no approved SoA version {version}")
    loaded: dict[str, dict[str, Any]] = json.loads(text)
    return loaded


def diff_versions(engine: Engine, before: int | None, after: int | None) -> list[Change]:
    """What changed from ``before`` to ``after`` (``None``: the current state)."""
    return diff(snapshot(engine, before), snapshot(engine, after))


def normalize(control_id: str) -> str:
    """Re-exported for the CLI: ``8.12`` → ``A.8.12``."""
    return normalize_id(control_id)
