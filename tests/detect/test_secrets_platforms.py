"""Platform credentials whose checks go beyond their rule's expression (Asana, X bearer tokens).

Every rule's own positive and look-alike examples are checked in ``test_rule_examples.py``; these
tests cover the region gate of the Asana detector and the stand-in checks.
"""

from __future__ import annotations

import random

import pytest

from annexa.detect.builtin.secrets_platforms import (
    AsanaTokenDetector,
    PlatformSecretDetector,
    check_twitter_bearer,
)
from annexa.detect.interface import Detector
from annexa.detect.scanner import Scanner
from annexa.settings import ScanSettings

RNG = random.Random(11)
HEX = "0123456789abcdef"
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def rand(alphabet: str, n: int) -> str:
    return "".join(RNG.choice(alphabet) for _ in range(n))


def found(detector: Detector, text: str) -> list[str]:
    scanner = Scanner(ScanSettings(), detectors=[detector])
    return [text[f.start : f.end] for f in scanner.scan(text) if f.entity == "SECRET"]


@pytest.mark.parametrize(
    "token",
    [
        f"1/{rand('0123456789', 13)}:{rand(HEX, 32)}",
        f"2/{rand('0123456789', 16)}/{rand('0123456789', 16)}:{rand(HEX, 32)}",
    ],
)
@pytest.mark.parametrize("frame", ["ASANA_TOKEN={}", "Authorization: Bearer {}\n", '"{}"'])
def test_asana_personal_access_token(token: str, frame: str) -> None:
    assert found(AsanaTokenDetector(), frame.format(token)) == [token]


@pytest.mark.parametrize(
    "text",
    [
        f"ratio 2/{rand('0123456789', 16)} of the total",  # no ":" and hex after the ids
        f"12/{rand('0123456789', 16)}:{rand(HEX, 32)}",  # no single leading digit
        f"2/{rand('0123456789', 16)}:{'x' * 32}",  # not hex
        f"2/{rand('0123456789', 16)}:{'0' * 32}",  # a stand-in
        f"2-{rand('0123456789', 16)}:{rand(HEX, 32)}",  # another separator
    ],
)
def test_asana_look_alikes(text: str) -> None:
    assert found(AsanaTokenDetector(), text) == []


def test_x_bearer_token_is_judged_after_its_run_of_a() -> None:
    token = "A" * 21 + rand(ALNUM, 30) + "%2F" + rand(ALNUM, 20) + "%3D" + rand(ALNUM, 40)
    assert check_twitter_bearer(token) is None
    assert found(PlatformSecretDetector(), f"TWITTER_BEARER_TOKEN={token}") == [token]
    assert check_twitter_bearer("A" * 21 + "x" * 60) is False
    assert check_twitter_bearer("A" * 21 + "B" * 60) is False  # letters only: no token
