"""The ISMS stores on SQLite and PostgreSQL: SoA lines, versions and diffs, the registers,
evidence freshness, and the supplier gate's reading of the register."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from annexa.errors import AccessDenied, InputError
from annexa.isms import evidence, risks, soa, suppliers, systems
from annexa.isms.evidence import NewEvidence
from annexa.isms.gate import RegisterGate
from annexa.isms.records import SoaEntry, Supplier, System
from annexa.providers.interface import ProviderConfig


def test_soa_defaults_then_decisions(engine: Engine) -> None:
    lines = soa.entries(engine)
    assert len(lines) == 93
    assert all(ln.entry.applicable is None and ln.entry.status == "not started" for ln in lines)
    entry = soa.set_fields(
        engine, "5.1", {"applicable": "yes", "justification": "board policy", "owner": "CISO"}
    )
    assert entry.control_id == "A.5.1"
    with engine.connect() as conn:
        assert soa.get(conn, "A.5.1").owner == "CISO"
    # a later edit keeps the earlier fields
    soa.set_fields(engine, "A.5.1", {"status": "implemented"})
    with engine.connect() as conn:
        stored = soa.get(conn, "A.5.1")
    assert (stored.owner, stored.status, stored.justification) == (
        "CISO", "implemented", "board policy")  # fmt: skip


def test_soa_refuses_unjustified_lines(engine: Engine) -> None:
    with pytest.raises(InputError, match="justification is required"):
        soa.set_fields(engine, "A.7.1", {"applicable": "no"})
    with pytest.raises(InputError, match="unknown Annex A control"):
        soa.set_fields(engine, "A.9.1", {"applicable": "no", "justification": "x"})
    with engine.begin() as conn, pytest.raises(InputError):
        soa.save(conn, SoaEntry(control_id="A.7.2"))
    assert soa.entries(engine)[44].entry.applicable is None  # nothing stored


def test_versions_and_diff(engine: Engine) -> None:
    soa.set_fields(engine, "A.5.1", {"applicable": "yes", "justification": "j"})
    v1 = soa.approve(engine, "Alice")
    soa.set_fields(engine, "A.5.1", {"status": "partial"})
    soa.set_fields(engine, "A.7.1", {"applicable": "no", "justification": "remote"})
    v2 = soa.approve(engine, "Bob")
    assert (v1.version, v2.version) == (1, 2)
    assert v1.sha256 != v2.sha256
    assert [v.approved_by for v in soa.versions(engine)] == ["Alice", "Bob"]
    changes = {
        (c.control_id, c.field): (c.before, c.after) for c in soa.diff_versions(engine, 1, 2)
    }
    assert changes == {
        ("A.5.1", "status"): ("not started", "partial"),
        ("A.7.1", "applicable"): (None, False),
        ("A.7.1", "justification"): ("", "remote"),
    }
    assert soa.diff_versions(engine, 2, None) == []
    with pytest.raises(InputError, match="no approved SoA version 9"):
        soa.snapshot(engine, 9)
    with pytest.raises(InputError):
        soa.approve(engine, "  ")


def test_suppliers_reviews_and_systems(engine: Engine) -> None:
    with engine.begin() as conn:
        suppliers.save(conn, Supplier(name="acme-ai", approval="approved", max_level="internal"))
        suppliers.save(conn, Supplier(name="shady-ai"))
    assert [s.name for s in suppliers.list_suppliers(engine)] == ["acme-ai", "shady-ai"]
    review = suppliers.record_review(engine, "acme-ai", "Sam", "approved", "DPA checked")
    assert review.reviewer == "Sam"
    with engine.connect() as conn:
        acme = suppliers.get(conn, "acme-ai")
    assert acme is not None
    assert acme.last_review == date.today()
    assert acme.next_review == date.today() + timedelta(days=365)
    assert [r.supplier for r in suppliers.reviews(engine)] == ["acme-ai"]
    with pytest.raises(InputError, match="no supplier"):
        suppliers.record_review(engine, "nobody", "Sam", "approved")
    with engine.begin() as conn:
        systems.save(conn, System(name="bot", suppliers=["acme-ai"]))
    with pytest.raises(InputError, match="not in the register: ghost"), engine.begin() as conn:
        systems.save(conn, System(name="bot2", suppliers=["acme-ai", "ghost"]))
    assert [s.name for s in systems.list_systems(engine)] == ["bot"]


@pytest.mark.parametrize("require", [False, True])
def test_gate_reads_the_register(engine: Engine, require: bool) -> None:
    with engine.begin() as conn:
        suppliers.save(conn, Supplier(name="acme-ai", approval="approved", max_level="internal"))
        suppliers.save(conn, Supplier(name="open-ai", approval="approved"))
        suppliers.save(conn, Supplier(name="shady-ai", approval="suspended"))
    gate = RegisterGate(engine, require_registered=require)
    assert gate.vet(ProviderConfig("p", "inspect", supplier="acme-ai", max_level="public")) == (
        "internal"
    )
    assert gate.vet(ProviderConfig("open-ai", "inspect", max_level="public")) == "public"
    with pytest.raises(AccessDenied, match="status: suspended"):
        gate.vet(ProviderConfig("p", "inspect", supplier="shady-ai"))
    unregistered = ProviderConfig("other", "inspect", max_level="confidential")
    if require:
        with pytest.raises(AccessDenied, match="not in the AI supplier register"):
            gate.vet(unregistered)
    else:
        assert gate.vet(unregistered) == "confidential"


def test_risks_seed_and_accept(engine: Engine) -> None:
    added = risks.seed(engine, owner="CISO")
    assert len(added) == 8
    assert risks.seed(engine) == []  # existing ids are kept
    accepted = risks.accept(engine, "AI-06", "Board", date.today() + timedelta(days=90))
    assert accepted.acceptance_state(date.today()) == "valid"
    stored = {r.id: r for r in risks.list_risks(engine)}
    assert stored["AI-06"].accepted_by == "Board"
    assert stored["AI-01"].owner == "CISO"
    with pytest.raises(InputError, match="expire in the future"):
        risks.accept(engine, "AI-06", "Board", date.today())
    with pytest.raises(InputError, match="no risk"):
        risks.accept(engine, "AI-77", "Board", date.today() + timedelta(days=1))


def test_evidence_freshness(engine: Engine) -> None:
    now = datetime.now(UTC)
    old = NewEvidence(("A.8.15",), "test", "old", "s", b"old", timedelta(days=1))
    new = NewEvidence(("A.8.12", "A.8.11"), "test", "new", "s", b"new", timedelta(days=7))
    with engine.begin() as conn:
        stale = evidence.add(conn, old, now - timedelta(days=3))
        evidence.add(conn, new, now)
    assert stale[0].sha256 == hashlib.sha256(b"old").hexdigest()
    states = evidence.status(engine, ["A.8.15", "A.8.12", "A.8.11", "A.5.1"], now)
    assert states == {"A.8.15": "stale", "A.8.12": "fresh", "A.8.11": "fresh", "A.5.1": "missing"}
    assert evidence.content_of(engine, stale[0].id) == b"old"
    assert [i.title for i in evidence.items(engine, "A.8.12")] == ["new"]


def test_manual_upload_keeps_bytes_and_hash(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "policy.pdf"
    path.write_bytes(b"%PDF-1.7 board-approved AI policy")
    made = evidence.add_file(engine, path, ["A.5.1", "5.10"], timedelta(days=365))
    assert [i.control_id for i in made] == ["A.5.1", "A.5.10"]
    assert made[0].sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert evidence.content_of(engine, made[1].id) == path.read_bytes()
    with pytest.raises(InputError, match="unknown Annex A control"):
        evidence.add_file(engine, path, ["A.9.9"], timedelta(days=1))
