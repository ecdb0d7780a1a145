"""The AI supplier register (A.5.19–A.5.23) and supplier reviews (A.5.22 evidence).

The register is the one source of truth for which suppliers the gateway may reach and the
highest data class each may receive (see :mod:`annexa.isms.gate`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection, Engine

from annexa.errors import InputError
from annexa.isms._store import dump, now_iso, upsert
from annexa.isms.records import Supplier
from annexa.isms.tables import SUPPLIER_REVIEWS, SUPPLIERS

__all__ = ["Review", "get", "list_suppliers", "record_review", "reviews", "save"]

OUTCOMES = ("approved", "conditions", "rejected")


@dataclass(frozen=True, slots=True)
class Review:
    """One supplier review: when, by whom, with what outcome."""

    supplier: str
    reviewed_at: str
    reviewer: str
    outcome: str
    notes: str


def save(conn: Connection, supplier: Supplier) -> None:
    """Add or replace a supplier."""
    upsert(conn, SUPPLIERS, "name", {
        "name": supplier.name, "approval": supplier.approval, "max_level": supplier.max_level,
        "data": dump(supplier), "updated_at": now_iso(),
    })  # fmt: skip


def get(conn: Connection, name: str) -> Supplier | None:
    """The supplier called ``name``, or None when it is not registered."""
    data = conn.execute(select(SUPPLIERS.c.data).where(SUPPLIERS.c.name == name)).scalar()
    return Supplier.model_validate_json(data) if data else None


def list_suppliers(engine: Engine) -> list[Supplier]:
    """Every registered supplier, by name."""
    with engine.connect() as conn:
        rows = conn.execute(select(SUPPLIERS.c.data).order_by(SUPPLIERS.c.name))
        return [Supplier.model_validate_json(data) for (data,) in rows]


def record_review(
    engine: Engine,
    name: str,
    reviewer: str,
    outcome: str,
    notes: str = "",
    next_review: date | None = None,
) -> Review:
    """Record a review: the supplier's last review becomes today, its next one is set."""
    if outcome not in OUTCOMES:
        raise InputError(f"outcome must be one of {', '.join(OUTCOMES)}")
    if not reviewer.strip():
        raise InputError("a review needs the reviewer's name")
    today = date.today()
    with engine.begin() as conn:
        supplier = get(conn, name)
        if supplier is None:
            raise InputError(f"no supplier {name!r} in the register")
        due = next_review or today + timedelta(days=365)
        save(conn, supplier.model_copy(update={"last_review": today, "next_review": due}))
        review = Review(name, now_iso(), reviewer.strip(), outcome, notes)
        conn.execute(insert(SUPPLIER_REVIEWS).values(
            supplier=name, reviewed_at=review.reviewed_at, reviewer=review.reviewer,
            outcome=outcome, notes=notes,
        ))  # fmt: skip
    return review


def reviews(engine: Engine) -> list[Review]:
    """Every supplier review, newest first."""
    t = SUPPLIER_REVIEWS.c
    query = select(t.supplier, t.reviewed_at, t.reviewer, t.outcome, t.notes).order_by(
        t.reviewed_at.desc(), t.id.desc()
    )
    with engine.connect() as conn:
        return [Review(*row) for row in conn.execute(query)]
