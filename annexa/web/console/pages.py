"""The console's pages. Each route declares its permission; see the package docstring."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from annexa.errors import AnnexaError, AuthError, InputError
from annexa.identity.oidc import OidcSignIn
from annexa.identity.roles import ROLES, permissions_of
from annexa.identity.service import LoginResult, SignInFailed
from annexa.identity.sessions import ENROLMENT_LIFETIME_S, PENDING_LIFETIME_S, ReauthRequired
from annexa.policy.interface import Principal
from annexa.web.authz import public, require, signed_in
from annexa.web.console.identity import (
    COOKIE,
    LOGIN_CSRF_COOKIE,
    STEP_COOKIE,
    ConsoleIdentity,
    set_cookie,
)

__all__ = ["router"]

router = APIRouter(prefix="/console", include_in_schema=False)
_env = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
)
HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
CSRF = Annotated[str, Form(alias="csrf")]


def identity_of(request: Request) -> ConsoleIdentity:
    """The console identity services the composition root built."""
    found: ConsoleIdentity = request.app.state.console
    return found


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page with the console's security headers and a CSRF token for its forms."""
    identity = identity_of(request)
    principal = getattr(request.state, "principal", None)
    html = _env.get_template(template).render(
        request=request,
        me=principal,
        can=permissions_of(principal.role) if principal else frozenset(),
        csrf=identity.csrf_for(request),
        **context,
    )
    response = HTMLResponse(html, status_code=status, headers=HEADERS)
    login_csrf = getattr(request.state, "login_csrf", None)
    if login_csrf:
        set_cookie(request, response, LOGIN_CSRF_COOKIE, login_csrf, 3600)
    return response


def go(url: str) -> RedirectResponse:
    """A 303 redirect (after a form) with the console's headers."""
    return RedirectResponse(url, status_code=303, headers=HEADERS)


def _ip(request: Request) -> str | None:
    return request.client.host if request.client else None


# -- sign-in ------------------------------------------------------------------------------


@router.get("/login", dependencies=[Depends(public())])
def login_page(request: Request) -> HTMLResponse:
    return render(request, "login.html")


@router.post("/login", dependencies=[Depends(public())])
def login(
    request: Request,
    csrf: CSRF,
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1024)],
) -> Response:
    identity = identity_of(request)
    identity.check_csrf(request, csrf)
    try:
        result = identity.sign_in.login(username, password, source_ip=_ip(request), pending=True)
    except SignInFailed as exc:
        return render(request, "login.html", 401, error=exc.message, username=username)
    return _after_sign_in(request, result)


def _after_sign_in(request: Request, result: LoginResult) -> Response:
    if result.status == "mfa_required":
        response = go("/console/login/mfa")
        set_cookie(request, response, STEP_COOKIE, result.token or "", PENDING_LIFETIME_S)
    elif result.status == "mfa_enrolment_required":
        response = go("/console/mfa/enrol")
        set_cookie(request, response, STEP_COOKIE, result.token or "", ENROLMENT_LIFETIME_S)
    else:
        response = go("/console/profile" if result.must_change_password else "/console/")
        options = identity_of(request).options
        set_cookie(
            request, response, COOKIE, result.token or "", options.session_absolute_timeout_s
        )
        response.delete_cookie(STEP_COOKIE, path="/")
    return response


@router.get("/login/mfa", dependencies=[Depends(public())])
def mfa_page(request: Request) -> Response:
    if not request.cookies.get(STEP_COOKIE):
        return go("/console/login")
    return render(request, "mfa.html")


@router.post("/login/mfa", dependencies=[Depends(public())])
def mfa_code(request: Request, csrf: CSRF, code: Annotated[str, Form(max_length=64)]) -> Response:
    identity = identity_of(request)
    identity.check_csrf(request, csrf)
    token = request.cookies.get(STEP_COOKIE, "")
    try:
        result = identity.sign_in.complete_mfa(token, code, source_ip=_ip(request))
    except SignInFailed as exc:
        return render(request, "mfa.html", 401, error=exc.message)
    except AuthError:
        return render(request, "login.html", 401, error="The sign-in took too long; start again.")
    return _after_sign_in(request, result)


@router.get("/mfa/enrol", dependencies=[Depends(public())])
def enrol_page(request: Request) -> Response:
    identity = identity_of(request)
    try:
        session = identity.sign_in.sessions.check(
            request.cookies.get(STEP_COOKIE, ""), "mfa-enrolment"
        )
        enrolment = identity.sign_in.begin_enrolment(session)
    except AuthError:
        return go("/console/login")
    return render(request, "enrol.html", qr=enrolment.qr_svg.decode(), uri=enrolment.uri)


@router.post("/mfa/enrol", dependencies=[Depends(public())])
def enrol(request: Request, csrf: CSRF, code: Annotated[str, Form(max_length=64)]) -> Response:
    identity = identity_of(request)
    identity.check_csrf(request, csrf)
    try:
        session = identity.sign_in.sessions.check(
            request.cookies.get(STEP_COOKIE, ""), "mfa-enrolment"
        )
        token, codes = identity.sign_in.confirm_enrolment(session, code, source_ip=_ip(request))
    except AuthError as exc:
        return render(request, "login.html", 401, error=exc.message)
    response = render(request, "recovery.html", codes=codes)
    set_cookie(request, response, COOKIE, token, identity.options.session_absolute_timeout_s)
    response.delete_cookie(STEP_COOKIE, path="/")
    return response


@router.post("/logout", dependencies=[Depends(public())])
def logout(request: Request, csrf: CSRF) -> Response:
    identity = identity_of(request)
    identity.resolve(request)
    identity.check_csrf(request, csrf)
    token = request.cookies.get(COOKIE)
    if token:
        identity.sign_in.sessions.revoke(token)
    response = go("/console/login")
    response.delete_cookie(COOKIE, path="/")
    return response


# -- signed in ----------------------------------------------------------------------------

Me = Annotated[Principal, Depends(signed_in())]


@router.get("/")
def home(request: Request, me: Me) -> HTMLResponse:
    return render(request, "home.html")


@router.get("/profile")
def profile(request: Request, me: Me) -> HTMLResponse:
    return render(request, "profile.html", user=identity_of(request).accounts.get(me.name))


@router.post("/profile/password")
def change_password(
    request: Request,
    me: Me,
    csrf: CSRF,
    current: Annotated[str, Form(max_length=1024)],
    new: Annotated[str, Form(max_length=1024)],
) -> Response:
    identity = identity_of(request)
    identity.check_csrf(request, csrf)
    try:
        token = identity.sign_in.change_password(identity.session_of(request), current, new)
    except (SignInFailed, InputError) as exc:
        user = identity.accounts.get(me.name)
        return render(request, "profile.html", 400, user=user, error=exc.message)
    response = go("/console/profile?changed=1")
    set_cookie(request, response, COOKIE, token, identity.options.session_absolute_timeout_s)
    return response


@router.get("/reauth")
def reauth_page(request: Request, me: Me, next: str = "/console/") -> HTMLResponse:
    return render(request, "reauth.html", next=_local(next))


@router.post("/reauth")
def reauth(
    request: Request,
    me: Me,
    csrf: CSRF,
    password: Annotated[str, Form(max_length=1024)],
    code: Annotated[str, Form(max_length=64)] = "",
    next: Annotated[str, Form(max_length=500)] = "/console/",
) -> Response:
    identity = identity_of(request)
    identity.check_csrf(request, csrf)
    try:
        identity.sign_in.reauthenticate(
            identity.session_of(request), password, code or None, source_ip=_ip(request)
        )
    except SignInFailed as exc:
        return render(request, "reauth.html", 401, next=_local(next), error=exc.message)
    return go(_local(next))


def _local(url: str) -> str:
    """Only a path on this console (no open redirect)."""
    return (
        url if url.startswith("/console/") and "//" not in url and "\\" not in url else "/console/"
    )


def recent_auth(request: Request, back: str) -> Response | None:
    """A redirect to the re-authentication page when the last check is too old."""
    identity = identity_of(request)
    try:
        identity.sign_in.sessions.require_recent_auth(identity.session_of(request))
    except ReauthRequired:
        return go(f"/console/reauth?next={back}")
    return None


# -- users ---------------------------------------------------------------------------------


@router.get("/users")
def users(request: Request, me: Annotated[Principal, Depends(require("users:read"))]) -> Response:
    listed = identity_of(request).accounts.list()
    return render(request, "users.html", users=listed, roles=ROLES, sso=_sso(request))


def _sso(request: Request) -> OidcSignIn | None:
    """The OIDC sign-in when ``identity.oidc`` is enabled."""
    found: OidcSignIn | None = getattr(request.app.state, "oidc", None)
    return found


@router.post("/users")
def create_user(
    request: Request,
    me: Annotated[Principal, Depends(require("users:write"))],
    csrf: CSRF,
    name: Annotated[str, Form(max_length=200)],
    role: Annotated[str, Form(max_length=40)],
) -> Response:
    identity = identity_of(request)
    identity.check_csrf(request, csrf)
    if (back := recent_auth(request, "/console/users")) is not None:
        return back
    try:
        user, one_time = identity.accounts.create(name, role, identity.user_actor(request))
    except AnnexaError as exc:
        listed = identity.accounts.list()
        return render(request, "users.html", 400, users=listed, roles=ROLES, error=exc.message)
    return render(
        request,
        "users.html",
        users=identity.accounts.list(),
        roles=ROLES,
        created=user,
        one_time=one_time,
    )


@router.post("/users/{name}/{action}")
def change_user(
    request: Request,
    name: str,
    action: str,
    me: Annotated[Principal, Depends(require("users:write"))],
    csrf: CSRF,
    role: Annotated[str, Form(max_length=40)] = "",
    subject: Annotated[str, Form(max_length=255)] = "",
) -> Response:
    identity = identity_of(request)
    identity.check_csrf(request, csrf)
    if (back := recent_auth(request, "/console/users")) is not None:
        return back
    actor = identity.user_actor(request)
    if name == me.name and action in {"disable", "role"}:
        raise InputError("you cannot disable yourself or change your own role")
    match action:
        case "disable":
            identity.accounts.set_disabled(name, True, actor)
        case "enable":
            identity.accounts.set_disabled(name, False, actor)
        case "reset-mfa":
            identity.accounts.reset_mfa(name, actor)
        case "role":
            identity.accounts.set_role(name, role, actor)
        case "sso-link":  # the user then signs in at the IdP as ``subject`` (its sub claim)
            sso = _sso(request)
            if sso is None:
                raise InputError("single sign-on is not enabled (identity.oidc)")
            sso.link(name, subject, actor)
        case _:
            raise InputError(f"unknown action {action!r}")
    return go("/console/users")


# -- API keys --------------------------------------------------------------------------------


@router.get("/keys")
def keys(
    request: Request,
    me: Annotated[Principal, Depends(require("keys:read"))],
    created: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    """The keys; after a creation (``?created=ID``) the new key, this once."""
    identity = identity_of(request)
    listed = identity.keys.list()
    if created is None:
        return render(request, "keys.html", keys=listed, users=identity.accounts.list())
    record = next((k for k in listed if k.id == created), None)
    response = Response()
    key = identity.take_key(request, response, created) if record is not None else None
    page = render(
        request,
        "keys.html",
        keys=listed,
        users=identity.accounts.list(),
        new_key=key,
        new_record=record,
        shown_before=record if key is None else None,
    )
    page.raw_headers.extend(h for h in response.raw_headers if h[0] == b"set-cookie")
    return page


@router.post("/keys")
def create_key(
    request: Request,
    me: Annotated[Principal, Depends(require("keys:write"))],
    csrf: CSRF,
    user: Annotated[str, Form(max_length=200)],
    providers: Annotated[str, Form(max_length=500)] = "",
    models: Annotated[str, Form(max_length=500)] = "",
    expires_days: Annotated[int, Form(ge=0, le=3650)] = 90,
) -> Response:
    identity = identity_of(request)
    identity.check_csrf(request, csrf)
    if (back := recent_auth(request, "/console/keys")) is not None:
        return back
    owner = identity.accounts.get(user)  # a user's key carries the user's own role
    if owner.disabled:
        raise InputError(f"{user} is disabled")
    record, key = identity.keys.create(
        owner.name,
        owner.role,
        providers=_listed(providers),
        models=_listed(models),
        expires_at=datetime.now(UTC) + timedelta(days=expires_days) if expires_days else None,
    )
    identity.key_changed(request, me, record.id, "create")
    response = go(f"/console/keys?created={record.id}")
    if identity.hand_over_key(request, response, record.id, key):
        return response  # Post/Redirect/Get: a reload shows the list, never a second key
    return render(
        request,
        "keys.html",
        keys=identity.keys.list(),
        users=identity.accounts.list(),
        new_key=key,
        new_record=record,
    )


@router.post("/keys/{key_id}/revoke")
def revoke_key(
    request: Request,
    key_id: str,
    me: Annotated[Principal, Depends(require("keys:write"))],
    csrf: CSRF,
) -> Response:
    identity = identity_of(request)
    identity.check_csrf(request, csrf)
    record = identity.keys.revoke(key_id)
    identity.key_changed(request, me, record.id, "revoke")
    return go("/console/keys")


def _listed(text: str) -> list[str] | None:
    items = [p.strip() for p in text.replace(",", " ").split() if p.strip()]
    return items or None
