"""``annexa users``: console users (create, list, disable, enable, reset-mfa, reset-password,
unlock, set-role, link-sso).

For the operator on the server: every change is audited with the CLI as actor. ``create``
without ``--password-stdin`` prints a one-time password once (the user changes it at first
sign-in); with it, the password read from standard input must pass the password policy.
The first admin is still made by ``annexa init``. Exit codes: 0 done; 2 error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from annexa.audit.events import ConfigChanged, make_event
from annexa.audit.interface import Actor, AuditError
from annexa.audit.store import AuditLog
from annexa.cli.common import DataDir, fail, settings_for
from annexa.db import database_url, make_engine, upgrade
from annexa.errors import AnnexaError
from annexa.identity.accounts import Accounts
from annexa.identity.factory import accounts_for, lockout_for
from annexa.identity.oidc import oidc_sign_in_for
from annexa.identity.roles import ROLES
from annexa.identity.users import User
from annexa.keys.factory import secret_box_for

app = typer.Typer(
    help="Console users: create, list, disable, enable, reset-mfa, reset-password, unlock, "
    "set-role, link-sso.",
    no_args_is_help=True,
)

CLI_ACTOR = Actor(kind="service", id="annexa-cli")
Name = Annotated[str, typer.Argument(help="The user's name.")]


@contextmanager
def _accounts(data_dir: DataDir) -> Iterator[Accounts]:
    settings = settings_for(data_dir)
    engine = make_engine(database_url(settings.data_dir, settings.database_url))
    try:
        upgrade(engine)
        with AuditLog.open(settings) as log:
            yield accounts_for(settings.identity, engine, log)
    except (AnnexaError, AuditError) as exc:
        fail(exc if isinstance(exc, AnnexaError) else AnnexaError(f"audit: {exc}"))
    finally:
        engine.dispose()


def _show(user: User, **extra: object) -> None:
    typer.echo(json.dumps({**asdict(user), **extra}, indent=2))


@app.command()
def create(
    data_dir: DataDir,
    name: Name,
    role: Annotated[str, typer.Option(help=f"One of: {', '.join(ROLES)}.")] = "member",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Create a user; prints a one-time password ONCE unless --password-stdin."""
    password = sys.stdin.readline().rstrip("\n") if password_stdin else None
    with _accounts(data_dir) as accounts:
        user, one_time = accounts.create(name, role, CLI_ACTOR, password)
    if one_time is None:
        _show(user)
    else:
        _show(user, one_time_password=one_time)


@app.command("list")
def list_users(
    data_dir: DataDir,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List users: role, state, MFA."""
    with _accounts(data_dir) as accounts:
        users = accounts.list()
    if as_json:
        typer.echo(json.dumps([asdict(u) for u in users], indent=2))
        return
    table = Table(title=f"{len(users)} user{'s' if len(users) != 1 else ''}")
    for col in ("name", "role", "state", "mfa", "recovery codes", "created"):
        table.add_column(col)
    for u in users:
        state = "disabled" if u.disabled else "active"
        mfa = "enrolled" if u.mfa_enrolled else "-"
        table.add_row(u.name, u.role, state, mfa, str(u.recovery_codes_left), u.created_at)
    Console().print(table)


@app.command()
def disable(data_dir: DataDir, name: Name) -> None:
    """Disable a user: sign-in refused, sessions end at once."""
    with _accounts(data_dir) as accounts:
        _show(accounts.set_disabled(name, True, CLI_ACTOR))


@app.command()
def enable(data_dir: DataDir, name: Name) -> None:
    """Enable a disabled user again."""
    with _accounts(data_dir) as accounts:
        _show(accounts.set_disabled(name, False, CLI_ACTOR))


@app.command("reset-mfa")
def reset_mfa(data_dir: DataDir, name: Name) -> None:
    """Remove a user's MFA (lost phone); they enrol again at next sign-in."""
    with _accounts(data_dir) as accounts:
        _show(accounts.reset_mfa(name, CLI_ACTOR))


@app.command("set-role")
def set_role(
    data_dir: DataDir,
    name: Name,
    role: Annotated[str, typer.Argument(help=f"One of: {', '.join(ROLES)}.")],
) -> None:
    """Give a user another role; their sessions end."""
    with _accounts(data_dir) as accounts:
        _show(accounts.set_role(name, role, CLI_ACTOR))


@app.command("reset-password")
def reset_password(data_dir: DataDir, name: Name) -> None:
    """A new one-time password, printed ONCE; the user's sessions end and they must change it
    at the next sign-in."""
    with _accounts(data_dir) as accounts:
        user, one_time = accounts.reset_password(name, CLI_ACTOR)
    _show(user, one_time_password=one_time)


@app.command()
def unlock(data_dir: DataDir, name: Name) -> None:
    """Lift a lockout on a user name now (instead of waiting for the cool-down)."""
    settings = settings_for(data_dir)
    engine = make_engine(database_url(settings.data_dir, settings.database_url))
    try:
        upgrade(engine)
        lockout = lockout_for(settings.identity, engine)
        was = lockout.locked_until(name)
        lockout.clear(name)
        with AuditLog.open(settings) as log:
            details = ConfigChanged(
                target=f"login-name:{name}", action="unlock", before_hash=None, after_hash=None
            )
            log.append(make_event(details, CLI_ACTOR, "success"))
    except (AnnexaError, AuditError) as exc:
        fail(exc if isinstance(exc, AnnexaError) else AnnexaError(f"audit: {exc}"))
    finally:
        engine.dispose()
    locked = None if was is None else was.isoformat(timespec="seconds")
    typer.echo(json.dumps({"name": name, "was_locked_until": locked, "locked": False}))


@app.command("link-sso")
def link_sso(
    data_dir: DataDir,
    name: Name,
    subject: Annotated[
        str, typer.Argument(help="The user's subject (the sub claim) at the identity.oidc IdP.")
    ],
) -> None:
    """Link a local user to their identity at the single sign-on IdP (issuer and subject, never
    the e-mail address): they then sign in there. Needed when identity.oidc.create_users is off,
    or to move an existing local user to SSO."""
    settings = settings_for(data_dir)
    engine = make_engine(database_url(settings.data_dir, settings.database_url))
    try:
        upgrade(engine)
        with AuditLog.open(settings) as log:
            box = secret_box_for(settings)
            sso = oidc_sign_in_for(settings, engine, box, log, with_secret=False)
            sso.link(name, subject, CLI_ACTOR)
    except (AnnexaError, AuditError) as exc:
        fail(exc if isinstance(exc, AnnexaError) else AnnexaError(f"audit: {exc}"))
    finally:
        engine.dispose()
    typer.echo(json.dumps({"user": name, "issuer": sso.issuer, "subject": subject.strip()}))
