"""Payment card numbers (CREDIT_CARD): issuer prefix and length, then the Luhn checksum.

A number counts only when it stands alone: not inside a longer digit run, not one group of a
longer grouped run (``1234 4111 1111 1111 1111``), and not a run of one repeated digit.
"""

from __future__ import annotations

import re

from stdnum import luhn

from annexa.detect.builtin._base import RegionDetector, digits_only
from annexa.detect.builtin._regions import NUM
from annexa.detect.context import words_for
from annexa.detect.interface import Detector, ScanContext
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings

# (prefix ranges, allowed lengths): Visa, Mastercard, Amex, Discover, Diners, JCB, UnionPay,
# Maestro, UATP; from the issuers' published IIN ranges.
_ISSUERS: tuple[tuple[tuple[tuple[int, int], ...], frozenset[int]], ...] = (
    (((4, 4),), frozenset({13, 16, 19})),
    (((51, 55), (2221, 2720)), frozenset({16})),
    (((34, 34), (37, 37)), frozenset({15})),
    (((6011, 6011), (644, 649), (65, 65)), frozenset({16, 17, 18, 19})),
    (((300, 305), (36, 36), (38, 39)), frozenset({14, 15, 16})),
    (((35, 35),), frozenset({16, 17, 18, 19})),
    (((1800, 1800), (2131, 2131)), frozenset({15})),
    (((62, 62),), frozenset({16, 17, 18, 19})),
    (((50, 50), (56, 69)), frozenset(range(12, 20))),
    (((1, 1),), frozenset({15})),
)
_GROUP_BEFORE = re.compile(r"(?:^|\s)\d{1,6} $")
_GROUP_AFTER = re.compile(r" \d{1,6}(?:\s|$)")


def has_issuer(digits: str) -> bool:
    """Whether ``digits`` starts with a known issuer prefix and has that issuer's length."""
    for ranges, lengths in _ISSUERS:
        if len(digits) not in lengths:
            continue
        for low, high in ranges:
            width = len(str(low))
            if low <= int(digits[:width]) <= high:
                return True
    return False


def is_one_group_of_more(text: str, start: int, end: int) -> bool:
    """Whether the space-grouped number at ``[start, end)`` is part of a longer run of digit
    groups (``1234 4111 1111 1111 1111``). Other separators are excluded by the rule itself."""
    if " " not in text[start:end]:
        return False
    before = text[max(0, start - 8) : start]
    after = text[end : end + 8]
    return bool(_GROUP_BEFORE.search(before) or _GROUP_AFTER.match(after))


class CreditCardDetector(RegionDetector):
    """Payment card numbers, plain or in groups, confirmed by issuer range and Luhn."""

    name = "credit_card"
    entities = ("CREDIT_CARD",)
    region_kinds = frozenset({NUM})
    min_digits = 12
    max_digits = 30
    context = words_for("CREDIT_CARD")
    patterns = (
        Pattern(
            "card",
            r"(?<![\w.,+\-/])(?:\d{4}([ \-])\d{4}\1\d{4}\1\d{1,4}(?:\1\d{3})?"
            r"|\d{4}([ \-])\d{6}\2\d{4,5}|\d{12,19})(?!\w|[.,\-/]\d)",
            0.3,
            positives=(
                "card 4111 1111 1111 1111 exp 12/30",
                "paid with 5555-5555-5555-4444.",
                "amex 378282246310005",
            ),
            negatives=(
                "order 4111111111111112",
                "ref 94111111111111111111",
                "1234 4111 1111 1111 1111",
                "tx 1111111111111111",
            ),
            origin="ISO/IEC 7812 (IIN ranges, Luhn)",
        ),
    )

    def check(self, ctx: ScanContext, start: int, end: int, pattern: Pattern) -> bool | None:
        text = ctx.text
        if is_one_group_of_more(text, start, end):
            return False
        digits = digits_only(text[start:end])
        if len(set(digits)) < 2 or not has_issuer(digits):
            return False
        return luhn.is_valid(digits)


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in payment card detector."""
    return [CreditCardDetector()]
