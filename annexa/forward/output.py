"""The output policy: what the model itself produced that the policy forbids is redacted before
the client sees it (a credential it made up or recalled, a card number it wrote out).

Runs on a non-streamed answer BEFORE placeholders are restored, so the caller's own values are
still placeholders and never count as the model's. Only findings the policy would redact or block
on the way in are redacted on the way out; pseudonymize, warn and allow leave the text as it is
(the model's answer goes back to the person who asked).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from annexa.detect.interface import Finding
from annexa.policy.interface import Action, Decision
from annexa.providers.interface import TextRef, json_string_leaves, replace_texts
from annexa.transform.pseudonymize import Transformer

__all__ = ["redact_output"]

# Fields of an answer that are identifiers or metadata, not model output.
METADATA = frozenset(
    {"id", "object", "model", "type", "role", "finish_reason", "stop_reason", "status",
     "system_fingerprint", "call_id", "tool_call_id", "item_id", "name", "service_tier",
     "signature", "stop_sequence", "media_type"}
)  # fmt: skip
STRICT = (Action.REDACT, Action.BLOCK)


def answer_texts(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[TextRef]:
    """The model-written strings of an answer (tool-call arguments: each string in the JSON)."""
    if isinstance(value, str):
        if path and path[-1] == "arguments":
            yield from json_string_leaves(value, path)
        else:
            yield TextRef(path, value)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if key not in METADATA:
                yield from answer_texts(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from answer_texts(item, (*path, i))


def redact_output(
    answer: Any,
    scan: Callable[[str], list[Finding]],
    decide: Callable[[Sequence[Finding], str], Decision],
) -> tuple[Any, Counter[str]]:
    """``answer`` with forbidden spans redacted, and the redacted entity counts."""
    refs = [r for r in answer_texts(answer) if r.text.strip()]
    redacted: Counter[str] = Counter()
    new_texts: list[str] = []
    transformer = Transformer(None)
    for ref in refs:
        findings = scan(ref.text)
        strict = (
            [d for d in decide(findings, ref.text).findings if d.action in STRICT]
            if findings
            else []
        )
        redacted.update(d.finding.entity for d in strict)
        new_texts.append(transformer.transform(ref.text, strict, "").text if strict else ref.text)
    if not redacted:
        return answer, redacted
    return replace_texts(answer, refs, new_texts), redacted
