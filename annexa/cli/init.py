"""``annexa init``: a working data directory in one command, scriptable.

Writes ``annexa.yaml``, ``providers.yaml`` (the built-in ``inspect`` provider) and the starter
``policy.yaml``, creates the database, the first admin (one-time password, stored only as an
argon2id hash) and a member API key, then prints both secrets ONCE as JSON on stdout. Without a
terminal on stdin it never prompts (CI, containers, infrastructure as code).

Exit codes: 0 initialised; 1 the directory is already initialised (nothing changed); 2 error.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from importlib import resources
from typing import Annotated

import typer

from annexa.audit.interface import AuditError
from annexa.cli.apikeys import audit_change
from annexa.cli.common import DataDir, err, fail, settings_for
from annexa.db import database_url, make_engine, upgrade
from annexa.detect.builtin.ner import resolve_model
from annexa.errors import AnnexaError, ConfigError
from annexa.identity.apikeys import ApiKeyStore
from annexa.identity.users import UserStore

FILES = ("annexa.yaml", "providers.yaml", "policy.yaml")


def ner_available(model: str = "en_core_web_sm") -> bool:
    """Whether the annexa[ner] extra (spaCy and its English model) is installed."""
    try:
        resolve_model(model)
    except ConfigError:
        return False
    return importlib.util.find_spec("spacy") is not None


def init(
    data_dir: DataDir,
    admin: Annotated[
        str | None, typer.Option("--admin", help="Name of the first admin (default: admin).")
    ] = None,
    port: Annotated[int, typer.Option(help="Port shown in the printed base URL.")] = 8787,
) -> None:
    """Create a working configuration, database, first admin and API key in DATA_DIR."""
    if (data_dir / "annexa.yaml").exists():
        err.print(f"{data_dir} is already initialised; nothing changed.")
        raise typer.Exit(1)
    if admin is None:
        admin = (
            typer.prompt("First admin's user name", default="admin")
            if sys.stdin.isatty()
            else "admin"
        )
    data_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(data_dir, 0o700)
    templates = resources.files("annexa.cli") / "templates"
    for name in FILES:
        target = data_dir / name
        if not target.exists():
            text = templates.joinpath(name).read_text(encoding="utf-8")
            if name == "annexa.yaml" and ner_available():
                text = text.replace("  ner: false\n", "  ner: true\n", 1)
            target.write_text(text, encoding="utf-8")
    try:
        settings = settings_for(data_dir)
        engine = make_engine(database_url(settings.data_dir, settings.database_url))
        upgrade(engine)
        user_id, password = UserStore(engine).create_with_one_time_password(admin, "admin")
        record, key = ApiKeyStore(engine).create(admin, "member")
        engine.dispose()
        audit_change(settings, [(f"user:{user_id}", "create"), (f"api-key:{record.id}", "create")])
    except (AnnexaError, AuditError) as exc:
        fail(exc if isinstance(exc, AnnexaError) else AnnexaError(f"audit: {exc}"))
    out = {
        "data_dir": str(data_dir),
        "admin": {"user": admin, "one_time_password": password},
        "api_key": {"key": key, "id": record.id, "user": admin, "role": "member"},
        "base_url": f"http://127.0.0.1:{port}/v1",
        "note": "Shown once. Store them now; Annexa keeps only hashes.",
    }
    typer.echo(json.dumps(out, indent=2))
