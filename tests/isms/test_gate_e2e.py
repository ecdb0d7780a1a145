"""The supplier register governs the gateway end to end: an unapproved supplier is refused in
the caller's dialect and audited, an approved one passes, and the register's ceiling wins over
the providers file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy.engine import Engine

from annexa.app import Overrides, create_app
from annexa.db import database_url, make_engine, upgrade
from annexa.identity.apikeys import ApiKeyStore
from annexa.isms import suppliers
from annexa.isms.records import Supplier
from annexa.isms.tables import SUPPLIERS
from annexa.settings import load_settings
from annexa.testing.fake_upstream import FakeUpstream, serve_in_thread
from tests.gateway.conftest import AZURE_KEY, ListSink, write_data_dir

CHAT = {"model": "gpt-4o", "messages": [{"role": "user", "content": "hello"}]}
MSG = {"model": "claude-x", "max_tokens": 5, "messages": [{"role": "user", "content": "hi"}]}


@dataclass
class Gw:
    http: httpx.Client
    engine: Engine
    sink: ListSink
    upstream: FakeUpstream


@pytest.fixture(scope="module", params=[False, True], ids=["open", "require-registered"])
def gw(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gw]:
    require = bool(request.param)
    upstream = FakeUpstream()
    with serve_in_thread(upstream.app()) as upstream_url:
        data_dir = tmp_path_factory.mktemp("isms-gate")
        write_data_dir(data_dir, upstream_url)
        os.environ["ANNEXA_TEST_AZURE_KEY"] = AZURE_KEY
        settings = load_settings(data_dir, isms={"require_registered_suppliers": require})
        engine = make_engine(database_url(data_dir))
        upgrade(engine)
        _, key = ApiKeyStore(engine).create("alice", "member")
        sink = ListSink()
        app = create_app(settings, Overrides(audit=sink, engine=engine))
        with serve_in_thread(app) as url:
            headers = {"authorization": f"Bearer {key}"}
            with httpx.Client(base_url=url, headers=headers, timeout=10) as http:
                yield Gw(http, engine, sink, upstream)
        engine.dispose()


@pytest.fixture
def fresh(gw: Gw) -> Gw:
    gw.sink.events.clear()
    gw.upstream.requests.clear()
    with gw.engine.begin() as conn:
        conn.execute(SUPPLIERS.delete())
    return gw


def register(gw: Gw, name: str, approval: str, max_level: str | None = None) -> None:
    with gw.engine.begin() as conn:
        suppliers.save(conn, Supplier(name=name, approval=approval, max_level=max_level))


def test_unapproved_supplier_is_refused_and_audited(fresh: Gw) -> None:
    register(fresh, "upstream-openai", "approved")
    register(fresh, "upstream-anthropic", "pending")
    ok = fresh.http.post("/v1/chat/completions", json=CHAT)
    assert ok.status_code == 200, ok.text
    refused = fresh.http.post("/v1/messages", json=MSG)
    assert refused.status_code == 403
    body = refused.json()
    assert body["type"] == "error"
    assert body["error"]["type"] == "permission_error"
    assert "not approved" in body["error"]["message"]
    assert "upstream-anthropic" in body["error"]["message"]
    assert len(fresh.upstream.requests) == 1  # only the approved one left the gateway
    events = fresh.sink.named("ai-request")
    assert [(e.details["provider"], e.outcome) for e in events] == [
        ("upstream-openai", "success"),
        ("upstream-anthropic", "denied"),
    ]
    assert events[1].details["status"] == 403
    assert events[1].details["rule"] == "supplier-not-approved"
    assert events[0].details["rule"] != "supplier-not-approved"


def test_refusal_in_the_openai_shape(fresh: Gw) -> None:
    register(fresh, "upstream-openai", "rejected")
    r = fresh.http.post("/v1/chat/completions", json=CHAT)
    assert r.status_code == 403
    assert set(r.json()["error"]) == {"message", "type", "param", "code"}
    assert "status: rejected" in r.json()["error"]["message"]
    assert fresh.upstream.requests == []


def test_withdrawing_approval_takes_effect_at_once(fresh: Gw) -> None:
    register(fresh, "upstream-openai", "approved")
    assert fresh.http.post("/v1/chat/completions", json=CHAT).status_code == 200
    register(fresh, "upstream-openai", "suspended")
    assert fresh.http.post("/v1/chat/completions", json=CHAT).status_code == 403


def test_register_ceiling_wins(fresh: Gw) -> None:
    """An IP address has no level in the test policy (so the highest) and the allow-rest rule
    lets it through; once the register caps the supplier at ``public`` it is blocked."""
    text = "ping 192.168.10.20"
    prompt = {"model": "gpt-4o", "messages": [{"role": "user", "content": text}]}
    register(fresh, "upstream-openai", "approved")
    before = fresh.http.post("/v1/chat/completions", json=prompt)
    assert before.status_code == 200
    assert "action=allow" in before.headers["x-annexa-decision"]
    register(fresh, "upstream-openai", "approved", max_level="public")
    after = fresh.http.post("/v1/chat/completions", json=prompt)
    assert after.status_code == 403
    assert "ceiling" in after.json()["error"]["message"]


def test_unregistered_supplier_depends_on_the_setting(
    fresh: Gw, request: pytest.FixtureRequest
) -> None:
    r = fresh.http.post("/v1/chat/completions", json=CHAT)
    require = "require-registered" in request.node.callspec.id
    assert r.status_code == (403 if require else 200)
    if require:
        assert "not in the AI supplier register" in r.json()["error"]["message"]


def test_models_of_unapproved_suppliers_are_not_listed(fresh: Gw) -> None:
    def owners() -> set[str]:
        r = fresh.http.get("/v1/models")
        assert r.status_code == 200, r.text
        return {m["owned_by"] for m in r.json()["data"]}

    register(fresh, "inspect", "approved")
    assert "inspect" in owners()
    register(fresh, "inspect", "pending")
    assert "inspect" not in owners()
