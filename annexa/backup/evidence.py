"""Read back the A.8.13 evidence: restore tests, newest first, each signature checked.

For ``annexa backup evidence`` and for the ISMS side, which attaches these records to A.8.13
(the signed JSON is in ``record``; the public key beside it lets anyone re-check it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.engine import Engine

from annexa.backup.tables import VERIFICATIONS
from annexa.keys.signing import verify_signature


@dataclass(frozen=True, slots=True)
class Evidence:
    """One restore test as recorded: the signed record and whether its signature holds."""

    record: dict[str, Any]
    signature_valid: bool

    @property
    def summary(self) -> str:
        """One line for a person."""
        r = self.record
        verdict = "passed" if r["passed"] else "FAILED"
        rto = "within" if r["meets_rto"] else "OVER"
        return (
            f"{r['verified_at'][:19]} backup {r['backup_id']}: {verdict}, restore "
            f"{r['restore_seconds']} s ({rto} RTO {r['rto_seconds']} s)"
        )


def list_verifications(engine: Engine, limit: int = 20) -> list[Evidence]:
    """The latest restore tests with their signatures verified."""
    if "backup_verifications" not in inspect(engine).get_table_names():
        return []
    query = select(VERIFICATIONS).order_by(VERIFICATIONS.c.time.desc()).limit(limit)
    with engine.connect() as conn:
        rows = list(conn.execute(query))
    return [
        Evidence(
            json.loads(row.record),
            verify_signature(bytes(row.public_key), bytes(row.signature), row.record.encode()),
        )
        for row in rows
    ]
