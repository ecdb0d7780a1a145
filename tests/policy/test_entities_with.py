"""Policy.entities_with: which entity types could get an action, checked against decide().

The output policy runs only the detectors of the types this says the policy could redact or
block; if it ever left out a type that decide() then redacts, a forbidden value would go out.
So every type, at every level a finding of it can carry, for several senders and suppliers, is
decided one finding at a time and compared.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from annexa.detect.interface import Finding
from annexa.detect.scanner import Scanner
from annexa.policy.combinators import AllOf, RulePolicy
from annexa.policy.interface import Action, Policy, Principal, Target
from annexa.policy.loader import load_policy, parse_policy

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "policy.yaml"
STRICT = frozenset({Action.REDACT, Action.BLOCK})
SENDERS = [
    Principal("u1", "Ann", "user", "member"),
    Principal("u2", "Sec", "user", "admin", ("security",)),
    Principal("s1", "ci", "service", "intern"),
]
TARGETS = [
    Target("openai", "gpt-4o"),
    Target("openai", "gpt-4o", "internal"),  # the supplier register lowers the ceiling
    Target("inspect", "echo"),
    Target("local-llama", "llama3"),
    Target("anthropic", "claude", "public"),
]
LABELS = ["STRICTLY CONFIDENTIAL", "CONFIDENTIAL", "INTERNAL ONLY", "NOT A LABEL"]


def _universe() -> frozenset[str]:
    return Scanner().entity_types | {"CUSTOMER", "PROJECT", "INTERNAL_TICKET", "MADE_UP"}


def _policies(rule_policy: RulePolicy) -> list[Policy]:
    starter = load_policy(EXAMPLE)
    return [starter, rule_policy, AllOf([starter, rule_policy])]


def _findings(entity: str) -> list[Finding]:
    if entity == "CLASSIFICATION_LABEL":
        return [Finding(entity, 0, len(label), 1.0, "t", label) for label in LABELS]
    return [Finding(entity, 0, 4, 0.9, "t")]


def test_no_type_decide_redacts_or_blocks_is_left_out(policy: RulePolicy) -> None:
    universe = _universe()
    checked = 0
    for pol in _policies(policy):
        for who in SENDERS:
            for target in TARGETS:
                strict = pol.entities_with(STRICT, who, target, universe)
                for entity in sorted(universe):
                    for finding in _findings(entity):
                        [fd] = pol.decide([finding], who, target).findings
                        if strict is not None and fd.action in STRICT:
                            assert entity in strict, (pol, who, target, entity, fd)
                        checked += 1
    assert checked > 1000


def test_rule_policy_names_exactly_the_types_it_redacts_or_blocks() -> None:
    """For a plain rule policy the answer is exact, not just safe: the starter policy redacts
    credentials everywhere, and blocks a label above the supplier's ceiling."""
    starter = load_policy(EXAMPLE)
    who = SENDERS[0]
    universe = frozenset({"SECRET", "CREDIT_CARD", "PERSON", "URL", "CLASSIFICATION_LABEL"})
    assert starter.entities_with(STRICT, who, Target("openai", "m"), universe) == frozenset(
        {"SECRET", "CLASSIFICATION_LABEL"}  # STRICTLY CONFIDENTIAL is above openai's ceiling
    )
    # inspect may receive restricted data: a label blocks only through its own rule
    assert starter.entities_with(STRICT, who, Target("inspect", "m"), universe) == frozenset(
        {"SECRET", "CLASSIFICATION_LABEL"}
    )
    allow_all = parse_policy(
        "providers: {x: {max_level: restricted}}\nrules:\n  - {id: all, action: allow}\n"
    )
    assert allow_all.entities_with(STRICT, who, Target("x", "m"), universe) == frozenset()
    assert allow_all.entities_with(frozenset({Action.ALLOW}), who, Target("x", "m"), universe) == (
        universe
    )


def test_an_unknown_provider_cannot_be_narrowed() -> None:
    starter = load_policy(EXAMPLE)
    assert starter.entities_with(STRICT, SENDERS[0], Target("nobody", "m"), {"URL"}) is None


@pytest.mark.parametrize("entity", ["SECRET", "EMAIL_ADDRESS"])
def test_the_answer_is_memoised_per_sender_target_and_types(entity: str) -> None:
    starter = load_policy(EXAMPLE)
    first = starter.entities_with(STRICT, SENDERS[0], TARGETS[0], {entity})
    again = starter.entities_with(STRICT, SENDERS[0], TARGETS[0], {entity})
    assert first is again
    assert (entity in (first or ())) is (entity == "SECRET")
