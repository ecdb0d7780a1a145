"""JSON Web Tokens (RFC 7519): compact JWS/JWE whose header decodes to a JSON object.

A token whose header base64url-decodes to a JSON object with an ``alg`` member is confirmed;
another JSON object keeps the rule's score; a header that is not JSON is dropped.
"""

from __future__ import annotations

import json
from typing import ClassVar

from annexa.detect.interface import Detector
from annexa.detect.secrets_common import Check, SecretDetector, b64decode_loose, token
from annexa.settings import ScanSettings

RFC = "RFC 7519 (JWT), RFC 7515 (JWS compact serialization), RFC 7516 (JWE)"


def check_jwt(value: str) -> bool | None:
    """``True`` when the header is a JSON object with ``alg``; ``False`` when it is not JSON."""
    raw = b64decode_loose(value.split(".", 1)[0])
    if raw is None:
        return False
    try:
        header = json.loads(raw)
    except ValueError:
        return False
    if not isinstance(header, dict):
        return False
    return True if "alg" in header else None


class JWTDetector(SecretDetector):
    """JSON Web Tokens (JWS and JWE compact forms) whose header decodes."""

    name = "jwt"
    origin = RFC
    patterns = (
        token(
            "jwt",
            "jwt",
            r"(?<![\w.-])eyJ[A-Za-z0-9_-]{8,2000}(?:\.[A-Za-z0-9_-]{0,8000}){1,4}(?![\w-])",
            ("eyj",),
            (
                "Authorization: Bearer ⟦eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ{u:60}.{u:43}⟧",
                'token = "⟦eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJ{u:40}⟧"',
                "⟦eyJhbGciOiJSUzI1NiJ9.eyJ{u:80}.{u:86}⟧ with 401",
            ),
            (
                "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9",
                "bm90X3ZhbGlkX2pzb25fYXRfYWxs.bm90X3ZhbGlkX2pzb25fYXRfYWxs.{u:43}",
                '{"alg":"HS256","typ":"JWT"}.{"name":"Jon Doe"}.{u:43}',
                "eyJ{u:3}.{u:10}",
            ),
            RFC,
        ),
    )
    window = (0, 12100)
    anchor_all = True
    checks: ClassVar[dict[str, Check]] = {"jwt": check_jwt}


def detectors(settings: ScanSettings) -> list[Detector]:
    """The JWT detector."""
    return [JWTDetector()]
