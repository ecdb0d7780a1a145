"""Who is calling: the console's session cookie, or an API key on the admin API.

:class:`ConsoleIdentity` resolves a request's principal once and keeps it on
``request.state.principal`` (and the session on ``request.state.session``), which
:func:`annexa.web.authz.principal_of` reads. A session of a role that needs MFA but was opened
without it is no session here, so an admin without MFA never reaches an admin page.

CSRF: a form's token is an HMAC of the session's id (the token's SHA-256, never sent to the
browser) so it needs no storage; before sign-in a random double-submit cookie stands in. Every
state-changing request is also refused when its ``Origin`` is another site.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from starlette.responses import Response

from annexa.audit.events import ConfigChanged, make_event
from annexa.audit.interface import Actor, ActorKind, AuditSink
from annexa.errors import AccessDenied, AuthError
from annexa.identity.accounts import Accounts
from annexa.identity.apikeys import ApiKeyStore
from annexa.identity.service import SignIn, actor_of
from annexa.identity.sessions import Session
from annexa.keys.envelope import Binding, SecretBox
from annexa.keys.interface import DecryptionError
from annexa.policy.interface import Principal
from annexa.settings import IdentitySettings

__all__ = ["COOKIE", "ConsoleIdentity", "actor_for"]

COOKIE = "annexa_session"  # a full session
NEW_KEY_COOKIE = "annexa_new_key"  # a key just created, for the one page that shows it
NEW_KEY_TTL_S = 120
NEW_KEY_PATH = "/console/keys"
STEP_COOKIE = "annexa_step"  # an mfa-pending or mfa-enrolment session
LOGIN_CSRF_COOKIE = "annexa_login_csrf"


PASSWORD_PAGES = frozenset({"/console/profile", "/console/profile/password", "/console/logout"})


class PasswordChangeRequired(AccessDenied):
    """Signed in with a one-time password: only the password page until it is changed."""

    redirect = "/console/profile"


def actor_for(principal: Principal) -> Actor:
    """The audit actor of ``principal``."""
    kind: ActorKind = "user" if principal.kind == "user" else "key"
    return Actor(kind=kind, id=principal.id, name=principal.name, role=principal.role)


@dataclass
class ConsoleIdentity:
    """The identity services the console and the admin API use."""

    sign_in: SignIn
    accounts: Accounts
    keys: ApiKeyStore
    options: IdentitySettings
    audit: AuditSink
    reviews: Any = None  # AccessReviews, when built
    box: SecretBox | None = None  # seals a new key for the page that shows it once

    # -- a new key, shown once after a redirect ----------------------------------------------

    def hand_over_key(self, request: Request, response: Response, key_id: str, key: str) -> bool:
        """Keep a key just created for the page the form redirects to (Post/Redirect/Get: a
        reload never creates a second key). Sealed with the deployment's key and bound to
        this session, in a cookie of two minutes that only that page reads and that it
        deletes; nothing is stored server-side. False when no box is configured."""
        if self.box is None:
            return False
        session = self.session_of(request)
        payload = json.dumps({"id": key_id, "key": key, "exp": int(time.time()) + NEW_KEY_TTL_S})
        sealed = self.box.seal(payload.encode(), Binding("console", "new_key", session.id))
        value = base64.urlsafe_b64encode(sealed).decode("ascii").rstrip("=")  # no quoting
        set_cookie(request, response, NEW_KEY_COOKIE, value, NEW_KEY_TTL_S, path=NEW_KEY_PATH)
        return True

    def take_key(self, request: Request, response: Response, key_id: str) -> str | None:
        """The key handed over for ``key_id`` in this session, once: the cookie is deleted on
        ``response``. None when it is gone, expired, for another key or another session."""
        raw = request.cookies.get(NEW_KEY_COOKIE)
        if raw is None:
            return None
        response.delete_cookie(NEW_KEY_COOKIE, path=NEW_KEY_PATH)
        session: Session | None = getattr(request.state, "session", None)
        if self.box is None or session is None:
            return None
        try:
            sealed = base64.urlsafe_b64decode(raw.encode("ascii") + b"=" * (-len(raw) % 4))
            binding = Binding("console", "new_key", session.id)
            data = json.loads(self.box.open(sealed, binding))
        except (ValueError, DecryptionError):  # altered, foreign or from another session
            return None
        if data.get("id") != key_id or int(data.get("exp", 0)) < time.time():
            return None
        key = data.get("key")
        return key if isinstance(key, str) else None

    # -- principal -------------------------------------------------------------------------

    def resolve(self, request: Request) -> Principal | None:
        """The principal of ``request`` (cookie for pages, API key for ``/api``), or None."""
        if hasattr(request.state, "principal"):
            found: Principal | None = request.state.principal
            return found
        principal = None
        if request.url.path.startswith("/api/"):
            principal = self._by_key(request)
        if principal is None:
            principal = self._by_cookie(request)
        request.state.principal = principal
        return principal

    def _by_key(self, request: Request) -> Principal | None:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        return self.keys.authenticate(token.strip()).principal

    def _by_cookie(self, request: Request) -> Principal | None:
        token = request.cookies.get(COOKIE)
        if not token:
            return None
        try:
            session = self.sign_in.sessions.check(token)
        except AuthError:
            return None
        row = self.sign_in.records.row_by_id(session.user_id)
        if row is None or row["disabled"]:
            return None
        if row["role"] in self.options.mfa_required_roles and not session.mfa:
            return None  # defence in depth: such sessions are not issued
        request.state.session = session
        request.state.user_row = row
        if row["must_change_password"] and request.url.path not in PASSWORD_PAGES:
            raise PasswordChangeRequired("choose your own password first")
        return Principal(id=str(row["id"]), name=str(row["name"]), kind="user", role=row["role"])

    def session_of(self, request: Request) -> Session:
        """The console session of a signed-in page request."""
        session: Session | None = getattr(request.state, "session", None)
        if session is None:
            raise AuthError("sign in first")
        return session

    def user_actor(self, request: Request) -> Actor:
        """The audit actor of the signed-in user."""
        return actor_of(request.state.user_row)

    def key_changed(self, request: Request, by: Principal, key_id: str, action: str) -> None:
        """Audit a key's creation or revocation from the console or the admin API."""
        details = ConfigChanged(
            target=f"api-key:{key_id}", action=action, before_hash=None, after_hash=None
        )
        ip = request.client.host if request.client else None
        self.audit.append(make_event(details, actor_for(by), "success", source_ip=ip))

    # -- CSRF --------------------------------------------------------------------------------

    @staticmethod
    def csrf_for(request: Request) -> str:
        """The CSRF token for forms on this request's page."""
        session: Session | None = getattr(request.state, "session", None)
        if session is not None:
            return hmac.new(session.id.encode(), b"annexa-csrf", hashlib.sha256).hexdigest()
        token = request.cookies.get(LOGIN_CSRF_COOKIE) or getattr(request.state, "login_csrf", None)
        if not token:
            token = secrets.token_urlsafe(24)
            request.state.login_csrf = token
        return str(token)

    def check_csrf(self, request: Request, sent: str) -> None:
        """Refuse a form whose token is wrong or that comes from another site."""
        origin = request.headers.get("origin")
        if origin and origin != "null":
            expected = f"{request.url.scheme}://{request.url.netloc}"
            if origin != expected:
                raise AccessDenied("this form came from another site")
        session: Session | None = getattr(request.state, "session", None)
        expected_token = (
            self.csrf_for(request)
            if session is not None
            else request.cookies.get(LOGIN_CSRF_COOKIE)
        )
        if not sent or not expected_token or not hmac.compare_digest(sent, expected_token):
            raise AccessDenied("the form expired or was not sent from this console; reload it")


def set_cookie(
    request: Request, response: Response, name: str, value: str, max_age: int, path: str = "/"
) -> None:
    """A session-type cookie: HttpOnly, SameSite=Strict, Secure whenever served over TLS."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=path,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
