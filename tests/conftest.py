"""Shared fixtures: the real PostgreSQL and Redis servers on 127.0.0.1.

Tests that need them use them whenever they answer. Under CI (``CI=true``) they must run: a
missing server fails the test instead of skipping it. Elsewhere the test is skipped, and the
skip says why, so a user without the servers still gets a green SQLite-only run.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from annexa.db import database_url

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
PG_HOST, PG_PORT = "127.0.0.1", 5432
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379


def _answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1.0):
            return True
    except OSError:
        return False


def _need(service: str, host: str, port: int) -> None:
    if _answers(host, port):
        return
    message = f"{service} does not answer on {host}:{port}"
    if IN_CI:
        pytest.fail(f"{message}; under CI the {service} tests must run, not skip")
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for this test session (dropped afterwards)."""
    _need("PostgreSQL", PG_HOST, PG_PORT)
    name = f"annexa_test_{uuid.uuid4().hex[:12]}"
    admin = f"postgresql://postgres@{PG_HOST}:{PG_PORT}/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The Redis server; tests must namespace their keys (use :func:`uuid.uuid4`)."""
    _need("Redis", REDIS_HOST, REDIS_PORT)
    return f"redis://{REDIS_HOST}:{REDIS_PORT}/15"


@pytest.fixture(params=["sqlite", "postgres"])
def any_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database URL for each backend in turn: a SQLite file of this test, then the session's
    PostgreSQL database (shared by the session's tests: start from what you need)."""
    if request.param == "sqlite":
        return database_url(tmp_path)
    return str(request.getfixturevalue("postgres_url"))
