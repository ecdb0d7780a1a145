"""The wire-format parsers find every text the model will see, with its path, and refuse the
rest; replacing texts keeps the body valid (tool-call arguments stay JSON)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from annexa.errors import InputError
from annexa.gateway import Incoming, parse
from annexa.providers.anthropic import parse_messages
from annexa.providers.openai import parse_chat, parse_embeddings, parse_responses


def labels(body: Any, parse: Any = parse_chat) -> dict[str, str]:
    return {t.label(): t.text for t in parse(body).texts}


def test_chat_texts_include_parts_tool_arguments_and_tool_descriptions() -> None:
    body = {
        "model": "m",
        "messages": [
            {"role": "system", "content": "sys"},
            {"role": "user", "content": [{"type": "text", "text": "part"}]},
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": "c",
                        "type": "function",
                        "function": {"name": "f", "arguments": '{"q": "arg", "n": [1, "deep"]}'},
                    }
                ],
            },
            {"role": "tool", "tool_call_id": "c", "content": "result"},
        ],
        "tools": [
            {
                "type": "function",
                "function": {
                    "name": "f",
                    "description": "desc",
                    "parameters": {"type": "object", "properties": {"q": {"description": "pd"}}},
                },
            }
        ],
    }
    assert labels(body) == {
        "messages[0].content": "sys",
        "messages[1].content[0].text": "part",
        "messages[2].tool_calls[0].function.arguments.$json.q": "arg",
        "messages[2].tool_calls[0].function.arguments.$json.n[1]": "deep",
        "messages[3].content": "result",
        "tools[0].function.description": "desc",
        "tools[0].function.parameters.properties.q.description": "pd",
    }


def test_replaced_keeps_arguments_valid_json_with_quotes() -> None:
    body = {
        "model": "m",
        "messages": [
            {
                "role": "assistant",
                "tool_calls": [
                    {
                        "id": "c",
                        "type": "function",
                        "function": {"name": "f", "arguments": '{"q": "x"}'},
                    }
                ],
            }
        ],
    }
    ex = parse_chat(body)
    out = ex.replaced(['say "hi" \\ there'])
    args = out["messages"][0]["tool_calls"][0]["function"]["arguments"]
    assert json.loads(args) == {"q": 'say "hi" \\ there'}
    assert body["messages"][0]["tool_calls"][0]["function"]["arguments"] == '{"q": "x"}'  # type: ignore[index]


def test_anthropic_texts() -> None:
    body = {
        "model": "m",
        "system": [{"type": "text", "text": "sys"}],
        "messages": [
            {"role": "user", "content": "plain"},
            {
                "role": "assistant",
                "content": [
                    {"type": "thinking", "thinking": "hmm", "signature": "s"},
                    {"type": "tool_use", "id": "t", "name": "f", "input": {"a": {"b": "in"}}},
                ],
            },
            {
                "role": "user",
                "content": [
                    {
                        "type": "tool_result",
                        "tool_use_id": "t",
                        "content": [{"type": "text", "text": "res"}],
                    }
                ],
            },
        ],
    }
    assert labels(body, parse_messages) == {
        "system[0].text": "sys",
        "messages[0].content": "plain",
        "messages[1].content[0].thinking": "hmm",
        "messages[1].content[1].input.a.b": "in",
        "messages[2].content[0].content[0].text": "res",
    }


def test_responses_and_embeddings_texts() -> None:
    body = {
        "model": "m",
        "instructions": "ins",
        "input": [
            {"role": "user", "content": [{"type": "input_text", "text": "hello"}]},
            {"type": "function_call", "call_id": "c", "name": "f", "arguments": '{"k": "v"}'},
            {"type": "function_call_output", "call_id": "c", "output": "out"},
        ],
    }
    assert labels(body, parse_responses) == {
        "instructions": "ins",
        "input[0].content[0].text": "hello",
        "input[1].arguments.$json.k": "v",
        "input[2].output": "out",
    }
    assert labels({"model": "e", "input": ["a", "b"]}, parse_embeddings) == {
        "input[0]": "a",
        "input[1]": "b",
    }


def test_predicted_outputs_and_structured_output_descriptions_are_scanned() -> None:
    schema = {
        "type": "object",
        "properties": {"card": {"type": "string", "description": "as on Ann's card"}},
    }
    chat = {
        "model": "m",
        "messages": [{"role": "user", "content": "edit"}],
        "prediction": {"type": "content", "content": "DB_PASSWORD = 'x'"},
        "response_format": {
            "type": "json_schema",
            "json_schema": {"name": "out", "description": "for Ann Lee", "schema": schema},
        },
    }
    assert labels(chat) == {
        "messages[0].content": "edit",
        "prediction.content": "DB_PASSWORD = 'x'",
        "response_format.json_schema.description": "for Ann Lee",
        "response_format.json_schema.schema.properties.card.description": "as on Ann's card",
    }
    parts = {**chat, "prediction": {"type": "content", "content": [{"type": "text", "text": "a"}]}}
    assert labels(parts)["prediction.content[0].text"] == "a"
    responses = {
        "model": "m",
        "input": "hi",
        "text": {"format": {"type": "json_schema", "name": "out", "schema": schema}},
    }
    assert labels(responses, parse_responses) == {
        "input": "hi",
        "text.format.schema.properties.card.description": "as on Ann's card",
    }


def test_who_the_request_is_for_and_its_labels_are_scanned_too() -> None:
    sender = {
        "user": "ann@example.com",
        "safety_identifier": "Ann Lee",
        "prompt_cache_key": "ann-lee-cases",
        "metadata": {"ticket": "T-1", "customer": "Globex", "n": 3},
    }
    expected = {
        "user": "ann@example.com",
        "safety_identifier": "Ann Lee",
        "prompt_cache_key": "ann-lee-cases",
        "metadata.ticket": "T-1",
        "metadata.customer": "Globex",
    }
    chat = {"model": "m", "messages": [{"role": "user", "name": "Ann_Lee", "content": "hi"}]}
    assert labels({**chat, **sender}) == {
        "messages[0].content": "hi",
        "messages[0].name": "Ann_Lee",
        **expected,
    }
    assert labels({"model": "m", "input": "hi", **sender}, parse_responses) == {
        "input": "hi",
        **expected,
    }
    embed = {"model": "e", "input": "hi", "user": "ann@example.com"}
    assert labels(embed, parse_embeddings) == {"input": "hi", "user": "ann@example.com"}
    claude = {"model": "c", "messages": [], "metadata": {"user_id": "ann@example.com"}}
    assert labels(claude, parse_messages) == {"metadata.user_id": "ann@example.com"}


def test_images_audio_and_files_are_attachments_with_their_paths() -> None:
    png = {"url": "data:image/png;base64,iVBORw0KGgo="}
    chat = parse_chat(
        {
            "model": "m",
            "messages": [
                {
                    "role": "user",
                    "content": [
                        {"type": "text", "text": "what is on it?"},
                        {"type": "image_url", "image_url": png},
                        {"type": "input_audio", "input_audio": {"data": "AA==", "format": "wav"}},
                        {"type": "file", "file": {"file_id": "file-1"}},
                    ],
                }
            ],
        }
    )
    assert [t.label() for t in chat.texts] == ["messages[0].content[0].text"]
    assert [(a.path, a.media) for a in chat.attachments] == [
        (("messages", 0, "content", 1), "image"),
        (("messages", 0, "content", 2), "audio"),
        (("messages", 0, "content", 3), "file"),
    ]
    responses = parse_responses(
        {
            "model": "m",
            "input": [
                {
                    "role": "user",
                    "content": [
                        {"type": "input_text", "text": "compare"},
                        {"type": "input_image", "image_url": png["url"]},
                        {"type": "input_file", "file_id": "file-2"},
                    ],
                }
            ],
        }
    )
    assert [t.text for t in responses.texts] == ["compare"]
    assert [a.media for a in responses.attachments] == ["image", "file"]


def test_an_attachments_web_address_is_scanned_its_inline_data_is_not() -> None:
    signed = "https://b.s3.amazonaws.com/x.png?X-Amz-Signature=" + "ab" * 32
    chat = parse_chat(
        {
            "model": "m",
            "messages": [
                {
                    "role": "user",
                    "content": [
                        {"type": "image_url", "image_url": {"url": signed}},
                        {"type": "image_url", "image_url": {"url": "data:image/png;base64,AA=="}},
                    ],
                }
            ],
        }
    )
    assert labels_of(chat) == {"messages[0].content[0].image_url.url": signed}
    assert len(chat.attachments) == 2
    responses = parse_responses(
        {
            "model": "m",
            "input": [
                {
                    "role": "user",
                    "content": [
                        {"type": "input_image", "image_url": "https://cdn.example/a.png"},
                        {"type": "input_file", "file_url": "https://files.example/q3.pdf"},
                        {"type": "input_file", "file_data": "JVBE", "filename": "Ann Lee.pdf"},
                    ],
                }
            ],
        }
    )
    assert labels_of(responses) == {
        "input[0].content[0].image_url": "https://cdn.example/a.png",
        "input[0].content[1].file_url": "https://files.example/q3.pdf",
        "input[0].content[2].filename": "Ann Lee.pdf",
    }
    named = {"type": "file", "file": {"file_data": "JVBE", "filename": "Ann Lee.pdf"}}
    chat = parse_chat({"model": "m", "messages": [{"role": "user", "content": [named]}]})
    assert labels_of(chat) == {"messages[0].content[0].file.filename": "Ann Lee.pdf"}
    image = {"type": "image", "source": {"type": "url", "url": "https://cdn.example/b.png"}}
    pdf = {"type": "document", "source": {"type": "url", "url": "https://files.example/c.pdf"}}
    claude = parse_messages({"model": "m", "messages": [{"role": "user", "content": [image, pdf]}]})
    assert labels_of(claude) == {
        "messages[0].content[0].source.url": "https://cdn.example/b.png",
        "messages[0].content[1].source.url": "https://files.example/c.pdf",
    }
    assert [a.media for a in claude.attachments] == ["image", "file"]


def labels_of(ex: Any) -> dict[str, str]:
    return {t.label(): t.text for t in ex.texts}


def test_anthropic_documents_in_plain_text_are_scanned_others_are_attachments() -> None:
    image = {
        "type": "image",
        "source": {"type": "base64", "media_type": "image/png", "data": "AA=="},
    }
    pdf = {"type": "document", "source": {"type": "base64", "media_type": "application/pdf"}}
    text_doc = {
        "type": "document",
        "source": {"type": "text", "media_type": "text/plain", "data": "card 4111 1111 1111 1111"},
        "title": "Q3 notes",
        "context": "from the finance share",
    }
    blocks_doc = {"type": "document", "source": {"type": "content", "content": [
        {"type": "text", "text": "first"}, image
    ]}}  # fmt: skip
    result = {"type": "tool_result", "tool_use_id": "t", "content": [image]}
    search = {"type": "search_result", "source": "https://intranet.example/x", "title": "T",
              "content": [{"type": "text", "text": "found"}]}  # fmt: skip
    ex = parse_messages(
        {
            "model": "m",
            "messages": [
                {"role": "user", "content": [pdf, text_doc, blocks_doc, image, result, search]}
            ],
        }
    )
    assert {t.label(): t.text for t in ex.texts} == {
        "messages[0].content[1].title": "Q3 notes",
        "messages[0].content[1].context": "from the finance share",
        "messages[0].content[1].source.data": "card 4111 1111 1111 1111",
        "messages[0].content[2].source.content[0].text": "first",
        "messages[0].content[5].source": "https://intranet.example/x",
        "messages[0].content[5].title": "T",
        "messages[0].content[5].content[0].text": "found",
    }
    assert [(a.path, a.media) for a in ex.attachments] == [
        (("messages", 0, "content", 0), "file"),
        (("messages", 0, "content", 2, "source", "content", 1), "image"),
        (("messages", 0, "content", 3), "image"),
        (("messages", 0, "content", 4, "content", 0), "image"),
    ]


@pytest.mark.parametrize(
    ("parse", "body", "needle"),
    [
        (
            parse_chat,
            {
                "model": "m",
                "messages": [
                    {
                        "role": "user",
                        "content": [{"type": "video_url", "video_url": {"url": "http://x"}}],
                    }
                ],
            },
            "video_url",
        ),
        (parse_chat, {"model": "m", "messages": [{"role": "user", "content": {"a": 1}}]}, "string"),
        (
            parse_chat,
            {
                "model": "m",
                "messages": [
                    {"role": "assistant", "tool_calls": [{"function": {"arguments": {"a": 1}}}]}
                ],
            },
            "string",
        ),
        (
            parse_messages,
            {
                "model": "m",
                "messages": [{"role": "user", "content": [{"type": "document", "source": {}}]}],
            },
            "document source",
        ),
        (
            parse_messages,
            {
                "model": "m",
                "messages": [{"role": "user", "content": [{"type": "document"}]}],
            },
            "source: must be an object",
        ),
        (
            parse_messages,
            {"model": "m", "messages": [{"role": "user", "content": [{"type": "video"}]}]},
            "'video'",
        ),
        (
            parse_responses,
            {"model": "m", "input": [{"type": "item_reference", "id": "x"}]},
            "item_reference",
        ),
        (parse_embeddings, {"model": "m", "input": [[1, 2, 3]]}, "token array"),
        (parse_embeddings, {"model": "m", "input": [1, 2, 3]}, "token array"),
        (parse_embeddings, {"model": "m", "input": ["a", None]}, "input[1]: must be a string"),
        (parse_embeddings, {"model": "m", "input": ["a", {"t": "b"}]}, "input[1]: must be a"),
        (parse_embeddings, {"model": "m", "input": ["a", [True]]}, "input[1]: must be a"),
        (parse_chat, [1, 2], "JSON object"),
    ],
)
def test_what_cannot_be_scanned_is_refused(parse: Any, body: Any, needle: str) -> None:
    with pytest.raises(InputError) as err:
        parse(body)
    assert needle in err.value.message


@pytest.mark.parametrize(
    "body",
    [
        b'{"model": "m", "messages": [{"role": "user", "content": "x\\ud800y"}]}',
        b'{"model": "m", "messages": [{"role": "user", "content": "x\\uDFFFy"}]}',
        b'{"model": "m", "messages": [{"role": "user", "content": "x\xed\xa0\x80y"}]}',
        '{"model": "m", "messages": [{"role": "user", "content": "x"}]}'.encode("utf-16-le")[:-8]
        + b"\x00\xd8"
        + '"}]}'.encode("utf-16-le"),
    ],
    ids=["escape", "escape upper", "utf-8 bytes", "utf-16"],
)
def test_lone_surrogates_are_refused(body: bytes) -> None:
    incoming = Incoming("chat", "key", body, {}, "req_1")
    with pytest.raises(InputError, match="lone UTF-16 surrogate"):
        parse(incoming, 1_000_000)


@pytest.mark.parametrize(
    ("body", "why"),
    [
        (b'{"model": "m", "messages": [}', "Expecting value at line 1 column 29"),
        (b'{"model": "\xff\xfe"}', "the bytes are not UTF-8"),
        (b'{"model": "m", "max_tokens": ' + b"9" * 5000 + b"}", "more digits than"),
    ],
    ids=["syntax", "not utf-8", "huge number"],
)
def test_unreadable_bodies_say_why_without_quoting_them(body: bytes, why: str) -> None:
    incoming = Incoming("chat", "key", body, {}, "req_1")
    with pytest.raises(InputError, match="not valid JSON in UTF-8") as err:
        parse(incoming, 1_000_000)
    assert why in err.value.message
    assert "999" not in err.value.message


def test_bodies_without_surrogates_parse() -> None:
    text = "Hangul \ud55c, emoji \U0001f469\u200d\U0001f4bb, escaped \\u00e9 and \\\\ud800 as text"
    body = json.dumps(
        {"model": "m", "messages": [{"role": "user", "content": text}]}, ensure_ascii=False
    ).encode()
    assert parse(Incoming("chat", "key", body, {}, "req_1"), 1_000_000).texts[0].text == text


def test_a_body_nested_too_deep_is_refused_with_a_clear_error() -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    body = b'{"model": "m", "messages": [{"role": "user", "content": "x"}], "x": ' + deep + b"}"
    with pytest.raises(InputError, match="nested deeper than 128 levels"):
        parse(Incoming("chat", "key", body, {}, "req_1"), 10_000_000)


def test_tool_arguments_nested_too_deep_are_scanned_as_their_raw_text() -> None:
    args = '{"card": "4111 1111 1111 1111", "x": ' + "[" * 5_000 + "]" * 5_000 + "}"
    call = {"id": "c", "type": "function", "function": {"name": "f", "arguments": args}}
    body = {"model": "m", "messages": [{"role": "assistant", "tool_calls": [call]}]}
    texts = parse_chat(body).texts
    assert [t.text for t in texts if "4111" in t.text] == [args]  # whole: nothing unscanned
