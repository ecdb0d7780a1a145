"""German identifiers: the tax ID (DE_TAX_ID, Steuer-ID), the tax number (DE_TAX_NUMBER,
Steuernummer, in the states' slashed forms, python-stdnum de.stnr, near a context word: its
layout is also a file number's), the identity card number (DE_ID_CARD),
the health insurance number (DE_HEALTH_INSURANCE, KVNR), the pension insurance number
(DE_SOCIAL_SECURITY, RVNR) and the doctor's number (DE_LANR).

The Steuer-ID is checked with python-stdnum (ISO 7064 mod 11,10 and the digit-repetition rule);
a bare eleven-digit run also needs a context word, and so does one whose check digit is right
but whose digits break the repetition rule ("Steuer-ID: 12345678903": made up, still meant).
The Personalausweis serial (9 characters of a restricted alphabet and a 7-3-1 check digit, ICAO
9303) has no stdnum module: checked here.

python-stdnum has none of the next three either; their checks are written here from the
issuers' specifications.

The lifelong Krankenversichertennummer (GKV-Spitzenverband) is a capital letter, eight digits and
a check digit: the letter becomes its two-digit place in the alphabet (A = 01), the ten digits
are weighted 1, 2, 1, 2... from the left, the digit sums of the products are added, and the last
digit of the total is the check digit. One random letter and nine digits in ten pass, so a bare
number counts only near a context word ("KVNR", "Krankenkasse", "eGK"). It is a token led by a
letter; led by a lower-case hex letter (``a123456780``) it is no token of the region pass, only
a nine-digit run right after a letter, which is looked at too.

The Rentenversicherungsnummer (the Sozialversicherungsnummer; VKVV § 2) is twelve characters:
the issuing carrier's area number (VKVV annex: regional carriers 02-29, Deutsche
Rentenversicherung Bund 40 plus the regional number, Knappschaft-Bahn-See 38, 39, 80-82 and 89,
the Zulagenstelle 40), the birth date DDMMYY, the first letter of the birth name, a serial (00-49
men, 50-99 women) and a check digit: the letter becomes its two-digit place in the alphabet, the
twelve digits are weighted 2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1, the digit sums of the products are
added, and the last digit of the total is the check digit. It is written compact
(``12210385M069``) or grouped (``12 210385 M 069``); its eight leading digits are a number of the
region pass, and a letter must follow them. The carriers' rules for unknown or crowded birth dates
put 00 for an unknown day, the day of issue and 00 for an unknown month, and raise the day by 32,
64 or 96 (96 only on the first of a month) when a date's serials are used up: such a number, or
one with an area number outside the annex (older carriers), keeps a low score and counts only
near a context word. One with a known area number, a calendar date and the right check digit is
confirmed bare: the layout (eight digits, a letter, three digits) is rare in other text, and a
random one of that layout passes about once in five hundred.

The Lebenslange Arztnummer (LANR, Kassenärztliche Bundesvereinigung) is nine digits: the
doctor's six-digit number, a check digit (the six digits weighted 4, 9, 4, 9, 4, 9, the sum's
last digit taken from 10, 10 counting as 0) and a two-digit specialty group code. Nine plain
digits, one in ten passing: it counts only near a context word ("LANR", "Arztnummer").
"""

from __future__ import annotations

from stdnum.de import idnr, stnr
from stdnum.iso7064 import mod_11_10

from annexa.detect.builtin._base import RegionDetector, digits_only
from annexa.detect.builtin._regions import NUM, TOKEN, Region
from annexa.detect.context import words_for
from annexa.detect.interface import Detector
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings

_ID_ALPHABET = "CFGHJKLMNPRTVWXYZ0123456789"


def icao_check_digit(value: str) -> int:
    """The ICAO 9303 check digit (weights 7, 3, 1; letters count A=10 ... Z=35)."""
    total = 0
    for i, ch in enumerate(value):
        total += int(ch, 36) * (7, 3, 1)[i % 3]
    return total % 10


KVNR_WORDS = (
    "krankenversichertennummer",
    "versichertennummer",
    "versicherten-nr",
    "versichertennr",
    "kvnr",
    "krankenversicherung",
    "krankenversicherungsnummer",
    "krankenkasse",
    "egk",
    "gesundheitskarte",
    "versichertenkarte",
    "health insurance",
)
RVNR_WORDS = (
    "sozialversicherungsnummer",
    "rentenversicherungsnummer",
    "versicherungsnummer",
    "sozialversicherungsausweis",
    "svnr",
    "sv-nummer",
    "sv-nr",
    "rvnr",
    "rv-nummer",
    "rv-nr",
    "vsnr",
    "rentenversicherung",
    "social security",
    "pension insurance",
)
LANR_WORDS = (
    "lanr",
    "arztnummer",
    "lebenslange arztnummer",
    "arzt-nr",
    "arztnr",
)

# VKVV annex: regional carriers, Deutsche Rentenversicherung Bund (regional + 40), the
# Zulagenstelle (40), Knappschaft-Bahn-See (38, 39, 80-82, 89).
_REGIONAL = (2, 3, 4, 8, 9, *range(10, 22), 23, 24, 25, 26, 28, 29)
RVNR_AREAS = frozenset({*_REGIONAL, *(a + 40 for a in _REGIONAL), 38, 39, 40, 80, 81, 82, 89})
_RVNR_WEIGHTS = (2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1)
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # 29 February: any year (leap or not)


def _digit_sum(n: int) -> int:
    return n // 10 + n % 10


def _letter_digits(letter: str) -> str:
    """The letter's place in the alphabet as two digits (A = 01)."""
    return f"{ord(letter.upper()) - 64:02d}"


def kvnr_check_digit(value: str) -> int:
    """The check digit of a Krankenversichertennummer's letter and eight digits (GKV)."""
    digits = _letter_digits(value[0]) + value[1:9]
    return sum(_digit_sum(int(d) * (1, 2)[i % 2]) for i, d in enumerate(digits)) % 10


def rvnr_check_digit(value: str) -> int:
    """The check digit of a Rentenversicherungsnummer's first eleven characters (VKVV § 2)."""
    digits = value[:8] + _letter_digits(value[8]) + value[9:11]
    return sum(_digit_sum(int(d) * w) for d, w in zip(digits, _RVNR_WEIGHTS, strict=True)) % 10


def lanr_check_digit(value: str) -> int:
    """The check digit of a LANR's six-digit doctor number (KBV: weights 4 and 9, modulo 10)."""
    total = sum(int(d) * w for d, w in zip(value[:6], (4, 9, 4, 9, 4, 9), strict=True))
    return (10 - total % 10) % 10


def rvnr_birth_date(day: int, month: int) -> bool | None:
    """Whether DDMM of a Rentenversicherungsnummer is a calendar date (True), a form the
    carriers use for unknown dates or used-up serials (None), or neither (False)."""
    if month > 12:
        return False
    if day == 0:
        return None if month else False
    longest = _DAYS[month - 1] if month else 31
    for raise_by in (0, 32, 64, 96):
        base = day - raise_by
        if 1 <= base <= longest and (raise_by < 96 or base == 1):
            return True if raise_by == 0 and month else None
    return False


class DeTaxIdDetector(RegionDetector):
    """German tax identification numbers (Steueridentifikationsnummer, eleven digits)."""

    name = "de_tax_id"
    entities = ("DE_TAX_ID",)
    min_digits = 11
    max_digits = 11
    separators = frozenset({"", "   "})
    context = words_for("DE_TAX_ID")
    needs_context = frozenset({"idnr_plain"})
    phone_shaped = True
    patterns = (
        Pattern(
            "idnr_grouped",
            r"(?<![\w\-+./])[1-9]\d ?\d{3} ?\d{3} ?\d{3}(?![\w]|[\-./]\d)(?<=\d \d{3})",
            0.3,
            positives=(
                "Steuer-ID 36 574 261 809",
                "IdNr: 86 095 742 719",
                "tax id 36 574 261 809.",
            ),
            negatives=("36 574 261 808", "06 574 261 809", "36 574 261 8099"),
            origin="BZSt (python-stdnum de.idnr)",
        ),
        Pattern(
            "idnr_plain",
            r"(?<![\w\-+./])[1-9]\d{10}(?![\w]|[\-./]\d)",
            0.3,
            positives=("Meine Steuer-ID: 36574261809.", "Steueridentifikationsnummer 86095742719"),
            negatives=(
                "Steuer-ID 36574261808",
                "Steuer-ID 11111111111",
                "Steuer-ID 365742618090",
                "order 23456789013",  # right check digit, no repeated digit, no context word
            ),
            origin="BZSt (python-stdnum de.idnr)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        """Valid: confirmed. A number whose check digit is right but whose first ten digits
        break the issuing rule (one digit twice or three times, the others once: 12345678903
        has none twice) was never issued, but whoever writes it after "Steuer-ID" means one
        (a made-up or mistyped number is still written as a tax ID): unconfirmed, so it counts
        only near a context word."""
        digits = digits_only(value)
        if idnr.is_valid(digits):
            return True
        return None if digits[0] != "0" and mod_11_10.is_valid(digits) else False


class DeIdCardDetector(RegionDetector):
    """German identity card serials (Personalausweis); the check digit confirms them."""

    name = "de_id_card"
    entities = ("DE_ID_CARD",)
    region_kinds = frozenset({TOKEN})
    before = 2
    after = 2
    token_lengths = (9, 9)
    context = words_for("DE_ID_CARD")
    patterns = (
        Pattern(
            "id_card",
            r"(?i)(?<![\w\-])[CFGHJKLMNPRTVWXYZ][CFGHJKLMNPRTVWXYZ0-9]{7}\d(?!\w)",
            0.2,
            positives=(
                "Personalausweis: L01X00T44.",
                "Ausweis Nr. T22000129 gültig",
                "Personalausweis C01X00T41",
                "perso l01x00t44",
            ),
            negatives=("Personalausweis L01X00T47", "Ausweis A01X00T44", "L01X00T4", "C01X00T4X"),
            origin="PAuswV, ICAO 9303 check digits",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        value = value.upper()
        if not value[8].isdigit():
            return False
        if icao_check_digit(value[:8]) == int(value[8]):
            return True
        return None if value[1:].isdigit() else False


class DeKvnrDetector(RegionDetector):
    """German health insurance numbers (lifelong KVNR: letter, eight digits, check digit), near
    a context word."""

    name = "de_kvnr"
    entities = ("DE_HEALTH_INSURANCE",)
    region_kinds = frozenset({TOKEN, NUM})
    min_digits = 9
    max_digits = 9
    separators = frozenset({""})
    token_lengths = (10, 10)
    before = 2
    after = 2
    context = KVNR_WORDS
    needs_context = frozenset({"kvnr"})
    patterns = (
        Pattern(
            "kvnr",
            r"(?<![\w\-])[A-Za-z]\d{9}(?![\w]|[\-./]\d)",
            0.2,
            positives=(
                "KVNR: ⟦K398259797⟧",
                "Krankenversichertennummer T190748337 (eGK)",
                "health insurance number r788762322.",
                "Versichertennummer auf der Gesundheitskarte: e123456789",
            ),
            negatives=(
                "KVNR: K398259798",  # wrong check digit
                "KVNR K39825979",  # eight digits
                "KVNR K3982597970",  # ten digits
                "order K398259797 shipped",  # valid, but no context word
                "Krankenkasse 1398259797",  # no letter
            ),
            origin="GKV-Spitzenverband, Krankenversichertennummer (§ 290 SGB V)",
        ),
    )

    def keep(self, text: str, region: Region) -> bool:
        if region.kind == TOKEN:
            return True
        start = region.start
        return start > 0 and text[start - 1].isascii() and text[start - 1].isalpha()

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return kvnr_check_digit(value) == int(value[9])


class DeRvnrDetector(RegionDetector):
    """German pension insurance numbers (Rentenversicherungsnummer: area, birth date, letter,
    serial, check digit)."""

    name = "de_rvnr"
    entities = ("DE_SOCIAL_SECURITY",)
    min_digits = 8
    max_digits = 8
    separators = frozenset({"", " "})
    before = 2
    after = 8
    context = RVNR_WORDS
    patterns = (
        Pattern(
            "rvnr",
            r"(?<![\w\-+./])\d{8}[A-Za-z]\d{3}(?![\w]|[\-./]\d)",
            0.3,
            positives=(
                "Rentenversicherungsnummer ⟦12210385M069⟧",
                "SV-Nummer: 53010792S521.",
                "my social security number is 24311299b019",
                "Versicherungsnummer 42001286W032",  # day unknown (00): near the word
            ),
            negatives=(
                "12210385M068",  # wrong check digit
                "12211385M066",  # month 13
                "12210385M0690",  # one digit more
                "122103851069",  # no letter
                "77210385M067",  # no such area number
                "42001286W032",  # day unknown (00): no context word
                "build 20240115A001",  # a date and a counter (wrong check digit)
            ),
            origin="VKVV § 2 and annex; Deutsche Rentenversicherung",
        ),
        Pattern(
            "rvnr_grouped",
            r"(?<![\w\-+./])\d{2} ?\d{6} [A-Z] ?\d{2} ?\d(?![\w]|[\-./]\d)",
            0.3,
            positives=(
                "RVNR ⟦04 150160 K 497⟧",
                "Sozialversicherungsnummer: 65 290204 L 77 3",
                "Versicherungsnummer 10330185 H 129",  # day raised by 32
            ),
            negatives=(
                "04 150160 K 496",  # wrong check digit
                "04 150160 K 4970",
                "04 150160 k 497",  # a spaced letter must be a capital
                "call 04 150160 K 49",
            ),
            origin="VKVV § 2 and annex; Deutsche Rentenversicherung",
        ),
    )

    def keep(self, text: str, region: Region) -> bool:
        follow = text[region.end : region.end + 2].lstrip(" ")
        return bool(follow) and follow[0].isascii() and follow[0].isalpha()

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        value = value.replace(" ", "")
        if rvnr_check_digit(value) != int(value[11]):
            return False
        date = rvnr_birth_date(int(value[2:4]), int(value[4:6]))
        if date is False:
            return False
        return None if date is None or int(value[:2]) not in RVNR_AREAS else True


class DeLanrDetector(RegionDetector):
    """German lifelong doctor numbers (LANR: six digits, check digit, specialty group), near a
    context word."""

    name = "de_lanr"
    entities = ("DE_LANR",)
    min_digits = 9
    max_digits = 9
    separators = frozenset({""})
    context = LANR_WORDS
    needs_context = frozenset({"lanr"})
    patterns = (
        Pattern(
            "lanr",
            r"(?<![\w\-+./])\d{9}(?![\w]|[\-./]\d)",
            0.2,
            positives=(
                "LANR: ⟦047966734⟧",
                "lebenslange Arztnummer 972510403 des Hausarztes",
                "Arztnummer 734646550",
            ),
            negatives=(
                "LANR: 047966834",  # wrong check digit
                "LANR 04796673",  # eight digits
                "LANR 0479667340",  # ten digits
                "order 047966734 shipped",  # valid, but no context word
            ),
            origin="KBV, Richtlinie zur Vergabe der Arzt-, Betriebsstätten- und Praxisnetznummern",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return lanr_check_digit(value) == int(value[6])


class DeTaxNumberDetector(RegionDetector):
    """German tax numbers (Steuernummer, St.-Nr.) in their regional form with slashes, near a
    context word: the tax office's number, a district and a serial number with its check digit,
    laid out as each state writes them ("21/815/08150" in Berlin, "181/815/08155" in Bayern,
    "133/8150/8159" in Nordrhein-Westfalen)."""

    name = "de_tax_number"
    entities = ("DE_TAX_NUMBER",)
    min_digits = 10
    max_digits = 11
    separators = frozenset({"//"})
    context = words_for("DE_TAX_NUMBER")
    needs_context = frozenset({"stnr"})
    patterns = (
        Pattern(
            "stnr",
            r"(?<![\w\-+./])\d{2,3}/\d{3,4}/\d{4,5}(?![\w/]|[\-.]\d)",
            0.3,
            positives=(
                "Steuernummer: 21/815/08150",
                "St.-Nr. 181/815/08155 beim Finanzamt München",
                "unsere Steuernummer lautet 133/8150/8159.",
            ),
            negatives=(
                "Steuernummer 21/815/0815",  # a digit short of every state's form
                "Az. 21/815/08150",  # the layout, but a file number: no context word
                "Steuernummer 2/815/08150",
            ),
            origin="the states' formats of the Steuernummer (python-stdnum de.stnr)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return stnr.is_valid(value)


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in German identifier detectors."""
    return [
        DeTaxIdDetector(),
        DeTaxNumberDetector(),
        DeIdCardDetector(),
        DeKvnrDetector(),
        DeRvnrDetector(),
        DeLanrDetector(),
    ]
