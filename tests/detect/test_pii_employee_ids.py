"""Employee numbers (``employee_number``, EMPLOYEE_ID) right after a label that names them,
table-driven: positives with their spans, look-alikes that must not match."""

from __future__ import annotations

import pytest

from annexa.detect.builtin.employee_ids import EmployeeIdDetector
from annexa.detect.interface import ScanContext


def numbers(text: str) -> list[str]:
    found = EmployeeIdDetector().detect(ScanContext(text, text.lower()))
    return [text[f.start : f.end] for f in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Summarise the review of Marcus Tan (employee ID E-20931)", ["E-20931"]),
        ("Gehaltsabrechnung, Personalnummer 48213", ["48213"]),
        ("staff number: HR0042", ["HR0042"]),
        ("matricule 004127 au service paie", ["004127"]),
        ("su número de empleado es 77120", ["77120"]),
        ("matricola A-55012", ["A-55012"]),
        ("personeelsnummer 100234.", ["100234"]),
        ("Mitarbeiter-Nr. 5521, Ü-Stunden", ["5521"]),  # offsets after non-ASCII text
    ],
)
def test_an_employee_number_after_its_label(text: str, expected: list[str]) -> None:
    assert numbers(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "employee ID 12",  # too short to single anyone out
        "employee number 2026-11",  # a date
        "staff ID card reader v2",
        "the employee id field is required",
        "employee id 12345678901234",  # too long for a staff number
        "staff no. 1.5 of the plan",
    ],
)
def test_no_employee_number(text: str) -> None:
    assert numbers(text) == []
