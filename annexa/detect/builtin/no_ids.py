"""Norwegian identifiers: the national identity number (NO_FODSELSNUMMER, fødselsnummer,
personnummer; D-nummer and H-nummer).

The fødselsnummer (folkeregisterloven § 2-2 and folkeregisterforskriften; Skatteetaten) is eleven
digits ``DDMMYY IIICC``: the birth date, a three-digit individual number that with the year gives
the century (000-499 the 1900s, 500-749 the 1800s from year 54, 500-999 the 2000s up to year 39,
900-999 the 1900s from year 40) and two modulus-11 check digits (weights 3 7 6 1 8 9 4 5 2 for the
first, 5 4 3 2 7 6 5 4 3 2 for the second; a remainder that would give 10 is never issued). A
D-nummer (folkeregisterforskriften, for people who are not resident) adds 40 to the day; an H-nummer
(the health services' help number, Helsedirektoratet) adds 40 to the month. python-stdnum's
``no.fodselsnummer`` checks the digits, the date with its century and that the date is not in the
future.

Two check digits leave one random eleven-digit number in about 120, the date one in ten of
those: a number written with its space (``010180 12029``, the form Skatteetaten prints) is
confirmed alone, and so is a bare run whose date is the real birth date. A bare D- or H-nummer
(days 41-71 or months 41-52 double and triple the numbers that pass) counts only near a context
word ("fødselsnummer", "fnr", "D-nummer"). In every form, a number right after a record's
reference word ("order", "ref", "#") is dropped unless a context word is near, and one near a
phone's context word with none of its own is not confirmed (``phone_shaped``).
"""

from __future__ import annotations

import re

from stdnum.no import fodselsnummer

from annexa.detect.builtin._base import RegionDetector, digits_only
from annexa.detect.builtin._regions import Region
from annexa.detect.context import after_reference_word
from annexa.detect.interface import Detector, ScanContext
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings

NO_FODSELSNUMMER_CONTEXT = (
    "fødselsnummer",
    "fødselsnummeret",
    "fødselsnr",
    "fodselsnummer",
    "foedselsnummer",
    "fnr",
    "f.nr",
    "personnummer",
    "personnummeret",
    "personnr",
    "d-nummer",
    "d-nummeret",
    "d-nr",
    "dnummer",
    "h-nummer",
    "hjelpenummer",
    "identitetsnummer",
    "folkeregisteret",
    "folkeregister",
    "national identity number",
    "national id number",
    "norwegian id",
    "norwegian national id",
    "birth number",
    "personal identity number",
)
_ORIGIN = "Folkeregisterloven § 2-2, folkeregisterforskriften, Skatteetaten (python-stdnum no)"
_D_ORIGIN = (
    "Folkeregisterforskriften (D-nummer: day + 40), Helsedirektoratet (H-nummer: month + 40) "
    "(python-stdnum no.fodselsnummer)"
)
_DAY = r"(?:0[1-9]|[12]\d|3[01])"
_MONTH = r"(?:0[1-9]|1[0-2])"
_D_DAY = r"(?:4[1-9]|[56]\d|7[01])"
_H_MONTH = r"(?:4[1-9]|5[0-2])"
# The birth date of any of the three: a real one, a D-nummer's or an H-nummer's.
_ANY_DATE = rf"(?:{_DAY}|{_D_DAY})(?:{_MONTH}|{_H_MONTH})\d{{2}}"
_TAIL = r"(?![\w]|[\-./]\d)"
# What a region must hold for any rule to match in it: a cheap test before the windows.
_SHAPE = re.compile(rf"(?<!\d){_ANY_DATE} ?\d{{5}}(?!\d)")


class NoFodselsnummerDetector(RegionDetector):
    """Norwegian fødselsnummer, D-nummer and H-nummer (date and two check digits)."""

    name = "no_fodselsnummer"
    entities = ("NO_FODSELSNUMMER",)
    min_digits = 11
    max_digits = 11
    separators = frozenset({"", " "})
    context = NO_FODSELSNUMMER_CONTEXT
    needs_context = frozenset({"dnr_plain"})
    phone_shaped = True
    patterns = (
        Pattern(
            "fnr_spaced",
            rf"(?<![\w\-+./])(?<!\d ){_ANY_DATE} \d{{5}}(?!\w|[\-./]\d| \d)",
            0.3,
            positives=(
                "fødselsnummer ⟦010180 12029⟧",
                "Pasient 150372 34076 innlagt",
                "D-nummer: 410180 11490",
                "(311299 12076)",
            ),
            negatives=(
                "fnr 010180 12028",  # second check digit
                "fnr 010180 12019",  # first check digit
                "fnr 320180 12029",
                "order 010180 12029",  # a record's number
                "tel 010180 12029",
                "+47 010180 12029",
                "010180 12029 5",
                "fnr 010145 50050",  # individual 500 in 1945: no such century
                "fnr 010130 50038",  # 2030: not born yet
            ),
            origin=_ORIGIN,
        ),
        Pattern(
            "fnr_plain",
            rf"(?<![\w\-+./]){_DAY}{_MONTH}\d{{7}}{_TAIL}",
            0.3,
            positives=(
                "Fødselsnummer: ⟦01018012029⟧",
                "kunde 15037234076 ringte",
                "My Norwegian ID is 31129912076.",
            ),
            negatives=(
                "fnr 01018012028",
                "fnr 010180120290",
                "ref 01018012029",
                "id#01018012029",
            ),
            origin=_ORIGIN,
        ),
        Pattern(
            "dnr_plain",
            rf"(?<![\w\-+./])(?:{_D_DAY}(?:{_MONTH}|{_H_MONTH})|{_DAY}{_H_MONTH})\d{{7}}{_TAIL}",
            0.3,
            positives=("D-nummer ⟦41018011490⟧", "fnr: 01418012192"),
            negatives=("kunde 41018011490", "D-nummer 41018011491"),
            origin=_D_ORIGIN,
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return fodselsnummer.is_valid(digits_only(value))

    def check(self, ctx: ScanContext, start: int, end: int, pattern: Pattern) -> bool | None:
        """A number right after a record's reference word is that record's, unless a context
        word is near."""
        if not self.validate(ctx.text[start:end], pattern):
            return False
        return not after_reference_word(ctx.lower, start) or self.has_context(ctx, start, end)

    def keep(self, text: str, region: Region) -> bool:
        """The region holds eleven digits, alone or split 6-5 by a space, whose day and month
        can be a date (D- and H-numbers included; in a longer list of numbers too)."""
        return _SHAPE.search(text, region.start, region.end) is not None


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in Norwegian identifier detector."""
    return [NoFodselsnummerDetector()]
