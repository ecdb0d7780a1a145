"""The AI APIs: OpenAI's chat completions, responses, embeddings and models; Anthropic's
messages and models. Each route hands the raw request to :class:`~annexa.gateway.Gateway`.

The routes take only the ``Request`` (no FastAPI dependencies): on the hot path, dependency
resolution cost more than the work it wired up."""

from __future__ import annotations

import time
from typing import Any

from anyio.to_thread import run_sync
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from annexa.gateway import Incoming
from annexa.providers.interface import Operation
from annexa.web.deps import api_key_of, gateway_of, read_body, request_id_of

router = APIRouter(prefix="/v1")


async def _run(request: Request, operation: Operation) -> Response:
    started = time.perf_counter()
    gateway = gateway_of(request)
    rid = request_id_of(request)
    incoming = Incoming(
        operation=operation,
        api_key=api_key_of(request),
        body=await read_body(request, gateway.max_body_bytes, gateway.body_timeout_s),
        headers={k.lower(): v for k, v in request.headers.items()},
        request_id=rid,
        source_ip=request.client.host if request.client else None,
    )
    reply = await gateway.handle(incoming)
    decision = reply.headers.get("x-annexa-decision", "").partition(";")[0].removeprefix("action=")
    request.app.state.metrics.observe(
        request.url.path, reply.status, decision, time.perf_counter() - started
    )
    if reply.events is not None:
        headers = {**reply.headers, "cache-control": "no-cache", "x-accel-buffering": "no"}
        return StreamingResponse(reply.events, media_type="text/event-stream", headers=headers)
    return JSONResponse(reply.json, status_code=reply.status, headers=reply.headers)


@router.post("/chat/completions", summary="OpenAI chat completions (stream and not)")
async def chat_completions(request: Request) -> Response:
    return await _run(request, "chat")


@router.post("/responses", summary="OpenAI responses (stream and not)")
async def responses(request: Request) -> Response:
    return await _run(request, "responses")


@router.post("/embeddings", summary="OpenAI embeddings")
async def embeddings(request: Request) -> Response:
    return await _run(request, "embeddings")


@router.post("/messages", summary="Anthropic messages (stream and not)")
async def messages(request: Request) -> Response:
    return await _run(request, "messages")


@router.post("/messages/count_tokens", summary="Anthropic token counting (scanned like messages)")
async def count_tokens(request: Request) -> Response:
    return await _run(request, "count_tokens")


@router.get("/models", summary="The models this API key may use")
async def models(request: Request) -> Response:
    gateway = gateway_of(request)
    rid = request_id_of(request)
    ip = request.client.host if request.client else None
    key = await gateway.authenticate(api_key_of(request), rid, ip)
    found = await run_sync(gateway.reachable_models, key.allows)
    if "anthropic-version" in request.headers:
        data: list[dict[str, Any]] = [
            {"type": "model", "id": m, "display_name": m, "created_at": "1970-01-01T00:00:00Z"}
            for _, m in found
        ]
        first, last = (data[0]["id"], data[-1]["id"]) if data else (None, None)
        return JSONResponse({"data": data, "has_more": False, "first_id": first, "last_id": last})
    listed = [{"id": m, "object": "model", "created": 0, "owned_by": p} for p, m in found]
    return JSONResponse({"object": "list", "data": listed})
