"""TOTP secrets follow master-key rotation: ``annexa keys rewrap`` re-wraps ``users.mfa_secret``
(registered in KNOWN_COLUMNS) and MFA sign-in keeps working once the old version is retired."""

from __future__ import annotations

import time
from pathlib import Path

import pyotp
import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from annexa.audit.interface import Actor
from annexa.identity.accounts import Accounts
from annexa.identity.lockout import DatabaseLockout
from annexa.identity.passwords import PasswordHashing
from annexa.identity.service import SignIn
from annexa.identity.sessions import SessionStore
from annexa.identity.users import UserRecords
from annexa.keys.envelope import key_version_of
from annexa.keys.file import LocalFileProvider
from annexa.keys.registry import KNOWN_COLUMNS, EncryptedColumn
from annexa.keys.rotation import KeyManager
from tests.identity.conftest import ListSink

PASSWORD = "violet tram kettle orbit"


def test_registered_for_rewrap() -> None:
    assert EncryptedColumn("users", "mfa_secret", "id") in KNOWN_COLUMNS


def test_mfa_survives_rotate_rewrap_retire(
    engine: Engine, tmp_path: Path, cheap: PasswordHashing, request: pytest.FixtureRequest
) -> None:
    with engine.begin() as conn:  # this test's rewrap counts only the identity column
        for table in ("key_secrets", "gateway_vault"):
            conn.execute(text(f"DELETE FROM {table}"))  # nosec B608
    provider = LocalFileProvider(tmp_path / "keys.json", development=True)
    manager = KeyManager(provider, engine)
    sessions = SessionStore(engine)
    sink = ListSink()
    sign_in = SignIn(
        UserRecords(engine), DatabaseLockout(engine), sessions, manager.box, sink, hashing=cheap
    )
    Accounts(UserRecords(engine), sessions, sink, hashing=cheap).create(
        "ada", "admin", Actor(kind="service", id="test"), PASSWORD
    )
    first = sign_in.login("ada", PASSWORD)
    assert first.token
    pending = sessions.check(first.token, purpose="mfa-enrolment")
    secret = sign_in.begin_enrolment(pending).uri.split("secret=")[1].split("&")[0]
    sign_in.confirm_enrolment(pending, pyotp.TOTP(secret).now())

    manager.rotate()
    assert manager.rewrap().rewrapped == 1
    manager.retire("1")
    row = UserRecords(engine).row("ada")
    assert row is not None
    assert key_version_of(bytes(row["mfa_secret"])) == "2"
    code = pyotp.TOTP(secret).at(time.time() + 30)
    assert sign_in.login("ada", PASSWORD, code).status == "ok"
