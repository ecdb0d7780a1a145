"""Request dependencies: the gateway, the caller's API key, the body read within its limit."""

from __future__ import annotations

import asyncio
import itertools
import os
from typing import Annotated

from fastapi import Depends, Request

from annexa.errors import BodyTimeout
from annexa.gateway import Gateway

__all__ = [
    "GatewayDep",
    "api_key_of",
    "body_timeout",
    "new_request_id",
    "read_body",
    "request_id_of",
]


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


class _Ids:
    """Request ids: ``req_`` + 32 hex digits, a random per-process half and a counter (unique
    without a random draw per request; a forked worker draws its own half)."""

    def __init__(self) -> None:
        self.reseed()
        os.register_at_fork(after_in_child=self.reseed)

    def reseed(self) -> None:
        self.prefix = "req_" + os.urandom(8).hex()
        self.counter = itertools.count(int.from_bytes(os.urandom(4)))

    def next(self) -> str:
        return f"{self.prefix}{next(self.counter) & 0xFFFF_FFFF_FFFF_FFFF:016x}"


_IDS = _Ids()


def new_request_id() -> str:
    """A fresh request id (``req_`` + 32 hex digits)."""
    return _IDS.next()


def request_id_of(request: Request) -> str:
    """A fresh request id, kept on ``request.state`` for error responses and logs."""
    rid = new_request_id()
    request.state.request_id = rid
    return rid


async def read_body(request: Request, limit: int, timeout_s: float) -> bytes | None:
    """The body, read at most ``limit + 1`` bytes far; ``None`` when its declared length is
    already over the limit (the gateway refuses and audits both cases with a 413).
    :class:`BodyTimeout` (408) when it has not all arrived within ``timeout_s``."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(timeout_s):
            async for chunk in request.stream():
                chunks.append(chunk)
                size += len(chunk)
                if size > limit:
                    break
    except TimeoutError:
        raise body_timeout(timeout_s) from None
    return b"".join(chunks)


def body_timeout(timeout_s: float) -> BodyTimeout:
    """The 408 for a body that took longer than ``timeout_s``."""
    return BodyTimeout(
        f"the request body did not arrive within {timeout_s:g} s",
        hint="A client that stalls mid-upload is cut off; gateway.body_timeout_s sets the time",
    )
