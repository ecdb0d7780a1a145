"""Employee, customer and student numbers (``employee_number``, ``customer_number``,
``student_number``) and a travel booking's reference (``booking_reference``) right after a
label that names them, table-driven: positives with their spans, look-alikes that must not
match."""

from __future__ import annotations

import pytest

from annexa.detect.builtin.person_numbers import (
    BookingReferenceDetector,
    CustomerIdDetector,
    EmployeeIdDetector,
    StudentIdDetector,
)
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
        ("My employee number is 20-4471.", ["20-4471"]),  # two dashed groups
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
        "employee number of 12345",  # a word, no code's letters
    ],
)
def test_no_employee_number(text: str) -> None:
    assert numbers(text) == []


def customers(text: str) -> list[str]:
    found = CustomerIdDetector().detect(ScanContext(text, text.lower()))
    return [text[f.start : f.end] for f in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kundin: Sabine Wolff, Kundennummer 100045872, Tel. 0171 2345678", ["100045872"]),
        ("customer ID C-88812 asked for a refund", ["C-88812"]),
        ("Client : M. Julien Lefèvre, n° de client 778812.", ["778812"]),
        (
            "Kd.-Nr. 55120; número de cliente: 40021; klantnummer 9921034",
            ["55120", "40021", "9921034"],
        ),
    ],
)
def test_a_customer_number_after_its_label(text: str, expected: list[str]) -> None:
    assert customers(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "client ID 12345 of the OAuth app",  # OAuth's client ID, no customer's
        "customer number 2026-11",
        "the customer number field is required",
        "customer id 1234567890123456",  # longer than any customer number
    ],
)
def test_no_customer_number(text: str) -> None:
    assert customers(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lufthansa Miles & More 992004417312, member no. 44120931", ["992004417312", "44120931"]),
        ("frequent flyer number BA 12345678", ["BA 12345678"]),
        ("membership no. M-44120; Mitgliedsnummer 20931", ["M-44120", "20931"]),
        ("loyalty card number 6048102938475610", ["6048102938475610"]),
    ],
)
def test_a_members_number_is_a_customer_number(text: str, expected: list[str]) -> None:
    assert customers(text) == expected


def test_a_health_plans_member_id_is_no_customer_number() -> None:
    assert customers("Insurance member ID XJH448120931") == []


def students(text: str) -> list[str]:
    found = StudentIdDetector().detect(ScanContext(text, text.lower()))
    return [text[f.start : f.end] for f in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Yuki Nakamura (student ID S2093841) got 58/100", ["S2093841"]),
        ("Matrikelnummer: 4711234", ["4711234"]),
        ("matriculation number 2219934 (MSc)", ["2219934"]),
        ("numéro d'étudiant 21904512", ["21904512"]),
        ("su número de alumno es 88123", ["88123"]),
    ],
)
def test_a_student_number_after_its_label(text: str, expected: list[str]) -> None:
    assert students(text) == expected


@pytest.mark.parametrize(
    "text",
    ["student number 12", "student ID card reader", "the student no. field", "student id 2026-09"],
)
def test_no_student_number(text: str) -> None:
    assert students(text) == []


def bookings(text: str) -> list[str]:
    found = BookingReferenceDetector().detect(ScanContext(text, text.lower()))
    return [text[f.start : f.end] for f in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Lufthansa LH 401, booking reference K7QX2M, e-ticket 220-2458731902. Seat 14C.",
            ["K7QX2M", "220-2458731902"],
        ),
        ("PNR: HX4K9P; record locator QWERTZ", ["HX4K9P", "QWERTZ"]),
        ("Marriott confirmation number 84417392 (2 nights)", ["84417392"]),
        ("Ihre Buchungsnummer lautet: QZ7P3L.", ["QZ7P3L"]),
        ("Votre référence de réservation : 8XK2LM. Localizador: ABC12D.", ["8XK2LM", "ABC12D"]),
        ("ticket number 125 2458731902", ["125 2458731902"]),
    ],
)
def test_a_booking_reference_after_its_label(text: str, expected: list[str]) -> None:
    assert bookings(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "PNR: PENDING; booking reference: CANCEL",  # a status where the reference would stand
        "Jira ticket number 48213; support ticket #4821",  # no airline's ticket
        "booking confirmation sent; the reservation code is below",
        "Your confirmation code is 482913 to verify your email.",  # a one-time code
        "booking reference k7qx2m",  # a record locator is written in capitals
    ],
)
def test_no_booking_reference(text: str) -> None:
    assert bookings(text) == []
