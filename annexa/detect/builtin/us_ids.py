"""US identifiers: Social Security numbers (US_SSN), ITINs (US_ITIN), passports (US_PASSPORT),
DEA registration numbers (MEDICAL_LICENSE, Presidio's name for them).

None of them carries a checksum: python-stdnum rejects the impossible ones (area 000, 666 or
9xx for an SSN; the ITIN's reserved middle groups), the format sets the score and context words
raise it. A bare nine-digit number is an SSN only next to words like "SSN"; the ITIN ranges are
the IRS's current ones, written out here because python-stdnum's list predates the 50-65 block.
"""

from __future__ import annotations

from stdnum.us import ssn

from annexa.detect.builtin._base import RegionDetector, digits_only
from annexa.detect.builtin._regions import NUM, TOKEN
from annexa.detect.context import after_reference_word, words_for
from annexa.detect.interface import Detector, ScanContext
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings

_NINE = r"(?<![\w\-+./]){lead}({sep})\d{{2}}\1\d{{4}}(?![\w]|[\-./]\d)"
# IRS: ITIN middle digits 50-65, 70-88, 90-92, 94-99 (python-stdnum predates the 50-65 block).
_ITIN_GROUPS = frozenset([*range(50, 66), *range(70, 89), *range(90, 93), *range(94, 100)])
_PASSPORT_WORDS = ("passport", "reisepass", "passeport", "pasaporte", "passaporto", "paspoort")


class UsSsnDetector(RegionDetector):
    """US Social Security numbers; the dashed form scores higher than a bare or spaced one."""

    name = "us_ssn"
    entities = ("US_SSN",)
    min_digits = 9
    max_digits = 9
    separators = frozenset({"", "--", "  ", ".."})
    context = words_for("US_SSN")
    patterns = (
        Pattern(
            "ssn_dashed",
            r"(?<![\w\-+./])(?!9)\d{3}-\d{2}-\d{4}(?![\w]|[\-./]\d)",
            0.5,
            positives=("SSN: 536-22-1234 on file", "id 078-05-1121.", "(536-22-1234)"),
            negatives=("000-12-3456", "666-12-3456", "call 536-22-12345", "536-00-1234"),
            origin="SSA numbering scheme (python-stdnum us.ssn)",
        ),
        Pattern(
            "ssn_spaced",
            _NINE.format(lead=r"(?!9)\d{3}", sep="[ .]"),
            0.4,
            positives=("social security number 078 05 1121", "SSN: 536.22.1234", "id 132 45 6789"),
            negatives=("ssn 000 00 0000", "ssn 666 12 3456", "SSN 132 45 67890"),
            origin="SSA numbering scheme (python-stdnum us.ssn)",
        ),
        Pattern(
            "ssn_plain",
            _NINE.format(lead=r"(?!9)\d{3}", sep=""),
            0.15,
            positives=("ssn 132456789", "social security: 536221234", "SSN#078051121"),
            negatives=("ssn 000000000", "ssn 666123456", "SSN 1324567890"),
            origin="SSA numbering scheme (python-stdnum us.ssn)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        compact = digits_only(value)
        if len(set(compact)) < 3 or not ssn.is_valid(compact):
            return False
        return None


class UsItinDetector(RegionDetector):
    """US Individual Taxpayer Identification Numbers (9xx-7x/8x/9x-xxxx)."""

    name = "us_itin"
    entities = ("US_ITIN",)
    min_digits = 9
    max_digits = 9
    context = words_for("US_ITIN")
    patterns = (
        Pattern(
            "itin",
            _NINE.format(lead=r"9\d{2}", sep=r"[\- ]"),
            0.5,
            positives=("ITIN 912-70-1234", "taxpayer id 900-53-0000 filed", "itin: 999 88 1234"),
            negatives=("912-69-1234", "ITIN 912-70-12345", "912-93-1234"),
            origin="IRS ITIN format",
        ),
        Pattern(
            "itin_plain",
            _NINE.format(lead=r"9\d{2}", sep=""),
            0.15,
            positives=("ITIN 912701234", "taxpayer id: 900530000."),
            negatives=("ITIN 912691234", "ITIN 9127012345", "itin 812701234"),
            origin="IRS ITIN format",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        digits = digits_only(value)
        return None if digits[0] == "9" and int(digits[3:5]) in _ITIN_GROUPS else False


class UsPassportDetector(RegionDetector):
    """US passport numbers (nine digits, or a letter and eight digits), only near "passport"."""

    name = "us_passport"
    entities = ("US_PASSPORT",)
    region_kinds = frozenset({NUM, TOKEN})
    min_digits = 8
    max_digits = 9
    token_lengths = (9, 9)
    context = words_for("US_PASSPORT")
    patterns = (
        Pattern(
            "passport",
            r"(?<![\w\-])(?:[A-Z]\d{8}|\d{9})(?![\w]|[\-.]\d)",
            0.1,
            keywords=_PASSPORT_WORDS,
            positives=(
                "passport number 912803456",
                "US passport: A12345678",
                "Passport no. C03005988 issued",
            ),
            negatives=("passport 1234567", "passport AB1234567", "passport 1234567890"),
            origin="US Department of State passport book and card numbers",
        ),
    )


# DEA registrant type letters (the first character of a registration number).
_DEA_TYPES = "ABCDEFGHJKLMPRSTUX"
_DEA_WORDS = ("dea", "medical", "license", "licence", "prescriber", "registration", "certificate")


def dea_checksum(value: str) -> bool:
    """DEA's check digit: (d1 + d3 + d5) + 2 * (d2 + d4 + d6), last digit, equals d7."""
    d = [int(c) for c in value[2:]]
    return (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10 == d[6]


class UsDeaDetector(RegionDetector):
    """DEA registration numbers: a registrant-type letter, the registrant's initial (or 9),
    seven digits whose last is a check digit. One random code in ten passes the check, so a
    match is confirmed only near a context word ("DEA", "prescriber", "medical license"...);
    elsewhere it keeps the lowest reported score, and right after a record's reference word
    ("order", "invoice", "ref", "#"...) it is that record's code."""

    name = "us_dea"
    entities = ("MEDICAL_LICENSE",)
    region_kinds = frozenset({TOKEN})
    token_lengths = (9, 9)
    before = 1
    after = 1
    context = _DEA_WORDS
    needs_context = frozenset({"dea"})
    patterns = (
        Pattern(
            "dea",
            rf"(?<![\w\-])[{_DEA_TYPES}][A-Z9]\d{{7}}(?![\w]|[\-.]\d)",
            0.4,
            positives=("DEA number AB1234563", "prescriber: FM2468242.", "DEA# M91357917"),
            negatives=(
                "DEA number AB1234564",
                "DEA ZB1234563",
                "dea AB12345639",
                "DEA A12345678",
                "order AB1234563",
                "invoice #AB1234563",
            ),
            origin="DEA Diversion Control: registration number format and check digit",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return dea_checksum(value)

    def check(self, ctx: ScanContext, start: int, end: int, pattern: Pattern) -> bool | None:
        """The check digit; far from a context word, no record's code either."""
        if not dea_checksum(ctx.text[start:end]):
            return False
        return not after_reference_word(ctx.lower, start) or self.has_context(ctx, start, end)


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in US identifier detectors."""
    return [UsSsnDetector(), UsItinDetector(), UsPassportDetector(), UsDeaDetector()]
