"""A person's age (AGE) and nationality, religion or ethnic origin (NRP), table-driven.

Positives state the value of a person in the ways people write it; look-alikes use the same words
of things (a server's age, a language, a company's anniversary), fall out of range or carry a
unit that makes the number no age.
"""

from __future__ import annotations

import pytest

from annexa.detect.builtin.demographics import (
    DEMONYMS,
    AgeDetector,
    NrpDetector,
    OrientationDetector,
)
from annexa.detect.interface import ScanContext
from annexa.detect.scanner import Scanner
from annexa.policy.schema import DEFAULT_ENTITY_LEVELS
from annexa.settings import ScanSettings
from tests.detect.tables import found, scan_seconds, table_tests

AGE = AgeDetector()
NRP = NrpDetector()

POSITIVES = [
    (AGE, "Mr. Spears is a 61 year old man who grew up in Austin", "61"),
    (AGE, "This 79 year old female complaining of chest pain", "79"),
    (AGE, "our 7-year-old daughter starts school", "7"),
    (AGE, "pt is a 45 y/o male", "45"),
    (AGE, "I am 34 years old and live in Leeds", "34"),
    (AGE, "I'm 34 years old", "34"),
    (AGE, "Sandra is 29 years old.", "29"),
    (AGE, "Maria Keller (card on file) is 34 years old", "34"),
    (AGE, "my son is now 12 years old", "12"),
    (AGE, "My brother just turned 60", "60"),
    (AGE, "she turned 18 in May", "18"),
    (AGE, "Sandra turns 40 next week", "40"),
    (AGE, "Patient aged 45 with diabetes", "45"),
    (AGE, "Name: Ana Ruiz, Age: 52", "52"),
    (AGE, '{"name": "Ana Ruiz", "age": 52}', "52"),
    (AGE, "he retired at the age of 65", "65"),
    (AGE, "applicants must be 18 years of age", "18"),
    (AGE, "Ich bin 45 Jahre alt", "45"),
    (AGE, "eine 67-jährige Patientin", "67"),
    (AGE, "verstarb im Alter von 80 Jahren", "80"),
    (AGE, "une femme âgée de 34 ans", "34"),
    (AGE, "j'ai 29 ans", "29"),
    (AGE, "tengo 41 años", "41"),
    (AGE, "un hombre de 50 años de edad", "50"),
    (AGE, "ho 38 anni", "38"),
    (AGE, "mijn vader is 70 jaar oud", "70"),
    (AGE, "Leeftijd: 23", "23"),
    (NRP, "I am cambodian but I live in United Kingdom.", "cambodian"),
    (NRP, "she is a Russian citizen", "Russian"),
    (NRP, "Maria is Italian.", "Italian"),
    (NRP, "he's Catholic.", "Catholic"),
    (NRP, "I am a Christian", "Christian"),
    (NRP, "Polish nationals need no visa", "Polish"),
    (NRP, "a family of Italian descent", "Italian"),
    (NRP, "The Finnish Border Force have detained two", "Finnish"),
    (NRP, "the Spanish government formally began", "Spanish"),
    (NRP, "Nationality: British", "British"),
    (NRP, "Religion: Hindu", "Hindu"),
    (NRP, "he is a Costa Rican national", "Costa Rican"),
    (NRP, "He is a practising Muslim.", "Muslim"),
    # the party or the union a person belongs to
    (NRP, "she is a member of the Labour Party", "Labour Party"),
    (NRP, "a supporter of the Green Party since 2019", "Green Party"),
    (NRP, "he is a member of the trade union", "trade union"),
    (NRP, "Er ist Mitglied der Gewerkschaft.", "Gewerkschaft"),
]

NEGATIVES = [
    (AGE, "a 10-year-old server in the basement"),
    (AGE, "The house is 100 years old"),
    (AGE, "The server (rack 4) is 10 years old"),
    (AGE, "a 5 year old laptop"),
    (AGE, "he is 300 years old"),
    (AGE, "1,061 years old man"),
    (AGE, "the crane turned 90 degrees"),
    (AGE, "The company turned 25 this year"),
    (AGE, "My counter turned 60"),
    (AGE, "whisky aged 12 months in oak"),
    (AGE, "aged 4.5 years"),
    (AGE, "see page 45"),
    (AGE, "message 12 of 40"),
    (AGE, "the age of the cluster is 3 days"),
    (AGE, "Cache-Control: max-age=3600"),
    (AGE, "films for ages 12+"),
    (AGE, "il y a 20 ans"),
    (AGE, "hace 5 años"),
    (AGE, "da 10 anni"),
    (AGE, "Sandra is 29."),
    (NRP, "translate this into French"),
    (NRP, "He is a French teacher"),
    (NRP, "The menu is Italian."),
    (NRP, "I am Christian, your new contact at Globex"),
    (NRP, "please polish the draft"),
    (NRP, "i speak polish"),
    (NRP, "a Swiss army knife"),
    (NRP, "English breakfast tea"),
    (NRP, "the answer is Chinese food"),
    (NRP, "a member of the Python Software Foundation; member of the team"),
    (NRP, "the Party Planning committee and the European Union"),
]

test_finds_with_spans, test_ignores_look_alikes, _ = table_tests(POSITIVES, NEGATIVES, [])


def test_a_unit_after_the_number_makes_it_no_age() -> None:
    assert found(AGE, "Patient aged 45") == [("AGE", "45")]
    for unit in ("days", "%", "weeks", "months", "degrees"):
        assert found(AGE, f"Patient aged 45 {unit}") == []


def test_an_age_out_of_range_is_none() -> None:
    assert found(AGE, "a 125 year old woman") == [("AGE", "125")]
    assert found(AGE, "a 126 year old woman") == []
    assert found(AGE, "a 0 year old boy") == []


def test_every_demonym_of_a_person_is_found() -> None:
    for word in sorted(DEMONYMS):
        spelled = word.replace("-", " ").title()
        assert found(NRP, f"She is a {spelled} citizen.") == [("NRP", spelled)], word


def test_offsets_point_into_text_with_non_ascii_characters() -> None:
    text = "Zoë Müller ist 45 Jahre alt; Zoë is a Czech national."
    assert found(AGE, text) == [("AGE", "45")]
    assert found(NRP, text) == [("NRP", "Czech")]


def test_both_are_levelled_and_found_by_the_default_scanner() -> None:
    assert DEFAULT_ENTITY_LEVELS["AGE"] == DEFAULT_ENTITY_LEVELS["NRP"] == "internal"
    text = "Mr. Ford is a 50 year old man. I am cambodian but I live in Leeds."
    findings = Scanner().scan(text)
    assert [(f.entity, text[f.start : f.end]) for f in findings if f.entity in ("AGE", "NRP")] == [
        ("AGE", "50"),
        ("NRP", "cambodian"),
    ]


@pytest.mark.parametrize("unit", ["12 years old ", "age: 7 ", "I am french and ", "turned 9 "])
def test_time_is_linear_on_repeated_cue_shaped_text(unit: str) -> None:
    scanner = Scanner(ScanSettings(recent_scans=0), detectors=[AGE, NRP])
    small, large = unit * 2_000, unit * 8_000
    scanner.scan(small)
    # four times the text: well under sixteen times the time (a quadratic pass would be there)
    assert scan_seconds(scanner, large) < max(scan_seconds(scanner, small) * 10, 0.05)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My colleague Marco is gay and his partner is from Spain.", ["gay"]),
        ("She came out as bisexual; they identify as non-binary.", ["bisexual", "non-binary"]),
        ("I'm a proud lesbian.", ["lesbian"]),
        (
            "Er ist schwul. Elle est lesbienne. Hij is homoseksueel.",
            ["schwul", "lesbienne", "homoseksueel"],
        ),
        # no person said to be it
        ("The function is trans-invariant. The vibe is queer-friendly.", []),
        ("I'm a proud Homo sapiens; cis and trans isomers.", []),
    ],
)
def test_a_sexual_orientation_said_of_a_person(text: str, expected: list[str]) -> None:
    found = OrientationDetector().detect(ScanContext(text, text.lower()))
    assert [text[f.start : f.end] for f in found] == expected
