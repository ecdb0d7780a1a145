"""Portuguese tax numbers (NIF / NIPC) and Citizen Card numbers (table-driven).

Every number here is made for the test: the NIF's check digit and the civil identification
number's computed from their rule (the first eight digits weighted 9 to 2, 11 less the sum modulo
11, 10 written 0), the Citizen Card's last digit from the AMA's (characters read as 0-35, every
second one from the right doubled, less 9 above 9, the sum taken from the next ten). Look-alikes
fail a check, the layout, the case, or stand without the word they need.
"""

from __future__ import annotations

import pytest
from stdnum.pt import cc, nif

from annexa.detect.builtin._regions import regions
from annexa.detect.builtin.pt_ids import (
    PtCitizenCardDetector,
    PtNifDetector,
    citizen_card_is_valid,
    detectors,
)
from annexa.detect.interface import ScanContext
from annexa.detect.scanner import Scanner
from annexa.settings import ScanSettings
from tests.detect.tables import found, table_tests

NIF = PtNifDetector()
CC = PtCitizenCardDetector()
_VALUES = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def mod11(digits: str) -> str:
    """The check digit of a NIF's first eight digits or of a civil identification number:
    weights 2, 3, 4... from the right, 11 less the sum modulo 11, 10 (and 11) written 0."""
    total = sum(int(d) * w for w, d in enumerate(reversed(digits), start=2))
    return str((11 - total % 11) % 11 % 10)


def card_check(payload: str) -> str:
    """The Citizen Card document number's check digit (AMA, v1.0, 2009)."""
    total = 0
    for i, ch in enumerate(reversed(payload)):
        value = _VALUES.index(ch.upper())
        if i % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return str((10 - total % 10) % 10)


def tax_number(first: str) -> str:
    return first + mod11(first)


def card_number(civil: str, version: str, sep: str = " ") -> str:
    """DDDDDDDD C AAT, with ``sep`` between the parts."""
    check = mod11(civil)
    last = card_check(civil + check + version)
    return sep.join((civil, check, version + last))


PERSON = tax_number("23201396")
COMPANY = tax_number("50944201")  # a NIPC: led by 5
OTHER = tax_number("12345678")
CARD = card_number("12345678", "ZZ")
CARD_2 = card_number("23456789", "ZX")
CARD_OLD = card_number("1234567", "ZZ")  # a seven-digit civil number
CARD_COMPACT = card_number("87654321", "ZY", sep="")
CARD_OTHER_VERSION = card_number("12345678", "AB")
CARD_LOWER = card_number("12345678", "zz", sep="-")


def off_by_one(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


OTHER_SPACED = f"{OTHER[:3]} {OTHER[3:6]} {OTHER[6:]}"
PERSON_DOTTED = f"{PERSON[:3]}.{PERSON[3:6]}.{PERSON[6:]}"
BI_WITH_CHECK = f"23456789 {mod11('23456789')}"

POSITIVES = [
    (NIF, f"NIF: {PERSON}", PERSON),
    (NIF, f"número de contribuinte {OTHER_SPACED}", OTHER_SPACED),
    (NIF, f"Contribuinte n.º {PERSON_DOTTED}.", PERSON_DOTTED),
    (NIF, f"NIPC {COMPANY} (sede em Lisboa)", COMPANY),
    (NIF, f"{PERSON} é o meu NIF", PERSON),
    (NIF, f"número de identificação fiscal: {COMPANY}", COMPANY),
    (NIF, f"Portuguese tax number {OTHER}", OTHER),
    (CC, f"Cartão de Cidadão n.º {CARD}", CARD),
    (CC, f"documento {CARD_2} válido até 2031", CARD_2),
    (CC, CARD_COMPACT, CARD_COMPACT),
    (CC, f"old card {CARD_OLD}", CARD_OLD),
    (CC, f"CC: {CARD_OTHER_VERSION}", CARD_OTHER_VERSION),
    (CC, f"cartão de cidadão {CARD_LOWER}", CARD_LOWER),
    (CC, "número de identificação civil: 12345678", "12345678"),
    (CC, f"Bilhete de Identidade n.º {BI_WITH_CHECK}", BI_WITH_CHECK),
    (CC, "BI n.º 1234567, cartão de cidadão", "1234567"),
]

NEGATIVES = [
    (NIF, f"NIF {off_by_one(PERSON)}"),  # check digit
    (NIF, f"NIF {PERSON}0"),  # ten digits
    (NIF, f"NIF {PERSON[:-1]}"),  # eight digits
    (NIF, f"NIF {tax_number('01234567')}"),  # led by 0
    (NIF, f"ref {PERSON}"),  # no context word
    (NIF, f"NIF PT {PERSON}"),  # a VAT number: vat_id's
    (NIF, f"NIF PT-{PERSON}"),
    (NIF, f"NIF: {PERSON[:3]} {PERSON[3:6]}.{PERSON[6:]}"),  # mixed separators
    (NIF, f"NIF x{PERSON}"),
    (NIF, f"telefone {PERSON}"),
    (CC, off_by_one(CARD)),  # document number's check digit
    (CC, card_number("12345678", "ZZ").replace(" 9 ", " 8 ")),  # civil number's check digit
    (CC, CARD_OTHER_VERSION),  # version not Z, no context word
    (CC, CARD.lower()),  # lower case, no context word
    (CC, CARD[:-3] + "Zz" + CARD[-1]),  # mixed case
    (CC, CARD + "5"),
    (CC, "x" + CARD_COMPACT),
    (CC, "order 12345678"),  # a civil number alone, no word naming it
    (CC, "CC 12345678"),  # "CC" names the card, not the civil number
    (CC, f"bilhete de identidade {off_by_one(BI_WITH_CHECK)}"),
    (CC, "bilhete de identidade 123456789"),  # nine digits: no civil number
]

# A NIF passes one random nine-digit number in eleven; a civil number alone has no check.
NEEDS_CONTEXT = [
    (NIF, PERSON, "NIF"),
    (NIF, COMPANY, "nipc"),
    (NIF, OTHER, "contribuinte"),
    (NIF, OTHER_SPACED, "número de contribuinte"),
    (CC, CARD_OTHER_VERSION, "cartão de cidadão"),
    (CC, "12345678", "número de identificação civil"),
]


test_finds_with_spans, test_ignores_look_alikes, test_bare_number_needs_a_context_word = (
    table_tests(POSITIVES, NEGATIVES, NEEDS_CONTEXT)
)


@pytest.mark.parametrize("number", [PERSON, COMPANY, OTHER])
def test_made_up_tax_numbers_pass_python_stdnum(number: str) -> None:
    assert nif.is_valid(number)


@pytest.mark.parametrize(
    "number", [CARD, CARD_2, CARD_OLD, CARD_COMPACT, CARD_OTHER_VERSION, CARD_LOWER]
)
def test_made_up_card_numbers_pass_python_stdnum(number: str) -> None:
    compact = number.replace(" ", "").replace("-", "").upper()
    assert cc.is_valid(compact)
    assert citizen_card_is_valid(number)


def test_the_civil_numbers_check_digit_is_checked_beyond_stdnum() -> None:
    """python-stdnum checks the last digit only; the civil number's own digit is checked too."""
    payload = "12345678" + "8" + "ZZ"  # 8: not the civil number's check digit
    number = payload + card_check(payload)
    assert cc.is_valid(number)
    assert not citizen_card_is_valid(number)
    assert found(CC, number) == []


@pytest.mark.parametrize(
    ("text", "expected", "entity"),
    [
        (f"NIF: {PERSON}", PERSON, "PT_NIF"),
        (f"O meu número de contribuinte é {OTHER}.", OTHER, "PT_NIF"),
        (f"NIPC {COMPANY}", COMPANY, "PT_NIF"),
        (f"Cartão de Cidadão n.º {CARD}", CARD, "PT_CITIZEN_CARD"),
        (CARD_COMPACT, CARD_COMPACT, "PT_CITIZEN_CARD"),
        (f"CC: {CARD_OTHER_VERSION}", CARD_OTHER_VERSION, "PT_CITIZEN_CARD"),
        (f"bilhete de identidade {BI_WITH_CHECK}", BI_WITH_CHECK, "PT_CITIZEN_CARD"),
    ],
)
def test_reported_by_the_full_scanner(text: str, expected: str, entity: str) -> None:
    """Among every detector (phones, US numbers, VAT numbers), the span is this one's."""
    findings = Scanner(ScanSettings(ner=False)).scan(text)
    assert [(f.entity, text[f.start : f.end], f.validated) for f in findings] == [
        (entity, expected, True)
    ]


def test_a_civil_number_alone_is_reported_unconfirmed() -> None:
    scanner = Scanner(ScanSettings(ner=False))
    text = "número de identificação civil: 12345678"
    assert [(f.entity, f.validated) for f in scanner.scan(text)] == [("PT_CITIZEN_CARD", False)]


def test_prefixed_tax_number_is_left_to_the_vat_detector() -> None:
    text = f"NIF/VAT: PT {PERSON}"
    findings = Scanner(ScanSettings(ner=False)).scan(text)
    assert [(f.entity, text[f.start : f.end]) for f in findings] == [("VAT_ID", f"PT {PERSON}")]


@pytest.mark.parametrize(
    ("detector", "text"),
    [
        (NIF, "order 12345678 and 1234567890"),
        (CC, "order 12345678 and 123456789 shipped"),  # no version letters, no word naming it
    ],
)
def test_region_gate_spares_other_numbers(
    detector: PtNifDetector | PtCitizenCardDetector, text: str
) -> None:
    ctx = ScanContext(text=text, lower=text.lower())
    assert detector.wanted(ctx) == []
    assert regions(text).numbers


def test_the_module_exposes_its_detectors() -> None:
    assert [d.name for d in detectors(ScanSettings())] == ["pt_nif", "pt_citizen_card"]
