"""A policy exercising every kind of rule, shared by the policy tests."""

from __future__ import annotations

import pytest

from annexa.policy.combinators import RulePolicy
from annexa.policy.loader import parse_policy

POLICY = """\
levels: [public, internal, confidential, restricted]
providers:
  inspect: {max_level: restricted}
  openai: {max_level: internal}
  "local-*": {max_level: confidential}
rules:
  - id: no-secrets
    entities: [SECRET]
    action: block
  - id: security-team-raw
    groups: [security]
    providers: [inspect]
    action: allow
  - id: interns-no-gpt4
    roles: [intern]
    models: ["gpt-4*"]
    action: block
  - id: pii-to-external
    entities: [EMAIL_ADDRESS, PERSON]
    providers: [openai]
    action: pseudonymize
  - id: ids-redacted
    entities: ["US_*"]
    action: redact
  - id: warn-phones
    entities: [PHONE_NUMBER]
    action: warn
  - id: restricted-labels
    entities: [CLASSIFICATION_LABEL]
    min_level: restricted
    action: block
  - id: allow-rest
    action: allow
"""


@pytest.fixture(scope="session")
def policy() -> RulePolicy:
    return parse_policy(POLICY, "test-policy.yaml")
