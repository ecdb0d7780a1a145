"""Mexican population registry keys (MX_CURP, Clave Única de Registro de Población).

Eighteen characters (RENAPO, Instructivo Normativo para la Asignación de la Clave Única de
Registro de Población): the first letter and first inner vowel of the first surname, the first
letter of the second surname and of the given name (``X`` for a missing letter or an ``Ñ``, and
in place of the vowel when the four letters spell a word of the catalogue of inconvenient
words), the birth date ``YYMMDD``, the sex (``H``, ``M``, and since 2023 ``X`` for a non-binary
person), the two-letter code of the state of birth (``NE`` for one born abroad), the first inner
consonant of each name (``X`` when there is none), a character RENAPO assigns to tell apart
homonyms (a digit for people born before 2000, a letter after) and a check digit (the 17
characters valued in ``0-9 A-N & O-Z``, weighted 18 down to 2, the sum's last digit taken from
10). python-stdnum's mx.curp checks the layout, the catalogue of inconvenient words, the date,
the state code and the check digit; it knows only ``H`` and ``M``, so a key with ``X`` is checked
as one with ``H`` and its check digit computed on the key itself. The birth date must lie in the
past.

The layout alone (letters, a date, a sex and a state code in their places, consonants after)
passes almost no other token, and the check digit one in ten of those: a valid key is confirmed
without a context word. Keys are written in capitals; one typed in lower case is read too when
the region pass sees it as a token (led by a letter after ``f``): one led by ``a`` to ``f`` in
lower case looks like hex and is not.
"""

from __future__ import annotations

import datetime

from stdnum.mx import curp

from annexa.detect.builtin._base import RegionDetector
from annexa.detect.builtin._regions import TOKEN
from annexa.detect.interface import Detector
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings

CURP_CONTEXT = (
    "curp",
    "c.u.r.p",
    "clave única de registro de población",
    "clave unica de registro de poblacion",
    "clave única",
    "clave unica",
    "registro de población",
    "registro de poblacion",
    "renapo",
    "population registry",
    "population registry code",
    "unique population registry code",
    "mexican id",
)


def curp_is_valid(value: str) -> bool:
    """Whether ``value`` is a valid CURP (python-stdnum mx.curp, with the non-binary sex ``X``)
    whose birth date is not in the future."""
    key = value.upper()
    if len(key) != 18:
        return False
    if key[10] == "X":  # stdnum knows only H and M: check the rest as H, the digit on the key
        if not curp.is_valid(f"{key[:10]}H{key[11:]}", validate_check_digits=False):
            return False
        if curp.calc_check_digit(key) != key[17]:
            return False
    elif not curp.is_valid(key):
        return False
    return curp.get_birth_date(key) <= datetime.date.today()


class MxCurpDetector(RegionDetector):
    """Mexican CURP keys (layout, date, state code, check digit)."""

    name = "mx_curp"
    entities = ("MX_CURP",)
    region_kinds = frozenset({TOKEN})
    token_lengths = (18, 18)
    before = 2
    after = 2
    context = CURP_CONTEXT
    patterns = (
        Pattern(
            "curp",
            r"(?i)(?<![\w\-])[A-Z][AEIOUX][A-Z]{2}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
            r"[HMX][A-Z]{2}[B-DF-HJ-NP-TV-Z]{3}[0-9A-Z]\d(?!\w)",
            0.3,
            positives=(
                "CURP ⟦PEGJ850101HDFRRN08⟧",
                "Mi CURP es ⟦LOMA920315MJCPRN03⟧.",
                "clave única: ⟦SAXR010920XNENXBA1⟧",  # non-binary marker, born 2001 abroad
                "(curp gaxm780612hnlrxr09)",
            ),
            negatives=(
                "CURP PEGJ850101HDFRRN09",  # check digit
                "CURP PEGJ851301HDFRRN04",  # month 13
                "CURP PEGJ850101HZZRRN01",  # no state ZZ
                "CURP PEGJ850101QDFRRN08",  # sex Q
                "CURP PAGJ850101HDFRAN08",  # a vowel among the consonants
                "CURP PEGJ850101HDFRRN085",
                "XPEGJ850101HDFRRN08",
            ),
            origin="RENAPO, Instructivo Normativo para la Asignación de la CURP (python-stdnum "
            "mx.curp)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return curp_is_valid(value)


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in Mexican identifier detector."""
    return [MxCurpDetector()]
