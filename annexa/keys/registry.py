"""The encrypted columns rotation must re-wrap, and the passes over them.

Every area that stores :class:`~annexa.keys.envelope.SecretBox` ciphertexts adds its column to
:data:`KNOWN_COLUMNS` (one line: table, column, primary key column). ``annexa keys rewrap`` walks
them in primary-key order, batch by batch, re-wrapping each value's data key under the current
master-key version; ``annexa keys retire`` counts them to refuse retiring a version still in use.
Tables that do not exist (an area not migrated yet) are skipped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, column, func, inspect, select, table, tuple_, update
from sqlalchemy.engine import Engine
from sqlalchemy.sql.expression import ColumnClause

from annexa.keys.envelope import SecretBox, key_version_of
from annexa.keys.interface import DecryptionError


@dataclass(frozen=True, slots=True)
class EncryptedColumn:
    """A column of sealed values: ``table.column``, rows identified by the ``pk`` column(s)."""

    table: str
    column: str
    pk: str | tuple[str, ...]

    @property
    def pk_columns(self) -> tuple[str, ...]:
        """The primary-key column names (one, or several for a composite key)."""
        return (self.pk,) if isinstance(self.pk, str) else self.pk


KNOWN_COLUMNS: tuple[EncryptedColumn, ...] = (
    EncryptedColumn("key_secrets", "sealed", "name"),
    EncryptedColumn("gateway_vault", "value", ("scope_key", "token")),
    EncryptedColumn("users", "mfa_secret", "id"),  # identity: TOTP secrets
    # Other areas: add yours here, e.g. EncryptedColumn("users", "totp_secret", "id").
)


@dataclass(frozen=True, slots=True)
class RewrapResult:
    """What a re-wrap pass did."""

    scanned: int
    rewrapped: int
    unreadable: int


def present(engine: Engine, columns: Iterable[EncryptedColumn]) -> list[EncryptedColumn]:
    """The columns whose table exists in this database."""
    tables = set(inspect(engine).get_table_names())
    return [c for c in columns if c.table in tables]


def count_values(engine: Engine, columns: Iterable[EncryptedColumn]) -> int:
    """How many non-null sealed values the columns hold (the re-wrap progress total)."""
    total = 0
    with engine.connect() as conn:
        for col in present(engine, columns):
            t, c = _table(col)
            total += conn.execute(
                select(func.count()).where(c.is_not(None)).select_from(t)
            ).scalar_one()
    return total


def usage(engine: Engine, columns: Iterable[EncryptedColumn]) -> Counter[str]:
    """Sealed values per master-key version, over every present column."""
    counts: Counter[str] = Counter()
    for col in present(engine, columns):
        for rows in _batches(engine, col):
            counts.update(_version(value) for _pk, value in rows)
    return counts


def rewrap(
    engine: Engine,
    box: SecretBox,
    columns: Iterable[EncryptedColumn],
    on_progress: Callable[[int], None] | None = None,
) -> RewrapResult:
    """Move every value's data key to the current version; call ``on_progress(n)`` per batch."""
    scanned = rewrapped = unreadable = 0
    current = box.provider.current_version()
    for col in present(engine, columns):
        t, _ = _table(col)
        pks: list[ColumnClause[Any]] = [column(name) for name in col.pk_columns]
        for rows in _batches(engine, col):
            changes = []
            for key, value in rows:
                if _version(value) == current:
                    continue
                try:
                    changes.append((key, box.rewrap(value)))
                except DecryptionError:
                    unreadable += 1
            with engine.begin() as conn:
                for key, value in changes:
                    match = and_(*(c == k for c, k in zip(pks, key, strict=True)))
                    conn.execute(update(t).where(match).values({col.column: value}))
            scanned += len(rows)
            rewrapped += len(changes)
            if on_progress:
                on_progress(len(rows))
    return RewrapResult(scanned, rewrapped, unreadable)


def _table(col: EncryptedColumn) -> tuple[Any, Any]:
    c: ColumnClause[Any] = column(col.column)
    return table(col.table, *(column(n) for n in col.pk_columns), c), c


def _batches(engine: Engine, col: EncryptedColumn, size: int = 500) -> Iterator[list[Any]]:
    """``[(primary key tuple, sealed bytes)]`` in key order (keyset pagination, row values)."""
    t, c = _table(col)
    pks: list[ColumnClause[Any]] = [column(name) for name in col.pk_columns]
    key = pks[0] if len(pks) == 1 else tuple_(*pks)
    after: Any = None
    while True:
        query = select(*pks, c).select_from(t).where(c.is_not(None)).order_by(*pks).limit(size)
        if after is not None:
            query = query.where(key > (after[0] if len(pks) == 1 else tuple_(*after)))
        with engine.connect() as conn:
            rows = [(tuple(r[:-1]), bytes(r[-1])) for r in conn.execute(query)]
        if not rows:
            return
        yield rows
        after = rows[-1][0]


def _version(value: bytes) -> str:
    try:
        return key_version_of(value)
    except DecryptionError:
        return "unreadable"
