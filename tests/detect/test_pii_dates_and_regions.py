"""Dates of birth, the shared candidate-region pass, context words, and the built-in registry."""

from __future__ import annotations

import pytest

from annexa.detect.builtin._regions import AT, DATE, HEX, LINK, NUM, TOKEN, regions, windows
from annexa.detect.builtin.date_of_birth import DateOfBirthDetector
from annexa.detect.context import CONTEXT, words_for
from annexa.detect.interface import Detector
from annexa.detect.scanner import Scanner, load_detectors
from annexa.settings import ScanSettings

PII_DETECTORS = {
    "email",
    "phone",
    "credit_card",
    "iban",
    "us_ssn",
    "us_itin",
    "us_passport",
    "us_dea",
    "kr_driver_license",
    "uk_nino",
    "uk_nhs",
    "de_tax_id",
    "de_id_card",
    "fr_nir",
    "es_nif",
    "es_nie",
    "it_fiscal_code",
    "nl_bsn",
    "pl_pesel",
    "in_aadhaar",
    "in_pan",
    "ca_sin",
    "au_tfn",
    "crypto_wallet",
    "ip_address",
    "mac_address",
    "url",
    "date_of_birth",
}


def found(detector: Detector, text: str) -> list[str]:
    scanner = Scanner(ScanSettings(), detectors=[detector])
    return [text[f.start : f.end] for f in scanner.scan(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("born 12.03.1985 in Lyon", "12.03.1985"),
        ("DOB: 1985-03-12", "1985-03-12"),
        ("geboren am 3/12/85", "3/12/85"),
        ("born on 12 March 1985", "12 March 1985"),
        ("née le 3 mars 1990 à Paris", "3 mars 1990"),
        ("fecha de nacimiento: 12 de marzo de 1985", "12 de marzo de 1985"),
        ("data di nascita 7 luglio 1979", "7 luglio 1979"),
        ("geboortedatum: 01-02-1970", "01-02-1970"),
        ("Date of birth: March 12, 1985", "March 12, 1985"),
        ("1985-03-12 (date of birth)", "1985-03-12"),
        # the birth word's own date, not the next one
        ("DOB: 14 Mar 1979. Admitted 2024-06-02.", "14 Mar 1979"),
        ("DOB 1985-03-12; last visit 2024-01-05", "1985-03-12"),
        ("Admitted 2024-06-02.\nGeburtsdatum: 14.03.1979", "14.03.1979"),
    ],
)
def test_date_of_birth_next_to_a_birth_word(text: str, expected: str) -> None:
    assert found(DateOfBirthDetector(), text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "invoice 12.03.1985 paid",  # no birth word at all
        "born 31.02.1985",  # no such day
        "born 12.03.1885",  # before 1900
        "born on 30 February 1985",
        "born in Lyon. " + "x" * 120 + " meeting on 12.03.1985",  # birth word too far away
    ],
)
def test_dates_without_birth_context_are_ignored(text: str) -> None:
    assert found(DateOfBirthDetector(), text) == []


def test_regions_classify_candidates() -> None:
    text = "a@b 4111 1111 1111 1111 https:// 2001:db8::1 GB82WEST12345698765432 2024-01-06 12:30"
    found = regions(text)
    assert [text[r.start : r.end] for r in found.select(frozenset({NUM}))] == [
        "4111 1111 1111 1111"
    ]
    assert [r.digits for r in found.select(frozenset({NUM}))] == [16]
    assert [text[r.start : r.end] for r in found.select(frozenset({TOKEN}))] == [
        "GB82WEST12345698765432"
    ]
    assert [text[r.start : r.end] for r in found.select(frozenset({HEX}))] == ["2001:db8::1"]
    assert [text[r.start : r.end] for r in found.select(frozenset({AT, LINK}))] == ["@", "://"]
    # an ISO date-time is swallowed whole: neither a digit run nor a clock-time HEX region
    assert found.select(frozenset({DATE, NUM, HEX}), 0, 99) == found.select(
        frozenset({NUM, HEX}), 0, 99
    )
    assert not any(text[r.start : r.end].startswith("2024") for r in found.select(frozenset({NUM})))


def test_regions_select_by_digits_and_separators() -> None:
    text = "ssn 536-22-1234 date 12.03.1985 card 4111111111111111"
    found = regions(text)
    nine = found.select(frozenset({NUM}), 9, 9)
    assert [text[r.start : r.end] for r in nine] == ["536-22-1234"]
    plain = found.select(frozenset({NUM}), 0, 99, lambda seps: seps == "")
    assert [text[r.start : r.end] for r in plain] == ["4111111111111111"]


def test_region_offsets_are_characters_not_bytes() -> None:
    text = "Zoë 😀 Müller: 4111 1111 1111 1111, née"
    [card] = regions(text).select(frozenset({NUM}))
    assert text[card.start : card.end] == "4111 1111 1111 1111"


def test_windows_merge_and_stop_at_word_ends() -> None:
    text = "aaaa 123456 b 654321 cccccc"
    spans = list(windows(text, regions(text).select(frozenset({NUM})), 2, 2))
    assert spans == [(3, 27)]


def test_context_words_cover_six_languages() -> None:
    dob = set(CONTEXT["DATE_OF_BIRTH"])
    assert {"born", "geboren", "né le", "fecha de nacimiento", "data di nascita"} <= dob
    assert "geboortedatum" in dob
    assert words_for("NL_BSN", "US_SSN")[:2] == ("bsn", "burgerservicenummer")
    assert "identiteit" in words_for("NL_BSN", generic=True)
    assert all(w == w.lower() for words in CONTEXT.values() for w in words)


def test_every_pii_detector_is_registered_with_examples() -> None:
    detectors = {d.name: d for d in load_detectors(ScanSettings())}
    assert set(detectors) >= PII_DETECTORS
    for name in PII_DETECTORS:
        patterns = getattr(detectors[name], "patterns", ())
        assert patterns, name
        assert all(len(p.positives) >= 1 and len(p.negatives) >= 1 for p in patterns), name


def test_a_prompt_full_of_pii_through_the_scanner() -> None:
    text = (
        "Hi, I'm Zoë (zoe@example.com, +44 20 7946 0958). Card 4111 1111 1111 1111, "
        "IBAN DE89 3704 0044 0532 0130 00, SSN 536-22-1234, born 12.03.1985, "
        "server 203.0.113.7 and https://example.org/x."
    )
    got = {(f.entity, text[f.start : f.end]) for f in Scanner(ScanSettings()).scan(text)}
    assert {
        ("EMAIL_ADDRESS", "zoe@example.com"),
        ("PHONE_NUMBER", "+44 20 7946 0958"),
        ("CREDIT_CARD", "4111 1111 1111 1111"),
        ("IBAN_CODE", "DE89 3704 0044 0532 0130 00"),
        ("US_SSN", "536-22-1234"),
        ("DATE_OF_BIRTH", "12.03.1985"),
        ("IP_ADDRESS", "203.0.113.7"),
        ("URL", "https://example.org/x"),
    } <= got
