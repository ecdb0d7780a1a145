"""The pure core never imports the I/O edges (STYLE: a pure core with async edges)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "annexa"
PURE = ["detect", "policy", "transform", "audit/chain.py", "audit/merkle.py"]
FORBIDDEN = ("fastapi", "starlette", "sqlalchemy", "httpx", "uvicorn", "psycopg", "redis")


def _modules() -> list[Path]:
    out: list[Path] = []
    for entry in PURE:
        p = ROOT / entry
        if p.is_file():
            out.append(p)
        elif p.is_dir():
            out.extend(sorted(p.rglob("*.py")))
    return out


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_pure_modules_do_not_import_io_edges(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            assert name.split(".")[0] not in FORBIDDEN, f"{path}: imports {name}"
