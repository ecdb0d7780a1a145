"""German identifiers: the tax ID (DE_TAX_ID, Steuer-ID) and the identity card number (DE_ID_CARD).

The Steuer-ID is checked with python-stdnum (ISO 7064 mod 11,10 and the digit-repetition rule);
a bare eleven-digit run also needs a context word. The Personalausweis serial (9 characters of a
restricted alphabet and a 7-3-1 check digit, ICAO 9303) has no stdnum module: checked here.
"""

from __future__ import annotations

from stdnum.de import idnr

from annexa.detect.builtin._base import RegionDetector, digits_only
from annexa.detect.builtin._regions import TOKEN
from annexa.detect.context import words_for
from annexa.detect.interface import Detector
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings

_ID_ALPHABET = "CFGHJKLMNPRTVWXYZ0123456789"


def icao_check_digit(value: str) -> int:
    """The ICAO 9303 check digit (weights 7, 3, 1; letters count A=10 ... Z=35)."""
    total = 0
    for i, ch in enumerate(value):
        total += int(ch, 36) * (7, 3, 1)[i % 3]
    return total % 10


class DeTaxIdDetector(RegionDetector):
    """German tax identification numbers (Steueridentifikationsnummer, eleven digits)."""

    name = "de_tax_id"
    entities = ("DE_TAX_ID",)
    min_digits = 11
    max_digits = 11
    separators = frozenset({"", "   "})
    context = words_for("DE_TAX_ID")
    needs_context = frozenset({"idnr_plain"})
    phone_shaped = True
    patterns = (
        Pattern(
            "idnr_grouped",
            r"(?<![\w\-+./])[1-9]\d ?\d{3} ?\d{3} ?\d{3}(?![\w]|[\-./]\d)(?<=\d \d{3})",
            0.3,
            positives=(
                "Steuer-ID 36 574 261 809",
                "IdNr: 86 095 742 719",
                "tax id 36 574 261 809.",
            ),
            negatives=("36 574 261 808", "06 574 261 809", "36 574 261 8099"),
            origin="BZSt (python-stdnum de.idnr)",
        ),
        Pattern(
            "idnr_plain",
            r"(?<![\w\-+./])[1-9]\d{10}(?![\w]|[\-./]\d)",
            0.3,
            positives=("Meine Steuer-ID: 36574261809.", "Steueridentifikationsnummer 86095742719"),
            negatives=("Steuer-ID 36574261808", "Steuer-ID 11111111111", "Steuer-ID 365742618090"),
            origin="BZSt (python-stdnum de.idnr)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return idnr.is_valid(digits_only(value))


class DeIdCardDetector(RegionDetector):
    """German identity card serials (Personalausweis); the check digit confirms them."""

    name = "de_id_card"
    entities = ("DE_ID_CARD",)
    region_kinds = frozenset({TOKEN})
    before = 2
    after = 2
    token_lengths = (9, 9)
    context = words_for("DE_ID_CARD")
    patterns = (
        Pattern(
            "id_card",
            r"(?i)(?<![\w\-])[CFGHJKLMNPRTVWXYZ][CFGHJKLMNPRTVWXYZ0-9]{7}\d(?!\w)",
            0.2,
            positives=(
                "Personalausweis: L01X00T44.",
                "Ausweis Nr. T22000129 gültig",
                "Personalausweis C01X00T41",
                "perso l01x00t44",
            ),
            negatives=("Personalausweis L01X00T47", "Ausweis A01X00T44", "L01X00T4", "C01X00T4X"),
            origin="PAuswV, ICAO 9303 check digits",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        value = value.upper()
        if not value[8].isdigit():
            return False
        if icao_check_digit(value[:8]) == int(value[8]):
            return True
        return None if value[1:].isdigit() else False


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in German identifier detectors."""
    return [DeTaxIdDetector(), DeIdCardDetector()]
