"""The console end to end through HTTP: sign-in with MFA enrolment and challenge, keys shown
once and revoked, CSRF, MFA-less admins kept out, idle time-out."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import update

from annexa.detect.pattern import PatternDetector
from annexa.identity.apikeys import KEY_PREFIX
from annexa.identity.tables import USER_SESSIONS
from annexa.web.console.identity import NEW_KEY_COOKIE
from tests.web.conftest import (
    ADMIN,
    COOKIE,
    PASSWORD,
    Console,
    csrf_in,
    csrf_of,
    make_console,
    secret_in,
    totp_now,
)


def sign_in(console: Console, name: str, password: str = PASSWORD) -> str:
    page = console.client.get("/console/login")
    return console.client.post(
        "/console/login",
        data={"username": name, "password": password, "csrf": csrf_in(page.text)},
        follow_redirects=False,
    ).headers.get("location", "")


def test_admin_enrols_mfa_creates_a_key_sees_it_once_and_revokes_it(console: Console) -> None:
    console.user("ada", "admin")
    assert sign_in(console, "ada") == "/console/mfa/enrol"
    assert console.client.get("/console/users", follow_redirects=False).status_code == 303
    enrol = console.client.get("/console/mfa/enrol")
    assert "<svg" in enrol.text
    secret = secret_in(enrol.text)
    done = console.client.post(
        "/console/mfa/enrol", data={"code": totp_now(secret), "csrf": csrf_in(enrol.text)}
    )
    assert done.status_code == 200
    assert done.text.count("<li>") == 10  # the recovery codes, shown once
    cookie = console.client.cookies.get(COOKIE)
    assert cookie
    assert done.headers["cache-control"] == "no-store"

    keys = console.client.get("/console/keys")
    posted = console.client.post(
        "/console/keys",
        data={"user": "ada", "csrf": csrf_in(keys.text), "expires_days": "30"},
        follow_redirects=False,
    )
    assert posted.status_code == 303  # Post/Redirect/Get: a reload never makes a second key
    shown_at = posted.headers["location"]
    assert shown_at.startswith("/console/keys?created=")
    sealed = posted.cookies.get(NEW_KEY_COOKIE)
    assert sealed
    assert KEY_PREFIX not in sealed  # sealed, not the key in clear
    made = console.client.get(shown_at)
    assert made.status_code == 200
    key = made.text.split('id="new-key">')[1].split("<")[0]
    assert key.startswith(KEY_PREFIX)
    assert len(key) > 30
    reloaded = console.client.get(shown_at)
    assert key not in reloaded.text  # shown once, even at the same address
    assert "was shown once" in reloaded.text
    assert len(console.identity.keys.list()) == 1
    again = console.client.get("/console/keys")
    assert key not in again.text
    assert (
        console.client.get("/api/me", headers={"authorization": f"Bearer {key}"}).json()["role"]
        == "admin"
    )
    record = console.identity.keys.list()[0]
    revoked = console.client.post(
        f"/console/keys/{record.id}/revoke",
        data={"csrf": csrf_in(again.text)},
        follow_redirects=False,
    )
    assert revoked.status_code == 303
    refused = console.client.get("/api/me", headers={"authorization": f"Bearer {key}"})
    assert refused.status_code == 401  # the very next request
    actions = [e.details["action"] for e in console.sink.named("config-changed")]
    assert actions[-2:] == ["create", "revoke"]

    # sign out, then back in with the TOTP challenge: the password is sent once
    console.client.post("/console/logout", data={"csrf": csrf_of(cookie)})
    assert console.client.get("/console/", follow_redirects=False).status_code == 303
    assert sign_in(console, "ada") == "/console/login/mfa"
    mfa = console.client.get("/console/login/mfa")
    wrong = console.client.post(
        "/console/login/mfa", data={"code": "000000", "csrf": csrf_in(mfa.text)}
    )
    assert wrong.status_code == 401
    assert "sign-in failed" in wrong.text
    ok = console.client.post(
        "/console/login/mfa",
        data={"code": totp_now(secret, ahead=1), "csrf": csrf_in(mfa.text)},
        follow_redirects=False,
    )
    assert ok.headers["location"] == "/console/"
    assert "Welcome, ada" in console.client.get("/console/").text


def test_wrong_password_gives_one_message_and_no_session(console: Console) -> None:
    console.user("mia", "member")
    page = console.client.get("/console/login")
    for name in ("mia", "nobody"):
        answer = console.client.post(
            "/console/login",
            data={"username": name, "password": "not it at all", "csrf": csrf_in(page.text)},
        )
        assert answer.status_code == 401
        assert "sign-in failed: wrong user name, password or code" in answer.text
    assert COOKIE not in console.client.cookies


def test_forms_need_their_csrf_token_and_this_origin(console: Console) -> None:
    console.user("mia", "member")
    page = console.client.get("/console/login")
    token = csrf_in(page.text)
    data = {"username": "mia", "password": PASSWORD}
    missing = console.client.post("/console/login", data=data)
    assert missing.status_code == 400
    assert "form is incomplete" in missing.text
    assert console.client.post("/console/login", data={**data, "csrf": "forged"}).status_code == 403
    foreign = console.client.post(
        "/console/login",
        data={**data, "csrf": token},
        headers={"origin": "https://evil.example"},
    )
    assert foreign.status_code == 403
    ok = console.client.post("/console/login", data={**data, "csrf": token}, follow_redirects=False)
    assert ok.headers["location"] == "/console/"


def test_an_admin_session_without_mfa_reaches_no_admin_page(console: Console) -> None:
    uid = console.user("ada", "admin")
    _, token = console.identity.sign_in.sessions.open(uid, mfa=False)  # e.g. a bug elsewhere
    console.client.cookies.set(COOKIE, token)
    for page in ("/console/users", "/console/keys", "/console/"):
        assert console.client.get(page, follow_redirects=False).status_code == 303, page


def test_sensitive_changes_need_a_fresh_password_and_code(console: Console) -> None:
    console.user("ada", "admin")
    sign_in_service = console.identity.sign_in
    first = sign_in_service.login("ada", PASSWORD)
    assert first.token
    pending = sign_in_service.sessions.check(first.token, "mfa-enrolment")
    secret = secret_in(sign_in_service.begin_enrolment(pending).uri)
    token, _ = sign_in_service.confirm_enrolment(pending, totp_now(secret))
    with console.identity.sign_in.sessions.engine.begin() as conn:  # signed in an hour ago
        conn.execute(
            update(USER_SESSIONS).values(
                auth_at=(datetime.now(UTC) - timedelta(hours=1)).isoformat()
            )
        )
    console.client.cookies.set(COOKIE, token)
    form = {"name": "bob", "role": "member", "csrf": csrf_of(token)}
    asked = console.client.post("/console/users", data=form, follow_redirects=False)
    assert asked.headers["location"] == "/console/reauth?next=/console/users"
    assert [u.name for u in console.identity.accounts.list()] == ["ada"]
    denied = console.client.post(
        "/console/reauth",
        data={"password": PASSWORD, "code": "", "csrf": csrf_of(token), "next": "/console/users"},
    )
    assert denied.status_code == 401  # the password alone is not enough with MFA
    confirmed = console.client.post(
        "/console/reauth",
        data={
            "password": PASSWORD,
            "code": totp_now(secret, ahead=1),
            "csrf": csrf_of(token),
            "next": "https://evil.example/",
        },
        follow_redirects=False,
    )
    assert confirmed.headers["location"] == "/console/"  # no open redirect
    made = console.client.post("/console/users", data=form)
    assert 'id="one-time-password"' in made.text
    assert "bob" in [u.name for u in console.identity.accounts.list()]


def test_idle_session_times_out(tmp_path: Path) -> None:
    for console in make_console(tmp_path, "identity: {session_idle_timeout_s: 1}\n"):
        uid = console.user("mia", "member")
        _, token = console.identity.sign_in.sessions.open(uid, mfa=False)
        console.client.cookies.set(COOKIE, token)
        assert console.client.get("/console/profile").status_code == 200
        time.sleep(1.3)
        assert console.client.get("/console/profile", follow_redirects=False).status_code == 303


def test_a_one_time_password_must_be_changed_before_anything_else(console: Console) -> None:
    _, one_time = console.identity.accounts.create("neo", "member", ADMIN)
    assert one_time
    assert sign_in(console, "neo", one_time) == "/console/profile"
    home = console.client.get("/console/", follow_redirects=False)
    assert home.headers["location"] == "/console/profile"
    profile = console.client.get("/console/profile")
    assert "choose your own now" in profile.text
    weak = console.client.post(
        "/console/profile/password",
        data={"current": one_time, "new": "password1234", "csrf": csrf_in(profile.text)},
    )
    assert weak.status_code == 400  # a common password is refused
    changed = console.client.post(
        "/console/profile/password",
        data={"current": one_time, "new": PASSWORD, "csrf": csrf_in(profile.text)},
        follow_redirects=False,
    )
    assert changed.headers["location"] == "/console/profile?changed=1"
    assert "Welcome, neo" in console.client.get("/console/").text


def test_the_app_warms_its_scanner_before_serving(console: Console) -> None:
    gateway = console.app.state.gateway
    patterns = [d for d in gateway.scanner.detectors if isinstance(d, PatternDetector)]
    assert patterns
    assert all("_compiled" in vars(d) for d in patterns)  # done at startup


def test_a_new_key_cookie_opens_only_in_its_own_session(console: Console) -> None:
    from starlette.requests import Request  # noqa: PLC0415 - bare requests for the check
    from starlette.responses import Response  # noqa: PLC0415

    sessions = console.identity.sign_in.sessions
    ada = sessions.check(console.session(console.user("ada", "admin")))
    bob = sessions.check(console.session(console.user("bob", "admin")))
    record, key = console.identity.keys.create("ada", "admin")

    def request_of(session: object, sealed: str | None) -> Request:
        cookie = [(b"cookie", f"{NEW_KEY_COOKIE}={sealed}".encode())] if sealed else []
        request = Request({"type": "http", "headers": cookie, "path": "/console/keys"})
        request.state.session = session
        return request

    handed = Response()
    assert console.identity.hand_over_key(request_of(ada, None), handed, record.id, key)
    header = handed.headers["set-cookie"]
    assert "Path=/console/keys" in header
    assert "httponly" in header.lower()
    sealed = header.split(";")[0].split("=", 1)[1]
    take = console.identity.take_key
    assert take(request_of(bob, sealed), Response(), record.id) is None  # another session
    assert take(request_of(ada, sealed), Response(), "another-id") is None
    assert take(request_of(ada, sealed[:-6] + "AAAAAA"), Response(), record.id) is None
    cleared = Response()
    assert take(request_of(ada, sealed), cleared, record.id) == key
    assert 'annexa_new_key=""' in cleared.headers["set-cookie"]  # deleted as it is read
