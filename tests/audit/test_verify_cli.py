"""``annexa audit verify`` catches every kind of tampering, done with SQL on the real databases."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sqlalchemy import text
from typer.testing import CliRunner

from annexa.audit import chain
from annexa.audit.checkpoint import FileCheckpointSigner, public_key_pem
from annexa.audit.store import AuditLog, audit_engine
from annexa.cli import app
from annexa.settings import load_settings
from tests.audit.conftest import event

runner = CliRunner()


@pytest.fixture
def data_dir(tmp_path: Path, db_url: str) -> Path:
    """A data dir whose log holds 30 events, checkpoints every 10, anchored; the checkpoint key
    held by the key provider (the default)."""
    return make_data_dir(tmp_path, db_url)


def make_data_dir(tmp_path: Path, db_url: str, **audit: str) -> Path:
    """A data dir like :func:`data_dir`, with more ``audit`` settings."""
    data = tmp_path / "annexa"
    data.mkdir()
    config = {
        "database_url": db_url,
        "keys": {"development": True},
        "audit": {"checkpoint_every": 10, "anchor_dir": str(tmp_path / "anchor"), **audit},
    }
    (data / "annexa.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    with AuditLog.open(load_settings(data)) as log:
        for i in range(1, 31):
            log.append(event(i))
    return data


def _sql(data_dir: Path, *statements: str) -> None:
    settings = load_settings(data_dir)
    assert settings.database_url is not None
    engine = audit_engine(settings.database_url)
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
    engine.dispose()


def _verify(data_dir: Path, *extra: str) -> tuple[int, str]:
    result = runner.invoke(app, ["audit", "verify", "--data-dir", str(data_dir), *extra])
    return result.exit_code, result.output


def test_intact_log_verifies(data_dir: Path) -> None:
    code, output = _verify(data_dir)
    assert code == 0, output
    flat = " ".join(output.split())
    assert "records 1..30" in flat
    assert "3 signed checkpoints, 6 Merkle proofs checked" in flat


TAMPERING = {
    "modified": (
        ["UPDATE audit_events SET record = replace(record, '\"r-5\"', '\"r-x\"') WHERE seq = 5"],
        "record 5: content",
    ),
    "deleted": (["DELETE FROM audit_events WHERE seq = 7"], "record 7: is missing"),
    "inserted": (
        [
            "INSERT INTO audit_events (seq, time, event, actor, outcome, request_id, record, hash)"
            " SELECT 31, time, event, actor, outcome, request_id, record, hash"
            " FROM audit_events WHERE seq = 30"
        ],
        "record 31:",
    ),
    "reordered": (
        [
            "UPDATE audit_events SET seq = 1000 WHERE seq = 3",
            "UPDATE audit_events SET seq = 3 WHERE seq = 4",
            "UPDATE audit_events SET seq = 4 WHERE seq = 1000",
        ],
        "record 3: content or position",
    ),
    "tail truncated": (
        [
            "DELETE FROM audit_events WHERE seq > 25",
            "UPDATE audit_head SET size = 25",
        ],
        "record 26: is missing",
    ),
    "column edited": (
        ["UPDATE audit_events SET record = replace(record, 'alice', 'bob') WHERE seq = 12"],
        "record 12: content",
    ),
}


@pytest.mark.parametrize("kind", list(TAMPERING))
def test_tampering_is_caught_and_named(data_dir: Path, kind: str) -> None:
    statements, expected = TAMPERING[kind]
    _sql(data_dir, *statements)
    code, output = _verify(data_dir)
    assert code == 1, output
    assert expected in " ".join(output.split())


def test_truncation_with_checkpoints_removed_is_caught_by_the_anchor(data_dir: Path) -> None:
    _sql(
        data_dir,
        "DELETE FROM audit_events WHERE seq > 15",
        "DELETE FROM audit_checkpoints WHERE size > 10",
        "UPDATE audit_head SET size = 15",
    )
    code, output = _verify(data_dir)
    assert code == 1, output
    assert "record 16: is missing" in " ".join(output.split())


def test_rechained_forgery_is_caught_by_the_signed_checkpoint(data_dir: Path) -> None:
    settings = load_settings(data_dir)
    assert settings.database_url is not None
    engine = audit_engine(settings.database_url)
    with engine.begin() as conn:
        rows = conn.execute(text("SELECT seq, record FROM audit_events ORDER BY seq")).all()
        prev = chain.GENESIS
        for seq, record in rows:
            body = record.replace('"r-14"', '"r-y"') if seq == 14 else record
            prev = chain.record_hash(prev, body.encode())
            conn.execute(
                text("UPDATE audit_events SET record = :r, hash = :h WHERE seq = :s"),
                {"r": body, "h": prev, "s": seq},
            )
    engine.dispose()
    code, output = _verify(data_dir)
    assert code == 1, output
    assert "records 11..20 do not match the signed checkpoint" in " ".join(output.split())


def test_wrong_public_key_fails(data_dir: Path, tmp_path: Path) -> None:
    other = FileCheckpointSigner.load_or_create(tmp_path / "other.pem")
    pem = tmp_path / "other.pub.pem"
    pem.write_text(public_key_pem(other.public_key_bytes()))
    code, output = _verify(data_dir, "--public-key", str(pem))
    assert code == 1
    assert "bad signature" in output


def test_export_bundle_verifies_offline_and_detects_edits(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "bundle"
    result = runner.invoke(
        app, ["audit", "export", "--data-dir", str(data_dir), "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} >= {
        "events.jsonl", "checkpoints.jsonl", "public-key.pem", "README.md", "manifest.json",
    }  # fmt: skip
    code, output = _verify(tmp_path / "nowhere", "--bundle", str(out))
    assert code == 0, output
    lines = (out / "events.jsonl").read_text().splitlines()
    lines[3] = lines[3].replace('"r-4"', '"r-z"')
    (out / "events.jsonl").write_text("\n".join(lines) + "\n")
    code, output = _verify(tmp_path / "nowhere", "--bundle", str(out))
    assert code == 1
    assert "record 4: content" in " ".join(output.split())


def test_search_filters_and_json(data_dir: Path) -> None:
    result = runner.invoke(
        app, ["audit", "search", "--data-dir", str(data_dir), "--actor", "u-1", "--json",
              "--limit", "5"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 5
    assert '"seq": 30' in lines[0]
    result = runner.invoke(
        app, ["audit", "search", "--data-dir", str(data_dir), "--outcome", "failure", "--json"]
    )
    assert result.output.strip() == ""


def test_file_key_rotation_verifies_with_both_trusted_keys(tmp_path: Path, db_url: str) -> None:
    data_dir = make_data_dir(tmp_path, db_url, checkpoint_key="file")
    key_file = data_dir / "keys" / "audit-checkpoint.pem"
    old_pub = tmp_path / "old.pub.pem"
    old_pub.write_text(
        public_key_pem(FileCheckpointSigner.load_or_create(key_file).public_key_bytes())
    )
    key_file.rename(tmp_path / "retired.pem")  # rotate: the next open creates a new key
    with AuditLog.open(load_settings(data_dir)) as log:
        for i in range(31, 41):
            log.append(event(i))
    new_pub = tmp_path / "new.pub.pem"
    new_pub.write_text(
        public_key_pem(FileCheckpointSigner.load_or_create(key_file).public_key_bytes())
    )
    code, output = _verify(data_dir)
    assert code == 1
    assert "not a trusted key" in " ".join(output.split())
    code, output = _verify(data_dir, "--public-key", str(old_pub), "--public-key", str(new_pub))
    assert code == 0, output
    assert "records 1..40" in " ".join(output.split())


def test_export_rejects_a_time_without_zone_info(data_dir: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["audit", "export", "--data-dir", str(data_dir), "--output",
                                 str(tmp_path / "b"), "--from", "yesterday"])  # fmt: skip
    assert result.exit_code == 2
    assert not (tmp_path / "b").exists()
