"""A request whose line and headers exceed ``gateway.max_header_bytes`` is a 431 in the route's
dialect, and its connection is closed; heads below the limit are served as before."""

from __future__ import annotations

import json
import logging
import socket
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from annexa.settings import GatewaySettings
from tests.gateway.conftest import Stack

LIMIT = GatewaySettings().max_header_bytes


def _exchange(url: str, chunks: list[bytes], pause: float = 0.0) -> tuple[int, bytes, bool]:
    """Send ``chunks`` on a fresh connection; the status, body and whether the server closed."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=5) as sock:
        for chunk in chunks:
            try:
                sock.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError):
                break  # the server refused and hung up before the rest
            time.sleep(pause)
        data = b""
        closed = False
        while True:
            try:
                piece = sock.recv(65536)
            except ConnectionResetError:
                closed = True
                break
            if not piece:
                closed = True
                break
            data += piece
            head, sep, body = data.partition(b"\r\n\r\n")
            if sep and b"content-length" in head.lower():
                length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
                if len(body) >= length:
                    try:
                        closed = sock.recv(1) == b""
                    except (TimeoutError, ConnectionResetError):
                        closed = False
                    break
    status = int(data.split(b" ", 2)[1])
    return status, data.partition(b"\r\n\r\n")[2], closed


def _request(path: str, key: str, headers: dict[str, str]) -> bytes:
    body = b'{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}'
    lines = [f"POST {path} HTTP/1.1", "Host: gw", f"Authorization: Bearer {key}"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture
def server_log() -> Iterator[list[str]]:
    """What the server logs on uvicorn's logger meanwhile (it may not propagate to the root)."""
    handler = _Records()
    logger = logging.getLogger("uvicorn.error")
    level = logger.level
    logger.setLevel(logging.WARNING)  # the test stack's server logs errors only
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def test_headers_over_the_limit_are_a_431_in_each_dialect(gw: Stack, server_log: list[str]) -> None:
    big = {f"x-pad-{i}": "a" * 1000 for i in range(LIMIT // 1000 + 2)}
    status, body, closed = _exchange(gw.url, [_request("/v1/chat/completions", gw.key, big)])
    assert (status, closed) == (431, True)
    error = json.loads(body)["error"]
    assert error["code"] == "request_header_fields_too_large"
    assert "max_header_bytes" in error["message"]
    status, body, closed = _exchange(gw.url, [_request("/v1/messages", gw.key, big)])
    assert (status, closed) == (431, True)
    assert json.loads(body)["type"] == "error"
    assert gw.upstream.requests == []
    # one line that says why, not uvicorn's "Invalid HTTP request received." before it
    assert sum("431" in m for m in server_log) == 2
    assert not any("Invalid HTTP request" in m for m in server_log)


def test_a_malformed_request_is_still_a_400_and_logged(gw: Stack, server_log: list[str]) -> None:
    status, _, closed = _exchange(gw.url, [b"NOT AN HTTP REQUEST\r\n\r\n"])
    assert (status, closed) == (400, True)
    assert any("Invalid HTTP request" in m for m in server_log)


def test_one_endless_header_is_refused_before_it_ends(gw: Stack) -> None:
    """The value never ends: counting only whole headers would wait for ever."""
    start = b"GET /healthz HTTP/1.1\r\nHost: gw\r\nx-endless: "
    chunks = [start] + [b"b" * 16384] * (LIMIT // 16384 + 4)
    status, _, closed = _exchange(gw.url, chunks, pause=0.01)
    assert (status, closed) == (431, True)


def test_heads_below_the_limit_are_served(gw: Stack) -> None:
    pad = {f"x-pad-{i}": "a" * 1000 for i in range(LIMIT // 1000 - 4)}
    status, body, _ = _exchange(gw.url, [_request("/v1/chat/completions", gw.key, pad)])
    assert status == 200, body
    assert len(gw.upstream.requests) == 1
