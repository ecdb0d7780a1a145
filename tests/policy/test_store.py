"""Hot reload keeps a working policy when the file breaks; every version is kept by hash."""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from annexa.audit.interface import AuditError, AuditEvent
from annexa.policy.interface import Action, PolicyError, Principal, Target
from annexa.policy.store import PolicyStore, audit_reloads

V1 = "rules:\n  - {id: allow-all, action: allow}\n"
V2 = "rules:\n  - {id: block-all, action: block}\n"
BROKEN = "rules:\n  - {id: x, action: maybe}\n"
WHO = Principal("u1", "Ann", "user", "member")
WHERE = Target("openai", "gpt-4o", "restricted")


def write(path: Path, text: str, bump: int) -> None:
    path.write_text(text, encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + bump * 1_000_000_000))


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_reload_switches_and_keeps_versions(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    write(path, V1, 0)
    changes: list[tuple[str, str]] = []
    store = PolicyStore(path, tmp_path, on_change=lambda a, b: changes.append((a, b)))
    assert store.current.decide([], WHO, WHERE).action is Action.ALLOW
    assert store.reload() is False  # unchanged file
    write(path, V2, 1)
    assert store.reload() is True
    decision = store.current.decide([], WHO, WHERE)
    assert (decision.action, decision.policy_hash) == (Action.BLOCK, sha(V2))
    assert changes == [(sha(V1), sha(V2))]
    assert {v.policy_hash for v in store.versions()} == {sha(V1), sha(V2)}
    assert store.source(sha(V1)) == V1.encode()


def test_broken_file_never_replaces_the_working_policy(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "policy.yaml"
    write(path, V1, 0)
    store = PolicyStore(path, tmp_path)
    write(path, BROKEN, 1)
    with caplog.at_level(logging.ERROR, logger="annexa.policy.store"):
        assert store.reload() is False
    assert store.current.policy_hash == sha(V1)
    assert store.last_error is not None
    assert f"{path}:2:" in store.last_error
    assert "previous one stays" in caplog.text
    path.unlink()
    assert store.reload() is False  # a vanished file also keeps the old policy
    assert store.current.policy_hash == sha(V1)
    write(path, V2, 2)
    assert store.reload() is True
    assert store.last_error is None
    assert sha(BROKEN) not in {v.policy_hash for v in store.versions()}


def test_a_broken_file_at_start_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    write(path, BROKEN, 0)
    with pytest.raises(PolicyError, match=r"policy\.yaml:2:"):
        PolicyStore(path, tmp_path)


def test_maybe_reload_is_rate_limited(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    write(path, V1, 0)
    store = PolicyStore(path, tmp_path, min_interval_s=3600)
    write(path, V2, 1)
    assert store.maybe_reload() is False
    assert store.current.policy_hash == sha(V1)
    store.min_interval_s = 0
    assert store.maybe_reload() is True


def test_unknown_version_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    write(path, V1, 0)
    store = PolicyStore(path, tmp_path)
    with pytest.raises(PolicyError, match="no kept policy version"):
        store.source("0" * 64)
    with pytest.raises(PolicyError):
        store.source("../policy")


@dataclass
class Sink:
    events: list[AuditEvent] = field(default_factory=list)
    failing: bool = False

    def append(self, event: AuditEvent) -> None:
        if self.failing:
            raise AuditError("the test sink refuses")
        self.events.append(event)


def test_reloads_and_refused_files_are_audited(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "policy.yaml"
    write(path, V1, 0)
    store, sink = PolicyStore(path, tmp_path), Sink()
    audit_reloads(store, sink)
    write(path, V2, 1)
    assert store.reload() is True
    write(path, BROKEN, 2)
    assert store.reload() is False
    path.unlink()
    assert store.reload() is False  # unreadable: no hash to record for it
    seen = [(e.name, e.outcome, e.actor.kind, e.details) for e in sink.events]
    base = {"target": "policy", "version": None}
    assert seen == [
        ("config-changed", "success", "service", base | {
            "action": "reload", "before_hash": sha(V1), "after_hash": sha(V2), "version": sha(V2)}),
        ("config-changed", "failure", "service", base | {
            "action": "reload-refused", "before_hash": sha(V2), "after_hash": sha(BROKEN),
            "version": sha(BROKEN)}),
        ("config-changed", "failure", "service", base | {
            "action": "reload-refused", "before_hash": sha(V2), "after_hash": None}),
    ]  # fmt: skip
    sink.failing = True
    write(path, V1, 3)
    with caplog.at_level(logging.ERROR, logger="annexa.policy.store"):
        assert store.reload() is True  # the reload stands; the failed append is logged
    assert store.current.policy_hash == sha(V1)
    assert "could not be recorded" in caplog.text
