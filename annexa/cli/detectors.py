"""``annexa detectors``: what the engine can find and where each rule comes from."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from annexa.cli.common import DataDir, settings_for
from annexa.detect.pattern import PatternDetector
from annexa.detect.scanner import load_detectors

app = typer.Typer(help="Inspect the detection engine.", no_args_is_help=True)


@app.command("list")
def list_detectors(
    data_dir: DataDir,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    ner: Annotated[bool, typer.Option("--ner", help="Include the NER detector.")] = False,
) -> None:
    """Show every detector, its entities, rule count and origin."""
    scan_settings = settings_for(data_dir).scan.model_copy(update={"ner": ner} if ner else {})
    rows: list[dict[str, str | int | list[str]]] = []
    total_rules = 0
    for d in load_detectors(scan_settings):
        rules = len(d.patterns) if isinstance(d, PatternDetector) else 1
        total_rules += rules
        rows.append(
            {
                "name": d.name,
                "entities": list(d.entities),
                "rules": rules,
                "origin": d.origin,
                "description": d.describe(),
            }
        )
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    table = Table(title=f"{len(rows)} detectors, {total_rules} rules")
    for col in ("detector", "entities", "rules", "origin"):
        table.add_column(col, overflow="fold")
    for r in rows:
        entities = r["entities"]
        shown = ", ".join(entities) if isinstance(entities, list) else str(entities)
        table.add_row(str(r["name"]), shown, str(r["rules"]), str(r["origin"]))
    Console().print(table)
