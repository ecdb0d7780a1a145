"""UK identifiers: National Insurance numbers (UK_NINO) and NHS numbers (UK_NHS).

A NINO has no checksum; the prefix rules (HMRC's never-issued letters and pairs) and the suffix
letter A-D are checked here by hand because python-stdnum has no module for it. NHS numbers are
checked with python-stdnum's modulus 11. Written 3-3-4 they look like North American phone
numbers (one in eleven passes the check): a number that libphonenumber calls a valid US number
counts only near a context word. A bare ten-digit run that passes the check is reported at the
lowest reported score (confirmed only near a context word), unless it is something else a bare
ten-digit run often is: a Unix timestamp in seconds (2001-2036), a phone number written with the
trunk 0, a US phone number, or a record's number (right after "order", "invoice", "ref", "#").
"""

from __future__ import annotations

import phonenumbers
from stdnum.gb import nhs

from annexa.detect.builtin._base import RegionDetector, digits_only
from annexa.detect.builtin._regions import NUM, TOKEN, Region
from annexa.detect.builtin.phone import is_trunk_national
from annexa.detect.context import after_reference_word, words_for
from annexa.detect.interface import Detector, ScanContext
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings

_NOT_ISSUED = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})
_SUFFIXES = frozenset("ABCDabcd")
_UNIX_SECONDS = (978_307_200, 2_114_380_800)  # 2001-01-01 to 2037-01-01, UTC


class UkNinoDetector(RegionDetector):
    """UK National Insurance numbers (two letters, six digits, a suffix letter A-D)."""

    name = "uk_nino"
    entities = ("UK_NINO",)
    region_kinds = frozenset({NUM, TOKEN})
    min_digits = 6
    max_digits = 6
    separators = frozenset({"", "  "})
    before = 6
    after = 4
    token_lengths = (9, 9)
    context = words_for("UK_NINO")
    patterns = (
        Pattern(
            "nino",
            r"(?i)(?<![\w\-])[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D](?!\w)",
            0.5,
            positives=("NI number: AB 12 34 56 C", "nino JG103759A ok", "insurance no ab123456d"),
            negatives=("AB 12 34 56 E", "BG 12 34 56 A", "DQ123456A", "AB12345C"),
            origin="HMRC NIM39110 (prefix rules)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return False if value[:2].upper() in _NOT_ISSUED else None

    def keep(self, text: str, region: Region) -> bool:
        """Two letters before the six digits (a space between allowed), a letter A-D after."""
        start, end = region.start, region.end
        if region.kind == TOKEN:
            return text[start : start + 2].isalpha() and text[start + 2 : end - 1].isdigit()
        if region.digits != self.max_digits:
            return True  # a longer list of numbers: the NINO may sit anywhere inside
        before = text[max(0, start - 3) : start].rstrip(" ")
        after = text[end : end + 2].lstrip(" ")
        return before[-2:].isalpha() and after[:1] in _SUFFIXES


class UkNhsDetector(RegionDetector):
    """NHS numbers (ten digits, modulus 11); phone-like ones only near a context word."""

    name = "uk_nhs"
    entities = ("UK_NHS",)
    min_digits = 10
    max_digits = 10
    separators = frozenset({"", "  ", "--"})
    context = words_for("UK_NHS")
    needs_context = frozenset({"nhs_plain"})
    phone_shaped = True
    patterns = (
        Pattern(
            "nhs_grouped",
            r"(?<![\w\-+./(])\d{3}([ \-])\d{3}\1\d{4}(?![\w]|[\-./]\d)",
            0.3,
            positives=(
                "NHS number 943 476 5919",
                "patient 943-476-5919 seen",
                "nhs no: 401-023-2137",
            ),
            negatives=("NHS 943 476 5918", "NHS 943-476-59190", "NHS 111 111 1111x"),
            origin="NHS Data Dictionary (python-stdnum gb.nhs)",
        ),
        Pattern(
            "nhs_plain",
            r"(?<![\w\-+./])\d{10}(?![\w]|[\-./]\d)",
            0.4,
            positives=("NHS no. 9434765919", "nhs: 4010232137", "NHS number 9434765919."),
            negatives=(
                "NHS 9434765918",
                "nhs 94347659190",
                "nhs 943476591",
                "order 9434765919",
                "ts 1733480016",
            ),
            origin="NHS Data Dictionary (python-stdnum gb.nhs)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        if not nhs.is_valid(digits_only(value)):
            return False
        return None if is_us_phone(value) else True

    def check(self, ctx: ScanContext, start: int, end: int, pattern: Pattern) -> bool | None:
        """A bare run far from a context word: dropped when it is likely something else."""
        value = ctx.text[start:end]
        verdict = self.validate(value, pattern)
        if verdict is False or pattern.name != "nhs_plain" or self.has_context(ctx, start, end):
            return verdict
        if (
            verdict is None
            or _UNIX_SECONDS[0] <= int(value) < _UNIX_SECONDS[1]
            or is_trunk_national(value)
            or after_reference_word(ctx.lower, start)
        ):
            return False
        return verdict


def is_us_phone(value: str) -> bool:
    """Whether libphonenumber calls ``value`` a valid North American number."""
    try:
        return bool(phonenumbers.is_valid_number(phonenumbers.parse(value, "US")))
    except phonenumbers.NumberParseException:
        return False


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in UK identifier detectors."""
    return [UkNinoDetector(), UkNhsDetector()]
