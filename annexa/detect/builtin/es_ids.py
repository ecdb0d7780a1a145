"""Spanish identity numbers: DNI / NIF (ES_NIF) and foreigners' NIE (ES_NIE).

Both end in a control letter (the number mod 23), checked with python-stdnum; one random number
in 23 passes, so a match that passes is confirmed.
"""

from __future__ import annotations

from stdnum.es import dni, nie

from annexa.detect.builtin._base import RegionDetector
from annexa.detect.builtin._regions import NUM, TOKEN, Region
from annexa.detect.context import words_for
from annexa.detect.interface import Detector
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings

_NIE_LEADS = frozenset("XYZxyz")


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


def _letter_after(text: str, end: int) -> bool:
    """Whether a letter follows ``text[:end]``, maybe after one dash."""
    if text[end : end + 1] == "-":
        end += 1
    return text[end : end + 1].isalpha()


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in Spanish identifier detectors."""
    return [EsNifDetector(), EsNieDetector()]
