"""The audit log's tables (migrations: the ``audit`` Alembic branch).

``audit_events`` is append-only; ``record`` holds the RFC 8785 canonical JSON the chain hash
covers and is the truth; ``time``, ``event``, ``actor`` and ``outcome`` are copies for search.
``audit_head`` is one row (``id = 1``): the chain head every append locks, with the compact
Merkle state, so several processes on one PostgreSQL extend one chain. ``audit_checkpoints``
are the signed tree heads; ``audit_forward_cursors`` the per-SIEM delivery positions (the
events table itself is the durable outbox).
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import BigInteger, Integer, LargeBinary, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column

from annexa.db import Base


class AuditEventRow(Base):
    """One audit record, position ``seq`` (1, 2, 3... without gaps) in the chain."""

    __tablename__ = "audit_events"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    time: Mapped[str] = mapped_column(String(32), index=True)
    event: Mapped[str] = mapped_column(String(64), index=True)
    actor: Mapped[str] = mapped_column(String(300), index=True)
    outcome: Mapped[str] = mapped_column(String(16))
    request_id: Mapped[str | None] = mapped_column(String(256))
    record: Mapped[str] = mapped_column(Text)
    hash: Mapped[bytes] = mapped_column(LargeBinary(32))


class AuditHeadRow(Base):
    """The chain head: last ``size`` and ``hash``, the compact Merkle ``tree``, checkpoint info."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    size: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    tree: Mapped[bytes] = mapped_column(LargeBinary)
    checkpoint_size: Mapped[int] = mapped_column(BigInteger)
    checkpoint_time: Mapped[str] = mapped_column(String(32))
    purged_through: Mapped[int] = mapped_column(BigInteger)


class AuditCheckpointRow(Base):
    """A signed tree head: the Ed25519 ``signature`` over ``note`` (which holds size and root)."""

    __tablename__ = "audit_checkpoints"

    size: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    time: Mapped[str] = mapped_column(String(32))
    root: Mapped[bytes] = mapped_column(LargeBinary(32))
    head: Mapped[bytes] = mapped_column(LargeBinary(32))
    tree: Mapped[bytes] = mapped_column(LargeBinary)
    key_id: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text)
    signature: Mapped[bytes] = mapped_column(LargeBinary(64))


class AuditForwardCursorRow(Base):
    """How far one forwarder has delivered (every ``seq`` up to here was acknowledged)."""

    __tablename__ = "audit_forward_cursors"

    sink: Mapped[str] = mapped_column(String(100), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    updated: Mapped[str] = mapped_column(String(32))


EVENTS = cast(Table, AuditEventRow.__table__)
HEAD = cast(Table, AuditHeadRow.__table__)
CHECKPOINTS = cast(Table, AuditCheckpointRow.__table__)
CURSORS = cast(Table, AuditForwardCursorRow.__table__)
