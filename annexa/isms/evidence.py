"""Evidence items: dated, SHA-256-hashed, expiring, attached to Annex A controls.

Items come from the collectors (:mod:`annexa.isms.collectors`) or from manual uploads. Rows are
never changed; a newer item supersedes an older one by being fresher. A control's evidence is
*fresh* while at least one item has not expired, *stale* when every item has, and *missing*
when there is none.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection, Engine

from annexa.errors import InputError
from annexa.isms.catalogue import by_id
from annexa.isms.tables import EVIDENCE

__all__ = [
    "Freshness",
    "Item",
    "NewEvidence",
    "add",
    "add_file",
    "content_of",
    "freshness",
    "items",
    "status",
]

Freshness = Literal["fresh", "stale", "missing"]
MAX_UPLOAD_BYTES = 50_000_000


@dataclass(frozen=True, slots=True)
class NewEvidence:
    """Evidence to record: what it shows, for which controls, and how long it stays valid."""

    controls: tuple[str, ...]
    kind: str
    title: str
    summary: str
    content: bytes
    valid_for: timedelta
    filename: str | None = None


@dataclass(frozen=True, slots=True)
class Item:
    """One stored evidence item on one control."""

    id: str
    control_id: str
    kind: str
    title: str
    collected_at: str
    expires_at: str
    sha256: str
    summary: str
    filename: str | None

    def state(self, now: datetime) -> Freshness:
        """``fresh`` until it expires, ``stale`` afterwards."""
        return "fresh" if datetime.fromisoformat(self.expires_at) > now else "stale"


def add(conn: Connection, new: NewEvidence, now: datetime | None = None) -> list[Item]:
    """Store ``new`` once per control it supports; returns the stored items."""
    now = now or datetime.now(UTC)
    if new.valid_for <= timedelta(0):
        raise InputError("evidence must stay valid for a positive time")
    digest = hashlib.sha256(new.content).hexdigest()
    made: list[Item] = []
    for control in new.controls:
        cid = by_id(control).id
        item = Item(
            uuid.uuid4().hex, cid, new.kind, new.title[:300],
            now.isoformat(timespec="seconds"),
            (now + new.valid_for).isoformat(timespec="seconds"),
            digest, new.summary, new.filename,
        )  # fmt: skip
        conn.execute(insert(EVIDENCE).values(content=new.content, **_columns(item)))
        made.append(item)
    return made


def _columns(item: Item) -> dict[str, object]:
    return {name: getattr(item, name) for name in Item.__slots__}


def add_file(
    engine: Engine, path: Path, controls: Sequence[str], valid_for: timedelta, title: str = ""
) -> list[Item]:
    """A manual upload: the file's bytes kept in the database with their SHA-256."""
    for control in controls:
        try:
            by_id(control)
        except KeyError as exc:
            raise InputError(f"unknown Annex A control {control!r}") from exc
    data = path.read_bytes()
    if len(data) > MAX_UPLOAD_BYTES:
        raise InputError(f"{path}: larger than {MAX_UPLOAD_BYTES:,} bytes")
    new = NewEvidence(
        tuple(controls), "manual", title or path.name,
        f"uploaded file {path.name} ({len(data):,} bytes)", data, valid_for, path.name,
    )  # fmt: skip
    with engine.begin() as conn:
        return add(conn, new)


def items(engine: Engine, control_id: str | None = None) -> list[Item]:
    """Stored items, newest first; only those of ``control_id`` when given."""
    cols = [EVIDENCE.c[name] for name in Item.__slots__]
    query = select(*cols).order_by(EVIDENCE.c.collected_at.desc(), EVIDENCE.c.id)
    if control_id is not None:
        query = query.where(EVIDENCE.c.control_id == by_id(control_id).id)
    with engine.connect() as conn:
        return [Item(*row) for row in conn.execute(query)]


def content_of(engine: Engine, item_id: str) -> bytes:
    """The stored bytes of one item (check them against its ``sha256``)."""
    with engine.connect() as conn:
        data = conn.execute(select(EVIDENCE.c.content).where(EVIDENCE.c.id == item_id)).scalar()
    if data is None:
        raise InputError(f"no evidence item {item_id!r}")
    return bytes(data)


def freshness(
    found: Iterable[Item], control_ids: Iterable[str], now: datetime
) -> dict[str, Freshness]:
    """Per control: fresh, stale or missing. Pure."""
    result: dict[str, Freshness] = dict.fromkeys(control_ids, "missing")
    for item in found:
        if item.control_id not in result:
            continue
        if item.state(now) == "fresh":
            result[item.control_id] = "fresh"
        elif result[item.control_id] == "missing":
            result[item.control_id] = "stale"
    return result


def status(
    engine: Engine, control_ids: Iterable[str], now: datetime | None = None
) -> dict[str, Freshness]:
    """Freshness of the evidence of every control in ``control_ids``."""
    return freshness(items(engine), control_ids, now or datetime.now(UTC))
