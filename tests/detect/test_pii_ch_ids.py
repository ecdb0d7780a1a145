"""Swiss AHV / AVS numbers (table-driven).

Every number here is made for the test: the country code 756, nine digits chosen here and the
EAN-13 check digit computed from the specification (:func:`ean_check`). Look-alikes fail the
check digit, the prefix, the length or the separators, or are part of a longer number; a bare run
right after a record's reference word counts only near a context word.
"""

from __future__ import annotations

import pytest
from stdnum.ch import ssn

from annexa.detect.builtin._regions import regions
from annexa.detect.builtin.ch_ids import ChAhvDetector, detectors
from annexa.detect.interface import ScanContext
from annexa.detect.scanner import Scanner
from annexa.settings import ScanSettings
from tests.detect.tables import found, table_tests

CH = ChAhvDetector()


def ean_check(twelve: str) -> str:
    """The EAN-13 check digit of twelve digits: weights 1 and 3 from the left, the digit that
    brings the sum to a multiple of ten."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(twelve))
    return str(-total % 10)


def ahv(nine: str, prefix: str = "756") -> str:
    """A bare AHV number: the prefix, ``nine`` digits and the check digit."""
    return prefix + nine + ean_check(prefix + nine)


def dotted(number: str, sep: str = ".") -> str:
    """The number written in its four groups (3, 4, 4, 2)."""
    return sep.join((number[:3], number[3:7], number[7:11], number[11:]))


def wrong(number: str) -> str:
    """The number with a wrong check digit."""
    return number[:-1] + str((int(number[-1]) + 1) % 10)


A = ahv("123456789")
B = ahv("987654321")
C = ahv("000012345")
D = ahv("444455556")
NOT_756 = ahv("123456789", prefix="755")  # a valid EAN-13, not the Swiss country code

POSITIVES = [
    (CH, f"AHV-Nr. {dotted(A)}", dotted(A)),
    (CH, f"numéro AVS : {dotted(B)}.", dotted(B)),
    (CH, f"numero AVS {dotted(C)}", dotted(C)),
    (CH, f"Versichertennummer {dotted(D, ' ')} laut Ausweis", dotted(D, " ")),
    (CH, f"({dotted(A, '-')})", dotted(A, "-")),
    (CH, f"AHVN13: {A}", A),
    (CH, f"Person {B} erfasst", B),  # bare: prefix and check digit confirm it
    (CH, f"{C}", C),
    (CH, f"ref {dotted(D)}", dotted(D)),  # the grouped form is no record's number
    (CH, f"order {A} (AHV)", A),  # a reference word, but the context word is near
    (CH, f"Sozialversicherungsnummer:{dotted(B)}", dotted(B)),
]

NEGATIVES = [
    (CH, f"AHV {dotted(wrong(A))}"),  # check digit
    (CH, f"AHV {wrong(B)}"),
    (CH, f"AHV {dotted(NOT_756)} and {NOT_756}"),  # not Switzerland's 756
    (CH, f"AHV {dotted(A)[:-1]} and {A[:-1]}"),  # twelve digits
    (CH, f"AHV {dotted(A)}0 and {A}0 and 1{A}"),  # fourteen digits
    (CH, f"AHV {A[:3]}.{A[3:7]}.{A[7:]}"),  # three groups
    (CH, f"card 4111 {dotted(A, ' ')}"),  # groups of a longer number
    (CH, f"{dotted(A, ' ')} 12"),
    (CH, f"+{A} and +{dotted(A)}"),  # a phone number's digits
    (CH, f"v1.{dotted(A)} and x{A} and {A}x and /{A}"),
    (CH, f"order {A} shipped"),  # a record's number
    (CH, f"invoice #{B}"),
    (CH, "IBAN CH93 0076 2011 6238 5295 7"),
    (CH, f"CH93{A}00"),
]

NEEDS_CONTEXT = [
    (CH, A, "AHV"),
    (CH, B, "numéro AVS"),
    (CH, C, "Sozialversicherungsnummer"),
]

test_finds_with_spans, test_ignores_look_alikes, test_bare_number_needs_a_context_word = (
    table_tests(POSITIVES, NEGATIVES, NEEDS_CONTEXT)
)


def test_the_check_digit_is_python_stdnums() -> None:
    for number in (A, B, C, D):
        assert ssn.is_valid(number)
        assert ssn.is_valid(dotted(number))
        assert not ssn.is_valid(wrong(number))
    assert not ssn.is_valid(NOT_756)


def test_every_wrong_check_digit_is_dropped() -> None:
    for digit in "0123456789":
        number = A[:-1] + digit
        expected = [("CH_AHV", dotted(number))] if number == A else []
        assert found(CH, f"AHV {dotted(number)}", min_score=0.0) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"AHV-Nr. {dotted(A)}", dotted(A)),
        (f"numéro AVS {dotted(B, ' ')}", dotted(B, " ")),
        (f"Person {C} erfasst", C),  # a bare 13-digit run: no phone, card or IBAN takes it
        (f"AHVN13 {D}", D),
        (f"Tel. {A}", A),  # a phone's word: 756 and the check digit still say AHV
        (f"Kreditkarte {B}", B),  # no card issuer's range starts with 75
    ],
)
def test_the_full_scanner_reports_the_ahv(text: str, expected: str) -> None:
    findings = Scanner(ScanSettings(ner=False)).scan(text)
    assert [(f.entity, text[f.start : f.end]) for f in findings] == [("CH_AHV", expected)]
    assert findings[0].validated


@pytest.mark.parametrize(
    "text",
    [
        f"Phone: {dotted(wrong(A))}",  # a wrong check digit: what the other detectors say
        f"Mobile {wrong(B)}",
        "Tel: +41 75 612 34 56",
        "Visa 4111 1111 1111 1111",
        "IBAN CH93 0076 2011 6238 5295 7",
        f"Tel. +{A}",
    ],
)
def test_other_numbers_keep_their_readings(text: str) -> None:
    """The AHV detector takes nothing from the phone, card and IBAN detectors: without it the
    full scanner reports the same."""
    settings = ScanSettings(ner=False)
    full = Scanner(settings)
    others = Scanner(settings, detectors=[d for d in full.detectors if d.name != "ch_ahv"])
    with_it = [(f.entity, f.start, f.end) for f in full.scan(text)]
    without = [(f.entity, f.start, f.end) for f in others.scan(text)]
    assert with_it == without
    assert all(entity != "CH_AHV" for entity, _, _ in with_it)


@pytest.mark.parametrize(
    "text",
    [
        "order 1234567890123 and 123.4567.8901.23",  # 13 digits without 756
        "call 1234567 and 123456789012",
        "a 75612345678 b",  # eleven digits
    ],
)
def test_region_gate_spares_other_numbers(text: str) -> None:
    assert CH.wanted(ScanContext(text=text, lower=text.lower())) == []
    assert regions(text).numbers  # there are digit runs, all turned away


def test_the_module_exposes_its_detector() -> None:
    assert [d.name for d in detectors(ScanSettings())] == ["ch_ahv"]
