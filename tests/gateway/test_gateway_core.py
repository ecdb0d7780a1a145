"""The gateway without HTTP: a vault that cannot write refuses the request before anything
leaves; the same value gets the same placeholder across turns; audit events carry no values."""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import anyio
import pytest

from annexa.db import database_url, make_engine, upgrade
from annexa.detect.scanner import Scanner
from annexa.errors import AnnexaError
from annexa.gateway import Gateway, Incoming
from annexa.identity.apikeys import ApiKeyStore
from annexa.policy.loader import parse_policy
from annexa.providers.config import Registry
from annexa.providers.interface import Exchange, Provider, ProviderConfig, SSEEvent
from annexa.transform.vault import AesGcmCipher, MemoryVaultStore, Vault, VaultEntry
from tests.gateway.conftest import POLICY, ListSink

EMAIL = "maria.keller@example.com"


class RecordingProvider(Provider):
    """Answers with a fixed text and keeps every body it was asked to send."""

    dialects = frozenset({"openai"})

    def __init__(self) -> None:
        super().__init__(ProviderConfig(name="upstream-openai", kind="test", models=("*",)))
        self.bodies: list[Mapping[str, Any]] = []

    async def send(
        self, exchange: Exchange, body: Mapping[str, Any], headers: Mapping[str, str]
    ) -> tuple[int, Any]:
        self.bodies.append(body)
        return 200, {"choices": [{"index": 0, "message": {"content": "ok"}}]}

    async def stream(
        self, exchange: Exchange, body: Mapping[str, Any], headers: Mapping[str, str]
    ) -> AsyncIterator[SSEEvent]:
        self.bodies.append(body)
        yield SSEEvent("[DONE]")


class BrokenStore(MemoryVaultStore):
    """A vault store whose database is gone."""

    def put(self, entries: Sequence[VaultEntry]) -> dict[str, str]:
        raise OSError("disk I/O error")


@pytest.fixture
def parts(tmp_path: Path) -> Iterator[tuple[ApiKeyStore, str]]:
    engine = make_engine(database_url(tmp_path))
    upgrade(engine)
    keys = ApiKeyStore(engine)
    _, key = keys.create("alice", "member")
    yield keys, key
    engine.dispose()


def build(
    keys: ApiKeyStore, store: MemoryVaultStore
) -> tuple[Gateway, RecordingProvider, ListSink]:
    provider, sink = RecordingProvider(), ListSink()
    vault = Vault(store, AesGcmCipher(os.urandom(32)), os.urandom(32))
    policy = parse_policy(POLICY)
    gateway = Gateway(
        scanner=Scanner(),
        policy=lambda: policy,
        providers=Registry([provider]),
        keys=keys,
        audit=sink,
        vault=vault,
        max_body_bytes=100_000,
    )
    return gateway, provider, sink


def request(key: str, *texts: str) -> Incoming:
    messages = [{"role": "user", "content": t} for t in texts]
    body = json.dumps({"model": "gpt-4o", "messages": messages}).encode()
    return Incoming("chat", key, body, {}, "req-1")


def test_vault_write_failure_fails_closed(parts: tuple[ApiKeyStore, str]) -> None:
    keys, key = parts
    gateway, provider, sink = build(keys, BrokenStore())
    with pytest.raises(AnnexaError) as err:
        anyio.run(gateway.handle, request(key, f"mail {EMAIL}"))
    assert err.value.status_code == 503
    assert provider.bodies == []
    [event] = sink.events
    assert event.outcome == "error"
    assert event.details["status"] == 503
    assert event.details["scanned"] is True


def test_same_value_same_placeholder_across_turns(parts: tuple[ApiKeyStore, str]) -> None:
    keys, key = parts
    gateway, provider, sink = build(keys, MemoryVaultStore())

    async def main() -> None:
        await gateway.handle(request(key, f"mail {EMAIL}"))
        await gateway.handle(request(key, "earlier", f"again {EMAIL.upper()}", f"{EMAIL}!"))
        await gateway.drain()

    anyio.run(main)
    first = provider.bodies[0]["messages"][0]["content"]
    later = [m["content"] for m in provider.bodies[1]["messages"]]
    token = first.removeprefix("mail ")
    assert token.startswith("[[EMAIL_ADDRESS_")
    assert later == ["earlier", f"again {token}", f"{token}!"]
    records = json.dumps([e.details for e in sink.events])
    assert "maria" not in records.lower()
    assert sorted(e.name for e in sink.events) == ["ai-request"] * 2 + ["ai-response"] * 2
