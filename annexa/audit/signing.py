"""The audit checkpoint signing key, for every part that signs or verifies checkpoints.

``audit.checkpoint_key`` chooses where the Ed25519 key is held:

* ``provider`` (the default): sealed by the configured key provider in the ``key_secrets``
  table (:mod:`annexa.keys.signing`); its private half is in clear only in memory. The public
  key (only) is written to ``keys/audit-checkpoint.pub.pem`` in the data directory for auditors
  (``annexa audit verify --public-key``).
* ``file``: an unencrypted PEM file beside the log (mode 0600). Weaker: whoever reads the data
  directory can re-sign a rewritten log. For a lab without a key provider.

:func:`checkpoint_signer` gives the signer (the key is made on first use);
:func:`trusted_public_key` the key ``verify`` trusts by default (``None`` before any key exists).
In provider mode the trusted key is derived from the *sealed* private key, so a database writer
without the key provider cannot substitute a key of their own.
"""

from __future__ import annotations

import logging
import os
import warnings
from pathlib import Path

from sqlalchemy import inspect, select
from sqlalchemy.engine import Engine

from annexa.audit.checkpoint import (
    CheckpointSigner,
    FileCheckpointSigner,
    load_public_key,
    public_key_pem,
)
from annexa.keys.factory import DevelopmentKeyWarning, secret_box_for
from annexa.keys.file import LocalKeyFileWarning
from annexa.keys.signing import SealedCheckpointSigner, SealedSigningKeys
from annexa.keys.tables import SECRETS
from annexa.settings import Settings

KEY_NAME = "audit-checkpoint"
DEV_WARNINGS = (DevelopmentKeyWarning, LocalKeyFileWarning)
log = logging.getLogger(__name__)


def signing_key_path(settings: Settings) -> Path:
    """Where the ``file`` mode's private key lives."""
    return settings.audit.signing_key_file or settings.data_dir / "keys" / f"{KEY_NAME}.pem"


def public_key_path(settings: Settings) -> Path:
    """Where the ``provider`` mode's public key is written for auditors."""
    return settings.data_dir / "keys" / f"{KEY_NAME}.pub.pem"


def checkpoint_signer(settings: Settings, engine: Engine) -> CheckpointSigner:
    """The signer ``settings`` configure; ``engine`` is a migrated engine on the log's database."""
    if settings.audit.checkpoint_key == "file":
        if not settings.keys.development:
            log.warning(
                "audit checkpoint key kept in clear in %s (audit.checkpoint_key: file); use "
                "the key provider outside development",
                signing_key_path(settings),
            )
        return FileCheckpointSigner.load_or_create(signing_key_path(settings))
    signer = SealedCheckpointSigner(_sealed_keys(settings, engine), KEY_NAME)
    _write_public(public_key_path(settings), signer.public_key_bytes())
    return signer


def trusted_public_key(settings: Settings, engine: Engine) -> bytes | None:
    """The raw public key ``verify`` trusts by default; ``None`` if no key was ever made."""
    if settings.audit.checkpoint_key == "file":
        path = signing_key_path(settings)
        return load_public_key(path) if path.exists() else None
    if not inspect(engine).has_table(SECRETS.name):
        return None
    with engine.connect() as conn:
        found = conn.execute(select(SECRETS.c.name).where(SECRETS.c.name == KEY_NAME)).scalar()
    if found is None:
        return None
    return SealedCheckpointSigner(_sealed_keys(settings, engine), KEY_NAME).public_key_bytes()


def _sealed_keys(settings: Settings, engine: Engine) -> SealedSigningKeys:
    """The sealed keys under the configured provider. A development-provider warning becomes a
    log line here: the audit log opens in every process, and a warning there would stop tests
    and tools that treat warnings as errors; the key commands still warn."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        box = secret_box_for(settings)
    for found in caught:
        if issubclass(found.category, DEV_WARNINGS):
            log.warning("audit checkpoint key: %s", found.message)
        else:
            warnings.warn_explicit(found.message, found.category, found.filename, found.lineno)
    return SealedSigningKeys(engine, box)


def _write_public(path: Path, public: bytes) -> None:
    pem = public_key_pem(public)
    if path.exists() and path.read_text(encoding="ascii") == pem:
        return
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_text(pem, encoding="ascii")
    tmp.chmod(0o644)
    os.replace(tmp, path)
