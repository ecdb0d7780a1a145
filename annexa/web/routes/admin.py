"""The admin API (JSON), authenticated by a virtual API key whose role grants the permission,
or by a console session. Every route declares its permission; denials are audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from annexa.identity.roles import permissions_of
from annexa.policy.interface import Principal
from annexa.web.authz import require, signed_in
from annexa.web.console.identity import ConsoleIdentity

__all__ = ["router"]

router = APIRouter(prefix="/api")


def _identity(request: Request) -> ConsoleIdentity:
    found: ConsoleIdentity = request.app.state.console
    return found


@router.get("/me", summary="Who the caller is and what its role allows")
def me(principal: Annotated[Principal, Depends(signed_in())]) -> JSONResponse:
    return JSONResponse(
        {
            "id": principal.id,
            "name": principal.name,
            "kind": principal.kind,
            "role": principal.role,
            "permissions": sorted(permissions_of(principal.role)),
        }
    )


@router.get("/users", summary="Every console user", dependencies=[Depends(require("users:read"))])
def users(request: Request) -> JSONResponse:
    rows = [
        {
            "id": u.id,
            "name": u.name,
            "role": u.role,
            "disabled": u.disabled,
            "mfa_enrolled": u.mfa_enrolled,
            "created_at": u.created_at,
        }
        for u in _identity(request).accounts.list()
    ]
    return JSONResponse(rows)


@router.get("/keys", summary="Every virtual API key", dependencies=[Depends(require("keys:read"))])
def keys(request: Request) -> JSONResponse:
    return JSONResponse([k.as_dict() for k in _identity(request).keys.list()])


class NewKey(BaseModel):
    """A key for an existing user (it carries the user's role) or a service."""

    user: str | None = Field(default=None, max_length=200)
    service: str | None = Field(default=None, max_length=200)
    role: str | None = Field(default=None, description="Only for a service key.")
    providers: list[str] | None = None
    models: list[str] | None = None
    expires_days: int | None = Field(default=90, ge=1, le=3650)


@router.post("/keys", summary="Create a key; the key is in this answer only", status_code=201)
def create_key(
    request: Request,
    body: NewKey,
    principal: Annotated[Principal, Depends(require("keys:write"))],
) -> JSONResponse:
    identity = _identity(request)
    if (body.user is None) == (body.service is None):
        return JSONResponse({"error": {"message": "give exactly one of user or service"}}, 400)
    if body.user is not None:
        owner = identity.accounts.get(body.user)
        name, role, kind = owner.name, owner.role, "user"
    else:
        name, role, kind = str(body.service), body.role or "member", "service"
    expires = datetime.now(UTC) + timedelta(days=body.expires_days) if body.expires_days else None
    record, key = identity.keys.create(
        name,
        role,
        kind="user" if kind == "user" else "service",
        providers=body.providers,
        models=body.models,
        expires_at=expires,
    )
    _identity(request).key_changed(request, principal, record.id, "create")
    return JSONResponse({"key": key, **record.as_dict()}, status_code=201)


@router.delete("/keys/{key_id}", summary="Revoke a key (id or prefix); effective at once")
def revoke_key(
    request: Request,
    key_id: str,
    principal: Annotated[Principal, Depends(require("keys:write"))],
) -> JSONResponse:
    record = _identity(request).keys.revoke(key_id)
    _identity(request).key_changed(request, principal, record.id, "revoke")
    return JSONResponse(record.as_dict())
