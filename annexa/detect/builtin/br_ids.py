"""Brazilian identifiers: the individual taxpayer number (BR_CPF, Cadastro de Pessoas Físicas)
and the company number (BR_CNPJ, Cadastro Nacional da Pessoa Jurídica).

CPF (Receita Federal; Instrução Normativa RFB nº 2.172/2024): eleven digits, written
``NNN.NNN.NNN-DD``: nine digits (the ninth names the fiscal region) and two check digits, each
the weighted sum (weights 10 down to 2, then 11 down to 2 over the first check digit too)
modulo 11, taken from 11, 10 and 11 counting as 0 (python-stdnum br.cpf). Numbers of one
repeated digit pass the arithmetic but are never issued: dropped. About one random number in a
hundred passes. The punctuated form is the CPF's own (no phone number, date or other Brazilian
number is written 3.3.3-2): a valid one is confirmed without a context word. Eleven bare digits
(or nine, a dash and two) are also how Brazilian mobile numbers and many record numbers look:
they count only near a context word ("CPF", "cadastro de pessoas físicas").

CNPJ (Receita Federal; Instrução Normativa RFB nº 2.119/2022, alphanumeric since July 2026 by
Instrução Normativa RFB nº 2.229/2024): fourteen characters, written ``NN.NNN.NNN/OOOO-DD``: the
company's root (eight), the establishment's order (four, ``0001`` for the head office) and two
check digits (weights 5 to 2 and 9 to 2, then 6 to 2 and 9 to 2, modulo 11, taken from 11).
Since July 2026 the root and the order may hold capital letters, each counted as its ASCII code
less 48 (A = 17); the check digits stay digits. python-stdnum 2.2 (br.cnpj) knows both. A
company's number is confidential business data, not personal data, and one random number in a
hundred passes: like the Swedish organisationsnummer and the Australian ABN it is reported at a
modest score. Written in its punctuated form (dots, slash and dash) a valid number scores 0.5
and is confirmed near a context word ("CNPJ", "cadastro nacional da pessoa jurídica"); fourteen
bare characters count only near one.

The region pass finds a numeric CNPJ as one run of fourteen digits; an alphanumeric one where
its digits are: punctuated, the run from its root's last digits through the order to the check
digits (``345/0001-35``, ``0001-35``); bare, the letter-led token it ends with (``ABC34501DE35``).
A punctuated one with a letter in its order (``12.ABC.345/0A01-35``) makes no such run, nor a
bare one whose first letter comes after its seventh character: those are not found.
"""

from __future__ import annotations

import re
from functools import cached_property

from stdnum.br import cnpj, cpf

from annexa.detect.builtin._base import RegionDetector, digits_only
from annexa.detect.builtin._regions import NUM, TOKEN, Gate, Region, select_gate
from annexa.detect.interface import Detector
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings

CPF_CONTEXT = (
    "cpf",
    "c.p.f",
    "cpf/mf",
    "cadastro de pessoas físicas",
    "cadastro de pessoas fisicas",
    "cadastro de pessoa física",
    "cadastro de pessoa fisica",
    "cadastro da pessoa física",
    "cadastro da pessoa fisica",
    "brazilian taxpayer",
    "taxpayer id",
    "taxpayer number",
    "individual taxpayer",
)
CNPJ_CONTEXT = (
    "cnpj",
    "c.n.p.j",
    "cnpj/mf",
    "cadastro nacional da pessoa jurídica",
    "cadastro nacional da pessoa juridica",
    "cadastro nacional de pessoa jurídica",
    "cadastro nacional de pessoa juridica",
    "cadastro nacional de pessoas jurídicas",
    "cadastro nacional de pessoas juridicas",
    "brazilian company number",
    "company number",
    "company registration number",
)
_CPF_ORIGIN = "Receita Federal, CPF (IN RFB nº 2.172/2024; python-stdnum br.cpf)"
_CNPJ_ORIGIN = (
    "Receita Federal, CNPJ (IN RFB nº 2.119/2022 and, alphanumeric, nº 2.229/2024; "
    "python-stdnum br.cnpj)"
)
# The (digits, separators) of the NUM regions a CNPJ makes: fourteen digits, bare or punctuated;
# an alphanumeric one's digit run from its last group of the root to its check digits (the
# order ``0001`` and the check digits alone: six digits and a dash).
_CNPJ_FORMS = frozenset(
    {
        (14, ""),
        (6, "-"),
        *((d, "/-") for d in range(7, 15)),
        *((d, "./-") for d in range(10, 15)),
        *((d, "../-") for d in range(13, 15)),
    }
)

_ALNUM_TAIL = re.compile(r"[0-9A-Z]{12}\d{2}")
_DIGITS_9 = re.compile(r"\d{9}")
_DIGITS_14 = re.compile(r"\d{14}")


def one_digit_repeated(digits: str) -> bool:
    """Whether ``digits`` is one digit written again and again (``11111111111``)."""
    return digits == digits[0] * len(digits)


class BrCpfDetector(RegionDetector):
    """Brazilian CPF numbers (two mod-11 check digits); bare ones only near a context word."""

    name = "br_cpf"
    entities = ("BR_CPF",)
    min_digits = 11
    max_digits = 11
    separators = frozenset({"..-", "", "-"})
    context = CPF_CONTEXT
    needs_context = frozenset({"cpf_plain"})
    patterns = (
        Pattern(
            "cpf_formatted",
            r"(?<![\w\-+./])\d{3}\.\d{3}\.\d{3}-\d{2}(?![\w]|[\-./]\d)",
            0.3,
            positives=(
                "CPF ⟦123.456.789-09⟧",
                "Cliente: João da Silva, ⟦111.444.777-35⟧.",
                "(cpf nº 987.654.321-00)",
            ),
            negatives=(
                "CPF 123.456.789-10",  # check digits
                "CPF 111.111.111-11",  # one digit repeated
                "CPF 000.000.000-00",
                "1123.456.789-09 and 123.456.789-091",
                "v1.123.456.789-09",
            ),
            origin=_CPF_ORIGIN,
        ),
        Pattern(
            "cpf_plain",
            r"(?<![\w\-+./])\d{9}-?\d{2}(?![\w]|[\-./]\d)",
            0.2,
            positives=(
                "CPF: ⟦12345678909⟧",
                "meu cpf é 111444777-35",
                "Cadastro de Pessoas Físicas 98765432100.",
            ),
            negatives=(
                "12345678909",  # valid, no context word
                "ref 111444777-35",
                "CPF 12345678910",
                "CPF 11111111111",
                "CPF 123456789090",
            ),
            origin=_CPF_ORIGIN,
        ),
    )

    def keep(self, text: str, region: Region) -> bool:
        """Numbers joined by spaces hold a CPF's punctuation or nine digits in a row."""
        if " " not in region.seps:
            return True
        return "..-" in region.seps or _DIGITS_9.search(text, region.start, region.end) is not None

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        digits = digits_only(value)
        return not one_digit_repeated(digits) and cpf.is_valid(digits)


class BrCnpjDetector(RegionDetector):
    """Brazilian CNPJ numbers, numeric or alphanumeric (two mod-11 check digits), at a modest
    score unless a context word is near."""

    name = "br_cnpj"
    entities = ("BR_CNPJ",)
    region_kinds = frozenset({NUM, TOKEN})
    min_digits = 6
    max_digits = 14
    separators = frozenset({s for _, s in _CNPJ_FORMS})
    token_lengths = (8, 14)
    before = 12
    after = 4
    context = CNPJ_CONTEXT
    needs_context = frozenset({"cnpj_formatted", "cnpj_plain"})
    patterns = (
        Pattern(
            "cnpj_formatted",
            r"(?<![\w\-+./])[0-9A-Z]{2}\.?[0-9A-Z]{3}\.?[0-9A-Z]{3}/[0-9A-Z]{4}-\d{2}"
            r"(?![\w]|[\-./]\d)",
            0.5,
            positives=(
                "CNPJ ⟦11.222.333/0001-81⟧",
                "Fornecedor ⟦12.345.678/0001-95⟧, São Paulo",
                "inscrita no CNPJ sob o nº 11222333/0001-81",
                "CNPJ: ⟦12.ABC.345/0001-88⟧",  # alphanumeric (July 2026)
                "⟦1A.B2C.D3E/0001-51⟧ (matriz)",
            ),
            negatives=(
                "CNPJ 11.222.333/0001-82",  # check digit
                "CNPJ 11.111.111/1111-11",  # one digit repeated
                "CNPJ 00.000.000/0000-00",
                "CNPJ 11.222.333/0001-811",
                "CNPJ 12.abc.345/0001-88",  # letters are capitals
                "path a/11.222.333/0001-81",
            ),
            origin=_CNPJ_ORIGIN,
        ),
        Pattern(
            "cnpj_plain",
            r"(?<![\w\-+./])[0-9A-Z]{12}\d{2}(?![\w]|[\-./]\d)",
            0.2,
            positives=(
                "CNPJ ⟦11222333000181⟧",
                "cnpj: 12345678000195.",
                "CNPJ ⟦12ABC34501DE35⟧",  # alphanumeric (July 2026)
            ),
            negatives=(
                "11222333000181",  # valid, no context word
                "order 12ABC34501DE35",
                "CNPJ 11222333000182",
                "CNPJ 112223330001810",
                "CNPJ 12ABC34501DE36",
            ),
            origin=_CNPJ_ORIGIN,
        ),
    )

    @cached_property
    def region_gate(self) -> Gate | None:
        """Only the digit runs a CNPJ makes (:data:`_CNPJ_FORMS`): the separators' union would
        let every run of six to fourteen bare digits through."""
        kinds, lengths, _, _, spaced_above = select_gate(
            self.region_kinds, self.min_digits, self.max_digits, self.separators, self.token_lengths
        )
        return kinds, lengths, 0, _CNPJ_FORMS, spaced_above

    def keep(self, text: str, region: Region) -> bool:
        """A run of digits of one of a CNPJ's forms; the token a bare alphanumeric CNPJ ends
        with (fourteen capitals and digits, the last two digits); numbers joined by spaces with
        a CNPJ's slash or fourteen digits in a row."""
        start, end = region.start, region.end
        if region.kind == TOKEN:
            if not text[end - 2 : end].isdigit():
                return False
            return _ALNUM_TAIL.fullmatch(text, max(0, end - 14), end) is not None
        if " " in region.seps:
            return "/" in region.seps or _DIGITS_14.search(text, start, end) is not None
        return (region.digits, region.seps) in _CNPJ_FORMS

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        compact = cnpj.compact(value)
        return not one_digit_repeated(compact) and cnpj.is_valid(compact)


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in Brazilian identifier detectors."""
    return [BrCpfDetector(), BrCnpjDetector()]
