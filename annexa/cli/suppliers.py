"""``annexa suppliers``: the AI supplier register (A.5.19–A.5.23). Its approvals and data-class
ceilings are what the gateway enforces; every change is audited."""

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
from annexa.isms import suppliers
from annexa.isms.records import Supplier

app = typer.Typer(help="The AI supplier register (A.5.19-A.5.23).", no_args_is_help=True)
out = Console()


def _merge(before: Supplier | None, name: str, changes: dict[str, Any]) -> Supplier:
    base = before.model_dump() if before else {"name": name}
    try:
        return Supplier.model_validate(base | {k: v for k, v in changes.items() if v is not None})
    except ValueError as exc:
        fail(InputError(f"supplier {name!r}: {exc}"))


@app.command("set")
def set_supplier(
    data_dir: DataDir,
    name: Annotated[str, typer.Argument(help="Supplier id (providers.yaml 'supplier:').")],
    services: Annotated[str | None, typer.Option(help="Services/models, comma-separated.")] = None,
    retention: Annotated[str | None, typer.Option(help="Data retention, e.g. '30 days'.")] = None,
    trains: Annotated[str | None, typer.Option(help="Trains on customer data: yes/no.")] = None,
    regions: Annotated[str | None, typer.Option(help="Processing regions.")] = None,
    certifications: Annotated[str | None, typer.Option(help="Certifications.")] = None,
    dpa: Annotated[str | None, typer.Option(help="DPA signed: yes/no.")] = None,
    next_review: Annotated[str | None, typer.Option(help="Next review (YYYY-MM-DD).")] = None,
    approval: Annotated[
        str | None, typer.Option(help="approved, pending, rejected, suspended.")
    ] = None,
    max_level: Annotated[str | None, typer.Option(help="Highest data class allowed.")] = None,
    notes: Annotated[str | None, typer.Option(help="Free text.")] = None,
) -> None:
    """Add a supplier or change some of its fields (new suppliers start pending)."""
    changes = {
        "services": services, "data_retention": retention, "trains_on_customer_data": trains,
        "regions": regions, "certifications": certifications, "dpa_signed": dpa,
        "next_review": next_review, "approval": approval, "max_level": max_level, "notes": notes,
    }  # fmt: skip
    with session(data_dir) as s:
        with s.engine.begin() as conn:
            before = suppliers.get(conn, name)
            after = _merge(before, name, changes)
            suppliers.save(conn, after)
        s.changed(f"supplier:{name}", "add" if before is None else "set", before, after)
    out.print(f"supplier {name}: {after.approval}, max level {after.max_level or 'not set'}")


@app.command("list")
def list_(data_dir: DataDir) -> None:
    """The register."""
    with session(data_dir) as s:
        found = suppliers.list_suppliers(s.engine)
    table = Table("supplier", "approval", "max level", "retention", "trains", "regions", "DPA",
                  "last review", "next review")  # fmt: skip
    today = date.today()
    for x in found:
        due = str(x.next_review or "-")
        if x.next_review and x.next_review < today:
            due = f"[red]{due} overdue[/]"
        table.add_row(x.name, x.approval, x.max_level or "-", x.data_retention or "-",
                      "yes" if x.trains_on_customer_data else "no", ", ".join(x.regions) or "-",
                      "yes" if x.dpa_signed else "no", str(x.last_review or "-"), due)  # fmt: skip
    out.print(table)


@app.command("review")
def review(
    data_dir: DataDir,
    name: Annotated[str, typer.Argument(help="Supplier id.")],
    by: Annotated[str, typer.Option("--by", help="Reviewer's name.")],
    outcome: Annotated[str, typer.Option(help="approved, conditions, rejected.")] = "approved",
    notes: Annotated[str, typer.Option(help="What was checked.")] = "",
    next_review: Annotated[str | None, typer.Option(help="Next review (YYYY-MM-DD).")] = None,
) -> None:
    """Record a supplier review (evidence for A.5.22); sets last and next review dates."""
    due = _date(next_review)
    with session(data_dir) as s:
        with s.engine.connect() as conn:
            before = suppliers.get(conn, name)
        done = suppliers.record_review(s.engine, name, by, outcome, notes, due)
        with s.engine.connect() as conn:
            after = suppliers.get(conn, name)
        s.changed(f"supplier:{name}", "review", before, after)
    out.print(f"review of {name} by {done.reviewer} recorded ({done.outcome})")


@app.command("import")
def import_(
    data_dir: DataDir,
    file: Annotated[Path, typer.Argument(help="CSV or XLSX with a header row.", exists=True)],
) -> None:
    """Import suppliers (name, services, approval, max_level...): all rows or none."""
    import_records(data_dir, "suppliers", file, "supplier", "suppliers")


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(InputError(f"not a date (YYYY-MM-DD): {text!r}"))
