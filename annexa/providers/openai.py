"""The OpenAI wire format: chat completions, responses, embeddings -> :class:`Exchange`; and the
OpenAI-speaking suppliers (OpenAI, Azure OpenAI, any OpenAI-compatible endpoint).

Scanned: ``messages[*].content`` (strings and ``text``/``refusal`` parts), tool-call and legacy
function-call arguments (each string inside the JSON), tool descriptions, a predicted output,
the descriptions of a structured output's schema; for responses: ``instructions``, every input
item's text, function-call arguments and outputs, ``text.format``'s descriptions; for embeddings:
every input string; in all three, who the request is for and its labels (``user``,
``safety_identifier``, ``prompt_cache_key``, ``metadata``, a message's ``name``), an
attachment's web address and a file's name. Images, audio and files (``image_url``,
``input_image``, ``input_audio``, ``file``, ``input_file`` parts) cannot be scanned: they are
:class:`Attachment` s, which leave only where the policy's ``attachments`` rules allow them.
Token arrays and parts of an unknown type are refused.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from typing import Any

from annexa.errors import InputError
from annexa.forward.client import Forwarder
from annexa.providers.interface import (
    Exchange,
    Media,
    Provider,
    ProviderConfig,
    SSEEvent,
    Step,
    TextRef,
    json_string_leaves,
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
    where,
)

__all__ = [
    "AzureOpenAIProvider",
    "OpenAIProvider",
    "error_body",
    "parse_chat",
    "parse_embeddings",
    "parse_responses",
]

TEXT_PARTS = {"text": "text", "refusal": "refusal", "input_text": "text", "output_text": "text"}
# The parts the scanner cannot read, by the kind of content they carry (chat and responses).
MEDIA_PARTS: dict[str, Media] = {
    "image_url": "image",
    "input_image": "image",
    "input_audio": "audio",
    "file": "file",
    "input_file": "file",
}
ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    413: "invalid_request_error",
    429: "rate_limit_error",
}
PATHS = {"chat": "/chat/completions", "responses": "/responses", "embeddings": "/embeddings"}


def error_body(status: int, message: str, code: str | None) -> dict[str, Any]:
    """OpenAI's error shape: ``{"error": {"message", "type", "param", "code"}}``."""
    kind = ERROR_TYPES.get(status, "server_error" if status >= 500 else "invalid_request_error")
    return {"error": {"message": message, "type": kind, "param": None, "code": code}}


def parse_chat(raw: Any) -> Exchange:
    """A ``POST /v1/chat/completions`` body."""
    body = require_body(raw)
    texts: list[Part] = []
    for i, msg in enumerate(require_list(body.get("messages"), ("messages",))):
        texts.extend(_message_texts(require_object(msg, ("messages", i)), ("messages", i)))
    for key in ("tools", "functions"):
        for k, tool in enumerate(require_list(body.get(key, []), (key,))):
            fn = tool.get("function", tool) if isinstance(tool, Mapping) else tool
            texts.extend(
                tool_descriptions(fn, (key, k, "function") if fn is not tool else (key, k))
            )
    texts.extend(_prediction(body.get("prediction")))
    texts.extend(_format_texts(body.get("response_format"), ("response_format",)))
    texts.extend(sender_fields(body))
    return _exchange("chat", body, texts)


def _prediction(value: Any) -> Iterator[Part]:
    """A predicted output (``{"type": "content", "content": ...}``): the text the model is
    told to expect, most often a whole file being edited."""
    if not isinstance(value, Mapping):
        return
    content = value.get("content")
    if isinstance(content, list):
        yield from _parts(content, ("prediction", "content"))
    else:
        yield from text_at(content, ("prediction", "content"))


def _format_texts(fmt: Any, at: tuple[Step, ...]) -> Iterator[Part]:
    """A structured output's description and the descriptions in its JSON schema (chat's
    ``response_format.json_schema``, the Responses API's ``text.format``): the model reads
    them as it reads a tool's."""
    if not isinstance(fmt, Mapping):
        return
    nested = isinstance(fmt.get("json_schema"), Mapping)
    spec = fmt["json_schema"] if nested else fmt
    base = (*at, "json_schema") if nested else at
    yield from text_at(spec.get("description"), (*base, "description"))
    for ref in string_leaves(spec.get("schema"), (*base, "schema")):
        if ref.path[-1] == "description":
            yield ref


def _message_texts(msg: Mapping[str, Any], at: tuple[Step, ...]) -> Iterator[Part]:
    content = msg.get("content")
    if isinstance(content, list):
        yield from _parts(content, (*at, "content"))
    else:
        yield from text_at(content, (*at, "content"))
    yield from text_at(msg.get("refusal"), (*at, "refusal"))
    yield from text_at(msg.get("name"), (*at, "name"))  # the model reads who speaks
    for k, call in enumerate(require_list(msg.get("tool_calls") or [], (*at, "tool_calls"))):
        fn = require_object(require_object(call, (*at, "tool_calls", k)).get("function"), at)
        yield from _arguments(fn, (*at, "tool_calls", k, "function"))
    if msg.get("function_call") is not None:
        call = require_object(msg["function_call"], (*at, "function_call"))
        yield from _arguments(call, (*at, "function_call"))


def _arguments(fn: Mapping[str, Any], at: tuple[Step, ...]) -> Iterator[TextRef]:
    args = fn.get("arguments")
    if args is None:
        return
    if not isinstance(args, str):
        raise InputError(f"{TextRef((*at, 'arguments'), '').label()}: must be a string")
    yield from json_string_leaves(args, (*at, "arguments"))


def _parts(parts: list[Any], at: tuple[Step, ...]) -> Iterator[Part]:
    for j, item in enumerate(parts):
        if isinstance(item, str):
            yield TextRef((*at, j), item)
            continue
        part = require_object(item, (*at, j))
        kind = part.get("type")
        field = TEXT_PARTS.get(kind) if isinstance(kind, str) else None
        if field is not None:
            yield from text_at(part.get(field), (*at, j, field))
        elif isinstance(kind, str) and kind in MEDIA_PARTS:
            yield from attachment(MEDIA_PARTS[kind], (*at, j))
            if kind == "image_url":  # {"type": "image_url", "image_url": {"url": ...}}
                yield from address(part.get("image_url"), "url", (*at, j, "image_url"))
            elif kind == "file":  # {"type": "file", "file": {"filename", "file_data"}}
                yield from _filename(part.get("file"), (*at, j, "file"))
            else:  # responses: input_image's image_url, input_file's file_url and filename
                yield from address(part, "image_url", (*at, j))
                yield from address(part, "file_url", (*at, j))
                yield from _filename(part, (*at, j))
        else:
            raise unscannable(str(kind), (*at, j))


def _filename(holder: Any, at: tuple[Step, ...]) -> Iterator[Part]:
    """A file's name, which the model reads with it ("Salaries Maria Keller.pdf")."""
    if isinstance(holder, Mapping):
        yield from text_at(holder.get("filename"), (*at, "filename"))


def parse_responses(raw: Any) -> Exchange:
    """A ``POST /v1/responses`` body."""
    body = require_body(raw)
    texts: list[Part] = list(text_at(body.get("instructions"), ("instructions",)))
    items = body.get("input")
    if isinstance(items, str) or items is None:
        texts.extend(text_at(items, ("input",)))
    else:
        for i, item in enumerate(require_list(items, ("input",))):
            texts.extend(_item_texts(require_object(item, ("input", i)), ("input", i)))
    for k, tool in enumerate(require_list(body.get("tools", []), ("tools",))):
        texts.extend(tool_descriptions(tool, ("tools", k)))
    text = body.get("text")
    if isinstance(text, Mapping):
        texts.extend(_format_texts(text.get("format"), ("text", "format")))
    texts.extend(sender_fields(body))
    return _exchange("responses", body, texts)


def _item_texts(item: Mapping[str, Any], at: tuple[Step, ...]) -> Iterator[Part]:
    kind = item.get("type", "message")
    if kind == "message":
        content = item.get("content")
        if isinstance(content, list):
            yield from _parts(content, (*at, "content"))
        else:
            yield from text_at(content, (*at, "content"))
    elif kind in ("function_call", "custom_tool_call"):
        yield from _arguments(item, at)
        yield from text_at(item.get("input"), (*at, "input"))
    elif kind in ("function_call_output", "custom_tool_call_output"):
        output = item.get("output")
        if isinstance(output, list):
            yield from _parts(output, (*at, "output"))
        else:
            yield from text_at(output, (*at, "output"))
    elif kind == "reasoning":
        for s, summary in enumerate(item.get("summary") or []):
            yield from text_at(require_object(summary, at).get("text"), (*at, "summary", s, "text"))
    else:
        raise unscannable(str(kind), at)


def parse_embeddings(raw: Any) -> Exchange:
    """A ``POST /v1/embeddings`` body: a string or a list of strings (token arrays refused)."""
    body = require_body(raw)
    value = body.get("input")
    if isinstance(value, str):
        texts = [TextRef(("input",), value)]
    else:
        items = require_list(value, ("input",))
        for i, item in enumerate(items):
            if isinstance(item, str):
                continue
            if _is_tokens(item):  # token ids ([1, 2]), or one list of them per input
                raise unscannable(
                    "token array", ("input",) if isinstance(item, int) else ("input", i)
                )
            raise InputError(f"{where(('input', i))}: must be a string")
        texts = [TextRef(("input", i), v) for i, v in enumerate(items)]
    return _exchange("embeddings", body, [*texts, *sender_fields(body)])


def _is_tokens(item: Any) -> bool:
    """A token id, or a list of them (``bool`` is no token id)."""
    if isinstance(item, list):
        return bool(item) and all(_is_tokens(t) and not isinstance(t, list) for t in item)
    return isinstance(item, int) and not isinstance(item, bool)


def _exchange(operation: Any, body: Mapping[str, Any], parts: Sequence[Part]) -> Exchange:
    stream = require_stream(body) if operation != "embeddings" else False
    texts, attachments = split(parts)
    return Exchange("openai", operation, require_model(body), stream, body, texts, attachments)


class OpenAIProvider(Provider):
    """OpenAI and any OpenAI-compatible endpoint (Ollama, vLLM, Mistral, Gemini's)."""

    dialects = frozenset({"openai"})

    def __init__(self, config: ProviderConfig, forwarder: Forwarder) -> None:
        super().__init__(config)
        self.forwarder = forwarder

    def url(self, exchange: Exchange) -> str:
        """Where this exchange goes."""
        return self.config.base_url.rstrip("/") + PATHS[exchange.operation]

    def headers(self, client_headers: Mapping[str, str]) -> dict[str, str]:
        """The upstream's auth header (the caller's own key never leaves Annexa)."""
        key = self.config.api_key
        return {"authorization": f"Bearer {key}"} if key else {}

    async def send(
        self, exchange: Exchange, body: Mapping[str, Any], headers: Mapping[str, str]
    ) -> tuple[int, Any]:
        return await self.forwarder.post_json(self.url(exchange), self.headers(headers), body)

    def stream(
        self, exchange: Exchange, body: Mapping[str, Any], headers: Mapping[str, str]
    ) -> AsyncIterator[SSEEvent]:
        return self.forwarder.stream(self.url(exchange), self.headers(headers), body)


class AzureOpenAIProvider(OpenAIProvider):
    """Azure OpenAI: the model name is the deployment; ``api-key`` header, ``api-version``."""

    def url(self, exchange: Exchange) -> str:
        base = self.config.base_url.rstrip("/")
        version = self.config.api_version or "2024-10-21"
        path = PATHS[exchange.operation]
        return f"{base}/openai/deployments/{exchange.model}{path}?api-version={version}"

    def headers(self, client_headers: Mapping[str, str]) -> dict[str, str]:
        key = self.config.api_key
        return {"api-key": key} if key else {}
