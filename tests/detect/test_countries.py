"""The country gazetteer the NER detector adds to the model (annexa.detect.builtin.countries):
names from phonenumbers' region data in six languages, whole words, everyday words and given
names held back. Table-driven: positives with the exact text each finding covers, look-alikes
that must not match."""

from __future__ import annotations

import pytest

from annexa.detect.builtin.countries import country_findings, country_names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "William Hughes\n20789 Allika 46\n Riisa\n\n Estonia 62488",
            ["Estonia"],
        ),  # alone on an address line
        ("i'm originally from switzerland", ["switzerland"]),  # lower case
        ("a tribute to the United States.", ["United States"]),
        (
            "offices in Deutschland, Österreich and Frankreich",
            ["Deutschland", "Österreich", "Frankreich"],
        ),  # German
        ("livraison en Allemagne", ["Allemagne"]),  # French
        ("enviado a Alemania", ["Alemania"]),  # Spanish
        ("spedito in Germania", ["Germania"]),  # Italian
        ("verzonden naar Duitsland", ["Duitsland"]),  # Dutch
        ("moved to Jordan last year", ["Jordan"]),  # a given name after a preposition of place
        ("made in China", ["China"]),
        ("ships to the UK and USA", ["UK", "USA"]),
        ("Paris, France", ["France"]),
        ("born in South Korea", ["South Korea"]),  # the longer name, not "Korea" inside it
    ],
)
def test_country_names_are_found(text: str, expected: list[str]) -> None:
    found = list(country_findings(text, "ner"))
    assert [text[f.start : f.end] for f in found] == expected
    assert {f.entity for f in found} <= {"LOCATION"}
    assert all(f.detector == "ner" for f in found)


@pytest.mark.parametrize(
    "text",
    [
        "Chad said he would call",  # a given name, no preposition of place
        "Jordan reviewed the pull request",
        "Maurice called about the invoice",  # French for Mauritius, and a given name
        "a roast turkey dinner",  # everyday words in lower case
        "add chili and chile flakes",
        "my football jersey",
        "a family reunion",
        "fine china plates",
        "the frankreichs variable",  # not a whole word
        "Iceland-based? no: IcelandAir",  # part of a longer word
        "peru and oman in lower case",  # four letters or fewer need the capital
        "import germany_data from countries",
    ],
)
def test_look_alikes_are_not_countries(text: str) -> None:
    assert [text[f.start : f.end] for f in country_findings(text, "ner")] == []


def test_the_names_come_from_the_library_data_in_six_languages() -> None:
    names = country_names()
    for name in ("Estonia", "Estland", "Estonie", "Lituania", "Nieuw-Zeeland", "New Zealand"):
        assert name in names
    assert len(names) > 600
