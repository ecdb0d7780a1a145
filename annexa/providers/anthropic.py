"""The Anthropic wire format: ``POST /v1/messages`` -> :class:`Exchange`; and the Anthropic
supplier.

Scanned: ``system`` (string or text blocks), every message's text blocks, ``tool_use`` inputs
(each string inside), ``tool_result`` contents, ``thinking`` text, tool descriptions, a plain-text
document's text, title and context, a search result's source, title and text,
``metadata.user_id``, an image's or a document's web address. Images and other documents (PDF,
by URL or file id) cannot be scanned: they are :class:`Attachment` s, which leave only where
the policy's ``attachments`` rules allow them. ``redacted_thinking`` is opaque and passes as
is; blocks of an unknown type are refused.
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
    string_leaves,
)
from annexa.providers.parsing import (
    Part,
    address,
    attachment,
    require_body,
    require_list,
    require_model,
    require_object,
    require_stream,
    sender_fields,
    split,
    text_at,
    tool_descriptions,
    unscannable,
)

__all__ = ["AnthropicProvider", "error_body", "parse_count_tokens", "parse_messages"]

DEFAULT_VERSION = "2023-06-01"
# A document's sources that are a file (a PDF, by URL, by Files API id), not text
DOCUMENT_FILES = frozenset({"base64", "url", "file"})
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
    parts: list[Part] = list(_content(body.get("system"), ("system",)))
    for i, item in enumerate(require_list(body.get("messages"), ("messages",))):
        msg = require_object(item, ("messages", i))
        parts.extend(_content(msg.get("content"), ("messages", i, "content")))
    for k, tool in enumerate(require_list(body.get("tools", []), ("tools",))):
        parts.extend(tool_descriptions(tool, ("tools", k)))
    parts.extend(sender_fields(body))  # metadata.user_id
    model = require_model(body)
    texts, attachments = split(parts)
    stream = require_stream(body)
    return Exchange("anthropic", "messages", model, stream, body, texts, attachments)


def parse_count_tokens(raw: Any) -> Exchange:
    """A ``POST /v1/messages/count_tokens`` body: the same texts as a message (Claude Code asks
    for counts of the prompts it is about to send, so they are scanned and transformed alike)."""
    ex = parse_messages({**require_body(raw), "stream": False})
    return replace(ex, operation="count_tokens", body=require_body(raw))


def _content(value: Any, at: tuple[Step, ...]) -> Iterator[Part]:
    if not isinstance(value, list):
        yield from text_at(value, at)
        return
    for j, block in enumerate(value):
        yield from _block(require_object(block, (*at, j)), (*at, j))


def _block(block: Mapping[str, Any], at: tuple[Step, ...]) -> Iterator[Part]:
    kind = block.get("type")
    if kind == "text":
        yield from text_at(block.get("text"), (*at, "text"))
    elif kind == "image":
        yield from attachment("image", at)
        yield from address(block.get("source"), "url", (*at, "source"))
    elif kind == "document":
        yield from _document(block, at)
    elif kind == "search_result":
        yield from text_at(block.get("source"), (*at, "source"))
        yield from text_at(block.get("title"), (*at, "title"))
        yield from _content(block.get("content"), (*at, "content"))
    elif kind == "tool_use":
        yield from string_leaves(block.get("input", {}), (*at, "input"))
    elif kind == "tool_result":
        yield from _content(block.get("content"), (*at, "content"))
    elif kind == "thinking":
        yield from text_at(block.get("thinking"), (*at, "thinking"))
    elif kind != "redacted_thinking":
        raise unscannable(str(kind), at)


def _document(block: Mapping[str, Any], at: tuple[Step, ...]) -> Iterator[Part]:
    """A document block: its title and context are text the model reads; a plain-text source
    (``"type": "text"``) or one made of content blocks is scanned like a message, a file (a
    PDF, a URL, a file id) is an attachment, and a source of another type is refused."""
    yield from text_at(block.get("title"), (*at, "title"))
    yield from text_at(block.get("context"), (*at, "context"))
    source = require_object(block.get("source"), (*at, "source"))
    kind = source.get("type")
    if kind == "text":
        yield from text_at(source.get("data"), (*at, "source", "data"))
    elif kind == "content":
        yield from _content(source.get("content"), (*at, "source", "content"))
    elif kind in DOCUMENT_FILES:
        yield from attachment("file", at)
        yield from address(source, "url", (*at, "source"))
    else:
        raise unscannable(f"document source {kind}", (*at, "source"))


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
