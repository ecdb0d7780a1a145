"""HotPath: the request path's key and register reads, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, bindparam, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.pool import QueuePool
from sqlalchemy.types import JSON

from annexa.db import make_engine
from annexa.db.hot import HotPath

META = MetaData()
THINGS = Table(
    "things",
    META,
    Column("id", String(16), primary_key=True),
    Column("state", String(16)),
    Column("n", Integer),
    Column("blob", JSON),
)
BY_ID = select(THINGS.c.state, THINGS.c.n).where(THINGS.c.id == bindparam("id"))


@pytest.fixture
def engine(any_database_url: str) -> Iterator[Engine]:
    eng = make_engine(any_database_url)
    META.drop_all(eng)  # the PostgreSQL database is shared by the session's tests
    META.create_all(eng)
    with eng.begin() as conn:
        conn.execute(insert(THINGS), [{"id": "a", "state": "active", "n": 1}])
    yield eng
    META.drop_all(eng)
    eng.dispose()


def test_reads_a_row_as_a_tuple_and_none_for_no_row(engine: Engine) -> None:
    reads = HotPath(engine)
    try:
        assert reads.first(BY_ID, {"id": "a"}) == ("active", 1)
        assert reads.first(BY_ID, {"id": "missing"}) is None
    finally:
        reads.close()


def test_every_read_sees_the_latest_commit_of_another_connection(engine: Engine) -> None:
    """What makes a revocation count on the next request: no read is served from an old
    snapshot, even on the same held connection."""
    reads = HotPath(engine)
    try:
        for n in range(2, 6):
            with engine.begin() as conn:
                conn.execute(update(THINGS).where(THINGS.c.id == "a").values(n=n, state=f"s{n}"))
            assert reads.first(BY_ID, {"id": "a"}) == (f"s{n}", n)
        assert len(reads._all) == 1  # one connection, held and reused
    finally:
        reads.close()


def test_connections_are_kept_out_of_the_pool_and_closed(engine: Engine) -> None:
    reads = HotPath(engine)
    barrier = threading.Barrier(4)
    seen: list[object] = []

    def read() -> None:
        barrier.wait()
        seen.append(reads.first(BY_ID, {"id": "a"}))

    threads = [threading.Thread(target=read) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == [("active", 1)] * 4
    assert 1 <= len(reads._all) <= 4
    pool = engine.pool
    assert isinstance(pool, QueuePool)
    assert pool.checkedout() == 0  # detached: the pool lends none of its own
    held = list(reads._all)
    reads.close()
    assert reads._all == []
    assert all(c.dbapi_connection is None for c in held)  # closed
    with pytest.raises(RuntimeError, match="closed"):
        reads.first(BY_ID, {"id": "a"})


def test_a_broken_connection_is_replaced_once_then_the_error_is_raised(engine: Engine) -> None:
    reads = HotPath(engine)
    try:
        assert reads.first(BY_ID, {"id": "a"}) == ("active", 1)
        broken = reads._all[0]
        broken.dbapi_connection.close()  # as a database restart would leave it
        assert reads.first(BY_ID, {"id": "a"}) == ("active", 1)  # retried on a new one
        assert broken not in reads._all
        assert len(reads._all) == 1
        with pytest.raises(Exception, match=r"no_such_table|no such table"):
            reads.first(select(THINGS.c.n).select_from(Table("no_such_table", MetaData())), {})
        assert reads._all == []  # both failed connections dropped, none left half-used
    finally:
        reads.close()


def test_statements_whose_parameters_need_conversion_are_refused(engine: Engine) -> None:
    reads = HotPath(engine)
    try:
        typed = select(THINGS.c.id).where(THINGS.c.blob == bindparam("blob", type_=JSON))
        with pytest.raises(TypeError, match="need no conversion"):
            reads.first(typed, {"blob": {"x": 1}})
    finally:
        reads.close()


def test_a_driver_statement_is_its_own_transaction(engine: Engine) -> None:
    """The vault's upsert runs through rows(): durable when it returns, seen by others."""
    hot = HotPath(engine)
    mark = "?" if engine.dialect.paramstyle == "qmark" else "%s"
    try:
        values = ", ".join([mark] * 3)
        sql = f"INSERT INTO things (id, state, n) VALUES ({values}) RETURNING id, n"
        assert hot.rows(sql, ("b", "new", 7)) == [("b", 7)]
        with engine.connect() as conn:
            assert conn.execute(select(THINGS.c.n).where(THINGS.c.id == "b")).scalar() == 7
        delete = f"DELETE FROM things WHERE id = {mark}"
        assert hot.rows(delete, ("b",)) == []  # no result set: no rows
        assert hot.first(BY_ID, {"id": "b"}) is None
        with pytest.raises(Exception, match=r"(?i)unique|duplicate"):
            hot.rows(sql, ("a", "dup", 1))  # a failed write leaves nothing half-done
        assert hot.first(BY_ID, {"id": "a"}) == ("active", 1)
    finally:
        hot.close()
