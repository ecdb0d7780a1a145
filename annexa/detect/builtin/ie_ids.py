"""Irish Personal Public Service Numbers (IE_PPS, PPSN, uimhir PSP).

Social Welfare Consolidation Act 2005, s. 262 (the PPS Number), with the check character of the
Revenue Commissioners: seven digits, a check letter and, on newer numbers, a second letter --
``W`` (a married woman's, historically), ``T`` or ``X`` on older numbers, where it is ignored by
the check, and since 2013 ``A`` (a person's; ``B`` since 2024) or ``H`` (a non-individual's),
which enters it. The check letter: the seven digits weighted 8 to 2, plus 9 times the second
letter's value (A = 1 ... H = 8, when it is A, B or H), modulo 23, read in
``WABCDEFGHIJKLMNOPQRSTUV`` (python-stdnum ``ie.pps``).

One random number in 23 passes the check. Written compact with both letters (``1234567FA``), a
shape that only six second letters complete, about one random token in a hundred passes: the
number is confirmed alone, except right after a record's reference word ("order", "ref", "#"),
where it needs a context word ("PPS", "PPSN", "personal public service", "uimhir PSP"...). So does
a number with one letter (``1234567T``, the shape of many part numbers), with a space before its
letters (then in capitals: ``1234567 a`` is a number and a word) or in lower case; those forms
are looked for only in a text holding such a word. Prefixed with "IE" it is a VAT number (the
``vat_id`` detector's): a number right after "IE" is left to it.
"""

from __future__ import annotations

import re

from stdnum.ie import pps

from annexa.detect.builtin._base import RegionDetector, context_keywords
from annexa.detect.builtin._regions import Region
from annexa.detect.context import after_reference_word
from annexa.detect.interface import Detector, ScanContext
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings

IE_CONTEXT = (
    "pps",
    "ppsn",
    "pps no",
    "pps number",
    "ppsno",
    "pps num",
    "personal public service",
    "personal public service number",
    "personal public service no",
    "uimhir psp",
    "psp",
    "uimhir phearsanta seirbhíse poiblí",
)
_KEYWORDS = context_keywords(IE_CONTEXT)
_KEYWORD_SET = frozenset(_KEYWORDS)
_ORIGIN = (
    "Social Welfare Consolidation Act 2005, s. 262; Revenue check character (python-stdnum ie.pps)"
)
# A VAT number's country prefix right before the digits ("IE 1234567T"): vat_id's.
_VAT_PREFIX = re.compile(r"(?<![\w])ie[ \-]?$")
_END = r"(?!\w|[\-./]\w)"
_SECOND = frozenset("ABHTWXabhtwx")


class IePpsDetector(RegionDetector):
    """Irish PPS numbers (seven digits, a check letter, an optional second letter)."""

    name = "ie_pps"
    entities = ("IE_PPS",)
    min_digits = 7
    max_digits = 7
    separators = frozenset({""})
    before = 4
    after = 4
    context = IE_CONTEXT
    needs_context = frozenset({"pps_plain"})
    patterns = (
        Pattern(
            "pps_two_letters",
            r"(?i)(?<![\w\-+./])\d{7}[A-W][ABHTWX]" + _END,
            0.3,
            positives=(
                "PPSN: ⟦1234567FA⟧",
                "employee ⟦7654321PA⟧ joined",
                "⟦1234567TW⟧",
                "pps number 1234567fa",
            ),
            negatives=(
                "1234567TA",
                "1234567FAB",
                "12345678FA",
                "1234567fa",
                "1234567Fa",
                "IE 1234567FA",
                "order 1234567FA",
            ),
            origin=_ORIGIN,
        ),
        Pattern(
            "pps_plain",
            r"(?i)(?<![\w\-+./])\d{7}(?:[A-W]| [A-W][ABHTWX]?)" + _END,
            0.3,
            keywords=_KEYWORDS,
            positives=(
                "PPS No: ⟦1234567T⟧",
                "my personal public service number is ⟦1234567 FA⟧.",
                "uimhir PSP ⟦7654321g⟧",
            ),
            negatives=(
                "part 1234567T",
                "PPS 1234567U",
                "PPS 1234567 T9",
                "PPS 12345678T",
                "PPS 1234567 t",
            ),
            origin=_ORIGIN,
        ),
    )

    def keep(self, text: str, region: Region) -> bool:
        """A letter follows the seven digits (after an optional space)."""
        tail = text[region.end : region.end + 2]
        if tail[:1] == " ":
            tail = tail[1:]
        return tail[:1].isascii() and tail[:1].isalpha()

    def wanted(self, ctx: ScanContext) -> list[Region]:
        """Without a context word in the text, only the compact two-letter form counts."""
        selected = super().wanted(ctx)
        if not ctx.keywords.isdisjoint(_KEYWORD_SET):
            return selected
        text = ctx.text
        return [r for r in selected if _two_letters(text[r.end : r.end + 3])]

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return pps.is_valid(value.replace(" ", "").upper())

    def check(self, ctx: ScanContext, start: int, end: int, pattern: Pattern) -> bool | None:
        """Letters not in capitals count only near a context word, and so does a number right
        after a record's reference word ("order", "ref", "#"); one right after "IE" is a VAT
        number."""
        if _VAT_PREFIX.search(ctx.lower, max(0, start - 3), start):
            return False
        value = ctx.text[start:end]
        if not self.validate(value, pattern):
            return False
        near = self.has_context(ctx, start, end)
        if not near and after_reference_word(ctx.lower, start):
            return False  # a record's number ("order 1234567FA")
        letters = value[7:].strip()
        if letters.isupper():
            return True
        # lower case only compact and near a word: "PPS 1234567 a" is a number and an article
        return letters.islower() and near and " " not in value


def _two_letters(tail: str) -> bool:
    """Whether ``tail`` (three characters after the digits) starts with a check letter and a
    second letter, and no third letter or digit follows."""
    return (
        len(tail) >= 2
        and tail[0].isascii()
        and tail[0].isalpha()
        and tail[1] in _SECOND
        and not (tail[2:3].isalnum() or tail[2:3] == "_")
    )


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in Irish identifier detector."""
    return [IePpsDetector()]
