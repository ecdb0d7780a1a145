"""The AI systems inventory (A.5.9): each tool or app that uses AI, linked to the register."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from annexa.errors import InputError
from annexa.isms._store import dump, now_iso, upsert
from annexa.isms.records import System
from annexa.isms.tables import SUPPLIERS, SYSTEMS

__all__ = ["list_systems", "save"]


def save(conn: Connection, system: System) -> None:
    """Add or replace a system; every supplier it names must be in the register."""
    known = set(conn.execute(select(SUPPLIERS.c.name)).scalars())
    unknown = [s for s in system.suppliers if s not in known]
    if unknown:
        raise InputError(
            f"system {system.name!r}: suppliers not in the register: {', '.join(unknown)}",
            hint="Register them first: annexa suppliers add NAME ...",
        )
    upsert(conn, SYSTEMS, "name", {"name": system.name, "data": dump(system),
                                   "updated_at": now_iso()})  # fmt: skip


def list_systems(engine: Engine) -> list[System]:
    """Every AI system, by name."""
    with engine.connect() as conn:
        rows = conn.execute(select(SYSTEMS.c.data).order_by(SYSTEMS.c.name))
        return [System.model_validate_json(data) for (data,) in rows]
