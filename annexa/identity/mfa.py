"""TOTP multi-factor authentication (RFC 6238, pyotp) and one-time recovery codes (A.8.5).

Pure functions, no storage: the caller keeps the secret (sealed), the last accepted time step
and the recovery-code hashes. A code is accepted for the current 30-second step or the one
before or after (clock drift), and only for a step later than the last one accepted: a code
seen once (or an older one) cannot be replayed.

Recovery codes: ten per enrolment, 80 random bits each (``XXXX-XXXX-XXXX-XXXX``, base32), kept
as SHA-256 hashes (high entropy, so a fast hash is enough, as for API keys); each works once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import secrets
import time
from dataclasses import dataclass

import pyotp
import qrcode
import qrcode.image.svg

__all__ = [
    "RECOVERY_CODES",
    "STEP_SECONDS",
    "hash_recovery_code",
    "new_recovery_codes",
    "new_secret",
    "provisioning_uri",
    "qr_png",
    "qr_svg",
    "use_recovery_code",
    "verify_totp",
]

STEP_SECONDS = 30
WINDOW = 1
RECOVERY_CODES = 10


def new_secret() -> str:
    """A fresh TOTP secret: 160 random bits, base32 (RFC 4226's recommended length)."""
    return pyotp.random_base32(length=32)


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    """The ``otpauth://`` URI an authenticator app scans."""
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=issuer)


def qr_svg(uri: str) -> bytes:
    """The URI as a QR code, SVG bytes (for the console's enrolment page)."""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()


def qr_png(uri: str) -> bytes:
    """The URI as a QR code, PNG bytes."""
    buffer = io.BytesIO()
    qrcode.make(uri).save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True, slots=True)
class TotpCheck:
    """The result of :func:`verify_totp`: ``step`` is the accepted time step, else None."""

    step: int | None
    replayed: bool = False

    @property
    def ok(self) -> bool:
        """Was the code accepted?"""
        return self.step is not None


def verify_totp(
    secret: str, code: str, last_step: int | None, at: float | None = None
) -> TotpCheck:
    """Check ``code`` against steps now-1..now+1, refusing any step <= ``last_step``."""
    code = code.strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return TotpCheck(None)
    totp = pyotp.TOTP(secret)
    now_step = int((time.time() if at is None else at) // STEP_SECONDS)
    for step in range(now_step - WINDOW, now_step + WINDOW + 1):
        if hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            if last_step is not None and step <= last_step:
                return TotpCheck(None, replayed=True)
            return TotpCheck(step)
    return TotpCheck(None)


def new_recovery_codes(count: int = RECOVERY_CODES) -> list[str]:
    """``count`` fresh one-time codes, shown to the user once."""
    codes = []
    for _ in range(count):
        raw = base64.b32encode(secrets.token_bytes(10)).decode()
        codes.append("-".join(raw[i : i + 4] for i in range(0, 16, 4)))
    return codes


def hash_recovery_code(code: str) -> str:
    """The stored form of a recovery code (case, spaces and dashes ignored)."""
    normal = code.upper().replace("-", "").replace(" ", "")
    return hashlib.sha256(normal.encode()).hexdigest()


def use_recovery_code(code: str, hashes: list[str]) -> list[str] | None:
    """The hashes left once ``code`` is used; None when it matches none of ``hashes``."""
    digest = hash_recovery_code(code)
    found = [h for h in hashes if hmac.compare_digest(h, digest)]
    if not found:
        return None
    return [h for h in hashes if h != found[0]]
