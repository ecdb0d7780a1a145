"""Answers in each dialect's wire shape, built from a text and optional tool calls.

Used by the ``inspect`` provider and by the tests' fake upstream, so both speak exactly what the
official SDKs parse: chat completions (object and chunks), responses (object and events),
embeddings, and Anthropic messages (object and events).
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from annexa.providers.interface import SSEEvent

__all__ = [
    "Answer",
    "ToolCall",
    "chat",
    "chat_events",
    "message",
    "message_events",
    "response",
    "wants_usage",
]


@dataclass(frozen=True, slots=True)
class ToolCall:
    """A tool call the model makes: the tool's name and its arguments (a JSON object)."""

    name: str
    arguments: Mapping[str, Any]
    id: str = field(default_factory=lambda: "call_" + uuid.uuid4().hex[:16])


@dataclass(frozen=True, slots=True)
class Answer:
    """What the model says: text, tool calls, the model name and a chunk size for streams."""

    model: str
    text: str = ""
    tool_calls: Sequence[ToolCall] = ()
    chunk: int = 16
    input_tokens: int = 0

    def pieces(self, text: str) -> Iterator[str]:
        """``text`` cut into stream-sized pieces."""
        for i in range(0, len(text), self.chunk):
            yield text[i : i + self.chunk]

    @property
    def output_tokens(self) -> int:
        """A rough token count (characters / 4) for the usage fields."""
        return max(1, len(self.text) // 4)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _usage_openai(a: Answer) -> dict[str, int]:
    total = a.input_tokens + a.output_tokens
    return {
        "prompt_tokens": a.input_tokens,
        "completion_tokens": a.output_tokens,
        "total_tokens": total,
    }


def chat(a: Answer) -> dict[str, Any]:
    """A ``chat.completion`` object."""
    msg: dict[str, Any] = {"role": "assistant", "content": a.text or None}
    if a.tool_calls:
        msg["tool_calls"] = [
            {
                "id": t.id,
                "type": "function",
                "function": {"name": t.name, "arguments": _json(t.arguments)},
            }
            for t in a.tool_calls
        ]
    return {
        "id": "chatcmpl-" + uuid.uuid4().hex[:24],
        "object": "chat.completion",
        "created": int(time.time()),
        "model": a.model,
        "choices": [
            {
                "index": 0,
                "message": msg,
                "finish_reason": "tool_calls" if a.tool_calls else "stop",
                "logprobs": None,
            }
        ],
        "usage": _usage_openai(a),
    }


def chat_events(a: Answer, include_usage: bool = False) -> Iterator[SSEEvent]:
    """The ``chat.completion.chunk`` stream, ending with ``[DONE]``.

    ``include_usage`` (the request's ``stream_options.include_usage``): as OpenAI streams it,
    every chunk carries ``"usage": null`` and one more chunk, with no choices and the usage of
    the whole request, comes before ``[DONE]``."""
    head: dict[str, Any] = {
        "id": "chatcmpl-" + uuid.uuid4().hex[:24],
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": a.model,
    }
    tail = {"usage": None} if include_usage else {}

    def chunk(delta: dict[str, Any], finish: str | None = None) -> SSEEvent:
        choice = {"index": 0, "delta": delta, "finish_reason": finish}
        return SSEEvent(_json({**head, "choices": [choice], **tail}))

    yield chunk({"role": "assistant", "content": ""})
    for piece in a.pieces(a.text):
        yield chunk({"content": piece})
    for k, t in enumerate(a.tool_calls):
        start = {
            "index": k,
            "id": t.id,
            "type": "function",
            "function": {"name": t.name, "arguments": ""},
        }
        yield chunk({"tool_calls": [start]})
        for piece in a.pieces(_json(t.arguments)):
            yield chunk({"tool_calls": [{"index": k, "function": {"arguments": piece}}]})
    yield chunk({}, "tool_calls" if a.tool_calls else "stop")
    if include_usage:
        yield SSEEvent(_json({**head, "choices": [], "usage": _usage_openai(a)}))
    yield SSEEvent("[DONE]")


def wants_usage(body: Mapping[str, Any]) -> bool:
    """Whether a chat request asks for the usage chunk (``stream_options.include_usage``)."""
    options = body.get("stream_options")
    return isinstance(options, Mapping) and options.get("include_usage") is True


def response(a: Answer) -> dict[str, Any]:
    """A Responses API ``response`` object."""
    output: list[dict[str, Any]] = []
    if a.text:
        content = [{"type": "output_text", "text": a.text, "annotations": []}]
        output.append(
            {
                "type": "message",
                "id": "msg_" + uuid.uuid4().hex[:16],
                "status": "completed",
                "role": "assistant",
                "content": content,
            }
        )
    for t in a.tool_calls:
        output.append(
            {
                "type": "function_call",
                "id": "fc_" + t.id,
                "call_id": t.id,
                "name": t.name,
                "arguments": _json(t.arguments),
                "status": "completed",
            }
        )
    return {
        "id": "resp_" + uuid.uuid4().hex[:24],
        "object": "response",
        "created_at": int(time.time()),
        "status": "completed",
        "model": a.model,
        "output": output,
        "parallel_tool_calls": True,
        "tool_choice": "auto",
        "tools": [],
        "usage": {
            "input_tokens": a.input_tokens,
            "output_tokens": a.output_tokens,
            "total_tokens": a.input_tokens + a.output_tokens,
            "input_tokens_details": {"cached_tokens": 0},
            "output_tokens_details": {"reasoning_tokens": 0},
        },
    }


def response_events(a: Answer) -> Iterator[SSEEvent]:
    """The Responses API event stream (created, text deltas, done, completed)."""
    final = response(a)
    seq = iter(range(1_000_000))

    def ev(kind: str, **fields: Any) -> SSEEvent:
        return SSEEvent(_json({"type": kind, "sequence_number": next(seq), **fields}), kind)

    yield ev("response.created", response={**final, "status": "in_progress", "output": []})
    if a.text:
        item = final["output"][0]
        yield ev(
            "response.output_item.added",
            output_index=0,
            item={**item, "status": "in_progress", "content": []},
        )
        for piece in a.pieces(a.text):
            yield ev(
                "response.output_text.delta",
                item_id=item["id"],
                output_index=0,
                content_index=0,
                delta=piece,
                logprobs=[],
            )
        yield ev(
            "response.output_text.done",
            item_id=item["id"],
            output_index=0,
            content_index=0,
            text=a.text,
            logprobs=[],
        )
        yield ev("response.output_item.done", output_index=0, item=item)
    yield ev("response.completed", response=final)


def message(a: Answer) -> dict[str, Any]:
    """An Anthropic ``message`` object."""
    content: list[dict[str, Any]] = [{"type": "text", "text": a.text}] if a.text else []
    content += [
        {"type": "tool_use", "id": "toolu_" + t.id, "name": t.name, "input": dict(t.arguments)}
        for t in a.tool_calls
    ]
    return {
        "id": "msg_" + uuid.uuid4().hex[:24],
        "type": "message",
        "role": "assistant",
        "model": a.model,
        "content": content,
        "stop_reason": "tool_use" if a.tool_calls else "end_turn",
        "stop_sequence": None,
        "usage": {"input_tokens": a.input_tokens, "output_tokens": a.output_tokens},
    }


def message_events(a: Answer) -> Iterator[SSEEvent]:
    """The Anthropic message stream (message_start ... message_stop)."""
    final = message(a)

    def ev(kind: str, **fields: Any) -> SSEEvent:
        return SSEEvent(_json({"type": kind, **fields}), kind)

    yield ev(
        "message_start",
        message={
            **final,
            "content": [],
            "stop_reason": None,
            "usage": {"input_tokens": a.input_tokens, "output_tokens": 0},
        },
    )
    for index, block in enumerate(final["content"]):
        if block["type"] == "text":
            yield ev("content_block_start", index=index, content_block={"type": "text", "text": ""})
            for piece in a.pieces(block["text"]):
                yield ev(
                    "content_block_delta", index=index, delta={"type": "text_delta", "text": piece}
                )
        else:
            yield ev("content_block_start", index=index, content_block={**block, "input": {}})
            for piece in a.pieces(_json(block["input"])):
                yield ev(
                    "content_block_delta",
                    index=index,
                    delta={"type": "input_json_delta", "partial_json": piece},
                )
        yield ev("content_block_stop", index=index)
    yield ev(
        "message_delta",
        delta={"stop_reason": final["stop_reason"], "stop_sequence": None},
        usage={"output_tokens": a.output_tokens},
    )
    yield ev("message_stop")


def embeddings(model: str, inputs: Sequence[str], dims: int = 8) -> dict[str, Any]:
    """An embeddings list with a small deterministic vector per input (for tests and inspect)."""
    data = []
    for i, text in enumerate(inputs):
        digest = uuid.uuid5(uuid.NAMESPACE_OID, text).bytes
        data.append(
            {"object": "embedding", "index": i, "embedding": [b / 255 for b in digest[:dims]]}
        )
    tokens = sum(max(1, len(t) // 4) for t in inputs)
    return {
        "object": "list",
        "data": data,
        "model": model,
        "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
    }
