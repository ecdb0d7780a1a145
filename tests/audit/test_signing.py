"""The checkpoint signing key: held by the key provider by default, never in clear by the log."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import yaml
from sqlalchemy import MetaData, select, update
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from annexa.audit.checkpoint import load_public_key
from annexa.audit.signing import (
    KEY_NAME,
    checkpoint_signer,
    public_key_path,
    signing_key_path,
    trusted_public_key,
)
from annexa.audit.store import AuditLog
from annexa.cli import app
from annexa.keys.factory import secret_box_for
from annexa.keys.signing import SealedSigningKeys
from annexa.keys.tables import SECRETS
from annexa.settings import Settings, load_settings
from tests.audit.conftest import event, settings_for_log

runner = CliRunner()


def _default_data_dir(tmp_path: Path, db_url: str) -> Settings:
    """``tmp_path/data`` (where the SQLite database lives too) with default audit settings."""
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    config = {"database_url": db_url, "keys": {"development": True}}
    (data / "annexa.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return load_settings(data)


def _column_values(engine: Engine) -> list[bytes]:
    """Every non-null value of every column of every table, as bytes."""
    meta = MetaData()
    meta.reflect(engine)
    values: list[bytes] = []
    with engine.connect() as conn:
        for table in meta.sorted_tables:
            for row in conn.execute(select(table)):
                for value in row:
                    if value is not None:
                        values.append(value if isinstance(value, bytes) else str(value).encode())
    return values


def test_default_keeps_no_private_key_in_clear(tmp_path: Path, db_url: str, engine: Engine) -> None:
    settings = _default_data_dir(tmp_path, db_url)
    assert settings.audit.checkpoint_key == "provider"
    with AuditLog.open(settings) as log:
        for i in range(1, 26):
            log.append(event(i))
    sealed = SealedSigningKeys(engine, secret_box_for(settings)).private_key(KEY_NAME)
    seed = sealed.private_bytes_raw()
    assert len(seed) == 32

    files = [p for p in settings.data_dir.rglob("*") if p.is_file()]
    assert public_key_path(settings) in files
    assert not signing_key_path(settings).exists()
    for path in files:
        data = path.read_bytes()
        assert b"PRIVATE KEY" not in data, path
        assert seed not in data, path
    values = _column_values(engine)
    assert values  # the scan saw the log and the sealed key
    assert not any(seed in v or b"PRIVATE KEY" in v for v in values)

    public = load_public_key(public_key_path(settings))
    assert public == sealed.public_key().public_bytes_raw()
    args = ["audit", "verify", "--data-dir", str(settings.data_dir)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "records 1..25" in " ".join(result.output.split())
    result = runner.invoke(app, [*args, "--public-key", str(public_key_path(settings))])
    assert result.exit_code == 0, result.output


def test_trusted_key_comes_from_the_sealed_key_not_the_public_column(
    tmp_path: Path, db_url: str, engine: Engine
) -> None:
    settings = settings_for_log(tmp_path / "data", db_url)
    assert trusted_public_key(settings, engine) is None  # nothing made yet
    signer = checkpoint_signer(settings, engine)
    assert trusted_public_key(settings, engine) == signer.public_key_bytes()
    with engine.begin() as conn:  # a database writer swaps in a public key of their own
        conn.execute(update(SECRETS).where(SECRETS.c.name == KEY_NAME).values(public=b"\x01" * 32))
    assert trusted_public_key(settings, engine) == signer.public_key_bytes()
    assert checkpoint_signer(settings, engine).public_key_bytes() == signer.public_key_bytes()


def test_file_mode_is_explicit_and_warns_outside_development(
    tmp_path: Path, db_url: str, engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(
        data_dir=tmp_path / "data", database_url=db_url, audit={"checkpoint_key": "file"}
    )
    with caplog.at_level(logging.WARNING, logger="annexa.audit.signing"):
        signer = checkpoint_signer(settings, engine)
    assert "in clear" in caplog.text
    assert b"PRIVATE KEY" in signing_key_path(settings).read_bytes()
    assert not public_key_path(settings).exists()
    assert trusted_public_key(settings, engine) == signer.public_key_bytes()
    with engine.connect() as conn:
        assert conn.execute(select(SECRETS.c.name)).all() == []  # nothing sealed in file mode

    dev = settings.model_copy(
        update={"keys": settings.keys.model_copy(update={"development": True})}
    )
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="annexa.audit.signing"):
        checkpoint_signer(dev, engine)
    assert "in clear" not in caplog.text
