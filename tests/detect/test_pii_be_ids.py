"""Belgian national register and BIS numbers (table-driven).

Every number here is made for the test: a birth date and a serial, and the check number computed
from the Rijksregister's rule (97 less the first nine digits modulo 97, those digits led by a 2
for a birth in 2000 or later). Look-alikes fail the check, the month or the day, the layout or the
separators; bare runs count only near a context word.
"""

from __future__ import annotations

import pytest
from stdnum.be import bis, nn

from annexa.detect.builtin._regions import regions
from annexa.detect.builtin.be_ids import (
    BeNationalNumberDetector,
    detectors,
    national_number_is_valid,
)
from annexa.detect.interface import ScanContext
from annexa.detect.scanner import Scanner
from annexa.settings import ScanSettings
from tests.detect.tables import found, table_tests

BE = BeNationalNumberDetector()


def be_number(birth: str, serial: str, *, born_2000: bool = False) -> str:
    """Eleven digits: YYMMDD, the serial, and the check number of the IT000 instruction."""
    first = birth + serial
    base = int(("2" if born_2000 else "") + first)
    return f"{first}{97 - base % 97:02d}"


def card(number: str) -> str:
    """As the eID card prints it: YY.MM.DD-SSS.CC."""
    return f"{number[:2]}.{number[2:4]}.{number[4:6]}-{number[6:9]}.{number[9:]}"


def wrong(number: str) -> str:
    """The number with its check number off by one."""
    return f"{number[:9]}{(int(number[9:]) % 97) + 1:02d}"


MAN = be_number("830214", "157")  # 14 February 1983, a man
WOMAN = be_number("920229", "126")  # 29 February 1992, a woman
CHILD = be_number("120509", "246", born_2000=True)  # 9 May 2012
BIS_KNOWN = be_number("904315", "381")  # BIS, sex known (month 03 + 40)
BIS_UNKNOWN = be_number("012907", "002", born_2000=True)  # BIS, sex unknown (month 09 + 20)
UNKNOWN_DAY = be_number("640300", "215")  # day unknown: 00

MAN_GROUPED = f"{MAN[:6]}-{MAN[6:9]}-{MAN[9:]}"
WOMAN_SPACED = f"{WOMAN[:6]} {WOMAN[6:9]} {WOMAN[9:]}"
MAN_FIVE_GROUPS = " ".join((MAN[:2], MAN[2:4], MAN[4:6], MAN[6:9], MAN[9:]))
MAN_CARD_SPACE = f"{card(MAN)[:-3]} {MAN[9:]}"  # YY.MM.DD-SSS CC
UNKNOWN_DAY_GROUPED = f"{UNKNOWN_DAY[:6]}-{UNKNOWN_DAY[6:9]}-{UNKNOWN_DAY[9:]}"

POSITIVES = [
    # the eID card's layout, confirmed alone
    (BE, f"Rijksregisternummer: {card(MAN)}", card(MAN)),
    (BE, f"N° de registre national {card(WOMAN)}.", card(WOMAN)),
    (BE, f"copy of the card: {card(CHILD)} (back)", card(CHILD)),
    (BE, card(BIS_KNOWN), card(BIS_KNOWN)),
    (BE, f"holder {card(BIS_UNKNOWN)} registered", card(BIS_UNKNOWN)),
    (BE, f"niss {MAN_CARD_SPACE}", MAN_CARD_SPACE),
    # 6-3-2 groups, confirmed alone
    (BE, f"INSZ {MAN_GROUPED}", MAN_GROUPED),
    (BE, f"client {WOMAN_SPACED} ok", WOMAN_SPACED),
    (BE, UNKNOWN_DAY_GROUPED, UNKNOWN_DAY_GROUPED),
    # bare runs and five spaced groups, near a context word
    (BE, f"rijksregisternummer {MAN}", MAN),
    (BE, f"Mon numéro national est {CHILD}.", CHILD),
    (BE, f"BIS-nummer: {BIS_KNOWN}", BIS_KNOWN),
    (BE, f"national number {WOMAN}", WOMAN),
    (BE, f"NISS {MAN_FIVE_GROUPS}", MAN_FIVE_GROUPS),
]

NEGATIVES = [
    (BE, card(wrong(MAN))),  # check number
    (BE, f"rijksregisternummer {wrong(MAN)}"),
    (BE, card(be_number("831314", "157"))),  # month 13
    (BE, card(be_number("833314", "157"))),  # month 33: neither a register nor a BIS month
    (BE, card(be_number("830232", "157"))),  # day 32
    (BE, card(be_number("900730", "033", born_2000=True))),  # born 2090: not yet
    (BE, f"{card(MAN)}0"),  # one digit more
    (BE, f"1.{card(MAN)}"),
    (BE, f"v{card(MAN)}"),
    (BE, f"{MAN[:6]}-{MAN[6:9]} {MAN[9:]}"),  # mixed separators
    (BE, f"call {MAN_GROUPED}"),  # a phone's word, none of its own
    (BE, f"order {MAN_GROUPED}"),  # a record's number
    (BE, f"ref {MAN}"),  # bare, no context word
    (BE, f"order {MAN} shipped"),
    (BE, f"rijksregisternummer {MAN}0"),
    (BE, MAN_FIVE_GROUPS),  # five groups, no context word
    (BE, "on 83.02.14 at 12:00"),
]

# A bare run passes one random eleven-digit number in 600 but such runs are common.
NEEDS_CONTEXT = [
    (BE, MAN, "rijksregisternummer"),
    (BE, WOMAN, "insz"),
    (BE, CHILD, "numéro de registre national"),
    (BE, BIS_KNOWN, "bisnummer"),
    (BE, BIS_UNKNOWN, "NISS"),
]


test_finds_with_spans, test_ignores_look_alikes, test_bare_number_needs_a_context_word = (
    table_tests(POSITIVES, NEGATIVES, NEEDS_CONTEXT)
)


@pytest.mark.parametrize(
    ("number", "kind"),
    [(MAN, "nn"), (WOMAN, "nn"), (CHILD, "nn"), (UNKNOWN_DAY, "nn"), (BIS_KNOWN, "bis")],
)
def test_made_up_numbers_pass_python_stdnum(number: str, kind: str) -> None:
    assert (nn if kind == "nn" else bis).is_valid(number)
    assert national_number_is_valid(number)


def test_bis_number_with_unknown_sex_passes_python_stdnum() -> None:
    assert bis.is_valid(BIS_UNKNOWN)
    assert bis.get_gender(BIS_UNKNOWN) is None


def test_day_beyond_31_is_refused_though_stdnum_reads_it_as_unknown() -> None:
    number = be_number("830240", "157")
    assert nn.is_valid(number)
    assert not national_number_is_valid(number)
    assert found(BE, card(number)) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"Rijksregisternummer {card(MAN)}", card(MAN)),
        (f"{card(BIS_KNOWN)} on file", card(BIS_KNOWN)),
        (f"INSZ {MAN_GROUPED}", MAN_GROUPED),
        (f"klant {WOMAN_SPACED}", WOMAN_SPACED),
        (f"rijksregisternummer {MAN}", MAN),
        (f"Mijn rijksregisternummer is {CHILD}, bel me.", CHILD),
        (f"NISS {MAN_FIVE_GROUPS}", MAN_FIVE_GROUPS),
    ],
)
def test_confirmed_and_reported_by_the_full_scanner(text: str, expected: str) -> None:
    """Among every detector (phones, dates, other countries' numbers), the span is this one's."""
    findings = Scanner(ScanSettings(ner=False)).scan(text)
    assert [(f.entity, text[f.start : f.end], f.validated) for f in findings] == [
        ("BE_NATIONAL_NUMBER", expected, True)
    ]


def test_bare_run_keeps_a_low_score_without_a_context_word() -> None:
    scanner = Scanner(ScanSettings(min_score=0.0), detectors=[BE])
    text = "rijksregister" + " " * 60 + f"ref {MAN}"  # the word is in the text, far off
    assert [(f.score, f.validated) for f in scanner.scan(text)] == [(0.3, False)]


@pytest.mark.parametrize(
    "text",
    [
        f"order {MAN} shipped",  # bare eleven digits, no context word in the text
        "order 1234567890 and 123456789012",
        "phone 0475 12 34 56",
    ],
)
def test_region_gate_spares_other_numbers(text: str) -> None:
    ctx = ScanContext(text=text, lower=text.lower())
    assert BE.wanted(ctx) == []
    assert regions(text).numbers


def test_the_module_exposes_its_detector() -> None:
    assert [d.name for d in detectors(ScanSettings())] == ["be_national_number"]
