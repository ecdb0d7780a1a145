"""Domestic bank account numbers and UK sort codes (BANK_ACCOUNT), after their label,
table-driven.

The numbers are made up here in the layouts banks use (US 4-17 digits beside a routing number,
UK 8 digits under a sort code, a German Kontonummer); the look-alikes are the same words before
what is no account number (a count, a date, a phone number, the next line, an AWS account).
"""

from __future__ import annotations

import pytest

from annexa.detect.builtin.bank_accounts import BankAccountDetector, is_account_number
from annexa.detect.interface import ScanContext
from annexa.detect.scanner import Scanner
from annexa.policy.schema import DEFAULT_ENTITY_LEVELS
from annexa.settings import ScanSettings
from tests.detect.tables import table_tests

BA = BankAccountDetector()

POSITIVES = [
    (BA, "my bank acct is 31926819, thanks", "31926819"),
    (BA, "Please pay into account number 4401 5566 77 at First Bank", "4401 5566 77"),
    (BA, "routing 121000358 and account 000123456789", "000123456789"),
    (BA, "checking account #: 7712-004-381", "7712-004-381"),
    (BA, "a/c no. 55812093", "55812093"),
    (BA, "Kontonummer: 0532013000", "0532013000"),
    (BA, "Kto.-Nr. 1234567890, BLZ 37040044", "1234567890"),
    (BA, "mon numéro de compte est 00012345678", "00012345678"),
    (BA, "Bonjour, veuillez verser le salaire sur mon numéro de compte 00012345678", "00012345678"),
    (BA, "número de cuenta 0049 1500 0512 3456", "0049 1500 0512 3456"),
    (BA, "conto corrente n. 000012345678", "000012345678"),
    (BA, "rekeningnummer 417164300", "417164300"),
    (BA, "sort code 60-16-13", "60-16-13"),
    (BA, "Sort Code: 40 12 76", "40 12 76"),
]

NEGATIVES = [
    (BA, "account 12 was disabled"),
    (BA, "AWS account 123456789012 in eu-west-1"),
    (BA, "the account number is printed on the card"),
    (BA, "account number\n20240302"),
    (BA, "acct opened 20240302"),
    (BA, "bank account +44 20 7946 0958"),
    (BA, "account number 1111111"),
    (BA, "account number 12345678901234567890"),  # longer than any domestic account
    (BA, "sort code pending"),
    (BA, "sort code 60-16"),
    (BA, "Kontonummer siehe IBAN"),
    # "account" alone with eight digits is no label without a sort code beside it
    (BA, "account 55779911 was merged into the new CRM"),
]

test_finds_with_spans, test_ignores_look_alikes, _ = table_tests(POSITIVES, NEGATIVES, [])


@pytest.mark.parametrize(
    ("value", "expected"),
    [("31926819", True), ("4401 5566 77", True), ("12345", False), ("111111111", False)],
)
def test_account_number_shape(value: str, expected: bool) -> None:
    assert is_account_number(value) is expected


def test_an_iban_keeps_its_own_type() -> None:
    text = "account number DE89 3704 0044 0532 0130 00"
    found = Scanner(ScanSettings(ner=False)).scan(text)
    assert [(f.entity, text[f.start : f.end]) for f in found] == [
        ("IBAN_CODE", "DE89 3704 0044 0532 0130 00")
    ]


def test_levelled_as_an_iban() -> None:
    assert DEFAULT_ENTITY_LEVELS["BANK_ACCOUNT"] == DEFAULT_ENTITY_LEVELS["IBAN_CODE"]


@pytest.mark.parametrize(
    "text",
    [
        "Pay to sort code 20-00-00, account 55779911, ref INV-2291",
        "Account: 55779911 / sort code 20-00-00",
    ],
)
def test_a_uk_account_number_beside_its_sort_code(text: str) -> None:
    """After a plain "account", eight digits are the account number when a sort code stands
    beside them (alone, "account" is too common a word to be a label)."""
    found = sorted(text[f.start : f.end] for f in BA.detect(ScanContext(text, text.lower(), KW)))
    assert found == ["20-00-00", "55779911"]


KW = frozenset({"sort code"})
