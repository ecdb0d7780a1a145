"""Roles, permissions and the one authorisation check (A.5.15, A.5.18, A.8.2).

Permissions are data: ``area:verb`` strings in :data:`PERMISSIONS`, granted to roles in
:data:`ROLE_PERMISSIONS`. Least privilege:

- ``admin``: everything.
- ``security_officer``: reads everything; writes policies, ISMS registers, incidents and access
  reviews; never users, their credentials (API keys, MFA, passwords) or the system itself.
- ``auditor``: reads everything, the audit log and exports included; changes nothing.
- ``member``: uses the gateway, nothing else.

Every admin API route and console page calls :func:`authorize` (through
``annexa.web.authz.require``); a denial is audited as an ``authz-decision`` event.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from annexa.audit.events import AuthzDecision, make_event
from annexa.audit.interface import Actor, ActorKind, AuditSink
from annexa.errors import InputError
from annexa.policy.interface import Principal

__all__ = [
    "PERMISSIONS",
    "ROLES",
    "ROLE_PERMISSIONS",
    "Decision",
    "authorize",
    "check_role",
    "permissions_of",
    "role_for_groups",
]

READS = (
    "users:read",
    "keys:read",
    "policy:read",
    "isms:read",
    "incidents:read",
    "reviews:read",
    "audit:read",
    "reports:read",
    "system:read",
)
WRITES = (
    "users:write",  # create, disable, change role, reset MFA or password
    "keys:write",  # virtual API keys
    "policy:write",
    "isms:write",  # risks, suppliers, systems, SoA, evidence
    "incidents:write",
    "reviews:write",  # access review campaigns and decisions
    "system:write",  # settings, master keys, backups and restores
)
OTHERS = (
    "audit:export",  # evidence bundles and exports (reading, for an auditor)
    "gateway:use",  # send requests through the AI gateway
)
PERMISSIONS: frozenset[str] = frozenset(READS + WRITES + OTHERS)

ROLE_PERMISSIONS: Mapping[str, frozenset[str]] = {
    "admin": PERMISSIONS,
    "security_officer": frozenset(
        {*READS, "policy:write", "isms:write", "incidents:write", "reviews:write"}
        | {"audit:export", "gateway:use"}
    ),
    "auditor": frozenset((*READS, "audit:export")),
    "member": frozenset({"gateway:use"}),
}
ROLES: tuple[str, ...] = ("admin", "security_officer", "auditor", "member")  # most privileged first


@dataclass(frozen=True, slots=True)
class Decision:
    """The answer of :func:`authorize`: allowed or not, and the rule that decided."""

    allowed: bool
    permission: str
    role: str
    rule: str

    def __bool__(self) -> bool:
        return self.allowed


def check_role(role: str) -> str:
    """``role`` if it is one of :data:`ROLES`; :class:`InputError` otherwise."""
    if role not in ROLE_PERMISSIONS:
        raise InputError(f"unknown role {role!r}; one of: {', '.join(ROLES)}")
    return role


def permissions_of(role: str) -> frozenset[str]:
    """What ``role`` may do (nothing for an unknown role)."""
    return ROLE_PERMISSIONS.get(role, frozenset())


def role_for_groups(
    groups: Iterable[str], mapping: Mapping[str, str], default: str = "member"
) -> str:
    """The most privileged role the ``mapping`` gives any of ``groups``; ``default`` if none."""
    mapped = {mapping[g] for g in groups if g in mapping}
    for role in ROLES:
        if role in mapped:
            return role
    return check_role(default)


def authorize(
    principal: Principal,
    permission: str,
    *,
    audit: AuditSink | None = None,
    resource: str | None = None,
    request_id: str | None = None,
    source_ip: str | None = None,
) -> Decision:
    """May ``principal`` use ``permission``? Audits every denial on ``audit``.

    An unknown permission is a programming error (:class:`InputError`), never an allow.
    """
    if permission not in PERMISSIONS:
        raise InputError(f"unknown permission {permission!r}")
    granted = permission in permissions_of(principal.role)
    rule = f"role:{principal.role}" if principal.role in ROLE_PERMISSIONS else "unknown-role"
    decision = Decision(allowed=granted, permission=permission, role=principal.role, rule=rule)
    if not granted and audit is not None:
        area, _, verb = permission.partition(":")
        actor = Actor(
            kind=_kind(principal), id=principal.id, name=principal.name, role=principal.role
        )
        details = AuthzDecision(resource=resource or area, action=verb, allowed=False, rule=rule)
        event = make_event(details, actor, "denied", request_id=request_id, source_ip=source_ip)
        audit.append(event)
    return decision


def _kind(principal: Principal) -> ActorKind:
    return "service" if principal.kind == "service" else "user"
