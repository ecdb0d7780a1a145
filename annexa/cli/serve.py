"""``annexa serve``: the gateway (OpenAI and Anthropic APIs), health and metrics, with uvicorn.

Exit codes: 0 stopped cleanly; 2 configuration error (the message says what to fix).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from annexa.cli.common import DataDir, fail, settings_for
from annexa.errors import AnnexaError, ConfigError
from annexa.tls import uvicorn_ssl_kwargs


def serve(
    data_dir: DataDir,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8787,
    certfile: Annotated[
        Path | None, typer.Option("--tls-cert", help="TLS certificate (PEM); TLS >= 1.2.")
    ] = None,
    keyfile: Annotated[Path | None, typer.Option("--tls-key", help="TLS private key.")] = None,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Serve the gateway from DATA_DIR (run `annexa init` first)."""
    if not (data_dir / "annexa.yaml").exists():
        fail(ConfigError(f"{data_dir} is not initialised", hint="Run: annexa init --data-dir DIR"))
    from annexa.app import create_app  # noqa: PLC0415 - the web stack loads for this command only
    from annexa.web.http import uvicorn_http_options  # noqa: PLC0415

    try:
        settings = settings_for(data_dir)
        app = create_app(settings)
    except AnnexaError as exc:
        fail(exc)
    tls = uvicorn_ssl_kwargs(certfile, keyfile) if certfile is not None else {}
    http = uvicorn_http_options(settings.gateway.max_header_bytes)
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level=log_level,
        access_log=settings.gateway.access_log,
        server_header=False,
        **http,
        **tls,
    )
