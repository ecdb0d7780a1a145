"""The backup area's tables (migrations: the ``backup`` Alembic branch).

``backup_catalog`` lists the backups made from this database (with the key version each needs,
so retiring that version is refused while a backup depends on it). ``backup_verifications``
holds the signed evidence of every restore test (A.8.13): the canonical JSON ``record``, its
Ed25519 ``signature`` and the ``public_key`` to check it with.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import BigInteger, Boolean, Float, LargeBinary, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column

from annexa.db import Base


class BackupCatalogRow(Base):
    """One backup made from this database."""

    __tablename__ = "backup_catalog"

    backup_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[str] = mapped_column(String(32), index=True)
    location: Mapped[str] = mapped_column(Text)
    backend: Mapped[str] = mapped_column(String(16))
    key_version: Mapped[str] = mapped_column(String(300))
    payload_size: Mapped[int] = mapped_column(BigInteger)
    payload_sha256: Mapped[str] = mapped_column(String(64))


class BackupVerificationRow(Base):
    """One restore test and its signed result."""

    __tablename__ = "backup_verifications"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    backup_id: Mapped[str] = mapped_column(String(64), index=True)
    time: Mapped[str] = mapped_column(String(32), index=True)
    passed: Mapped[bool] = mapped_column(Boolean)
    restore_seconds: Mapped[float] = mapped_column(Float)
    rto_seconds: Mapped[float] = mapped_column(Float)
    record: Mapped[str] = mapped_column(Text)
    signature: Mapped[bytes] = mapped_column(LargeBinary)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)


CATALOG = cast(Table, BackupCatalogRow.__table__)
VERIFICATIONS = cast(Table, BackupVerificationRow.__table__)
