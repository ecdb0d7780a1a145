"""vCards and iCalendar invitations (table-driven): what each property names, by RFC."""

from __future__ import annotations

import pytest

from annexa.detect.builtin.cards import ContactCardDetector
from annexa.detect.scanner import Scanner
from annexa.settings import ScanSettings
from tests.detect.tables import found

CARD = ContactCardDetector()

VCARD = (
    "BEGIN:VCARD\r\n"
    "VERSION:4.0\r\n"
    "N:Gallagher;Siobhan;Áine,Marie;Dr.;\r\n"
    "FN:Dr. Siobhan Gallagher\r\n"
    "NICKNAME:Shiv\r\n"
    "ORG:Harbour Dental Clinic;Orthodontics\r\n"
    "TITLE:Practice Manager\r\n"
    "TEL;TYPE=work,voice;VALUE=uri:tel:+353-1-555-0147\r\n"
    "item1.TEL:+353 87 555 0199\r\n"
    "ADR;TYPE=home:;;14 Seaview Terrace;Howth;Co. Dublin;D13 K7P2;Ireland\r\n"
    "GEO:geo:53.3786,-6.0655\r\n"
    "BDAY:19840719\r\n"
    "EMAIL:siobhan.gallagher@example.ie\r\n"
    "NOTE:Prefers mornings\r\n"
    "END:VCARD\r\n"
)


def test_a_vcards_properties_say_what_they_hold() -> None:
    assert found(CARD, VCARD) == [
        ("PERSON", "Gallagher"),
        ("PERSON", "Siobhan"),
        ("PERSON", "Áine"),
        ("PERSON", "Marie"),
        ("PERSON", "Dr. Siobhan Gallagher"),
        ("PERSON", "Shiv"),
        ("ORGANIZATION", "Harbour Dental Clinic"),
        ("TITLE", "Practice Manager"),
        ("PHONE_NUMBER", "+353-1-555-0147"),
        ("PHONE_NUMBER", "+353 87 555 0199"),
        ("STREET_ADDRESS", "14 Seaview Terrace;Howth;Co. Dublin;D13 K7P2;Ireland"),
        ("LOCATION", "geo:53.3786,-6.0655"),
        ("DATE_OF_BIRTH", "19840719"),
    ]


def test_the_whole_scanner_keeps_the_cards_address_and_birthday() -> None:
    scanner = Scanner(ScanSettings(ner=False))
    got = {(f.entity, VCARD[f.start : f.end]) for f in scanner.scan(VCARD)}
    assert ("STREET_ADDRESS", "14 Seaview Terrace;Howth;Co. Dublin;D13 K7P2;Ireland") in got
    assert ("DATE_OF_BIRTH", "19840719") in got
    assert ("EMAIL_ADDRESS", "siobhan.gallagher@example.ie") in got
    assert ("PERSON", "Gallagher") in got


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an organisation's card: its FN is the organisation
        (
            "BEGIN:VCARD\nVERSION:3.0\nFN:Northwind Traders\nORG:Northwind Traders\nEND:VCARD",
            [("ORGANIZATION", "Northwind Traders"), ("ORGANIZATION", "Northwind Traders")],
        ),
        ("BEGIN:VCARD\nKIND:org\nFN:Acme Health\nEND:VCARD", [("ORGANIZATION", "Acme Health")]),
        # a folded line goes on after one blank; an escaped separator is part of the name
        (
            "BEGIN:VCARD\nFN:Maximilian Alexander von\n  Hohenberg-Schwarzenfeld\nEND:VCARD",
            [("PERSON", "Maximilian Alexander von\n  Hohenberg-Schwarzenfeld")],
        ),
        (
            "BEGIN:VCARD\nORG:Smith\\; Jones LLP;Tax\nEND:VCARD",
            [("ORGANIZATION", "Smith\\; Jones LLP")],
        ),
        # a card pasted without its END line runs to the end of the text
        ("BEGIN:VCARD\nN:Okafor;Amara;;;\n", [("PERSON", "Okafor"), ("PERSON", "Amara")]),
        # empty and too short values, and properties outside a card, say nothing
        ("BEGIN:VCARD\nN:;;;;\nFN:\nTEL:112\nBDAY:--\nEND:VCARD", []),
        ("FN:Anna Keller\nTEL:+49 30 901820", []),
    ],
)
def test_cards(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(CARD, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('ORGANIZER;CN="Keller, Anna":mailto:anna@example.com', ["Keller, Anna"]),
        ('ATTENDEE;CN="Dr. Keller: Anna";RSVP=TRUE:mailto:a@example.com', ["Dr. Keller: Anna"]),
        (
            "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;CN=Tobias Krüger:mailto:t@example.com",
            ["Tobias Krüger"],
        ),
        ("attendee;cn=Léa Martin;RSVP=TRUE:mailto:lea@example.com", ["Léa Martin"]),
        # a room, a resource or a group is nobody; an address as its name is the e-mail's
        ("ATTENDEE;CUTYPE=ROOM;CN=Boardroom 4:mailto:room4@example.com", []),
        ('ATTENDEE;CUTYPE="RESOURCE";CN=Projector:mailto:av@example.com', []),
        ("ATTENDEE;RSVP=TRUE;CN=priya@example.com:mailto:priya@example.com", []),
        ("ATTENDEE:mailto:no-name@example.com", []),
        ("the attendee; organizer; notes", []),
    ],
)
def test_the_people_an_invitation_lists(text: str, expected: list[str]) -> None:
    assert found(CARD, text) == [("PERSON", name) for name in expected]
