"""The stream relay restores placeholders however the upstream splits them, in all three
stream shapes, and keeps streamed tool arguments valid JSON."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from annexa.errors import UpstreamError
from annexa.forward.streaming import Relay, restore_json
from annexa.providers import shapes
from annexa.providers.interface import SSEEvent
from annexa.transform.restore import StreamRestorer, json_escape, restore

KNOWN = {
    "[[EMAIL_ADDRESS_0123456789]]": "maria.keller@example.com",
    "[[PERSON_abcdef0123]]": 'Jane "JJ" O\\Neil',
}
SENT = (
    "Hi [[PERSON_abcdef0123]], write to [[EMAIL_ADDRESS_0123456789]] now. "
    "[[x]] [[PERSON_ffffffffff]]"  # not a placeholder; one nobody issued: both stay
)
WANT = restore(SENT, None, "s", KNOWN)


def relay_for(dialect: Any, operation: Any) -> Relay:
    def new(in_json: bool) -> StreamRestorer:
        return StreamRestorer(None, "s", KNOWN, json_escape if in_json else None)

    return Relay(dialect, operation, lambda t: restore(t, None, "s", KNOWN), new)


def pieces(text: str, cut: int) -> Iterator[str]:
    yield text[:cut]
    yield text[cut:]


def run(relay: Relay, events: Iterator[SSEEvent]) -> list[dict[str, Any]]:
    out = [e for ev in events for e in relay.feed(ev)] + relay.close()
    return [json.loads(e.data) for e in out if e.data != "[DONE]"]


STREAMS: dict[str, tuple[Any, Any, Callable[[shapes.Answer], Iterator[SSEEvent]], Any]] = {
    "chat": ("openai", "chat", shapes.chat_events, lambda d: "".join(
        (c["delta"].get("content") or "") for e in d for c in e.get("choices", []))),
    "messages": ("anthropic", "messages", shapes.message_events, lambda d: "".join(
        e["delta"].get("text", "") for e in d if e["type"] == "content_block_delta")),
    "responses": ("openai", "responses", shapes.response_events, lambda d: "".join(
        e["delta"] for e in d if e["type"] == "response.output_text.delta")),
}  # fmt: skip


@pytest.mark.parametrize("kind", list(STREAMS))
def test_every_chunk_size_and_split_restores_exactly(kind: str) -> None:
    dialect, operation, make, text_of = STREAMS[kind]
    for size in range(1, len(SENT) + 1):
        events = make(shapes.Answer(model="m", text=SENT, chunk=size))
        got = text_of(run(relay_for(dialect, operation), events))
        assert got == WANT, (kind, size)


def test_every_single_split_position_restores_exactly() -> None:
    for cut in range(len(SENT) + 1):
        relay = relay_for("openai", "chat")
        out = ""
        for piece in pieces(SENT, cut):
            ev = SSEEvent(json.dumps({"choices": [{"index": 0, "delta": {"content": piece}}]}))
            out += "".join(
                json.loads(e.data)["choices"][0]["delta"]["content"] for e in relay.feed(ev)
            )
        end = SSEEvent(
            json.dumps({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
        )
        out += "".join(
            json.loads(e.data)["choices"][0]["delta"].get("content", "") for e in relay.feed(end)
        )
        assert out == WANT, cut
        assert "maria.keller" in out


@pytest.mark.parametrize("size", [1, 2, 3, 7, 40])
def test_streamed_tool_arguments_stay_json_with_quoted_values(size: int) -> None:
    call = shapes.ToolCall(name="f", arguments={"who": "[[PERSON_abcdef0123]]"})
    answer = shapes.Answer(model="m", tool_calls=[call], chunk=size)
    data = run(relay_for("openai", "chat"), shapes.chat_events(answer))
    args = "".join(
        tc["function"].get("arguments", "")
        for e in data
        for c in e["choices"]
        for tc in c["delta"].get("tool_calls", [])
    )
    assert json.loads(args) == {"who": 'Jane "JJ" O\\Neil'}
    blocks = run(relay_for("anthropic", "messages"), shapes.message_events(answer))
    partial = "".join(
        e["delta"].get("partial_json", "") for e in blocks if e["type"] == "content_block_delta"
    )
    assert json.loads(partial) == {"who": 'Jane "JJ" O\\Neil'}


def test_whole_answers_restore_arguments_as_json() -> None:
    answer = shapes.chat(
        shapes.Answer(
            model="m", text=SENT, tool_calls=[shapes.ToolCall("f", {"w": "[[PERSON_abcdef0123]]"})]
        )
    )
    out = restore_json(answer, lambda t: restore(t, None, "s", KNOWN))
    msg = out["choices"][0]["message"]
    assert msg["content"] == WANT
    assert json.loads(msg["tool_calls"][0]["function"]["arguments"]) == {"w": 'Jane "JJ" O\\Neil'}


def test_malformed_event_raises_upstream_error() -> None:
    with pytest.raises(UpstreamError):
        relay_for("openai", "chat").feed(SSEEvent("{nope"))
    deep = '{"choices": ' + "[" * 100_000 + "]" * 100_000 + "}"
    with pytest.raises(UpstreamError):  # the standard library's parser runs out of stack
        relay_for("openai", "chat").feed(SSEEvent(deep))
    deep = '{"choices": ' + "[" * 500 + "]" * 500 + "}"
    with pytest.raises(UpstreamError):  # read, but too deep to walk
        relay_for("openai", "chat").feed(SSEEvent(deep))


def test_arguments_nested_too_deep_are_restored_as_text() -> None:
    args = '{"w": "[[PERSON_abcdef0123]]", "x": ' + "[" * 5_000 + "]" * 5_000 + "}"
    answer = {"choices": [{"message": {"tool_calls": [{"function": {"arguments": args}}]}}]}
    out = restore_json(answer, lambda t: restore(t, None, "s", KNOWN))
    restored = out["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"]
    assert "[[PERSON_abcdef0123]]" not in restored
    assert restored.startswith('{"w": "Jane')


def test_the_sample_holds_what_the_tests_need() -> None:
    assert "maria.keller@example.com" in WANT
    assert 'Jane "JJ" O\\Neil' in WANT
    assert "[[PERSON_ffffffffff]]" in WANT  # never issued: left as it is
