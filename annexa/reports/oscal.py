"""OSCAL JSON (1.1) exports for GRC tools and auditors: the SoA as a *profile*, and the evidence
as *assessment results*.

Only control identifiers are written, never text of the standard: the profile imports the
ISO/IEC 27001:2022 Annex A catalogue by reference (a back-matter resource the user's GRC tool
resolves), selects the applicable controls, and adds Annexa's own decision fields to each as
properties in the ``ANNEXA_NS`` namespace (status, justification, owner, evidence freshness).
Controls judged not applicable are listed with their justification in the profile's remarks.
The assessment results hold one observation per evidence item and one finding per applicable
control (satisfied while its evidence is fresh; not satisfied when stale or missing).

Pure: views in, JSON-ready dicts out. Tests validate both with compliance-trestle's models.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from annexa.reports.views import EvidenceView, ReportMeta, SoaRow

__all__ = ["ANNEXA_NS", "CATALOGUE_HREF", "OSCAL_VERSION", "assessment_results", "soa_profile"]

OSCAL_VERSION = "1.1.2"
ANNEXA_NS = "https://annexa.dev/ns/oscal"
CATALOGUE_HREF = "iso-iec-27001-2022-annex-a-catalog.json"
_ROOT = uuid.UUID("5b6f3c2e-8d4a-4f1e-9c3b-2a7e0d6f1c94")


def _id(*parts: str) -> str:
    """A stable UUID (v5) for a named thing, so re-exports keep their references."""
    return str(uuid.uuid5(_ROOT, "/".join(parts)))


def _flat(text: str) -> str:
    """One line, no leading or trailing blanks (OSCAL string values)."""
    return " ".join(text.split())


def _prop(name: str, value: str, remarks: str = "") -> dict[str, Any]:
    prop: dict[str, Any] = {"name": name, "ns": ANNEXA_NS, "value": _flat(value) or "-"}
    if remarks and remarks != prop["value"]:
        prop["remarks"] = remarks
    return prop


def _metadata(meta: ReportMeta, title: str) -> dict[str, Any]:
    party = {"uuid": _id("party", meta.organisation), "type": "organization",
             "name": meta.org_label}  # fmt: skip
    data: dict[str, Any] = {
        "title": title,
        "last-modified": meta.generated_at.isoformat(timespec="seconds"),
        "version": meta.version_label,
        "oscal-version": OSCAL_VERSION,
        "parties": [party],
    }
    if meta.soa_version:
        data["props"] = [
            _prop("soa-version", str(meta.soa_version)),
            _prop("approved-by", meta.approved_by),
            _prop("approved-at", meta.approved_at),
        ]
    return data


def _catalogue() -> dict[str, Any]:
    return {
        "uuid": _id("catalogue", "iso-27001-2022"),
        "title": "ISO/IEC 27001:2022 Annex A control catalogue (referenced, not reproduced)",
        "rlinks": [{"href": CATALOGUE_HREF}],
    }


def _alter(row: SoaRow) -> dict[str, Any]:
    props = [
        _prop("implementation-status", row.status),
        _prop("justification", row.justification, row.justification),
        _prop("evidence-status", row.evidence),
    ]
    if row.owner:
        props.append(_prop("owner", row.owner))
    return {"control-id": row.control_id, "adds": [{"position": "ending", "props": props}]}


def soa_profile(
    meta: ReportMeta, rows: Sequence[SoaRow], doc_uuid: str | None = None
) -> dict[str, Any]:
    """The SoA as an OSCAL profile document (``{"profile": {...}}``)."""
    applicable = [r for r in rows if r.applicable == "yes"]
    excluded = [r for r in rows if r.applicable == "no"]
    undecided = [r for r in rows if r.applicable == "undecided"]
    catalogue = _catalogue()
    imported: dict[str, Any] = {"href": f"#{catalogue['uuid']}"}
    if applicable:
        imported["include-controls"] = [{"with-ids": [r.control_id for r in applicable]}]
    else:  # nothing applicable yet: everything, less everything
        imported["include-all"] = {}
        imported["exclude-controls"] = [{"with-ids": [r.control_id for r in rows]}]
    metadata = _metadata(meta, f"Statement of Applicability: {meta.org_label}")
    notes = [f"Not applicable: {r.control_id}: {_flat(r.justification) or '-'}" for r in excluded]
    if undecided:
        notes.append("Not decided yet: " + ", ".join(r.control_id for r in undecided))
    if notes:
        metadata["remarks"] = "\n\n".join(notes)
    profile: dict[str, Any] = {
        "uuid": doc_uuid or str(uuid.uuid4()),
        "metadata": metadata,
        "imports": [imported],
        "back-matter": {"resources": [catalogue]},
    }
    if applicable:
        profile["modify"] = {"alters": [_alter(r) for r in applicable]}
    return {"profile": profile}


def _observation(item: EvidenceView) -> dict[str, Any]:
    return {
        "uuid": _id("evidence", item.id),
        "title": _flat(item.title) or item.kind,
        "description": item.summary or item.title,
        "props": [
            _prop("control-id", item.control_id),
            _prop("sha256", item.sha256),
            _prop("evidence-kind", item.kind),
        ],
        "methods": ["EXAMINE" if item.kind == "manual" else "TEST"],
        "relevant-evidence": [{"description": f"evidence item {item.id} (SHA-256 {item.sha256})"}],
        "collected": item.collected_at,
        "expires": item.expires_at,
    }


def _finding(row: SoaRow, observations: list[str]) -> dict[str, Any]:
    state = "satisfied" if row.evidence == "fresh" else "not-satisfied"
    finding: dict[str, Any] = {
        "uuid": _id("finding", row.control_id),
        "title": f"{row.control_id}: evidence {row.evidence}",
        "description": {
            "fresh": f"{row.control_id} has evidence that has not expired.",
            "stale": f"Every evidence item of {row.control_id} has expired.",
            "missing": f"{row.control_id} is applicable and has no evidence.",
        }[row.evidence],
        "target": {
            "type": "objective-id",
            "target-id": row.control_id,
            "status": {"state": state},
        },
    }
    if observations:
        finding["related-observations"] = [{"observation-uuid": u} for u in observations]
    return finding


def assessment_results(
    meta: ReportMeta,
    rows: Sequence[SoaRow],
    evidence: Sequence[EvidenceView],
    start: datetime,
    doc_uuid: str | None = None,
) -> dict[str, Any]:
    """Assessment results (``{"assessment-results": {...}}``) of the applicable controls."""
    applicable = [r for r in rows if r.applicable == "yes"]
    wanted = {r.control_id for r in applicable}
    observations = [_observation(e) for e in evidence if e.control_id in wanted]
    by_control: dict[str, list[str]] = {}
    for item, obs in zip(
        [e for e in evidence if e.control_id in wanted], observations, strict=True
    ):
        by_control.setdefault(item.control_id, []).append(obs["uuid"])
    selection: dict[str, Any] = (
        {"include-controls": [{"control-id": r.control_id} for r in applicable]}
        if applicable
        else {"include-all": {}, "description": "no control is marked applicable yet"}
    )
    result: dict[str, Any] = {
        "uuid": _id("result", meta.version_label, start.isoformat()),
        "title": f"Evidence status of the applicable Annex A controls ({meta.version_label})",
        "description": "Evidence items Annexa collected or received, and their freshness.",
        "start": start.isoformat(timespec="seconds"),
        "reviewed-controls": {"control-selections": [selection]},
    }
    if observations:
        result["observations"] = observations
    if applicable:
        result["findings"] = [_finding(r, by_control.get(r.control_id, [])) for r in applicable]
    plan = {
        "uuid": _id("plan", "annexa-collectors"),
        "title": "Annexa's automatic evidence collection (no separate assessment plan)",
    }
    return {
        "assessment-results": {
            "uuid": doc_uuid or str(uuid.uuid4()),
            "metadata": _metadata(meta, f"Assessment results: {meta.org_label}"),
            "import-ap": {"href": f"#{plan['uuid']}"},
            "results": [result],
            "back-matter": {"resources": [plan]},
        }
    }
