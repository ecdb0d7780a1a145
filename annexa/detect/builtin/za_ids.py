"""South African identity numbers (ZA_ID_NUMBER).

Thirteen digits ``YYMMDD SSSS C A Z`` (Department of Home Affairs; python-stdnum za.idnr): the
date of birth, a sequence number (0000-4999 female, 5000-9999 male), citizenship (0 citizen,
1 permanent resident), a digit that once recorded race and is now 8 or 9, and a Luhn check
digit. The date and the check digit leave about one random thirteen-digit run in thirty, and
thirteen digits are also an old Visa card's length, so a number counts only near a context
word ("ID number", "RSA ID", "identiteitsnommer"); the smart ID card and the green ID book
print it as one run or in three groups (``850317 5123 087``).
"""

from __future__ import annotations

import re

from stdnum import luhn
from stdnum.exceptions import ValidationError
from stdnum.za import idnr

from annexa.detect.builtin._base import RegionDetector, digits_only
from annexa.detect.interface import Detector
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings

_WORDS = (
    "south african id",
    "sa id",
    "rsa id",
    "id number",
    "identity number",
    "id no",
    "identity document",
    "smart id",
    "green id book",
    "id book",
    "identiteitsnommer",
    "permanent resident number",
    "refugee id",
)


class ZaIdDetector(RegionDetector):
    """South African ID numbers (date of birth, Luhn check digit); only near a context word."""

    name = "za_id"
    entities = ("ZA_ID_NUMBER",)
    min_digits = 13
    max_digits = 13
    separators = frozenset({"", "  "})
    context = _WORDS
    needs_context = frozenset({"za_id"})
    patterns = (
        Pattern(
            "za_id",
            r"(?<![\w\-+./])\d{6}( ?)\d{4}\1\d{3}(?![\w]|[\-./]\d)",
            0.2,
            positives=(
                "South African ID: ⟦8503175123087⟧",
                "RSA ID 9307110185188.",
                "ID number 010228 4123 092 on file",
                "Identiteitsnommer: 7711200049182",
                "Refugee ID number 9105230081281",
            ),
            negatives=(
                "8503175123087",  # valid, but no context word
                "ID number 8503175123089",  # check digit
                "ID number 8513175123086",  # month 13
                "ID number 85031751230870",
                "ID number 850317-5123-087",
                "ID number 8503175123384",  # citizenship 3
            ),
            origin="Department of Home Affairs (python-stdnum za.idnr)",
            flags=re.ASCII,
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        number = digits_only(value)
        if number[10] != "2":
            return idnr.is_valid(number)
        try:  # a refugee's number: the same date and check digit
            idnr.get_birth_date(number)
        except ValidationError:
            return False
        return luhn.is_valid(number)


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in South African identifier detector."""
    return [ZaIdDetector()]
