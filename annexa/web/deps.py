"""Request dependencies: the gateway, the caller's API key, the body read within its limit."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Request

from annexa.gateway import Gateway

__all__ = ["GatewayDep", "api_key_of", "read_body", "request_id_of"]


def gateway_of(request: Request) -> Gateway:
    """The gateway the composition root built."""
    gateway: Gateway = request.app.state.gateway
    return gateway


GatewayDep = Annotated[Gateway, Depends(gateway_of)]


def api_key_of(request: Request) -> str:
    """The virtual key: ``Authorization: Bearer``, ``x-api-key`` (Anthropic) or ``api-key``
    (Azure). Empty when none is sent (the gateway refuses it, audited)."""
    auth = request.headers.get("authorization", "")
    scheme, _, token = auth.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return request.headers.get("x-api-key") or request.headers.get("api-key") or ""


def request_id_of(request: Request) -> str:
    """A fresh request id, kept on ``request.state`` for error responses and logs."""
    rid = "req_" + uuid.uuid4().hex
    request.state.request_id = rid
    return rid


async def read_body(request: Request, limit: int) -> bytes | None:
    """The body, read at most ``limit + 1`` bytes far; ``None`` when its declared length is
    already over the limit (the gateway refuses and audits both cases with a 413)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            break
    return b"".join(chunks)
