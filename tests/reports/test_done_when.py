"""Issue 6's "done when", end to end: real gateway traffic (the app served on loopback, the real
AuditLog, a fake upstream), an approved and an unapproved supplier, then ``annexa report``: the
PDF's and the metrics' DLP numbers equal the audit log's records."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pypdf import PdfReader
from sqlalchemy import select
from typer.testing import CliRunner

from annexa.app import Overrides, create_app
from annexa.audit.store import AuditLog
from annexa.audit.tables import EVENTS
from annexa.cli import app as cli
from annexa.db import database_url, make_engine, upgrade
from annexa.identity.apikeys import ApiKeyStore
from annexa.isms import suppliers
from annexa.isms.records import Supplier
from annexa.settings import load_settings
from annexa.testing.fake_upstream import FakeUpstream, serve_in_thread
from tests.gateway.conftest import AZURE_KEY, write_data_dir

PROMPTS = ["hello there", "mail jane.doe@example.com about it",
           "card 4111 1111 1111 1111 and bob@example.org", "plain question"]  # fmt: skip


def chat(text: str) -> dict[str, object]:
    return {"model": "gpt-4o", "messages": [{"role": "user", "content": text}]}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Traffic through the gateway: 8 requests to the approved supplier, 1 refused."""
    upstream = FakeUpstream()
    with serve_in_thread(upstream.app()) as upstream_url:
        data = tmp_path_factory.mktemp("done-when")
        write_data_dir(data, upstream_url)
        os.environ["ANNEXA_TEST_AZURE_KEY"] = AZURE_KEY
        settings = load_settings(data)
        engine = make_engine(database_url(data))
        upgrade(engine)
        _, key = ApiKeyStore(engine).create("alice", "member")
        with engine.begin() as conn:
            suppliers.save(conn, Supplier(name="upstream-openai", approval="approved"))
            suppliers.save(conn, Supplier(name="upstream-anthropic", approval="pending"))
        with AuditLog.open(settings) as log:
            gateway = create_app(settings, Overrides(audit=log, engine=engine))
            with (
                serve_in_thread(gateway) as url,
                httpx.Client(
                    base_url=url, headers={"authorization": f"Bearer {key}"}, timeout=10
                ) as http,
            ):
                for text in PROMPTS * 2:
                    assert http.post("/v1/chat/completions", json=chat(text)).status_code == 200
                refused = http.post("/v1/messages", json={
                    "model": "claude-x", "max_tokens": 5,
                    "messages": [{"role": "user", "content": "hi"}]})  # fmt: skip
                assert refused.status_code == 403
        engine.dispose()
        yield data


def logged(data: Path) -> list[dict[str, object]]:
    engine = make_engine(database_url(data))
    with engine.connect() as conn:
        records = [json.loads(r) for (r,) in conn.execute(select(EVENTS.c.record))]
    engine.dispose()
    return [r for r in records if r["event"] == "ai-request"]


def test_report_numbers_equal_the_audit_log(data_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "m.json"
    result = runner.invoke(cli, ["report", "metrics", "-f", "json", "-o", str(out),
                                 "--data-dir", str(data_dir)])  # fmt: skip
    assert result.exit_code == 0, result.output
    metrics = json.loads(out.read_text())
    records = logged(data_dir)
    assert len(records) == 9
    details = [r["details"] for r in records]
    assert isinstance(details[0], dict)
    decisions = Counter(str(d["decision"]) for d in details if isinstance(d, dict))
    entities: Counter[str] = Counter()
    for d in details:
        assert isinstance(d, dict)
        entities.update(d["entities"])
    assert metrics["requests"] == 9
    assert metrics["decisions"] == dict(decisions)
    assert metrics["findings"] == dict(entities)
    assert entities["EMAIL_ADDRESS"] == 4  # one address in each of two prompts, each sent twice
    assert [r["outcome"] for r in records].count("denied") == 1  # the unapproved supplier
    pdf = tmp_path / "report.pdf"
    result = runner.invoke(cli, ["report", "-o", str(pdf), "--data-dir", str(data_dir)])
    assert result.exit_code == 0, result.output
    text = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
    figures = text[text.index("Measure (Clause 9.1)") :]
    assert "AI requests (audit log ai-request events)\n9\n" in figures
    for entity, n in entities.items():
        assert f"Findings: {entity}\n{n}\n" in figures, entity
