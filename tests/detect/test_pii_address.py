"""Street addresses (table-driven, with spans): the forms of several countries' conventions,
post boxes, US military and city lines, and the look-alikes that must not match."""

from __future__ import annotations

import pytest

from annexa.detect.builtin.address import PostcodeDetector, StreetAddressDetector
from annexa.detect.builtin.countries import SCORE as PLACE_SCORE
from annexa.detect.scanner import Scanner
from annexa.settings import ScanSettings
from tests.detect.tables import found as found_by


def found(text: str, min_score: float = 0.4) -> list[str]:
    scanner = Scanner(ScanSettings(min_score=min_score), detectors=[StreetAddressDetector()])
    return [text[f.start : f.end] for f in scanner.scan(text) if f.entity == "STREET_ADDRESS"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Send it to 742 Evergreen Terrace, Springfield", ["742 Evergreen Terrace"]),
        ("She lives at 17 W. Oak St. near the park", ["17 W. Oak St."]),
        # a sentence's full stop after a word written out is no part of the address; an
        # abbreviation's and a Hungarian house number's dot are
        ("Meet me at 10 Downing Street. Then lunch.", ["10 Downing Street"]),
        ("I live at 12 Main St.", ["12 Main St."]),
        ("Cím: Budapest, Fő utca 12.", ["Fő utca 12."]),
        ("HQ: 500 3rd Ave SE, Suite 2100", ["500 3rd Ave SE, Suite 2100"]),
        ("118 Larkspur Lane\n  Apt 4B\n", ["118 Larkspur Lane\n  Apt 4B"]),
        ("Ship to 9 Mill Row, then", ["9 Mill Row"]),
        ("livraison au 8 bis avenue Victor Hugo, Lyon", ["8 bis avenue Victor Hugo"]),
        ("on habite 3 rue des Lilas", ["3 rue des Lilas"]),
        ("Avenida Paulista 1578, São Paulo", ["Avenida Paulista 1578"]),
        ("Piazza della Signoria 5 a Firenze", ["Piazza della Signoria 5"]),
        # the place after a comma, with its postcode, is part of the address; without one not
        ("Wohnt in der Lindenstraße 12a, 10115 Berlin", ["Lindenstraße 12a, 10115 Berlin"]),
        ("adresse 15 rue de la Paix, 75002 Paris. Merci", ["15 rue de la Paix, 75002 Paris"]),
        (
            "Ship to: 221B Baker Street, London NW1 6XE, United Kingdom",
            ["221B Baker Street, London NW1 6XE, United Kingdom"],
        ),
        ("ul. Karpacka 69, 00-950 Warszawa", ["ul. Karpacka 69, 00-950 Warszawa"]),
        ("Calle Mayor 5, 28013 Madrid, España", ["Calle Mayor 5, 28013 Madrid, España"]),
        ("Hauptstraße 12, 80331 München, Tel. 089 1234567", ["Hauptstraße 12, 80331 München"]),
        # a European address's floor, staircase or door between its street and its place
        ("Calle Mayor 5, 3º B, 28013 Madrid", ["Calle Mayor 5, 3º B, 28013 Madrid"]),
        (
            "Calle de Alcalá 42, piso 3, puerta 2, 28014 Madrid",
            ["Calle de Alcalá 42, piso 3, puerta 2, 28014 Madrid"],
        ),
        ("Via Garibaldi 7 int. 3, 20121 Milano", ["Via Garibaldi 7 int. 3, 20121 Milano"]),
        ("Via Roma 25 scala B, 10121 Torino", ["Via Roma 25 scala B, 10121 Torino"]),
        ("Hauptstraße 5, 2. OG, 80331 München", ["Hauptstraße 5, 2. OG, 80331 München"]),
        (
            "Kärntner Straße 12 Stiege 2 Top 5, 1010 Wien",
            ["Kärntner Straße 12 Stiege 2 Top 5, 1010 Wien"],
        ),
        # a unit word with no number, or a unit and no place, is not taken
        ("Via Roma 25, piano terra, Torino", ["Via Roma 25"]),
        ("Calle Mayor 5, 3º B, ya sabes", ["Calle Mayor 5, 3º B"]),
        # a signature sets the parts of its address line apart with bars or dots
        ("Industriestraße 14 | 70565 Stuttgart", ["Industriestraße 14 | 70565 Stuttgart"]),
        ("12 Main Street · Springfield, IL 62704", ["12 Main Street · Springfield, IL 62704"]),
        ("Hauptstraße 5 | Tel. 089 1234567", ["Hauptstraße 5"]),
        ("meet at 5 Baker Street, Monday at 10", ["5 Baker Street"]),
        ("the show at 12 rue de Rivoli, Paris 2024 edition", ["12 rue de Rivoli"]),  # a year
        ("We met at 12 Main Street, Anna and I.", ["12 Main Street"]),
        ("Bahnhofstr. 3", ["Bahnhofstr. 3"]),
        ("Keizersgracht 123, Amsterdam", ["Keizersgracht 123"]),
        ("Nørrebrogade 44 2. tv", ["Nørrebrogade 44"]),
        ("Drottninggatan 71", ["Drottninggatan 71"]),
        ("Mannerheimintie 12 B", ["Mannerheimintie 12"]),
        ("Andrássy út 22.", ["Andrássy út 22."]),
        ("PO Box 7781, Anchorage", ["PO Box 7781"]),
        # a grouped box number, and its place
        ("Postfach 10 11 23, 80001 München", ["Postfach 10 11 23, 80001 München"]),
        ("Postfach 1011, München", ["Postfach 1011"]),
        ("Unit 2050 Box 4190\nAPO AP 96278-2050", ["Unit 2050 Box 4190\nAPO AP 96278-2050"]),
        ("send to APO AE 09012 today", ["APO AE 09012"]),
        ("Boulder, CO 80302", ["Boulder, CO 80302"]),
        # the place lines of the same address follow its street
        (
            "221B Baker Street\nLondon NW1 6XE\nUnited Kingdom",
            ["221B Baker Street\nLondon NW1 6XE\nUnited Kingdom"],
        ),
        ("Lindenstraße 12a\n10115 Berlin\n\nGrüße", ["Lindenstraße 12a\n10115 Berlin"]),
        ("12 Main Street\nThanks,\nBob", ["12 Main Street"]),  # a sign-off is no place
        ("10 Downing Street\nPlease call me", ["10 Downing Street"]),
        # an address block: any street name and a house number, a unit, the place lines and,
        # after a blank line, a country with its postcode
        (
            "Ana Lima\n\n20789 Allika 46\n Suite 501\n Riisa\n\n Estonia 62488\n\nThanks",
            ["20789 Allika 46\n Suite 501\n Riisa\n\n Estonia 62488"],
        ),
        (
            "78 Camiño Ancho 91\n Apt. 286\n El Tornadizo",
            ["78 Camiño Ancho 91\n Apt. 286\n El Tornadizo"],
        ),
        (
            "to 22 Avda. Alameda Sundheim 46 Suite 385, then",
            ["22 Avda. Alameda Sundheim 46 Suite 385"],
        ),
        (
            "> 935 69 Gordon Terrace\n> Suite 828\n> Leeds",
            ["935 69 Gordon Terrace\n> Suite 828\n> Leeds"],
        ),
        ("P.O. Box 101\n Suite 242\n Nuuk", ["P.O. Box 101\n Suite 242\n Nuuk"]),
        # a block typed in lower case: a building number first, the unit on the next line
        (
            "19 guipúzcoa 1268\n apt. 013\n rocha\n norway 13453",
            ["19 guipúzcoa 1268\n apt. 013\n rocha\n norway 13453"],
        ),
        # the fields of an address laid out on one line, set apart by wide gaps
        (
            "5 Puruntie 82 Apt. 595    LAPPEENRANTA     SK     53650",
            ["5 Puruntie 82 Apt. 595    LAPPEENRANTA     SK     53650"],
        ),
        (
            "2437 Main St Suite 442    Mill Village     NS     B0J 2H0",
            ["2437 Main St Suite 442    Mill Village     NS     B0J 2H0"],
        ),
        (
            "P.O. Box 242  Suite 787  Kangerlussuaq   Greenland 54005",
            ["P.O. Box 242  Suite 787  Kangerlussuaq   Greenland 54005"],
        ),
        ("12 Main Street    Personal Info:  Phone", ["12 Main Street"]),  # a label, no place
        # a form's fields one a line: a place, a region code, a postcode; not a year
        (
            "Billing address:\n 28245 Puruntie 82 Apt. 595\n LAPPEENRANTA\n SK\n 53650",
            ["28245 Puruntie 82 Apt. 595\n LAPPEENRANTA\n SK\n 53650"],
        ),
        ("12 Main Street\n2024\nThanks", ["12 Main Street"]),
        ("12 Main Street    is where we meet", ["12 Main Street"]),  # a sentence
        ("we have 3 rooms 2 floor 4", []),
        ("see step 4 unit 3", []),
        ("module 3\nunit 12", []),
        ("his address: 85 Trg revolucije 12", ["85 Trg revolucije 12"]),  # after an address word
        ("same address: 2914 184th Street", ["2914 184th Street"]),  # an ordinal street name
        ("enter on Freistädter Strasse 61 today", ["Freistädter Strasse 61"]),
        ("12 Main Street\n\nFrance is lovely", ["12 Main Street"]),  # no country line
        # Irish addresses: a county line, an Eircode, a country after two place lines, Dublin's
        # postal districts
        (
            "12 Main Street\nBallina\nCo. Mayo F26 X2Y4\nIreland\nThanks",
            ["12 Main Street\nBallina\nCo. Mayo F26 X2Y4\nIreland"],
        ),
        ("4 Merrion Square, Dublin 2, D02 X285", ["4 Merrion Square, Dublin 2, D02 X285"]),
        ("4 Merrion Square\nDublin 6W\nIreland", ["4 Merrion Square\nDublin 6W\nIreland"]),
        ("12 Main Street, Berlin 2, Germany", ["12 Main Street"]),  # no district there
        (
            "12 Main Street\nBallina\nCo. Mayo\nThe rest is fine",
            ["12 Main Street\nBallina\nCo. Mayo"],
        ),
        # in lower case, after a word that says an address follows
        ("hey, i live at 12 main st, see you", ["12 main st"]),
        ("my address is 4411 old mill road apt 3", ["4411 old mill road"]),
        # a rejected candidate does not hide the address inside it
        ("In 2019 Revenue rose 5 percent at 12 Main Street", ["12 Main Street"]),
        # USPS suffixes that are everyday words too, with more of an address around them
        (
            "update: 2328 Figueroa Skyway Apt. 290, Kimberlyview, NJ 78456. Thanks",
            ["2328 Figueroa Skyway Apt. 290, Kimberlyview, NJ 78456"],
        ),
        ("Flat: 97 Lynda Bridge, Smithbury, W8 6FJ", ["97 Lynda Bridge, Smithbury, W8 6FJ"]),
        ("new address 825 Garrett Circles", ["825 Garrett Circles"]),
        (
            "Deliver to 97 Catherine Pathway, Andreaborough, WA, 4876.",
            ["97 Catherine Pathway, Andreaborough, WA, 4876"],
        ),
        ("Sarastraat 9, 5907JO, Hasselt", ["Sarastraat 9, 5907JO"]),  # a Dutch postcode unspaced
        # house numbers with a range or a door, and street types of more countries
        ("Vogtallee 22-15, 73464 Ochsenfurt", ["Vogtallee 22-15, 73464 Ochsenfurt"]),
        ("Heserstr. 9/6, 69506 Beeskow", ["Heserstr. 9/6, 69506 Beeskow"]),
        ("ul. Kołłątaja 79/19, 02-931 Kwidzyn", ["ul. Kołłątaja 79/19, 02-931 Kwidzyn"]),
        ("plac Kruczkowskiego 796, 92-808 Chojnice", ["plac Kruczkowskiego 796, 92-808 Chojnice"]),
        # street names whose ending is an everyday word's too, before a postcode and a place
        ("Aspstigen 91, 47483 Landskrona", ["Aspstigen 91, 47483 Landskrona"]),
        ("Rukoushuoneenkuja 9, 90748 Kivijärvi", ["Rukoushuoneenkuja 9, 90748 Kivijärvi"]),
        ("Harloffring 5, 12345 Berlin", ["Harloffring 5, 12345 Berlin"]),
        # a comma before the house number, as Italy and Brazil write it
        (
            "Vicolo Sgalambro, 59, 30010 Campagna Lupia",
            ["Vicolo Sgalambro, 59, 30010 Campagna Lupia"],
        ),
        (
            "Via Ossola, 40 Appartamento 6, 20036, Dairago (MI)",
            ["Via Ossola, 40 Appartamento 6, 20036"],
        ),
        ("Rua Augusta, 1508, 01304-001 São Paulo", ["Rua Augusta, 1508, 01304-001 São Paulo"]),
    ],
)
def test_finds_addresses_with_spans(text: str, expected: list[str]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "It is a 10 minute drive from the station",
        "Step 3 Drive carefully",  # no name between number and suffix
        "see Jones et al. Science 2021",
        "download it via FTP 21 or Via SSH 22",
        "a String 8 and a Keyring 2 and untie 3",
        "The top 5 lessons way beyond",  # words not capitalised
        "Springfield, ZZ 62704",  # no such state
        "Windows 11 Pro on 25 laptops",
        "returns 404 Not Found",
        "upstream answered 502 Bad Gateway, then 504 Gateway Timeout",  # HTTP statuses
        "Chapter 5\n Section 3",  # no unit word
        "Lesson 4 Unit 2",
        "Module 3\n Unit 12",  # a numbered heading, not a street
        "PART 5 Unit 3",
        "sold 120 Widgets 40 times",  # a number, words, a number: not after an address word
        "Release 2 Build 14\n Room 5",
        "we live 5 minutes drive away",  # lower case: no suffix that is an everyday word
        "the 3 main roads",
        "address: 5 and the road",
        # a USPS suffix that is an everyday word, with no more of an address around it
        "We saw 3 Blue Lights at the show",
        "Top 10 Tourist Views of the year",
        "825 Garrett Circles",
        # an everyday word's ending, or a comma before a number, with a year after it
        "Spring 12, 2024 was busy",
        "Via LinkedIn, 3 people replied",
    ],
)
def test_ignores_look_alikes(text: str) -> None:
    assert found(text, min_score=0.0) == []


def test_an_address_word_raises_the_score() -> None:
    scanner = Scanner(ScanSettings(min_score=0.0), detectors=[StreetAddressDetector()])
    [plain] = scanner.scan("Rua Augusta 274")
    [near] = scanner.scan("Endereço: Rua Augusta 274")
    assert plain.score < near.score


def test_offsets_point_into_text_with_wide_characters() -> None:
    text = "Grüße 🙂 aus der Ölmühlenstraße 7 und 🙂 Hauptstraße 9"
    assert found(text) == ["Ölmühlenstraße 7", "Hauptstraße 9"]


def test_an_address_block_outranks_the_places_named_inside_it() -> None:
    """Each line after the street (unit, place, country) adds evidence: the whole block scores
    above a place the NER finds inside it, so overlap resolution keeps the address."""
    scanner = Scanner(ScanSettings(min_score=0.0), detectors=[StreetAddressDetector()])
    text = "4844 Søndergade 52\n Apt. 656\n Brønderslev\n\n Denmark 35018"
    [block] = scanner.scan(text)
    [street] = scanner.scan("4844 Søndergade 52")
    assert text[block.start : block.end] == text
    assert block.score > PLACE_SCORE >= street.score


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Name: Ana Lima\nZIP: 62704\nCity: Springfield", ["62704"]),
        ("ZIP: 394 13", ["394 13"]),
        ("PLZ: 10115 Berlin", ["10115"]),
        ("Postcode: SW1A 1AA", ["SW1A 1AA"]),
        ("Eircode: A65 F4E2", ["A65 F4E2"]),
        ("eircode: D6W 1234", ["D6W 1234"]),
        ("please zip: 12 files", []),
        ("ZIP file: archive.zip", []),
        ("Postcode: TBD", []),
        ("send the zip 62704 today", []),  # no label
    ],
)
def test_a_postcode_after_its_label_is_a_place(text: str, expected: list[str]) -> None:
    assert found_by(PostcodeDetector(), text) == [("LOCATION", code) for code in expected]


def block_head(text: str) -> list[tuple[str, str]]:
    """The employer and the person the address detector reads above a street."""
    scanner = Scanner(ScanSettings(), detectors=[StreetAddressDetector()])
    return [
        (f.entity, text[f.start : f.end])
        for f in scanner.scan(text)
        if f.entity in ("ORGANIZATION", "PERSON")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a name, a job title, the employer, the street: a signature or a business card
        (
            "Michael Fleischer\nBenefits manager\nSoul Sounds Unlimited\n63 Ommerweg 159 Suite 287",
            [("PERSON", "Michael Fleischer"), ("ORGANIZATION", "Soul Sounds Unlimited")],
        ),
        # a job title of no listed occupation still stands between the name and the employer
        (
            "Cormac Allan\nEchocardiographer\nPlaceilivecom\n338 17 St Omers Road, Beauwelz",
            [("PERSON", "Cormac Allan"), ("ORGANIZATION", "Placeilivecom")],
        ),
        # no job title; a one-word employer
        (
            "Justin Molnár\nMint\n12 Gralla 30 Suite 617, HELSINKI",
            [("PERSON", "Justin Molnár"), ("ORGANIZATION", "Mint")],
        ),
        # quoted in a reply, an employer written as a partnership
        (
            "> Karin M. Beike\n> Hubbard, Fox and Gillespie\n> 935 69 Gordon Terrace\n> Suite 828",
            [("PERSON", "Karin M. Beike"), ("ORGANIZATION", "Hubbard, Fox and Gillespie")],
        ),
    ],
)
def test_the_employer_above_a_street_in_an_address_block(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert block_head(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Karin M. Beike\nLeasing consultant\n12 Main Street",  # a job title, no employer
        "Anna Keller\nAnna Keller\n12 Main Street",  # the name again
        "Meeting notes\nAction items\n12 Main Street",  # no name on top
        "Anna Keller\n\nAcme\n12 Main Street",  # a blank line: no block
        "Anna Keller\nPhone 555 0143\n12 Main Street",  # digits: no employer
        "Anna Keller\nThanks for everything!\n12 Main Street",  # a sentence
        "Anna Keller\nBest regards\n12 Main Street",  # a sign-off
        "Anna Keller\nsee https://acme.example\n12 Main Street",  # a link
        "Anna Keller\nAcme\nthe office at 12 Main Street",  # the street does not start its line
        "Anna Keller\nAcme\nBilling\nFinance\n12 Main Street",  # too far above the street
    ],
)
def test_no_employer_without_a_name_title_and_street_block(text: str) -> None:
    assert not any(entity == "ORGANIZATION" for entity, _ in block_head(text))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Please send it to:\nMohmad R. Vizirov\n23680 Parijsstraat 8\nZoetermeer",
            "Mohmad R. Vizirov",
        ),
        ("Anna Keller\n\n12 Main Street\nSpringfield, IL 62704", "Anna Keller"),  # a blank line
        ("Ship to: Anna Keller\n12 Main Street", "Anna Keller"),
        ("Billing address: Ana Dias\n    31401 ul. Słowicza 10 Apt. 360\n   Wrocław", "Ana Dias"),
        ("z. Hd. Jonas Weber\nHauptstraße 5\n10115 Berlin", "Jonas Weber"),
        ("c/o Maria Rossi\nVia Roma 12\n00184 Roma", "Maria Rossi"),
        ("> Naomi Ryan\n> 3747 Fourth Avenue Suite 112", "Naomi Ryan"),  # quoted in a reply
        ("Anna Keller, 12 Main Street, Springfield, IL 62704", "Anna Keller"),
    ],
)
def test_the_addressee_above_or_before_a_street(text: str, name: str) -> None:
    assert block_head(text) == [("PERSON", name)]


@pytest.mark.parametrize(
    "text",
    [
        "Victoria House\n12 Main Street\nLondon",  # a building
        "Grace Hopper Building\n12 Main Street",
        "Meeting notes\n12 Main Street",  # no name
        "Anna Keller\n\n\n12 Main Street",  # two blank lines: another paragraph
        "Ask Anna Keller\n12 Main Street",  # no name line
        "Anna Keller lives at 12 Main Street",  # the street does not start its line
        "Anna Keller: 12 Main Street",  # no comma after the name
    ],
)
def test_no_addressee(text: str) -> None:
    assert not any(entity == "PERSON" for entity, _ in block_head(text))
