"""Danish identifiers: the CPR number (DK_CPR, CPR-nummer, personnummer).

The personnummer (CPR-loven, lov om Det Centrale Personregister; CPR-kontoret) is ten digits
``DDMMYY-SSSS``: the birth date and a four-digit serial whose first digit, with the year, gives the
century (0-3: the 1900s; 4 and 9: the 2000s up to year 36, else the 1900s; 5-8: the 2000s up to year
57, else the 1800s). It is written with the dash, bare, or now and then with a space. The modulus-11
check of the serial was given up in 2007, when the numbers that pass it ran out for some birth dates
(CPR-kontoret, "Personnumre uden kontrolciffer"): a number need not pass it, so nothing but the date
is checked, with python-stdnum's ``dk.cpr.get_birth_date`` (the date with its century, not in the
future).

A valid date leaves about one ten-digit number in thirty, so a number counts only near a
context word ("CPR", "CPR-nr.", "personnummer"): the detector is keyword-gated and costs nothing
in other texts. The same shape is read by the Finnish henkilötunnus (``DDMMYY-NNNC``) and, with
the date the other way round, by the Swedish personnummer (``YYMMDD-NNNC``), both in
:mod:`.nordic_ids`. Near a Danish context word (CPR and its spellings) the number is a CPR: it is
confirmed, and a confirmed CPR wins its span over an equally confirmed Finnish or Swedish reading
(:func:`~annexa.detect.overlap.rank` orders equal findings by entity). "Personnummer" is the
Swedish word too: near it and no Danish word, a number that is also a valid Swedish personnummer
(date and Luhn digit) is left to the Swedish reading (kept unconfirmed, at the context score).
"""

from __future__ import annotations

import datetime

from stdnum.dk import cpr
from stdnum.exceptions import ValidationError

from annexa.detect.builtin._base import RegionDetector, digits_only
from annexa.detect.builtin.nordic_ids import personnummer_is_valid
from annexa.detect.interface import Detector, ScanContext
from annexa.detect.pattern import Pattern, context_rx, near_words
from annexa.settings import ScanSettings

# Words that name only the Danish number.
DK_CPR_WORDS = (
    "cpr",
    "cpr-nr",
    "cpr nr",
    "cprnr",
    "cpr-nummer",
    "cpr-nummeret",
    "cpr nummer",
    "cprnummer",
    "cpr-no",
    "cpr no",
    "cpr number",
    "cpr-number",
    "cpr-registret",
    "det centrale personregister",
    "personnummeret",
    "sundhedskort",
    "sundhedskortet",
    "sygesikringsbevis",
    "sygesikringskort",
    "danish id",
    "danish personal id",
    "danish personal identification number",
    "civil registration number",
    "civil registration system",
)
# Words that name the Swedish (or Norwegian) number as well.
SHARED_WORDS = (
    "personnummer",
    "personnr",
    "person nr",
    "person nummer",
    "personal number",
    "personal identification number",
)
DK_CPR_CONTEXT = DK_CPR_WORDS + SHARED_WORDS
_DANISH = context_rx(DK_CPR_WORDS)
_ORIGIN = "CPR-loven, CPR-kontoret (python-stdnum dk.cpr: the date and century only)"


def cpr_birth_date(value: str) -> datetime.date | None:
    """The birth date of a CPR number (century from the serial's first digit), or ``None`` when
    the digits hold no date or one in the future."""
    try:
        born = cpr.get_birth_date(digits_only(value))
    except ValidationError:
        return None
    return born if born <= datetime.date.today() else None


class DkCprDetector(RegionDetector):
    """Danish CPR numbers (a valid birth date with its century), near a context word."""

    name = "dk_cpr"
    entities = ("DK_CPR",)
    min_digits = 10
    max_digits = 10
    separators = frozenset({"", "-", " "})
    context = DK_CPR_CONTEXT
    needs_context = frozenset({"cpr"})
    patterns = (
        Pattern(
            "cpr",
            r"(?<![\w\-+./])(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2}[- ]?\d{4}"
            r"(?!\w|[\-./]\d| \d)",
            0.3,
            positives=(
                "CPR-nr.: ⟦010180-1234⟧",
                "Mit CPR-nummer er 2512903452.",
                "cpr 150372 4321",
                "CPR number ⟦311299-5876⟧ (born 1899)",
                "Personnummer: 070707-0707",
            ),
            negatives=(
                "CPR 320180-1234",  # day 32
                "CPR 011380-1234",  # month 13
                "CPR 290201-1234",  # 29 February 1901
                "CPR 010136-4234",  # serial 4, year 36: 2036, not born yet
                "ref 010180-1234",  # no context word
                "CPR 010180-12345",
                "CPR 010180/1234",
            ),
            origin=_ORIGIN,
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return cpr_birth_date(value) is not None

    def check(self, ctx: ScanContext, start: int, end: int, pattern: Pattern) -> bool | None:
        """A valid date; near only a word the Swedish number shares, a valid Swedish
        personnummer is left to the Swedish reading."""
        value = ctx.text[start:end]
        if not self.validate(value, pattern):
            return False
        if " " in value or near_words(_DANISH, ctx.lower, start, end, self.context_window):
            return True
        return None if personnummer_is_valid(value) else True


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in Danish identifier detector."""
    return [DkCprDetector()]
