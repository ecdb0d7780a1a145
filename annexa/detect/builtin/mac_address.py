"""MAC addresses (MAC_ADDRESS): six hex pairs joined by colons or dashes, or Cisco's dotted form."""

from __future__ import annotations

from annexa.detect.builtin._base import RegionDetector
from annexa.detect.builtin._regions import HEX, NUM
from annexa.detect.context import words_for
from annexa.detect.interface import Detector
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings

_H = "[0-9A-Fa-f]"


class MacAddressDetector(RegionDetector):
    """IEEE 802 MAC addresses; an all-digit one is reported only near a context word."""

    name = "mac_address"
    entities = ("MAC_ADDRESS",)
    region_kinds = frozenset({NUM, HEX})
    min_digits = 6
    max_digits = 12
    separators = frozenset({"---", "----", "-----", ".", ".."})
    context = words_for("MAC_ADDRESS")
    patterns = (
        Pattern(
            "mac",
            rf"(?<![\w:.\-])(?:{_H}{{2}}([:\-]){_H}{{2}}(?:\1{_H}{{2}}){{4}}"
            rf"|{_H}{{4}}\.{_H}{{4}}\.{_H}{{4}})(?![\w:\-]|\.\w)",
            0.3,
            positives=(
                "adapter 00:1A:2B:3C:4D:5E is up",
                "hw addr 02-00-5e-10-00-00",
                "interface 0200.5e10.00ff",
            ),
            negatives=(
                "at 12:30:45:10 today",
                "hash 00:1A:2B:3C:4D",
                "00:1A-2B:3C:4D:5E mixed",
                "broadcast FF:FF:FF:FF:FF:FF",
            ),
            origin="IEEE 802 (EUI-48)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        if len(set(value.upper()) - set(":-.")) == 1:
            return False  # broadcast or all-zero: a placeholder, nobody's device
        if any(c.isalpha() for c in value):
            return True
        return None


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in MAC address detector."""
    return [MacAddressDetector()]
