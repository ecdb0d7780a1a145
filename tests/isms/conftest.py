"""ISMS fixtures: a migrated database on SQLite and on the real PostgreSQL, emptied per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import delete
from sqlalchemy.engine import Engine

from annexa.db import make_engine, upgrade
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


@pytest.fixture
def engine(any_database_url: str) -> Iterator[Engine]:
    """A migrated database on each backend, with empty ISMS tables."""
    eng = make_engine(any_database_url)
    upgrade(eng)
    with eng.begin() as conn:
        for table in TABLES:
            conn.execute(delete(table))
    yield eng
    eng.dispose()
