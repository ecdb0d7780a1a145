"""Attachments (images, audio, files: what the scanner cannot read): blocked unless a rule of
the policy's ``attachments`` section allows them; first match wins; the strictest attachment
decides; an attachment is taken to hold its rule's level (default: the policy's level for what
it has not classified) and reaches no supplier below it; an unknown provider refuses them all;
file and line on a broken rule."""

from __future__ import annotations

import pytest

from annexa.detect.interface import Finding
from annexa.policy.combinators import AllOf
from annexa.policy.interface import (
    UNSCANNABLE,
    Action,
    AttachmentDecision,
    Policy,
    PolicyError,
    Principal,
    Target,
)
from annexa.policy.loader import parse_policy

ENGINEER = Principal("u1", "Eve", "user", "engineer")
DESIGNER = Principal("u2", "Dan", "user", "member", groups=("design",))
SERVICE = Principal("s1", "ci", "service", "engineer")
CLAUDE = Target("anthropic", "claude-sonnet-4")
GPT = Target("openai", "gpt-4o")

HEAD = """\
version: 1
providers:
  anthropic: {max_level: confidential}
  openai: {max_level: internal}
rules:
  - {id: allow-rest, action: allow}
"""
POLICY = (
    HEAD
    + """\
attachments:
  - id: no-audio
    media: [audio]
    action: block
  - id: screenshots
    media: [image]
    roles: [engineer]
    kinds: [user]
    providers: ["anthropic"]
    action: allow
    level: confidential
  - id: design-files
    groups: [design]
    models: ["gpt-4*"]
    action: warn
    level: internal
"""
)


def decide(policy: Policy, media: list[str], who: Principal, to: Target) -> AttachmentDecision:
    return policy.decide_attachments(media, who, to)


@pytest.mark.parametrize(
    ("media", "who", "to", "action", "rule"),
    [
        (["image"], ENGINEER, CLAUDE, Action.ALLOW, "screenshots"),
        (["image"], ENGINEER, GPT, Action.BLOCK, UNSCANNABLE),  # not this supplier
        (["image"], SERVICE, CLAUDE, Action.BLOCK, UNSCANNABLE),  # not an application
        (["file"], ENGINEER, CLAUDE, Action.BLOCK, UNSCANNABLE),  # not this kind
        (["audio"], DESIGNER, GPT, Action.BLOCK, "no-audio"),  # first match wins
        (["file", "image"], DESIGNER, GPT, Action.WARN, "design-files"),  # any kind
        (["image", "audio"], ENGINEER, CLAUDE, Action.BLOCK, "no-audio"),  # the strictest
        (["image", "file"], ENGINEER, CLAUDE, Action.BLOCK, UNSCANNABLE),
    ],
)
def test_first_matching_rule_per_attachment_and_the_strictest_wins(
    media: list[str], who: Principal, to: Target, action: Action, rule: str
) -> None:
    decided = decide(parse_policy(POLICY), media, who, to)
    assert (decided.action, decided.rule_id) == (action, rule)


def test_without_an_attachments_section_every_attachment_is_blocked() -> None:
    decided = decide(parse_policy(HEAD), ["image", "image", "file"], ENGINEER, CLAUDE)
    assert decided.action is Action.BLOCK
    assert decided.rule_id == UNSCANNABLE
    assert "file×1, image×2 cannot be scanned" in decided.reason


def test_an_unknown_provider_gets_no_attachment() -> None:
    policy = parse_policy(POLICY.replace('providers: ["anthropic"]', 'providers: ["*"]'))
    decided = decide(policy, ["image"], ENGINEER, Target("shadow-ai", "x"))
    assert (decided.action, decided.rule_id) == (Action.BLOCK, "unknown-provider")


def test_reasons_name_kinds_and_counts_never_content() -> None:
    allowed = decide(parse_policy(POLICY), ["image", "image"], ENGINEER, CLAUDE)
    assert allowed.reason == "allow by rule screenshots: image×2 forwarded unscanned"
    blocked = decide(parse_policy(POLICY), ["audio"], ENGINEER, CLAUDE)
    assert blocked.reason == "block by rule no-audio: audio×1"


def test_all_of_takes_the_strictest_policy() -> None:
    both = AllOf([parse_policy(POLICY), parse_policy(HEAD)])
    decided = decide(both, ["image"], ENGINEER, CLAUDE)
    assert (decided.action, decided.rule_id) == (Action.BLOCK, UNSCANNABLE)
    alone = AllOf([parse_policy(POLICY)])
    assert decide(alone, ["image"], ENGINEER, CLAUDE).action is Action.ALLOW


def test_the_request_decision_records_attachments_and_takes_the_stricter() -> None:
    policy = parse_policy(POLICY)
    finding = Finding("EMAIL_ADDRESS", 0, 5, 0.9, "test")
    overall, _ = policy.decide_request([[finding]], ENGINEER, CLAUDE)
    allowed = overall.with_attachments(decide(policy, ["image"], ENGINEER, CLAUDE), {"image": 1})
    assert (allowed.action, allowed.rule_id) == (Action.ALLOW, "allow-rest")
    assert allowed.header().split("; ")[2:4] == ["entities=EMAIL_ADDRESS:1", "unscanned=image:1"]
    warned = overall.with_attachments(decide(policy, ["file"], DESIGNER, GPT), {"file": 1})
    assert (warned.action, warned.rule_id) == (Action.WARN, "design-files")
    blocked = overall.with_attachments(decide(policy, ["audio"], ENGINEER, GPT), {"audio": 1})
    assert not blocked.allowed
    assert blocked.header().startswith("action=block; rule=no-audio; entities=EMAIL_ADDRESS:1")
    assert "unscanned" not in overall.header()


@pytest.mark.parametrize(
    ("level", "to", "action", "rule"),
    [
        # no level: taken as the policy's level for what it has not classified (the highest)
        ("", CLAUDE, Action.BLOCK, "provider-max-level"),
        ("\n    level: restricted", CLAUDE, Action.BLOCK, "provider-max-level"),
        ("\n    level: confidential", CLAUDE, Action.ALLOW, "images"),  # anthropic: confidential
        ("\n    level: confidential", GPT, Action.BLOCK, "provider-max-level"),  # openai: internal
        ("\n    level: internal", GPT, Action.ALLOW, "images"),
    ],
)
def test_an_attachment_reaches_no_supplier_below_its_rules_level(
    level: str, to: Target, action: Action, rule: str
) -> None:
    policy = parse_policy(HEAD + "attachments:\n  - id: images\n    action: allow" + level + "\n")
    decided = decide(policy, ["image"], ENGINEER, to)
    assert (decided.action, decided.rule_id) == (action, rule)


def test_the_default_level_is_the_policys_for_what_it_has_not_classified() -> None:
    policy = parse_policy(
        HEAD.replace("version: 1\n", "version: 1\ndefault_level: internal\n")
        + "attachments:\n  - {id: images, action: allow}\n"
    )
    assert decide(policy, ["image"], ENGINEER, GPT).action is Action.ALLOW


def test_a_block_above_the_ceiling_says_what_to_change() -> None:
    policy = parse_policy(HEAD + "attachments:\n  - {id: images, action: allow}\n")
    reason = decide(policy, ["image", "image"], ENGINEER, GPT).reason
    assert reason == (
        "block by provider-max-level: image×2 taken as restricted, above what supplier "
        "'openai' may receive (internal); an attachments rule's level says what its "
        "attachments may hold"
    )


@pytest.mark.parametrize(
    ("rule", "line", "fragment"),
    [
        ("  - {id: a, media: [video], action: allow}", 8, "media"),
        ("  - {id: a, action: pseudonymize}", 8, "action"),
        ("  - {id: allow-rest, action: allow}", 8, "used twice or reserved"),
        ("  - {id: unscannable, action: allow}", 8, "used twice or reserved"),
        ("  - {id: a, colour: red, action: allow}", 8, "colour"),
        ("  - {id: a, action: allow, level: secret}", 8, "unknown level 'secret'"),
    ],
)
def test_a_broken_attachments_rule_names_its_line(rule: str, line: int, fragment: str) -> None:
    with pytest.raises(PolicyError) as info:
        parse_policy(HEAD + "attachments:\n" + rule + "\n", "policy.yaml")
    message = info.value.message
    assert message.startswith(f"policy.yaml:{line}:"), message
    assert fragment in message
