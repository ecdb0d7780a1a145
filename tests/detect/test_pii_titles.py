"""A person's title (TITLE): honorifics before a name and job titles said of a person,
table-driven.

Positives are the ways people write them: in a greeting or signature, in a sentence about
someone's work, after a form's label, on the line under a name. Look-alikes use the same words
for other things: a street ("Main Dr."), a duration ("50 ms"), a product ("MS Word"), a verb
("miss the bus"), an occupation word said of code ("a helper", "works as a guard").
"""

from __future__ import annotations

import pytest

from annexa.detect.builtin.titles import (
    HEAD_NOUNS,
    HonorificDetector,
    JobTitleDetector,
    SelfIntroductionDetector,
    SignatureDetector,
)
from annexa.detect.scanner import Scanner
from annexa.policy.schema import DEFAULT_ENTITY_LEVELS
from annexa.settings import ScanSettings
from tests.detect.tables import found, scan_seconds, table_tests

HON = HonorificDetector()
JOB = JobTitleDetector()
INTRO = SelfIntroductionDetector()
SIGNED = SignatureDetector()

# An honorific, and the name after it (PERSON, with or without NER)
HONORIFICS = [
    ("Mr. Leiva flew to Leppen on Tuesday", "Mr.", "Leiva"),
    ("For my take on Mrs. Labrie, see Guilty Pleasures", "Mrs.", "Labrie"),
    ("For my take on Miss Ramos, see the review", "Miss", "Ramos"),
    ("mr. elliott flew to finnbogastaðir on friday", "mr.", "elliott"),
    ("mrs keller wrote back", "mrs", "keller"),
    # a lower-case honorific before a capitalised name: the whole name
    ("could you correct it to mr. Jacob van Gameren?", "mr.", "Jacob van Gameren"),
    ("I'd like to join accounts with ms. Anna Rossi", "ms.", "Anna Rossi"),
    # written in lower case in running text in their languages
    ("ho parlato con il dottor Bianchi ieri", "dottor", "Bianchi"),
    ("la signora Rossi ha chiamato", "signora", "Rossi"),
    ("el señor García llega mañana", "señor", "García"),
    ("je parle à monsieur Dupont demain", "monsieur", "Dupont"),
    ("ik heb mevrouw de Vries gebeld", "mevrouw", "de Vries"),
    ("Avv. Bianchi ha scritto", "Avv.", "Bianchi"),
    ("referente sig. Marco Rossi.", "sig.", "Marco Rossi"),  # abbreviated, in lower case
    ("la dott.ssa Bianchi ha firmato", "dott.ssa", "Bianchi"),
    ("ho parlato con l'ing. Ferrari ieri", "ing.", "Ferrari"),  # glued by an elision
    ("ho scritto all’avv. Marco Bianchi", "avv.", "Marco Bianchi"),
    ("l'ingegner Ferrari ha chiamato", "ingegner", "Ferrari"),
    ("scrivi all'avvocato Rossi", "avvocato", "Rossi"),
    ("chiedi al professor Bianchi", "professor", "Bianchi"),
    ("el doctor García llega mañana", "doctor", "García"),
    ("el licenciado Pérez firmó", "licenciado", "Pérez"),
    ("doña Carmen Ortiz llamó", "doña", "Carmen Ortiz"),
    ("mi clienta, Dña. Lucía Fernández Ortega (DNI", "Dña.", "Lucía Fernández Ortega"),
    ("Don Pedro Sánchez firmó", "Don", "Pedro Sánchez"),
    ("le docteur Martin consulte", "docteur", "Martin"),
    ("j'ai écrit à maître Dupont", "maître", "Dupont"),
    ("ik bel dokter Jansen morgen", "dokter", "Jansen"),
    ("Best regards,\nMs Gemma Smith", "Ms", "Gemma Smith"),
    ("This was escalated by Dr Kerry Evans.", "Dr", "Kerry Evans"),
    ("please ask Prof. J. Nowak", "Prof.", "J. Nowak"),
    ("Prof. Dr. Anna Schmidt will speak", "Prof. Dr.", "Anna Schmidt"),  # both titles
    ("Sehr geehrte Frau Keller,", "Frau", "Keller"),
    # a household addressed by its name
    ("Kunde: Familie Özdemir, Hauptstraße 23a", "Familie", "Özdemir"),
    ("nous avons reçu la famille Dupont hier", "famille", "Dupont"),
    ("Bonjour Mme Dubois,", "Mme", "Dubois"),
    ("Patient : M. Jean-Pierre Martin, né le 03/02/1961", "M.", "Jean-Pierre Martin"),
    ("Estimada Sra. García:", "Sra.", "García"),
    ("Contact person: Sig.ra Aria Beccaria", "Sig.ra", "Aria Beccaria"),
    ("Geachte Dhr. de Vries,", "Dhr.", "de Vries"),
    ("Customer: Mrs. Joanna Wiśniewska (DOB 14/03/1987)", "Mrs.", "Joanna Wiśniewska"),
    ("Her manager, Dr. Rajesh Kumar, can be reached", "Dr.", "Rajesh Kumar"),
    ("Dear Mr. Smith's assistant", "Mr.", "Smith"),
    ("Mr. Johannes van der Berg Jr. called", "Mr.", "Johannes van der Berg"),
    ("Sir Walter Raleigh arrived.", "Sir", "Walter Raleigh"),
    ("anbei die Daten von Herrn Jonas Weber, geb. 14.07.1988", "Herrn", "Jonas Weber"),
    ("Rückruf an Hr. Özdemir bis Freitag", "Hr.", "Özdemir"),
    ("Termin mit Fr. Dr. Lehmann", "Fr. Dr.", "Lehmann"),
    ("Geachte Mw. Jansen,", "Mw.", "Jansen"),
]
# The honorific, and no name after it: an office, a brand, a letter, a particle at the line's end
NO_NAME_AFTER = [
    ("Thank you, Mr. President.", "Mr."),
    ("Madam Speaker", None),
    ("I love Dr. Pepper.", "Dr."),
    ("Mr. X met the client", "Mr."),
    ("see Dr. J. for details", "Dr."),
    ("Herr von\nnext line", "Herr"),
    ("die Familie ist wichtig; Familie und Beruf", None),
]
POSITIVES = [
    (
        JOB,
        "I used to work for Acme as Rolling machine operator, but quit",
        "Rolling machine operator",
    ),
    (
        JOB,
        "I used to work for NATO as Passenger booking clerk, but quit",
        "Passenger booking clerk",
    ),
    (JOB, "She was hired as a data analyst at Acme in 2020", "data analyst"),
    (JOB, "he joined the firm in 2019 as Senior Software Engineer.", "Senior Software Engineer"),
    (JOB, "I am a nurse.", "nurse"),
    (JOB, "Maria is an accountant at Acme.", "accountant"),
    (JOB, "Job title: Benefits manager", "Benefits manager"),
    (JOB, "Occupation: soldier\nEmployer: Army", "soldier"),
    (JOB, "Beruf: Elektriker und Mechaniker", "Elektriker und Mechaniker"),
    # a self-introduction, or a name's mention, in the engine's six languages
    (INTRO, "Customer says: my name is Ahmed Khan, card ending 4242", "Ahmed Khan"),
    (INTRO, "Bonjour, je m'appelle Jean-Luc Moreau, né le 12/03/1985", "Jean-Luc Moreau"),
    (INTRO, "Hallo, ich heiße Jonas Weber und wohne in Köln", "Jonas Weber"),
    (INTRO, "Mein Name ist Sabine Koch.", "Sabine Koch"),
    (INTRO, "Hola, me llamo María García López.", "María García López"),
    (INTRO, "mi chiamo Luca Bianchi, abito a Roma", "Luca Bianchi"),
    (INTRO, "Goedendag, mijn naam is Sanne de Vries", "Sanne de Vries"),
    (INTRO, "Friends call me Teodora.", "Teodora"),
    (INTRO, "her name is Anna and she started today", "Anna"),
    (INTRO, "my name is ahmed and I need help", "ahmed"),
    (INTRO, "a customer named John Smith called twice", "John Smith"),
    (INTRO, "a patient called Maria Rossi was admitted", "Maria Rossi"),
    # a declaration's formula, in the six languages
    (INTRO, "Je soussigné Jean-Baptiste Lefèvre, né le 12/09/1979", "Jean-Baptiste Lefèvre"),
    (INTRO, "Je, soussigné(e), Marie Curie, déclare", "Marie Curie"),
    (INTRO, "Io sottoscritto Mario Rossi, nato a Roma", "Mario Rossi"),
    (INTRO, "El abajo firmante Juan Pérez García declara", "Juan Pérez García"),
    (INTRO, "Quien suscribe, Ana López, certifica", "Ana López"),
    (INTRO, "Ondergetekende Jan de Vries verklaart", "Jan de Vries"),
    (INTRO, "Der Unterzeichnende Jonas Weber erklärt", "Jonas Weber"),
    (INTRO, "I, the undersigned, Mark Lewis, declare", "Mark Lewis"),
    # a professional's client or patient, in the six languages
    (INTRO, "my client John Smith agreed", "John Smith"),
    (INTRO, "mi clienta Lucía Fernández firmó", "Lucía Fernández"),
    (INTRO, "mon client Pierre Martin a signé", "Pierre Martin"),
    (INTRO, "il mio assistito Marco Verdi", "Marco Verdi"),
    (INTRO, "mijn cliënt Jan de Vries", "Jan de Vries"),
    (INTRO, "meine Mandantin Sabine Koch", "Sabine Koch"),
    # "I am", "this is" and their kin only before a given name
    (INTRO, "Hi, this is Anna Keller from support.", "Anna Keller"),
    (INTRO, "I'm Tom and I need help", "Tom"),
    (INTRO, "Hola, soy María García", "María García"),
    (INTRO, "je suis Jean Dupont", "Jean Dupont"),
    (INTRO, "Buongiorno, sono Giulia Romano", "Giulia Romano"),
    (INTRO, "Ik ben Sanne de Vries", "Sanne de Vries"),
    # a relative, a colleague or a friend named after a possessive, in six languages
    (INTRO, "Her husband Pádraig called to confirm", "Pádraig"),
    (INTRO, "please cc my colleague Anna Keller", "Anna Keller"),
    (INTRO, "Her assistant, Rhys, forwarded the contract.", "Rhys"),
    (INTRO, "mein Kollege Thomas ist heute krank", "Thomas"),
    (INTRO, "ma collègue Camille est absente", "Camille"),
    (INTRO, "mi hermana Lucía llega mañana", "Lucía"),
    (INTRO, "la mia collega Giulia è in ferie", "Giulia"),
    (INTRO, "mijn collega Sanne de Vries belt terug", "Sanne de Vries"),
    # the answer to "What's your name?", whatever it opens with
    (INTRO, "What's your name? Emily Janeba", "Emily Janeba"),
    (INTRO, "what is your name? I'm Anna", "Anna"),
    # the speaker's own name, though a place's, a flower's or a month's
    (INTRO, "Hi, I'm Sofia and I run payroll.", "Sofia"),
    (INTRO, "I am Jordan, the new office manager.", "Jordan"),
    (INTRO, "Bonjour, je suis Florence.", "Florence"),
    # the name under a closing
    (SIGNED, "Thanks for the update.\n\nBest regards,\nSabine Koch\nHead of HR", "Sabine Koch"),
    (SIGNED, "Viele Grüße\nJonas", "Jonas"),
    (SIGNED, "Cordialement,\nJean-Luc Moreau", "Jean-Luc Moreau"),
    (SIGNED, "Un saludo,\nMaría García López", "María García López"),
    (SIGNED, "Cordiali saluti\nLuca Bianchi", "Luca Bianchi"),
    (SIGNED, "Met vriendelijke groet,\nSanne de Vries", "Sanne de Vries"),
    (SIGNED, "Cheers\nKarin M. Beike", "Karin M. Beike"),
    (SIGNED, "thanks,\nanna", "anna"),
    (SIGNED, "Cheers,\nHolly Cordova\n+44 7792 959514", "Holly Cordova"),  # no listed given name
]

NEGATIVES = [
    (HON, "meet me at 123 Main Dr. Springfield"),
    (HON, "latency went up to 50 ms. Then it dropped"),
    (HON, "older than this many ms. Useful in drain mode"),
    (HON, "sub-ms detectors made them discrete"),
    (HON, "la signora che ha chiamato"),
    (HON, "the doctor said it was fine"),
    (INTRO, "je soussigné, certifie que le dossier est complet"),
    (INTRO, "the undersigned parties agree"),
    (INTRO, "our client Northwind agreed and my client Acme Corp too"),
    (HON, "please ask the doctor. Callback tomorrow"),  # a sentence ends after the word
    (HON, "thank the professor. Simply put, it works"),
    (HON, "don Gore-Tex jackets before the hike"),  # an English verb
    (HON, "Don Quixote is a novel"),  # a given name must follow
    (HON, "Don Smith called"),  # Don is his given name: no title
    (HON, "maître d'hôtel"),
    (HON, "madame est partie"),
    (HON, "Ing Rossi"),  # "Ing" needs its period
    (HON, "the sig figs and ing Rossi"),  # lower case, without the period
    (HON, "open it in MS Word"),
    (HON, "open it in Ms Word or Ms Teams"),
    (HON, "please miss the bus"),
    (HON, "DR. STRANGELOVE"),
    (HON, "the sr. engineer"),
    (HON, "yes sir, right away"),
    (HON, "items and forms"),
    (HON, "John M. Smith called"),  # a middle initial, not "Monsieur"
    (HON, "she holds an M. Sc. in physics"),
    (HON, "the meeting is at 8 a.m. Monday"),
    (HON, "Fr. 12.03. geschlossen"),
    (INTRO, "Please call me Monday."),
    (INTRO, "call me back when you can"),
    (INTRO, "my name is not important"),
    (INTRO, "a file named Config.yaml"),
    (INTRO, "the column is named LastName"),
    (INTRO, "the function is called Parse"),
    (INTRO, "def call_me(x): name = x"),
    (INTRO, "Ich heiße Sie herzlich willkommen in Berlin!"),
    (INTRO, "Ik heet u welkom"),
    (INTRO, "I am Happy to help"),
    # a place shown, a slogan, an assistant introducing itself, a word saying how one is
    (INTRO, "This is Florence at night."),
    (INTRO, "Je suis Paris."),
    (INTRO, "Hi! I'm Claude, an AI assistant."),
    (INTRO, "I am Frank about it, I'm Lucky today."),
    (INTRO, "ich bin Arzt in Berlin"),
    (INTRO, "this is Python code"),
    (INTRO, "This is Chrome on Windows"),
    (INTRO, "What's your name? Please tell me first"),
    (INTRO, "my wife and I will attend"),
    (INTRO, "my boss I think agrees"),
    (INTRO, "my friend Copilot wrote it"),  # a product
    (INTRO, "our partner Acme Corp"),  # a business partner is no relative
    (INTRO, "my manager Monday said"),
    (SIGNED, "Best,\nthe growth team"),
    (SIGNED, "Regards,\nIT Support"),
    (SIGNED, "best practices\nAnna Keller wrote them"),
    (SIGNED, "Thanks!\nPlease review"),
    (SIGNED, "Regards,\nFoo-Bar Baz"),
    (SIGNED, "Best,\nProduct Management"),
    (SIGNED, "Thanks!\nPlease Review"),
    (SIGNED, "Best,\nGitHub Actions"),
    (JOB, "This function is a helper."),
    (JOB, "it works as a guard against nulls."),
    (JOB, "Please ask the project manager."),
    (JOB, "I worked on it as the result of a review."),
    (JOB, "The model is a classifier."),
    (JOB, "Release notes\nPackage manager\nnpm"),
    (JOB, "Title: Quarterly revenue report"),
    (JOB, "Karin M. Beike\nLeasing consultant for the Nordics and the Baltics, since 2019\n"),
]

test_finds_with_spans, test_ignores_look_alikes, _ = table_tests(POSITIVES, NEGATIVES, [])


@pytest.mark.parametrize(("text", "title", "name"), HONORIFICS)
def test_an_honorific_marks_the_name_after_it(text: str, title: str, name: str) -> None:
    assert found(HON, text) == [("TITLE", title), ("PERSON", name)]


@pytest.mark.parametrize(("text", "title"), NO_NAME_AFTER)
def test_no_person_where_no_name_follows(text: str, title: str | None) -> None:
    assert found(HON, text) == ([("TITLE", title)] if title else [])


def test_the_name_after_an_honorific_is_found_without_ner() -> None:
    text = "Customer: Mrs. Joanna Wiśniewska, tel. 555 0143"
    findings = Scanner(ScanSettings(ner=False)).scan(text)
    people = [text[f.start : f.end] for f in findings if f.entity == "PERSON"]
    assert people == ["Joanna Wiśniewska"]


# A job title on the line under a name: the title, and the name above it as a PERSON
UNDER_A_NAME = [
    ("Karin M. Beike\nLeasing consultant\nFritz-Armstrong", "Karin M. Beike", "Leasing consultant"),
    ("naomi ryan\nsewer pipe cleaner\nhubbard, fox", "naomi ryan", "sewer pipe cleaner"),
    (
        "Erik Baader\n\nCourt, municipal, and license clerk\n\nPersonal Info:",
        "Erik Baader",
        "Court, municipal, and license clerk",
    ),
    (
        "Albert Svenningsen\n\nChildren's librarian\n\nPhone:",
        "Albert Svenningsen",
        "Children's librarian",
    ),
    (
        "Best,\nJane Doe\nSenior Software Engineer at Acme\n",
        "Jane Doe",
        "Senior Software Engineer",
    ),
    ("Maria Keller\nAccountant, Globex Ltd\n", "Maria Keller", "Accountant"),
    (
        "Janka M. Szász\n\nNetwork and computer systems administrator\n",
        "Janka M. Szász",
        "Network and computer systems administrator",
    ),
]


@pytest.mark.parametrize(("text", "name", "title"), UNDER_A_NAME)
def test_a_title_under_a_name_marks_both(text: str, name: str, title: str) -> None:
    found_here = [(e, v) for e, v in found(JOB, text) if e != "ORGANIZATION"]
    assert found_here == [("PERSON", name), ("TITLE", title)]


@pytest.mark.parametrize(
    ("text", "employer"),
    [
        (
            "Karin M. Beike\nLeasing consultant\nFritz-Armstrong\nsales@fritz.example",
            "Fritz-Armstrong",
        ),
        (
            "Sabine Koch\nData Analyst\nHubbard, Fox and Gillespie\n+49 30 1234",
            "Hubbard, Fox and Gillespie",
        ),
        ("Jonas Weber\nSenior Engineer\nAcme Analytics", "Acme Analytics"),
        # a sentence, a label, a name with its own title, a blank line: no employer
        ("Jonas Weber\nSenior Engineer\nPlease review the attached", None),
        ("Sabine Koch\nData Analyst\nPhone 030 1234", None),
        ("Sabine Koch\nData Analyst\nAnna Keller\nManager", None),
        ("Sabine Koch\nData Analyst\n\nAcme Analytics", None),
    ],
)
def test_the_employer_under_a_signatures_title(text: str, employer: str | None) -> None:
    orgs = [v for e, v in found(JOB, text) if e == "ORGANIZATION"]
    assert orgs == ([employer] if employer else [])


@pytest.mark.parametrize("noun", sorted(HEAD_NOUNS))
def test_every_head_noun_ends_a_title(noun: str) -> None:
    assert found(JOB, f"I was hired as a senior {noun} at Acme.") == [("TITLE", f"senior {noun}")]


def test_the_honorific_stays_outside_the_name() -> None:
    text = "I met Dr. Anna Keller today."
    findings = Scanner(ScanSettings(ner=True)).scan(text)
    got = [(f.entity, text[f.start : f.end]) for f in findings]
    assert ("TITLE", "Dr.") in got
    assert all(not (e == "PERSON" and v.startswith("Dr")) for e, v in got)


def test_offsets_point_into_text_with_non_ascii_characters() -> None:
    text = "Zoë Müller schrieb an Frau Ölçer. Zoë worked for Acme as a Café manager."
    assert found(HON, text) == [("TITLE", "Frau"), ("PERSON", "Ölçer")]
    assert found(JOB, text) == [("TITLE", "Café manager")]


def test_titles_are_public_and_found_by_the_default_scanner() -> None:
    assert DEFAULT_ENTITY_LEVELS["TITLE"] == "public"
    text = "Dear Mrs. Keller, I am a nurse."
    findings = Scanner().scan(text)
    got = [(f.entity, text[f.start : f.end]) for f in findings if f.entity == "TITLE"]
    assert got == [("TITLE", "Mrs."), ("TITLE", "nurse")]


@pytest.mark.parametrize(
    "unit", ["Mr. Smith and ", "I worked as a clerk and ", "Anna Keller\nclerk\n", "Dr Dr Dr "]
)
def test_time_is_linear_on_repeated_cue_shaped_text(unit: str) -> None:
    scanner = Scanner(ScanSettings(recent_scans=0), detectors=[HON, JOB])
    small, large = unit * 2_000, unit * 8_000
    scanner.scan(small)
    # four times the text: well under sixteen times the time (a quadratic pass would be there)
    assert scan_seconds(scanner, large) < max(scan_seconds(scanner, small) * 10, 0.05)
