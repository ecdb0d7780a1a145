"""The ``database_synchronous`` setting reaches every SQLite connection of the request path."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from annexa.audit.store import audit_engine
from annexa.db import database_url, make_engine
from annexa.errors import ConfigError
from annexa.settings import load_settings

LEVELS = {"full": 2, "normal": 1}  # what PRAGMA synchronous reads back


def test_the_default_is_normal(tmp_path: Path) -> None:
    assert load_settings(tmp_path).database_synchronous == "normal"


@pytest.mark.parametrize("level", ["full", "normal"])
def test_engines_apply_the_level(tmp_path: Path, level: str) -> None:
    settings = load_settings(tmp_path, database_synchronous=level)
    url = database_url(settings.data_dir, settings.database_url)
    for engine in (
        make_engine(url, synchronous=settings.database_synchronous),
        audit_engine(url, synchronous=settings.database_synchronous),
    ):
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA synchronous")).scalar() == LEVELS[level]
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        engine.dispose()


def test_tools_keep_full_unless_told(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA synchronous")).scalar() == LEVELS["full"]
    engine.dispose()


def test_an_unknown_level_is_refused(tmp_path: Path) -> None:
    (tmp_path / "annexa.yaml").write_text("database_synchronous: sometimes\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="database_synchronous"):
        load_settings(tmp_path)
