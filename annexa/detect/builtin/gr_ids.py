"""Greek social security numbers (GR_AMKA, ΑΜΚΑ, Αριθμός Μητρώου Κοινωνικής Ασφάλισης).

Ν. 3655/2008, άρθρο 153 (as replaced by ν. 4826/2021, άρθρο 74), the joint ministerial decision
Φ80320/109864/2023 (ΦΕΚ Β' 7280) and ΗΔΙΚΑ's register (amka.gr): eleven digits ``DDMMYYNNNNC``,
the birth date, four serial digits (the last odd for a man, even for a woman) and a Luhn check
digit. python-stdnum's ``gr.amka`` checks the date and the check digit; the two-digit year has
no century, so no birth date can be refused as a future one.

A date passes about one random six-digit run in 27 and the Luhn digit one in ten: about one
random eleven-digit number in 270 passes, with nothing in its shape to tell it from a phone
number with its country code or an account number, so an AMKA counts only near a context word,
in Greek or Latin letters ("ΑΜΚΑ", "Α.Μ.Κ.Α.", "αριθμός μητρώου κοινωνικής ασφάλισης", "AMKA",
"social security number"): the detector runs only in texts that hold one. Greek capitals are
written without accents, so each word is listed with and without them, and in capitals.
"""

from __future__ import annotations

from stdnum.gr import amka

from annexa.detect.builtin._base import RegionDetector
from annexa.detect.interface import Detector
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings

_WORDS = (
    "αμκα",
    "α.μ.κ.α.",
    "α.μ.κ.α",
    "αριθμός μητρώου κοινωνικής ασφάλισης",
    "αριθμος μητρωου κοινωνικης ασφαλισης",
    "αριθμό μητρώου κοινωνικής ασφάλισης",
    "αριθμο μητρωου κοινωνικης ασφαλισης",
    "αριθμού μητρώου κοινωνικής ασφάλισης",
    "αριθμου μητρωου κοινωνικης ασφαλισης",
    "μητρώου κοινωνικής ασφάλισης",
    "μητρωου κοινωνικης ασφαλισης",
    "amka",
    "a.m.k.a.",
    "a.m.k.a",
    "greek social security number",
    "greek social security",
    "social security number",
)
# The scanner reads look-alike letters folded to Latin ones (annexa.detect.homoglyphs), and Greek
# capitals fold to other letters than their small forms ("ΑΣΦΑΛΙΣΗΣ" ends in "O", "ασφαλισης" in
# "ς"): the capitals, as Greek writes them, are listed too.
GR_WORDS = _WORDS + tuple(w.upper() for w in _WORDS if not w.isascii())


class GrAmkaDetector(RegionDetector):
    """Greek AMKA numbers (birth date DDMMYY, Luhn check digit), near a context word."""

    name = "gr_amka"
    entities = ("GR_AMKA",)
    min_digits = 11
    max_digits = 11
    separators = frozenset({""})
    context = GR_WORDS
    needs_context = frozenset({"amka"})
    phone_shaped = True
    patterns = (
        Pattern(
            "amka",
            r"(?<![\w\-+./])(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{7}(?![\w]|[\-./]\d)",
            0.2,
            positives=(
                "ΑΜΚΑ: ⟦17038512343⟧",
                "Α.Μ.Κ.Α. 29020004569",
                "αριθμός μητρώου κοινωνικής ασφάλισης 31126719983",
                "My AMKA is 01059945673.",
            ),
            negatives=(
                "ΑΜΚΑ 17038512344",  # check digit
                "ΑΜΚΑ 17138512342",  # month 13
                "ΑΜΚΑ 30028512348",  # 30 February
                "order 17038512343",  # valid, no context word
                "ΑΜΚΑ 170385123430",
            ),
            origin="Ν. 3655/2008 άρθρο 153; ΚΥΑ Φ80320/109864/2023 (python-stdnum gr.amka)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return amka.is_valid(value)


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in Greek identifier detector."""
    return [GrAmkaDetector()]
