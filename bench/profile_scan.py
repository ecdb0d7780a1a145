"""Where the pattern tier's time goes: whole-Scanner MB/s and CPU per stage and per detector.

For whoever tunes the detection engine. Runs the Scanner (no NER) over prompts.jsonl, measured
in CPU time (``time.process_time``: honest on a shared, loaded machine), several runs, then
replays the same work stage by stage -- views (normalisation, split digits, decoding), the
keyword pass, the candidate regions, the Scanner's keyword and region gates, each detector it
runs and overlap resolution -- and prints the cost of each.

    .venv/bin/python -m bench.profile_scan [--runs 3] [--limit N] [--top 25]
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections import defaultdict
from pathlib import Path

from annexa.detect import normalize as norm
from annexa.detect.builtin._regions import regions
from annexa.detect.interface import Finding, ScanContext
from annexa.detect.overlap import resolve
from annexa.detect.scanner import Scanner, _lower
from annexa.settings import ScanSettings

DATASET = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "prompts.jsonl"


def load(path: Path, limit: int | None) -> list[str]:
    """The ``text`` of the first ``limit`` records of a JSON-lines file."""
    with path.open(encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh]
    return texts[:limit] if limit else texts


def whole(scanner: Scanner, texts: list[str], runs: int) -> list[float]:
    """CPU seconds of ``scanner.scan`` over all texts, once per run."""
    out = []
    for _ in range(runs):
        t0 = time.process_time()
        for text in texts:
            scanner.scan(text)
        out.append(time.process_time() - t0)
    return out


def stages(scanner: Scanner, texts: list[str]) -> dict[str, float]:
    """CPU seconds per stage and per detector, replaying what ``Scanner.scan`` does."""
    cost: dict[str, float] = defaultdict(float)
    clock = time.process_time
    depth = scanner.settings.decode_depth
    for text in texts:
        t = clock()
        views = list(norm.views(text, depth))
        cost["[views]"] += clock() - t
        found: list[Finding] = []
        for view in views:
            t = clock()
            lower, encoded = _lower(view.text if view.written is None else view.written)
            hits = scanner._keywords.find(lower, encoded)
            cost["[lower+keywords]"] += clock() - t
            t = clock()
            table = regions(view.text)
            cost["[regions]"] += clock() - t
            ctx = ScanContext(text=view.text, lower=lower, keywords=hits)
            t = clock()
            run = scanner._chosen(hits, table)
            cost["[gates]"] += clock() - t
            for detector in run:
                t = clock()
                found.extend(detector.detect(ctx))
                cost[detector.name] += clock() - t
        t = clock()
        resolve(found, scanner.settings.min_score)
        cost["[resolve]"] += clock() - t
    return cost


def main() -> None:
    """Print the whole-Scanner figures, then the per-stage table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--limit", type=int, default=None, help="first N prompts only")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--data", type=Path, default=DATASET)
    args = parser.parse_args()

    texts = load(args.data, args.limit)
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    scanner = Scanner(ScanSettings(recent_scans=0))  # each run scans afresh
    scanner.scan(texts[0])
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{len(texts)} prompts, {size:.2f} MB, {len(scanner.detectors)} detectors")
    runs = whole(scanner, texts, args.runs)
    rates = ", ".join(f"{size / r:.2f}" for r in runs)
    print(f"whole Scanner: best {size / min(runs):.2f} MB/s of CPU time (runs: {rates})")
    replays = [stages(scanner, texts) for _ in range(args.runs)]
    cost = {name: min(r[name] for r in replays) for name in replays[0]}
    total = sum(cost.values())
    print(
        f"stage replay (best of {args.runs} per stage): {total:.2f} s CPU = {size / total:.2f} MB/s"
    )
    for name, seconds in sorted(cost.items(), key=lambda kv: -kv[1])[: args.top]:
        rate = size / seconds if seconds else float("inf")
        print(f"  {name:28s} {seconds * 1000:8.1f} ms  {rate:9.1f} MB/s")


if __name__ == "__main__":
    main()
