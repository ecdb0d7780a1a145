"""``annexa risks``: the AI risk register: seed the starter catalogue, add, list, accept,
import. Scores are likelihood × impact on a 5×5 matrix (see :mod:`annexa.isms.scoring`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from annexa.cli.common import DataDir, fail
from annexa.cli.soa import import_records, session
from annexa.errors import InputError
from annexa.isms import risks
from annexa.isms.records import Risk

app = typer.Typer(help="The AI risk register (5x5 likelihood x impact).", no_args_is_help=True)
out = Console()
LEVEL_STYLE = {"low": "green", "medium": "yellow", "high": "red", "critical": "bold red"}


@app.command("seed")
def seed(
    data_dir: DataDir,
    owner: Annotated[str, typer.Option(help="Owner of the added risks.")] = "",
) -> None:
    """Add the starter catalogue of AI risks (ids AI-01...; existing ids are kept)."""
    with session(data_dir) as s:
        added = risks.seed(s.engine, owner)
        for risk in added:
            s.changed(f"risk:{risk.id}", "seed", None, risk)
    out.print(f"added {len(added)} starter AI risks")


@app.command("set")
def set_risk(
    data_dir: DataDir,
    risk_id: Annotated[str, typer.Argument(help="Risk id, e.g. AI-09.")],
    title: Annotated[str | None, typer.Option(help="The risk in one line.")] = None,
    threat: Annotated[str | None, typer.Option(help="What could happen.")] = None,
    vulnerability: Annotated[str | None, typer.Option(help="The weakness.")] = None,
    likelihood: Annotated[int | None, typer.Option(help="1-5.")] = None,
    impact: Annotated[int | None, typer.Option(help="1-5.")] = None,
    treatment: Annotated[str | None, typer.Option(help="mitigate/accept/transfer/avoid.")] = None,
    controls: Annotated[str | None, typer.Option(help="Annex A ids, comma-separated.")] = None,
    owner: Annotated[str | None, typer.Option(help="Risk owner.")] = None,
    residual_likelihood: Annotated[int | None, typer.Option(help="1-5 after treatment.")] = None,
    residual_impact: Annotated[int | None, typer.Option(help="1-5 after treatment.")] = None,
    review_date: Annotated[str | None, typer.Option(help="Next review (YYYY-MM-DD).")] = None,
) -> None:
    """Add a risk or change some of its fields."""
    changes: dict[str, Any] = {
        "title": title, "threat": threat, "vulnerability": vulnerability,
        "likelihood": likelihood, "impact": impact, "treatment": treatment,
        "controls": controls, "owner": owner, "residual_likelihood": residual_likelihood,
        "residual_impact": residual_impact, "review_date": review_date,
    }  # fmt: skip
    with session(data_dir) as s:
        with s.engine.begin() as conn:
            before = risks.get(conn, risk_id)
            base = before.model_dump() if before else {"id": risk_id}
            try:
                after = Risk.model_validate(base | {k: v for k, v in changes.items() if v})
            except ValueError as exc:
                fail(InputError(f"risk {risk_id}: {exc}"))
            risks.save(conn, after)
        s.changed(f"risk:{risk_id}", "add" if before is None else "set", before, after)
    out.print(f"{after.id}: score {after.score} ({after.level})")


@app.command("list")
def list_(data_dir: DataDir) -> None:
    """The register with inherent and residual levels; expired acceptances are flagged."""
    with session(data_dir) as s:
        found = risks.list_risks(s.engine)
    today = date.today()
    table = Table("id", "risk", "L×I", "level", "treatment", "residual", "owner", "acceptance")
    for r in found:
        residual = f"{r.residual_score} ({r.residual_level})" if r.residual_score else "-"
        state = r.acceptance_state(today)
        accepted = {
            "none": "-",
            "valid": f"{r.accepted_by} until {r.acceptance_expires or 'open-ended'}",
            "expired": f"[bold red]EXPIRED {r.acceptance_expires}[/] ({r.accepted_by})",
        }[state]
        level = f"[{LEVEL_STYLE[r.level]}]{r.level}[/]"
        table.add_row(r.id, r.title[:50], f"{r.likelihood}×{r.impact}={r.score}", level,
                      r.treatment, residual, r.owner or "-", accepted)  # fmt: skip
    out.print(table)


@app.command("accept")
def accept(
    data_dir: DataDir,
    risk_id: Annotated[str, typer.Argument(help="Risk id.")],
    by: Annotated[str, typer.Option("--by", help="Who accepts the residual risk.")],
    until: Annotated[str, typer.Option("--until", help="Expiry (YYYY-MM-DD).")],
) -> None:
    """Record acceptance of a risk's residual level, with an expiry."""
    try:
        expires = date.fromisoformat(until)
    except ValueError:
        fail(InputError(f"--until is not a date (YYYY-MM-DD): {until!r}"))
    with session(data_dir) as s:
        with s.engine.connect() as conn:
            before = risks.get(conn, risk_id)
        after = risks.accept(s.engine, risk_id, by, expires)
        s.changed(f"risk:{risk_id}", "accept", before, after)
    out.print(f"{risk_id} accepted by {after.accepted_by} until {after.acceptance_expires}")


@app.command("import")
def import_(
    data_dir: DataDir,
    file: Annotated[Path, typer.Argument(help="CSV or XLSX with a header row.", exists=True)],
) -> None:
    """Import risks (id, title, likelihood, impact, treatment, controls...): all or none."""
    import_records(data_dir, "risks", file, "risk", "risks")
