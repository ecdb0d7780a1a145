"""Croatian personal identification numbers (OIB), table-driven.

Every number here is made for the test: ten digits and the check digit computed by ISO 7064
MOD 11,10, as the Porezna uprava's specification prescribes. One random number in ten passes, so
every OIB counts only near a context word; the VAT number's form ("HR" + eleven digits) is left
to the VAT detector.
"""

from __future__ import annotations

from annexa.detect.builtin._regions import regions
from annexa.detect.builtin.hr_ids import HR_WORDS, HrOibDetector, detectors
from annexa.detect.interface import ScanContext
from annexa.detect.normalize import normalize
from annexa.detect.scanner import Scanner
from annexa.settings import ScanSettings
from tests.detect.tables import found, table_tests

HR = HrOibDetector()


def hr_number(ten: str) -> str:
    """The OIB of ten digits with its ISO 7064 MOD 11,10 check digit."""
    product = 10
    for d in ten:
        total = (int(d) + product) % 10 or 10
        product = total * 2 % 11
    return ten + str((11 - product) % 10)


def wrong_check(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


PERSON = hr_number("8503171234")
COMPANY = hr_number("6902813457")
OTHER = hr_number("4011223344")
LED_BY_ZERO = hr_number("0987654321")

POSITIVES = [
    (HR, f"OIB: {PERSON}", PERSON),
    (HR, f"osobni identifikacijski broj {COMPANY}", COMPANY),
    (HR, f"Moj OIB je {OTHER}.", OTHER),
    (HR, f"O.I.B. {LED_BY_ZERO}", LED_BY_ZERO),
    (HR, f"Croatian personal identification number {PERSON}", PERSON),
    (HR, f"{COMPANY} (OIB)", COMPANY),
    (HR, f"upisati OIB-a {OTHER} u obrazac", OTHER),
]

NEGATIVES = [
    (HR, f"OIB: {wrong_check(PERSON)}"),  # check digit
    (HR, f"OIB {PERSON[:-1]}"),  # ten digits
    (HR, f"OIB {PERSON}0 and 1{PERSON}"),  # twelve digits
    (HR, f"order {PERSON} shipped"),  # valid, no context word
    (HR, f"OIB: HR {PERSON}"),  # the VAT number's form
    (HR, f"OIB: HR-{PERSON}"),
    (HR, f"OIB: HR{PERSON}"),
    (HR, f"OIB {PERSON[:3]}-{PERSON[3:]}"),
    (HR, f"OIB a{PERSON}"),
    (HR, f"personal identification number (PESEL) {PERSON}"),  # not Croatia's alone
]

NEEDS_CONTEXT = [
    (HR, PERSON, "OIB"),
    (HR, COMPANY, "osobni identifikacijski broj"),
    (HR, OTHER, "oib"),
]

test_finds_with_spans, test_ignores_look_alikes, test_bare_number_needs_a_context_word = (
    table_tests(POSITIVES, NEGATIVES, NEEDS_CONTEXT)
)


def test_the_detector_runs_only_where_a_context_word_is() -> None:
    assert set(HR.keywords) == {normalize(w).text.lower() for w in HR_WORDS}


def test_whole_scanner_reports_the_oib_and_leaves_the_vat_number() -> None:
    """The German tax ID shares the OIB's check (ISO 7064 MOD 11,10); near "OIB" the OIB wins,
    and "HR" + eleven digits stays a VAT number."""
    scanner = Scanner(ScanSettings(ner=False))
    text = f"OIB: {PERSON}"
    assert [(f.entity, text[f.start : f.end]) for f in scanner.scan(text)] == [("HR_OIB", PERSON)]
    text = f"Tvrtka d.o.o., OIB {COMPANY}, Zagreb"
    assert [(f.entity, text[f.start : f.end]) for f in scanner.scan(text)] == [("HR_OIB", COMPANY)]
    text = f"PDV ID: HR {PERSON}, OIB"
    assert [(f.entity, text[f.start : f.end]) for f in scanner.scan(text)] == [
        ("VAT_ID", f"HR {PERSON}")
    ]


def test_region_gate_spares_other_numbers() -> None:
    text = "order 1234567890 and 123456789012 and 123-456-789-01"
    assert HR.wanted(ScanContext(text=text, lower=text.lower())) == []
    assert regions(text).numbers


def test_the_module_exposes_its_detector() -> None:
    assert [d.name for d in detectors(ScanSettings())] == ["hr_oib"]
    assert found(HR, f"OIB {PERSON}") == [("HR_OIB", PERSON)]
