"""Indian identifiers: Aadhaar numbers (IN_AADHAAR) and PAN (IN_PAN).

Aadhaar: twelve digits, first 2-9, Verhoeff check digit (python-stdnum); written in groups of
four it is confirmed, a bare twelve-digit run also needs a context word. PAN: five letters (the
fourth says who holds it), four digits, a letter; no checksum, so it keeps a medium score.
"""

from __future__ import annotations

from stdnum.in_ import aadhaar, pan

from annexa.detect.builtin._base import RegionDetector, digits_only
from annexa.detect.builtin._regions import HEX, NUM, TOKEN
from annexa.detect.context import words_for
from annexa.detect.interface import Detector
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings


class InAadhaarDetector(RegionDetector):
    """Aadhaar numbers (Verhoeff check digit)."""

    name = "in_aadhaar"
    entities = ("IN_AADHAAR",)
    min_digits = 12
    max_digits = 12
    separators = frozenset({"", "  ", "--"})
    region_kinds = frozenset({NUM, HEX})
    context = words_for("IN_AADHAAR")
    needs_context = frozenset({"aadhaar_plain"})
    phone_shaped = True
    patterns = (
        Pattern(
            "aadhaar_grouped",
            r"(?<![\w\-+./:])[2-9]\d{3}([ \-:])\d{4}\1\d{4}(?![\w]|[\-./:]\d)",
            0.3,
            positives=("Aadhaar 2341 2341 2346", "uid: 2341-2341-2346.", "id 2341 2341 2346 ok"),
            negatives=("2341 2341 2347", "1341 2341 2346", "2341 2341 23461"),
            origin="UIDAI (python-stdnum in_.aadhaar)",
        ),
        Pattern(
            "aadhaar_plain",
            r"(?<![\w\-+./])[2-9]\d{11}(?![\w]|[\-./]\d)",
            0.2,
            positives=("My Aadhaar number is 234123412346", "aadhaar: 234123412346."),
            negatives=("aadhaar 234123412347", "aadhaar 134123412346", "aadhaar 2341234123461"),
            origin="UIDAI (python-stdnum in_.aadhaar)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return aadhaar.is_valid(digits_only(value))


class InPanDetector(RegionDetector):
    """Permanent Account Numbers (Indian income tax), by structure."""

    name = "in_pan"
    entities = ("IN_PAN",)
    region_kinds = frozenset({TOKEN, NUM})
    min_digits = 100
    before = 2
    after = 2
    token_lengths = (10, 10)
    context = words_for("IN_PAN")
    patterns = (
        Pattern(
            "pan",
            r"(?<![\w\-])[A-Z]{3}[ABCFGHJLPT][A-Z]\d{4}[A-Z](?!\w)",
            0.5,
            positives=("PAN: ACUPA7085R", "my PAN number is ABBPM4567S.", "pan AAACB1234C ok"),
            negatives=("ACUXA7085R", "ACUPA708R", "acupa7085r1"),
            origin="Income Tax Department (python-stdnum in_.pan)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return None if pan.is_valid(value) else False


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in Indian identifier detectors."""
    return [InAadhaarDetector(), InPanDetector()]
