"""Organisations (ORGANIZATION) by their legal form (``legal_name``) and by what the text says
of them (``org_cue``), table-driven.

Positives are names with a registered legal form in the usual spellings and places (a sentence's
start, after an instruction, a list of several, the end of the text), and names after an
employment cue or before a description ("is a design agency"); look-alikes have the form's
letters in other words, no name before it, a person before "of", a given name or a pronoun
where a company would stand, or an AI product.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from annexa.detect.builtin.organization import (
    KEYWORDS,
    CuedOrganizationDetector,
    LegalNameDetector,
)
from annexa.detect.interface import Detector, Finding, ScanContext
from annexa.detect.keywords import KeywordIndex
from annexa.detect.scanner import Scanner
from annexa.settings import ScanSettings
from tests.detect.tables import found, table_tests

ORG = LegalNameDetector()
CUE = CuedOrganizationDetector()

POSITIVES = [
    (ORG, "The Shepherd Ltd. Orchestra was founded in 1997", "Shepherd Ltd."),
    (ORG, "Galorath Incorporated is the brainchild of our founders", "Galorath Incorporated"),
    (ORG, "Cleopatra from 3 Round Stones Inc is the keynote speaker", "3 Round Stones Inc"),
    (ORG, "Ask Acme Corp for the invoice", "Acme Corp"),
    (ORG, "send it to Acme Corp", "Acme Corp"),
    (ORG, "Acme, Inc. signed the order", "Acme, Inc."),
    (ORG, "Müller & Söhne GmbH, Berlin", "Müller & Söhne GmbH"),
    (ORG, "Bank of America Corporation reported", "Bank of America Corporation"),
    (ORG, "the Royal Bank of Scotland plc", "Royal Bank of Scotland plc"),
    (ORG, "Dobrosław Tomaszewski of Fernandez Inc., Owens", "Fernandez Inc."),
    (ORG, "Smith & Co. said no", "Smith & Co."),
    (ORG, "Globex Pty Ltd (ABN pending)", "Globex Pty Ltd"),
    (ORG, "Fabbrica Rossi S.p.A. di Torino", "Fabbrica Rossi S.p.A."),
    (ORG, "Nordic Tools Oy, Helsinki", "Nordic Tools Oy"),
    (ORG, "Abt Associates published it", "Abt Associates"),
    # more registered forms, and a family firm's
    (ORG, "invoice from Scheel KG, Hamburg", "Scheel KG"),
    (ORG, "Heser Rohleder GbR hat bezahlt", "Heser Rohleder GbR"),
    (ORG, "contrato con Desarrollo del Levante S.L.U. firmado", "Desarrollo del Levante S.L.U."),
    (ORG, "factura de Grupo Norte S.A. de C.V., México", "Grupo Norte S.A. de C.V."),
    (ORG, "fornitore Segrè s.r.l. di Milano", "Segrè s.r.l."),
    (ORG, "umowa z Kowalski sp. z o.o. z Krakowa", "Kowalski sp. z o.o."),
    (ORG, "pagamento para Pereira S/A amanhã", "Pereira S/A"),
    (ORG, "contrato com Souza Ltda. assinado", "Souza Ltda."),
    (ORG, "faktura od Novák s.r.o. z Brna", "Novák s.r.o."),
    (ORG, "Watkins and Sons shipped it", "Watkins and Sons"),
    (ORG, "ordine di Vercelloni e figli", "Vercelloni e figli"),
    (CUE, "I used to work for Futureadvisor as Fumigator, but quit", "Futureadvisor"),
    (CUE, "she works at Home Depot on weekends", "Home Depot"),
    (CUE, "He was employed by Initech from 2019", "Initech"),
    (CUE, "Rościsław Dudek, the CEO of Lexisnexis, said", "Lexisnexis"),
    (CUE, "Russell Investments is a design agency based in Kent", "Russell Investments"),
    (CUE, "Celebrating its 10th year in Tobel, Transunion is a 501(c)3 that", "Transunion"),
    (CUE, "Standard And Poors is a design agency", "Standard And Poors"),
    (CUE, "we think Globex is a great company", "Globex"),
    (CUE, "In 2020 Hooli was a small startup", "Hooli"),
    (CUE, "Ana works for Initech.", "Initech"),
    (CUE, "Our supplier, Initech, is a small company", "Initech"),
    (CUE, 'paid," according to the Roadify Transit website. They', "Roadify Transit"),
    (CUE, "Check the Costquest homepage for details", "Costquest"),
]

NEGATIVES = [
    (ORG, "5 KG of rice"),
    (ORG, "The Inc"),
    (ORG, "iPhone Inc"),
    (ORG, "We use an Azure Resource Group"),
    (ORG, "Please include income tax"),
    (ORG, "Corporate strategy for the Limited edition"),
    (ORG, "the spa day and the agenda"),
    (ORG, "weight 5 KG today"),  # a unit after a number
    (ORG, "my sons and daughters"),
    (ORG, "see Jones et al. for the s.c. value"),
    (CUE, "I work for Maria on Tuesdays"),
    (CUE, "It is a company we trust"),
    (CUE, "This is a great company"),
    (CUE, "i work for google"),
    (CUE, "Python is a programming language"),
    (CUE, "Maria is a brand ambassador"),
    (CUE, "ChatGPT is a product of a company"),
    (CUE, "according to the Uber website; our website is down; the company homepage"),
]

test_finds_with_spans, test_ignores_look_alikes, _ = table_tests(POSITIVES, NEGATIVES, [])


def test_a_list_of_organisations_gives_one_finding_each() -> None:
    assert found(ORG, "Siemens AG and Volvo AB") == [
        ("ORGANIZATION", "Siemens AG"),
        ("ORGANIZATION", "Volvo AB"),
    ]
    assert found(ORG, "ACME Holdings, Globex Partners and Initech LLC") == [
        ("ORGANIZATION", "ACME Holdings"),
        ("ORGANIZATION", "Globex Partners"),
        ("ORGANIZATION", "Initech LLC"),
    ]


def test_the_keyword_pass_finds_a_form_at_the_end_of_the_text() -> None:
    index = KeywordIndex(KEYWORDS)
    assert " corp\n" in index.find("send it to acme corp")
    assert " corp\n" not in index.find("send it to acme corporate")


class _NamesOfPeople(Detector):
    """Says every capitalised word is a person, at the NER model's score for a name."""

    name = "people"
    entities = ("PERSON",)

    def detect(self, ctx: ScanContext) -> Iterable[Finding]:
        for m in re.finditer(r"\b[A-Z][a-z]+\b", ctx.text):
            yield Finding("PERSON", m.start(), m.end(), 0.6, self.name)


def test_a_legal_form_outranks_a_person_found_inside_it() -> None:
    text = "Invoice from Fernandez Inc. attached"
    findings = Scanner(ScanSettings(), detectors=[ORG, _NamesOfPeople()]).scan(text)
    assert [(f.entity, text[f.start : f.end]) for f in findings] == [
        ("PERSON", "Invoice"),
        ("ORGANIZATION", "Fernandez Inc."),
    ]
