"""The starter policy `annexa init` writes is the documented example, and it behaves."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from annexa.detect.interface import Finding
from annexa.policy.interface import Action, Principal, Target
from annexa.policy.loader import load_policy

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "policy.yaml"
MEMBER = Principal("u1", "Ann", "user", "member")


def test_init_template_is_the_example() -> None:
    template = resources.files("annexa.cli") / "templates" / "policy.yaml"
    assert template.read_bytes() == EXAMPLE.read_bytes()


@pytest.mark.parametrize(
    ("entity", "label", "provider", "action", "rule"),
    [
        ("SECRET", None, "openai", Action.REDACT, "no-credentials"),
        ("CREDIT_CARD", None, "openai", Action.PSEUDONYMIZE, "payment-and-ids"),
        ("CARD_SECURITY_CODE", None, "openai", Action.PSEUDONYMIZE, "payment-and-ids"),
        ("PERSON", None, "anthropic", Action.PSEUDONYMIZE, "pii-to-external"),
        ("STREET_ADDRESS", None, "anthropic", Action.PSEUDONYMIZE, "pii-to-external"),
        ("EMPLOYEE_ID", None, "openai", Action.PSEUDONYMIZE, "pii-to-external"),
        ("CUSTOMER_ID", None, "openai", Action.PSEUDONYMIZE, "pii-to-external"),
        ("MEDICAL_CONDITION", None, "openai", Action.PSEUDONYMIZE, "confidential-terms"),
        ("FI_PERSONAL_IDENTITY_CODE", None, "openai", Action.PSEUDONYMIZE, "payment-and-ids"),
        ("KR_RRN", None, "openai", Action.PSEUDONYMIZE, "payment-and-ids"),
        ("ABA_ROUTING_NUMBER", None, "openai", Action.PSEUDONYMIZE, "payment-and-ids"),
        ("PASSPORT", None, "openai", Action.PSEUDONYMIZE, "payment-and-ids"),
        ("DRIVER_LICENSE", None, "openai", Action.PSEUDONYMIZE, "payment-and-ids"),
        ("MEDICAL_RECORD_NUMBER", None, "openai", Action.PSEUDONYMIZE, "payment-and-ids"),
        ("HEALTH_PLAN_ID", None, "openai", Action.PSEUDONYMIZE, "payment-and-ids"),
        ("VAT_ID", None, "openai", Action.PSEUDONYMIZE, "payment-and-ids"),
        ("IMEI", None, "openai", Action.PSEUDONYMIZE, "payment-and-ids"),
        ("ZA_ID_NUMBER", None, "openai", Action.PSEUDONYMIZE, "payment-and-ids"),
        ("CUSTOMER", None, "openai", Action.PSEUDONYMIZE, "confidential-terms"),
        ("URL", None, "openai", Action.ALLOW, "allow-rest"),
        (
            "CLASSIFICATION_LABEL",
            "STRICTLY CONFIDENTIAL",
            "inspect",
            Action.BLOCK,
            "restricted-documents",
        ),
        ("CLASSIFICATION_LABEL", "CONFIDENTIAL", "openai", Action.ALLOW, "labelled-texts"),
        ("CLASSIFICATION_LABEL", "CONFIDENTIAL", "mistral", Action.BLOCK, "unknown-provider"),
    ],
)
def test_starter_decisions(
    entity: str, label: str | None, provider: str, action: Action, rule: str
) -> None:
    policy = load_policy(EXAMPLE)
    finding = Finding(entity, 0, 4, 1.0, "t", label)
    d = policy.decide([finding], MEMBER, Target(provider, "m"))
    assert (d.action, d.rule_id) == (action, rule)


def test_starter_label_above_a_configured_ceiling_is_blocked() -> None:
    policy = load_policy(EXAMPLE)
    finding = Finding("CLASSIFICATION_LABEL", 0, 12, 1.0, "t", "CONFIDENTIAL")
    d = policy.decide([finding], MEMBER, Target("openai", "m", "internal"))
    assert (d.action, d.rule_id) == (Action.BLOCK, "provider-max-level")
