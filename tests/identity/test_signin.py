"""The sign-in flow end to end on SQLite and PostgreSQL: no enumeration, lockout on every
replica, mandatory MFA for admins, replay-proof TOTP, recovery codes, rehash, audit."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal

import pyotp
import pytest
from argon2 import PasswordHasher
from sqlalchemy import text
from sqlalchemy.engine import Engine

from annexa.audit.interface import Actor
from annexa.errors import AuthError
from annexa.identity.accounts import Accounts
from annexa.identity.lockout import Lockout, LockoutOptions
from annexa.identity.passwords import PasswordHashing, WeakPassword
from annexa.identity.service import SignIn, SignInFailed
from annexa.identity.sessions import SessionStore
from annexa.identity.users import UserRecords
from annexa.keys.envelope import SecretBox
from annexa.keys.interface import DecryptionError
from tests.identity.conftest import ListSink, make_lockouts

ADMIN = Actor(kind="service", id="test")
PASSWORD = "violet tram kettle orbit"


@dataclass
class Stack:
    sign_in: SignIn
    accounts: Accounts
    sessions: SessionStore
    sink: ListSink


def build(
    engine: Engine, lockout: Lockout, box: SecretBox, sink: ListSink, h: PasswordHashing
) -> Stack:
    sessions = SessionStore(engine)
    sign_in = SignIn(UserRecords(engine), lockout, sessions, box, sink, hashing=h)
    accounts = Accounts(UserRecords(engine), sessions, sink, hashing=h)
    return Stack(sign_in, accounts, sessions, sink)


@pytest.fixture
def stack(
    engine: Engine,
    box: SecretBox,
    sink: ListSink,
    cheap: PasswordHashing,
    request: pytest.FixtureRequest,
) -> Stack:
    lockout, _ = make_lockouts("database", engine, LockoutOptions(), request)
    return build(engine, lockout, box, sink, cheap)


def enrol(stack: Stack, name: str) -> tuple[str, list[str], str]:
    """Sign in as an admin without MFA, enrol; (full token, recovery codes, TOTP secret)."""
    first = stack.sign_in.login(name, PASSWORD)
    assert first.status == "mfa_enrolment_required"
    assert first.token
    pending = stack.sessions.check(first.token, purpose="mfa-enrolment")
    enrolment = stack.sign_in.begin_enrolment(pending)
    assert b"<svg" in enrolment.qr_svg
    secret = enrolment.uri.split("secret=")[1].split("&")[0]
    token, codes = stack.sign_in.confirm_enrolment(pending, pyotp.TOTP(secret).now())
    return token, codes, secret


def test_member_signs_in_and_gets_a_session(stack: Stack) -> None:
    stack.accounts.create("mia", "member", ADMIN, PASSWORD)
    result = stack.sign_in.login("Mia", PASSWORD, source_ip="192.0.2.7")
    assert result.status == "ok"
    assert result.token
    assert stack.sessions.check(result.token).user_id == result.user_id
    (event,) = stack.sink.named("auth-success")
    assert event.actor.name == "mia"
    assert event.source_ip == "192.0.2.7"


def test_unknown_user_and_wrong_password_fail_alike(stack: Stack) -> None:
    stack.accounts.create("mia", "member", ADMIN, PASSWORD)
    stack.accounts.create("dan", "member", ADMIN, PASSWORD)
    stack.accounts.set_disabled("dan", True, ADMIN)
    messages = set()
    for name, password in (("nobody", PASSWORD), ("mia", "wrong " + PASSWORD), ("dan", PASSWORD)):
        with pytest.raises(SignInFailed) as err:
            stack.sign_in.login(name, password)
        messages.add(str(err.value))
    assert len(messages) == 1
    reasons = [e.details["reason"] for e in stack.sink.named("auth-failure")]
    assert reasons == ["unknown-user", "bad-password", "disabled"]
    assert stack.sink.named("auth-failure")[0].actor.kind == "anonymous"


def test_ten_wrong_passwords_lock_on_every_replica(
    engine: Engine,
    box: SecretBox,
    cheap: PasswordHashing,
    lockout_kind: str,
    request: pytest.FixtureRequest,
) -> None:
    one_lock, two_lock = make_lockouts(lockout_kind, engine, LockoutOptions(10, 600), request)
    one = build(engine, one_lock, box, ListSink(), cheap)
    two = build(engine, two_lock, box, ListSink(), cheap)
    one.accounts.create("mia", "member", ADMIN, PASSWORD)
    for i in range(10):
        with pytest.raises(SignInFailed):
            (one if i % 2 else two).sign_in.login("mia", f"wrong guess number {i}")
    for replica in (one, two):
        with pytest.raises(SignInFailed):  # even the right password now
            replica.sign_in.login("mia", PASSWORD)
    lockouts = one.sink.named("auth-lockout") + two.sink.named("auth-lockout")
    assert len(lockouts) == 1
    assert lockouts[0].details["failures"] == 10
    locked = [e for e in one.sink.events + two.sink.events if e.details.get("reason") == "locked"]
    assert len(locked) == 2
    one_lock.clear("mia")  # an admin unlock
    assert two.sign_in.login("mia", PASSWORD).status == "ok"


def test_unknown_names_lock_too(stack: Stack) -> None:
    for _ in range(10):
        with pytest.raises(SignInFailed):
            stack.sign_in.login("ghost", "whatever it is here")
    assert len(stack.sink.named("auth-lockout")) == 1


class CountingHasher(PasswordHasher):
    """argon2id (cheap parameters) counting its verifications."""

    calls = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
        type(self).calls += 1
        return super().verify(hash, password)


def test_timing_of_unknown_user_is_one_verification(
    engine: Engine, box: SecretBox, request: pytest.FixtureRequest
) -> None:
    """Unknown user, wrong password, locked: each path runs exactly one argon2 verification
    (counted, not timed: the timing follows)."""
    hashing = PasswordHashing(CountingHasher(time_cost=1, memory_cost=1024, parallelism=1))
    lockout, _ = make_lockouts("database", engine, LockoutOptions(2, 600), request)
    stack = build(engine, lockout, box, ListSink(), hashing)
    stack.accounts.create("mia", "member", ADMIN, PASSWORD)
    for name in ("mia", "nobody", "mia"):  # the third is locked (threshold 2)
        CountingHasher.calls = 0
        with pytest.raises(SignInFailed):
            stack.sign_in.login(name, "not the password at all")
        assert CountingHasher.calls == 1, name


def test_admin_must_enrol_mfa_before_a_session(stack: Stack) -> None:
    stack.accounts.create("ada", "admin", ADMIN, PASSWORD)
    first = stack.sign_in.login("ada", PASSWORD)
    assert first.status == "mfa_enrolment_required"
    assert first.token
    with pytest.raises(AuthError):
        stack.sessions.check(first.token)  # not a full session: no admin pages
    token, codes, _ = enrol(stack, "ada")
    assert stack.sessions.check(token).mfa
    assert len(codes) == 10
    assert stack.accounts.get("ada").mfa_enrolled
    assert stack.sign_in.login("ada", PASSWORD).status == "mfa_required"


def test_totp_code_cannot_be_replayed(stack: Stack) -> None:
    stack.accounts.create("ada", "admin", ADMIN, PASSWORD)
    _, _, secret = enrol(stack, "ada")
    totp = pyotp.TOTP(secret)
    code = totp.at(time.time() + 30)  # the next step: later than the one used to enrol
    assert stack.sign_in.login("ada", PASSWORD, code).status == "ok"
    with pytest.raises(SignInFailed):
        stack.sign_in.login("ada", PASSWORD, code)
    outcomes = [e.outcome for e in stack.sink.named("auth-mfa") if e.details["action"] == "verify"]
    assert outcomes == ["success", "failure"]


def test_recovery_codes_work_once(stack: Stack) -> None:
    stack.accounts.create("sol", "security_officer", ADMIN, PASSWORD)
    _, codes, _ = enrol(stack, "sol")
    assert stack.sign_in.login("sol", PASSWORD, codes[0]).status == "ok"
    with pytest.raises(SignInFailed):
        stack.sign_in.login("sol", PASSWORD, codes[0])
    assert stack.accounts.get("sol").recovery_codes_left == 9


def test_enrolled_mfa_cannot_be_swapped_by_a_session(stack: Stack) -> None:
    stack.accounts.create("ada", "admin", ADMIN, PASSWORD)
    token, _, _ = enrol(stack, "ada")
    with pytest.raises(AuthError, match="already enrolled"):
        stack.sign_in.begin_enrolment(stack.sessions.check(token))
    assert stack.accounts.get("ada").mfa_enrolled


def test_totp_secret_is_sealed_bound_to_its_row(stack: Stack, engine: Engine) -> None:
    stack.accounts.create("ada", "admin", ADMIN, PASSWORD)
    stack.accounts.create("bea", "admin", ADMIN, PASSWORD)
    _, _, secret = enrol(stack, "ada")
    with engine.begin() as conn:
        sealed = conn.execute(text("SELECT mfa_secret FROM users WHERE name = 'ada'")).scalar_one()
        assert secret.encode() not in bytes(sealed)
        conn.execute(text("UPDATE users SET mfa_secret = :s WHERE name = 'bea'"), {"s": sealed})
        conn.execute(text("UPDATE users SET mfa_enrolled_at = '2026-01-01' WHERE name = 'bea'"))
    with pytest.raises(DecryptionError):
        stack.sign_in.login("bea", PASSWORD, pyotp.TOTP(secret).now())


def test_reset_mfa_ends_sessions_and_requires_enrolment_again(stack: Stack) -> None:
    stack.accounts.create("ada", "admin", ADMIN, PASSWORD)
    token, _, _ = enrol(stack, "ada")
    stack.accounts.reset_mfa("ada", ADMIN)
    with pytest.raises(AuthError):
        stack.sessions.check(token)
    assert stack.sign_in.login("ada", PASSWORD).status == "mfa_enrolment_required"
    assert [e.details["action"] for e in stack.sink.named("auth-mfa")][-2:] == [
        "reset",
        "enrolment-required",
    ]


def test_password_rehashed_when_parameters_change(
    engine: Engine,
    box: SecretBox,
    sink: ListSink,
    cheap: PasswordHashing,
    request: pytest.FixtureRequest,
) -> None:
    lockout, _ = make_lockouts("database", engine, LockoutOptions(), request)
    old = build(engine, lockout, box, sink, cheap)
    old.accounts.create("mia", "member", ADMIN, PASSWORD)
    before = UserRecords(engine).row("mia")
    new = build(engine, lockout, box, sink, PasswordHashing.default())
    assert new.sign_in.login("mia", PASSWORD).status == "ok"
    after = UserRecords(engine).row("mia")
    assert before
    assert after
    assert before["password_hash"] != after["password_hash"]
    assert after["password_hash"].startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert new.sign_in.login("mia", PASSWORD).status == "ok"


def test_change_password_checks_policy_and_ends_other_sessions(stack: Stack) -> None:
    user, one_time = stack.accounts.create("mia", "member", ADMIN)
    assert one_time
    assert user.must_change_password
    result = stack.sign_in.login("mia", one_time)
    assert result.status == "ok"
    assert result.must_change_password
    assert result.token
    session = stack.sessions.check(result.token)
    with pytest.raises(WeakPassword):
        stack.sign_in.change_password(session, one_time, "password1234")
    with pytest.raises(SignInFailed):
        stack.sign_in.change_password(session, "not the current one", PASSWORD)
    fresh = stack.sign_in.change_password(session, one_time, PASSWORD)
    with pytest.raises(AuthError):
        stack.sessions.check(result.token)
    assert stack.sessions.check(fresh).user_id == user.id
    assert not stack.sign_in.login("mia", PASSWORD).must_change_password


def test_recovery_code_swap_is_compare_and_set(stack: Stack, engine: Engine) -> None:
    stack.accounts.create("sol", "security_officer", ADMIN, PASSWORD)
    enrol(stack, "sol")
    records = UserRecords(engine)
    row = records.row("sol")
    assert row is not None
    assert records.replace_recovery_codes(row["id"], row["recovery_codes"], "[]")
    assert not records.replace_recovery_codes(row["id"], row["recovery_codes"], "[]")  # stale


def test_two_step_sign_in_sends_the_password_once(stack: Stack) -> None:
    stack.accounts.create("ada", "admin", ADMIN, PASSWORD)
    _, _, secret = enrol(stack, "ada")
    first = stack.sign_in.login("ada", PASSWORD, pending=True)
    assert first.status == "mfa_required"
    assert first.token
    with pytest.raises(AuthError):
        stack.sessions.check(first.token)  # pending is no full session
    with pytest.raises(SignInFailed):
        stack.sign_in.complete_mfa(first.token, "000000")
    done = stack.sign_in.complete_mfa(first.token, pyotp.TOTP(secret).at(time.time() + 30))
    assert done.status == "ok"
    assert done.token
    assert stack.sessions.check(done.token).mfa
    with pytest.raises(AuthError):  # the pending session ended with success
        stack.sessions.check(first.token, purpose="mfa-pending")


def test_wrong_codes_after_the_password_lock_the_name(
    engine: Engine,
    box: SecretBox,
    sink: ListSink,
    cheap: PasswordHashing,
    request: pytest.FixtureRequest,
) -> None:
    lockout, _ = make_lockouts("database", engine, LockoutOptions(threshold=3), request)
    stack = build(engine, lockout, box, sink, cheap)
    stack.accounts.create("ada", "admin", ADMIN, PASSWORD)
    _, _, secret = enrol(stack, "ada")
    token = stack.sign_in.login("ada", PASSWORD, pending=True).token
    assert token
    for _ in range(3):
        with pytest.raises(SignInFailed):
            stack.sign_in.complete_mfa(token, "123456")
    with pytest.raises((SignInFailed, AuthError)):  # locked: even the right code is refused
        stack.sign_in.complete_mfa(token, pyotp.TOTP(secret).now())
    assert [e.details["reason"] for e in sink.named("auth-failure")][-1] == "locked"


def test_reauthentication_refreshes_the_session(stack: Stack) -> None:
    stack.accounts.create("ada", "admin", ADMIN, PASSWORD)
    token, _, secret = enrol(stack, "ada")
    session = stack.sessions.check(token)
    later = session.auth_at.replace(year=session.auth_at.year + 1)
    with pytest.raises(AuthError):
        stack.sessions.require_recent_auth(session, at=later)
    with pytest.raises(SignInFailed):
        stack.sign_in.reauthenticate(session, "wrong password entirely", None)
    with pytest.raises(SignInFailed):  # enrolled: the password alone is not enough
        stack.sign_in.reauthenticate(session, PASSWORD, None)
    stack.sign_in.reauthenticate(session, PASSWORD, pyotp.TOTP(secret).at(time.time() + 30))
    fresh = stack.sessions.check(token)
    assert fresh.auth_at > session.auth_at
    assert any(e.details["method"] == "reauth" for e in stack.sink.named("auth-success"))
