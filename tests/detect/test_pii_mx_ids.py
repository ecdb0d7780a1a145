"""Mexican CURP keys (table-driven).

Every key here is made for the test from made-up names: its check digit computed below from
RENAPO's rule (the seventeen characters valued in ``0-9 A-N Ñ O-Z``, weighted 18 down to 2, the
sum's last digit taken from 10). Look-alikes fail the check digit, the date, the sex, the state,
the vowel and consonant places or the catalogue of inconvenient words, or are glued to other
characters.
"""

from __future__ import annotations

import datetime

import pytest
from stdnum.mx import curp

from annexa.detect.builtin._regions import TOKEN, regions
from annexa.detect.builtin.mx_ids import MxCurpDetector, curp_is_valid, detectors
from annexa.detect.interface import Detector, ScanContext
from annexa.detect.scanner import Scanner
from annexa.settings import ScanSettings
from tests.detect.tables import table_tests

MX = MxCurpDetector()
_VALUES = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"


def curp_key(seventeen: str) -> str:
    """``seventeen`` and its check digit (RENAPO, Instructivo Normativo)."""
    total = sum(_VALUES.index(c) * (18 - i) for i, c in enumerate(seventeen.upper()))
    return f"{seventeen}{(10 - total % 10) % 10}"


def wrong_check(key: str) -> str:
    return key[:-1] + str((int(key[-1]) + 1) % 10)


def scored(detector: Detector, text: str) -> list[tuple[str, float, bool]]:
    scanner = Scanner(ScanSettings(min_score=0.0), detectors=[detector])
    return [(text[f.start : f.end], round(f.score, 2), f.validated) for f in scanner.scan(text)]


# Pérez García Juan, born 1 January 1985 in Mexico City (DF), a man
K1 = curp_key("PEGJ850101HDFRRN0")
# López Martínez Ana, born 15 March 1992 in Jalisco (JC), a woman
K2 = curp_key("LOMA920315MJCPRN0")
# Sánchez (no second surname) Rubén, born 20 September 2001 abroad (NE), non-binary (X)
K3 = curp_key("SAXR010920XNENXBA")
# García (no second surname) Mario, born 12 June 1978 in Nuevo León (NL), a man
K4 = curp_key("GAXM780612HNLRXR0")
# Hernández Ortiz Sofía, born 29 February 2004 in Yucatán (YN), a woman
K5 = curp_key("HEOS040229MYNRRFA")

POSITIVES = [
    (MX, f"CURP {K1}", K1),
    (MX, f"Mi CURP es {K2}.", K2),
    (MX, f"clave única: {K3}", K3),
    (MX, f"(curp {K4.lower()})", K4.lower()),  # typed in lower case, led by g
    (MX, f"{K5}", K5),  # no context word: the layout and check digit suffice
    (MX, f"alumno {K1}, grupo 3B", K1),
    (MX, f"CURP:{K2};", K2),
]

NEGATIVES = [
    (MX, f"CURP {wrong_check(K1)}"),  # check digit
    (MX, f"CURP {curp_key('PEGJ851301HDFRRN0')}"),  # month 13
    (MX, f"CURP {curp_key('PEGJ850230HDFRRN0')}"),  # 30 February
    (MX, f"CURP {curp_key('HEOS030229MYNRRFA')}"),  # 29 February 2003
    (MX, f"CURP {curp_key('PEGJ850101HZZRRN0')}"),  # no state ZZ
    (MX, f"CURP {curp_key('PEGJ850101QDFRRN0')}"),  # no sex Q
    (MX, f"CURP {curp_key('PAGJ850101HDFRAN0')}"),  # a vowel among the inner consonants
    (MX, f"CURP {curp_key('PBGJ850101HDFRRN0')}"),  # a consonant in the vowel's place
    (MX, f"CURP {curp_key('BUEY850101HDFRRN0')}"),  # an inconvenient word: RENAPO writes BXEY
    (MX, f"CURP {curp_key('PEGJ300101HDFRRNA')}"),  # born in 2030
    (MX, f"CURP {K1}0 and X{K1}"),  # glued to more characters
    (MX, f"CURP {K1[:-1]}"),  # seventeen characters
    (MX, f"ref {K1[:10]}-{K1[10:]}"),  # split
    (MX, "token ABCD123456EFGHIJ78 and AKIAIOSFODNN7EXAMPLE"),
]

# A valid key needs no context word: no table of bare keys.
test_finds_with_spans, test_ignores_look_alikes, _ = table_tests(POSITIVES, NEGATIVES, [])


def test_keys_made_here_follow_stdnum() -> None:
    """stdnum's check digit is the same; it knows the sexes H and M only."""
    for key in (K1, K2, K4, K5):
        assert curp.is_valid(key), key
    assert curp.calc_check_digit(K3) == K3[-1]
    assert not curp.is_valid(K3)  # X
    assert curp_is_valid(K3)


def test_a_valid_key_is_confirmed_without_a_context_word() -> None:
    assert scored(MX, f"registro {K1}") == [(K1, 1.0, True)]


def test_the_birth_date_must_be_in_the_past() -> None:
    today = datetime.date.today()
    born = today + datetime.timedelta(days=400)
    key = curp_key(f"PEGJ{born:%y%m%d}HDFRRNA")
    assert curp.is_valid(key)  # stdnum reads the century from the homonym character
    assert not curp_is_valid(key)


@pytest.mark.parametrize(
    "text",
    [
        f"CURP {K1}",
        f"Mi CURP es {K2}.",
        f"clave única: {K3}",
        f"api_key = {K5}",
        f"Paciente: Juan Pérez García, CURP {K1}, tel. 55 1234 5678",
    ],
)
def test_full_scanner_reports_the_key_on_its_span(text: str) -> None:
    """No other detector of eighteen-character tokens (secrets, IBANs, wallets, passports,
    licences) takes a CURP's span."""
    scanner = Scanner(ScanSettings(ner=False))
    key = next(k for k in (K1, K2, K3, K5) if k in text)
    found = [(f.entity, text[f.start : f.end]) for f in scanner.scan(text)]
    assert ("MX_CURP", key) in found
    assert all(text[f.start : f.end] == key for f in scanner.scan(text) if f.entity == "MX_CURP")


def test_region_gate_spares_other_tokens() -> None:
    text = "ids ABCD1234EFGH5678 and ABCDEFGH12345678901 and PEGJ850101"
    assert MX.wanted(ScanContext(text=text, lower=text.lower())) == []
    assert regions(text).select(frozenset({TOKEN}))


def test_the_module_exposes_its_detector() -> None:
    assert [d.name for d in detectors(ScanSettings())] == ["mx_curp"]
