"""International bank account numbers (IBAN_CODE), confirmed by country length and ISO 7064 mod 97.

An IBAN written in groups may be followed by more words; when the longest match fails the
checksum, shorter matches ending at a group boundary are tried.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from stdnum import iban

from annexa.detect.builtin._base import RegionDetector
from annexa.detect.builtin._regions import NUM, TOKEN, Region
from annexa.detect.context import words_for
from annexa.detect.interface import Detector, Finding, ScanContext
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings

_CUT = re.compile(r"[ \-]")


class IbanDetector(RegionDetector):
    """IBANs, compact or in groups of four, validated with python-stdnum."""

    name = "iban"
    entities = ("IBAN_CODE",)
    region_kinds = frozenset({NUM, TOKEN})
    min_digits = 8
    before = 40
    after = 12
    token_lengths = (15, 34)
    context = words_for("IBAN_CODE")
    patterns = (
        Pattern(
            "iban",
            r"(?<![\w\-])[A-Z]{2}\d{2}(?:[ \-]?[A-Z0-9]{4}){2,7}(?:[ \-]?[A-Z0-9]{1,3})?(?!\w)",
            0.3,
            positives=(
                "IBAN DE89370400440532013000 please",
                "to DE89 3704 0044 0532 0130 00 by Friday",
                "account GB82 WEST 1234 5698 7654 32.",
            ),
            negatives=(
                "DE89370400440532013001",
                "XX89370400440532013000",
                "code AB12CDEF34GH",
            ),
            origin="ISO 13616",
        ),
    )

    def wanted(self, ctx: ScanContext) -> list[Region]:
        """Letter-digit tokens (compact IBANs) and digit runs in groups (the tail of a grouped
        IBAN); a plain digit run is never part of one."""
        return [r for r in super().wanted(ctx) if r.kind == TOKEN or _grouped(r)]

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return iban.is_valid(value)

    def _window(
        self, ctx: ScanContext, pattern: Pattern, rx: re.Pattern[str], lo: int, hi: int
    ) -> Iterable[Finding]:
        for m in rx.finditer(ctx.text, lo, hi):
            start = m.start()
            cuts = [start + c.start() for c in _CUT.finditer(m.group())]
            ends = [m.end(), *reversed(cuts)]
            for end in ends:
                if end - start < 15:
                    break
                finding = self.score(ctx, pattern, start, end)
                if finding is not None:
                    yield finding
                    break


def _grouped(region: Region) -> bool:
    return bool(region.seps) and not region.seps.strip(" -")


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in IBAN detector."""
    return [IbanDetector()]
