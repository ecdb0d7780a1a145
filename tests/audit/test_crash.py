"""kill -9 under load: after restart the chain verifies and every acknowledged append is there."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from annexa.audit.signing import checkpoint_signer
from annexa.audit.store import audit_engine
from annexa.audit.verify import verify_database
from annexa.keys.factory import provider_for
from tests.audit.conftest import event, open_log, settings_for_log

ROOT = Path(__file__).resolve().parents[2]


def _data_dir(tmp_path: Path, db_url: str) -> Path:
    """The writers' data dir, its master key made up front (the children race on the sealed
    checkpoint key, not on the development key file)."""
    data = tmp_path / "data"
    provider_for(settings_for_log(data, db_url))
    return data


@pytest.mark.slow
def test_kill_9_loses_no_acknowledged_append(engine: Engine, db_url: str, tmp_path: Path) -> None:
    data = _data_dir(tmp_path, db_url)
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.audit.crash_writer", db_url, str(data)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert child.stdout is not None
    acked: list[str] = []
    deadline = time.monotonic() + 60
    while len(acked) < 400 and time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            break
        acked.append(line.split()[1])
    os.kill(child.pid, signal.SIGKILL)
    rest, _ = child.communicate(timeout=30)
    acked += [line.split()[1] for line in rest.splitlines() if line.startswith("ack ")]
    assert child.returncode == -signal.SIGKILL
    assert len(acked) >= 400

    signer = checkpoint_signer(settings_for_log(data, db_url), engine)
    reader = audit_engine(db_url, reader=True)
    report = verify_database(reader, signer.public_key_bytes())
    assert report.ok, report.first_problem()
    with reader.begin() as conn:
        stored = set(conn.execute(text("SELECT request_id FROM audit_events")).scalars())
    assert set(acked) <= stored

    with open_log(engine, signer) as log:  # the restarted writer extends the same chain
        log.append(event(1))
    report = verify_database(reader, signer.public_key_bytes())
    reader.dispose()
    assert report.ok, report.first_problem()
    assert report.last_seq == len(stored) + 1


@pytest.mark.slow
def test_two_processes_extend_one_chain(engine: Engine, db_url: str, tmp_path: Path) -> None:
    data = _data_dir(tmp_path, db_url)
    children = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.audit.crash_writer", db_url, str(data)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    acked: list[str] = []
    for child in children:
        assert child.stdout is not None
        for _ in range(150):
            line = child.stdout.readline()
            if not line:
                break
            acked.append(f"{child.pid}:{line.split()[1]}")
    for child in children:
        os.kill(child.pid, signal.SIGKILL)
        child.communicate(timeout=30)
    assert len(acked) == 300
    signer = checkpoint_signer(settings_for_log(data, db_url), engine)
    reader = audit_engine(db_url, reader=True)
    report = verify_database(reader, signer.public_key_bytes())
    with reader.begin() as conn:
        stored = conn.execute(text("SELECT count(*) FROM audit_events")).scalar_one()
    reader.dispose()
    assert report.ok, report.first_problem()
    assert report.checkpoints >= 2
    assert stored >= 300
