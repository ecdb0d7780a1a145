"""VAT identification numbers of the EU member states, the UK, Switzerland and Norway (VAT_ID),
written with their country prefix as invoices and contracts print them.

A VAT number names a business, and for a sole trader the person behind it: the starter policy
levels it ``internal``, as the other business identifiers. Each is checked by python-stdnum
(``stdnum.vatin``: the member state's own check digits or check letter: ``DE`` ISO 7064 mod 11,10,
``FR`` the key over the SIREN, ``NL`` mod 11 or mod 97, ``AT`` the ``U`` number's Luhn variant,
``BE`` mod 97, ...), compacted first, so that ``DE 271 836 457``, ``BE 0472.918.352`` and
``CHE-409.182.731 MWST`` are read as written. Italy's numbers have their own detector
(``IT_VAT_CODE``).

The detector runs only in a text that holds a VAT word in one of the EU's languages ("VAT",
"USt-IdNr.", "TVA", "IVA", "BTW", "MwSt", "moms", "ALV", "NIP", "DIČ", ...). A valid number is
confirmed near such a word and stands at a medium score elsewhere in that text; one random
number in ten to a hundred passes a member state's check, which the prefix and the word make
rare.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stdnum import vatin
from stdnum.exceptions import ValidationError

from annexa.detect.interface import Detector, Finding, ScanContext
from annexa.detect.pattern import Pattern, PatternDetector
from annexa.settings import ScanSettings

# The prefixes (ISO 3166 codes; Greece's "EL", Northern Ireland's "XI"), Italy's left to its own
# detector; Switzerland's "CHE" with its grouped UID.
_PREFIXES = "AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|HR|HU|IE|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|XI|GB|NO"
_VAT = re.compile(
    rf"(?<![\w\-+./])(?:(?:{_PREFIXES})[ \-]?[0-9A-Z][0-9A-Z+*]{{1,13}}"
    r"(?:[ .][0-9A-Z]{1,4}){0,4}"
    r"|CHE[ \-]?\d{3}\.?\d{3}\.?\d{3}(?:[ \t]+(?:MWST|TVA|IVA))?)(?![\w\-/]|\.\w)"
)
_WORDS = (
    "vat", "vat no", "vat number", "vat id", "vat reg", "vat registration", "tax id",
    "ust-id", "ust-idnr", "ustid", "ustidnr", "umsatzsteuer", "umsatzsteuer-id", "mwst",
    "tva", "n° tva", "numéro de tva", "iva", "nif-iva", "cif", "btw", "btw-nummer", "moms",
    "momsnummer", "momsregistreringsnummer", "alv", "alv-numero", "y-tunnus", "nip", "dič",
    "dic", "ičo", "áfa", "adószám", "pvm", "pvn", "pdv", "ddv", "käibemaks", "kmkr", "mva",
    "φπα", "αφμ", "ддс", "cvr", "uid",
)  # fmt: skip
# What the keyword pass looks for (lower case): each word as it stands before a number, so
# that "private" or "salvage" does not run the detector.
_KEYWORDS = (
    "vat ", "vat:", "vat-", "vat#", "vat.", "tax id", "ust-id", "ustid", "umsatzsteuer",
    "mwst", "tva ", "tva:", "iva ", "iva:", "nif-iva", "cif ", "cif:", "btw", "moms", "alv ",
    "alv:", "alv-", "y-tunnus", "nip ", "nip:", "dič", "ičo", "áfa", "adószám", "pvm ", "pvm:",
    "pvn ", "pvn:", "pdv ", "pdv:", "ddv ", "ddv:", "käibemaks", "kmkr", "mva", "φπα", "αφμ",
    "ддс", "cvr", "uid ", "uid:", "uid-",
)  # fmt: skip
SCORE = 0.5
_SEPARATORS = re.compile(r"[ .\-]")


def valid_vat(value: str) -> bool:
    """Whether ``value`` (as written, spaces and dots included) is a valid VAT number."""
    try:
        return bool(vatin.is_valid(value))
    except (ValidationError, ValueError):
        return False


def _longest_valid(text: str, start: int, end: int) -> int | None:
    """The end of the longest valid number from ``start`` up to ``end``: a number's groups may
    be followed by a word the expression took for one more group ("DE 271 836 457 AB")."""
    cuts = sorted((m.start() for m in _SEPARATORS.finditer(text, start + 3, end)), reverse=True)
    return next((e for e in (end, *cuts) if valid_vat(text[start:e])), None)


class VatIdDetector(PatternDetector):
    """VAT numbers with their country prefix, checked by python-stdnum."""

    name = "vat_id"
    entities = ("VAT_ID",)
    origin = "the member states' VAT number formats and check digits (python-stdnum vatin)"
    context = _WORDS
    context_window = 40
    patterns = (
        Pattern(
            "prefixed",
            _VAT.pattern,
            SCORE,
            keywords=_KEYWORDS,
            positives=(
                "USt-IdNr.: ⟦DE271836457⟧",
                "VAT ⟦ATU48271935⟧",
                "N° TVA intracommunautaire : ⟦FR 44 732 829 320⟧",
                "BTW-nummer ⟦NL182736404B01⟧",
                "VAT: ⟦BE 0472.918.352⟧",
                "UID: ⟦CHE-409.182.731 MWST⟧",
            ),
            negatives=(
                "VAT DE271836458",
                "VAT DE27183645",
                "our vat is DE-FAULT",
                "VAT: GB12",
                "VAT rate 19 % in DE",
            ),
            origin="EU VIES formats; python-stdnum vatin",
        ),
    )

    def detect(self, ctx: ScanContext) -> Iterator[Finding]:
        text = ctx.text
        for m in _VAT.finditer(text):
            end = _longest_valid(text, m.start(), m.end())
            if end is None:
                continue
            near = self.has_context(ctx, m.start(), end)
            score = 1.0 if near else SCORE
            yield Finding("VAT_ID", m.start(), end, score, self.name, validated=near)


def detectors(settings: ScanSettings) -> list[Detector]:
    return [VatIdDetector()]
