"""NER detector: names, places and organisations, the filters that keep it precise, the extra."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess  # nosec B404 - the test runs this interpreter
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from annexa.detect.builtin import given_names, ner, surnames
from annexa.detect.builtin.given_names import is_given_name
from annexa.detect.interface import Finding, ScanContext
from annexa.detect.scanner import Scanner
from annexa.errors import ConfigError, ScanError
from annexa.settings import ScanSettings
from tests.conftest import IN_CI

HAS_SPACY = importlib.util.find_spec("spacy") is not None
needs_spacy = pytest.mark.skipif(
    not HAS_SPACY and not IN_CI, reason="spaCy is not installed (pip install 'annexa[ner]')"
)


@pytest.fixture(scope="module")
def detector() -> ner.NerDetector:
    if not HAS_SPACY and not IN_CI:
        pytest.skip("spaCy is not installed (pip install 'annexa[ner]')")
    found = ner.detectors(ScanSettings(ner=True))
    assert [type(d) for d in found] == [
        ner.NerDetector,
        ner.PossessiveNameDetector,
        ner.NameMentionDetector,
    ]
    assert isinstance(found[0], ner.NerDetector)
    return found[0]


def found(detector: ner.NerDetector, text: str) -> list[tuple[str, str]]:
    return [(f.entity, text[f.start : f.end]) for f in detector.detect(ScanContext(text, ""))]


POSITIVES = [
    ("From: Matthew Williams <matthew.williams@example.com>\n", ("PERSON", "Matthew Williams")),
    ("Hi Anna, the report is late.", ("PERSON", "Anna")),
    ("Please loop in Gerald Walters before Friday.", ("PERSON", "Gerald Walters")),
    ("Thanks for the update.\n\nCheers,\nAshley Allen\n", ("PERSON", "Ashley Allen")),
    (
        'TEST_USER = {"name": "Teresa Blackburn", "email": "tb@x.org"}',
        ("PERSON", "Teresa Blackburn"),
    ),
    ("Call Mr. Smith tomorrow.", ("PERSON", "Smith")),
    ("I forwarded it to Dr. Jane Doe's assistant.", ("PERSON", "Jane Doe")),
    ("Sarah Connor met John Smith in London.", ("LOCATION", "London")),
    ("Sarah Connor met John Smith in London. Later Smith left.", ("PERSON", "Smith")),
    ("Last year she moved to Berlin with her family.", ("LOCATION", "Berlin")),
    ("He left for Goldman Sachs later.", ("ORGANIZATION", "Goldman Sachs")),
    # a self-introduction names whoever follows, one word or several
    ("hello, my name is Ines and I need help", ("PERSON", "Ines")),
    ("Friends call me Teodora.", ("PERSON", "Teodora")),
    ("Call me April Lindgren.", ("PERSON", "April Lindgren")),
    ("Please ask Mrs. June about it.", ("PERSON", "June")),
    ("My name is Oskar Lindqvist, account 4471.", ("PERSON", "Oskar Lindqvist")),
    # middle initials and Mc names
    ("Escalated by Priya K. Raman yesterday.", ("PERSON", "Priya K. Raman")),
    ("Please loop in Ewan McTavish before Friday.", ("PERSON", "Ewan McTavish")),
    ("Let's follow up with Mirela Costa next week.", ("PERSON", "Mirela Costa")),
    # one-word names without a cue: in a list with a person, a possessive, a person's verb
    ("The brainchild of our founders: Eklund, Michael and Hodge.", ("PERSON", "Hodge")),
    ("They had 6: Gaetane, Hannah, Anthony, Derek, Anna and Andrew.", ("PERSON", "Derek")),
    ("Here is Fiammetta's address for the parcel.", ("PERSON", "Fiammetta")),
    ("Nora lives in Leeds with her sister.", ("PERSON", "Nora")),
    ("I'd like to join accounts with ms. Marcela", ("PERSON", "Marcela")),
    # one word after a credit or a quotation's "says", whatever the model calls it
    ("A film directed by Kimberly Svendsen and starring Janković.", ("PERSON", "Janković")),
    ('"It is moving in that direction," says Yudina.', ("PERSON", "Yudina")),
    # a given name greeted, whatever the model says; a credit before a full name
    ("Hi Torben, I have a problem with a wire transfer.", ("PERSON", "Torben")),
    ("Dear Inger:\nthe form is attached.", ("PERSON", "Inger")),
    ("Hallo Jonas, wie geht's?", ("PERSON", "Jonas")),  # greetings of the six languages
    ("Ciao Marco, ho parlato con Giulia ieri.", ("PERSON", "Marco")),  # not "Ciao Marco"
    ("A 2001 comedy directed by Keith Bult Jr. and starring Ruf", ("PERSON", "Keith Bult Jr")),
]


@pytest.mark.ner
@needs_spacy
@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_finds_names_places_and_organisations(
    detector: ner.NerDetector, text: str, expected: tuple[str, str]
) -> None:
    assert expected in found(detector, text)


# A name found once is found again by its surname or given name; a middle initial makes a
# person of what the model called something else; a text without capitals is read with its
# given names (and the words after them) capitalised.
MENTIONS = [
    (
        "The verses from Faina D. Yefremova's Cautionary Tales. Is there a better example "
        "than early Yefremova?",
        [("PERSON", "Faina D. Yefremova"), ("PERSON", "Yefremova")],
    ),
    (
        "Zoe Young wrote the song. Young people love it. Later, Young said so.",
        [("PERSON", "Zoe Young"), ("PERSON", "Young")],
    ),
    (
        "follow up with patricia desrosiers in a couple of months.",
        [("PERSON", "patricia desrosiers")],
    ),
    ("follow up with benjamin a seiler in a couple of months.", [("PERSON", "benjamin a seiler")]),
]
MENTIONS_QUIET = [
    # a repeated word that opens a sentence as an ordinary word, or leads another name
    ("Zoe Young wrote it.\nYoung people love it.", "Young people"),
    ("Adam Hoffman left. Hoffman Industries hired him.", "Hoffman Industries"),
    # a name the model alone guessed, with no given name, cue or initial, is not repeated
    ("Massive Dynamic ships it. Dynamic pricing applies.", "Dynamic pricing"),
    # nor one only a cue made (an e-mail display name)
    (
        "Maintainer: Pallets Ecosystem <contact@example.org>\nthe Pallets Ecosystem site",
        "Ecosystem site",
    ),
    # lower case: an article after a given name is no initial, an everyday word no surname
    ("i spoke to anna a lot about it", "anna a"),
    ("we met maria at the office", "maria at"),
]


@pytest.mark.ner
@needs_spacy
@pytest.mark.parametrize(("text", "expected"), MENTIONS)
def test_a_person_is_found_again_and_in_lower_case(
    detector: ner.NerDetector, text: str, expected: list[tuple[str, str]]
) -> None:
    hits = found(detector, text)
    for hit in expected:
        assert hit in hits
    if "Young people" in text:
        assert hits.count(("PERSON", "Young")) == 1  # "Later Young said", not "Young people"


@pytest.mark.ner
@needs_spacy
@pytest.mark.parametrize(("text", "quiet"), MENTIONS_QUIET)
def test_repeated_and_shifted_names_stay_out_of_other_words(
    detector: ner.NerDetector, text: str, quiet: str
) -> None:
    at = text.index(quiet)
    for entity, start, end in (
        (f.entity, f.start, f.end) for f in detector.detect(ScanContext(text, ""))
    ):
        if entity == "PERSON":
            assert not (start <= at < end and end > at + quiet.index(" ")), text[start:end]


# The model's "person" or "organisation" that is a street: a USPS suffix that is no surname at
# its end, a street word after it, a house number before it (unless a given name leads it and
# no number follows)
STREETS = [
    ("send a new one to 14 Crown Street Kishiev Squares  Suite 321", "Kishiev Squares"),
    ("these early shows on Marina Fort Street were great", "Marina Fort Street"),
    ("update my address: the corner of Csabai kapu 39. and Mathias Pass", "Mathias Pass"),
    ("The restaurant is at 9816 214 Pavlou Drandaki", "Pavlou Drandaki"),
    ("here's the address: 19 Pierre Delannoyplaats 211 apt. 098 Erwetegem", None),
]
NOT_STREETS = [
    "In 1998 Adam Smith joined the board.",
    "The actress Diane Lane met the press.",
    "Room 12: Anna Schmidt will present.",
]


@pytest.mark.ner
@needs_spacy
@pytest.mark.parametrize(("text", "street"), STREETS)
def test_a_street_the_model_took_for_a_name_is_a_place(
    detector: ner.NerDetector, text: str, street: str | None
) -> None:
    hits = found(detector, text)
    assert not [h for h in hits if h[0] == "PERSON"], hits
    if street is not None:
        assert ("LOCATION", street) in hits


@pytest.mark.ner
@needs_spacy
@pytest.mark.parametrize("text", NOT_STREETS)
def test_a_person_after_a_year_or_a_number_stays_a_person(
    detector: ner.NerDetector, text: str
) -> None:
    assert [h for h in found(detector, text) if h[0] == "PERSON"], text


@pytest.mark.ner
@needs_spacy
def test_an_organisation_ending_in_a_street_suffix_stays_an_organisation(
    detector: ner.NerDetector,
) -> None:
    text = "The VAT number of the European Union is checked."
    assert ("LOCATION", "European Union") not in found(detector, text)


# Without NER: a given name of the gazetteer and a capitalised word after it, standing alone
NAME_PAIRS = [
    ("Please ask Johanna Fitzgerald from Lisbon about invoice 4111", ["Johanna Fitzgerald"]),
    ("Hi, Anna Keller here. Escalate to Priya K. Raman.", ["Anna Keller", "Priya K. Raman"]),
    ("Guido van Rossum wrote it", ["Guido van Rossum"]),
    ("Dear Anna Keller, thanks. Ask Pierre Dubois too.", ["Anna Keller", "Pierre Dubois"]),
    ("opened by Siobhan O'Neill and Jean D'Arcy", ["Siobhan O'Neill", "Jean D'Arcy"]),
    # a given name the gazetteer leaves out, after a word that hands something to a person
    ("This was escalated by Heather Howard for the follow-up.", ["Heather Howard"]),
    ("Per my call with Cody Gibson who owns the account.", ["Cody Gibson"]),
    ("Contact person: Jasmine Peters before Friday.", ["Jasmine Peters"]),
    ("Please loop in Product Management; escalated by Google Cloud Support", []),
    ("ping Jordan Potts about it, cc Holly Cordova", ["Jordan Potts", "Holly Cordova"]),
    ("the task Jasper Potts opened", []),  # "ask" inside a word is no cue
    # a longer capitalised run, a company, place, calendar or role word, a heading, code
    ("The Big Three Killed My Baby are", []),
    ("National Van Lines is a mover", []),
    ("the Maria Hospital and Sandra Monday", []),
    ("I grew up in Shelly Park and Zak Points", []),
    ("Wolfram Research and Dana Director", []),
    ("Release Notes For Anna Keller", []),
    ('# Spec Section: "Lone Anonymous Operation"', []),  # a title in quotes after a label
    # a sign-off, a field, a list on one title-case line: no heading
    ("Thanks, Laura Becker.", ["Laura Becker"]),
    ("Contact: Laura Becker, Sales", ["Laura Becker"]),
    ("Thanks, Laura Brown Smith.", ["Laura Brown Smith"]),
    ('    "Kibar Dış Ticaret",', []),  # an item of a list in code: a company's name
    ("x = Anna Keller(1)", []),
    # a sentence in a JSON string is prose, not code
    ('{"text": "It is under my partner\'s name Nicole Mahler", "id": 7}', ["Nicole Mahler"]),
    ('{"user": Anna Keller, "id": 7}', []),  # unquoted among code
    ('f(x="a", y=Anna Keller, z="b")', []),  # between two strings, in neither
    ("Server Error: Made Cython", []),  # words of code, not given names
    ("We train it with the Adam Optimizer and Tom Scheduler", []),
    # two surnames, as Spanish and Portuguese names carry them; a compound given name
    ("Please update: David Cordero Zabala. Thanks", ["David Cordero Zabala"]),
    ("María José García López will join the call", ["María José García López"]),
    (
        "ask Anouk-Agathe Lelièvre and Jean-Pierre Dupont",
        ["Anouk-Agathe Lelièvre", "Jean-Pierre Dupont"],
    ),
    ("Please ask Zoë Müller about it", ["Zoë Müller"]),
    # a ";" 40 characters on, where the window around the name is cut, is a sentence's
    ("Dmitri Volkov from Gazprom Neft asked about the NDA; his number is 5.", ["Dmitri Volkov"]),
    # a given name written with the accents the list leaves out; an Irish surname's particle
    ("Write to Siobhán Ní Bhriain today", ["Siobhán Ní Bhriain"]),
    ("Call Seán Ó Briain or Oisín Murphy.", ["Seán Ó Briain", "Oisín Murphy"]),
    # a degree or a generational suffix after the name
    ("signed by Josefa Schaaf B.A. today", ["Josefa Schaaf"]),
    ("John Smith Jr. called", ["John Smith"]),
    # more capitalised words than a name has, or a role word among them; places
    ("Ask Anna Keller Chief Executive Officer today", []),
    ("Anna Keller Senior Engineer", []),
    ("John Smith Consulting Group", []),
    ("from the Reino Unido de Gran Bretaña e Irlanda", []),
    ("Mercedes-Benz Group is here", []),
    # names of Africa and Asia, as people write them in Latin letters
    ("Reviewer comments from Kwame Mensah and Chinedu Okafor", ["Kwame Mensah", "Chinedu Okafor"]),
    ("Please draft a reply to Hiroshi Tanaka and Wei Zhang", ["Hiroshi Tanaka", "Wei Zhang"]),
    ("Forward it to Achieng Otieno or Thandiwe Nkosi", ["Achieng Otieno", "Thandiwe Nkosi"]),
    ("Please call Jean-Baptiste Moreau before Friday", ["Jean-Baptiste Moreau"]),
    # a letter's or a parcel's addressee, whose given name the gazetteer need not list
    (
        "Ship to attn. Sherlock Holmes; c/o Oluwaseun Bakare",
        ["Sherlock Holmes", "Oluwaseun Bakare"],
    ),
    ("Attn: Accounts Payable, c/o Acme Corp", []),
    # a phone in brackets right after the pair
    (
        "Olumide Adeyemi (ext. 4421) and Ngozi Okafor (+234 803 123 4567) cover",
        ["Olumide Adeyemi", "Ngozi Okafor"],
    ),
    ("See Section Three (2021) and Model Results (page 4).", []),
    # their lists' everyday words are no given names
    ("Gang Members and Ping Pong tables; the Rua Vinte stop", []),
    # a word that opens a sentence is no part of a capitalised run
    (
        "Also Martin Fowler wrote it. Yesterday Anna Keller called.",
        ["Martin Fowler", "Anna Keller"],
    ),
    (
        "Unfortunately Dmitri Volkov left. When Laura Becker joined, we cheered.",
        ["Dmitri Volkov", "Laura Becker"],
    ),
    ("Hier Marie Dupont a appelé. Ayer Javier Ruiz llamó.", ["Marie Dupont", "Javier Ruiz"]),
    ("from Richard Wagner's code and Anna Keller’s notes", ["Richard Wagner", "Anna Keller"]),
    ("When Harry Met Sally\nThe Anna Keller Foundation", []),  # a title, a heading
    # a given name that is a word too, before an English surname
    (
        "Send it to Mark Thompson and Grace Lee; cc Max Miller.",
        ["Mark Thompson", "Grace Lee", "Max Miller"],
    ),
    ("Will Power is key. May Day parade. Grace Period ends. Rose Gold finish. Mark Down", []),
    # German writes a role before the name capitalised, as every noun
    (
        "Mitarbeiterin Petra Schulz ist krank; die Kundin Sabine Wolff rief an.",
        ["Petra Schulz", "Sabine Wolff"],
    ),
    # a code keyword's word in prose is no mark of code; code is
    (
        "Payroll: Jana Novák, tax class 1. Anna Keller will return the laptop; self-employed"
        " Jonas Weber",
        ["Jana Novák", "Anna Keller", "Jonas Weber"],
    ),
    ("    self.owner = Anna Keller", []),
    # a letter's salutation on its own line; a greeting that is a given name somewhere too
    ("Dear Anna Keller,\n\nthe form is attached.", ["Anna Keller"]),
    ("Beste Anna Keller,", ["Anna Keller"]),
    ("Beste Sanne, dank je", []),  # the name_cue detector's: a greeting and one given name
    # a grade or a share after a name; a number after a product's name
    (
        "Grades: Lena Fischer 1,7; Tim Schröder 2,3; scores: Anna Keller 85 %",
        ["Lena Fischer", "Tim Schröder", "Anna Keller"],
    ),
    ("Mario Kart 8 and Max Payne 3", []),
    # the parties of a case or a claim, named by their role
    (
        "Plaintiff Maria Gonzalez v. Apex Staffing LLC. Witness Laura Becker testified.",
        ["Maria Gonzalez", "Laura Becker"],
    ),
    ("from people import Anna Keller", []),
]


@pytest.mark.parametrize(("text", "expected"), NAME_PAIRS)
def test_given_name_pairs_without_ner(text: str, expected: list[str]) -> None:
    found = ner.NamePairDetector().detect(ScanContext(text, text.lower()))
    assert [text[f.start : f.end] for f in found] == expected


NAME_CUES = [
    # greeted: a letter's or a chat's opening, a thanks
    ("Hi Freddy, I'm contacting you about a problem.", ["Freddy"]),
    ("hi Nora, can you check this?", ["Nora"]),
    ("Dear Inger:\nplease find attached", ["Inger"]),
    ("Good morning Aisha, the build is green", ["Aisha"]),
    ("Thanks, Kelly", ["Kelly"]),
    ("Hey Tom - quick one", ["Tom"]),
    ("Hi Siobhán! Got it.", ["Siobhán"]),
    # a letter's salutation: a place's name is a name there too, not after "Hi"
    ("Dear Jordan, thanks for the invoice. Dear Sofia,", ["Jordan", "Sofia"]),
    ("Hello Paris! Hi Florence, what a trip.", []),
    # a letter's "Dear" in the other languages; a closing is no greeting
    (
        "Liebe Sanne, Beste Pieter, Cara Sofia! Querida Lucía:",
        ["Sanne", "Pieter", "Sofia", "Lucía"],
    ),
    ("Liebe Grüße\nBeste groeten, Cher collègue,", []),
    # a vocative: the person spoken to, before the sentence's end
    ("Remember me, Kelly? Can you check this, Anna!", ["Kelly", "Anna"]),
    ("Is it Python, Java? What about Paris, Jordan?", []),
    # a sentence's subject before a verb said of people
    ("Scott is a very sympathetic person.", ["Scott"]),
    ("The deadline moved. Sandra is on leave until Monday.", ["Sandra"]),
    ("notes:\n            Sandra is on leave.", ["Sandra"]),  # indented: no greeting before
    ("Jacob lives on Whitchurch Road.", ["Jacob"]),
    ("Draft a message to the team: Laura is on sick leave.", ["Laura"]),  # after a colon
    # after a word that hands something to a person or says who did it
    ("Can you ask Priya whether it is ready? I told Marcus, cc Anna.", ["Priya", "Marcus", "Anna"]),
    ("Shawn had given Inger his address", ["Shawn", "Inger"]),
    ("directed by Christopher Boni and starring Duncan", ["Duncan"]),
    ("please loop in Kwame", ["Kwame"]),
    ("we use Python and call Jenkins; ask Siri; meeting with Sandra Keller", []),
    # a list most of whose members are given names: those members
    ("Please forward this to Tom and Lucia.", ["Tom", "Lucia"]),
    (
        "They had 6: Romi, Erik, Amy, Nathaniel, Donald and Kristen.",
        ["Erik", "Amy", "Nathaniel", "Donald", "Kristen"],
    ),
    # no given name, a thing's name, code, a list of other things
    ("Hello World! Hi team, Dear Customer, Hello Kitty!", []),
    ("Hi Claude, hey Siri, thanks Copilot!", []),
    ("Adam is the default optimizer. Pascal is a language.", []),
    ("Python, Java and Rust are fine; Monday, Tuesday and Friday too.", []),
    ("x = f(Anna, Tom and Bob)", []),
    ("Terms and Conditions apply. Research and Development.", []),
    ("Simon and Schuster, Ernst and Young", []),
    ("Thanks Sandra for the help", []),  # more words: the pair detector's or NER's to judge
]


@pytest.mark.parametrize(("text", "expected"), NAME_CUES)
def test_given_names_by_their_cue_without_ner(text: str, expected: list[str]) -> None:
    found = ner.NameCueDetector().detect(ScanContext(text, text.lower()))
    assert [text[f.start : f.end] for f in found] == expected


POSSESSIVES = [
    # a name before what belongs to a person; a given name leads, or the thing is a person's
    ("As promised, here's Zlata's address:", [("Zlata", 0.5)]),
    ("What is Anna Keller's phone number?", [("Anna Keller", 0.6)]),
    ("Jonas' date of birth is on file", [("Jonas", 0.6)]),
    ("Mohmad R. Vizirov's passport number expired", [("Mohmad R. Vizirov", 0.6)]),
    ("Please update Anna's home address", [("Anna", 0.6)]),
    # a company's, product's, role's or nobody's; an acronym; a contraction; code
    ("Google's phone number and IBM's address", []),
    ("Acme Company's address; the Customer's email", []),
    ("Let's email them. Today's number is 12.", []),
    ("print(user.Name's address)", []),
    ("Anna' address", []),
]


@pytest.mark.parametrize(("text", "expected"), POSSESSIVES)
def test_possessives_before_personal_data(text: str, expected: list[tuple[str, float]]) -> None:
    scanner = Scanner(ScanSettings(min_score=0.1), detectors=[ner.PossessiveNameDetector()])
    assert [(text[f.start : f.end], f.score) for f in scanner.scan(text)] == expected


def test_shift_names_capitalises_given_names_and_the_words_after_them() -> None:
    text = "follow up with patricia desrosiers in a couple of months. straße anna"
    shifted, starts = ner.shift_names(text)
    assert len(shifted) == len(text)
    assert shifted.startswith("follow up with Patricia Desrosiers in a couple")
    assert starts == frozenset({text.index("patricia")})
    assert ner.shift_names("we met maria at the office") == (
        "we met maria at the office",
        frozenset(),
    )


# A person's organisation: "of", "from" or "at" after the person, a possessive before
AFFILIATIONS = [
    ("Tom I. Holzman from Predilytics is the keynote speaker", ("ORGANIZATION", "Predilytics")),
    ("Ask John Smith at Initech about it", ("ORGANIZATION", "Initech")),
    ("including Panjiva's Riku Andou and more", ("ORGANIZATION", "Panjiva")),
]
NOT_AFFILIATIONS = [
    ("Jane Doe from London called", "London"),
    ("Anna Keller's friend Tom Baker came", "Anna Keller"),
    ("Maria Lopez from Monday on", "Monday"),
]


@pytest.mark.ner
@needs_spacy
@pytest.mark.parametrize(("text", "expected"), AFFILIATIONS)
def test_a_persons_organisation(
    detector: ner.NerDetector, text: str, expected: tuple[str, str]
) -> None:
    assert expected in found(detector, text)


@pytest.mark.ner
@needs_spacy
@pytest.mark.parametrize(("text", "words"), NOT_AFFILIATIONS)
def test_a_place_a_day_or_a_person_is_no_persons_organisation(
    detector: ner.NerDetector, text: str, words: str
) -> None:
    assert ("ORGANIZATION", words) not in found(detector, text)


# a place named right after a place cue, whatever the model makes of it
CUED_PLACES = [
    ("I am in KATRINEHOLM for a business trip", ["KATRINEHOLM"]),
    ("The Princess Royal arrived at Dordrecht this morning.", ["Dordrecht"]),
    ("We moved here from Črni Vrh nad Idrijo", ["Črni Vrh nad Idrijo"]),
    ("He grew up in Moknine.", ["Moknine"]),
    ("Mrs. Schwarz flew to LEPPEN on Sunday morning.", ["LEPPEN"]),
    ("I'm in ΠΑΦΟΣ, at the conference", ["ΠΑΦΟΣ"]),
    ("a studio based in Chiclana de la Frontera and Lisbon", ["Chiclana de la Frontera"]),
    ("When: 3 May\nWhere: Tiszabög Country Club.", ["Tiszabög Country Club"]),
    # a place before its postcode, after a preposition; a place after "office in" and the like
    ("Looking to support Slashdb in ARENDAL 4844 in its mission", ["ARENDAL"]),
    ("support Nautilytics in København K 1421 in its", ["København K"]),
    ("in Quinta de São Tiago 3610-114 in", ["Quinta de São Tiago"]),
    ("Gumpendorfer Strasse 44 street in KAUFMANNBERG. It was", ["KAUFMANNBERG"]),
    ("our office in Berlin opens", ["Berlin"]),
    ("it runs in Windows 2000 fine", []),  # a year, not a postcode
    ("works in Office 365", []),
    ("the office in Marketing", []),
    # a text written without capitals: the words after the cue, but no everyday word
    ("my friend lives in harburg", ["harburg"]),
    ("the princess royal arrived at kędzierzyn-koźle this morning", ["kędzierzyn-koźle"]),
    ("i'm in a meeting", []),
    ("i'm in trouble again", []),
    ("based in part on data", []),
    # no place: a department, a product, an acronym, lower case, code
    ("I'm in Marketing now", []),
    ("We moved to Slack last year", []),
    ("I'm in HR until June", []),
    ("we moved to production yesterday", []),
    ("x = moved_to(Foo) if based in Bar else 1; flew to Baz()", []),
]


@pytest.mark.parametrize(("text", "expected"), CUED_PLACES)
def test_a_place_cue_names_the_place_after_it(text: str, expected: list[str]) -> None:
    assert [text[f.start : f.end] for f in ner.cued_places(text)] == expected
    assert all(f.entity == "LOCATION" for f in ner.cued_places(text))


POSTCODES_AFTER = [
    ("Looking to support Slashdb in ARENDAL 4844 in its mission", ["4844"]),
    ("in Quinta de São Tiago 3610-114 in", ["3610-114"]),
    ("She lives in Berlin 10115, Germany", ["10115"]),
    ("Mill Village  NS  B0J 2H0\n", ["B0J 2H0"]),
    ("Wrocław 53-320", ["53-320"]),
    ("ÖVERTURINGEN 840 24 in its mission", ["840 24"]),
    # a year, a count, a measure, a version: no postcode
    ("it runs in Windows 2000 fine", []),
    ("We met in Paris 2024 and in London 300 times", []),
    ("Berlin 12 km away", []),
    ("Berlin 10115abc", []),
]


@pytest.mark.parametrize(("text", "expected"), POSTCODES_AFTER)
def test_a_postcode_after_a_place_is_part_of_the_location(text: str, expected: list[str]) -> None:
    places = [
        Finding("LOCATION", m.start(), m.end(), 0.7, "ner")
        for m in re.finditer(
            r"\b(?:ARENDAL|Quinta de São Tiago|Berlin|Mill Village|Wrocław"
            r"|ÖVERTURINGEN|Windows|Paris|London)\b",
            text,
        )
    ]
    found = list(ner.postcodes_after(text, places))
    assert [text[f.start : f.end] for f in found] == expected
    assert all(f.entity == "LOCATION" for f in found)


# names the model, seeing a line alone or lower-case text, leaves untagged
PLAIN_NAMES = [
    ("Theresa Gomes\n\n57 Veslebakken 48\n Apt. 3", ["Theresa Gomes"]),  # an address's head
    ("Cormac Allan\nEchocardiographer\n", ["Cormac Allan"]),  # a CV's
    ("> \n> Alma Jensen\n> Imedicare", ["Alma Jensen"]),  # a quoted signature's
    ("please correct it to mr. larry lombardo?", ["larry lombardo"]),
    ("mrs. hurst is a 50 year old woman", ["hurst"]),
    ("dr. anna berg is on call", ["anna berg"]),
    ("sometimes people call me owen", ["owen"]),
    ("they had 6: silvana, adam, christopher, kristina, chad and cale", None),
    # two in three members given names: the others are names too ("natalina", "crystal")
    (
        "they had 6: natalina, thomas, crystal, omar, zachary and brandy.",
        ["natalina", "thomas", "crystal", "omar", "zachary", "brandy"],
    ),
    # one given name as a sentence's subject or a dialogue's speaker; a list after "founders"
    ("Leah is a very sympathetic person.", ["Leah"]),
    ("Ok. Yesterday Sandra said no.", ["Sandra"]),
    ("Megan: Remember me?\nNatasha: You", ["Megan", "Natasha"]),
    (
        "our 3 founders: Ingvarsdóttir, Mcclain and Ramirez.",
        ["Ingvarsdóttir", "Mcclain", "Ramirez"],
    ),
    ("Dev is down again", []),  # a word of the trade, not a name here
    ("The renewal with Anna is at risk", []),  # after a preposition: a company, often
    ("then Anna: hi", []),  # a speaker opens the line
    # no name: a heading, a company line, a verb, a list of things, everyday words
    ("Manager Approval Needed\n", []),
    ("Anna Logistics Ltd\n", []),
    ("we will miss blood and the end", []),
    ("call me back later", []),
    ("we need apples, pears, plums and grapes", []),
    ("mr. and the rest", []),
    ("my dr. appointment is at 3", []),
    ("see prof. development plans", []),
]


# a text written without capitals: a given name as a sentence's subject, the name after a
# quotation's "says", a line holding a given name and a surname
UNSHIFTED = [
    ("emily is a very sympathetic person. they are kind", ["emily"]),
    ("ok. william had given natasja his address", ["william"]),
    ('"moving in that direction," says jonsson.', ["jonsson"]),
    ('obsolescence," says richard leblanc in an interview', ["richard leblanc"]),
    ("bertram m. jørgensen\n\nsoldier\n", ["bertram m. jørgensen"]),
    # everyday words that are someone's given name somewhere; no quotation; a heading line
    ("love is blind. can you help", []),
    ("the server says hello.", []),
    ("release notes\nnew features\n", []),
]


@pytest.mark.parametrize(("text", "expected"), UNSHIFTED)
def test_names_in_a_text_without_capitals(text: str, expected: list[str]) -> None:
    found = [text[f.start : f.end] for f in ner.unshifted_names(text)]
    assert found == expected


@pytest.mark.parametrize(("text", "expected"), PLAIN_NAMES)
def test_name_lines_and_lower_case_names(text: str, expected: list[str] | None) -> None:
    found = [
        (f.entity, text[f.start : f.end])
        for f in (*ner.name_lines(text), *ner.given_subjects(text), *ner.lower_case_names(text))
    ]
    if expected is None:  # a list of lower-case given names: each member that is one
        assert ("PERSON", "adam") in found
        assert ("PERSON", "christopher") in found
        assert len(found) >= 4
        return
    assert found == [("PERSON", e) for e in expected]


LOOK_ALIKES = [
    "Open it in Firefox or Safari, then Chrome.",
    "    raise TimeoutError(args)",
    "daily.to_csv('daily.csv')",
    "Q4 NPS rose to 40; Q3 ARR fell.",
    "status=204 latency_ms=779 PingContext(r)",
    "Next steps are to finalize the RFP with Soylent Co and circulate it.",
    "Cheers,\nThe growth team",
    "Hi team, please review.",
    "Hi All, quick update.",
    "Hello Support, the portal is down.",
    "Dear Customer, your order shipped.",
    "user_name = getUserName()",
    "The HTTP API returns JSON.",
    "Hi Hi Hi Hello Hey Mr Mr Mrs Dr",
    "The config file name is Settings and call me back.",
    "Open the MacBook Pro and update MacOS.",
    "The log says Timeout after 30 s.",
    "Please call me Monday or Tomorrow.",
    # software and companies where a one-word name would stand
    "We support Chrome, Firefox and Safari.",
    "The build uses Gradle, Maven and Jenkins.",
    "Our stack: Python, Django and Postgres.",
    "Steps tried: cleared cache, retried on Firefox, checked status page.",
    "The renewal with Contoso is at risk.",
    "Hooli asked whether we can extend the trial.",
    "Compare Google's results with Bing.",
    "Subject: Outage\nDescription: Webhook failed\nPriority: High",
    "The demo starring Python and Docker.",
    "The study was produced by Microsoft.",
    "The video starring Kubernetes",
    'sample = {"body": "Lorem Ipsum is simply dummy text of the printing industry."}',
]


@pytest.mark.ner
@needs_spacy
@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_code_products_and_common_words_are_not_people(
    detector: ner.NerDetector, text: str
) -> None:
    assert [hit for hit in found(detector, text) if hit[0] == "PERSON"] == []


# A capitalised verb opening an instruction is no part of the name the model finds after it:
# the supplier would otherwise get a placeholder where the instruction was ("Ask Maria Keller
# about it" -> "<PERSON> about it"). Given names that are also verbs stay whole.
INSTRUCTIONS = [
    ("Ask Maria Keller (maria.keller@example.com) about it.", "Maria Keller"),
    ("Tell John Smith that the build failed.", "John Smith"),
    ("Email Aiko Tanaka the report.", "Aiko Tanaka"),
    ("Ping Maria Keller on Slack.", "Maria Keller"),
    ("Call Pierre Dubois tomorrow.", "Pierre Dubois"),
    ("- Remind Carlos Mendes to sign.", "Carlos Mendes"),
    ("Done. Remind Jonas to sign.", "Jonas"),
    ("Mark Smith called about the invoice.", "Mark Smith"),
    ("Will Turner joined the team.", "Will Turner"),
    # a role before the name is no part of it; one only people hold is a cue
    ("Patient Ana García was admitted on Monday.", "Ana García"),
    ("Summarize: Patient Ana García, DOB 12/03/1985, was seen.", "Ana García"),
    ("Our tenant Omar Haddad called twice.", "Omar Haddad"),
    ("Producer Liviana Palerma joined the call.", "Liviana Palerma"),
]


@pytest.mark.ner
@needs_spacy
@pytest.mark.parametrize(("text", "name"), INSTRUCTIONS)
def test_an_instruction_verb_before_a_name_is_not_part_of_it(
    detector: ner.NerDetector, text: str, name: str
) -> None:
    people = [value for entity, value in found(detector, text) if entity == "PERSON"]
    assert people == [name]


@pytest.mark.ner
@needs_spacy
@pytest.mark.parametrize(
    ("text", "entity", "value"),
    [
        ("Compare Apple and Microsoft.", "ORGANIZATION", "Apple"),
        ("Customer Globex Corporation renewed.", "ORGANIZATION", "Globex Corporation"),
    ],
)
def test_a_leading_verb_or_role_is_cut_from_organisations_too(
    detector: ner.NerDetector, text: str, entity: str, value: str
) -> None:
    hits = found(detector, text)
    assert (entity, value) in hits
    assert not [v for _, v in hits if v.split()[0] in ("Compare", "Customer")]


@pytest.mark.ner
@needs_spacy
@pytest.mark.parametrize(
    "text",
    ["Patient Portal Login", "Please use the Patient Portal Login page.", "Summarize Tesla's Q3."],
)
def test_a_role_or_verb_in_a_heading_or_before_a_product_names_nobody(
    detector: ner.NerDetector, text: str
) -> None:
    assert [hit for hit in found(detector, text) if hit[0] == "PERSON"] == []


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("Ask Maria Keller now", (0, 16), "Maria Keller"),
        ("Hi Dr Ana Lima", (0, 14), "Ana Lima"),
        ("I bought a Tag Heuer", (11, 20), "Tag Heuer"),  # mid-sentence: no instruction
        ("Ask Ana", (0, 7), "Ana"),
        ("Ask", (0, 3), "Ask"),  # nothing left to be a name: kept for the filters to judge
        ("with Producer Ana Lima", (5, 22), "Ana Lima"),  # a role, wherever it stands
        # a surname cut after its particle is completed, or the dangling particle goes
        ("Paul van der Voet said", (0, 8), "Paul van der Voet"),
        ("ask Donald van the next time", (4, 14), "Donald"),
    ],
)
def test_trim_drops_a_leading_verb_and_completes_a_cut_surname(
    text: str, span: tuple[int, int], expected: str
) -> None:
    start, end = ner.trim(text, *span)
    assert text[start:end] == expected


@pytest.mark.ner
@needs_spacy
def test_only_the_ner_component_runs_and_the_model_loads_once(detector: ner.NerDetector) -> None:
    found(detector, "Sarah Connor met John Smith.")
    nlp = detector._nlp
    assert nlp is not None
    assert nlp.pipe_names == ["ner"]
    found(detector, "Dear Jane Doe, welcome.")
    assert detector._nlp is nlp


@pytest.mark.ner
@needs_spacy
def test_windows_seen_again_come_from_the_bounded_cache(
    detector: ner.NerDetector, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "Yesterday Sarah Connor flew from Lisbon to Oslo with Kyle Reese."
    first = found(detector, text)
    uses = detector._uses
    assert found(detector, text) == first
    assert detector._uses == uses
    monkeypatch.setattr(ner, "CACHE_SIZE", 3)
    for i in range(6):
        found(detector, f"{'x ' * i}Sarah Connor met John Smith.")
    assert len(detector._cache) <= 3


@pytest.mark.ner
@needs_spacy
def test_texts_past_spacy_max_length_keep_exact_offsets(detector: ner.NerDetector) -> None:
    detector.warm_up()
    filler = "lorem ipsum dolor sit amet " * (detector._nlp.max_length // 27 + 10)
    text = filler + "Please loop in Gerald Walters today."
    assert len(text) > detector._nlp.max_length
    [hit] = [f for f in detector.detect(ScanContext(text, "")) if f.entity == "PERSON"]
    assert (hit.start, text[hit.start : hit.end]) == (text.index("Gerald"), "Gerald Walters")


@pytest.mark.ner
@needs_spacy
def test_windows_stay_inside_one_line_and_are_bounded() -> None:
    text = "intro line\n" + "Alpha Beta " * 400 + "\nnext Line"
    spans = ner.windows(text)
    assert spans
    for w in spans:
        assert "\n" not in text[w.start : w.end]
        assert w.end - w.start <= ner.MAX_WINDOW + 2 * ner.WINDOW


def test_windows_end_before_a_cr_lf() -> None:
    text = "Customer: account 361415 (Northwind Traders)\r\nDescription: it fails"
    spans = ner.windows(text)
    assert spans
    assert all("\r" not in text[w.start : w.end] for w in spans)


@pytest.mark.ner
@needs_spacy
@pytest.mark.parametrize("form", ["crlf", "quoted", "html"])
def test_a_windows_paste_a_quoted_reply_or_html_finds_what_the_plain_text_finds(
    form: str,
) -> None:
    text = (
        "Ticket #74059 | Priority: Low\nCustomer: account 361415 (Northwind Traders)\n"
        "Description: Gerald Walters reports that the export fails.\n\nBest regards,\n"
        "Ashley Allen\n"
    )
    changed = {
        "crlf": text.replace("\n", "\r\n"),
        "quoted": "> " + text.replace("\n", "\n> "),
        "html": text.replace("\n", "<br>"),
    }[form]
    scanner = Scanner(ScanSettings(ner=True))
    want = [(f.entity, text[f.start : f.end]) for f in scanner.scan(text)]
    got = [(f.entity, changed[f.start : f.end]) for f in scanner.scan(changed)]
    assert ("ORGANIZATION", "Northwind Traders") in want
    assert got == want


@pytest.mark.parametrize("text", ["Ā" * 50_000, "A-" * 25_000, "Anna" + "a" * 50_000])
def test_long_unbroken_words_yield_no_candidates(text: str) -> None:
    # These once made the name regexes backtrack from every position (quadratic time).
    assert ner.windows(text) == []
    assert list(ner.cued_names(text)) == []


@pytest.mark.ner
@needs_spacy
def test_scanner_maps_names_back_through_invisible_characters() -> None:
    text = "Per my call with Ruben\u200b Perez, the budget is fine."
    scanner = Scanner(ScanSettings(ner=True))
    people = [f for f in scanner.scan(text) if f.entity == "PERSON"]
    assert [text[f.start : f.end] for f in people] == ["Ruben\u200b Perez"]


@pytest.mark.ner
@needs_spacy
def test_concurrent_scans_agree_with_sequential_ones(detector: ner.NerDetector) -> None:
    texts = [text for text, _ in POSITIVES] * 4
    sequential = [found(detector, t) for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(lambda t: found(detector, t), texts))
    assert parallel == sequential


def test_ner_off_means_no_model_only_the_name_pairs() -> None:
    assert [d.name for d in ner.detectors(ScanSettings(ner=False))] == [
        "name_pair",
        "name_cue",
        "possessive_name",
        "name_mention",
    ]


def test_ner_on_without_spacy_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec

    def without_spacy(name: str, *args: Any) -> Any:
        return None if name == "spacy" else real(name, *args)

    monkeypatch.setattr(importlib.util, "find_spec", without_spacy)
    with pytest.raises(ConfigError, match="spaCy is not installed") as err:
        ner.detectors(ScanSettings(ner=True))
    assert "annexa[ner]" in err.value.diagnostics()
    assert "name_pair" in [d.name for d in ner.detectors(ScanSettings(ner=False))]


@pytest.mark.ner
@needs_spacy
@pytest.mark.ner
@needs_spacy
def test_another_packages_pipeline_factory_is_not_imported_to_load_the_model(
    tmp_path: Path,
) -> None:
    """A package that registers a spaCy factory (Presidio does) is not imported when the model
    loads; its import would cost cold start and run code the scan does not need."""
    (tmp_path / "annexa_canary_factory.py").write_text(
        "import pathlib, os\npathlib.Path(os.environ['CANARY']).write_text('imported')\n"
        "def make(nlp, name):\n    raise AssertionError('never built')\n"
    )
    info = tmp_path / "annexa_canary_factory-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: annexa-canary-factory\n")
    (info / "entry_points.txt").write_text(
        "[spacy_factories]\nannexa_canary = annexa_canary_factory:make\n"
    )
    canary = tmp_path / "canary.txt"
    code = (
        "from annexa.detect.builtin.ner import load_model\n"
        "nlp = load_model('en_core_web_sm')\n"
        "print(nlp.pipe_names)\n"
    )
    env = {**os.environ, "CANARY": str(canary), "PYTHONPATH": str(tmp_path)}
    done = subprocess.run(  # nosec B603 - this interpreter, fixed code
        [sys.executable, "-c", code],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "['ner']" in done.stdout
    assert not canary.exists()  # the canary package was never imported


def test_a_model_needing_another_packages_factory_loads_with_entry_points(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The first load skips other packages' factories; a model that needs one (spaCy's E002)
    is loaded again with them, and the registry is left as it was."""
    spacy = pytest.importorskip("spacy")
    registry = spacy.util.registry._entry_point_factories
    seen: list[bool] = []

    class Pipeline:
        def __init__(self) -> None:
            self.pipe_names = ["ner"]

    def load(name: str, exclude: list[str]) -> Pipeline:
        seen.append(registry.entry_points)
        if not registry.entry_points:
            raise ValueError("[E002] Can't find factory for 'transformer' for language English")
        return Pipeline()

    monkeypatch.setattr(spacy, "load", load)
    monkeypatch.setattr(ner, "resolve_model", lambda model: model)
    assert ner.load_model("en_core_web_trf").pipe_names == ["ner"]
    assert seen == [False, True]
    assert registry.entry_points is True


def test_a_missing_model_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="no_such_spacy_model"):
        ner.detectors(ScanSettings(ner=True, ner_model="no_such_spacy_model"))


@pytest.mark.parametrize(
    ("value", "shaped"),
    [
        ("Jane Doe", True),
        ("Dr. Jane Doe", True),
        ("Anne le Luc-de Gruson", True),
        ("Toby O'Donnell", True),
        ("Étienne Bruneau", True),
        ("TimeoutError", False),
        ("time.monotonic", False),
        ("eu-west-1", False),
        ("Q4 NPS", False),
        ("latency_ms", False),
        ("NASA", False),
        ("Priya K. Raman", True),
        ("Ewan McTavish", True),
        ("MacBook", False),
        ("McAFEE", False),
    ],
)
def test_name_shape(value: str, shaped: bool) -> None:
    assert ner.is_name_shaped(value) is shaped


def test_the_candidate_look_ahead_skips_no_match() -> None:
    """The look-ahead that lets ``re`` skip positions changes no candidate."""
    text = (
        "Hi Anna, my name is Ines; call me Teo. Dr. Lee says Bo visited Oslo via Rome, "
        "ms. Marcela and Mr Ode. Nora lives in Leeds.\nNora: hi\nSubject: x, Kim and Jo"
    )
    lookahead, rest = ner._CANDIDATE.pattern.split(")", 1)
    assert lookahead.startswith("(?=[")
    plain = re.compile(rest)
    assert [m.span() for m in ner._CANDIDATE.finditer(text)] == [
        m.span() for m in plain.finditer(text)
    ]


def test_no_window_for_header_lines_or_words_never_judged_a_name() -> None:
    text = "Subject: Outage\nDescription: see logs, retried on Firefox\nNora: hello"
    assert [text[w.start : w.end] for w in ner.windows(text)] == ["Nora: hello"]


@pytest.mark.ner
@needs_spacy
def test_one_word_windows_report_only_people(detector: ner.NerDetector) -> None:
    """A window shown only for a one-word candidate is there for names, not for places or
    organisations the model finds in it."""
    assert found(detector, "My religion says they are evil and hacked by the Devil") == []
    assert ner.windows("hacked by the Devil") == [ner.Window(0, 19, people_only=True)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the model calls these organisations; a given name first says person
        ("Christophe Björklund\n\nPower distributor\n", [("PERSON", "Christophe Björklund")]),
        ("Sandra is very reliable. You can count on her.", [("PERSON", "Sandra")]),
        ("Joe had given Kristin his address.", [("PERSON", "Joe"), ("PERSON", "Kristin")]),
    ],
)
def test_a_given_name_makes_a_person(
    detector: ner.NerDetector, text: str, expected: list[tuple[str, str]]
) -> None:
    assert [f for f in found(detector, text) if f[0] == "PERSON"] == expected


@pytest.mark.parametrize(
    "text",
    [
        "May is the busiest month for us.",
        "Claude is an AI assistant; Gemini is another.",
        "This is fine. Python is great and Julia is fast.",
        "Grace period is 30 days.",
        "Chase is a bank.",
        "Sofia is the capital of Bulgaria.",
        # a title-case heading and the labels of buttons are no names
        "Manager Approval Needed\nPlease approve the budget.",
        "Install Jenkins and Grafana on the Dev Server.",
        "Click Save Changes and then Submit Request.",
    ],
)
def test_words_and_products_that_are_given_names_are_no_people(
    detector: ner.NerDetector, text: str
) -> None:
    assert [f for f in found(detector, text) if f[0] == "PERSON"] == []


def test_the_given_name_gazetteer() -> None:
    assert all(map(is_given_name, ["Sandra", "Björn", "Aija"]))
    assert not any(map(is_given_name, ["sandra", "SANDRA"]))
    # accents the list leaves out count ("Siobhan" is listed), a word made from one does not
    assert all(map(is_given_name, ["Siobhán", "Seán", "Oisín"]))
    assert not any(map(is_given_name, ["Café", "Résumé", "Mäy"]))
    assert not any(map(is_given_name, ["Will", "May", "Claude", "Ruby", "Chase", "Grace"]))
    assert not any(map(is_given_name, ["Gemma", "Devin", "Cassandra", "Jules", "Cody"]))
    # Africa's and Asia's names in Latin letters; the everyday and code words among them not
    assert all(map(is_given_name, ["Kwame", "Chinedu", "Achieng", "Hiroshi", "Wei", "Minh"]))
    assert not any(map(is_given_name, ["Gang", "Ping", "Min", "Anon", "Among", "Comfort", "Lan"]))
    # Hindi and Nepali names, romanized from Faker's Devanagari; their everyday words not
    assert all(map(is_given_name, ["Rajesh", "Sunita", "Amit", "Deepak", "Dipak", "Aditya"]))
    assert not any(map(is_given_name, ["Sun", "Moon", "Ram", "Dip", "Dil", "Bal", "Puja"]))


@pytest.mark.parametrize(
    ("word", "spelled"),
    [
        ("राजेश", {"rajesh"}),  # the last inherent "a" is not said
        ("दीपक", {"deepak", "dipak"}),  # a long ī written both ways
        ("जगदीश", {"jagdish", "jagdeesh"}),  # nor one between a vowel and a consonant's vowel
        ("आदित्य", {"aditya"}),  # said after a conjunct ending in y, r or v
        ("चन्द्र", {"chandra"}),
        ("संजय", {"sanjay"}),  # the anusvara is an n
        ("अंजली", {"anjali", "anjalee"}),
        ("अर्चना", {"archana", "archna"}),  # after a conjunct: both readings
        ("ज़स्विन्देर्", {"zasvinder"}),  # a nukta, a final virama
        ("Rajesh", set()),  # not Devanagari
        ("राजेश1", set()),
    ],
)
def test_devanagari_given_names_as_written_in_latin_letters(word: str, spelled: set[str]) -> None:
    assert given_names.romanize_devanagari(word) == spelled


def test_names_a_self_introduction_admits_are_left_out_of_the_gazetteer() -> None:
    """``INTRODUCED`` widens the gazetteer only where the text says a word is a name: each is a
    word the gazetteer leaves out, and none describes the speaker or is a product."""
    assert given_names.INTRODUCED <= given_names.NOT_EVIDENCE
    assert not given_names.INTRODUCED & {"happy", "frank", "lucky", "claude", "siri", "paris"}
    assert given_names.is_introduced_name("Sofia")
    assert not given_names.is_given_name("Sofia")
    assert not given_names.is_introduced_name("sofia")


def test_the_surname_file_is_what_the_locked_faker_makes() -> None:
    """``data/english_surnames.txt`` holds what the locked Faker gives, minus everyday words.
    After a Faker upgrade: python -m annexa.detect.builtin.surnames >
    annexa/detect/builtin/data/english_surnames.txt (and review the difference)."""
    listed = surnames.english_surnames()
    assert listed == frozenset(surnames.from_faker())
    assert {"thompson", "oconnor", "harris"} <= listed
    assert not {"day", "page", "price", "street", "power"} & listed
    shipped = (Path(surnames.__file__).parent / surnames.DATA_FILE).read_text("utf-8")
    assert shipped == surnames.file_text(surnames.from_faker())


def test_the_every_locale_surname_file_is_what_the_locked_faker_makes() -> None:
    """``data/surnames.txt`` (for an initial glued to a surname: "mkowalski") holds every Faker
    locale's surnames of five letters or more, accents dropped, minus everyday words. After a
    Faker upgrade: python -m annexa.detect.builtin.surnames --every-locale >
    annexa/detect/builtin/data/surnames.txt (and review the difference)."""
    made = surnames.from_faker(every_locale=True)
    listed = surnames.surnames()
    assert listed == frozenset(made)
    assert {"kowalski", "wisniewski", "kumar", "okafor", "suzuki"} <= listed
    assert not {"parent", "master", "company", "park", "lee"} & listed  # "lee": too short
    assert surnames.is_surname("lee")  # an English one, of any length
    assert not surnames.is_surname("park")
    shipped = (Path(surnames.__file__).parent / surnames.ALL_DATA_FILE).read_text("utf-8")
    assert shipped == surnames.file_text(made, every_locale=True)


def test_the_gazetteer_file_is_what_the_locked_faker_makes() -> None:
    """``data/given_names.txt`` is read at run time, not Faker: it must hold what the locked
    Faker gives. After a Faker upgrade: python -m annexa.detect.builtin.given_names >
    annexa/detect/builtin/data/given_names.txt (and review the difference)."""
    assert given_names.given_names() == frozenset(given_names.from_faker())
    shipped = (Path(given_names.__file__).parent / given_names.DATA_FILE).read_text("utf-8")
    assert shipped == given_names.file_text(given_names.from_faker())


@pytest.mark.parametrize(
    "unit",
    [
        "Aaaa ",
        "abc, ",
        "\n",
        "grew up in ",
        "flew to Aaaa ",
        "Anna Berg\n",
        "mr. abc ",
        "call me ",
        "I am in KATRINEHOLM de la ",
        "Anna is ",
        "\nAnna: ",
        "founders: Anna, ",
        "emily is ",
        '", says ',
        "anna berg\n",
    ],
)
def test_the_rule_passes_stay_linear_on_adversarial_text(unit: str) -> None:
    """Place cues, name lines and lower-case names: linear time, well under the ReDoS bound
    (50 ms per KB) on repeated cue-shaped text."""

    def once(text: str) -> float:
        start = time.process_time()
        list(ner.cued_places(text))
        list(ner.name_lines(text))
        list(ner.given_subjects(text))
        list(ner.lower_case_names(text))
        list(ner.unshifted_names(text))
        return time.process_time() - start

    def cost(size: int) -> float:
        """The best of three runs: a busy, shared machine only ever adds time."""
        text = unit * (size // len(unit))
        return min(once(text) for _ in range(3))

    small, large = cost(8_192), cost(65_536)
    assert large / 64 < 0.050  # seconds per KB
    assert large < 8 * 2.5 * small + 0.25  # no worse than linear, with room for noise


@pytest.mark.parametrize(
    ("text", "value", "entity"),
    [
        # a street by its last word, a region of a country, a street name with its house number
        # after an address cue: a place, whatever the model called it
        (
            "at the corner of 3744 Retreat Avenue and Władysława Route.",
            "Władysława Route",
            "Władysława Route",
        ),
        (
            "the corner of 76 Boulevard de Normandie and Eriksson Bridge.",
            "Eriksson Bridge",
            "Eriksson Bridge",
        ),
        (
            "a fully professional orchestra serving Southern Tunisia",
            "Southern Tunisia",
            "Southern Tunisia",
        ),
        # the house number, street word or street type read is part of the place
        ("send a new one to the corner of Kuusiku 7 and Alexander Flat?", "Kuusiku", "Kuusiku 7"),
        ("He lives on the north side of Rua Diadema 1903.", "Rua Diadema", "Rua Diadema 1903"),
        (
            "drops you off at 643 ul. Biskupa Bogedaina 118 St.",
            "Biskupa Bogedaina",
            "ul. Biskupa Bogedaina 118",
        ),
        ("The title refers to Bem rakpart 79. street", "Bem", "Bem rakpart 79"),
        ("> Váci utca 23\n> Budapest", "Váci", "Váci utca 23"),
        # organisations stay organisations
        ("She works for Acme Robotics in Leeds.", "Acme Robotics", "ORGANIZATION"),
        ("We moved to Globex 2 weeks ago", "Globex", "ORGANIZATION"),
        ("the Southern Company board", "Southern Company", "ORGANIZATION"),
        ("Wells Fargo Bank and Union Pacific", "Union Pacific", "ORGANIZATION"),
        ("Via Transportation 5 days a week", "Via Transportation", "ORGANIZATION"),
        ("boarding at Lufthansa gate 23 now", "Lufthansa", "ORGANIZATION"),
        ("a deal with Calle Networks 2 years ago", "Calle Networks", "ORGANIZATION"),
    ],
)
def test_an_organisation_of_the_model_that_is_a_place_is_a_location(
    text: str, value: str, entity: str
) -> None:
    """``entity`` is the finding's type, or for a place the text it covers."""
    start = text.index(value)
    finding = ner.judge(text, "ORG", start, start + len(value))
    assert finding is not None
    if entity == "ORGANIZATION":
        assert (finding.entity, text[finding.start : finding.end]) == (entity, value)
    else:
        assert (finding.entity, text[finding.start : finding.end]) == ("LOCATION", entity)


@pytest.mark.parametrize(
    ("text", "entity", "value", "judged"),
    [
        # a given name the model left out before its person joins it
        ("Ticket from Rajesh Kumar Iyer about it", "PERSON", "Kumar Iyer", "Rajesh Kumar Iyer"),
        ("Please ask Kwame Mensah first", "PERSON", "Mensah", "Kwame Mensah"),
        ("The Bank Kumar Iyer runs", "PERSON", "Kumar Iyer", "Kumar Iyer"),  # no given name
        # a span holding an honorific or a greeting of the six languages is no organisation
        ("Bitte Herrn Dr. Klaus-Dieter Schmitt informieren", "ORG", "Bitte Herrn", None),
        ("Merci Madame, à demain", "ORG", "Merci Madame", None),
        # a generation after the name: without its dot or its comma (the dot lost it whole)
        ("John Smith Sr. called.", "PERSON", "John Smith Sr.", "John Smith Sr"),
        (
            "Martin Luther King, Jr. spoke",
            "PERSON",
            "Martin Luther King, Jr.",
            "Martin Luther King",
        ),
        ("Henry Ford II bought it", "PERSON", "Henry Ford II", "Henry Ford"),
    ],
)
def test_what_judge_makes_of_a_span_of_the_model(
    text: str, entity: str, value: str, judged: str | None
) -> None:
    start = text.index(value)
    finding = ner.judge(text, entity, start, start + len(value))
    assert (None if finding is None else text[finding.start : finding.end]) == judged


@pytest.mark.parametrize(
    ("text", "again"),
    [
        (
            "Anna: Hi, I can't log in since yesterday.\nAgent: Sorry to hear that, Anna.",
            ["Anna"],
        ),
        ("Best regards,\nSabine Koch\n\nPS: Koch is on leave until Monday.", ["Koch"]),
        ("Her husband Pádraig called. Then Pádraig hung up on us.", ["Pádraig"]),
        # a name reported at all is looked for again, at its own score (a name pair's 0.5)
        ("Please ask Johanna Fitzgerald. Fitzgerald knows.", ["Fitzgerald"]),
        # nothing found first: nothing again
        ("Koch is on leave. Koch will be back.", []),
    ],
)
def test_a_name_found_once_is_found_where_it_is_said_again(text: str, again: list[str]) -> None:
    found = Scanner(ScanSettings(ner=False)).scan(text)
    assert [text[f.start : f.end] for f in found if f.detector == "name_mention"] == again


def test_a_whole_name_said_again_is_one_finding() -> None:
    text = "Attendees: Priya Raman, Léa Martin\nthe call with Léa Martin went well"
    settings = ScanSettings(ner=False, disabled=["name_pair"])
    found = [(text[f.start : f.end], f.detector) for f in Scanner(settings).scan(text)]
    assert ("Léa Martin", "name_mention") in found
    assert not any(value == "Martin" for value, _ in found)


def test_a_follow_up_detector_that_fails_fails_the_scan() -> None:
    class Broken(ner.NameMentionDetector):
        name = "broken_mention"

        def follow_up(self, ctx: ScanContext, found: Any) -> Any:
            raise RuntimeError("boom")

    scanner = Scanner(ScanSettings(ner=False), detectors=[Broken()])
    with pytest.raises(ScanError, match="broken_mention"):
        scanner.scan("Anna: hi")
