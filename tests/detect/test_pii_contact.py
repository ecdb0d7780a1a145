"""Contact and network PII: email, phone, URL, IP and MAC addresses (table-driven, with spans)."""

from __future__ import annotations

import pytest

from annexa.detect.builtin.email import EmailDetector, ObfuscatedEmailDetector
from annexa.detect.builtin.ip_address import IpAddressDetector
from annexa.detect.builtin.mac_address import MacAddressDetector
from annexa.detect.builtin.phone import PhoneDetector, national_regions
from annexa.detect.builtin.url import UrlDetector
from annexa.detect.interface import Detector
from annexa.detect.scanner import Scanner
from annexa.settings import ScanSettings


def found(detector: Detector, text: str, min_score: float = 0.4) -> list[tuple[str, str]]:
    """(entity, covered text) of every finding at or above ``min_score``."""
    scanner = Scanner(ScanSettings(min_score=min_score), detectors=[detector])
    return [(f.entity, text[f.start : f.end]) for f in scanner.scan(text)]


POSITIVES = [
    (EmailDetector(), "mail jane.doe@example.com now", ["jane.doe@example.com"]),
    (EmailDetector(), "<ops+alerts@mail.example.org>, x", ["ops+alerts@mail.example.org"]),
    (EmailDetector(), "Zoë Müller (zoë.müller@example.de)", ["zoë.müller@example.de"]),
    (EmailDetector(), "a@example.com;b_c@example.net", ["a@example.com", "b_c@example.net"]),
    (
        EmailDetector(),
        "mail john.o'reilly+news@example.co.uk, or 'ann@example.org'",
        ["john.o'reilly+news@example.co.uk", "ann@example.org"],
    ),
    (PhoneDetector(), "call +1 202-555-0143 today", ["+1 202-555-0143"]),
    (PhoneDetector(), "Tel. +49 30 901820, Fax", ["+49 30 901820"]),
    (PhoneDetector(), "phone: (212) 555-0187 ext. 12", ["(212) 555-0187 ext. 12"]),
    (PhoneDetector(), "office 020 7946 0958.", ["020 7946 0958"]),
    (PhoneDetector(), "ring 415.201.8083 or", ["415.201.8083"]),
    (PhoneDetector(), "Tempe, AZ (480) 555-0100", ["(480) 555-0100"]),  # Arizona, no "Az."
    (PhoneDetector(), "Telefon: 0049 89 636 48018", ["0049 89 636 48018"]),
    # a plain run with the trunk 0 in a mobile range needs no context word (PH, TR, UK, FR)
    (PhoneDetector(), "text me at 09175550199 later", ["09175550199"]),
    (PhoneDetector(), "Second: 05425550199.", ["05425550199"]),
    (PhoneDetector(), "(07700900461)", ["07700900461"]),
    (PhoneDetector(), "0698765432", ["0698765432"]),
    (PhoneDetector(), "mobil 542.555.01.99", ["542.555.01.99"]),
    (PhoneDetector(), "Tél : 04.72.55.01.99", ["04.72.55.01.99"]),
    # international: a number libphonenumber calls valid, or one of a length its country
    # allows in a range not (yet) assigned or kept for fiction (Ofcom's 07700 900xxx)
    (PhoneDetector(), "reach me on +44 7700 900123.", ["+44 7700 900123"]),
    (PhoneDetector(), "or 001-846-853-9089x92556", ["001-846-853-9089x92556"]),
    # any number grouped the way phone numbers are, next to a word that says phone
    (PhoneDetector(), "Phone:\n60-56-85-91\n", ["60-56-85-91"]),
    (PhoneDetector(), "fax (99) 645-791", ["(99) 645-791"]),
    (PhoneDetector(), "call 555-0143", ["555-0143"]),
    (PhoneDetector(), "not answering at 78 651 450", ["78 651 450"]),
    # a local number labelled with the kind of line it is, as on a card; not the postcode
    (
        PhoneDetector(),
        "APO AA 61487 416 60 039 office +46 (0)8 928 571 38 fax",
        ["416 60 039", "+46 (0)8 928 571 38"],
    ),
    (PhoneDetector(), "Anna Keller: 555 0143 (home)\n", ["555 0143"]),
    # ten bare digits that are a Turkish mobile (5xx) or landline (area codes 2xx-4xx)
    (PhoneDetector(), "Ali 5051234567, Ayse 5421234567", ["5051234567", "5421234567"]),
    (
        PhoneDetector(),
        "Ankara ofisi 3124567890; Istanbul 2163456789.",
        ["3124567890", "2163456789"],
    ),
    # addresses written to dodge harvesters and filters
    (
        ObfuscatedEmailDetector(),
        "maria.keller [at] example [dot] com",
        ["maria.keller [at] example [dot] com"],
    ),
    (ObfuscatedEmailDetector(), "write to m.keller(at)example.com", ["m.keller(at)example.com"]),
    (
        ObfuscatedEmailDetector(),
        "maria.keller{at}example{dot}com",
        ["maria.keller{at}example{dot}com"],
    ),
    (
        ObfuscatedEmailDetector(),
        "maria.keller [ at ] example.co.uk,",
        ["maria.keller [ at ] example.co.uk"],
    ),
    (
        ObfuscatedEmailDetector(),
        "mail me: maria dot keller at example dot com",
        ["maria dot keller at example dot com"],
    ),
    (ObfuscatedEmailDetector(), "j.smith AT acme DOT co DOT uk", ["j.smith AT acme DOT co DOT uk"]),
    (
        ObfuscatedEmailDetector(),
        "Zoë: zoë.müller [at] example [dot] de",
        ["zoë.müller [at] example [dot] de"],
    ),
    (UrlDetector(), "see https://www.example.com/a?q=1 now", ["https://www.example.com/a?q=1"]),
    (UrlDetector(), "(docs: http://example.org/x/y).", ["http://example.org/x/y"]),
    (UrlDetector(), "visit www.example.net, then", ["www.example.net"]),
    # a bare domain with its path: a profile's path names its person
    (UrlDetector(), "me: linkedin.com/in/mvolkov | x", ["linkedin.com/in/mvolkov"]),
    (UrlDetector(), "code at github.com/mvolkov/etl.", ["github.com/mvolkov/etl"]),
    (UrlDetector(), "(see example.org/)", ["example.org/"]),
    (PhoneDetector(), "Caller ID: +1 415 555 0132", ["+1 415 555 0132"]),
    (IpAddressDetector(), "login from 203.0.113.7 failed", ["203.0.113.7"]),
    (IpAddressDetector(), "if ip==10.9.8.7 or host == 10.0.0.2:", ["10.9.8.7", "10.0.0.2"]),
    (IpAddressDetector(), "route 198.51.100.0/24 via", ["198.51.100.0/24"]),
    (IpAddressDetector(), "peer 2001:db8::8a2e:370:7334 down", ["2001:db8::8a2e:370:7334"]),
    (IpAddressDetector(), "ip=10.0.0.1.", ["10.0.0.1"]),
    (IpAddressDetector(), "listen=:: port=8080", ["::"]),
    (IpAddressDetector(), "bind the IPv6 wildcard :: here", ["::"]),
    (MacAddressDetector(), "nic 00:1A:2B:3C:4D:5E up", ["00:1A:2B:3C:4D:5E"]),
    (MacAddressDetector(), "hw 02-00-5e-10-00-0f ok", ["02-00-5e-10-00-0f"]),
    (MacAddressDetector(), "port 0200.5e10.00ff", ["0200.5e10.00ff"]),
]

NEGATIVES = [
    (EmailDetector(), "ping @channel or user@localhost"),
    (EmailDetector(), "decorator @app.get('/x') and a.b@c"),
    (EmailDetector(), "version foo@1.2.3"),
    (PhoneDetector(), "on 2024-01-06 at 12:30:45"),
    (PhoneDetector(), "host 192.168.100.200 answered"),
    (PhoneDetector(), "order 12345678901234 shipped"),
    (PhoneDetector(), "uuid 3f2b8c1e-9d4a-4e5b-8f6a-1b2c3d4e5f60"),
    (PhoneDetector(), "ref 555-0143 and 60-56-85-91"),
    (PhoneDetector(), "the budget was 1 250 000 office supplies included"),
    (PhoneDetector(), "box 61487 office: 12 days"),
    (PhoneDetector(), "score +1 234 and +99 1234567 and +44 7700 9001234567"),
    (PhoneDetector(), "phone on 12.03.2024 at 10.0.0.12"),
    # zero-led runs that are no mobile number: a landline, an id, 00-led, too long
    (PhoneDetector(), "ref 02079460958 and 0123456789"),
    (PhoneDetector(), "batch 00447700900461 done"),
    (PhoneDetector(), "serial 0917555019912345"),
    # ten bare digits: no Turkish number (1-led timestamps, 6-9), or a record's number
    (PhoneDetector(), "ts 1733480016 and 6123456789 and 9123456789"),
    (PhoneDetector(), "order 5051234567 shipped"),
    (PhoneDetector(), "invoice no. 3124567890"),
    (PhoneDetector(), "ticket #2163456789"),
    (PhoneDetector(), "id 50512345678 and 505123456"),
    # grouped digits right after a record's reference word: that record's number
    (PhoneDetector(), "Ticket 12 345 678 901 was closed"),
    (PhoneDetector(), "Steuer-ID 12 345 678 901 (wrong check digit)"),
    (PhoneDetector(), "Order #: 555-0143-2231"),
    # a quantity, or a range of one, with its unit after it
    (PhoneDetector(), "programs of 32768-65535 bytes compile; we have 0151 2345678 users"),
    # a file's or a case's reference ("Az." is German's Aktenzeichen)
    (PhoneDetector(), "Az. 21/815/08150; Gz. 030 12345678; Dossier n° 06 12 34 56 78"),
    (ObfuscatedEmailDetector(), "meet me at example.com"),
    (ObfuscatedEmailDetector(), "look at the dot com bubble"),
    (ObfuscatedEmailDetector(), "I'll be at home dot com"),
    (ObfuscatedEmailDetector(), "ping [at] channel"),
    (UrlDetector(), "the scheme is https:// only"),
    (UrlDetector(), "ftp://256.1.1.1/ and path/to/www.file"),
    (UrlDetector(), "http://localhost-ish"),
    (IpAddressDetector(), "upgrade to version 1.2.3.4 now"),
    (IpAddressDetector(), "Requires-Dist: brotlicffi>=1.2.1.0; lz4==1.7.4.2"),  # versions
    (PhoneDetector(), "Version: 1.1.20251105 (release 2026.11.3025)"),
    (IpAddressDetector(), "OID 1.3.6.1.4.1.311 and 256.1.1.300"),
    (IpAddressDetector(), "at 12:30:45 and std::vector and 1:2"),
    (IpAddressDetector(), "f :: Int -> Int and Foo :: Bar"),
    (MacAddressDetector(), "at 12:30:45:10 today"),
    (MacAddressDetector(), "hash 00:1A:2B:3C:4D and 00:1A-2B:3C:4D:5E"),
    (MacAddressDetector(), "ratio 00:11:22:33:44:55:66"),
]


@pytest.mark.parametrize(("detector", "text", "expected"), POSITIVES)
def test_finds_with_spans(detector: Detector, text: str, expected: list[str]) -> None:
    entity = detector.entities[0]
    assert found(detector, text) == [(entity, value) for value in expected]


@pytest.mark.parametrize(("detector", "text"), NEGATIVES)
def test_ignores_look_alikes(detector: Detector, text: str) -> None:
    assert found(detector, text, min_score=0.0) == []


def test_bare_phone_digits_need_a_context_word() -> None:
    assert found(PhoneDetector(), "ref 2025550143 ok", min_score=0.0) == []
    assert found(PhoneDetector(), "phone 2025550143 ok") == [("PHONE_NUMBER", "2025550143")]


def test_phone_context_word_raises_the_score() -> None:
    scanner = Scanner(ScanSettings(min_score=0.0), detectors=[PhoneDetector()])
    [plain] = scanner.scan("reach 020 7946 0958 soon")
    [near] = scanner.scan("Telefon 020 7946 0958 soon")
    assert near.score > plain.score


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("223-087-9502 fax", "223-087-9502"),  # passes the NHS check, written as a phone
        ("fax +46 (0)8 928 571 38", "+46 (0)8 928 571 38"),  # holds a valid TFN
        ("They're not answering at 516 466 638", "516 466 638"),  # a valid SIN
        # a country's calling code before a national part that passes an identifier's check;
        # "call me" in Spanish
        ("Pueden llamarme al +34 612 345 678. Un saludo,", "+34 612 345 678"),
        ("Pueden llamarme al 612 345 678.", "612 345 678"),
    ],
)
def test_a_phone_word_wins_over_a_chance_checksum(text: str, phone: str) -> None:
    """A number near a phone's context word and none of an identifier's is a phone number,
    even when it (or a piece of it) passes an identifier's check, as one in ten does."""
    found = Scanner(ScanSettings()).scan(text)
    assert [(f.entity, text[f.start : f.end]) for f in found] == [("PHONE_NUMBER", phone)]


def test_an_identifier_word_keeps_the_identifier() -> None:
    text = "NHS number 401 023 2137, call me"
    [finding] = Scanner(ScanSettings()).scan(text)
    assert (finding.entity, finding.validated) == ("UK_NHS", True)


def test_all_digit_mac_needs_context() -> None:
    assert found(MacAddressDetector(), "ids 10-20-30-40-50-60") == []
    assert found(MacAddressDetector(), "mac address 10-20-30-40-50-60") == [
        ("MAC_ADDRESS", "10-20-30-40-50-60")
    ]


@pytest.mark.parametrize(
    "number",
    # libphonenumber's example mobiles of Poland, Czechia and China, as people write them
    ["512 345 678", "601 123 456", "131 2345 6789", "131-2345-6789"],
)
def test_national_mobiles_of_poland_czechia_and_china(number: str) -> None:
    text = f"you can reach me on {number} after five"
    assert found(PhoneDetector(), text) == [("PHONE_NUMBER", number)]


@pytest.mark.parametrize(
    "text",
    [
        "office 581 234 567 ok",  # a Polish landline's shape: most nine digits are one
        "order 412 345 678 ok",  # no mobile prefix of either country
        "id 101 2345 6789 x",  # eleven digits led by 10: a Chinese landline's, no mobile
    ],
)
def test_polish_czech_and_chinese_numbers_count_only_as_mobiles(text: str) -> None:
    assert found(PhoneDetector(), text, min_score=0.0) == []


@pytest.mark.parametrize(
    "number",
    [
        "(+358) 40 123 4567",  # the country code in brackets
        "(+1) 202-555-0143",
        "+44(0)20 7946 0958",  # the trunk prefix in brackets, no space before it
        "+49(0)30 901820",
        "+90(212)555-1234",  # the area code in brackets right after the country code
        "+1(212)555-0187",
    ],
)
def test_brackets_right_after_a_country_code_keep_the_number_whole(number: str) -> None:
    text = f"Tel. {number} (office)"
    assert found(PhoneDetector(), text) == [("PHONE_NUMBER", number)]


@pytest.mark.parametrize(
    "number",
    # libphonenumber's examples: a Danish landline in pairs, a Norwegian mobile 3-2-3, a Greek
    # landline, an Israeli mobile dialled with its trunk 0
    ["32 12 34 56", "406 12 345", "212 345 6789", "050-234-5678"],
)
def test_national_numbers_of_denmark_norway_greece_and_israel(number: str) -> None:
    text = f"reach me on {number} after five"
    assert found(PhoneDetector(), text) == [("PHONE_NUMBER", number)]


@pytest.mark.parametrize(
    "text",
    [
        "Array([ 0.88974794,  0.77387938])",  # a vector's printout
        "x = np.array([[621.345454, 390.5436]])",
        "-12.063 0.26314 2.7645 2.4929 4",
        "input = [31337.31337, 31337.31337]",
        "scale by 1.771484375 at size 12",
    ],
)
def test_decimal_fractions_are_no_phone_numbers(text: str) -> None:
    assert found(PhoneDetector(), text, min_score=0.0) == []


@pytest.mark.parametrize(
    "text",
    # ISBNs as books print them: valid check characters, an "X" one too
    ["see 0-306-40615-2 p. 12", "ISBN 978-3-16-148410-0", "ref. 0-9700961-6-X (2001)"],
)
def test_isbns_are_no_phone_numbers(text: str) -> None:
    assert found(PhoneDetector(), text, min_score=0.0) == []


def test_a_user_agents_revision_is_no_ip_address() -> None:
    text = "Mozilla/5.0 (Windows NT 5.2; rv:1.9.1.20) Gecko/20100101 Firefox/1.2.3.4"
    assert found(IpAddressDetector(), text, min_score=0.0) == []


def test_national_regions_follow_the_numbering_plans() -> None:
    assert national_regions("2125550187")[0] == "US"
    assert national_regions("512345678") == ("PL", "CZ")
    assert "CN" in national_regions("13800138000")
    assert "GB" in national_regions("02079460958")
    assert national_regions("123") == ()
