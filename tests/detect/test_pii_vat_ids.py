"""VAT identification numbers with their country prefix (VAT_ID), table-driven.

Every number here is made up: digits chosen here, the check digits computed by each member
state's rule (python-stdnum's ``calc_check_digit`` where it has one, the published formula
where not).
"""

from __future__ import annotations

import pytest
from stdnum import luhn
from stdnum.at import uid as at_uid
from stdnum.ch import uid as ch_uid
from stdnum.iso7064 import mod_11_10

from annexa.detect.builtin.vat_ids import VatIdDetector, valid_vat
from annexa.detect.scanner import Scanner
from annexa.policy.schema import DEFAULT_ENTITY_LEVELS
from tests.detect.tables import found

VAT = VatIdDetector()

DE = "DE27183645" + mod_11_10.calc_check_digit("27183645")
AT = "ATU4827193" + at_uid.calc_check_digit("U4827193")
_SIREN = "73282932" + luhn.calc_check_digit("73282932")
FR = f"FR{(12 + 3 * (int(_SIREN) % 97)) % 97:02d}{_SIREN}"  # the key over the SIREN
BE = "BE04729183" + f"{97 - int('04729183') % 97:02d}"  # mod 97
_CH = "40918273" + ch_uid.calc_check_digit("40918273")
CH = f"CHE-{_CH[:3]}.{_CH[3:6]}.{_CH[6:]} MWST"


def _spaced(number: str) -> str:
    """``FR44732829320`` as invoices print it: ``FR 44 732 829 320``."""
    digits = number[2:]
    return f"{number[:2]} {digits[:2]} {digits[2:5]} {digits[5:8]} {digits[8:]}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"USt-IdNr.: {DE}", DE),
        (f"VAT {AT}", AT),
        (f"N° TVA intracommunautaire : {_spaced(FR)}", _spaced(FR)),
        (f"VAT: {BE[:2]} {BE[2:6]}.{BE[6:9]}.{BE[9:]}", f"{BE[:2]} {BE[2:6]}.{BE[6:9]}.{BE[9:]}"),
        (f"UID: {CH}", CH),
        (f"Seller VAT reg. {DE}, Berlin", DE),
        # a word the expression took for one more group is left out
        (
            f"VAT: {DE[:2]} {DE[2:5]} {DE[5:8]} {DE[8:]} AB Stockholm",
            f"{DE[:2]} {DE[2:5]} {DE[5:8]} {DE[8:]}",
        ),
    ],
)
def test_finds_vat_numbers_with_their_prefix(text: str, expected: str) -> None:
    assert found(VAT, text) == [("VAT_ID", expected)]


@pytest.mark.parametrize(
    "text",
    [
        f"VAT {DE[:-1]}{(int(DE[-1]) + 1) % 10}",  # the check digit
        f"VAT {DE[:-1]}",  # a digit short
        f"VAT {DE}0",  # a digit too many
        f"order {DE} shipped",  # no VAT word in the text
        f"private {DE}",  # "private" holds "iva", no VAT word
        "our vat is DE-FAULT",
        "VAT rate 19 % in DE",
        "VAT: GB12",
    ],
)
def test_ignores_look_alikes(text: str) -> None:
    assert found(VAT, text) == []


def test_a_valid_number_far_from_its_word_is_reported_unconfirmed() -> None:
    text = f"VAT invoice attached.{' Lorem ipsum dolor sit amet.' * 4} Supplier {DE}."
    [finding] = Scanner(detectors=[VAT]).scan(text)
    assert (finding.score, finding.validated) == (0.5, False)


def test_the_check_is_python_stdnums() -> None:
    assert all(valid_vat(n) for n in (DE, AT, FR, BE, CH))
    assert not any(valid_vat(n) for n in ("DE000000000", "XX123"))


def test_a_vat_number_is_internal() -> None:
    assert DEFAULT_ENTITY_LEVELS["VAT_ID"] == "internal"
