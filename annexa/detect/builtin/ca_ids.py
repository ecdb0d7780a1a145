"""Canadian social insurance numbers (CA_SIN).

Nine digits passing Luhn, first digit not 0 or 8 (python-stdnum). Written in three groups of three
it is confirmed, except a valid mobile number of Spain, Portugal, Poland or Czechia written with
blanks (their usual way: "612 345 678"), which needs a context word ("SIN", "NAS") like a bare
nine-digit run.
"""

from __future__ import annotations

from stdnum.ca import sin

from annexa.detect.builtin._base import RegionDetector, digits_only
from annexa.detect.builtin.phone import MOBILE_3_3_3, is_mobile_in
from annexa.detect.context import words_for
from annexa.detect.interface import Detector, ScanContext
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings


class CaSinDetector(RegionDetector):
    """Canadian SINs (Luhn)."""

    name = "ca_sin"
    entities = ("CA_SIN",)
    min_digits = 9
    max_digits = 9
    separators = frozenset({"", "  ", "--"})
    context = words_for("CA_SIN")
    needs_context = frozenset({"sin_plain"})
    phone_shaped = True
    patterns = (
        Pattern(
            "sin_grouped",
            r"(?<![\w\-+./(])\d{3}([ \-])\d{3}\1\d{3}(?![\w]|[\-./]\d)",
            0.3,
            positives=("SIN 123 456 782", "my SIN is 123-456-782.", "NAS: 123 456 782"),
            negatives=("123 456 783", "046 454 286", "123 456 7820"),
            origin="Service Canada (python-stdnum ca.sin)",
        ),
        Pattern(
            "sin_plain",
            r"(?<![\w\-+./])\d{9}(?![\w]|[\-./]\d)",
            0.2,
            positives=("SIN: 123456782", "social insurance number 123456782."),
            negatives=("SIN 123456783", "SIN 1234567820", "SIN 12345678"),
            origin="Service Canada (python-stdnum ca.sin)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return sin.is_valid(digits_only(value))

    def check(self, ctx: ScanContext, start: int, end: int, pattern: Pattern) -> bool | None:
        """Three groups of three digits with blanks are also how Spain, Portugal, Poland and
        Czechia write mobile numbers ("612 345 678"), one in ten of which passes Luhn: such a
        number is a SIN only near a SIN word."""
        value = ctx.text[start:end]
        if not self.validate(value, pattern):
            return False
        if pattern.name != "sin_grouped" or " " not in value:
            return True
        return self.has_context(ctx, start, end) or not is_mobile_in(
            digits_only(value), MOBILE_3_3_3
        )


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in Canadian identifier detector."""
    return [CaSinDetector()]
