"""UK driver numbers, Italian VAT numbers and identity cards, Spanish passport and social
security numbers (table-driven).

Every number here was made for these tests from the issuing rules: driver numbers from a surname,
a birth date and initials; partite IVA with python-stdnum's Luhn digit; passport numbers by
their layout. Look-alikes break one rule each (date, office code, check digit, length, case).
"""

from __future__ import annotations

import pytest

from annexa.detect.builtin.es_ids import EsNssDetector, EsPassportDetector
from annexa.detect.builtin.it_ids import ItIdentityCardDetector, ItVatDetector
from annexa.detect.builtin.uk_ids import UkDrivingLicenceDetector
from annexa.detect.interface import Detector
from annexa.detect.scanner import Scanner
from annexa.settings import ScanSettings
from tests.detect.tables import found, table_tests


def scored(detector: Detector, text: str) -> list[tuple[str, float, bool]]:
    """(covered text, score, validated) of every finding, whatever its score."""
    scanner = Scanner(ScanSettings(min_score=0.0), detectors=[detector])
    return [(text[f.start : f.end], round(f.score, 2), f.validated) for f in scanner.scan(text)]


UK_DL = UkDrivingLicenceDetector()
IT_VAT = ItVatDetector()
ES_PASSPORT = EsPassportDetector()
ES_NSS = EsNssDetector()
IT_ID = ItIdentityCardDetector()

POSITIVES = [
    # HARRIS, born 12 March 1977, initials J M
    (UK_DL, "Driving licence: HARRI703127JM9QT 02", "HARRI703127JM9QT"),
    # PATEL, a woman (month 06 + 50) born 21 June 1989
    (UK_DL, "DVLA driver number PATEL856219AK9RW.", "PATEL856219AK9RW"),
    # LEE padded with 9s, one initial; bare: the structure stands on its own
    (UK_DL, "LEE99612043R99XZ", "LEE99612043R99XZ"),
    # 29 February 1984 (a leap year); lower case, led by a-f
    (UK_DL, "my licence is bell9802294pl8mn ok", "bell9802294pl8mn"),
    (UK_DL, "(O9999510018AB9CD)", "O9999510018AB9CD"),
    (IT_VAT, "Partita IVA: 04712850157", "04712850157"),
    (IT_VAT, "P.IVA 08603910582 - Roma", "08603910582"),
    (IT_VAT, "VAT number 02917731206.", "02917731206"),
    (IT_VAT, "Fornitore IT04712850157, Milano", "IT04712850157"),
    (IT_VAT, "VAT ID: IT 08603910582", "IT 08603910582"),
    (IT_VAT, "p.i. it02917731206", "it02917731206"),
    (ES_PASSPORT, "Pasaporte: PAC705318", "PAC705318"),
    (ES_PASSPORT, "Mi número de pasaporte es xda482913.", "xda482913"),
    (ES_PASSPORT, "BKE204871 es mi número de pasaporte", "BKE204871"),
    (ES_PASSPORT, "passport no. BKE204871 (Spain)", "BKE204871"),
    (ES_PASSPORT, "nº pasaporte ZK4827193", "ZK4827193"),
    (ES_PASSPORT, "Spanish passport be482719", "be482719"),
    # 2812345678 mod 97 = 40; a number below ten million: 08 * 10^7 + 123456 mod 97 = 1
    (ES_NSS, "Mi número de la Seguridad Social es 28/12345678/40.", "28/12345678/40"),
    (ES_NSS, "NUSS: 281234567840", "281234567840"),
    (ES_NSS, "número de afiliación 08 00123456 01", "08 00123456 01"),
    (IT_ID, "la mia carta d'identità CA00000AA", "CA00000AA"),
    (IT_ID, "carta di identità n. AU 1234567", "AU 1234567"),
]

NEGATIVES = [
    (UK_DL, "licence HARRI713127JM9QT"),  # month 13
    (UK_DL, "licence HARRI703327JM9QT"),  # day 33
    (UK_DL, "licence PATEL854319AK9RW"),  # 31 April
    (UK_DL, "licence WU999702297PL8MN"),  # 29 February 1977
    (UK_DL, "licence HARR1703127JM9QT and HA9RI703127JM9QT"),  # surname: letters, then 9s
    (UK_DL, "licence 9ARRI703127JM9QT"),  # the surname starts with a letter
    (UK_DL, "licence HARRI7031279M9QT"),  # no first initial, but a second one
    (UK_DL, "licence HARRI703127JM9Q7"),  # check characters are letters
    (UK_DL, "licence HARRI703127JM9QTX and XHARRI703127JM9QT"),  # seventeen characters
    (UK_DL, "const Harri703127jm9qt = 1"),  # mixed case: an identifier
    (UK_DL, "build ABCDE20241203XYZ and SKU ORDER123456AB9CD"),
    (IT_VAT, "Partita IVA 04712850158"),  # check digit
    (IT_VAT, "Partita IVA 04712851502"),  # office 150 (passes Luhn)
    (IT_VAT, "P.IVA 00000000000 or 00000000001"),  # company number zero
    (IT_VAT, "P.IVA 047128501570 and 0471285015"),  # length
    (IT_VAT, "IT04712850158 or IT047128501570"),
    (IT_VAT, "send it 04712850157 today"),  # "it", a word
    (IT_VAT, "It04712850157"),
    (IT_VAT, "VAT 0471-285-0157"),
    (ES_PASSPORT, "pedido PAC705318 enviado"),  # no context word
    (ES_PASSPORT, "pasaporte PAC70531 or PACX705318 or PAC7053180"),  # length
    (ES_PASSPORT, "pasaporte 705318PAC"),
    (ES_PASSPORT, "passport ZK4827193"),  # two letters: Italian or Canadian just as well
    (ES_PASSPORT, "pasaporte ZK48271 or ZK48271930"),
    (ES_NSS, "Seguridad Social 28/12345678/41"),  # control digits
    (ES_NSS, "pedido 281234567840"),  # no context word: twelve digits are an Aadhaar's too
    (ES_NSS, "NUSS 28/1234567/840"),  # grouping
    (IT_ID, "ordine CA00000AA"),  # no card's word
    (IT_ID, "passaporto AU1234567"),  # a passport's shape too: the card's word is needed
    (IT_ID, "carta d'identità CA0000AA or AU 123456"),  # length
]

# A bare number stays below the default threshold without a context word.
NEEDS_CONTEXT = [
    (IT_VAT, "04712850157", "partita IVA"),
    (IT_VAT, "08603910582", "P.IVA"),
    (IT_VAT, "02917731206", "VAT"),
    (ES_PASSPORT, "PAC705318", "pasaporte"),
    (ES_PASSPORT, "xda482913", "passport"),
    (ES_PASSPORT, "ZK4827193", "pasaporte"),
]


test_finds_with_spans, test_ignores_look_alikes, test_bare_number_needs_a_context_word = (
    table_tests(POSITIVES, NEGATIVES, NEEDS_CONTEXT)
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("HARRI703127JM9QT", [("HARRI703127JM9QT", 0.5, False)]),
        ("driving licence HARRI703127JM9QT", [("HARRI703127JM9QT", 0.85, False)]),
        ("DVLA: LEE99612043R99XZ 01", [("LEE99612043R99XZ", 0.85, False)]),
    ],
)
def test_driver_number_stands_bare_and_context_raises_it(
    text: str, expected: list[tuple[str, float, bool]]
) -> None:
    assert scored(UK_DL, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("IT04712850157", [("IT04712850157", 0.5, False)]),
        ("P.IVA IT04712850157", [("IT04712850157", 1.0, True)]),
        ("partita iva 04712850157", [("04712850157", 1.0, True)]),
        ("numero 04712850157", [("04712850157", 0.2, False)]),  # unreported
        ("ref 04712850157", []),  # a record's number
        ("VAT ID: 04712850157", [("04712850157", 1.0, True)]),
        # right after a record's word it is that record's number, "IVA" nearby or not
        ("IVA 22%, ordine 04712850157", []),
        ("P.IVA 08603910582, fattura #04712850157", [("08603910582", 1.0, True)]),
    ],
)
def test_vat_scores(text: str, expected: list[tuple[str, float, bool]]) -> None:
    assert scored(IT_VAT, text) == expected


def test_legacy_passport_form_needs_a_spanish_word() -> None:
    assert found(ES_PASSPORT, "passport ZK4827193 (Italy)") == []
    assert found(ES_PASSPORT, "passport ZK4827193 (Spain)") == [("ES_PASSPORT", "ZK4827193")]
    # the current three-letter form needs a passport word only
    assert found(ES_PASSPORT, "passport PAC705318") == [("ES_PASSPORT", "PAC705318")]
    # no passport word at all: a Spanish word alone does not do
    assert found(ES_PASSPORT, "España ZK4827193 y PAC705318") == []


@pytest.mark.parametrize(
    ("value", "verdict"),
    [
        ("WU999802294PL8MN", None),  # 29 February 1984
        ("WU999002290PL8MN", None),  # 29 February 2000 (or 1900)
        ("WU999902295PL8MN", False),  # 29 February 1995
        ("PATEL856309AK9RW", None),  # 30 June 1989 (a woman: month 06 + 50)
        ("PATEL856319AK9RW", False),  # 31 June
        ("PATEL856219ak9rw", False),  # mixed case
    ],
)
def test_driver_number_birth_date(value: str, verdict: bool | None) -> None:
    assert UK_DL.validate(value, UK_DL.patterns[0]) is verdict


def test_default_scanner_reports_them() -> None:
    text = "Driver number HARRI703127JM9QT; P.IVA IT04712850157; número de pasaporte PAC705318."
    scanner = Scanner(ScanSettings(ner=False))
    got = {(f.entity, text[f.start : f.end]) for f in scanner.scan(text)}
    assert {
        ("UK_DRIVING_LICENCE", "HARRI703127JM9QT"),
        ("IT_VAT_CODE", "IT04712850157"),
        ("ES_PASSPORT", "PAC705318"),
    } <= got
