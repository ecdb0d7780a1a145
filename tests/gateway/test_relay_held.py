"""Chunks whose text is all held back (output window) are not sent; the text is unchanged."""

from __future__ import annotations

import json
from typing import Any

from annexa.forward.output import GuardedRestorer, StreamGuard
from annexa.forward.streaming import Relay
from annexa.policy.interface import FindingDecision
from annexa.providers.interface import SSEEvent
from annexa.transform.restore import StreamRestorer

TEXT = "The quarterly figures look stable and the rollout plan is unchanged for everyone. " * 3


def nothing_strict(_text: str) -> list[FindingDecision]:
    return []


def relay(dialect: Any) -> Relay:
    def new(_in_json: bool) -> GuardedRestorer:
        return GuardedRestorer(StreamGuard(nothing_strict, 32), StreamRestorer(None, "s", {}))

    return Relay(dialect, "chat" if dialect == "openai" else "messages", lambda t: t, new)


def chat_chunk(content: str | None, finish: str | None = None) -> SSEEvent:
    delta = {} if content is None else {"content": content}
    return SSEEvent(
        json.dumps({"choices": [{"index": 0, "delta": delta, "finish_reason": finish}]})
    )


def test_chat_chunks_held_whole_are_dropped_and_text_survives() -> None:
    r = relay("openai")
    events = [chat_chunk(TEXT[i : i + 5]) for i in range(0, len(TEXT), 5)]
    out = [e for ev in [*events, chat_chunk(None, "stop")] for e in r.feed(ev)]
    datas = [json.loads(e.data) for e in out]
    deltas = [d["choices"][0]["delta"] for d in datas]
    assert "".join(d.get("content", "") for d in deltas) == TEXT
    assert all(d.get("content") for d in deltas[:-1])  # no empty chunk before the last
    assert len(out) < len(events) / 3
    assert datas[-1]["choices"][0]["finish_reason"] == "stop"


def test_a_chunk_with_more_than_text_is_kept() -> None:
    r = relay("openai")
    first = {"choices": [{"index": 0, "delta": {"role": "assistant", "content": "Hi"}}]}
    out = r.feed(SSEEvent(json.dumps(first)))
    assert len(out) == 1
    assert json.loads(out[0].data)["choices"][0]["delta"] == {"role": "assistant", "content": ""}
    usage = {"choices": [], "usage": {"prompt_tokens": 3, "completion_tokens": 1}}
    assert len(r.feed(SSEEvent(json.dumps(usage)))) == 1


def test_anthropic_text_deltas_held_whole_are_dropped() -> None:
    r = relay("anthropic")
    start = {"type": "content_block_start", "index": 0, "content_block": {"type": "text"}}
    out = r.feed(SSEEvent(json.dumps(start), "content_block_start"))
    for i in range(0, len(TEXT), 5):
        delta = {"type": "text_delta", "text": TEXT[i : i + 5]}
        body = {"type": "content_block_delta", "index": 0, "delta": delta}
        out += r.feed(SSEEvent(json.dumps(body), "content_block_delta"))
    out += r.feed(SSEEvent(json.dumps({"type": "content_block_stop", "index": 0}), "x"))
    texts = [json.loads(e.data).get("delta", {}).get("text", "") for e in out]
    assert "".join(texts) == TEXT
    assert all(t for e, t in zip(out, texts, strict=True) if e.event == "content_block_delta")
