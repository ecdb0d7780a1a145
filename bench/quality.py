"""Detection quality, side by side: per-entity precision, recall and F1 on the shared datasets.

For the maintainers and reviewers of Annexa's detectors. Every tool runs on the same records and
is scored by the same code (``python -m bench.quality``; ``make bench`` runs it in .bench-venv
with the peers installed). Scoring rules, from the datasets' README:

- A predicted span is correct when it overlaps a gold span of the same label; a gold span is
  found when a prediction of its label overlaps it.
- Only the labels a record speaks for are scored: a positive Presidio unit test speaks for its
  tested entity, a negative for its ``negative_scope`` (``label:X`` -> X; ``rule:``/``plugin:``
  -> SECRET; ``all-labelled-types`` -> every label of its dataset); the synthetic sets speak
  for every label they annotate.
- ``span_known: false`` records are scored per record: was anything of its label flagged? The
  label is SECRET, or the one the dataset gives the same provider's located spans (detect-secrets'
  ``ip_public`` plugin: IP_ADDRESS, which is what Annexa and Presidio report for a public IP).
- ``weak: true`` records (Presidio expects only a low-confidence hit): a miss is not counted.
- Presidio is not scored on SECRET, detect-secrets only on SECRET.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.table import Table

from bench.common import (
    PROMPT_LABELS,
    TOOL_TITLES,
    TOOLS,
    Span,
    Tool,
    available,
    environment,
    load,
    make_tool,
    write_json,
)

DATASETS = (
    "presidio_analyzer_tests",
    "presidio_research_dev",
    "gitleaks_rules",
    "detect_secrets_tests",
    "prompts",
)
SECRETS_ONLY = frozenset({"gitleaks_rules", "detect_secrets_tests"})
# Presidio scans about 25 KB/s: every tool is scored on the same first prompts (~1.6 MB).
PROMPTS_SAMPLE = 600


@dataclass
class Counts:
    """Tallies for one label of one dataset and tool."""

    pred: int = 0
    pred_ok: int = 0
    gold: int = 0
    found: int = 0

    def figures(self) -> dict[str, float | int | None]:
        p = self.pred_ok / self.pred if self.pred else None
        r = self.found / self.gold if self.gold else None
        f1 = 2 * p * r / (p + r) if p is not None and r is not None and p + r else None
        return {"precision": p, "recall": r, "f1": f1, "gold": self.gold, "predicted": self.pred}


def gold_spans(dataset: str, record: dict[str, Any]) -> list[Span]:
    """The record's labelled spans in the shared label vocabulary."""
    out: list[Span] = []
    for span in record["spans"]:
        label = span["label"]
        if dataset == "prompts":
            label = "SECRET" if span.get("cls") == "secret" else PROMPT_LABELS.get(label, label)
        out.append((label, span["start"], span["end"]))
    return out


def provider_labels(records: list[dict[str, Any]]) -> dict[str, str]:
    """Provider -> the label the dataset gives that provider's located spans, when not SECRET."""
    out: dict[str, str] = {}
    for record in records:
        for span in record["spans"]:
            if span.get("provider") and span["label"] != "SECRET":
                out.setdefault(span["provider"], span["label"])
    return out


def unlocated_label(record: dict[str, Any], by_provider: dict[str, str]) -> str:
    """The label a ``span_known: false`` positive speaks for."""
    return by_provider.get(record.get("provider") or "", "SECRET")


def scope(
    dataset: str,
    record: dict[str, Any],
    labels: frozenset[str],
    by_provider: dict[str, str] | None = None,
) -> frozenset[str]:
    """The labels this record makes a claim about."""
    if record.get("span_known") is False and record.get("expect") == "positive":
        return frozenset({unlocated_label(record, by_provider or {})})
    negative = record.get("negative_scope")
    if negative:
        kind, _, value = negative.partition(":")
        if kind == "label":
            return frozenset({value})
        return frozenset({"SECRET"}) if kind in {"rule", "plugin"} else labels
    spans = {label for label, _, _ in gold_spans(dataset, record)}
    if dataset in SECRETS_ONLY:
        return frozenset({"SECRET"}) | spans
    if dataset == "presidio_analyzer_tests":
        return frozenset(spans)
    return labels


def tool_labels(tool: str, labels: frozenset[str]) -> frozenset[str]:
    if tool == "detect_secrets":
        return labels & {"SECRET"}
    if tool == "presidio":
        return labels - {"SECRET"}
    return labels


def overlaps(a: Span, b: Span) -> bool:
    return a[1] < b[2] and b[1] < a[2]


def tally(
    counts: dict[str, Counts],
    record: dict[str, Any],
    gold: list[Span],
    pred: list[Span],
    labels: Iterable[str],
) -> None:
    """Add one record's figures for ``labels`` to ``counts``."""
    for label in labels:
        c = counts[label]
        g = [s for s in gold if s[0] == label]
        p = [s for s in pred if s[0] == label]
        if record.get("span_known") is False and record.get("expect") == "positive":
            c.gold += 1
            c.found += bool(p)
            c.pred += bool(p)
            c.pred_ok += bool(p)
            continue
        c.pred += len(p)
        c.pred_ok += sum(any(overlaps(x, y) for y in g) for x in p)
        for y in g:
            hit = any(overlaps(x, y) for x in p)
            if hit or not record.get("weak"):
                c.gold += 1
                c.found += hit


def evaluate(dataset: str, tool_name: str, tool: Tool, limit: int | None) -> dict[str, Any]:
    """Figures of one tool on one dataset."""
    records = load(dataset, limit)
    labels = frozenset(s[0] for r in records for s in gold_spans(dataset, r))
    labels |= {"SECRET"} if dataset in SECRETS_ONLY else frozenset()
    by_provider = provider_labels(records)
    labels |= frozenset(by_provider.values())
    counts: dict[str, Counts] = defaultdict(Counts)
    by_entity: dict[str, Counts] = defaultdict(Counts)
    negatives = flagged = clean_prompts = clean_flagged = 0
    started = time.perf_counter()
    for record in records:
        wanted = scope(dataset, record, labels, by_provider) & tool_labels(tool_name, labels)
        if not wanted and dataset != "prompts":
            continue
        pred = tool(record["text"])
        tally(counts, record, gold_spans(dataset, record), pred, wanted)
        entity = record.get("tested_entity")
        if entity:
            one: dict[str, Counts] = defaultdict(Counts)
            tally(one, record, gold_spans(dataset, record), pred, wanted)
            total = by_entity[entity]
            for c in one.values():
                total.pred += c.pred
                total.pred_ok += c.pred_ok
                total.gold += c.gold
                total.found += c.found
        if record.get("expect") == "negative":
            negatives += 1
            flagged += any(s[0] in wanted for s in pred)
        if dataset == "prompts" and record.get("has_secret") is False:
            clean_prompts += 1
            clean_flagged += any(s[0] == "SECRET" for s in pred)
    result: dict[str, Any] = {
        "labels": {k: v.figures() for k, v in sorted(counts.items())},
        "seconds": round(time.perf_counter() - started, 2),
        "records": len(records),
    }
    if by_entity:
        result["entities"] = {k: v.figures() for k, v in sorted(by_entity.items())}
    if negatives:
        result["negatives_flagged"] = flagged / negatives
    if clean_prompts and "SECRET" in tool_labels(tool_name, labels):
        result["secret_flagged_in_clean_prompts"] = clean_flagged / clean_prompts
    return result


def cell(figures: dict[str, Any] | None) -> str:
    if not figures or (figures["gold"] == 0 and figures["predicted"] == 0):
        return "—"

    def fmt(x: float | None) -> str:
        return "—" if x is None else f"{x:.2f}"

    return f"{fmt(figures['precision'])} / {fmt(figures['recall'])} / {fmt(figures['f1'])}"


def render(results: dict[str, dict[str, dict[str, Any]]], tools: list[str]) -> None:
    console = Console(width=140)
    for dataset, by_tool in results.items():
        table = Table(title=f"{dataset}: precision / recall / F1 (overlap match)")
        table.add_column("label")
        table.add_column("gold", justify="right")
        for tool in tools:
            table.add_column(TOOL_TITLES[tool], justify="right")
        labels = sorted({lab for r in by_tool.values() for lab in r["labels"]})
        for label in labels:
            gold = max(r["labels"].get(label, {}).get("gold", 0) for r in by_tool.values())
            row = [cell(by_tool.get(t, {}).get("labels", {}).get(label)) for t in tools]
            table.add_row(label, str(gold), *row)
        for key, title in (
            ("negatives_flagged", "negatives flagged"),
            ("secret_flagged_in_clean_prompts", "SECRET in has_secret:false"),
        ):
            if any(key in r for r in by_tool.values()):
                vals = [by_tool.get(t, {}).get(key) for t in tools]
                table.add_row(title, "", *("—" if v is None else f"{v:.1%}" for v in vals))
        console.print(table)
        if any("entities" in r for r in by_tool.values()):
            console.print(entity_table(dataset, by_tool, tools))


def entity_table(dataset: str, by_tool: dict[str, dict[str, Any]], tools: list[str]) -> Table:
    """One row per tested entity (Presidio's unit tests name the recognizer each record tests).

    ``<`` marks a row where the best Annexa tool's F1 is below Presidio's.
    """
    table = Table(title=f"{dataset} per tested entity: precision / recall / F1")
    table.add_column("entity")
    table.add_column("gold", justify="right")
    for tool in tools:
        table.add_column(TOOL_TITLES[tool], justify="right")
    table.add_column("")
    entities = sorted({e for r in by_tool.values() for e in r.get("entities", {})})
    for entity in entities:
        figures = {t: by_tool.get(t, {}).get("entities", {}).get(entity) for t in tools}
        gold = max((f or {}).get("gold", 0) for f in figures.values())
        theirs = (figures.get("presidio") or {}).get("f1")
        ours = [(figures.get(t) or {}).get("f1") for t in tools if t.startswith("annexa")]
        behind = theirs is not None and bool(ours) and max(f or 0.0 for f in ours) < theirs - 1e-9
        row = [cell(figures[t]) for t in tools]
        table.add_row(entity, str(gold), *row, "<" if behind else "")
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--tools", default=",".join(TOOLS), help="comma-separated tools")
    parser.add_argument("--datasets", default=",".join(DATASETS), help="comma-separated names")
    parser.add_argument("--limit", type=int, default=None, help="first N records per dataset")
    parser.add_argument(
        "--prompts",
        type=int,
        default=PROMPTS_SAMPLE,
        help=f"first N records of prompts.jsonl (default {PROMPTS_SAMPLE}; 0: all)",
    )
    args = parser.parse_args(argv)
    tools = [t for t in args.tools.split(",") if t]
    missing = [t for t in tools if not available(t)]
    if missing:
        print(f"bench: skipping {', '.join(missing)} (not installed here; run `make bench`)")
        tools = [t for t in tools if t not in missing]
    results: dict[str, dict[str, dict[str, Any]]] = {d: {} for d in args.datasets.split(",")}
    for name in tools:
        tool = make_tool(name)
        for dataset, by_tool in results.items():
            if name == "presidio" and dataset in SECRETS_ONLY:
                continue
            limit = (args.prompts or None) if dataset == "prompts" else args.limit
            by_tool[name] = evaluate(dataset, name, tool, limit)
    render(results, tools)
    path = write_json("quality", {"environment": environment(), "results": results})
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
