"""UK identifiers: National Insurance numbers (UK_NINO), NHS numbers (UK_NHS), DVLA driver
numbers (UK_DRIVING_LICENCE) and Unique Taxpayer References (UK_UTR).

A NINO has no checksum; the prefix rules (HMRC's never-issued letters and pairs) and the suffix
letter A-D are checked here by hand because python-stdnum has no module for it. NHS numbers are
checked with python-stdnum's modulus 11. Written 3-3-4 they look like North American phone
numbers (one in eleven passes the check): a number that libphonenumber calls a valid US number
counts only near a context word. A bare ten-digit run that passes the check is reported at the
lowest reported score (confirmed only near a context word), unless it is something else a bare
ten-digit run often is: a Unix timestamp in seconds (2001-2036), a phone number written with the
trunk 0, a US phone number, or a record's number (right after "order", "invoice", "ref", "#").

A driver number (GB licences; Northern Ireland's are plain eight-digit numbers, not covered) is
sixteen characters: the first five letters of the surname padded with 9s, the decade digit of the
birth year, the birth month (plus 50 for women: 01-12 or 51-62), the day, the year digit, the
first two initials (9 for none), an arbitrary digit and two check letters; a two-digit issue
number may follow after a space and is not part of the span. The check letters' algorithm is not
published, so the birth date is what is checked (a real day of that month, 29 February only in
a leap year: the century is unknown but 19yy and 20yy agree except in 1900, rare for a driver).
Only about one random sixteen-character upper-case token in two million has this shape, so a bare
match stands at a medium score (0.5, reported) and a context word ("driving licence", "DVLA")
raises it. Upper-case or lower-case, never mixed (a mixed-case token is an identifier in code).
"""

from __future__ import annotations

import calendar

import phonenumbers
from stdnum.gb import nhs, utr

from annexa.detect.builtin._base import RegionDetector, digits_only
from annexa.detect.builtin._regions import NUM, TOKEN, Region
from annexa.detect.builtin.phone import MOBILE_3_3_4, is_mobile_in, is_trunk_national
from annexa.detect.context import after_reference_word, words_for
from annexa.detect.interface import Detector, ScanContext
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings

_NOT_ISSUED = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})
_SUFFIXES = frozenset("ABCDabcd")
_UNIX_SECONDS = (978_307_200, 2_114_380_800)  # 2001-01-01 to 2037-01-01, UTC
_LICENCE_WORDS = (
    "driving licence",
    "driving license",
    "driving licence number",
    "driver number",
    "driver's licence",
    "driver's license",
    "driver licence",
    "licence number",
    "license number",
    "licence",
    "license",
    "dvla",
)


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
        if verdict is False or self.has_context(ctx, start, end):
            return verdict
        if pattern.name == "nhs_grouped":
            # "333 123 4567" is how Italy (Finland, Ireland: "040 …", "083 …") writes its
            # mobiles, in the NHS's 3-3-4 shape (Northern Ireland's 320-399 range too): one in
            # eleven passes modulus 11
            digits = digits_only(value)
            return verdict and not (digits[0] in "03" and is_mobile_in(digits, MOBILE_3_3_4))
        if (
            verdict is None
            or _UNIX_SECONDS[0] <= int(value) < _UNIX_SECONDS[1]
            or is_trunk_national(value)
            or (value[0] == "3" and is_mobile_in(value, ("IT",)))  # an Italian mobile
            or after_reference_word(ctx.lower, start)
        ):
            return False
        return verdict


class UkDrivingLicenceDetector(RegionDetector):
    """DVLA driver numbers (surname, birth date, initials, check letters), by structure."""

    name = "uk_driving_licence"
    entities = ("UK_DRIVING_LICENCE",)
    region_kinds = frozenset({TOKEN})
    # A lower-case number led by a-f is a TOKEN region only from its first g-z letter (up to
    # five characters in): the window reaches back to the word's start.
    token_lengths = (11, 16)
    before = 6
    after = 2
    context = _LICENCE_WORDS
    patterns = (
        Pattern(
            "driver_number",
            r"(?i)(?<![\w\-])[A-Z](?:[A-Z]{4}|[A-Z]{3}9|[A-Z]{2}99|[A-Z]999|9999)"
            r"\d(?:[05][1-9]|[16][0-2])(?:0[1-9]|[12]\d|3[01])\d(?:[A-Z][A-Z9]|99)\d[A-Z]{2}(?!\w)",
            0.5,
            positives=(
                "driving licence ⟦HARRI703127JM9QT⟧ 02",
                "DVLA: ⟦PATEL856219AK9RW⟧.",
                "licence no ⟦LEE99612043R99XZ⟧",
                "⟦brown806125jd9xk⟧",
                "ref ⟦WU999802294PL8MN⟧ ok",
            ),
            negatives=(
                "HARRI713127JM9QT",
                "HARRI703327JM9QT",
                "PATEL854319AK9RW",
                "WU999702297PL8MN",
                "HARR1703127JM9QT",
                "HA9RI703127JM9QT",
                "HARRI703127JM9Q7",
                "HARRI703127JM9QTX",
                "Harri703127jm9qt",
                "HARRI7031279M9QT",
            ),
            origin="DVLA driver number layout (GB photocard licence, field 5)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        if not (value.isupper() or value.islower()):
            return False
        month = int(value[6:8]) % 50
        day = int(value[8:10])
        year = 2000 + int(value[5] + value[10])  # 19yy and 20yy are leap years alike
        return None if day <= calendar.monthrange(year, month)[1] else False

    def keep(self, text: str, region: Region) -> bool:
        """The word holding the region is sixteen characters long."""
        lead, stop = region.start, max(0, region.start - 5)
        while lead > stop and text[lead - 1].isalnum():
            lead -= 1
        return region.end - lead == 16


def is_us_phone(value: str) -> bool:
    """Whether libphonenumber calls ``value`` a valid North American number."""
    try:
        return bool(phonenumbers.is_valid_number(phonenumbers.parse(value, "US")))
    except phonenumbers.NumberParseException:
        return False


class UkUtrDetector(RegionDetector):
    """UK Unique Taxpayer References (HMRC): ten digits, the first a check digit over the other
    nine (weights 6, 7, 8, 9, 10, 5, 4, 3, 2, modulo 11; python-stdnum gb.utr), written whole,
    as 5 + 5 or with a trailing ``K``; one random number in eleven passes, so only near a
    context word ("UTR", "unique taxpayer reference", "self assessment", "HMRC")."""

    name = "uk_utr"
    entities = ("UK_UTR",)
    min_digits = 10
    max_digits = 10
    separators = frozenset({"", " "})
    context = words_for("UK_UTR")
    needs_context = frozenset({"utr"})
    patterns = (
        Pattern(
            "utr",
            r"(?<![\w\-+./])\d{5} ?\d{5}K?(?![\w]|[\-./]\d)",
            0.2,
            positives=("UTR: 2234567890", "my UTR is 22345 67890", "self assessment 2234567890K"),
            negatives=("UTR 1234567890", "order 2234567890", "UTR 22345678901"),
            origin="HMRC Unique Taxpayer Reference (python-stdnum gb.utr)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return utr.is_valid(value.replace(" ", "").rstrip("K"))


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in UK identifier detectors."""
    return [UkNinoDetector(), UkNhsDetector(), UkDrivingLicenceDetector(), UkUtrDetector()]
