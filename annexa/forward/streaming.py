"""The response path: restore placeholders in answers, whole or streamed, in both dialects.

Non-streamed answers are restored string by string (:func:`restore_json`); tool-call arguments,
which are JSON inside a string, are parsed first so a restored value is re-escaped correctly.

Streamed answers go through a :class:`Relay` per response. Delta fields (chat ``content`` and
tool-call ``arguments``, Anthropic ``text_delta`` and ``input_json_delta``, Responses
``output_text.delta`` and ``function_call_arguments.delta``) each get their own stream restorer,
which holds back only what could still be the start of a placeholder; it is flushed when its
block, choice or item ends. Every other event is restored whole. A data line that is not JSON
ends the stream with an error event in the dialect's shape.

The output policy runs before restoring: each delta restorer may be a
:class:`~annexa.forward.output.GuardedRestorer`, and whole events go through ``redact``.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any, Protocol

import anyio

from annexa.errors import AnnexaError, UpstreamError
from annexa.providers import anthropic, json_codec, openai
from annexa.providers.interface import Dialect, Operation, SSEEvent

__all__ = ["Relay", "TextRestorer", "first_event", "relay_stream", "restore_json", "usage_of"]


class TextRestorer(Protocol):
    """Restores one stream of text pieces (A's ``StreamRestorer``)."""

    def feed(self, chunk: str) -> str:
        """Restored text that is safe to emit now."""

    def flush(self) -> str:
        """Whatever was held back, at the end of the stream."""


def restore_json(value: Any, restore: Callable[[str], str], key: str | None = None) -> Any:
    """``value`` with every string restored; ``arguments`` strings holding JSON stay valid."""
    if isinstance(value, str):
        if key == "arguments" and "[[" in value:
            try:
                inner = json_codec.loads_text(value)
            except ValueError:  # not JSON, or too deep to walk: as text
                return restore(value)
            return json.dumps(restore_json(inner, restore), ensure_ascii=False)
        return restore(value) if "[[" in value else value
    if isinstance(value, Mapping):
        return {k: restore_json(v, restore, k) for k, v in value.items()}
    if isinstance(value, list):
        return [restore_json(v, restore, key) for v in value]
    return value


def usage_of(value: Any) -> tuple[int | None, int | None]:
    """Input and output token counts from a ``usage`` object (either dialect), if present."""
    usage = value.get("usage") if isinstance(value, Mapping) else None
    if not isinstance(usage, Mapping):
        return None, None
    tin = usage.get("prompt_tokens", usage.get("input_tokens"))
    tout = usage.get("completion_tokens", usage.get("output_tokens"))
    return (tin if isinstance(tin, int) else None), (tout if isinstance(tout, int) else None)


class Relay:
    """Restores one streamed answer event by event."""

    def __init__(
        self,
        dialect: Dialect,
        operation: Operation,
        restore: Callable[[str], str],
        new_restorer: Callable[[bool], TextRestorer],
        redact: Callable[[Any], Any] | None = None,
    ) -> None:
        self.dialect, self.operation = dialect, operation
        self.restore, self.new_restorer = restore, new_restorer
        self.redact = redact  # the output policy for whole events (None: not checked)
        self.open: dict[Any, TextRestorer] = {}
        self._block_kinds: dict[Any, str] = {}  # Anthropic block index -> its delta type
        self.tokens_in: int | None = None
        self.tokens_out: int | None = None

    def feed(self, event: SSEEvent) -> list[SSEEvent]:
        """The events to send for one upstream event (restored; maybe one extra flush)."""
        if event.data == "[DONE]":
            return [*self._flush_all(), event]
        try:
            data = json_codec.loads_text(event.data)
        except ValueError as exc:
            raise UpstreamError("the upstream provider sent a malformed stream event") from exc
        if not isinstance(data, dict):
            raise UpstreamError("the upstream provider sent a malformed stream event")
        self._count(data)
        if self.dialect == "anthropic":
            return self._anthropic(event, data)
        if self.operation == "responses":
            return self._responses(event, data)
        return self._chat(event, data)

    def close(self) -> list[SSEEvent]:
        """Events for anything still held back when the upstream ends (normally nothing)."""
        return self._flush_all()

    def _piece(self, key: Any, text: str, in_json: bool = False) -> str:
        """Feed a delta to its own restorer (``in_json``: it is raw JSON, escape values)."""
        if key not in self.open:
            self.open[key] = self.new_restorer(in_json)
        return self.open[key].feed(text)

    def _flush(self, key: Any) -> str:
        restorer = self.open.pop(key, None)
        return restorer.flush() if restorer else ""

    def _flush_all(self) -> list[SSEEvent]:
        held = "".join(self._flush(k) for k in list(self.open))
        if not held:
            return []
        return [SSEEvent(json.dumps(_leftover(self.dialect, self.operation, held)), None)]

    def _count(self, data: Mapping[str, Any]) -> None:
        for holder in (data, data.get("message"), data.get("response")):
            tin, tout = usage_of(holder)
            self.tokens_in = tin if tin is not None else self.tokens_in
            self.tokens_out = tout if tout is not None else self.tokens_out

    def _chat(self, event: SSEEvent, data: dict[str, Any]) -> list[SSEEvent]:
        held_before = _has_content(data)
        for choice in data.get("choices") or []:
            i, delta = choice.get("index", 0), choice.get("delta") or {}
            if isinstance(delta.get("content"), str):
                delta["content"] = self._piece((i, "content"), delta["content"])
            for call in delta.get("tool_calls") or []:
                fn = call.get("function") or {}
                if isinstance(fn.get("arguments"), str):
                    fn["arguments"] = self._piece((i, call.get("index", 0)), fn["arguments"], True)
            if choice.get("finish_reason"):
                self._finish_choice(i, delta)
                choice["delta"] = delta
        if _all_held(data, held_before):
            return []  # every character is held back: an empty event is a wasted write
        return [SSEEvent(json.dumps(data, ensure_ascii=False), event.event)]

    def _finish_choice(self, index: int, delta: dict[str, Any]) -> None:
        held = self._flush((index, "content"))
        if held:
            delta["content"] = delta.get("content", "") + held
        for key in [k for k in self.open if k[0] == index]:
            held = self._flush(key)
            if held:
                extra = {"index": key[1], "function": {"arguments": held}}
                delta["tool_calls"] = [*(delta.get("tool_calls") or []), extra]

    def _anthropic(self, event: SSEEvent, data: dict[str, Any]) -> list[SSEEvent]:
        kind, index = data.get("type"), data.get("index")
        delta = data.get("delta") or {}
        if kind == "content_block_delta":
            field = "text" if delta.get("type") == "text_delta" else "partial_json"
            if isinstance(delta.get(field), str):
                had = delta[field]
                delta[field] = self._piece(index, had, field == "partial_json")
                if had and not delta[field]:
                    return []  # all of it held back: nothing to send yet
            return [SSEEvent(json.dumps(data, ensure_ascii=False), event.event)]
        out: list[SSEEvent] = []
        if kind == "content_block_stop" and index in self.open:
            held, kind_of = self._flush(index), self._block_kinds.get(index, "text_delta")
            if held:
                field = "text" if kind_of == "text_delta" else "partial_json"
                extra = {
                    "type": "content_block_delta",
                    "index": index,
                    "delta": {"type": kind_of, field: held},
                }
                out.append(SSEEvent(json.dumps(extra, ensure_ascii=False), "content_block_delta"))
        if kind == "content_block_start":
            block = data.get("content_block") or {}
            self._block_kinds[index] = (
                "text_delta" if block.get("type") == "text" else "input_json_delta"
            )
        restored = restore_json(self.redact(data) if self.redact else data, self.restore)
        out.append(SSEEvent(json.dumps(restored, ensure_ascii=False), event.event))
        return out

    def _responses(self, event: SSEEvent, data: dict[str, Any]) -> list[SSEEvent]:
        kind = str(data.get("type", ""))
        key = (data.get("item_id"), data.get("content_index"))
        if kind.endswith(".delta") and isinstance(data.get("delta"), str):
            data["delta"] = self._piece(key, data["delta"], "arguments" in kind)
            return [SSEEvent(json.dumps(data, ensure_ascii=False), event.event)]
        out: list[SSEEvent] = []
        if kind.endswith(".done") and key in self.open:
            held = self._flush(key)
            if held:
                extra = {**data, "type": kind.removesuffix(".done") + ".delta", "delta": held}
                for field in ("text", "arguments"):
                    extra.pop(field, None)
                out.append(SSEEvent(json.dumps(extra, ensure_ascii=False), extra["type"]))
        restored = restore_json(self.redact(data) if self.redact else data, self.restore)
        out.append(SSEEvent(json.dumps(restored, ensure_ascii=False), event.event))
        return out


_CHOICE_KEYS = frozenset({"index", "delta", "finish_reason", "logprobs"})


def _has_content(data: Mapping[str, Any]) -> bool:
    """Some choice of a chat chunk carries non-empty content text."""
    return any(
        isinstance(c, Mapping) and isinstance(c.get("delta"), Mapping) and c["delta"].get("content")
        for c in data.get("choices") or []
    )


def _all_held(data: Mapping[str, Any], had_content: bool) -> bool:
    """A chat chunk that carried text, all of it now held back, and nothing else: no role, tool
    call, finish reason, log probabilities or usage. Such a chunk is not sent."""
    if not had_content or data.get("usage"):
        return False
    for choice in data.get("choices") or []:
        if set(choice) - _CHOICE_KEYS or choice.get("finish_reason") or choice.get("logprobs"):
            return False
        if choice.get("delta") not in ({"content": ""}, {}):
            return False
    return True


def _leftover(dialect: Dialect, operation: Operation, text: str) -> dict[str, Any]:
    """An event carrying text held back when an upstream stream ended without closing it."""
    if dialect == "anthropic":
        return {
            "type": "content_block_delta",
            "index": 0,
            "delta": {"type": "text_delta", "text": text},
        }
    if operation == "responses":
        return {
            "type": "response.output_text.delta",
            "delta": text,
            "output_index": 0,
            "content_index": 0,
            "item_id": "",
        }
    return {
        "object": "chat.completion.chunk",
        "choices": [{"index": 0, "delta": {"content": text}, "finish_reason": None}],
    }


async def first_event(events: AsyncIterator[SSEEvent]) -> SSEEvent:
    """The stream's first event: awaited before answering, so a supplier that refuses or fails
    at once gives the client a plain HTTP error instead of a broken stream."""
    try:
        return await events.__anext__()
    except StopAsyncIteration:
        raise UpstreamError("the upstream provider sent an empty stream") from None


async def relay_stream(
    relay: Relay,
    first: SSEEvent,
    events: AsyncIterator[SSEEvent],
    on_end: Callable[[int], Awaitable[None]],
) -> AsyncIterator[bytes]:
    """The bytes for the client: restored events; a failure ends the stream with an error event
    in the dialect's shape. Closing this (client gone) closes the upstream; ``on_end(status)``
    runs in every case, shielded from cancellation."""
    status = 200
    try:
        for out in relay.feed(first):
            yield out.encode()
        async for event in events:
            for out in relay.feed(event):
                yield out.encode()
        for out in relay.close():
            yield out.encode()
    except Exception as exc:  # an upstream failure or an event the relay cannot read
        err = exc if isinstance(exc, AnnexaError) else UpstreamError("malformed upstream stream")
        status = err.status_code
        yield stream_error(relay.dialect, err)
    finally:
        with anyio.CancelScope(shield=True):
            close = getattr(events, "aclose", None)
            if close is not None:
                await close()
            await on_end(status)


def stream_error(dialect: Dialect, exc: AnnexaError) -> bytes:
    """An error event in the dialect's stream shape (the SDKs raise it as an API error)."""
    if dialect == "anthropic":
        body = anthropic.error_body(exc.status_code, exc.message)
        return SSEEvent(json.dumps(body), "error").encode()
    return SSEEvent(json.dumps(openai.error_body(exc.status_code, exc.message, None))).encode()
