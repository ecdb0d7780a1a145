"""Australian tax file numbers (AU_TFN).

Eight or nine digits with a weighted mod-11 check (python-stdnum). Written in groups of three it
is confirmed; a bare run also needs a context word ("TFN", "tax file number").
"""

from __future__ import annotations

from stdnum.au import tfn

from annexa.detect.builtin._base import RegionDetector, digits_only
from annexa.detect.context import words_for
from annexa.detect.interface import Detector
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings


class AuTfnDetector(RegionDetector):
    """Australian TFNs (weighted mod 11)."""

    name = "au_tfn"
    entities = ("AU_TFN",)
    min_digits = 8
    max_digits = 9
    separators = frozenset({"", "  "})
    context = words_for("AU_TFN")
    needs_context = frozenset({"tfn_plain"})
    phone_shaped = True
    patterns = (
        Pattern(
            "tfn_grouped",
            r"(?<![\w\-+./(])\d{3} \d{3} \d{2,3}(?![\w]|[\-./ ]\d)",
            0.3,
            positives=("TFN 876 543 210", "tax file number: 123 456 782.", "id 876 543 210 ok"),
            negatives=("876 543 211", "876 543 2100", "876 543 21 0"),
            origin="ATO (python-stdnum au.tfn)",
        ),
        Pattern(
            "tfn_plain",
            r"(?<![\w\-+./])\d{8,9}(?![\w]|[\-./]\d)",
            0.2,
            positives=("TFN: 876543210", "tax file number 123456782."),
            negatives=("TFN 876543211", "TFN 8765432100", "TFN 1234567"),
            origin="ATO (python-stdnum au.tfn)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return tfn.is_valid(digits_only(value))


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in Australian identifier detector."""
    return [AuTfnDetector()]
