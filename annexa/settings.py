"""Settings: one YAML file (``annexa.yaml`` in the data directory) plus ``ANNEXA_*`` overrides.

Secrets are never values here, only references (``env:NAME``, ``vault:path#key``, ``kms:arn``).
Nested fields are overridden with a double underscore: ``ANNEXA_SCAN__MIN_SCORE=0.5``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import platformdirs
import yaml
from pydantic import BaseModel, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from annexa.errors import ConfigError

DEFAULT_LABELS = (
    "STRICTLY CONFIDENTIAL",
    "CONFIDENTIAL",
    "INTERNAL ONLY",
    "RESTRICTED",
    "VERTRAULICH",
    "STRENG VERTRAULICH",
    "CONFIDENTIEL",
    "CONFIDENCIAL",
    "RISERVATO",
    "VERTROUWELIJK",
    "INTERNAL USE ONLY",
    "NUR FÜR DEN INTERNEN GEBRAUCH",
    "USAGE INTERNE",
    "USO INTERNO",
    # the Traffic Light Protocol (FIRST's TLP 2.0) that CERTs and security teams mark with
    "TLP:RED",
    "TLP:AMBER+STRICT",
    "TLP:AMBER",
    "TLP:GREEN",
    "TLP:CLEAR",
)


def default_data_dir() -> Path:
    """The per-user data directory (``~/.local/share/annexa`` on Linux)."""
    return Path(platformdirs.user_data_dir("annexa", appauthor=False))


class CustomPattern(BaseModel):
    """A regex detector from configuration."""

    name: str = Field(description="Rule id, unique; findings carry it as their detector name.")
    regex: str = Field(description="Python regular expression; group 0 is the span.")
    entity: str = Field(default="CUSTOM", description="Entity type the findings get.")
    score: float = Field(default=0.85, ge=0.0, le=1.0, description="Score of a match.")


class TermList(BaseModel):
    """The organisation's own confidential terms (customer names, project code names)."""

    entity: str = Field(default="CONFIDENTIAL_TERM", description="Entity type of a hit.")
    terms: list[str] = Field(default_factory=list, description="Terms listed inline.")
    file: Path | None = Field(default=None, description="A file with one term per line.")
    case_sensitive: bool = Field(default=False, description="Match case exactly.")


class ScanSettings(BaseModel):
    """How the detection engine runs."""

    min_score: float = Field(default=0.4, ge=0.0, le=1.0, description="Drop findings below this.")
    ner: bool = Field(default=False, description="Run spaCy NER (needs the annexa[ner] extra).")
    ner_model: str = Field(default="en_core_web_sm", description="spaCy model package to load.")
    terms: list[TermList] = Field(default_factory=list, description="Confidential term lists.")
    patterns: list[CustomPattern] = Field(default_factory=list, description="Custom regexes.")
    labels: list[str] = Field(
        default_factory=lambda: list(DEFAULT_LABELS),
        description="Classification labels that mark the whole text.",
    )
    decode_depth: int = Field(
        default=2, ge=0, le=4, description="How deep base64/URL/hex blobs are decoded."
    )
    max_chars: int = Field(
        default=8_000_000, gt=0, description="Longest text one scan accepts (characters)."
    )
    timeout_s: float = Field(
        default=10.0, gt=0, description="Scan time budget; past it the scan fails closed."
    )
    disabled: list[str] = Field(default_factory=list, description="Detector names to skip.")
    recent_scans: int = Field(
        default=4096,
        ge=0,
        description="Findings of this many recently scanned texts (256 characters or more) are "
        "kept, so that a chat's history, sent again with every turn, is not scanned again; "
        "keyed by a keyed hash, no text is kept. 0 turns it off.",
    )


KEY_REF_PREFIXES = ("file:", "env:", "vault:", "kms:")


class KeySettings(BaseModel):
    """Where the master key lives (A.8.24). References only, never key material."""

    provider: str = Field(
        default="file:",
        description="Master-key reference: 'file:' (keys.json in the data directory) or "
        "'file:/path', 'env:NAME' (development), 'vault:MOUNT/KEY' (transit), "
        "'kms:ARN|KEY-ID|alias/NAME'.",
    )
    development: bool = Field(
        default=False, description="Silence the warning about file: and env: master keys."
    )
    vault_addr: str | None = Field(
        default=None, description="Vault/OpenBao address; default: the VAULT_ADDR variable."
    )
    vault_token: str = Field(
        default="env:VAULT_TOKEN",
        description="Reference to the Vault token: env:NAME or file:PATH.",
    )
    kms_region: str | None = Field(default=None, description="AWS region for KMS.")
    kms_endpoint_url: str | None = Field(
        default=None, description="KMS endpoint override (VPC endpoint, local test server)."
    )
    dek_reuse: int = Field(
        default=10_000,
        ge=1,
        le=1_000_000,
        description="Values sealed with one data key before a new one is made (1: a data key "
        "per value, and a key-provider call per new pseudonym on the request path).",
    )
    dek_max_age_s: float = Field(
        default=300.0,
        gt=0,
        le=86_400,
        description="Seconds one data key is used for sealing, at most: after a master-key "
        "rotation by another process, this one's new writes use the new version within it.",
    )

    @field_validator("provider", "vault_token")
    @classmethod
    def _is_reference(cls, value: str) -> str:
        if not value.startswith(KEY_REF_PREFIXES):
            raise ValueError(
                f"must be a reference starting with one of {', '.join(KEY_REF_PREFIXES)}; "
                "key material never goes in the configuration"
            )
        return value


class BackupSettings(BaseModel):
    """Backups and restore tests (A.8.13)."""

    rto_seconds: float = Field(
        default=900.0, gt=0, description="Recovery time objective a restore test must meet."
    )
    compression_level: int = Field(default=6, ge=1, le=9, description="gzip level of backups.")


class AuditForwarder(BaseModel):
    """One SIEM destination the audit log is forwarded to (at least once, via the outbox)."""

    name: str = Field(description="Unique name; its delivery cursor is kept under this name.")
    kind: Literal["file", "syslog", "webhook"] = Field(description="Destination type.")
    path: Path | None = Field(default=None, description="file: the JSON-lines file to append to.")
    host: str | None = Field(default=None, description="syslog: receiver host.")
    port: int | None = Field(default=None, description="syslog: receiver TCP port.")
    tls: bool = Field(default=False, description="syslog: use TLS (verified).")
    ca_file: Path | None = Field(default=None, description="syslog/webhook: CA bundle to trust.")
    url: str | None = Field(default=None, description="webhook: the URL events are POSTed to.")
    format: Literal["json", "splunk-hec"] = Field(
        default="json", description="webhook: generic JSON array or Splunk HEC events."
    )
    token: str | None = Field(
        default=None, description="webhook: auth token as a reference (env:NAME), never a value."
    )
    batch_size: int = Field(default=500, gt=0, le=10_000, description="Events per delivery.")


class AuditSettings(BaseModel):
    """The audit log (A.8.15): checkpoints, their signing key and anchor, retention, SIEMs."""

    checkpoint_every: int = Field(
        default=1000, gt=0, description="Sign a checkpoint at least every N events."
    )
    checkpoint_interval_s: float = Field(
        default=60.0, gt=0, description="...and at least every T seconds while events arrive."
    )
    checkpoint_key: Literal["provider", "file"] = Field(
        default="provider",
        description="Where the Ed25519 checkpoint signing key is held: 'provider' (sealed by "
        "the key provider in the database; the public key is written to "
        "keys/audit-checkpoint.pub.pem) or 'file' (a clear PEM file beside the log: weaker, "
        "for a lab without a key provider).",
    )
    signing_key_file: Path | None = Field(
        default=None,
        description="checkpoint_key 'file' only: the Ed25519 PEM (mode 0600); default: "
        "keys/audit-checkpoint.pem in the data directory.",
    )
    anchor_dir: Path | None = Field(
        default=None,
        description="Directory outside the database (e.g. a WORM mount) that receives a copy "
        "of every signed checkpoint as JSON; verify checks the log against it.",
    )
    batch_max: int = Field(
        default=1000, gt=0, description="Most appends committed together (group commit)."
    )
    linger_s: float = Field(
        default=0.02,
        ge=0,
        le=1,
        description="How long an event nobody waits for (a gateway answer's ai-response) may "
        "wait to share the next commit with other events; 0 commits it at once. A crash loses "
        "at most this much of such events; every event a caller waits for is committed first.",
    )
    retention_days: int = Field(
        default=400, ge=366, description="Keep events at least this long (≥ 12 months)."
    )
    legal_hold: bool = Field(default=False, description="While true, nothing is ever purged.")
    forwarders: list[AuditForwarder] = Field(
        default_factory=list, description="SIEM destinations (JSON lines, syslog, webhook)."
    )
    forward_retry_max_s: float = Field(
        default=30.0, gt=0, description="Longest wait between delivery retries."
    )


class GatewaySettings(BaseModel):
    """The AI gateway: where its suppliers and policy are, how much it accepts, how it waits."""

    providers_file: Path = Field(
        default=Path("providers.yaml"),
        description="The suppliers file (relative paths: inside the data directory).",
    )
    policy_file: Path = Field(
        default=Path("policy.yaml"),
        description="The policy file (relative paths: inside the data directory).",
    )
    max_body_bytes: int = Field(
        default=4_000_000, gt=0, description="Largest request body accepted; larger: 413."
    )
    max_header_bytes: int = Field(
        default=65_536,
        ge=4_096,
        description="Largest request line plus headers accepted (``annexa serve``); larger: "
        "431 and the connection closed (uvicorn alone would hold headers of any size).",
    )
    access_log: bool = Field(
        default=False,
        description="uvicorn's plain-text line per HTTP request on stderr (``annexa serve``). "
        "Off: every AI request is already in the structured, tamper-evident audit log (and "
        "its counts in /metrics); a second, unstructured record costs CPU on every request.",
    )
    body_timeout_s: float = Field(
        default=60.0,
        gt=0,
        description="Seconds a client has to send a whole request body; a slower one gets a "
        "408, so a stalled or deliberately slow upload holds no connection for ever.",
    )
    connect_timeout_s: float = Field(default=5.0, gt=0, description="Upstream connect timeout.")
    read_timeout_s: float = Field(
        default=300.0, gt=0, description="Upstream read timeout (between bytes of an answer)."
    )
    max_connections: int = Field(default=100, gt=0, description="Upstream connection limit.")
    stream_output_window: int = Field(
        default=64,
        ge=8,
        description="Characters of a streamed answer held back for the output policy (plus the "
        "word they start in): what the model writes is checked before it is sent.",
    )
    vault_purge_interval_s: float = Field(
        default=3600.0,
        ge=0,
        description="Seconds between deletions of expired pseudonym vault rows while the "
        "gateway runs (0: never; expired rows are never restored either way).",
    )


class IsmsSettings(BaseModel):
    """The ISMS records for AI: the supplier register's hold on the gateway, the organisation."""

    organisation: str = Field(
        default="", description="The organisation's name, shown on the SoA and reports."
    )
    require_registered_suppliers: bool = Field(
        default=False,
        description="Refuse providers whose supplier is not in the AI supplier register. Off by "
        "default so a new installation works before its register is filled; a registered "
        "supplier that is not approved is always refused.",
    )


class OidcSettings(BaseModel):
    """OpenID Connect single sign-on to the console (authorization code + PKCE, A.5.16, A.8.5)."""

    enabled: bool = Field(default=False, description="Offer sign-in through the OIDC provider.")
    issuer: str | None = Field(
        default=None,
        description="Issuer URL; its /.well-known/openid-configuration is read (https, or http "
        "on loopback only).",
    )
    client_id: str | None = Field(default=None, description="Client id registered at the IdP.")
    client_secret: str | None = Field(
        default=None,
        description="Reference to the client secret: env:NAME or file:PATH, never the value.",
    )
    scopes: list[str] = Field(
        default_factory=lambda: ["openid", "email", "profile"],
        description="Scopes asked for; openid is always added.",
    )
    groups_claim: str = Field(
        default="groups",
        description="Claim holding the user's groups (ID token, else userinfo); mapped to roles "
        "by identity.group_roles.",
    )
    name_claim: str = Field(
        default="email",
        description="Claim giving the local user name of a user created at sign-in.",
    )
    redirect_url: str | None = Field(
        default=None,
        description="The console's callback URL registered at the IdP "
        "(https://console.example/auth/oidc/callback).",
    )
    allowed_email_domains: list[str] = Field(
        default_factory=list,
        description="When set, only verified e-mail addresses in these domains may sign in.",
    )
    create_users: bool = Field(
        default=False,
        description="Create a local user at first sign-in (just in time), linked by issuer and "
        "subject.",
    )
    default_role: str | None = Field(
        default=None,
        description="Role of a user none of whose groups is mapped; unset: such a user is refused.",
    )
    mfa_amr_values: list[str] = Field(
        default_factory=lambda: ["mfa", "otp", "hwk"],
        description="amr claim values meaning the IdP checked a second factor; without one, a "
        "user whose role needs MFA still gets the local TOTP step.",
    )
    state_ttl_s: int = Field(
        default=600, gt=0, le=3600, description="Seconds a sign-in started at the IdP may take."
    )
    clock_skew_s: int = Field(
        default=60, ge=0, le=300, description="Seconds of clock difference allowed on exp/iat."
    )
    ca_file: Path | None = Field(
        default=None, description="CA bundle to trust for the IdP (default: the system store)."
    )

    @field_validator("client_secret")
    @classmethod
    def _secret_is_reference(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("env:", "file:")):
            raise ValueError(
                "must be a reference (env:NAME or file:PATH); secrets never go in the configuration"
            )
        return value


class IdentitySettings(BaseModel):
    """Console sign-in: passwords, MFA, lockout, sessions, group → role mapping (A.5.15-5.18)."""

    password_min_length: int = Field(
        default=12,
        ge=12,
        le=256,
        description="Fewest characters a password may have (12 at least).",
    )
    lockout_threshold: int = Field(
        default=10, ge=1, description="Failed sign-ins in a row that lock a user name."
    )
    lockout_cooldown_s: int = Field(
        default=900,
        gt=0,
        description="Seconds a locked user name stays locked; failures older than this are "
        "forgotten.",
    )
    redis_url: str | None = Field(
        default=None,
        description="Redis URL for the shared lockout counter (redis://host:6379/0); default: "
        "the database, shared by every replica on it.",
    )
    mfa_required_roles: list[str] = Field(
        default_factory=lambda: ["admin", "security_officer"],
        description="Roles that must enrol TOTP MFA before they get a session.",
    )
    mfa_issuer: str = Field(
        default="Annexa", description="Issuer name shown by authenticator apps."
    )
    session_idle_timeout_s: int = Field(
        default=1800, gt=0, description="A session unused this many seconds ends."
    )
    session_absolute_timeout_s: int = Field(
        default=43_200, gt=0, description="A session ends this many seconds after sign-in."
    )
    reauth_max_age_s: int = Field(
        default=300,
        gt=0,
        description="Sensitive changes need a password (and MFA) check at most this many "
        "seconds old.",
    )
    group_roles: dict[str, str] = Field(
        default_factory=dict,
        description="Group name → role (admin, security_officer, auditor, member); a user in "
        "several groups gets the most privileged mapped role.",
    )
    oidc: OidcSettings = Field(
        default_factory=OidcSettings, description="OpenID Connect single sign-on."
    )


class Settings(BaseSettings):
    """Everything Annexa reads at start."""

    model_config = SettingsConfigDict(env_prefix="ANNEXA_", env_nested_delimiter="__")

    data_dir: Path = Field(default_factory=default_data_dir, description="State directory.")
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; default: SQLite file annexa.db in the data directory. "
        "PostgreSQL: postgresql+psycopg://user@host/db.",
    )
    database_synchronous: Literal["full", "normal"] = Field(
        default="normal",
        description="SQLite durability of each commit (audit log, vault). normal: WAL without "
        "an fsync per commit; nothing is lost when Annexa crashes or is killed, an OS crash or "
        "power loss can lose the commits since the last WAL checkpoint (the database stays "
        "consistent). full: fsync every commit (power-loss safe; about 8 ms more per audited "
        "request on a typical disk). PostgreSQL: its synchronous_commit governs.",
    )
    scan: ScanSettings = Field(default_factory=ScanSettings, description="Detection engine.")
    keys: KeySettings = Field(default_factory=KeySettings, description="Master-key provider.")
    backup: BackupSettings = Field(default_factory=BackupSettings, description="Backups.")
    audit: AuditSettings = Field(default_factory=AuditSettings, description="The audit log.")
    gateway: GatewaySettings = Field(default_factory=GatewaySettings, description="The AI gateway.")
    isms: IsmsSettings = Field(default_factory=IsmsSettings, description="ISMS records.")
    identity: IdentitySettings = Field(
        default_factory=IdentitySettings, description="Console sign-in and roles."
    )


def load_settings(data_dir: Path | None = None, **overrides: Any) -> Settings:
    """Read ``annexa.yaml`` from the data directory (if present), then apply overrides."""
    base = Settings() if data_dir is None else Settings(data_dir=data_dir)
    path = base.data_dir / "annexa.yaml"
    values: dict[str, Any] = {}
    if path.is_file():
        try:
            loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
        if not isinstance(loaded, dict):
            raise ConfigError(f"{path}: expected a mapping at the top level")
        values.update(loaded)
    values.update(overrides)
    values["data_dir"] = base.data_dir
    try:
        return Settings(**values)
    except ValueError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
