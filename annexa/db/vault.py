"""The pseudonym vault's table and its SQL store (migrations: the ``gateway`` Alembic branch).

``gateway_vault`` holds one row per (scope, token): the keyed hash of the scope (never the
principal id), the token, the placeholder's entity type, the full HMAC (to refuse two values on
one token), the value sealed with AES-256-GCM bound to the row, and an expiry in Unix seconds.
Writers from any number of replicas upsert: a row that exists keeps its ciphertext and gets the
later expiry, so concurrent requests agree and never corrupt each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from sqlalchemy import BigInteger, LargeBinary, String, Table, delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, mapped_column

from annexa.db.engine import Base
from annexa.db.hot import HotPath
from annexa.errors import ConfigError
from annexa.transform.vault import VaultEntry

__all__ = ["SqlVaultStore", "VaultRow"]

PUT_BATCH = 500  # rows per upsert statement (6 parameters each, far below SQLite's limit)


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

    def __init__(self, engine: Engine, hot: HotPath | None = None) -> None:
        self.engine = engine
        self.hot = hot  # the gateway's held connections: an upsert of one batch runs there
        self._table = cast(Table, VaultRow.__table__)

    def put(self, entries: Sequence[VaultEntry]) -> dict[str, str]:
        """Upsert every row in one transaction; return token → digest of the rows now stored
        for ``entries`` (a token already held by another value is absent: the caller refuses).

        One ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` statement per 500 rows, in the
        driver's SQL (no second query, no per-row parameter handling by SQLAlchemy)."""
        if not entries:
            return {}
        found: dict[str, str] = {}
        if self.hot is not None and len(entries) <= PUT_BATCH:  # one statement: atomic alone
            stored = self.hot.rows(self._upsert_sql(len(entries)), _params(entries))
            return {str(token): str(digest) for token, digest in stored}
        with self.engine.begin() as conn:
            for at in range(0, len(entries), PUT_BATCH):
                batch = entries[at : at + PUT_BATCH]
                sql = self._upsert_sql(len(batch))
                rows = conn.exec_driver_sql(sql, _params(batch)).all()
                found.update({str(token): str(digest) for token, digest in rows})
        return found

    def _upsert_sql(self, count: int) -> str:
        dialect = self.engine.dialect
        if dialect.name not in ("postgresql", "sqlite"):
            raise ConfigError(
                f"the pseudonym vault supports SQLite and PostgreSQL, not {dialect.name}",
                hint="Set database_url to a SQLite or PostgreSQL URL.",
            )
        mark = "?" if dialect.paramstyle == "qmark" else "%s"
        later = "greatest" if dialect.name == "postgresql" else "max"
        row = "(" + ", ".join([mark] * 6) + ")"
        # Fixed table and column names; every value is a bound parameter.
        return (
            "INSERT INTO gateway_vault (scope_key, token, entity, digest, value, expires_at) "  # noqa: S608  # nosec B608
            f"VALUES {', '.join([row] * count)} "
            "ON CONFLICT (scope_key, token) DO UPDATE SET "
            f"expires_at = {later}(gateway_vault.expires_at, excluded.expires_at) "
            "WHERE gateway_vault.digest = excluded.digest "
            "RETURNING token, digest"
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


def _params(entries: Sequence[VaultEntry]) -> tuple[object, ...]:
    """The upsert's parameters, row after row, in its column order."""
    return tuple(
        v
        for e in entries
        for v in (e.scope_key, e.token, e.entity, e.digest, e.ciphertext, e.expires_at)
    )
