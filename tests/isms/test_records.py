"""Validation of ISMS records, table-driven: what is accepted, and what is refused with which
field named."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from annexa.isms.records import Risk, SoaEntry, Supplier, System
from annexa.isms.risks import starter_risks

RISK = {"id": "AI-99", "title": "t", "likelihood": 3, "impact": 4}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"likelihood": 0}, "likelihood"),
        ({"impact": 6}, "impact"),
        ({"treatment": "ignore"}, "treatment"),
        ({"controls": "A.5.1; A.9.9"}, "controls"),
        ({"id": "has space"}, "id"),
        ({"title": ""}, "title"),
        ({"residual_likelihood": 7}, "residual_likelihood"),
        ({"review_date": "next week"}, "review_date"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_risks_name_the_field(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        Risk.model_validate(RISK | changes)
    assert field in {str(e["loc"][0]) for e in info.value.errors()}


def test_risk_scores_and_lists_from_text() -> None:
    risk = Risk.model_validate(
        RISK | {"controls": "8.12, a.5.14", "residual_likelihood": 1, "residual_impact": 2}
    )
    assert risk.controls == ["A.8.12", "A.5.14"]
    assert (risk.score, risk.level) == (12, "high")
    assert (risk.residual_score, risk.residual_level) == (2, "low")
    assert Risk.model_validate(RISK).residual_score is None


@pytest.mark.parametrize(
    ("accepted_by", "expires", "state"),
    [
        (None, None, "none"),
        ("CISO", date(2030, 1, 1), "valid"),
        ("CISO", None, "valid"),
        ("CISO", date(2020, 1, 1), "expired"),
    ],
)
def test_acceptance_state(accepted_by: str | None, expires: date | None, state: str) -> None:
    risk = Risk.model_validate(RISK | {"accepted_by": accepted_by, "acceptance_expires": expires})
    assert risk.acceptance_state(date(2026, 6, 1)) == state


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"applicable": True}, "justification is required"),
        ({"applicable": False}, "justification is required"),
        ({"justification": "because"}, "applicable must be yes or no"),
    ],
)
def test_soa_line_needs_a_decision_and_a_justification(
    fields: dict[str, Any], message: str
) -> None:
    entry = SoaEntry.model_validate({"control_id": "A.5.1"} | fields)
    with pytest.raises(ValueError, match=message):
        entry.require_decision()


def test_soa_line_accepts_yes_no_text() -> None:
    entry = SoaEntry.model_validate(
        {"control_id": "5.1", "applicable": "No", "justification": "no premises"}
    )
    assert entry.require_decision().applicable is False
    assert entry.control_id == "A.5.1"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"control_id": "A.5.99"}, "control_id"),
        ({"status": "done"}, "status"),
        ({"applicable": "maybe"}, "applicable"),
    ],
)
def test_bad_soa_lines(fields: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        SoaEntry.model_validate({"control_id": "A.5.1"} | fields)
    assert field in {str(e["loc"][0]) for e in info.value.errors()}


def test_supplier_from_spreadsheet_text() -> None:
    s = Supplier.model_validate(
        {"name": "acme-ai", "regions": "EU; US", "dpa_signed": "yes",
         "trains_on_customer_data": "no", "next_review": "2027-01-31", "max_level": " "}
    )  # fmt: skip
    assert s.regions == ["EU", "US"]
    assert s.dpa_signed is True
    assert s.trains_on_customer_data is False
    assert s.next_review == date(2027, 1, 31)
    assert s.max_level is None
    assert s.approval == "pending"  # a new supplier is not approved by default


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "Acme AI"}, "name"),
        ({"approval": "ok"}, "approval"),
        ({"dpa_signed": "perhaps"}, "dpa_signed"),
    ],
)
def test_bad_suppliers(fields: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        Supplier.model_validate({"name": "acme"} | fields)
    assert field in {str(e["loc"][0]) for e in info.value.errors()}


def test_system_lists() -> None:
    system = System.model_validate({"name": "bot", "users": "support, sales", "status": "active"})
    assert system.users == ["support", "sales"]
    with pytest.raises(ValidationError):
        System.model_validate({"name": "bot", "status": "live"})


def test_starter_risks_cover_the_catalogue_of_ai_risks() -> None:
    found = starter_risks()
    assert len(found) == 8
    assert len({r.id for r in found}) == 8
    titles = " ".join(r.title.lower() for r in found)
    for words in ("prompts", "credentials", "shadow", "breach", "longer", "injection",
                  "output", "never approved"):  # fmt: skip
        assert words in titles
    for risk in found:
        assert risk.controls
        assert risk.residual_score is not None
        assert risk.residual_score < risk.score
