"""US identifiers: Social Security numbers (US_SSN), ITINs (US_ITIN), passports (US_PASSPORT),
DEA registration numbers (MEDICAL_LICENSE, Presidio's name for them), National Provider
Identifiers (US_NPI), Medicare Beneficiary Identifiers (US_MBI), ABA routing numbers
(ABA_ROUTING_NUMBER) and Employer Identification Numbers (US_EIN).

An EIN (IRS) is nine digits written ``NN-NNNNNNN``; its first two are the prefix of the IRS
campus that assigned it (python-stdnum us.ein knows the valid ones). No check digit: four
random prefixes in five are valid and the layout is a file number's too, so it counts only near
a context word ("EIN", "FEIN", "employer identification number", "federal tax ID"). A sole
proprietor's EIN identifies a person; a company's is a business identifier, levelled internal.

SSNs, ITINs and passport numbers carry no checksum: python-stdnum rejects the impossible ones
(area 000, 666 or 9xx for an SSN; the ITIN's reserved middle groups), the format sets the score
and context words raise it. A bare nine-digit number is an SSN only next to words like "SSN"; the
ITIN ranges are the IRS's current ones, written out here because python-stdnum's list predates
the 50-65 block.

An NPI (CMS, NPI check digit specification) is ten digits, the first 1 or 2; its last digit is
the Luhn check digit of the constant prefix 80840 followed by the first nine; it is read bare
or in groups of 3-3-4 or 4-3-3 (spaces or dashes). An ABA routing
number is nine digits: a four-digit Federal Reserve routing symbol whose first two digits lie in
00-12, 21-32, 61-72 or 80, a four-digit institution identifier and a check digit (weights 3, 7,
1; python-stdnum us.rtn). It is written bare or, in the Federal Reserve's XXXX-YYYY-C layout,
with dashes. One random number in ten passes either check, so both count only near a context
word ("NPI", "routing number"); elsewhere they keep a score below the reporting threshold.

An MBI (CMS, "Understanding the Medicare Beneficiary Identifier Format") is eleven characters:
position 1 a digit 1-9; 2, 5, 8 and 9 a letter; 3 and 6 a letter or digit; 4, 7, 10 and 11 a
digit; the letters exclude S, L, O, I, B and Z. It has no checksum. The card prints it with
dashes after positions 4 and 7, the CMS systems store it without. The dashed form is the card's
and about one random eleven-character code in 10,000 has the MBI's layout, so it scores 0.5
(reported, raised near "MBI", "Medicare", "beneficiary"); bare, eleven characters could as well
be a part number or a generated key, so it scores 0.3 and counts only near a context word. An
MBI starts with a digit and holds letters: the shared region pass has its shape, dashed or not,
among its ``TOKEN`` regions, so a text without one skips the detector.
"""

from __future__ import annotations

from stdnum import luhn
from stdnum.us import ein, rtn, ssn

from annexa.detect.builtin._base import RegionDetector, digits_only
from annexa.detect.builtin._regions import NUM, TOKEN
from annexa.detect.context import after_reference_word, words_for
from annexa.detect.interface import Detector, ScanContext
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings

_NINE = r"(?<![\w\-+./]){lead}({sep})\d{{2}}\1\d{{4}}(?![\w]|[\-./]\d)"
# IRS: ITIN middle digits 50-65, 70-88, 90-92, 94-99 (python-stdnum predates the 50-65 block).
_ITIN_GROUPS = frozenset([*range(50, 66), *range(70, 89), *range(90, 93), *range(94, 100)])
_PASSPORT_WORDS = ("passport", "reisepass", "passeport", "pasaporte", "passaporto", "paspoort")


class UsSsnDetector(RegionDetector):
    """US Social Security numbers; the dashed form scores higher than a bare or spaced one."""

    name = "us_ssn"
    entities = ("US_SSN",)
    min_digits = 9
    max_digits = 9
    separators = frozenset({"", "--", "  ", ".."})
    context = words_for("US_SSN")
    patterns = (
        Pattern(
            "ssn_dashed",
            r"(?<![\w\-+./])(?!9)\d{3}-\d{2}-\d{4}(?![\w]|[\-./]\d)",
            0.5,
            positives=("SSN: 536-22-1234 on file", "id 078-05-1121.", "(536-22-1234)"),
            negatives=("000-12-3456", "666-12-3456", "call 536-22-12345", "536-00-1234"),
            origin="SSA numbering scheme (python-stdnum us.ssn)",
        ),
        Pattern(
            "ssn_spaced",
            _NINE.format(lead=r"(?!9)\d{3}", sep="[ .]"),
            0.4,
            positives=("social security number 078 05 1121", "SSN: 536.22.1234", "id 132 45 6789"),
            negatives=("ssn 000 00 0000", "ssn 666 12 3456", "SSN 132 45 67890"),
            origin="SSA numbering scheme (python-stdnum us.ssn)",
        ),
        Pattern(
            "ssn_plain",
            _NINE.format(lead=r"(?!9)\d{3}", sep=""),
            0.15,
            positives=("ssn 132456789", "social security: 536221234", "SSN#078051121"),
            negatives=("ssn 000000000", "ssn 666123456", "SSN 1324567890"),
            origin="SSA numbering scheme (python-stdnum us.ssn)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        compact = digits_only(value)
        if len(set(compact)) < 3 or not ssn.is_valid(compact):
            return False
        return None


class UsItinDetector(RegionDetector):
    """US Individual Taxpayer Identification Numbers (9xx-7x/8x/9x-xxxx)."""

    name = "us_itin"
    entities = ("US_ITIN",)
    min_digits = 9
    max_digits = 9
    context = words_for("US_ITIN")
    patterns = (
        Pattern(
            "itin",
            _NINE.format(lead=r"9\d{2}", sep=r"[\- ]"),
            0.5,
            positives=("ITIN 912-70-1234", "taxpayer id 900-53-0000 filed", "itin: 999 88 1234"),
            negatives=("912-69-1234", "ITIN 912-70-12345", "912-93-1234"),
            origin="IRS ITIN format",
        ),
        Pattern(
            "itin_plain",
            _NINE.format(lead=r"9\d{2}", sep=""),
            0.15,
            positives=("ITIN 912701234", "taxpayer id: 900530000."),
            negatives=("ITIN 912691234", "ITIN 9127012345", "itin 812701234"),
            origin="IRS ITIN format",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        digits = digits_only(value)
        return None if digits[0] == "9" and int(digits[3:5]) in _ITIN_GROUPS else False


class UsPassportDetector(RegionDetector):
    """US passport numbers (nine digits, or a letter and eight digits), only near "passport"."""

    name = "us_passport"
    entities = ("US_PASSPORT",)
    region_kinds = frozenset({NUM, TOKEN})
    min_digits = 8
    max_digits = 9
    token_lengths = (9, 9)
    context = words_for("US_PASSPORT")
    patterns = (
        Pattern(
            "passport",
            r"(?<![\w\-])(?:[A-Z]\d{8}|\d{9})(?![\w]|[\-.]\d)",
            0.1,
            keywords=_PASSPORT_WORDS,
            positives=(
                "passport number 912803456",
                "US passport: A12345678",
                "Passport no. C03005988 issued",
            ),
            negatives=("passport 1234567", "passport AB1234567", "passport 1234567890"),
            origin="US Department of State passport book and card numbers",
        ),
    )


# DEA registrant type letters (the first character of a registration number).
_DEA_TYPES = "ABCDEFGHJKLMPRSTUX"
_DEA_WORDS = ("dea", "medical", "license", "licence", "prescriber", "registration", "certificate")


def dea_checksum(value: str) -> bool:
    """DEA's check digit: (d1 + d3 + d5) + 2 * (d2 + d4 + d6), last digit, equals d7."""
    d = [int(c) for c in value[2:]]
    return (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10 == d[6]


class UsDeaDetector(RegionDetector):
    """DEA registration numbers: a registrant-type letter, the registrant's initial (or 9),
    seven digits whose last is a check digit.

    One random code in ten passes the check, so a match is confirmed only near a context word
    ("DEA", "prescriber", "medical license"...); elsewhere it keeps the lowest reported score,
    and right after a record's reference word ("order", "invoice", "ref", "#"...) it is that
    record's code."""

    name = "us_dea"
    entities = ("MEDICAL_LICENSE",)
    region_kinds = frozenset({TOKEN})
    token_lengths = (9, 9)
    before = 1
    after = 1
    context = _DEA_WORDS
    needs_context = frozenset({"dea"})
    patterns = (
        Pattern(
            "dea",
            rf"(?<![\w\-])[{_DEA_TYPES}][A-Z9]\d{{7}}(?![\w]|[\-.]\d)",
            0.4,
            positives=("DEA number AB1234563", "prescriber: FM2468242.", "DEA# M91357917"),
            negatives=(
                "DEA number AB1234564",
                "DEA ZB1234563",
                "dea AB12345639",
                "DEA A12345678",
                "order AB1234563",
                "invoice #AB1234563",
            ),
            origin="DEA Diversion Control: registration number format and check digit",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return dea_checksum(value)

    def check(self, ctx: ScanContext, start: int, end: int, pattern: Pattern) -> bool | None:
        """The check digit; far from a context word, no record's code either."""
        if not dea_checksum(ctx.text[start:end]):
            return False
        return not after_reference_word(ctx.lower, start) or self.has_context(ctx, start, end)


_NPI_WORDS = (
    "npi",
    "national provider",
    "national provider identifier",
    "provider identifier",
    "provider id",
    "provider number",
)
# CMS: the NPI check digit is the Luhn check digit of "80840" (the card issuer prefix of the
# US health industry, ISO/IEC 7812) followed by the NPI's first nine digits.
_NPI_PREFIX = "80840"
# Ten digits: bare, or grouped 3-3-4 or 4-3-3 with spaces or dashes.
_NPI_RX = (
    r"(?<![\w\-+./])(?:[12]\d{9}|[12]\d{2}([ \-])\d{3}\1\d{4}|[12]\d{3}([ \-])\d{3}\2\d{3})"
    r"(?![\w]|[\-./]\d)"
)


def npi_checksum(digits: str) -> bool:
    """Whether ten digits end with the NPI check digit (Luhn over 80840 and the first nine)."""
    return len(digits) == 10 and luhn.is_valid(_NPI_PREFIX + digits)


class UsNpiDetector(RegionDetector):
    """National Provider Identifiers (ten digits, first 1 or 2, Luhn with the 80840 prefix),
    confirmed only near a context word."""

    name = "us_npi"
    entities = ("US_NPI",)
    min_digits = 10
    max_digits = 10
    separators = frozenset({"", "  ", "--"})
    context = _NPI_WORDS
    needs_context = frozenset({"npi"})
    phone_shaped = True
    patterns = (
        Pattern(
            "npi",
            _NPI_RX,
            0.2,
            positives=(
                "NPI: ⟦1987654328⟧",
                "national provider identifier 2470315963.",
                "provider number (1608249730)",
                "NPI 198-765-4328 on the claim",
            ),
            negatives=(
                "NPI 1987654329",
                "NPI 3518672043",
                "NPI 0987654320",
                "npi 19876543280",
                "order 1987654328 shipped",
                "call 247-031-5963",
            ),
            origin="CMS NPI standard: check digit (Luhn over 80840 + nine digits)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return npi_checksum(digits_only(value))


_MBI_LETTER = "AC-HJKMNP-RT-Y"  # A-Z without S, L, O, I, B, Z
_L = "[AC-HJKMNP-RT-Y]"  # A-Z without S, L, O, I, B, Z
_LD = "[0-9AC-HJKMNP-RT-Y]"


def _mbi(sep: str) -> str:
    """The CMS layout C A AN N A AN N A A N N, ``sep`` after positions 4 and 7."""
    return f"[1-9]{_L}{_LD}[0-9]{sep}{_L}{_LD}[0-9]{sep}{_L}{{2}}[0-9]{{2}}"


_MBI_WORDS = ("mbi", "medicare", "beneficiary")


class UsMbiDetector(RegionDetector):
    """Medicare Beneficiary Identifiers, by the CMS layout (no checksum)."""

    name = "us_mbi"
    entities = ("US_MBI",)
    region_kinds = frozenset({TOKEN})
    token_lengths = (11, 13)  # the shared region pass has the MBI's shape, dashed or not
    before = 2
    after = 2
    context = _MBI_WORDS
    patterns = (
        Pattern(
            "mbi_dashed",
            r"(?i)(?<![\w\-])" + _mbi("-") + r"(?![\w]|-\w)",
            0.5,
            positives=(
                "Medicare ID: ⟦5KT2-WD9-RG46⟧",
                "card 8CM4-EN7-XA03 renewed",
                "mbi 3vu9-hp2-cq71.",
            ),
            negatives=(
                "5KT2-SD9-RG46",
                "5KT2-WD9-RO46",
                "0KT2-WD9-RG46",
                "5K72-WD9-RG46A",
                "55T2-WD9-RG46",
                "5KT2-WD9-RG4",
                "x-5KT2-WD9-RG46",
            ),
            origin="CMS: Understanding the Medicare Beneficiary Identifier (MBI) format",
        ),
        Pattern(
            "mbi_plain",
            r"(?i)(?<![\w\-])" + _mbi("") + r"(?![\w]|-\w)",
            0.3,
            positives=(
                "MBI ⟦5KT2WD9RG46⟧",
                "Medicare beneficiary identifier: 8CM4EN7XA03.",
                "the beneficiary's mbi is 3vu9hp2cq71",
            ),
            negatives=(
                "part 5KT2WD9RG46 in stock",
                "MBI 5KT2WD9RG4",
                "MBI 5KT2WD9RG467",
                "MBI 5KT2WD9RZ46",
                "MBI 5BT2WD9RG46",
            ),
            origin="CMS: Understanding the Medicare Beneficiary Identifier (MBI) format",
        ),
    )


_ABA_WORDS = (
    "routing",
    "aba",
    "rtn",
    "routing number",
    "transit number",
    "routing transit number",
    "bank routing",
    "aba number",
)
# Federal Reserve routing symbols: 00-12 (banks; 00 the US Government), 21-32 (thrift
# institutions), 61-72 (electronic transactions), 80 (traveller's cheques).
_ABA_PREFIXES = frozenset([*range(0, 13), *range(21, 33), *range(61, 73), 80])


def aba_valid(digits: str) -> bool:
    """A Federal Reserve prefix, the 3-7-1 check digit, not all one digit."""
    return (
        len(digits) == 9
        and int(digits[:2]) in _ABA_PREFIXES
        and len(set(digits)) > 1
        and rtn.is_valid(digits)
    )


class AbaRoutingDetector(RegionDetector):
    """ABA routing transit numbers (prefix ranges, 3-7-1 check), only near a context word."""

    name = "aba_routing"
    entities = ("ABA_ROUTING_NUMBER",)
    min_digits = 9
    max_digits = 9
    separators = frozenset({"", "--"})
    context = _ABA_WORDS
    needs_context = frozenset({"aba"})
    phone_shaped = True
    patterns = (
        Pattern(
            "aba",
            r"(?<![\w\-+./])(?:[0-3678]\d{8}|[0-3678]\d{3}-\d{4}-\d)(?![\w]|[\-./]\d)",
            0.2,
            positives=(
                "routing number: ⟦044200170⟧",
                "ABA 321075387, account 12345678",
                "bank routing (263970142)",
                "RTN 0739-0521-3 on the cheque",
            ),
            negatives=(
                "routing number 044200171",
                "routing 451203786",
                "routing 131203789",
                "routing 000000000",
                "routing 0442001700",
                "order 044200170 shipped",
                "ref 6220-4416-9",
            ),
            origin="ABA routing number (Federal Reserve prefixes; python-stdnum us.rtn)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return aba_valid(digits_only(value))


class UsEinDetector(RegionDetector):
    """US Employer Identification Numbers (``NN-NNNNNNN``, bare near a context word too), with
    a campus prefix the IRS assigns, only near a context word."""

    name = "us_ein"
    entities = ("US_EIN",)
    min_digits = 9
    max_digits = 9
    separators = frozenset({"-", ""})
    context = words_for("US_EIN")
    needs_context = frozenset({"ein", "ein_plain"})
    patterns = (
        Pattern(
            "ein",
            r"(?<![\w\-+./])\d{2}-\d{7}(?![\w]|[\-./]\d)",
            0.3,
            positives=("EIN: 12-3456789", "our FEIN is 04-2103594.", "Federal Tax ID 91-1144442"),
            negatives=("EIN 07-3456789", "ref 12-3456789", "EIN 12-34567890"),
            origin="IRS EIN prefixes (python-stdnum us.ein)",
        ),
        Pattern(
            "ein_plain",
            r"(?<![\w\-+./])\d{9}(?![\w]|[\-./]\d)",
            0.2,
            positives=("Employer Identification Number 123456789",),
            negatives=("order 123456789", "EIN 073456789"),
            origin="IRS EIN prefixes (python-stdnum us.ein)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return ein.is_valid(value)


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in US identifier detectors."""
    return [
        UsSsnDetector(),
        UsItinDetector(),
        UsPassportDetector(),
        UsDeaDetector(),
        UsNpiDetector(),
        UsMbiDetector(),
        AbaRoutingDetector(),
        UsEinDetector(),
    ]
