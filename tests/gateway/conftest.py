"""The gateway, served by uvicorn on loopback, in front of the fake upstream (also on loopback).

``stack`` is built once per session: a data directory with a test policy, providers pointing at
the fake upstream, a recording audit sink, and a member API key. ``gw`` resets the fake's
switches and records and the sink before each test.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import openai
import pytest

from annexa.app import Overrides, create_app
from annexa.audit.interface import AuditError, AuditEvent
from annexa.db import database_url, make_engine, upgrade
from annexa.detect.interface import Detector, Finding, ScanContext
from annexa.detect.scanner import Scanner, load_detectors
from annexa.identity.apikeys import ApiKeyStore
from annexa.settings import load_settings
from annexa.testing.fake_upstream import FakeUpstream, Switches, serve_in_thread
from annexa.web.http import uvicorn_http_options

AZURE_KEY = "azure-test-key-not-a-secret"
POLICY = """\
version: 1
levels: [public, internal, confidential, restricted]
entities:
  SECRET: restricted
  CREDIT_CARD: restricted
  EMAIL_ADDRESS: internal
  CODENAME: restricted
providers:
  inspect: {max_level: restricted}
  upstream-openai: {max_level: restricted}
  upstream-anthropic: {max_level: restricted}
  upstream-azure: {max_level: restricted}
rules:
  - id: no-codenames
    entities: [CODENAME]
    action: block
  - id: no-credentials
    entities: [SECRET]
    action: redact
  - id: pseudonymize-pii
    entities: [CREDIT_CARD, EMAIL_ADDRESS]
    action: pseudonymize
  - id: allow-rest
    action: allow
default: block
attachments:
  - id: no-files
    media: [file]
    action: block
  - id: screenshots-to-claude
    media: [image]
    providers: [upstream-anthropic]
    action: allow
"""

PROVIDERS = """\
providers:
  - name: upstream-openai
    kind: openai_compatible
    base_url: {url}/v1
    models: ["gpt-*", "text-embedding-*"]
  - name: upstream-anthropic
    kind: anthropic
    base_url: {url}
    models: ["claude-*"]
  - name: inspect
    kind: inspect
    models: ["inspect"]
  - name: upstream-azure
    kind: azure_openai
    base_url: {url}
    api_key: env:ANNEXA_TEST_AZURE_KEY
    api_version: "2024-10-21"
    models: ["azure-*"]
"""


class CodenameDetector(Detector):
    """Test detector: ``BLUEFIN-<digits>`` is a restricted code name (the policy blocks it)."""

    name = "test_codename"
    entities = ("CODENAME",)

    def detect(self, ctx: ScanContext) -> Iterable[Finding]:
        for m in re.finditer(r"BLUEFIN-\d+", ctx.text):
            yield Finding("CODENAME", m.start(), m.end(), 0.9, self.name)


class ExplodingDetector(Detector):
    """Test detector that crashes on the word EXPLODE (the gateway must fail closed)."""

    name = "test_exploding"
    entities = ("NOTHING",)

    def detect(self, ctx: ScanContext) -> Iterable[Finding]:
        if "EXPLODE" in ctx.text:
            raise RuntimeError("detector bug")
        return ()


@dataclass
class ListSink:
    """A real, in-memory audit sink; ``failing`` makes every append raise."""

    events: list[AuditEvent] = field(default_factory=list)
    failing: bool = False

    def append(self, event: AuditEvent) -> None:
        if self.failing:
            raise AuditError("the test sink refuses")
        self.events.append(event)

    def named(self, name: str) -> list[AuditEvent]:
        return [e for e in self.events if e.name == name]


@dataclass
class Stack:
    """Everything a gateway test needs."""

    url: str  # the gateway's root URL
    upstream: FakeUpstream
    sink: ListSink
    key: str
    data_dir: Path
    keys: ApiKeyStore

    @property
    def v1(self) -> str:
        return f"{self.url}/v1"


def write_data_dir(data_dir: Path, upstream_url: str) -> None:
    """A data directory with the test policy and providers pointing at ``upstream_url``."""
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "annexa.yaml").write_text(
        "keys: {provider: 'file:', development: true}\n"
        "gateway: {read_timeout_s: 1.5, body_timeout_s: 1.0, max_body_bytes: 200000}\n",
        encoding="utf-8",
    )
    (data_dir / "policy.yaml").write_text(POLICY, encoding="utf-8")
    (data_dir / "providers.yaml").write_text(PROVIDERS.format(url=upstream_url), encoding="utf-8")


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    upstream = FakeUpstream()
    with serve_in_thread(upstream.app()) as upstream_url:
        data_dir = tmp_path_factory.mktemp("gateway")
        write_data_dir(data_dir, upstream_url)
        os.environ["ANNEXA_TEST_AZURE_KEY"] = AZURE_KEY
        settings = load_settings(data_dir)
        engine = make_engine(database_url(data_dir))
        upgrade(engine)
        keys = ApiKeyStore(engine)
        _, key = keys.create("alice", "member")
        sink = ListSink()
        detectors = [*load_detectors(settings.scan), CodenameDetector(), ExplodingDetector()]
        scanner = Scanner(settings.scan, detectors=detectors)
        app = create_app(settings, Overrides(audit=sink, scanner=scanner, engine=engine))
        http = uvicorn_http_options(settings.gateway.max_header_bytes)
        with serve_in_thread(app, **http) as url:
            yield Stack(url, upstream, sink, key, data_dir, keys)
        engine.dispose()


@pytest.fixture
def gw(stack: Stack) -> Stack:
    stack.upstream.requests.clear()
    stack.upstream.switches = Switches()
    stack.upstream.aborted_streams = stack.upstream.completed_streams = 0
    stack.sink.events.clear()
    stack.sink.failing = False
    return stack


@pytest.fixture
def oai(gw: Stack) -> Iterator[openai.OpenAI]:
    """The official openai client pointed at the gateway with the member key."""
    with openai.OpenAI(base_url=gw.v1, api_key=gw.key, max_retries=0) as c:
        yield c
