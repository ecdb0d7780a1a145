"""The durable audit log: :class:`AuditLog` appends events to the hash chain with group commit.

For the gateway and every other emitter::

    log = AuditLog.open(settings)      # runs migrations, starts the writer
    log.append(event)                  # returns once committed (durable); AuditError otherwise
    await log.append_async(event)      # the same, for the async web edge
    log.submit(event, on_failure)      # queued, no wait; on_failure(error) if it fails
    log.close()                        # flushes, writes a final checkpoint

Appends from any number of threads (or coroutines) go to one writer thread, which takes every
append waiting, extends the chain under a lock on the ``audit_head`` row (``BEGIN IMMEDIATE`` on
SQLite, ``SELECT ... FOR UPDATE`` on PostgreSQL, so several processes or replicas on one
database extend one chain), commits them in one transaction, and only then releases the callers:
one fsync for many appends (group commit). Every ``checkpoint_every`` events or
``checkpoint_interval_s`` seconds the same transaction adds a signed checkpoint.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy import insert
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from annexa.audit import metrics
from annexa.audit.chain import DOMAIN, GENESIS, TreeHead, canonical_checked
from annexa.audit.checkpoint import (
    Checkpoint,
    CheckpointSigner,
    sign_checkpoint,
    write_anchor,
)
from annexa.audit.events import format_time, parse_time, to_record
from annexa.audit.interface import AuditError, AuditEvent
from annexa.audit.merkle import CompactTree
from annexa.audit.queries import Head, read_head
from annexa.audit.signing import checkpoint_signer
from annexa.audit.tables import HEAD
from annexa.audit.writer_db import Transaction, WriterDb
from annexa.db import database_url, make_engine, upgrade
from annexa.db.engine import Synchronous
from annexa.pinned import PinnedFuture
from annexa.settings import Settings

_STOP = object()
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class AuditOptions:
    """How the writer batches and checkpoints (defaults match :class:`AuditSettings`)."""

    checkpoint_every: int = 1000
    checkpoint_interval_s: float = 60.0
    batch_max: int = 1000
    append_timeout_s: float = 30.0
    linger_s: float = 0.0  # how long a batch of submitted events waits for company
    anchor_dir: Path | None = None


def audit_engine(url: str, *, reader: bool = False, synchronous: Synchronous = "full") -> Engine:
    """An engine for the audit log.

    Writers (the default): SQLite transactions start ``BEGIN IMMEDIATE``, the cross-process
    write lock. Readers (``reader=True``: verify, export, search): each transaction is one
    consistent snapshot (a deferred ``BEGIN`` under WAL on SQLite, ``REPEATABLE READ`` on
    PostgreSQL) that never blocks the writers.
    """
    engine = make_engine(url, synchronous=synchronous)
    if engine.dialect.name != "sqlite":
        return engine.execution_options(isolation_level="REPEATABLE READ") if reader else engine
    begin = "BEGIN" if reader else "BEGIN IMMEDIATE"

    def _autocommit_driver(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None

    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql(begin)

    sa_event.listen(engine, "connect", _autocommit_driver)
    sa_event.listen(engine, "begin", _begin)
    return engine


class _Pending:
    """One queued append and how its caller learns the outcome: a held lock the writer
    releases (several times cheaper than a ``concurrent.futures.Future``), plus an optional
    callback for the event loop."""

    __slots__ = ("callback", "canonical", "done", "error", "lazy", "record", "seq")

    def __init__(self, record: dict[str, Any], canonical: bytes, lazy: bool = False) -> None:
        self.record, self.canonical = record, canonical
        self.lazy = lazy  # nobody waits for it (submit): it may linger for company
        self.seq = 0
        self.error: BaseException | None = None
        self.callback: Any = None
        self.done = threading.Lock()
        self.done.acquire()

    def resolve(self, seq: int, error: BaseException | None = None) -> None:
        """Called by the writer once the batch committed (or failed)."""
        self.seq, self.error = seq, error
        self.done.release()
        if self.callback is not None:
            try:
                self.callback()
            except RuntimeError:  # the caller's event loop is gone; nobody waits any more
                log.debug("audit append caller went away")

    def wait(self, timeout: float) -> int:
        """Block until resolved; the seq, or the error raised."""
        if not self.done.acquire(timeout=timeout):
            raise AuditError("the audit write did not complete in time")
        if self.error is not None:
            raise self.error
        return self.seq


class AuditLog:
    """The audit log on one database; implements :class:`~annexa.audit.interface.AuditSink`."""

    def __init__(
        self, engine: Engine, signer: CheckpointSigner, options: AuditOptions | None = None
    ) -> None:
        self.engine = engine
        self.signer = signer
        self.options = options or AuditOptions()
        self._queue: queue.SimpleQueue[_Pending | object] = queue.SimpleQueue()
        self._closed = False
        self._db = WriterDb(engine)  # the writer thread's own connection
        self._ensure_head()
        self._writer = threading.Thread(target=self._run, name="audit-writer", daemon=True)
        self._writer.start()

    @classmethod
    def open(cls, settings: Settings, signer: CheckpointSigner | None = None) -> AuditLog:
        """The log of ``settings``: migrates the database, loads or creates the signing key."""
        url = database_url(settings.data_dir, settings.database_url)
        engine = audit_engine(url, synchronous=settings.database_synchronous)
        upgrade(engine)
        a = settings.audit
        options = AuditOptions(
            checkpoint_every=a.checkpoint_every,
            checkpoint_interval_s=a.checkpoint_interval_s,
            batch_max=a.batch_max,
            anchor_dir=a.anchor_dir,
            linger_s=a.linger_s,
        )
        signer = signer or checkpoint_signer(settings, engine)
        return cls(engine, signer, options)

    # -- the public API ---------------------------------------------------------------------

    def append(self, event: AuditEvent) -> None:
        """Commit ``event``; returns only once it is durable. Raises :class:`AuditError`."""
        self.append_seq(event)

    def append_seq(self, event: AuditEvent) -> int:
        """Like :meth:`append`, and return the event's position in the chain."""
        return self._submit(event).wait(self.options.append_timeout_s)

    async def append_async(self, event: AuditEvent) -> int:
        """:meth:`append_seq` for the event loop: awaits the commit without blocking it. A
        cancelled caller still waits for the commit (or the timeout), then is cancelled: a
        client that goes away never leaves its request's record half-written or unchecked."""
        loop = asyncio.get_running_loop()
        done = PinnedFuture(loop=loop)

        def settle() -> None:
            if not done.done():  # the timeout may have come first
                done.set_result(None)

        def wake() -> None:
            loop.call_soon_threadsafe(settle)

        pending = self._submit(event, wake)
        timer = loop.call_later(self.options.append_timeout_s, _time_out, done)
        try:
            await done
        finally:
            timer.cancel()
        return pending.wait(0)

    def submit(self, event: AuditEvent, on_failure: Callable[[BaseException], None]) -> None:
        """Queue ``event`` and return at once; the writer commits it with the next batch.
        For an event whose caller must not wait (the ``ai-response`` of an answer already sent:
        its ``ai-request`` is durable), and instead of a thread that would wait for it.
        ``on_failure`` runs on the writer thread if the commit fails (the event is then lost:
        log it). :meth:`close` commits every event queued before it."""
        box: list[_Pending] = []

        def settled() -> None:
            if box and box[0].error is not None:
                on_failure(box[0].error)

        self._submit(event, settled, queued=box, lazy=True)

    def checkpoint(self) -> Checkpoint | None:
        """Write a signed checkpoint now if events arrived since the last one."""
        if self._closed:
            raise AuditError("the audit log is closed")
        cp: Checkpoint | None = self._call_writer(lambda: self._checkpoint_now(force=True))
        return cp

    def close(self) -> None:
        """Flush pending appends, write a final checkpoint, stop the writer, free the engine."""
        if self._closed:
            return
        try:
            self.checkpoint()
        except (AuditError, OSError) as exc:
            log.warning("final audit checkpoint failed: %s", exc)
        self._closed = True
        self._queue.put(_STOP)
        self._writer.join()
        self._db.close()
        self.engine.dispose()

    def __enter__(self) -> AuditLog:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- the writer -------------------------------------------------------------------------

    def _submit(
        self,
        event: AuditEvent,
        callback: Any = None,
        queued: list[_Pending] | None = None,
        lazy: bool = False,
    ) -> _Pending:
        """Queue ``event``; ``queued`` (if given) receives the pending append before the
        writer can see it, so ``callback`` always finds it."""
        if self._closed:
            raise AuditError("the audit log is closed")
        record = to_record(event)
        pending = _Pending(record, canonical_checked(record), lazy)
        pending.callback = callback
        if queued is not None:
            queued.append(pending)
        self._queue.put(pending)
        return pending

    def _call_writer(self, fn: Any) -> Any:
        future: Future[Any] = Future()
        self._queue.put((fn, future))
        return future.result(timeout=self.options.append_timeout_s)

    def _run(self) -> None:
        carried: object = None  # an item taken while batching, handled next
        while True:
            if carried is not None:
                item, carried = carried, None
            else:
                try:
                    item = self._queue.get(timeout=self.options.checkpoint_interval_s)
                except queue.Empty:
                    self._safely(lambda: self._checkpoint_now(force=False))
                    continue
            if item is _STOP:
                return
            if isinstance(item, tuple):
                fn, future = item
                try:
                    future.set_result(fn())
                except Exception as exc:  # handed to the caller
                    future.set_exception(exc)
                continue
            assert isinstance(item, _Pending)  # nosec B101 - the queue holds nothing else
            batch, carried = self._batch(item)
            self._commit(batch)

    def _batch(self, first: _Pending) -> tuple[list[_Pending], object]:
        """``first`` and every append waiting behind it (up to ``batch_max``); and the item
        that ended the batch, if it is not an append. A batch that nobody waits for (only
        submitted events) lingers up to ``linger_s`` for an append that someone does wait for,
        so that both share one commit: an answered request's ``ai-response`` then rides with
        the next request's ``ai-request`` instead of costing a commit of its own."""
        batch = [first]
        lazy = first.lazy
        deadline = time.monotonic() + self.options.linger_s
        while len(batch) < self.options.batch_max:
            try:
                more = self._queue.get_nowait()
            except queue.Empty:
                wait = deadline - time.monotonic()
                if not lazy or wait <= 0:
                    break
                try:
                    more = self._queue.get(timeout=wait)
                except queue.Empty:
                    break
            if not isinstance(more, _Pending):
                return batch, more
            batch.append(more)
            lazy = lazy and more.lazy
        return batch, None

    def _safely(self, fn: Any) -> None:
        try:
            fn()
        except (AuditError, OSError) as exc:
            log.warning("audit checkpoint failed, retrying on the next tick: %s", exc)

    def _commit(self, batch: list[_Pending]) -> None:
        def write(tx: Transaction) -> tuple[int, Checkpoint | None]:
            head = self._locked_head(tx)
            first, last, prev, tree = head.size + 1, head.size, head.hash, self._tree(head)
            rows = []
            for pending in batch:
                last += 1
                prev = _chain_hash(prev, pending.canonical)
                tree.append(_leaf(prev))
                rows.append(_row(last, pending, prev))
            tx.insert_events(rows)
            cp = self._maybe_sign(head, TreeHead(last, tree.root(), prev), tree, force=False)
            self._save(tx, last, prev, tree, cp)
            return first, cp

        try:
            first, cp = self._db.run(write)
        except Exception as exc:  # every waiting caller must fail closed
            metrics.APPEND_FAILURES.inc(len(batch))
            error = exc if isinstance(exc, AuditError) else AuditError(f"audit write failed: {exc}")
            for pending in batch:
                pending.resolve(0, error)
            return
        metrics.EVENTS_WRITTEN.inc(len(batch))
        self._anchor(cp)  # counts the checkpoint
        for offset, pending in enumerate(batch):
            pending.resolve(first + offset)

    def _checkpoint_now(self, *, force: bool) -> Checkpoint | None:
        def write(tx: Transaction) -> Checkpoint | None:
            head = self._locked_head(tx)
            tree = self._tree(head)
            cp = self._maybe_sign(head, TreeHead(head.size, tree.root(), head.hash), tree, force)
            if cp is not None:
                self._save(tx, head.size, head.hash, tree, cp)
            return cp

        try:
            cp = self._db.run(write)
        except AuditError:
            raise
        except Exception as exc:
            raise AuditError(f"audit checkpoint failed: {exc}") from exc
        self._anchor(cp)
        return cp

    def _maybe_sign(
        self, head: Head, tree_head: TreeHead, tree: CompactTree, force: bool
    ) -> Checkpoint | None:
        new = tree_head.size - head.checkpoint_size
        if new <= 0:
            return None
        now = datetime.now(UTC)
        age = (now - parse_time(head.checkpoint_time)).total_seconds()
        recent = age < self.options.checkpoint_interval_s
        if not force and new < self.options.checkpoint_every and recent:
            return None
        return sign_checkpoint(tree_head, format_time(now), tree.to_bytes(), self.signer)

    @staticmethod
    def _save(
        tx: Transaction, size: int, head: bytes, tree: CompactTree, cp: Checkpoint | None
    ) -> None:
        if cp is not None:
            tx.insert_checkpoint(cp)
        tx.save_head(size, head, tree.to_bytes(), cp)

    def _anchor(self, cp: Checkpoint | None) -> None:
        """Count a committed checkpoint and copy it to the anchor; a failure there never fails
        appends (they are durable already) but is logged and counted for the operator."""
        if cp is None:
            return
        metrics.CHECKPOINTS_WRITTEN.inc()  # once committed (a transaction may run twice)
        if self.options.anchor_dir is None:
            return
        try:
            write_anchor(self.options.anchor_dir, cp)
        except OSError as exc:
            metrics.ANCHOR_FAILURES.inc()
            log.error("audit checkpoint %d not written to the anchor: %s", cp.size, exc)

    @staticmethod
    def _tree(head: Head) -> CompactTree:
        return CompactTree.from_bytes(head.size, head.tree)

    @staticmethod
    def _locked_head(tx: Transaction) -> Head:
        head = tx.locked_head()
        if head is None:
            raise AuditError("the audit head row is missing; run `annexa audit verify`")
        return head

    def _ensure_head(self) -> None:
        try:
            with self.engine.begin() as conn:
                if read_head(conn) is None:
                    conn.execute(insert(HEAD).values(**_empty_head()))
        except IntegrityError:
            pass  # another process created it first


def _time_out(done: asyncio.Future[Any]) -> None:
    if not done.done():
        done.set_exception(AuditError("the audit write did not complete in time"))


def _chain_hash(prev: bytes, record: bytes) -> bytes:
    return hashlib.sha256(DOMAIN + prev + record).digest()


def _leaf(chain_hash: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + chain_hash).digest()


def _row(seq: int, pending: _Pending, chain_hash: bytes) -> tuple[Any, ...]:
    """The ``audit_events`` row (``writer_db.EVENT_COLUMNS``) of one pending append."""
    record = pending.record
    actor = record["actor"]
    return (
        seq,
        record["time"],
        record["event"],
        f"{actor['kind']}:{actor['id']}"[:300],
        record["outcome"],
        record["request_id"],
        pending.canonical.decode("utf-8"),
        chain_hash,
    )


def _empty_head() -> dict[str, Any]:
    return {
        "id": 1,
        "size": 0,
        "hash": GENESIS,
        "tree": b"",
        "checkpoint_size": 0,
        "checkpoint_time": format_time(datetime.now(UTC)),
        "purged_through": 0,
    }
