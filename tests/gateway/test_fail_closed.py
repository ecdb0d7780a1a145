"""Fail closed: whatever cannot be scanned, decided or audited is refused, audited, not sent.
And every supplier failure becomes a clean error in the caller's dialect."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import anyio
import httpx
import pytest

from annexa.errors import UpstreamError
from annexa.forward.client import Forwarder, make_client
from annexa.testing.fake_upstream import serve_in_thread
from tests.gateway.conftest import Stack

CHAT = {"model": "gpt-4o", "messages": [{"role": "user", "content": "hello"}]}
MSG = {"model": "claude-x", "max_tokens": 5, "messages": [{"role": "user", "content": "hello"}]}


@pytest.fixture
def http(gw: Stack) -> Iterator[httpx.Client]:
    headers = {"authorization": f"Bearer {gw.key}"}
    with httpx.Client(base_url=gw.url, headers=headers, timeout=10) as c:
        yield c


def openai_error(resp: httpx.Response) -> dict[str, Any]:
    body = resp.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"message", "type", "param", "code"}
    err: dict[str, Any] = body["error"]
    return err


def anthropic_error(resp: httpx.Response) -> dict[str, Any]:
    body = resp.json()
    assert body["type"] == "error"
    assert set(body["error"]) == {"type", "message"}
    err: dict[str, Any] = body["error"]
    return err


def test_malformed_json_is_refused_in_both_shapes(gw: Stack, http: httpx.Client) -> None:
    r = http.post("/v1/chat/completions", content=b'{"model": "gpt-4o", "messages": [')
    assert r.status_code == 400
    assert openai_error(r)["type"] == "invalid_request_error"
    r = http.post("/v1/messages", content=b"not json")
    assert r.status_code == 400
    assert anthropic_error(r)["type"] == "invalid_request_error"
    assert gw.upstream.requests == []
    assert [e.outcome for e in gw.sink.named("ai-request")] == ["error", "error"]
    assert all(e.details["scanned"] is False for e in gw.sink.events)


def test_a_body_nested_too_deep_is_a_clear_400(gw: Stack, http: httpx.Client) -> None:
    deep = b"[" * 10_000 + b"]" * 10_000  # past the JSON parser's stack
    body = b'{"model": "gpt-4o", "messages": [{"role": "user", "content": "x"}], "x": '
    r = http.post("/v1/chat/completions", content=body + deep + b"}")
    assert r.status_code == 400, r.text
    assert "nested deeper than 128 levels" in openai_error(r)["message"]
    assert gw.upstream.requests == []


@pytest.mark.parametrize(
    "body",
    [
        {"model": "gpt-4o"},  # no messages
        {"model": "gpt-4o", "messages": "hi"},
        {"model": "gpt-4o", "messages": [{"role": "user", "content": 42}]},
        {"model": "gpt-4o", "messages": [{"role": "user", "content": [{"type": "video_url"}]}]},
        {"model": 7, "messages": []},
        {"model": "gpt-4o", "messages": [], "stream": "yes"},
    ],
)
def test_unparseable_parts_are_refused(gw: Stack, http: httpx.Client, body: Any) -> None:
    r = http.post("/v1/chat/completions", json=body)
    assert r.status_code == 400, r.text
    assert openai_error(r)["message"]
    assert gw.upstream.requests == []


def test_an_image_is_refused_where_no_rule_allows_it(gw: Stack, http: httpx.Client) -> None:
    image = {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}}
    body = {"model": "gpt-4o", "messages": [{"role": "user", "content": [image]}]}
    r = http.post("/v1/chat/completions", json=body)
    assert r.status_code == 403, r.text
    message = openai_error(r)["message"]
    assert "block by unscannable: image×1 cannot be scanned" in message
    assert r.headers["x-annexa-decision"].startswith("action=block; rule=unscannable;")
    assert gw.upstream.requests == []
    [event] = gw.sink.named("ai-request")
    assert (event.outcome, event.details["scanned"]) == ("blocked", False)
    assert event.details["unscanned"] == {"image": 1}


@pytest.mark.parametrize(
    ("method", "path", "status", "dialect"),
    [
        ("POST", "/v1/audio/transcriptions", 404, "openai"),
        ("POST", "/v1/completions", 404, "openai"),
        ("GET", "/v1/chat/completions", 405, "openai"),
        ("POST", "/v1/messages/batches", 404, "anthropic"),
    ],
)
def test_an_endpoint_the_gateway_does_not_serve_says_what_it_serves(
    gw: Stack, http: httpx.Client, method: str, path: str, status: int, dialect: str
) -> None:
    r = http.request(method, path, json={"model": "gpt-4o"})
    assert r.status_code == status
    err = anthropic_error(r) if dialect == "anthropic" else openai_error(r)
    assert f"does not serve {method} {path}" in err["message"]
    assert "/v1/chat/completions" in err["message"]
    assert r.headers["x-request-id"].startswith("req_")
    assert gw.upstream.requests == []


def test_huge_body_is_413_and_audited(gw: Stack, http: httpx.Client) -> None:
    big = {"model": "gpt-4o", "messages": [{"role": "user", "content": "a" * 300_000}]}
    r = http.post("/v1/chat/completions", json=big)
    assert r.status_code == 413
    assert gw.upstream.requests == []
    [event] = gw.sink.named("ai-request")
    assert event.details["status"] == 413

    def chunks() -> Iterator[bytes]:  # no content-length: the limit applies while reading
        yield b'{"model": "gpt-4o", "messages": [{"role": "user", "content": "'
        for _ in range(30):
            yield b"b" * 10_000
        yield b'"}]}'

    r = http.post("/v1/messages", content=chunks())
    assert r.status_code == 413
    assert anthropic_error(r)["type"] == "request_too_large"


def test_odd_unicode(gw: Stack, http: httpx.Client) -> None:
    text = "zero\u200bwidth ｆｕｌｌ emoji 👩‍💻 rtl \u202e mail m\u0430ria@example.com"
    r = http.post(
        "/v1/chat/completions", json={**CHAT, "messages": [{"role": "user", "content": text}]}
    )
    assert r.status_code == 200
    assert r.json()["choices"][0]["message"]["content"] == f"You said: {text}"
    lone = b'{"model": "gpt-4o", "messages": [{"role": "user", "content": "x\\ud800y"}]}'
    r = http.post("/v1/chat/completions", content=lone)
    assert r.status_code == 400
    assert len(gw.upstream.requests) == 1


def test_missing_wrong_and_revoked_keys(gw: Stack) -> None:
    with httpx.Client(base_url=gw.url) as c:
        assert c.post("/v1/chat/completions", json=CHAT).status_code == 401
        assert c.get("/v1/models", headers={"x-api-key": "ax-wrong-1234567890"}).status_code == 401
        r = c.post("/v1/messages", json=MSG, headers={"x-api-key": "ax-wrong-key-123456789"})
        assert r.status_code == 401
        assert anthropic_error(r)["type"] == "authentication_error"
        record, key = gw.keys.create("carol", "member")
        ok = c.post("/v1/chat/completions", json=CHAT, headers={"authorization": f"Bearer {key}"})
        assert ok.status_code == 200
        gw.keys.revoke(record.prefix)
        gone = c.post("/v1/chat/completions", json=CHAT, headers={"authorization": f"Bearer {key}"})
        assert gone.status_code == 401
        assert "revoked" in openai_error(gone)["message"]
    assert len(gw.upstream.requests) == 1
    assert [e.name for e in gw.sink.events].count("auth-failure") == 4


def test_detector_crash_fails_closed(gw: Stack, http: httpx.Client) -> None:
    body = {**CHAT, "messages": [{"role": "user", "content": "please EXPLODE"}]}
    r = http.post("/v1/chat/completions", json=body)
    assert r.status_code == 500
    assert "test_exploding" in openai_error(r)["message"]
    assert gw.upstream.requests == []
    [event] = gw.sink.named("ai-request")
    assert event.details["scanned"] is False
    assert event.outcome == "error"


def test_audit_failure_fails_closed(gw: Stack, http: httpx.Client) -> None:
    gw.sink.failing = True
    r = http.post("/v1/chat/completions", json=CHAT)
    assert r.status_code == 503
    assert gw.upstream.requests == []
    r = http.post("/v1/messages", json=MSG)
    assert r.status_code == 503
    assert anthropic_error(r)["type"] == "api_error"


@pytest.mark.parametrize(
    ("switch", "value", "status"),
    [("status", 503, 502), ("status", 500, 502), ("reset", True, 502), ("delay_s", 3.0, 504)],
)
def test_upstream_failures_become_clean_errors(
    gw: Stack, http: httpx.Client, switch: str, value: Any, status: int
) -> None:
    setattr(gw.upstream.switches, switch, value)
    r = http.post("/v1/chat/completions", json=CHAT)
    assert r.status_code == status
    assert openai_error(r)["type"] == "server_error"
    r = http.post("/v1/messages", json=MSG)
    assert r.status_code == status
    assert anthropic_error(r)["type"] in {"api_error", "timeout_error"}
    [first, _] = gw.sink.named("ai-response")
    assert first.details["status"] == status


def test_upstream_4xx_keeps_status_but_not_its_auth_meaning(gw: Stack, http: httpx.Client) -> None:
    gw.upstream.switches.status = 429
    assert http.post("/v1/chat/completions", json=CHAT).status_code == 429
    gw.upstream.switches.status = 401  # the supplier rejects Annexa's key, not the caller's
    assert http.post("/v1/chat/completions", json=CHAT).status_code == 502


def test_dead_upstream() -> None:
    async def main() -> None:
        async with make_client() as c:
            with pytest.raises(UpstreamError) as err:
                await Forwarder(c).post_json("http://127.0.0.1:9/v1/chat/completions", {}, CHAT)
            assert err.value.status_code == 502
            assert "could not be reached" in err.value.message

    anyio.run(main)


def test_a_cookie_the_supplier_sets_is_never_sent_back() -> None:
    """One upstream session serves every caller: a supplier's Set-Cookie on one answer must not
    reach the supplier again with another caller's request."""
    seen: list[str | None] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        headers = dict(scope["headers"])
        seen.append(headers.get(b"cookie", b"").decode() or None)
        await send({"type": "http.response.start", "status": 200, "headers": [
            (b"content-type", b"application/json"), (b"set-cookie", b"session=alice; Path=/"),
        ]})  # fmt: skip
        await send({"type": "http.response.body", "body": b"{}"})

    async def main(url: str) -> None:
        async with make_client() as c:
            for _ in range(2):
                await Forwarder(c).post_json(f"{url}/v1/chat/completions", {}, CHAT)

    with serve_in_thread(app, lifespan="off") as url:
        # by name: a default aiohttp cookie jar would keep no cookie of an IP address
        anyio.run(main, url.replace("127.0.0.1", "localhost"))
    assert seen == [None, None]


def test_malformed_stream_ends_with_an_error_event(gw: Stack, http: httpx.Client) -> None:
    gw.upstream.switches.malformed_stream = True
    with http.stream("POST", "/v1/chat/completions", json={**CHAT, "stream": True}) as r:
        assert r.status_code == 200
        lines = [ln for ln in r.iter_lines() if ln.startswith("data: ")]
    last = json.loads(lines[-1].removeprefix("data: "))
    assert last["error"]["type"] == "server_error"
    with http.stream("POST", "/v1/messages", json={**MSG, "stream": True}) as r:
        text = r.read().decode()
    assert "event: error" in text
    assert '"api_error"' in text


def test_stream_refused_upstream_is_a_plain_error(gw: Stack, http: httpx.Client) -> None:
    gw.upstream.switches.status = 503
    r = http.post("/v1/chat/completions", json={**CHAT, "stream": True})
    assert r.status_code == 502
    assert openai_error(r)["message"]


def test_client_disconnect_cancels_the_upstream_stream(gw: Stack, http: httpx.Client) -> None:
    gw.upstream.switches.event_delay_s = 0.05
    gw.upstream.switches.chunk = 1
    body = {**CHAT, "stream": True, "messages": [{"role": "user", "content": "x" * 200}]}
    with http.stream("POST", "/v1/chat/completions", json=body) as r:
        for _ in zip(range(3), r.iter_lines(), strict=False):
            pass
    deadline = time.monotonic() + 5
    while gw.upstream.aborted_streams == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert gw.upstream.aborted_streams == 1
    assert gw.upstream.completed_streams == 0
