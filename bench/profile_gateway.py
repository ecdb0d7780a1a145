"""bench/profile_gateway: one Annexa server against the fake upstream, for whoever tunes it.

The quick loop of bench/gateway.py without LiteLLM: the fake upstream on core 0, ``annexa serve``
(scanning on, no NER) pinned to core 1, 1 KB prompts; per cell the requests/s, latency p50/p99,
the server's CPU time per request (/proc; per thread, user and system, and context switches) and,
for streams, the time to the first body byte. ``--py-spy FILE`` records the server meanwhile
(py-spy must be installed; raw collapsed stacks per thread, only the thread holding the GIL, so
the samples show where Python's CPU goes; the event loop is the MainThread). No prompt is sent
twice: a repeated prompt's values already have their pseudonyms (the vault skips sealing and
writing them again); past the 500 prompts of prompts_1kb.jsonl come 1 KB pieces of
prompts.jsonl (``bench.gateway_setup.load_prompts``).

    .venv/bin/python -m bench.profile_gateway [--requests 400] [--stream | --plain]
        [--concurrency 1,16] [--py-spy out.txt] [--steps]

``--steps`` adds, per cell, the CPU each step of the request path spent on its thread per
request (authenticate, parse, scan, decide, transform, the output policy, restore, the audit
commit): ``bench/gateway_steps/sitecustomize.py``, loaded by the server it starts.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import signal
import subprocess  # nosec B404 - py-spy, started on request
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.common import OUT
from bench.gateway_load import Cell, bodies, run_cell, warm_up
from bench.gateway_procs import LOAD_CORE, LOOPBACK, SERVER_CORE, Server, free_port, running
from bench.gateway_setup import (
    UPSTREAM_KEY_ENV,
    annexa_data_dir,
    load_prompts,
)
from bench.gateway_steps.sitecustomize import LABELS

ENV = {UPSTREAM_KEY_ENV: "bench-upstream-not-a-secret"}


@contextmanager
def py_spy(server: Server, out: str | None) -> Iterator[None]:
    """Record ``server`` with py-spy while the block runs (nothing when ``out`` is None)."""
    exe = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if out is None:
        yield
        return
    cmd = [exe, "record", "-f", "raw", "-r", "250", "--threads", "--gil", "-o", out]
    cmd += ["-p", str(server.proc.pid)]
    spy = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # nosec B603
    try:
        yield
    finally:
        spy.send_signal(signal.SIGINT)
        spy.wait(60)


def thread_cpu(pid: int) -> dict[int, tuple[str, float]]:
    """CPU seconds of each thread of ``pid`` (name from /proc: Python names its threads)."""
    return {
        tid: (name, user + system) for tid, (name, user, system, _) in thread_stats(pid).items()
    }


def thread_stats(pid: int) -> dict[int, tuple[str, float, float, int]]:
    """Per thread of ``pid``: name, user and system CPU seconds, context switches."""
    out: dict[int, tuple[str, float, float, int]] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            stat = (task / "stat").read_text(encoding="ascii")
            name = (task / "comm").read_text(encoding="utf-8").strip()
            status = (task / "status").read_text(encoding="ascii")
        except OSError:
            continue
        fields = stat.rpartition(")")[2].split()
        switches = sum(int(n) for n in re.findall(r"ctxt_switches:\s+(\d+)", status))
        out[int(task.name)] = (name, int(fields[11]) / tick, int(fields[12]) / tick, switches)
    return out


def process_line(before: dict[int, tuple[str, float, float, int]], pid: int, requests: int) -> str:
    """The server's user and system CPU and its threads' context switches per request."""
    after = thread_stats(pid)
    n = max(requests, 1)
    zero = ("", 0.0, 0.0, 0)
    user = sum(a[1] - before.get(t, zero)[1] for t, a in after.items()) / n * 1000
    system = sum(a[2] - before.get(t, zero)[2] for t, a in after.items()) / n * 1000
    switches = sum(a[3] - before.get(t, zero)[3] for t, a in after.items()) / n
    each = sorted(
        ((a[3] - before.get(t, zero)[3]) / n, "loop" if t == pid else str(t))
        for t, a in after.items()
    )
    busiest = ", ".join(f"{who} {count:.1f}" for count, who in reversed(each[-6:]) if count)
    return (
        f"    user {user:.2f} ms/req, system {system:.2f} ms/req, {switches:.1f} switches/req "
        f"({busiest})"
    )


def threads_line(server: Server, before: dict[int, tuple[str, float]], requests: int) -> str:
    """CPU per request of the server's threads since ``before``, grouped by name."""
    after = thread_cpu(server.proc.pid)
    groups: dict[str, float] = {}
    for tid, (name, cpu) in after.items():
        label = "event loop" if tid == server.proc.pid else f"{name}-{tid}"
        groups[label] = groups.get(label, 0.0) + cpu - before.get(tid, (name, 0.0))[1]
    parts = sorted(groups.items(), key=lambda kv: -kv[1])
    per = ", ".join(f"{k} {v / max(requests, 1) * 1000:.2f}" for k, v in parts[:8] if v > 0)
    return f"    threads, ms/req: {per}"


STEPS_DIR = Path(__file__).with_name("gateway_steps")


def steps_env(steps_file: Path) -> dict[str, str]:
    """The server's environment for ``--steps``: bench/gateway_steps/sitecustomize.py first on
    its path, writing to ``steps_file``."""
    path = os.pathsep.join(p for p in (str(STEPS_DIR), os.environ.get("PYTHONPATH", "")) if p)
    return {"PYTHONPATH": path, "ANNEXA_STEPS_FILE": str(steps_file)}


def read_steps(steps_file: Path) -> dict[str, list[int]]:
    """The server's totals (nanoseconds and calls per step), once its next write is done."""
    time.sleep(1.5)  # the server writes its totals every second
    try:
        data: dict[str, list[int]] = json.loads(steps_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data


def steps_lines(before: dict[str, list[int]], steps_file: Path, requests: int) -> list[str]:
    """Each step's thread CPU per request during the cell (after the server's next write)."""
    after = read_steps(steps_file)
    if not after:
        return ["    steps: nothing recorded (see the server's log in bench/out/profile-gateway)"]
    n = max(requests, 1)
    lines = ["    steps, thread CPU per request (calls per request):"]
    for label in LABELS:
        ns, calls = after.get(label, [0, 0])
        ns0, calls0 = before.get(label, [0, 0])
        lines.append(
            f"      {label:<26} {(ns - ns0) / n / 1000:8.1f} us ({(calls - calls0) / n:.2f})"
        )
    return lines


def cell_line(cell: Cell, cpu_s: float) -> str:
    """One printed row."""
    ok = max(len(cell.ok), 1)
    ttfb = cell.ttfb_ms(0.5)
    first = f", TTFB p50 {ttfb:.1f} ms" if ttfb is not None else ""
    return (
        f"stream={cell.stream!s:5} c={cell.concurrency:2}: {cell.rps:7.1f} req/s, "
        f"CPU {cpu_s / ok * 1000:.2f} ms/req, p50 {cell.latency_ms(0.5):.1f} ms, "
        f"p99 {cell.latency_ms(0.99):.1f} ms{first}, {cell.errors} errors"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the cells and print one line each."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=400, help="per cell at concurrency 16")
    parser.add_argument("--stream", action="store_true", help="streamed cells only")
    parser.add_argument("--plain", action="store_true", help="non-streamed cells only")
    parser.add_argument("--py-spy", dest="spy", default=None, help="record to this file")
    parser.add_argument(
        "--concurrency", default="1,16", help="the concurrency levels to run, comma-separated"
    )
    parser.add_argument(
        "--warmup",
        type=int,
        default=2000,
        help="warm-up requests, prompts of their own (as bench/gateway.py; 40: just started)",
    )
    parser.add_argument(
        "--steps",
        action="store_true",
        help="also print the CPU per request of each step of the request path",
    )
    args = parser.parse_args(argv)
    levels = [int(c) for c in args.concurrency.split(",")]
    os.sched_setaffinity(0, {int(LOAD_CORE)})
    # No prompt twice: a repeated prompt's values are in the vault already (no data key, no
    # sealing, no row written), which flatters the figure (scan.recent_scans is 0 here, so the
    # scan itself is not cached).
    needed = args.requests * 5 // 4 * (1 if args.stream or args.plain else 2) * len(levels)
    loaded, _ = load_prompts(needed + args.warmup)
    prompts, warm_prompts = loaded[:needed], loaded[needed:]
    work = OUT / "profile-gateway"
    work.mkdir(parents=True, exist_ok=True)
    up_port, port = free_port(), free_port()
    upstream_cmd = [sys.executable, "-m", "bench.gateway_upstream", "--port", str(up_port)]
    up_url = f"http://{LOOPBACK}:{up_port}"
    with running(
        "upstream", upstream_cmd, core=LOAD_CORE, url=up_url, ready_path="/", log_dir=work
    ) as upstream:
        data, key = annexa_data_dir(work, upstream.url, ner=False)
        annexa = str(Path(sys.executable).with_name("annexa"))
        cmd = [annexa, "serve", "--data-dir", str(data), "--host", LOOPBACK, "--port", str(port)]
        url = f"http://{LOOPBACK}:{port}"
        steps_file = work / "steps.json"
        steps_file.unlink(missing_ok=True)
        env = {**ENV, **(steps_env(steps_file) if args.steps else {})}
        with running(
            "annexa",
            [*cmd, "--log-level", "warning"],
            core=SERVER_CORE,
            url=url,
            ready_path="/healthz",
            log_dir=work,
            env=env,
        ) as server:
            endpoint, headers = url + "/v1/chat/completions", {"authorization": f"Bearer {key}"}
            # as bench/gateway.py: warm-up prompts of their own, then no prompt repeats early
            warm = bodies(warm_prompts, False)
            asyncio.run(warm_up(endpoint, headers, warm, len(warm_prompts), 45.0))
            offset = 0
            with py_spy(server, args.spy):
                for stream in (True,) if args.stream else (False,) if args.plain else (False, True):
                    for concurrency in levels:
                        n = args.requests if concurrency > 1 else args.requests // 4
                        steps = read_steps(steps_file) if args.steps else {}
                        before = server.cpu_seconds()
                        threads = thread_cpu(server.proc.pid)
                        stats = thread_stats(server.proc.pid)
                        cell = Cell(n, concurrency, stream, cap_s=60.0, offset=offset)
                        asyncio.run(run_cell(endpoint, headers, bodies(prompts, stream), cell))
                        offset += len(cell.samples)
                        print(cell_line(cell, server.cpu_seconds() - before), flush=True)
                        print(threads_line(server, threads, len(cell.ok)), flush=True)
                        print(process_line(stats, server.proc.pid, len(cell.ok)), flush=True)
                        if args.steps:
                            for line in steps_lines(steps, steps_file, len(cell.ok)):
                                print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
