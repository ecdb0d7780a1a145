"""Authorisation at the web edge: every admin route and console page declares its permission.

A route depends on ``require("policy:write")`` (or on :func:`public` for the few pages anyone
may open: sign-in, health). The dependency takes the caller's principal (put on
``request.state.principal`` by the sign-in layer: console session or admin API key), calls the
one check :func:`annexa.identity.roles.authorize` (which audits a denial) and answers 401 with
no principal, 403 when denied.

:func:`route_permissions` walks an app's routes and returns each one's declared permission, so
the route × role matrix test can find every route, and a route that declares nothing fails it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from fastapi import FastAPI, Request
from fastapi.routing import APIRoute

from annexa.audit.interface import AuditSink
from annexa.errors import AccessDenied, AuthError, InputError
from annexa.identity.roles import PERMISSIONS, authorize
from annexa.policy.interface import Principal

__all__ = [
    "PUBLIC",
    "SIGNED_IN",
    "principal_of",
    "public",
    "require",
    "route_permissions",
    "signed_in",
]

PUBLIC = "public"
SIGNED_IN = "signed-in"  # any role, as long as the caller is signed in
MARK = "annexa_permission"


def principal_of(request: Request) -> Principal:
    """The authenticated principal of this request; 401 when there is none."""
    principal = getattr(request.state, "principal", None)
    console = getattr(request.app.state, "console", None)
    if principal is None and console is not None:
        principal = console.resolve(request)
    if not isinstance(principal, Principal):
        raise AuthError("sign in first", hint="Sign in to the console or send an admin API key.")
    return principal


def _audit_of(request: Request) -> AuditSink | None:
    state = request.app.state
    sink = getattr(state, "audit", None)
    if sink is None and getattr(state, "gateway", None) is not None:
        sink = state.gateway.audit
    return sink


def require(permission: str) -> Callable[[Request], Principal]:
    """A FastAPI dependency: the caller's principal, if its role grants ``permission``."""
    if permission not in PERMISSIONS:
        raise InputError(f"unknown permission {permission!r}")

    def dependency(request: Request) -> Principal:
        principal = principal_of(request)
        decision = authorize(
            principal,
            permission,
            audit=_audit_of(request),
            resource=request.url.path,
            request_id=getattr(request.state, "request_id", None),
            source_ip=request.client.host if request.client else None,
        )
        if not decision.allowed:
            raise AccessDenied(f"your role ({principal.role}) does not allow {permission}")
        return principal

    setattr(dependency, MARK, permission)
    return dependency


def signed_in() -> Callable[[Request], Principal]:
    """A FastAPI dependency: any signed-in principal, whatever its role (own profile)."""

    def dependency(request: Request) -> Principal:
        return principal_of(request)

    setattr(dependency, MARK, SIGNED_IN)
    return dependency


def public() -> Callable[[], None]:
    """A FastAPI dependency marking a route anyone may call (sign-in page, health)."""

    def dependency() -> None:
        return None

    setattr(dependency, MARK, PUBLIC)
    return dependency


def route_permissions(app: FastAPI) -> dict[tuple[str, str], str | None]:
    """``(method, path) -> permission`` for every route (``public``, or None when undeclared)."""
    found: dict[tuple[str, str], str | None] = {}
    for route in _api_routes(app.routes):
        declared = _declared(route.dependant)
        for method in sorted(route.methods or ()):
            found[(method, route.path)] = declared
    return found


def _api_routes(routes: Iterable[Any]) -> Iterator[APIRoute]:
    """Every APIRoute, also inside included routers (FastAPI ≥ 0.165 keeps an included router
    as one ``_IncludedRouter`` entry; its routes carry their router's prefix and dependencies,
    and every router here is included without an extra prefix)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif (inner := getattr(route, "original_router", None)) is not None:
            yield from _api_routes(inner.routes)


def _declared(dependant: Any) -> str | None:
    for dep in dependant.dependencies:
        mark = getattr(dep.call, MARK, None)
        if isinstance(mark, str):
            return mark
        nested = _declared(dep)
        if nested is not None:
            return nested
    return None
