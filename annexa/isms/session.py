"""An ISMS working session for the CLI (and any other front end): the migrated database, the
audit log, and :meth:`Session.changed`, which records every change to an ISMS record as a
``config-changed`` audit event with the SHA-256 of the record before and after."""

from __future__ import annotations

import getpass
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from pydantic import BaseModel
from sqlalchemy.engine import Engine

from annexa.audit.events import ConfigChanged, make_event
from annexa.audit.interface import Actor, AuditSink
from annexa.audit.store import AuditLog
from annexa.db import database_url, make_engine, upgrade
from annexa.isms._store import dump
from annexa.settings import Settings

__all__ = ["Session", "cli_actor", "isms_session", "record_hash"]


def cli_actor() -> Actor:
    """The person running the command, as the audit log names them."""
    return Actor(kind="user", id=f"cli:{getpass.getuser()}", role="operator")


def record_hash(record: BaseModel | None) -> str | None:
    """SHA-256 of a record's canonical JSON (``None`` for no record)."""
    return None if record is None else hashlib.sha256(dump(record).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Session:
    """The settings, the database, the audit log and who is acting."""

    settings: Settings
    engine: Engine
    audit: AuditSink
    actor: Actor

    def changed(
        self,
        target: str,
        action: str,
        before: BaseModel | None,
        after: BaseModel | None,
        version: str | None = None,
    ) -> None:
        """Audit one change to an ISMS record (``target``: ``soa:A.5.1``, ``supplier:x``...)."""
        details = ConfigChanged(target, action, record_hash(before), record_hash(after), version)
        self.audit.append(make_event(details, self.actor, "success"))


@contextmanager
def isms_session(settings: Settings, actor: Actor | None = None) -> Iterator[Session]:
    """Open the database (migrated) and the audit log for a series of ISMS changes."""
    engine = make_engine(database_url(settings.data_dir, settings.database_url))
    try:
        upgrade(engine)
        with AuditLog.open(settings) as log:
            yield Session(settings, engine, log, actor or cli_actor())
    finally:
        engine.dispose()
