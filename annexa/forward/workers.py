"""Worker threads for the request path's blocking steps, awaited from the event loop.

``await workers.run(fn, *args)`` runs ``fn(*args)`` on one of a fixed set of threads and returns
its result (or raises its exception) on the loop. It is what ``loop.run_in_executor`` wrapped in
``asyncio.shield`` gives, for a seventh of the CPU per call: no ``concurrent.futures.Future``
(a condition variable per call), no idle-thread semaphore, no second and third asyncio future
chained to the first. Measured on one core with uvloop, 16 calls in flight: about 7 µs of CPU
per call against 46 µs (``bench/profile_gateway.py`` shows the effect on a whole request).

A cancelled caller still waits for its call to finish, then is cancelled: the future it awaits
is a :class:`~annexa.pinned.PinnedFuture` (the thread's work cannot be stopped anyway). So a
step that writes (a vault row, an audit record) is never abandoned half-way by a client that
went away, and whatever the caller does after its ``except CancelledError`` comes after that
write.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from annexa.pinned import PinnedFuture

__all__ = ["Workers"]

_P = ParamSpec("_P")
_T = TypeVar("_T")
_Job = tuple[
    Callable[..., Any],
    tuple[Any, ...],
    dict[str, Any],
    asyncio.AbstractEventLoop,
    asyncio.Future[Any],
]


class Workers:
    """``count`` daemon threads, started on first use, stopped by :meth:`close`."""

    def __init__(self, count: int, name: str) -> None:
        if count < 1:
            raise ValueError("at least one worker thread is needed")
        self.count, self.name = count, name
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._closed = False

    async def run(self, fn: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs) -> _T:
        """``fn(*args, **kwargs)`` on a worker thread; its result, or its exception raised
        here."""
        if self._closed:
            raise RuntimeError(f"the {self.name} workers are closed")
        if not self._threads:
            self._start()
        loop = asyncio.get_running_loop()
        future: asyncio.Future[_T] = PinnedFuture(loop=loop)
        self._jobs.put((fn, args, kwargs, loop, future))
        return await future

    def close(self, timeout: float = 30.0) -> None:
        """Let the threads finish the calls already queued, then stop them (idempotent)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            threads = list(self._threads)
        for _ in threads:
            self._jobs.put(None)
        for thread in threads:
            thread.join(timeout)

    def _start(self) -> None:
        with self._lock:
            if self._closed:
                raise RuntimeError(f"the {self.name} workers are closed")
            for i in range(len(self._threads), self.count):
                thread = threading.Thread(target=self._work, name=f"{self.name}_{i}", daemon=True)
                thread.start()
                self._threads.append(thread)

    def _work(self) -> None:
        get = self._jobs.get
        while (job := get()) is not None:
            fn, args, kwargs, loop, future = job
            del job
            try:
                result = fn(*args, **kwargs)
            except BaseException as exc:  # handed to the awaiting caller, which raises it
                _hand_back(loop, _fail, future, exc)
            else:
                _hand_back(loop, _settle, future, result)
            del fn, args, kwargs, loop, future


def _hand_back(loop: asyncio.AbstractEventLoop, settle: Callable[..., None], *args: Any) -> None:
    with contextlib.suppress(RuntimeError):  # the loop is closed: nobody waits any more
        loop.call_soon_threadsafe(settle, *args)


def _settle(future: asyncio.Future[Any], result: Any) -> None:
    if not future.done():
        future.set_result(result)


def _fail(future: asyncio.Future[Any], exc: BaseException) -> None:
    if future.done():
        return
    if isinstance(exc, StopIteration):  # a future cannot carry it
        exc = RuntimeError(f"StopIteration raised in a worker thread: {exc!r}")
    future.set_exception(exc)
