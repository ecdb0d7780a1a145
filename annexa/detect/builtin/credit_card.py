"""Payment card numbers (CREDIT_CARD): issuer prefix and length, then the Luhn checksum; and
the card's security code (CARD_SECURITY_CODE) after its name.

A number counts only when it stands alone: not inside a longer digit run, not one group of a
longer grouped run (``1234 4111 1111 1111 1111``), and not a run of one repeated digit.

The security code printed on the card (CVV2, CVC2, "Kartenprüfnummer", "cryptogramme visuel";
American Express's "CID" is not read, the word names a customer's or a mail part's id too) is
sensitive authentication data under PCI DSS (requirement 3.3.1.2: never stored
after authorisation, even encrypted), so it must not reach an AI supplier either. Three or four
digits are anything; the code counts only right after one of its names, a few characters on
("CVV 123", "CVC: 0481", "security code is 4821", "Prüfnummer 321").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stdnum import luhn
from stdnum.fr import nir

from annexa.detect.builtin._base import RegionDetector, digits_only
from annexa.detect.builtin._regions import NUM
from annexa.detect.context import words_for
from annexa.detect.interface import Detector, Finding, ScanContext
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
        if not luhn.is_valid(digits):
            return False
        # UATP (an airline's corporate card) shares its shape, fifteen digits led by 1, with a
        # man's French NIR, one in ten of which passes Luhn: such a NIR is a card only near a
        # card word
        return not (
            digits[0] == "1" and nir.is_valid(digits) and not self.has_context(ctx, start, end)
        )


# The security code's names (lower case, for the keyword pass) and, after one, the code: three
# or four digits standing alone, a few words on ("CVV2: 123", "CVC code is 0481"). Not "CID" or
# "CSC" (a customer id, an e-mail's content id, a ticket key's prefix).
_CODE_KEYWORDS = (
    "cvv", "cvc", "security code", "card code", "verification code",
    "prüfnummer", "pruefnummer", "cryptogramme", "código de seguridad", "codice di sicurezza",
    "beveiligingscode",
)  # fmt: skip
_CODE = re.compile(
    r"(?i:(?<![^\W\d_])(?:cvv2?|cvc2?|(?:card[ \t]+)?security[ \t]+code|card[ \t]+code"
    r"|card[ \t]+verification[ \t]+(?:code|value)|(?:karten)?pr(?:ü|ue)fnummer"
    r"|cryptogramme(?:[ \t]+visuel)?|c[oó]digo[ \t]+de[ \t]+seguridad"
    r"|codice[ \t]+di[ \t]+sicurezza|beveiligingscode)(?![^\W\d_]))"
    r"(?:[ \t]*(?:code|number|no\.?|is|:|=|#|\(|\))){0,3}[ \t]*"
    r"(?<![\d])(\d{3,4})(?![\d/.,:-]\d|\d)"
)
CODE_SCORE = 0.6  # the name right before three or four digits says what they are


class CardSecurityCodeDetector(Detector):
    """The security code of a payment card (CVV2, CVC2), right after its name."""

    name = "card_security_code"
    entities = ("CARD_SECURITY_CODE",)
    origin = "PCI DSS sensitive authentication data; the card schemes' names for the code"
    keywords = _CODE_KEYWORDS

    def detect(self, ctx: ScanContext) -> Iterator[Finding]:
        for m in _CODE.finditer(ctx.text):
            yield Finding("CARD_SECURITY_CODE", m.start(1), m.end(1), CODE_SCORE, self.name)


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in payment card detectors."""
    return [CreditCardDetector(), CardSecurityCodeDetector()]
