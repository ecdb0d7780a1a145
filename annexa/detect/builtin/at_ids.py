"""Austrian identifiers: the social insurance number (AT_SVNR, Sozialversicherungsnummer,
Versicherungsnummer, VSNR).

The Versicherungsnummer (ASVG § 31, assigned by the Dachverband der österreichischen
Sozialversicherungsträger) is ten digits: a three-digit serial (100-999), a check digit and six
digits that are the birth date ``DDMMYY``; it is written ``1234 010180`` (as on the e-card) or
bare. The check digit is the sum of the other nine digits weighted 3, 7, 9, (the check digit's
own place: 0), 5, 8, 4, 2, 1, 6, modulo 11; a serial whose remainder is 10 is never issued.
python-stdnum's ``at.vnr`` checks the digits. When the birth day and month are unknown, or a
date's serials are used up, the number carries a fictitious month 13, 14 or 15 (the Hauptverband
in the answer 4690/AB XXIII. GP of the Nationalrat, 2008).

The check digit alone is passed by one random number in eleven; with a calendar date, one random
ten-digit number in about three hundred passes. A bare ten-digit run is often something else
(a Unix timestamp, an order number), so it counts only near a context word ("SVNR",
"Sozialversicherungsnummer", "e-card"). The form with its space, four digits then a date, is the
one the e-card and the forms print: it is confirmed alone (like a Swedish personnummer written
with its dash), except right after a record's reference word ("Rechnung", "order", "#"), where it
is dropped, and near a phone's context word with none of its own (``phone_shaped``). A number
with a fictitious month 13-15 counts only near a context word in either form.
"""

from __future__ import annotations

import calendar
import re

from stdnum.at import vnr

from annexa.detect.builtin._base import RegionDetector, digits_only
from annexa.detect.builtin._regions import Region
from annexa.detect.context import after_reference_word
from annexa.detect.interface import Detector, ScanContext
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings

AT_SVNR_CONTEXT = (
    "sozialversicherungsnummer",
    "sozialversicherungs-nummer",
    "sozialversicherungsnr",
    "sozialversicherung",
    "versicherungsnummer",
    "versicherungsnr",
    "svnr",
    "sv-nr",
    "sv-nummer",
    "sv nr",
    "vsnr",
    "vs-nr",
    "e-card",
    "ecard",
    "ögk",
    "krankenkasse",
    "social security",
    "social security number",
    "social insurance",
    "social insurance number",
    "austrian social security",
)
_ORIGIN = "ASVG § 31, Dachverband der Sozialversicherungsträger (python-stdnum at.vnr)"
# The birth date DDMMYY: a real day, a month 01-12 or the fictitious 13-15.
_DATE = r"(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-5])\d{2}"
# What a region must hold for either rule to match in it: a cheap test before the windows.
_SHAPE = re.compile(rf"(?<!\d)[1-9]\d{{3}} ?{_DATE}(?!\d)")


def svnr_date(digits: str) -> bool | None:
    """Whether the last six of ten digits are a calendar date ``DDMMYY`` (True), a fictitious
    one with the month 13-15 (None), or neither (False). 29 February counts in a year divisible
    by four (the century is unknown; 1900 was no leap year, 2000 was)."""
    day, month, year = int(digits[4:6]), int(digits[6:8]), int(digits[8:10])
    if 13 <= month <= 15:
        return None if 1 <= day <= 31 else False
    if not 1 <= month <= 12:
        return False
    return 1 <= day <= calendar.monthrange(2000 + year, month)[1]


class AtSvnrDetector(RegionDetector):
    """Austrian social insurance numbers (serial, check digit, birth date)."""

    name = "at_svnr"
    entities = ("AT_SVNR",)
    min_digits = 10
    max_digits = 10
    separators = frozenset({"", " "})
    context = AT_SVNR_CONTEXT
    needs_context = frozenset({"svnr_plain"})
    phone_shaped = True
    patterns = (
        Pattern(
            "svnr_spaced",
            rf"(?<![\w\-+./])(?<!\d )[1-9]\d{{3}} {_DATE}(?!\w|[\-./]\d| \d)",
            0.3,
            positives=(
                "SVNR: ⟦1237 010180⟧",
                "Versicherungsnummer 4566 150372 (e-card)",
                "Patientin 2225 150914, Station 3",
                "Sozialversicherungsnummer 5556 011365",  # month 13: near the word
            ),
            negatives=(
                "SVNR 1236 010180",  # wrong check digit
                "SVNR 0237 010180",  # serial led by 0
                "1237 320180",  # day 32
                "1237 011680",  # month 16
                "5556 011365",  # month 13, no context word
                "Rechnung 1237 010180",  # a record's number
                "call 1237 010180",
                "0043 1237 010180",
                "1237 010180 12",
            ),
            origin=_ORIGIN,
        ),
        Pattern(
            "svnr_plain",
            rf"(?<![\w\-+./])[1-9]\d{{3}}{_DATE}(?![\w]|[\-./]\d)",
            0.3,
            positives=(
                "SVNR ⟦1237010180⟧",
                "Meine Sozialversicherungsnummer ist 9875070707.",
                "social security number: 4566150372",
            ),
            negatives=(
                "ref 1237010180",  # no context word
                "SVNR 1236010180",
                "SVNR 12370101800",
                "SVNR 1237013280",
            ),
            origin=_ORIGIN,
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        digits = digits_only(value)
        if not vnr.is_valid(digits):
            return False
        return svnr_date(digits)

    def check(self, ctx: ScanContext, start: int, end: int, pattern: Pattern) -> bool | None:
        """A number right after a record's reference word is that record's, unless a context
        word is near."""
        verdict = self.validate(ctx.text[start:end], pattern)
        if verdict is False or not after_reference_word(ctx.lower, start):
            return verdict
        return verdict if self.has_context(ctx, start, end) else False

    def keep(self, text: str, region: Region) -> bool:
        """The region holds ten digits, alone or split 4-6 by a space, whose serial is not led
        by 0 and whose day and month can be a date (in a longer list of numbers too)."""
        return _SHAPE.search(text, region.start, region.end) is not None


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in Austrian identifier detector."""
    return [AtSvnrDetector()]
