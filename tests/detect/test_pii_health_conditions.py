"""A person's health (``health_condition``, MEDICAL_CONDITION): a condition after a cue that says
someone has it, table-driven. Positives list the spans the detector must report, in order;
look-alikes name a condition without anyone having it, or name no condition."""

from __future__ import annotations

import pytest

from annexa.detect.builtin.health_conditions import HealthConditionDetector
from annexa.detect.interface import ScanContext
from annexa.detect.scanner import Scanner
from annexa.settings import ScanSettings


def conditions(text: str) -> list[str]:
    found = HealthConditionDetector().detect(ScanContext(text, text.lower()))
    return [text[f.start : f.end] for f in sorted(found, key=lambda f: f.start)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Laura is on sick leave because she was diagnosed with breast cancer.",
            ["sick leave", "breast cancer"],
        ),
        # an absence for sickness, and what it is for
        ("Tom has been on sick leave due to a broken leg.", ["sick leave", "broken leg"]),
        ("Marc est en arrêt maladie.", ["en arrêt maladie"]),
        ("My colleague Tom suffers from severe depression.", ["severe depression"]),
        ("The patient tested positive for HIV last year.", ["HIV"]),
        # a stage and a name the list lacks, formed as medicine names conditions
        (
            "He was diagnosed with stage 3 Hodgkin lymphoma last spring.",
            ["stage 3 Hodgkin lymphoma"],
        ),
        ("He has been diagnosed with a rare genetic condition.", ["rare genetic condition"]),
        # the others listed after the first
        (
            "She has type 2 diabetes and rheumatoid arthritis.",
            ["type 2 diabetes", "rheumatoid arthritis"],
        ),
        ("Tom suffers from tinnitus and chronic migraines.", ["tinnitus", "chronic migraines"]),
        # a form's label
        ("Diagnosis: acute myeloid leukaemia", ["acute myeloid leukaemia"]),
        ("Medical condition: type 1 diabetes\n", ["type 1 diabetes"]),
        # a pregnancy
        ("his wife is pregnant; my sister is 5 months pregnant", ["pregnant", "pregnant"]),
        # the other five languages
        (
            "Frau Weber ist krankgeschrieben wegen Burnout, sie leidet an Depressionen.",
            ["krankgeschrieben", "Burnout", "Depressionen"],
        ),
        ("Il souffre d'une sclérose en plaques depuis 2015.", ["sclérose en plaques"]),
        ("Mi padre padece diabetes tipo 2.", ["diabetes tipo 2"]),
        ("Mia madre soffre di demenza.", ["demenza"]),
        ("Zij lijdt aan astma en is zwanger.", ["astma", "zwanger"]),
        # an allergy: the allergens after it, named freely
        ("He is allergic to peanuts and shellfish.", ["peanuts", "shellfish"]),
        ("Paciente: Carmen Ruiz Ortega, alérgica a la penicilina.", ["penicilina"]),
        ("Der Patient ist allergisch gegen Pollen.", ["Pollen"]),
        # a medicine prescribed or taken for a condition; an everyday word after a clinical cue
        ("I was prescribed sertraline 50mg for depression.", ["depression"]),
        ("She takes metformin for her diabetes.", ["diabetes"]),
        (
            "He was treated for anxiety; she has depression and anxiety.",
            ["anxiety", "depression", "anxiety"],
        ),
        ("She has a history of seizures.", ["seizures"]),
        # a clinical letter: its labels, a known condition, a history, a presentation, a
        # family history, the abbreviations clinicians write
        (
            "Presenting complaint: 3 weeks of exertional chest pain. Known type 2 diabetes.",
            ["3 weeks of exertional chest pain", "type 2 diabetes"],
        ),
        ("PMH: T2DM, HTN, previous DVT", ["T2DM", "HTN", "previous DVT"]),
        (
            "History of asthma. Admitted with pneumonia. c/o back pain.",
            ["asthma", "pneumonia", "back pain"],
        ),
        ("She presented with a 2-day history of fever.", ["2-day history of fever"]),
        ("Father died of MI aged 52.", ["MI"]),
        # words between the cue and the condition, a cause in parentheses, a word that
        # opens with an accented letter ("è in malattia"), a hospital's stay
        (
            "Kevin ist seit dem 02.11. krankgeschrieben (Bandscheibenvorfall). Er leidet seit"
            " 2019 an Vorhofflimmern.",
            ["krankgeschrieben", "Bandscheibenvorfall", "Vorhofflimmern"],
        ),
        (
            "Marco è in malattia da lunedì; soffre di ernia del disco.",
            ["in malattia", "ernia del disco"],
        ),
        (
            "Elle est suivie pour une sclérose en plaques et a été hospitalisée pour une"
            " pneumonie.",
            ["sclérose en plaques", "pneumonie"],
        ),
        (
            "Diagnose: Typ-2-Diabetes, arterielle Hypertonie",
            ["Typ-2-Diabetes", "arterielle Hypertonie"],
        ),
        ("He was hospitalised with pneumonia.", ["pneumonia"]),
        ("She is on sick leave (until Friday).", ["sick leave"]),  # no cause in parentheses
        # a person by name or by kin before "has"
        (
            "Aylin has dyslexia and asthma. My mother has dementia. The patient has pneumonia.",
            ["dyslexia", "asthma", "dementia", "pneumonia"],
        ),
        # an insurance claim's injuries
        (
            "Date of loss 02/11/2026. Injuries: whiplash and a fractured wrist.",
            ["whiplash", "fractured wrist"],
        ),
    ],
)
def test_a_condition_said_of_a_person(text: str, expected: list[str]) -> None:
    assert conditions(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # a condition's name without anyone having it
        "They have cancer research funding and a diabetes ward; COVID tests are free.",
        "history of heart disease in the family",
        # a sickness absence policy, no one's absence
        "The sick leave policy is attached. Our sick leave days are 20.",
        # no condition after the cue
        "Our app suffers from slow startup. He has a point. She had a meeting.",
        "the server was diagnosed with a memory leak",
        "He has anxiety about the deadline. She has a diploma. He has sympathy.",
        "She had a stroke of luck.",
        "The doctor prescribed rest for the weekend; he takes the bus for his commute.",
        "We prescribed a fix for the memory leak.",
        # an allergy as a figure of speech
        "I'm allergic to meetings and Mondays; er ist allergisch gegen Besprechungen.",
        # a key named condition in code, a lower-case label
        "    condition : Expr containing RandomSymbols",
        "if condition: return diagnosis",
        # a clinical cue's words elsewhere, an abbreviation after no clinical cue
        "Known issues: the login page times out. A well-known cancer research centre.",
        "The deploy died of a timeout; he has an MI dashboard; she has AF credits.",
        "Injuries: none\nDiagnosis: pending\nDiagnose: keine",  # a form with nothing to say
        "Windows has a stroke feature. The report has cancer research data. Who has asthma?",
    ],
)
def test_no_condition(text: str) -> None:
    assert conditions(text) == []


def test_the_scanner_reports_it_beside_the_name() -> None:
    text = "Draft a note: Laura Becker was diagnosed with breast cancer."
    found = {(f.entity, text[f.start : f.end]) for f in Scanner(ScanSettings()).scan(text)}
    assert ("MEDICAL_CONDITION", "breast cancer") in found
