"""Korean identifiers: driver's licence numbers (KR_DRIVER_LICENSE, Presidio's name).

A licence number is written ``RR-YY-NNNNNN-CC``: the issuing region's two-digit code (11 Seoul
to 26 Ulsan, 28 northern Gyeonggi), the two-digit year of issue, a six-digit serial and two
check digits whose algorithm is not published. Without a checksum the region code is what
tells a licence from other digit groups: written with dashes or spaces and a known region it
scores 0.5; twelve bare digits count only near a context word ("driver's licence", "운전면허").
"""

from __future__ import annotations

from annexa.detect.builtin._base import RegionDetector, digits_only
from annexa.detect.interface import Detector
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings

# Road Traffic Authority region codes on licences issued before the region name replaced them.
_REGIONS = frozenset({*range(11, 27), 28})
_WORDS = ("driver", "driving", "licence", "license", "운전면허", "면허번호", "면허")


class KrDriverLicenseDetector(RegionDetector):
    """Korean driver's licence numbers (region code, year, serial, check digits)."""

    name = "kr_driver_license"
    entities = ("KR_DRIVER_LICENSE",)
    min_digits = 12
    max_digits = 12
    separators = frozenset({"---", "   ", ""})
    context = _WORDS
    patterns = (
        Pattern(
            "kr_dl_grouped",
            r"(?<![\w\-+./])\d{2}([\- ])\d{2}\1\d{6}\1\d{2}(?![\w]|[\-./]\d)",
            0.5,
            positives=(
                "licence 11-19-204518-31 renewed",
                "면허번호: 23-07-551902-40",
                "(13-21-004417-58)",
            ),
            negatives=(
                "code 99-19-204518-31",
                "11-19-20451-31 and 11-19-204518-3",
                "11-19-204518-311",
                "111-19-204518-31",
            ),
            origin="Korean Road Traffic Authority licence number layout (region-year-serial-check)",
        ),
        Pattern(
            "kr_dl_plain",
            r"(?<![\w\-+./])\d{12}(?![\w]|[\-./]\d)",
            0.2,
            positives=("driver's license 111920451831", "운전면허 230755190240"),
            negatives=("license 991920451831", "order 111920451831 shipped"),
            origin="Korean Road Traffic Authority licence number layout (region-year-serial-check)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        digits = digits_only(value)
        if int(digits[:2]) not in _REGIONS:
            return False
        return None


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in Korean identifier detectors."""
    return [KrDriverLicenseDetector()]
