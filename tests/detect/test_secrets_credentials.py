"""Passwords and generic secrets: URLs, connection strings, assignments, entropy near a keyword.

Table-driven: each positive carries the exact expected span (between ``⟦`` and ``⟧``), each
look-alike must produce no SECRET at all. Random parts are generated from a seeded alphabet.
"""

from __future__ import annotations

import pytest

from annexa.detect.builtin.credentials import CredentialsDetector
from annexa.detect.builtin.entropy import EntropyDetector, is_high_entropy
from annexa.detect.builtin.secrets_forms import FormCredentialDetector
from annexa.detect.interface import Detector
from annexa.detect.pattern import expand_example
from tests.detect.tables import secret_spans


def spans(
    detector: Detector, template: str
) -> tuple[str, tuple[int, int] | None, list[tuple[int, int]]]:
    return secret_spans(detector, template, 5)


URL_PASSWORDS = [
    "Connection string: postgresql://etl:⟦{a:10}#{d:2}^Z⟧@db.internal:5432/app",
    'DATABASE_URL = "mongodb://django:⟦{a:8}%{a:4}⟧@10-rds.internal/db"',
    "redis://:⟦{a:14}!⟧@cache:6379/0",
    "amqp://svc_reporting:⟦Summer20{d:2}#{a:4}⟧@mq:5672",
    "jdbc:mysql://db:3306/app?user=app&password=⟦{a:12}{d:2}⟧&ssl=true",
    "Server=tcp:db;Database=app;User Id=sa;Password=⟦{a:10}!{d:2}⟧;Encrypt=true",
]
URL_LOOK_ALIKES = [
    "https://user:<password>@example.com",
    "postgres://app:${DB_PASSWORD}@db/app",
    "https://username:password@example.com",
    "http://localhost:5000/<%= @variable %>",
    "https://url:8000 @something else",
    "see https://example.com:8443/path?q=1",
]


@pytest.mark.parametrize("template", URL_PASSWORDS)
def test_password_in_url_or_connection_string(template: str) -> None:
    text, expected, found = spans(CredentialsDetector(), template)
    assert expected in found, (text, found)


@pytest.mark.parametrize("text", URL_LOOK_ALIKES)
def test_url_look_alikes(text: str) -> None:
    assert spans(CredentialsDetector(), text)[2] == []


ASSIGNMENTS = [
    'DB_PASSWORD = "⟦{a:12}⟧"',
    '{"password": "⟦{a:10}⟧", "user": "app"}',
    "spring.datasource.password: ⟦{a:10}{d:2}!⟧",
    "userPassword := '⟦{a:9}{d:3}⟧'",
    "export PGPASSWORD=⟦{a:8}{d:4}⟧",
    'administrator_login_password       = "⟦{a:6}Dog{d:2}⟧"',
    "CREATE USER app IDENTIFIED BY '⟦{a:10}{d:2}⟧';",
    "curl -u elastic:⟦{a:10}${d:2}⟧ https://localhost:9200",
    'if ("⟦{a:12}#{d:2}⟧" == password) {',
    # a declared string type between the name and "=" (Go, Kotlin, TypeScript, Python, Rust)
    'var dbPassword string = "⟦{a:9}#{d:3}⟧"',
    'val adminPassword: String = "⟦{a:10}{d:2}⟧"',
    'const DB_PASSWORD: &str = "⟦{a:10}{d:2}⟧";',
    # a password's "&" is part of it; a query string's starts the next parameter
    "Server creds: host=10.1.2.3 user=root pass=⟦{a:9}&{d:1}⟧",
    "password=⟦{a:6}&&{a:4}!⟧ next",
    "https://x.io/login?user=a&password=⟦{a:9}{d:2}⟧&next=/home",
]
ASSIGNMENT_LOOK_ALIKES = [
    "password = os.environ['DB_PASSWORD']",
    "password: str = Field(...)",
    'password = "<your password>"',
    "password = ********",
    "Password: please reset it",
    'password_hash = "{h:64}"',
    "password = getpass()",
    "password = self.password",
    'password_label = "Enter your password"',
    "compass = 360",
    "password = None",
    "password: str",
    "password: string = getPassword()",
    'password: "{{ .Values.db.password }}"',
    'msg = "Invalid password, please try again and again"',
    # code: a subscript, a type annotation, an f-string's placeholder
    "username=auth_info[0], password=auth_info[2]",
    "return BasicAuth(username=auth[0], password=auth[1])",
    'f"{db_url.render_as_string(hide_password=False)}\\n"',
    'self._password_bytes: Final[bytes] = password.encode("utf-8")',
    "password: Optional[str]",
    "password=parts['password'],",
    'print(f"password={password!r}")',
    # a reference to a secret store
    "db_password: file:/run/secrets/db-password",
    "password: vault:secret/data/app#db",
    'DB_PASSWORD="op://Private/app-db/password"',
]


@pytest.mark.parametrize("template", ASSIGNMENTS)
def test_password_assignments(template: str) -> None:
    text, expected, found = spans(CredentialsDetector(), template)
    assert expected in found, (text, found)


@pytest.mark.parametrize("template", ASSIGNMENT_LOOK_ALIKES)
def test_assignment_look_alikes(template: str) -> None:
    text, _, found = spans(CredentialsDetector(), template)
    assert found == [], text


ENTROPY_POSITIVES = [
    'client_secret = "⟦{a:32}⟧"',
    '"access_token": "⟦{u:40}⟧"',
    "APP_SECRET_KEY=⟦{h:48}⟧",
    "apiKey: '⟦{a:24}⟧'",
    "Authorization: Bearer ⟦{a:40}⟧",
    "-H 'Authorization: Token ⟦{h:40}⟧'",
    'var apiToken string = "⟦{a:32}⟧"',
    'const apiKey: string = "⟦{a:32}⟧";',
    'CLIENT_SECRET: Final[str] = "⟦{a:40}⟧"',
    'static API_TOKEN: &\'static str = "⟦{a:36}⟧";',
    # a token with a dot in it is no attribute path
    "    token: ⟦{u:4}{d:2}{l:4}{d:2}{a:8}.{u:3}{d:3}{l:3}{a:16}⟧",
    # a key whose name says what signs with it or whose it is
    "JWT_KEY=⟦{a:32}⟧",
    "Jwt__Key=⟦{a:32}⟧",
    'hmacKey: "⟦{a:32}⟧"',
    "STRIPE_KEY=⟦{a:32}⟧",
    # a bare "Key" in an object, a mapping or a table that says whose it is
    '{"Jwt": { "Key": "⟦{a:32}⟧", "Issuer": "acme" }}',
    "jwt:\n  issuer: acme\n  key: ⟦{a:32}⟧",
    '[stripe]\nkey = "⟦{a:32}⟧"',
    '[tool.signing]\nmode = "x"\nkey = "⟦{a:32}⟧"',
]
ENTROPY_LOOK_ALIKES = [
    'sha256_checksum = "{h:64}"',
    'commit = "{h:40}"',
    'request_id = "{h:8}-{h:4}-{h:4}-{h:4}-{h:12}"',
    "max_tokens = 4096",
    'api_key = os.environ["API_KEY"]',
    'secret_name = "{L:24}"',
    'token = "{L:30}"',
    "public_key = {b:44}",
    "digest: sha256:{h:64}",
    'author_key = "{a:32}"',
    "Authorization: Bearer <token>",
    'notes = "Maven - io.jsonwebtoken:jjwt-jackson-0.11.2"',
    "token: string = readToken()",
    'var tokenType string = "{L:12}"',
    # code: a subscript, a generic type, a parameter's annotation, an f-string's placeholder
    'TOKENRE: Final[Pattern[str]] = re.compile("[0-9A-Za-z]+")',
    "parent_token: Optional[AttributeEventToken] = None,",
    "def __init__(self, parent: _CreatesToken, token: _StrPathToken):",
    "token = start_path[0]",
    "token = token[:-1]",
    "secrets: Dict[str, Optional[str]] = {}",
    "return f'SecretsSettingsSource(secrets_dir={self.secrets_dir!r})'",
    "token_normalize_func: t.Callable[[str], str] | None",
    "vault_token: file:/run/secrets/vault-token",
    "api_key: kms:alias/annexa-data-key",
    # names in code: snake_case, CamelCase, a tuple, a literal before code's punctuation
    '{"keep_old_secret_active_for_24_hours": keep_old_secret_active_for_24_hours},',
    "s3_disable_express_session_auth=s3_disable_express_session_auth,",
    '"AsyncCredentialsWithRawResponse": (".credentials", "AsyncCredentialsWithRawResponse"),',
    "SecretError = BetaManagedAgentsCredentialHostUnreachableErrorObject",
    "    'SecretStr': (__spec__.parent, '.types'),",
    'f"{db_url.render_as_string(hide_password=False)}\\n"',
    "api_token = settings.StripeApiKey2024",
    # a bare "key" of a cache, a translation, a row: whose it is says it is no credential
    "cache:\n  key: {a:32}",
    '{"translation": {"key": "{a:32}"}}',
    '{"Jwt": {"Issuer": "acme"}, "row": {"key": "{a:32}"}}',
    "jwt:\n  issuer: acme\ncache:\n  key: {a:32}",
    "gpg_key = {h:40}",
]


@pytest.mark.parametrize("template", ENTROPY_POSITIVES)
def test_high_entropy_value_next_to_a_secret_keyword(template: str) -> None:
    text, expected, found = spans(EntropyDetector(), template)
    assert expected in found, (text, found)


@pytest.mark.parametrize("template", ENTROPY_LOOK_ALIKES)
def test_entropy_look_alikes(template: str) -> None:
    text, _, found = spans(EntropyDetector(), template)
    assert found == [], text


MARKUP = [
    "<settings><servers><server><id>nexus</id><username>ci</username>"
    "<password>⟦{a:12}!{d:2}⟧</password></server></servers></settings>",
    '<configuration>\n  <appSettings>\n    <add key="PaymentApiSecret" value="⟦{a:40}⟧" />',
    '<bean id="ds"><property name="password" value="⟦{a:8}#{d:4}⟧"/></bean>',
    '<php><env name="SLACK_BOT_TOKEN" value="⟦{a:24}{d:6}⟧"/></php>',
    '<resources><string name="maps_api_key">⟦{a:39}⟧</string></resources>',
    '<client-secret encrypted="false">⟦{u:12}{d:4}{l:8}⟧</client-secret>',
    "<entry key='db.password'>⟦{a:8}{d:4}⟧</entry>",
    "<slackToken>\n    ⟦{a:44}{d:2}⟧\n</slackToken>",
]
MARKUP_LOOK_ALIKES = [
    "<password>${env.NEXUS_PASSWORD}</password>",
    "<password>{{ vault_password }}</password>",
    '<add key="ApiSecret" value="%API_SECRET%" />',
    '<input type="password" name="password" placeholder="Password">',
    '<meta name="csrf-token" content="{a:40}">',
    '<add key="TokenExpiryMinutes" value="{d:3}" />',
    '<string name="password_hint">{L:8} {L:6}</string>',
    "<keyboard>{a:16}{d:4}</keyboard>",
    "<apiToken>{a:32}</apiKey>",
    "<sha256>{h:64}</sha256>",
    "<tokenizer>{a:24}{d:4}</tokenizer>",
    "<passwordPolicy>{a:10}#{d:2}</passwordPolicy>",
    "<p>token</p>",
    '<input type="hidden" name="authenticity_token" value="{a:24}-{a:20}">',
    '<input name="csrf_token" value="{a:40}">',
    '<property name="password" value="${{db.password}}"/>',
]


@pytest.mark.parametrize("template", MARKUP)
def test_credentials_in_xml(template: str) -> None:
    text, expected, found = spans(FormCredentialDetector(), template)
    assert expected in found, (text, found)


@pytest.mark.parametrize("template", MARKUP_LOOK_ALIKES)
def test_xml_look_alikes(template: str) -> None:
    text, _, found = spans(FormCredentialDetector(), template)
    assert found == [], text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (expand_example("{a:32}", 1), True),
        (expand_example("{h:40}", 1), True),
        ("aaaaaaaabbbbbbbbcccccccc", False),
        ("0123456789", False),
        ("ThisIsJustACamelCaseName", False),
        ("short1", False),
    ],
)
def test_is_high_entropy(value: str, expected: bool) -> None:
    assert is_high_entropy(value) is expected
