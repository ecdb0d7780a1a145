"""``annexa soa``: the Statement of Applicability: init, set, show, approve, versions, diff,
import. Every change is audited as a ``config-changed`` event."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from annexa.audit.events import ConfigChanged, make_event
from annexa.audit.interface import AuditEvent
from annexa.cli.common import DataDir, fail, settings_for
from annexa.errors import AnnexaError
from annexa.isms import evidence, importers, soa
from annexa.isms.session import Session, isms_session
from annexa.isms.starter import gather_facts, starter_entries

app = typer.Typer(help="The Statement of Applicability (Annex A).", no_args_is_help=True)
out = Console()


@contextmanager
def session(data_dir: Path) -> Iterator[Session]:
    """An ISMS session on the data directory; Annexa errors exit 2 with diagnostics."""
    try:
        with isms_session(settings_for(data_dir)) as s:
            yield s
    except AnnexaError as exc:
        fail(exc)


def import_records(data_dir: Path, kind: str, file: Path, key: str, label: str) -> None:
    """Import ``kind`` rows from CSV/XLSX (all or none), audit each record, print the count."""
    with session(data_dir) as s:
        records = importers.import_file(s.engine, kind, file)
        for record in records:
            s.changed(f"{key}:{getattr(record, KEY_FIELDS[key], '')}", "import", None, record)
    out.print(f"imported {len(records)} {label} from {file}")


KEY_FIELDS = {"soa": "control_id", "risk": "id", "supplier": "name"}


@app.command("init")
def init(
    data_dir: DataDir,
    force: Annotated[bool, typer.Option("--force", help="Overwrite lines already edited.")] = False,
) -> None:
    """Pre-mark the controls Annexa implements, from the running configuration."""
    with session(data_dir) as s:
        facts = gather_facts(s.settings, s.engine)
        written = 0
        for line in starter_entries(facts):
            with s.engine.begin() as conn:
                before = soa.get(conn, line.control_id)
                if before.applicable is not None and not force:
                    continue
                soa.save(conn, line)
            s.changed(f"soa:{line.control_id}", "init", before, line)
            written += 1
    out.print(f"pre-marked {written} controls Annexa implements; the other "
              f"{93 - written} wait for your decision (annexa soa set).")  # fmt: skip


@app.command("set")
def set_line(
    data_dir: DataDir,
    control: Annotated[str, typer.Argument(help="Annex A control, e.g. A.5.1.")],
    applicable: Annotated[str | None, typer.Option(help="yes or no.")] = None,
    justification: Annotated[str | None, typer.Option(help="Why (required).")] = None,
    status: Annotated[
        str | None, typer.Option(help="not started, planned, partial, implemented.")
    ] = None,
    owner: Annotated[str | None, typer.Option(help="Accountable owner.")] = None,
    how: Annotated[str | None, typer.Option(help="How it is implemented.")] = None,
    risks: Annotated[str | None, typer.Option(help="Linked risk ids, comma-separated.")] = None,
    reviewed: Annotated[str | None, typer.Option(help="Last reviewed (YYYY-MM-DD).")] = None,
) -> None:
    """Decide a control: applicability and justification are required, either way."""
    changes = {
        "applicable": applicable, "justification": justification, "status": status,
        "owner": owner, "how": how, "risks": risks, "last_reviewed": reviewed,
    }  # fmt: skip
    with session(data_dir) as s:
        with s.engine.connect() as conn:
            before = soa.get(conn, soa.normalize(control))
        after = soa.set_fields(s.engine, control, changes)
        s.changed(f"soa:{after.control_id}", "set", before, after)
    out.print(f"{after.control_id}: applicable={_yes_no(after.applicable)}, {after.status}")


def _yes_no(value: bool | None) -> str:
    return "-" if value is None else ("yes" if value else "no")


@app.command("show")
def show(
    data_dir: DataDir,
    as_json: Annotated[bool, typer.Option("--json", help="A JSON array for scripts.")] = False,
    theme: Annotated[str | None, typer.Option(help="Only theme 5, 6, 7 or 8.")] = None,
) -> None:
    """Every control: applicability, status, owner, evidence freshness."""
    with session(data_dir) as s:
        lines = soa.entries(s.engine)
        found = evidence.items(s.engine)
    fresh = evidence.freshness(found, [ln.control.id for ln in lines], datetime.now(UTC))
    linked: dict[str, list[str]] = {}
    for item in found:
        linked.setdefault(item.control_id, []).append(item.id)
    lines = [ln for ln in lines if theme is None or ln.control.theme == theme]
    if as_json:
        rows = [
            {**ln.entry.model_dump(mode="json"), "title": ln.control.title,
             "theme": ln.control.theme, "evidence": fresh[ln.control.id],
             "evidence_items": linked.get(ln.control.id, [])}
            for ln in lines
        ]  # fmt: skip
        out.print_json(json.dumps(rows))
        return
    table = Table("control", "title", "applicable", "status", "owner", "evidence")
    for ln in lines:
        e = ln.entry
        state = fresh[ln.control.id]
        style = {"fresh": "green", "stale": "yellow", "missing": "red"}[state]
        shown = state if e.applicable else f"[dim]{state}[/]"
        table.add_row(ln.control.id, ln.control.title[:48], _yes_no(e.applicable), e.status,
                      e.owner, f"[{style}]{shown}[/]" if e.applicable else shown)  # fmt: skip
    out.print(table)


@app.command("approve")
def approve(
    data_dir: DataDir,
    by: Annotated[str, typer.Option("--by", help="Name of the approver.")],
) -> None:
    """Freeze the current SoA as a new version approved by NAME."""
    with session(data_dir) as s:
        version = soa.approve(s.engine, by)
        s.audit.append(_approved_event(s, version))
    out.print(f"SoA version {version.version} approved by {version.approved_by} at "
              f"{version.approved_at} (sha256 {version.sha256[:16]})")  # fmt: skip


def _approved_event(s: Session, version: soa.Version) -> AuditEvent:
    details = ConfigChanged("soa", "approve", None, version.sha256, str(version.version))
    return make_event(details, s.actor, "success")


@app.command("versions")
def versions(data_dir: DataDir) -> None:
    """The approved versions."""
    with session(data_dir) as s:
        found = soa.versions(s.engine)
    table = Table("version", "approved by", "approved at", "sha256")
    for v in found:
        table.add_row(str(v.version), v.approved_by, v.approved_at, v.sha256[:16])
    out.print(table)


@app.command("diff")
def diff(
    data_dir: DataDir,
    v1: Annotated[int, typer.Argument(help="The earlier version.")],
    v2: Annotated[int | None, typer.Argument(help="The later one (default: current).")] = None,
) -> None:
    """What changed between two versions (or a version and the current SoA)."""
    with session(data_dir) as s:
        changes = soa.diff_versions(s.engine, v1, v2)
    if not changes:
        out.print("no changes")
    for change in changes:
        out.print(str(change), highlight=False)


@app.command("import")
def import_(
    data_dir: DataDir,
    file: Annotated[Path, typer.Argument(help="CSV or XLSX with a header row.", exists=True)],
) -> None:
    """Import SoA lines (control_id, applicable, justification, status, owner...): all or none."""
    import_records(data_dir, "soa", file, "soa", "SoA lines")
