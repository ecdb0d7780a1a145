"""``annexa apikeys``: virtual API keys for the gateway (create, list, revoke).

A key is printed once at creation; Annexa keeps only its hash and visible prefix. Revocation
takes effect on the next request. Exit codes: 0 done; 2 error.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from annexa.audit.events import ConfigChanged, make_event
from annexa.audit.interface import Actor, AuditError
from annexa.audit.store import AuditLog
from annexa.cli.common import DataDir, fail, settings_for
from annexa.db import database_url, make_engine, upgrade
from annexa.errors import AnnexaError, InputError
from annexa.identity.apikeys import ApiKeyStore
from annexa.settings import Settings

app = typer.Typer(
    help="Virtual API keys for the gateway: create, list, revoke.", no_args_is_help=True
)


CLI_ACTOR = Actor(kind="service", id="annexa-cli")


def _store(data_dir: DataDir) -> ApiKeyStore:
    settings = settings_for(data_dir)
    engine = make_engine(database_url(settings.data_dir, settings.database_url))
    upgrade(engine)
    return ApiKeyStore(engine)


def audit_change(settings: Settings, changes: list[tuple[str, str]]) -> None:
    """Record admin changes (``(target, action)``, e.g. ``("api-key:ID", "create")``) in the
    audit log; raises :class:`~annexa.audit.interface.AuditError` if it cannot."""
    with AuditLog.open(settings) as log:
        for target, action in changes:
            details = ConfigChanged(target=target, action=action, before_hash=None, after_hash=None)
            log.append(make_event(details, CLI_ACTOR, "success"))


@app.command()
def create(
    data_dir: DataDir,
    role: Annotated[str, typer.Option(help="Role the policy sees (member, admin, ...).")],
    user: Annotated[str | None, typer.Option(help="The user this key acts for.")] = None,
    service: Annotated[str | None, typer.Option(help="Or the service it acts for.")] = None,
    provider: Annotated[
        list[str] | None, typer.Option(help="Limit to this provider (repeatable).")
    ] = None,
    model: Annotated[
        list[str] | None, typer.Option(help="Limit to this model or pattern (repeatable).")
    ] = None,
    expires_days: Annotated[
        int | None, typer.Option(min=1, help="Expire after this many days.")
    ] = None,
) -> None:
    """Create a key and print it ONCE as JSON."""
    try:
        if (user is None) == (service is None):
            raise InputError("give exactly one of --user NAME or --service NAME")
        expires = datetime.now(UTC) + timedelta(days=expires_days) if expires_days else None
        store = _store(data_dir)
        record, key = store.create(
            user or service or "",
            role,
            kind="user" if user else "service",
            providers=provider,
            models=model,
            expires_at=expires,
        )
        audit_change(settings_for(data_dir), [(f"api-key:{record.id}", "create")])
    except (AnnexaError, AuditError) as exc:
        fail(exc if isinstance(exc, AnnexaError) else AnnexaError(f"audit: {exc}"))
    typer.echo(json.dumps({"key": key, **record.as_dict()}, indent=2))


@app.command("list")
def list_keys(
    data_dir: DataDir,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List keys (prefixes only; a key itself is never shown again)."""
    keys = _store(data_dir).list()
    if as_json:
        typer.echo(json.dumps([k.as_dict() for k in keys], indent=2))
        return
    table = Table(title=f"{len(keys)} API key{'s' if len(keys) != 1 else ''}")
    for col in ("prefix", "id", "principal", "role", "scope", "expires", "state"):
        table.add_column(col)
    for k in keys:
        scope = ",".join(k.providers or ["*"]) + " / " + ",".join(k.models or ["*"])
        state = "revoked" if k.revoked_at else ("active" if k.active else "expired")
        table.add_row(
            k.prefix, k.id, k.principal.id, k.principal.role, scope, k.expires_at or "-", state
        )
    Console().print(table)


@app.command()
def revoke(
    data_dir: DataDir,
    key_id: Annotated[str, typer.Argument(help="The key's id or visible prefix.")],
) -> None:
    """Revoke a key; the next request with it is refused."""
    try:
        record = _store(data_dir).revoke(key_id)
        audit_change(settings_for(data_dir), [(f"api-key:{record.id}", "revoke")])
    except (AnnexaError, AuditError) as exc:
        fail(exc if isinstance(exc, AnnexaError) else AnnexaError(f"audit: {exc}"))
    typer.echo(json.dumps(record.as_dict(), indent=2))
