"""TLS: the server refuses TLS 1.1 and weak TLS 1.2 suites; clients verify certificates."""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import socket
import ssl
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from annexa.tls import client_ssl_context, uvicorn_ssl_kwargs
from tests.keys.conftest import free_port


async def app(scope: dict[str, object], receive: object, send: object) -> None:
    """A tiny ASGI app answering every request with ``ok``."""
    assert scope["type"] == "http"
    assert callable(send)
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})


def _cert(tmp: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "annexa-test")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp / "cert.pem", tmp / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Path]]:
    """uvicorn serving :func:`app` over TLS in a thread; yields (port, CA certificate)."""
    cert, key = _cert(tmp_path_factory.mktemp("tls"))
    port = free_port()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="error",
        lifespan="off",
        **uvicorn_ssl_kwargs(cert, key),
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=lambda: asyncio.run(server.serve()), daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield port, cert
    server.should_exit = True
    thread.join(timeout=10)


def _handshake(port: int, ctx: ssl.SSLContext) -> ssl.SSLSocket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    return ctx.wrap_socket(sock, server_hostname="localhost")


def _legacy_client(version: ssl.TLSVersion, ciphers: str = "ALL:@SECLEVEL=0") -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    ctx.set_ciphers(ciphers)  # SECLEVEL=0: the client itself would allow TLS 1.1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # TLSVersion.TLSv1_1 is deprecated
        ctx.minimum_version = ctx.maximum_version = version
    return ctx


@pytest.fixture(scope="module")
def permissive_server(tls_server: tuple[int, Path]) -> Iterator[int]:
    """A plain-ssl server that does accept TLS 1.1: proves the test client can speak it."""
    _, cert = tls_server
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.set_ciphers("ALL:@SECLEVEL=0")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        ctx.minimum_version = ssl.TLSVersion.TLSv1
    ctx.load_cert_chain(cert, cert.with_name("key.pem"))
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(5)

    def accept_one() -> None:
        try:
            conn, _ = listener.accept()
            with ctx.wrap_socket(conn, server_side=True) as tls:
                tls.sendall(str(tls.version()).encode())
        except OSError:
            pass

    thread = threading.Thread(target=accept_one, daemon=True)
    thread.start()
    yield int(listener.getsockname()[1])
    thread.join(timeout=5)
    listener.close()


def test_tls11_client_is_refused_by_the_server(
    tls_server: tuple[int, Path], permissive_server: int
) -> None:
    with _handshake(permissive_server, _legacy_client(ssl.TLSVersion.TLSv1_1)) as tls:
        assert tls.version() == "TLSv1.1"  # control: this client really offers TLS 1.1
    port, _ = tls_server
    with pytest.raises(ssl.SSLError) as info:
        _handshake(port, _legacy_client(ssl.TLSVersion.TLSv1_1)).close()
    # The client sent its hello; the server refused (alert or closed the handshake).
    assert "NO_PROTOCOLS_AVAILABLE" not in str(info.value).upper()


def test_tls12_with_only_cbc_suites_is_refused(tls_server: tuple[int, Path]) -> None:
    port, _ = tls_server
    cbc = _legacy_client(ssl.TLSVersion.TLSv1_2, "ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES128-SHA")
    with pytest.raises(ssl.SSLError):
        _handshake(port, cbc).close()


def test_tls12_client_gets_ecdhe_aead(tls_server: tuple[int, Path]) -> None:
    port, ca = tls_server
    ctx = client_ssl_context(ca)
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    with _handshake(port, ctx) as tls:
        assert tls.version() == "TLSv1.2"
        cipher = tls.cipher()
        assert cipher is not None
        assert cipher[0].startswith("ECDHE-")
        assert "GCM" in cipher[0] or "CHACHA20" in cipher[0]


def test_default_client_negotiates_tls13_and_verifies(tls_server: tuple[int, Path]) -> None:
    port, ca = tls_server
    with httpx.Client(verify=client_ssl_context(ca)) as client:
        response = client.get(f"https://localhost:{port}/")
    assert response.text == "ok"
    with _handshake(port, client_ssl_context(ca)) as tls:
        assert tls.version() == "TLSv1.3"


def test_upstream_client_refuses_unverified_certificates(tls_server: tuple[int, Path]) -> None:
    port, _ = tls_server
    ctx = client_ssl_context()
    assert ctx.minimum_version == ssl.TLSVersion.TLSv1_2
    with (
        httpx.Client(verify=ctx) as client,
        pytest.raises(httpx.ConnectError, match=r"(?i)certificate verify failed"),
    ):
        client.get(f"https://localhost:{port}/")
