"""Credentials written the many ways code, config and chat write them: recall per syntax.

For whoever extends the secret detectors. The development sets hold each source's own examples;
this bench asks whether a credential is still found when the same value is written in another
language's syntax, in markup, on a command line or in a sentence, and whether the look-alikes
next to it stay quiet. Every value is generated (seeded), nothing comes from a test suite:

- ``named``: a random token under a key named for a provider without a format of its own
  (``fastly``, ``kraken``, ...), in 20 syntaxes (C, Go, Java, JSON, YAML, XML, PHP, Rust, shell,
  typed declarations ...);
- ``phrases``: passwords and tokens said in a sentence, passed as options, set by calls;
- ``formats``: one token per documented prefix format (a sample of the providers);
- ``look-alikes``: prose and code about credentials that holds none (must stay quiet).

    .venv/bin/python -m bench.secret_forms [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import string
from collections import Counter

from rich.console import Console
from rich.table import Table

from annexa.detect.scanner import Scanner
from annexa.settings import ScanSettings

ALNUM = string.ascii_letters + string.digits
HEX = "0123456789abcdef"
# Providers whose credentials have no prefix of their own: only the key names them.
NAMED = {
    "adafruit": (ALNUM + "_-", 32),
    "algolia": (HEX, 32),
    "bittrex": (ALNUM, 32),
    "codecov": (HEX, 32),
    "coinbase": (ALNUM + "_-", 64),
    "droneci": (ALNUM, 32),
    "fastly": (ALNUM + "_-", 32),
    "flickr": (ALNUM, 32),
    "freshbooks": (ALNUM, 64),
    "gitter": (ALNUM + "_-", 40),
    "intercom": (ALNUM + "_-=", 60),
    "kraken": (ALNUM + "/=_+-", 86),
    "kucoin": (HEX, 24),
    "lob": (HEX, 35),
    "mattermost": (ALNUM, 26),
    "messagebird": (ALNUM, 25),
    "nytimes": (ALNUM + "=_-", 32),
    "rapidapi": (ALNUM + "_-", 50),
    "sendbird": (HEX, 40),
    "squarespace": (HEX, 32),
    "travis": (ALNUM, 22),
    "twitch": (ALNUM, 30),
    "zendesk": (ALNUM, 40),
}
SYNTAXES = (
    'char {i}_token[] = "{s}";',
    'string {i}Token = "{s}";',
    '{i}Token := "{s}"',
    'var {i}Token string = "{s}"',
    "def {i}Token = '{s}'",
    "{i}_token={s}",
    'const {i}Token = "{s}"',
    '{{\n    "{i}_token": "{s}"\n}}',
    'my ${i}Token = "{s}";',
    'let {i}_token = "{s}";',
    '{I}_TOKEN="{s}"',
    "<{i}Token>\n    {s}\n</{i}Token>",
    "{i}_token: {s}",
    'export {I}_API_KEY="{s}"',
    'const {i}ApiKey: string = "{s}";',
    '{I}_SECRET: Final[str] = "{s}"',
    '<add key="{i}ApiSecret" value="{s}" />',
    "ENV {I}_TOKEN {s}",
    "mytool --{i}-token {s}",
    'client.set{I_}ApiKey("{s}")',
)
PHRASES = (
    "My {i} API token is {s}, can you see why the call fails?",
    "the {i} password for the staging box is {p}",
    "Use password {p} for the first login.",
    "sshpass -p '{p}' ssh admin@10.0.0.7",
    "mysql -h db -u root -p{p} app",
    "machine api.example.com login ci password {p}",
    'dataSource.setPassword("{p}");',
    "<password>{p}</password>",
    "r = requests.get(url, auth=('{i}', '{p}'))",
    'var cred = new NetworkCredential("{i}_svc", "{p}");',
    "docker login -u {i} -p {p} registry.example.com",
    "Cookie: lang=en; sessionid={s}",
    "{i} API key: {s}",
    "access token {s} (expires tomorrow)",
    "VPN password - {p}",
)
LOOK_ALIKES = (
    "Please reset my password, it says my token is expired.",
    "The password is case-sensitive and the token is valid for 3600 seconds.",
    "the key is in the drawer next to room 4021",
    "use password authentication instead of keys",
    "--password-stdin < pw.txt",
    'config.getSecret("prod/db/password")',
    "ENV API_TOKEN_FILE /run/secrets/api_token",
    "<password>${env.NEXUS_PASSWORD}</password>",
    'const tokenType: string = "Bearer";',
    '<add key="TokenLifetimeMinutes" value="30" />',
    "max_tokens = 4096",
    "requests.get(url, auth=(user, os.environ['PW']))",
    "Set-Cookie: session=deleted; expires=Thu, 01 Jan 1970 00:00:00 GMT",
    'sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"',
    "API key: YOUR_API_KEY",
    "the token budget is 4096",
)


def formats(rng: random.Random) -> dict[str, str]:
    """One token per documented prefix format (a sample)."""

    def t(alphabet: str, n: int) -> str:
        return "".join(rng.choice(alphabet) for _ in range(n))

    uuid = f"{t(HEX, 8)}-{t(HEX, 4)}-{t(HEX, 4)}-{t(HEX, 4)}-{t(HEX, 12)}"
    return {
        "github": "ghp_" + t(ALNUM, 36),
        "gitlab": "glpat-" + t(ALNUM + "_-", 20),
        "openai": "sk-proj-" + t(ALNUM + "_-", 74) + "T3BlbkFJ" + t(ALNUM + "_-", 74),
        "anthropic": "sk-ant-api03-" + t(ALNUM + "_-", 93) + "AA",
        "aws": "AKIA" + t(string.ascii_uppercase + "234567", 16),
        "google": "AIza" + t(ALNUM + "_-", 35),
        "slack": f"xoxb-{t('0123456789', 12)}-{t('0123456789', 13)}-{t(ALNUM, 24)}",
        "stripe": "sk_live_" + t(ALNUM, 99),
        "huggingface": "hf_" + t(string.ascii_letters, 34),  # letters only, as issued
        "adafruit": "aio_" + t(ALNUM, 28),
        "adobe": "p8e-" + t(ALNUM, 32),
        "clojars": "CLOJARS_" + t(HEX, 60),
        "harness": f"pat.{t(ALNUM, 22)}.{t(HEX, 24)}.{t(ALNUM, 20)}",
        "launchdarkly": "sdk-" + uuid,
        "databricks": "dose" + t(HEX, 32),
        "yandex": "AQVN" + t(ALNUM, 36),
        "asana": f"2/{t('0123456789', 16)}/{t('0123456789', 16)}:{t(HEX, 32)}",
        "salesforce": f"00D{t(ALNUM, 12)}!{t(ALNUM, 96)}",
        "zapier": f"https://hooks.zapier.com/hooks/catch/{t('0123456789', 7)}/{t(HEX, 6)}/",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)  # nosec B311 - test data, not a secret
    scanner = Scanner(ScanSettings(ner=False, recent_scans=0))

    def found(text: str, value: str) -> bool:
        at = text.index(value)
        spans = [f for f in scanner.scan(text) if f.entity == "SECRET"]
        return any(f.start < at + len(value) and f.end > at for f in spans)

    hits: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    missed: list[str] = []
    for name, (alphabet, size) in NAMED.items():
        for syntax in SYNTAXES:
            value = "".join(rng.choice(alphabet) for _ in range(size))
            text = syntax.format(i=name, I=name.upper(), I_=name.capitalize(), s=value)
            totals["named"] += 1
            if found(text, value):
                hits["named"] += 1
            else:
                missed.append(text)
    for phrase in PHRASES:
        for name in ("stripe", "vpn", "github"):
            token = "".join(rng.choice(ALNUM) for _ in range(32))
            password = "".join(rng.choice(ALNUM) for _ in range(9)) + "#" + str(rng.randint(10, 99))
            text = phrase.format(i=name, s=token, p=password)
            value = token if "{s}" in phrase else password
            totals["phrases"] += 1
            if found(text, value):
                hits["phrases"] += 1
            else:
                missed.append(text)
    for provider, value in formats(rng).items():
        for frame in ("{}", "token: {}", '"{}"'):
            totals["formats"] += 1
            if found(frame.format(value), value):
                hits["formats"] += 1
            else:
                missed.append(f"{provider}: {frame.format(value)}")
    quiet = sum(
        1 for text in LOOK_ALIKES if not any(f.entity == "SECRET" for f in scanner.scan(text))
    )

    table = Table(title="Credentials in many syntaxes (generated values)")
    for col in ("set", "found", "of", "recall"):
        table.add_column(col, justify="right" if col != "set" else "left")
    for key in ("named", "phrases", "formats"):
        table.add_row(key, str(hits[key]), str(totals[key]), f"{hits[key] / totals[key]:.3f}")
    table.add_row("look-alikes quiet", str(quiet), str(len(LOOK_ALIKES)), "")
    console = Console()
    console.print(table)
    for text in missed[:20]:
        console.print(f"  missed: {text[:110]!r}", markup=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
