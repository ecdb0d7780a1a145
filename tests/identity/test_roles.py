"""The role × permission matrix, written out by hand: least privilege, audited denials."""

from __future__ import annotations

import pytest

from annexa.errors import InputError
from annexa.identity.roles import PERMISSIONS, ROLES, authorize, role_for_groups
from annexa.policy.interface import Principal
from tests.identity.conftest import ListSink

ALL_READS = {
    "users:read",
    "keys:read",
    "policy:read",
    "isms:read",
    "incidents:read",
    "reviews:read",
    "audit:read",
    "reports:read",
    "system:read",
}
EXPECTED: dict[str, set[str]] = {
    "admin": set(PERMISSIONS),
    "security_officer": ALL_READS
    | {"policy:write", "isms:write", "incidents:write", "reviews:write", "audit:export"}
    | {"gateway:use"},
    "auditor": ALL_READS | {"audit:export"},
    "member": {"gateway:use"},
}
MATRIX = [(r, p, p in EXPECTED[r]) for r in ROLES for p in sorted(PERMISSIONS)]


def who(role: str) -> Principal:
    return Principal(id=f"user:{role}", name=role, kind="user", role=role)


@pytest.mark.parametrize(("role", "permission", "allowed"), MATRIX)
def test_matrix(role: str, permission: str, allowed: bool) -> None:
    sink = ListSink()
    decision = authorize(who(role), permission, audit=sink)
    assert decision.allowed is allowed
    assert bool(decision) is allowed
    assert len(sink.named("authz-decision")) == (0 if allowed else 1)


def test_auditor_can_read_everything_and_change_nothing() -> None:
    for permission in PERMISSIONS:
        verb = permission.split(":")[1]
        expected = verb in {"read", "export"}
        assert authorize(who("auditor"), permission).allowed is expected, permission


def test_security_officer_never_touches_credentials_or_system() -> None:
    for permission in ("users:write", "keys:write", "system:write"):
        assert not authorize(who("security_officer"), permission).allowed


def test_denial_is_audited_with_actor_and_rule() -> None:
    sink = ListSink()
    authorize(who("member"), "policy:write", audit=sink, resource="/admin/policy")
    (event,) = sink.events
    assert event.outcome == "denied"
    assert event.actor.id == "user:member"
    assert event.actor.role == "member"
    assert event.details == {
        "resource": "/admin/policy",
        "action": "write",
        "allowed": False,
        "rule": "role:member",
    }


def test_unknown_role_is_denied_and_unknown_permission_is_an_error() -> None:
    assert not authorize(who("root"), "users:read").allowed
    with pytest.raises(InputError):
        authorize(who("admin"), "users:delete-everything")


def test_groups_map_to_the_most_privileged_role() -> None:
    mapping = {"sec": "security_officer", "audit": "auditor", "ops": "admin"}
    assert role_for_groups(["audit", "sec"], mapping) == "security_officer"
    assert role_for_groups(["audit", "ops", "x"], mapping) == "admin"
    assert role_for_groups(["x"], mapping) == "member"
    with pytest.raises(InputError):
        role_for_groups([], mapping, default="nobody")
