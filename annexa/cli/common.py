"""Options and helpers shared by every command."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from annexa.errors import AnnexaError
from annexa.settings import Settings, default_data_dir, load_settings

DataDir = Annotated[
    Path,
    typer.Option(
        "--data-dir",
        envvar="ANNEXA_DATA_DIR",
        help="Directory for Annexa's state (default: the per-user data directory).",
        default_factory=default_data_dir,
        show_default=False,
        file_okay=False,
    ),
]

err = Console(stderr=True, soft_wrap=True)  # a message stays one line in a log or a pipe


def settings_for(data_dir: Path) -> Settings:
    """Load settings for ``data_dir`` or exit 2 with the error's diagnostics."""
    try:
        return load_settings(data_dir)
    except AnnexaError as exc:
        fail(exc)


def fail(exc: AnnexaError, code: int = 2) -> NoReturn:
    """Print an Annexa error for a person and exit with ``code``."""
    err.print(f"[bold red]error:[/] {exc.diagnostics()}", highlight=False)
    raise typer.Exit(code)
