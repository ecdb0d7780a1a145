"""TLS for serving and for upstream calls (A.8.24): TLS 1.2 at least, 1.3 preferred.

For the web edge, :func:`uvicorn_ssl_kwargs` gives ``uvicorn.Config``/``uvicorn.run`` a context
factory, so ``annexa serve --tls-cert CERT --tls-key KEY`` terminates TLS itself. For TLS 1.2 only
ECDHE key exchange with AEAD ciphers (AES-GCM, ChaCha20-Poly1305) is offered: forward secrecy, no
CBC, no RSA key transport. TLS 1.3 suites are OpenSSL's defaults, all AEAD.

For upstream providers, :func:`client_ssl_context` verifies certificates and host names against
the system trust store (or a given CA bundle) and refuses anything below TLS 1.2; pass it to httpx
as ``verify=``.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable
from pathlib import Path
from typing import Any

TLS12_CIPHERS = ":".join(
    [
        "ECDHE-ECDSA-AES256-GCM-SHA384",
        "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305",
        "ECDHE-RSA-CHACHA20-POLY1305",
        "ECDHE-ECDSA-AES128-GCM-SHA256",
        "ECDHE-RSA-AES128-GCM-SHA256",
    ]
)


def server_ssl_context(
    certfile: Path | str, keyfile: Path | str | None = None, password: str | None = None
) -> ssl.SSLContext:
    """A server context: TLS 1.2+ (1.3 preferred), ECDHE+AEAD, no compression or renegotiation."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.set_ciphers(TLS12_CIPHERS)
    ctx.options |= ssl.OP_NO_COMPRESSION | ssl.OP_CIPHER_SERVER_PREFERENCE
    ctx.options |= ssl.OP_NO_RENEGOTIATION | ssl.OP_SINGLE_ECDH_USE
    ctx.load_cert_chain(str(certfile), str(keyfile) if keyfile else None, password)
    return ctx


def client_ssl_context(cafile: Path | str | None = None) -> ssl.SSLContext:
    """An upstream client context: verified certificates and host names, TLS 1.2 at least."""
    ctx = ssl.create_default_context(cafile=str(cafile) if cafile else None)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.check_hostname = True
    ctx.verify_mode = ssl.CERT_REQUIRED
    return ctx


def uvicorn_ssl_kwargs(
    certfile: Path | str, keyfile: Path | str | None = None, password: str | None = None
) -> dict[str, Any]:
    """Keyword arguments for ``uvicorn.Config`` that serve with :func:`server_ssl_context`."""

    def factory(_config: Any, _default: Callable[[], ssl.SSLContext]) -> ssl.SSLContext:
        return server_ssl_context(certfile, keyfile, password)

    return {
        "ssl_certfile": str(certfile),
        "ssl_keyfile": str(keyfile) if keyfile else None,
        "ssl_context_factory": factory,
    }
