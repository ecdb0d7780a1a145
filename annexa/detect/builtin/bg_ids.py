"""Bulgarian uniform civil numbers (BG_EGN, ЕГН, единен граждански номер).

Закон за гражданската регистрация and Наредба № РД-02-20-9/2012 за функциониране на Единната
система за гражданска регистрация (how the ЕГН is formed, чл. 1, ал. 1, т. 4): ten digits
``YYMMDDSSSC``, the birth date with the century in the month (01-12 born 1900-1999, 21-32 born
1800-1899, 41-52 born 2000-2099), a serial whose last digit gives the sex (even: male) and a
check digit: the first nine digits weighted 2, 4, 8, 5, 10, 9, 7, 3, 6, the sum mod 11, 10
counting as 0. python-stdnum's ``bg.egn`` checks the date and the check digit; a birth date in
the future is refused here.

About one random ten-digit number in 120 passes, and a ten-digit run is as often a phone number
or a timestamp, so an EGN counts only near a context word, in Bulgarian or Latin letters ("ЕГН",
"единен граждански номер", "EGN", "personal number"): the detector runs only in texts that hold
one.
"""

from __future__ import annotations

import datetime

from stdnum.bg import egn
from stdnum.exceptions import ValidationError

from annexa.detect.builtin._base import RegionDetector
from annexa.detect.interface import Detector
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings

BG_WORDS = (
    "егн",
    "е.г.н.",
    "е.г.н",
    "единен граждански номер",
    "единния граждански номер",
    "единният граждански номер",
    "единен граждански №",
    "граждански номер",
    "личен номер",
    "egn",
    "e.g.n.",
    "edinen grazhdanski nomer",
    "uniform civil number",
    "unified civil number",
    "bulgarian personal number",
    "personal number",
    "civil number",
)


def egn_is_valid(value: str) -> bool:
    """Whether ``value`` (ten digits) is a valid EGN: stdnum's date and check digit, and a birth
    date not in the future."""
    if not egn.is_valid(value):
        return False
    try:
        born = egn.get_birth_date(value)
    except ValidationError:  # pragma: no cover - is_valid has read the date
        return False
    return born <= datetime.date.today()


class BgEgnDetector(RegionDetector):
    """Bulgarian uniform civil numbers (ЕГН: date with the century in the month, weighted
    check digit), near a context word."""

    name = "bg_egn"
    entities = ("BG_EGN",)
    min_digits = 10
    max_digits = 10
    separators = frozenset({""})
    context = BG_WORDS
    needs_context = frozenset({"egn"})
    phone_shaped = True
    patterns = (
        Pattern(
            "egn",
            r"(?<![\w\-+./])\d{2}(?:[024][1-9]|[135][0-2])(?:0[1-9]|[12]\d|3[01])\d{4}"
            r"(?![\w]|[\-./]\d)",
            0.3,
            positives=(
                "ЕГН: ⟦8503171231⟧",
                "единен граждански номер 0548150010",
                "EGN 0131127891.",
                "Personal number (EGN): 6605103452",
            ),
            negatives=(
                "ЕГН 8503171232",  # check digit
                "ЕГН 8513171239",  # month 13
                "ЕГН 8533171233",  # month 33
                "ЕГН 3042171239",  # born 2030
                "order 8503171231",  # valid, no context word
                "ЕГН 85031712310",
            ),
            origin=(
                "Закон за гражданската регистрация; Наредба № РД-02-20-9/2012"
                " (python-stdnum bg.egn)"
            ),
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return egn_is_valid(value)


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in Bulgarian identifier detector."""
    return [BgEgnDetector()]
