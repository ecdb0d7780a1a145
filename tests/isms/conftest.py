"""ISMS fixtures: a migrated database on SQLite and on the real PostgreSQL, emptied per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import delete
from sqlalchemy.engine import Engine

from annexa.db import database_url, make_engine, upgrade
from annexa.isms.tables import (
    EVIDENCE,
    RISKS,
    SOA,
    SOA_VERSIONS,
    SUPPLIER_REVIEWS,
    SUPPLIERS,
    SYSTEMS,
)

TABLES = (EVIDENCE, RISKS, SOA, SOA_VERSIONS, SUPPLIER_REVIEWS, SUPPLIERS, SYSTEMS)


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A migrated database on each backend, with empty ISMS tables."""
    if request.param == "sqlite":
        url = database_url(tmp_path)
    else:
        url = str(request.getfixturevalue("postgres_url"))
    eng = make_engine(url)
    upgrade(eng)
    with eng.begin() as conn:
        for table in TABLES:
            conn.execute(delete(table))
    yield eng
    eng.dispose()
