"""The AI routes' fast path: plain ASGI in front of the FastAPI app.

``POST`` to ``/v1/chat/completions``, ``/v1/responses``, ``/v1/embeddings``, ``/v1/messages`` and
``/v1/messages/count_tokens`` goes straight to :meth:`~annexa.gateway.Gateway.handle`: no routing
table, dependency injection, ``Request`` object or exception-middleware layers (on one core
those cost about a fifth of a request's CPU). Everything else (other methods, other paths, a
trailing slash) falls through to the app unchanged, and the FastAPI routes in
:mod:`annexa.web.routes.ai` stay as they were (OpenAPI, and the reference this path must match).

Behaviour is the routes' own, byte for byte: the API key from ``Authorization: Bearer``,
``x-api-key`` or ``api-key``; the body read up to the limit + 1 (413 when over, audited by the
gateway); the errors of :mod:`annexa.web.errors` in the route's dialect with ``x-request-id``
(and ``x-annexa-decision`` on a policy block); the same response headers; the same metrics;
streams relayed with a client that goes away cancelling the upstream.

Mounted by :func:`mount_fast_path` as the outermost layer of the app's middleware stack, so no
middleware runs for the AI routes (they are authenticated by API key).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI
from fastapi.responses import StreamingResponse
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from annexa.errors import AnnexaError
from annexa.gateway import Gateway, Incoming
from annexa.providers import anthropic, json_codec, openai
from annexa.providers.interface import Operation
from annexa.web.deps import body_timeout, new_request_id
from annexa.web.errors import error_code
from annexa.web.metrics import Metrics

__all__ = ["FastAI", "mount_fast_path"]

log = logging.getLogger("annexa.web")

ROUTES: dict[str, Operation] = {
    "/v1/chat/completions": "chat",
    "/v1/responses": "responses",
    "/v1/embeddings": "embeddings",
    "/v1/messages": "messages",
    "/v1/messages/count_tokens": "count_tokens",
}
STREAM_HEADERS = {"cache-control": "no-cache", "x-accel-buffering": "no"}


def mount_fast_path(app: FastAPI, gateway: Gateway, metrics: Metrics) -> None:
    """Make :class:`FastAI` the outermost layer of ``app``'s middleware stack: in front of
    Starlette's error middleware and FastAPI's body-limit and exception-telemetry layers, which
    the AI routes do not need (FastAI bounds the body, renders its own errors and logs what it
    did not expect) and which cost about a tenth of a request's CPU. Every other request goes
    through the whole stack, middleware added later included."""
    build = app.build_middleware_stack

    def build_stack() -> ASGIApp:
        return FastAI(build(), gateway, metrics)

    app.build_middleware_stack = build_stack  # type: ignore[method-assign]


def _route_path(scope: Scope) -> str:
    """The path the router would match (``root_path`` removed, as Starlette does)."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    if root and path.startswith(root) and path != root and path[len(root)] == "/":
        return path[len(root) :]
    return path


class FastAI:
    """ASGI middleware answering the gateway's AI routes itself."""

    def __init__(self, app: ASGIApp, gateway: Gateway, metrics: Metrics) -> None:
        self.app, self.gateway, self.metrics = app, gateway, metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST":
            operation = ROUTES.get(_route_path(scope))
            if operation is not None:
                await self.handle(operation, scope, receive, send)
                return
        await self.app(scope, receive, send)

    async def handle(
        self, operation: Operation, scope: Scope, receive: Receive, send: Send
    ) -> None:
        """One AI request, as :func:`annexa.web.routes.ai._run` and the error mapper answer it."""
        started = time.perf_counter()
        path: str = scope["path"]
        rid = new_request_id()
        try:
            headers, api_key = _headers(scope["headers"])
            client = scope.get("client")
            incoming = Incoming(
                operation=operation,
                api_key=api_key,
                body=await _read_body(
                    receive, headers, self.gateway.max_body_bytes, self.gateway.body_timeout_s
                ),
                headers=headers,
                request_id=rid,
                source_ip=client[0] if client else None,
            )
            reply = await self.gateway.handle(incoming)
            decision = reply.headers.get("x-annexa-decision", "").partition(";")[0]
            elapsed = time.perf_counter() - started
            self.metrics.observe(path, reply.status, decision.removeprefix("action="), elapsed)
            if reply.events is None:  # e.g. a NaN in the answer cannot be rendered: a 500
                await _send_json(send, reply.status, reply.headers, reply.json)
                return
        except AnnexaError as exc:
            message = exc.message if not exc.hint else f"{exc.message}. {exc.hint}"
            extra = getattr(exc, "headers", None)
            await self._error(send, operation, path, rid, exc.status_code, message, exc, extra)
            return
        except Exception:
            log.exception("unexpected error in request %s", rid)
            message = f"internal error (request {rid}); nothing was forwarded"
            await self._error(send, operation, path, rid, 500, message, None, None)
            raise  # as Starlette's ServerErrorMiddleware: the server logs it too
        streaming = StreamingResponse(
            reply.events,
            media_type="text/event-stream",
            headers={**reply.headers, **STREAM_HEADERS},
        )
        await _stream(reply.events, streaming.raw_headers, receive, send)

    async def _error(
        self,
        send: Send,
        operation: Operation,
        path: str,
        rid: str,
        status: int,
        message: str,
        exc: Exception | None,
        extra: dict[str, str] | None,
    ) -> None:
        """:func:`annexa.web.errors.error_response` for this route."""
        if operation in ("messages", "count_tokens"):
            body = anthropic.error_body(status, message)
        else:
            body = openai.error_body(status, message, error_code(exc) if exc else None)
        headers = {**(extra or {}), "x-request-id": rid}
        if path.startswith("/v1/"):
            self.metrics.observe(path, status, "refused")
        await _send_json(send, status, headers, body)


async def _send_json(send: Send, status: int, headers: dict[str, str], content: Any) -> None:
    """What Starlette's ``JSONResponse(content, status, headers)`` sends, built directly."""
    body = json_codec.dumps(content)  # NaN refused: a 500, as JSONResponse
    raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
    names = {k for k, _ in raw}
    if b"content-length" not in names and status >= 200 and status not in (204, 304):
        raw.append((b"content-length", str(len(body)).encode("latin-1")))
    if b"content-type" not in names:
        raw.append((b"content-type", b"application/json"))
    await send(_start(status, raw))
    await send({"type": "http.response.body", "body": body})


def _start(status: int, raw_headers: list[tuple[bytes, bytes]]) -> Message:
    return {"type": "http.response.start", "status": status, "headers": raw_headers}


def _headers(raw: list[tuple[bytes, bytes]]) -> tuple[dict[str, str], str]:
    """The request headers (a later duplicate wins, as the routes' dict did) and the API key:
    ``Authorization: Bearer``, else ``x-api-key``, else ``api-key`` (the first of each name,
    as ``request.headers.get``)."""
    headers: dict[str, str] = {}
    first: dict[str, str] = {}
    for k, v in raw:
        name, value = k.decode("latin-1").lower(), v.decode("latin-1")
        headers[name] = value
        if name in ("authorization", "x-api-key", "api-key") and name not in first:
            first[name] = value
    scheme, _, token = first.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return headers, token.strip()
    return headers, first.get("x-api-key") or first.get("api-key") or ""


async def _read_body(
    receive: Receive, headers: dict[str, str], limit: int, timeout_s: float
) -> bytes | None:
    """:func:`annexa.web.deps.read_body` on the raw ASGI messages. Its ``content-length`` is the
    first one sent, as ``request.headers.get`` reads it (passed in ``headers`` last-wins, so
    only a request with two different lengths could tell; uvicorn refuses those)."""
    declared = headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    # asyncio.timeout's deadline, by hand: a timer that cancels this task, a third of the cost
    task = asyncio.current_task()
    assert task is not None  # nosec B101 - called from a request's task
    expired = False

    def expire() -> None:
        nonlocal expired
        expired = True
        task.cancel()

    timer = asyncio.get_running_loop().call_later(timeout_s, expire)
    try:
        while True:
            message = await receive()
            if message["type"] == "http.request":
                chunk = message.get("body", b"")
                if chunk:
                    chunks.append(chunk)
                    size += len(chunk)
                    if size > limit:
                        break
                if not message.get("more_body", False):
                    break
            elif message["type"] == "http.disconnect":
                raise ClientDisconnect()
    except asyncio.CancelledError:
        if expired and task.uncancel() == 0:  # our timer's cancellation, and no one else's
            raise body_timeout(timeout_s) from None
        raise
    finally:
        timer.cancel()
    return b"".join(chunks)


async def _stream(
    events: AsyncIterator[bytes],
    raw_headers: list[tuple[bytes, bytes]],
    receive: Receive,
    send: Send,
) -> None:
    """Send the event stream; a client that disconnects cancels it (which closes the upstream
    and audits the end, in :func:`annexa.forward.streaming.relay_stream`)."""
    task = asyncio.current_task()
    assert task is not None  # nosec B101
    gone = False

    async def watch() -> None:
        nonlocal gone
        while (await receive())["type"] != "http.disconnect":
            pass
        gone = True
        task.cancel()

    await send(_start(200, raw_headers))
    watcher = asyncio.get_running_loop().create_task(watch())
    try:
        async for chunk in events:
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        watcher.cancel()  # before the last send completes the response (receive then returns)
        await send({"type": "http.response.body", "body": b"", "more_body": False})
    except asyncio.CancelledError:
        if not gone:
            raise
        task.uncancel()
    finally:
        watcher.cancel()
        closing = getattr(events, "aclose", None)
        if closing is not None:
            with contextlib.suppress(Exception):
                await closing()
