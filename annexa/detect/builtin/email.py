"""Email addresses (EMAIL_ADDRESS): RFC 5322's common form, a domain with a real-looking TLD."""

from __future__ import annotations

from annexa.detect.builtin._base import RegionDetector
from annexa.detect.builtin._regions import AT
from annexa.detect.context import words_for
from annexa.detect.interface import Detector
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings

_LOCAL = r"[\w%+\-]+(?:\.[\w%+\-]+)*"
_DOMAIN = r"(?:[^\W_](?:[\w\-]{0,61}[^\W_])?\.)+[^\W\d_]{2,24}"


class EmailDetector(RegionDetector):
    """Email addresses; the domain must end in an alphabetic top-level domain."""

    name = "email"
    entities = ("EMAIL_ADDRESS",)
    region_kinds = frozenset({AT})
    before = 64
    after = 190
    context = words_for("EMAIL_ADDRESS")
    patterns = (
        Pattern(
            "address",
            rf"(?<![\w.%+\-]){_LOCAL}@{_DOMAIN}(?![\w\-]|\.[^\W_])",
            0.5,
            positives=(
                "write to jane.doe@example.com today",
                "CC: ops+alerts@mail.example.org",
                "<first_last@sub.example.co.uk>",
            ),
            negatives=(
                "ping @channel now",
                "user@localhost",
                "a.b@c",
                "see foo@bar.123",
            ),
            origin="RFC 5322 (dot-atom form)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        local, _, domain = value.rpartition("@")
        return len(local) <= 64 and len(domain) <= 253


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in email detector."""
    return [EmailDetector()]
