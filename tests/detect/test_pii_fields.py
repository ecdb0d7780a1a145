"""Values after a key that names them (``field_value``): JSON members, labels, key=value pairs
and e-mail display names, table-driven. Positives list the (entity, value) pairs the detector
must report, in order; look-alikes are keys of code and configuration that name no one."""

from __future__ import annotations

import pytest

from annexa.detect.builtin.fields import (
    FieldValueDetector,
    HomeDirectoryDetector,
    LoginNameDetector,
    MentionDetector,
    PeopleListDetector,
    SpeakerDetector,
)
from tests.detect.tables import found


def fields(text: str) -> list[tuple[str, str]]:
    return found(FieldValueDetector(), text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '{"id": 42, "first_name": "Maria", "last_name": "Gonzalez", "ssn": "536-22-8847",'
            ' "city": "Chicago", "zip": "60614"}',
            [
                ("PERSON", "Maria"),
                ("PERSON", "Gonzalez"),
                ("US_SSN", "536-22-8847"),
                ("LOCATION", "Chicago"),
                ("LOCATION", "60614"),
            ],
        ),
        # YAML and a form: a label at the line's start, after indentation or a list's dash
        (
            "customer:\n  name: Anna Keller\n  company: Globex GmbH\n  - patient_name: Li Wei\n",
            [("PERSON", "Anna Keller"), ("ORGANIZATION", "Globex GmbH"), ("PERSON", "Li Wei")],
        ),
        (
            "Nome: Giulia Bianchi\nNachname: Müller\nVorname: Hans\nDate of Birth: 12/03/1980\n",
            [
                ("PERSON", "Giulia Bianchi"),
                ("PERSON", "Müller"),
                ("PERSON", "Hans"),
                ("DATE_OF_BIRTH", "12/03/1980"),
            ],
        ),
        # logfmt, query strings: key=value and key="value"; a name's particles
        (
            'level=info first_name=Hans last_name="von Braun" patient_id=MRN-883211',
            [("PERSON", "Hans"), ("PERSON", "von Braun"), ("MEDICAL_RECORD_NUMBER", "MRN-883211")],
        ),
        (
            # a query string writes a blank as "+"
            "GET /api/users?fullName=Pieter+de+Jong&dob=1979-03-22&name=Laura+Becker&q=A+B",
            [
                ("PERSON", "Pieter+de+Jong"),
                ("DATE_OF_BIRTH", "1979-03-22"),
                ("PERSON", "Laura+Becker"),
            ],
        ),
        # a Python dict's members, in single quotes
        (
            "row = {'first_name': 'Anna', 'city': 'Berlin'}",
            [("PERSON", "Anna"), ("LOCATION", "Berlin")],
        ),
        # an e-mail address's display name; each of several on a line
        (
            "To: Anna Keller <anna@example.de>, Pieter de Jong <pieter@example.nl>",
            [("PERSON", "Anna Keller"), ("PERSON", "Pieter de Jong")],
        ),
        (
            'From: Matthew Williams <m.williams@example.com>\nTo: "Keller, Anna" <anna@example.de>',
            [("PERSON", "Matthew Williams"), ("PERSON", "Keller, Anna")],
        ),
        # no given name of the gazetteer, but the address spells the name
        (
            "Von: Max Mustermann <max.mustermann@firma.de>\nCc: Jo Okafor <jokafor@example.org>",
            [("PERSON", "Max Mustermann"), ("PERSON", "Jo Okafor")],
        ),
        # a name before an address in parentheses, as prose writes it; the words before it
        (
            "Ticket opened by Siobhan O'Neill (siobhan.oneill@northwind.ie), customer C-0099",
            [("PERSON", "Siobhan O'Neill")],
        ),
        ("Hi Anna Keller <anna.keller@example.com>", [("PERSON", "Anna Keller")]),
        # no given name of the gazetteer: the given name and the surname's initial spell it
        (
            "reply to Kenji Watanabe (kenji.w@example.co.jp) about it",
            [("PERSON", "Kenji Watanabe")],
        ),
        ("Sales Team (sales.t@example.com) and Acme Mail (acmem@x.io)", []),
        # Vietnamese names, their letters from Latin Extended Additional
        ("Candidate: Nguyễn Thị Minh Khai\n", [("PERSON", "Nguyễn Thị Minh Khai")]),
        ("From: Trần Thị Hồng <hong.tran@example.vn>", [("PERSON", "Trần Thị Hồng")]),
        # "name" beside a person's contact details; a name and its contact details after a
        # label that names things too; a display name that its address does not spell
        (
            'TEST_USER = {"name": "Chase Vega", "email": "allendustin@example.net"}',
            [("PERSON", "Chase Vega")],
        ),
        (
            "Customer: Paul-Julien Bourgeois / charlesfuller@example.net / 617-418-1476",
            [("PERSON", "Paul-Julien Bourgeois")],
        ),
        # a label that names things too, before a name alone on its line or in a form's field
        ("Patient: Eleanor Whitcombe\nWard: 7B", [("PERSON", "Eleanor Whitcombe")]),
        (
            "Patient: Eleanor Whitcombe   DOB: 03/11/1952   MRN: 00482913",
            [("PERSON", "Eleanor Whitcombe")],
        ),
        ("Customer:\tAnna Keller\tPlan: Pro", [("PERSON", "Anna Keller")]),
        # a label only people are named under: no given name of the gazetteer needed
        ("Employee: Mark Lewis\nRole: Engineer", [("PERSON", "Mark Lewis")]),
        (
            "Contact person: Lorena Diéguez (lorena@example.com) for the follow-up.\n",
            [("PERSON", "Lorena Diéguez")],
        ),
        ("From: Misty Barker <fitzgeraldalejandro@example.net>", [("PERSON", "Misty Barker")]),
        # a reply's attribution: the clock's "AM" is no part of the name
        (
            "On Mon, Dec 7, 2026 at 10:42 AM Heather Mitchell <h.mitchell@example.com> wrote:",
            [("PERSON", "Heather Mitchell")],
        ),
        # a chat export's and a tracker's keys for people
        (
            '{"real_name": "Heather Mitchell", "reporter": "Jordan Potts", "email": "j@x.io"}',
            [("PERSON", "Heather Mitchell"), ("PERSON", "Jordan Potts")],
        ),
        # the name a card is embossed with, in capitals
        ("Name on card: THOMAS A MUELLER\nCVV: 123", [("PERSON", "THOMAS A MUELLER")]),
        ("cardholder_name: Ana Lucía Pérez", [("PERSON", "Ana Lucía Pérez")]),
        # a form's fields on one line, each after a comma, semicolon or bar
        (
            "Please refund the order, cardholder: THOMAS MUELLER, amount 45 EUR.",
            [("PERSON", "THOMAS MUELLER")],
        ),
        (
            "Order 4471; first name: Julia; surname: Fischer | city: Leipzig.",
            [("PERSON", "Julia"), ("PERSON", "Fischer"), ("LOCATION", "Leipzig")],
        ),
        ("Status report, patient: Mark Lewis.", [("PERSON", "Mark Lewis")]),
        # German's female forms of the keys
        (
            "Patientin: Erika Mustermann\nMitarbeiterin: Jana Novak / jana@example.com",
            [("PERSON", "Erika Mustermann"), ("PERSON", "Jana Novak")],
        ),
        # an employee number under its key
        (
            '{"employee_id": "E-20931", "Personalnummer": "48213", "staff_no": "12"}',
            [("EMPLOYEE_ID", "E-20931"), ("EMPLOYEE_ID", "48213")],
        ),
    ],
)
def test_values_after_a_key_that_names_them(text: str, expected: list[tuple[str, str]]) -> None:
    assert fields(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # "name" names things: a person only when a given name comes first
        "metadata:\n  name: nginx-ingress\n",
        "steps:\n  - name: Checkout\n  - name: Set up Python\n",
        '{"name": "Build and test", "owner": "platform-team"}',
        # values that are not a value of their kind
        '{"first_name": "maria", "dob": "soon", "ssn": "000-12-3456", "phone": "12"}',
        '{"address": "0x71C7656EC7ab88b098defB751B7401B5f6d8976F", "city": "n/a"}',
        # keys that mean something else too often
        "cap: 100\naddr: 0x7ffd\ntel: true\n",
        # a display name that is no person's
        "From: IT Support <it@example.com>\nTo: ops-team <ops@example.com>",
        "From: Customer Service <customer.service@example.com>",
        "Reply-To: Sales Team <sales.team@example.com>",
        "From: Acme Corp <acme.corp@example.com>",
        "From: GitHub Notifications <noreply@github.com>",
        "From: Release Bot <bot@example.com>\nTo: Pallets Ecosystem <contact@example.com>",
        "- name: Release Notes\n  email: releases@example.com",
        "Customer: my card was charged twice / +1 206 365 9869",
        "Customer: I can't log in since yesterday\nAgent: Sorry to hear that",
        "Customer: Anna here, I can't log in",  # a message that opens with a name
        "Customer: Hi\nContact: Support Team\nClient: Stripe Billing",
        "Customer: Mark Lewis\nPatient: Room Service\nStudent: Release Notes",
        "Owner: Platform Team / platform@example.com",
        "Contact Support (support@example.com) for help",
        "see the docs (docs@example.com) first",
        # a key this module does not know
        '{"title": "Anna Keller", "sku": "AB-12"}',
        # a company under a key people are named under too
        "Cardholder: ACME GMBH\nbilling_name: Widget Pro\nbeneficiary_name: Smith & Sons Ltd",
        # keys after a comma in code: type annotations, not a form's fields
        "def notify(self, name: str, email: str, phone: Optional[str]) -> None: ...",
        "type User = { id: number, name: string, email: string }",
        # a label after a comma with no value of its kind
        "Summary, name: the build step, city: unknown",
    ],
)
def test_field_look_alikes(text: str) -> None:
    assert fields(text) == []


PEOPLE = PeopleListDetector()


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Meeting notes\nAttendees: Priya Raman, Tobias Krüger, Léa Martin, Ngozi Okafor\n"
            "Absent: Wojciech Zieliński\n",
            ["Priya Raman", "Tobias Krüger", "Léa Martin", "Ngozi Okafor", "Wojciech Zieliński"],
        ),
        # a label within a line, after a dash or a sentence: its list ends with the sentence
        (
            "Meeting notes 12/3 — attendees: Sophie, Lukas, Chen Wei. Decision: Lukas owns it",
            ["Sophie", "Lukas", "Chen Wei"],
        ),
        (
            "Sync done. Attendees: Priya Raman and Tobias Krüger; next week",
            ["Priya Raman", "Tobias Krüger"],
        ),
        ("the attendees: list is empty", []),
        # a label within a sentence; surnames alone, and one no list knows among them
        (
            "Initech is the brainchild of our 3 founders: Mazzi, Bowman and Hill.  The idea",
            ["Mazzi", "Bowman", "Hill"],
        ),
        (
            "Speakers: Kowalski, Nguyen and Dr. Anna Keller",
            ["Kowalski", "Nguyen", "Dr. Anna Keller"],
        ),
        # teams and departments where people would stand
        ("Attendees: Sales, Legal and Anna", ["Anna"]),
        ("Attendees: Anna, Jonas, Marketing and Security", ["Anna", "Jonas"]),
        # a role after a person; a given name alone; a team, a company: none
        (
            "- **Participants**: Anna (PM), Jonas Weber – Legal, Sales team and Acme Corp",
            ["Anna", "Jonas Weber"],
        ),
        (
            "Présents : Camille Dubois, Jean-Luc Moreau et Sophie Lefèvre",
            ["Camille Dubois", "Jean-Luc Moreau", "Sophie Lefèvre"],
        ),
        ("Teilnehmer:innen: Jonas Weber; Sabine Koch", ["Jonas Weber", "Sabine Koch"]),
        (
            "Reviewers (required): Siobhan O'Neill / Ewan McTavish",
            ["Siobhan O'Neill", "Ewan McTavish"],
        ),
        # a forwarded mail's header block, in English and German
        (
            "-----Original Message-----\nFrom: Holly Cordova\nSent: Monday, December 7\n"
            "To: Mark Lewis; Anna Keller\nSubject: invoice",
            ["Holly Cordova", "Mark Lewis", "Anna Keller"],
        ),
        (
            "Von: Jonas Weber [mailto:jw@firma.de]\nGesendet: Montag\nBetreff: Rechnung",
            ["Jonas Weber"],
        ),
    ],
)
def test_lists_of_people_after_their_label(text: str, names: list[str]) -> None:
    assert [(e, v) for e, v in found(PEOPLE, text)] == [("PERSON", n) for n in names]


@pytest.mark.parametrize(
    "text",
    [
        "Attendees: all",
        "Present: Monday",
        "Reviewers: @octocat, ops-team",
        "members: List[str] = []",
        "Speakers: Bose SoundLink, JBL Flip",
        "Authors: Smith J, Doe A",
        "the people: they came",
        "Participants: Product team, Finance",
        "To: Mark Lewis\nThanks for the update",  # no header block: a line of prose
        "From: the accounting team\nTo: everyone\nSubject: hi",
    ],
)
def test_no_people_in_lists_that_name_none(text: str) -> None:
    assert found(PEOPLE, text) == []


SPEAKER = SpeakerDetector()


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Anna: Hi, I can't log in since yesterday.\nAgent: Sorry to hear that.\n"
            "Anna: it's under my work email.",
            ["Anna", "Anna"],
        ),
        ("[10:42] Tobias Krüger: can someone send it?", ["Tobias Krüger"]),
        ("10:43 PM Léa Martin: +47 412 34 567", ["Léa Martin"]),  # a number said by a name
        ("- Léa: the pen-test found the admin password reused", ["Léa"]),
        ("> **Jonas**: ich melde mich morgen", ["Jonas"]),
        ("Camille : je regarde ça demain", ["Camille"]),  # French puts a blank before ":"
    ],
)
def test_a_chats_speakers(text: str, names: list[str]) -> None:
    assert found(SPEAKER, text) == [("PERSON", n) for n in names]


@pytest.mark.parametrize(
    "text",
    [
        "Max: 100\nMin: 0",  # a value, no sentence
        "Subject: hello\nNote: call back",  # headers
        "Von: Jonas Weber\nGesendet: Montag",  # a German mail's header, not a speaker "Von"
        "Summer: sunny",  # no given name
        "Customer: my card was charged twice",  # a role
        "Anna Keller GmbH: invoice attached",  # no name line
        "see the docs: Anna said so",  # not at a line's start
    ],
)
def test_no_speaker(text: str) -> None:
    assert found(SPEAKER, text) == []


HOME = HomeDirectoryDetector()


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ('File "C:\\Users\\anna.keller\\projects\\run.py", line 12', ["anna.keller"]),
        ("cd /home/anna_keller/src && ls", ["anna_keller"]),
        ("/Users/jean-luc.moreau/Library/Logs", ["jean-luc.moreau"]),
        # an initial glued to an English surname
        ('File "/home/jsmith/.venv/lib/python3.11/api.py"', ["jsmith"]),
        ("C:\\Users\\mthompson\\AppData", ["mthompson"]),
        # a surname of another origin
        ('File "/Users/rkumar/dev/app.py" and /home/mkowalski/src', ["rkumar", "mkowalski"]),
        ("/home/spark/ and /home/avahi and /home/tparent", []),
        # an account that spells no person: a system account, a service, a tool's
        ("/home/runner/work and /home/jenkins/ws and /home/vagrant/ and /home/postgres/", []),
        ("C:\\Users\\Public\\Desktop", []),
        ("/home/ubuntu/app and /home/max.backup/", []),
        ("see https://example.com/home/anna.keller/", []),  # a URL's path
    ],
)
def test_home_directories_named_after_a_person(text: str, names: list[str]) -> None:
    assert found(HOME, text) == [("PERSON", n) for n in names]


LOGIN = LoginNameDetector()


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "sshd[2211]: Failed password for anna.keller from 203.0.113.45 port 52144 ssh2",
            ["anna.keller"],
        ),
        (
            "sshd[9]: Failed password for invalid user jean-luc.moreau from 192.0.2.1",
            ["jean-luc.moreau"],
        ),
        ("Accepted publickey for tobias.krueger from 198.51.100.7 port 50022", ["tobias.krueger"]),
        ("Invalid user priya_raman from 192.0.2.9", ["priya_raman"]),
        ("pam_unix(sshd:session): session opened for user lea.martin by (uid=0)", ["lea.martin"]),
        (
            "sudo:   jonas.weber : TTY=pts/0 ; PWD=/home ; USER=root ; COMMAND=/bin/ls",
            ["jonas.weber"],
        ),
        ('level=warn msg="login failed" user=sabine.koch ip=192.0.2.44', ["sabine.koch"]),
        ("AuthService - User 'Anna.Keller' locked out.", ["Anna.Keller"]),
        ("login: maria.rossi.", ["maria.rossi"]),  # the sentence's full stop is no part of it
        # an account that spells nobody, an e-mail address (the email detector's), code
        ("Failed password for root from 203.0.113.45 port 22", []),
        ("Accepted publickey for jsmith from 10.0.0.1", ["jsmith"]),  # j. Smith
        ("Accepted publickey for tomcat from 10.0.0.1", []),
        ("Invalid user deploy-bot from 10.0.0.2", []),
        ("user=priya.raman@northwind.io ip=192.0.2.44", []),
        ("user = current_user.name", []),
        ("the failed password for the account", []),
    ],
)
def test_accounts_named_after_a_person_in_authentication_logs(text: str, names: list[str]) -> None:
    assert found(LOGIN, text) == [("PERSON", n) for n in names]


MENTION = MentionDetector()


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("quick recap: @anna.keller will pair with @priya_raman", ["anna.keller", "priya_raman"]),
        ("thanks @jsmith! and @mkowalski", ["jsmith", "mkowalski"]),  # an initial and a surname
        ("@tobias please review", ["tobias"]),  # a given name alone
        ("@Anna Keller, can you sign off?", ["Anna Keller"]),  # a display name's mention
        ("@Anna Can you sign off?", ["Anna"]),  # the next sentence's word is no surname
        ("cc @AnnaKeller.", ["AnnaKeller"]),
        ("by [@jakob-keller](https://github.com/jakob-keller)", ["jakob-keller"]),
        # Slack's and teams' handles, code, a package's scope, an e-mail address
        ("@here @channel @everyone @platform-team @oncall", []),
        ("import { Component } from '@angular/core';\n@Component({selector: 'x'})", []),
        ("class A:\n    @property\n    def anna(self): ...\n    @alex.setter\n", []),
        (" * @param name the user\n * @returns nothing", []),
        ("npm i @sabine/utils", []),
        ("write to anna.keller@example.com", []),
    ],
)
def test_chat_mentions_of_a_person(text: str, names: list[str]) -> None:
    assert found(MENTION, text) == [("PERSON", n) for n in names]
