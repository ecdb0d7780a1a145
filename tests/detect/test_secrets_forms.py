"""Credentials said in a sentence, passed as an option, separated by blanks, or set by a call.

Table-driven: each positive carries the exact expected span (between ``⟦`` and ``⟧``); each
look-alike (chat prose about passwords and tokens, options and calls that hold none) must yield
no SECRET at all. Random parts are generated from a seeded alphabet.
"""

from __future__ import annotations

import pytest

from annexa.detect.builtin.secrets_forms import FormCredentialDetector, said_password
from tests.detect.tables import secret_spans

POSITIVES = [
    "My API token is ⟦{a:32}⟧, can you check why the call fails?",
    "my password is: ⟦{a:8}{d:3}⟧",
    "hi, the wifi password is ⟦Tr0ub4dor&3⟧ and the door code is 4821.",
    "The password for the staging VPN account is ⟦{a:8}{d:3}!⟧",
    "our Stripe secret key was ⟦{a:40}⟧.",
    "The admin password has been changed to '⟦Winter{d:4}#{a:3}⟧'",
    "Use password ⟦{a:8}{d:3}!⟧ for the first login.",
    "mytool deploy --api-token ⟦{a:32}⟧ --region eu-west-1",
    "docker login -u admin --password ⟦{a:9}{d:3}⟧ registry.example.com",
    "sshpass -p '⟦{a:8}{d:3}⟧' ssh admin@10.0.0.7",
    "mysql -h db -u root -p⟦{a:10}{d:2}⟧ app < dump.sql",
    "redis-cli -h cache -p 6379 -a ⟦{a:16}⟧ ping",
    "ENV API_TOKEN ⟦{a:32}⟧",
    "set -x GITHUB_SECRET ⟦{a:40}⟧",
    'setx STRIPE_SECRET_KEY "⟦{a:32}⟧"',
    "machine api.example.com login ci password ⟦{a:12}{d:2}⟧",
    'client.setApiKey("⟦{a:32}⟧");',
    'dataSource.setPassword("⟦{a:8}#{d:3}⟧");',
    "sdk.withToken('⟦{a:40}⟧')",
    # a label and its value, as a chat message or a ticket writes them
    "API key: ⟦{a:32}⟧",
    "here is the api key ⟦{a:32}⟧ for staging",
    "access token ⟦{a:40}⟧",
    "the auth token ⟦{h:32}⟧ expires tomorrow",
    "VPN password - ⟦Tr0ub4dor&3⟧",
    "pwd ⟦{a:8}{d:3}!⟧",
    "root password ⟦{a:6}{d:2}⟧ on the old box",
    # whose it is before the colon; "secret" or "token" alone before a random value
    "The AWS secret key for the deploy user: ⟦{a:40}⟧",
    "API token for staging: ⟦{a:32}⟧",
    "secret ⟦{a:36}{d:4}⟧ for the deploy user",
    "use this token ⟦{a:20}{d:8}⟧ when you call the API",
    # a user name and a password said together
    "credentials: admin / ⟦Zq8!vN3#pL⟧",
    "login - root:⟦{a:6}{d:3}!⟧",
    "Username/password: svc-backup / ⟦{a:8}{d:4}⟧",
    "The admin login is admin / ⟦P@ss{a:4}{d:3}⟧",
    # a passphrase of words, in quotes
    'Use passphrase "⟦correct horse battery staple⟧" to unlock the vault.',
    # a card's, a phone's or a door's PIN
    "The PIN for the side door is ⟦4829⟧.",
    "PIN: ⟦482913⟧",
    "el PIN de la alarma es ⟦4829⟧",
    "Le code PIN de la carte est ⟦7351⟧.",
    "Il PIN della SIM è ⟦9024⟧.",
    # a PostgreSQL password file's line
    "db.acme.example:5432:hr:postgres:⟦Pg${a:6}{d:4}⟧",
    "my .pgpass:\n10.0.0.7:6543:app:svc:⟦{a:8}{d:3}!⟧\n",
    "Die Geheimzahl lautet ⟦7391⟧.",
    # a user name and a password passed together, the password second
    "r = requests.get(url, auth=('svc', '⟦{a:8}{d:3}!⟧'))",
    "auth = HTTPBasicAuth('deploy', '⟦{a:10}{d:2}⟧')",
    'var cred = new NetworkCredential("admin_user", "⟦{a:8}#{d:3}⟧");',
    'session = aiohttp.ClientSession(auth=aiohttp.BasicAuth("svc", "⟦{a:12}{d:2}⟧"))',
    "es = Elasticsearch(hosts, basic_auth=('elastic', '⟦{a:9}{d:3}⟧'))",
    "docker login -u ci -p ⟦{a:9}{d:3}⟧ registry.example.com",
    "podman login quay.io -u bot -p ⟦{a:20}⟧",
    "az login --service-principal -u {h:8}-{h:4} -p ⟦Xy7~Qw.{a:12}-{a:8}⟧ --tenant acme",
    # a session cookie in a request or a response header: whoever holds it is signed in
    "Cookie: sessionid=⟦{a:32}⟧; csrftoken=abc",
    "Set-Cookie: session=⟦{a:24}{d:6}⟧; HttpOnly; Path=/",
    "-H 'Cookie: lang=en; PHPSESSID=⟦{h:26}⟧'",
    # said in the other languages of the context words
    "Das Passwort für den Server lautet ⟦{a:8}{d:3}!⟧",
    "le mot de passe est ⟦{a:8}{d:3}⟧",
    "la contraseña es ⟦{a:8}{d:3}⟧ para el portal",
    "het wachtwoord is ⟦{a:8}{d:3}⟧",
    "Kennwort: ⟦{a:8}{d:3}!⟧",
    # a question for a credential and its answer, in a chat pasted for a summary
    "@tom: what's the wifi password for the guest network?\n"
    "@sarah: it's ⟦Sunflower-{d:4}⟧\n@tom: thx",
    "what's the new root password?\n> Ops: ⟦{a:6}-{d:3}!⟧",
    "Quel est le mot de passe ?\nc'est ⟦Soleil-{d:4}⟧",
    "Does anyone have the staging API token?\nmaria: sure, it's ⟦{a:32}⟧",
    "VPN password?\n(checking)\n⟦{a:8}{d:3}#⟧",
    # a call given the credential's name and its value
    "define( 'DB_PASSWORD', '⟦{a:8}{d:3}!⟧' );",
    'token = os.getenv("API_TOKEN", "⟦{a:32}⟧")',
    'localStorage.setItem("access_token", "⟦{a:40}⟧");',
    'os.Setenv("STRIPE_SECRET", "⟦{a:32}⟧")',
    # a name and a value given as a pair
    'env:\n  - name: API_KEY\n    value: "⟦{a:32}⟧"',
    '"environment": [{"name": "DB_PASSWORD", "value": "⟦{a:8}{d:3}!⟧"}]',
    'aws ssm put-parameter --name /prod/db/password --value "⟦{a:8}{d:3}!⟧" --type SecureString',
    'gh secret set NPM_TOKEN --body "⟦{a:36}⟧"',
    'variable "db_password" {\n  type    = string\n  default = "⟦{a:8}{d:3}!⟧"\n}',
    '$pw = ConvertTo-SecureString "⟦{a:8}{d:3}!⟧" -AsPlainText -Force',
    # a driver's or a client's logon
    'dsn := "app:⟦{a:8}{d:3}!⟧@tcp(10.0.0.7:3306)/orders"',
    "sqlplus scott/⟦{a:6}{d:2}⟧@orcl",
    # a network device's configuration
    "username admin privilege 15 secret 0 ⟦{a:8}{d:3}!⟧",
    "enable secret 5 ⟦$1${a:4}${a:22}⟧",
    "username netops password 7 ⟦{d:2}{h:14}⟧",
    "snmp-server community ⟦{a:12}⟧ RO",
    " tacacs-server host 10.0.0.5 key ⟦{a:10}{d:2}⟧",
    "crypto isakmp key ⟦{a:10}{d:2}⟧ address 203.0.113.5",
    # tools' password options
    'ldapsearch -x -D "cn=admin,dc=corp,dc=local" -w ⟦{a:8}{d:3}!⟧ -b "dc=corp"',
    "net use \\\\fs01\\share /user:CORP\\svc_backup ⟦{a:8}{d:3}!⟧",
    "cmdkey /add:srv01 /user:admin /pass:⟦{a:8}{d:3}!⟧",
    "xfreerdp /v:10.0.0.9 /u:admin /p:⟦{a:8}{d:3}!⟧",
    "psexec \\\\srv01 -u admin -p ⟦{a:8}{d:3}!⟧ cmd",
    'sqlcmd -S sql01 -U sa -P ⟦{a:8}{d:3}!⟧ -Q "select 1"',
    "smbclient //fs01/share -U alice%⟦{a:8}{d:3}!⟧",
    "lftp -u deploy,⟦{a:8}{d:3}!⟧ sftp://files.example.com",
    "7z x backup.7z -p⟦{a:8}{d:3}!⟧",
    "zip -P ⟦{a:8}{d:3}!⟧ -r backup.zip reports/",
    "zip -r -e backup.zip reports/ -P ⟦{a:8}{d:3}!⟧",
    "openssl pkcs12 -export -in c.pem -passout pass:⟦{a:8}{d:3}!⟧ -out c.p12",
    "keytool -importcert -keystore ks.jks -storepass ⟦{a:8}{d:3}!⟧ -file ca.pem",
    "htpasswd -b /etc/nginx/.htpasswd admin ⟦{a:8}{d:3}!⟧",
    "rabbitmqctl add_user app ⟦{a:8}{d:3}!⟧",
    "ipmitool -I lanplus -H 10.0.0.20 -U ADMIN -P ⟦{a:8}{d:3}!⟧ power status",
    "mongosh mongodb://db01 -u admin -p ⟦{a:8}{d:3}!⟧",
    "openssl enc -aes-256-cbc -k '⟦{a:8}{d:3}!⟧' -in backup.tar -out backup.enc",
    "unrar x -p⟦{a:8}{d:3}⟧ archive.rar",
    "wpa_passphrase HomeNet '⟦{a:8}{d:3}!⟧'",
    # a password echoed into passwd or chpasswd, or given it as a here-string
    "echo '⟦{a:8}{d:3}!⟧' | passwd --stdin bob",
    'echo "carol:⟦{a:8}{d:3}!⟧" | sudo chpasswd',
    "chpasswd <<< 'alice:⟦{a:8}{d:3}!⟧'",
]
LOOK_ALIKES = [
    "Please reset my password, it says my token is expired.",
    'Set a passphrase such as "your words here" in the dialog.',
    "the login is slow / broken today",
    # a stand-in PIN, and a microcontroller's pin
    "The PIN is 1234 by default; PIN: 0000",
    "Connect the LED to pin 13; the pin is 13. GPIO pin: 4711",
    # colon-separated fields that are no password file's line
    "db:5432:hr:postgres:changeme",
    "timestamps 10:30:15:22:45 and pgpass 2024:5432:a:b:c",
    "the secret sauce for this release: better tests",
    "token limits for the model: 128000 in, 4096 out",
    "csrf-token={a:40}{d:8}",
    'quoted_token_parser(\'"Schema"."Name"\')',
    "credentials: see the vault / ask ops",
    # a signed request's credential scope (a date and a region) is no password, plain or encoded
    "Credential=AKIA{U:16}/20261207/eu-west-1/s3/aws4_request, SignedHeaders=host",
    "?X-Amz-Credential=AKIA{U:16}%2F20261207%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Date=1",
    "&X-Goog-Credential=svc%40p.iam.gserviceaccount.com%2F20261207%2Fauto%2Fstorage%2Fgoog4_request",
    "login: https://example.com/login",
    "The secret key for the staging bucket: ask the platform team",
    "The password is case-sensitive and the token is valid for 3600 seconds.",
    "the password is at least 12 characters long",
    "The key is in the drawer next to room 4021.",
    "my password is <redacted>",
    "Your token was revoked on 2024-03-02.",
    "use password authentication instead of keys",
    "try the token from the vault",
    "--password-stdin < pw.txt",
    "gh auth login --with-token < token.txt",
    "curl --token $GITHUB_TOKEN https://api.example.com",
    "mysql -u root -p app",
    "unrar x -p- archive.rar; openssl enc -k $PASS -in a; echo $PW | passwd --stdin bob",
    "echo test | chpasswd",
    "sshpass -p $SSHPASS ssh host",
    "ENV API_TOKEN_FILE /run/secrets/api_token",
    "TOKEN_TTL 3600",
    "PASSWORD RESET REQUIRED",
    'config.getSecret("prod/db/password")',
    'os.getenv("API_TOKEN")',
    'tokenize("{a:20} {a:10}")',
    "machine api.example.com login ci password reset",
    "auth=('svc', os.environ['PW'])",
    "HTTPBasicAuth('user', 'password')",
    "auth=('svc', '${PASSWORD}')",
    "docker login -u ci -p $REGISTRY_TOKEN registry.example.com",
    "docker login -u ci --password-stdin registry.example.com",
    "Cookie: _ga=GA1.2.1234567890.1700000000; theme=dark",
    "Set-Cookie: session=deleted; expires=Thu, 01 Jan 1970 00:00:00 GMT",
    "Cookie: session=${SESSION_COOKIE}",
    "API key: YOUR_API_KEY",
    "access token <token>",
    "the token budget is 4096",
    "api key rotation v2",
    "user password policy v3.2",
    "password reset link 12345",
    "Password: ********",
    "an api key like sk-XXXX",
    "return BasicAuth(username=auth[0], password=auth[1])",
    "password: Optional[str]",
    "docker login -u ci -p VALUE`; a session",
    "registry login -p PASSWORD registry.example.com",
    # a question about credentials whose answer is none
    "What's the token limit for GPT-4?\nIt's 128000 tokens.",
    "What is the password policy?\nIt's 12 characters minimum.",
    "Forgot your password?\nClick here: https://example.com/reset?id=42",
    "Password expired?\nTry resetting: https://x.example/reset",
    "Need an API key?\nSee docs/keys.md#create",
    "Which password manager do we use?\nit's 1Password",
    # calls, pairs and variables that hold no credential
    'os.getenv("DB_PASSWORD", "")',
    'config.get("password", "changeme")',
    "define('DB_PASSWORD', getenv('DB_PASSWORD'));",
    "env:\n  - name: API_KEY\n    valueFrom:\n      secretKeyRef: {name: api, key: key}",
    "- name: LOG_LEVEL\n  value: debug",
    'variable "db_password" {\n  type      = string\n  sensitive = true\n}',
    'variable "region" { default = "eu-west-1" }',
    "$pw = ConvertTo-SecureString $env:PW -AsPlainText -Force",
    'dsn := fmt.Sprintf("%s:%s@tcp(%s)/%s", user, pass, host, db)',
    "sqlplus / as sysdba",
    "sqlplus scott/$ORACLE_PASSWORD@orcl",
    # device configuration with a default community or a stand-in
    "snmp-server community public RO",
    "username admin privilege 15 secret 0 <password>",
    "enable secret 5 PASSWORD",
    # tools without a password on their command line
    "net use Z: \\\\fs01\\share /user:CORP\\alice /persistent:yes",
    "ldapsearch -x -W -D cn=admin -b dc=corp",
    "7z a backup.7z folder -mx9",
    "zip -r archive.zip folder -x '*.tmp'",
    "openssl pkcs12 -export -in c.pem -passout env:P12_PASS -out c.p12",
    # a label whose value is a prompt for the password, read again from inside
    'password = ask_password("Password: ")',
]


def spans(template: str) -> tuple[str, tuple[int, int] | None, list[tuple[int, int]]]:
    return secret_spans(FormCredentialDetector(), template, 3)


@pytest.mark.parametrize("template", POSITIVES)
def test_credentials_in_phrases_options_and_calls(template: str) -> None:
    text, expected, found = spans(template)
    assert found == [expected], (text, found)


@pytest.mark.parametrize("template", LOOK_ALIKES)
def test_phrase_look_alikes(template: str) -> None:
    text, _, found = spans(template)
    assert found == [], text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Tr0ub4dor&3", True),
        ("hunter22", True),
        ("Welcome!", True),
        ("case-sensitive", False),
        ("incorrect", False),
        ("Required.", False),
    ],
)
def test_a_password_said_in_a_sentence(value: str, expected: bool) -> None:
    assert said_password(value, quoted=False) is expected


@pytest.mark.parametrize(
    "template",
    [
        "Grüße aus München 🥨 — my API token is ⟦{a:32}⟧, merci",
        "Ünïcödé first: <apiToken>⟦{a:32}⟧</apiToken> ✓",
        "Zoë’s box: sshpass -p '⟦{a:8}{d:3}⟧' ssh zoë@host",
    ],
)
def test_offsets_are_those_of_the_text_when_it_is_not_ascii(template: str) -> None:
    """The pass runs over UTF-8 bytes; every finding is cut at ``str`` offsets."""
    text, expected, found = spans(template)
    assert found == [expected], (text, found)
