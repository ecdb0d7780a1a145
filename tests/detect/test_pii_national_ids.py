"""National identifiers of the US, UK, DE, FR, ES, IT, NL, PL, IN, CA and AU (table-driven).

Positives come with their spans; look-alikes fail a checksum or a structural rule. Short checksums
(one random number in ten passes) count bare only near a context word: those cases are here too.
"""

from __future__ import annotations

import pytest

from annexa.detect.builtin.au_ids import AuTfnDetector
from annexa.detect.builtin.ca_ids import CaSinDetector
from annexa.detect.builtin.de_ids import DeIdCardDetector, DeTaxIdDetector, icao_check_digit
from annexa.detect.builtin.es_ids import EsNieDetector, EsNifDetector
from annexa.detect.builtin.fr_ids import FrNirDetector
from annexa.detect.builtin.in_ids import InAadhaarDetector, InPanDetector
from annexa.detect.builtin.it_ids import ItFiscalCodeDetector
from annexa.detect.builtin.kr_ids import KrDriverLicenseDetector
from annexa.detect.builtin.nl_ids import NlBsnDetector
from annexa.detect.builtin.pl_ids import PlPeselDetector
from annexa.detect.builtin.uk_ids import UkNhsDetector, UkNinoDetector, UkUtrDetector
from annexa.detect.builtin.us_ids import (
    UsDeaDetector,
    UsItinDetector,
    UsPassportDetector,
    UsSsnDetector,
    dea_checksum,
)
from annexa.detect.interface import Detector
from annexa.detect.scanner import Scanner
from annexa.settings import ScanSettings
from tests.detect.tables import table_tests

POSITIVES = [
    (UsSsnDetector(), "SSN: 536-22-1234 on file", "536-22-1234"),
    (UsSsnDetector(), "social security number 078 05 1121", "078 05 1121"),
    (UsSsnDetector(), "(132-45-6789)", "132-45-6789"),
    (UsItinDetector(), "ITIN 912-70-1234", "912-70-1234"),
    (UsItinDetector(), "taxpayer id 900-70-0000 filed", "900-70-0000"),
    (UsItinDetector(), "itin: 999 88 1234", "999 88 1234"),
    (UsPassportDetector(), "passport number 912803456", "912803456"),
    (UsDeaDetector(), "Prescriber DEA number: BJ6125341.", "BJ6125341"),
    (UsDeaDetector(), "medical license (AS9876547)", "AS9876547"),
    (KrDriverLicenseDetector(), "licence no. 12-18-730215-64 on file", "12-18-730215-64"),
    (KrDriverLicenseDetector(), "28 20 118733 05", "28 20 118733 05"),
    (KrDriverLicenseDetector(), "운전면허 번호 251901234567", "251901234567"),
    (UsPassportDetector(), "US passport: A12345678", "A12345678"),
    (UsPassportDetector(), "Passport no. C03005988 issued", "C03005988"),
    (UkNinoDetector(), "NI number: AB 12 34 56 C", "AB 12 34 56 C"),
    (UkNinoDetector(), "nino JG103759A ok", "JG103759A"),
    (UkNinoDetector(), "no. ab123456d.", "ab123456d"),
    (UkNhsDetector(), "NHS number 943 476 5919", "943 476 5919"),
    (UkNhsDetector(), "NHS: 943-476-5919 today", "943-476-5919"),
    (UkNhsDetector(), "NHS no. 9434765919", "9434765919"),
    (UkUtrDetector(), "my UTR is 22345 67890", "22345 67890"),
    (UkUtrDetector(), "Self Assessment UTR: 2234567890K", "2234567890K"),
    (DeTaxIdDetector(), "Steuer-ID 36 574 261 809", "36 574 261 809"),
    (DeTaxIdDetector(), "Meine Steueridentifikationsnummer: 36574261809.", "36574261809"),
    (DeTaxIdDetector(), "IdNr 86095742719", "86095742719"),
    # the check digit is right, no digit repeats (never issued): a made-up number, still meant
    (DeTaxIdDetector(), "Meine Steuer-ID: 23456789013.", "23456789013"),
    (DeIdCardDetector(), "Personalausweis: L01X00T44.", "L01X00T44"),
    (DeIdCardDetector(), "Ausweis C01X00T41 gültig", "C01X00T41"),
    (DeIdCardDetector(), "perso l01x00t44", "l01x00t44"),
    (FrNirDetector(), "NIR 2 95 10 99 126 111 93", "2 95 10 99 126 111 93"),
    (FrNirDetector(), "sécurité sociale : 295109912611193", "295109912611193"),
    (FrNirDetector(), "numéro 1 85 05 78 006 084 91 ok", "1 85 05 78 006 084 91"),
    (EsNifDetector(), "DNI 12345678Z", "12345678Z"),
    (EsNifDetector(), "mi NIF es 12345678-Z.", "12345678-Z"),
    (EsNifDetector(), "dni: 01111111g", "01111111g"),
    (EsNieDetector(), "NIE X2482300W", "X2482300W"),
    (EsNieDetector(), "Mi NIE es y-2482300-q.", "y-2482300-q"),
    (EsNieDetector(), "nie z2482300f", "z2482300f"),
    (ItFiscalCodeDetector(), "codice fiscale RCCMNL83S18D969H", "RCCMNL83S18D969H"),
    (ItFiscalCodeDetector(), "CF: MRTMTT25D09F205Z.", "MRTMTT25D09F205Z"),
    (ItFiscalCodeDetector(), "cf rccmnl83s18d969h", "rccmnl83s18d969h"),
    (NlBsnDetector(), "BSN 111222333", "111222333"),
    (NlBsnDetector(), "burgerservicenummer: 1112.22.333", "1112.22.333"),
    (NlBsnDetector(), "bsn 123456782.", "123456782"),
    (PlPeselDetector(), "PESEL 44051401359", "44051401359"),
    (PlPeselDetector(), "My pesel is 02070803628.", "02070803628"),
    (PlPeselDetector(), "numer PESEL: 44051401359", "44051401359"),
    (InAadhaarDetector(), "Aadhaar 2341 2341 2346", "2341 2341 2346"),
    (InAadhaarDetector(), "id 2341-2341-2346.", "2341-2341-2346"),
    (InAadhaarDetector(), "My Aadhaar number is 234123412346", "234123412346"),
    (InPanDetector(), "PAN: ACUPA7085R", "ACUPA7085R"),
    (InPanDetector(), "my PAN number is ABBPM4567S.", "ABBPM4567S"),
    (InPanDetector(), "pan AAACB1234C ok", "AAACB1234C"),
    (CaSinDetector(), "SIN 123 456 782", "123 456 782"),
    (CaSinDetector(), "my SIN is 123-456-782.", "123-456-782"),
    (CaSinDetector(), "social insurance number 123456782.", "123456782"),
    (AuTfnDetector(), "TFN 876 543 210", "876 543 210"),
    (AuTfnDetector(), "tax file number: 123 456 782.", "123 456 782"),
    (AuTfnDetector(), "TFN: 876543210", "876543210"),
]

NEGATIVES = [
    (UsSsnDetector(), "000-12-3456 and 666-12-3456"),
    (UsSsnDetector(), "SSN 536-00-1234 or 536-22-0000"),
    (UsSsnDetector(), "call 536-22-12345 and 1536-22-1234"),
    (UsItinDetector(), "ITIN 912-69-1234 and 912-93-1234"),
    (UsItinDetector(), "ITIN 912-70-12345 or 912-70-123"),
    (UsItinDetector(), "ITIN 812-70-1234"),
    (UsDeaDetector(), "DEA number BJ6125342 (bad check digit)"),
    (UsDeaDetector(), "order BJ6125341 shipped"),  # valid check digit, no context word
    (UsDeaDetector(), "DEA QJ6125341 or BJ61253410"),
    (KrDriverLicenseDetector(), "ref 27-18-730215-64 and 10-18-730215-64"),  # no such region
    (KrDriverLicenseDetector(), "id 251901234567 sent"),  # bare, no context word
    (KrDriverLicenseDetector(), "12-18-730215-6 or 12-18-73021-64 or 12 18-730215-64"),
    (UsItinDetector(), '{"sub": "912701234"}'),  # a bare run needs a context word
    (UsPassportDetector(), "passport 1234567 or AB1234567"),
    (UsPassportDetector(), "passport 1234567890"),
    (UsPassportDetector(), "order A12345678 shipped"),  # no passport word in the text
    (UkNinoDetector(), "AB 12 34 56 E"),
    (UkNinoDetector(), "BG 12 34 56 A and DQ123456A"),
    (UkNinoDetector(), "AB12345C"),
    (UkUtrDetector(), "UTR 1234567890"),  # wrong check digit
    (UkUtrDetector(), "order 2234567890 shipped"),  # valid, no context word
    (UkUtrDetector(), "UTR 22345678901"),  # eleven digits
    (UkNhsDetector(), "943 476 5918"),
    (UkNhsDetector(), "943-476-59190"),
    (UkNhsDetector(), "NHS 9434765918"),
    (UkNhsDetector(), "call 943-476-5919 today"),  # a valid NHS number shaped like a phone
    (DeTaxIdDetector(), "Steuer-ID 36574261808"),
    (DeTaxIdDetector(), "Steuer-ID 11111111111"),
    (DeTaxIdDetector(), "order 23456789013 shipped"),  # made up and no context word
    (DeTaxIdDetector(), "06 574 261 809"),
    (DeIdCardDetector(), "Personalausweis L01X00T47"),
    (DeIdCardDetector(), "Ausweis A01X00T44"),
    (DeIdCardDetector(), "L01X00T4 and C01X00T4X"),
    (FrNirDetector(), "2 95 10 99 126 111 94"),
    (FrNirDetector(), "395109912611193"),
    (FrNirDetector(), "2951099126111930"),
    (EsNifDetector(), "12345678A"),
    (EsNifDetector(), "123456Z"),
    (EsNifDetector(), "DNI 123456789Z"),
    (EsNieDetector(), "X2482300A"),
    (EsNieDetector(), "W2482300W"),
    (EsNieDetector(), "X248230W"),
    (ItFiscalCodeDetector(), "RCCMNL83S18D969A"),
    (ItFiscalCodeDetector(), "RCCMNL83Z18D969H"),
    (ItFiscalCodeDetector(), "RCCMNL83S18D96H"),
    (NlBsnDetector(), "BSN 111222334"),
    (NlBsnDetector(), "BSN 1112223330"),
    (NlBsnDetector(), "bsn 11122233"),
    (PlPeselDetector(), "PESEL 44051401358"),
    (PlPeselDetector(), "PESEL 44131401359"),
    (PlPeselDetector(), "PESEL 440514013590"),
    (InAadhaarDetector(), "2341 2341 2347"),
    (InAadhaarDetector(), "1341 2341 2346"),
    (InAadhaarDetector(), "aadhaar 234123412347"),
    (InPanDetector(), "ACUXA7085R"),
    (InPanDetector(), "ACUPA708R"),
    (InPanDetector(), "acupa7085r1"),
    (CaSinDetector(), "123 456 783"),
    (CaSinDetector(), "046 454 286"),
    (CaSinDetector(), "SIN 1234567820"),
    (AuTfnDetector(), "876 543 211"),
    (AuTfnDetector(), "876 543 2100"),
    (AuTfnDetector(), "TFN 876543211"),
]

# A bare short-checksum number stays below the default threshold without a context word.
NEEDS_CONTEXT = [
    (UkNhsDetector(), "9434765919", "NHS number"),
    (UkUtrDetector(), "2234567890", "UTR"),
    (UkUtrDetector(), "22345 67890", "unique taxpayer reference"),
    (DeTaxIdDetector(), "36574261809", "Steuer-ID"),
    (NlBsnDetector(), "111222333", "burgerservicenummer"),
    (PlPeselDetector(), "44051401359", "PESEL"),
    (InAadhaarDetector(), "234123412346", "Aadhaar"),
    (CaSinDetector(), "123456782", "SIN"),
    # written 3-3-3 with blanks, a valid Spanish (Portuguese, Polish, Czech) mobile number
    (CaSinDetector(), "612 345 678", "SIN"),
    (AuTfnDetector(), "612 345 009", "TFN"),
    # 3-3-4 with blanks, a valid Italian mobile number
    (UkNhsDetector(), "333 123 4001", "NHS number"),
    (AuTfnDetector(), "876543210", "TFN"),
    (UsSsnDetector(), "132456789", "SSN"),
    (UsItinDetector(), "912701234", "ITIN"),
    (UsPassportDetector(), "912803456", "passport"),
]


test_finds_with_spans, test_ignores_look_alikes, test_bare_number_needs_a_context_word = (
    table_tests(POSITIVES, NEGATIVES, NEEDS_CONTEXT)
)


def test_confirmed_checksum_scores_one_and_is_validated() -> None:
    scanner = Scanner(ScanSettings(min_score=0.0), detectors=[CaSinDetector()])
    [bare] = scanner.scan("ref 123456782")
    [near] = scanner.scan("SIN 123456782")
    assert (bare.validated, near.validated) == (False, True)
    assert bare.score < 0.4 <= near.score == 1.0


def test_icao_check_digit() -> None:
    assert icao_check_digit("L01X00T4") == 4
    assert icao_check_digit("C01X00T4") == 1


@pytest.mark.parametrize(
    ("value", "valid"),
    [("BJ6125341", True), ("AS9876547", True), ("BJ6125342", False), ("F91111112", False)],
)
def test_dea_check_digit(value: str, valid: bool) -> None:
    assert dea_checksum(value) is valid


# Bare numbers that pass a short checksum far from a context word: reported at the lowest
# reported score, unconfirmed -- unless the number is likely something else.
def scored(detector: Detector, text: str) -> list[tuple[str, float, bool]]:
    scanner = Scanner(ScanSettings(min_score=0.0), detectors=[detector])
    return [(text[f.start : f.end], f.score, f.validated) for f in scanner.scan(text)]


@pytest.mark.parametrize(
    ("detector", "text", "expected"),
    [
        (UkNhsDetector(), "4902316927", "4902316927"),
        (UkNhsDetector(), "list: 4399210079, ward 3", "4399210079"),
        (UkNhsDetector(), "(4931427111)", "4931427111"),
        (UsDeaDetector(), "AB1234563", "AB1234563"),
        (UsDeaDetector(), "codes FM2468242 and more", "FM2468242"),
    ],
)
def test_bare_checksum_number_reported_unconfirmed(
    detector: Detector, text: str, expected: str
) -> None:
    assert scored(detector, text) == [(expected, 0.4, False)]


@pytest.mark.parametrize(
    ("detector", "text"),
    [
        (UkNhsDetector(), "order 4902316927 shipped"),
        (UkNhsDetector(), "invoice no. 4399210079"),
        (UkNhsDetector(), "ticket #4931427111"),
        (UkNhsDetector(), "created 1634010566 updated 1781953732"),  # Unix timestamps
        (UkNhsDetector(), "Amsterdam 0206012845 or 0206298129"),  # Dutch landlines
        (UkNhsDetector(), "4902316928"),  # check digit
        (UsDeaDetector(), "order AB1234563"),
        (UsDeaDetector(), "ref: FM2468242"),
        (UsDeaDetector(), "AB1234564"),
    ],
)
def test_bare_checksum_look_alikes(detector: Detector, text: str) -> None:
    assert scored(detector, text) == []


@pytest.mark.parametrize(
    ("detector", "text", "expected"),
    [
        (UkNhsDetector(), "NHS number 4902316927", "4902316927"),
        (UsDeaDetector(), "DEA registration AB1234563", "AB1234563"),
        (UsDeaDetector(), "prescriber order FM2468242", "FM2468242"),
    ],
)
def test_context_word_confirms_bare_checksum_number(
    detector: Detector, text: str, expected: str
) -> None:
    assert scored(detector, text) == [(expected, 1.0, True)]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Puede contactarla en el 612 345 678 o por correo.", "612 345 678"),  # a SIN's check
        ("Puede contactarla en el 612 345 009 o por correo.", "612 345 009"),  # a TFN's check
        ("Mi puoi chiamare al 333 123 4001 domani.", "333 123 4001"),  # an NHS number's check
    ],
)
def test_a_european_mobile_that_passes_an_ids_check_stays_a_phone_number(
    text: str, number: str
) -> None:
    found = Scanner(ScanSettings(ner=False)).scan(text)
    assert [(f.entity, text[f.start : f.end]) for f in found] == [("PHONE_NUMBER", number)]
