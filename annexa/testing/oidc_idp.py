"""A fake OpenID Connect provider: a real HTTP server on loopback, for tests and demos.

It speaks enough of OpenID Connect Core and RFC 7636 for a relying party to do the whole
authorization-code flow with PKCE: discovery (``/.well-known/openid-configuration``),
``/authorize`` (signs in :attr:`FakeIdp.user` at once, without a page, and redirects back with
``code`` and ``state``), ``/token`` (checks the client's credentials, the code, the redirect URI
and the PKCE verifier; answers an RS256-signed ID token), ``/jwks`` and ``/userinfo``.
:class:`IdpSwitches` make it misbehave (wrong nonce, audience or issuer, an expired token, a
signature by a key not in its JWKS) so the relying party's checks can be tested.

    idp = FakeIdp(redirect_uris=["http://127.0.0.1/cb"])
    with serve_in_thread(idp.app()) as issuer:
        ...  # identity.oidc.issuer = issuer; client_id = idp.client_id; secret via env:

The client secret is made at start (``secrets.token_urlsafe``): nothing secret-shaped is in the
source. Codes are single use and live a minute.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from annexa.testing.fake_upstream import serve_in_thread

__all__ = ["FakeIdp", "IdpSwitches", "IdpUser", "serve_in_thread"]

CODE_LIFETIME_S = 60


@dataclass
class IdpUser:
    """Who the fake IdP signs in at ``/authorize``."""

    sub: str = "u-1001"
    email: str | None = "ada@example.org"
    email_verified: bool = True
    name: str = "Ada Lovelace"
    groups: list[str] = field(default_factory=lambda: ["staff"])
    amr: list[str] = field(default_factory=lambda: ["pwd"])


@dataclass
class IdpSwitches:
    """How the fake misbehaves; change them between sign-ins."""

    nonce: str | None = None  # put this nonce in the ID token instead of the one asked for
    audience: str | None = None  # aud other than the client id
    issuer: str | None = None  # iss other than the IdP's own
    lifetime_s: int = 300  # ID token exp - iat; negative: already expired
    foreign_key: bool = False  # sign with a key that is not in the JWKS (same kid)
    groups_in_userinfo_only: bool = False  # leave the groups claim out of the ID token
    error: str | None = None  # /authorize redirects back with this error instead of a code


@dataclass
class _Grant:
    client_id: str
    redirect_uri: str
    challenge: str
    nonce: str | None
    user: IdpUser
    issued: float


@dataclass
class FakeIdp:
    """The provider's state: one client, one user, its signing key, outstanding codes."""

    redirect_uris: list[str]
    client_id: str = "annexa-console"
    client_secret: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    user: IdpUser = field(default_factory=IdpUser)
    switches: IdpSwitches = field(default_factory=IdpSwitches)
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, {"kid": "k1"}))
    other_key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, {"kid": "k1"}))
    token_requests: int = 0
    _codes: dict[str, _Grant] = field(default_factory=dict)
    _access: dict[str, IdpUser] = field(default_factory=dict)

    def app(self) -> Starlette:
        """The ASGI app; serve it with :func:`serve_in_thread`."""
        return Starlette(
            routes=[
                Route("/.well-known/openid-configuration", self._discovery),
                Route("/authorize", self._authorize),
                Route("/token", self._token, methods=["POST"]),
                Route("/jwks", self._jwks),
                Route("/userinfo", self._userinfo),
            ]
        )

    @staticmethod
    def _issuer(request: Request) -> str:
        return str(request.base_url).rstrip("/")

    async def _discovery(self, request: Request) -> Response:
        base = self._issuer(request)
        return JSONResponse(
            {
                "issuer": base,
                "authorization_endpoint": f"{base}/authorize",
                "token_endpoint": f"{base}/token",
                "jwks_uri": f"{base}/jwks",
                "userinfo_endpoint": f"{base}/userinfo",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": [
                    "client_secret_basic",
                    "client_secret_post",
                ],
                "scopes_supported": ["openid", "email", "profile", "groups"],
            }
        )

    async def _authorize(self, request: Request) -> Response:
        q = request.query_params
        redirect_uri = q.get("redirect_uri", "")
        if q.get("client_id") != self.client_id or redirect_uri not in self.redirect_uris:
            return JSONResponse({"error": "invalid_request"}, status_code=400)  # never redirect
        back: dict[str, str] = {"state": q.get("state", "")}
        if self.switches.error:
            back["error"] = self.switches.error
        elif (
            q.get("response_type") != "code"
            or "openid" not in q.get("scope", "").split()
            or q.get("code_challenge_method") != "S256"
            or not q.get("code_challenge")
        ):
            back["error"] = "invalid_request"
        else:
            code = secrets.token_urlsafe(24)
            self._codes[code] = _Grant(
                self.client_id,
                redirect_uri,
                q["code_challenge"],
                q.get("nonce"),
                self.user,
                time.time(),
            )
            back["code"] = code
        sep = "&" if "?" in redirect_uri else "?"
        return RedirectResponse(f"{redirect_uri}{sep}{urlencode(back)}", status_code=302)

    def _client_ok(self, request: Request, form: dict[str, str]) -> bool:
        header = request.headers.get("authorization", "")
        if header.startswith("Basic "):
            raw = base64.b64decode(header[6:]).decode()
            client_id, _, client_secret = raw.partition(":")
        else:
            client_id, client_secret = form.get("client_id", ""), form.get("client_secret", "")
        return client_id == self.client_id and secrets.compare_digest(
            client_secret.encode(), self.client_secret.encode()
        )

    async def _token(self, request: Request) -> Response:
        self.token_requests += 1
        form = {k: str(v) for k, v in (await request.form()).items()}
        if not self._client_ok(request, form):
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        grant = self._codes.pop(form.get("code", ""), None)  # single use
        if (
            form.get("grant_type") != "authorization_code"
            or grant is None
            or time.time() - grant.issued > CODE_LIFETIME_S
            or grant.redirect_uri != form.get("redirect_uri")
        ):
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
        challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        if not secrets.compare_digest(challenge, grant.challenge):
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        access = secrets.token_urlsafe(24)
        self._access[access] = grant.user
        return JSONResponse(
            {
                "access_token": access,
                "token_type": "Bearer",  # nosec B105
                "expires_in": 300,
                "id_token": self._id_token(self._issuer(request), grant),
            },
            headers={"Cache-Control": "no-store"},
        )

    def _id_token(self, issuer: str, grant: _Grant) -> str:
        s, user, now = self.switches, grant.user, int(time.time())
        claims: dict[str, Any] = {
            "iss": s.issuer or issuer,
            "aud": s.audience or grant.client_id,
            "sub": user.sub,
            "iat": now,
            "exp": now + s.lifetime_s,
            "auth_time": now,
            "amr": list(user.amr),
            "name": user.name,
        }
        nonce = s.nonce or grant.nonce
        if nonce is not None:
            claims["nonce"] = nonce
        if user.email is not None:
            claims["email"] = user.email
            claims["email_verified"] = user.email_verified
        if not s.groups_in_userinfo_only:
            claims["groups"] = list(user.groups)
        key = self.other_key if s.foreign_key else self.key
        return jwt.encode({"alg": "RS256", "kid": "k1"}, claims, key)

    async def _jwks(self, request: Request) -> Response:
        return JSONResponse(KeySet([self.key]).as_dict(private=False))

    async def _userinfo(self, request: Request) -> Response:
        header = request.headers.get("authorization", "")
        user = self._access.get(header.removeprefix("Bearer "))
        if not header.startswith("Bearer ") or user is None:
            return JSONResponse({"error": "invalid_token"}, status_code=401)
        info: dict[str, Any] = {"sub": user.sub, "name": user.name, "groups": list(user.groups)}
        if user.email is not None:
            info["email"] = user.email
            info["email_verified"] = user.email_verified
        return JSONResponse(info)
