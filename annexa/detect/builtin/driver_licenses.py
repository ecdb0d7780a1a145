"""Driver's licence numbers of any country (DRIVER_LICENSE), after a driver's-licence word.

No two issuers number their licences alike, and none carries a check digit a scanner could
test: the fifty US states alone use some twenty layouts (AAMVA's DL/ID Card Design Standard
lists them: California ``A1234567``, Florida ``A123-456-78-901-0``, New Jersey ``A1234 56789
01234``, New York ``123 456 789``, Texas ``12345678``), Germany's cards ``B072RRE2I55``, France's
twelve digits. A number is therefore reported only where the text says what it is: in the same
sentence, a few words after "driver's license", "driving licence", "DL#" / "DL no." / "DL"
and a state's code ("DL CA D1234567"), or the
word in German, French, Spanish, Italian, Dutch or Polish ("Führerschein-Nr.", "permis de
conduire", "licencia de conducir", "patente di guida", "rijbewijsnummer", "prawo jazdy").

The number: up to two capital letters, then a run of capital letters and digits, then up to
four more groups of digits joined by single spaces or dashes; five to sixteen characters in
all, at least five digits, at most five letters. Not a date ("expires 2027-03-31",
"20270331"), one digit repeated, or what stands on the next line or in the next sentence.
A UK licence has a layout of its own, checked field by field (``UK_DRIVING_LICENCE``), which
wins the span.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from annexa.detect.builtin.passports import BETWEEN_WORD_AND_NUMBER
from annexa.detect.interface import Detector, Finding, ScanContext
from annexa.detect.pattern import Pattern, PatternDetector
from annexa.settings import ScanSettings

# The keyword pass looks for these (lower case): one of them is in every licence word.
_KEYWORDS = (
    "driver", "driving licen", "dl#", "dl ", "dl:", "führerschein", "fuhrerschein",
    "fuehrerschein", "permis de conduire", "de conducir", "patente di guida", "rijbewijs",
    "prawo jazdy",
)  # fmt: skip
_WORD = (
    r"(?:(?i:(?<![^\W\d_])(?:driver[’']?s?[ \t-]+licen[cs]es?|driving[ \t-]+licen[cs]es?"
    r"|f(?:ü|ue|u)hrerschein(?:nummer)?|permis[ \t]+de[ \t]+conduire"
    r"|(?:licencia|permiso|carn[eé])[ \t]+de[ \t]+conducir|patente[ \t]+di[ \t]+guida"
    r"|rijbewijs(?:nummer)?|prawo[ \t]+jazdy)(?![^\W\d_]))"
    r"|(?<![\w/=?&.])DL(?:[ \t]*#|[ \t]+(?:[Nn]o\.?|[Nn]um(?:ber)?\.?)|:"
    r"|(?=[ \t]+[A-Z]{2}[ \t]+[A-Z]?\d)))"
)
_NUMBER = (
    r"(?<![\w\-/.])((?:[A-Z]{1,2}[ -]?)?\d[A-Z\d]{2,14}(?:[ -]\d{1,5}){0,4})"
    r"(?![A-Za-z\d]|[\-/]\w|\.\d)"
)
# Between the word and the number, the words of the same sentence ("number is", "no.", "#:")
_AFTER_WORD = re.compile(rf"{_WORD}{BETWEEN_WORD_AND_NUMBER}{_NUMBER}")
# A date written as digits, year first or last (a document's number is none)
DATE_DIGITS = re.compile(
    r"(?:19|20)\d\d[ -]?(?:0[1-9]|1[0-2])[ -]?(?:0[1-9]|[12]\d|3[01])"
    r"|(?:0[1-9]|[12]\d|3[01])[ -]?(?:0[1-9]|1[0-2])[ -]?(?:19|20)\d\d"
)
SCORE = 0.6  # the licence word right before it says what the number is


def number_counts(value: str) -> tuple[int, int] | None:
    """A document number's length and digits once its spaces and dashes are gone, or ``None``
    for what is no document's number whatever its length: a date or one character repeated."""
    compact = value.replace(" ", "").replace("-", "")
    if len(set(compact)) <= 1 or (compact.isdigit() and DATE_DIGITS.fullmatch(value)):
        return None
    return len(compact), sum(c.isdigit() for c in compact)


def is_licence_number(value: str) -> bool:
    """Whether ``value`` (as matched: groups joined by spaces or dashes) has the shape of a
    driver's licence number: five to sixteen letters and digits, five digits at least, five
    letters at most; no date and no digit repeated throughout."""
    counts = number_counts(value)
    if counts is None:
        return False
    size, digits = counts
    return 5 <= size <= 16 and digits >= 5 and size - digits <= 5


class DriverLicenseDetector(PatternDetector):
    """A driver's licence number of any country, right after a driver's-licence word."""

    name = "driver_license"
    entities = ("DRIVER_LICENSE",)
    origin = "AAMVA's state layouts and the EU's card numbers, after a driver's-licence word"
    patterns = (
        Pattern(
            "after_word",
            _AFTER_WORD.pattern,
            SCORE,
            keywords=_KEYWORDS,
            group=1,
            positives=(
                "Driver's license: ⟦D1234567⟧ (California)",
                "driver license number ⟦123 456 789⟧, NY",
                "FL driver's license ⟦A123-456-78-901-0⟧",
                "DL# ⟦S53020018⟧ exp 2027",
                "Führerschein-Nr. ⟦B072RRE2I55⟧",
                "numéro du permis de conduire : ⟦123456789012⟧",
                "licencia de conducir ⟦12345678⟧",
            ),
            negatives=(
                "driver's license expires 2027-03-31",
                "driver license 20270331",
                "the driver's license office, suite 1234",
                "driving licence\nticket 12345678",
                "driver version 5.10.2 installed",
                "download DL: v2",
                "driver's license 1111111",
                "driver's license class B",
            ),
            origin="AAMVA DL/ID Card Design Standard, annex D (state numbering)",
        ),
    )

    def detect(self, ctx: ScanContext) -> Iterator[Finding]:
        text = ctx.text
        for m in _AFTER_WORD.finditer(text):
            start, end = m.span(1)
            if is_licence_number(text[start:end]):
                yield Finding("DRIVER_LICENSE", start, end, SCORE, self.name)


def detectors(settings: ScanSettings) -> list[Detector]:
    return [DriverLicenseDetector()]
