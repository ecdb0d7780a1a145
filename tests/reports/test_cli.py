"""``annexa report`` end to end on a SQLite data directory: the security officer's walk from
``soa init`` to the auditor's PDF, whose DLP numbers match the audit log; every export opens."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from trestle.oscal.assessment_results import AssessmentResults
from trestle.oscal.profile import Profile
from typer.testing import CliRunner

from annexa.audit.events import AIRequest, make_event
from annexa.audit.interface import Actor
from annexa.audit.store import AuditLog
from annexa.cli import app
from annexa.settings import load_settings

runner = CliRunner()
ALICE = Actor(kind="key", id="k1", name="alice", role="member")
TRAFFIC = [
    ("allow", {}),
    ("pseudonymize", {"EMAIL_ADDRESS": 2}),
    ("redact", {"PERSON": 1}),
    ("block", {"AWS_ACCESS_KEY": 1, "EMAIL_ADDRESS": 1}),
    ("block", {"CREDIT_CARD": 3}),
]


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with a decided, approved SoA, seeded risks, traffic and evidence."""
    data = tmp_path_factory.mktemp("report") / "data"
    data.mkdir()
    (data / "annexa.yaml").write_text(
        "keys: {provider: 'file:', development: true}\nisms: {organisation: Example Bank plc}\n"
    )
    (data / "policy.yaml").write_text("version: 1\n")
    d = str(data)
    run("soa", "init", "--data-dir", d)
    run("soa", "set", "A.7.1", "--applicable", "no", "--justification", "cloud only, no offices",
        "--data-dir", d)  # fmt: skip
    run("risks", "seed", "--data-dir", d)
    with AuditLog.open(load_settings(data)) as log:
        for decision, entities in TRAFFIC:
            details = AIRequest("acme", "m", decision, "p" * 64, 200, entities=entities)
            log.append(make_event(details, ALICE, "success"))
    runner.invoke(app, ["evidence", "collect", "--data-dir", d])  # some collectors say no-data
    run("soa", "approve", "--by", "Dana Officer", "--data-dir", d)
    return data


def test_full_report_shows_the_audit_logs_dlp_numbers(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    run("report", "--data-dir", str(site), "--output", str(out))
    pages = [p.extract_text() for p in PdfReader(out).pages]
    assert f"Page 1 of {len(pages)}" in pages[0]
    text = "\n".join(pages)
    assert "Example Bank plc" in text
    assert "SoA v1" in text
    assert "Dana Officer" in text
    figures = text[text.index("Measure (Clause 9.1)") :]
    for label, number in (("AI requests (audit log ai-request events)", 5),
                          ("Blocked requests", 2), ("Findings: EMAIL_ADDRESS", 3),
                          ("Findings: CREDIT_CARD", 3)):  # fmt: skip
        assert f"{label}\n{number}\n" in figures or f"{label} {number}" in figures, label
    assert "A.7.1" in text
    assert "cloud only, no offices" in text


def test_metrics_json_equals_the_traffic(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "m.json"
    run("report", "metrics", "--format", "json", "--output", str(out), "--data-dir", str(site))
    m = json.loads(out.read_text())
    assert m["requests"] == 5
    assert m["decisions"] == {"allow": 1, "block": 2, "pseudonymize": 1, "redact": 1}
    assert m["blocked_entities"] == {"AWS_ACCESS_KEY": 1, "CREDIT_CARD": 3, "EMAIL_ADDRESS": 1}
    assert m["findings"] == {"AWS_ACCESS_KEY": 1, "CREDIT_CARD": 3, "EMAIL_ADDRESS": 3,
                             "PERSON": 1}  # fmt: skip
    assert m["risk_levels"]["low"] + m["risk_levels"]["medium"] >= 1


def test_every_export_opens(site: Path, tmp_path: Path) -> None:
    d = str(site)
    files = {}
    for args, name in ((("soa", "-f", "xlsx"), "soa.xlsx"), (("soa", "-f", "csv"), "soa.csv"),
                       (("soa", "-f", "pdf"), "soa.pdf"), (("soa", "-f", "oscal"), "soa.json"),
                       (("results",), "ar.json"), (("risks", "-f", "xlsx"), "risks.xlsx"),
                       (("risks", "-f", "pdf"), "risks.pdf"), (("metrics",), "m.pdf")):  # fmt: skip
        files[name] = tmp_path / name
        run("report", *args, "-o", str(files[name]), "--data-dir", d)
    soa = load_workbook(files["soa.xlsx"])["Statement of Applicability"]
    assert soa.max_row == 94
    assert "A.8.12,Data leakage prevention" in files["soa.csv"].read_text()
    assert len(load_workbook(files["risks.xlsx"])["Risk register"]["A"]) == 9  # header + 8
    for name in ("soa.pdf", "risks.pdf", "m.pdf"):
        assert len(PdfReader(files[name]).pages) >= 2, name
    profile = Profile.model_validate(json.loads(files["soa.json"].read_text())["profile"])
    assert profile.metadata.version == "v1"
    results = json.loads(files["ar.json"].read_text())["assessment-results"]
    AssessmentResults.model_validate(results)


def _office() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(_office() is None, reason="LibreOffice (soffice) is not on PATH")
def test_libreoffice_converts_the_xlsx(site: Path, tmp_path: Path) -> None:
    xlsx = tmp_path / "soa.xlsx"
    run("report", "soa", "-f", "xlsx", "-o", str(xlsx), "--data-dir", str(site))
    office = _office()
    assert office is not None
    env = os.environ | {"HOME": str(tmp_path)}  # LibreOffice writes its profile under HOME
    subprocess.run(  # a fixed program and our own file
        [office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(xlsx)],
        check=True, capture_output=True, timeout=180, env=env,
    )  # fmt: skip
    converted = tmp_path / "soa.pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(converted.read_bytes())).pages)
    assert "Statement of Applicability" in text
    assert "A.8.12" in text
