"""Italian identifiers: fiscal codes (IT_FISCAL_CODE, codice fiscale), VAT numbers
(IT_VAT_CODE, partita IVA) and identity cards (IT_IDENTITY_CARD, carta d'identità).

A fiscal code is sixteen characters: surname and name letters, birth year, month letter, day
(plus 40 for women), municipality code, and a control letter; "omocodia" may swap digits for
letters. Checked with python-stdnum; one random code in 26 passes the control letter, and the
structure is strict.

A partita IVA is eleven digits, optionally led by the country code "IT": a seven-digit company
number (not all zeros), a three-digit office code (001-100, 120, 121, 888 or 999) and a Luhn
check digit, all checked with python-stdnum. About one random eleven-digit number in a hundred
passes, so a bare number counts only near a context word ("partita IVA", "P.IVA", "VAT"), and
right after a record's word ("ordine", "fattura", "order", "#") it is that record's number and
is dropped. With the "IT" prefix it is a VAT number by its form: a valid one stands at a medium
score, confirmed near a context word.

An identity card's number is the electronic card's (CIE) two letters, five digits and two
letters ("CA00000AA"), or the paper card's two letters and seven digits ("AU 1234567"). Neither
has a check character, and two letters and seven digits are an Italian passport's shape too, so
a number counts only near the card's words ("carta d'identità", "CIE", "documento di
identità").
"""

from __future__ import annotations

import re

from stdnum.it import codicefiscale, iva

from annexa.detect.builtin._base import RegionDetector
from annexa.detect.builtin._regions import NUM, TOKEN, Region
from annexa.detect.context import after_reference_word, words_for
from annexa.detect.interface import Detector, ScanContext
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings

_D = r"[\dLMNP-V]"
_VAT_WORDS = (
    "partita iva",
    "partita i.v.a.",
    "numero di partita iva",
    "p.iva",
    "p. iva",
    "p.i.",
    "piva",
    "codice iva",
    "iva",
    "vat",
    "vat number",
    "vat no",
    "vat id",
)
# A context word right before a number: it names the number even after "id" or "no".
_NAMED = re.compile(
    r"(?<!\w)(?:"
    + "|".join(sorted(map(re.escape, _VAT_WORDS), key=len, reverse=True))
    + r")(?!\w)[^\w\n]{0,4}$"
)


class ItFiscalCodeDetector(RegionDetector):
    """Italian personal fiscal codes, confirmed by their control letter."""

    name = "it_fiscal_code"
    entities = ("IT_FISCAL_CODE",)
    region_kinds = frozenset({TOKEN})
    before = 2
    after = 2
    token_lengths = (16, 16)
    context = words_for("IT_FISCAL_CODE")
    patterns = (
        Pattern(
            "codice_fiscale",
            rf"(?i)(?<![\w\-])[A-Z]{{6}}{_D}{{2}}[ABCDEHLMPRST]{_D}{{2}}[A-Z]{_D}{{3}}[A-Z](?!\w)",
            0.3,
            positives=(
                "codice fiscale RCCMNL83S18D969H",
                "CF: MRTMTT25D09F205Z.",
                "cf rccmnl83s18d969h",
            ),
            negatives=("RCCMNL83S18D969A", "RCCMNL83Z18D969H", "RCCMNL83S18D96H"),
            origin="DM 23/12/1976 (python-stdnum it.codicefiscale)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return codicefiscale.is_valid(value.upper())


class ItVatDetector(RegionDetector):
    """Italian VAT numbers (partita IVA: office code and Luhn check digit)."""

    name = "it_vat"
    entities = ("IT_VAT_CODE",)
    region_kinds = frozenset({NUM, TOKEN})
    min_digits = 11
    max_digits = 11
    separators = frozenset({""})
    token_lengths = (13, 13)
    before = 4
    after = 2
    context = _VAT_WORDS
    needs_context = frozenset({"vat_plain", "vat_prefixed"})
    patterns = (
        Pattern(
            "vat_prefixed",
            r"(?<![\w\-+./])(?:IT ?|it)\d{11}(?![\w]|[\-./]\d)",
            0.5,
            positives=(
                "VAT ⟦IT04712850157⟧",
                "Fornitore ⟦IT 08603910582⟧, Milano",
                "⟦it02917731206⟧",
            ),
            negatives=(
                "IT04712850158",
                "IT04712851502",
                "IT00000000000",
                "IT047128501570",
                "It04712850157",
                "send it 04712850157",
            ),
            origin="DPR 633/1972 art. 35 (python-stdnum it.iva)",
        ),
        Pattern(
            "vat_plain",
            r"(?<![\w\-+./])\d{11}(?![\w]|[\-./]\d)",
            0.2,
            positives=(
                "Partita IVA: ⟦04712850157⟧",
                "P.IVA ⟦08603910582⟧ - Roma",
                "VAT number ⟦02917731206⟧.",
            ),
            negatives=(
                "P.IVA 04712850158",
                "partita iva 04712851502",
                "P.IVA 00000000000",
                "partita iva 047128501570",
                "order 04712850157 shipped",
                "IVA 22%, ordine 04712850157",
                "vat 0471-285-0157",
            ),
            origin="DPR 633/1972 art. 35 (python-stdnum it.iva)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return iva.is_valid(value)

    def check(self, ctx: ScanContext, start: int, end: int, pattern: Pattern) -> bool | None:
        """A bare number right after a record's word ("ordine", "fattura", "#") is that
        record's number, whatever context word stands further away."""
        verdict = self.validate(ctx.text[start:end], pattern)
        if (
            verdict
            and pattern.name == "vat_plain"
            and after_reference_word(ctx.lower, start)
            and _NAMED.search(ctx.lower, max(0, start - 32), start) is None
        ):
            return False
        return verdict

    def keep(self, text: str, region: Region) -> bool:
        """A TOKEN region is "IT" or "it" and the eleven digits."""
        return region.kind != TOKEN or text[region.start : region.start + 2] in ("IT", "it")


_ID_CARD_WORDS = (
    "carta d'identità",
    "carta d’identità",
    "carta di identità",
    "carta d'identita",
    "carta di identita",
    "carta identità",
    "cie",
    "documento d'identità",
    "documento di identità",
    "identity card",
    "id card",
)
_ID_CARD_KEYWORDS = ("identit", "cie", "id card")
_ID_CARD_ORIGIN = "Ministero dell'Interno: CIE (DM 23/12/2015) and the paper card's number"


class ItIdentityCardDetector(RegionDetector):
    """Italian identity card numbers (electronic and paper), only near the card's words."""

    name = "it_identity_card"
    entities = ("IT_IDENTITY_CARD",)
    region_kinds = frozenset({NUM, TOKEN})
    min_digits = 5
    max_digits = 7
    separators = frozenset({""})
    token_lengths = (9, 9)
    before = 4
    after = 3
    context = _ID_CARD_WORDS
    context_window = 60
    patterns = (
        Pattern(
            "it_cie",
            r"(?<![\w\-./])[A-Z]{2}\d{5}[A-Z]{2}(?![\w\-])",
            0.3,
            keywords=_ID_CARD_KEYWORDS,
            positives=(
                "la mia carta d'identità ⟦CA00000AA⟧",
                "CIE n. ⟦CA12345BC⟧",
                "identity card: ⟦AY98765ZX⟧",
            ),
            negatives=("ordine CA00000AA", "carta d'identità CA0000AA", "CIE CA000000AA"),
            origin=_ID_CARD_ORIGIN,
        ),
        Pattern(
            "it_paper_card",
            r"(?<![\w\-./])[A-Z]{2} ?\d{7}(?![\w\-])",
            0.3,
            keywords=_ID_CARD_KEYWORDS,
            positives=(
                "carta di identità n. ⟦AU 1234567⟧",
                "documento d'identità ⟦AX7654321⟧ rilasciato dal Comune",
            ),
            negatives=("passaporto AU1234567", "carta d'identità AU 123456"),
            origin=_ID_CARD_ORIGIN,
        ),
    )

    def keep(self, text: str, region: Region) -> bool:
        """Bare digits: two capital letters come right before them (after a blank or not)."""
        if region.kind == TOKEN:
            return True
        lead = text[max(0, region.start - 3) : region.start].rstrip(" ")
        return len(lead) >= 2 and lead[-2:].isalpha() and lead[-2:].isupper()


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in Italian identifier detectors."""
    return [ItFiscalCodeDetector(), ItVatDetector(), ItIdentityCardDetector()]
