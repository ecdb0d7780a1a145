"""Polish personal numbers (PL_PESEL).

Eleven digits: birth date (the month carries the century), serial, sex and a check digit; python
-stdnum checks the date and the digit. About one random eleven-digit number in fifty passes, so a
bare PESEL needs a context word such as "PESEL".
"""

from __future__ import annotations

from stdnum.pl import pesel

from annexa.detect.builtin._base import RegionDetector
from annexa.detect.context import words_for
from annexa.detect.interface import Detector
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings


class PlPeselDetector(RegionDetector):
    """Polish PESEL numbers (valid birth date and check digit), near a context word."""

    name = "pl_pesel"
    entities = ("PL_PESEL",)
    min_digits = 11
    max_digits = 11
    separators = frozenset({""})
    context = words_for("PL_PESEL")
    needs_context = frozenset({"pesel"})
    phone_shaped = True
    patterns = (
        Pattern(
            "pesel",
            r"(?<![\w\-+./])\d{2}(?:[02468][1-9]|[13579][012])(?:0[1-9]|[12]\d|3[01])\d{5}"
            r"(?![\w]|[\-./]\d)",
            0.3,
            positives=("PESEL 44051401359", "My pesel is 02070803628.", "numer PESEL: 44051401359"),
            negatives=("PESEL 44051401358", "PESEL 44131401359", "PESEL 440514013590"),
            origin="Ustawa o ewidencji ludności (python-stdnum pl.pesel)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return pesel.is_valid(value)


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in Polish identifier detector."""
    return [PlPeselDetector()]
