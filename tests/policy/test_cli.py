"""`annexa policy validate | test | diff | versions` as an operator runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annexa.cli import app
from annexa.db import database_url, make_engine, upgrade
from annexa.isms import suppliers
from annexa.isms.records import Supplier
from annexa.policy.store import PolicyStore

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "policy.yaml"

CONFIG = """
scan:
  terms:
    - entity: PROJECT
      terms: ["Project Nightjar"]
"""

PROMPTS = [
    {"id": "mail", "prompt": "Please write to ann@example.com today", "expect": "pseudonymize"},
    {"id": "plain", "prompt": "How do I sort a list in Python?", "expect": "allow"},
    {
        "id": "project",
        "messages": [{"role": "user", "content": "Status of Project Nightjar?"}],
        "expect": "block",
    },
]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    d.mkdir()
    (d / "annexa.yaml").write_text(CONFIG, encoding="utf-8")
    (d / "policy.yaml").write_bytes(EXAMPLE.read_bytes())
    return d


def run(data_dir: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["policy", *args, "--data-dir", str(data_dir)])
    return result.exit_code, result.stdout + result.stderr


def test_validate_ok_and_broken(data_dir: Path, tmp_path: Path) -> None:
    code, text = run(data_dir, "validate", "--json")
    assert code == 0
    assert json.loads(text)["rules"] == 7
    broken = tmp_path / "broken.yaml"
    broken.write_text("rules:\n  - id: a\n    action: permit\n", encoding="utf-8")
    code, text = run(data_dir, "validate", str(broken))
    assert code == 2
    assert f"{broken}:3:rules[0].action" in "".join(text.split())  # Rich wraps lines


def test_test_reports_decisions_rules_and_expectations(data_dir: Path, tmp_path: Path) -> None:
    prompts = tmp_path / "prompts.jsonl"
    prompts.write_text("\n".join(json.dumps(p) for p in PROMPTS) + "\n", encoding="utf-8")
    code, text = run(
        data_dir,
        "test",
        str(prompts),
        "--as",
        "member",
        "--provider",
        "openai",
        "--json",
        "--show-text",
    )
    rows = {r["id"]: r for r in map(json.loads, text.splitlines())}
    assert (rows["mail"]["action"], rows["mail"]["rule"]) == ("pseudonymize", "pii-to-external")
    assert rows["mail"]["entities"] == {"EMAIL_ADDRESS": 1}
    assert "ann@example.com" not in rows["mail"]["sent"][0]
    assert rows["mail"]["sent"][0].startswith("Please write to [[EMAIL_ADDRESS_")
    assert rows["plain"]["rule"] == "allow-rest"
    assert rows["project"]["action"] == "pseudonymize"  # expected block: a mismatch
    assert rows["project"]["expected"] is False
    assert code == 1


def test_test_reads_messages_as_the_gateway_does(data_dir: Path, tmp_path: Path) -> None:
    policy = data_dir / "policy.yaml"
    policy.write_text(
        policy.read_text(encoding="utf-8")
        + "\nattachments:\n  - {id: screenshots, media: [image], action: allow,"
        " level: confidential}\n",
        encoding="utf-8",
    )
    image = {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}}
    pdf = {"type": "document", "source": {"type": "base64", "media_type": "application/pdf"}}
    mail = {"type": "text", "text": "Please write to ann@example.com today"}
    lines = [
        {"id": "parts", "messages": [{"role": "user", "content": [mail, image]}]},
        {"id": "claude-pdf", "messages": [{"role": "user", "content": [mail, pdf]}]},
        {"id": "bad", "messages": [{"role": "user", "content": [{"type": "video"}]}]},
    ]
    prompts = tmp_path / "p.jsonl"
    prompts.write_text("\n".join(json.dumps(x) for x in lines[:2]), encoding="utf-8")
    code, text = run(data_dir, "test", str(prompts), "--as", "member", "--provider", "openai",
                     "--json")  # fmt: skip
    assert code == 0, text
    rows = {r["id"]: r for r in map(json.loads, text.splitlines())}
    assert (rows["parts"]["action"], rows["parts"]["rule"]) == ("pseudonymize", "pii-to-external")
    assert rows["parts"]["entities"] == {"EMAIL_ADDRESS": 1}  # the text part, read as text
    assert rows["parts"]["unscanned"] == {"image": 1}
    assert (rows["claude-pdf"]["action"], rows["claude-pdf"]["rule"]) == ("block", "unscannable")
    prompts.write_text(json.dumps(lines[2]), encoding="utf-8")
    code, text = run(data_dir, "test", str(prompts), "--as", "member", "--provider", "openai")
    assert code != 0
    assert "line 1: messages[0].content[0]: content of type 'video'" in text


def test_test_with_an_unknown_provider_blocks(data_dir: Path, tmp_path: Path) -> None:
    prompts = tmp_path / "p.jsonl"
    prompts.write_text('"hello"\n', encoding="utf-8")
    code, text = run(
        data_dir, "test", str(prompts), "--as", "member", "--provider", "nope", "--json"
    )
    assert json.loads(text)["rule"] == "unknown-provider"
    assert code == 0


def test_test_rejects_bad_lines(data_dir: Path, tmp_path: Path) -> None:
    prompts = tmp_path / "p.jsonl"
    prompts.write_text('{"id": 1}\n', encoding="utf-8")
    code, text = run(data_dir, "test", str(prompts), "--as", "m", "--provider", "inspect")
    assert code == 2
    assert "line 1" in text


def test_diff_shows_rules_levels_and_changed_decisions(data_dir: Path, tmp_path: Path) -> None:
    new = EXAMPLE.read_text(encoding="utf-8")
    new = new.replace("    action: redact\n", "    action: block\n", 1)  # no-credentials
    new = new.replace("  PHONE_NUMBER: internal\n", "  PHONE_NUMBER: confidential\n")
    new = new.replace(
        "  - id: allow-rest\n",
        "  - id: interns-inspect-only\n    roles: [intern]\n"
        "    providers: [openai]\n    action: block\n\n  - id: allow-rest\n",
    )
    b = tmp_path / "b.yaml"
    b.write_text(new, encoding="utf-8")
    code, text = run(
        data_dir, "diff", str(data_dir / "policy.yaml"), str(b), "--json", "--exit-code"
    )
    assert code == 1
    d = json.loads(text)
    assert d["rules"]["added"] == ["interns-inspect-only"]
    assert d["rules"]["changed"]["no-credentials"] == ["action: 'redact' → 'block'"]
    assert d["settings"]["entities.PHONE_NUMBER"] == {"a": "internal", "b": "confidential"}
    changes = {
        (c["entity"], c["principal"], c["provider"]): (c["before"], c["after"])
        for c in d["decisions"]
    }
    assert changes[("SECRET", "member", "openai")] == (
        "redact (no-credentials)",
        "block (no-credentials)",
    )
    assert changes[("(no findings)", "intern", "openai")] == (
        "allow (allow-rest)",
        "block (interns-inspect-only)",
    )
    assert ("(no findings)", "intern", "inspect") not in changes
    assert ("(no findings)", "member", "openai") not in changes


def test_diff_shows_attachments_rules(data_dir: Path, tmp_path: Path) -> None:
    old = EXAMPLE.read_text(encoding="utf-8") + (
        "\nattachments:\n  - {id: screenshots, media: [image], providers: [inspect], "
        "action: allow}\n  - {id: no-pdfs, media: [file], action: block}\n"
    )
    new = old.replace("providers: [inspect], action: allow", "providers: [inspect], action: warn")
    new = new.replace("  - {id: no-pdfs, media: [file], action: block}\n", "")
    new += "  - {id: voice, media: [audio], roles: [support], action: allow}\n"
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(old, encoding="utf-8")
    b.write_text(new, encoding="utf-8")
    code, text = run(data_dir, "diff", str(a), str(b), "--json", "--exit-code")
    assert code == 1
    rules = json.loads(text)["rules"]
    assert rules["added"] == ["attachments:voice"]
    assert rules["removed"] == ["attachments:no-pdfs"]
    assert rules["changed"] == {"attachments:screenshots": ["action: 'allow' → 'warn'"]}


def test_diff_of_a_policy_with_itself_is_empty(data_dir: Path) -> None:
    path = str(data_dir / "policy.yaml")
    code, text = run(data_dir, "diff", path, path, "--exit-code")
    assert code == 0
    assert "no differences" in text


def test_versions_and_diff_by_hash(data_dir: Path) -> None:
    path = data_dir / "policy.yaml"
    store = PolicyStore(path, data_dir)
    first = store.current.policy_hash
    path.write_text(
        path.read_text(encoding="utf-8").replace("default: block", "default: warn"),
        encoding="utf-8",
    )
    assert store.reload(force=True)
    code, text = run(data_dir, "versions", "--json")
    assert code == 0
    assert {v["policy_hash"] for v in json.loads(text)} == {first, store.current.policy_hash}
    code, text = run(data_dir, "diff", first[:12], store.current.policy_hash[:12], "--json")
    assert json.loads(text)["settings"]["default"] == {"a": "block", "b": "warn"}


def test_diff_replays_labels_and_ceilings(data_dir: Path, tmp_path: Path) -> None:
    new = EXAMPLE.read_text(encoding="utf-8")
    new = new.replace('  "CONFIDENTIAL": confidential\n', '  "CONFIDENTIAL": restricted\n')
    new = new.replace("  openai: {max_level: confidential}\n", "  openai: {max_level: internal}\n")
    b = tmp_path / "b.yaml"
    b.write_text(new, encoding="utf-8")
    code, text = run(data_dir, "diff", str(data_dir / "policy.yaml"), str(b), "--json")
    assert code == 0
    d = json.loads(text)
    assert d["settings"]["labels.confidential"] == {"a": "confidential", "b": "restricted"}
    assert d["settings"]["providers.openai.max_level"] == {"a": "confidential", "b": "internal"}
    changes = {
        (c["entity"], c["principal"], c["provider"]): (c["before"], c["after"])
        for c in d["decisions"]
    }
    assert changes[("CLASSIFICATION_LABEL 'CONFIDENTIAL'", "member", "inspect")] == (
        "allow (labelled-texts)",
        "block (restricted-documents)",
    )
    assert changes[("CLASSIFICATION_LABEL 'CONFIDENTIAL'", "member", "openai")] == (
        "allow (labelled-texts)",
        "block (restricted-documents)",
    )
    assert ("URL", "member", "openai") not in changes


def test_test_takes_the_ceiling_from_the_providers_file(data_dir: Path, tmp_path: Path) -> None:
    (data_dir / "providers.yaml").write_text(
        "providers:\n  - {name: lab, kind: openai_compatible, max_level: public}\n",
        encoding="utf-8",
    )
    prompts = tmp_path / "p.jsonl"
    prompts.write_text('"Why does 192.168.10.20 not answer pings?"\n', encoding="utf-8")
    args = ["test", str(prompts), "--as", "member", "--json"]
    _, text = run(data_dir, *args, "--provider", "lab")
    row = json.loads(text)
    assert row["entities"] == {"IP_ADDRESS": 1}
    assert (row["action"], row["rule"]) == ("block", "provider-max-level")
    _, text = run(data_dir, *args, "--provider", "lab", "--max-level", "internal")
    assert (json.loads(text)["action"], json.loads(text)["rule"]) == ("allow", "allow-rest")
    _, text = run(data_dir, *args, "--provider", "other")
    assert json.loads(text)["rule"] == "unknown-provider"


def test_test_applies_the_supplier_registers_ceiling(data_dir: Path, tmp_path: Path) -> None:
    (data_dir / "providers.yaml").write_text(
        "providers:\n  - {name: lab, kind: openai_compatible, max_level: internal,"
        " supplier: lab-inc}\n",
        encoding="utf-8",
    )
    prompts = tmp_path / "p.jsonl"
    prompts.write_text('"Why does 192.168.10.20 not answer pings?"\n', encoding="utf-8")
    args = ["test", str(prompts), "--as", "member", "--json", "--provider", "lab"]
    _, text = run(data_dir, *args)  # no database yet: the providers file's ceiling
    assert json.loads(text)["rule"] == "allow-rest"
    engine = make_engine(database_url(data_dir))
    upgrade(engine)

    def register(approval: str, max_level: str | None) -> None:
        with engine.begin() as conn:
            suppliers.save(conn, Supplier(name="lab-inc", approval=approval, max_level=max_level))

    register("approved", "public")  # the register's word replaces the providers file's
    _, text = run(data_dir, *args)
    assert (json.loads(text)["action"], json.loads(text)["rule"]) == ("block", "provider-max-level")
    register("approved", None)
    _, text = run(data_dir, *args)
    assert json.loads(text)["rule"] == "allow-rest"
    register("suspended", "restricted")  # the gateway refuses every request to it
    code, text = run(data_dir, *args)
    assert code == 2
    assert "not approved" in text
    code, text = run(data_dir, *args, "--max-level", "public")  # an explicit ceiling wins
    assert json.loads(text)["rule"] == "provider-max-level"
    engine.dispose()
