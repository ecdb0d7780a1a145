"""The route × role matrix (A.5.15, A.8.2): every route of the real app declares its
permission, and every role gets exactly what that permission says, on every route: the
console through a session cookie, the admin API through an API key. A new route without a
declaration fails here; an auditor can read everything and change nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from annexa.identity.roles import ROLES, permissions_of
from annexa.web.authz import PUBLIC, SIGNED_IN, route_permissions
from tests.web.conftest import COOKIE, Console, make_console

# The AI routes are authorised by the gateway itself (virtual key, key scope, policy by role),
# tested in tests/gateway; everything else must declare a permission.
GATEWAY = re.compile(r"^/v1/")


@pytest.fixture(scope="module")
def console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Console]:
    yield from make_console(Path(tmp_path_factory.mktemp("matrix")))


def routes(console: Console) -> dict[tuple[str, str], str | None]:
    return {
        (method, path): permission
        for (method, path), permission in route_permissions(console.app).items()
        if not GATEWAY.match(path) and method != "HEAD"
    }


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "nothing", path)


def call(console: Console, method: str, path: str, *, cookie: str | None, key: str | None) -> int:
    console.client.cookies.clear()
    if cookie:
        console.client.cookies.set(COOKIE, cookie)
    headers = {"authorization": f"Bearer {key}"} if key else {}
    body: dict[str, object] | None = {} if method == "POST" and path.startswith("/api/") else None
    answer = console.client.request(
        method, concrete(path), headers=headers, json=body, follow_redirects=False
    )
    if answer.status_code == 303 and answer.headers.get("location") == "/console/login":
        return 401  # the console's way of saying "sign in"
    return answer.status_code


def test_every_route_declares_a_permission(console: Console) -> None:
    found = routes(console)
    assert len(found) >= 20
    undeclared = sorted(route for route, permission in found.items() if permission is None)
    assert undeclared == [], f"routes without a permission: {undeclared}"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_its_permissions(console: Console, role: str) -> None:
    uid = console.user(f"matrix-{role}", role)
    cookie = console.session(uid)
    _, key = console.identity.keys.create(f"matrix-{role}", role)
    granted = permissions_of(role)
    before = len(console.sink.named("authz-decision"))
    wrong: list[str] = []
    for (method, path), permission in sorted(routes(console).items()):
        if permission == PUBLIC:
            continue
        api = path.startswith("/api/")
        status = call(
            console, method, path, cookie=None if api else cookie, key=key if api else None
        )
        allowed = permission == SIGNED_IN or permission in granted
        if allowed and status in (401, 403):
            wrong.append(f"{method} {path} ({permission}) refused with {status}")
        if not allowed and status != 403:
            wrong.append(f"{method} {path} ({permission}) answered {status}, expected 403")
        if status >= 500:
            wrong.append(f"{method} {path} failed with {status}")
    assert wrong == [], "\n".join(wrong)
    denials = len(console.sink.named("authz-decision")) - before
    expected = sum(
        1
        for permission in routes(console).values()
        if permission not in (PUBLIC, SIGNED_IN) and permission not in granted
    )
    assert denials == expected  # every refusal is audited


def test_auditor_reads_everything_and_changes_nothing() -> None:
    auditor = permissions_of("auditor")
    assert all(p.endswith((":read", ":export")) for p in auditor)
    reads = {p for p in permissions_of("admin") if p.endswith(":read")}
    assert reads <= auditor


def test_without_credentials_only_public_routes_answer(console: Console) -> None:
    for (method, path), permission in sorted(routes(console).items()):
        if permission == PUBLIC:
            continue
        status = call(console, method, path, cookie=None, key=None)
        assert status == 401, f"{method} {path} answered {status} to an anonymous caller"
