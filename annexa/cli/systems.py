"""``annexa systems``: the AI systems inventory (A.5.9), linked to the supplier register."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from annexa.cli.common import DataDir, fail
from annexa.cli.soa import session
from annexa.errors import InputError
from annexa.isms import systems
from annexa.isms.records import System

app = typer.Typer(help="The AI systems inventory (A.5.9).", no_args_is_help=True)
out = Console()


@app.command("set")
def set_system(
    data_dir: DataDir,
    name: Annotated[str, typer.Argument(help="System id, e.g. support-bot.")],
    owner: Annotated[str | None, typer.Option(help="Accountable owner.")] = None,
    purpose: Annotated[str | None, typer.Option(help="What it is used for.")] = None,
    users: Annotated[str | None, typer.Option(help="Users or groups, comma-separated.")] = None,
    max_level: Annotated[str | None, typer.Option(help="Highest data class allowed.")] = None,
    suppliers: Annotated[str | None, typer.Option(help="Suppliers from the register.")] = None,
    status: Annotated[str | None, typer.Option(help="planned, active, retired.")] = None,
) -> None:
    """Add a system or change some of its fields."""
    changes: dict[str, Any] = {
        "owner": owner, "purpose": purpose, "users": users, "max_level": max_level,
        "suppliers": suppliers, "status": status,
    }  # fmt: skip
    with session(data_dir) as s:
        existing = {x.name: x for x in systems.list_systems(s.engine)}
        before = existing.get(name)
        base = before.model_dump() if before else {"name": name}
        try:
            after = System.model_validate(base | {k: v for k, v in changes.items() if v})
        except ValueError as exc:
            fail(InputError(f"system {name!r}: {exc}"))
        with s.engine.begin() as conn:
            systems.save(conn, after)
        s.changed(f"system:{name}", "add" if before is None else "set", before, after)
    out.print(f"system {name}: {after.status}, suppliers {', '.join(after.suppliers) or '-'}")


@app.command("list")
def list_(data_dir: DataDir) -> None:
    """The inventory."""
    with session(data_dir) as s:
        found = systems.list_systems(s.engine)
    table = Table("system", "owner", "purpose", "users", "max level", "suppliers", "status")
    for x in found:
        table.add_row(x.name, x.owner or "-", x.purpose[:40] or "-", ", ".join(x.users) or "-",
                      x.max_level or "-", ", ".join(x.suppliers) or "-", x.status)  # fmt: skip
    out.print(table)
