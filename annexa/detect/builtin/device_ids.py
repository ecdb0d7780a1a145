"""Mobile device identifiers (IMEI): the number a phone is known by to every network it joins,
personal data once linked to its owner (a support ticket, a device inventory, a lost-phone
report).

An IMEI is fifteen digits (3GPP TS 23.003): an eight-digit type allocation code, a six-digit
serial number and a Luhn check digit; written whole or grouped as the phone shows it
(``35-209900-176148-1``, ``35 209900 176148 1``, ``35209900 176148 1``). An IMEISV is sixteen:
the same fourteen and a two-digit software version, without a check digit. Fifteen random
digits pass the Luhn check one time in ten, and a card number is Luhn-checked too, so a number
counts only after the word "IMEI" (or "IMEISV"), in the same sentence a few words on ("IMEI:",
"IMEI number is", "IMEI/MEID"); checked with python-stdnum.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stdnum import imei

from annexa.detect.interface import Detector, Finding, ScanContext
from annexa.detect.pattern import Pattern, PatternDetector
from annexa.settings import ScanSettings

_NUMBER = (
    r"(?<![\w\-./])(\d{15,16}|\d{2}[ \-]\d{6}[ \-]\d{6}[ \-]?\d{1,2}|\d{8}[ \-]\d{6}[ \-]?\d{1,2})"
    r"(?![\w\-]|[./]\d)"
)
_AFTER_WORD = re.compile(rf"(?i:\bimei(sv)?\b)[^\n.!?;\d]{{0,30}}{_NUMBER}")


def valid_imei(value: str, sv: bool) -> bool:
    """Whether ``value`` is an IMEI (fifteen digits, the Luhn check right) or, after the word
    "IMEISV", an IMEISV (sixteen digits)."""
    digits = re.sub(r"[ \-]", "", value)
    if len(digits) == 16:
        return sv
    return len(digits) == 15 and bool(imei.is_valid(digits))


class ImeiDetector(PatternDetector):
    """IMEI numbers of mobile devices, after the word "IMEI"."""

    name = "imei"
    entities = ("IMEI",)
    origin = "3GPP TS 23.003 (IMEI, IMEISV); python-stdnum imei"
    patterns = (
        Pattern(
            "after_word",
            _AFTER_WORD.pattern,
            1.0,  # every match reported is one the check digit confirmed
            keywords=("imei",),
            group=2,
            positives=(
                "IMEI: ⟦35-467812-345678-7⟧",
                "the IMEI number is ⟦354678123456787⟧.",
                "IMEISV ⟦3546781234567801⟧",
            ),
            negatives=(
                "IMEI: 354678123456788",
                "card 354678123456787",
                "IMEI 35467812345678",
                "IMEI lookup failed\n354678123456787",
            ),
            origin="3GPP TS 23.003",
        ),
    )

    def detect(self, ctx: ScanContext) -> Iterator[Finding]:
        for m in _AFTER_WORD.finditer(ctx.text):
            if valid_imei(m.group(2), sv=m.group(1) is not None):
                yield Finding("IMEI", m.start(2), m.end(2), 1.0, self.name, validated=True)


def detectors(settings: ScanSettings) -> list[Detector]:
    return [ImeiDetector()]
