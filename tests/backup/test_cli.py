"""The ``annexa keys`` and ``annexa backup`` commands, end to end on a SQLite data directory."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from annexa.audit.tables import EVENTS
from annexa.backup.tables import VERIFICATIONS
from annexa.cli import app
from annexa.db import database_url, make_engine

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    (data / "annexa.yaml").write_text("keys:\n  development: true\nbackup:\n  rto_seconds: 120\n")
    return data


def test_backup_verify_restore_and_key_rotation(data_dir: Path, tmp_path: Path) -> None:
    d = str(data_dir)
    code, text = run("keys", "status", "--data-dir", d)
    assert code == 0, text
    assert "file:" in text
    code, text = run("backup", "create", "--data-dir", d, "--output", str(tmp_path / "out"))
    assert code == 0, text
    (backup,) = (tmp_path / "out").iterdir()

    code, text = run("keys", "rotate", "--data-dir", d)
    assert code == 0, text
    assert "new writes use version 2" in text
    code, text = run("keys", "retire", "1", "--data-dir", d)
    assert code == 2  # the backup still needs version 1
    assert "needed to restore 1 backup" in text

    code, text = run("backup", "verify", "--data-dir", d, str(backup))
    assert code == 0, text
    assert "within" in text
    assert "evidence recorded" in text
    engine = make_engine(database_url(data_dir))
    with engine.connect() as conn:
        assert conn.execute(select(VERIFICATIONS.c.passed)).scalar_one() is True
        names = set(conn.execute(select(EVENTS.c.event)).scalars())
    engine.dispose()
    assert {"backup-created", "key-operation", "restore-tested"} <= names

    code, text = run("backup", "evidence", "--data-dir", d)
    assert code == 0, text
    assert "signed" in text
    assert "passed, restore" in text
    assert "within RTO 120" in text

    code, text = run("backup", "restore", "--data-dir", d, str(backup))
    assert code == 2  # no TTY, no --yes: refused
    assert "--yes" in text
    code, text = run("backup", "restore", "--data-dir", d, str(backup), "--yes")
    assert code == 0, text
    assert "restored" in text

    code, text = run("backup", "list", "--data-dir", d)
    assert code == 0, text
    backup_id = backup.name.removeprefix("annexa-backup-")
    assert backup_id in text
    assert run("backup", "forget", "--data-dir", d, backup_id)[0] == 0
    assert run("backup", "forget", "--data-dir", d, backup_id)[0] == 2
    # the restore brought back the audit checkpoint key as sealed then (version 1): re-wrap it
    code, text = run("keys", "retire", "1", "--data-dir", d)
    assert code == 2
    assert "still protects 1 value" in text
    assert run("keys", "rewrap", "--data-dir", d)[0] == 0
    code, text = run("keys", "retire", "1", "--data-dir", d)
    assert code == 0, text


def test_restore_on_a_fresh_data_directory(data_dir: Path, tmp_path: Path) -> None:
    code, text = run("backup", "create", "--data-dir", str(data_dir), "-o", str(tmp_path / "o"))
    assert code == 0, text
    (backup,) = (tmp_path / "o").iterdir()
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (fresh / "annexa.yaml").write_text((data_dir / "annexa.yaml").read_text())
    (fresh / "keys.json").write_bytes((data_dir / "keys.json").read_bytes())  # kept apart
    (fresh / "keys.json").chmod(0o600)
    code, text = run("backup", "restore", "--data-dir", str(fresh), str(backup))
    assert code == 0, text
    code, text = run("backup", "verify", "--data-dir", str(fresh), str(backup))
    assert code == 0, text


def test_scheduled_backups_repeat_and_are_each_audited(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "scheduled"
    code, text = run(
        "backup",
        "create",
        "--data-dir",
        str(data_dir),
        "-o",
        str(out),
        "--every",
        "1s",
        "--count",
        "2",
    )
    assert code == 0, text
    assert text.count("backup written:") == 2
    assert len([d for d in out.iterdir() if d.is_dir()]) == 2
    engine = make_engine(database_url(data_dir))
    try:
        with engine.connect() as conn:
            names = [r.event for r in conn.execute(select(EVENTS.c.event))]
    finally:
        engine.dispose()
    assert names.count("backup-created") == 2


@pytest.mark.parametrize("bad", ["0h", "5", "1w", "h", "-1m"])
def test_bad_schedule_is_a_usage_error(data_dir: Path, tmp_path: Path, bad: str) -> None:
    code, text = run(
        "backup", "create", "--data-dir", str(data_dir), "-o", str(tmp_path), "--every", bad
    )
    assert code == 2
    assert "--every" in text
