"""Personal data inside a web address that says what it is (``profile_link``): a phone number
in a messaging or calling link, a member's profile slug; and through the whole scanner, that
the web address around it gives way (a URL is allowed by most policies)."""

from __future__ import annotations

import pytest

from annexa.detect.builtin.profile_links import ProfileLinkDetector
from annexa.detect.interface import ScanContext
from annexa.detect.scanner import Scanner
from annexa.settings import ScanSettings


def links(text: str) -> list[tuple[str, str]]:
    found = ProfileLinkDetector().detect(ScanContext(text, text.lower()))
    return [(f.entity, text[f.start : f.end]) for f in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Contact link: https://wa.me/4915112345678", [("PHONE_NUMBER", "4915112345678")]),
        (
            "https://api.whatsapp.com/send?phone=447911123456&text=hi",
            [("PHONE_NUMBER", "447911123456")],
        ),
        ('<a href="tel:+49-30-901820">call us</a>', [("PHONE_NUMBER", "+49-30-901820")]),
        ("sms:+447911123456", [("PHONE_NUMBER", "+447911123456")]),
        (
            "profile: https://www.linkedin.com/in/anna-keller-4b2a91/",
            [("PERSON", "anna-keller-4b2a91")],
        ),
        ("XING: https://www.xing.com/profile/Jonas_Weber3.", [("PERSON", "Jonas_Weber3")]),
    ],
)
def test_personal_data_inside_a_link(text: str, expected: list[tuple[str, str]]) -> None:
    assert links(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "https://wa.me/123 and https://wa.me/0000000000",  # no valid number
        "https://t.me/acme_support",  # a channel's name
        "https://www.linkedin.com/company/acme/ and linkedin.com/in/123",  # a company; no name
        "call tel:112233",
    ],
)
def test_links_that_hold_no_personal_data(text: str) -> None:
    assert links(text) == []


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        ("Contact link: https://wa.me/4915112345678", ("PHONE_NUMBER", "4915112345678")),
        (
            "profile url: https://www.linkedin.com/in/anna-keller-4b2a91/",
            ("PERSON", "anna-keller-4b2a91"),
        ),
    ],
)
def test_the_web_address_around_it_gives_way(text: str, inner: tuple[str, str]) -> None:
    """Near "link" or "url" the address scores 0.95: without giving way it would win the span
    and the number or the name would leave with it."""
    found = [(f.entity, text[f.start : f.end]) for f in Scanner(ScanSettings()).scan(text)]
    assert inner in found
    assert all(entity != "URL" for entity, _ in found)
