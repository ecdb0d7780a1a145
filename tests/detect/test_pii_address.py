"""Street addresses (table-driven, with spans): the forms of several countries' conventions,
post boxes, US military and city lines, and the look-alikes that must not match."""

from __future__ import annotations

import pytest

from annexa.detect.builtin.address import StreetAddressDetector
from annexa.detect.scanner import Scanner
from annexa.settings import ScanSettings


def found(text: str, min_score: float = 0.4) -> list[str]:
    scanner = Scanner(ScanSettings(min_score=min_score), detectors=[StreetAddressDetector()])
    return [text[f.start : f.end] for f in scanner.scan(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Send it to 742 Evergreen Terrace, Springfield", ["742 Evergreen Terrace"]),
        ("She lives at 17 W. Oak St. near the park", ["17 W. Oak St."]),
        ("HQ: 500 3rd Ave SE, Suite 2100", ["500 3rd Ave SE, Suite 2100"]),
        ("118 Larkspur Lane\n  Apt 4B\n", ["118 Larkspur Lane\n  Apt 4B"]),
        ("Ship to 9 Mill Row, then", ["9 Mill Row"]),
        ("livraison au 8 bis avenue Victor Hugo, Lyon", ["8 bis avenue Victor Hugo"]),
        ("on habite 3 rue des Lilas", ["3 rue des Lilas"]),
        ("Avenida Paulista 1578, São Paulo", ["Avenida Paulista 1578"]),
        ("Piazza della Signoria 5 a Firenze", ["Piazza della Signoria 5"]),
        ("Wohnt in der Lindenstraße 12a, 10115 Berlin", ["Lindenstraße 12a"]),
        ("Bahnhofstr. 3", ["Bahnhofstr. 3"]),
        ("Keizersgracht 123, Amsterdam", ["Keizersgracht 123"]),
        ("Nørrebrogade 44 2. tv", ["Nørrebrogade 44"]),
        ("Drottninggatan 71", ["Drottninggatan 71"]),
        ("Mannerheimintie 12 B", ["Mannerheimintie 12"]),
        ("Andrássy út 22.", ["Andrássy út 22."]),
        ("PO Box 7781, Anchorage", ["PO Box 7781"]),
        ("Postfach 10 11 23, 80001 München", ["Postfach 10 11 23"]),  # grouped box number
        ("Postfach 1011, München", ["Postfach 1011"]),
        ("Unit 2050 Box 4190\nAPO AP 96278-2050", ["Unit 2050 Box 4190\nAPO AP 96278-2050"]),
        ("send to APO AE 09012 today", ["APO AE 09012"]),
        ("Boulder, CO 80302", ["Boulder, CO 80302"]),
        # the place lines of the same address follow its street
        (
            "221B Baker Street\nLondon NW1 6XE\nUnited Kingdom",
            ["221B Baker Street\nLondon NW1 6XE\nUnited Kingdom"],
        ),
        ("Lindenstraße 12a\n10115 Berlin\n\nGrüße", ["Lindenstraße 12a\n10115 Berlin"]),
        ("12 Main Street\nThanks,\nBob", ["12 Main Street"]),  # a sign-off is no place
        ("10 Downing Street\nPlease call me", ["10 Downing Street"]),
    ],
)
def test_finds_addresses_with_spans(text: str, expected: list[str]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "It is a 10 minute drive from the station",
        "Step 3 Drive carefully",  # no name between number and suffix
        "see Jones et al. Science 2021",
        "download it via FTP 21 or Via SSH 22",
        "a String 8 and a Keyring 2 and untie 3",
        "The top 5 lessons way beyond",  # words not capitalised
        "Springfield, ZZ 62704",  # no such state
        "Windows 11 Pro on 25 laptops",
        "returns 404 Not Found",
    ],
)
def test_ignores_look_alikes(text: str) -> None:
    assert found(text, min_score=0.0) == []


def test_an_address_word_raises_the_score() -> None:
    scanner = Scanner(ScanSettings(min_score=0.0), detectors=[StreetAddressDetector()])
    [plain] = scanner.scan("Rua Augusta 274")
    [near] = scanner.scan("Endereço: Rua Augusta 274")
    assert plain.score < near.score


def test_offsets_point_into_text_with_wide_characters() -> None:
    text = "Grüße 🙂 aus der Ölmühlenstraße 7 und 🙂 Hauptstraße 9"
    assert found(text) == ["Ölmühlenstraße 7", "Hauptstraße 9"]
