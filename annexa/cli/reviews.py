"""``annexa reviews``: access review campaigns (A.5.18): start, list, show, decide, close.

A campaign lists every user, role assignment above ``member`` and active API key; each item is
confirmed or revoked with a comment, and a revocation applies at once (the user is disabled,
the role reset to member, the key revoked). ``--by NAME`` records the decision as that user's
(who must hold ``reviews:write`` and may not decide on their own access); without it the CLI
itself is the actor. Every change is audited. Exit codes: 0 done; 2 error.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from annexa.audit.interface import Actor, AuditError
from annexa.audit.store import AuditLog
from annexa.cli.common import DataDir, fail, settings_for
from annexa.db import database_url, make_engine, upgrade
from annexa.errors import AnnexaError, InputError
from annexa.identity.reviews import AccessReviews, Campaign, ReviewItem, reviews_for
from annexa.identity.roles import permissions_of

app = typer.Typer(
    help="Access reviews (A.5.18): start, list, show, decide, close campaigns.",
    no_args_is_help=True,
)

CLI_ACTOR = Actor(kind="service", id="annexa-cli")
CampaignRef = Annotated[str, typer.Argument(help="Campaign id or name.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]


@contextmanager
def _reviews(data_dir: DataDir) -> Iterator[AccessReviews]:
    settings = settings_for(data_dir)
    engine = make_engine(database_url(settings.data_dir, settings.database_url))
    try:
        upgrade(engine)
        with AuditLog.open(settings) as log:
            yield reviews_for(settings, engine, log)
    except (AnnexaError, AuditError) as exc:
        fail(exc if isinstance(exc, AnnexaError) else AnnexaError(f"audit: {exc}"))
    finally:
        engine.dispose()


def _due(on: str | None, days: int) -> datetime:
    if on is None:
        return datetime.now(UTC) + timedelta(days=days)
    try:
        day = date.fromisoformat(on)
    except ValueError as exc:
        raise InputError(f"--due {on!r} is not a date (YYYY-MM-DD)") from exc
    return datetime.combine(day, time(23, 59, 59), tzinfo=UTC)


def _summary(c: Campaign) -> str:
    return (
        f"{c.name} ({c.id}): {c.decided} of {c.total} decided "
        f"({round(100 * c.completion)}%), {c.revoked} revoked, {c.status()}, due {c.due_at}"
    )


def _describe(item: ReviewItem) -> str:
    s = item.snapshot
    if item.kind == "user":
        seen = s.get("last_sign_in") or "never"
        mfa = "MFA" if s.get("mfa") else "no MFA"
        return f"{s.get('role')}, {s.get('status')}, {mfa}, last sign-in {seen}"
    if item.kind == "role":
        return f"role {s.get('role')}"
    scope = ",".join(s.get("providers") or ["any"]) + " / " + ",".join(s.get("models") or ["any"])
    return f"key {s.get('prefix')}… ({s.get('role')}) {scope}, expires {s.get('expires_at')}"


@app.command()
def start(
    data_dir: DataDir,
    name: Annotated[str, typer.Argument(help="Campaign name, e.g. 2026-Q4.")],
    due: Annotated[str | None, typer.Option(help="Due date, YYYY-MM-DD (UTC).")] = None,
    days: Annotated[int, typer.Option(help="Due in this many days (without --due).")] = 30,
    reviewer: Annotated[str | None, typer.Option(help="Who is to review it.")] = None,
    as_json: AsJson = False,
) -> None:
    """Start a campaign over every user, role and active API key."""
    with _reviews(data_dir) as reviews:
        campaign = reviews.start(name, CLI_ACTOR, due=_due(due, days), reviewer=reviewer)
    typer.echo(json.dumps(campaign.as_dict(), indent=2) if as_json else _summary(campaign))


@app.command("list")
def list_campaigns(data_dir: DataDir, as_json: AsJson = False) -> None:
    """List campaigns, newest first, with their completion."""
    with _reviews(data_dir) as reviews:
        campaigns = reviews.campaigns()
    if as_json:
        typer.echo(json.dumps([c.as_dict() for c in campaigns], indent=2))
        return
    table = Table(title=f"{len(campaigns)} access review campaign(s)")
    for col in ("id", "name", "status", "decided", "revoked", "due", "started"):
        table.add_column(col)
    for c in campaigns:
        done = f"{c.decided}/{c.total} ({round(100 * c.completion)}%)"
        table.add_row(c.id, c.name, c.status(), done, str(c.revoked), c.due_at, c.created_at)
    Console().print(table)


@app.command()
def show(
    data_dir: DataDir,
    campaign: CampaignRef,
    pending: Annotated[bool, typer.Option("--pending", help="Only undecided items.")] = False,
    as_json: AsJson = False,
) -> None:
    """Show a campaign's items (and, with --json, its completion history)."""
    with _reviews(data_dir) as reviews:
        found = reviews.get(campaign)
        items = reviews.items(found.id, pending_only=pending)
        history = reviews.history(found.id)
    if as_json:
        out: dict[str, Any] = {
            "campaign": found.as_dict(),
            "items": [i.as_dict() for i in items],
            "history": [
                {"at": p.recorded_at, "decided": p.decided, "total": p.total, "revoked": p.revoked}
                for p in history
            ],
        }
        typer.echo(json.dumps(out, indent=2))
        return
    table = Table(title=_summary(found))
    for col in ("#", "kind", "subject", "as of the start", "decision", "by", "applied"):
        table.add_column(col)
    for i in items:
        table.add_row(
            str(i.number),
            i.kind,
            i.subject_name,
            _describe(i),
            i.decision or "-",
            i.decided_by or "",
            i.applied or "",
        )
    Console().print(table)


@app.command()
def decide(
    data_dir: DataDir,
    campaign: CampaignRef,
    number: Annotated[int, typer.Argument(help="Item number (see show).")],
    decision: Annotated[str, typer.Argument(help="confirm or revoke.")],
    comment: Annotated[str, typer.Option(help="Why (required).")],
    by: Annotated[
        str | None, typer.Option("--by", help="The reviewer (a user with reviews:write).")
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Confirm or revoke one item; a revocation applies at once."""
    with _reviews(data_dir) as reviews:
        actor = CLI_ACTOR
        if by is not None:
            user = reviews.accounts.get(by)
            if user.disabled or "reviews:write" not in permissions_of(user.role):
                raise InputError(f"{by!r} may not decide access reviews (needs reviews:write)")
            actor = Actor(kind="user", id=user.id, name=user.name, role=user.role)
        item = reviews.decide(campaign, number, decision, actor, comment)
        after = reviews.get(item.campaign_id)
    if as_json:
        typer.echo(json.dumps({"item": item.as_dict(), "campaign": after.as_dict()}, indent=2))
        return
    applied = f" ({item.applied})" if item.applied else ""
    typer.echo(f"#{item.number} {item.kind} {item.subject_name}: {item.decision}{applied}")
    typer.echo(_summary(after))


@app.command()
def close(data_dir: DataDir, campaign: CampaignRef, as_json: AsJson = False) -> None:
    """Close a campaign now, decided or not."""
    with _reviews(data_dir) as reviews:
        closed = reviews.close(campaign, CLI_ACTOR)
    typer.echo(json.dumps(closed.as_dict(), indent=2) if as_json else _summary(closed))
