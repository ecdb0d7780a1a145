"""Australian identifiers: tax file numbers (AU_TFN), Australian Business Numbers (AU_ABN),
Australian Company Numbers (AU_ACN) and Medicare card numbers (AU_MEDICARE).

TFN: eight or nine digits with a weighted mod-11 check (python-stdnum). Written in groups of
three it is confirmed; a bare run also needs a context word ("TFN", "tax file number").

ABN (Australian Business Register): eleven digits, written NN NNN NNN NNN; the first two are
check digits (subtract 1 from the first digit, weights 10, 1, 3, ... 19, modulus 89;
python-stdnum au.abn), so one random number in 89 passes. Written in its groups it is reported
at a medium score (0.5) and confirmed near a context word ("ABN", "Australian business
number"); eleven bare digits count only near one. Near a phone's context word and none of its
own, a grouped match is dropped: "61 412 345 678" is also a mobile number written without "+".

ACN (ASIC): nine digits, written NNN NNN NNN, the last a check digit (weights 8 to 1, modulus
10; python-stdnum au.acn). One random number in ten passes: it counts only near a context word
("ACN", "company number").

Medicare card number (Services Australia): ten digits, often written NNNN NNNNN N: eight digits
of which the first is 2-6, a check digit (weights 1, 3, 7, 9, 1, 3, 7, 9, modulo 10), and the
card's issue number. python-stdnum has no module for it; the check is written here. One random
number in ten passes: it counts only near a context word ("Medicare").
"""

from __future__ import annotations

from stdnum.au import abn, acn, tfn

from annexa.detect.builtin._base import RegionDetector, digits_only, near_phone_word
from annexa.detect.builtin.phone import MOBILE_3_3_3, is_mobile_in
from annexa.detect.context import words_for
from annexa.detect.interface import Detector, ScanContext
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings

_ABN_WORDS = ("abn", "australian business number", "business number")
_ACN_WORDS = ("acn", "australian company number", "company number")
_MEDICARE_WORDS = ("medicare", "medicare card", "medicare number")
_MEDICARE_WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9)


class AuTfnDetector(RegionDetector):
    """Australian TFNs (weighted mod 11)."""

    name = "au_tfn"
    entities = ("AU_TFN",)
    min_digits = 8
    max_digits = 9
    separators = frozenset({"", "  "})
    context = words_for("AU_TFN")
    needs_context = frozenset({"tfn_plain"})
    phone_shaped = True
    patterns = (
        Pattern(
            "tfn_grouped",
            r"(?<![\w\-+./(])\d{3} \d{3} \d{2,3}(?![\w]|[\-./ ]\d)",
            0.3,
            positives=("TFN 876 543 210", "tax file number: 123 456 782.", "id 876 543 210 ok"),
            negatives=("876 543 211", "876 543 2100", "876 543 21 0"),
            origin="ATO (python-stdnum au.tfn)",
        ),
        Pattern(
            "tfn_plain",
            r"(?<![\w\-+./])\d{8,9}(?![\w]|[\-./]\d)",
            0.2,
            positives=("TFN: 876543210", "tax file number 123456782."),
            negatives=("TFN 876543211", "TFN 8765432100", "TFN 1234567"),
            origin="ATO (python-stdnum au.tfn)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return tfn.is_valid(digits_only(value))

    def check(self, ctx: ScanContext, start: int, end: int, pattern: Pattern) -> bool | None:
        """Nine digits 3-3-3 with blanks are also a Spanish, Portuguese, Polish or Czech mobile
        number, one in eleven of which passes the TFN's check: only near a TFN word."""
        value = ctx.text[start:end]
        if not self.validate(value, pattern):
            return False
        if pattern.name != "tfn_grouped" or self.has_context(ctx, start, end):
            return True
        return not is_mobile_in(digits_only(value), MOBILE_3_3_3)


class AuAbnDetector(RegionDetector):
    """Australian Business Numbers (modulus 89 over eleven digits)."""

    name = "au_abn"
    entities = ("AU_ABN",)
    min_digits = 11
    max_digits = 11
    separators = frozenset({"", "   "})
    context = _ABN_WORDS
    needs_context = frozenset({"abn_grouped", "abn_plain"})
    patterns = (
        Pattern(
            "abn_grouped",
            r"(?<![\w\-+./(])\d{2} \d{3} \d{3} \d{3}(?![\w]|[\-./ ]\d)",
            0.5,
            positives=(
                "ABN ⟦87 738 205 164⟧",
                "Supplier 72 406 913 827 invoiced us.",
                "(ABN: 52 159 372 046)",
            ),
            negatives=(
                "ABN 88 738 205 164",
                "87 738 205 1640",
                "87 738 205 164 1",
                "mobile 87 738 205 164",
            ),
            origin="Australian Business Register (python-stdnum au.abn)",
        ),
        Pattern(
            "abn_plain",
            r"(?<![\w\-+./])\d{11}(?![\w]|[\-./]\d)",
            0.2,
            positives=("ABN: ⟦87738205164⟧", "australian business number 72406913827."),
            negatives=("ABN 88738205164", "ABN 877382051640", "ref 87738205164"),
            origin="Australian Business Register (python-stdnum au.abn)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return abn.is_valid(digits_only(value))

    def check(self, ctx: ScanContext, start: int, end: int, pattern: Pattern) -> bool | None:
        """The check digits; a grouped number near a phone word and none of ours: a phone."""
        if not self.validate(ctx.text[start:end], pattern):
            return False
        if pattern.name == "abn_grouped" and not self.has_context(ctx, start, end):
            return not near_phone_word(ctx, start, end, self.context_window)
        return True


class AuAcnDetector(RegionDetector):
    """Australian Company Numbers (modulus 10), only near a context word."""

    name = "au_acn"
    entities = ("AU_ACN",)
    min_digits = 9
    max_digits = 9
    separators = frozenset({"", "  "})
    context = _ACN_WORDS
    needs_context = frozenset({"acn"})
    phone_shaped = True
    patterns = (
        Pattern(
            "acn",
            r"(?<![\w\-+./])(?:\d{3} \d{3} \d{3}|\d{9})(?![\w]|[\-./ ]\d)",
            0.2,
            positives=(
                "ACN ⟦617 382 055⟧",
                "company number: 406913826.",
                "Australian company number (159 372 040)",
            ),
            negatives=(
                "ACN 617 382 056",
                "ACN 6173820550",
                "order 617 382 055",
                "call 406913826",
            ),
            origin="ASIC (python-stdnum au.acn)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return acn.is_valid(digits_only(value))


def medicare_checksum(digits: str) -> bool:
    """Whether ten digits are a Medicare card number: first digit 2-6, the ninth the weighted
    sum (1, 3, 7, 9, 1, 3, 7, 9) of the first eight modulo 10."""
    if len(digits) != 10 or not digits.isdigit() or digits[0] not in "23456":
        return False
    total = sum(int(d) * w for d, w in zip(digits, _MEDICARE_WEIGHTS, strict=False))
    return total % 10 == int(digits[8])


class AuMedicareDetector(RegionDetector):
    """Australian Medicare card numbers (weighted check digit), only near a context word."""

    name = "au_medicare"
    entities = ("AU_MEDICARE",)
    min_digits = 10
    max_digits = 10
    separators = frozenset({"", "  ", "--"})
    context = _MEDICARE_WORDS
    needs_context = frozenset({"medicare"})
    phone_shaped = True
    patterns = (
        Pattern(
            "medicare",
            r"(?<![\w\-+./])[2-6](?:\d{3}([ \-])\d{5}\1\d|\d{9})(?![\w]|[\-./ ]\d)",
            0.2,
            positives=(
                "Medicare ⟦3726 15488 2⟧",
                "medicare card number: 5403821782.",
                "Medicare no. 2917-53605-2",
            ),
            negatives=(
                "Medicare 3726 15487 2",
                "Medicare 1726 15488 2",
                "Medicare 37261548821",
                "invoice 3726154882",
            ),
            origin="Services Australia Medicare card number check digit",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return medicare_checksum(digits_only(value))


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in Australian identifier detectors."""
    return [AuTfnDetector(), AuAbnDetector(), AuAcnDetector(), AuMedicareDetector()]
