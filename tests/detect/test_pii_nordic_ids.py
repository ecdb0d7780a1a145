"""Finnish personal identity codes, Swedish personnummer / samordningsnummer and Swedish
organisationsnummer (table-driven).

Every number here is made for the test: its check character or digit computed from the
specification (mod 31 for the henkilötunnus, Luhn for the Swedish numbers). Look-alikes fail the
check, the date, the shape or the separator; bare forms whose check is weak count only near a
context word.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from stdnum.fi import hetu

from annexa.detect.builtin._base import RegionDetector
from annexa.detect.builtin._regions import regions
from annexa.detect.builtin.nordic_ids import (
    FiHetuDetector,
    SeOrgnrDetector,
    SePersonnummerDetector,
    detectors,
    personnummer_is_valid,
)
from annexa.detect.builtin.phone import PhoneDetector
from annexa.detect.interface import Detector, ScanContext
from annexa.detect.scanner import Scanner
from annexa.settings import ScanSettings
from tests.detect.tables import found, table_tests

FI = FiHetuDetector()
SE = SePersonnummerDetector()
ORG = SeOrgnrDetector()

_CHECK_CHARS = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def fi_check(digits: str) -> str:
    """The henkilötunnus check character of DDMMYYZZZ, from the DVV specification."""
    return _CHECK_CHARS[int(digits) % 31]


def scored(detectors: Sequence[Detector], text: str) -> list[tuple[str, str, float, bool]]:
    """(entity, covered text, score, validated) of every finding, whatever its score."""
    scanner = Scanner(ScanSettings(min_score=0.0), detectors=detectors)
    return [(f.entity, text[f.start : f.end], f.score, f.validated) for f in scanner.scan(text)]


POSITIVES = [
    # henkilötunnus: every century sign, old and 2023, confirmed without a context word
    (FI, "henkilötunnus 140378-2355", "140378-2355"),
    (FI, "Hetu: 290212A4863.", "290212A4863"),
    (FI, "born 2021, code 071121B3846 on file", "071121B3846"),
    (FI, "031205C921L", "031205C921L"),
    (FI, "(010111D111V)", "010111D111V"),
    (FI, "id 120514E250E ok", "120514E250E"),
    (FI, "050903F777A", "050903F777A"),
    (FI, "patient 300698Y129M", "300698Y129M"),
    (FI, "191067X243E", "191067X243E"),
    (FI, "280991W333J", "280991W333J"),
    (FI, "210380V444X", "210380V444X"),
    (FI, "170896U2453", "170896U2453"),
    (FI, "isoisä 020485+412R", "020485+412R"),
    (FI, "my hetu is 311299-004B.", "311299-004B"),
    (FI, "hetu 290212a4863", "290212a4863"),  # typed in lower case
    (FI, "temporary code 090671V958V", "090671V958V"),  # individual number 900-999
    # personnummer with its separator, confirmed without a context word
    (SE, "personnummer 811218-9876", "811218-9876"),
    (SE, "Kund 640823-3234 ringde igår.", "640823-3234"),
    (SE, "Mitt pnr är 19640823-3234.", "19640823-3234"),
    (SE, "född 1835: 350101+4124", "350101+4124"),
    # bare runs and samordningsnummer, near a context word
    (SE, "personnummer: 8112189876", "8112189876"),
    (SE, "Mitt personnummer är 196408233234.", "196408233234"),
    (SE, "personal identity number 9304772487", "9304772487"),
    (SE, "samordningsnummer 930477-2487", "930477-2487"),
    (SE, "coordination number: 19640883-3231", "19640883-3231"),
    (SE, "pnr 640883-3231", "640883-3231"),
    # organisationsnummer, near a context word
    (ORG, "organisationsnummer 802454-7716", "802454-7716"),
    (ORG, "Org.nr: 716418-9321", "716418-9321"),
    (ORG, "969731-2347 är vårt orgnr.", "969731-2347"),
    (ORG, "company registration number 5566143151", "5566143151"),
    (ORG, "orgnr 2021005034", "2021005034"),
]

NEGATIVES = [
    (FI, "henkilötunnus 140378-2356"),  # check character
    (FI, "hetu 290212A486J"),
    (FI, "hetu 300298A123" + fi_check("300298123")),  # 30 February
    (FI, "hetu 290213A486" + fi_check("290213486")),  # 29 February 2013
    (FI, "hetu 290212G4863"),  # G is no century sign
    (FI, "hetu 290212A001" + fi_check("290212001")),  # individual numbers start at 002
    (FI, "hetu 290212A486G"),  # G is no check character
    (FI, "140378/2355 or 140378.2355 or 140378:2355"),
    (FI, "140378 2355"),
    (FI, "hetu 290212A48633 and 1290212A4863"),
    (FI, "order 230177-5121"),  # a record's number written only in digits
    (FI, "build-290212A4863"),
    (SE, "personnummer 811218-9875"),  # Luhn
    (SE, "personnummer 811318-9876"),  # month 13
    (SE, "pnr 811232-9876"),  # day 32
    (SE, "pnr 930492-2487"),  # day 92 (samordningsnummer days end at 91)
    (SE, "pnr 811218-0008"),  # birth number 000, Luhn digit right
    (SE, "personnummer 20990101-1230"),  # Luhn digit right, not born yet
    (SE, "order 811218-9876"),
    (SE, "ticket #640823-3234"),
    (SE, "invoice 19640823-3234"),
    (SE, "pnr 811218-98760 and 1811218-9876"),
    (SE, "call 640823-3234"),  # a phone's word and none of its own
    (SE, "ref 930477-2487"),  # samordningsnummer without a context word
    (SE, "ref 8112189876"),  # bare run without a context word
    (SE, "created 196408233234"),
    (SE, "build 202304151234 at 202304151234"),
    (ORG, "organisationsnummer 802454-7717"),  # Luhn
    (ORG, "orgnr 801454-7718"),  # third digit below 2: a personnummer's month
    (ORG, "orgnr 402454-7715"),  # no group number 4
    (ORG, "orgnr 802454-77160"),
    (ORG, "ref 802454-7716"),  # valid, no context word
    (ORG, "id 8024547716"),
]

# A number whose check a random number passes too often counts only near a context word.
NEEDS_CONTEXT = [
    (SE, "8112189876", "personnummer"),
    (SE, "196408233234", "pnr"),
    (SE, "930477-2487", "samordningsnummer"),
    (SE, "9304772487", "personnr"),
    (ORG, "802454-7716", "organisationsnummer"),
    (ORG, "8024547716", "org.nr"),
    (ORG, "716418-9321", "company registration"),
]


test_finds_with_spans, test_ignores_look_alikes, test_bare_number_needs_a_context_word = (
    table_tests(POSITIVES, NEGATIVES, NEEDS_CONTEXT)
)


@pytest.mark.parametrize(
    ("detector", "text", "expected"),
    [
        (FI, "code 290212A4863", "290212A4863"),
        (FI, "140378-2355", "140378-2355"),
        (SE, "kund 811218-9876", "811218-9876"),
        (SE, "19640823-3234", "19640823-3234"),
        (SE, "pnr 8112189876", "8112189876"),
        (ORG, "orgnr 802454-7716", "802454-7716"),
    ],
)
def test_confirmed_matches_score_one_and_are_validated(
    detector: Detector, text: str, expected: str
) -> None:
    assert scored([detector], text) == [(detector.entities[0], expected, 1.0, True)]


def test_every_century_sign_of_the_2023_specification() -> None:
    """stdnum 2.2 knows the signs added in 2023 (U-Y for the 1900s, B-F for the 2000s)."""
    for sign in "+-YXWVUABCDEF":
        code = f"010190{sign}123{fi_check('010190123')}"
        assert hetu.is_valid(code), code
        assert found(FI, f"hetu {code}") == [("FI_PERSONAL_IDENTITY_CODE", code)]
    for sign in "GHIJKLMNOPQRSTZ":
        assert found(FI, f"hetu 010190{sign}123{fi_check('010190123')}") == []


def test_finnish_code_in_digits_that_is_also_a_personnummer_needs_a_word() -> None:
    """010105-0102: 1 January 1905 in Finland, 5 January 2001 in Sweden; both checks pass."""
    number = "010105-0102"
    assert hetu.is_valid(number)
    assert personnummer_is_valid(number)
    assert scored([FI], f"ref {number}") == []  # a record's number
    assert scored([FI], f"nr {number}") == [("FI_PERSONAL_IDENTITY_CODE", number, 0.5, False)]
    assert scored([FI], f"hetu {number}") == [("FI_PERSONAL_IDENTITY_CODE", number, 1.0, True)]
    both = [FI, SE]
    assert scored(both, f"personnummer {number}")[0][:2] == ("SE_PERSONNUMMER", number)
    assert scored(both, f"henkilötunnus {number}")[0][:2] == ("FI_PERSONAL_IDENTITY_CODE", number)


def test_personnummer_wins_its_span_over_a_phone_guess() -> None:
    """libphonenumber calls 811218-9876 a valid Indian mobile number; the personnummer's date
    and Luhn digit make it the better reading, unless only a phone's word is near."""
    scanner = Scanner(ScanSettings(), detectors=[PhoneDetector(), *detectors(ScanSettings())])
    text = "Kund 811218-9876 ringde."
    assert [(f.entity, text[f.start : f.end]) for f in scanner.scan(text)] == [
        ("SE_PERSONNUMMER", "811218-9876")
    ]
    text = "mobile 811218-9876"
    assert [f.entity for f in scanner.scan(text)] == ["PHONE_NUMBER"]
    text = "orgnr 802454-7716"
    assert [f.entity for f in scanner.scan(text)] == ["SE_ORGANISATIONSNUMMER"]


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("811218-9876", True),
        ("8112189876", True),
        ("19811218-9876", True),
        ("198112189876", True),
        ("350101+4124", True),  # born 1835: the + says over 100
        ("930477-2487", True),  # samordningsnummer: 17 April 1993
        ("811218-9875", False),  # Luhn
        ("811318-9876", False),  # month 13
        ("930492-2487", False),  # day 92
        ("930460-2480", False),  # day 60 is day 0
        ("811218-0008", False),  # birth number 000
        ("20990101-1230", False),  # not born yet
        ("19990101-1230", True),
        ("81121898760", False),  # eleven digits
    ],
)
def test_personnummer_is_valid(value: str, valid: bool) -> None:
    assert personnummer_is_valid(value) is valid


@pytest.mark.parametrize(
    ("detector", "text"),
    [
        (FI, "order 123456 shipped on 654321"),  # six digits, no century sign after them
        (FI, "call 1234567"),
        (SE, "order 123456 and 1234567 and 12345678-9"),
        (SE, "code 123456+12"),
        (ORG, "order 123456789 and 12345678901"),
    ],
)
def test_region_gate_spares_other_numbers(detector: RegionDetector, text: str) -> None:
    """The detectors look at no window for digit runs they cannot match."""
    assert detector.wanted(ScanContext(text=text, lower=text.lower())) == []
    assert regions(text).numbers  # there are digit runs, all turned away


def test_the_module_exposes_its_detectors() -> None:
    names = [d.name for d in detectors(ScanSettings())]
    assert names == ["fi_hetu", "se_personnummer", "se_orgnr"]
