"""Structural checks of credentials: JWT headers, PEM/OpenSSH/PGP blocks, CRC32 and Bech32 sums.

Each table holds at least three positives with their exact span and three look-alikes. Values are
built at test time (random bytes, computed checksums), never committed as literals.
"""

from __future__ import annotations

import base64
import json
import random

import pytest

from annexa.detect.builtin.jwt import JWTDetector
from annexa.detect.builtin.private_keys import PrivateKeyDetector
from annexa.detect.builtin.secrets_code_hosts import CodeHostSecretDetector, github_checksum
from annexa.detect.builtin.secrets_devops import BECH32, DevOpsSecretDetector, bech32_valid
from annexa.detect.interface import Detector, Finding
from annexa.detect.scanner import Scanner
from annexa.detect.secrets_common import BASE62, base62_crc32
from annexa.settings import ScanSettings

RNG = random.Random(2024)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def rand(alphabet: str, n: int) -> str:
    return "".join(RNG.choice(alphabet) for _ in range(n))


def scan(detector: Detector, text: str) -> list[Finding]:
    return Scanner(ScanSettings(min_score=0.0), detectors=[detector]).scan(text)


def jwt(header: object, payload: object | None = None, sig: bool = True) -> str:
    parts = [
        b64url(json.dumps(header).encode()),
        b64url(json.dumps(payload or {"sub": "1"}).encode()),
    ]
    if sig:
        parts.append(b64url(RNG.randbytes(32)))
    return ".".join(parts)


JWT_POSITIVES = [
    ("Authorization: Bearer {}", jwt({"alg": "HS256", "typ": "JWT"})),
    ('token = "{}"', jwt({"alg": "RS256", "kid": "k1"}, {"iss": "x", "exp": 1})),
    ("id_token={}&state=1", jwt({"alg": "ES256"}, sig=False)),
]


@pytest.mark.parametrize(("template", "token"), JWT_POSITIVES)
def test_jwt_with_decodable_header_is_confirmed(template: str, token: str) -> None:
    text = template.format(token)
    [f] = scan(JWTDetector(), text)
    assert text[f.start : f.end] == token
    assert f.validated
    assert f.provider == "jwt"


@pytest.mark.parametrize(
    "text",
    [
        "eyJ"
        + rand(BASE62, 30)
        + "."
        + rand(BASE62, 40)
        + "."
        + rand(BASE62, 43),  # header not JSON
        jwt({"alg": "HS256"}).split(".", 1)[0],  # a header alone
        "eyJhbGciOiJIUzI1NiJ9",  # a header alone, again
        b64url(b"not json at all!") + "." + b64url(b'{"a":1}'),  # no eyJ prefix
        "prefix." + jwt({"alg": "HS256"}).split(".", 1)[1],  # a payload segment after a dot
    ],
)
def test_jwt_look_alikes_are_dropped(text: str) -> None:
    assert scan(JWTDetector(), text) == []


def test_jwt_header_without_alg_keeps_the_rule_score() -> None:
    token = jwt({"typ": "JWT"})
    [f] = scan(JWTDetector(), token)
    assert not f.validated
    assert f.score == pytest.approx(0.9)


def pem(kind: str, body: bytes, lines: int = 64) -> str:
    b64 = base64.b64encode(body).decode()
    wrapped = "\n".join(b64[i : i + lines] for i in range(0, len(b64), lines))
    return f"-----BEGIN {kind}-----\n{wrapped}\n-----END {kind}-----"


DER = b"\x30\x82\x04\xa4" + bytes(RNG.randrange(256) for _ in range(300))
OPENSSH = b"openssh-key-v1\x00" + bytes(RNG.randrange(256) for _ in range(200))


@pytest.mark.parametrize(
    ("block", "validated"),
    [
        (pem("RSA PRIVATE KEY", DER), True),
        (pem("PRIVATE KEY", DER), True),
        (pem("EC PRIVATE KEY", DER), True),
        (pem("OPENSSH PRIVATE KEY", OPENSSH, 70), True),
        (pem("ENCRYPTED PRIVATE KEY", RNG.randbytes(200)), False),
        (
            pem("PGP PRIVATE KEY BLOCK", RNG.randbytes(120)).replace("\n", "\nVersion: x\n\n", 1),
            False,
        ),
    ],
)
def test_private_key_span_is_the_whole_block(block: str, validated: bool) -> None:
    text = f"Here is the deploy key:\n{block}\nthanks"
    [f] = scan(PrivateKeyDetector(), text)
    assert text[f.start : f.end] == block
    assert f.validated is validated


def test_private_key_in_json_with_escaped_newlines() -> None:
    block = pem("PRIVATE KEY", DER).replace("\n", "\\n")
    text = '{"type": "service_account", "private_key": "' + block + '\\n"}'
    found = scan(PrivateKeyDetector(), text)
    assert [text[f.start : f.end] for f in found] == [block]


def test_private_key_pasted_without_end_line() -> None:
    block = pem("PRIVATE KEY", DER).rsplit("\n", 1)[0]
    text = "key:\n" + block + "\n"
    [f] = scan(PrivateKeyDetector(), text)
    assert text[f.start : f.end] == block
    assert f.validated


@pytest.mark.parametrize("separator", ["\\n", " ", "\r\n"])
@pytest.mark.parametrize("end_line", [True, False])
def test_private_key_whose_line_breaks_are_escaped_or_lost(separator: str, end_line: bool) -> None:
    """In a JSON or YAML string the breaks are ``\\n``; a paste into a one-line field turns
    them into blanks; a truncated paste has no END line. The block is found all the same."""
    lines = pem("RSA PRIVATE KEY", DER).split("\n")
    block = separator.join(lines if end_line else lines[:-1])
    text = f'PRIVATE_KEY="{block}" (from the vault)'
    [f] = scan(PrivateKeyDetector(), text)
    assert text[f.start : f.end] == block
    assert f.validated


@pytest.mark.parametrize(
    "text",
    [
        "-----BEGIN PRIVATE KEY-----\nanything\n-----END PRIVATE KEY-----",
        "-----BEGIN OPENSSH PRIVATE KEY----------END OPENSSH PRIVATE KEY-----",
        pem("PUBLIC KEY", DER),
        pem("CERTIFICATE", DER),
        "use -----BEGIN RSA PRIVATE KEY----- as the first line of the file",
    ],
)
def test_private_key_look_alikes(text: str) -> None:
    assert scan(PrivateKeyDetector(), text) == []


def github_token(prefix: str, prefixed_crc: bool = False) -> str:
    body = rand(BASE62, 30)
    crc = base62_crc32(f"{prefix}_{body}" if prefixed_crc else body)
    return f"{prefix}_{body}{crc}"


@pytest.mark.parametrize(
    "token", [github_token("ghp"), github_token("gho"), github_token("ghs", prefixed_crc=True)]
)
def test_github_token_with_valid_checksum_is_confirmed(token: str) -> None:
    text = f"export GH_TOKEN={token}\n"
    [f] = scan(CodeHostSecretDetector(), text)
    assert text[f.start : f.end] == token
    assert f.validated
    assert f.provider == "github"


@pytest.mark.parametrize("token", [github_token("ghp"), github_token("ghu"), github_token("ghr")])
def test_github_token_with_broken_checksum_is_kept_unconfirmed(token: str) -> None:
    broken = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert github_checksum(broken) is None
    [f] = scan(CodeHostSecretDetector(), broken)
    assert not f.validated
    assert f.score == pytest.approx(0.9)


@pytest.mark.parametrize(
    "text",
    [
        "ghp_" + "x" * 36,
        "ghp_" + rand(BASE62, 20),
        "xghp_" + rand(BASE62, 36),
        "ghq_" + rand(BASE62, 36),
    ],
)
def test_github_look_alikes(text: str) -> None:
    assert scan(CodeHostSecretDetector(), text) == []


def bech32_encode(hrp: str, data: list[int]) -> str:
    """BIP-173 encoder, written here to build valid age keys at test time."""
    gen = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)

    def polymod(values: list[int]) -> int:
        chk = 1
        for v in values:
            top = chk >> 25
            chk = (chk & 0x1FFFFFF) << 5 ^ v
            for i in range(5):
                chk ^= gen[i] if (top >> i) & 1 else 0
        return chk

    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    mod = polymod(expanded + data + [0] * 6) ^ 1
    checksum = [(mod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(BECH32[d] for d in data + checksum)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_age_secret_key_with_valid_bech32_is_confirmed(seed: int) -> None:
    rng = random.Random(seed)
    key = bech32_encode("age-secret-key-", [rng.randrange(32) for _ in range(52)]).upper()
    assert bech32_valid(key) is True
    text = f"# public key: age1...\n{key}\n"
    [f] = scan(DevOpsSecretDetector(), text)
    assert text[f.start : f.end] == key
    assert f.validated


@pytest.mark.parametrize(
    "text",
    [
        "AGE-SECRET-KEY-1" + "Q" * 58,
        "AGE-SECRET-KEY-1" + "QPZRY9X8" * 3,
        "AGE-SECRET-KEY-2" + "QPZRY9X8GF" * 6,
    ],
)
def test_age_look_alikes(text: str) -> None:
    assert scan(DevOpsSecretDetector(), text) == []
