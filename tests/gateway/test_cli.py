"""``annexa init``, ``annexa serve`` and ``annexa apikeys``: the scriptable set-up works as the
README says, and the initialised directory serves the inspect provider with the starter policy."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import openai
import psycopg
import pytest
import yaml
from typer.testing import CliRunner

from annexa.app import create_app
from annexa.cli import app as cli
from annexa.db import database_url, make_engine
from annexa.detect.pattern import expand_example
from annexa.identity.users import UserStore
from annexa.settings import load_settings
from annexa.testing.fake_upstream import FakeUpstream, serve_in_thread

runner = CliRunner()


def init(data_dir: Path) -> dict[str, Any]:
    result = runner.invoke(cli, ["init", "--data-dir", str(data_dir)])
    assert result.exit_code == 0, result.output
    out: dict[str, Any] = json.loads(result.stdout)
    return out


def test_init_writes_a_working_directory_and_prints_secrets_once(tmp_path: Path) -> None:
    data_dir = tmp_path / "d"
    out = init(data_dir)
    assert {p.name for p in data_dir.iterdir()} >= {"annexa.yaml", "providers.yaml", "policy.yaml"}
    password = out["admin"]["one_time_password"]
    engine = make_engine(database_url(data_dir))
    users = UserStore(engine)
    assert users.verify_password("admin", password)
    assert not users.verify_password("admin", password + "x")
    with engine.connect() as conn:
        dump = "\n".join(str(r) for r in conn.exec_driver_sql("SELECT * FROM users, api_keys"))
    engine.dispose()
    assert password not in dump  # only the argon2id hash
    assert "$argon2id$" in dump
    assert out["api_key"]["key"] not in dump  # only a hash and the visible prefix
    again = runner.invoke(cli, ["init", "--data-dir", str(data_dir)])
    assert again.exit_code == 1
    assert password not in again.output


def test_initialised_directory_serves_the_inspect_provider(tmp_path: Path) -> None:
    data_dir = tmp_path / "d"
    key = init(data_dir)["api_key"]["key"]
    aws = expand_example("AKIA{U:16}", seed=3)
    prompt = (
        f"Card 4111 1111 1111 1111, key {aws}, mail maria.keller@example.com, Globex Corporation"
    )
    app = create_app(load_settings(data_dir))  # the real composition: audit log, vault, keys
    with (
        serve_in_thread(app, lifespan="on") as url,
        openai.OpenAI(base_url=f"{url}/v1", api_key=key, max_retries=0) as c,
    ):
        answer = c.chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": prompt}]
        )
        text = answer.choices[0].message.content or ""
        assert "4111 1111 1111 1111" not in text
        assert aws not in text
        assert "maria.keller@example.com" not in text
        assert "⟦⟦CREDIT_CARD_" in text  # escaped: shown as it left, not restored
        assert "[REDACTED:SECRET]" in text
        assert [m.id for m in c.models.list()] == ["inspect"]
        assert httpx.get(f"{url}/readyz").json()["ready"] is True
        metrics = httpx.get(f"{url}/metrics").text
        assert 'annexa_gateway_requests_total{decision="redact"' in metrics
    with make_engine(database_url(data_dir)).connect() as conn:
        events = [r[0] for r in conn.exec_driver_sql("SELECT event FROM audit_events")]
        records = "\n".join(r[0] for r in conn.exec_driver_sql("SELECT record FROM audit_events"))
    assert events.count("ai-request") == 1
    assert events.count("ai-response") == 1
    assert "4111" not in records
    assert "maria" not in records


def test_apikeys_create_list_revoke(tmp_path: Path) -> None:
    data_dir = tmp_path / "d"
    init(data_dir)
    made = runner.invoke(
        cli,
        ["apikeys", "create", "--data-dir", str(data_dir), "--service", "ci-bot", "--role",
         "member", "--provider", "inspect", "--expires-days", "30"],
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    created = json.loads(made.stdout)
    assert created["principal"] == "service:ci-bot"
    assert created["providers"] == ["inspect"]
    listed = json.loads(
        runner.invoke(cli, ["apikeys", "list", "--data-dir", str(data_dir), "--json"]).stdout
    )
    assert created["key"] not in json.dumps(listed)
    assert {k["prefix"] for k in listed} >= {created["prefix"]}
    gone = runner.invoke(cli, ["apikeys", "revoke", "--data-dir", str(data_dir), created["id"]])
    assert gone.exit_code == 0
    assert json.loads(gone.stdout)["revoked_at"]
    twice = runner.invoke(cli, ["apikeys", "revoke", "--data-dir", str(data_dir), created["id"]])
    assert twice.exit_code == 2
    both = runner.invoke(
        cli, ["apikeys", "create", "--data-dir", str(data_dir), "--role", "member"]
    )
    assert both.exit_code == 2
    engine = make_engine(database_url(data_dir))
    with engine.connect() as conn:
        records = [
            json.loads(r[0]) for r in conn.exec_driver_sql("SELECT record FROM audit_events")
        ]
    engine.dispose()
    changes = [(r["details"]["target"], r["details"]["action"]) for r in records]
    assert changes[0][0].startswith("user:")  # annexa init: the admin, then the member key
    assert changes[-2:] == [
        (f"api-key:{created['id']}", "create"),
        (f"api-key:{created['id']}", "revoke"),
    ]
    assert len(changes) == 4


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.mark.slow
@pytest.mark.parametrize("access_log", [False, True])
def test_serve_command_answers_health(tmp_path: Path, access_log: bool) -> None:
    """``annexa serve`` answers; uvicorn's plain access line per request only when
    ``gateway.access_log`` asks for it (the audit log is the record of AI requests)."""
    data_dir = tmp_path / "d"
    init(data_dir)
    if access_log:
        config = data_dir / "annexa.yaml"
        settings = yaml.safe_load(config.read_text(encoding="utf-8"))
        settings.setdefault("gateway", {})["access_log"] = True
        config.write_text(yaml.safe_dump(settings), encoding="utf-8")
    port = _free_port()
    cmd = [sys.executable, "-c", "from annexa.cli import main; main()", "serve",
           "--data-dir", str(data_dir), "--port", str(port), "--log-level", "info"]  # fmt: skip
    proc = subprocess.Popen(cmd, env={**os.environ}, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                assert time.monotonic() < deadline
                time.sleep(0.2)
        assert r.json() == {"status": "ok"}
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=20)
    assert b"Application startup complete" in err  # the info level is on
    assert (b'"GET /healthz HTTP/1.1" 200' in out + err) is access_log


def test_serve_refuses_an_uninitialised_directory(tmp_path: Path) -> None:
    result = runner.invoke(cli, ["serve", "--data-dir", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert "annexa init" in result.output


@pytest.fixture
def own_postgres(postgres_url: str) -> Iterator[str]:
    """A database of this test's own on the real PostgreSQL (the audit chain starts empty)."""
    admin = postgres_url.replace("postgresql+psycopg://", "postgresql://").rsplit("/", 1)[0]
    name = f"annexa_gw_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{admin}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield postgres_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(f"{admin}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_two_replicas_on_postgresql_agree(tmp_path: Path, own_postgres: str) -> None:
    """Two apps on one PostgreSQL (stateless replicas): same placeholder for the same value,
    a key made on one works on the other, every request audited in one chain."""
    os.environ["ANNEXA_DATABASE_URL"] = own_postgres
    try:
        data_dir = tmp_path / "d"
        key = init(data_dir)["api_key"]["key"]
        settings = load_settings(data_dir)
        assert settings.database_url == own_postgres
        upstream = FakeUpstream()
        with serve_in_thread(upstream.app()) as up:
            entry = f"{{name: openai, kind: openai, base_url: '{up}/v1', models: ['*']}}"
            (data_dir / "providers.yaml").write_text(f"providers:\n  - {entry}\n", encoding="utf-8")
            answers = []
            for _ in range(2):  # one replica after the other, each its own process state
                app = create_app(load_settings(data_dir))
                with (
                    serve_in_thread(app, lifespan="on") as url,
                    openai.OpenAI(base_url=f"{url}/v1", api_key=key, max_retries=0) as c,
                ):
                    r = c.chat.completions.create(
                        model="gpt-4o",
                        messages=[{"role": "user", "content": "mail ann@example.com"}],
                    )
                    answers.append(r.choices[0].message.content)
        assert answers == ["You said: mail ann@example.com"] * 2
        sent = [r.body["messages"][0]["content"] for r in upstream.requests]
        assert sent[0] == sent[1]
        assert sent[0].startswith("mail [[EMAIL_ADDRESS_")
        engine = make_engine(own_postgres)
        with engine.connect() as conn:
            events = [r[0] for r in conn.exec_driver_sql("SELECT event FROM audit_events")]
        engine.dispose()
        assert events.count("ai-request") == 2
        assert events.count("ai-response") == 2
    finally:
        del os.environ["ANNEXA_DATABASE_URL"]
