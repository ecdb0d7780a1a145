"""Greek social security numbers (ΑΜΚΑ / AMKA), table-driven.

Every number here is made for the test: a birth date DDMMYY, four serial digits and the Luhn
check digit computed here. Look-alikes fail the check, the date or the shape; every AMKA counts
only near a context word, in Greek (small letters, accented or not, or capitals) or Latin letters.
"""

from __future__ import annotations

import pytest
from stdnum.gr import amka

from annexa.detect.builtin._regions import regions
from annexa.detect.builtin.gr_ids import GrAmkaDetector, detectors
from annexa.detect.interface import ScanContext
from annexa.detect.scanner import Scanner
from annexa.settings import ScanSettings
from tests.detect.tables import found, table_tests

GR = GrAmkaDetector()


def gr_number(ten: str) -> str:
    """The AMKA of DDMMYYNNNN with its Luhn check digit."""
    total = 0
    for i, d in enumerate(reversed(ten)):
        n = int(d) * (2 if i % 2 == 0 else 1)  # the check digit will stand right of these
        total += n - 9 if n > 9 else n
    return ten + str(-total % 10)


def wrong_check(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


MAN_1985 = gr_number("1703851234")  # 17 March 1985
LEAP_2000 = gr_number("2902000456")  # 29 February 2000
WOMAN_1967 = gr_number("3112671998")
MAN_1999 = gr_number("0105994567")

POSITIVES = [
    (GR, f"ΑΜΚΑ: {MAN_1985}", MAN_1985),
    (GR, f"Α.Μ.Κ.Α. {LEAP_2000}", LEAP_2000),
    (GR, f"αριθμός μητρώου κοινωνικής ασφάλισης {WOMAN_1967}", WOMAN_1967),
    (GR, f"Αριθμός Μητρώου Κοινωνικής Ασφάλισης: {WOMAN_1967}", WOMAN_1967),
    (GR, f"Ο ΑΡΙΘΜΟΣ ΜΗΤΡΩΟΥ ΚΟΙΝΩΝΙΚΗΣ ΑΣΦΑΛΙΣΗΣ {MAN_1999}", MAN_1999),
    (GR, f"αριθμος μητρωου κοινωνικης ασφαλισης {MAN_1999}", MAN_1999),
    (GR, f"My AMKA is {MAN_1985}.", MAN_1985),
    (GR, f"το αμκα μου είναι {LEAP_2000}", LEAP_2000),
    (GR, f"Greek social security number {WOMAN_1967}", WOMAN_1967),
]

NEGATIVES = [
    (GR, f"ΑΜΚΑ {wrong_check(MAN_1985)}"),  # check digit
    (GR, f"ΑΜΚΑ {gr_number('1713851234')}"),  # month 13
    (GR, f"ΑΜΚΑ {gr_number('3002851234')}"),  # 30 February
    (GR, f"ΑΜΚΑ {gr_number('2902011234')}"),  # 29 February 2001 (or 1901)
    (GR, f"ΑΜΚΑ {gr_number('0003851234')}"),  # day 00
    (GR, f"order {MAN_1985} shipped"),  # valid, no context word
    (GR, f"ΑΜΚΑ {MAN_1985}0 and 1{MAN_1985}"),  # twelve digits
    (GR, f"ΑΜΚΑ {MAN_1985[:-1]}"),  # ten digits
    (GR, f"ΑΜΚΑ {MAN_1985[:6]}-{MAN_1985[6:]}"),
    (GR, f"ΑΜΚΑ a{MAN_1985}"),
    # the ministry's name is no context word; nor is "social security" alone (a US SSN's)
    (GR, f"Υπουργείο Εργασίας και Κοινωνικής Ασφάλισης, αρ. {MAN_1985}"),
    (GR, f"social security office, ref {MAN_1985}"),
]

NEEDS_CONTEXT = [
    (GR, MAN_1985, "ΑΜΚΑ"),
    (GR, LEAP_2000, "αμκα"),
    (GR, WOMAN_1967, "AMKA"),
    (GR, MAN_1999, "ΜΗΤΡΩΟΥ ΚΟΙΝΩΝΙΚΗΣ ΑΣΦΑΛΙΣΗΣ"),
]

test_finds_with_spans, test_ignores_look_alikes, test_bare_number_needs_a_context_word = (
    table_tests(POSITIVES, NEGATIVES, NEEDS_CONTEXT)
)


@pytest.mark.parametrize("number", [MAN_1985, LEAP_2000, WOMAN_1967, MAN_1999])
def test_the_test_numbers_pass_python_stdnum(number: str) -> None:
    assert amka.is_valid(number)


def test_the_detector_runs_only_where_a_context_word_is() -> None:
    assert "amka" in GR.keywords
    text = f"customer {MAN_1985}"
    assert Scanner(ScanSettings(ner=False), detectors=[GR]).scan(text) == []


def test_whole_scanner_reports_the_amka() -> None:
    scanner = Scanner(ScanSettings(ner=False))
    for text, expected in (
        (f"ΑΜΚΑ: {MAN_1985}", MAN_1985),
        (f"Ασφαλισμένος με ΑΜΚΑ {WOMAN_1967}, Αθήνα", WOMAN_1967),
        (f"AMKA {LEAP_2000}", LEAP_2000),
    ):
        findings = scanner.scan(text)
        assert [(f.entity, text[f.start : f.end]) for f in findings] == [("GR_AMKA", expected)], (
            text
        )


def test_region_gate_spares_other_numbers() -> None:
    text = "order 1234567890 and 123456789012 and 123-456-789-01"
    assert GR.wanted(ScanContext(text=text, lower=text.lower())) == []
    assert regions(text).numbers


def test_the_module_exposes_its_detector() -> None:
    assert [d.name for d in detectors(ScanSettings())] == ["gr_amka"]
    assert found(GR, f"ΑΜΚΑ {MAN_1985}") == [("GR_AMKA", MAN_1985)]
