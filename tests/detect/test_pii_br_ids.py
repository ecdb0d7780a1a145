"""Brazilian CPF and CNPJ numbers (table-driven).

Every number here is made for the test: its two check digits computed below from the Receita
Federal's rule (weighted sums modulo 11; a CNPJ's letters valued as their ASCII code less 48).
Look-alikes fail a check digit, repeat one digit, have a digit too many or too few, or stand
where a record's or a phone's number stands; bare numbers count only near a context word.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from stdnum.br import cnpj, cpf

from annexa.detect.builtin._base import RegionDetector
from annexa.detect.builtin._regions import regions
from annexa.detect.builtin.br_ids import BrCnpjDetector, BrCpfDetector, detectors
from annexa.detect.interface import Detector, ScanContext
from annexa.detect.scanner import Scanner
from annexa.settings import ScanSettings
from tests.detect.tables import table_tests

CPF = BrCpfDetector()
CNPJ = BrCnpjDetector()


def _mod11(values: Sequence[int], weights: Sequence[int]) -> int:
    """A check digit: the weighted sum modulo 11 taken from 11, 10 and 11 counting as 0."""
    rest = sum(v * w for v, w in zip(values, weights, strict=True)) % 11
    return 0 if rest < 2 else 11 - rest


def cpf_number(nine: str) -> str:
    """The eleven digits of a CPF: ``nine`` and its check digits (weights 10-2, then 11-2)."""
    values = [int(d) for d in nine]
    values.append(_mod11(values, range(10, 1, -1)))
    values.append(_mod11(values, range(11, 1, -1)))
    return "".join(map(str, values))


def cnpj_number(twelve: str) -> str:
    """The fourteen characters of a CNPJ: ``twelve`` (digits or capitals, each valued as its
    ASCII code less 48) and its check digits (weights 5-2 and 9-2, then 6-2 and 9-2)."""
    values = [ord(c) - 48 for c in twelve]
    first = _mod11(values, [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2])
    second = _mod11([*values, first], [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2])
    return f"{twelve}{first}{second}"


def cpf_formatted(number: str) -> str:
    return f"{number[:3]}.{number[3:6]}.{number[6:9]}-{number[9:]}"


def cnpj_formatted(number: str) -> str:
    return f"{number[:2]}.{number[2:5]}.{number[5:8]}/{number[8:12]}-{number[12:]}"


def wrong_check(number: str) -> str:
    """``number`` with its last check digit changed."""
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def scored(detector: Detector, text: str) -> list[tuple[str, float, bool]]:
    """(covered text, score, validated) of every finding, whatever its score."""
    scanner = Scanner(ScanSettings(min_score=0.0), detectors=[detector])
    return [(text[f.start : f.end], round(f.score, 2), f.validated) for f in scanner.scan(text)]


C1 = cpf_number("123456789")
C2 = cpf_number("246813579")
C3 = cpf_number("100200300")
MOBILE_CPF = cpf_number("119876543")  # also a São Paulo mobile number: 11 98765-43..
J1 = cnpj_number("112223330001")  # a head office (order 0001)
J2 = cnpj_number("123456780002")  # a branch
A1 = cnpj_number("12ABC3450001")  # alphanumeric (IN RFB nº 2.229/2024)
A2 = cnpj_number("1AB2CD3E0001")
A3 = cnpj_number("AB1C23450001")
A4 = cnpj_number("A23456780001")
A5 = cnpj_number("12ABC34501DE")
A6 = cnpj_number("123456AB0001")

POSITIVES = [
    # CPF, punctuated: confirmed without a context word
    (CPF, f"CPF {cpf_formatted(C1)}", cpf_formatted(C1)),
    (CPF, f"Cliente: Maria Souza, {cpf_formatted(C2)}.", cpf_formatted(C2)),
    (CPF, f"(cpf nº {cpf_formatted(C3)})", cpf_formatted(C3)),
    (CPF, f"titular {cpf_formatted(C1)} 2 vias", cpf_formatted(C1)),
    # CPF, bare or with the dash only: near a context word
    (CPF, f"CPF: {C1}", C1),
    (CPF, f"meu CPF é {C2[:9]}-{C2[9:]}", f"{C2[:9]}-{C2[9:]}"),
    (CPF, f"Cadastro de Pessoas Físicas {C3}.", C3),
    (CPF, f"C.P.F. {C1}", C1),
    (CPF, f"{C2} (CPF)", C2),
    # CNPJ, punctuated: reported at a medium score (see below), confirmed near a context word
    (CNPJ, f"CNPJ {cnpj_formatted(J1)}", cnpj_formatted(J1)),
    (CNPJ, f"Fornecedor {cnpj_formatted(J2)}, São Paulo", cnpj_formatted(J2)),
    (
        CNPJ,
        f"inscrita no CNPJ/MF sob o nº {J1[:8]}/{J1[8:12]}-{J1[12:]}.",
        f"{J1[:8]}/{J1[8:12]}-{J1[12:]}",
    ),
    # alphanumeric CNPJ, each way its digits can fall into the region pass's runs
    (CNPJ, f"CNPJ: {cnpj_formatted(A1)}", cnpj_formatted(A1)),  # 345/0001-DD
    (CNPJ, f"matriz {cnpj_formatted(A2)}", cnpj_formatted(A2)),  # 0001-DD
    (CNPJ, f"CNPJ {cnpj_formatted(A3)}", cnpj_formatted(A3)),  # 2.345/0001-DD
    (CNPJ, f"CNPJ {cnpj_formatted(A4)}", cnpj_formatted(A4)),  # 2.345.678/0001-DD
    # CNPJ, bare: near a context word
    (CNPJ, f"CNPJ {J1}", J1),
    (CNPJ, f"cnpj: {J2}.", J2),
    (CNPJ, f"CNPJ {A5}", A5),  # alphanumeric, bare: the token ABC34501DE..
    (CNPJ, f"Cadastro Nacional da Pessoa Jurídica {A6}", A6),
]

NEGATIVES = [
    (CPF, f"CPF {cpf_formatted(wrong_check(C1))}"),  # check digit
    (CPF, "CPF 111.111.111-11 or 999.999.999-99"),  # one digit repeated: checks pass
    (CPF, "CPF 000.000.000-00"),
    (CPF, f"CPF 1{cpf_formatted(C1)} and {cpf_formatted(C1)}1"),  # a digit glued on
    (CPF, f"CPF {C1[:3]}.{C1[3:6]}.{C1[6:9]}.{C1[9:]}"),  # no dash
    (CPF, f"v1.{cpf_formatted(C1)}"),
    (CPF, f"ref {C1}"),  # bare, no context word
    (CPF, f"order {C2[:9]}-{C2[9:]}"),
    (CPF, f"celular {MOBILE_CPF}"),  # a mobile number, no CPF word
    (CPF, f"CPF {wrong_check(C1)}"),
    (CPF, f"CPF {C1}0 and {C1[1:]}"),  # twelve and ten digits
    (CNPJ, f"CNPJ {cnpj_formatted(wrong_check(J1))}"),  # check digit
    (CNPJ, "CNPJ 11.111.111/1111-11"),  # one digit repeated
    (CNPJ, "CNPJ 00.000.000/0000-00"),
    (CNPJ, f"CNPJ {cnpj_formatted(J1)}1"),
    (CNPJ, f"CNPJ {cnpj_formatted(A1).lower()}"),  # letters are capitals
    (CNPJ, f"path a/{cnpj_formatted(J1)}"),
    (CNPJ, f"id {J1}"),  # bare, no context word
    (CNPJ, f"order {A5}"),
    (CNPJ, f"CNPJ {wrong_check(J1)} and {wrong_check(A5)}"),
    (CNPJ, f"CNPJ {J1}0"),
    (CNPJ, f"CNPJ X{A5}"),  # a longer token
]

# A bare number whose check one random number in a hundred passes counts only near a word.
NEEDS_CONTEXT = [
    (CPF, C1, "CPF"),
    (CPF, f"{C3[:9]}-{C3[9:]}", "cpf"),
    (CPF, MOBILE_CPF, "cadastro de pessoa física"),
    (CNPJ, J1, "CNPJ"),
    (CNPJ, A5, "cnpj"),
    (CNPJ, J2, "company number"),
]


test_finds_with_spans, test_ignores_look_alikes, test_bare_number_needs_a_context_word = (
    table_tests(POSITIVES, NEGATIVES, NEEDS_CONTEXT)
)


def test_numbers_made_here_are_valid_for_stdnum() -> None:
    for number in (C1, C2, C3, MOBILE_CPF):
        assert cpf.is_valid(number), number
    for number in (J1, J2, A1, A2, A3, A4, A5, A6):
        assert cnpj.is_valid(number), number


def test_punctuated_cpf_is_confirmed_without_context() -> None:
    text = f"{cpf_formatted(C1)}"
    assert scored(CPF, text) == [(text, 1.0, True)]


@pytest.mark.parametrize("number", [C1, MOBILE_CPF])
def test_bare_cpf_is_confirmed_only_near_its_word(number: str) -> None:
    assert scored(CPF, f"n. {number}") == [(number, 0.2, False)]
    assert scored(CPF, f"CPF {number}") == [(number, 1.0, True)]


@pytest.mark.parametrize("number", [J1, A1])
def test_punctuated_cnpj_scores_modestly_until_its_word_is_near(number: str) -> None:
    """A company's number: reported at 0.5 alone, confirmed near "CNPJ"."""
    text = cnpj_formatted(number)
    assert scored(CNPJ, f"Fornecedor {text}") == [(text, 0.5, False)]
    assert scored(CNPJ, f"CNPJ {text}") == [(text, 1.0, True)]


@pytest.mark.parametrize(
    ("text", "entity", "number"),
    [
        (f"Cliente {cpf_formatted(C1)}", "BR_CPF", cpf_formatted(C1)),
        (f"telefone {cpf_formatted(C2)}", "BR_CPF", cpf_formatted(C2)),
        (f"CPF {C1}", "BR_CPF", C1),
        (f"cpf: {MOBILE_CPF}", "BR_CPF", MOBILE_CPF),
        (f"celular {MOBILE_CPF}", "PHONE_NUMBER", MOBILE_CPF),
        (f"CNPJ {cnpj_formatted(J1)}", "BR_CNPJ", cnpj_formatted(J1)),
        (f"Fornecedor {cnpj_formatted(J2)}", "BR_CNPJ", cnpj_formatted(J2)),
        (f"CNPJ: {cnpj_formatted(A1)}", "BR_CNPJ", cnpj_formatted(A1)),
        (f"CNPJ {A5}", "BR_CNPJ", A5),
    ],
)
def test_full_scanner_reports_the_number_on_its_span(text: str, entity: str, number: str) -> None:
    """The phone detector reads 123.456.789-09 as a phone number (0.6): the CPF's check wins
    the span, whatever word stands near. A bare eleven-digit mobile number stays a phone number
    unless "CPF" stands near."""
    scanner = Scanner(ScanSettings(ner=False))
    assert [(f.entity, text[f.start : f.end]) for f in scanner.scan(text)] == [(entity, number)]


@pytest.mark.parametrize(
    ("detector", "text"),
    [
        (CPF, "order 123456 and 1234567890 and 123456789012"),
        (CPF, "call 12.345.678-90 or 1234.5678-901"),  # other punctuation
        (CNPJ, "order 123456 and 1234567 and 1234567890123 and 4111 1111 1111 1111"),
        (CNPJ, "tokens ORDER20240101 and user_name42 and ABCDEFGHIJ12"),
    ],
)
def test_region_gate_spares_other_numbers(detector: RegionDetector, text: str) -> None:
    """The detectors look at no window for digit runs or tokens they cannot match."""
    assert detector.wanted(ScanContext(text=text, lower=text.lower())) == []


def test_cnpj_gate_passes_only_the_runs_a_cnpj_makes() -> None:
    gate = CNPJ.region_gate
    assert gate is not None
    assert not regions("order 123456 and 1234567 and 12345678901234567890").may_select(gate)
    for number in (J1, A1, A2, A3, A4):
        assert regions(f"CNPJ {cnpj_formatted(number)}").may_select(gate), number
    assert regions(f"CNPJ {J1} and {A5}").may_select(gate)


def test_the_module_exposes_its_detectors() -> None:
    assert [d.name for d in detectors(ScanSettings())] == ["br_cpf", "br_cnpj"]
