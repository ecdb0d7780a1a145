"""French social security numbers (FR_NIR, numéro de sécurité sociale / INSEE).

Fifteen characters: sex, year, month, département (2A/2B for Corsica), commune, order, and a
two-digit key (97 minus the number mod 97), checked with python-stdnum. One random number in 97
passes, so a match that passes is confirmed.
"""

from __future__ import annotations

from stdnum.fr import nir

from annexa.detect.builtin._base import RegionDetector
from annexa.detect.context import words_for
from annexa.detect.interface import Detector
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings


class FrNirDetector(RegionDetector):
    """French NIR numbers, compact or spaced, confirmed by their mod-97 key."""

    name = "fr_nir"
    entities = ("FR_NIR",)
    min_digits = 13
    max_digits = 15
    before = 16
    after = 16
    context = words_for("FR_NIR")
    patterns = (
        Pattern(
            "nir",
            r"(?i)(?<![\w\-+./])[1278] ?\d{2} ?(?:0[1-9]|1[0-2]|[2-9]\d) ?(?:\d{2}|2[AB]) ?\d{3}"
            r" ?\d{3} ?\d{2}(?![\w]|[\-./]\d)",
            0.3,
            positives=(
                "NIR 2 95 10 99 126 111 93",
                "sécurité sociale : 295109912611193",
                "numéro 1 85 05 78 006 084 91 ok",
            ),
            negatives=("2 95 10 99 126 111 94", "395109912611193", "2951099126111930"),
            origin="INSEE (python-stdnum fr.nir)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return nir.is_valid(value.replace(" ", "").upper())


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in French identifier detector."""
    return [FrNirDetector()]
