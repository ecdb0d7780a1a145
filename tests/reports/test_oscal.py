"""The OSCAL exports validate against compliance-trestle's models, select exactly the
applicable controls, and carry control identifiers only, never the catalogue's text."""

from __future__ import annotations

import json
from typing import Any

import pydantic
import pytest
from trestle.oscal.assessment_results import AssessmentResults
from trestle.oscal.profile import Profile

from annexa.isms.catalogue import controls
from annexa.reports import oscal
from tests.reports import sample


def _profile() -> dict[str, Any]:
    return oscal.soa_profile(sample.meta(), sample.soa_rows())


def _results() -> dict[str, Any]:
    return oscal.assessment_results(sample.meta(), sample.soa_rows(), sample.evidence_items(),
                                    sample.NOW)  # fmt: skip


def test_profile_validates_and_selects_the_applicable_controls() -> None:
    rows = sample.soa_rows()
    profile = Profile.model_validate(_profile()["profile"])
    imported = profile.imports[0].model_dump(by_alias=True, mode="json", exclude_none=True)
    wanted = [r.control_id for r in rows if r.applicable == "yes"]
    assert imported["include-controls"][0]["with-ids"] == wanted
    assert "include-all" not in imported
    assert profile.modify is not None
    assert profile.modify.alters is not None
    alter = profile.modify.alters[0]
    assert alter.control_id == "A.5.1"
    assert alter.adds is not None
    assert alter.adds[0].props is not None
    props = {p.name: p.value for p in alter.adds[0].props}
    assert props["implementation-status"] == "not started"
    assert props["justification"] == "=1+2 looks like a formula"
    assert profile.metadata.remarks is not None
    assert "Not applicable: A.5.3: reason 2" in str(profile.metadata.remarks)


def test_profile_imports_the_catalogue_by_reference_only() -> None:
    doc = _profile()
    href = doc["profile"]["imports"][0]["href"]
    resource = doc["profile"]["back-matter"]["resources"][0]
    assert href == f"#{resource['uuid']}"
    assert resource["rlinks"][0]["href"] == oscal.CATALOGUE_HREF
    text = json.dumps(doc)
    assert not [c.id for c in controls() if c.description in text]


def test_results_validate_with_findings_for_stale_and_missing_evidence() -> None:
    rows = sample.soa_rows()
    doc = AssessmentResults.model_validate(_results()["assessment-results"])
    result = doc.results[0]
    assert result.findings is not None
    assert result.observations is not None
    states = {f.target.target_id: f.target.status.state.value for f in result.findings
              if f.target.status is not None}  # fmt: skip
    applicable = {r.control_id: r.evidence for r in rows if r.applicable == "yes"}
    assert set(states) == set(applicable)
    for cid, fresh in applicable.items():
        assert states[cid] == ("satisfied" if fresh == "fresh" else "not-satisfied")
    items = [e for e in sample.evidence_items() if e.control_id in applicable]
    assert [o.title for o in result.observations] == [e.title for e in items]
    assert len(items) == 2  # both sample items sit on applicable controls
    finding = next(f for f in result.findings if f.target.target_id == "A.5.1")
    assert finding.related_observations is not None
    assert len(finding.related_observations) == 1


def test_the_validation_is_strict() -> None:
    broken = _results()["assessment-results"]
    del broken["results"][0]["start"]
    with pytest.raises(pydantic.ValidationError):
        AssessmentResults.model_validate(broken)
    profile = _profile()["profile"]
    profile["imports"][0]["surprise"] = True
    with pytest.raises(pydantic.ValidationError):
        Profile.model_validate(profile)


def test_an_empty_soa_still_exports_valid_documents() -> None:
    rows = [r for r in sample.soa_rows() if r.applicable != "yes"]
    Profile.model_validate(oscal.soa_profile(sample.meta(), rows)["profile"])
    ar = oscal.assessment_results(sample.meta(), rows, [], sample.NOW)["assessment-results"]
    AssessmentResults.model_validate(ar)
