"""Croatian personal identification numbers (HR_OIB, osobni identifikacijski broj).

Zakon o osobnom identifikacijskom broju (NN 60/08) and the Ministry of Finance's Pravilnik o
osobnom identifikacijskom broju: eleven digits, ten chosen at random and a check digit by ISO
7064 MOD 11,10; python-stdnum's ``hr.oib`` checks it. The number holds no personal data and one
random number in ten passes, so an OIB counts only near a context word ("OIB", "osobni
identifikacijski broj", "Croatian personal identification number"; not the English words
alone, which name a Polish PESEL as often): the detector runs only in texts that hold one. A
number written with the country prefix (``HR 12345678903``) is a VAT number, left to
``vat_id``.
"""

from __future__ import annotations

import re

from stdnum.hr import oib

from annexa.detect.builtin._base import RegionDetector
from annexa.detect.interface import Detector, ScanContext
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings

HR_WORDS = (
    "oib",
    "o.i.b.",
    "oib-a",
    "oib-om",
    "osobni identifikacijski broj",
    "osobnog identifikacijskog broja",
    "osobnim identifikacijskim brojem",
    "identifikacijski broj",
    "croatian personal identification number",
    "croatian id",
)
# The VAT number's country prefix right before the digits: "HR 12345678903", "HR-12345678903".
_VAT_PREFIX = re.compile(r"(?<![^\W\d_])hr[ \-]?$")


class HrOibDetector(RegionDetector):
    """Croatian OIB numbers (ISO 7064 MOD 11,10), near a context word."""

    name = "hr_oib"
    entities = ("HR_OIB",)
    min_digits = 11
    max_digits = 11
    separators = frozenset({""})
    context = HR_WORDS
    needs_context = frozenset({"oib"})
    phone_shaped = True
    patterns = (
        Pattern(
            "oib",
            r"(?<![\w\-+./])\d{11}(?![\w]|[\-./]\d)",
            0.2,
            positives=(
                "OIB: ⟦85031712347⟧",
                "osobni identifikacijski broj 69028134575",
                "Moj OIB je 40112233442.",
                "Croatian personal identification number 98765432106",
            ),
            negatives=(
                "OIB: 85031712348",  # check digit
                "OIB 8503171234",  # ten digits
                "OIB 850317123470",  # twelve digits
                "order 85031712347",  # valid, no context word
                "OIB: HR 85031712347",  # the VAT number's form
            ),
            origin="Zakon o osobnom identifikacijskom broju, NN 60/08 (python-stdnum hr.oib)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return oib.is_valid(value)

    def check(self, ctx: ScanContext, start: int, end: int, pattern: Pattern) -> bool | None:
        """The digits after the country prefix "HR" are a VAT number's: dropped."""
        if _VAT_PREFIX.search(ctx.lower, max(0, start - 3), start):
            return False
        return self.validate(ctx.text[start:end], pattern)


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in Croatian identifier detector."""
    return [HrOibDetector()]
