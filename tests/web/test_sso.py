"""Single sign-on to the console through HTTP, against the loopback IdP
(annexa.testing.oidc_idp): the browser's leg to the IdP goes over httpx (the TestClient only
reaches the app), the callback back through the TestClient with the state cookie. A member
lands signed in; an admin without MFA at the IdP is sent to enrol, then to the TOTP step; a
callback without the state cookie, and a failure at the IdP, are refused with one message."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

import httpx
import pytest

from annexa.testing.oidc_idp import FakeIdp, IdpSwitches, IdpUser, serve_in_thread
from annexa.web.console.identity import STEP_COOKIE
from annexa.web.console.sso import STATE_COOKIE
from tests.web.conftest import (
    COOKIE,
    Console,
    csrf_in,
    csrf_of,
    make_console,
    secret_in,
    totp_now,
)

BASE = "http://127.0.0.1:8787"  # the TestClient's base URL (tests/web/conftest.py)
CALLBACK = f"{BASE}/console/auth/oidc/callback"
SECRET_ENV = "ANNEXA_TEST_OIDC_CLIENT_SECRET"
GROUPS = {"admins": "admin", "auditors": "auditor", "staff": "member"}


@dataclass
class Idp:
    fake: FakeIdp
    issuer: str


@pytest.fixture(scope="module")
def idp() -> Iterator[Idp]:
    fake = FakeIdp(redirect_uris=[CALLBACK])
    with serve_in_thread(fake.app()) as url:
        yield Idp(fake, url)


@pytest.fixture
def sso(idp: Idp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Console]:
    """A console with OIDC sign-in enabled against the loopback IdP."""
    idp.fake.user = IdpUser()
    idp.fake.switches = IdpSwitches()
    monkeypatch.setenv(SECRET_ENV, idp.fake.client_secret)
    oidc = {
        "enabled": True,
        "issuer": idp.issuer,
        "client_id": idp.fake.client_id,
        "client_secret": f"env:{SECRET_ENV}",
        "redirect_url": CALLBACK,
        "scopes": ["openid", "email", "groups"],
        "create_users": True,
    }
    extra = "identity: " + json.dumps({"group_roles": GROUPS, "oidc": oidc}) + "\n"
    yield from make_console(tmp_path, extra)


class Answer(Protocol):
    """A response of the TestClient (httpx2) or of httpx."""

    @property
    def status_code(self) -> int: ...
    @property
    def headers(self) -> Mapping[str, str]: ...
    @property
    def text(self) -> str: ...


def next_page(answer: Answer) -> str:
    """Where the callback's self-refreshing page leads (header, meta and link agree)."""
    assert answer.status_code == 200, answer.text
    target = answer.headers["refresh"].split("url=", 1)[1]
    assert f'content="0;url={target}"' in answer.text
    assert f'href="{target}" id="continue"' in answer.text
    return target


def to_idp(console: Console, start: str = "/console/auth/oidc/login") -> str:
    """Start the sign-in; the IdP's redirect back, as a path and query on the console."""
    begun = console.client.get(start, follow_redirects=False)
    assert begun.status_code == 303
    url = begun.headers["location"]
    assert url.startswith(console.app.state.oidc.issuer + "/authorize?")
    cookie = begun.headers["set-cookie"]
    assert cookie.startswith(f"{STATE_COOKIE}=")
    for part in ("HttpOnly", "Max-Age=600", "Path=/console/auth/oidc", "SameSite=lax"):
        assert part in cookie, part
    assert "Secure" not in cookie  # plain http on loopback here; set over https
    back = httpx.get(url, follow_redirects=False)  # the browser at the IdP
    assert back.status_code == 302
    location = back.headers["location"]
    assert location.startswith(CALLBACK + "?")
    parts = urlsplit(location)
    return f"{parts.path}?{parts.query}"


def test_login_page_offers_sso_only_when_enabled(sso: Console, tmp_path: Path) -> None:
    assert "Sign in with single sign-on" in sso.client.get("/console/login").text
    for plain in make_console(tmp_path / "plain"):
        assert "single sign-on" not in plain.client.get("/console/login").text
        for path in ("/console/auth/oidc/login", "/console/auth/oidc/callback?code=x&state=y"):
            off = plain.client.get(path, follow_redirects=False)
            assert off.headers["location"] == "/console/login"


def test_a_member_lands_signed_in(sso: Console) -> None:
    callback = to_idp(sso, "/console/auth/oidc/login?next=/console/profile")
    assert STATE_COOKIE in sso.client.cookies
    done = sso.client.get(callback, follow_redirects=False)
    assert next_page(done) == "/console/profile"
    assert done.headers["cache-control"] == "no-store"
    assert sso.client.cookies.get(COOKIE)
    assert STATE_COOKIE not in sso.client.cookies  # spent
    profile = sso.client.get("/console/profile")
    assert profile.status_code == 200
    assert "ada@example.org" in profile.text
    assert sso.identity.accounts.get("ada@example.org").role == "member"
    assert sso.sink.named("auth-success")[-1].details == {"method": "oidc", "mfa": False}
    # the same callback again (a replay) is refused
    sso.client.cookies.clear()
    replay = sso.client.get(callback)
    assert replay.status_code == 401
    assert sso.sink.named("auth-failure")[-1].details["reason"] == "replayed-state"


def test_no_open_redirect_after_sign_in(sso: Console) -> None:
    callback = to_idp(sso, "/console/auth/oidc/login?next=//evil.example/x")
    assert next_page(sso.client.get(callback)) == "/console/"


def test_an_admin_without_mfa_at_the_idp_enrols_then_gets_the_totp_step(
    sso: Console, idp: Idp
) -> None:
    idp.fake.user = IdpUser(groups=["admins", "staff"], amr=["pwd"])
    first = sso.client.get(to_idp(sso), follow_redirects=False)
    assert next_page(first) == "/console/mfa/enrol"
    assert COOKIE not in sso.client.cookies
    assert sso.client.get("/console/users", follow_redirects=False).status_code == 303
    enrol = sso.client.get("/console/mfa/enrol")
    secret = secret_in(enrol.text)
    enrolled = sso.client.post(
        "/console/mfa/enrol", data={"code": totp_now(secret), "csrf": csrf_in(enrol.text)}
    )
    assert enrolled.status_code == 200
    # the sign-in the enrolment completes was by SSO, and the audit says so
    assert sso.sink.named("auth-success")[-1].details == {"method": "oidc", "mfa": True}
    token = sso.client.cookies.get(COOKIE)
    assert token
    assert sso.client.get("/console/users").status_code == 200
    sso.client.post("/console/logout", data={"csrf": csrf_of(token)})

    # enrolled now: the IdP's password alone leads to the local TOTP step
    second = sso.client.get(to_idp(sso), follow_redirects=False)
    assert next_page(second) == "/console/login/mfa"
    assert sso.client.cookies.get(STEP_COOKIE)
    assert COOKIE not in sso.client.cookies
    step = sso.client.get("/console/login/mfa")
    assert step.status_code == 200
    wrong = sso.client.post(
        "/console/login/mfa", data={"code": "000000", "csrf": csrf_in(step.text)}
    )
    assert wrong.status_code == 401
    third = sso.client.get(to_idp(sso), follow_redirects=False)
    assert next_page(third) == "/console/login/mfa"
    step = sso.client.get("/console/login/mfa")
    ok = sso.client.post(
        "/console/login/mfa",
        data={"code": totp_now(secret, ahead=1), "csrf": csrf_in(step.text)},
        follow_redirects=False,
    )
    assert ok.headers["location"] == "/console/"
    assert sso.client.get("/console/users").status_code == 200

    # MFA asserted by the IdP: straight in, the session marked as MFA-checked
    sso.client.cookies.clear()
    idp.fake.user = IdpUser(groups=["admins"], amr=["pwd", "otp"])
    direct = sso.client.get(to_idp(sso))
    assert next_page(direct) == "/console/"
    assert sso.client.get("/console/users").status_code == 200


def test_a_callback_without_the_state_cookie_is_refused(sso: Console) -> None:
    callback = to_idp(sso)
    sso.client.cookies.delete(STATE_COOKIE, path="/console/auth/oidc")
    assert STATE_COOKIE not in sso.client.cookies
    refused = sso.client.get(callback)
    assert refused.status_code == 401
    assert "single sign-on failed; start again from the sign-in page" in refused.text
    assert 'role="alert"' in refused.text
    assert COOKIE not in sso.client.cookies
    failure = sso.sink.named("auth-failure")[-1].details
    assert (failure["method"], failure["reason"]) == ("oidc", "state-mismatch")
    assert not sso.sink.named("auth-success")
    assert sso.identity.accounts.list() == []


def test_a_failure_at_the_idp_shows_one_message(sso: Console, idp: Idp) -> None:
    idp.fake.switches = IdpSwitches(error="access_denied")
    refused = sso.client.get(to_idp(sso))
    assert refused.status_code == 401
    assert "single sign-on failed" in refused.text
    assert "access_denied" not in refused.text  # the reason is for the audit log only
    assert sso.sink.named("auth-failure")[-1].details["reason"] == "idp-error:access_denied"
    forged = sso.client.get("/console/auth/oidc/callback?code=x&state=forged")
    assert forged.status_code == 401
    assert sso.sink.named("auth-failure")[-1].details["reason"] == "unknown-state"


def test_an_admin_links_a_local_user_to_an_sso_subject_in_the_console(
    sso: Console, idp: Idp
) -> None:
    bob_id = sso.user("bob", "member")  # a local user from before single sign-on
    admin = sso.session(sso.user("root", "admin"))
    sso.client.cookies.set(COOKIE, admin)
    page = sso.client.get("/console/users")
    assert f"at {idp.issuer}" in page.text
    linked = sso.client.post(
        "/console/users/bob/sso-link",
        data={"subject": "u-7007", "csrf": csrf_of(admin)},
        follow_redirects=False,
    )
    assert linked.status_code == 303
    change = sso.sink.named("config-changed")[-1]
    assert change.details["action"] == "oidc-link"
    assert change.actor.name == "root"

    # bob now signs in at the IdP as u-7007 (not made anew: create_users is on, the link wins)
    sso.client.cookies.clear()
    idp.fake.user = IdpUser(sub="u-7007", email="robert@example.org", groups=["staff"])
    landed = sso.client.get(to_idp(sso), follow_redirects=False)
    assert next_page(landed) == "/console/"
    me = sso.client.get("/console/")
    assert "Welcome, bob" in me.text
    assert [u.name for u in sso.identity.accounts.list()].count("bob") == 1
    assert sso.sink.named("auth-success")[-1].actor.id == bob_id


def test_linking_needs_single_sign_on_to_be_enabled(console: Console) -> None:
    admin = console.session(console.user("root", "admin"))
    console.client.cookies.set(COOKIE, admin)
    console.user("bob", "member")
    assert "Link SSO" not in console.client.get("/console/users").text
    refused = console.client.post(
        "/console/users/bob/sso-link", data={"subject": "u-1", "csrf": csrf_of(admin)}
    )
    assert refused.status_code == 400
    assert "single sign-on is not enabled" in refused.text
