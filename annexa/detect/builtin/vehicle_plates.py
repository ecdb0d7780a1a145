"""Vehicle registration numbers of the UK (UK_VEHICLE_REGISTRATION), Turkey (TR_LICENSE_PLATE),
India (IN_VEHICLE_REGISTRATION) and Nigeria (NG_VEHICLE_REGISTRATION), and vehicle
identification numbers (VIN).

A registration number is personal data when it can be linked to a keeper. None of these formats
carries a check digit, so a match is checked only against the structure the issuing authority
publishes, and all but one rule count only near a context word ("plate", "number plate",
"licence plate", "registration", "car reg", "reg no", "vehicle", "VRN" and the country's own
words).

- UK (DVLA, INF104), current format since September 2001: a memory tag of two letters (the
  region: A-H, K-P, R, S, V, W, Y, and X for export plates XA-XF; the office: any letter but I, Q
  and Z), a two-digit age identifier (the year for March, the year plus 50 for September: 51 for
  September 2001, 02 for March 2002 and so on, up to the latest one issued), a space and three
  random letters (any but I and Q; Z only here). Written in capitals with its space, a memory tag
  that is no period prefix ("FY24", "CY23", "HY25", "MY24": fiscal, calendar, half and model
  years) and a valid age identifier, it is reported bare at the lowest reported score; in any
  other writing (no space, a dash, lower case) it needs a context word. The earlier formats
  count only near a context word, in capitals: the prefix marks of 1983-2001 (a year letter,
  1-999, three letters: ``P472 KDW``) and the suffix marks of 1963-1982 (three letters, 1-999, a
  year letter: ``GTX 481R``); year letters skip I, O, Q, U and Z, serial letters I, Q and Z.
- Turkey (Karayolları Trafik Yönetmeliği): a province code 01-81, a group of one to three letters
  from the 23 Latin letters of the Turkish alphabet (no Ç, Ğ, İ, Ö, Ş, Ü, and no Q, W, X), then
  digits: one letter with four or five (five on police plates), two letters with three or four,
  three letters with two or three (``06 BK 4721``, ``35 RTK 382``, ``06 A 12345``). Capitals
  only; a letter group that is a month's abbreviation (a date such as ``25 DEC 23``) is not read
  as one.
- India (Central Motor Vehicles Rules): a state or union territory code (the official two-letter
  list, with the older OR, UA, DN and Telangana's TG of 2024), the RTO's number 1-99, a series
  of up to three letters and a number 0001-9999, groups joined by spaces, dashes or nothing
  (``MH 14 DX 5521``, Delhi's ``DL 7C QW 3391``); and the Bharat series of 2021, ``YY BH NNNN
  XX`` (year of registration 21 on, two letters but I and O). Capitals only.
- Nigeria (FRSC plates since 2011): three letters (the local government area's code), three
  digits (not 000) and two letters, ``KTU-582FD``. The shape is common, so it counts only near a
  context word; lower case counts only with the dash after the letters (``ktu-582fd``), and
  written without a dash the two letters must not be a unit (``has 100HP``).

Cost: every context rule carries its detector's context words as prefilter keywords (phrases,
not "car" or "reg", which as substrings are in most texts): the Turkish, Indian and Nigerian
detectors do not run unless one occurs, and their rules run only in windows around the whole-word
occurrences (found with ``str.find``). The UK detector has a bare rule, so the scanner calls it
for every text: that rule runs only around the shared region pass's TOKEN regions of eight
characters, which include two capitals, two digits, a space and three capitals; its context
rules run like the others'.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from datetime import date, timedelta
from functools import cached_property, lru_cache
from typing import ClassVar

from annexa.detect.builtin._base import RegionDetector
from annexa.detect.builtin._bytes import BytePassDetector, Spans, char_span
from annexa.detect.builtin._regions import TOKEN, CharOffsets, Region, regions, windows
from annexa.detect.context import is_word_char
from annexa.detect.interface import Detector, Finding, ScanContext
from annexa.detect.pattern import ContextWords, Pattern
from annexa.settings import ScanSettings

# "car" and "reg" alone are no keywords: as substrings they are in most texts ("card", "regards"),
# and the scanner's keyword gate matches substrings.
_ENGLISH = (
    "plate",
    "plates",
    "number plate",
    "licence plate",
    "license plate",
    "registration",
    "car reg",
    "reg no",
    "reg number",
    "reg plate",
    "vehicle",
    "vehicles",
    "vrn",
)
UK_CONTEXT = (*_ENGLISH, "numberplate", "vrm", "dvla", "v5c")
"""Context words of UK registrations (lower case, whole words)."""
# Turkish words are seen after normalisation, which folds the dotless "ı" to "i" ("plakası" is
# read "plakasi"). "plaka", "araç", "taşıt", "tescil" and "ruhsat" also match with a suffix.
TR_CONTEXT = (
    *_ENGLISH,
    "plaka",
    "araç",
    "arac",
    "araci",
    "aracin",
    "aracim",
    "araca",
    "taşit",
    "tasit",
    "tescil",
    "ruhsat",
)
"""Context words of Turkish plates (lower case, as normalised)."""
TR_STEMS = frozenset({"plaka", "araç", "taşit", "tasit", "tescil", "ruhsat"})
IN_CONTEXT = (
    *_ENGLISH,
    "vehicle no",
    "gaadi",
    "gadi",
    "rto",
    "vahan",
    "rc book",
    "rc no",
    *(unicodedata.normalize("NFKC", w) for w in ("गाड़ी", "गाडी", "वाहन")),
)
"""Context words of Indian registrations (lower case, NFKC as the scanner sees them)."""
NG_CONTEXT = (*_ENGLISH, "plate number", "frsc")
"""Context words of Nigerian plates (lower case, whole words)."""

_TOKEN_ONLY = frozenset({TOKEN})
_B = r"(?<![\w\-])"  # nothing of a word or token right before
_E = r"(?![\w]|-\w)"  # nothing of a word or token right after


class PlateDetector(RegionDetector):
    """Registration-number rules run around context words (and bare rules behind a prefilter).

    Class attributes:
        stems: context words that also count with a suffix (Turkish "plakası", "araçlar").
        bare_token_length: the rules without keywords match only where the shared region
            pass found a TOKEN region this long (0: there are none).
    """

    stems: ClassVar[frozenset[str]] = frozenset()
    bare_token_length: ClassVar[int] = 0
    # windows around each context word: a match may start up to ``context_window`` characters
    # after it or end up to half that before it; plates are at most 16 characters long.
    before = 48
    after = 72

    @cached_property
    def _context_rx(self) -> re.Pattern[str] | ContextWords | None:
        """The context words as whole words; a stem with any suffix."""
        words = sorted(set(self.context), key=len, reverse=True)
        alts = [re.escape(w) + (r"\w*" if w in self.stems else "") for w in words]
        return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)")

    @cached_property
    def _words(self) -> frozenset[str]:
        return frozenset(self.context)

    def detect(self, ctx: ScanContext) -> Iterator[Finding]:
        n = self.bare_token_length
        if self._words.isdisjoint(ctx.keywords) and not (
            n and regions(ctx.text).token_lengths >> n & 1
        ):
            return iter(())  # most texts: no context word, no bare mark's shape
        return self._detect(ctx)

    def _detect(self, ctx: ScanContext) -> Iterator[Finding]:
        text = ctx.text
        rules = self._compiled
        if self.bare_token_length:
            # the rules without keywords: only around the TOKEN regions of their shape
            n = self.bare_token_length
            bare = regions(text).select(_TOKEN_ONLY, token_lengths=(n, n))
            if bare:
                around = windows(text, bare, 1, 1)
                for pattern, rx, kws in rules:
                    if not kws:
                        for lo, hi in around:
                            yield from self._scan(ctx, pattern, rx, lo, hi)
        # the scanner's keyword pass tells which context words occur (as substrings)
        present = [w for w in self.context if w in ctx.keywords]
        if not present:
            return
        spots = sorted(self._occurrences(ctx.lower, present))
        if not spots:
            return
        spans = windows(text, spots, self.before, self.after)
        for pattern, rx, kws in rules:
            if kws:
                for lo, hi in spans:
                    yield from self._scan(ctx, pattern, rx, lo, hi)

    def _scan(
        self, ctx: ScanContext, pattern: Pattern, rx: re.Pattern[str], lo: int, hi: int
    ) -> Iterator[Finding]:
        for m in rx.finditer(ctx.text, lo, hi):
            finding = self.score(ctx, pattern, m.start(), m.end())
            if finding is not None:
                yield finding

    def _occurrences(self, lower: str, words: list[str]) -> Iterator[Region]:
        """Where ``words`` occur in ``lower`` as whole words (a stem: followed by anything)."""
        for word in words:
            stem = word in self.stems
            n = len(word)
            at = lower.find(word)
            while at >= 0:
                end = at + n
                if (at == 0 or not is_word_char(lower[at - 1])) and (
                    stem or end == len(lower) or not is_word_char(lower[end])
                ):
                    yield Region(0, at, end)
                at = lower.find(word, at + 1)


# --- United Kingdom ---------------------------------------------------------------------------

_UK_PERIOD_TAGS = frozenset({"FY", "CY", "HY", "MY"})  # fiscal, calendar, half, model year
_UK_OLD_NOT_MARKS = frozenset({"BMW"})  # "BMW 320D": a model, not a suffix mark
_UK_TAG = "[A-HK-PRSV-Y][A-HJ-PR-Y]"  # region letter, office letter (no I, Q, Z; no J, T, U first)
_UK_RANDOM = "[A-HJ-PR-Z]{3}"  # no I, Q
_UK_YEAR = "[A-HJ-NPR-TV-Y]"  # year letters: no I, O, Q, U, Z
_UK_SERIAL = "[A-HJ-PR-Y]{3}"  # serial letter and old area code: no I, Q, Z


@lru_cache(maxsize=4)
def uk_age_identifiers(today: date) -> frozenset[str]:
    """The DVLA age identifiers issued by ``today`` (a month ahead, for clocks and dealers):
    51 (September 2001), 02 (March 2002), 52, 03... -- the year's last two digits from 1 March,
    plus 50 from 1 September."""
    ahead = today + timedelta(days=31)
    out: set[str] = set()
    for year in range(2001, ahead.year + 1):
        if year >= 2002 and date(year, 3, 1) <= ahead:
            out.add(f"{year % 100:02d}")
        if date(year, 9, 1) <= ahead:
            out.add(f"{(year % 100 + 50) % 100:02d}")
    return frozenset(out)


class UkVehicleRegistrationDetector(PlateDetector):
    """UK registration marks: the current DVLA format, and the older ones near a context word."""

    name = "uk_vehicle_registration"
    entities = ("UK_VEHICLE_REGISTRATION",)
    context = UK_CONTEXT
    bare_token_length = 8  # "AB12 CDE": a TOKEN region of the shared pass
    patterns = (
        Pattern(
            "current_spaced",
            rf"{_B}{_UK_TAG}\d\d {_UK_RANDOM}{_E}",
            0.4,
            positives=(
                "Seen parked: ⟦YK21 HWP⟧ outside.",
                "reg no ⟦MA68 XZT⟧",
                "(⟦SV07 LNZ⟧)",
            ),
            negatives=(
                "IK21 HWP",
                "ZA21 HWP",
                "YK01 HWP",
                "YK35 HWP",
                "YK21 HIP",
                "FY24 EPS",
                "TU21 HWP",
                "XK21 HWP",
                "YK21 HWPA",
            ),
            origin="DVLA INF104 (memory tags, age identifiers, random letters)",
        ),
        Pattern(
            "current",
            rf"(?i){_B}{_UK_TAG}\d\d[ \-]?{_UK_RANDOM}{_E}",
            0.3,
            keywords=UK_CONTEXT,
            positives=(
                "car reg: ⟦yk21hwp⟧",
                "Vehicle ⟦MA68-XZT⟧ was towed",
                "number plate ⟦SV07LNR⟧",
                "our company car reg ⟦FY24 EPS⟧",
            ),
            negatives=(
                "order YK21HWP",
                "car reg IK21HWP",
                "car reg YK50HWP",
                "vehicle YK21-HWQ",
                "registration YK21HWPA",
            ),
            origin="DVLA INF104 (memory tags, age identifiers, random letters)",
        ),
        Pattern(
            "prefix",
            rf"{_B}{_UK_YEAR}[1-9]\d{{0,2}}[ \-]?{_UK_SERIAL}{_E}",
            0.3,
            keywords=UK_CONTEXT,
            positives=("my old car reg ⟦P472 KDW⟧", "reg no ⟦L7 XMT⟧ sold", "vehicle ⟦H88LMN⟧"),
            negatives=(
                "P472 KDW",
                "car reg I472 KDW",
                "car reg P072 KDW",
                "car reg P472 KDQ",
                "car reg p472 kdw",
            ),
            origin="DVLA: prefix registration marks, 1983-2001",
        ),
        Pattern(
            "suffix",
            rf"{_B}{_UK_SERIAL}[ \-]?[1-9]\d{{0,2}}{_UK_YEAR}{_E}",
            0.3,
            keywords=UK_CONTEXT,
            positives=(
                "classic car reg ⟦GTX 481R⟧",
                "reg no ⟦NBF 7M⟧",
                "vehicle ⟦RKV92L⟧ restored",
            ),
            negatives=(
                "GTX 481R",
                "car reg GTX 481I",
                "car reg GTX 481Z",
                "vehicle BMW 320D",
                "car reg GTX 048R",
            ),
            origin="DVLA: suffix registration marks, 1963-1982",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        if pattern.name in ("current_spaced", "current"):
            mark = value.upper()
            if mark[0] == "X" and mark[1] not in "ABCDEF":
                return False  # export tags are XA-XF
            if mark[2:4] not in uk_age_identifiers(date.today()):
                return False
            tag = mark[:2]
            if pattern.name == "current_spaced":
                return False if tag in _UK_PERIOD_TAGS else None
            if value[4] == " " and value == mark and tag not in _UK_PERIOD_TAGS:
                return False  # the bare rule reports this writing already
            return None
        if pattern.name == "suffix" and value[:3] in _UK_OLD_NOT_MARKS:
            return False
        return None


# --- Turkey -----------------------------------------------------------------------------------

_TR_LETTER = "[A-PR-VYZ]"  # A-Z without Q, W, X: the 23 plate letters
_TR_NOT_SERIES = frozenset(
    {
        # month abbreviations, English and Turkish (as normalised): "25 DEC 23" is a date
        *("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"),
        *("OCA", "SUB", "NIS", "HAZ", "TEM", "AGU", "EYL", "EKI", "KAS", "ARA"),
    }
)
_TR_PARTS = re.compile(r"(\d\d)[ \-]?([A-Z]+)[ \-]?(\d+)")


class TrLicensePlateDetector(PlateDetector):
    """Turkish plates (province 01-81, letters, digits) near a context word."""

    name = "tr_license_plate"
    entities = ("TR_LICENSE_PLATE",)
    context = TR_CONTEXT
    stems = TR_STEMS
    patterns = (
        Pattern(
            "plate",
            r"(?<![\w+.\-])(?:0[1-9]|[1-7]\d|8[01])[ \-]?"
            rf"(?:{_TR_LETTER}[ \-]?\d{{4,5}}|{_TR_LETTER}{{2}}[ \-]?\d{{3,4}}"
            rf"|{_TR_LETTER}{{3}}[ \-]?\d{{2,3}}){_E}",
            0.3,
            keywords=TR_CONTEXT,
            positives=(
                "Araç plakası ⟦06 BK 4721⟧ olarak kayıtlı.",
                "plaka: ⟦35 RTK 382⟧",
                "licence plate ⟦16F2049⟧",
                "⟦34 KLM 57⟧ plakalı araç",
                "aracın plakası ⟦81 ZY 903⟧",
                "polis aracının plakası ⟦06 A 12345⟧",
            ),
            negatives=(
                "06 BK 4721",
                "plaka 00 BK 4721",
                "plaka 82 BK 4721",
                "plaka 06 B 472",
                "plaka 06 BKL 4721",
                "plaka 06 A 123456",
                "plaka 06 BW 472",
                "car registered 25 DEC 23",
                "plaka 06 bk 4721",
                "plaka 06 BK 000",
            ),
            origin="Karayolları Trafik Yönetmeliği (tescil plakaları)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        parts = _TR_PARTS.fullmatch(value)
        if parts is None:
            return False
        if parts.group(2) in _TR_NOT_SERIES or not parts.group(3).strip("0"):
            return False
        return None


# --- India ------------------------------------------------------------------------------------

IN_STATE_CODES = frozenset(
    {
        *("AN", "AP", "AR", "AS", "BR", "CG", "CH", "DD", "DL", "GA", "GJ", "HP", "HR", "JH"),
        *("JK", "KA", "KL", "LA", "LD", "MH", "ML", "MN", "MP", "MZ", "NL", "OD", "PB", "PY"),
        *("RJ", "SK", "TN", "TR", "TS", "TG", "UK", "UP", "WB", "OR", "UA", "DN"),
    }
)
"""State and union territory codes (Central Motor Vehicles Rules), with the older OR, UA, DN and
Telangana's TG (2024)."""
_IN_STATE = "(?:" + "|".join(sorted(IN_STATE_CODES)) + ")"
_IN_SERIES = r"(?:[A-Z](?:[ \-]?[A-Z]){0,2}[ \-]?)?"  # up to three letters, Delhi's "C QW" too
_IN_PARTS = re.compile(rf"([A-Z]{{2}})[ \-]?(\d{{1,2}})[ \-]?{_IN_SERIES}(\d{{4}})")
_IN_BH_PARTS = re.compile(r"(\d\d)[ \-]?BH[ \-]?(\d{4})[ \-]?[A-Z]{2}")


class InVehicleRegistrationDetector(PlateDetector):
    """Indian registration numbers (state code, RTO, series, number; Bharat series) near a
    context word."""

    name = "in_vehicle_registration"
    entities = ("IN_VEHICLE_REGISTRATION",)
    context = IN_CONTEXT
    patterns = (
        Pattern(
            "state",
            rf"{_B}{_IN_STATE}[ \-]?\d{{1,2}}[ \-]?{_IN_SERIES}\d{{4}}{_E}",
            0.3,
            keywords=IN_CONTEXT,
            positives=(
                "vehicle no ⟦MH 14 DX 5521⟧",
                "My car's registration is ⟦TN09BZ4432⟧.",
                "gaadi ⟦KA-05-MR-8812⟧ ka challan",
                "RTO record ⟦DL 7C QW 3391⟧",
                "scooter reg no ⟦GJ 1 K 7001⟧",
            ),
            negatives=(
                "MH 14 DX 5521",
                "vehicle no XX 14 DX 5521",
                "vehicle no MH 00 DX 5521",
                "vehicle no MH 14 DX 0000",
                "vehicle no MH 14 DX 55210",
                "vehicle no MH 14 DXAB 5521",
                "vehicle no mh 14 dx 5521",
            ),
            origin="Central Motor Vehicles Rules, 1989 (registration marks)",
        ),
        Pattern(
            "bharat",
            rf"(?<![\w+.\-])\d\d[ \-]?BH[ \-]?\d{{4}}[ \-]?[A-HJ-NP-Z]{{2}}{_E}",
            0.3,
            keywords=IN_CONTEXT,
            positives=("vehicle no ⟦22 BH 4821 CK⟧", "registration ⟦23BH0457AA⟧"),
            negatives=(
                "22 BH 4821 CK",
                "vehicle no 19 BH 4821 CK",
                "vehicle no 22 BH 4821 CO",
                "vehicle no 22 BH 0000 CK",
                "vehicle no 22 BH 48211 CK",
            ),
            origin="MoRTH notification G.S.R. 594(E), 2021 (Bharat series)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        if pattern.name == "bharat":
            parts = _IN_BH_PARTS.fullmatch(value)
            if parts is None:
                return False
            year = int(parts.group(1))
            if not 21 <= year <= date.today().year % 100 or parts.group(2) == "0000":
                return False
            return None
        parts = _IN_PARTS.fullmatch(value)
        if parts is None or int(parts.group(2)) == 0 or parts.group(3) == "0000":
            return False
        return None


# --- Nigeria ----------------------------------------------------------------------------------

_NG_UNITS = frozenset(
    {"AM", "PM", "CM", "MM", "KM", "MI", "FT", "HP", "KW", "KG", "MG", "ML", "KB", "MB", "GB", "TB"}
)


class NgVehicleRegistrationDetector(PlateDetector):
    """Nigerian plates (three letters, three digits, two letters) near a context word."""

    name = "ng_vehicle_registration"
    entities = ("NG_VEHICLE_REGISTRATION",)
    context = NG_CONTEXT
    patterns = (
        Pattern(
            "plate",
            rf"(?i){_B}[A-Z]{{3}}[ \-]?\d{{3}}[ \-]?[A-Z]{{2}}{_E}",
            0.3,
            keywords=NG_CONTEXT,
            positives=(
                "The plate number is ⟦KTU-582FD⟧ for this car.",
                "vehicle ⟦EKY 734GH⟧",
                "plate ⟦LND291KA⟧",
                "plate: ⟦ktu-582fd⟧",
            ),
            negatives=(
                "KTU-582FD",
                "plate KTUA-582FD",
                "plate KT-582FD",
                "plate KTU-5821FD",
                "plate KTU-000FD",
                "my car has 300hp",
                "car ABC 100KM",
            ),
            origin="Federal Road Safety Corps: number plates since 2011",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        digits = value[3:].lstrip(" -")[:3]
        if digits == "000":
            return False
        dashed = value[3] == "-"
        if value != value.upper() and not dashed:
            return False  # lower case: only written the plate's way, with the dash
        if "-" not in value and value[-2:].upper() in _NG_UNITS:
            return False
        return None


# ISO 3779 and 49 CFR 565.15: a letter's value in the check-digit sum (I, O and Q are never
# used), the weight of each of the seventeen positions, and the check digit's place (the ninth)
_VIN_VALUES = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_VIN_CHECK = 8
# Seventeen characters of the VIN's alphabet, alone (not part of a longer code or a hash)
_VIN_EXPRESSION = r"(?:^|[^A-Za-z0-9_\-/.+])([A-HJ-NPR-Z0-9]{17})(?:$|[^A-Za-z0-9_\-/])"
_VIN_DIGITS = re.compile(r"\d")
_VIN_LETTERS = re.compile(r"[A-Z]")
_HEX_ONLY = re.compile(r"[0-9A-F]+")
VIN_SCORE = 0.6  # the check digit holds, or a context word stands near
_VIN_CONTEXT = re.compile(
    r"(?i)\b(?:vin|v\.i\.n\.|vehicle[ \t]+identification|chassis|fahrgestell|fahrzeug-ident"
    r"|fin\b|num[ée]ro[ \t]+de[ \t]+s[ée]rie|bastidor|telaio|chassisnummer)"
)
_VIN_REACH = 60  # characters before the number where its context word stands


def vin_check_digit(vin: str) -> str:
    """The check digit ISO 3779's North American scheme puts in the ninth place: the weighted
    sum of the values, modulo 11, "X" for 10."""
    total = sum(_VIN_VALUES[c] * w for c, w in zip(vin, _VIN_WEIGHTS, strict=True))
    rest = total % 11
    return "X" if rest == 10 else str(rest)


def is_vin(vin: str) -> bool:
    """Whether ``vin`` has the North American check digit right (US and Canadian vehicles, and
    many others'); a model year in the tenth place is never U, Z or 0."""
    return (
        len(vin) == len(_VIN_WEIGHTS)
        and all(c in _VIN_VALUES for c in vin)
        and vin[9] not in "UZ0"
        and vin_check_digit(vin) == vin[_VIN_CHECK]
    )


class VinDetector(BytePassDetector):
    """Vehicle identification numbers (ISO 3779): seventeen capitals and digits without I, O and
    Q. With the North American check digit right it is reported bare; a European VIN has none,
    so without it the number counts only after a context word ("VIN", "chassis",
    "Fahrgestellnummer", "FIN", "numéro de série", "bastidor", "telaio"). It must hold letters and
    at least three digits, and not be hex alone (a digest's slice). Personal data once linked
    to the keeper (CJEU C-319/22)."""

    name = "vin"
    entities = ("VIN",)
    origin = "ISO 3779 and 49 CFR 565.15 (check digit), ISO 3780 (manufacturer identifier)"
    expression = _VIN_EXPRESSION

    def found(
        self, text: str, chars: CharOffsets | None, matches: Iterator[Spans]
    ) -> Iterator[Finding]:
        for spans in matches:
            start, end = char_span(chars, spans[1])
            vin = text[start:end]
            if len(_VIN_DIGITS.findall(vin)) < 3 or not _VIN_LETTERS.search(vin):
                continue
            if _HEX_ONLY.fullmatch(vin):
                continue
            if is_vin(vin) or _VIN_CONTEXT.search(text, max(0, start - _VIN_REACH), start):
                yield Finding("VIN", start, end, VIN_SCORE, self.name)


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in vehicle registration and identification detectors."""
    return [
        UkVehicleRegistrationDetector(),
        TrLicensePlateDetector(),
        InVehicleRegistrationDetector(),
        NgVehicleRegistrationDetector(),
        VinDetector(),
    ]
