"""The pseudonym vault's table and its SQL store (migrations: the ``gateway`` Alembic branch).

``gateway_vault`` holds one row per (scope, token): the keyed hash of the scope (never the
principal id), the token, the placeholder's entity type, the full HMAC (to refuse two values on
one token), the value sealed with AES-256-GCM bound to the row, and an expiry in Unix seconds.
Writers from any number of replicas upsert: a row that exists keeps its ciphertext and gets the
later expiry, so concurrent requests agree and never corrupt each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import BigInteger, LargeBinary, String, Table, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, mapped_column

from annexa.db.engine import Base
from annexa.errors import ConfigError
from annexa.transform.vault import VaultEntry

__all__ = ["SqlVaultStore", "VaultRow"]


class VaultRow(Base):
    """One pseudonym: token → sealed value, for one scope, until ``expires_at``."""

    __tablename__ = "gateway_vault"

    scope_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    token: Mapped[str] = mapped_column(String(32), primary_key=True)
    entity: Mapped[str] = mapped_column(String(64))
    digest: Mapped[str] = mapped_column(String(64))
    value: Mapped[bytes] = mapped_column(LargeBinary)
    expires_at: Mapped[int] = mapped_column(BigInteger, index=True)


class SqlVaultStore:
    """:class:`~annexa.transform.vault.VaultStore` on SQLite or PostgreSQL."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._table = cast(Table, VaultRow.__table__)

    def put(self, entries: Sequence[VaultEntry]) -> dict[str, str]:
        """Upsert every row in one transaction; return token → digest as stored."""
        if not entries:
            return {}
        rows = [
            {
                "scope_key": e.scope_key,
                "token": e.token,
                "entity": e.entity,
                "digest": e.digest,
                "value": e.ciphertext,
                "expires_at": e.expires_at,
            }
            for e in entries
        ]
        with self.engine.begin() as conn:
            conn.execute(self._upsert(), rows)
            found = conn.execute(
                select(VaultRow.scope_key, VaultRow.token, VaultRow.digest).where(
                    VaultRow.scope_key.in_({e.scope_key for e in entries}),
                    VaultRow.token.in_({e.token for e in entries}),
                )
            ).all()
        return {token: digest for _, token, digest in found}

    def _upsert(self) -> Any:
        table = self._table
        dialect = self.engine.dialect.name
        if dialect == "postgresql":
            pg = postgresql.insert(table)
            later: Any = func.greatest(table.c.expires_at, pg.excluded.expires_at)
            return pg.on_conflict_do_update(
                index_elements=["scope_key", "token"],
                set_={"expires_at": later},
                where=table.c.digest == pg.excluded.digest,
            )
        if dialect == "sqlite":
            lite = sqlite.insert(table)
            later = func.max(table.c.expires_at, lite.excluded.expires_at)
            return lite.on_conflict_do_update(
                index_elements=["scope_key", "token"],
                set_={"expires_at": later},
                where=table.c.digest == lite.excluded.digest,
            )
        raise ConfigError(
            f"the pseudonym vault supports SQLite and PostgreSQL, not {dialect}",
            hint="Set database_url to a SQLite or PostgreSQL URL.",
        )

    def get(self, scope_key: str, tokens: Sequence[str], now: int) -> list[VaultEntry]:
        """Unexpired rows of the scope among ``tokens``."""
        query = select(VaultRow).where(
            VaultRow.scope_key == scope_key,
            VaultRow.token.in_(list(tokens)),
            VaultRow.expires_at > now,
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [
            VaultEntry(r.scope_key, r.token, r.entity, r.digest, r.value, r.expires_at)
            for r in rows
        ]

    def purge_expired(self, now: int) -> int:
        """Delete rows whose expiry has passed."""
        with self.engine.begin() as conn:
            result = conn.execute(delete(VaultRow).where(VaultRow.expires_at <= now))
        return int(result.rowcount or 0)
