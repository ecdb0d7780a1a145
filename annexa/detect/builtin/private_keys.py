"""Private key blocks: PEM (PKCS#1 RSA, SEC1 EC, DSA, PKCS#8, encrypted), OpenSSH, PuTTY, PGP.

The span is the whole block, from the BEGIN line to the END line (or the last base64 line of a
block pasted without its END line). A block whose body decodes to DER (``0x30``) or to the
OpenSSH ``openssh-key-v1`` magic is confirmed; a body too short to hold a key is dropped.
"""

from __future__ import annotations

import re
from typing import ClassVar

from annexa.detect.interface import Detector
from annexa.detect.pattern import Pattern
from annexa.detect.secrets_common import Check, SecretDetector, b64decode_loose, token
from annexa.settings import ScanSettings

PEM = "RFC 7468 (textual encodings), RFC 5208/5958 (PKCS#8), RFC 8017 (PKCS#1)"
# Between the lines of a block: a line break, one escaped in a JSON or YAML string ("\n",
# "\r\n"), or the blank a paste that lost its line breaks left.
_NL = r"(?:\r?\n|(?:\\r)?\\n|[ \t])"
_ARMOR_LINE = re.compile(r"-{4,5}[ \t]?(?:BEGIN|END) [A-Z0-9 ]{1,40}?[ \t]?-{4,5}")
_ARMOR_HEADER = re.compile(r"^[A-Za-z][\w-]{1,30}:.*$", re.MULTILINE)
_NOT_B64 = re.compile(r"[^A-Za-z0-9+/=]")
MIN_BODY = 40  # base64 characters: no real key is shorter


def _body(block: str) -> str:
    """The base64 payload of an armoured block: BEGIN/END lines, header lines and escapes
    removed (a BEGIN line may share its line with the payload when a paste lost its breaks)."""
    inner = _ARMOR_LINE.sub("\n", block.replace("\\r", "").replace("\\n", "\n"))
    inner = _ARMOR_HEADER.sub("", inner)
    inner = "\n".join(ln for ln in inner.splitlines() if not ln.strip().startswith("="))
    return _NOT_B64.sub("", inner)


def check_pem(block: str) -> bool | None:
    """``False`` for an empty or stub body; ``True`` when it decodes to DER or OpenSSH."""
    body = _body(block)
    if len(body) < MIN_BODY:
        return False
    raw = b64decode_loose(body[: len(body) - len(body) % 4] or body)
    if raw is not None and (raw[:1] == b"\x30" or raw.startswith(b"openssh-key-v1\x00")):
        return True
    return None


def check_armored(block: str) -> bool | None:
    """PGP, PuTTY and SSH2 blocks: only require a body long enough to hold a key."""
    return None if len(_body(block)) >= MIN_BODY else False


_KINDS = r"(?:RSA |EC |DSA |OPENSSH |ENCRYPTED |ED25519 )?PRIVATE KEY"

_RULES: tuple[Pattern, ...] = (
    token(
        "pem_private_key",
        "pem",
        rf"-----BEGIN ({_KINDS})-----[\s\S]{{40,16000}}?-----END \1-----",
        ("-----begin",),
        (
            "KEY = '''⟦-----BEGIN RSA PRIVATE KEY-----\nMIIE{b:60}\n{b:64}\n"
            "-----END RSA PRIVATE KEY-----⟧'''",
            "⟦-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA{b:40}\n"
            "-----END OPENSSH PRIVATE KEY-----⟧",
            "⟦-----BEGIN ENCRYPTED PRIVATE KEY-----\n{b:64}\n{b:32}\n"
            "-----END ENCRYPTED PRIVATE KEY-----⟧",
        ),
        (
            "-----BEGIN PRIVATE KEY-----\nanything\n-----END PRIVATE KEY-----",
            "-----BEGIN OPENSSH PRIVATE KEY----------END OPENSSH PRIVATE KEY-----",
            "-----BEGIN PUBLIC KEY-----\n{b:64}\n-----END PUBLIC KEY-----",
        ),
        PEM,
    ),
    token(
        "pem_private_key_unterminated",
        "pem",
        rf"-----BEGIN {_KINDS}-----{_NL}(?:[A-Za-z0-9+/=]{{40,80}}{_NL}){{2,400}}"
        r"[A-Za-z0-9+/=]{0,80}",
        ("-----begin",),
        ("paste: ⟦-----BEGIN PRIVATE KEY-----\nMIIE{b:60}\n{b:64}\n{b:20}⟧",),
        ("-----BEGIN PRIVATE KEY-----\n{b:64}\n", "-----BEGIN CERTIFICATE-----\n{b:64}\n{b:64}\n"),
        PEM,
        score=0.8,
    ),
    token(
        "pgp_private_key_block",
        "pgp",
        r"-----BEGIN PGP PRIVATE KEY BLOCK-----[\s\S]{40,40000}?"
        r"-----END PGP PRIVATE KEY BLOCK-----",
        ("-----begin pgp private key block",),
        (
            "⟦-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\nlQWGB{b:59}\n{b:64}\n"
            "=8xQN\n-----END PGP PRIVATE KEY BLOCK-----⟧",
        ),
        (
            "-----BEGIN PGP PUBLIC KEY BLOCK-----\n{b:64}\n-----END PGP PUBLIC KEY BLOCK-----",
            "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n-----END PGP PRIVATE KEY BLOCK-----",
        ),
        "RFC 4880 section 6.2 (OpenPGP ASCII armor)",
    ),
    token(
        "putty_private_key",
        "putty",
        r"PuTTY-User-Key-File-[23]: [\w-]{3,40}\r?\n[\s\S]{40,12000}?Private-MAC: [0-9a-f]{40,64}",
        ("putty-user-key-file",),
        (
            "⟦PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: me\n"
            "Public-Lines: 2\n{b:64}\n{b:8}\nPrivate-Lines: 1\n{b:48}\nPrivate-MAC: {h:64}⟧",
        ),
        ("PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nPrivate-MAC: {h:64}",),
        "PuTTY manual, appendix C: PPK file format",
    ),
    token(
        "ssh2_private_key",
        "ssh",
        r"---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----[\s\S]{40,16000}?"
        r"---- END SSH2 ENCRYPTED PRIVATE KEY ----",
        ("---- begin ssh2 encrypted private key",),
        (
            "⟦---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nComment: me\n{b:64}\n{b:40}\n"
            "---- END SSH2 ENCRYPTED PRIVATE KEY ----⟧",
        ),
        ("---- BEGIN SSH2 PUBLIC KEY ----\n{b:64}\n---- END SSH2 PUBLIC KEY ----",),
        "RFC 4716 (SSH public key file format) and ssh.com private key armor",
    ),
)


class PrivateKeyDetector(SecretDetector):
    """Private key blocks (PEM, OpenSSH, PGP, PuTTY, SSH2): the span is the whole block."""

    name = "private_key"
    origin = PEM
    patterns = _RULES
    window = (48, 40100)
    anchor_all = True
    blocks: ClassVar[tuple[tuple[str, str], ...]] = (
        (rf"-----BEGIN {_KINDS}-----", rf"-----END {_KINDS}-----"),
        ("-----BEGIN PGP PRIVATE KEY BLOCK-----", "-----END PGP PRIVATE KEY BLOCK-----"),
        ("PuTTY-User-Key-File-[23]:", "Private-MAC: [0-9a-f]{40,64}"),
        ("---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----", "---- END SSH2 ENCRYPTED PRIVATE KEY ----"),
    )
    checks: ClassVar[dict[str, Check]] = {
        "pem_private_key": check_pem,
        "pem_private_key_unterminated": check_pem,
        "pgp_private_key_block": check_armored,
        "putty_private_key": check_armored,
        "ssh2_private_key": check_armored,
    }

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        check = self.checks.get(pattern.name)
        return None if check is None else check(value)


def detectors(settings: ScanSettings) -> list[Detector]:
    """The private key block detector."""
    return [PrivateKeyDetector()]
