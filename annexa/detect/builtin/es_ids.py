"""Spanish identity numbers: DNI / NIF (ES_NIF), foreigners' NIE (ES_NIE), passport numbers
(ES_PASSPORT) and social security numbers (ES_NSS).

DNI and NIE end in a control letter (the number mod 23), checked with python-stdnum; one random
number in 23 passes, so a match that passes is confirmed.

A passport number is three letters and six digits (older passports: two letters and six or seven
digits). It carries no check digit, so a match counts only next to a context word ("pasaporte",
"passport"): alone it keeps a score below the reporting threshold, and the rules run only when
such a word occurs in the text. The older two-letter form is also how Canadian and Italian
passport numbers are written, so it counts only when a Spanish word ("pasaporte", "España",
"Spanish") stands near it as well.

A social security number (número de la Seguridad Social, NUSS, or número de afiliación, NAF) is
twelve digits: two of the province, eight of the number, two of control, the remainder by 97 of
the first ten (of the province's two and the number's seven when the number is below ten
million), written "28/12345678/40" or as one run. One random number in 97 passes, and twelve
digits are also an Aadhaar's length, so it counts only near its words ("Seguridad Social",
"NUSS", "afiliación").
"""

from __future__ import annotations

from stdnum.es import dni, nie

from annexa.detect.builtin._base import RegionDetector, digits_only
from annexa.detect.builtin._regions import NUM, TOKEN, Region
from annexa.detect.context import words_for
from annexa.detect.interface import Detector, ScanContext
from annexa.detect.pattern import Pattern, context_rx, near_words
from annexa.settings import ScanSettings

_NIE_LEADS = frozenset("XYZxyz")
_PASSPORT_WORDS = (
    "pasaporte",
    "número de pasaporte",
    "numero de pasaporte",
    "nº pasaporte",
    "nº de pasaporte",
    "n.º de pasaporte",
    "pasaportea",
    "passaport",
    "passport",
    "passport number",
    "passport no",
)
# Literals one of which each passport word holds: the rules run only when one occurs.
_PASSPORT_KEYWORDS = ("pasaporte", "passaport", "passport")
_PASSPORT_ORIGIN = "Real Decreto 896/2003 (pasaporte ordinario), ICAO Doc 9303 document number"
# Words that make a passport Spanish: what the older two-letter form needs besides.
_SPANISH = context_rx(
    (
        "pasaporte",
        "pasaportea",
        "passaport",
        "españa",
        "espana",
        "español",
        "española",
        "espanol",
        "espanola",
        "spain",
        "spanish",
    )
)


class EsNifDetector(RegionDetector):
    """Spanish DNI/NIF numbers (eight digits and a control letter)."""

    name = "es_nif"
    entities = ("ES_NIF",)
    min_digits = 6
    max_digits = 8
    separators = frozenset({""})
    before = 2
    after = 3
    context = words_for("ES_NIF")
    patterns = (
        Pattern(
            "dni",
            r"(?i)(?<![\w\-./])\d{7,8}-?[A-HJ-NP-TV-Z](?![\w\-])",
            0.3,
            positives=("DNI 12345678Z", "mi NIF es 12345678-Z.", "dni: 01111111g"),
            negatives=("12345678A", "123456Z", "DNI 123456789Z", "request_id=8598304f-3ce8"),
            origin="Real Decreto 1553/2005 (python-stdnum es.dni)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return dni.is_valid(value.replace("-", "").upper().rjust(9, "0"))

    def keep(self, text: str, region: Region) -> bool:
        """The control letter follows the digits (after an optional dash)."""
        return region.digits > self.max_digits or _letter_after(text, region.end)


class EsNieDetector(RegionDetector):
    """Spanish NIE numbers (X, Y or Z, seven digits, a control letter)."""

    name = "es_nie"
    entities = ("ES_NIE",)
    region_kinds = frozenset({TOKEN, NUM})
    min_digits = 7
    max_digits = 7
    separators = frozenset({""})
    before = 3
    after = 3
    token_lengths = (8, 11)
    context = words_for("ES_NIE")
    patterns = (
        Pattern(
            "nie",
            r"(?i)(?<![\w\-./])[XYZ]-?\d{7}-?[A-HJ-NP-TV-Z](?!\w)",
            0.3,
            positives=("NIE X2482300W", "Mi NIE es y-2482300-q.", "nie z2482300f"),
            negatives=("X2482300A", "W2482300W", "X248230W"),
            origin="Orden INT/2058/2008 (python-stdnum es.nie)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return nie.is_valid(value.replace("-", "").upper())

    def keep(self, text: str, region: Region) -> bool:
        """X, Y or Z leads; for bare digits, it comes before them and a letter after."""
        start = region.start
        if region.kind == TOKEN:
            return text[start] in _NIE_LEADS
        if region.digits > self.max_digits:
            return True  # a longer list of numbers: the NIE may sit anywhere inside
        lead = text[max(0, start - 2) : start].rstrip("-")[-1:]
        return lead in _NIE_LEADS and _letter_after(text, region.end)


class EsPassportDetector(RegionDetector):
    """Spanish passport numbers (letters and digits), only next to a context word."""

    name = "es_passport"
    entities = ("ES_PASSPORT",)
    region_kinds = frozenset({TOKEN, NUM})
    min_digits = 6
    max_digits = 7
    separators = frozenset({""})
    token_lengths = (8, 9)
    before = 4
    after = 2
    context = _PASSPORT_WORDS
    # Spanish names the number first ("... es mi número de pasaporte"): look a little further.
    context_window = 60
    patterns = (
        Pattern(
            "es_passport",
            r"(?i)(?<![\w\-./])[A-Z]{3}\d{6}(?![\w\-])",
            0.3,
            keywords=_PASSPORT_KEYWORDS,
            positives=(
                "pasaporte ⟦PAC705318⟧",
                "Mi número de pasaporte es ⟦xda482913⟧.",
                "passport: ⟦BKE204871⟧ (Spain)",
            ),
            negatives=(
                "pedido PAC705318 enviado",
                "pasaporte PAC70531",
                "pasaporte PACX705318",
                "pasaporte PAC7053180",
                "passport PAC-705318",
            ),
            origin=_PASSPORT_ORIGIN,
        ),
        Pattern(
            "es_passport_legacy",
            r"(?i)(?<![\w\-./])[A-Z]{2}\d{6,7}(?![\w\-])",
            0.3,
            keywords=_PASSPORT_KEYWORDS,
            positives=(
                "pasaporte ⟦ZK4827193⟧",
                "nº pasaporte ⟦be482719⟧",
                "Spanish passport ⟦AR5530172⟧",
            ),
            negatives=(
                "passport ZK4827193",
                "pasaporte ZK48271",
                "pasaporte ZK48271930",
                "factura ZK4827193",
            ),
            origin=_PASSPORT_ORIGIN,
        ),
    )

    def check(self, ctx: ScanContext, start: int, end: int, pattern: Pattern) -> bool | None:
        """The older two-letter form: dropped unless a Spanish word is near."""
        if pattern.name == "es_passport_legacy" and not near_words(
            _SPANISH, ctx.lower, start, end, self.context_window
        ):
            return False
        return None

    def keep(self, text: str, region: Region) -> bool:
        """Bare digits: two letters come right before them and no letter after."""
        if region.kind == TOKEN or region.digits > self.max_digits:
            return True
        start = region.start
        return (
            text[max(0, start - 2) : start].isalpha()
            and not text[region.end : region.end + 1].isalnum()
        )


def nss_is_valid(number: str) -> bool:
    """Whether twelve digits are a Spanish social security number: the last two the remainder by
    97 of the first ten (the province's two and the number's seven when it is below ten million,
    as the Tesorería General de la Seguridad Social computes it)."""
    if len(number) != 12 or not number.isdigit():
        return False
    province, body, control = int(number[:2]), int(number[2:10]), int(number[10:])
    base = province * 10_000_000 + body if body < 10_000_000 else int(number[:10])
    return base % 97 == control


class EsNssDetector(RegionDetector):
    """Spanish social security numbers (mod 97), only near their words."""

    name = "es_nss"
    entities = ("ES_NSS",)
    min_digits = 12
    max_digits = 12
    separators = frozenset({"", "//", "  ", "--", " /", "/ "})
    context = words_for("ES_NSS")
    needs_context = frozenset({"es_nss"})
    patterns = (
        Pattern(
            "es_nss",
            r"(?<![\w\-+./])\d{2}([/ \-]?)\d{8}\1\d{2}(?![\w]|[\-./]\d)",
            0.3,
            positives=(
                "Mi número de la Seguridad Social es ⟦28/12345678/40⟧.",
                "NUSS: ⟦281234567840⟧",
                "número de afiliación ⟦08 00123456 01⟧",
            ),
            negatives=(
                "Seguridad Social 28/12345678/41",
                "pedido 281234567840",
                "NUSS 28/1234567/840",
            ),
            origin="Tesorería General de la Seguridad Social: NUSS / NAF control digits (mod 97)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return nss_is_valid(digits_only(value))


def _letter_after(text: str, end: int) -> bool:
    """Whether a letter follows ``text[:end]``, maybe after one dash."""
    if text[end : end + 1] == "-":
        end += 1
    return text[end : end + 1].isalpha()


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in Spanish identifier detectors."""
    return [EsNifDetector(), EsNieDetector(), EsPassportDetector(), EsNssDetector()]
