"""OIDC single sign-on against a real provider on loopback (annexa.testing.oidc_idp), on SQLite
and PostgreSQL: the whole code flow with PKCE, group → role mapping, JIT users, the local TOTP
step, and every refusal (state, nonce, audience, issuer, expiry, signature, groups, disabled)
audited with its reason."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pyotp
import pytest
from pydantic import ValidationError
from sqlalchemy import select, text, update
from sqlalchemy.engine import Engine

from annexa.audit.interface import Actor
from annexa.errors import AuthError, ConfigError
from annexa.identity.accounts import Accounts
from annexa.identity.lockout import DatabaseLockout, LockoutOptions
from annexa.identity.oidc import OidcSignIn, OidcSignInFailed, check_issuer_url, oidc_sign_in_for
from annexa.identity.passwords import PasswordHashing
from annexa.identity.service import SignIn
from annexa.identity.sessions import SessionStore
from annexa.identity.tables import OIDC_IDENTITIES, OIDC_STATES
from annexa.identity.users import UserRecords
from annexa.keys.envelope import SecretBox
from annexa.settings import IdentitySettings, OidcSettings, load_settings
from annexa.testing.oidc_idp import FakeIdp, IdpSwitches, IdpUser, serve_in_thread
from tests.identity.conftest import ListSink

CALLBACK = "http://127.0.0.1:9/auth/oidc/callback"
SECRET_ENV = "ANNEXA_TEST_OIDC_CLIENT_SECRET"
GROUPS = {"sec-team": "security_officer", "auditors": "auditor", "staff": "member"}
ADMIN = Actor(kind="service", id="test")


@dataclass
class Idp:
    fake: FakeIdp
    issuer: str


@pytest.fixture(scope="module")
def idp() -> Iterator[Idp]:
    fake = FakeIdp(redirect_uris=[CALLBACK])
    with serve_in_thread(fake.app()) as url:
        yield Idp(fake, url)


@pytest.fixture(autouse=True)
def _fresh_idp(idp: Idp) -> None:
    idp.fake.user = IdpUser()
    idp.fake.switches = IdpSwitches()


@pytest.fixture
def db(engine: Engine) -> Iterator[Engine]:
    yield engine
    with engine.begin() as conn:  # the PostgreSQL database is shared by the whole session
        for table in ("oidc_identities", "oidc_states"):
            conn.execute(text(f"DELETE FROM {table}"))  # nosec B608


@dataclass
class Rp:
    """The relying party under test and what it writes to."""

    oidc: OidcSignIn
    sign_in: SignIn
    sessions: SessionStore
    accounts: Accounts
    sink: ListSink
    engine: Engine


def make_rp(idp: Idp, engine: Engine, box: SecretBox, h: PasswordHashing, **oidc: Any) -> Rp:
    options = OidcSettings(
        enabled=True,
        issuer=idp.issuer,
        client_id=idp.fake.client_id,
        client_secret=f"env:{SECRET_ENV}",
        redirect_url=CALLBACK,
        scopes=["openid", "email", "groups"],
        create_users=True,
        **oidc,
    )
    identity = IdentitySettings(group_roles=GROUPS, oidc=options)
    sink = ListSink()
    sessions = SessionStore(engine)
    lockout = DatabaseLockout(engine, LockoutOptions())
    sign_in = SignIn(UserRecords(engine), lockout, sessions, box, sink, identity, hashing=h)
    service = OidcSignIn(sign_in, engine, client_secret=idp.fake.client_secret)
    accounts = Accounts(UserRecords(engine), sessions, sink, hashing=h)
    return Rp(service, sign_in, sessions, accounts, sink, engine)


@pytest.fixture
def rp(idp: Idp, db: Engine, box: SecretBox, cheap: PasswordHashing) -> Rp:
    return make_rp(idp, db, box, cheap)


def browser(url: str) -> dict[str, str]:
    """What the browser brings back to the callback after the IdP's redirect."""
    answer = httpx.get(url, follow_redirects=False)
    assert answer.status_code == 302
    location = answer.headers["location"]
    assert location.startswith(CALLBACK + "?")
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def sign_in(rp: Rp, return_to: str | None = None) -> Any:
    url, pending = rp.oidc.begin(return_to)
    back = browser(url)
    assert back["state"] == pending.state
    return rp.oidc.complete(
        code=back.get("code"),
        state=back["state"],
        error=back.get("error"),
        browser_state=pending.state,
        source_ip="192.0.2.9",
    )


def refused(rp: Rp, reason: str) -> None:
    """The last audit events end with an oidc auth-failure for ``reason``."""
    failure = rp.sink.named("auth-failure")[-1]
    assert failure.details["method"] == "oidc"
    assert failure.details["reason"] == reason


def test_full_flow_maps_groups_and_creates_the_user(rp: Rp, idp: Idp) -> None:
    idp.fake.user = IdpUser(groups=["staff", "auditors", "unrelated"])
    url, pending = rp.oidc.begin("/reviews")
    query = parse_qs(urlsplit(url).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["nonce"][0]
    assert query["code_challenge"][0]
    assert query["scope"] == ["openid email groups"]
    assert query["redirect_uri"] == [CALLBACK]
    back = browser(url)
    result = rp.oidc.complete(code=back["code"], state=back["state"], browser_state=pending.state)
    assert result.status == "ok"
    assert result.return_to == "/reviews"
    session = rp.sessions.check(result.token)
    assert session.user_id == result.user_id
    assert not session.mfa
    user = rp.accounts.get("ada@example.org")
    assert user.role == "auditor"  # the most privileged mapped group
    with rp.engine.connect() as conn:
        link = conn.execute(select(OIDC_IDENTITIES)).one()
    assert (link.user_id, link.issuer, link.subject) == (user.id, idp.issuer, "u-1001")
    assert link.last_login_at is not None
    (ok,) = rp.sink.named("auth-success")
    assert ok.details == {"method": "oidc", "mfa": False}
    created = rp.sink.named("config-changed")[0]
    assert created.details["action"] == "create:oidc"
    # the same subject again: the same user, its role follows its groups, old sessions end
    idp.fake.user = IdpUser(groups=["staff"])
    again = sign_in(rp)
    assert again.user_id == user.id
    assert rp.accounts.get("ada@example.org").role == "member"
    with pytest.raises(AuthError):
        rp.sessions.check(result.token)
    assert rp.sink.named("config-changed")[-1].details["action"] == "set-role:member"


def test_a_jit_user_cannot_sign_in_with_a_password(rp: Rp) -> None:
    sign_in(rp)
    with pytest.raises(AuthError):
        rp.sign_in.login("ada@example.org", "")


def test_linked_by_subject_never_by_email(rp: Rp, idp: Idp) -> None:
    rp.accounts.create("ada@example.org", "admin", ADMIN, "violet tram kettle orbit")
    with pytest.raises(OidcSignInFailed):
        sign_in(rp)  # same e-mail, no link: refused, not merged into the local admin
    refused(rp, "name-conflict")
    rp.oidc.link("ada@example.org", "u-1001", ADMIN)
    idp.fake.user = IdpUser(groups=["sec-team"], amr=["pwd", "mfa"])
    result = sign_in(rp)
    assert result.user_id == rp.accounts.get("ada@example.org").id
    assert result.mfa
    assert rp.accounts.get("ada@example.org").role == "security_officer"
    idp.fake.user = IdpUser(sub="u-2002", email="ada@example.org")  # another subject
    with pytest.raises(OidcSignInFailed):
        sign_in(rp)
    refused(rp, "name-conflict")


def test_not_provisioned_without_jit(idp: Idp, db: Engine, box: SecretBox, cheap: Any) -> None:
    rp = make_rp(idp, db, box, cheap)
    rp.oidc.options = rp.oidc.options.model_copy(update={"create_users": False})
    with pytest.raises(OidcSignInFailed):
        sign_in(rp)
    refused(rp, "not-provisioned")


def test_mfa_from_the_idp_or_the_local_step(rp: Rp, idp: Idp) -> None:
    idp.fake.user = IdpUser(groups=["sec-team"], amr=["pwd"])
    first = sign_in(rp)  # role needs MFA, none asserted, no TOTP yet: enrol
    assert first.status == "mfa_enrolment_required"
    pending = rp.sessions.check(first.token, purpose="mfa-enrolment")
    enrolment = rp.sign_in.begin_enrolment(pending)
    secret = enrolment.uri.split("secret=")[1].split("&")[0]
    totp = pyotp.TOTP(secret)
    rp.sign_in.confirm_enrolment(pending, totp.now())
    # with local TOTP and no MFA at the IdP: the local step
    second = sign_in(rp)
    assert second.status == "mfa_required"
    with pytest.raises(AuthError):
        rp.sessions.check(second.token)  # not a full session
    with pytest.raises(OidcSignInFailed):
        rp.oidc.complete_mfa(second.token, "000000")
    refused(rp, "bad-mfa-code")
    with pytest.raises(AuthError):
        rp.oidc.complete_mfa(second.token, totp.now())  # a wrong code ended the pending step
    third = sign_in(rp)
    code = totp.at(int(time.time()) + 30)  # the next step: not a replay of the enrolment
    done = rp.oidc.complete_mfa(third.token, code)
    assert done.status == "ok"
    assert done.mfa
    assert rp.sessions.check(done.token).mfa
    assert rp.sink.named("auth-success")[-1].details == {"method": "oidc", "mfa": True}
    # MFA asserted by the IdP: straight in
    idp.fake.user = IdpUser(groups=["sec-team"], amr=["pwd", "otp"])
    direct = sign_in(rp)
    assert direct.status == "ok"
    assert rp.sessions.check(direct.token).mfa


SWITCHES = [
    ("bad-nonce", IdpSwitches(nonce="not-the-one-asked-for")),
    ("bad-audience", IdpSwitches(audience="another-client")),
    ("bad-issuer", IdpSwitches(issuer="https://evil.example")),
    ("expired-id-token", IdpSwitches(lifetime_s=-600)),
    ("bad-signature", IdpSwitches(foreign_key=True)),
    ("idp-error:access_denied", IdpSwitches(error="access_denied")),
]


@pytest.mark.parametrize(("reason", "switches"), SWITCHES, ids=[r for r, _ in SWITCHES])
def test_bad_id_tokens_are_refused_and_audited(
    rp: Rp, idp: Idp, reason: str, switches: IdpSwitches
) -> None:
    idp.fake.switches = switches
    with pytest.raises(OidcSignInFailed) as caught:
        sign_in(rp)
    assert caught.value.reason == reason
    assert "single sign-on failed" in str(caught.value)
    refused(rp, reason)
    assert not rp.sink.named("auth-success")
    assert rp.accounts.list() == []


def test_state_is_single_use_expiring_and_bound_to_the_browser(rp: Rp) -> None:
    url, pending = rp.oidc.begin()
    back = browser(url)
    with pytest.raises(OidcSignInFailed):
        rp.oidc.complete(code=back["code"], state="forged-state")
    refused(rp, "unknown-state")
    rp.oidc.complete(code=back["code"], state=back["state"], browser_state=pending.state)
    with pytest.raises(OidcSignInFailed):  # the same callback replayed
        rp.oidc.complete(code=back["code"], state=back["state"], browser_state=pending.state)
    refused(rp, "replayed-state")
    url, pending = rp.oidc.begin()
    back = browser(url)
    with pytest.raises(OidcSignInFailed):  # a callback started in another browser
        rp.oidc.complete(code=back["code"], state=back["state"], browser_state="other")
    refused(rp, "state-mismatch")
    url, pending = rp.oidc.begin()
    back = browser(url)
    with rp.engine.begin() as conn:
        conn.execute(update(OIDC_STATES).values(expires_at="2000-01-01T00:00:00.000000+00:00"))
    with pytest.raises(OidcSignInFailed):
        rp.oidc.complete(code=back["code"], state=back["state"], browser_state=pending.state)
    refused(rp, "expired-state")
    with rp.engine.connect() as conn:
        stored = [r.state_hash for r in conn.execute(select(OIDC_STATES))]
    assert pending.state not in stored  # only its hash is kept


def test_unmapped_groups_are_refused_unless_a_default_role(
    idp: Idp, db: Engine, box: SecretBox, cheap: PasswordHashing
) -> None:
    idp.fake.user = IdpUser(groups=["contractors"])
    rp = make_rp(idp, db, box, cheap)
    with pytest.raises(OidcSignInFailed):
        sign_in(rp)
    refused(rp, "no-mapped-group")
    assert rp.accounts.list() == []
    rp = make_rp(idp, db, box, cheap, default_role="member")
    assert sign_in(rp).status == "ok"
    assert rp.accounts.get("ada@example.org").role == "member"


def test_disabled_user_is_refused(rp: Rp) -> None:
    sign_in(rp)
    rp.accounts.set_disabled("ada@example.org", True, ADMIN)
    with pytest.raises(OidcSignInFailed):
        sign_in(rp)
    refused(rp, "disabled")
    assert rp.sink.named("auth-failure")[-1].actor.name == "ada@example.org"


def test_groups_from_userinfo_and_email_domains(
    idp: Idp, db: Engine, box: SecretBox, cheap: PasswordHashing
) -> None:
    idp.fake.switches = IdpSwitches(groups_in_userinfo_only=True)
    idp.fake.user = IdpUser(groups=["auditors"])
    rp = make_rp(idp, db, box, cheap, allowed_email_domains=["example.org"])
    assert sign_in(rp).status == "ok"
    assert rp.accounts.get("ada@example.org").role == "auditor"
    idp.fake.user = IdpUser(sub="u-3", email="eve@elsewhere.test", groups=["auditors"])
    with pytest.raises(OidcSignInFailed):
        sign_in(rp)
    refused(rp, "email-domain")
    idp.fake.user = IdpUser(sub="u-4", email="bob@example.org", email_verified=False)
    with pytest.raises(OidcSignInFailed):
        sign_in(rp)
    refused(rp, "email-domain")


def test_return_to_is_only_a_local_path(rp: Rp) -> None:
    for bad in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        _, pending = rp.oidc.begin(bad)
        assert pending.return_to is None
    assert rp.oidc.begin("/users?page=2")[1].return_to == "/users?page=2"


def test_settings_refuse_secrets_and_plain_http(
    tmp_path: Path, idp: Idp, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ValidationError):
        OidcSettings(client_secret="s3cr3t-in-clear")  # a value, not a reference
    with pytest.raises(ConfigError):
        check_issuer_url("http://idp.example.org")
    assert check_issuer_url("https://idp.example.org/") == "https://idp.example.org"
    assert check_issuer_url("http://127.0.0.1:8080") == "http://127.0.0.1:8080"
    settings = load_settings(tmp_path)
    with pytest.raises(ConfigError):
        oidc_sign_in_for(settings, None, None, ListSink())  # type: ignore[arg-type]


def test_built_from_settings_with_the_secret_from_the_environment(
    tmp_path: Path, idp: Idp, db: Engine, box: SecretBox, monkeypatch: pytest.MonkeyPatch
) -> None:
    oidc = {
        "enabled": True,
        "issuer": idp.issuer,
        "client_id": idp.fake.client_id,
        "client_secret": f"env:{SECRET_ENV}",
        "redirect_url": CALLBACK,
        "create_users": True,
    }
    settings = load_settings(tmp_path, identity={"group_roles": GROUPS, "oidc": oidc})
    with pytest.raises(ConfigError):  # the variable is not set
        oidc_sign_in_for(settings, db, box, ListSink())
    monkeypatch.setenv(SECRET_ENV, idp.fake.client_secret)
    service = oidc_sign_in_for(settings, db, box, ListSink())
    url, pending = service.begin()
    back = browser(url)
    result = service.complete(code=back["code"], state=back["state"], browser_state=pending.state)
    assert result.status == "ok"
    # a wrong client secret: the IdP refuses the code exchange
    monkeypatch.setenv(SECRET_ENV, "not-the-registered-one")
    wrong = oidc_sign_in_for(settings, db, box, sink := ListSink())
    url, pending = wrong.begin()
    back = browser(url)
    with pytest.raises(OidcSignInFailed):
        wrong.complete(code=back["code"], state=back["state"])
    assert sink.named("auth-failure")[-1].details["reason"] == "token-exchange"


def test_an_unreachable_idp_is_a_refusal(
    db: Engine, box: SecretBox, cheap: PasswordHashing
) -> None:
    gone = Idp(FakeIdp(redirect_uris=[CALLBACK]), "http://127.0.0.1:9")  # nothing listens
    rp = make_rp(gone, db, box, cheap)
    with pytest.raises(OidcSignInFailed):
        rp.oidc.begin()
    refused(rp, "idp-unreachable")


def test_one_state_two_callbacks_at_once_one_wins(rp: Rp) -> None:
    url, pending = rp.oidc.begin()
    back = browser(url)
    barrier = threading.Barrier(3)
    outcomes: list[str] = []

    def callback() -> None:
        barrier.wait()
        try:
            rp.oidc.complete(code=back["code"], state=back["state"], browser_state=pending.state)
            outcomes.append("ok")
        except OidcSignInFailed as exc:
            outcomes.append(exc.reason)

    threads = [threading.Thread(target=callback) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "replayed-state", "replayed-state"]


def test_pkce_a_code_without_its_verifier_is_worthless(rp: Rp, idp: Idp) -> None:
    url, pending = rp.oidc.begin()
    back = browser(url)
    with rp.engine.begin() as conn:  # as if the code had been stolen by another client
        conn.execute(update(OIDC_STATES).values(code_verifier="x" * 86))
    with pytest.raises(OidcSignInFailed):
        rp.oidc.complete(code=back["code"], state=back["state"], browser_state=pending.state)
    refused(rp, "token-exchange")
    assert rp.accounts.list() == []
