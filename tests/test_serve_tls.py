"""`annexa serve --tls-cert/--tls-key` itself refuses TLS 1.1 and serves TLS 1.2+ (A.8.24)."""

from __future__ import annotations

import os
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.keys.conftest import free_port
from tests.test_tls import _cert, _handshake, _legacy_client


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Path]]:
    tmp = tmp_path_factory.mktemp("serve-tls")
    data = tmp / "data"
    cert, key = _cert(tmp)
    port = free_port()
    cli = [sys.executable, "-m", "annexa.cli"]
    tls = ["--tls-cert", str(cert), "--tls-key", str(key)]
    trust = ssl.create_default_context(cafile=str(cert))
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    subprocess.run(
        [*cli, "init", "--data-dir", str(data), "--admin", "admin", "--port", str(port)],
        check=True,
        capture_output=True,
        stdin=subprocess.DEVNULL,
        env=env,
        timeout=120,
    )
    proc = subprocess.Popen(
        [
            *cli,
            "serve",
            "--data-dir",
            str(data),
            "--port",
            str(port),
            *tls,
            "--log-level",
            "warning",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                httpx.get(f"https://127.0.0.1:{port}/healthz", verify=trust, timeout=2)
                break
            except httpx.TransportError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    out = proc.stdout.read().decode() if proc.stdout else ""
                    pytest.fail(f"annexa serve did not come up:\n{out}")
                time.sleep(0.3)
        yield port, cert
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout:
            proc.stdout.close()


def test_serve_refuses_a_tls11_client(served: tuple[int, Path]) -> None:
    port, _ = served
    with pytest.raises((ssl.SSLError, ConnectionResetError)):
        _handshake(port, _legacy_client(ssl.TLSVersion.TLSv1_1)).close()


def test_serve_answers_tls12_and_up(served: tuple[int, Path]) -> None:
    port, cert = served
    ctx = ssl.create_default_context(cafile=str(cert))
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    with _handshake(port, ctx) as tls:
        assert tls.version() == "TLSv1.2"
    r = httpx.get(f"https://127.0.0.1:{port}/healthz", verify=ctx, timeout=5)
    assert r.status_code == 200
