"""The key area's tables (migrations: the ``keys`` Alembic branch).

``key_secrets`` holds Annexa's own secrets (Ed25519 signing keys for evidence and checkpoints),
each sealed with :class:`~annexa.keys.envelope.SecretBox` and bound to its row, so the database
never holds key material in clear. ``key_events`` is the A.8.24 evidence trail: every rotation,
re-wrap and retirement, with the versions involved.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import Integer, LargeBinary, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column

from annexa.db import Base


class KeySecretRow(Base):
    """A secret Annexa keeps for itself, sealed; ``public`` is the public half, if any."""

    __tablename__ = "key_secrets"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    public: Mapped[bytes | None] = mapped_column(LargeBinary)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[str] = mapped_column(String(32))


class KeyEventRow(Base):
    """One key operation: rotation, re-wrap pass, retirement (evidence for A.8.24)."""

    __tablename__ = "key_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    time: Mapped[str] = mapped_column(String(32), index=True)
    event: Mapped[str] = mapped_column(String(64))
    provider: Mapped[str] = mapped_column(String(300))
    details: Mapped[str] = mapped_column(Text)


SECRETS = cast(Table, KeySecretRow.__table__)
KEY_EVENTS = cast(Table, KeyEventRow.__table__)
