"""Servers for bench/gateway.py: start one pinned to a core in its own process group, wait until
it answers, read its CPU time, and always stop it.

For the bench only: every process listens on loopback; nothing here is used by Annexa itself.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess  # nosec B404 - the bench starts the servers it measures
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import httpx

LOOPBACK = "127.0.0.1"
SERVER_CORE = "1"  # every server under test (and Presidio for LiteLLM's guardrail)
LOAD_CORE = "0"  # the load generator and the fake upstream
_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Server:
    """A running server process (its own process group) and where it logs."""

    name: str
    proc: subprocess.Popen[bytes]
    log: Path
    url: str

    def cpu_seconds(self) -> float:
        """User + system CPU time of the process and every descendant still alive."""
        return sum(_cpu_of(pid) for pid in _tree(self.proc.pid))

    def log_tail(self, lines: int = 30) -> str:
        """The end of the server's log (for error messages)."""
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


def _cpu_of(pid: int) -> float:
    """CPU seconds of ``pid``: its live threads' run time as the scheduler counts it (in
    nanoseconds, ``se.sum_exec_runtime`` of /proc/PID/task/TID/sched), plus what threads that
    have ended used (the process's utime + stime beyond its live threads', in clock ticks).

    Ticks alone are 10 ms: a cell of 100 requests at 2 ms each is 20 of them, too coarse for
    the ratios compared. Where /proc has no ``sched`` file, ticks it is.
    """
    try:
        total = _ticks(Path(f"/proc/{pid}/stat"))
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return 0.0
    exact = live_ticks = 0.0
    for task in tasks:
        try:
            ran = _run_time_s(task / "sched")
            ticks = _ticks(task / "stat")
        except OSError:
            continue  # the thread ended meanwhile: its time is in the process's total
        if ran is None:
            return total
        exact += ran
        live_ticks += ticks
    return exact + max(0.0, total - live_ticks)


def _ticks(stat_file: Path) -> float:
    """utime + stime of a /proc stat file, in seconds (clock-tick resolution)."""
    fields = stat_file.read_text(encoding="ascii").rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICKS  # utime, stime (fields 14, 15)


def _run_time_s(sched_file: Path) -> float | None:
    """``se.sum_exec_runtime`` (milliseconds in the file) in seconds; None if absent."""
    for line in sched_file.read_text(encoding="ascii", errors="replace").splitlines():
        if line.startswith("se.sum_exec_runtime"):
            return float(line.rpartition(":")[2]) / 1000.0
    return None


def _tree(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text(encoding="ascii")
        except OSError:
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found = [root]
    for pid in found:
        found.extend(child for child, parent in parents.items() if parent == pid)
    return found


@contextmanager
def running(
    name: str,
    cmd: Sequence[str],
    *,
    core: str,
    url: str,
    ready_path: str,
    log_dir: Path,
    env: dict[str, str] | None = None,
    timeout_s: float = 180.0,
) -> Iterator[Server]:
    """Start ``cmd`` pinned to ``core`` (taskset), wait for ``url + ready_path``, always stop it."""
    log = log_dir / f"{name}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(  # nosec B603 - fixed argument lists built by the bench
            ["taskset", "-c", core, *cmd],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env={**os.environ, **(env or {})},
            start_new_session=True,  # its own process group: stopped whole, workers included
        )
    server = Server(name, proc, log, url)
    try:
        _wait_ready(server, ready_path, timeout_s)
        yield server
    finally:
        stop(proc)


def _wait_ready(server: Server, path: str, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"{server.name} exited at start:\n{server.log_tail()}")
        try:
            httpx.get(server.url + path, timeout=2.0)
            return
        except httpx.TransportError:
            time.sleep(0.25)
    raise RuntimeError(
        f"{server.name} did not answer within {timeout_s:.0f} s:\n{server.log_tail()}"
    )


def stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process group, SIGKILL it if still there after 10 s."""
    for sig, wait_s in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=wait_s)
            break
        except subprocess.TimeoutExpired:
            continue
    with suppress(ProcessLookupError):  # a worker that outlived the group's leader
        os.killpg(proc.pid, signal.SIGKILL)
