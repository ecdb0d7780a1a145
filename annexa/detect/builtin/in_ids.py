"""Indian identifiers: Aadhaar numbers (IN_AADHAAR), PAN (IN_PAN) and GSTIN (IN_GSTIN).

Aadhaar: twelve digits, first 2-9, Verhoeff check digit (python-stdnum); written in groups of
four it is confirmed, a bare twelve-digit run also needs a context word. PAN: five letters (the
fourth says who holds it), four digits, a letter; no checksum, so it keeps a medium score.

GSTIN (Goods and Services Tax identification number): fifteen characters, the two-digit state
code, the holder's PAN, the number of the holder's registrations in that state (1-9, then A-Z),
the letter Z and a check character (Luhn mod 36 over digits and letters); python-stdnum in_.gstin
checks the state code, the PAN and the check character. A GSTIN that passes is confirmed: the
layout is strict and one random character in 36 passes the check. python-stdnum's state list
ends at 37: 38 (Ladakh, a union territory since 2019) and 97 (Other Territory), from the GST
state code list, are checked here with its PAN and Luhn parts. A GSTIN starts with digits and
holds letters: the shared region pass has its shape among its ``TOKEN`` regions, so a text
without one skips the detector.
"""

from __future__ import annotations

from stdnum import luhn
from stdnum.in_ import aadhaar, gstin, pan

from annexa.detect.builtin._base import RegionDetector, digits_only
from annexa.detect.builtin._regions import HEX, NUM, TOKEN
from annexa.detect.context import words_for
from annexa.detect.interface import Detector
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings


class InAadhaarDetector(RegionDetector):
    """Aadhaar numbers (Verhoeff check digit)."""

    name = "in_aadhaar"
    entities = ("IN_AADHAAR",)
    min_digits = 12
    max_digits = 12
    separators = frozenset({"", "  ", "--"})
    region_kinds = frozenset({NUM, HEX})
    context = words_for("IN_AADHAAR")
    needs_context = frozenset({"aadhaar_plain"})
    phone_shaped = True
    patterns = (
        Pattern(
            "aadhaar_grouped",
            r"(?<![\w\-+./:])[2-9]\d{3}([ \-:])\d{4}\1\d{4}(?![\w]|[\-./:]\d)",
            0.3,
            positives=("Aadhaar 2341 2341 2346", "uid: 2341-2341-2346.", "id 2341 2341 2346 ok"),
            negatives=("2341 2341 2347", "1341 2341 2346", "2341 2341 23461"),
            origin="UIDAI (python-stdnum in_.aadhaar)",
        ),
        Pattern(
            "aadhaar_plain",
            r"(?<![\w\-+./])[2-9]\d{11}(?![\w]|[\-./]\d)",
            0.2,
            positives=("My Aadhaar number is 234123412346", "aadhaar: 234123412346."),
            negatives=("aadhaar 234123412347", "aadhaar 134123412346", "aadhaar 2341234123461"),
            origin="UIDAI (python-stdnum in_.aadhaar)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return aadhaar.is_valid(digits_only(value))


class InPanDetector(RegionDetector):
    """Permanent Account Numbers (Indian income tax), by structure."""

    name = "in_pan"
    entities = ("IN_PAN",)
    region_kinds = frozenset({TOKEN, NUM})
    min_digits = 100
    before = 2
    after = 2
    token_lengths = (10, 10)
    context = words_for("IN_PAN")
    patterns = (
        Pattern(
            "pan",
            r"(?<![\w\-])[A-Z]{3}[ABCFGHJLPT][A-Z]\d{4}[A-Z](?!\w)",
            0.5,
            positives=("PAN: ACUPA7085R", "my PAN number is ABBPM4567S.", "pan AAACB1234C ok"),
            negatives=("ACUXA7085R", "ACUPA708R", "acupa7085r1"),
            origin="Income Tax Department (python-stdnum in_.pan)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return None if pan.is_valid(value) else False


_GSTIN_WORDS = (
    "gstin",
    "gst",
    "gst number",
    "gst no",
    "gst registration",
    "goods and services tax",
)
_GSTIN_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_NEWER_STATES = frozenset({"38", "97"})  # Ladakh, Other Territory: not in python-stdnum's list


def is_gstin(value: str) -> bool:
    """Whether ``value`` (fifteen upper-case characters) is a valid GSTIN."""
    if gstin.is_valid(value):
        return True
    return (
        value[:2] in _NEWER_STATES
        and value[12] != "0"
        and value[13] == "Z"
        and pan.is_valid(value[2:12])
        and luhn.is_valid(value, _GSTIN_ALPHABET)
    )


class InGstinDetector(RegionDetector):
    """Goods and Services Tax identification numbers (state, PAN, Luhn mod 36 check)."""

    name = "in_gstin"
    entities = ("IN_GSTIN",)
    region_kinds = frozenset({TOKEN})
    token_lengths = (15, 15)  # the shared region pass has the GSTIN's shape
    before = 2
    after = 2
    context = _GSTIN_WORDS
    patterns = (
        Pattern(
            "gstin",
            r"(?<![\w\-])\d{2}[A-Z]{3}[ABCFGHJLPT][A-Z]\d{4}[A-Z][1-9A-Z]Z[0-9A-Z](?!\w)",
            0.3,
            positives=(
                "GSTIN: ⟦29ABCPK4375J1ZC⟧",
                "supplier 07AAJFS9876D2ZM, Delhi",
                "(33AAACZ1234M1ZD)",
                "Ladakh GSTIN 38ABHPL2468F1ZI",
            ),
            negatives=(
                "GSTIN 29ABCPK4375J1ZD",
                "GSTIN 29ABCXK4375J1ZC",
                "GSTIN 39ABCPK4375J1ZB",  # no state 39
                "GSTIN 29ABCPK4375J0ZC",
                "GSTIN 29ABCPK4375J1YC",
                "GSTIN 29ABCPK4375J1Z",
                "GSTIN 29ABCPK4375J1ZCC",
                "X29ABCPK4375J1ZC",
            ),
            origin="GST Council GSTIN format (python-stdnum in_.gstin)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return is_gstin(value)


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in Indian identifier detectors."""
    return [InAadhaarDetector(), InPanDetector(), InGstinDetector()]
