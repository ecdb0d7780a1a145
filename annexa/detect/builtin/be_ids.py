"""Belgian national register numbers (BE_NATIONAL_NUMBER): the Rijksregisternummer / numéro de
registre national / Nationalregisternummer, which is also the social security number (INSZ /
NISS / ENSS) of a resident, and the BIS number of a non-resident known to social security.

Wet van 8 augustus 1983 tot regeling van een Rijksregister van de natuurlijke personen, art. 2;
the Rijksregister's instruction IT000 (Rijksregisternummer): eleven digits ``YYMMDD SSS CC``, the
birth date (00 for an unknown month or day, and month and day 00 when a date's serials run out),
a serial (odd for men, even for women) and a check number, 97 less the first nine digits modulo
97 -- for someone born in 2000 or later, the first nine digits led by a 2. A BIS number (Wet van
15 januari 1990 houdende oprichting en organisatie van een Kruispuntbank van de sociale
zekerheid, art. 8) has the same layout with 20 (sex unknown) or 40 (sex known) added to the
month. python-stdnum's ``be.ssn`` (``be.nn`` and ``be.bis``) checks the check number, both
centuries and the month; the day must be 00-31 besides (stdnum reads a larger day as unknown,
which the instruction never writes when the month is known).

The eID card prints it ``YY.MM.DD-SSS.CC``: that layout is seen nowhere else, so a number in it
that passes the check is confirmed alone, and so is one written in the 6-3-2 groups people copy
it in (``YYMMDD-SSS-CC``, ``YYMMDD SSS CC``), a layout phone numbers do not take. That one is
still ``phone_shaped`` (near a phone's word and none of its own, it is not confirmed) and right
after a record's reference word ("order", "ref", "#") it is dropped unless a context word is
near. About one random eleven-digit run in 600 passes the month, the day and the check, but bare
eleven-digit runs are common (order numbers, phone numbers with their country code), so a bare
run, or one in five spaced groups (``YY MM DD SSS CC``), counts only near a context word
("rijksregisternummer", "INSZ", "NISS", "numéro national"...); those two rules run only in a text
holding one.
"""

from __future__ import annotations

import re

from stdnum.be import ssn

from annexa.detect.builtin._base import RegionDetector, context_keywords, digits_only
from annexa.detect.builtin._regions import Region
from annexa.detect.context import after_reference_word
from annexa.detect.interface import Detector, ScanContext
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings

BE_CONTEXT = (
    "rijksregisternummer",
    "rijksregisternr",
    "rijksregister",
    "identificatienummer van het rijksregister",
    "registre national",
    "numéro de registre national",
    "numero de registre national",
    "numéro national",
    "numero national",
    "nationalregisternummer",
    "nationalregister",
    "nationalnummer",
    "national number",
    "national register number",
    "national registry number",
    "national registration number",
    "belgian national number",
    "insz",
    "insz-nummer",
    "niss",
    "enss",
    "ssin",
    "identificatienummer van de sociale zekerheid",
    "numéro d'identification de la sécurité sociale",
    "sociale zekerheid",
    "sécurité sociale",
    "securite sociale",
    "social security",
    "bis-nummer",
    "bisnummer",
    "bis number",
    "numéro bis",
    "numero bis",
    "rrn",
)
# What the keyword pass looks for before the context-only rules run (as the scanner reads
# the text: normalised, lower case); every context word holds one.
_KEYWORDS = context_keywords(BE_CONTEXT)
_KEYWORD_SET = frozenset(_KEYWORDS)
_ORIGIN = (
    "Wet van 8 augustus 1983 (Rijksregister), art. 2; Rijksregister IT000; Wet van 15 januari "
    "1990 (Kruispuntbank), art. 8 (python-stdnum be.nn, be.bis)"
)
_END = r"(?![\w]|[\-./]\d)"
# Separators of the region pass's digit runs (``Region.seps``) for each written form.
_CARD_SEPS = frozenset({"..-.", "..- ", "..--", "..-"})
_CONTEXT_SEPS = frozenset({"", "    "})
# What a list of numbers joined by spaces must hold for a rule to match inside it.
_IN_LIST = re.compile(r"\d{6} \d{3} \d{2}|\d\d\.\d\d\.\d\d-|\d\d \d\d \d\d \d{3} \d\d")


def national_number_is_valid(value: str) -> bool:
    """Whether ``value`` (eleven digits, any separators) is a valid national register or BIS
    number: python-stdnum's check number, century and month, and a day of 00-31."""
    digits = digits_only(value)
    return len(digits) == 11 and int(digits[4:6]) <= 31 and ssn.is_valid(digits)


class BeNationalNumberDetector(RegionDetector):
    """Belgian national register and BIS numbers (check number modulo 97)."""

    name = "be_national_number"
    entities = ("BE_NATIONAL_NUMBER",)
    min_digits = 11
    max_digits = 11
    separators = _CARD_SEPS | _CONTEXT_SEPS | {"--", "  "}
    context = BE_CONTEXT
    needs_context = frozenset({"nn_plain", "nn_spaced"})
    phone_shaped = True
    patterns = (
        Pattern(
            "nn_card",
            r"(?<![\w\-+./])\d{2}\.\d{2}\.\d{2}-\d{3}[.\- ]?\d{2}" + _END,
            0.5,
            positives=(
                "Rijksregisternummer: ⟦83.02.14-157.16⟧",
                "N° de registre national ⟦12.05.09-246.91⟧.",
                "copy of the card, ⟦83.02.14-157.16⟧ on the back",
                "BIS ⟦90.43.15-381.02⟧",
                "niss 83.02.14-157 16",
            ),
            negatives=(
                "83.02.14-157.17",
                "83.13.14-157.16",
                "83.02.14-157.160",
                "1.83.02.14-157.16",
                "v83.02.14-157.16",
            ),
            origin=_ORIGIN,
        ),
        Pattern(
            "nn_grouped",
            r"(?<![\w\-+./])\d{6}([\- ])\d{3}\1\d{2}" + _END,
            0.3,
            positives=(
                "INSZ ⟦830214-157-16⟧",
                "client ⟦830214 157 16⟧ registered",
                "numéro bis: ⟦782911 064 89⟧",
            ),
            negatives=(
                "830214-157-17",
                "830214-157 16",
                "830214-157-160",
                "call 830214-157-16",
                "order 830214-157-16",
            ),
            origin=_ORIGIN,
        ),
        Pattern(
            "nn_plain",
            r"(?<![\w\-+./])\d{11}" + _END,
            0.3,
            keywords=_KEYWORDS,
            positives=(
                "rijksregisternummer ⟦83021415716⟧",
                "Mon numéro national est ⟦12050924691⟧.",
                "INSZ: 90431538102",
            ),
            negatives=(
                "order 83021415716",
                "rijksregisternummer 83021415717",
                "rijksregisternummer 830214157160",
            ),
            origin=_ORIGIN,
        ),
        Pattern(
            "nn_spaced",
            r"(?<![\w\-+./])\d{2} \d{2} \d{2} \d{3} \d{2}" + _END,
            0.3,
            keywords=_KEYWORDS,
            positives=("NISS ⟦83 02 14 157 16⟧", "national number: 90 43 15 381 02"),
            negatives=("83 02 14 157 16", "niss 83 02 14 157 17"),
            origin=_ORIGIN,
        ),
    )

    def keep(self, text: str, region: Region) -> bool:
        """A list of numbers joined by spaces (more than eleven digits) must hold one of the
        forms: six digits, three and two in groups, the card's dotted date, or five groups."""
        if region.digits == 11:
            return True
        return _IN_LIST.search(text, region.start, region.end) is not None

    def wanted(self, ctx: ScanContext) -> list[Region]:
        """Bare and five-group runs count only near a context word: without one in the text,
        only the card's layout and the 6-3-2 groups are worth a look."""
        selected = super().wanted(ctx)
        if not ctx.keywords.isdisjoint(_KEYWORD_SET):
            return selected
        return [r for r in selected if r.seps not in _CONTEXT_SEPS]

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return national_number_is_valid(value)

    def check(self, ctx: ScanContext, start: int, end: int, pattern: Pattern) -> bool | None:
        """Digits in 6-3-2 groups right after a record's reference word ("order", "ref", "#")
        are that record's number unless a context word is near."""
        if not self.validate(ctx.text[start:end], pattern):
            return False
        return (
            pattern.name != "nn_grouped"
            or not after_reference_word(ctx.lower, start)
            or self.has_context(ctx, start, end)
        )


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in Belgian identifier detector."""
    return [BeNationalNumberDetector()]
