"""``annexa keys``: the master key (A.8.24): status, rotate, re-wrap, retire.

Virtual API keys for gateway clients are ``annexa apikeys``; this group manages the key that
encrypts Annexa's data at rest. Every change is recorded in ``key_events`` and the audit log.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from annexa.audit.interface import Actor
from annexa.audit.store import AuditLog
from annexa.backup.create import backup_key_usage
from annexa.cli.common import DataDir, fail, settings_for
from annexa.db import database_url, make_engine, upgrade
from annexa.errors import AnnexaError
from annexa.keys.factory import provider_for
from annexa.keys.rotation import KeyManager

app = typer.Typer(help="The master key that encrypts data at rest (A.8.24).", no_args_is_help=True)
out = Console()
err = Console(stderr=True)


def cli_actor() -> Actor:
    """The person running the command, as the audit log names them."""
    return Actor(kind="user", id=f"cli:{getpass.getuser()}", role="operator")


@contextmanager
def manager_for(data_dir: DataDir) -> Iterator[KeyManager]:
    """A :class:`KeyManager` on the configured provider and database, auditing to the log."""
    settings = settings_for(data_dir)
    engine = make_engine(database_url(settings.data_dir, settings.database_url))
    try:
        upgrade(engine)
        with AuditLog.open(settings) as log:
            yield KeyManager(
                provider_for(settings),
                engine,
                sink=log,
                usage_sources=[backup_key_usage],
                actor=cli_actor(),
            )
    except AnnexaError as exc:
        fail(exc)
    finally:
        engine.dispose()


@app.command("status")
def status(data_dir: DataDir) -> None:
    """The provider, its versions and how many values (and backups) each still protects."""
    with manager_for(data_dir) as manager:
        out.print(f"provider: {manager.provider.describe()}", highlight=False)
        _versions(manager)
        for event in manager.events(5):
            out.print(f"  {event['time']}  {event['event']}", highlight=False)


@app.command("list-versions")
def list_versions(data_dir: DataDir) -> None:
    """Every master-key version, its state and its use."""
    with manager_for(data_dir) as manager:
        _versions(manager)


@app.command("rotate")
def rotate(
    data_dir: DataDir,
    rewrap: Annotated[
        bool, typer.Option("--rewrap/--no-rewrap", help="Re-wrap every value afterwards.")
    ] = True,
) -> None:
    """Make a new master-key version current; old versions keep decrypting."""
    with manager_for(data_dir) as manager:
        new = manager.rotate()
        out.print(f"[green]rotated:[/] new writes use version {new}", highlight=False)
        if rewrap:
            _rewrap(manager)


@app.command("rewrap")
def rewrap(data_dir: DataDir) -> None:
    """Move every encrypted value's data key to the current version."""
    with manager_for(data_dir) as manager:
        _rewrap(manager)


@app.command("retire")
def retire(
    data_dir: DataDir, version: Annotated[str, typer.Argument(help="The version to retire.")]
) -> None:
    """Retire a version; refused while any value or backup still needs it."""
    with manager_for(data_dir) as manager:
        manager.retire(version)
        out.print(f"[green]retired[/] version {version}", highlight=False)


def _versions(manager: KeyManager) -> None:
    usage = manager.usage()
    table = Table("version", "state", "created", "values + backups")
    for v in manager.provider.versions():
        created = v.created_at.isoformat(timespec="seconds") if v.created_at else ""
        table.add_row(v.id, v.state, created, str(usage.get(v.id, 0)))
    out.print(table)


def _rewrap(manager: KeyManager) -> None:
    total = manager.pending()
    columns = (TextColumn("[bold]re-wrapping"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeRemainingColumn(), console=err, transient=True) as progress:
        task = progress.add_task("rewrap", total=total)
        result = manager.rewrap(lambda n: progress.advance(task, n))
    out.print(
        f"[green]re-wrapped[/] {result.rewrapped} of {result.scanned} values "
        f"to version {manager.provider.current_version()}",
        highlight=False,
    )
    if result.unreadable:
        err.print(f"[bold red]{result.unreadable} values could not be opened[/]")
        raise typer.Exit(1)
