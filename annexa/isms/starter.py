"""The starter SoA: the controls Annexa itself implements, pre-marked with *how*, read from the
running configuration; every other control is left undecided for the organisation.

:func:`gather_facts` reads the configuration and database (I/O); :func:`starter_entries` turns
the facts into SoA lines (pure, so the mapping is tested without a data directory).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

import yaml
from sqlalchemy import func, inspect, select
from sqlalchemy.engine import Engine

from annexa.backup.tables import VERIFICATIONS
from annexa.identity.tables import API_KEYS, USERS
from annexa.isms.records import SoaEntry
from annexa.keys.tables import KEY_EVENTS
from annexa.policy.interface import Action, PolicyError
from annexa.policy.loader import parse_policy
from annexa.settings import Settings

__all__ = ["Facts", "gather_facts", "starter_entries"]

SCOPE = "Generative AI use is in scope of the ISMS and runs through the Annexa gateway."


@dataclass(frozen=True, slots=True)
class Facts:
    """What the running configuration shows (no secret values)."""

    key_scheme: str = "file"
    key_development: bool = False
    audit_retention_days: int = 0
    audit_forwarders: tuple[str, ...] = ()
    audit_anchor: bool = False
    policy_sha256: str | None = None
    attachment_rules: tuple[str, ...] = ()  # rules letting images, audio or files through
    providers: tuple[tuple[str, str, str | None], ...] = ()  # (name, supplier, max_level)
    users: int = 0
    api_keys: int = 0
    key_events: int = 0
    restore_tests_passed: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def _providers(settings: Settings) -> tuple[tuple[str, str, str | None], ...]:
    path = settings.gateway.providers_file
    path = path if path.is_absolute() else settings.data_dir / path
    if not path.is_file():
        return ()
    loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return tuple(
        (str(p["name"]), str(p.get("supplier") or p["name"]), p.get("max_level"))
        for p in loaded.get("providers") or []
        if isinstance(p, dict) and "name" in p
    )


def _attachment_rules(source: bytes | None, name: str) -> tuple[str, ...]:
    """The ids of the policy's rules that let images, audio or files leave unscanned (none
    for a policy that does not load: the gateway refuses to start on it)."""
    if source is None:
        return ()
    try:
        policy = parse_policy(source, name)
    except PolicyError:
        return ()
    return tuple(r.id for r in policy.attachment_rules if r.action is not Action.BLOCK)


def _count(engine: Engine, table: Any, *where: Any) -> int:
    if table.name not in inspect(engine).get_table_names():
        return 0
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one())


def gather_facts(settings: Settings, engine: Engine) -> Facts:
    """Read the facts from the settings, the policy and providers files, and the database."""
    policy = settings.gateway.policy_file
    policy = policy if policy.is_absolute() else settings.data_dir / policy
    source = policy.read_bytes() if policy.is_file() else None  # read once: hashed and parsed
    return Facts(
        key_scheme=settings.keys.provider.split(":", 1)[0],
        key_development=settings.keys.development,
        audit_retention_days=settings.audit.retention_days,
        audit_forwarders=tuple(f.name for f in settings.audit.forwarders),
        audit_anchor=settings.audit.anchor_dir is not None,
        policy_sha256=hashlib.sha256(source).hexdigest() if source is not None else None,
        attachment_rules=_attachment_rules(source, str(policy)),
        providers=_providers(settings),
        users=_count(engine, USERS),
        api_keys=_count(engine, API_KEYS, API_KEYS.c.revoked_at.is_(None)),
        key_events=_count(engine, KEY_EVENTS),
        restore_tests_passed=_count(engine, VERIFICATIONS, VERIFICATIONS.c.passed.is_(True)),
    )


def _line(control: str, status: str, how: str) -> SoaEntry:
    return SoaEntry.model_validate({
        "control_id": control, "applicable": True, "status": status, "how": how,
        "justification": SCOPE, "owner": "",
    })  # fmt: skip


def _suppliers_text(f: Facts) -> str:
    if not f.providers:
        return "no AI provider configured yet"
    return ", ".join(
        f"{n} (supplier {s}, max level {lvl or 'not set'})" for n, s, lvl in f.providers
    )


def starter_entries(f: Facts) -> list[SoaEntry]:
    """The pre-marked lines for the controls Annexa implements, given the facts. Pure."""
    policy = f"policy sha256 {f.policy_sha256[:16]}" if f.policy_sha256 else "no policy file yet"
    attachments = (
        "images, audio and files leave unscanned only by the rules " + ", ".join(f.attachment_rules)
        if f.attachment_rules
        else "images, audio and files, which cannot be scanned, are refused"
    )
    suppliers = _suppliers_text(f)
    strong_keys = f.key_scheme in {"vault", "kms"} and not f.key_development
    dev = " (development)" if f.key_development else ""
    forward = ", ".join(f.audit_forwarders) or "none"
    anchor = "yes" if f.audit_anchor else "no"
    table: list[tuple[str, bool, str]] = [
        ("A.5.9", False, "AI systems inventory and AI supplier register kept in Annexa."),
        ("A.5.12", False, f"Gateway classifies prompt content by entity level; {policy}."),
        ("A.5.14", False, f"Transfer rules to AI suppliers enforced per request; {policy}."),
        ("A.5.15", False, f"Virtual API keys scoped to suppliers and models; {f.api_keys} active."),
        ("A.5.16", False, f"Users and principals recorded ({f.users} users)."),
        ("A.5.17", False, "API keys stored as SHA-256 digests, passwords as argon2id hashes."),
        ("A.5.18", False, "Keys expire and can be revoked; access reviews not yet recorded."),
        ("A.5.19", False, f"Only approved suppliers are reachable: {suppliers}."),
        ("A.5.22", False, "Supplier reviews recorded in the AI supplier register."),
        ("A.5.34", False, f"Personal data pseudonymized or redacted before it leaves; {policy}."),
        ("A.8.9", False, f"Policy and provider configuration versioned; {policy}."),
        ("A.8.11", True, f"Prompts pseudonymized or redacted; {policy}; suppliers: {suppliers}."),
        ("A.8.12", True, f"Every prompt scanned, the policy allows, pseudonymizes, redacts or "
                         f"blocks; {attachments}; {policy}; suppliers: {suppliers}."),
        ("A.8.13", f.restore_tests_passed > 0,
         f"Encrypted backups; {f.restore_tests_passed} passed signed restore tests."),
        ("A.8.15", f.audit_retention_days >= 365,
         f"Hash-chained audit log, signed checkpoints; retention {f.audit_retention_days} days; "
         f"SIEM forwarders: {forward}; external anchor: {anchor}."),
        ("A.8.24", strong_keys, f"AES-256-GCM envelope encryption; key provider "
                                f"{f.key_scheme}:{dev}; {f.key_events} key events recorded."),
    ]  # fmt: skip
    return [_line(cid, "implemented" if done else "partial", how) for cid, done, how in table]
