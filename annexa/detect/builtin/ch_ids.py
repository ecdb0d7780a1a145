"""Swiss identifiers: the social security number (CH_AHV, AHV-Nummer / numéro AVS / numero AVS,
AHVN13).

The AHV number (AHVG Art. 50c; its layout in AHVV Art. 133; issued by the Zentrale
Ausgleichsstelle ZAS) is thirteen digits: the country code 756 (ISO 3166-1 numeric), nine digits
that say nothing about the person, and a check digit (EAN-13). It is written
``756.XXXX.XXXX.XC`` (the form printed on the health insurance card and the AHV certificate),
sometimes with spaces or dashes instead of the dots, or bare. python-stdnum's ``ch.ssn`` checks
the prefix, the length and the check digit.

The prefix and the length alone leave one thirteen-digit number in a thousand, the check digit
one in ten of those: no payment card, phone number or timestamp is written ``756.`` and three
more groups of that shape, so a grouped number is confirmed without a context word. A bare run
is confirmed too (a millisecond timestamp starts with 1, no card issuer's range starts with 75),
except right after a record's reference word ("order", "invoice", "#"), where it is dropped
unless a context word ("AHV", "AVS", "Sozialversicherungsnummer") is near. A run that belongs to
a longer one (a card number's groups, an IBAN's digits, a phone number after its ``+``) is none.
"""

from __future__ import annotations

from stdnum.ch import ssn

from annexa.detect.builtin._base import RegionDetector, digits_only
from annexa.detect.builtin._regions import Region
from annexa.detect.context import after_reference_word
from annexa.detect.interface import Detector, ScanContext
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings

CH_AHV_CONTEXT = (
    "ahv",
    "ahv-nr",
    "ahv-nummer",
    "ahvn13",
    "ahv-versichertennummer",
    "ahv/iv",
    "versichertennummer",
    "sozialversicherungsnummer",
    "sv-nummer",
    "avs",
    "avs/ai",
    "no avs",
    "n° avs",
    "numéro avs",
    "numero avs",
    "numéro d'assuré",
    "numero d'assicurato",
    "numéro de sécurité sociale",
    "numero di sicurezza sociale",
    "social security",
    "social security number",
    "swiss social security",
    "oasi",
)
_ORIGIN = "AHVG Art. 50c, AHVV Art. 133 (ZAS): 756, nine digits, EAN-13 (python-stdnum ch.ssn)"


class ChAhvDetector(RegionDetector):
    """Swiss AHV / AVS numbers (756, nine digits, EAN-13 check digit)."""

    name = "ch_ahv"
    entities = ("CH_AHV",)
    min_digits = 13
    max_digits = 13
    separators = frozenset({"", "...", "   ", "---"})
    context = CH_AHV_CONTEXT
    patterns = (
        Pattern(
            "ahv_grouped",
            r"(?<![\w\-+./])(?<!\d )756([. \-])\d{4}\1\d{4}\1\d{2}(?!\w|[\-./]\d| \d)",
            0.5,
            positives=(
                "AHV-Nr. ⟦756.1234.5678.97⟧",
                "numéro AVS : 756.9876.5432.17.",
                "Versichertennummer 756 4444 5555 62 laut Ausweis",
                "⟦756-1111-2222-39⟧",
                "ref 756.0000.1234.59",
            ),
            negatives=(
                "AHV 756.1234.5678.98",  # wrong check digit
                "755.1234.5678.95",  # not Switzerland's 756
                "756.1234.5678.9",
                "756.1234.5678.970",
                "4111 756 1234 5678 97",  # inside a longer run of groups
                "v1.756.1234.5678.97",
            ),
            origin=_ORIGIN,
        ),
        Pattern(
            "ahv_plain",
            r"(?<![\w\-+./])756\d{10}(?![\w]|[\-./]\d)",
            0.5,
            positives=(
                "AHVN13: ⟦7561234567897⟧",
                "my AVS number is 7569876543217",
                "Person 7564444555562 erfasst",
                "order 7561234567897 (AHV)",
            ),
            negatives=(
                "AHV 7561234567898",  # wrong check digit
                "7551234567895",
                "75612345678970",
                "+7561234567897",
                "order 7561234567897 shipped",  # a record's number
                "CH9300762011623852957",
            ),
            origin=_ORIGIN,
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return ssn.is_valid(digits_only(value))

    def check(self, ctx: ScanContext, start: int, end: int, pattern: Pattern) -> bool | None:
        """A bare run right after a record's reference word is that record's number, unless a
        context word is near."""
        if not self.validate(ctx.text[start:end], pattern):
            return False
        if pattern.name == "ahv_plain" and after_reference_word(ctx.lower, start):
            return self.has_context(ctx, start, end)
        return True

    def keep(self, text: str, region: Region) -> bool:
        """The country code 756 is in the region."""
        return "756" in text[region.start : region.end]


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in Swiss identifier detector."""
    return [ChAhvDetector()]
