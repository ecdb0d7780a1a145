"""``annexa reviews``: start, list, show, decide, close against a real data directory; the
revocations apply and everything lands in the audit log."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import text
from typer.testing import CliRunner

from annexa.cli import app
from annexa.db import database_url, make_engine
from annexa.identity.apikeys import ApiKeyStore

runner = CliRunner()


def cli(data_dir: Path, *args: str, code: int = 0) -> Any:
    result = runner.invoke(app, [*args, "--data-dir", str(data_dir)])
    assert result.exit_code == code, result.output
    return json.loads(result.stdout) if "--json" in args else result.output


def audit_actions(data_dir: Path) -> list[str]:
    engine = make_engine(database_url(data_dir))
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT record FROM audit_events ORDER BY seq")).all()
    engine.dispose()
    records = [json.loads(r[0]) for r in rows]
    return [r["details"].get("action", "") for r in records if r["event"] == "config-changed"]


def test_a_whole_campaign_from_the_command_line(tmp_path: Path) -> None:
    cli(tmp_path, "users", "create", "mia", "--role", "auditor")
    cli(tmp_path, "users", "create", "olga", "--role", "security_officer")
    cli(tmp_path, "users", "create", "max", "--role", "member")
    engine = make_engine(database_url(tmp_path))
    _, key = ApiKeyStore(engine).create("max", "member")
    started = cli(tmp_path, "reviews", "start", "2026-Q4", "--due", "2099-01-31",
                  "--reviewer", "olga", "--json")  # fmt: skip
    assert started["total"] == 6  # 3 users, 2 roles above member, 1 key
    assert started["due_at"].startswith("2099-01-31T23:59:59")
    assert started["status"] == "open"
    listed = cli(tmp_path, "reviews", "list", "--json")
    assert [c["name"] for c in listed] == ["2026-Q4"]
    assert "2026-Q4" in cli(tmp_path, "reviews", "list")
    shown = cli(tmp_path, "reviews", "show", "2026-Q4", "--json")
    numbers = {(i["kind"], i["subject_name"]): i["number"] for i in shown["items"]}
    assert "mia" in cli(tmp_path, "reviews", "show", "2026-Q4")
    # olga may not review her own role; the CLI as actor may
    own = cli(tmp_path, "reviews", "decide", "2026-Q4", str(numbers["role", "olga"]), "confirm",
              "--comment", "mine", "--by", "olga", code=2)  # fmt: skip
    assert "own access" in own
    denied = cli(tmp_path, "reviews", "decide", "2026-Q4", "1", "confirm", "--comment", "x",
                 "--by", "max", code=2)  # fmt: skip
    assert "reviews:write" in denied
    decided = cli(tmp_path, "reviews", "decide", "2026-Q4", str(numbers["role", "mia"]),
                  "revoke", "--comment", "moved to sales", "--by", "olga", "--json")  # fmt: skip
    assert decided["item"]["applied"] == "role-reset:member"
    assert decided["item"]["decided_by"] == "olga"
    assert decided["campaign"]["decided"] == 1
    out = cli(tmp_path, "reviews", "decide", started["id"], str(numbers["api-key", "max"]),
              "revoke", "--comment", "unused since June")  # fmt: skip
    assert "key-revoked" in out
    assert "2 of 6 decided (33%)" in out
    assert ApiKeyStore(engine).list()[0].revoked_at is not None
    assert cli(tmp_path, "users", "list", "--json")[0]["role"] == "member"  # mia
    pending = cli(tmp_path, "reviews", "show", "2026-Q4", "--pending", "--json")
    assert len(pending["items"]) == 4
    assert [h["decided"] for h in pending["history"]] == [0, 1, 2]
    closed = cli(tmp_path, "reviews", "close", "2026-Q4", "--json")
    assert closed["status"] == "closed"
    assert closed["completion"] == round(2 / 6, 4)
    again = cli(tmp_path, "reviews", "close", "2026-Q4", code=2)
    assert "already closed" in again
    actions = audit_actions(tmp_path)
    assert actions.count("start") == 1
    assert {
        "revoke:role",
        "revoke:api-key",
        "set-role:member",
        "revoke",
        "close:incomplete",
    } <= set(actions)
    engine.dispose()
    assert key.startswith("ax-")


def test_bad_input_is_a_usage_error(tmp_path: Path) -> None:
    assert "not a date" in cli(tmp_path, "reviews", "start", "q", "--due", "31/01/2099", code=2)
    assert "future" in cli(tmp_path, "reviews", "start", "q", "--due", "2000-01-01", code=2)
    assert "no access review" in cli(tmp_path, "reviews", "show", "nope", code=2)
    cli(tmp_path, "reviews", "start", "q")
    assert "comment" in cli(tmp_path, "reviews", "decide", "q", "1", "confirm", code=2)
