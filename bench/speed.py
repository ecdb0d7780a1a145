"""Speed and memory, side by side: throughput, 1 KB latency, peak RSS and cold start per tool.

For whoever sizes an Annexa deployment or checks its performance claims. Each tool runs in a
child process of its own (``python -m bench.speed --child TOOL``), so its peak RSS
(``ru_maxrss``) and cold start (process start to first result: imports, model load, first scan)
are its own. The parent prints one table and the ratios, and writes ``bench/out/speed.json``.

- Throughput: MB (UTF-8 bytes) per CPU second of the tool's process over prompts.jsonl in file
  order (= per core, and steady on a busy machine), and per wall second;
  slow tools get a byte budget (the first prompts up to it), stated in the table. Every tool is
  also timed on the same first 0.4 MB (Presidio's sample), first thing after its cold start;
  the throughput ratios use that.
- Latency: p50/p99 wall time of one scan over prompts_1kb.jsonl (a sample for slow tools).
- Cold start: wall time, and the child's CPU time, to its first result; the best of
  ``COLD_ROUNDS`` extra children per tool, started in turn and in alternating order (the first
  process on a fresh machine to load spaCy and its model reads their files from disk, and would
  otherwise count that against whichever tool happens to run first).

Every tool starts from compiled bytecode, as an installed package does: pip compiles a wheel's
modules when it installs them (the peers' are), but an editable install (``pip install -e .``,
how ``make bench`` installs Annexa) leaves that to the first import, and these machines set
``PYTHONDONTWRITEBYTECODE``, so every child would compile Annexa's sources again (about 0.2 s
of its cold start). The parent compiles them once first (:func:`compile_annexa`).
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import json
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.table import Table

from bench.common import TOOL_TITLES, TOOLS, available, environment, load, make_tool, write_json

# Bytes of prompts.jsonl and number of 1 KB prompts each tool gets (None: all).
BUDGETS: dict[str, tuple[int | None, int | None]] = {
    "annexa": (None, None),
    "annexa_ner": (None, None),
    "presidio": (400_000, 150),
    "detect_secrets": (2_000_000, None),
}
# Every tool is also timed on this first part of prompts.jsonl (Presidio's whole sample), so the
# throughput ratios compare the same text; it runs first, before any cache is warm.
COMMON_SAMPLE = 400_000
COLD_ROUNDS = 3
TARGETS = (
    "pattern tier ≥ 20 MB/s per core",
    "Annexa + NER throughput ≥ 20× Presidio",
    "peak RSS with NER < Presidio's",
    "cold start with NER < Presidio's",
)


def child(
    tool_name: str, spawned: float, budget: int | None, latency_n: int | None, cold_only: bool
) -> None:
    """Measure one tool in this process and print the figures as one JSON line."""
    prompts = load("prompts")
    small = load("prompts_1kb", latency_n)
    tool = make_tool(tool_name)
    tool(prompts[0]["text"])
    cold, cold_cpu = time.time() - spawned, time.process_time()
    if cold_only:
        print(json.dumps({"cold_start_s": cold, "cold_start_cpu_s": cold_cpu}))
        return
    _, common_rate, _, _ = throughput(tool, prompts, COMMON_SAMPLE)
    wall_rate, rate, size, count = throughput(tool, prompts, budget)
    latencies = []
    for record in small:
        t = time.perf_counter()
        tool(record["text"])
        latencies.append((time.perf_counter() - t) * 1000)
    cuts = statistics.quantiles(latencies, n=100)
    figures = {
        "tool": tool_name,
        "mb_per_s": rate,
        "mb_per_s_wall": wall_rate,
        "mb_per_s_common_sample": common_rate,
        "bytes": size,
        "prompts": count,
        "of_prompts": len(prompts),
        "latency_ms_p50": cuts[49],
        "latency_ms_p99": cuts[98],
        "latency_prompts": len(small),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "cold_start_s": cold,
        "cold_start_cpu_s": cold_cpu,
    }
    print(json.dumps(figures))


def throughput(
    tool: Callable[[str], object], prompts: list[dict[str, Any]], budget: int | None
) -> tuple[float, float, int, int]:
    """MB per wall second and per CPU second over the first prompts up to ``budget`` bytes,
    with the bytes and prompts used."""
    texts, size = [], 0
    for record in prompts:
        if budget is not None and size >= budget:
            break
        texts.append(record["text"])
        size += len(record["text"].encode("utf-8"))
    wall, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        tool(text)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return size / wall / 1e6, size / cpu / 1e6, size, len(texts)


def measure(tool: str, cold_only: bool = False) -> dict[str, Any]:
    """Run the child for ``tool`` and return its figures (only its cold start: ``cold_only``)."""
    budget, latency_n = BUDGETS[tool]
    cmd = [sys.executable, "-m", "bench.speed", "--child", tool, "--spawned", str(time.time())]
    cmd += ["--budget", str(budget or 0), "--latency-n", str(latency_n or 0)]
    if cold_only:
        cmd.append("--cold-only")
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"bench: {tool} failed:\n{done.stderr[-2000:]}")
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def best_cold_starts(tools: list[str], rounds: int = COLD_ROUNDS) -> dict[str, dict[str, float]]:
    """Per tool, the least wall and CPU time to a first result over ``rounds`` children each,
    the tools started in turn, in reversed order every other round."""
    best: dict[str, dict[str, float]] = {}
    for n in range(rounds):
        for tool in tools if n % 2 == 0 else reversed(tools):
            figures = measure(tool, cold_only=True)
            mine = best.setdefault(tool, dict(figures))
            for key, value in figures.items():
                mine[key] = min(mine[key], value)
    return best


def ratios(by_tool: dict[str, dict[str, Any]]) -> dict[str, float]:
    """Annexa against the peers (higher is better for Annexa in every ratio)."""
    out: dict[str, float] = {}
    ner, pat = by_tool.get("annexa_ner"), by_tool.get("annexa")
    pres, ds = by_tool.get("presidio"), by_tool.get("detect_secrets")
    if ner and pres:
        out["throughput Annexa+NER / Presidio (same sample)"] = (
            ner["mb_per_s_common_sample"] / pres["mb_per_s_common_sample"]
        )
        out["p50 latency Presidio / Annexa+NER"] = pres["latency_ms_p50"] / ner["latency_ms_p50"]
        out["peak RSS Presidio / Annexa+NER"] = pres["peak_rss_mb"] / ner["peak_rss_mb"]
        out["cold start (CPU) Presidio / Annexa+NER"] = (
            pres["cold_start_cpu_s"] / ner["cold_start_cpu_s"]
        )
    if pat and ds:
        out["throughput Annexa / detect-secrets (same sample)"] = (
            pat["mb_per_s_common_sample"] / ds["mb_per_s_common_sample"]
        )
        out["p50 latency detect-secrets / Annexa"] = ds["latency_ms_p50"] / pat["latency_ms_p50"]
    return out


def verdicts(by_tool: dict[str, dict[str, Any]]) -> list[tuple[str, str]]:
    """Each target with the measured figure and whether it is met."""
    pat, ner, pres = by_tool.get("annexa"), by_tool.get("annexa_ner"), by_tool.get("presidio")
    checks: list[tuple[str, str]] = []

    def verdict(ok: bool, figure: str) -> str:
        return f"{'met' if ok else 'NOT met'} ({figure})"

    if pat:
        checks.append((TARGETS[0], verdict(pat["mb_per_s"] >= 20, f"{pat['mb_per_s']:.1f} MB/s")))
    if ner and pres:
        x = ner["mb_per_s_common_sample"] / pres["mb_per_s_common_sample"]
        checks.append((TARGETS[1], verdict(x >= 20, f"{x:.1f}×")))
        a, b = ner["peak_rss_mb"], pres["peak_rss_mb"]
        checks.append((TARGETS[2], verdict(a < b, f"{a:.0f} MB vs {b:.0f} MB")))
        a, b = ner["cold_start_cpu_s"], pres["cold_start_cpu_s"]
        wall = f"; wall {ner['cold_start_s']:.2f} s vs {pres['cold_start_s']:.2f} s"
        checks.append((TARGETS[3], verdict(a < b, f"CPU {a:.2f} s vs {b:.2f} s{wall}")))
    return checks


def render(by_tool: dict[str, dict[str, Any]]) -> None:
    table = Table(
        title="Speed and memory, one child process per tool (MB/s: per CPU second = per core)"
    )
    cols = ("tool", "MB/s", "wall MB/s", "sample", "first 0.4 MB", "p50 ms", "p99 ms", "RSS MB")
    for col in (*cols, "cold s", "cold CPU s"):
        table.add_column(col, justify="left" if col == "tool" else "right")
    for name, f in by_tool.items():
        sample = f"{f['bytes'] / 1e6:.2f} MB, {f['prompts']}/{f['of_prompts']}"
        table.add_row(
            TOOL_TITLES[name],
            f"{f['mb_per_s']:.3f}",
            f"{f['mb_per_s_wall']:.3f}",
            sample,
            f"{f['mb_per_s_common_sample']:.3f}",
            f"{f['latency_ms_p50']:.2f}",
            f"{f['latency_ms_p99']:.2f}",
            f"{f['peak_rss_mb']:.0f}",
            f"{f['cold_start_s']:.2f}",
            f"{f['cold_start_cpu_s']:.2f}",
        )
    console = Console(width=140)
    console.print(table)
    for name, value in ratios(by_tool).items():
        console.print(f"  {name}: {value:.1f}×")
    for target, result in verdicts(by_tool):
        console.print(f"  target: {target}: {result}")


def compile_annexa() -> None:
    """Write Annexa's bytecode next to its sources (``__pycache__``), as pip does for a wheel."""
    spec = importlib.util.find_spec("annexa")
    for location in (spec.submodule_search_locations or []) if spec else []:
        compileall.compile_dir(location, quiet=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--tools", default=",".join(TOOLS), help="comma-separated tools")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--spawned", type=float, default=0.0, help=argparse.SUPPRESS)
    parser.add_argument("--budget", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--latency-n", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--cold-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.spawned, args.budget or None, args.latency_n or None, args.cold_only)
        return 0
    tools = [t for t in args.tools.split(",") if t]
    missing = [t for t in tools if not available(t)]
    if missing:
        print(f"bench: skipping {', '.join(missing)} (not installed here; run `make bench`)")
    present = [t for t in tools if t not in missing]
    compile_annexa()
    by_tool = {t: measure(t) for t in present}
    for tool, cold in best_cold_starts(present).items():
        by_tool[tool].update(cold)
    render(by_tool)
    payload = {
        "environment": environment(),
        "tools": by_tool,
        "ratios": ratios(by_tool),
        "targets": dict(verdicts(by_tool)),
    }
    print(f"wrote {write_json('speed', payload)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
