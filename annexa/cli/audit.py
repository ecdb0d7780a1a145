"""``annexa audit``: verify the tamper-evident log, export and verify bundles, search, purge."""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from sqlalchemy.engine import Engine

from annexa.audit.bundle import export_bundle, plan_range, verify_bundle
from annexa.audit.checkpoint import key_id, load_public_key
from annexa.audit.events import ExportCreated, format_time, make_event, parse_time
from annexa.audit.forwarder import Forwarder, ForwardOptions
from annexa.audit.interface import SYSTEM, AuditError
from annexa.audit.retention import plan_purge, purge
from annexa.audit.search import SearchFilter, search
from annexa.audit.signing import trusted_public_key
from annexa.audit.sinks import make_sink
from annexa.audit.store import AuditLog, audit_engine
from annexa.audit.verify import VerifyReport, verify_database
from annexa.cli.common import DataDir, settings_for
from annexa.db import database_url, upgrade
from annexa.settings import Settings

app = typer.Typer(help="The tamper-evident audit log (A.8.15).", no_args_is_help=True)
out = Console()
err = Console(stderr=True)

PublicKey = Annotated[
    list[Path] | None,
    typer.Option("--public-key", help="Trusted Ed25519 public key PEM; repeat for rotated keys "
                 "(default: the data directory's key).", exists=True, dir_okay=False),
]  # fmt: skip


def _reader(settings: Settings) -> Engine:
    engine = audit_engine(database_url(settings.data_dir, settings.database_url), reader=True)
    upgrade(engine)
    return engine


def _own_key(settings: Settings, engine: Engine) -> bytes:
    key = trusted_public_key(settings, engine)
    if key is None:
        err.print("[bold red]error:[/] no checkpoint signing key yet; nothing was logged "
                  "with this data directory, or pass --public-key")  # fmt: skip
        raise typer.Exit(2)
    return key


def _time(text: str | None, option: str) -> str | None:
    if text is None:
        return None
    try:
        return format_time(parse_time(text))
    except (ValueError, AuditError) as exc:
        raise typer.BadParameter(
            f"not an RFC 3339 time with a zone: {text}", param_hint=option
        ) from exc


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]verifying"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=err, transient=True,
    )  # fmt: skip


def _report(report: VerifyReport, what: str) -> None:
    for note in report.notes:
        err.print(f"[yellow]note:[/] {note}", highlight=False)
    if not report.ok:
        err.print(f"[bold red]TAMPERED:[/] {report.first_problem()}", highlight=False)
        for problem in report.problems[1 if report.broken is None else 0 :]:
            err.print(f"  also: {problem}", highlight=False)
        raise typer.Exit(1)
    out.print(
        f"[green]OK[/] {what}: records {report.first_seq}..{report.last_seq} "
        f"({report.records} walked), {report.checkpoints} signed checkpoints, "
        f"{report.proofs} Merkle proofs checked",
        highlight=False,
    )


@app.command("verify")
def verify(
    data_dir: DataDir,
    public_key: PublicKey = None,
    bundle: Annotated[
        Path | None,
        typer.Option(
            "--bundle",
            help="Verify an exported bundle offline (no database).",
            exists=True,
            file_okay=False,
        ),
    ] = None,
    anchor: Annotated[
        Path | None, typer.Option("--anchor", help="Anchor directory (default: settings).")
    ] = None,
) -> None:
    """Re-walk the chain and checkpoints; exit 1 naming the first bad record."""
    with _progress() as bar:
        task = bar.add_task("verify", total=None)
        given = [load_public_key(p) for p in public_key or []]
        if bundle is not None:
            report = verify_bundle(bundle, given or None, lambda n: bar.advance(task, n))
            what = f"bundle {bundle}"
        else:
            settings = settings_for(data_dir)
            engine = _reader(settings)
            try:
                keys = given or [_own_key(settings, engine)]
                report = verify_database(
                    engine, keys, anchor or settings.audit.anchor_dir,
                    progress=lambda n: bar.advance(task, n),
                    on_total=lambda total: bar.update(task, total=total),
                )  # fmt: skip
            finally:
                engine.dispose()
            what = f"audit log (keys {', '.join(key_id(k) for k in keys)})"
    _report(report, what)


@app.command("export")
def export(
    data_dir: DataDir,
    output: Annotated[Path, typer.Option("--output", help="Bundle directory to write.")],
    time_from: Annotated[
        str | None, typer.Option("--from", help="RFC 3339 start (default: oldest).")
    ] = None,
    time_to: Annotated[
        str | None, typer.Option("--to", help="RFC 3339 end (default: now).")
    ] = None,
) -> None:
    """Write a self-verifying bundle (events, checkpoints, public key, README)."""
    settings = settings_for(data_dir)
    lo, hi = _time(time_from, "--from"), _time(time_to, "--to")
    engine = _reader(settings)
    try:
        key = _own_key(settings, engine)
        rng = plan_range(engine, lo, hi)
        manifest = export_bundle(engine, output, key, rng, format_time(datetime.now(UTC)))
    finally:
        engine.dispose()
    with AuditLog.open(settings) as log:
        log.append(make_event(
            ExportCreated(kind="audit-bundle", records=max(0, rng.last - rng.first + 1),
                          sha256=manifest["files"]["events.jsonl"], first_seq=rng.first,
                          last_seq=rng.last),
            SYSTEM, "success",
        ))  # fmt: skip
    out.print(f"wrote {output}: records {rng.first}..{rng.last}", highlight=False)


@app.command("search")
def search_cmd(
    data_dir: DataDir,
    time_from: Annotated[str | None, typer.Option("--from", help="RFC 3339 start.")] = None,
    time_to: Annotated[str | None, typer.Option("--to", help="RFC 3339 end.")] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Actor id or kind:id.")] = None,
    event: Annotated[str | None, typer.Option("--event", help="Event name.")] = None,
    outcome: Annotated[str | None, typer.Option("--outcome", help="Outcome.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="Most records shown.")] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a table.")] = False,
) -> None:
    """Find events by time, actor, event name and outcome."""
    settings = settings_for(data_dir)
    filt = SearchFilter(
        time_from=_time(time_from, "--from"),
        time_to=_time(time_to, "--to"),
        actor=actor, event=event, outcome=outcome, limit=limit,
    )  # fmt: skip
    engine = _reader(settings)
    try:
        found = search(engine, filt)
    finally:
        engine.dispose()
    if as_json:
        for seq, record in found:
            typer.echo(json.dumps({"seq": seq, **record}, ensure_ascii=False))
        return
    table = Table("seq", "time", "event", "actor", "outcome", "request", "source ip")
    for seq, r in found:
        a = r["actor"]
        table.add_row(str(seq), r["time"], r["event"], f"{a['kind']}:{a['id']}", r["outcome"],
                      r.get("request_id") or "", r.get("source_ip") or "")  # fmt: skip
    out.print(table)


@app.command("checkpoint")
def checkpoint(data_dir: DataDir) -> None:
    """Sign a checkpoint of the events written since the last one, now."""
    settings = settings_for(data_dir)
    with AuditLog.open(settings) as log:
        cp = log.checkpoint()
    out.print(f"checkpoint at size {cp.size}" if cp else "nothing new to checkpoint")


@app.command("forward")
def forward(
    data_dir: DataDir,
    once: Annotated[
        bool, typer.Option("--once", help="Deliver what is there now, then exit.")
    ] = False,
) -> None:
    """Deliver the log to the configured SIEMs (at least once, from each durable cursor)."""
    settings = settings_for(data_dir)
    if not settings.audit.forwarders:
        err.print("no forwarders configured (audit.forwarders in annexa.yaml)")
        raise typer.Exit(2)
    engine = audit_engine(database_url(settings.data_dir, settings.database_url))
    upgrade(engine)
    options = ForwardOptions(retry_max_s=settings.audit.forward_retry_max_s)
    forwarders = [
        Forwarder(engine, make_sink(cfg), replace(options, batch_size=cfg.batch_size))
        for cfg in settings.audit.forwarders
    ]
    try:
        if once:
            pending = [f.sink.name for f in forwarders if not f.drain()]
            if pending:
                err.print(f"not fully delivered: {', '.join(pending)}")
                raise typer.Exit(1)
            return
        for f in forwarders:
            f.start()
        out.print(f"forwarding to {', '.join(f.sink.name for f in forwarders)}; Ctrl-C stops")
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        for f in forwarders:
            f.stop()
        engine.dispose()


@app.command("purge")
def purge_cmd(
    data_dir: DataDir,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only say what would go.")] = False,
) -> None:
    """Remove whole checkpointed segments older than the retention period (not under hold)."""
    settings = settings_for(data_dir)
    a = settings.audit
    if a.legal_hold:
        out.print("legal hold is on: nothing is purged")
        return
    with AuditLog.open(settings) as log:
        plan = (plan_purge if dry_run else purge)(log, a.retention_days, a.legal_hold)
    if plan is None:
        out.print(f"nothing older than {a.retention_days} days in a whole checkpointed segment")
        return
    verb = "would remove" if dry_run else "removed"
    out.print(f"{verb} records up to {plan.through} ({plan.records}), older than {plan.cutoff}")
