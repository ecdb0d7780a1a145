"""Small storage helpers shared by the ISMS registers: canonical JSON, the time, an upsert."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Table, insert, update
from sqlalchemy.engine import Connection


def now_iso() -> str:
    """The current UTC time, ISO 8601 with seconds."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def dump(record: BaseModel) -> str:
    """Canonical JSON of a record (sorted keys, dates as ISO strings)."""
    return json.dumps(record.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)


def upsert(conn: Connection, table: Table, key: str, values: dict[str, Any]) -> None:
    """Update the row whose ``key`` column equals ``values[key]``, or insert it."""
    column = table.c[key]
    done = conn.execute(update(table).where(column == values[key]).values(**values))
    if done.rowcount == 0:
        conn.execute(insert(table).values(**values))
