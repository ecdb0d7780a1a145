"""The built-in ``inspect`` provider: answers with exactly what would have left the building.

It needs no API key. Its answer is the forwarded request body (after pseudonymization or
redaction), pretty-printed, in the dialect's answer shape, streamed or not. Placeholders in it are
escaped (:func:`annexa.transform.escape_placeholders`) so the restore step leaves them visible:
the user sees ``⟦⟦PERSON_…⟧⟧`` where their colleague's name was, not the name restored.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Any

from annexa.providers import shapes
from annexa.providers.interface import Exchange, Provider, SSEEvent
from annexa.transform import escape_placeholders

__all__ = ["InspectProvider"]

HEADER = "Annexa inspect provider: this is exactly what would have been sent to the model.\n\n"


class InspectProvider(Provider):
    """Shows what it received; speaks both dialects."""

    dialects = frozenset({"openai", "anthropic"})

    def answer(self, exchange: Exchange, body: Mapping[str, Any]) -> shapes.Answer:
        """The answer: the forwarded body, placeholders escaped."""
        shown = json.dumps(body, indent=2, ensure_ascii=False)
        text = HEADER + escape_placeholders(shown)
        return shapes.Answer(model=exchange.model, text=text, input_tokens=len(shown) // 4)

    async def send(
        self, exchange: Exchange, body: Mapping[str, Any], headers: Mapping[str, str]
    ) -> tuple[int, Any]:
        if exchange.operation == "count_tokens":
            return 200, {"input_tokens": max(1, len(json.dumps(body, ensure_ascii=False)) // 4)}
        if exchange.operation == "embeddings":
            sent = body["input"]
            return 200, shapes.embeddings(exchange.model, [sent] if isinstance(sent, str) else sent)
        answer = self.answer(exchange, body)
        build = {"chat": shapes.chat, "responses": shapes.response, "messages": shapes.message}
        return 200, build[exchange.operation](answer)

    async def stream(
        self, exchange: Exchange, body: Mapping[str, Any], headers: Mapping[str, str]
    ) -> AsyncIterator[SSEEvent]:
        answer = self.answer(exchange, body)
        produced: Iterator[SSEEvent]
        if exchange.operation == "chat":
            produced = shapes.chat_events(answer, shapes.wants_usage(body))
        elif exchange.operation == "responses":
            produced = shapes.response_events(answer)
        else:
            produced = shapes.message_events(answer)
        for event in produced:
            yield event
