"""Financial PII: payment cards, IBANs and crypto wallets (table-driven, with spans)."""

from __future__ import annotations

import pytest
from stdnum import luhn

from annexa.detect.builtin.credit_card import (
    CardSecurityCodeDetector,
    CreditCardDetector,
    has_issuer,
)
from annexa.detect.builtin.crypto_wallet import CryptoWalletDetector
from annexa.detect.builtin.iban import IbanDetector
from annexa.detect.interface import Detector
from annexa.detect.scanner import Scanner
from annexa.policy.schema import DEFAULT_ENTITY_LEVELS
from annexa.settings import ScanSettings


def found(detector: Detector, text: str, min_score: float = 0.4) -> list[tuple[str, str, bool]]:
    """(entity, covered text, validated) of every finding at or above ``min_score``."""
    scanner = Scanner(ScanSettings(min_score=min_score), detectors=[detector])
    return [(f.entity, text[f.start : f.end], f.validated) for f in scanner.scan(text)]


POSITIVES = [
    (CreditCardDetector(), "card 4111 1111 1111 1111 exp 12/30", "4111 1111 1111 1111"),
    (CreditCardDetector(), "paid with 5555-5555-5555-4444.", "5555-5555-5555-4444"),
    (CreditCardDetector(), "amex 378282246310005", "378282246310005"),
    (CreditCardDetector(), "amex 3782 822463 10005 ok", "3782 822463 10005"),
    (CreditCardDetector(), "Zoë's Visa: 4012888888881881", "4012888888881881"),
    (CreditCardDetector(), "UATP 122000000000003", "122000000000003"),  # an airline's card
    (IbanDetector(), "IBAN DE89370400440532013000 please", "DE89370400440532013000"),
    (IbanDetector(), "to DE89 3704 0044 0532 0130 00 by Friday", "DE89 3704 0044 0532 0130 00"),
    (IbanDetector(), "account GB82 WEST 1234 5698 7654 32 BANK", "GB82 WEST 1234 5698 7654 32"),
    (IbanDetector(), "NL91ABNA0417164300.", "NL91ABNA0417164300"),
    (
        CryptoWalletDetector(),
        "send to 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2 now",
        "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2",
    ),
    (
        CryptoWalletDetector(),
        "wallet 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy.",
        "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
    ),
    (  # opens with digits that the token region leaves out
        CryptoWalletDetector(),
        "pay to 3476mQfMtVq6Y8tVhgHmVoLHnJFGNJHyWS today",
        "3476mQfMtVq6Y8tVhgHmVoLHnJFGNJHyWS",
    ),
    (
        CryptoWalletDetector(),
        "pay bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
        "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
    ),
]

NEGATIVES = [
    (CreditCardDetector(), "order 4111111111111112"),  # Luhn fails
    (CreditCardDetector(), "ref 94111111111111111111"),  # inside a longer run
    (CreditCardDetector(), "1234 4111 1111 1111 1111"),  # one group of a longer grouped run
    (CreditCardDetector(), "tx 1111111111111111 and 9111111111111111"),  # no issuer
    (CreditCardDetector(), "ts 1700000000000 and v4.111.1111.1111.1111"),
    (IbanDetector(), "DE89370400440532013001"),  # mod 97 fails
    (IbanDetector(), "XX89370400440532013000"),  # unknown country
    (IbanDetector(), "code AB12CDEF34GH and de89370400440532013000"),
    (CryptoWalletDetector(), "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3"),  # checksum fails
    (CryptoWalletDetector(), "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mda"),
    (CryptoWalletDetector(), "sha 8f953371d3e85eddb89b05ed6b9e680791055315c73e1025ab5dba7bb2a"),
]


@pytest.mark.parametrize(("detector", "text", "expected"), POSITIVES)
def test_finds_validated_with_spans(detector: Detector, text: str, expected: str) -> None:
    assert found(detector, text) == [(detector.entities[0], expected, True)]


@pytest.mark.parametrize(("detector", "text"), NEGATIVES)
def test_ignores_look_alikes(detector: Detector, text: str) -> None:
    assert found(detector, text, min_score=0.0) == []


def test_iban_followed_by_words_is_cut_at_the_valid_length() -> None:
    text = "IBAN DE89 3704 0044 0532 0130 00 ABCD"
    assert found(IbanDetector(), text) == [("IBAN_CODE", "DE89 3704 0044 0532 0130 00", True)]


def test_ethereum_address_keeps_a_medium_score_that_context_raises() -> None:
    address = "0x52908400098527886E0F7030069857D2E4169EE7"
    scanner = Scanner(ScanSettings(min_score=0.0), detectors=[CryptoWalletDetector()])
    [bare] = scanner.scan(f"value {address}")
    [near] = scanner.scan(f"wallet {address}")
    assert not bare.validated
    assert 0.4 <= bare.score < near.score


def test_issuer_ranges() -> None:
    assert has_issuer("4111111111111111")
    assert has_issuer("2221000000000009")
    assert not has_issuer("411111111111111")  # Visa has no 15-digit numbers
    assert not has_issuer("9111111111111111")


# A card's security code: only right after its name, three or four digits standing alone
CODE = CardSecurityCodeDetector()
SECURITY_CODES = [
    ("Card on file: 4111 1111 1111 1111 exp 09/27 CVV 123", "123"),
    ("CVC: 0481", "0481"),
    ("cvv=123", "123"),
    ("CVV2 is 987.", "987"),
    ("the card security code is 4821", "4821"),
    ("card verification value (CVV): 555", "555"),
    ("Kartenprüfnummer 321", "321"),
    ("cryptogramme visuel : 742", "742"),
    ("código de seguridad 803", "803"),
]
NOT_SECURITY_CODES = [
    "the CVV is shown on the back",
    "cvv field must be 3 digits",
    "CVV 12345",
    "cvv: 12/27",
    "CVV 1.234",
    "CID 2023",
    "CSC-1234 ticket",
    "cid=1234&x=1",
    "verification code 1234",
    "security code review 2024",
]


@pytest.mark.parametrize(("text", "expected"), SECURITY_CODES)
def test_a_security_code_after_its_name(text: str, expected: str) -> None:
    assert found(CODE, text) == [("CARD_SECURITY_CODE", expected, False)]


@pytest.mark.parametrize("text", NOT_SECURITY_CODES)
def test_no_security_code_without_its_name_or_shape(text: str) -> None:
    assert found(CODE, text) == []


def test_a_security_code_is_restricted_and_found_with_its_card() -> None:
    assert DEFAULT_ENTITY_LEVELS["CARD_SECURITY_CODE"] == "restricted"
    text = "Visa 4111 1111 1111 1111, CVV 123"
    got = [(f.entity, text[f.start : f.end]) for f in Scanner().scan(text)]
    assert got == [("CREDIT_CARD", "4111 1111 1111 1111"), ("CARD_SECURITY_CODE", "123")]


def test_a_mans_nir_that_passes_luhn_is_no_airline_card() -> None:
    """Fifteen digits led by 1 are UATP's shape and a man's French NIR; one NIR in ten passes
    Luhn. Without a card word it is the NIR; with one, a card."""
    body = "1790969123456"
    nir = body + f"{97 - int(body) % 97:02d}"
    assert luhn.is_valid(nir)
    text = f"NIR : {nir}"
    found = Scanner(ScanSettings(ner=False)).scan(text)
    assert [(f.entity, text[f.start : f.end]) for f in found] == [("FR_NIR", nir)]
    card = f"card number {nir}"
    found = Scanner(ScanSettings(ner=False)).scan(card)
    assert [(f.entity, card[f.start : f.end]) for f in found] == [("CREDIT_CARD", nir)]
