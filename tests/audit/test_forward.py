"""Forwarding through the durable outbox to real receivers on loopback; nothing is lost."""

from __future__ import annotations

import json
import re
import ssl
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from prometheus_client import REGISTRY
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from annexa.audit.checkpoint import CheckpointSigner
from annexa.audit.forwarder import Forwarder, ForwardOptions
from annexa.audit.sinks import FileSink, SinkError, SyslogSink, WebhookSink, make_sink
from annexa.audit.sinks.syslog import format_message, frame
from annexa.audit.store import AuditLog
from annexa.cli import app
from annexa.settings import AuditForwarder, load_settings
from tests.audit.conftest import event, open_log
from tests.audit.receivers import HttpReceiver, SyslogReceiver, self_signed

FAST = ForwardOptions(batch_size=7, retry_min_s=0.05, retry_max_s=0.2, poll_s=0.05)
HEADER = re.compile(rb'^<(\d+)>1 \S+Z \S+ annexa - ([a-z-]+) \[annexa@32473 seq="(\d+)"\] \{')


@pytest.fixture
def log(engine: Engine, signer: CheckpointSigner) -> Iterator[AuditLog]:
    """An open audit log."""
    with open_log(engine, signer) as opened:
        yield opened


def _seqs(messages: list[bytes]) -> set[int]:
    found = set()
    for m in messages:
        match = HEADER.match(m)
        assert match, m[:120]
        found.add(int(match.group(3)))
    return found


def test_syslog_message_is_rfc5424_with_octet_counting() -> None:
    record: dict[str, object] = {
        "time": "2026-01-31T12:00:00.000000Z",
        "event": "auth-failure",
        "outcome": "failure",
    }
    message = format_message(9, record, "gw1")
    assert message.startswith(b"<108>1 2026-01-31T12:00:00.000000Z gw1 annexa - auth-failure ")
    assert json.loads(message.split(b"] ", 1)[1])["seq"] == 9
    assert frame(b"abc") == b"3 abc"


def test_file_sink_gets_every_event_once(log: AuditLog, engine: Engine, tmp_path: Path) -> None:
    for i in range(20):
        log.append(event(i))
    fwd = Forwarder(engine, FileSink("file", tmp_path / "siem.jsonl"), FAST)
    assert fwd.drain()
    lines = (tmp_path / "siem.jsonl").read_text().splitlines()
    assert [json.loads(line)["seq"] for line in lines] == list(range(1, 21))
    assert REGISTRY.get_sample_value("annexa_audit_forward_lag_events", {"sink": "file"}) == 0


def test_syslog_receiver_down_for_a_while_loses_nothing(log: AuditLog, engine: Engine) -> None:
    receiver = SyslogReceiver()
    receiver.start()
    sink = SyslogSink("siem", "127.0.0.1", receiver.port, confirm_delay_s=0.3)
    fwd = Forwarder(engine, sink, FAST)
    fwd.start()
    try:
        for i in range(30):
            log.append(event(i))
        time.sleep(0.5)
        receiver.stop()  # the SIEM goes down while events keep coming
        for i in range(30, 60):
            log.append(event(i))
        time.sleep(2.0)
        assert fwd.cursor < 60
        receiver.start()  # ...and comes back on the same port
        deadline = time.monotonic() + 20
        while fwd.cursor < 60 and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        fwd.stop()
        receiver.stop()
    assert fwd.cursor == 60
    assert _seqs(receiver.messages) == set(range(1, 61))


def test_syslog_over_tls(log: AuditLog, engine: Engine, tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path)
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(cert, key)
    receiver = SyslogReceiver(tls=server_ctx)
    receiver.start()
    cfg = AuditForwarder(name="tls", kind="syslog", host="localhost", port=receiver.port,
                         tls=True, ca_file=cert)  # fmt: skip
    sink = make_sink(cfg)
    assert isinstance(sink, SyslogSink)
    sink.confirm_delay_s = 0.1
    for i in range(15):
        log.append(event(i))
    fwd = Forwarder(engine, sink, FAST)
    try:
        assert fwd.drain()
        deadline = time.monotonic() + 5
        while len(receiver.messages) < 15 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        sink.close()
        receiver.stop()
    assert _seqs(receiver.messages) == set(range(1, 16))


def test_tls_receiver_with_an_untrusted_certificate_is_refused(tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path)
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(cert, key)
    receiver = SyslogReceiver(tls=server_ctx)
    receiver.start()
    sink = SyslogSink("x", "localhost", receiver.port, tls=ssl.create_default_context())
    try:
        with pytest.raises(SinkError):
            sink.send([(1, {"time": "2026-01-31T12:00:00.000000Z", "event": "x"})])
    finally:
        receiver.stop()


@pytest.mark.parametrize("fmt", ["json", "splunk-hec"])
def test_webhook_retries_through_an_outage(
    fmt: str, log: AuditLog, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = uuid.uuid4().hex
    monkeypatch.setenv("ANNEXA_TEST_HEC_TOKEN", token)
    receiver = HttpReceiver()
    receiver.status = 503
    cfg = AuditForwarder(name=f"hook-{fmt}", kind="webhook", url=receiver.url, format=fmt,
                         token="env:ANNEXA_TEST_HEC_TOKEN")  # fmt: skip
    sink = make_sink(cfg)
    assert isinstance(sink, WebhookSink)
    for i in range(12):
        log.append(event(i))
    fwd = Forwarder(engine, sink, FAST)
    try:
        for _ in range(3):
            with pytest.raises(SinkError):
                fwd.step()
        assert fwd.cursor == 0
        receiver.status = 200
        assert fwd.drain()
    finally:
        sink.close()
        receiver.stop()
    scheme = "Splunk" if fmt == "splunk-hec" else "Bearer"
    assert receiver.headers[0]["Authorization"] == f"{scheme} {token}"
    if fmt == "json":
        seqs = [item["seq"] for body in receiver.bodies for item in json.loads(body)]
    else:
        decoder, seqs = json.JSONDecoder(), []
        for body in receiver.bodies:
            text, pos = body.decode(), 0
            while pos < len(text):
                obj, pos = decoder.raw_decode(text, pos)
                assert obj["sourcetype"] == "annexa:audit"
                assert isinstance(obj["time"], float)
                seqs.append(obj["event"]["seq"])
    assert seqs == list(range(1, 13))


def test_cursor_survives_a_restart(log: AuditLog, engine: Engine, tmp_path: Path) -> None:
    for i in range(10):
        log.append(event(i))
    assert Forwarder(engine, FileSink("f", tmp_path / "a.jsonl"), FAST).drain()
    for i in range(10, 15):
        log.append(event(i))
    again = Forwarder(engine, FileSink("f", tmp_path / "a.jsonl"), FAST)
    assert again.cursor == 10
    assert again.drain()
    seqs = [json.loads(x)["seq"] for x in (tmp_path / "a.jsonl").read_text().splitlines()]
    assert seqs == list(range(1, 16))


def test_forward_cli_once_delivers_to_a_file(tmp_path: Path) -> None:
    data = tmp_path / "d"
    data.mkdir()
    target = tmp_path / "out.jsonl"
    config = {"audit": {"forwarders": [{"name": "f", "kind": "file", "path": str(target)}]}}
    (data / "annexa.yaml").write_text(yaml.safe_dump(config))
    with AuditLog.open(load_settings(data)) as opened:
        for i in range(5):
            opened.append(event(i))
    result = CliRunner().invoke(app, ["audit", "forward", "--data-dir", str(data), "--once"])
    assert result.exit_code == 0, result.output
    assert len(target.read_text().splitlines()) == 5
