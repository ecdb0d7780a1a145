"""Thai national identification numbers (TH_TNIN, เลขประจำตัวประชาชน).

Thirteen digits, written ``N-NNNN-NNNNN-NN-N``: the kind of person (1 to 8), the registering
office (four digits, province first), a serial and a check digit (weights 13 down to 2, modulus
11; python-stdnum th.pin, which also rejects a first digit of 0 or 9). Written in its five dash-
or space-separated groups a number that passes is confirmed: that layout is the card's own. One
random number in ten passes, so thirteen bare digits count only near a context word
("เลขประจำตัวประชาชน", "บัตรประชาชน", "Thai ID", "national ID"). Thai puts no space between
words, so the Thai context words match anywhere and the rules (ASCII mode) let Thai letters touch
a number.
"""

from __future__ import annotations

import re

from stdnum.th import pin

from annexa.detect.builtin._base import RegionDetector, digits_only
from annexa.detect.interface import Detector
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings

_WORDS = (
    "เลขประจำตัวประชาชน",
    "บัตรประชาชน",
    "บัตรประจำตัวประชาชน",
    "thai id",
    "national id",
    "id card",
    "tnin",
    "citizen id",
    "personal identification number",
)


class ThTninDetector(RegionDetector):
    """Thai national ID numbers (check digit); bare ones only near a context word."""

    name = "th_tnin"
    entities = ("TH_TNIN",)
    min_digits = 13
    max_digits = 13
    separators = frozenset({"----", "    ", ""})
    context = _WORDS
    needs_context = frozenset({"tnin_plain"})
    patterns = (
        Pattern(
            "tnin_grouped",
            r"(?<![\w\-+./])[1-8]([\- ])\d{4}\1\d{5}\1\d{2}\1\d(?![\w]|[\-./]\d)",
            0.3,
            positives=(
                "⟦1-1007-00123-45-5⟧",
                "บัตรประชาชน 3 1010 00456 78 5",
                "id 5-1005-01234-56-0.",
            ),
            negatives=(
                "1-1007-00123-45-6",
                "0-1007-00123-45-5",
                "9-1007-00123-45-5",
                "1-1007-00123-45-55",
                "1-1007-00123 45-5",
                "11-1007-00123-45-5",
            ),
            origin="Thai Civil Registration Act (python-stdnum th.pin)",
            flags=re.ASCII,
        ),
        Pattern(
            "tnin_plain",
            r"(?<![\w\-+./])[1-8]\d{12}(?![\w]|[\-./]\d)",
            0.2,
            positives=(
                "เลขประจำตัวประชาชน ⟦1100700123455⟧",
                "Thai ID: 3101000456785.",
                "เลขประจำตัวประชาชนของฉันคือ 5100501234560",
            ),
            negatives=(
                "1100700123455",
                "order 3101000456785",
                "Thai ID 1100700123456",
                "national id 9100700123455",
                "thai id 11007001234550",
            ),
            origin="Thai Civil Registration Act (python-stdnum th.pin)",
            flags=re.ASCII,
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return pin.is_valid(digits_only(value))


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in Thai identifier detector."""
    return [ThTninDetector()]
