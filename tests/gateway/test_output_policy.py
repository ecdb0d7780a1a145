"""The output policy: what the model writes that the policy redacts or blocks never reaches the
client, streamed (however it is split) or not."""

from __future__ import annotations

import base64
from collections.abc import Sequence

import openai
import pytest

from annexa.detect.interface import Finding
from annexa.detect.pattern import expand_example
from annexa.detect.scanner import Scanner
from annexa.forward.output import StreamGuard, redact_output, strict_findings
from annexa.policy.interface import Action, Decision, Principal, Target
from annexa.policy.loader import parse_policy
from tests.gateway.conftest import POLICY, Stack

SECRET = expand_example("AKIA{U:16}", seed=5)
ANSWER = f"Sure. Use key {SECRET} for deploys, card 4111 1111 1111 1111, mail a@example.org.\nBye"
SCANNER = Scanner()
POLICY_ = parse_policy(POLICY)
WHO, WHERE = Principal("u", "u", "user", "member"), Target("upstream-openai", "m", "restricted")


def decide(findings: Sequence[Finding], text: str) -> Decision:
    return POLICY_.decide(findings, WHO, WHERE, text=text)


CHECK = strict_findings(SCANNER.scan, decide)
WANT = redact_output({"content": ANSWER}, SCANNER.scan, decide)[0]["content"]


def test_the_sample_needs_redaction() -> None:
    assert SECRET not in WANT
    assert "[REDACTED:SECRET]" in WANT
    assert "4111 1111 1111 1111" in WANT  # pseudonymize in the policy: the model's own, left


@pytest.mark.parametrize("size", [1, 2, 3, 5, 8, 13, 40, 200])
def test_stream_guard_matches_the_whole_answer_check(size: int) -> None:
    guard = StreamGuard(CHECK, window=24)
    out = ""
    for i in range(0, len(ANSWER), size):
        emitted = guard.feed(ANSWER[i : i + size])
        out += emitted
        assert SECRET[:8] not in out  # not even a prefix of it leaves early
    out += guard.flush()
    assert out == WANT
    assert guard.redacted["SECRET"] == 1


def test_stream_guard_emits_early_when_nothing_is_found() -> None:
    guard = StreamGuard(CHECK, window=16)
    first = guard.feed("plain words " * 5)
    assert first  # text far behind the window goes out at once
    assert len(guard.pending) <= 16 + len("words ")


@pytest.mark.parametrize("chunk", [1, 4, 9])
def test_streamed_chat_is_checked(gw: Stack, oai: openai.OpenAI, chunk: int) -> None:
    gw.upstream.switches.chunk = chunk
    gw.upstream.switches.adds = f" Key {SECRET} ok"
    stream = oai.chat.completions.create(
        model="gpt-4o", messages=[{"role": "user", "content": "hi x@example.com"}], stream=True
    )
    text = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
    assert text == "You said: hi x@example.com Key [REDACTED:SECRET] ok"


def test_streamed_responses_are_checked_in_deltas_and_final_events(
    gw: Stack, oai: openai.OpenAI
) -> None:
    gw.upstream.switches.adds = f" Key {SECRET} ok"
    events = list(oai.responses.create(model="gpt-4o", input="hi", stream=True))
    deltas = "".join(e.delta for e in events if e.type == "response.output_text.delta")
    assert deltas == "You said: hi Key [REDACTED:SECRET] ok"
    [done] = [e for e in events if e.type == "response.completed"]
    final = done.response
    assert final.output_text == deltas


STRICT_HERE = POLICY_.entities_with(
    frozenset({Action.REDACT, Action.BLOCK}), WHO, WHERE, SCANNER.entity_types
)
PRESCAN = SCANNER.only(STRICT_HERE or frozenset())
SAMPLES = [
    ANSWER,
    "Nothing to see here, just prose about deploys.",
    "Mail a@example.org or call +44 20 7946 0958; card 4111 1111 1111 1111.",
    f"export AWS_ACCESS_KEY_ID={SECRET}",
    f"In base64: {base64.b64encode(SECRET.encode()).decode()}",
    "password = hunter2hunter2 and the IBAN GB82 WEST 1234 5698 7654 32",
]


def test_the_prescan_runs_only_the_detectors_of_what_is_redacted_here() -> None:
    assert STRICT_HERE is not None
    assert "SECRET" in STRICT_HERE
    assert "EMAIL_ADDRESS" not in STRICT_HERE  # pseudonymized in this policy: the model's own
    names = {d.name for d in PRESCAN.detectors}
    assert names < {d.name for d in SCANNER.detectors}
    assert "email" not in names
    assert SCANNER.only(STRICT_HERE or frozenset()) is PRESCAN  # made once per set of types


@pytest.mark.parametrize("text", SAMPLES)
def test_with_the_prescan_the_check_is_the_same(text: str) -> None:
    calls: list[str] = []

    def counted(t: str) -> list[Finding]:
        calls.append(t)
        return SCANNER.scan(t)

    check = strict_findings(counted, decide, PRESCAN.scan)
    assert check(text) == CHECK(text)
    found = bool(PRESCAN.scan(text))
    assert bool(calls) is found  # the whole scan runs only when the prescan found something
    if not found:
        assert not [f for f in SCANNER.scan(text) if f.entity in (STRICT_HERE or ())]
