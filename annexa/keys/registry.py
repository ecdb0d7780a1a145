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

from sqlalchemy import column, func, inspect, select, table, update
from sqlalchemy.engine import Engine
from sqlalchemy.sql.expression import ColumnClause

from annexa.keys.envelope import SecretBox, key_version_of
from annexa.keys.interface import DecryptionError


@dataclass(frozen=True, slots=True)
class EncryptedColumn:
    """A column of sealed values: ``table.column``, rows identified by ``pk``."""

    table: str
    column: str
    pk: str


KNOWN_COLUMNS: tuple[EncryptedColumn, ...] = (
    EncryptedColumn("key_secrets", "sealed", "name"),
    # Other areas: add yours here, e.g. EncryptedColumn("vault_entries", "value", "id").
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
        pk: ColumnClause[Any] = column(col.pk)
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
                    conn.execute(update(t).where(pk == key).values({col.column: value}))
            scanned += len(rows)
            rewrapped += len(changes)
            if on_progress:
                on_progress(len(rows))
    return RewrapResult(scanned, rewrapped, unreadable)


def _table(col: EncryptedColumn) -> tuple[Any, Any]:
    c: ColumnClause[Any] = column(col.column)
    return table(col.table, column(col.pk), c), c


def _batches(engine: Engine, col: EncryptedColumn, size: int = 500) -> Iterator[list[Any]]:
    t, c = _table(col)
    pk: ColumnClause[Any] = column(col.pk)
    after: Any = None
    while True:
        query = select(pk, c).select_from(t).where(c.is_not(None)).order_by(pk).limit(size)
        if after is not None:
            query = query.where(pk > after)
        with engine.connect() as conn:
            rows = [(k, bytes(v)) for k, v in conn.execute(query)]
        if not rows:
            return
        yield rows
        after = rows[-1][0]


def _version(value: bytes) -> str:
    try:
        return key_version_of(value)
    except DecryptionError:
        return "unreadable"
