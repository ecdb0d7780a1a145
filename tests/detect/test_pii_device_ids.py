"""Mobile device identifiers (IMEI), table-driven. The numbers are made up: fourteen digits
chosen here and the Luhn check digit computed."""

from __future__ import annotations

import pytest
from stdnum import luhn

from annexa.detect.builtin.device_ids import ImeiDetector
from annexa.policy.schema import DEFAULT_ENTITY_LEVELS
from tests.detect.tables import found

IMEI = ImeiDetector()
BODY = "35467812345678"
NUMBER = BODY + luhn.calc_check_digit(BODY)
WRONG = BODY + str((int(luhn.calc_check_digit(BODY)) + 1) % 10)
GROUPED = f"{NUMBER[:2]}-{NUMBER[2:8]}-{NUMBER[8:14]}-{NUMBER[14]}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"IMEI: {NUMBER}", NUMBER),
        (f"IMEI: {GROUPED}", GROUPED),
        (f"the IMEI number is {NUMBER}.", NUMBER),
        (
            f"My phone (IMEI {NUMBER[:8]} {NUMBER[8:14]} {NUMBER[14]}) was stolen",
            f"{NUMBER[:8]} {NUMBER[8:14]} {NUMBER[14]}",
        ),
        (f"IMEISV {BODY}01", f"{BODY}01"),  # the software version, no check digit
        (f"imei/meid: {NUMBER}", NUMBER),
    ],
)
def test_finds_imei_numbers_after_the_word(text: str, expected: str) -> None:
    assert found(IMEI, text) == [("IMEI", expected)]


@pytest.mark.parametrize(
    "text",
    [
        f"IMEI: {WRONG}",  # the check digit
        f"card {NUMBER}",  # no IMEI word
        f"IMEI {BODY}",  # fourteen digits
        f"IMEI {BODY}01",  # sixteen digits after "IMEI", not "IMEISV"
        f"IMEI lookup failed\n{NUMBER}",  # the next line
        f"IMEI: {NUMBER}0",  # too long
    ],
)
def test_ignores_look_alikes(text: str) -> None:
    assert found(IMEI, text) == []


def test_an_imei_is_internal() -> None:
    assert DEFAULT_ENTITY_LEVELS["IMEI"] == "internal"
