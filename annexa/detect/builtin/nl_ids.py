"""Dutch citizen service numbers (NL_BSN, burgerservicenummer).

Nine digits passing the "elfproef" (weighted sum mod 11), checked with python-stdnum. One random
nine-digit number in eleven passes, so a BSN is reported only near a context word such as "BSN".
"""

from __future__ import annotations

from stdnum.nl import bsn

from annexa.detect.builtin._base import RegionDetector, digits_only
from annexa.detect.context import words_for
from annexa.detect.interface import Detector
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings


class NlBsnDetector(RegionDetector):
    """Dutch BSN numbers (elfproef), near a context word."""

    name = "nl_bsn"
    entities = ("NL_BSN",)
    min_digits = 9
    max_digits = 9
    separators = frozenset({"", "  ", ".."})
    context = words_for("NL_BSN")
    needs_context = frozenset({"bsn"})
    phone_shaped = True
    patterns = (
        Pattern(
            "bsn",
            r"(?<![\w\-+./])\d{4}([ .]?)\d{2}\1\d{3}(?![\w]|[\-./]\d)",
            0.2,
            positives=("BSN 111222333", "burgerservicenummer: 1112.22.333", "bsn 123456782."),
            negatives=("BSN 111222334", "BSN 1112223330", "bsn 11122233"),
            origin="Wet algemene bepalingen burgerservicenummer (python-stdnum nl.bsn)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return bsn.is_valid(digits_only(value))


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in Dutch identifier detector."""
    return [NlBsnDetector()]
