"""The policy in force, its versions, and hot reload that never breaks a working policy.

:class:`PolicyStore` owns one policy file (by default ``<data_dir>/policy.yaml``). Every version
it ever loads is kept, content-addressed, as ``<data_dir>/policies/<sha256>.yaml`` (the same hash
each :class:`~annexa.policy.interface.Decision` carries), so any decision can be traced back to
the exact file that made it; ``annexa policy diff`` compares any two.

:meth:`PolicyStore.reload` re-reads the file when its modification time or size changed. A file
that no longer loads is logged and reported through ``last_error``; the working policy stays in
force (DESIGN: an invalid policy never replaces a working one). ``on_change`` and
``on_refused`` let the caller audit each switch and each refused file; :func:`audit_reloads`
wires them to the audit log (``config-changed`` on target ``policy``).
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from annexa.audit.events import ConfigChanged, make_event
from annexa.audit.interface import SYSTEM, AuditSink
from annexa.policy.combinators import RulePolicy
from annexa.policy.interface import PolicyError
from annexa.policy.loader import parse_policy, policy_hash

__all__ = [
    "PolicyStore",
    "PolicyVersion",
    "audit_reloads",
    "default_policy_path",
    "versions_dir",
]

log = logging.getLogger(__name__)

OnChange = Callable[[str, str], None]  # (old hash, new hash)
OnRefused = Callable[[str, str | None], None]  # (hash in force, refused file's hash or None)


def default_policy_path(data_dir: Path) -> Path:
    """Where ``annexa init`` writes the policy and the gateway reads it."""
    return data_dir / "policy.yaml"


def versions_dir(data_dir: Path) -> Path:
    """Where every loaded policy version is kept."""
    return data_dir / "policies"


@dataclass(frozen=True, slots=True)
class PolicyVersion:
    """One kept version: its hash, its file, when it was first kept (Unix time)."""

    policy_hash: str
    path: Path
    kept_at: float


class PolicyStore:
    """The current policy of one file; reload is thread-safe and keeps the old on failure."""

    def __init__(
        self,
        path: Path,
        data_dir: Path,
        *,
        on_change: OnChange | None = None,
        on_refused: OnRefused | None = None,
        min_interval_s: float = 1.0,
    ) -> None:
        self.path = path
        self.versions_dir = versions_dir(data_dir)
        self.on_change = on_change
        self.on_refused = on_refused
        self.min_interval_s = min_interval_s
        self.last_error: str | None = None
        self._lock = threading.Lock()
        self._checked = time.monotonic()
        self._stamp = self._stat()
        self._policy = self._load()  # no working policy yet: a broken file raises

    @property
    def current(self) -> RulePolicy:
        """The policy in force."""
        return self._policy

    def maybe_reload(self) -> bool:
        """:meth:`reload`, at most once per ``min_interval_s`` (cheap to call per request)."""
        now = time.monotonic()
        if now - self._checked < self.min_interval_s:
            return False
        self._checked = now
        return self.reload()

    def reload(self, *, force: bool = False) -> bool:
        """Load the file again if it changed; True when a new policy is now in force."""
        with self._lock:
            stamp = self._stat()
            if stamp == self._stamp and not force:
                return False
            self._stamp = stamp
            raw: bytes | None = None
            refused: tuple[str, str | None] | None = None
            try:
                raw = self._read()
                policy = self._parse(raw)
            except PolicyError as exc:
                self.last_error = exc.message
                log.error("policy %s not reloaded, the previous one stays: %s", self.path, exc)
                refused = (self._policy.policy_hash, None if raw is None else policy_hash(raw))
            else:
                self.last_error = None
                old, self._policy = self._policy, policy
        if refused is not None:
            if self.on_refused is not None:
                self.on_refused(*refused)
            return False
        if old.policy_hash == policy.policy_hash:
            return False
        log.info("policy %s now in force: %s", self.path, policy.policy_hash)
        if self.on_change is not None:
            self.on_change(old.policy_hash, policy.policy_hash)
        return True

    def versions(self) -> list[PolicyVersion]:
        """Every kept version, oldest first."""
        if not self.versions_dir.is_dir():
            return []
        found = [
            PolicyVersion(p.stem, p, p.stat().st_mtime) for p in self.versions_dir.glob("*.yaml")
        ]
        return sorted(found, key=lambda v: (v.kept_at, v.policy_hash))

    def source(self, policy_hash: str) -> bytes:
        """The exact bytes of a kept version."""
        path = self.versions_dir / f"{policy_hash}.yaml"
        if len(policy_hash) != 64 or not path.is_file():
            raise PolicyError(f"no kept policy version {policy_hash!r} in {self.versions_dir}")
        return path.read_bytes()

    def _stat(self) -> tuple[int, int] | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def _load(self) -> RulePolicy:
        return self._parse(self._read())

    def _read(self) -> bytes:
        try:
            return self.path.read_bytes()
        except OSError as exc:
            raise PolicyError(f"{self.path}: cannot read the policy: {exc.strerror}") from exc

    def _parse(self, raw: bytes) -> RulePolicy:
        policy = parse_policy(raw, str(self.path))
        self._keep(policy.policy_hash, raw)
        return policy

    def _keep(self, policy_hash: str, raw: bytes) -> None:
        target = self.versions_dir / f"{policy_hash}.yaml"
        if target.exists():
            return
        self.versions_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.versions_dir, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)


def audit_reloads(store: PolicyStore, audit: AuditSink) -> None:
    """Append a ``config-changed`` event (target ``policy``, actor Annexa) for every policy
    that comes into force on reload (``reload``: old and new hash) and every file refused
    (``reload-refused``, outcome ``failure``: the hash in force and the refused file's). The
    reload is already done when the append runs: a failed append is logged, never raised."""

    def append(action: str, before: str, after: str | None, ok: bool) -> None:
        details = ConfigChanged(
            target="policy", action=action, before_hash=before, after_hash=after, version=after
        )
        try:
            audit.append(make_event(details, SYSTEM, "success" if ok else "failure"))
        except Exception:
            log.exception(
                "audit: the policy %s (%s -> %s) could not be recorded", action, before, after
            )

    store.on_change = lambda old, new: append("reload", old, new, True)
    store.on_refused = lambda old, refused: append("reload-refused", old, refused, False)
