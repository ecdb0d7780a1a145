"""TOTP secrets follow master-key rotation: ``annexa keys rewrap`` re-wraps ``users.mfa_secret``
(registered in KNOWN_COLUMNS) and MFA sign-in keeps working once the old version is retired."""

from __future__ import annotations

import time
from pathlib import Path

import pyotp

from annexa.audit.interface import Actor
from annexa.db import database_url, make_engine, upgrade
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


MFA_COLUMN = EncryptedColumn("users", "mfa_secret", "id")


def test_registered_for_rewrap() -> None:
    assert MFA_COLUMN in KNOWN_COLUMNS


def test_mfa_survives_rotate_rewrap_retire(tmp_path: Path, cheap: PasswordHashing) -> None:
    """On an own SQLite database: key operations are recorded in the database, and the
    session-wide PostgreSQL one is shared with the keys area's tests, which count theirs."""
    engine = make_engine(database_url(tmp_path))
    upgrade(engine)
    provider = LocalFileProvider(tmp_path / "keys.json", development=True)
    # Only the identity column: other areas' rows in a shared database use other keys.
    manager = KeyManager(provider, engine, columns=[MFA_COLUMN])
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
    engine.dispose()
