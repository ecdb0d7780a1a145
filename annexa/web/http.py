"""The HTTP/1.1 server protocol: uvicorn's httptools parser, with a bound on a request's head.

uvicorn's httptools protocol accepts a request line and headers of any size (its h11 protocol
stops at 16 KiB): a client could make the server hold megabytes of headers per connection
before the application sees anything. :func:`bounded_http` returns the same protocol with a
limit on the request line plus headers (``gateway.max_header_bytes``); past it the answer is
``431 Request Header Fields Too Large`` (RFC 6585) in the route's error dialect, and the
connection is closed, as uvicorn does for a request it cannot parse.

Counted: the target URL and every header name and value as the parser reports them, plus the
bytes received while the head is still incomplete (so a single endless header is refused
before it is whole, not after).
"""

from __future__ import annotations

import json
import logging
from typing import Any, cast

from annexa.providers import anthropic, openai

__all__ = ["bounded_http", "uvicorn_http_options"]


def _refusal(path: bytes, limit: int) -> bytes:
    message = (
        f"The request line and headers exceed {limit:,} bytes. Send fewer or shorter headers "
        "(large values belong in the body), or raise gateway.max_header_bytes."
    )
    if path.startswith(b"/v1/messages"):
        body = anthropic.error_body(431, message)
    else:
        body = openai.error_body(431, message, "request_header_fields_too_large")
    data = json.dumps(body).encode("utf-8")
    return (
        b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
        b"content-type: application/json\r\n"
        b"content-length: " + str(len(data)).encode("ascii") + b"\r\n"
        b"connection: close\r\n\r\n" + data
    )


# What uvicorn's protocol logs for any request its parser gives up on, ours included.
_PARSE_WARNING = "Invalid HTTP request received."


class _RefusalAware(logging.LoggerAdapter):  # type: ignore[type-arg]
    """uvicorn's logger for one connection, minus its parse warning for a head this protocol
    refused: the operator sees one line that says why (the 431), not a misleading 'invalid
    request' before it."""

    def __init__(self, logger: logging.Logger, protocol: Any) -> None:
        super().__init__(logger, {})
        self._protocol = protocol

    @property
    def level(self) -> int:  # read by uvicorn's protocol (``self.logger.level``)
        return int(self.logger.level)

    def warning(self, msg: object, *args: Any, **kwargs: Any) -> None:
        if msg == _PARSE_WARNING and self._protocol._too_large:
            return
        self.logger.warning(msg, *args, **kwargs)


class _HeadTooLarge(Exception):
    """Raised from a parser callback; the parser wraps it and the protocol answers 431."""


def bounded_http(max_head_bytes: int) -> type[Any]:
    """uvicorn's httptools protocol refusing a request whose head exceeds ``max_head_bytes``."""
    from uvicorn.protocols.http.httptools_impl import (  # noqa: PLC0415 - needs httptools
        HttpToolsProtocol,
    )

    class BoundedHttpToolsProtocol(HttpToolsProtocol):
        limit = max_head_bytes

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.logger = cast(logging.Logger, _RefusalAware(self.logger, self))
            self._parsed = self._received = 0
            self._in_head = False
            self._too_large = False

        def on_message_begin(self) -> None:
            super().on_message_begin()
            self._parsed = self._received = 0
            self._in_head = True

        def _count(self, n: int) -> None:
            self._parsed += n
            if self._parsed > self.limit:
                self._too_large = True
                raise _HeadTooLarge

        def on_url(self, url: bytes) -> None:
            self._count(len(url))
            super().on_url(url)

        def on_header(self, name: bytes, value: bytes) -> None:
            self._count(len(name) + len(value) + 4)  # ": " and CRLF
            super().on_header(name, value)

        def on_headers_complete(self) -> None:
            self._in_head = False
            super().on_headers_complete()

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            if self._in_head and not self._too_large and not self.transport.is_closing():
                # a head still incomplete after this chunk: its pending bytes count too
                self._received += len(data)
                if self._received > self.limit:
                    self._too_large = True
                    self._refuse()

        def send_400_response(self, msg: str) -> None:
            if self._too_large:
                self._refuse()
            else:
                super().send_400_response(msg)

        def _refuse(self) -> None:
            self.logger.warning("Request head over %d bytes: 431.", self.limit)
            self.transport.write(_refusal(self.url, self.limit))
            self.transport.close()

    return BoundedHttpToolsProtocol


def uvicorn_http_options(max_head_bytes: int) -> dict[str, Any]:
    """uvicorn's ``http`` option bounding request heads: the protocol above with httptools,
    else h11 with the same limit on an incomplete request."""
    try:
        return {"http": bounded_http(max_head_bytes)}
    except ImportError:  # pragma: no cover - httptools is in the lock file
        return {"http": "h11", "h11_max_incomplete_event_size": max_head_bytes}
