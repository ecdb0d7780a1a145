"""Generic high-entropy tokens, only as the value of a secret-named key or after ``Bearer``.

A random-looking string alone is not flagged (hashes, UUIDs and git SHAs fill code and logs);
it must be assigned to a key such as ``api_key``, ``client_secret`` or ``auth_token``. A bare
``key`` counts when what it belongs to says whose it is: the JSON object's name (``"Jwt": {"Key":
…}``), the YAML mapping's above it, the TOML table's (``[stripe]``). The value
must then pass a Shannon entropy threshold for its alphabet: hex needs at least
``min(3.0, 0.75·log2 n)`` bits per character, other alphabets ``min(3.5, 0.8·log2 n)`` and a digit.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import ClassVar

from annexa.detect.builtin.secrets_assign import (
    ASSIGN_SEP,
    ASSIGN_VALUE,
    check_password,
    is_reference,
    is_secret_key,
    key_parts,
    owner_key,
    rejected_value,
    value_span,
)
from annexa.detect.interface import Detector, Finding, ScanContext
from annexa.detect.pattern import Pattern
from annexa.detect.secrets_common import (
    SecretDetector,
    key_before,
    looks_like_placeholder,
    shannon_entropy,
    token,
)
from annexa.settings import ScanSettings

ORIGIN = "Shannon entropy over the value's alphabet (as detect-secrets' high-entropy plugins)"
_ANCHOR_KEY = r"(?P<key>(?:secret|token|key|credential|_auth)[A-Za-z0-9_.-]{0,24}+)"
_KEY_EXCLUDE = frozenset(
    [
        "public",
        "pub",
        "id",
        "ids",
        "name",
        "names",
        "type",
        "url",
        "uri",
        "path",
        "file",
        "len",
        "length",
        "count",
        "max",
        "min",
        "limit",
        "expiry",
        "expires",
        "ttl",
        "timeout",
        "header",
        "field",
        "prefix",
        "endpoint",
        "version",
        "hash",
        "digest",
        "checksum",
        "sha",
        "sha1",
        "sha256",
        "tokens",
        "tokenize",
        "tokenized",
        "tokenizer",
        "parser",  # quoted_token_parser('"Schema"."Name"'): a function over tokens
        "parse",
        "lexer",
        "author",
        "method",
        "provider",
        "mode",
        "scheme",
        "format",
        "label",
        "description",
        "csrf",
        "xsrf",
        "authenticity",  # Rails' per-form CSRF token
        "jsonwebtoken",
        "results",
        "usage",
        "budget",
    ]
)
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_HEX = re.compile(r"[0-9a-fA-F]+")
_TOKEN_CHARS = re.compile(r"[A-Za-z0-9+/=_.~-]+")
_STRONG_KEY = re.compile(r"secret|token|api[_.-]?key|apikey|password|private", re.IGNORECASE)
_HOSTNAME = re.compile(r"[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,12}")
_VERSION = re.compile(r"\d+\.\d+\.\d+")
# A name in code, not a generated value: snake_case of three words or more, digits allowed
# ("keep_old_secret_active_for_24_hours", "s3_disable_express_session_auth"), or CamelCase of
# three capitalised words or more ("AsyncCredentialsWithRawResponse"). A random run has
# neither shape.
_CODE_NAME = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+){2,}|(?:[A-Z][a-z]+){3,}\d{0,4}")
ASSIGNMENT = "secret_assignment"
STATEMENT = "secret_statement"  # BIND/Junos style: ``secret "...";``
# ``std::string secret("...")`` (a name that starts with ``secret``), ``x_secret.assign("...")``
CPP_STRING = "secret_cpp_string"
# Besides assignments, a quoted key name then a quoted literal as the next call argument: the
# hard-coded default of ``os.environ.get("API_TOKEN", "...")``, ``GetEnvOrDefault(...)``.
_SEP = rf"(?:{ASSIGN_SEP}|[\"'][ \t]{{0,4}}+,[ \t]{{0,16}}+(?=[\"']))"
_NEEDS = (("=", ":", ">", ","), 48)


def is_high_entropy(value: str) -> bool:
    """Whether ``value`` is random enough for its alphabet to be a generated credential."""
    n = len(value)
    if n < 12 or not _TOKEN_CHARS.fullmatch(value) or value.isdigit():
        return False
    bits = shannon_entropy(value)
    if _HEX.fullmatch(value):
        return n >= 16 and bits >= min(3.0, 0.75 * math.log2(n))
    if bits < min(3.5, 0.8 * math.log2(n)):
        return False
    mixed_case = not value.islower() and not value.isupper()
    return any(c.isdigit() for c in value) or (n >= 30 and bits >= 4.0 and mixed_case)


def check_value(key: str, value: str, quoted: bool) -> bool:
    """A secret-named key's value that is a credential, not a reference or an identifier.

    Random-looking values must pass :func:`is_high_entropy`; a quoted value with symbols under a
    strong key (``secret``, ``api_key``...) is judged as a password would be.
    """
    if key_parts(key) & _KEY_EXCLUDE or not is_secret_key(key):
        return False
    if looks_like_placeholder(value) or is_reference(value):
        return False
    if _HOSTNAME.fullmatch(value) or _VERSION.search(value) or _CODE_NAME.fullmatch(value):
        return False
    if _UUID.fullmatch(value):
        return _STRONG_KEY.search(key) is not None
    if not _TOKEN_CHARS.fullmatch(value) and _STRONG_KEY.search(key):
        return len(value) >= 8 and check_password(value, quoted)
    return is_high_entropy(value)


def check_bearer(value: str) -> bool | None:
    """A bearer token random enough to be one (``Bearer <token>`` and the like are dropped)."""
    ok = not looks_like_placeholder(value) and is_high_entropy(value.rstrip("="))
    return None if ok else False


_RULES: tuple[Pattern, ...] = (
    token(
        ASSIGNMENT,
        "generic",
        rf"(?i:{_ANCHOR_KEY}){_SEP}{ASSIGN_VALUE}",
        ("secret", "token", "key", "credential", "_auth"),
        (
            'client_secret = "⟦{a:32}⟧"',
            '"access_token": "⟦{u:40}⟧"',
            "APP_SECRET_KEY=⟦{h:48}⟧",
            "webhook_signing_key: ⟦{b:44}⟧",
            'static const char client_secret[] = "⟦{a:20}{d:4}⟧";',
            'os.environ.get("API_TOKEN", "⟦{a:24}{d:4}⟧")',
        ),
        (
            'sha256_checksum = "{h:64}"',
            "max_tokens = 4096",
            'api_key = os.environ["API_KEY"]',
            'secret_name = "{L:24}"',
            'token = "{L:30}"',
            "public_key = {b:44}",
            "char client_secret[] = {a:20}{d:4};",
            'fields = ("access_token", "refresh_token")',
        ),
        ORIGIN,
        score=0.7,
    ),
    token(
        "bearer_token",
        "generic",
        r"(?i:\bbearer\s{1,3})([A-Za-z0-9._~+/-]{16,2000}=*)",
        ("bearer",),
        ("Authorization: Bearer ⟦{a:40}⟧", "-H 'authorization: bearer ⟦{u:64}⟧'"),
        (
            "Authorization: Bearer <token>",
            "Bearer XXXXXXXXXXXXXXXXXXXX",
            "the bearer of this letter",
        ),
        "RFC 6750 (OAuth 2.0 bearer token usage)",
        score=0.7,
        group=1,
    ),
)


_RULES += (
    token(
        "authorization_header",
        "generic",
        # a scheme before the token, or a request signature's algorithm (its signature is
        # secrets_cloud's; the algorithm's name is no token)
        r"(?i:authorization[\"']?\s{0,3}[:=]\s{0,3}[\"']?\s{0,3}"
        r"(?:(?:token|api-token|apikey|key|sso-key|ssws)\s{1,3})?)"
        r"(?!(?i:aws4-hmac-sha256|goog4-(?:rsa|hmac)-sha256)[ \t])([A-Za-z0-9._~+/-]{16,2000}=*)",
        ("authorization",),
        ("-H 'Authorization: Token ⟦{h:40}⟧'", '{"Authorization": "⟦{a:32}⟧"}'),
        (
            "Authorization: Token <your token>",
            "authorization: {L:20}",
            "Authorization: Basic",
            "Authorization: AWS4-HMAC-SHA256 Credential=AKIA{U:16}/20261207/eu-west-1/s3/"
            "aws4_request, SignedHeaders=host, Signature=<signature>",
        ),
        "RFC 9110 section 11.6.2 (Authorization header)",
        score=0.7,
        group=1,
    ),
    token(
        STATEMENT,
        "generic",
        r"(?i:(?:secret(?!ar)|authentication-key|pre-shared-key|password)[\w-]{0,24}+"
        r"[ \t]{1,4}+)"
        r"\"([^\"\r\n]{4,200})\";",
        ("secret", "authentication-key", "pre-shared-key", "password"),
        (
            'key "tsig-key" { algorithm hmac-sha256; secret "⟦{b:43}=⟧"; };',
            'radius-server 10.0.0.1 { secret "⟦{a:12}{d:2}⟧"; }',
            'user ops { authentication { plain-text-password "⟦{a:10}#{d:3}⟧"; } }',
            'password "⟦{a:6}#{l:4}]{d:2}!⟧";',
        ),
        (
            'secret "<tsig secret>";',
            'secret "$TSIG_SECRET";',
            'secret "{l:6} {l:5} {l:4}";',
            'secretary "{l:8}";',
            'password "<password>";',
            'set password "{l:5} {l:7}";',
        ),
        "ISC BIND 9 ARM: key statement (secret); Junos configuration statements (password)",
        score=0.7,
        group=1,
    ),
    token(
        CPP_STRING,
        "generic",
        r"(?i:(?<=string )secret\w{0,24}+\(|secret\w{0,24}+\.assign\()\"([^\"\r\n]{4,200})\"",
        ("secret",),
        (
            'std::string secretKey("⟦{a:20}{d:4}⟧");',
            'secret.assign("⟦{a:16}{d:2}⟧", 18);',
        ),
        ('auto s = get_secret("{l:8}-{l:6}");', 'std::string secret("<secret>");'),
        "C++ reference: std::basic_string constructors and assign",
        score=0.7,
        group=1,
    ),
)


# A one-time code in a link's query: a password reset's, an e-mail verification's, a magic
# sign-in link's, an invitation's, an OAuth authorization code; whoever has the link is signed
# in, so the code is a credential (RFC 6749 section 4.1.2: the authorization code)
URL_CODE = "url_one_time_code"
_URL_CODE_MIN = 20  # characters of a code in one case: shorter is a coupon's or a product's
_RULES += (
    token(
        URL_CODE,
        "generic",
        r"(?i:[?&](?:code|otp|auth_?code|reset(?:_?token|_?code|_?key)?|verif(?:y|ication)"
        r"(?:_?token|_?code)?|confirm(?:ation)?(?:_?token|_?code)?|magic(?:_?link)?|login_?token"
        r"|invite(?:_?token|_?code)?|invitation(?:_?token|_?code)?|activation(?:_?key|_?code)?"
        r"|ticket)=)([A-Za-z0-9._~+/-]{16,512})",
        (
            "code=",
            "otp=",
            "reset",
            "verif",
            "confirm",
            "magic",
            "login_token",
            "invit",
            "activation",
            "ticket=",
        ),
        (
            "reset link: https://app.example.com/reset?code=⟦{h:32}⟧",
            "https://id.example.com/callback?state=xyz&code=⟦{a:20}{d:4}⟧",
            "https://app.example.com/verify?email=a%40b.c&token=x&verification_token=⟦{a:32}⟧",
        ),
        (
            "https://shop.example.com/cart?code=SUMMER2026SALEXX",
            "https://example.com/?code=aaaaaaaaaaaaaaaaaaaa",
            "?reset=1&code=<authorization code>",
        ),
        "RFC 6749 section 4.1.2 (authorization code); one-time codes of reset and sign-in links",
        score=0.7,
        group=1,
    ),
)


class EntropyDetector(SecretDetector):
    """High-entropy values of secret-named keys (``api_key = …``) and bearer tokens."""

    name = "entropy"
    origin = ORIGIN
    patterns = _RULES
    window: ClassVar[tuple[int, int]] = (40, 300)
    anchored: ClassVar[frozenset[str]] = frozenset(
        {ASSIGNMENT, "bearer_token", "authorization_header", STATEMENT, CPP_STRING}
    )
    anchor_needs: ClassVar[dict[str, tuple[tuple[str, ...], int]]] = {ASSIGNMENT: _NEEDS}

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        if pattern.name == URL_CODE:
            # a coupon's code is short and in one case ("?code=SUMMER2026SALE")
            mixed = any(c.islower() for c in value) and any(c.isupper() for c in value)
            long_enough = len(value) >= _URL_CODE_MIN or mixed
            return check_bearer(value) if long_enough else False
        if pattern.name in (STATEMENT, CPP_STRING):
            return None if check_password(value, True) and " " not in value else False
        return check_bearer(value) if pattern.name != ASSIGNMENT else None

    def _matches(
        self, ctx: ScanContext, pattern: Pattern, rx: re.Pattern[str]
    ) -> Iterable[Finding]:
        if pattern.name != ASSIGNMENT:
            yield from super()._matches(ctx, pattern, rx)
            return
        seen: set[int] = set()
        for m in self._finditer(ctx, pattern, rx):
            start, end, quoted = value_span(m)
            if start in seen:
                continue
            seen.add(start)
            key = key_before(ctx.text, m.start()) + m.group("key")
            if key.lower() == "key":  # a bare "Key": whose it is says what it is
                owner = owner_key(ctx.text, m.start() - len(key) + len(m.group("key")))
                key = f"{owner}_key" if owner else key
            value = ctx.text[start:end]
            if rejected_value(value, quoted):
                continue
            if not quoted:
                value = value.rstrip(",;)]}:")  # the code around it: "(token: Name):"
                end = start + len(value)
            if check_value(key, value, quoted):
                yield Finding("SECRET", start, end, pattern.score, self.name, pattern.provider)


def detectors(settings: ScanSettings) -> list[Detector]:
    """The keyword-anchored high-entropy detector."""
    return [EntropyDetector()]
