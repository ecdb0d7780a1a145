"""Policies compose (strictest wins) and refuse to exist empty."""

from __future__ import annotations

import hashlib

import pytest

from annexa.detect.interface import Finding
from annexa.policy.combinators import AllOf, RulePolicy
from annexa.policy.interface import Action, PolicyError, Principal, Target
from annexa.policy.loader import parse_policy
from annexa.policy.schema import PolicyDoc

MEMBER = Principal("u1", "Ann", "user", "member")
TARGET = Target("openai", "gpt-4o", "restricted")

ORG = parse_policy(
    "rules:\n  - {id: org-pii, entities: [PERSON], action: pseudonymize}\n"
    "  - {id: org-rest, action: allow}\n"
)
TEAM = parse_policy(
    "rules:\n  - {id: team-ssn, entities: [US_SSN], action: redact}\n"
    "  - {id: team-rest, action: warn}\n"
)


def test_all_of_takes_the_strictest_per_finding_and_overall() -> None:
    both = AllOf([ORG, TEAM])
    findings = [Finding("PERSON", 0, 3, 1.0, "t"), Finding("US_SSN", 5, 16, 1.0, "t")]
    d = both.decide(findings, MEMBER, TARGET)
    assert [fd.action for fd in d.findings] == [Action.PSEUDONYMIZE, Action.REDACT]
    assert [fd.rule_id for fd in d.findings] == ["org-pii", "team-ssn"]
    assert (d.action, d.rule_id) == (Action.REDACT, "team-ssn")
    assert d.policy_hash not in (ORG.policy_hash, TEAM.policy_hash)
    assert both.decide([], MEMBER, TARGET).action is Action.WARN


def test_all_of_refuses_an_empty_list() -> None:
    with pytest.raises(PolicyError, match="at least one policy"):
        AllOf([])


def test_all_of_refuses_different_levels() -> None:
    other = parse_policy("levels: [low, high]\nrules:\n  - {id: r, action: allow}\n")
    with pytest.raises(PolicyError, match="same classification levels"):
        AllOf([ORG, other])


def test_rule_policy_refuses_an_empty_rule_list() -> None:
    doc = PolicyDoc.model_construct(rules=[])
    with pytest.raises(PolicyError, match="at least one rule"):
        RulePolicy(doc, "0" * 64)


def test_policy_hash_is_the_sha256_of_the_source() -> None:
    src = "rules:\n  - {id: r, action: allow}\n"
    assert parse_policy(src).policy_hash == hashlib.sha256(src.encode()).hexdigest()
    assert parse_policy(src + "# comment\n").policy_hash != parse_policy(src).policy_hash
