"""Single sign-on to the console through the OIDC provider (A.5.16, A.5.17, A.8.5).

``GET /console/auth/oidc/login`` starts :meth:`annexa.identity.oidc.OidcSignIn.begin` and sends
the browser to the IdP with the pending sign-in's state also in a short cookie (HttpOnly,
SameSite=Lax because the IdP redirects back from another site, Secure over TLS, living
``identity.oidc.state_ttl_s``). ``GET /console/auth/oidc/callback`` hands the IdP's answer and
that cookie to :meth:`~annexa.identity.oidc.OidcSignIn.complete`, so a callback only succeeds
in the browser that started it (no cookie: refused), and then goes on as a password sign-in
does: a full session, or the TOTP step (``/console/login/mfa``), or MFA enrolment
(``/console/mfa/enrol``); through a small self-refreshing page rather than a redirect, see
:func:`_after_oidc`. Any refusal is the sign-in page with one message (the reason is in the
audit log).

Both routes are public (nobody is signed in yet); with OIDC disabled
(``app.state.oidc`` is None) they lead back to the sign-in page.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from annexa.errors import AuthError
from annexa.identity.oidc import OidcResult, OidcSignIn, OidcSignInFailed, safe_return_to
from annexa.identity.sessions import ENROLMENT_LIFETIME_S, PENDING_LIFETIME_S
from annexa.web.authz import public
from annexa.web.console.identity import COOKIE, STEP_COOKIE, set_cookie
from annexa.web.console.pages import go, identity_of, render

__all__ = ["STATE_COOKIE", "router"]

router = APIRouter(prefix="/console", include_in_schema=False)

STATE_COOKIE = "annexa_oidc_state"
STATE_PATH = "/console/auth/oidc"  # the cookie goes back to the callback only
Param = Annotated[str | None, Query(max_length=4096)]


def oidc_of(request: Request) -> OidcSignIn | None:
    """The OIDC sign-in the composition root built, or None when it is not enabled."""
    found: OidcSignIn | None = getattr(request.app.state, "oidc", None)
    return found


def _ip(request: Request) -> str | None:
    return request.client.host if request.client else None


def _console_path(path: str | None) -> str | None:
    """``path`` if it is a page of this console (no open redirect), else None."""
    path = safe_return_to(path)
    return path if path is not None and path.startswith("/console/") else None


@router.get("/auth/oidc/login", dependencies=[Depends(public())])
def oidc_login(request: Request, next: Param = None) -> Response:
    oidc = oidc_of(request)
    if oidc is None:
        return go("/console/login")
    try:
        url, pending = oidc.begin(_console_path(next))
    except OidcSignInFailed as exc:  # the IdP is unreachable (audited)
        return render(request, "login.html", 502, error=exc.message)
    response = go(url)
    response.set_cookie(
        STATE_COOKIE,
        pending.state,
        max_age=oidc.options.state_ttl_s,
        path=STATE_PATH,
        httponly=True,
        samesite="lax",  # the IdP's redirect back is a cross-site top-level GET
        secure=request.url.scheme == "https",
    )
    return response


@router.get("/auth/oidc/callback", dependencies=[Depends(public())])
def oidc_callback(
    request: Request,
    code: Param = None,
    state: Param = None,
    error: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    oidc = oidc_of(request)
    if oidc is None:
        return go("/console/login")
    try:
        result = oidc.complete(
            code=code,
            state=state,
            error=error,
            # no cookie: "" never matches, so a callback not started in this browser (or
            # after the cookie expired) is refused as state-mismatch, and its state is spent
            browser_state=request.cookies.get(STATE_COOKIE, ""),
            source_ip=_ip(request),
        )
    except AuthError as exc:  # OidcSignInFailed: one message, the reason audited
        response: Response = render(request, "login.html", 401, error=exc.message)
    else:
        response = _after_oidc(request, result)
    response.delete_cookie(STATE_COOKIE, path=STATE_PATH)
    return response


def _after_oidc(request: Request, result: OidcResult) -> Response:
    """Cookies and the next page for ``result``, as after a password sign-in.

    The session cookies are SameSite=Strict, and a browser does not send those on the rest of
    a redirect chain that another site (the IdP) started: a 303 from here would land on the
    sign-in page again. So this answers a small page that moves on by itself (``Refresh``,
    no script; a link too): a navigation this site starts, which carries them."""
    if result.status == "mfa_required":
        target = "/console/login/mfa"
    elif result.status == "mfa_enrolment_required":
        target = "/console/mfa/enrol"
    else:
        target = _console_path(result.return_to) or "/console/"
    response = render(request, "continue.html", next=target)
    response.headers["Refresh"] = f"0;url={target}"
    if result.status == "mfa_required":
        set_cookie(request, response, STEP_COOKIE, result.token, PENDING_LIFETIME_S)
    elif result.status == "mfa_enrolment_required":
        set_cookie(request, response, STEP_COOKIE, result.token, ENROLMENT_LIFETIME_S)
    else:
        options = identity_of(request).options
        set_cookie(request, response, COOKIE, result.token, options.session_absolute_timeout_s)
        response.delete_cookie(STEP_COOKIE, path="/")
    return response
