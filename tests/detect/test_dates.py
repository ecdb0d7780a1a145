"""Dates and times (DATE_TIME): the forms found with their exact spans, the look-alikes not."""

from __future__ import annotations

import pytest

from annexa.detect.builtin.dates import DateTimeDetector
from annexa.detect.scanner import Scanner
from annexa.settings import ScanSettings

ALONE = Scanner(ScanSettings(), detectors=[DateTimeDetector()])
FULL = Scanner(ScanSettings())


def dates(text: str) -> list[str]:
    return [text[f.start : f.end] for f in ALONE.scan(text) if f.entity == "DATE_TIME"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ISO 8601
        ("Today is 2021-05-21", ["2021-05-21"]),
        ("at 2024-06-05T09:15:30.500-07:00 or not", ["2024-06-05T09:15:30.500-07:00"]),
        ("ts=2024-03-15T14:30:00.123456Z,", ["2024-03-15T14:30:00.123456Z"]),
        ("2024-03-15T14:30Z", ["2024-03-15T14:30Z"]),
        ("2007-03-23 18:43:36 INFO start", ["2007-03-23 18:43:36"]),
        ("from 2024-02-29 to 2024-03-01", ["2024-02-29", "2024-03-01"]),
        ("2024-03-15T14:30:00+0200", ["2024-03-15T14:30:00+0200"]),
        # numeric: day first with any separator, month first with slash or dash
        ("Today is 5/20/2021", ["5/20/2021"]),
        ("Today is 5-20-2021.", ["5-20-2021"]),
        ("am 21.5.2021 um 10 Uhr", ["21.5.2021"]),
        ("le 21/05/21", ["21/05/21"]),
        ("on 21.5.21", ["21.5.21"]),
        ("due 05/21/21", ["05/21/21"]),
        ("Geburt 31.12.1999, Termin 01.01.2000", ["31.12.1999", "01.01.2000"]),
        # written months, six languages
        ("Today is 5-MAY-2021", ["5-MAY-2021"]),
        ("Today is 05-May", ["05-May"]),
        ("Today is May-21", ["May-21"]),
        ("Today is May-2021", ["May-2021"]),
        ("I bought my car on May 1st, 1977", ["May 1st, 1977"]),
        ("due March 12, 2024.", ["March 12, 2024"]),
        ("Termin am 12. März 1985", ["12. März 1985"]),
        ("le 3 mars 1990 à Paris", ["3 mars 1990"]),
        ("le 1er janvier 2020", ["1er janvier 2020"]),
        ("el 12 de marzo de 1985", ["12 de marzo de 1985"]),
        ("il 7 luglio 1979", ["7 luglio 1979"]),
        ("op 3 maart 2021", ["3 maart 2021"]),
        ("il 12 dic 2021", ["12 dic 2021"]),
        ("since March 2021", ["March 2021"]),
        ("el 1º de mayo de 2021", ["1º de mayo de 2021"]),
        # a month word right before another date does not hide it
        ("due Mar 12.03.2021", ["12.03.2021"]),
        ("ago 21.5.21", ["21.5.21"]),
        ("May 2021-05-03", ["2021-05-03"]),
        ("am 29 February", ["29 February"]),
        # a year after a preposition of time
        ("I bought my car in 1972.", ["1972"]),
        ("During 2017, sales rose", ["2017"]),
        ("seit 2019 bei uns", ["2019"]),
        ("founded in the year 1903", ["1903"]),
        ("depuis 2015 et en 2016", ["2015", "2016"]),
    ],
)
def test_dates_found_with_spans(text: str, expected: list[str]) -> None:
    assert dates(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # not in the calendar
        "2021-13-01",
        "2021-02-30",
        "31.04.2021",
        "13/13/2021",
        "on 30 February 1985",
        "32 May 2021",
        "2024-03-15T25:30Z",
        # glued to other text or digit groups
        "Today is2024-06-05T09:15:30.500-07:00",
        "Today is5/21",
        "2021-05-21-3",
        "2021-05-21.4",
        "id 12024-03-15",
        # versions, IP addresses, phone numbers, ratios
        "version 1.2.21",
        "v10.11.12",
        "pip install x==1.12.20",
        "Python 3.11.12 released",
        "host 10.1.12.21",
        "call 555-12-34",
        "call +1 202-555-0143",
        "ratio 3/4/5",
        "SSN 536-22-1234",
        # month words that are words, years that are quantities or too far off
        "you may 5 times",
        "Set 5 to true",
        "Set 2021 as default",
        "3 set of 2 gen 5",
        "5 mayonnaise",
        "May 3021",
        "costs 1972 dollars",
        "in 2000 ms",
        "in 1920 rows",
        "in 2099",
        "port 2020",
        "1972",
    ],
)
def test_look_alikes_are_no_dates(text: str) -> None:
    assert dates(text) == []


@pytest.mark.parametrize(
    ("text", "entity", "span"),
    [
        ("born 12.03.1985 in Lyon", "DATE_OF_BIRTH", "12.03.1985"),
        ("DOB: 1985-03-12", "DATE_OF_BIRTH", "1985-03-12"),
        ("call +1 202-555-0143 today", "PHONE_NUMBER", "+1 202-555-0143"),
        ("host 192.168.10.21 is down", "IP_ADDRESS", "192.168.10.21"),
    ],
)
def test_more_specific_findings_keep_their_span(text: str, entity: str, span: str) -> None:
    found = [(f.entity, text[f.start : f.end]) for f in FULL.scan(text)]
    assert found == [(entity, span)]


def test_dates_score_below_the_specific_detectors() -> None:
    scores = {f.score for f in ALONE.scan("2021-05-21, 21.5.2021, May 1st, 1977, in 1972")}
    assert len(scores) == 2  # 0.5, and 0.4 for the year
    assert max(scores) <= 0.5


def test_non_ascii_text_keeps_offsets() -> None:
    text = "Übergabe für Müller: 3 März 2021, Zeit 2024-03-15T14:30Z"
    assert dates(text) == ["3 März 2021", "2024-03-15T14:30Z"]
