"""A.8.9, A.8.12: the active policy and providers files, by SHA-256 (what was in force)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from annexa.isms.collectors.base import Collected, Context, as_evidence
from annexa.settings import Settings


def config_file(settings: Settings, path: Path) -> Path:
    """``path`` if absolute, else inside the data directory."""
    return path if path.is_absolute() else settings.data_dir / path


def file_sha256(path: Path) -> str | None:
    """The file's SHA-256, or None when it does not exist."""
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


class PolicyConfigCollector:
    """The gateway's policy and supplier configuration in force, hashed."""

    name = "policy-config"
    controls: tuple[str, ...] = ("A.8.9", "A.8.12")
    valid_days = 30

    def collect(self, ctx: Context) -> Collected:
        """One item naming both files and their hashes."""
        g = ctx.settings.gateway
        policy = config_file(ctx.settings, g.policy_file)
        providers = config_file(ctx.settings, g.providers_file)
        hashes = {"policy": file_sha256(policy), "providers": file_sha256(providers)}
        if hashes["policy"] is None:
            return Collected(self.name, "no-data", f"no policy file at {policy}")
        facts = {"policy_file": str(policy), "providers_file": str(providers), **hashes}
        summary = f"policy {str(hashes['policy'])[:12]} in force"
        item = as_evidence(self, "Gateway policy in force", summary, facts, self.valid_days)
        return Collected(self.name, "ok", summary, (item,))
