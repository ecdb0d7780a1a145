"""A running console: the whole app on a migrated SQLite data directory, with users of every
role made through the real services, driven by Starlette's TestClient."""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyotp
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from annexa.app import Overrides, create_app
from annexa.audit.interface import Actor
from annexa.db import database_url, make_engine
from annexa.db.migrate import upgrade
from annexa.settings import load_settings
from annexa.web.console.identity import COOKIE, ConsoleIdentity
from tests.gateway.conftest import AZURE_KEY, ListSink, write_data_dir

ADMIN = Actor(kind="service", id="test")
PASSWORD = "violet tram kettle orbit"


@dataclass
class Console:
    app: FastAPI
    client: TestClient
    sink: ListSink

    @property
    def identity(self) -> ConsoleIdentity:
        found: ConsoleIdentity = self.app.state.console
        return found

    def user(self, name: str, role: str) -> str:
        """A user with ``PASSWORD``; returns the id."""
        user, _ = self.identity.accounts.create(name, role, ADMIN, PASSWORD)
        return user.id

    def session(self, user_id: str) -> str:
        """A full, MFA-checked session token for ``user_id`` (as after a real sign-in)."""
        _, token = self.identity.sign_in.sessions.open(user_id, mfa=True)
        return token


def csrf_of(token: str) -> str:
    """The CSRF token the console derives for the session ``token``."""
    sid = hashlib.sha256(token.encode()).hexdigest()
    return hmac.new(sid.encode(), b"annexa-csrf", hashlib.sha256).hexdigest()


def csrf_in(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no CSRF field"
    return found.group(1)


def secret_in(html: str) -> str:
    found = re.search(r"secret=([A-Z2-7]+)", html)
    assert found, "the enrolment page shows no TOTP secret"
    return found.group(1)


def make_console(tmp_path: Path, extra: str = "") -> Iterator[Console]:
    data_dir = tmp_path / "data"
    write_data_dir(data_dir, "http://127.0.0.1:9")  # no upstream is called here
    os.environ["ANNEXA_TEST_AZURE_KEY"] = AZURE_KEY
    if extra:
        with (data_dir / "annexa.yaml").open("a", encoding="utf-8") as f:
            f.write(extra)
    settings = load_settings(data_dir)
    engine = make_engine(database_url(data_dir))
    upgrade(engine)
    sink = ListSink()
    app = create_app(settings, Overrides(audit=sink, engine=engine))
    with TestClient(app, base_url="http://127.0.0.1:8787") as client:
        yield Console(app, client, sink)
    engine.dispose()


@pytest.fixture
def console(tmp_path: Path) -> Iterator[Console]:
    yield from make_console(tmp_path)


def totp_now(secret: str, ahead: int = 0) -> str:
    return pyotp.TOTP(secret).at(time.time() + 30 * ahead)


__all__ = [
    "COOKIE",
    "PASSWORD",
    "Console",
    "csrf_in",
    "csrf_of",
    "make_console",
    "secret_in",
    "totp_now",
]
