"""Chinese resident identity card numbers (CN_RESIDENT_ID, 居民身份证号码).

GB 11643-1999 (公民身份号码) and the Resident Identity Card Law (居民身份证法) art. 3: eighteen
characters: the administrative division code (GB/T 2260) of the county where the holder's
household was registered when the number was assigned, the birth date ``YYYYMMDD``, a three-digit
sequence (odd for men, even for women) and a check character, ISO 7064 MOD 11-2 over the
seventeen digits (``0``-``9``, or ``X`` for ten). The residence permits of residents of Hong Kong,
Macao and Taiwan (2018) carry numbers of the same layout with the codes 810000, 820000 and
830000.

python-stdnum's cn.ric computes the check character and reads the date; the division code is
looked up in its list of published codes (cn/loc). Its own validation wants the county code in
use in the holder's birth year, but a number is assigned where the household is registered,
which for people born before their county was created is a later year: a county code on the
list for any year will do. The birth date must lie in the past and after 1900. A random
eighteen-digit run passes the check, the date and the division code about once in a million
draws, so a valid number is confirmed without a context word. One whose province is known but
whose county code is not on the list (a newer code, or a typo) keeps a low score and counts
only near a context word ("身份证", "身份号码", "resident identity card").

Chinese puts no space between words, so the Chinese context words match anywhere (inside
"身份证号码", "居民身份证", "公民身份号码") and the rule (ASCII mode) lets Chinese characters
touch a number ("身份证号110101199003071233").
"""

from __future__ import annotations

import datetime
import re

from stdnum import numdb
from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from annexa.detect.builtin._base import RegionDetector
from annexa.detect.builtin._regions import Region
from annexa.detect.interface import Detector
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings

CN_CONTEXT = (
    "身份证",
    "身份證",
    "身份号码",
    "身份號碼",
    "证件号码",
    "證件號碼",
    "居住证",
    "resident identity card",
    "resident id",
    "identity card",
    "id card",
    "id card number",
    "chinese id",
    "prc id",
    "citizen id",
    "shenfenzheng",
)
# Residence permits of Hong Kong, Macao and Taiwan residents (2018): python-stdnum's list has
# the first two only from 1997 and 1999 (the handovers), the third not at all.
_PERMIT_CODES = frozenset({"810000", "820000", "830000"})
_ORIGIN = "GB 11643-1999 公民身份号码, ISO 7064 MOD 11-2 (python-stdnum cn.ric)"


def resident_id_verdict(value: str) -> bool | None:
    """Whether ``value`` is a valid resident identity card number: ``True`` (check character,
    a past birth date since 1900 and a known county code), ``None`` (the same, but only the
    province is known) or ``False``."""
    number = value.upper()
    if len(number) != 18 or not number[:17].isdigit():
        return False
    if ric.calc_check_digit(number) != number[17]:
        return False
    try:
        born = ric.get_birth_date(number)
    except ValidationError:
        return False
    if born.year < 1900 or born > datetime.date.today():
        return False
    if number[:6] in _PERMIT_CODES:
        return True
    # python-stdnum's list, read here: its get_birth_place wants the county in use in the birth
    # year (and fails on a known province's unknown county)
    found = numdb.get("cn/loc").info(number[:6])
    if not found[0][1].get("province"):
        return False
    return True if len(found) > 1 and found[1][1].get("county") else None


class CnResidentIdDetector(RegionDetector):
    """Chinese resident identity card numbers (division code, birth date, MOD 11-2)."""

    name = "cn_resident_id"
    entities = ("CN_RESIDENT_ID",)
    min_digits = 17
    max_digits = 18
    separators = frozenset({""})
    context = CN_CONTEXT
    patterns = (
        Pattern(
            "resident_id",
            r"(?<![\w\-+./])[1-8]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
            r"\d{3}[\dXx](?![\w]|[\-./]\d)",
            0.3,
            positives=(
                "身份证号码：⟦11010119900307125X⟧",
                "ID card number ⟦440305198512240021⟧.",
                "公民身份号码510104200002293212，请核对",
                "resident id 31010419880715006x",
            ),
            negatives=(
                "身份证 110101199003071234",  # check character
                "身份证 110101199013071237",  # month 13
                "身份证 999999199003071234",  # no such division
                "身份证 110101209903071235",  # born in 2099
                "身份证 1101011990030712330",
                "order 0110101199003071233",
            ),
            origin=_ORIGIN,
            flags=re.ASCII,
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return resident_id_verdict(value)

    def keep(self, text: str, region: Region) -> bool:
        """Eighteen digits, or seventeen and the check character ``X``."""
        if region.digits == 18 or " " in region.seps:
            return True
        return text[region.end : region.end + 1] in ("X", "x")


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in Chinese identifier detector."""
    return [CnResidentIdDetector()]
