"""The AI risk register: save, list, accept, and the starter catalogue of AI risks."""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from annexa.errors import InputError
from annexa.isms._store import dump, now_iso, upsert
from annexa.isms.records import Risk
from annexa.isms.tables import RISKS

__all__ = ["accept", "get", "list_risks", "save", "seed", "starter_risks"]


def save(conn: Connection, risk: Risk) -> None:
    """Add or replace a risk."""
    upsert(conn, RISKS, "id", {"id": risk.id, "data": dump(risk), "updated_at": now_iso()})


def get(conn: Connection, risk_id: str) -> Risk | None:
    """The risk ``risk_id``, or None."""
    data = conn.execute(select(RISKS.c.data).where(RISKS.c.id == risk_id)).scalar()
    return Risk.model_validate_json(data) if data else None


def list_risks(engine: Engine) -> list[Risk]:
    """Every risk, by id."""
    with engine.connect() as conn:
        rows = conn.execute(select(RISKS.c.data).order_by(RISKS.c.id))
        return [Risk.model_validate_json(data) for (data,) in rows]


def accept(engine: Engine, risk_id: str, approver: str, expires: date) -> Risk:
    """Record that ``approver`` accepts the residual risk until ``expires``."""
    if not approver.strip():
        raise InputError("an acceptance needs the approver's name")
    if expires <= date.today():
        raise InputError("an acceptance must expire in the future")
    with engine.begin() as conn:
        risk = get(conn, risk_id)
        if risk is None:
            raise InputError(f"no risk {risk_id!r} in the register")
        accepted = risk.model_copy(
            update={"accepted_by": approver.strip(), "acceptance_expires": expires}
        )
        save(conn, accepted)
    return accepted


@cache
def _starter_data() -> list[dict[str, Any]]:
    text = resources.files("annexa.isms.data").joinpath("ai_risks.yaml").read_text("utf-8")
    loaded: dict[str, Any] = yaml.safe_load(text)
    return list(loaded["risks"])


def starter_risks() -> list[Risk]:
    """The starter catalogue of AI risks (package data), validated."""
    return [Risk.model_validate(item) for item in _starter_data()]


def seed(engine: Engine, owner: str = "") -> list[Risk]:
    """Add the starter risks not yet in the register (existing ids are left alone)."""
    added: list[Risk] = []
    with engine.begin() as conn:
        for starter in starter_risks():
            if get(conn, starter.id) is None:
                risk = starter.model_copy(update={"owner": owner}) if owner else starter
                save(conn, risk)
                added.append(risk)
    return added
