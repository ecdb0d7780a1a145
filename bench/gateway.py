"""bench/gateway: the gateway's speed against LiteLLM's proxy, in one run (issue 3).

For whoever decides whether Annexa's gateway is fast enough. One fake AI supplier (our
annexa.testing.fake_upstream, its own process) answers every server; the servers under test are
pinned to core 1 and measured one at a time (the others idle), while the load generator (this
process) and the upstream share core 0:

- ``direct``: the fake upstream called directly (the baseline);
- ``annexa`` / ``annexa_ner``: ``annexa serve`` on a fresh ``annexa init`` data dir, starter policy
  (PII pseudonymized), scanning on without / with spaCy NER;
- ``litellm`` / ``litellm_presidio``: LiteLLM's proxy (no database, one worker), without / with
  its Presidio guardrail (pre_call), Presidio behind bench/gateway_presidio.py on core 1 too.

Per cell (server x streamed or not x concurrency 1 and 16, a fixed number of 1 KB prompts):
requests/s, latency p50/p99 and what the server adds to the direct baseline, the server's CPU
time per request (/proc, its whole process tree, Presidio included), and for streams the time to
the first body byte. A cell's requests are sent in ``--rounds`` rounds (default 4) and the
servers take turns round by round, so that a shared machine's drift during the run weighs on
every server alike and the ratios compare like with like. Figures go to bench/out/gateway.json.

    make bench-gateway
    .venv/bin/python -m bench.gateway [--servers direct,annexa,...] [--requests-c1 N] ...
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess  # nosec B404 - git, to name the commit measured
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench import gateway_report as report
from bench.common import OUT
from bench.gateway_load import Cell, bodies, run_cell, warm_up
from bench.gateway_procs import LOAD_CORE, LOOPBACK, SERVER_CORE, Server, free_port, running
from bench.gateway_setup import (
    UPSTREAM_KEY_ENV,
    annexa_data_dir,
    litellm_config,
    load_prompts,
    quiet_log_config,
)
from bench.gateway_upstream import PACE_PATH

ROOT = Path(__file__).resolve().parents[1]
PEER_VENV = ROOT / ".bench-gw-venv"
SERVERS = ("direct", "annexa", "annexa_ner", "litellm", "litellm_presidio")
ENV = {UPSTREAM_KEY_ENV: "bench-upstream-not-a-secret"}


@dataclass
class Target:
    """A server under test: where to send requests, with which headers, whose CPU to count."""

    url: str
    headers: dict[str, str]
    measured: list[Server]


@contextmanager
def _direct(work: Path, upstream: Server) -> Iterator[Target]:
    # the upstream's own CPU: the floor any Python ASGI hop costs (it runs on the load core)
    yield Target(upstream.url, {"authorization": "Bearer direct"}, [upstream])


@contextmanager
def _annexa(work: Path, upstream: Server, *, ner: bool) -> Iterator[Target]:
    data, key = annexa_data_dir(work, upstream.url, ner=ner)
    port = free_port()
    annexa = str(Path(sys.executable).with_name("annexa"))
    cmd = [annexa, "serve", "--data-dir", str(data), "--host", LOOPBACK, "--port", str(port)]
    cmd += ["--log-level", "warning"]
    url = f"http://{LOOPBACK}:{port}"
    name = "annexa_ner" if ner else "annexa"
    with running(
        name, cmd, core=SERVER_CORE, url=url, ready_path="/healthz", log_dir=work, env=ENV
    ) as server:
        yield Target(url, {"authorization": f"Bearer {key}"}, [server])


@contextmanager
def _litellm(work: Path, upstream: Server, *, presidio: bool) -> Iterator[Target]:
    with ExitStack() as stack:
        env = {**ENV, "LITELLM_LOCAL_MODEL_COST_MAP": "True", "LITELLM_LOG": "ERROR"}
        measured: list[Server] = []
        if presidio:
            port = free_port()
            cmd = [str(PEER_VENV / "bin/python"), "-m", "bench.gateway_presidio"]
            presidio_server = stack.enter_context(
                running(
                    "presidio",
                    [*cmd, "--port", str(port)],
                    core=SERVER_CORE,
                    url=f"http://{LOOPBACK}:{port}",
                    ready_path="/health",
                    log_dir=work,
                )
            )
            measured.append(presidio_server)
            env["PRESIDIO_ANALYZER_API_BASE"] = presidio_server.url
            env["PRESIDIO_ANONYMIZER_API_BASE"] = presidio_server.url
        port = free_port()
        cmd = [
            str(PEER_VENV / "bin/litellm"),
            "--config",
            str(litellm_config(work, upstream.url, presidio=presidio)),
        ]
        cmd += ["--host", LOOPBACK, "--port", str(port), "--num_workers", "1"]
        cmd += ["--log_config", str(quiet_log_config(work)), "--telemetry", "False"]
        url = f"http://{LOOPBACK}:{port}"
        name = "litellm_presidio" if presidio else "litellm"
        server = stack.enter_context(
            running(
                name,
                cmd,
                core=SERVER_CORE,
                url=url,
                ready_path="/health/liveliness",
                log_dir=work,
                env=env,
            )
        )
        yield Target(url, {"authorization": "Bearer sk-bench"}, [server, *measured])


def _launch(name: str, work: Path, upstream: Server) -> AbstractContextManager[Target]:
    if name == "direct":
        return _direct(work, upstream)
    if name in ("annexa", "annexa_ner"):
        return _annexa(work, upstream, ner=name == "annexa_ner")
    return _litellm(work, upstream, presidio=name == "litellm_presidio")


PROBE = "Please ask Johanna Fitzgerald from Lisbon about invoice 4111 1111 1111 1111."


def probe(target: Target) -> str:
    """What the server did to one prompt with PII: Annexa's decision, else the echoed answer."""
    body = {"model": "bench-model", "messages": [{"role": "user", "content": PROBE}]}
    url = target.url + "/v1/chat/completions"
    response = httpx.post(url, json=body, headers=target.headers, timeout=120.0)
    decision = response.headers.get("x-annexa-decision")
    if decision or response.status_code != 200:
        return f"{response.status_code} {decision or response.text[:200]}"
    return f"200 answer: {response.json()['choices'][0]['message']['content'][:200]}"


def warm(name: str, target: Target, prompts: list[str], args: argparse.Namespace) -> None:
    """Imports, pools, caches and a steady state reached before anything is measured: every
    server gets the same ``prompts`` (none of them measured later), at most ``--warmup-cap-s``
    seconds of them. A server measured right after its start is measured while it still
    builds what it keeps (Annexa's automata build their states as new text comes in: a new
    server's first thousand prompts cost it about a fifth more than the next)."""
    url = target.url + "/v1/chat/completions"
    payloads = bodies(prompts, False)
    n = len(prompts)
    sent, failed = asyncio.run(warm_up(url, target.headers, payloads, n, args.warmup_cap_s))
    print(f"  warm-up: {sent} requests", file=sys.stderr)
    if failed:
        print(f"  {name}: {failed} of {sent} warm-up requests failed", file=sys.stderr)


def shares(n: int, rounds: int) -> list[int]:
    """``n`` requests split over ``rounds`` rounds as evenly as they go (no empty round)."""
    rounds = max(1, min(rounds, n))
    return [n // rounds + (1 if i < n % rounds else 0) for i in range(rounds)]


def measure(
    targets: dict[str, Target], prompts: list[str], args: argparse.Namespace, upstream: Server
) -> list[dict[str, object]]:
    """Every server's four cells, then the paced stream cell. Each cell's requests are split
    into ``args.rounds`` rounds and the servers take turns round by round, so that a machine
    that slows down or speeds up during the run (a shared host) weighs on every server alike; a
    cell's figures pool its rounds, with the server's CPU seconds summed over them.

    The paced cell (``--paced-requests`` streams one at a time, the upstream pausing
    ``--pace-ms`` between events, as a model does between tokens) is where time to first byte
    is read: the upstream shares the load generator's core, and unpaced it writes a whole
    answer's events in one burst that starts as a proxy forwards its first event, so the load
    generator woke to a proxy's first byte up to a few milliseconds late (measured: 2.4 ms p50
    from the server's write to the client's read behind that burst, 0.05 ms with the upstream
    elsewhere, 0.004 ms paced). The direct baseline's first byte comes before the burst."""
    counts = {
        False: ((1, args.requests_c1, 0.0), (16, args.requests_c16, 0.0)),
        True: (
            (1, args.stream_requests_c1, 0.0),
            (16, args.stream_requests_c16, 0.0),
            *(((1, args.paced_requests, args.pace_ms),) if args.paced_requests else ()),
        ),
    }
    offsets = dict.fromkeys(targets, 0)  # a server's cells do not repeat prompts early
    rows: list[dict[str, object]] = []
    for stream in (False, True):
        payloads = bodies(prompts, stream)
        for concurrency, n, pace in counts[stream]:
            if pace:
                _pace(upstream, pace)
            pooled = {name: Cell(n, concurrency, stream, cap_s=args.cap_s) for name in targets}
            cpu = dict.fromkeys(targets, 0.0)
            split = shares(n, args.rounds)
            for share in split:
                for name, target in targets.items():
                    cap = args.cap_s / len(split)
                    part = Cell(share, concurrency, stream, cap_s=cap, offset=offsets[name])
                    before = sum(s.cpu_seconds() for s in target.measured)
                    url = target.url + "/v1/chat/completions"
                    asyncio.run(run_cell(url, target.headers, payloads, part))
                    cpu[name] += sum(s.cpu_seconds() for s in target.measured) - before
                    offsets[name] += len(part.samples)
                    pooled[name].samples.extend(part.samples)
                    pooled[name].wall_s += part.wall_s
            if pace:
                _pace(upstream, 0.0)
            for name, cell in pooled.items():
                rows.append(report.row(name, cell, cpu[name], pace))
                paced = f" paced {pace:g} ms" if pace else ""
                print(
                    f"  {name:16} stream={stream!s:5}{paced} c={concurrency:2}: "
                    f"{cell.rps:7.1f} req/s, "
                    f"{cell.errors} errors, {len(cell.samples)} sent in {len(split)} rounds"
                    + (" (time cap)" * cell.capped),
                    file=sys.stderr,
                )
    return rows


def _pace(upstream: Server, pace_ms: float) -> None:
    """Set the fake upstream's pause between stream events."""
    body = {"event_delay_ms": pace_ms}
    httpx.put(upstream.url + PACE_PATH, json=body, timeout=10.0).raise_for_status()


def _commit() -> str:
    """The work tree's commit (``+dirty`` with local changes): which Annexa was measured."""
    try:
        head = subprocess.run(  # nosec B603 B607 - git, fixed arguments
            ["git", "rev-parse", "--short", "HEAD"],
            check=False,
            capture_output=True,
            text=True,
            cwd=ROOT,
        ).stdout.strip()
        dirty = subprocess.run(  # nosec B603 B607
            ["git", "status", "--porcelain", "--", "annexa"],
            check=False,
            capture_output=True,
            text=True,
            cwd=ROOT,
        ).stdout.strip()
    except OSError:
        return "unknown"
    return head + ("+dirty" if dirty else "") if head else "unknown"


def main(argv: list[str] | None = None) -> int:
    """Run every server's cells, print the table and the ratios, write bench/out/gateway.json."""
    parser = argparse.ArgumentParser(description="Annexa's gateway vs LiteLLM's proxy.")
    parser.add_argument("--servers", default=",".join(SERVERS))
    parser.add_argument("--requests-c1", type=int, default=200)
    parser.add_argument("--requests-c16", type=int, default=1200)
    parser.add_argument("--stream-requests-c1", type=int, default=40)
    parser.add_argument("--stream-requests-c16", type=int, default=160)
    parser.add_argument(
        "--paced-requests",
        type=int,
        default=40,
        help="streams one at a time with the upstream's events paced (0: no paced cell)",
    )
    parser.add_argument(
        "--pace-ms", type=float, default=1.0, help="the paced cell's pause between events"
    )
    parser.add_argument("--cap-s", type=float, default=30.0, help="time cap per cell (seconds)")
    parser.add_argument(
        "--warmup",
        type=int,
        default=2000,
        help="warm-up requests per server, prompts of their own (20: a server just started)",
    )
    parser.add_argument(
        "--warmup-cap-s", type=float, default=45.0, help="time cap of a server's warm-up"
    )
    parser.add_argument(
        "--rounds", type=int, default=4, help="turns the servers take in each cell (drift)"
    )
    args = parser.parse_args(argv)
    names = [n for n in args.servers.split(",") if n]
    unknown = set(names) - set(SERVERS)
    if unknown:
        parser.error(f"unknown servers: {', '.join(sorted(unknown))}")
    if any(n.startswith("litellm") for n in names) and not (PEER_VENV / "bin/litellm").exists():
        raise SystemExit(f"bench: {PEER_VENV} is missing; run `make bench-gateway`")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # unwind: stop every server
    os.sched_setaffinity(0, {int(LOAD_CORE)})
    # every request of a server a prompt of its own (the streamed cells included)
    needed = args.requests_c1 + args.requests_c16 + args.stream_requests_c1
    needed += args.stream_requests_c16 + args.paced_requests
    loaded, source = load_prompts(needed + args.warmup)
    prompts, warm_prompts = loaded[:needed], loaded[needed:]
    work = OUT / "gateway-run"
    work.mkdir(parents=True, exist_ok=True)
    probes: dict[str, str] = {}
    load_before = os.getloadavg()
    port = free_port()
    upstream_cmd = [sys.executable, "-m", "bench.gateway_upstream", "--port", str(port)]
    with (
        running(
            "upstream",
            upstream_cmd,
            core=LOAD_CORE,
            url=f"http://{LOOPBACK}:{port}",
            ready_path="/",
            log_dir=work,
        ) as upstream,
        ExitStack() as servers,
    ):
        targets: dict[str, Target] = {}
        for name in names:  # all up first, idle but for the one being measured
            print(f"bench/gateway: {name}", file=sys.stderr)
            targets[name] = servers.enter_context(_launch(name, work, upstream))
            probes[name] = probe(targets[name])
            print(f"  probe: {probes[name]}", file=sys.stderr)
            warm(name, targets[name], warm_prompts, args)
        rows = measure(targets, prompts, args, upstream)
    meta = {
        "prompts": source,
        "prompt_count": len(prompts),
        "prompt_bytes_mean": sum(len(p.encode()) for p in prompts) / len(prompts),
        "requests_c1": args.requests_c1,
        "requests_c16": args.requests_c16,
        "stream_requests_c1": args.stream_requests_c1,
        "stream_requests_c16": args.stream_requests_c16,
        "paced_requests": args.paced_requests,
        "pace_ms": args.pace_ms,
        "cap_s": args.cap_s,
        "warmup": args.warmup,
        "warmup_cap_s": args.warmup_cap_s,
        "rounds": args.rounds,
        "annexa_commit": _commit(),
        "probe_prompt": PROBE,
        "probes": probes,
        "loadavg_before": load_before,
        "loadavg_after": os.getloadavg(),
        "server_core": SERVER_CORE,
        "load_core": LOAD_CORE,
    }
    result = report.summarise(rows, meta)
    report.show(result)
    OUT.mkdir(exist_ok=True)
    (OUT / "gateway.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(f"written: {OUT / 'gateway.json'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
