"""The audit checkpoint key held by the key provider: the log stays verifiable across rotation."""

from __future__ import annotations

from pathlib import Path

from annexa.audit.interface import SYSTEM, AuditEvent
from annexa.audit.store import AuditLog, audit_engine
from annexa.audit.verify import verify_database
from annexa.db import database_url, upgrade
from annexa.keys.envelope import SecretBox
from annexa.keys.file import LocalFileProvider
from annexa.keys.rotation import KeyManager
from annexa.keys.signing import SealedCheckpointSigner, SealedSigningKeys


def test_sealed_checkpoint_key_survives_rotation(tmp_path: Path) -> None:
    engine = audit_engine(database_url(tmp_path))
    upgrade(engine)
    provider = LocalFileProvider(tmp_path / "keys.json", development=True)
    signer = SealedCheckpointSigner(SealedSigningKeys(engine, SecretBox(provider)))
    log = AuditLog(engine, signer)
    for i in range(5):
        log.append(AuditEvent("signing-test", SYSTEM, "success", details={"n": i}))
    log.close()  # writes a final signed checkpoint

    manager = KeyManager(provider, engine)
    manager.rotate()
    assert manager.rewrap().rewrapped == 1  # the sealed checkpoint key
    manager.retire("1")
    again = SealedCheckpointSigner(SealedSigningKeys(engine, SecretBox(provider)))
    assert again.public_key_bytes() == signer.public_key_bytes()
    report = verify_database(engine, again.public_key_bytes())
    assert report.ok, report.first_problem()
    assert report.records == 5
    assert report.checkpoints >= 1
    engine.dispose()
