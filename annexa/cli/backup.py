"""``annexa backup``: create, verify (restore test, evidence for A.8.13), restore.

Exit codes: 0 success; 1 a restore test failed or missed the RTO; 2 usage error, corrupt backup
or refused restore.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TransferSpeedColumn,
)
from rich.table import Table
from sqlalchemy.engine import Engine, make_url

from annexa.audit.events import BackupCreated, make_event
from annexa.audit.interface import AuditEvent
from annexa.audit.signing import trusted_public_key
from annexa.audit.store import AuditLog
from annexa.backup.checks import default_checks
from annexa.backup.create import catalog_backup, create_backup, forget_backup, list_backups
from annexa.backup.evidence import list_verifications
from annexa.backup.interface import BackupError, RestoreRefused, VerifyResult
from annexa.backup.restore import restore_backup, target_tables
from annexa.backup.verify import record_verification, verify_backup
from annexa.cli.common import DataDir, fail, settings_for
from annexa.cli.keys import cli_actor
from annexa.db import database_url, make_engine, upgrade
from annexa.errors import AnnexaError
from annexa.keys.envelope import SecretBox
from annexa.keys.factory import provider_for
from annexa.settings import Settings

app = typer.Typer(help="Backups and tested restores (A.8.13).", no_args_is_help=True)
out = Console()
err = Console(stderr=True)
BackupPath = Annotated[
    Path, typer.Argument(help="A backup directory (annexa-backup-...).", file_okay=False)
]


def _bar() -> Progress:
    return Progress(
        SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(), DownloadColumn(),
        TransferSpeedColumn(), console=err, transient=True,
    )  # fmt: skip


@app.command("create")
def create(
    data_dir: DataDir,
    output: Annotated[Path, typer.Option("--output", "-o", help="Directory to write into.")],
    every: Annotated[
        str | None,
        typer.Option(
            "--every",
            help="Repeat on a schedule (e.g. 30m, 6h, 1d) until stopped; each run is audited.",
        ),
    ] = None,
    count: Annotated[
        int | None, typer.Option("--count", min=1, help="With --every: stop after N backups.")
    ] = None,
) -> None:
    """A consistent, compressed, encrypted snapshot of the database, with its manifest."""
    settings = settings_for(data_dir)
    interval = parse_interval(every) if every is not None else None
    done = 0
    while True:
        started = time.monotonic()
        _create_once(settings, output)
        done += 1
        if interval is None or (count is not None and done >= count):
            return
        pause = max(0.0, interval - (time.monotonic() - started))
        out.print(f"next backup in {pause:.0f} s (Ctrl-C stops the schedule)", highlight=False)
        time.sleep(pause)


_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(text: str) -> float:
    """``90s``, ``30m``, ``6h``, ``1d`` → seconds; exit 2 on anything else."""
    value, unit = text[:-1], text[-1:].lower()
    if unit not in _UNITS or not value.isdigit() or int(value) == 0:
        fail(AnnexaError(f"--every {text!r}: use a whole number with s, m, h or d (e.g. 6h)"))
    return float(int(value) * _UNITS[unit])


def _create_once(settings: Settings, output: Path) -> None:
    url = database_url(settings.data_dir, settings.database_url)
    engine = make_engine(url)
    try:
        upgrade(engine)
        with _bar() as bar:
            task = bar.add_task("snapshot", total=None)

            def phase(name: str, total: int | None) -> None:
                bar.update(task, description=name, total=total, completed=0)

            directory, manifest = create_backup(
                engine, url, provider_for(settings), output,
                level=settings.backup.compression_level, on_phase=phase,
                on_progress=lambda n: bar.advance(task, n),
            )  # fmt: skip
        details = BackupCreated(manifest.backup_id, manifest.payload_size, manifest.payload_sha256)
        with AuditLog.open(settings) as log:
            log.append(make_event(details, cli_actor(), "success"))
    except AnnexaError as exc:
        fail(exc)
    finally:
        engine.dispose()
    rows = sum(manifest.row_counts.values())
    out.print(
        f"[green]backup written:[/] {directory}\n  {len(manifest.row_counts)} tables, {rows} rows, "
        f"{manifest.payload_size} bytes, key version {manifest.key_version}",
        highlight=False,
    )


@app.command("verify")
def verify(
    data_dir: DataDir,
    path: BackupPath,
    scratch_url: Annotated[
        str | None,
        typer.Option("--scratch-url", help="PostgreSQL server for the scratch database."),
    ] = None,
    record: Annotated[
        bool, typer.Option("--record/--no-record", help="Store the signed evidence.")
    ] = True,
) -> None:
    """Restore into a scratch database, check it, time it against the RTO, record evidence."""
    settings = settings_for(data_dir)
    url = database_url(settings.data_dir, settings.database_url)
    provider = None
    try:
        audit_key = _audit_key(settings, url)
        provider = provider_for(settings)
        with _bar() as bar:
            task = bar.add_task("restoring", total=None)
            result, manifest = verify_backup(
                path, provider, rto_seconds=settings.backup.rto_seconds,
                pg_server_url=scratch_url or url, checks=default_checks(audit_key),
                on_progress=lambda n: bar.advance(task, n),
            )  # fmt: skip
        if record:
            engine = make_engine(url)
            try:
                upgrade(engine)
                catalog_backup(engine, manifest, path)
                with AuditLog.open(settings) as log:
                    evidence = record_verification(
                        engine, SecretBox(provider), result, manifest, sink=log, actor=cli_actor()
                    )
                out.print(f"evidence recorded: {evidence['id']} (signed)", highlight=False)
            finally:
                engine.dispose()
    except AnnexaError as exc:
        fail(exc)
    _show(result)
    if not (result.passed and result.meets_rto):
        raise typer.Exit(1)


@app.command("restore")
def restore(
    data_dir: DataDir,
    path: BackupPath,
    yes: Annotated[bool, typer.Option("--yes", help="Overwrite the current database.")] = False,
) -> None:
    """Replace the database with a backup (checked whole first). Refuses to overwrite unasked."""
    settings = settings_for(data_dir)
    url = database_url(settings.data_dir, settings.database_url)
    try:
        existing = target_tables(url)
        if existing and not yes:
            if not sys.stdin.isatty():
                raise RestoreRefused(f"the target database holds {len(existing)} tables")
            yes = typer.confirm(f"Overwrite the database at {_safe(url)} with {path.name}?")
            if not yes:
                raise RestoreRefused("not confirmed")
        with _bar() as bar:
            task = bar.add_task("restoring", total=None)
            manifest = restore_backup(
                path, provider_for(settings), url, confirm=yes,
                on_progress=lambda n: bar.advance(task, n),
            )  # fmt: skip
        with _engine(data_dir) as engine:  # the restored catalog predates this backup
            catalog_backup(engine, manifest, path)
        with AuditLog.open(settings) as log:
            details = {"backup_id": manifest.backup_id, "control": "A.8.13"}
            log.append(AuditEvent("backup-restored", cli_actor(), "success", details=details))
    except AnnexaError as exc:
        fail(exc)
    out.print(f"[green]restored[/] {manifest.backup_id} into {_safe(url)}", highlight=False)


def _safe(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


@app.command("list")
def list_(data_dir: DataDir) -> None:
    """The backups made from this database (the catalog) and their key versions."""
    with _engine(data_dir) as engine:
        table = Table("created", "key version", "bytes", "location")
        table.add_column("backup", no_wrap=True)
        for b in list_backups(engine):
            table.add_row(
                str(b["created_at"])[:19], str(b["key_version"]), str(b["payload_size"]),
                str(b["location"]), str(b["backup_id"]),
            )  # fmt: skip
    out.print(table)


@app.command("forget")
def forget(
    data_dir: DataDir, backup_id: Annotated[str, typer.Argument(help="The backup's id.")]
) -> None:
    """Remove a deleted or expired backup from the catalog (so its key version can retire)."""
    with _engine(data_dir) as engine:
        if not forget_backup(engine, backup_id):
            fail(BackupError(f"no backup {backup_id} in the catalog"))
        with AuditLog.open(settings_for(data_dir)) as log:
            details = {"backup_id": backup_id, "control": "A.8.13"}
            log.append(AuditEvent("backup-forgotten", cli_actor(), "success", details=details))
    out.print(f"forgot {backup_id}", highlight=False)


@app.command("evidence")
def evidence(
    data_dir: DataDir,
    limit: Annotated[int, typer.Option("--limit", help="How many, newest first.")] = 20,
) -> None:
    """The recorded restore tests (A.8.13 evidence), each signature checked."""
    with _engine(data_dir) as engine:
        found = list_verifications(engine, limit)
    for item in found:
        mark = "[green]signed[/]" if item.signature_valid else "[bold red]BAD SIGNATURE[/]"
        out.print(f"{mark} {item.summary}", highlight=False)
    if any(not item.signature_valid for item in found):
        raise typer.Exit(1)


@contextmanager
def _engine(data_dir: Path) -> Iterator[Engine]:
    settings = settings_for(data_dir)
    engine = make_engine(database_url(settings.data_dir, settings.database_url))
    try:
        upgrade(engine)
        yield engine
    finally:
        engine.dispose()


def _show(result: VerifyResult) -> None:
    table = Table("check", "result", "detail")
    for check in result.checks:
        mark = "[green]pass[/]" if check.passed else "[bold red]FAIL[/]"
        table.add_row(check.name, mark, check.detail)
    out.print(table)
    verdict = "[green]within[/]" if result.meets_rto else "[bold red]OVER[/]"
    out.print(
        f"restore time {result.restore_seconds:.2f} s, {verdict} the RTO of "
        f"{result.rto_seconds:.0f} s",
        highlight=False,
    )


def _audit_key(settings: Settings, url: str) -> bytes | None:
    """The audit checkpoint key the restored log is checked against (``None``: none yet)."""
    engine = make_engine(url)
    try:
        upgrade(engine)
        return trusted_public_key(settings, engine)
    finally:
        engine.dispose()
