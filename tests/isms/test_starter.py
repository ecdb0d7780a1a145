"""The starter SoA: what Annexa pre-marks, derived from the configuration facts."""

from __future__ import annotations

from pathlib import Path

from annexa.db import database_url, make_engine, upgrade
from annexa.isms.starter import Facts, gather_facts, starter_entries
from annexa.settings import load_settings


def lines(facts: Facts) -> dict[str, tuple[str, str]]:
    return {e.control_id: (e.status, e.how) for e in starter_entries(facts)}


def test_every_starter_line_is_decided_and_justified() -> None:
    entries = starter_entries(Facts())
    assert len(entries) == 16
    for entry in entries:
        assert entry.require_decision().applicable is True
        assert entry.how
        assert entry.status in {"partial", "implemented"}


def test_key_provider_decides_a_8_24() -> None:
    dev = lines(Facts(key_scheme="file", key_development=True))["A.8.24"]
    assert dev[0] == "partial"
    assert "key provider file: (development)" in dev[1]
    kms = lines(Facts(key_scheme="kms", key_events=3))["A.8.24"]
    assert kms[0] == "implemented"
    assert "key provider kms:" in kms[1]
    assert "3 key events" in kms[1]


def test_audit_backup_and_policy_facts_show() -> None:
    facts = Facts(audit_retention_days=400, audit_forwarders=("splunk",), audit_anchor=True,
                  restore_tests_passed=2, policy_sha256="ab" * 32,
                  providers=(("openai", "openai-eu", "internal"),))  # fmt: skip
    got = lines(facts)
    assert got["A.8.15"][0] == "implemented"
    assert "splunk" in got["A.8.15"][1]
    assert "retention 400 days" in got["A.8.15"][1]
    assert got["A.8.13"] == ("implemented", "Encrypted backups; 2 passed signed restore tests.")
    assert "policy sha256 abababababababab" in got["A.8.12"][1]
    assert "openai (supplier openai-eu, max level internal)" in got["A.8.11"][1]
    short = lines(Facts(audit_retention_days=90))
    assert short["A.8.15"][0] == "partial"
    assert short["A.8.13"][0] == "partial"


def facts_of(data_dir: Path, policy: str) -> Facts:
    """The facts of a data directory holding ``policy``."""
    (data_dir / "annexa.yaml").write_text("keys: {provider: 'file:', development: true}\n")
    (data_dir / "policy.yaml").write_text(policy)
    engine = make_engine(database_url(data_dir))
    upgrade(engine)
    try:
        return gather_facts(load_settings(data_dir), engine)
    finally:
        engine.dispose()


def test_gather_facts_reads_the_data_directory(tmp_path: Path) -> None:
    (tmp_path / "providers.yaml").write_text(
        "providers:\n  - {name: acme, kind: inspect, supplier: acme-ai, max_level: internal}\n"
        "  - {name: plain, kind: inspect}\n"
    )
    facts = facts_of(tmp_path, "version: 1\n")
    assert facts.key_scheme == "file"
    assert facts.key_development is True
    assert facts.providers == (("acme", "acme-ai", "internal"), ("plain", "plain", None))
    assert facts.policy_sha256 is not None
    assert (facts.users, facts.api_keys, facts.restore_tests_passed) == (0, 0, 0)


def test_a_8_12_says_which_rules_let_attachments_through(tmp_path: Path) -> None:
    assert (
        "images, audio and files, which cannot be scanned, are refused"
        in (lines(Facts())["A.8.12"][1])
    )
    facts = facts_of(
        tmp_path,
        "version: 1\nrules:\n  - {id: allow-rest, action: allow}\nattachments:\n"
        "  - {id: no-audio, media: [audio], action: block}\n"
        "  - {id: screenshots, media: [image], action: warn}\n",
    )
    assert facts.attachment_rules == ("screenshots",)  # a blocking rule lets nothing through
    assert "leave unscanned only by the rules screenshots" in lines(facts)["A.8.12"][1]
