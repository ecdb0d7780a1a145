"""The value types every stage shares: action order, the header, combining per-text decisions."""

from __future__ import annotations

import pytest

from annexa.detect.interface import Finding
from annexa.policy.interface import Action, Decision, FindingDecision, combine

LEVELS = ("public", "internal", "confidential", "restricted")


def decision(action: Action, rule: str, counts: dict[str, int], level: str | None) -> Decision:
    findings = tuple(
        FindingDecision(Finding(e, 0, 1, 1.0, "t"), action, rule, level or "public")
        for e, n in counts.items()
        for _ in range(n)
    )
    return Decision(
        action, rule, f"{action.value} by rule {rule}", findings, "ab" * 32, counts, level
    )


def test_actions_are_ordered_by_strictness() -> None:
    order = [Action.ALLOW, Action.WARN, Action.PSEUDONYMIZE, Action.REDACT, Action.BLOCK]
    assert sorted(Action, key=lambda a: a.severity) == order
    assert [a for a in Action if a.transforms] == [Action.PSEUDONYMIZE, Action.REDACT]


def test_header_without_findings() -> None:
    d = decision(Action.ALLOW, "allow-rest", {}, None)
    assert d.header() == "action=allow; rule=allow-rest; entities=none; policy=abababababab"
    assert d.allowed
    assert not decision(Action.BLOCK, "x", {}, None).allowed


def test_combine_takes_the_first_strictest_and_sums_counts() -> None:
    parts = [
        decision(Action.PSEUDONYMIZE, "pii", {"PERSON": 1}, "internal"),
        decision(Action.REDACT, "ids", {"US_SSN": 1, "PERSON": 1}, "restricted"),
        decision(Action.REDACT, "later", {"SECRET": 1}, "confidential"),
    ]
    d = combine(parts, "cd" * 32, LEVELS)
    assert (d.action, d.rule_id, d.level) == (Action.REDACT, "ids", "restricted")
    assert d.entity_counts == {"PERSON": 2, "US_SSN": 1, "SECRET": 1}
    assert len(d.findings) == 4
    assert d.header().startswith("action=redact; rule=ids; entities=PERSON:2,SECRET:1,US_SSN:1;")


def test_combine_needs_a_decision() -> None:
    with pytest.raises(ValueError, match="at least one"):
        combine([], "00" * 32, LEVELS)
