"""Discord bot tokens (snowflake ids) and Slack tokens (placeholders judged on the secret part).

Tokens are built at test time from random digits and characters, never committed as literals.
"""

from __future__ import annotations

import base64
import random
import string

import pytest

from annexa.detect.builtin.secrets_payment_saas import (
    DiscordTokenAloneDetector,
    PaymentSaaSSecretDetector,
    check_discord,
    check_slack,
)
from annexa.detect.interface import Finding
from annexa.detect.scanner import Scanner
from annexa.settings import ScanSettings

RNG = random.Random(7)
URLSAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"


def rand(alphabet: str, n: int) -> str:
    return "".join(RNG.choice(alphabet) for _ in range(n))


def discord_token(digits: int = 18) -> str:
    """A bot token shaped as Discord issues them: base64(user id) . timestamp . hmac."""
    user_id = str(RNG.randint(1, 9)) + rand("0123456789", digits - 1)
    first = base64.urlsafe_b64encode(user_id.encode()).decode().rstrip("=")
    return f"{first}.{rand(URLSAFE, 6)}.{rand(URLSAFE, 27)}"


def scan(text: str) -> list[Finding]:
    detector = PaymentSaaSSecretDetector()
    return Scanner(ScanSettings(min_score=0.0), detectors=[detector]).scan(text)


@pytest.mark.parametrize("digits", [17, 18, 19])
def test_discord_token_without_the_word_discord_is_found_when_its_id_decodes(digits: int) -> None:
    token = discord_token(digits)
    text = f'bot.run("{token}")'
    found = [f for f in scan(text) if f.provider == "discord"]
    assert [(text[f.start : f.end], f.validated) for f in found] == [(token, True)]


def test_discord_look_alike_without_a_numeric_id_needs_the_word_discord() -> None:
    token = (
        "MT" + rand("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 22) + f".{rand(URLSAFE, 6)}.{rand(URLSAFE, 27)}"
    )
    assert check_discord(token) is None
    assert not [f for f in scan(f"token: {token}") if f.provider == "discord"]
    kept = [f for f in scan(f"DISCORD_TOKEN={token}") if f.provider == "discord"]
    assert len(kept) == 1
    assert not kept[0].validated


def scan_alone(text: str) -> list[tuple[str, bool]]:
    scanner = Scanner(ScanSettings(min_score=0.0), detectors=[DiscordTokenAloneDetector()])
    return [(text[f.start : f.end], f.validated) for f in scanner.scan(text)]


@pytest.mark.parametrize("digits", [17, 18, 19])
@pytest.mark.parametrize("frame", ["{}", "pasted:\n{}\n", "TOKEN_LIST=[{}]", "'{}'"])
def test_discord_token_alone_is_found_when_its_id_decodes(digits: int, frame: str) -> None:
    token = discord_token(digits)
    assert scan_alone(frame.format(token)) == [(token, True)]


def test_discord_token_alone_needs_the_documented_shape() -> None:
    good = discord_token()
    first, stamp, mac = good.split(".")
    not_digits = "MT" + rand("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 22)
    for text in (
        f"{not_digits}.{stamp}.{mac}",  # no snowflake, and no random-looking id either
        f"{first}.{stamp[:5]}.{mac}",  # timestamp of 5
        f"{first}.{stamp}.{mac[:26]}",  # hmac too short
        f"x{first}.{stamp}.{mac}",  # inside a longer word
        f"{first}.{stamp}.{'x' * 27}",  # stand-in hmac
        f"{first}.{stamp}.{mac}.{stamp}",  # a fourth segment: a dotted name, no token
    ):
        assert scan_alone(text) == [], text


def test_discord_token_alone_whose_id_does_not_decode_is_kept_unconfirmed() -> None:
    """A token altered by hand (its id no snowflake) still has the shape and random parts."""
    alnum = string.ascii_letters + string.digits
    token = f"MZ1y{rand(alnum, 17)}a9Q.{rand(URLSAFE, 6)}.Xb1{rand(URLSAFE, 24)}"
    assert check_discord(token) is None
    scanner = Scanner(ScanSettings(min_score=0.0), detectors=[DiscordTokenAloneDetector()])
    found = scanner.scan(f"pasted: {token}")
    assert [(f.start, f.end, f.score, f.validated) for f in found] == [
        (8, 8 + len(token), 0.6, False)
    ]


def test_slack_token_with_repeated_digits_in_its_ids_is_kept() -> None:
    ids = "-".join(str(RNG.randint(1, 9)) + "1" * n for n in (8, 10, 12))
    token = f"xoxa-2-{ids}-{rand('0123456789abcdef', 18)}"
    assert check_slack(token) is None
    found = scan(f"SLACK_TOKEN={token}")
    assert [(f.start, f.end) for f in found] == [(12, 12 + len(token))]


@pytest.mark.parametrize("secret", ["x" * 24, "abcdefghijklmnopqrstuvwx", "0" * 24])
def test_slack_token_whose_secret_part_is_a_stand_in_is_dropped(secret: str) -> None:
    token = f"xoxp-{rand('0123456789', 11)}-{rand('0123456789', 11)}-{secret}"
    assert check_slack(token) is False
    assert not scan(f"token={token}")
