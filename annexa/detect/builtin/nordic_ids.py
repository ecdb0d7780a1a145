"""Nordic identifiers: the Finnish personal identity code (FI_PERSONAL_IDENTITY_CODE), the Swedish
personnummer (SE_PERSONNUMMER) and the Swedish organisationsnummer (SE_ORGANISATIONSNUMMER).

Henkilötunnus (Digital and Population Data Services Agency): ``DDMMYYCZZZQ``, the birth date, a
century sign (``+`` for the 1800s; ``-`` and, since 2023, ``Y X W V U`` for the 1900s; ``A`` and,
since 2023, ``B C D E F`` for the 2000s), an individual number (002-899; 900-999 are temporary
codes, which also name a person) and a check character, the nine digits mod 31 looked up in
``0123456789ABCDEFHJKLMNPRSTUVWXY``. python-stdnum's ``fi.hetu`` (which knows the 2023 signs)
checks the date, the individual number and the check character. One random code in 31 passes the
check and the date must exist, so a valid code is confirmed without a context word; except one
written only in digits with ``-`` or ``+`` (``DDMMYY-NNNN``) that is also a valid Swedish
personnummer (kept at a medium score, a context word decides), or that stands right after a
record's reference word ("order", "ref", "#"), where it is dropped unless a context word is near.

Personnummer (Folkbokföringslagen 18 §, Skatteverket): ``YYMMDD-NNNC`` (``+`` instead of ``-``
from the year the holder turns 100), ``YYYYMMDD-NNNC``, or the same without the separator: the
birth date, a three-digit birth number (001-999) and a Luhn digit over the last ten digits. A
samordningsnummer (coordination number, 18 a §) is written the same way with 60 added to the day.
The date is checked with python-stdnum's ``se.personnummer`` (after taking 60 off a
samordningsnummer's day, which stdnum does not know) and must not lie in the future; the Luhn
digit with ``stdnum.luhn``. Luhn alone passes one random number in ten and a bare ten- or
twelve-digit run is often a timestamp (``YYYYMMDDhhmm``) or a date-stamped serial, so a bare run
counts only near a context word ("personnummer", "pnr", "samordningsnummer"...). The form with
its separator is the one the law prescribes and people write: a random 6-4 number passes the
date and Luhn checks of a personnummer about once in 280 draws (a date-stamped serial such as
``230415-1234`` once in ten), so it is confirmed alone, like a grouped SIN, except right after a
record's reference word ("order", "batch", "#"), where it is dropped, and near a phone's context
word with none of its own (``phone_shaped``). A medium score would not do: libphonenumber calls
most 6-4 numbers led by 6-9 valid Indian mobile numbers, and that phone finding (0.6) would take
the span of nearly every personnummer of someone born in 1960-1999. Days 61-91 double the
numbers that pass (one in 130), so a samordningsnummer needs a context word in either form.

Organisationsnummer (lag 1974:174, Bolagsverket): ten digits ``NNNNNN-NNNN``, the first the
group number (1-3, 5-9), the third at least 2 (so that it is never a personnummer, whose month
starts with 0 or 1), the last a Luhn digit (python-stdnum ``se.orgnr``). About one random number
in twelve passes, so a match counts only near a context word ("organisationsnummer",
"org.nr"...).

All three start with six digits, so the shared region pass's ``NUM`` regions gate them: a
henkilötunnus or a ``+`` personnummer is six digits then a sign (which the region pass does not
join), the other forms are runs of ten or twelve digits with at most a dash.
"""

from __future__ import annotations

import datetime
import re

from stdnum import luhn
from stdnum.exceptions import ValidationError
from stdnum.fi import hetu
from stdnum.se import orgnr, personnummer

from annexa.detect.builtin._base import RegionDetector, digits_only
from annexa.detect.builtin._regions import Region
from annexa.detect.context import after_reference_word
from annexa.detect.interface import Detector, ScanContext
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings

FI_CONTEXT = (
    "henkilötunnus",
    "henkilötunnukseni",
    "henkilötunnuksen",
    "henkilötunnusta",
    "hetu",
    "hetun",
    "sotu",
    "sosiaaliturvatunnus",
    "personbeteckning",
    "personal identity code",
    "identity code",
    "finnish id",
    "social security",
)
SE_PERSONNUMMER_CONTEXT = (
    "personnummer",
    "personnumret",
    "personnr",
    "pers.nr",
    "pnr",
    "samordningsnummer",
    "samordningsnumret",
    "samordningsnr",
    "coordination number",
    "social security",
    "personal identity number",
    "personal identity",
    "personal id",
    "personal number",
    "swedish id",
)
SE_ORGNR_CONTEXT = (
    "organisationsnummer",
    "organisationsnumret",
    "org.nr",
    "org. nr",
    "orgnr",
    "org nr",
    "org.nummer",
    "orgnummer",
    "organization number",
    "organisation number",
    "corporate identity number",
    "company registration",
    "company registration number",
    "bolagsverket",
)

# The century signs of a henkilötunnus (a letter in either case); a code written only in digits.
_FI_SIGNS = frozenset("+-ABCDEFUVWXYabcdefuvwxy")
_FI_DIGITS_ONLY = re.compile(r"\d{6}[-+]\d{4}")
_ORGNR_ORIGIN = (
    "Lag (1974:174) om identitetsbeteckning för juridiska personer (python-stdnum se.orgnr)"
)


def personnummer_is_valid(value: str) -> bool:
    """Whether ``value`` (10 or 12 digits, an optional ``-`` or ``+`` before the last four) is a
    valid Swedish personnummer or samordningsnummer: an existing birth date not in the future
    (a samordningsnummer's day less 60), a birth number other than 000, the Luhn digit."""
    digits = digits_only(value)
    if len(digits) not in (10, 12) or digits[-4:-1] == "000":
        return False
    if not luhn.is_valid(digits[-10:]):
        return False
    day = int(digits[-6:-4])
    if day > 60:  # samordningsnummer: 60 is added to the day
        day -= 60
    dated = f"{digits[:-6]}{day:02d}{digits[-4:]}"
    sign = "+" if "+" in value and len(digits) == 10 else "-"
    try:
        born = personnummer.get_birth_date(f"{dated[:-4]}{sign}{dated[-4:]}")
    except ValidationError:
        return False
    return born <= datetime.date.today()


class FiHetuDetector(RegionDetector):
    """Finnish personal identity codes (henkilötunnus), confirmed by date and check character."""

    name = "fi_hetu"
    entities = ("FI_PERSONAL_IDENTITY_CODE",)
    min_digits = 6
    max_digits = 10
    separators = frozenset({"", "-"})
    context = FI_CONTEXT
    patterns = (
        Pattern(
            "hetu",
            r"(?<![\w\-+./])(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2}[-+A-FU-Ya-fu-y]\d{3}"
            r"[0-9A-FHJ-NPR-Ya-fhj-npr-y](?!\w|[\-+./]\w)",
            0.5,
            positives=(
                "henkilötunnus ⟦140378-2355⟧",
                "My hetu is ⟦290212A4863⟧.",
                "born 2021: ⟦071121B3846⟧",
                "code 300698Y129M on file",
                "(020485+412R)",
                "hetu 050903f777a",
            ),
            negatives=(
                "henkilötunnus 140378-2356",
                "hetu 290212A486J",
                "hetu 300298A1237",
                "hetu 290212G4863",
                "hetu 290212A001E",
                "140378/2355 and 140378.2355",
                "order 230177-5121",
                "id 290212A48633",
            ),
            origin="DVV henkilötunnus specification, 2023 century signs (python-stdnum fi.hetu)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return hetu.is_valid(value.upper(), allow_temporary=True)

    def check(self, ctx: ScanContext, start: int, end: int, pattern: Pattern) -> bool | None:
        """A code written only in digits is the shape of other numbers: a valid Swedish
        personnummer keeps the rule's score, a record's number (after "order") is dropped."""
        value = ctx.text[start:end]
        if not self.validate(value, pattern):
            return False
        if not _FI_DIGITS_ONLY.fullmatch(value) or self.has_context(ctx, start, end):
            return True
        if after_reference_word(ctx.lower, start):
            return False
        return None if personnummer_is_valid(value) else True

    def keep(self, text: str, region: Region) -> bool:
        """Six digits then a century sign (which the region pass does not join), or the code
        with ``-``: nine digits and a check letter, or ten digits."""
        if " " in region.seps:
            return True  # a list of numbers joined by spaces: the code may be inside
        if region.digits == 6:
            return region.seps == "" and text[region.end : region.end + 1] in _FI_SIGNS
        return region.seps == "-" and region.digits in (9, 10)


class SePersonnummerDetector(RegionDetector):
    """Swedish personnummer and samordningsnummer (date and Luhn digit)."""

    name = "se_personnummer"
    entities = ("SE_PERSONNUMMER",)
    min_digits = 6
    max_digits = 12
    separators = frozenset({"", "-"})
    context = SE_PERSONNUMMER_CONTEXT
    needs_context = frozenset({"samnr_separated", "pnr_plain"})
    phone_shaped = True
    patterns = (
        Pattern(
            "pnr_separated",
            r"(?<![\w\-+./])(?:\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[-+]"
            r"|(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])-)\d{4}"
            r"(?!\w|[\-+./]\d)",
            0.3,
            positives=(
                "personnummer ⟦811218-9876⟧",
                "Mitt pnr är ⟦19640823-3234⟧.",
                "född 1835: ⟦350101+4124⟧",
                "kund 640823-3234 ringde",
            ),
            negatives=(
                "personnummer 811218-9875",
                "personnummer 811318-9876",
                "pnr 811232-9876",
                "order 811218-9876",
                "ticket #640823-3234",
                "invoice 19640823-3234",
                "pnr 811218-98760",
                "call 640823-3234",
            ),
            origin="Folkbokföringslagen 18 §, Skatteverket (python-stdnum se.personnummer)",
        ),
        Pattern(
            "samnr_separated",
            r"(?<![\w\-+./])(?:\d{2}(?:0[1-9]|1[0-2])(?:6[1-9]|[78]\d|9[01])[-+]"
            r"|(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:6[1-9]|[78]\d|9[01])-)\d{4}"
            r"(?!\w|[\-+./]\d)",
            0.3,
            positives=(
                "samordningsnummer: ⟦930477-2487⟧",
                "Mitt samordningsnummer är ⟦19640883-3231⟧.",
                "coordination number ⟦200171-4522⟧",
            ),
            negatives=(
                "ref 930477-2487",
                "samordningsnummer 930477-2488",
                "samordningsnummer 930492-2487",
                "samordningsnummer 930460-2480",
            ),
            origin="Folkbokföringslagen 18 a §, Skatteverket (python-stdnum se.personnummer)",
        ),
        Pattern(
            "pnr_plain",
            r"(?<![\w\-+./])(?:(?:18|19|20)\d{2}|\d{2})(?:0[1-9]|1[0-2])"
            r"(?:[0-2]\d|3[01]|[6-8]\d|9[01])\d{4}(?!\w|[\-+./]\d)",
            0.3,
            positives=(
                "personnummer ⟦8112189876⟧",
                "Mitt personnummer är ⟦196408233234⟧.",
                "personal identity number: ⟦9304772487⟧",
            ),
            negatives=(
                "ref 8112189876",
                "personnummer 8112189875",
                "created 202304151234",
                "pnr 196413233234",
                "pnr 211801010000",
            ),
            origin="Folkbokföringslagen 18 and 18 a §§, Skatteverket (python-stdnum se)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return personnummer_is_valid(value)

    def check(self, ctx: ScanContext, start: int, end: int, pattern: Pattern) -> bool | None:
        """A record's number (right after "order", "ref", "#") is dropped unless a context word
        is near."""
        if not self.validate(ctx.text[start:end], pattern):
            return False
        return not after_reference_word(ctx.lower, start) or self.has_context(ctx, start, end)

    def keep(self, text: str, region: Region) -> bool:
        """Six digits are followed by ``+`` and four digits; other runs hold ten or twelve."""
        if " " in region.seps:
            return True  # a list of numbers joined by spaces: the number may be inside
        if region.digits == 6:
            tail = text[region.end : region.end + 5]
            return len(tail) == 5 and tail[0] == "+" and tail[1:].isdigit()
        return region.digits in (10, 12)


class SeOrgnrDetector(RegionDetector):
    """Swedish organisationsnummer (group number, third digit >= 2, Luhn), near a context
    word."""

    name = "se_orgnr"
    entities = ("SE_ORGANISATIONSNUMMER",)
    min_digits = 10
    max_digits = 10
    separators = frozenset({"", "-"})
    context = SE_ORGNR_CONTEXT
    needs_context = frozenset({"orgnr_separated", "orgnr_plain"})
    patterns = (
        Pattern(
            "orgnr_separated",
            r"(?<![\w\-+./])[1235-9]\d[2-9]\d{3}-\d{4}(?!\w|[\-+./]\d)",
            0.3,
            positives=(
                "organisationsnummer ⟦802454-7716⟧",
                "Org.nr: ⟦716418-9321⟧",
                "⟦556614-3151⟧ är vårt orgnr.",
                "company registration number 969731-2347",
            ),
            negatives=(
                "organisationsnummer 802454-7717",
                "orgnr 801454-7718",
                "orgnr 402454-7715",
                "ref 802454-7716",
                "orgnr 802454-77160",
            ),
            origin=_ORGNR_ORIGIN,
        ),
        Pattern(
            "orgnr_plain",
            r"(?<![\w\-+./])[1235-9]\d[2-9]\d{7}(?!\w|[\-+./]\d)",
            0.2,
            positives=("orgnr ⟦8024547716⟧", "Organisationsnummer: ⟦5566143151⟧."),
            negatives=("id 8024547716", "orgnr 8024547717", "orgnr 80245477160"),
            origin=_ORGNR_ORIGIN,
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return orgnr.is_valid(value)


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in Finnish and Swedish identifier detectors."""
    return [FiHetuDetector(), SePersonnummerDetector(), SeOrgnrDetector()]
