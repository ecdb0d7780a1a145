"""Korean identifiers: resident registration numbers (KR_RRN), foreigner registration numbers
(KR_FRN), business registration numbers (KR_BRN) and driver's licence numbers
(KR_DRIVER_LICENSE); Presidio's names.

A resident registration number (주민등록번호) is written ``YYMMDD-SBBBBNC``: the holder's birth
date, a digit S that gives sex and century (1 or 2 for a citizen born in the 1900s, 3 or 4 in the
2000s), four digits of the registering office, a serial and a check digit (weights 2 to 9, then 2
to 5, modulus 11; python-stdnum kr.rrn, which also rejects office codes above 96). A foreigner
registration number (외국인등록번호) has the same layout with S = 5 or 6 (born in the 1900s) or 7 or
8 (2000s). Numbers assigned since October 2020 end in six random digits, without a check digit.
The birth date must exist and lie in the past. Written with its dash, a number that passes the
check digit too is confirmed; one that fails it (a newer number, or a made-up one) scores 0.3 and
is reported only near a context word. Thirteen bare digits count only near a context word
("주민등록번호", "resident registration", "외국인등록번호", "alien registration"). Orders and
invoices are often numbered by date the same way (``240315-1234567``): far from a context word, a
number right after a record's reference word ("order", "invoice no.", "주문번호") is dropped.

A business registration number (사업자등록번호) is written ``NNN-NN-NNNNN``: the tax office
(101 or above), the kind of business (not 00), a serial (not 0000) and a check digit (weights
1, 3, 7, 1, 3, 7, 1, 3, 5, plus the tens of five times the ninth digit, modulus 10; the National
Tax Service's rule, checked here by hand because python-stdnum kr.brn checks only the parts).
One random number in ten passes and its digit groups look like a phone number's, so in either
form it counts only near a context word ("사업자등록번호", "business registration").

A licence number is written ``RR-YY-NNNNNN-CC``: the issuing region's two-digit code (11 Seoul
to 26 Ulsan, 28 northern Gyeonggi), the two-digit year of issue, a six-digit serial and two
check digits whose algorithm is not published. Without a checksum the region code is what
tells a licence from other digit groups: written with dashes or spaces and a known region it
scores 0.5; twelve bare digits count only near a context word ("driver's licence", "운전면허").

Korean context words match anywhere in the text, not as whole words (``pattern.context_rx``):
a particle follows them with no space ("주민등록번호는", "사업자번호를"). For the same reason
the registration and business numbers' rules (ASCII mode) let Hangul touch a number
("220-81-12341입니다").
"""

from __future__ import annotations

import re
from typing import ClassVar

from stdnum.exceptions import ValidationError
from stdnum.kr import brn, rrn

from annexa.detect.builtin._base import RegionDetector, digits_only
from annexa.detect.context import after_reference_word
from annexa.detect.interface import Detector, ScanContext
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings

# Road Traffic Authority region codes on licences issued before the region name replaced them.
_REGIONS = frozenset({*range(11, 27), 28})
_WORDS = ("driver", "driving", "licence", "license", "운전면허", "면허번호", "면허")
_RRN_WORDS = (
    "주민등록번호",
    "주민번호",
    "주민등록",
    "resident registration",
    "resident registration number",
    "rrn",
    "jumin",
)
_FRN_WORDS = (
    "외국인등록번호",
    "외국인등록",
    "외국인번호",
    "foreigner registration",
    "foreign registration",
    "alien registration",
    "frn",
)
_BRN_WORDS = (
    "사업자등록번호",
    "사업자등록",
    "사업자 등록번호",
    "사업자번호",
    "사업자 번호",
    "business registration",
    "business registration number",
    "brn",
)
# Korean words that name a number as a record's (order, invoice, booking, account...): a
# date-led order number ("주문번호 240315-1234567") has the registration numbers' layout.
_KR_REFERENCE = re.compile(
    r"(?:주문|송장|운송장|접수|예약|거래|승인|일련|관리|고객|회원|계좌|문서|사건)(?:번호)?"
    r"[가-힣]{0,2}[^\w\n]{0,4}$"
)
_ID_WORD = re.compile(r"(?<!\w)id(?: ?(?:no|nr|number|num)\b\.?)?[^\w\n]{0,4}$")
_BRN_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)
# YYMMDD: a month 01-12 and a day 01-31; stdnum then checks the date itself.
_YYMMDD = r"\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
_END = r"(?![\w]|[\-./]\d)"
_START = r"(?<![\w\-+./])"


class KrDriverLicenseDetector(RegionDetector):
    """Korean driver's licence numbers (region code, year, serial, check digits)."""

    name = "kr_driver_license"
    entities = ("KR_DRIVER_LICENSE",)
    min_digits = 12
    max_digits = 12
    separators = frozenset({"---", "   ", ""})
    context = _WORDS
    patterns = (
        Pattern(
            "kr_dl_grouped",
            r"(?<![\w\-+./])\d{2}([\- ])\d{2}\1\d{6}\1\d{2}(?![\w]|[\-./]\d)",
            0.5,
            positives=(
                "licence 11-19-204518-31 renewed",
                "면허번호: 23-07-551902-40",
                "(13-21-004417-58)",
            ),
            negatives=(
                "code 99-19-204518-31",
                "11-19-20451-31 and 11-19-204518-3",
                "11-19-204518-311",
                "111-19-204518-31",
            ),
            origin="Korean Road Traffic Authority licence number layout (region-year-serial-check)",
        ),
        Pattern(
            "kr_dl_plain",
            r"(?<![\w\-+./])\d{12}(?![\w]|[\-./]\d)",
            0.2,
            positives=("driver's license 111920451831", "운전면허 230755190240"),
            negatives=("license 991920451831", "order 111920451831 shipped"),
            origin="Korean Road Traffic Authority licence number layout (region-year-serial-check)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        digits = digits_only(value)
        if int(digits[:2]) not in _REGIONS:
            return False
        return None


class _RegistrationNumberDetector(RegionDetector):
    """Resident or foreigner registration numbers: a birth date in the past, the holder's digit,
    and the check digit (absent from numbers assigned since October 2020)."""

    min_digits = 13
    max_digits = 13
    separators = frozenset({"-", ""})
    holders: ClassVar[frozenset[str]] = frozenset()

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        digits = digits_only(value)
        if digits[6] not in self.holders:
            return False
        try:
            rrn.get_birth_date(digits, allow_future=False)
        except ValidationError:
            return False
        if rrn.is_valid(digits, allow_future=False):
            return True
        return None  # no check digit (assigned since October 2020) or a wrong one

    def check(self, ctx: ScanContext, start: int, end: int, pattern: Pattern) -> bool | None:
        """Far from a context word, a number right after a record's reference word ("order",
        "invoice", "주문번호") is that record's number: dropped."""
        verdict = self.validate(ctx.text[start:end], pattern)
        if verdict is False or self.has_context(ctx, start, end):
            return verdict
        return False if after_record_word(ctx.lower, start) else verdict


def after_record_word(lower: str, start: int) -> bool:
    """Whether a record's reference word ("order", "invoice no.", "주문번호") stands right before
    ``start`` in the lower-cased text ``lower``. "ID" alone names an identity number as well as
    a record's, so only a reference word before it counts ("order ID")."""
    id_word = _ID_WORD.search(lower, max(0, start - 16), start)
    if id_word is not None:
        start = id_word.start()
    return (
        after_reference_word(lower, start)
        or _KR_REFERENCE.search(lower, max(0, start - 32), start) is not None
    )


class KrRrnDetector(_RegistrationNumberDetector):
    """Korean resident registration numbers (citizens: holder digit 1-4)."""

    name = "kr_rrn"
    entities = ("KR_RRN",)
    holders = frozenset("1234")
    context = _RRN_WORDS
    needs_context = frozenset({"rrn_plain"})
    patterns = (
        Pattern(
            "rrn_dashed",
            _START + _YYMMDD + r"-[1-4]\d{6}" + _END,
            0.3,
            positives=(
                "⟦850714-1123455⟧",
                "주민등록번호: 930228-2401170",
                "주민등록번호는 211207-3918264 입니다",  # assigned since 2020: no check digit
                "(040612-3215084)",
            ),
            negatives=(
                "850714-1123456",
                "850732-1123455",
                "851314-1123455",
                "850714-5092138",
                "850714-11234550",
                "1850714-1123455",
                "850714-0123455",
                "RRN 391231-3123456",  # born in 2039: in the future
                "order 211207-3918264",  # no check digit and no context word
                "order 850714-1123455",  # a date-led order number
                "주문번호: 930228-2401170",
            ),
            origin="주민등록법 시행규칙 (python-stdnum kr.rrn)",
            flags=re.ASCII,
        ),
        Pattern(
            "rrn_plain",
            _START + _YYMMDD + r"[1-4]\d{6}" + _END,
            0.2,
            positives=(
                "RRN ⟦8507141123455⟧",
                "주민번호 9302282401170",
                "resident registration number: 0406123215084.",
            ),
            negatives=(
                "8507141123455",
                "ref 9302282401170",
                "RRN 8507145092138",
                "RRN 8513141123455",
                "rrn 85071411234550",
            ),
            origin="주민등록법 시행규칙 (python-stdnum kr.rrn)",
            flags=re.ASCII,
        ),
    )


class KrFrnDetector(_RegistrationNumberDetector):
    """Korean foreigner registration numbers (holder digit 5-8)."""

    name = "kr_frn"
    entities = ("KR_FRN",)
    holders = frozenset("5678")
    context = _FRN_WORDS
    needs_context = frozenset({"frn_plain"})
    patterns = (
        Pattern(
            "frn_dashed",
            _START + _YYMMDD + r"-[5-8]\d{6}" + _END,
            0.3,
            positives=(
                "⟦880101-5092138⟧",
                "외국인등록번호: 951130-6114225",
                "alien registration no. 030817-7604811",
                "외국인등록번호는 770305-5912744",  # assigned since 2020: no check digit
            ),
            negatives=(
                "880101-5092139",
                "880230-5092138",
                "880101-1123455",
                "880101-9092138",
                "880101-50921380",
                "FRN 360101-7092138",  # born in 2036: in the future
                "ticket 770305-5912744",  # no check digit and no context word
                "invoice no. 880101-5092138",  # a date-led invoice number
            ),
            origin="출입국관리법 시행규칙 (python-stdnum kr.rrn)",
            flags=re.ASCII,
        ),
        Pattern(
            "frn_plain",
            _START + _YYMMDD + r"[5-8]\d{6}" + _END,
            0.2,
            positives=("FRN ⟦8801015092138⟧", "외국인등록번호 9511306114225"),
            negatives=("8801015092138", "FRN 8801011123455", "FRN 8802305092138"),
            origin="출입국관리법 시행규칙 (python-stdnum kr.rrn)",
            flags=re.ASCII,
        ),
    )


def brn_check_digit(digits: str) -> str:
    """The check digit of a business registration number's first nine digits."""
    total = sum(int(d) * w for d, w in zip(digits, _BRN_WEIGHTS, strict=False))
    total += int(digits[8]) * 5 // 10
    return str(-total % 10)


class KrBrnDetector(RegionDetector):
    """Korean business registration numbers (National Tax Service check digit), near a context
    word."""

    name = "kr_brn"
    entities = ("KR_BRN",)
    min_digits = 10
    max_digits = 10
    separators = frozenset({"--", ""})
    context = _BRN_WORDS
    needs_context = frozenset({"brn_dashed", "brn_plain"})
    phone_shaped = True
    patterns = (
        Pattern(
            "brn_dashed",
            _START + r"\d{3}-\d{2}-\d{5}" + _END,
            0.3,
            positives=(
                "사업자등록번호: ⟦220-81-12341⟧",
                "business registration no. 105-87-13572",
                "사업자번호는 214-86-00826 입니다",
            ),
            negatives=(
                "사업자등록번호 220-81-12342",
                "사업자등록번호 100-81-12341",
                "사업자등록번호 220-00-12341",
                "사업자등록번호 220-81-123410",
                "220-81-12341",
                "call 617-19-03452",
            ),
            origin="National Tax Service business registration number (python-stdnum kr.brn)",
            flags=re.ASCII,
        ),
        Pattern(
            "brn_plain",
            _START + r"\d{10}" + _END,
            0.2,
            positives=("BRN ⟦2208112341⟧", "사업자등록번호 1058713572."),
            negatives=("2208112341", "BRN 2208112342", "BRN 22081123410", "brn 2200012341"),
            origin="National Tax Service business registration number (python-stdnum kr.brn)",
            flags=re.ASCII,
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        digits = digits_only(value)
        return brn.is_valid(digits) and brn_check_digit(digits) == digits[9]


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in Korean identifier detectors."""
    return [KrDriverLicenseDetector(), KrRrnDetector(), KrFrnDetector(), KrBrnDetector()]
