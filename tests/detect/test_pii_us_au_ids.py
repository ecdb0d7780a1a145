"""US provider, Medicare and bank identifiers (US_NPI, US_MBI, ABA_ROUTING_NUMBER) and Australian
business, company and Medicare numbers (AU_ABN, AU_ACN, AU_MEDICARE), table-driven.

The example numbers are computed from the specifications (check digits with python-stdnum or the
functions under test), not taken from any test suite. Short checksums (one random number in ten
passes) count only near a context word: those cases are here too.
"""

from __future__ import annotations

import pytest
from stdnum import luhn
from stdnum.au import abn, acn
from stdnum.us import rtn

from annexa.detect.builtin.au_ids import (
    AuAbnDetector,
    AuAcnDetector,
    AuMedicareDetector,
    medicare_checksum,
)
from annexa.detect.builtin.us_ids import (
    AbaRoutingDetector,
    UsEinDetector,
    UsMbiDetector,
    UsNpiDetector,
    aba_valid,
    npi_checksum,
)
from annexa.detect.interface import Detector
from annexa.detect.scanner import Scanner
from annexa.settings import ScanSettings
from tests.detect.tables import table_tests


def npi(first_nine: str) -> str:
    """A valid NPI: the Luhn check digit of 80840 + the first nine digits, appended."""
    return first_nine + luhn.calc_check_digit("80840" + first_nine)


def medicare(first_eight: str, issue: str) -> str:
    """A valid Medicare card number: weighted check digit, then the issue number."""
    check = sum(int(d) * w for d, w in zip(first_eight, (1, 3, 7, 9, 1, 3, 7, 9), strict=True))
    return f"{first_eight}{check % 10}{issue}"


def bump(number: str) -> str:
    """``number`` with its last digit changed (a wrong check digit)."""
    return number[:-1] + str((int(number[-1]) + 1) % 10)


NPI_A = npi("174205983")
NPI_B = npi("219386457")
ABA_A = "06340712" + rtn.calc_check_digit("06340712")  # Federal Reserve district 06
ABA_B = "22901385" + rtn.calc_check_digit("22901385")  # thrift range 21-32
ABA_BAD_PREFIX = "47301265" + rtn.calc_check_digit("47301265")  # 47: no Federal Reserve range
ABN_A = abn.calc_check_digits("604178293") + "604178293"
ACN_A = "30952816" + acn.calc_check_digit("309528160")
MED_A = medicare("42817093", "3")
MED_B = medicare("61930427", "1")


def grouped(number: str, *sizes: int, sep: str = " ") -> str:
    """``number`` cut into groups of ``sizes`` joined by ``sep``."""
    out, at = [], 0
    for size in sizes:
        out.append(number[at : at + size])
        at += size
    return sep.join(out)


def test_generated_numbers_are_what_the_specifications_say() -> None:
    assert npi_checksum(NPI_A)
    assert npi_checksum(NPI_B)
    assert luhn.is_valid("80840" + NPI_A)
    assert not npi_checksum(bump(NPI_A))
    assert aba_valid(ABA_A)
    assert aba_valid(ABA_B)
    assert rtn.is_valid(ABA_BAD_PREFIX)
    assert not aba_valid(ABA_BAD_PREFIX)
    assert not aba_valid("000000000")  # passes the check, all one digit
    assert abn.is_valid(ABN_A)
    assert acn.is_valid(ACN_A)
    assert medicare_checksum(MED_A)
    assert medicare_checksum(MED_B)
    assert not medicare_checksum(MED_A[:8] + str((int(MED_A[8]) + 1) % 10) + MED_A[9])
    assert not medicare_checksum("1" + MED_A[1:])  # first digit must be 2-6


POSITIVES = [
    (UsNpiDetector(), f"NPI: {NPI_A}", NPI_A),
    (UsNpiDetector(), f"National Provider Identifier {NPI_B}.", NPI_B),
    (UsNpiDetector(), f"provider number ({NPI_A}) on the claim", NPI_A),
    (UsNpiDetector(), f"NPI {grouped(NPI_B, 3, 3, 4, sep='-')}", grouped(NPI_B, 3, 3, 4, sep="-")),
    (UsNpiDetector(), f"npi {grouped(NPI_A, 4, 3, 3)} ok", grouped(NPI_A, 4, 3, 3)),
    (UsMbiDetector(), "Medicare ID: 7HN3-QX8-KD52", "7HN3-QX8-KD52"),
    (UsMbiDetector(), "card 2AR6-VG0-TM19 sent", "2AR6-VG0-TM19"),  # dashed: no word needed
    (UsMbiDetector(), "mbi 9wp4-c77-uy30.", "9wp4-c77-uy30"),
    (UsMbiDetector(), "The MBI is 4F25JE1NX88 for this patient", "4F25JE1NX88"),
    (UsMbiDetector(), "beneficiary: 6DK1HY3RW04", "6DK1HY3RW04"),
    (AbaRoutingDetector(), f"routing number: {ABA_A}", ABA_A),
    (AbaRoutingDetector(), f"ABA {ABA_B}, account 004412", ABA_B),
    (
        AbaRoutingDetector(),
        f"RTN {grouped(ABA_A, 4, 4, 1, sep='-')} on the cheque",
        grouped(ABA_A, 4, 4, 1, sep="-"),
    ),
    (AbaRoutingDetector(), f"bank routing ({ABA_B})", ABA_B),
    (AuAbnDetector(), f"ABN {abn.format(ABN_A)}", abn.format(ABN_A)),
    (AuAbnDetector(), f"Supplier {abn.format(ABN_A)} invoiced us.", abn.format(ABN_A)),
    (AuAbnDetector(), f"Australian Business Number: {ABN_A}.", ABN_A),
    (AuAcnDetector(), f"ACN {acn.format(ACN_A)}", acn.format(ACN_A)),
    (AuAcnDetector(), f"company number: {ACN_A}.", ACN_A),
    (AuMedicareDetector(), f"Medicare {grouped(MED_A, 4, 5, 1)}", grouped(MED_A, 4, 5, 1)),
    (AuMedicareDetector(), f"medicare card number: {MED_B}.", MED_B),
    (
        AuMedicareDetector(),
        f"Medicare no. {grouped(MED_B, 4, 5, 1, sep='-')}",
        grouped(MED_B, 4, 5, 1, sep="-"),
    ),
]

NEGATIVES = [
    (UsEinDetector(), "EIN 07-3456789"),  # 07: no IRS campus prefix
    (UsEinDetector(), "case no. 12-3456789 filed"),  # the layout, no context word
    (UsEinDetector(), "EIN 12-34567890"),  # ten digits
    (UsEinDetector(), "Tax ID (SSN) on file: 165271030"),  # a person's tax ID: the SSN's
    (UsNpiDetector(), f"NPI {bump(NPI_A)}"),  # wrong check digit
    (UsNpiDetector(), f"NPI {npi('374205983')} or {npi('074205983')}"),  # first digit not 1/2
    (UsNpiDetector(), f"NPI {NPI_A}7 or {NPI_A[:-1]}"),  # eleven and nine digits
    (UsNpiDetector(), f"order {NPI_A} shipped"),  # valid, but no context word
    (UsNpiDetector(), f"call {grouped(NPI_B, 3, 3, 4, sep='-')} today"),  # a phone's word
    (UsNpiDetector(), f"ts {NPI_A}.{NPI_B[:3]}"),  # a fractional timestamp
    (UsMbiDetector(), "MBI 7HN3-QS8-KD52"),  # S is never used
    (UsMbiDetector(), "MBI 7HN3-QX8-KO52"),  # O is never used
    (UsMbiDetector(), "MBI 0HN3-QX8-KD52"),  # position 1 is 1-9
    (UsMbiDetector(), "MBI 75N3-QX8-KD52"),  # position 2 is a letter
    (UsMbiDetector(), "MBI 7HNH-QX8-KD52"),  # position 4 is a digit
    (UsMbiDetector(), "MBI 7HN3QX8KD5 and 7HN3QX8KD521"),  # ten and twelve characters
    (UsMbiDetector(), "part 4F25JE1NX88 in stock"),  # bare, no context word
    (UsMbiDetector(), "sku-7HN3-QX8-KD52-XL"),  # inside a longer code
    (UsMbiDetector(), "sha 7a3c9e1f4b2d8a6c 2024-05-17 17:45:03 build 1EG2"),
    (AbaRoutingDetector(), f"routing number {bump(ABA_A)}"),  # wrong check digit
    (AbaRoutingDetector(), f"routing {ABA_BAD_PREFIX}"),  # no Federal Reserve prefix
    (AbaRoutingDetector(), "routing 000000000"),
    (AbaRoutingDetector(), f"routing {ABA_A}0 or {ABA_A[:-1]}"),
    (AbaRoutingDetector(), f"invoice {ABA_A} paid"),  # valid, but no context word
    (AuAbnDetector(), f"ABN {abn.format(bump(ABN_A))}"),
    (AuAbnDetector(), f"{abn.format(ABN_A)}0 and {abn.format(ABN_A)} 7"),  # longer digit runs
    (AuAbnDetector(), f"order {ABN_A} shipped"),  # bare, no context word
    (AuAbnDetector(), f"mobile {abn.format(ABN_A)}"),  # near a phone's word, none of ours
    (AuAcnDetector(), f"ACN {acn.format(bump(ACN_A))}"),
    (AuAcnDetector(), f"ACN {ACN_A}1"),
    (AuAcnDetector(), f"ref {acn.format(ACN_A)} noted"),  # valid, but no context word
    (AuMedicareDetector(), f"Medicare {grouped(bump(MED_A[:9]) + MED_A[9], 4, 5, 1)}"),
    (AuMedicareDetector(), f"Medicare {medicare('12817093', '3')}"),  # first digit 1
    (AuMedicareDetector(), f"Medicare {MED_A}1 or {MED_A}AF"),  # with IRN glued on, letters
    (AuMedicareDetector(), f"tel {grouped(MED_A, 4, 5, 1)}"),  # valid, a phone's word
]

# A bare short-checksum number stays below the default threshold without a context word.
NEEDS_CONTEXT = [
    (UsEinDetector(), "12-3456789", "EIN"),
    (UsEinDetector(), "91-1144442", "federal tax ID"),
    (UsEinDetector(), "041234567", "employer identification number"),
    (UsNpiDetector(), NPI_A, "NPI"),
    (UsNpiDetector(), NPI_B, "provider id"),
    (UsMbiDetector(), "4F25JE1NX88", "Medicare"),
    (AbaRoutingDetector(), ABA_A, "routing number"),
    (AbaRoutingDetector(), ABA_B, "transit number"),
    (AuAbnDetector(), ABN_A, "ABN"),
    (AuAcnDetector(), ACN_A, "ACN"),
    (AuAcnDetector(), acn.format(ACN_A), "Australian company number"),
    (AuMedicareDetector(), MED_A, "Medicare number"),
]


test_finds_with_spans, test_ignores_look_alikes, test_bare_number_needs_a_context_word = (
    table_tests(POSITIVES, NEGATIVES, NEEDS_CONTEXT)
)


@pytest.mark.parametrize(
    ("detector", "number", "word"),
    [
        (UsNpiDetector(), NPI_A, "NPI"),
        (AbaRoutingDetector(), ABA_A, "routing number"),
        (AuAbnDetector(), ABN_A, "ABN"),
        (AuAcnDetector(), ACN_A, "ACN"),
        (AuMedicareDetector(), MED_A, "Medicare"),
    ],
)
def test_checksum_confirmed_only_near_a_context_word(
    detector: Detector, number: str, word: str
) -> None:
    """A detector all of whose rules need a context word is not even run without one of its
    words in the text (they are its keywords); the ABN's grouped form stands alone, so its
    bare form is found, below the reporting threshold."""
    scanner = Scanner(ScanSettings(min_score=0.0), detectors=[detector])
    bare = scanner.scan(f"ref {number}")
    if detector.keywords:
        assert bare == []
    else:
        assert [(f.validated, f.score < 0.4) for f in bare] == [(False, True)]
    [near] = scanner.scan(f"{word} {number}")
    assert near.validated
    assert near.score == 1.0


def test_grouped_abn_stands_alone_at_a_medium_score() -> None:
    scanner = Scanner(ScanSettings(min_score=0.0), detectors=[AuAbnDetector()])
    [alone] = scanner.scan(f"Supplier {abn.format(ABN_A)}")
    [near] = scanner.scan(f"ABN {abn.format(ABN_A)}")
    assert (alone.score, alone.validated) == (0.5, False)
    assert (near.score, near.validated) == (1.0, True)


def test_mbi_scores_follow_the_written_form() -> None:
    scanner = Scanner(ScanSettings(min_score=0.0), detectors=[UsMbiDetector()])
    [dashed] = scanner.scan("id 7HN3-QX8-KD52")
    [bare] = scanner.scan("id 7HN3QX8KD52")
    [near] = scanner.scan("MBI 7HN3QX8KD52")
    assert (dashed.score, bare.score) == (0.5, 0.3)
    assert near.score == pytest.approx(0.65)
    # no checksum: nothing is ever confirmed
    assert (dashed.validated, bare.validated, near.validated) == (False, False, False)


def test_mbi_found_in_a_full_scan_without_any_region() -> None:
    """The MBI has no region of the shared pass: the full scanner still runs it."""
    findings = Scanner(ScanSettings(ner=False)).scan("Patient MBI 7HN3-QX8-KD52, seen today")
    assert ("US_MBI", 12, 25) in {(f.entity, f.start, f.end) for f in findings}
