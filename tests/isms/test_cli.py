"""The ISMS commands end to end on a SQLite data directory: the security officer's walk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annexa.audit.search import SearchFilter, search
from annexa.cli import app
from annexa.db import database_url, make_engine

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


@pytest.fixture
def d(tmp_path: Path) -> str:
    data = tmp_path / "data"
    data.mkdir()
    (data / "annexa.yaml").write_text("keys: {provider: 'file:', development: true}\n")
    (data / "policy.yaml").write_text("version: 1\n")
    (data / "providers.yaml").write_text(
        "providers:\n  - {name: acme, kind: inspect, supplier: acme-ai, models: ['*']}\n"
    )
    return str(data)


def show(d: str) -> dict[str, dict[str, object]]:
    code, text = run("soa", "show", "--json", "--data-dir", d)
    assert code == 0, text
    return {row["control_id"]: row for row in json.loads(text)}


def test_soa_walk(d: str) -> None:
    code, text = run("soa", "init", "--data-dir", d)
    assert code == 0, text
    assert "pre-marked 16 controls" in text
    rows = show(d)
    assert len(rows) == 93
    assert rows["A.8.24"]["status"] == "partial"
    assert "key provider file:" in str(rows["A.8.24"]["how"])
    assert rows["A.8.12"]["evidence"] == "missing"
    assert rows["A.5.1"]["applicable"] is None
    code, text = run("soa", "set", "A.5.2", "--applicable", "yes", "--data-dir", d)
    assert code == 2
    assert "justification is required" in text
    decide = ["--applicable", "yes", "--justification", "AI policy", "--owner", "CISO"]
    code, text = run("soa", "set", "A.5.1", *decide, "--status", "planned", "--data-dir", d)
    assert code == 0, text
    code, text = run("soa", "approve", "--by", "Dana", "--data-dir", d)
    assert code == 0, text
    assert "version 1 approved by Dana" in text
    run("soa", "set", "A.5.1", "--status", "implemented", "--data-dir", d)
    code, text = run("soa", "diff", "1", "--data-dir", d)
    assert code == 0, text
    assert "A.5.1 status: 'planned' -> 'implemented'" in text
    code, text = run("soa", "versions", "--data-dir", d)
    assert "Dana" in text
    # re-running init does not overwrite a decision
    run(
        "soa", "set", "A.8.24", "--status", "implemented", "--justification", "KMS", "--data-dir", d
    )
    run("soa", "init", "--data-dir", d)
    assert show(d)["A.8.24"]["status"] == "implemented"


def test_evidence_shows_in_soa(d: str, tmp_path: Path) -> None:
    run("soa", "init", "--data-dir", d)
    code, text = run("evidence", "collect", "--data-dir", d)
    assert code == 0, text
    assert "no data: no access review started yet" in text.replace("\n", " ")
    proof = tmp_path / "policy.pdf"
    proof.write_bytes(b"%PDF approved policy")
    code, text = run("evidence", "add", str(proof), "--control", "A.5.1", "--data-dir", d)
    assert code == 0, text
    rows = show(d)
    assert rows["A.8.12"]["evidence"] == "fresh"  # the policy-config collector
    assert rows["A.5.1"]["evidence"] == "fresh"
    assert len(rows["A.5.1"]["evidence_items"]) == 1  # type: ignore[arg-type]
    assert rows["A.8.13"]["evidence"] == "missing"
    code, text = run("evidence", "status", "--data-dir", d)
    assert code == 0, text
    assert "A.8.13" in text


def test_registers_and_audit_trail(d: str) -> None:
    code, text = run("suppliers", "set", "acme-ai", "--approval", "approved", "--max-level",
                     "internal", "--regions", "EU", "--data-dir", d)  # fmt: skip
    assert code == 0, text
    code, text = run("suppliers", "set", "shady-ai", "--approval", "maybe", "--data-dir", d)
    assert code == 2
    assert "approval" in text
    code, text = run("suppliers", "review", "acme-ai", "--by", "Sam", "--data-dir", d)
    assert code == 0, text
    code, text = run("systems", "set", "support-bot", "--suppliers", "acme-ai", "--owner",
                     "Ops", "--data-dir", d)  # fmt: skip
    assert code == 0, text
    code, text = run("systems", "set", "x", "--suppliers", "ghost", "--data-dir", d)
    assert code == 2
    assert "not in the register" in text
    code, text = run("risks", "seed", "--owner", "CISO", "--data-dir", d)
    assert "added 8" in text
    code, text = run("risks", "accept", "AI-06", "--by", "Board", "--until", "2099-01-01",
                     "--data-dir", d)  # fmt: skip
    assert code == 0, text
    code, text = run("risks", "set", "AI-09", "--title", "Model drift", "--likelihood", "2",
                     "--impact", "3", "--data-dir", d)  # fmt: skip
    assert "score 6 (medium)" in text
    code, text = run("risks", "list", "--data-dir", d)
    assert "AI-09" in text
    engine = make_engine(database_url(Path(d)))
    try:
        events = search(engine, SearchFilter(event="config-changed", limit=100))
    finally:
        engine.dispose()
    targets = {e["details"]["target"] for _, e in events}
    assert {"supplier:acme-ai", "system:support-bot", "risk:AI-06", "risk:AI-09"} <= targets


def test_import_command_reports_rows(d: str, tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("name,approval\nacme-ai,approved\nbad name,approved\n")
    code, text = run("suppliers", "import", str(path), "--data-dir", d)
    assert code == 2
    assert "row 3, field 'name'" in text
    code, text = run("suppliers", "list", "--data-dir", d)
    assert "acme" not in text


@pytest.mark.parametrize(
    ("group", "csv", "target"),
    [
        (
            "soa",
            "control_id,applicable,justification,status\nA.5.7,yes,threat feeds in use,planned\n",
            "soa:A.5.7",
        ),
        (
            "risks",
            "id,title,likelihood,impact,treatment\nR-77,model vendor outage,2,3,mitigate\n",
            "risk:R-77",
        ),
        ("suppliers", "name,approval\nnew-ai,pending\n", "supplier:new-ai"),
    ],
)
def test_each_import_is_audited_per_record(
    d: str, tmp_path: Path, group: str, csv: str, target: str
) -> None:
    path = tmp_path / "in.csv"
    path.write_text(csv)
    code, text = run(group, "import", str(path), "--data-dir", d)
    assert code == 0, text
    assert "imported 1 " in text
    engine = make_engine(database_url(Path(d)))
    try:
        events = search(engine, SearchFilter(event="config-changed", limit=100))
    finally:
        engine.dispose()
    assert target in {e["details"]["target"] for _, e in events}
