"""End to end with the official anthropic SDK: messages, system prompts, tools, streaming."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import anthropic
import anyio
import pytest
from anthropic.types import MessageParam, TextBlock, ToolParam, ToolUseBlock

from tests.gateway.conftest import Stack

EMAIL = "maria.keller@example.com"
CARD = "4111 1111 1111 1111"
TOOLS: list[ToolParam] = [{"name": "lookup", "input_schema": {"type": "object"}}]


@pytest.fixture
def claude(gw: Stack) -> Iterator[anthropic.Anthropic]:
    with anthropic.Anthropic(base_url=gw.url, api_key=gw.key, max_retries=0) as c:
        yield c


def text_of(blocks: object) -> str:
    return "".join(b.text for b in blocks if isinstance(b, TextBlock))  # type: ignore[attr-defined]


def test_messages_with_system_prompt(gw: Stack, claude: anthropic.Anthropic) -> None:
    raw = claude.messages.with_raw_response.create(
        model="claude-sonnet-4",
        max_tokens=100,
        system=f"The user's card is {CARD}.",
        messages=[{"role": "user", "content": f"Write to {EMAIL}"}],
    )
    msg = raw.parse()
    sent = gw.upstream.texts()
    assert EMAIL not in sent
    assert CARD not in sent
    assert "[[CREDIT_CARD_" in sent
    assert text_of(msg.content) == f"You said: Write to {EMAIL}"
    assert "action=pseudonymize" in raw.headers["x-annexa-decision"]
    assert gw.upstream.requests[0].headers["anthropic-version"]


def test_bearer_auth_works_too(gw: Stack) -> None:
    with anthropic.Anthropic(base_url=gw.url, auth_token=gw.key, max_retries=0) as c:
        msg = c.messages.create(
            model="claude-sonnet-4", max_tokens=10, messages=[{"role": "user", "content": "hi"}]
        )
    assert text_of(msg.content) == "You said: hi"


def test_stream_restores_split_placeholders(gw: Stack, claude: anthropic.Anthropic) -> None:
    gw.upstream.switches.chunk = 2
    with claude.messages.stream(
        model="claude-sonnet-4",
        max_tokens=100,
        messages=[{"role": "user", "content": f"mail {EMAIL} card {CARD}"}],
    ) as stream:
        streamed = "".join(stream.text_stream)
        final = stream.get_final_message()
    assert streamed == f"You said: mail {EMAIL} card {CARD}"
    assert text_of(final.content) == streamed
    assert EMAIL not in gw.upstream.texts()


def test_tool_use_and_tool_result(gw: Stack, claude: anthropic.Anthropic) -> None:
    messages: list[MessageParam] = [{"role": "user", "content": f"find {EMAIL}"}]
    first = claude.messages.create(
        model="claude-sonnet-4", max_tokens=100, messages=messages, tools=TOOLS
    )
    [use] = [b for b in first.content if isinstance(b, ToolUseBlock)]
    assert use.input == {"text": f"find {EMAIL}"}
    messages += [
        {
            "role": "assistant",
            "content": [{"type": "tool_use", "id": use.id, "name": use.name, "input": use.input}],
        },
        {
            "role": "user",
            "content": [{"type": "tool_result", "tool_use_id": use.id, "content": f"card {CARD}"}],
        },
    ]
    second = claude.messages.create(
        model="claude-sonnet-4", max_tokens=100, messages=messages, tools=TOOLS
    )
    sent = str(gw.upstream.requests[-1].body)
    assert EMAIL not in sent  # the earlier tool_use input
    assert CARD not in sent  # the tool_result
    assert text_of(second.content) == f"You said: tool said: card {CARD}"


def test_streamed_tool_use_input_is_restored(gw: Stack, claude: anthropic.Anthropic) -> None:
    with claude.messages.stream(
        model="claude-sonnet-4",
        max_tokens=100,
        messages=[{"role": "user", "content": f'quote "{EMAIL}"'}],
        tools=TOOLS,
    ) as stream:
        final = stream.get_final_message()
    [use] = [b for b in final.content if isinstance(b, ToolUseBlock)]
    assert use.input == {"text": f'quote "{EMAIL}"'}


def test_async_stream(gw: Stack) -> None:
    async def main() -> str:
        c = anthropic.AsyncAnthropic(base_url=gw.url, api_key=gw.key, max_retries=0)
        async with (
            c,
            c.messages.stream(
                model="claude-sonnet-4",
                max_tokens=50,
                messages=[{"role": "user", "content": f"hello {EMAIL}"}],
            ) as stream,
        ):
            return "".join([t async for t in stream.text_stream])

    assert anyio.run(main) == f"You said: hello {EMAIL}"


def test_block_in_anthropic_shape(gw: Stack, claude: anthropic.Anthropic) -> None:
    with pytest.raises(anthropic.PermissionDeniedError) as err:
        claude.messages.create(
            model="claude-sonnet-4",
            max_tokens=10,
            messages=[{"role": "user", "content": "BLUEFIN-12 launch date?"}],
        )
    body = err.value.body
    assert isinstance(body, dict)
    assert body["type"] == "error"
    assert body["error"]["type"] == "permission_error"
    assert "CODENAME" in body["error"]["message"]
    assert "BLUEFIN-12" not in str(body)
    assert gw.upstream.requests == []


def test_models_in_anthropic_shape(gw: Stack, claude: anthropic.Anthropic) -> None:
    assert [m.id for m in claude.models.list()] == ["inspect"]


def test_an_image_leaves_unscanned_only_where_a_rule_allows_it(
    gw: Stack, claude: anthropic.Anthropic
) -> None:
    image = {
        "type": "image",
        "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="},
    }
    asked: Any = {"role": "user", "content": [{"type": "text", "text": f"card {CARD}"}, image]}
    raw = claude.messages.with_raw_response.create(
        model="claude-sonnet-4", max_tokens=10, messages=[asked]
    )
    assert raw.parse().content
    decision = raw.headers["x-annexa-decision"]
    assert "action=pseudonymize" in decision
    assert "unscanned=image:1" in decision
    [sent] = gw.upstream.requests
    content = sent.body["messages"][0]["content"]
    assert content[1] == image  # forwarded as it came
    assert CARD not in content[0]["text"]  # the text beside it scanned and transformed
    [event] = gw.sink.named("ai-request")
    assert event.details["scanned"] is False  # never "scanned" with an image in it
    assert event.details["unscanned"] == {"image": 1}


def test_an_allowed_images_address_is_scanned_and_its_signature_kept_in(
    gw: Stack, claude: anthropic.Anthropic
) -> None:
    signature = "8f2c61d0b6a5e7c9d1f3a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b8c0d2"
    url = (
        "https://scans.s3.eu-west-1.amazonaws.com/id.png?X-Amz-Algorithm=AWS4-HMAC-SHA256"
        f"&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature={signature}"
    )
    image = {"type": "image", "source": {"type": "url", "url": url}}
    asked: Any = {"role": "user", "content": [image]}
    raw = claude.messages.with_raw_response.create(
        model="claude-sonnet-4", max_tokens=10, messages=[asked]
    )
    assert "rule=no-credentials" in raw.headers["x-annexa-decision"]  # the test policy redacts
    [sent] = gw.upstream.requests
    forwarded = sent.body["messages"][0]["content"][0]["source"]["url"]
    assert signature not in forwarded
    assert forwarded.startswith("https://scans.s3.eu-west-1.amazonaws.com/id.png?")


def test_attachments_no_rule_allows_are_refused_with_the_rule(
    gw: Stack, claude: anthropic.Anthropic
) -> None:
    pdf = {
        "type": "document",
        "source": {"type": "base64", "media_type": "application/pdf", "data": "JVBERi0x"},
    }
    asked: Any = {"role": "user", "content": [{"type": "text", "text": "summarise"}, pdf]}
    with pytest.raises(anthropic.PermissionDeniedError) as err:
        claude.messages.create(model="claude-sonnet-4", max_tokens=10, messages=[asked])
    assert "block by rule no-files: file×1" in str(err.value)
    assert "unscanned=file:1" in err.value.response.headers["x-annexa-decision"]
    assert gw.upstream.requests == []
    [event] = gw.sink.named("ai-request")
    assert event.outcome == "blocked"
    assert (event.details["scanned"], event.details["unscanned"]) == (False, {"file": 1})


def test_a_plain_text_document_is_scanned_like_a_message(
    gw: Stack, claude: anthropic.Anthropic
) -> None:
    doc = {
        "type": "document",
        "source": {"type": "text", "media_type": "text/plain", "data": f"Pay with {CARD}."},
        "title": f"Notes for {EMAIL}",
    }
    asked: Any = {"role": "user", "content": [doc]}
    claude.messages.create(model="claude-sonnet-4", max_tokens=10, messages=[asked])
    [sent] = gw.upstream.requests
    block = sent.body["messages"][0]["content"][0]
    assert "[[CREDIT_CARD_" in block["source"]["data"]
    assert EMAIL not in block["title"]
    [event] = gw.sink.named("ai-request")
    assert (event.details["scanned"], event.details["unscanned"]) == (True, {})


def test_count_tokens_is_scanned_like_messages(gw: Stack, claude: anthropic.Anthropic) -> None:
    counted = claude.messages.count_tokens(
        model="claude-sonnet-4", messages=[{"role": "user", "content": f"mail {EMAIL}"}]
    )
    assert counted.input_tokens > 0
    [got] = gw.upstream.requests
    assert got.path == "/v1/messages/count_tokens"
    assert EMAIL not in str(got.body)
    with pytest.raises(anthropic.PermissionDeniedError):
        claude.messages.count_tokens(
            model="claude-sonnet-4", messages=[{"role": "user", "content": "BLUEFIN-3"}]
        )
    assert len(gw.upstream.requests) == 1
