"""``annexa evidence``: collect evidence from the running system, upload files, show status."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from annexa.cli.common import DataDir
from annexa.cli.soa import session
from annexa.isms import evidence, soa
from annexa.isms.collectors import COLLECTORS, Context, run

app = typer.Typer(help="Evidence on Annex A controls: collected, uploaded, fresh or stale.",
                  no_args_is_help=True)  # fmt: skip
out = Console()
err = Console(stderr=True)
STYLE = {"ok": "green", "no-data": "yellow", "failed": "bold red"}


@app.command("collect")
def collect(data_dir: DataDir) -> None:
    """Run every collector; exit 1 when a check failed (e.g. a tampered audit log)."""
    with session(data_dir) as s:
        progress = Progress(TextColumn("[bold]collecting"), BarColumn(), MofNCompleteColumn(),
                            console=err, transient=True)  # fmt: skip
        with progress:
            task = progress.add_task("collect", total=len(COLLECTORS))
            results = run(Context(s.settings, s.engine), COLLECTORS,
                          lambda _r: progress.advance(task))  # fmt: skip
    for r in results:
        controls = ", ".join(sorted({i.control_id for i in r.stored})) or "-"
        out.print(f"[{STYLE[r.status]}]{r.status:8}[/] {r.name:17} {controls:16} {r.message}",
                  highlight=False, soft_wrap=True)  # fmt: skip
    if any(r.status == "failed" for r in results):
        raise typer.Exit(1)


@app.command("add")
def add(
    data_dir: DataDir,
    file: Annotated[Path, typer.Argument(help="The evidence file.", exists=True, dir_okay=False)],
    control: Annotated[list[str], typer.Option("--control", help="Annex A control (repeat).")],
    days: Annotated[int, typer.Option("--valid-days", help="Days it stays valid.", min=1)] = 365,
    title: Annotated[str, typer.Option(help="Title (default: the file name).")] = "",
) -> None:
    """Upload a file as evidence; its SHA-256 is recorded with it."""
    with session(data_dir) as s:
        made = evidence.add_file(s.engine, file, control, timedelta(days=days), title)
    for item in made:
        out.print(f"{item.control_id}: {item.title} sha256 {item.sha256} until {item.expires_at}")


@app.command("status")
def status(
    data_dir: DataDir,
    all_controls: Annotated[
        bool, typer.Option("--all", help="Every control, not only the applicable ones.")
    ] = False,
) -> None:
    """Per control: fresh, stale or missing, with the newest item."""
    with session(data_dir) as s:
        lines = soa.entries(s.engine)
        found = evidence.items(s.engine)
    wanted = [ln.control.id for ln in lines if all_controls or ln.entry.applicable]
    states = evidence.freshness(found, wanted, datetime.now(UTC))
    newest: dict[str, evidence.Item] = {}
    for item in found:  # newest first
        newest.setdefault(item.control_id, item)
    table = Table("control", "evidence", "newest item", "collected", "expires")
    for cid in wanted:
        latest = newest.get(cid)
        style = {"fresh": "green", "stale": "yellow", "missing": "red"}[states[cid]]
        table.add_row(
            cid,
            f"[{style}]{states[cid]}[/]",
            latest.title if latest else "-",
            latest.collected_at if latest else "-",
            latest.expires_at if latest else "-",
        )
    out.print(table)
