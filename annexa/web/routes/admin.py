"""The admin API (JSON), authenticated by a virtual API key whose role grants the permission,
or by a console session. Every route declares its permission; denials are audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from annexa.audit.events import ConfigChanged, make_event
from annexa.identity.apikeys import ApiKey
from annexa.identity.roles import permissions_of
from annexa.policy.interface import Principal
from annexa.web.authz import require, signed_in
from annexa.web.console.identity import ConsoleIdentity, actor_for

__all__ = ["router"]

router = APIRouter(prefix="/api")


def _identity(request: Request) -> ConsoleIdentity:
    found: ConsoleIdentity = request.app.state.console
    return found


def key_row(key: ApiKey) -> dict[str, Any]:
    """A key as JSON: never the key itself."""
    p = key.principal
    return {
        "id": key.id,
        "prefix": key.prefix,
        "principal": p.id,
        "name": p.name,
        "role": p.role,
        "providers": list(key.providers) if key.providers is not None else None,
        "models": list(key.models) if key.models is not None else None,
        "expires_at": key.expires_at,
        "revoked_at": key.revoked_at,
        "created_at": key.created_at,
        "last_used_at": key.last_used_at,
    }


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
    return JSONResponse([key_row(k) for k in _identity(request).keys.list()])


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
    _audit(request, principal, record.id, "create")
    return JSONResponse({"key": key, **key_row(record)}, status_code=201)


@router.delete("/keys/{key_id}", summary="Revoke a key (id or prefix); effective at once")
def revoke_key(
    request: Request,
    key_id: str,
    principal: Annotated[Principal, Depends(require("keys:write"))],
) -> JSONResponse:
    record = _identity(request).keys.revoke(key_id)
    _audit(request, principal, record.id, "revoke")
    return JSONResponse(key_row(record))


def _audit(request: Request, principal: Principal, key_id: str, action: str) -> None:
    details = ConfigChanged(
        target=f"api-key:{key_id}", action=action, before_hash=None, after_hash=None
    )
    ip = request.client.host if request.client else None
    _identity(request).audit.append(
        make_event(details, actor_for(principal), "success", source_ip=ip)
    )
