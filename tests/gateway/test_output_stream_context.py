"""The streamed output policy reads what the whole-answer check reads: a private key block is
held from its BEGIN line to its END line, and a credential recognised by the words before it is
found even when those words went out in an earlier piece. Keys and tokens are made here, at
random (no credential in the repository)."""

from __future__ import annotations

import itertools
import re
import secrets
import string
from collections.abc import Callable

import anthropic
import openai
import pytest
from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annexa.detect.interface import Finding
from annexa.errors import ScanError
from annexa.forward.output import HeldBlocks, StreamGuard, held_blocks, redact_output
from annexa.policy.interface import Action, FindingDecision
from tests.gateway.conftest import Stack
from tests.gateway.test_output_policy import CHECK, SCANNER, decide

BLOCKS = held_blocks(SCANNER.blocks)


def _pem(kind: str) -> str:
    none = ser.NoEncryption()
    if kind == "rsa-pkcs8":
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return key.private_bytes(ser.Encoding.PEM, ser.PrivateFormat.PKCS8, none).decode()
    if kind == "rsa-pkcs1":
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        fmt = ser.PrivateFormat.TraditionalOpenSSL
        return key.private_bytes(ser.Encoding.PEM, fmt, none).decode()
    if kind == "ec":
        ec_key = ec.generate_private_key(ec.SECP256R1())
        fmt = ser.PrivateFormat.TraditionalOpenSSL
        return ec_key.private_bytes(ser.Encoding.PEM, fmt, none).decode()
    ed_key = ed25519.Ed25519PrivateKey.generate()
    return ed_key.private_bytes(ser.Encoding.PEM, ser.PrivateFormat.OpenSSH, none).decode()


def _token(n: int = 48) -> str:
    return "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(n))


def _streamed(answer: str, size: int, window: int = 64) -> tuple[str, StreamGuard, list[str]]:
    guard = StreamGuard(CHECK, window, blocks=BLOCKS)
    pieces = [guard.feed(answer[i : i + size]) for i in range(0, len(answer), size)]
    pieces.append(guard.flush())
    return "".join(pieces), guard, pieces


def _whole(answer: str) -> str:
    out: str = redact_output({"content": answer}, SCANNER.scan, decide)[0]["content"]
    return out


@pytest.mark.parametrize("kind", ["rsa-pkcs8", "rsa-pkcs1", "ec", "openssh"])
@pytest.mark.parametrize("size", [1, 5, 17, 64, 300])
def test_a_streamed_private_key_never_leaves_in_part(kind: str, size: int) -> None:
    pem = _pem(kind)
    answer = f"Here is the key you asked for:\n\n{pem}\nKeep it safe."
    body = pem.splitlines()[1:-1]
    out, guard, _ = _streamed(answer, size)
    assert not [line for line in body if line in out]  # before: every line of it went out
    assert out == _whole(answer)
    assert guard.redacted["SECRET"] == 1
    assert out.startswith("Here is the key you asked for:")


def test_the_text_before_a_block_goes_out_while_the_block_is_held() -> None:
    pem = _pem("ec")
    lead = "Some words before the key, long enough to leave the window behind. " * 3
    answer = f"{lead}\n{pem}"
    guard = StreamGuard(CHECK, 64, blocks=BLOCKS)
    out = ""
    for i in range(0, len(answer) - 40, 5):  # everything but the END line's last characters
        out += guard.feed(answer[i : i + 5])
    assert out.startswith(lead[:100])  # the prose is not held back with the key
    assert "-----BEGIN" not in out
    assert guard.pending.startswith("-----BEGIN EC PRIVATE KEY-----")


@pytest.mark.parametrize("size", [1, 3, 8, 20])
def test_a_credential_named_by_words_already_sent_is_found(size: int) -> None:
    tok = _token()
    answer = f'Configure the client:\n\nclient_secret = "{tok}"\n\nthen restart the service.'
    out, guard, _ = _streamed(answer, size)
    assert tok[:12] not in out  # before: it went out whole
    assert out == _whole(answer)
    assert guard.redacted["SECRET"] == 1


def test_a_block_never_closed_is_checked_whole_when_the_answer_ends() -> None:
    pem = _pem("rsa-pkcs8")
    cut_short = "\n".join(pem.splitlines()[:-1])  # no END line: the answer stopped
    out, guard, pieces = _streamed(f"Key:\n{cut_short}", 7)
    assert "".join(pieces[:-1]) == "Key:\n"  # nothing of it before the end
    assert not [line for line in pem.splitlines()[1:-1] if line in out]
    assert guard.redacted["SECRET"] == 1


def test_a_block_held_past_its_bound_fails_closed() -> None:
    guard = StreamGuard(CHECK, 64, blocks=BLOCKS, max_block=2_000)
    guard.feed("-----BEGIN PRIVATE KEY-----\n")
    held, failed = 0, None
    for _ in range(60):  # 3,900 characters: past the bound well before the end
        try:
            out = guard.feed(_token(64) + "\n")
        except ScanError as exc:
            failed = exc
            break
        assert out == ""  # nothing of it leaves meanwhile
        held += 65
    assert failed is not None
    assert "held back" in str(failed)
    assert 2_000 < held + 65 <= 2_000 * 5 // 4 + 65  # checked again within a quarter more


def test_held_blocks_finds_the_first_open_one() -> None:
    blocks = HeldBlocks([("<<", ">>"), ("BEGIN", "END")])
    assert blocks.open_at("a << b >> c") is None
    assert blocks.open_at("a << b >> c << d") == 12
    assert blocks.open_at("x BEGIN y << z >>") == 2
    assert blocks.open_at("BEGIN END BEGIN") == 10
    assert blocks.open_at("") is None


def _flag(pattern: str) -> Callable[[str], list[FindingDecision]]:
    """A check flagging every run of ``pattern`` (a strict finding, redacted)."""
    rx = re.compile(pattern)

    def check(text: str) -> list[FindingDecision]:
        return [
            FindingDecision(
                Finding("SECRET", m.start(), m.end(), 1.0, "t"), Action.REDACT, "r", "restricted"
            )
            for m in rx.finditer(text)
        ]

    return check


def test_a_finding_begun_in_what_went_out_is_redacted_from_the_held_text_on() -> None:
    check = _flag(r"KEY-[0-9 ]+END")
    guard = StreamGuard(check, window=6, step=1, context=64)
    out = ""
    for piece in ("word word word KEY-12 ", "34 56 78 ", "90 END tail words here", ""):
        out += guard.feed(piece)
    out += guard.flush()
    # its first words left before the value was whole (the window is too small for it); from
    # where the held text began the finding is redacted, and the text after it is left alone
    assert out.startswith("word word word KEY-12 ")
    assert "90" not in out
    assert "END" not in out
    assert out.endswith("[REDACTED:SECRET] tail words here")
    assert guard.redacted["SECRET"] == 1


# -- through the gateway, with the SDKs ------------------------------------------------------


@pytest.mark.parametrize("chunk", [3, 16])
def test_a_key_the_model_streams_is_redacted_for_the_openai_sdk(
    gw: Stack, oai: openai.OpenAI, chunk: int
) -> None:
    pem = _pem("ec").strip()
    gw.upstream.switches.chunk = chunk
    gw.upstream.switches.adds = f"\n{pem}\ndone"
    stream = oai.chat.completions.create(
        model="gpt-4o", messages=[{"role": "user", "content": "a key please"}], stream=True
    )
    text = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
    assert text == "You said: a key please\n[REDACTED:SECRET]\ndone"


def test_a_key_the_model_streams_is_redacted_for_the_anthropic_sdk(gw: Stack) -> None:
    pem = _pem("openssh").strip()
    gw.upstream.switches.adds = f"\n{pem}"
    ask: list[anthropic.types.MessageParam] = [{"role": "user", "content": "a key please"}]
    with (
        anthropic.Anthropic(base_url=gw.url, api_key=gw.key, max_retries=0) as client,
        client.messages.stream(model="claude-sonnet-4", max_tokens=64, messages=ask) as stream,
    ):
        text = "".join(stream.text_stream)
    assert text == "You said: a key please\n[REDACTED:SECRET]"


def _first_out_at(text: str, guard: StreamGuard) -> int:
    """How many characters were fed, one at a time, when the first text came out."""
    for i, char in enumerate(text, 1):
        if guard.feed(char):
            return i
    raise AssertionError("nothing came out")


def test_an_answers_first_words_leave_as_soon_as_the_window_allows() -> None:
    text = "Sure, here is what the deployment guide says about rotating the keys every month."
    at = _first_out_at(text, StreamGuard(CHECK, window=32, step=16))
    assert at == len("Sure, ") + 32  # the first word start behind the window: out at once
    # (before: the first scan waited for the window and a whole step, 48 characters)
    guard = StreamGuard(CHECK, window=32, step=16)
    out = "".join(guard.feed(c) for c in text) + guard.flush()
    assert out == text


def test_a_first_word_longer_than_the_window_waits_for_its_end() -> None:
    word = "x" * 50
    guard = StreamGuard(CHECK, window=16, step=8)
    assert _first_out_at(word + " and more words after it", guard) > len(word)


_ANSWERS = [
    f'Here you go:\n{_pem("ec")}\nand the token client_secret = "{_token()}" for the app.',
    f"Use password: {_token(14)}! then mail ops@example.org; key AKIA{_token(16).upper()} too.",
    "Nothing sensitive at all, just prose about deploys and the weather, " * 3,
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer=st.sampled_from(_ANSWERS), cuts=st.lists(st.integers(0, 400), max_size=40))
def test_however_an_answer_is_split_the_stream_gives_the_whole_answers_check(
    answer: str, cuts: list[int]
) -> None:
    bounds = sorted({0, len(answer), *(c for c in cuts if c < len(answer))})
    guard = StreamGuard(CHECK, 64, blocks=BLOCKS)
    out = "".join(guard.feed(answer[a:b]) for a, b in itertools.pairwise(bounds))
    assert out + guard.flush() == _whole(answer)
