"""Rule matching, table-driven: first match wins, fail-closed default, unknown providers,
supplier ceilings, labels marking the whole text, warn."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from annexa.detect.interface import Finding
from annexa.policy.combinators import RulePolicy
from annexa.policy.interface import Action, Principal, Target
from annexa.policy.loader import parse_policy

MEMBER = Principal("u1", "Ann", "user", "member")
INTERN = Principal("u2", "Ivo", "user", "intern")
SECURITY = Principal("u3", "Sam", "user", "member", groups=("staff", "security"))


def f(entity: str, start: int = 0, end: int = 5, provider: str | None = None) -> Finding:
    return Finding(entity, start, end, 0.9, "test", provider)


@dataclass(frozen=True)
class Case:
    name: str
    findings: tuple[Finding, ...]
    principal: Principal
    target: Target
    action: Action
    rule: str
    text: str | None = None


OPENAI = Target("openai", "gpt-4o")
INSPECT = Target("inspect", "echo")
LOCAL = Target("local-llama", "llama3")

CASES = [
    Case("empty request, catch-all", (), MEMBER, OPENAI, Action.ALLOW, "allow-rest"),
    Case("secret blocked", (f("SECRET"),), MEMBER, OPENAI, Action.BLOCK, "no-secrets"),
    Case(
        "email pseudonymized",
        (f("EMAIL_ADDRESS"),),
        MEMBER,
        OPENAI,
        Action.PSEUDONYMIZE,
        "pii-to-external",
    ),
    Case("email to inspect", (f("EMAIL_ADDRESS"),), MEMBER, INSPECT, Action.ALLOW, "allow-rest"),
    Case("intern gpt-4", (), INTERN, OPENAI, Action.BLOCK, "interns-no-gpt4"),
    Case("intern other model", (), INTERN, Target("openai", "o3-mini"), Action.ALLOW, "allow-rest"),
    Case(
        "first match wins over group rule",
        (f("SECRET"),),
        SECURITY,
        INSPECT,
        Action.BLOCK,
        "no-secrets",
    ),
    Case("group rule", (f("CREDIT_CARD"),), SECURITY, INSPECT, Action.ALLOW, "security-team-raw"),
    Case(
        "group rule needs its provider",
        (f("CREDIT_CARD"),),
        SECURITY,
        OPENAI,
        Action.BLOCK,
        "provider-max-level",
    ),
    Case(
        "glob entity, redact above ceiling is fine",
        (f("US_SSN"),),
        MEMBER,
        OPENAI,
        Action.REDACT,
        "ids-redacted",
    ),
    Case(
        "above ceiling allowed → block",
        (f("CREDIT_CARD"),),
        MEMBER,
        OPENAI,
        Action.BLOCK,
        "provider-max-level",
    ),
    Case("within ceiling", (f("CREDIT_CARD"),), MEMBER, INSPECT, Action.ALLOW, "allow-rest"),
    Case("warn", (f("PHONE_NUMBER"),), MEMBER, OPENAI, Action.WARN, "warn-phones"),
    Case(
        "unknown provider denied",
        (),
        MEMBER,
        Target("mistral", "large"),
        Action.BLOCK,
        "unknown-provider",
    ),
    Case(
        "provider known through its configured ceiling",
        (),
        MEMBER,
        Target("mistral", "large", "internal"),
        Action.ALLOW,
        "allow-rest",
    ),
    Case(
        "target ceiling lowers the policy's",
        (f("IP_ADDRESS"),),
        MEMBER,
        Target("openai", "gpt-4o", "public"),
        Action.BLOCK,
        "provider-max-level",
    ),
    Case(
        "a configured ceiling the policy does not know counts as the lowest",
        (f("IP_ADDRESS"),),
        MEMBER,
        Target("openai", "gpt-4o", "top-secret"),
        Action.BLOCK,
        "provider-max-level",
    ),
    Case(
        "unknown entity type is the highest level",
        (f("PLUGIN_THING"),),
        MEMBER,
        OPENAI,
        Action.BLOCK,
        "provider-max-level",
    ),
    Case(
        "restricted label blocks the text",
        (f("CLASSIFICATION_LABEL", 0, 21),),
        MEMBER,
        INSPECT,
        Action.BLOCK,
        "restricted-labels",
        "STRICTLY CONFIDENTIAL: plan",
    ),
    Case(
        "label above ceiling blocks though a rule allows",
        (f("CLASSIFICATION_LABEL", 0, 12),),
        MEMBER,
        OPENAI,
        Action.BLOCK,
        "provider-max-level",
        "CONFIDENTIAL memo",
    ),
    Case(
        "label within ceiling",
        (f("CLASSIFICATION_LABEL", 0, 12),),
        MEMBER,
        LOCAL,
        Action.ALLOW,
        "allow-rest",
        "confidential memo",
    ),
    Case(
        "label words from the finding",
        (f("CLASSIFICATION_LABEL", provider="Internal  only"),),
        MEMBER,
        OPENAI,
        Action.ALLOW,
        "allow-rest",
    ),
    Case(
        "unknown label words: highest level",
        (f("CLASSIFICATION_LABEL", 0, 3),),
        MEMBER,
        LOCAL,
        Action.BLOCK,
        "restricted-labels",
        "TOP secret",
    ),
    Case(
        "strictest wins",
        (f("EMAIL_ADDRESS"), f("US_SSN", 7, 18), f("PHONE_NUMBER")),
        MEMBER,
        OPENAI,
        Action.REDACT,
        "ids-redacted",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_rule_matching(policy: RulePolicy, case: Case) -> None:
    d = policy.decide(case.findings, case.principal, case.target, text=case.text)
    assert (d.action, d.rule_id) == (case.action, case.rule)
    assert d.policy_hash == policy.policy_hash
    assert len(d.findings) == len(case.findings)


def test_one_policy_decides_every_case_in_any_order(policy: RulePolicy) -> None:
    """Its memos (rules per caller, supplier ceilings) never carry one case into another."""
    for cases in (CASES, CASES[::-1], CASES):
        for case in cases:
            d = policy.decide(case.findings, case.principal, case.target, text=case.text)
            assert (d.action, d.rule_id) == (case.action, case.rule), case.name


def test_per_finding_decisions_and_levels(policy: RulePolicy) -> None:
    d = policy.decide([f("EMAIL_ADDRESS"), f("CREDIT_CARD", 9, 25)], MEMBER, OPENAI)
    got = [(fd.finding.entity, fd.action, fd.rule_id, fd.level) for fd in d.findings]
    assert got == [
        ("EMAIL_ADDRESS", Action.PSEUDONYMIZE, "pii-to-external", "internal"),
        ("CREDIT_CARD", Action.BLOCK, "provider-max-level", "restricted"),
    ]
    assert d.level == "restricted"
    assert d.entity_counts == {"EMAIL_ADDRESS": 1, "CREDIT_CARD": 1}


def test_default_fails_closed_when_the_file_says_nothing() -> None:
    quiet = parse_policy(
        "rules:\n  - {id: emails-ok, entities: [EMAIL_ADDRESS], action: allow}\n"
        "providers: {openai: {max_level: restricted}}\n"
    )
    empty = quiet.decide([], MEMBER, OPENAI)
    assert (empty.action, empty.rule_id) == (Action.BLOCK, "default")
    mixed = quiet.decide([f("EMAIL_ADDRESS")], MEMBER, OPENAI)
    assert mixed.action is Action.BLOCK
    assert mixed.findings[0].action is Action.ALLOW
    assert "policy default" in mixed.reason


def test_default_can_be_relaxed_explicitly() -> None:
    relaxed = parse_policy(
        "rules:\n  - {id: s, entities: [SECRET], action: block}\n"
        "providers: {openai: {max_level: restricted}}\ndefault: warn\n"
    )
    d = relaxed.decide([f("PERSON")], MEMBER, OPENAI)
    assert (d.action, d.rule_id) == (Action.WARN, "default")


def test_header_and_reason_name_types_and_rule_never_values(policy: RulePolicy) -> None:
    text = "mail ann.secret-value@example.org now"
    d = policy.decide([f("EMAIL_ADDRESS", 5, 32), f("PERSON", 0, 4)], MEMBER, OPENAI, text=text)
    assert d.header().startswith(
        "action=pseudonymize; rule=pii-to-external; entities=EMAIL_ADDRESS:1,PERSON:1; policy="
    )
    assert "EMAIL_ADDRESS" in d.reason
    assert "pii-to-external" in d.reason
    for part in ("ann.secret-value", "example.org", "mail"):
        assert part not in d.reason
        assert part not in d.header()


def test_decide_request_combines_texts(policy: RulePolicy) -> None:
    overall, per_text = policy.decide_request(
        [[f("EMAIL_ADDRESS")], [], [f("US_SSN"), f("PERSON", 6, 9)]], MEMBER, OPENAI
    )
    assert [d.action for d in per_text] == [Action.PSEUDONYMIZE, Action.ALLOW, Action.REDACT]
    assert (overall.action, overall.rule_id) == (Action.REDACT, "ids-redacted")
    assert overall.entity_counts == {"EMAIL_ADDRESS": 1, "US_SSN": 1, "PERSON": 1}
    assert len(overall.findings) == 3
    assert overall.level == "restricted"


def test_decide_request_without_texts_still_applies_request_rules(policy: RulePolicy) -> None:
    overall, per_text = policy.decide_request([], INTERN, OPENAI)
    assert per_text == []
    assert (overall.action, overall.rule_id) == (Action.BLOCK, "interns-no-gpt4")


def test_decide_many_checks_text_count(policy: RulePolicy) -> None:
    with pytest.raises(ValueError, match="differ"):
        policy.decide_many([[], []], MEMBER, OPENAI, texts=["one"])
