"""End to end with the official openai SDK: gateway on loopback, fake upstream behind it."""

from __future__ import annotations

import json

import anyio
import openai
import pytest
from openai.types.chat import ChatCompletionMessageParam, ChatCompletionToolParam

from annexa.detect.pattern import expand_example
from annexa.transform.placeholders import PLACEHOLDER
from tests.gateway.conftest import AZURE_KEY, Stack

EMAIL = "maria.keller@example.com"
CARD = "4111 1111 1111 1111"
AWS = expand_example("AKIA{U:16}", seed=7)
TOOLS: list[ChatCompletionToolParam] = [
    {"type": "function", "function": {"name": "lookup", "parameters": {"type": "object"}}}
]
PROMPT = f"Mail {EMAIL} about card {CARD}; deploy with {AWS} please."


def assert_protected(sent: str) -> None:
    """What reached the upstream: placeholders for PII, redaction for the key, no originals."""
    assert EMAIL not in sent
    assert CARD not in sent
    assert AWS not in sent
    assert "[REDACTED" in sent
    found = {m[1] for m in PLACEHOLDER.finditer(sent)}
    assert {"EMAIL_ADDRESS", "CREDIT_CARD"} <= found


def test_chat_pseudonymizes_upstream_and_restores_answer(gw: Stack, oai: openai.OpenAI) -> None:
    raw = oai.chat.completions.with_raw_response.create(
        model="gpt-4o", messages=[{"role": "user", "content": PROMPT}]
    )
    answer = raw.parse()
    assert_protected(gw.upstream.texts())
    text = answer.choices[0].message.content or ""
    assert EMAIL in text
    assert CARD in text
    assert AWS not in text  # redacted, never restorable
    assert not PLACEHOLDER.search(text)
    header = raw.headers["x-annexa-decision"]
    assert "action=redact; rule=no-credentials" in header
    assert "CREDIT_CARD:1" in header


def test_a_password_inside_a_web_address_never_leaves(gw: Stack, oai: openai.OpenAI) -> None:
    """Near "index-url" the address outscores the password in it, and the policy allows URLs:
    the password must still be redacted before the upstream sees the prompt."""
    password = expand_example("Pyp{a:6}{d:3}", seed=3)
    prompt = (
        f"Why does pip install --index-url https://deploy:{password}@pypi.acme.example/simple fail?"
    )
    oai.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": prompt}])
    sent = gw.upstream.texts()
    assert password not in sent
    assert "https://deploy:[REDACTED:SECRET]@pypi.acme.example/simple" in sent


def test_chat_stream_restores_placeholders_split_across_chunks(
    gw: Stack, oai: openai.OpenAI
) -> None:
    gw.upstream.switches.chunk = 3  # every placeholder arrives in several pieces
    stream = oai.chat.completions.create(
        model="gpt-4o", messages=[{"role": "user", "content": PROMPT}], stream=True
    )
    text = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
    assert_protected(gw.upstream.texts())
    assert (
        text == f"You said: Mail {EMAIL} about card {CARD}; deploy with [REDACTED:SECRET] please."
    )


def test_tool_calls_and_results_are_scanned_and_restored(gw: Stack, oai: openai.OpenAI) -> None:
    messages: list[ChatCompletionMessageParam] = [{"role": "user", "content": f"find {EMAIL}"}]
    first = oai.chat.completions.create(model="gpt-4o", messages=messages, tools=TOOLS)
    call = (first.choices[0].message.tool_calls or [])[0]
    assert call.type == "function"
    assert json.loads(call.function.arguments) == {"text": f"find {EMAIL}"}
    messages += [
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": call.id,
                    "type": "function",
                    "function": {"name": call.function.name, "arguments": call.function.arguments},
                }
            ],
        },
        {"role": "tool", "tool_call_id": call.id, "content": f"owner card {CARD}"},
    ]
    second = oai.chat.completions.create(model="gpt-4o", messages=messages, tools=TOOLS)
    sent = json.dumps(gw.upstream.requests[-1].body)
    assert EMAIL not in sent  # in the earlier turn's tool-call arguments
    assert CARD not in sent  # in the tool result
    assert second.choices[0].message.content == f"You said: tool said: owner card {CARD}"


def test_streamed_tool_call_arguments_are_restored(gw: Stack, oai: openai.OpenAI) -> None:
    stream = oai.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": f'mail "{EMAIL}"'}],
        tools=TOOLS,
        stream=True,
    )
    args = ""
    for chunk in stream:
        for call in (chunk.choices[0].delta.tool_calls or []) if chunk.choices else []:
            args += (call.function.arguments or "") if call.function else ""
    assert json.loads(args) == {"text": f'mail "{EMAIL}"'}


def test_async_client(gw: Stack) -> None:
    async def main() -> str:
        async with openai.AsyncOpenAI(base_url=gw.v1, api_key=gw.key, max_retries=0) as c:
            r = await c.chat.completions.create(
                model="gpt-4o", messages=[{"role": "user", "content": f"hi {EMAIL}"}]
            )
            return r.choices[0].message.content or ""

    assert anyio.run(main) == f"You said: hi {EMAIL}"
    assert EMAIL not in gw.upstream.texts()


def test_blocked_request_never_reaches_upstream(gw: Stack, oai: openai.OpenAI) -> None:
    with pytest.raises(openai.PermissionDeniedError) as err:
        oai.chat.completions.create(
            model="gpt-4o", messages=[{"role": "user", "content": "status of BLUEFIN-7?"}]
        )
    assert gw.upstream.requests == []
    message = str(err.value)
    assert "action=block; rule=no-codenames" in err.value.response.headers["x-annexa-decision"]
    assert "CODENAME" in message
    assert "no-codenames" in message
    assert "BLUEFIN-7" not in message
    [event] = gw.sink.named("ai-request")
    assert event.outcome == "blocked"
    assert event.details["entities"] == {"CODENAME": 1}


def test_responses_api_stream_and_not(gw: Stack, oai: openai.OpenAI) -> None:
    c = oai
    r = c.responses.create(model="gpt-4o", input=f"note {EMAIL}", instructions=f"card {CARD}")
    assert r.output_text == f"You said: note {EMAIL}"
    assert_sent = gw.upstream.texts()
    assert EMAIL not in assert_sent
    assert CARD not in assert_sent
    events = list(c.responses.create(model="gpt-4o", input=f"note {EMAIL}", stream=True))
    deltas = "".join(e.delta for e in events if e.type == "response.output_text.delta")
    assert deltas == f"You said: note {EMAIL}"


def test_embeddings_are_scanned(gw: Stack, oai: openai.OpenAI) -> None:
    r = oai.embeddings.create(model="text-embedding-3-small", input=[f"x {EMAIL}", "plain"])
    assert len(r.data) == 2
    assert EMAIL not in gw.upstream.texts()


def test_the_end_users_identity_is_pseudonymized_too(gw: Stack, oai: openai.OpenAI) -> None:
    raw = oai.chat.completions.with_raw_response.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": "hello"}],
        user=EMAIL,  # how many applications tell the supplier who asks
        metadata={"customer_email": EMAIL},
    )
    assert "EMAIL_ADDRESS:2" in raw.headers["x-annexa-decision"]
    [sent] = gw.upstream.requests
    assert EMAIL not in gw.upstream.texts()
    assert PLACEHOLDER.fullmatch(sent.body["user"])
    assert sent.body["user"] == sent.body["metadata"]["customer_email"]  # the same pseudonym


def test_a_predicted_output_is_scanned_like_the_prompt(gw: Stack, oai: openai.OpenAI) -> None:
    oai.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": "rename the variable"}],
        prediction={"type": "content", "content": f"AWS_ACCESS_KEY_ID = '{AWS}'\n"},
    )
    [sent] = gw.upstream.requests
    assert AWS not in gw.upstream.texts()
    assert "[REDACTED" in sent.body["prediction"]["content"]


def test_models_lists_only_what_the_key_may_use(gw: Stack, oai: openai.OpenAI) -> None:
    _, scoped = gw.keys.create("bob", "member", providers=["inspect"])
    with openai.OpenAI(base_url=gw.v1, api_key=scoped, max_retries=0) as c:
        assert [m.id for m in c.models.list()] == ["inspect"]
        with pytest.raises(openai.NotFoundError):
            c.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])
    assert [m.id for m in oai.models.list()] == ["inspect"]  # only literal model names


def test_azure_openai_upstream(gw: Stack, oai: openai.OpenAI) -> None:
    r = oai.chat.completions.create(
        model="azure-prod", messages=[{"role": "user", "content": f"hi {EMAIL}"}]
    )
    assert r.choices[0].message.content == f"You said: hi {EMAIL}"
    [got] = gw.upstream.requests
    assert got.path == "/openai/deployments/azure-prod/chat/completions"
    assert got.query == "api-version=2024-10-21"
    assert got.headers["api-key"] == AZURE_KEY
    assert "authorization" not in got.headers  # the caller's key never leaves
    assert EMAIL not in json.dumps(got.body)


def test_callers_key_never_reaches_the_upstream(gw: Stack, oai: openai.OpenAI) -> None:
    oai.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "x"}])
    assert gw.key not in json.dumps(dict(gw.upstream.requests[0].headers))


def test_output_policy_redacts_what_the_model_produced(gw: Stack, oai: openai.OpenAI) -> None:
    made_up = expand_example("AKIA{U:16}", seed=11)
    gw.upstream.switches.adds = f" Try key {made_up} or write to ops@example.org."
    raw = oai.chat.completions.with_raw_response.create(
        model="gpt-4o", messages=[{"role": "user", "content": f"mail {EMAIL}"}]
    )
    text = raw.parse().choices[0].message.content or ""
    assert made_up not in text
    assert text == f"You said: mail {EMAIL} Try key [REDACTED:SECRET] or write to ops@example.org."
    assert raw.headers["x-annexa-output-redacted"] == "SECRET:1"
    gw.upstream.switches.adds = ""


@pytest.mark.parametrize("model", ["gpt-4o", "inspect"])
def test_stream_usage_chunk_reaches_the_client(gw: Stack, oai: openai.OpenAI, model: str) -> None:
    """``stream_options.include_usage``: the supplier's (and the inspect provider's) last chunk,
    with no choices and the request's usage, comes through after the restored text."""
    stream = oai.chat.completions.create(
        model=model,
        messages=[{"role": "user", "content": f"Mail {EMAIL} today"}],
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    last = chunks[-1]
    assert last.choices == []
    assert last.usage is not None
    assert last.usage.total_tokens == last.usage.prompt_tokens + last.usage.completion_tokens > 0
    assert all(c.usage is None for c in chunks[:-1])
    if model == "inspect":  # shows the placeholder that was sent, never the address
        assert EMAIL not in text
        assert "EMAIL_ADDRESS" in text
    else:
        assert text == f"You said: Mail {EMAIL} today"
        assert EMAIL not in gw.upstream.texts()


def test_stream_without_usage_option_has_no_usage_chunk(gw: Stack, oai: openai.OpenAI) -> None:
    stream = oai.chat.completions.create(
        model="gpt-4o", messages=[{"role": "user", "content": "hello"}], stream=True
    )
    chunks = list(stream)
    assert all(c.choices for c in chunks)
    assert all(c.usage is None for c in chunks)
