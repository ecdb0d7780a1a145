"""The composition root: :func:`create_app` builds the whole gateway from :class:`Settings`.

Nothing is built at import time. Collaborators can be injected (tests pass a recording audit
sink, a scanner or an engine); each is built from the settings only when not given.

    settings = load_settings(data_dir)
    app = create_app(settings)      # uvicorn annexa.app:... via `annexa serve`
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import anyio
from fastapi import Depends, FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from annexa.audit.interface import AuditSink
from annexa.audit.store import AuditLog
from annexa.db import database_url, make_engine
from annexa.db.hot import HotPath
from annexa.db.vault import SqlVaultStore
from annexa.detect.scanner import Scanner
from annexa.forward.client import Forwarder, ForwardOptions, make_client
from annexa.gateway import Gateway
from annexa.identity.apikeys import ApiKeyStore
from annexa.identity.factory import accounts_for, sign_in_for
from annexa.identity.oidc import OidcSignIn, oidc_sign_in_for
from annexa.identity.reviews import reviews_for
from annexa.isms.gate import RegisterGate
from annexa.keys.envelope import Binding, SecretBox
from annexa.keys.factory import secret_box_for
from annexa.keys.tables import SECRETS
from annexa.policy.interface import Policy
from annexa.policy.store import PolicyStore, audit_reloads
from annexa.providers.config import load_providers
from annexa.settings import Settings
from annexa.transform.vault import EnvelopeCipher, Vault
from annexa.web.authz import public
from annexa.web.console import pages as console_pages
from annexa.web.console.identity import ConsoleIdentity
from annexa.web.console.reviews import router as console_reviews_router
from annexa.web.console.sso import router as console_sso_router
from annexa.web.errors import install_error_handlers
from annexa.web.fast import mount_fast_path
from annexa.web.metrics import Metrics
from annexa.web.routes import admin, ai, health

__all__ = ["Overrides", "create_app"]

log = logging.getLogger("annexa")

VAULT_HMAC_NAME = "gateway-vault-hmac"  # the row name in key_secrets, not a secret


@dataclass(frozen=True, slots=True)
class Overrides:
    """Collaborators to use instead of building them from the settings (tests, embedding)."""

    audit: AuditSink | None = None
    scanner: Scanner | None = None
    engine: Engine | None = None
    box: SecretBox | None = None


def in_data_dir(settings: Settings, path: Path) -> Path:
    """``path`` if absolute, else inside the data directory."""
    return path if path.is_absolute() else settings.data_dir / path


def create_app(settings: Settings, overrides: Overrides | None = None) -> FastAPI:
    """The ASGI app: gateway routes, health, metrics, one error mapper."""
    given = overrides or Overrides()
    url = database_url(settings.data_dir, settings.database_url)
    engine = given.engine or make_engine(url, synchronous=settings.database_synchronous)
    audit = given.audit or _open_audit(settings)
    policies = PolicyStore(in_data_dir(settings, settings.gateway.policy_file), settings.data_dir)
    audit_reloads(policies, audit)  # config-changed on every reload and refused file
    g = settings.gateway
    client = make_client(
        ForwardOptions(
            connect_s=g.connect_timeout_s,
            read_s=g.read_timeout_s,
            max_connections=g.max_connections,
        )
    )
    registry = load_providers(in_data_dir(settings, g.providers_file), settings, Forwarder(client))
    box = given.box or secret_box_for(settings)
    hot = HotPath(engine)  # the key and register reads and vault writes of every AI request
    gateway = Gateway(
        scanner=given.scanner or Scanner(settings.scan),
        policy=_current(policies),
        providers=registry,
        keys=ApiKeyStore(engine, hot),
        audit=audit,
        vault=Vault(SqlVaultStore(engine, hot), EnvelopeCipher(box), vault_hmac_key(engine, box)),
        max_body_bytes=g.max_body_bytes,
        body_timeout_s=g.body_timeout_s,
        suppliers=RegisterGate(
            engine, require_registered=settings.isms.require_registered_suppliers, hot=hot
        ),
        window=g.stream_output_window,
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Compile every rule and load the NER model before the first request, not during it.
        await anyio.to_thread.run_sync(gateway.scanner.warm_up)
        gateway.start_vault_purge(g.vault_purge_interval_s)  # stopped by drain()
        yield
        await gateway.drain()
        hot.close()
        await client.aclose()
        close = getattr(audit, "close", None)
        if close is not None and given.audit is None:
            close()
        if given.engine is None:
            engine.dispose()

    app = FastAPI(title="Annexa", version="0.1.0", lifespan=lifespan, docs_url=None)
    app.state.gateway, app.state.engine, app.state.policy_store = gateway, engine, policies
    app.state.metrics = Metrics()
    install_error_handlers(app)
    app.include_router(ai.router)
    mount_fast_path(app, gateway, app.state.metrics)  # POST /v1 AI routes: plain ASGI
    app.include_router(health.router)
    app.state.console = ConsoleIdentity(
        sign_in=sign_in_for(settings.identity, engine, box, audit),
        accounts=accounts_for(settings.identity, engine, audit),
        keys=gateway.keys,
        options=settings.identity,
        audit=audit,
        reviews=reviews_for(settings, engine, audit),
        box=box,
    )
    oidc: OidcSignIn | None = None  # a misconfigured but enabled OIDC stops the start
    if settings.identity.oidc.enabled:
        oidc = oidc_sign_in_for(settings, engine, box, audit)
    app.state.oidc = oidc
    app.include_router(console_pages.router)
    app.include_router(console_sso_router)
    app.include_router(console_reviews_router)
    app.include_router(admin.router)
    app.mount("/console/static", StaticFiles(directory=CONSOLE_STATIC), name="console-static")
    app.add_api_route(
        "/", _to_console, methods=["GET"], include_in_schema=False, dependencies=[Depends(public())]
    )
    return app


CONSOLE_STATIC = Path(__file__).parent / "web" / "console" / "static"


async def _to_console() -> RedirectResponse:
    return RedirectResponse("/console/", status_code=307)


def _current(store: PolicyStore) -> Callable[[], Policy]:
    def current() -> Policy:
        store.maybe_reload()
        return store.current

    return current


def _open_audit(settings: Settings) -> AuditSink:
    return AuditLog.open(settings)  # migrates the database and loads the signing key


def vault_hmac_key(engine: Engine, box: SecretBox) -> bytes:
    """The vault's HMAC key: 32 random bytes made once, kept sealed in ``key_secrets`` so every
    replica on the same database derives the same placeholders."""
    binding = Binding("key_secrets", "sealed", VAULT_HMAC_NAME)
    for _ in range(2):
        with engine.connect() as conn:
            sealed = conn.execute(
                select(SECRETS.c.sealed).where(SECRETS.c.name == VAULT_HMAC_NAME)
            ).scalar()
        if sealed is not None:
            return box.open(bytes(sealed), binding)
        row = {
            "name": VAULT_HMAC_NAME,
            "kind": "hmac-sha256",
            "public": None,
            "sealed": box.seal(secrets.token_bytes(32), binding),
            "created_at": datetime.now(UTC).isoformat(),
        }
        try:
            with engine.begin() as conn:
                conn.execute(insert(SECRETS).values(**row))
        except IntegrityError:  # another replica made it first: read theirs
            continue
    raise RuntimeError("the vault key could not be created or read")
