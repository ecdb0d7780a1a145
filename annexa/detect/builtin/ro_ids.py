"""Romanian personal numeric codes (RO_CNP, Cod Numeric Personal).

OUG nr. 97/2005 privind evidența persoanelor, art. 6, and its methodological norms (HG nr.
1.375/2006): thirteen digits ``S YYMMDD JJ NNN C``: the sex and century (1/2 born 1900-1999,
3/4 1800-1899, 5/6 2000-2099, 7/8 foreign residents, 9 foreigners), the birth date, the county
code (01-48 and 51-52: the counties, Bucharest and its sectors, 47-48 the former sectors 7 and
8; 70 and 80-83 as python-stdnum lists them), a serial and a check digit: the first twelve
digits weighted 2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9, the sum mod 11, 10 counting as 1.
python-stdnum's ``ro.cnp`` checks the sex digit, the date, the county and the check digit; a
birth date in the future is refused here.

A random thirteen-digit run passes about once in seven hundred (a date, a county code, then one
in ten), so a CNP is confirmed without a context word, except right after a record's reference
word ("order", "ref", "#", "factura", "comanda"), where it is dropped, and near a barcode's word
("EAN", "GTIN", "cod de bare"), whose thirteen digits are a product's, where it is not
confirmed -- unless a context word ("CNP", "cod numeric personal", "personal numeric code") is
near.
"""

from __future__ import annotations

import datetime
import re

from stdnum.exceptions import ValidationError
from stdnum.ro import cnp

from annexa.detect.builtin._base import RegionDetector
from annexa.detect.context import after_reference_word
from annexa.detect.interface import Detector, ScanContext
from annexa.detect.pattern import Pattern, context_rx, near_words
from annexa.settings import ScanSettings

RO_WORDS = (
    "cnp",
    "c.n.p.",
    "c.n.p",
    "cod numeric personal",
    "codul numeric personal",
    "codului numeric personal",
    "cod numeric",
    "codul numeric",
    "personal numeric code",
    "personal identification number",
    "romanian personal code",
    "romanian id",
    "carte de identitate",
    "cartea de identitate",
    "buletin",
    "act de identitate",
)
_BARCODE_WORDS = context_rx(
    ("ean", "ean13", "ean-13", "gtin", "barcode", "bar code", "cod de bare", "codul de bare")
)
_RO_REFERENCE = re.compile(
    r"(?<!\w)(?:factur[aăi]|factura nr|comand[aăi]|nr\. comenzii|num[aă]r comand[aă]|aviz"
    r"|chitan[tț][aă]|contract)(?: ?(?:nr|no)\b\.?)?[^\w\n]{0,4}$"
)


def cnp_is_valid(value: str) -> bool:
    """Whether ``value`` (thirteen digits) is a valid CNP: stdnum's sex digit, date, county and
    check digit, and a birth date not in the future."""
    if not cnp.is_valid(value):
        return False
    try:
        born = cnp.get_birth_date(value)
    except ValidationError:  # pragma: no cover - is_valid has read the date
        return False
    return born <= datetime.date.today()


class RoCnpDetector(RegionDetector):
    """Romanian personal numeric codes (CNP): sex digit, date, county, weighted check digit."""

    name = "ro_cnp"
    entities = ("RO_CNP",)
    min_digits = 13
    max_digits = 13
    separators = frozenset({""})
    context = RO_WORDS
    patterns = (
        Pattern(
            "cnp",
            r"(?<![\w\-+./])[1-9]\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{6}"
            r"(?![\w]|[\-./]\d)",
            0.3,
            positives=(
                "CNP: ⟦1850317123450⟧",
                "Codul numeric personal 2851228045670 figurează în buletin.",
                "născută în 2002, cnp 5020701400125",
                "client 1961115400238",
            ),
            negatives=(
                "CNP 1850317123451",  # check digit
                "CNP 1851317123451",  # month 13
                "CNP 1850317993458",  # county 99
                "CNP 0850317123459",  # sex digit 0
                "CNP 5300317123455",  # born 2030
                "order 1850317123450",
                "EAN 1850317123450",
                "CNP 18503171234501",
            ),
            origin="OUG 97/2005 art. 6; HG 1.375/2006 (python-stdnum ro.cnp)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return cnp_is_valid(value)

    def check(self, ctx: ScanContext, start: int, end: int, pattern: Pattern) -> bool | None:
        """After a record's reference word: dropped; near a barcode's word: unconfirmed;
        unless a context word is near."""
        if not cnp_is_valid(ctx.text[start:end]):
            return False
        if self.has_context(ctx, start, end):
            return True
        lower = ctx.lower
        if after_reference_word(lower, start) or _RO_REFERENCE.search(
            lower, max(0, start - 32), start
        ):
            return False
        return None if near_words(_BARCODE_WORDS, lower, start, end, self.context_window) else True


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in Romanian identifier detector."""
    return [RoCnpDetector()]
