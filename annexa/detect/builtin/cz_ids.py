"""Czech and Slovak birth numbers (CZ_BIRTH_NUMBER, rodné číslo).

Zákon č. 133/2000 Sb., o evidenci obyvatel, § 13 (Czech Republic) and zákon č. 301/1995 Z. z.,
o rodnom čísle (Slovakia; the two countries kept the Czechoslovak number): ``YYMMDD/SSSC``, the
birth date with 50 added to a woman's month, a serial and, for anyone born from 1 January 1954,
a check digit that makes the ten-digit number divisible by 11 (when the first nine digits leave
10, the check digit is 0). Since 2004 a Czech month may carry another 20 (21-32 men, 71-82 women)
when a day's serials run out. A number given before 1954 is nine digits, ``YYMMDD/SSS``, with no
check digit. The slash is how the number is written (on the identity card, in every document);
it is also written bare. python-stdnum's ``cz.rc`` checks the date, the length for the century
and the check digit; the month's ranges (stdnum also takes 41-49 and 91-99), the +20 only from
2004, and a birth date not in the future are checked here.

About one random ten-digit number in 140 passes (a date, then one in eleven), so the slash form
is confirmed without a context word: ``NNNNNN/NNNN`` is rare elsewhere. It is dropped right after
a record's reference word ("order", "ref", "#", "č.j.", "faktura") -- a file number with its year
(``123456/2023``) has the shape -- and is not confirmed near a bank account's word ("účet",
"bank") or a phone's with none of its own: a Czech account number is written ``NNNNNN/BBBB``, the
bank's code after the slash. A bare ten-digit run (a phone number, a timestamp) and the nine-digit
form (no check at all) count only near a context word ("rodné číslo", "RČ", "birth number").
"""

from __future__ import annotations

import datetime
import re

from stdnum.cz import rc
from stdnum.exceptions import ValidationError

from annexa.detect.builtin._base import RegionDetector, digits_only
from annexa.detect.builtin._regions import Region
from annexa.detect.context import after_reference_word
from annexa.detect.interface import Detector, ScanContext
from annexa.detect.pattern import Pattern, context_rx, near_words
from annexa.settings import ScanSettings

CZ_WORDS = (
    "rodné číslo",
    "rodne cislo",
    "rodného čísla",
    "rodneho cisla",
    "rodnému číslu",
    "rodným číslem",
    "rodnym cislem",
    "rodném čísle",
    "rodnem cisle",
    "rodnom čísle",
    "rodnom cisle",
    "rodným číslom",
    "rodnym cislom",
    "rodné č.",
    "r.č.",
    "r.č",
    "r. č.",
    "rč",
    "r.c.",
    "číslo pojištěnce",
    "cislo pojistence",
    "číslo poistenca",
    "cislo poistenca",
    "birth number",
    "birth no",
    "czech birth number",
    "slovak birth number",
)
# What every context word holds, as the scanner reads it (lower case, look-alikes folded): a
# text holding none of these has no context word. The rules that need one run only where the
# scanner's keyword pass found one of these.
CONTEXT_STEMS = (
    "rodn",
    "r.č",
    "r. č",
    "rč",
    "r.c.",
    "pojišt",
    "pojist",
    "poisten",
    "birth",
)
_STEMS = frozenset(CONTEXT_STEMS)
# Words of a bank account: a Czech account is written NNNNNN/BBBB, the bank's code after the slash.
_ACCOUNT_WORDS = context_rx(
    (
        "účet",
        "účtu",
        "ucet",
        "uctu",
        "číslo účtu",
        "č.ú.",
        "č. ú.",
        "č.ú",
        "bankovní spojení",
        "bankové spojenie",
        "banka",
        "bank",
        "account",
        "acct",
        "iban",
        "kód banky",
        "variabilní symbol",
        "variabilný symbol",
    )
)
# Czech and Slovak words naming a record's number right before it (a file number with its year,
# 123456/2023; an invoice's, an order's, a contract's).
_CZ_REFERENCE = re.compile(
    r"(?<!\w)(?:č\. ?j\.?|čj\.?|sp\. ?zn\.?|faktur[ay]|objednávk[ay]|smlouv[ay]|zmluv[ay]"
    r"|číslo jednací|číslo faktury|číslo objednávky|č\.)[^\w\n]{0,4}$"
)
_ORIGIN = "Zákon 133/2000 Sb. § 13; zákon 301/1995 Z. z. (python-stdnum cz.rc)"


def birth_number_is_valid(value: str) -> bool:
    """Whether ``value`` (nine or ten digits, a ``/`` before the last three or four) is a valid
    birth number: stdnum's date, length and check digit; a month of 01-12 or 51-62, or 21-32 or
    71-82 for a ten-digit number of someone born from 2004; a birth date not in the future."""
    digits = digits_only(value)
    if not rc.is_valid(digits):
        return False
    month = int(digits[2:4])
    if month in range(21, 33) or month in range(71, 83):
        if len(digits) != 10 or not 4 <= int(digits[:2]) <= 53:
            return False
    elif month not in range(1, 13) and month not in range(51, 63):
        return False
    try:
        born = rc.get_birth_date(digits)
    except ValidationError:  # pragma: no cover - is_valid has read the date
        return False
    return born <= datetime.date.today()


class CzBirthNumberDetector(RegionDetector):
    """Czech and Slovak birth numbers (rodné číslo): date, and the mod 11 check from 1954."""

    name = "cz_birth_number"
    entities = ("CZ_BIRTH_NUMBER",)
    min_digits = 9
    max_digits = 10
    separators = frozenset({"", "/"})
    context = CZ_WORDS
    needs_context = frozenset({"rc_plain", "rc_nine"})
    phone_shaped = True
    patterns = (
        Pattern(
            "rc_slash",
            r"(?<![\w\-+./])\d{2}(?:[0-3]\d|[5-8]\d)(?:0[1-9]|[12]\d|3[01])/\d{4}"
            r"(?![\w]|[\-./]\d)",
            0.3,
            positives=(
                "rodné číslo ⟦850317/1237⟧",
                "Pacientka 855317/4564 přijata.",
                "RČ: 045201/0010",
                "born 2010, birth number 107224/5185",
                "r.č. 540101/0021",
            ),
            negatives=(
                "rodné číslo 850317/1238",  # check digit
                "rodné číslo 851317/1238",  # month 13
                "rodné číslo 854317/1230",  # month 43: no such month
                "rodné číslo 852317/1239",  # +20 before 2004
                "rodné číslo 350317/1232",  # born 2035
                "č.j. 850317/1237",  # a file number
                "číslo účtu 850317/1237",  # an account number and its bank code
                "rodné číslo 850317/12370",
            ),
            origin=_ORIGIN,
        ),
        Pattern(
            "rc_plain",
            r"(?<![\w\-+./])\d{2}(?:[0-3]\d|[5-8]\d)(?:0[1-9]|[12]\d|3[01])\d{4}(?![\w]|[\-./]\d)",
            0.3,
            keywords=CONTEXT_STEMS,
            positives=("rodné číslo: ⟦8503171237⟧", "RČ 8553174564.", "birth number 0156011230"),
            negatives=("ref 8503171237", "rodné číslo 8503171238", "rč 85031712370"),
            origin=_ORIGIN,
        ),
        Pattern(
            "rc_nine",
            r"(?<![\w\-+./])\d{2}(?:0[1-9]|1[0-2]|5[1-9]|6[0-2])(?:0[1-9]|[12]\d|3[01])/?\d{3}"
            r"(?![\w]|[\-./]\d)",
            0.2,
            keywords=CONTEXT_STEMS,
            positives=("rodné číslo ⟦310512/123⟧", "r.č. 485624012 (nar. 1948)"),
            negatives=("310512/123", "rodné číslo 580512/123", "rodné číslo 311312/123"),
            origin=_ORIGIN,
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return birth_number_is_valid(value)

    def wanted(self, ctx: ScanContext) -> list[Region]:
        """A run without a slash can hold only a form that needs a context word (most ten-digit
        runs are phone numbers and timestamps): looked at only in a text where the keyword pass
        found a context word's stem."""
        selected = super().wanted(ctx)
        if not selected or not _STEMS.isdisjoint(ctx.keywords):
            return selected
        return [r for r in selected if "/" in r.seps]

    def check(self, ctx: ScanContext, start: int, end: int, pattern: Pattern) -> bool | None:
        """A slash form after a record's reference word is dropped, near an account's word
        unconfirmed, unless a context word is near."""
        if not birth_number_is_valid(ctx.text[start:end]):
            return False
        if pattern.name != "rc_slash" or self.has_context(ctx, start, end):
            return True
        lower = ctx.lower
        if after_reference_word(lower, start) or _CZ_REFERENCE.search(
            lower, max(0, start - 32), start
        ):
            return False
        return None if near_words(_ACCOUNT_WORDS, lower, start, end, self.context_window) else True


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in Czech and Slovak identifier detector."""
    return [CzBirthNumberDetector()]
