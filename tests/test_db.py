"""The engine factory and the migration runner work on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from annexa.db import database_url, make_engine, upgrade


def test_sqlite_engine_uses_wal(tmp_path: Path) -> None:
    engine = make_engine(database_url(tmp_path / "data"))
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    engine.dispose()
    assert (tmp_path / "data" / "annexa.db").exists()


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_upgrade_creates_alembic_version(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = (
        database_url(tmp_path)
        if backend == "sqlite"
        else str(request.getfixturevalue("postgres_url"))
    )
    engine = make_engine(url)
    try:
        upgrade(engine)
        upgrade(engine)  # idempotent
        assert "alembic_version" in inspect(engine).get_table_names()
    finally:
        engine.dispose()
