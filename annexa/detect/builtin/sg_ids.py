"""Singapore identifiers: NRIC and FIN numbers (SG_NRIC_FIN) and Unique Entity Numbers (SG_UEN).

An NRIC or FIN is written ``XNNNNNNNC``: a prefix letter (S and T for citizens and permanent
residents born before and since 2000, F and G for foreigners issued a FIN before and since 2000,
M for FINs issued since 2022), seven digits and a check letter. The check is the published one:
the digits weighted 2, 7, 6, 5, 4, 3, 2, plus 4 for T and G or 3 for M, modulus 11, read from
JZIHGFEDCBA (S, T), XWUTRQPNMLK (F, G) or XWUTRQPNJLK (M). python-stdnum has no module for it,
so it is checked here by hand. A match that passes is confirmed, as a Spanish NIE is: the layout
(one of five letters, seven digits, a letter) is rare in other text and only one letter in 26
passes.

A UEN (ACRA) has three layouts, checked with python-stdnum sg.uen: a business registered with
ACRA, eight digits and a check letter (``53001234X``); a local company, the year of registration,
five digits and a check letter (``201912345R``); any other entity, R, S or T (the century), the
year's last two digits, a two-letter entity type from ACRA's list, four digits and a check letter
(``T09LL0012E``). The two numeric layouts pass one random letter in 26 and look like a Spanish
DNI or a reference with a suffix letter: they count only near a context word ("UEN", "ACRA",
"business registration"). The third, with its entity type, is confirmed.
"""

from __future__ import annotations

from stdnum.sg import uen

from annexa.detect.builtin._base import RegionDetector
from annexa.detect.builtin._regions import NUM, TOKEN, Region
from annexa.detect.interface import Detector
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings

_NRIC_WORDS = (
    "nric",
    "fin",
    "uin",
    "ic no",
    "identity card",
    "foreign identification number",
)
_UEN_WORDS = (
    "uen",
    "unique entity number",
    "business registration",
    "company registration",
    "acra",
)
_NRIC_WEIGHTS = (2, 7, 6, 5, 4, 3, 2)
_NRIC_TABLES = {
    "S": (0, "JZIHGFEDCBA"),
    "T": (4, "JZIHGFEDCBA"),
    "F": (0, "XWUTRQPNMLK"),
    "G": (4, "XWUTRQPNMLK"),
    "M": (3, "XWUTRQPNJLK"),
}
_NRIC_LEADS = frozenset("STFGMstfgm")
_UEN_LEADS = frozenset("RST")


def nric_check_letter(value: str) -> str:
    """The check letter of an NRIC or FIN's prefix letter and seven digits (``S1500087``)."""
    offset, letters = _NRIC_TABLES[value[0].upper()]
    total = offset + sum(int(d) * w for d, w in zip(value[1:8], _NRIC_WEIGHTS, strict=True))
    return letters[total % 11]


class SgNricFinDetector(RegionDetector):
    """Singapore NRIC and FIN numbers, confirmed by their check letter."""

    name = "sg_nric_fin"
    entities = ("SG_NRIC_FIN",)
    region_kinds = frozenset({TOKEN, NUM})
    min_digits = 7
    max_digits = 7
    separators = frozenset({""})
    before = 2
    after = 2
    token_lengths = (9, 9)
    context = _NRIC_WORDS
    patterns = (
        Pattern(
            "nric_fin",
            r"(?i)(?<![\w\-])[STFGM]\d{7}[A-Z](?!\w)",
            0.3,
            positives=(
                "NRIC ⟦S8812345Z⟧",
                "FIN: F7654321Q.",
                "ic no t0412345f",
                "pass holder G5123456T",
                "new FIN M1234567K issued",
            ),
            negatives=(
                "S8812345A",
                "F7654321Z",
                "M1234567M",
                "A8812345Z",
                "S881234Z",
                "S88123456Z",
                "XS8812345Z",
            ),
            origin="ICA NRIC/FIN check letter (weights 2,7,6,5,4,3,2; published algorithm)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return nric_check_letter(value) == value[8].upper()

    def keep(self, text: str, region: Region) -> bool:
        """A prefix letter leads; for bare digits (after a lower-case f), one comes before them
        and a letter after."""
        start = region.start
        if region.kind == TOKEN:
            return text[start] in _NRIC_LEADS
        if region.digits > self.max_digits:
            return True  # a longer list of numbers: the number may sit anywhere inside
        return (
            text[start - 1 : start] in _NRIC_LEADS and text[region.end : region.end + 1].isalpha()
        )


class SgUenDetector(RegionDetector):
    """Singapore Unique Entity Numbers; the numeric layouts only near a context word."""

    name = "sg_uen"
    entities = ("SG_UEN",)
    region_kinds = frozenset({TOKEN, NUM})
    min_digits = 8
    max_digits = 9
    separators = frozenset({""})
    before = 2
    after = 2
    token_lengths = (10, 10)
    context = _UEN_WORDS
    needs_context = frozenset({"uen_business", "uen_local_company"})
    patterns = (
        Pattern(
            "uen_business",
            r"(?<![\w\-./])\d{8}[A-Z](?!\w)",
            0.3,
            positives=("UEN ⟦53001234X⟧", "ACRA business registration: 10987654K."),
            negatives=("53001234X", "UEN 53001234K", "UEN 5300123X", "UEN 53001234XY"),
            origin="ACRA Unique Entity Number (python-stdnum sg.uen)",
        ),
        Pattern(
            "uen_local_company",
            r"(?<![\w\-./])(?:18|19|20)\d{7}[A-Z](?!\w)",
            0.3,
            positives=("UEN ⟦201912345R⟧", "company registration no. 199800123E"),
            negatives=(
                "201912345R",
                "UEN 201912345S",
                "UEN 209912345Z",  # registered in 2099
                "UEN 2019123456R",
            ),
            origin="ACRA Unique Entity Number (python-stdnum sg.uen)",
        ),
        Pattern(
            "uen_other",
            r"(?<![\w\-./])[RST]\d{2}[A-Z]{2}\d{4}[A-Z](?!\w)",
            0.3,
            positives=("⟦T09LL0012E⟧", "society S98SS0123E registered", "UEN: T21PF1234D."),
            negatives=(
                "T09LL0012F",
                "T09QQ0012B",  # no such entity type
                "T98LL0012E",  # T: issued in 2098
                "A09LL0012E",
                "T09LL00123E",
            ),
            origin="ACRA Unique Entity Number (python-stdnum sg.uen)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return uen.is_valid(value)

    def keep(self, text: str, region: Region) -> bool:
        """R, S or T leads a token; an upper-case letter follows a digit run."""
        if region.kind == TOKEN:
            return text[region.start] in _UEN_LEADS
        if region.digits > self.max_digits:
            return True  # a longer list of numbers: the number may sit anywhere inside
        return text[region.end : region.end + 1].isupper()


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in Singapore identifier detectors."""
    return [SgNricFinDetector(), SgUenDetector()]
