"""Portuguese identifiers: the tax number (PT_NIF, número de identificação fiscal) and the
Citizen Card's document number (PT_CITIZEN_CARD, número de documento do Cartão de Cidadão), with
the civil identification number it starts with.

NIF (Decreto-Lei n.º 14/2013, Autoridade Tributária e Aduaneira; a company's is its NIPC): nine
digits, the first not 0, the last a check digit -- the first eight weighted 9 to 2, 11 less the
sum modulo 11, 10 written 0 (python-stdnum ``pt.nif``). One random nine-digit number in eleven
passes, so a NIF counts only near a context word ("NIF", "contribuinte", "NIPC"...), and the
detector runs only in a text holding one. Prefixed with "PT" it is a VAT number, which the
``vat_id`` detector reads: a number right after "PT" is left to it.

Cartão de Cidadão (Lei n.º 7/2007; AMA, "Validação de Número de Documento do Cartão de Cidadão",
v1.0, 2009): the document number is printed ``DDDDDDDD C AAT`` -- the civil identification number
(eight digits; seven on older numbers), its check digit C, the version (two letters: a first card
is ``ZZ``, each new one steps back, ``ZY``, ``ZX``...) and the document number's check digit T
(the characters read as 0-35, every second one from the right doubled, less 9 above 9, the sum
taken from the next ten: python-stdnum ``pt.cc``). C is the check digit of the old Bilhete de
Identidade (Lei n.º 33/99): the civil number's digits weighted 2, 3, 4... from the right, plus
C, make a multiple of 11 (a check value of 10 written 0). Both checks together pass about one
random number in a hundred; with a version starting with ``Z`` (every card but a person's 27th)
a match is confirmed alone, grouped or compact. Another version, or a number in lower case,
counts only near a context word ("cartão de cidadão", "CC"...).

The civil identification number alone (seven or eight digits, with or without its check digit)
counts only near a word that names it ("número de identificação civil", "bilhete de
identidade", "cartão de cidadão"...): bare, it has no check at all. That rule runs only in a text
holding one of those words; with its check digit (``12345678 9``), the digit must be right.
"""

from __future__ import annotations

import re

from stdnum.pt import cc, nif

from annexa.detect.builtin._base import RegionDetector, context_keywords, digits_only
from annexa.detect.builtin._regions import Region
from annexa.detect.interface import Detector, ScanContext
from annexa.detect.pattern import Pattern, context_rx, near_words
from annexa.settings import ScanSettings

NIF_CONTEXT = (
    "nif",
    "n.i.f.",
    "nif/nipc",
    "nipc",
    "contribuinte",
    "número de contribuinte",
    "numero de contribuinte",
    "número fiscal",
    "numero fiscal",
    "número de identificação fiscal",
    "numero de identificacao fiscal",
    "identificação fiscal",
    "identificacao fiscal",
    "número de identificação de pessoa coletiva",
    "pessoa coletiva",
    "pessoa colectiva",
    "tax number",
    "taxpayer number",
    "portuguese tax number",
)
# Words that name the civil identification number itself: what a bare seven- or eight-digit
# number needs near it.
NIC_CONTEXT = (
    "número de identificação civil",
    "numero de identificacao civil",
    "identificação civil",
    "identificacao civil",
    "bilhete de identidade",
    "número do bi",
    "numero do bi",
    "n.º do bi",
    "n.º bi",
    "b.i.",
    "cartão de cidadão",
    "cartao de cidadao",
    "cartão do cidadão",
    "cartao do cidadao",
    "citizen card",
    "civil identification",
    "civil identification number",
)
CC_CONTEXT = (
    *NIC_CONTEXT,
    "cc",
    "n.º do cc",
    "número do cc",
    "numero do cc",
    "número de documento",
    "numero de documento",
    "documento de identificação",
    "documento de identificacao",
    "portuguese id",
    "portuguese id card",
    "identity card",
    "id card",
)
_NIC_WORDS = context_rx(NIC_CONTEXT)
_NIC_KEYWORDS = context_keywords(NIC_CONTEXT)
_NIC_KEYWORD_SET = frozenset(_NIC_KEYWORDS)
_NIF_ORIGIN = "Decreto-Lei n.º 14/2013, Autoridade Tributária e Aduaneira (python-stdnum pt.nif)"
_CC_ORIGIN = (
    "Lei n.º 7/2007; AMA, Validação de Número de Documento do Cartão de Cidadão v1.0 "
    "(python-stdnum pt.cc)"
)
_NIC_ORIGIN = "Lei n.º 33/99 (identificação civil), check digit of the Bilhete de Identidade"
# A VAT number's country prefix right before the digits ("PT 123456789"): vat_id's.
_VAT_PREFIX = re.compile(r"(?<![\w])pt[ \-]?$")
_END = r"(?![\w]|[\-./]\d)"


def nic_check_digit(number: str) -> int:
    """The check digit of a civil identification number (weights 2, 3, 4... from the right,
    modulo 11; a check value of 10 is written 0)."""
    total = sum(int(d) * w for w, d in enumerate(reversed(number), start=2))
    return (11 - total % 11) % 11 % 10


def citizen_card_is_valid(value: str) -> bool:
    """Whether ``value`` is a Cartão de Cidadão document number whose two check digits (the
    civil number's and the document number's) are right."""
    compact = "".join(value.split()).replace("-", "").upper()
    number = compact[:-3]
    return (
        number.isdigit()
        and len(number) in (8, 9)
        and nic_check_digit(number[:-1]) == int(number[-1])
        and cc.is_valid(compact)
    )


class PtNifDetector(RegionDetector):
    """Portuguese tax numbers (NIF / NIPC, mod 11 check digit), near a context word."""

    name = "pt_nif"
    entities = ("PT_NIF",)
    min_digits = 9
    max_digits = 9
    separators = frozenset({"", "  ", "..", "--"})
    context = NIF_CONTEXT
    needs_context = frozenset({"nif"})
    phone_shaped = True
    patterns = (
        Pattern(
            "nif",
            r"(?<![\w\-+./])[1-9]\d{2}([ .\-]?)\d{3}\1\d{3}" + _END,
            0.2,
            positives=(
                "NIF: ⟦232013969⟧",
                "número de contribuinte ⟦123 456 789⟧",
                "Contribuinte n.º ⟦232.013.969⟧.",
                "NIPC 509442013",
            ),
            negatives=(
                "NIF 232013968",
                "NIF 2320139690",
                "ref 232013969",
                "NIF PT 232013969",
                "NIF 012345679",
            ),
            origin=_NIF_ORIGIN,
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return nif.is_valid(digits_only(value))

    def check(self, ctx: ScanContext, start: int, end: int, pattern: Pattern) -> bool | None:
        """A number right after "PT" is a VAT number (``vat_id``'s)."""
        if _VAT_PREFIX.search(ctx.lower, max(0, start - 3), start):
            return False
        return self.validate(ctx.text[start:end], pattern)


class PtCitizenCardDetector(RegionDetector):
    """Portuguese Citizen Card document numbers (two check digits); civil identification
    numbers near a word naming them."""

    name = "pt_citizen_card"
    entities = ("PT_CITIZEN_CARD",)
    min_digits = 7
    max_digits = 9
    separators = frozenset({"", " ", "-"})
    after = 6
    context = CC_CONTEXT
    needs_context = frozenset({"nic"})
    patterns = (
        Pattern(
            "cc_document",
            r"(?i)(?<![\w\-+./])\d{7,8}[ \-]?\d[ \-]?[A-Z]{2}\d(?![\w]|[\-./]\w)",
            0.3,
            positives=(
                "Cartão de Cidadão n.º ⟦12345678 9 ZZ1⟧",
                "documento ⟦23456789 9 ZX3⟧ válido",
                "⟦123456789ZY3⟧",
                "CC: ⟦12345678 9 AB4⟧",
                "cartão de cidadão 12345678-9-zz1",
                "old number 1234567 9 ZZ4",
            ),
            negatives=(
                "12345678 9 ZZ2",
                "12345678 8 ZZ3",
                "12345678 9 AB4",
                "12345678 9 zz1",
                "12345678 9 Zz1",
                "123456789ZZ15",
            ),
            origin=_CC_ORIGIN,
        ),
        Pattern(
            "nic",
            r"(?<![\w\-+./])\d{7,8}(?:[ \-]\d)?(?![\w]|[\-./]\d|[ \-]?[A-Za-z]{2}\d)",
            0.2,
            keywords=_NIC_KEYWORDS,
            positives=(
                "número de identificação civil: ⟦12345678⟧",
                "Bilhete de Identidade n.º ⟦23456789 9⟧",
                "BI n.º 1234567, cartão de cidadão",
            ),
            negatives=(
                "order 12345678",
                "bilhete de identidade 23456789 8",
                "bilhete de identidade 123456789",
                "CC 12345678",
            ),
            origin=_NIC_ORIGIN,
        ),
    )

    def wanted(self, ctx: ScanContext) -> list[Region]:
        """A document number's digits are followed by its version and check digit; a civil number
        alone is worth a look only in a text holding a word that names it."""
        selected = super().wanted(ctx)
        if not ctx.keywords.isdisjoint(_NIC_KEYWORD_SET):
            return selected
        return [r for r in selected if r.digits >= 8 and _version_after(ctx.text, r.end)]

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        if pattern.name == "nic":
            digits = digits_only(value)
            if not value.isdigit():  # with its check digit
                return nic_check_digit(digits[:-1]) == int(digits[-1])
            return None
        return citizen_card_is_valid(value)

    def check(self, ctx: ScanContext, start: int, end: int, pattern: Pattern) -> bool | None:
        """A document number of another version than Z, or not in capitals, is confirmed
        only near a context word; a civil number alone only near a word naming it."""
        value = ctx.text[start:end]
        verdict = self.validate(value, pattern)
        if verdict is False:
            return False
        if pattern.name == "nic":
            near = near_words(_NIC_WORDS, ctx.lower, start, end, self.context_window)
            return verdict if near else False
        letters = value[-3:-1]
        if letters.isupper() and letters[0] == "Z":
            return True
        if not (letters.isupper() or letters.islower()):
            return False
        return self.has_context(ctx, start, end) or None


def _version_after(text: str, end: int) -> bool:
    """Whether a version and a check digit (two letters, a digit) follow ``end``, after an
    optional space or dash."""
    tail = text[end : end + 4]
    if tail[:1] in (" ", "-"):
        tail = tail[1:]
    return len(tail) >= 3 and tail[:2].isascii() and tail[:2].isalpha() and tail[2].isdigit()


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in Portuguese identifier detectors."""
    return [PtNifDetector(), PtCitizenCardDetector()]
