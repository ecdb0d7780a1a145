"""OpenID Connect single sign-on to the console (A.5.16, A.5.17, A.8.5).

The authorization-code flow with PKCE (S256), state and nonce, against the provider named by
``identity.oidc.issuer`` (read from its ``/.well-known/openid-configuration``). Two steps, both
blocking (call them from a sync route; FastAPI runs those in its thread pool):

``OidcSignIn.begin(return_to=None) -> (authorization_url, PendingSignIn)``
    Makes a state, a nonce and a PKCE verifier, keeps them server-side (``oidc_states``: the
    state only as its SHA-256; single use; expiring after ``identity.oidc.state_ttl_s``) and
    answers the IdP URL to redirect the browser to. ``return_to`` (a local path such as
    ``/reviews``, nothing else) comes back in the result. The web layer should also set
    ``PendingSignIn.state`` in a short cookie (HttpOnly, Secure, SameSite=Lax, Max-Age
    ``state_ttl_s``) and pass it back as ``browser_state``: a callback then only succeeds in
    the browser that started it (no login CSRF).

``OidcSignIn.complete(code=..., state=..., error=None, browser_state=None, source_ip=None)
-> OidcResult``
    For the callback's query parameters. Uses the state once, exchanges the code (client
    secret from the ``env:``/``file:`` reference, PKCE verifier), validates the ID token
    (signature by a key of the IdP's JWKS, RS/PS/ES/EdDSA only; ``iss``, ``aud``/``azp``,
    ``exp``, ``iat``, ``nonce``), reads the groups claim (ID token, else userinfo), maps it to a
    role with ``identity.group_roles`` (the most privileged wins; no mapped group: the
    ``default_role``, or refused), finds the local user **linked by issuer and subject**
    (never by e-mail alone), creates it when ``create_users`` is on, updates its role (sessions
    end when it changes) and refuses a disabled one. The status, as for
    :meth:`annexa.identity.service.SignIn.login`:

    - ``ok``: ``token`` is a full session (``mfa`` says whether a second factor was checked);
    - ``mfa_required``: the IdP asserted no second factor (``amr`` has none of
      ``identity.oidc.mfa_amr_values``) and the user has local TOTP (or their role needs MFA):
      ``token`` is a five-minute ``mfa-pending`` session; send the code to
      :meth:`OidcSignIn.complete_mfa` (``SignIn.complete_mfa`` works too, audited as a password
      sign-in);
    - ``mfa_enrolment_required``: the role needs MFA, none was asserted and the user has no
      TOTP: ``token`` is an ``mfa-enrolment`` session, as after a password.

    Any refusal raises :class:`OidcSignInFailed` (one message; the reason in the audit log and
    in ``.reason`` for the server's own logs, never for the browser).

``OidcSignIn.complete_mfa(token, code, source_ip=None) -> OidcResult``
    The local TOTP (or recovery) code for an ``mfa-pending`` session from :meth:`complete`.

``OidcSignIn.link(name, subject, actor)``
    Link an existing local user to the IdP's ``sub`` (an admin's act; audited), so that user
    signs in through the IdP without a user being created.

``oidc_sign_in_for(settings, engine, box, audit) -> OidcSignIn`` builds it from the settings.

Audit: ``auth-success`` ``method="oidc"`` (``mfa`` true when the IdP or the local step checked a
second factor); ``auth-failure`` ``method="oidc"`` with ``reason`` one of ``unknown-state``,
``replayed-state``, ``expired-state``, ``state-mismatch``, ``idp-error``, ``no-code``,
``token-exchange``, ``bad-signature``, ``bad-id-token``, ``bad-issuer``, ``bad-audience``,
``expired-id-token``, ``bad-nonce``, ``userinfo-mismatch``, ``email-domain``,
``no-mapped-group``, ``not-provisioned``, ``name-conflict``, ``disabled``, ``bad-mfa-code``,
``locked``, ``idp-unreachable``; ``config-changed`` for a user created, linked or given a new
role by a sign-in.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, NoReturn
from urllib.parse import urlsplit

import httpx
from authlib.integrations.httpx_client import OAuth2Client  # type: ignore[import-untyped]
from joserfc import jwt
from joserfc.errors import BadSignatureError, ClaimError, JoseError
from joserfc.jwk import KeySet
from sqlalchemy import delete, select, update
from sqlalchemy.engine import Engine

from annexa.audit.events import (
    AuthFailure,
    AuthMfa,
    AuthSuccess,
    ConfigChanged,
    Details,
    make_event,
)
from annexa.audit.interface import Actor, AuditSink, Outcome
from annexa.errors import AuthError, ConfigError, InputError
from annexa.identity.apikeys import now
from annexa.identity.factory import sign_in_for
from annexa.identity.roles import ROLES, check_role
from annexa.identity.service import SignIn, actor_of
from annexa.identity.tables import OIDC_IDENTITIES, OIDC_STATES
from annexa.identity.users import UserRecords
from annexa.keys.envelope import SecretBox
from annexa.keys.factory import resolve_reference
from annexa.settings import OidcSettings, Settings
from annexa.tls import client_ssl_context

__all__ = [
    "OidcResult",
    "OidcSignIn",
    "OidcSignInFailed",
    "PendingSignIn",
    "check_issuer_url",
    "oidc_sign_in_for",
    "resolve_client_secret",
    "safe_return_to",
]

FAILED = "single sign-on failed; start again from the sign-in page"
SIGNING_ALGS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA")
DISCOVERY_TTL = timedelta(hours=1)
ANONYMOUS = Actor(kind="anonymous", id="unknown")
_SAFE_RETURN = re.compile(r"^/[A-Za-z0-9/_.~%?=&+-]*$")
# The session purpose of a sign-in waiting for its TOTP code (the console's two-step sign-in in
# annexa.identity.sessions: five minutes, usable for nothing but the code). Typed loosely so this
# module does not depend on that edit; check() of any other purpose refuses such a session.
MFA_PENDING: Any = "mfa-pending"


class OidcSignInFailed(AuthError):
    """Single sign-on refused; one message whatever the cause (the reason is audited)."""

    hint = "Start the sign-in again; if it keeps failing, ask an administrator."

    def __init__(self, reason: str) -> None:
        super().__init__(FAILED)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class PendingSignIn:
    """A sign-in sent to the IdP: its state (for the browser's cookie) and its expiry."""

    state: str
    expires_at: datetime
    return_to: str | None


@dataclass(frozen=True, slots=True)
class OidcResult:
    """What :meth:`OidcSignIn.complete` decided; statuses as ``SignIn.login``'s."""

    status: Literal["ok", "mfa_required", "mfa_enrolment_required"]
    token: str
    user_id: str
    mfa: bool = False
    return_to: str | None = None


@dataclass(frozen=True, slots=True)
class _Provider:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str | None
    auth_method: str
    algorithms: tuple[str, ...]
    fetched: datetime


def _hash(state: str) -> str:
    return hashlib.sha256(state.encode()).hexdigest()


def check_issuer_url(url: str) -> str:
    """``url`` if it is https, or http on a loopback address; :class:`ConfigError` otherwise."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if parts.scheme == "https" or (parts.scheme == "http" and loopback):
        return url.rstrip("/")
    raise ConfigError(f"identity.oidc.issuer {url!r} must be an https URL (http only on loopback)")


def safe_return_to(path: str | None) -> str | None:
    """A local path to go back to after sign-in, or None (never another site: no ``//``)."""
    if path and _SAFE_RETURN.match(path) and not path.startswith("//") and len(path) <= 500:
        return path
    return None


class OidcSignIn:
    """OIDC sign-in over the local :class:`SignIn` (users, sessions, lockout, audit)."""

    def __init__(
        self,
        sign_in: SignIn,
        engine: Engine,
        *,
        client_secret: str,
        options: OidcSettings | None = None,
    ) -> None:
        self.sign_in = sign_in
        self.engine = engine
        self.options = options or sign_in.options.oidc
        self.identity = sign_in.options
        self.records: UserRecords = sign_in.records
        self.audit: AuditSink = sign_in.audit
        self._secret = client_secret
        o = self.options
        if not (o.issuer and o.client_id and o.redirect_url):
            raise ConfigError("identity.oidc needs issuer, client_id and redirect_url")
        self.issuer = check_issuer_url(o.issuer)
        self.client_id = o.client_id
        self.redirect_url = o.redirect_url
        if o.default_role is not None:
            check_role(o.default_role)
        self._verify = client_ssl_context(o.ca_file)
        self._provider: _Provider | None = None
        self._keys: KeySet | None = None

    # -- the IdP's metadata and keys -----------------------------------------------------------

    def _http(self) -> httpx.Client:
        return httpx.Client(verify=self._verify, timeout=10.0, follow_redirects=False)

    def provider(self) -> _Provider:
        """The IdP's discovery document (cached an hour); its issuer must be ours exactly."""
        cached = self._provider
        if cached is not None and datetime.now(UTC) - cached.fetched < DISCOVERY_TTL:
            return cached
        url = f"{self.issuer}/.well-known/openid-configuration"
        with self._http() as http:
            response = http.get(url)
            response.raise_for_status()
            doc: dict[str, Any] = response.json()
        if str(doc.get("issuer", "")).rstrip("/") != self.issuer:
            raise ConfigError(f"{url}: the discovery document names another issuer")
        methods = doc.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
        offered = doc.get("id_token_signing_alg_values_supported") or ["RS256"]
        algorithms = tuple(a for a in offered if a in SIGNING_ALGS)
        if not algorithms:
            raise ConfigError(f"{url}: no ID token signing algorithm Annexa accepts")
        self._provider = _Provider(
            issuer=self.issuer,
            authorization_endpoint=str(doc["authorization_endpoint"]),
            token_endpoint=str(doc["token_endpoint"]),
            jwks_uri=str(doc["jwks_uri"]),
            userinfo_endpoint=doc.get("userinfo_endpoint"),
            auth_method="client_secret_basic"
            if "client_secret_basic" in methods
            else "client_secret_post",
            algorithms=algorithms,
            fetched=datetime.now(UTC),
        )
        return self._provider

    def _key_set(self, refresh: bool = False) -> KeySet:
        if self._keys is None or refresh:
            with self._http() as http:
                response = http.get(self.provider().jwks_uri)
                response.raise_for_status()
                self._keys = KeySet.import_key_set(response.json())
        return self._keys

    # -- step 1: to the IdP --------------------------------------------------------------------

    def begin(self, return_to: str | None = None) -> tuple[str, PendingSignIn]:
        """The IdP URL to send the browser to, and the pending sign-in (see the module doc)."""
        try:
            provider = self.provider()
        except (httpx.HTTPError, ValueError, KeyError):
            self._refuse("idp-unreachable", None, None)
        state = secrets.token_urlsafe(32)
        nonce = secrets.token_urlsafe(32)
        verifier = secrets.token_urlsafe(64)  # 86 characters (RFC 7636: 43 to 128)
        moment = datetime.now(UTC)
        expires = moment + timedelta(seconds=self.options.state_ttl_s)
        back = safe_return_to(return_to)
        with self.engine.begin() as conn:
            conn.execute(delete(OIDC_STATES).where(OIDC_STATES.c.expires_at < _iso(moment)))
            conn.execute(
                OIDC_STATES.insert().values(
                    state_hash=_hash(state),
                    nonce=nonce,
                    code_verifier=verifier,
                    return_to=back,
                    created_at=_iso(moment),
                    expires_at=_iso(expires),
                    used_at=None,
                )
            )
        scopes = ["openid", *(s for s in self.options.scopes if s != "openid")]
        with self._client(provider) as client:
            url, _ = client.create_authorization_url(
                provider.authorization_endpoint,
                state=state,
                nonce=nonce,
                code_verifier=verifier,
                scope=" ".join(scopes),
            )
        return str(url), PendingSignIn(state, expires, back)

    def _client(self, provider: _Provider) -> Any:
        return OAuth2Client(
            client_id=self.client_id,
            client_secret=self._secret,
            token_endpoint_auth_method=provider.auth_method,
            redirect_uri=self.redirect_url,
            code_challenge_method="S256",
            verify=self._verify,
            timeout=10.0,
            follow_redirects=False,
        )

    # -- step 2: back from the IdP -------------------------------------------------------------

    def complete(
        self,
        *,
        code: str | None,
        state: str | None,
        error: str | None = None,
        browser_state: str | None = None,
        source_ip: str | None = None,
    ) -> OidcResult:
        """Finish the sign-in from the callback's parameters; see the module docstring."""
        pending = self._use_state(state, browser_state, source_ip)
        if error:
            code_name = re.sub(r"[^a-z_]", "", error.lower())[:40] or "unknown"
            self._refuse(f"idp-error:{code_name}", None, source_ip)
        if not code:
            self._refuse("no-code", None, source_ip)
        claims = self._exchange(code, pending, source_ip)
        subject = str(claims["sub"])
        email = claims.get("email")
        role = self._role_of(claims, source_ip)
        row = self._user_for(subject, claims, role, source_ip)
        if row["disabled"]:
            self._refuse("disabled", row, source_ip)
        if row["role"] != role:
            self.records.update(row["id"], role=role)
            self.sign_in.sessions.revoke_user(row["id"])
            self._changed(row["id"], f"set-role:{role}")
            row = {**row, "role": role}
        with self.engine.begin() as conn:
            conn.execute(
                update(OIDC_IDENTITIES)
                .where(OIDC_IDENTITIES.c.issuer == self.issuer)
                .where(OIDC_IDENTITIES.c.subject == subject)
                .values(last_login_at=now(), email=str(email)[:320] if email else None)
            )
        amr = claims.get("amr") or []
        idp_mfa = isinstance(amr, list) and any(v in self.options.mfa_amr_values for v in amr)
        return self._session_for(row, idp_mfa, pending["return_to"], source_ip)

    def _use_state(
        self, state: str | None, browser_state: str | None, source_ip: str | None
    ) -> dict[str, Any]:
        """The pending sign-in of ``state``, marked used (once: of two callbacks, one wins)."""
        if not state:
            self._refuse("unknown-state", None, source_ip)
        key = _hash(state)
        moment = _iso(datetime.now(UTC))
        with self.engine.begin() as conn:
            row = conn.execute(
                select(OIDC_STATES).where(OIDC_STATES.c.state_hash == key)
            ).one_or_none()
            used = 0
            if row is not None and row.used_at is None:
                used = conn.execute(
                    update(OIDC_STATES)
                    .where(OIDC_STATES.c.state_hash == key, OIDC_STATES.c.used_at.is_(None))
                    .values(used_at=moment)
                ).rowcount
        if row is None:
            self._refuse("unknown-state", None, source_ip)
        if used != 1:
            self._refuse("replayed-state", None, source_ip)
        if row.expires_at < moment:
            self._refuse("expired-state", None, source_ip)
        if browser_state is not None and not secrets.compare_digest(browser_state, state):
            self._refuse("state-mismatch", None, source_ip)
        return dict(row._asdict())

    def _exchange(
        self, code: str, pending: Mapping[str, Any], source_ip: str | None
    ) -> dict[str, Any]:
        """The ID token's claims, validated, with the groups from userinfo when the token has
        none."""
        try:
            provider = self.provider()
        except (httpx.HTTPError, ValueError, KeyError, ConfigError):
            self._refuse("idp-unreachable", None, source_ip)
        try:
            with self._client(provider) as client:
                tokens = client.fetch_token(
                    provider.token_endpoint,
                    grant_type="authorization_code",
                    code=code,
                    code_verifier=pending["code_verifier"],
                )
        except Exception:  # authlib's OAuthError, httpx errors, a non-JSON answer
            self._refuse("token-exchange", None, source_ip)
        id_token = tokens.get("id_token") if isinstance(tokens, Mapping) else None
        if not isinstance(id_token, str):
            self._refuse("token-exchange", None, source_ip)
        claims = self._validate(id_token, provider, str(pending["nonce"]), source_ip)
        if self.options.groups_claim not in claims and provider.userinfo_endpoint:
            info = self._userinfo(provider.userinfo_endpoint, tokens, source_ip)
            if info.get("sub") != claims["sub"]:
                self._refuse("userinfo-mismatch", None, source_ip)
            claims = {**info, **claims, self.options.groups_claim: info.get(
                self.options.groups_claim, [])}  # fmt: skip
        return claims

    def _validate(
        self, id_token: str, provider: _Provider, nonce: str, source_ip: str | None
    ) -> dict[str, Any]:
        try:
            try:
                token = jwt.decode(id_token, self._key_set(), algorithms=provider.algorithms)
            except (BadSignatureError, ValueError):  # the IdP may have rotated its keys
                token = jwt.decode(
                    id_token, self._key_set(refresh=True), algorithms=provider.algorithms
                )
        except BadSignatureError:
            self._refuse("bad-signature", None, source_ip)
        except (JoseError, ValueError, httpx.HTTPError):
            self._refuse("bad-id-token", None, source_ip)
        registry = jwt.JWTClaimsRegistry(
            leeway=self.options.clock_skew_s,
            iss={"essential": True, "value": self.issuer},
            sub={"essential": True},
            aud={"essential": True, "value": self.client_id},
            exp={"essential": True},
            iat={"essential": True},
            nonce={"essential": True, "value": nonce},
        )
        claims = dict(token.claims)
        try:
            registry.validate(claims)
        except ClaimError as exc:
            reason = {
                "iss": "bad-issuer",
                "aud": "bad-audience",
                "exp": "expired-id-token",
                "nonce": "bad-nonce",
            }.get(exc.claim, "bad-id-token")
            self._refuse(reason, None, source_ip)
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.client_id:
            self._refuse("bad-audience", None, source_ip)
        skew = self.options.clock_skew_s
        if not isinstance(claims["iat"], int) or claims["iat"] > _epoch() + skew:
            self._refuse("bad-id-token", None, source_ip)
        return claims

    def _userinfo(
        self, endpoint: str, tokens: Mapping[str, Any], source_ip: str | None
    ) -> dict[str, Any]:
        try:
            with self._http() as http:
                response = http.get(
                    endpoint, headers={"Authorization": f"Bearer {tokens['access_token']}"}
                )
                response.raise_for_status()
                info = response.json()
        except (httpx.HTTPError, KeyError, ValueError):
            self._refuse("userinfo-mismatch", None, source_ip)
        if not isinstance(info, dict):
            self._refuse("userinfo-mismatch", None, source_ip)
        return info

    # -- who is it, with which role ----------------------------------------------------------------

    def _role_of(self, claims: Mapping[str, Any], source_ip: str | None) -> str:
        domains = [d.lower().lstrip("@") for d in self.options.allowed_email_domains]
        if domains:
            email = str(claims.get("email") or "")
            domain = email.rpartition("@")[2].lower()
            if claims.get("email_verified") is False or not email or domain not in domains:
                self._refuse("email-domain", None, source_ip)
        raw = claims.get(self.options.groups_claim) or []
        groups = [raw] if isinstance(raw, str) else [str(g) for g in raw if isinstance(g, str)]
        mapped = {self.identity.group_roles[g] for g in groups if g in self.identity.group_roles}
        for role in ROLES:
            if role in mapped:
                return role
        if self.options.default_role is None:
            self._refuse("no-mapped-group", None, source_ip)
        return self.options.default_role

    def _user_for(
        self, subject: str, claims: Mapping[str, Any], role: str, source_ip: str | None
    ) -> dict[str, Any]:
        """The linked local user; a new one (JIT) when allowed; refused otherwise."""
        with self.engine.connect() as conn:
            user_id = conn.execute(
                select(OIDC_IDENTITIES.c.user_id).where(
                    OIDC_IDENTITIES.c.issuer == self.issuer, OIDC_IDENTITIES.c.subject == subject
                )
            ).scalar_one_or_none()
        row = None if user_id is None else self.records.row_by_id(user_id)
        if row is not None:
            return row
        if not self.options.create_users:
            self._refuse("not-provisioned", None, source_ip)
        name = str(claims.get(self.options.name_claim) or subject).strip()[:200]
        if self.records.row(name) is not None:  # a local user by that name: never link by it
            self._refuse("name-conflict", None, source_ip)
        unusable = self.sign_in.hashing.hash(secrets.token_urlsafe(32))  # no password sign-in
        new_id = self.records.insert(name, role, unusable, must_change=False)
        self._link(new_id, subject, claims.get("email"))
        self._changed(new_id, "create:oidc")
        created = self.records.row_by_id(new_id)
        if created is None:  # deleted in the meantime
            self._refuse("not-provisioned", None, source_ip)
        return created

    def _link(self, user_id: str, subject: str, email: object) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                delete(OIDC_IDENTITIES).where(
                    OIDC_IDENTITIES.c.issuer == self.issuer, OIDC_IDENTITIES.c.subject == subject
                )
            )
            conn.execute(
                OIDC_IDENTITIES.insert().values(
                    id=uuid.uuid4().hex,
                    user_id=user_id,
                    issuer=self.issuer,
                    subject=subject,
                    email=str(email)[:320] if email else None,
                    linked_at=now(),
                    last_login_at=None,
                )
            )

    def link(self, name: str, subject: str, actor: Actor) -> None:
        """Link the local user ``name`` to the IdP's ``subject`` (replacing any earlier link of
        that subject); audited with ``actor``."""
        row = self.records.row(name)
        if row is None:
            raise InputError(f"no user named {name!r}")
        if not subject.strip():
            raise InputError("the IdP subject (sub) is empty")
        self._link(row["id"], subject.strip(), None)
        self._changed(row["id"], "oidc-link", actor)

    # -- the session ---------------------------------------------------------------------------

    def _session_for(
        self, row: dict[str, Any], idp_mfa: bool, return_to: str | None, source_ip: str | None
    ) -> OidcResult:
        enrolled = row["mfa_enrolled_at"] is not None
        needs_mfa = row["role"] in self.identity.mfa_required_roles
        sessions = self.sign_in.sessions
        if not idp_mfa and enrolled:
            _, token = sessions.open(row["id"], mfa=False, purpose=MFA_PENDING, method="oidc")
            return OidcResult("mfa_required", token, row["id"], False, return_to)
        if not idp_mfa and needs_mfa:
            _, token = sessions.open(row["id"], mfa=False, purpose="mfa-enrolment", method="oidc")
            self._emit(AuthMfa(action="enrolment-required"), actor_of(row), "denied", source_ip)
            return OidcResult("mfa_enrolment_required", token, row["id"], False, return_to)
        _, token = sessions.open(row["id"], mfa=idp_mfa, method="oidc")
        self._emit(AuthSuccess(method="oidc", mfa=idp_mfa), actor_of(row), "success", source_ip)
        return OidcResult("ok", token, row["id"], idp_mfa, return_to)

    def complete_mfa(self, token: str, code: str, *, source_ip: str | None = None) -> OidcResult:
        """The local TOTP or recovery ``code`` for the ``mfa-pending`` session ``token`` that
        :meth:`complete` gave; a full session on success. A wrong code ends the pending
        session (sign in at the IdP again) and counts toward the lockout."""
        sessions = self.sign_in.sessions
        session = sessions.check(token, MFA_PENDING)
        sessions.revoke(token)
        row = self.records.row_by_id(session.user_id)
        if row is None or row["disabled"]:
            self._refuse("disabled", row, source_ip)
        lockout = self.sign_in.lockout
        if lockout.locked_until(row["name"]) is not None:
            self._refuse("locked", row, source_ip)
        # the password flow's second-factor check (TOTP replay-proof, recovery codes once)
        if not code.strip() or not self.sign_in._second_factor(row, code, source_ip):
            lockout.fail(row["name"])
            self._refuse("bad-mfa-code", row, source_ip)
        lockout.clear(row["name"])
        _, full = sessions.open(row["id"], mfa=True, method="oidc")
        self._emit(AuthSuccess(method="oidc", mfa=True), actor_of(row), "success", source_ip)
        return OidcResult("ok", full, row["id"], True)

    # -- audit -------------------------------------------------------------------------------

    def _refuse(self, reason: str, row: dict[str, Any] | None, source_ip: str | None) -> NoReturn:
        actor = ANONYMOUS if row is None else actor_of(row)
        self._emit(AuthFailure(method="oidc", reason=reason), actor, "failure", source_ip)
        raise OidcSignInFailed(reason)

    def _changed(self, user_id: str, action: str, actor: Actor | None = None) -> None:
        who = actor or Actor(kind="service", id="oidc", name=self.issuer[:200])
        details = ConfigChanged(
            target=f"user:{user_id}", action=action, before_hash=None, after_hash=None
        )
        self.audit.append(make_event(details, who, "success"))

    def _emit(self, details: Details, actor: Actor, outcome: Outcome, ip: str | None) -> None:
        self.audit.append(make_event(details, actor, outcome, source_ip=ip))


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds")


def _epoch() -> int:
    return int(datetime.now(UTC).timestamp())


def resolve_client_secret(reference: str | None) -> str:
    """The client secret behind ``identity.oidc.client_secret`` (``env:NAME``/``file:PATH``)."""
    if not reference:
        raise ConfigError("identity.oidc.client_secret is not set (env:NAME or file:PATH)")
    try:
        return resolve_reference(reference)
    except Exception as exc:  # KeyProviderError: unset variable, unreadable file
        raise ConfigError(f"identity.oidc.client_secret: {exc}") from exc


def oidc_sign_in_for(
    settings: Settings,
    engine: Engine,
    box: SecretBox,
    audit: AuditSink,
    *,
    with_secret: bool = True,
) -> OidcSignIn:
    """OIDC sign-in from ``settings`` on ``engine`` (migrated); :class:`ConfigError` when it is
    not enabled or incomplete. ``with_secret=False`` for administration that never calls the
    IdP (linking users): the client secret is then not read."""
    options = settings.identity.oidc
    if not options.enabled:
        raise ConfigError("OIDC sign-in is not enabled (identity.oidc.enabled)")
    sign_in = sign_in_for(settings.identity, engine, box, audit)
    secret = resolve_client_secret(options.client_secret) if with_secret else ""
    return OidcSignIn(sign_in, engine, client_secret=secret, options=options)
