"""Passwords: in URLs and connection strings, ``password = …`` assignments, curl and HTTP Basic.

Look-alikes are rejected by the value, not the key: placeholders (``<password>``, ``${DB_PASS}``,
``****``, ``changeme``), references (``os.environ[...]``, ``settings.X``, function calls), type
names (``password: str``), empty values and sentences. Unquoted values need a digit or a symbol
(``Password: required`` is prose; ``DB_PASSWORD=Orange2019!`` is a password).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import ClassVar

from annexa.detect.builtin.secrets_assign import (
    ASSIGN_NEEDS,
    ASSIGN_SEP,
    ASSIGN_VALUE,
    check_password,
    is_secret_key,
    key_parts,
    rejected_value,
    value_span,
)
from annexa.detect.interface import Detector, Finding, ScanContext
from annexa.detect.pattern import Pattern
from annexa.detect.secrets_common import (
    Check,
    SecretDetector,
    b64decode_loose,
    key_before,
    looks_like_placeholder,
    mixed_token,
    token,
)
from annexa.settings import ScanSettings

RFC_URL = "RFC 3986 section 3.2.1 (userinfo); vendor connection string docs (ADO.NET, JDBC)"
KEY_EXCLUDE = frozenset(
    [
        "hash",
        "hashed",
        "salt",
        "digest",
        "length",
        "len",
        "min",
        "max",
        "policy",
        "reset",
        "url",
        "uri",
        "field",
        "label",
        "hint",
        "regex",
        "pattern",
        "prompt",
        "expiry",
        "expires",
        "expiration",
        "changed",
        "rule",
        "rules",
        "strength",
        "valid",
        "validation",
        "file",
        "path",
        "type",
        "count",
        "enabled",
        "required",
        "placeholder",
        "manager",
        "wordlist",
        "forgot",
        "input",
        "form",
        "id",
        "confirmation",
        "reminder",
    ]
)


def quoted_before(text: str, end: int, limit: int = 200) -> tuple[int, int] | None:
    """The span inside the quoted string that ends (after spaces) right before ``end``."""
    j = end
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    if j == 0 or text[j - 1] not in "\"'":
        return None
    quote = text[j - 1]
    start = text.rfind(quote, max(0, j - 1 - limit), j - 1)
    if start < 0 or "\n" in text[start : j - 1]:
        return None
    return (start + 1, j - 1) if j - 1 > start + 1 else None


def check_basic_auth(value: str) -> bool | None:
    """HTTP Basic credentials: confirmed when they decode to ``user:password``."""
    raw = b64decode_loose(value)
    if raw is None:
        return False
    text = raw.decode("utf-8", "replace")
    if looks_like_placeholder(text.partition(":")[2]):
        return False  # user:xxxxxxxx, user:<password>: a stand-in, encoded
    return True if ":" in text and text.isprintable() else None


def check_url_password(value: str) -> bool | None:
    """A URL's userinfo password that is not a stand-in or a variable."""
    return None if check_password(value, True) else False


_PW_KEY_NAME = (
    r"(?P<key>(?:password|passwd|passphrase|pwd|pass(?![A-Za-z])|pw(?![A-Za-z]))"
    r"[A-Za-z0-9_.-]{0,24}+)"
)
ASSIGNMENT = "password_assignment"
COMPARISON = "reversed_comparison"

# ``curl`` then its other options (line continuations allowed) up to the one a rule wants.
_CURL_OPTS = r"curl\s(?:(?:(?!curl)[^\n\\]|\\\r?\n?){0,300}?\s)?"
# A request header that carries a credential, its colon and an optional scheme word.
_AUTH_HEADER = (
    r"(?i:authorization|[\w-]{0,30}?(?:token|api-?key|secret|auth)[\w-]{0,30})[ \t]?:[ \t]{0,3}"
    r"(?i:(?:bearer|token|basic|apikey|api-key|key)[ \t]{1,3})?"
)


def check_header_value(value: str) -> bool | None:
    """A header credential: letters and digits, not a stand-in, a variable or an expression."""
    if any(c in value for c in "{}()[]"):
        return False  # {base64(user:pass)}, $(cat token)
    ok = check_password(value, True) and mixed_token(value) is None
    return None if ok else False


_RULES: tuple[Pattern, ...] = (
    token(
        "url_password",
        "url",
        r"://[^\s:/?#@\"'<>\[\]]{0,64}:([^\s/@\"'<>]{1,128})@(?=[\w\[.-])",
        ("://",),
        (
            "Connection string: amqp://root:⟦{a:12}!{d:2}⟧@mq.internal:5672",
            "mongodb+srv://app:⟦{a:16}⟧@cluster0.mongodb.net/db",
            "redis://:⟦{a:10}%{d:3}⟧@cache:6379/0",
        ),
        (
            "https://user:<password>@example.com",
            "postgres://app:${DB_PASSWORD}@db/app",
            "http://localhost:5000/<%= @variable %>",
            "https://url:8000 @something else",
        ),
        RFC_URL,
        group=1,
    ),
    token(
        ASSIGNMENT,
        "password",
        rf"(?i:{_PW_KEY_NAME}){ASSIGN_SEP}{ASSIGN_VALUE}",
        ("password", "passwd", "passphrase", "pwd", "pass", "pw"),
        (
            'DB_PASSWORD = "⟦{a:12}⟧"',
            '{"password": "⟦{a:10}⟧"}',
            "Server=db;Database=app;User Id=sa;Password=⟦{a:8}#{d:2}⟧;",
            "spring.datasource.password: ⟦{a:10}{d:2}!⟧",
            'char db_password[32] = "⟦{a:10}{d:3}⟧";',
        ),
        (
            "password = os.environ['DB_PASSWORD']",
            "password: str = Field(...)",
            'password = "<your password>"',
            "password = ********",
            "Password: please reset it",
            'password_hash = "{h:64}"',
            "password = getpass()",
            'api_key = ""',
            "char db_password[32] = '{a:10}';",
        ),
        "OWASP ASVS V2/V6 (hard-coded credentials); vendor config docs (ADO.NET, Spring)",
        score=0.75,
    ),
    token(
        COMPARISON,
        "password",
        r"[!=]==?[ \t]{0,3}(?P<key>[A-Za-z_][\w.]{0,40})",
        ("==", "!="),
        ('if ("⟦{a:12}#{d:2}⟧" == password) {', "if ('⟦{a:16}⟧' !== api_secret)"),
        ('if ("{a:12}" == username) {', 'if ("changeme" == password)', "if (x == password)"),
        "OWASP ASVS V2/V6 (hard-coded credentials compared in code)",
        score=0.7,
    ),
    token(
        "sql_password",
        "password",
        r"(?i:identified\s{1,3}by|password)\s{1,3}'([^'\s]{4,128})'",
        ("identified", "password"),
        (
            "CREATE USER app IDENTIFIED BY '⟦{a:10}{d:2}⟧';",
            "ALTER ROLE x WITH PASSWORD '⟦{a:12}⟧';",
        ),
        ("CREATE USER app IDENTIFIED BY '<password>';", "WITH PASSWORD '${PW}'"),
        "PostgreSQL docs: CREATE ROLE; MySQL docs: CREATE USER ... IDENTIFIED BY",
        group=1,
    ),
    token(
        "nuget_config_password",
        "nuget",
        r"(?i:<add\s{1,3}key=\"[^\"]{0,40}password[^\"]{0,20}\"\s{1,3}value=\")([^\"]{1,200})\"",
        ("<add",),
        ('<add key="ClearTextPassword" value="⟦{a:16}⟧" />',),
        ('<add key="ClearTextPassword" value="%NUGET_PASSWORD%" />',),
        "NuGet docs: nuget.config reference (packageSourceCredentials)",
        group=1,
    ),
    token(
        "curl_user_password",
        "curl",
        r"curl\s(?:(?:(?!curl)[^\n\\]|\\\r?\n?){0,300}?\s)?(?:-u|--user)\s{1,3}[\"']?[^\s:\"']{0,64}:"
        r"[\"']?([^\s\"'<>]{3,128})",
        ("curl",),
        ("curl --cacert ca.crt -u elastic:⟦{a:10}${d:2}⟧ https://localhost:9200",),
        ('curl -sL --user "$1:$2" "$3"', "curl -u <user:password> https://test.com/x"),
        "curl manual: -u, --user <user:password>",
        group=1,
    ),
    token(
        "curl_user_token",
        "curl",
        rf"{_CURL_OPTS}(?:-u|--user)\s{{1,3}}[\"']?([^\s:\"'<>$]{{8,128}}):[\"']?(?=\s|$)",
        ("curl",),
        ('curl -u "⟦{a:10}{d:4}⟧:" https://api.example.net/v1/charges',),
        ("curl -u elastic: https://localhost:9200", 'curl --user "$API_KEY:" https://x.test'),
        "curl manual: -u, --user <user:password> (an API key as user name, empty password)",
        group=1,
    ),
    token(
        "curl_auth_header",
        "curl",
        rf"{_CURL_OPTS}(?:-H|--header)\s{{1,3}}[\"']{_AUTH_HEADER}([^\s\"']{{8,400}})",
        ("curl",),
        (
            'curl -H "Api-Token: ⟦{a:8}{d:3}⟧" https://api.test/v1',
            "curl -X POST --header 'Authorization: ⟦sha256~{u:12}{d:2}⟧' https://x.test",
        ),
        (
            'curl -H "Authorization: Bearer $TOKEN" https://x.test',
            'curl -H "X-Api-Key: <your key>" https://x.test',
            'curl -H "Content-Type: {l:8}/{d:10}" https://x.test',
            'curl -H "Authorization: basic {base64(user:password)}" https://x.test',
        ),
        "curl manual: -H, --header; RFC 9110 section 11.6.2 (Authorization header)",
        group=1,
    ),
    token(
        "docker_config_auth",
        "docker",
        r"\"auth\"[ \t]{0,4}:[ \t\r\n]{0,8}\"([A-Za-z0-9+/]{8,400}={0,2})\"",
        ('"auth"',),
        ('{"auths": {"registry.example.com": {"auth": "⟦{b:32}⟧"}}}',),
        (
            '{"auths": {"registry.example.com": {"auth": ""}}}',
            '"auth": "<base64>"',
            '"auth": "Z2hjcl91c2VyOnh4eHh4eHh4eHh4eHh4eHg="',  # ghcr_user:xxxxxxxxxxxxxxxx
        ),
        "Docker docs: docker login, credential stores (config.json auths)",
        group=1,
    ),
    token(
        "basic_auth_header",
        "http",
        r"(?i:authorization:?[\"']?\s{0,3}[\"']?\s{0,3}basic\s{1,3})([A-Za-z0-9+/]{6,400}={0,2})",
        ("basic ",),
        ("curl -H 'Authorization: Basic ⟦{b:40}⟧'",),
        ("Authorization: Basic ...", "Authorization: Basic <credentials>"),
        "RFC 7617 (HTTP Basic authentication)",
        group=1,
    ),
)


class CredentialsDetector(SecretDetector):
    """Passwords in URLs, connection strings, assignments, SQL, curl and Basic auth headers."""

    name = "credentials"
    origin = RFC_URL
    patterns = _RULES
    checks: ClassVar[dict[str, Check]] = {
        "url_password": check_url_password,
        "sql_password": check_url_password,
        "nuget_config_password": check_url_password,
        "curl_user_password": check_url_password,
        "curl_user_token": check_header_value,
        "curl_auth_header": check_header_value,
        "basic_auth_header": check_basic_auth,
        "docker_config_auth": check_basic_auth,
    }
    anchored: ClassVar[frozenset[str]] = frozenset(
        {ASSIGNMENT, COMPARISON, "url_password", "sql_password", "curl_user_password"}
        | {"nuget_config_password", "curl_user_token", "curl_auth_header"}
    )
    anchor_needs: ClassVar[dict[str, tuple[tuple[str, ...], int]]] = {
        ASSIGNMENT: ASSIGN_NEEDS,
        "url_password": (("@",), 200),
        "sql_password": (("'",), 24),
    }
    windows: ClassVar[dict[str, tuple[int, int]]] = {
        "url_password": (0, 260),
        ASSIGNMENT: (40, 260),
        "curl_user_password": (0, 400),
        "curl_user_token": (0, 400),
        "curl_auth_header": (0, 800),
    }

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        check = self.checks.get(pattern.name)
        return None if check is None else check(value)

    def _matches(
        self, ctx: ScanContext, pattern: Pattern, rx: re.Pattern[str]
    ) -> Iterable[Finding]:
        if pattern.name == ASSIGNMENT:
            spans = self._assignments(ctx, pattern, rx)
        elif pattern.name == COMPARISON:
            spans = self._comparisons(ctx, pattern, rx)
        else:
            yield from super()._matches(ctx, pattern, rx)
            return
        for start, end in dict.fromkeys(spans):
            yield Finding("SECRET", start, end, pattern.score, self.name, pattern.provider)

    def _assignments(
        self, ctx: ScanContext, pattern: Pattern, rx: re.Pattern[str]
    ) -> Iterator[tuple[int, int]]:
        """Values of ``password``-named keys that pass :func:`check_password`."""
        for m in self._finditer(ctx, pattern, rx):
            start, end, quoted = value_span(m)
            if not quoted and (more := _AMPERSANDS.match(ctx.text, end)) is not None:
                end = more.end()  # "pass=Tr0ub4dor&3": a password's "&", not a query's
            prefix = key_before(ctx.text, m.start())
            bare_pass = re.match(r"(?i)pass(?:word|wd|phrase)|pwd", m.group("key")) is None
            if prefix and prefix[-1].isalpha() and bare_pass:
                continue  # compass, bypass, cpw
            value = ctx.text[start:end]
            if rejected_value(value, quoted):
                continue
            if not quoted:
                value = value.rstrip(",;)]}:")  # the code around it: "(token: Name):"
                end = start + len(value)
            key = prefix + m.group("key")
            if not key_parts(key) & KEY_EXCLUDE and check_password(value, quoted):
                yield start, end

    def _comparisons(
        self, ctx: ScanContext, pattern: Pattern, rx: re.Pattern[str]
    ) -> Iterator[tuple[int, int]]:
        """``"literal" == secret_name``: the quoted literal before the operator."""
        for m in self._finditer(ctx, pattern, rx):
            span = quoted_before(ctx.text, m.start())
            if span is None or not is_secret_key(m.group("key")):
                continue
            if check_password(ctx.text[span[0] : span[1]], True):
                yield span


# After a bare value, an "&" that starts no next parameter ("&next=" in a query string does)
# and what follows it: the rest of the password.
_AMPERSANDS = re.compile(r"(?:&(?![A-Za-z_][\w.\-\[\]]*=)[^\s\"'`,;&]*)+")


def detectors(settings: ScanSettings) -> list[Detector]:
    """The password and connection string detector."""
    return [CredentialsDetector()]
