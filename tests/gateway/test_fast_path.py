"""The plain-ASGI fast path answers exactly as the FastAPI routes it bypasses.

The same requests go to the gateway as served (fast path in front) and to a second app built
from the same settings, database and audit sink with the fast path left out (the FastAPI routes
answer): status, headers and bodies must be equal (request ids and dates aside), the audit
events alike, and the request counters of both apps' metrics the same.
"""

from __future__ import annotations

import json
import re
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlsplit

import anyio
import httpx
import pytest
from starlette.types import Message, Scope

from annexa.app import Overrides, create_app
from annexa.audit.interface import AuditEvent
from annexa.db import database_url, make_engine
from annexa.detect.scanner import Scanner, load_detectors
from annexa.gateway import Incoming, Reply
from annexa.settings import load_settings
from annexa.testing.fake_upstream import serve_in_thread
from annexa.web.fast import FastAI
from annexa.web.metrics import Metrics
from tests.gateway.conftest import CodenameDetector, ExplodingDetector, Stack

RID = re.compile(r"req_[0-9a-f]{32}")
UPSTREAM_IDS = re.compile(r'"(id|item_id|created|created_at)": ?("[^"]*"|\d+)')  # the fake's
SKIP_HEADERS = {"date", "x-request-id"}
CHAT = {"model": "gpt-4o", "messages": [{"role": "user", "content": "mail maria@example.com"}]}
MSG = {"model": "claude-x", "max_tokens": 9, "messages": [{"role": "user", "content": "hi"}]}


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    path: str
    json: Any = None
    content: bytes | None = None
    headers: dict[str, str] | None = None
    key: str = "bearer"  # bearer | x-api-key | none | wrong


CASES = [
    Case("chat", "POST", "/v1/chat/completions", CHAT),
    Case("chat stream", "POST", "/v1/chat/completions", {**CHAT, "stream": True}),
    Case("messages", "POST", "/v1/messages", MSG, key="x-api-key"),
    Case("messages stream", "POST", "/v1/messages", {**MSG, "stream": True}, key="x-api-key"),
    Case("count tokens", "POST", "/v1/messages/count_tokens", MSG, key="x-api-key"),
    Case("responses", "POST", "/v1/responses", {"model": "gpt-4o", "input": "hi there"}),
    Case("embeddings", "POST", "/v1/embeddings", {"model": "text-embedding-3", "input": "x"}),
    Case("no key", "POST", "/v1/chat/completions", CHAT, key="none"),
    Case("wrong key anthropic", "POST", "/v1/messages", MSG, key="wrong"),
    Case("bad json", "POST", "/v1/chat/completions", content=b'{"model": "gpt-4o", "mess'),
    Case("bad json anthropic", "POST", "/v1/messages", content=b"nope", key="x-api-key"),
    Case("not parseable", "POST", "/v1/chat/completions", {"model": 7, "messages": []}),
    Case("too big", "POST", "/v1/chat/completions", content=b"{" + b" " * 200_001 + b"}"),
    Case(
        "blocked",
        "POST",
        "/v1/chat/completions",
        {**CHAT, "messages": [{"role": "user", "content": "status of BLUEFIN-42?"}]},
    ),
    Case("unknown model", "POST", "/v1/chat/completions", {**CHAT, "model": "nobody-1"}),
    Case(
        "detector bug",
        "POST",
        "/v1/messages",
        {**MSG, "messages": [{"role": "user", "content": "EXPLODE"}]},
        key="x-api-key",
    ),
    Case("get is 405", "GET", "/v1/chat/completions"),
    Case("trailing slash", "POST", "/v1/chat/completions/", CHAT),
    Case("models", "GET", "/v1/models"),
]


@pytest.fixture(scope="module")
def reference(stack: Stack) -> Iterator[str]:
    """The same gateway without the fast path: the FastAPI routes answer."""
    settings = load_settings(stack.data_dir)
    engine = make_engine(database_url(stack.data_dir))
    detectors = [*load_detectors(settings.scan), CodenameDetector(), ExplodingDetector()]
    scanner = Scanner(settings.scan, detectors=detectors)
    app = create_app(settings, Overrides(audit=stack.sink, scanner=scanner, engine=engine))
    app.user_middleware = [m for m in app.user_middleware if m.cls is not cast(Any, FastAI)]
    with serve_in_thread(app) as url:
        yield url
    engine.dispose()


def _send(base: str, case: Case, key: str) -> httpx.Response:
    headers = dict(case.headers or {})
    if case.key == "bearer":
        headers["authorization"] = f"Bearer {key}"
    elif case.key == "x-api-key":
        headers["x-api-key"] = key
    elif case.key == "wrong":
        headers["x-api-key"] = "ax-wrong-key-123456789"
    with httpx.Client(base_url=base, timeout=10, follow_redirects=False) as client:
        response = client.request(
            case.method, case.path, json=case.json, content=case.content, headers=headers
        )
    return response


def _seen(response: httpx.Response, base: str) -> tuple[int, dict[str, str], str]:
    headers = {
        k: v.replace(base, "BASE") for k, v in response.headers.items() if k not in SKIP_HEADERS
    }
    text = UPSTREAM_IDS.sub(r'"\1":"X"', RID.sub("req_X", response.text))
    return response.status_code, headers, text


def _events(events: list[AuditEvent]) -> list[tuple[str, str, Any]]:
    """The events once every forwarded request's ``ai-response`` (appended after the answer)
    is in, without ids and latencies."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        sent = {e.request_id for e in events if e.name == "ai-request" and e.details["status"] == 0}
        if sent <= {e.request_id for e in events if e.name == "ai-response"}:
            break
        time.sleep(0.01)
    out: list[tuple[str, str, Any]] = []
    for e in sorted(events, key=lambda e: e.name):
        details = {k: v for k, v in e.details.items() if k != "latency_ms"}
        out.append((e.name, e.outcome, details))
    return out


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fast_path_answers_as_the_routes(gw: Stack, reference: str, case: Case) -> None:
    fast = _send(gw.url, case, gw.key)
    fast_events = _events(gw.sink.events)
    gw.sink.events.clear()
    slow = _send(reference, case, gw.key)
    assert _seen(fast, gw.url) == _seen(slow, reference)
    assert fast.headers.get("x-request-id", "").startswith("req_") or case.name in (
        "get is 405",
        "trailing slash",
        "models",
    )
    assert fast_events == _events(gw.sink.events)


def test_metrics_count_alike(gw: Stack, reference: str) -> None:
    def counters(base: str) -> dict[str, float]:
        lines = httpx.get(base + "/metrics").text.splitlines()
        found = [line.rpartition(" ") for line in lines if line.startswith("annexa_gateway_req")]
        return {name: float(value) for name, _, value in found if "_total{" in name}

    before = counters(gw.url), counters(reference)
    for case in CASES:
        _send(gw.url, case, gw.key)
        _send(reference, case, gw.key)
    after = counters(gw.url), counters(reference)
    fast, slow = (
        {k: v - was.get(k, 0.0) for k, v in now.items()}
        for now, was in zip(after, before, strict=True)
    )
    assert {k: v for k, v in fast.items() if v} == {k: v for k, v in slow.items() if v}
    assert any('route="/v1/messages"' in k for k, v in fast.items() if v)


def test_an_answer_that_cannot_be_rendered_is_a_500_in_the_dialect() -> None:
    class NaNGateway:
        max_body_bytes = 1000
        body_timeout_s = 5.0

        async def handle(self, incoming: Incoming) -> Reply:
            return Reply({"x-request-id": incoming.request_id}, json={"x": float("nan")})

    async def fall_through(scope: Any, receive: Any, send: Any) -> None:
        raise AssertionError("the fast path answers POST /v1/messages")

    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"{}", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    fast = FastAI(fall_through, cast(Any, NaNGateway()), Metrics())
    scope: Scope = {"type": "http", "method": "POST", "path": "/v1/messages", "headers": []}
    with pytest.raises(ValueError, match="JSON compliant"):
        anyio.run(fast, scope, receive, send)
    assert sent[0]["status"] == 500
    body = json.loads(sent[1]["body"])
    assert body["type"] == "error"
    assert body["error"]["type"] == "api_error"
    assert "nothing was forwarded" in body["error"]["message"]


def _slow_post(base: str, key: str) -> tuple[int, dict[str, Any], float, bool]:
    """POST a chat body of which only the first bytes ever arrive; the status, the JSON
    answer and how long it took."""
    url = urlsplit(base)
    body = json.dumps(CHAT).encode()
    head = (
        f"POST /v1/chat/completions HTTP/1.1\r\nhost: {url.netloc}\r\n"
        f"authorization: Bearer {key}\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\n\r\n"
    ).encode()
    started = time.monotonic()
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
        sock.sendall(head + body[:10])  # and nothing more
        data = b""
        while b"\r\n\r\n" not in data or len(data.partition(b"\r\n\r\n")[2]) < _length(data):
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
        sock.settimeout(0.5)
        try:
            closed = sock.recv(1) == b""  # the server hung up right after its answer
        except TimeoutError:
            closed = False
    took = time.monotonic() - started
    status = int(data.split(b" ", 2)[1])
    return status, json.loads(data.partition(b"\r\n\r\n")[2]), took, closed


def _length(data: bytes) -> int:
    for line in data.partition(b"\r\n\r\n")[0].split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value)
    return 0


def test_a_body_that_stalls_is_a_408_on_both_paths(gw: Stack, reference: str) -> None:
    for base in (gw.url, reference):
        status, answer, took, closed = _slow_post(base, gw.key)
        assert status == 408
        assert closed
        assert answer["error"]["type"] == "invalid_request_error"
        assert "did not arrive within 1 s" in answer["error"]["message"]
        assert 0.9 <= took < 8
    assert gw.upstream.requests == []
