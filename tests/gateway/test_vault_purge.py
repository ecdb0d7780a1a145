"""Expired pseudonyms are deleted while the gateway runs (``gateway.vault_purge_interval_s``)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from sqlalchemy import func, select

from annexa.app import Overrides, create_app
from annexa.db import database_url, make_engine, upgrade
from annexa.db.vault import SqlVaultStore, VaultRow
from annexa.settings import load_settings
from annexa.testing.fake_upstream import serve_in_thread
from annexa.transform.vault import VaultEntry
from tests.gateway.conftest import AZURE_KEY, ListSink, write_data_dir


def _interval(data_dir: Path, seconds: str) -> None:
    os.environ.setdefault("ANNEXA_TEST_AZURE_KEY", AZURE_KEY)  # the test providers file's
    config = data_dir / "annexa.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace(
            "max_body_bytes: 200000}",
            f"max_body_bytes: 200000, vault_purge_interval_s: {seconds}}}",
        ),
        encoding="utf-8",
    )


def test_expired_vault_rows_disappear_while_serving(tmp_path: Path) -> None:
    write_data_dir(tmp_path, "http://127.0.0.1:9")
    _interval(tmp_path, "0.05")
    settings = load_settings(tmp_path)
    assert settings.gateway.vault_purge_interval_s == 0.05
    engine = make_engine(database_url(tmp_path))
    upgrade(engine)
    now = int(time.time())
    store = SqlVaultStore(engine)
    store.put([VaultEntry("scope", "0a0a", "PERSON", "d-old", b"sealed", now - 10)])
    store.put([VaultEntry("scope", "0b0b", "PERSON", "d-new", b"sealed", now + 3600)])

    def tokens() -> set[str]:
        with engine.connect() as conn:
            return set(conn.execute(select(VaultRow.token)).scalars())

    app = create_app(settings, Overrides(audit=ListSink(), engine=engine))
    with serve_in_thread(app):
        deadline = time.monotonic() + 10
        while "0a0a" in tokens() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert tokens() == {"0b0b"}
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(VaultRow)).scalar() == 1
    engine.dispose()


def test_no_purge_when_the_interval_is_zero(tmp_path: Path) -> None:
    write_data_dir(tmp_path, "http://127.0.0.1:9")
    _interval(tmp_path, "0")
    engine = make_engine(database_url(tmp_path))
    upgrade(engine)
    SqlVaultStore(engine).put([VaultEntry("s", "0c0c", "PERSON", "d", b"v", 1)])
    app = create_app(load_settings(tmp_path), Overrides(audit=ListSink(), engine=engine))
    with serve_in_thread(app):
        time.sleep(0.2)
    assert SqlVaultStore(engine).purge_expired(int(time.time())) == 1  # it was still there
    engine.dispose()
