"""Server-side sessions: hashed tokens, idle and absolute timeouts, revocation, re-auth age."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from annexa.errors import AuthError
from annexa.identity.sessions import ReauthRequired, SessionOptions, SessionStore

OPTIONS = SessionOptions(idle_timeout_s=60, absolute_timeout_s=600, reauth_max_age_s=30)


def test_token_is_stored_only_hashed_and_checks(engine: Engine) -> None:
    store = SessionStore(engine, OPTIONS)
    session, token = store.open("u1", mfa=True)
    with engine.connect() as conn:
        stored = " ".join(str(v) for v in conn.execute(text("SELECT * FROM user_sessions")).one())
    assert token not in stored
    assert session.id in stored
    assert store.check(token).user_id == "u1"
    with pytest.raises(AuthError):
        store.check(token + "x")


def test_idle_timeout(engine: Engine) -> None:
    store = SessionStore(engine, OPTIONS)
    _, token = store.open("u1", mfa=True)
    now = datetime.now(UTC)
    store.check(token, at=now + timedelta(seconds=50))  # use moves the idle deadline
    store.check(token, at=now + timedelta(seconds=100))
    with pytest.raises(AuthError, match="idle"):
        store.check(token, at=now + timedelta(seconds=200))
    with pytest.raises(AuthError):
        store.check(token)  # revoked for good


def test_absolute_timeout_whatever_the_use(engine: Engine) -> None:
    store = SessionStore(engine, OPTIONS)
    _, token = store.open("u1", mfa=True)
    start = datetime.now(UTC)
    for seconds in range(50, 600, 50):
        store.check(token, at=start + timedelta(seconds=seconds))
    with pytest.raises(AuthError, match="expired"):
        store.check(token, at=start + timedelta(seconds=620))


def test_revocation_one_and_all(engine: Engine) -> None:
    store = SessionStore(engine, OPTIONS)
    _, a = store.open("u1", mfa=True)
    _, b = store.open("u1", mfa=True)
    _, c = store.open("u2", mfa=True)
    store.revoke(a)
    with pytest.raises(AuthError):
        store.check(a)
    assert store.revoke_user("u1") == 1
    with pytest.raises(AuthError):
        store.check(b)
    assert store.check(c).user_id == "u2"


def test_enrolment_session_is_not_a_full_session(engine: Engine) -> None:
    store = SessionStore(engine, OPTIONS)
    _, token = store.open("u1", mfa=False, purpose="mfa-enrolment")
    with pytest.raises(AuthError):
        store.check(token)
    assert store.check(token, purpose="mfa-enrolment").purpose == "mfa-enrolment"


def test_sensitive_changes_need_a_recent_authentication(engine: Engine) -> None:
    store = SessionStore(engine, OPTIONS)
    session, token = store.open("u1", mfa=True)
    store.require_recent_auth(session)
    later = datetime.now(UTC) + timedelta(seconds=45)
    with pytest.raises(ReauthRequired):
        store.require_recent_auth(session, at=later)
    store.reauthenticated(session)
    store.require_recent_auth(store.check(token), at=datetime.now(UTC) + timedelta(seconds=20))


def test_a_session_remembers_how_its_user_authenticated(engine: Engine) -> None:
    store = SessionStore(engine, OPTIONS)
    _, by_password = store.open("u1", mfa=True)
    _, by_sso = store.open("u1", mfa=False, purpose="mfa-enrolment", method="oidc")
    assert store.check(by_password).method == "password"
    assert store.check(by_sso, "mfa-enrolment").method == "oidc"
    with engine.begin() as conn:  # a row from before identity_0006 has no method: password
        conn.execute(text("UPDATE user_sessions SET auth_method = NULL"))
    assert store.check(by_sso, "mfa-enrolment").method == "password"
