"""``require(permission)`` at the web edge, and the route registry the route × role matrix
test walks (shown here on a small app; the console and admin API reuse it)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

import pytest
from fastapi import Depends, FastAPI, Request, Response
from fastapi.testclient import TestClient

from annexa.errors import InputError
from annexa.identity.roles import ROLES, permissions_of
from annexa.policy.interface import Principal
from annexa.web.authz import PUBLIC, public, require, route_permissions
from annexa.web.errors import install_error_handlers
from tests.identity.conftest import ListSink


def make_app(sink: ListSink) -> FastAPI:
    app = FastAPI()
    app.state.audit = sink
    install_error_handlers(app)

    @app.middleware("http")
    async def sign_in(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        role = request.headers.get("x-test-role")  # stands in for the session layer
        if role:
            request.state.principal = Principal(
                id=f"user:{role}", name=role, kind="user", role=role
            )
        return await call_next(request)

    @app.get("/admin/users")
    def list_users(who: Annotated[Principal, Depends(require("users:read"))]) -> dict[str, str]:
        return {"by": who.name}

    @app.post("/admin/policy")
    def save_policy(_: Annotated[Principal, Depends(require("policy:write"))]) -> dict[str, bool]:
        return {"saved": True}

    @app.get("/login", dependencies=[Depends(public())])
    def login_page() -> dict[str, bool]:
        return {"public": True}

    @app.get("/forgotten")
    def forgotten() -> dict[str, bool]:
        return {"oops": True}

    return app


def test_registry_lists_every_route_and_flags_undeclared_ones() -> None:
    found = route_permissions(make_app(ListSink()))
    assert found[("GET", "/admin/users")] == "users:read"
    assert found[("POST", "/admin/policy")] == "policy:write"
    assert found[("GET", "/login")] == PUBLIC
    assert found[("GET", "/forgotten")] is None  # the matrix test fails such a route


@pytest.mark.parametrize("role", ROLES)
def test_every_declared_route_for_every_role(role: str) -> None:
    sink = ListSink()
    app = make_app(sink)
    client = TestClient(app)
    for (method, path), permission in route_permissions(app).items():
        if permission in (None, PUBLIC):
            continue
        status = client.request(method, path, headers={"x-test-role": role}).status_code
        expected = 200 if permission in permissions_of(role) else 403
        assert status == expected, (role, method, path)
    denials = sink.named("authz-decision")
    assert all(e.actor.role == role and e.outcome == "denied" for e in denials)


def test_no_principal_is_401_and_denial_is_403_with_an_audit_event() -> None:
    sink = ListSink()
    client = TestClient(make_app(sink))
    assert client.get("/admin/users").status_code == 401
    assert client.get("/login").status_code == 200
    answer = client.post("/admin/policy", headers={"x-test-role": "auditor"})
    assert answer.status_code == 403
    (event,) = sink.named("authz-decision")
    assert event.details["resource"] == "/admin/policy"
    assert event.details["action"] == "write"


def test_unknown_permission_fails_when_the_route_is_declared() -> None:
    with pytest.raises(InputError):
        require("policies:wrte")
