"""Passports of any country (PASSPORT) and machine-readable zones (PASSPORT, ID_CARD),
table-driven.

The zones are ICAO Doc 9303's own specimens (the fictional state "Utopia", UTO, and its citizen
Anna Maria Eriksson) and zones made up here, their check digits computed by the rule the
specimens confirm.
"""

from __future__ import annotations

import pytest

from annexa.detect.builtin.passports import (
    MachineReadableZoneDetector,
    PassportNumberDetector,
    check_digit,
    is_document_number,
)
from annexa.detect.builtin.us_ids import UsPassportDetector
from annexa.detect.scanner import Scanner
from annexa.policy.schema import DEFAULT_ENTITY_LEVELS
from annexa.settings import ScanSettings
from tests.detect.tables import found

PASSPORT = PassportNumberDetector()
MRZ = MachineReadableZoneDetector()

# ICAO Doc 9303 part 4, appendix A (TD3), part 5 (TD1) and part 6 (TD2): the specimens
TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
TD1 = (
    "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"
)
TD2 = "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6"


def test_the_check_digit_is_icao_9303s() -> None:
    """The specimen's own check digits: 7, 3, 1 weights, letters 10 to 35, the filler 0."""
    assert check_digit("L898902C3") == 6
    assert check_digit("740812") == 2
    assert check_digit("120415") == 9
    assert check_digit("ZE184226B<<<<<") == 1
    assert check_digit("<<<<<<") == 0


def td3(number: str, birth: str, expiry: str, sex: str = "M") -> str:
    """A made-up passport zone of Utopia with its check digits."""
    number = number.ljust(9, "<")
    personal = "<" * 14
    line2 = (
        f"{number}{check_digit(number)}UTO{birth}{check_digit(birth)}{sex}{expiry}"
        f"{check_digit(expiry)}{personal}{check_digit(personal)}"
    )
    line2 += str(check_digit(line2[0:10] + line2[13:20] + line2[21:43]))
    return "P<UTOSTONE<<JOHN<<<<<<<<<<<<<<<<<<<<<<<<<<<<\n" + line2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"Scan of the data page:\n{TD3}\nthanks", [("PASSPORT", TD3)]),
        (TD1, [("ID_CARD", TD1)]),
        (TD2, [("ID_CARD", TD2)]),
        (td3("X4821937", "840229", "310101"), [("PASSPORT", td3("X4821937", "840229", "310101"))]),
        # indented, as pasted into a mail
        ("  " + TD3.replace("\n", "\n  "), [("PASSPORT", TD3.replace("\n", "\n  "))]),
    ],
)
def test_finds_machine_readable_zones(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(MRZ, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        TD3.replace("L898902C36", "L898902C37"),  # the document number's check digit
        TD3.replace("7408122F", "7408123F"),  # the birth date's check digit
        TD3.replace("<<<<<10", "<<<<<11"),  # the composite check digit
        td3("X4821937", "861329", "310101"),  # month 13
        TD1.replace("D231458907", "D231458908"),
        TD2[:-1] + "7",
        "P<" + "<" * 42 + "\n" + "<" * 44,  # fillers only
        "std::cout << x << std::endl;",
        TD3.split("\n")[1],  # a second line alone
    ],
)
def test_ignores_zones_whose_checks_fail(text: str) -> None:
    assert found(MRZ, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My passport number is CD7654321 and it expires soon", ["CD7654321"]),
        ("passport number: J6932157", ["J6932157"]),
        ("Korean passport: M456B7890", ["M456B7890"]),
        ("여권번호는 M789C1234입니다", ["M789C1234"]),
        ("대한민국 여권 S87654321", ["S87654321"]),
        ("Reisepass-Nr. C01X00T47 liegt vor", ["C01X00T47"]),
        # a German serial: as many letters as its alphabet allows
        ("Please bring your passport (No. C4X9R27K1) to the interview", ["C4X9R27K1"]),
        ("Reisepassnummer: F7K2LM9X4", ["F7K2LM9X4"]),
        ("numéro de passeport : 09AA12345", ["09AA12345"]),
        ("numero di passaporto YA1234567", ["YA1234567"]),
        ("Passports: AB1234567 and XY9876543", ["AB1234567", "XY9876543"]),
        ("my passport no. is a1234567, thanks", ["a1234567"]),
    ],
)
def test_finds_passport_numbers_after_a_passport_word(text: str, expected: list[str]) -> None:
    assert found(PASSPORT, text) == [("PASSPORT", number) for number in expected]


@pytest.mark.parametrize(
    "text",
    [
        "ref CD7654321 noted",  # no passport word
        "passport photo 600x600 px",  # a size
        "my passport expires 20301231",  # a date
        "passport 1234",  # too short
        "passport ABCDEFGHI",  # no digit
        "passport renewal form DS82-2024",
        "passport\nticket 12345678",  # the next line
        "The passport office closed. Order 12345678 shipped",  # the next sentence
        "passport 111111111",  # one digit repeated
        "passport AbC123456",  # letters of both cases
        "passport HJKLMNPRT",  # a German serial's letters, no digit
        "passport CAB12XYZ4",  # vowels and B: no German serial, and too many letters
        "the passport office on 5th Avenue opens at 9",
    ],
)
def test_ignores_what_is_no_passport_number(text: str) -> None:
    assert found(PASSPORT, text) == []


@pytest.mark.parametrize(
    ("value", "shaped"),
    [
        ("L898902C3", True),
        ("123456789", True),
        ("A1234567", True),
        ("AB12345", True),
        ("1234567890", False),  # ten characters
        ("ABCD12345", False),  # four letters
        ("19840312", False),  # a date
        ("12031984", False),
    ],
)
def test_the_shape_of_a_document_number(value: str, shaped: bool) -> None:
    assert is_document_number(value) is shaped


def test_a_us_passport_keeps_its_own_type() -> None:
    """Both detectors read "passport 912803456"; the country's format wins the span."""
    scanner = Scanner(ScanSettings(), detectors=[PASSPORT, UsPassportDetector()])
    [finding] = scanner.scan("passport number 912803456")
    assert finding.entity == "US_PASSPORT"


def test_passports_and_identity_cards_are_restricted() -> None:
    assert DEFAULT_ENTITY_LEVELS["PASSPORT"] == "restricted"
    assert DEFAULT_ENTITY_LEVELS["ID_CARD"] == "restricted"
