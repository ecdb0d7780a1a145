"""The request path's worker threads: results and exceptions come back on the loop, a cancelled
caller waits for its call to finish before it is cancelled, and closing finishes queued work."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from annexa.forward.workers import Workers


def test_result_and_arguments_come_back() -> None:
    workers = Workers(2, "test")

    async def main() -> tuple[str, str]:
        name = await workers.run(lambda: threading.current_thread().name)
        joined = await workers.run("{}-{sep}".format, "a", sep="b")
        return name, joined

    name, joined = asyncio.run(main())
    assert name.startswith("test_")
    assert joined == "a-b"
    workers.close()


def test_exception_is_raised_in_the_caller() -> None:
    workers = Workers(1, "test")

    def boom() -> None:
        raise KeyError("nope")

    async def main() -> None:
        await workers.run(boom)

    with pytest.raises(KeyError, match="nope"):
        asyncio.run(main())
    workers.close()


def test_stop_iteration_becomes_a_runtime_error() -> None:
    workers = Workers(1, "test")

    async def main() -> None:
        await workers.run(next, iter(()))

    with pytest.raises(RuntimeError, match="StopIteration"):
        asyncio.run(main())
    workers.close()


def test_many_calls_in_flight_each_get_their_own_result() -> None:
    workers = Workers(4, "test")

    async def main() -> list[int]:
        return list(await asyncio.gather(*(workers.run(pow, i, 2) for i in range(200))))

    assert asyncio.run(main()) == [i * i for i in range(200)]
    workers.close()


def test_a_cancelled_caller_waits_for_the_call_to_finish() -> None:
    workers = Workers(1, "test")
    finished: list[float] = []

    def slow() -> str:
        time.sleep(0.3)
        finished.append(time.monotonic())
        return "written"

    async def main() -> float:
        task = asyncio.ensure_future(workers.run(slow))
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return time.monotonic()

    cancelled_at = asyncio.run(main())
    assert finished, "the call was abandoned"
    assert finished[0] <= cancelled_at  # the caller saw its cancellation only after the write
    workers.close()


def test_close_finishes_queued_calls_then_refuses_new_ones() -> None:
    workers = Workers(1, "test")
    done: list[int] = []

    def step(i: int) -> None:
        time.sleep(0.01)
        done.append(i)

    async def queue_some() -> None:
        tasks = [asyncio.ensure_future(workers.run(step, i)) for i in range(5)]
        await tasks[0]  # the rest are queued; asyncio.run's clean-up waits for them

    asyncio.run(queue_some())
    workers.close()
    assert sorted(done) == [0, 1, 2, 3, 4]
    workers.close()  # idempotent

    async def after() -> None:
        await workers.run(step, 9)

    with pytest.raises(RuntimeError, match="closed"):
        asyncio.run(after())


def test_a_result_for_a_closed_loop_is_dropped() -> None:
    workers = Workers(1, "test")
    release = threading.Event()

    def wait() -> int:
        release.wait(5)
        return 1

    tasks: list[asyncio.Future[int]] = []

    async def leave_early() -> None:
        tasks.append(asyncio.ensure_future(workers.run(wait)))
        await asyncio.sleep(0.01)

    loop = asyncio.new_event_loop()
    loop.run_until_complete(leave_early())
    loop.close()  # with the call still running (asyncio.run would wait for it)
    tasks[0]._log_destroy_pending = False  # type: ignore[attr-defined]  # left pending on purpose
    release.set()
    workers.close()  # the worker survived handing back to a closed loop, and stops
    assert all(not t.is_alive() for t in workers._threads)


def test_at_least_one_thread() -> None:
    with pytest.raises(ValueError, match="at least one"):
        Workers(0, "test")
