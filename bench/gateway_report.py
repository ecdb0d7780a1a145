"""Figures of bench/gateway.py: one row per cell, the overhead against the direct baseline, the
Annexa/LiteLLM ratios beside issue 3's targets, and the Rich tables that print them.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from bench.gateway_load import Cell

Row = dict[str, Any]

# (what, Annexa server, LiteLLM server, figure, direction, target, cells): the cells a target
# is read on: "all" (whole answers and streams, 1 and 16 in flight), "stream" (streams), "paced"
# (the paced stream cell: events a model's pace apart, one request at a time)
TARGETS = (
    ("requests/s Annexa / LiteLLM", "annexa", "litellm", "rps", ">=", 5.0, "all"),
    ("CPU per request Annexa / LiteLLM", "annexa", "litellm", "cpu_ms_per_req", "<=", 0.25, "all"),
    ("req/s per core Annexa / LiteLLM", "annexa", "litellm", "rps_per_core", ">=", 5.0, "all"),
    ("TTFB added p50, Annexa (ms)", "annexa", None, "ttfb_added_p50_ms", "<=", 5.0, "stream"),
    ("TTFB added p50, Annexa (ms)", "annexa", None, "ttfb_added_p50_ms", "<=", 5.0, "paced"),
    (
        "requests/s Annexa+NER / LiteLLM+Presidio",
        "annexa_ner",
        "litellm_presidio",
        "rps",
        ">=",
        10.0,
        "all",
    ),
    (
        "req/s per core Annexa+NER / LiteLLM+Presidio",
        "annexa_ner",
        "litellm_presidio",
        "rps_per_core",
        ">=",
        10.0,
        "all",
    ),
)


def row(server: str, cell: Cell, cpu_s: float, pace_ms: float = 0.0) -> Row:
    """One cell's figures (milliseconds, requests/s); ``pace_ms``: the upstream's pause between
    stream events in that cell."""
    ok = len(cell.ok)
    return {
        "server": server,
        "stream": cell.stream,
        "pace_ms": pace_ms,
        "concurrency": cell.concurrency,
        "requests": len(cell.samples),
        "capped": cell.capped,
        "errors": cell.errors,
        "rps": round(cell.rps, 1),
        "lat_p50_ms": round(cell.latency_ms(0.50), 2),
        "lat_p99_ms": round(cell.latency_ms(0.99), 2),
        "ttfb_p50_ms": _round(cell.ttfb_ms(0.50)),
        "ttfb_p99_ms": _round(cell.ttfb_ms(0.99)),
        "ttfc_p50_ms": _round(cell.ttfc_ms(0.50)),
        "cpu_ms_per_req": round(cpu_s * 1000 / ok, 2) if ok else None,
        # what one core given to the server alone would serve if CPU-bound: robust to a shared
        # machine, where the measured requests/s mostly tell the share of core 1 it got
        "rps_per_core": round(ok / cpu_s, 1) if ok and cpu_s else None,
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def summarise(rows: list[Row], meta: dict[str, Any]) -> dict[str, Any]:
    """Rows with the added latency against ``direct``, and the ratios against the targets."""
    base = {_key(r): r for r in rows if r["server"] == "direct"}
    for r in rows:
        ref = base.get(_key(r))
        for q in ("p50", "p99"):
            r[f"added_{q}_ms"] = _minus(r[f"lat_{q}_ms"], ref[f"lat_{q}_ms"] if ref else None)
            r[f"ttfb_added_{q}_ms"] = _minus(
                r[f"ttfb_{q}_ms"], ref[f"ttfb_{q}_ms"] if ref else None
            )
        r["ttfc_added_p50_ms"] = _minus(r["ttfc_p50_ms"], ref["ttfc_p50_ms"] if ref else None)
    return {"meta": meta, "rows": rows, "ratios": _ratios(rows)}


def _key(r: Row) -> tuple[bool, int, float]:
    return r["stream"], r["concurrency"], r.get("pace_ms", 0.0)


def _minus(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else round(a - b, 2)


def _ratios(rows: list[Row]) -> list[Row]:
    cells = {(r["server"], *_key(r)): r for r in rows}
    paced = sorted({_key(r) for r in rows if r.get("pace_ms")})
    found: list[Row] = []
    for what, ours, peer, figure, direction, target, kind in TARGETS:
        if kind == "paced":
            keys = paced
        else:
            streams = (True,) if kind == "stream" else (False, True)
            keys = [(stream, c, 0.0) for stream in streams for c in (1, 16)]
        for stream, concurrency, pace in keys:
            mine = cells.get((ours, stream, concurrency, pace))
            theirs = cells.get((peer, stream, concurrency, pace)) if peer else None
            if mine is None or (peer and theirs is None):
                continue
            value = _ratio(mine[figure], theirs[figure]) if theirs else mine[figure]
            met = None
            if value is not None:
                met = value >= target if direction == ">=" else value <= target
            found.append(
                {
                    "what": what,
                    "stream": _stream_label(stream, pace),
                    "concurrency": concurrency,
                    "value": value,
                    "target": f"{direction} {target:g}",
                    "met": met,
                }
            )
    return found


def _stream_label(stream: bool, pace_ms: float) -> str:
    return f"paced {pace_ms:g} ms" if pace_ms else str(stream)


def _ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or not b else round(a / b, 3)


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}" if abs(value) >= 10 else f"{value:.2f}"
    return str(value)


def show(result: dict[str, Any], console: Console | None = None) -> None:
    """Print the cells side by side, then the ratios with their targets and the machine load."""
    console = console or Console(width=160)
    table = Table(title="bench/gateway: OpenAI chat completions, 1 KB prompts (ms unless said)")
    columns = (
        ("server", "server"),
        ("stream", "stream"),
        ("conc", "concurrency"),
        ("req/s", "rps"),
        ("p50", "lat_p50_ms"),
        ("p99", "lat_p99_ms"),
        ("added p50", "added_p50_ms"),
        ("added p99", "added_p99_ms"),
        ("CPU/req", "cpu_ms_per_req"),
        ("req/s/core", "rps_per_core"),
        ("TTFB p50", "ttfb_p50_ms"),
        ("TTFB p99", "ttfb_p99_ms"),
        ("TTFB +p50", "ttfb_added_p50_ms"),
        ("1st text p50", "ttfc_p50_ms"),
        ("1st text +p50", "ttfc_added_p50_ms"),
        ("errors", "errors"),
        ("n", "requests"),
    )
    for title, _ in columns:
        table.add_column(title, justify="left" if title == "server" else "right")
    for r in sorted(result["rows"], key=_key):
        shown = {**r, "stream": _stream_label(r["stream"], r.get("pace_ms", 0.0))}
        table.add_row(*(_fmt(shown.get(key)) for _, key in columns))
    console.print(table)
    ratios = Table(title="Annexa against LiteLLM (issue 3 targets)")
    for title in ("figure", "stream", "conc", "value", "target", "met"):
        ratios.add_column(title, justify="left" if title == "figure" else "right")
    for r in result["ratios"]:
        met = {True: "[green]yes[/]", False: "[red]no[/]", None: "-"}[r["met"]]
        ratios.add_row(
            r["what"], r["stream"], str(r["concurrency"]), _fmt(r["value"]), r["target"], met
        )
    console.print(ratios)
    meta = result["meta"]
    console.print(f"probe: {meta['probe_prompt']!r}")
    for name, seen in meta["probes"].items():
        console.print(f"  {name}: {seen}", markup=False)
    console.print(
        f"prompts: {meta['prompt_count']} from {meta['prompts']} "
        f"(mean {meta['prompt_bytes_mean']:.0f} bytes); "
        f"load average before {_load(meta['loadavg_before'])}, "
        f"after {_load(meta['loadavg_after'])} "
        f"(2 cores, shared machine); Annexa at {meta['annexa_commit']}"
    )


def _load(values: Any) -> str:
    return "/".join(f"{v:.2f}" for v in values)
