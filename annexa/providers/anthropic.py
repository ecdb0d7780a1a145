"""The Anthropic wire format: ``POST /v1/messages`` -> :class:`Exchange`; and the Anthropic
supplier.

Scanned: ``system`` (string or text blocks), every message's text blocks, ``tool_use`` inputs
(each string inside), ``tool_result`` contents, ``thinking`` text, tool descriptions. Images and
documents cannot be scanned and are refused; ``redacted_thinking`` is opaque and passes as is.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import replace
from typing import Any

from annexa.forward.client import Forwarder
from annexa.providers.interface import (
    Exchange,
    Provider,
    ProviderConfig,
    SSEEvent,
    Step,
    TextRef,
    string_leaves,
)
from annexa.providers.parsing import (
    require_body,
    require_list,
    require_model,
    require_object,
    require_stream,
    text_at,
    tool_descriptions,
    unscannable,
)

__all__ = ["AnthropicProvider", "error_body", "parse_count_tokens", "parse_messages"]

DEFAULT_VERSION = "2023-06-01"
PASSED_HEADERS = ("anthropic-version", "anthropic-beta")
ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    413: "request_too_large",
    429: "rate_limit_error",
    504: "timeout_error",
}


def error_body(status: int, message: str) -> dict[str, Any]:
    """Anthropic's error shape: ``{"type": "error", "error": {"type", "message"}}``."""
    kind = ERROR_TYPES.get(status, "api_error" if status >= 500 else "invalid_request_error")
    return {"type": "error", "error": {"type": kind, "message": message}}


def parse_messages(raw: Any) -> Exchange:
    """A ``POST /v1/messages`` body."""
    body = require_body(raw)
    texts: list[TextRef] = list(_content(body.get("system"), ("system",)))
    for i, item in enumerate(require_list(body.get("messages"), ("messages",))):
        msg = require_object(item, ("messages", i))
        texts.extend(_content(msg.get("content"), ("messages", i, "content")))
    for k, tool in enumerate(require_list(body.get("tools", []), ("tools",))):
        texts.extend(tool_descriptions(tool, ("tools", k)))
    model = require_model(body)
    return Exchange("anthropic", "messages", model, require_stream(body), body, tuple(texts))


def parse_count_tokens(raw: Any) -> Exchange:
    """A ``POST /v1/messages/count_tokens`` body: the same texts as a message (Claude Code asks
    for counts of the prompts it is about to send, so they are scanned and transformed alike)."""
    ex = parse_messages({**require_body(raw), "stream": False})
    return replace(ex, operation="count_tokens", body=require_body(raw))


def _content(value: Any, at: tuple[Step, ...]) -> Iterator[TextRef]:
    if not isinstance(value, list):
        yield from text_at(value, at)
        return
    for j, block in enumerate(value):
        yield from _block(require_object(block, (*at, j)), (*at, j))


def _block(block: Mapping[str, Any], at: tuple[Step, ...]) -> Iterator[TextRef]:
    kind = block.get("type")
    if kind == "text":
        yield from text_at(block.get("text"), (*at, "text"))
    elif kind == "tool_use":
        yield from string_leaves(block.get("input", {}), (*at, "input"))
    elif kind == "tool_result":
        yield from _content(block.get("content"), (*at, "content"))
    elif kind == "thinking":
        yield from text_at(block.get("thinking"), (*at, "thinking"))
    elif kind != "redacted_thinking":
        raise unscannable(str(kind), at)


class AnthropicProvider(Provider):
    """Anthropic's Messages API (``base_url`` without ``/v1``)."""

    dialects = frozenset({"anthropic"})

    def __init__(self, config: ProviderConfig, forwarder: Forwarder) -> None:
        super().__init__(config)
        self.forwarder = forwarder

    def url(self, exchange: Exchange) -> str:
        """The messages (or token counting) endpoint."""
        tail = "/count_tokens" if exchange.operation == "count_tokens" else ""
        return self.config.base_url.rstrip("/") + "/v1/messages" + tail

    def headers(self, client_headers: Mapping[str, str]) -> dict[str, str]:
        """Annexa's key for the supplier plus the caller's API version headers."""
        out = {h: client_headers[h] for h in PASSED_HEADERS if h in client_headers}
        out.setdefault("anthropic-version", DEFAULT_VERSION)
        if self.config.api_key:
            out["x-api-key"] = self.config.api_key
        return out

    async def send(
        self, exchange: Exchange, body: Mapping[str, Any], headers: Mapping[str, str]
    ) -> tuple[int, Any]:
        return await self.forwarder.post_json(self.url(exchange), self.headers(headers), body)

    def stream(
        self, exchange: Exchange, body: Mapping[str, Any], headers: Mapping[str, str]
    ) -> AsyncIterator[SSEEvent]:
        return self.forwarder.stream(self.url(exchange), self.headers(headers), body)
