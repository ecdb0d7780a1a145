"""Term dictionaries: whole words, case, files, normalisation, and 100,000 terms."""

from __future__ import annotations

import random
import string
from pathlib import Path

import pytest

from annexa.detect.builtin.terms import TermsDetector, detectors
from annexa.detect.interface import ScanContext
from annexa.detect.scanner import Scanner
from annexa.errors import ConfigError
from annexa.settings import ScanSettings, TermList

LISTS = [
    TermList(entity="CUSTOMER", terms=["Acme Corp", "Initech", "Globex", "Газпром"]),
    TermList(entity="PROJECT", terms=["Project Falcon", "BLUEBIRD"], case_sensitive=True),
]


def found(text: str, lists: list[TermList] = LISTS) -> list[tuple[str, str]]:
    settings = ScanSettings(min_score=0.0, terms=lists)
    scanner = Scanner(settings, detectors=[TermsDetector(lists)])
    return [(f.entity, text[f.start : f.end]) for f in scanner.scan(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Draft for Acme Corp: pricing", [("CUSTOMER", "Acme Corp")]),
        ("initech and GLOBEX signed.", [("CUSTOMER", "initech"), ("CUSTOMER", "GLOBEX")]),
        ("(Initech)", [("CUSTOMER", "Initech")]),
        ("status of Project Falcon?", [("PROJECT", "Project Falcon")]),
        ("BLUEBIRD launch", [("PROJECT", "BLUEBIRD")]),
        ("Аcme Corp", [("CUSTOMER", "Аcme Corp")]),  # Cyrillic A: look-alikes fold
        ("Ini\u200btech", [("CUSTOMER", "Ini\u200btech")]),  # zero-width inside
        ("отчёт для ГАЗПРОМ", [("CUSTOMER", "ГАЗПРОМ")]),  # a Cyrillic term, any case
        ("AcmeCorp, Acme\n  Corp", [("CUSTOMER", "AcmeCorp"), ("CUSTOMER", "Acme\n  Corp")]),
        ("send to I n i t e c h", [("CUSTOMER", "I n i t e c h")]),  # spaced out
        # hyphens, underscores and dots join words as blanks do: slugs, identifiers, hosts
        (
            "repo Project-Falcon, env Project_Falcon_API, Initech_v2",
            [("PROJECT", "Project-Falcon"), ("PROJECT", "Project_Falcon"), ("CUSTOMER", "Initech")],
        ),
    ],
)
def test_positives_with_spans(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Initechnology is a different firm",  # prefix of a longer word
        "the Globexx typo",
        "Acme Corporation",  # "Acme Corp" must end at a word boundary
        "project falcon",  # case-sensitive list
        "Bluebird",  # case-sensitive list
        "Acme" + " " * 40 + "Corp",  # too much space inside: not the term
        "Initech2 and initechv2",  # glued to a letter or a digit: another word
    ],
)
def test_look_alikes_do_not_match(text: str) -> None:
    assert found(text) == []


def test_terms_from_a_file_skip_comments_and_blanks(tmp_path: Path) -> None:
    path = tmp_path / "customers.txt"
    path.write_text("# customers\n\nUmbrella Health\n  Stark Industries  \n#Hidden Co\n", "utf-8")
    lists = [TermList(entity="CUSTOMER", file=path, terms=["Wayne Enterprises"])]
    detector = TermsDetector(lists)
    assert detector.size == 3
    text = "Umbrella Health, Stark Industries, Wayne Enterprises, Hidden Co"
    assert [span for _, span in found(text, lists)] == [
        "Umbrella Health",
        "Stark Industries",
        "Wayne Enterprises",
    ]


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"missing\.txt"):
        TermsDetector([TermList(file=tmp_path / "missing.txt")])


def test_one_character_term_is_refused() -> None:
    with pytest.raises(ConfigError, match="shorter than two"):
        TermsDetector([TermList(terms=["x"])])


def test_first_list_wins_for_a_shared_term() -> None:
    lists = [
        TermList(entity="CUSTOMER", terms=["Apex"]),
        TermList(entity="PROJECT", terms=["apex"]),
    ]
    assert found("apex rollout", lists) == [("CUSTOMER", "apex")]


def test_overlapping_terms_keep_the_longest() -> None:
    lists = [TermList(entity="CUSTOMER", terms=["Acme", "Acme Corp", "Corp Tax"])]
    assert found("Acme Corp Tax", lists)[0] == ("CUSTOMER", "Acme Corp")


def test_dotted_capital_i_keeps_offsets_in_place() -> None:
    text = "İstanbul office of Initech"
    assert found(text) == [("CUSTOMER", "Initech")]


def test_no_lists_no_detector() -> None:
    assert detectors(ScanSettings()) == []
    assert [d.name for d in detectors(ScanSettings(terms=LISTS))] == ["terms"]
    assert TermsDetector(LISTS).entities == ("CUSTOMER", "PROJECT")


def _words(n: int, seed: int) -> list[str]:
    """``n`` distinct generated terms of one to three 8-letter words."""
    rng = random.Random(seed)
    letters = "".join(rng.choices(string.ascii_lowercase, k=8 * 3 * n))
    out: set[str] = set()
    for i in range(n):
        words = [letters[24 * i + 8 * k : 24 * i + 8 * k + 8] for k in range(1 + i % 3)]
        out.add(" ".join(words))
    return sorted(out)


def test_hundred_thousand_terms_find_exactly_the_ones_present() -> None:
    terms = _words(100_000, seed=7)
    known = set(terms)
    detector = TermsDetector([TermList(entity="CUSTOMER", terms=terms)])
    assert detector.size == len(terms) > 99_000
    rng = random.Random(3)
    present = rng.sample(terms, 25)
    filler = _words(200, seed=99)  # not in the list (different seed, checked below)
    filler = [w for w in filler if w not in known]
    parts = [*present, *filler]
    rng.shuffle(parts)
    text = ". ".join(p.title() for p in parts)
    findings = list(detector.detect(ScanContext(text=text, lower=text.lower())))
    hits = {text[f.start : f.end].lower() for f in findings}
    assert hits >= set(present)
    # anything else found is a list term that also occurs inside the text at word boundaries
    assert hits <= known
