"""South African identity numbers (ZA_ID_NUMBER), table-driven.

Every number here is made up: a date of birth, a sequence, citizenship and the Luhn check digit
computed from the Department of Home Affairs' rule.
"""

from __future__ import annotations

from stdnum import luhn

from annexa.detect.builtin.za_ids import ZaIdDetector
from annexa.policy.schema import DEFAULT_ENTITY_LEVELS
from tests.detect.tables import found, table_tests

ZA = ZaIdDetector()


def _number(base: str) -> str:
    """``base`` (twelve digits) with its Luhn check digit."""
    return base + luhn.calc_check_digit(base)


MALE_1985 = _number("850317512308")  # 17 March 1985, male, citizen
FEMALE_2001 = _number("010228412309")  # 28 February 2001, female, citizen
RESIDENT = _number("771120004918")  # permanent resident
REFUGEE = _number("910523008128")  # 23 May 1991, female, refugee (citizenship 2)

POSITIVES = [
    (ZA, f"South African ID: {MALE_1985}", MALE_1985),
    (ZA, f"RSA ID {FEMALE_2001}.", FEMALE_2001),
    (
        ZA,
        f"ID number {MALE_1985[:6]} {MALE_1985[6:10]} {MALE_1985[10:]} on file",
        f"{MALE_1985[:6]} {MALE_1985[6:10]} {MALE_1985[10:]}",
    ),
    (ZA, f"Identiteitsnommer: {RESIDENT}", RESIDENT),
    (ZA, f"Permanent resident number {RESIDENT} is on file.", RESIDENT),
    (ZA, f"Refugee ID number {REFUGEE} is on file.", REFUGEE),
    (
        ZA,
        f"ID number {REFUGEE[:6]} {REFUGEE[6:10]} {REFUGEE[10:]}",
        REFUGEE[:6] + " " + REFUGEE[6:10] + " " + REFUGEE[10:],
    ),
]

NEGATIVES = [
    (ZA, f"order {MALE_1985} shipped"),  # valid, but no context word
    (ZA, f"ID number {MALE_1985[:-1]}{(int(MALE_1985[-1]) + 1) % 10}"),  # check digit
    (ZA, f"ID number {_number('851317512308')}"),  # month 13
    (ZA, f"ID number {_number('850230512308')}"),  # 30 February
    (ZA, f"ID number {_number('850317512338')}"),  # citizenship 3: none such
    (ZA, f"Refugee ID number {_number('911323008128')}"),  # a refugee's, month 13
    (ZA, f"Refugee ID number {REFUGEE[:-1]}{(int(REFUGEE[-1]) + 1) % 10}"),  # check digit
    (ZA, f"ID number {MALE_1985}0"),  # fourteen digits
    (ZA, f"ID number {MALE_1985[:6]}-{MALE_1985[6:10]}-{MALE_1985[10:]}"),
]

NEEDS_CONTEXT = [
    (ZA, MALE_1985, "South African ID"),
    (ZA, FEMALE_2001, "identity number"),
    (ZA, REFUGEE, "refugee ID"),
]

test_finds_with_spans, test_ignores_look_alikes, test_bare_number_needs_a_context_word = (
    table_tests(POSITIVES, NEGATIVES, NEEDS_CONTEXT)
)


def test_a_south_african_id_is_restricted() -> None:
    assert DEFAULT_ENTITY_LEVELS["ZA_ID_NUMBER"] == "restricted"
    assert found(ZA, f"SA ID {MALE_1985}") == [("ZA_ID_NUMBER", MALE_1985)]
