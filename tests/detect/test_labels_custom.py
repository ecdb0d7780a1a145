"""Classification labels and custom regex rules from configuration."""

from __future__ import annotations

import pytest

from annexa.detect.builtin import custom, labels
from annexa.detect.builtin.labels import LabelDetector, canonical
from annexa.detect.scanner import Scanner, load_detectors
from annexa.errors import ConfigError
from annexa.policy.schema import DEFAULT_LABEL_LEVELS
from annexa.settings import DEFAULT_LABELS, CustomPattern, ScanSettings

RULES = [
    CustomPattern(name="employee_id", regex=r"\bEMP-\d{6}\b", entity="EMPLOYEE_ID", score=0.9),
    CustomPattern(name="ticket", regex=r"(?i)\bsec-\d{3,5}\b", entity="SECURITY_TICKET"),
]


def label_findings(text: str, min_score: float = 0.0) -> list[tuple[str | None, str, float]]:
    settings = ScanSettings(min_score=min_score)
    scanner = Scanner(settings, detectors=[LabelDetector(DEFAULT_LABELS)])
    return [(f.provider, text[f.start : f.end], f.score) for f in scanner.scan(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "STRICTLY CONFIDENTIAL\nQ3 plan",
            [("STRICTLY CONFIDENTIAL", "STRICTLY CONFIDENTIAL", 0.95)],
        ),
        ("Classification: Internal-Only", [("INTERNAL ONLY", "Internal-Only", 0.7)]),
        (
            "Dieses Dokument ist STRENG VERTRAULICH und nur für den Vorstand bestimmt, bitte "
            "beachten.",
            [("STRENG VERTRAULICH", "STRENG VERTRAULICH", 0.85)],
        ),
        ("== CОNFIDENTIAL ==", [("CONFIDENTIAL", "CОNFIDENTIAL", 0.95)]),  # Cyrillic O
        ("internal_only", [("INTERNAL ONLY", "internal_only", 0.7)]),
        # the Traffic Light Protocol: the longer marking wins over the one inside it
        ("TLP:AMBER+STRICT\nIncident report", [("TLP:AMBER+STRICT", "TLP:AMBER+STRICT", 0.95)]),
        ("FOR INTERNAL USE ONLY", [("INTERNAL USE ONLY", "INTERNAL USE ONLY", 0.95)]),
    ],
)
def test_label_positives_with_spans(
    text: str, expected: list[tuple[str | None, str, float]]
) -> None:
    assert label_findings(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "NONCONFIDENTIAL appendix",  # part of a longer word
        "the CONFIDENTIALITY clause",
        "internally only",
        "RESTRICTEDNESS",
        "the TLP:REDACTED field",  # part of a longer word
    ],
)
def test_label_look_alikes_do_not_match(text: str) -> None:
    assert label_findings(text) == []


def test_prose_use_scores_below_the_default_threshold() -> None:
    text = "Please keep this confidential between us until the announcement goes out next week."
    assert label_findings(text) == [("CONFIDENTIAL", "confidential", 0.3)]
    assert label_findings(text, min_score=ScanSettings().min_score) == []


def test_longest_label_wins() -> None:
    text = "strictly confidential"
    assert [p for p, _, _ in label_findings(text)] == ["STRICTLY CONFIDENTIAL"]


def test_labels_are_configurable_and_canonical() -> None:
    detector = LabelDetector(["top  secret", "Geheim", "top-secret"])
    assert detector.labels == ("TOP SECRET", "GEHEIM")
    assert canonical("ｉｎｔｅｒｎａｌ_only") == "INTERNAL ONLY"
    assert labels.detectors(ScanSettings(labels=[])) == []
    assert set(detector.keywords) == {"secret", "geheim"}


def custom_findings(text: str) -> list[tuple[str, str, str]]:
    settings = ScanSettings(min_score=0.0, patterns=RULES)
    found = Scanner(settings, detectors=custom.detectors(settings)).scan(text)
    return [(f.entity, text[f.start : f.end], f.detector) for f in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("badge EMP-004211 lost", [("EMPLOYEE_ID", "EMP-004211", "employee_id")]),
        (
            "see SEC-1234 and sec-987",
            [("SECURITY_TICKET", "SEC-1234", "ticket"), ("SECURITY_TICKET", "sec-987", "ticket")],
        ),
        ("Ü EMP-123456", [("EMPLOYEE_ID", "EMP-123456", "employee_id")]),  # offsets after non-ASCII
        ("ЕMP-123456", [("EMPLOYEE_ID", "ЕMP-123456", "employee_id")]),  # Cyrillic E folds
    ],
)
def test_custom_positives_with_spans(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert custom_findings(text) == expected


@pytest.mark.parametrize("text", ["EMP-12345", "EMP-1234567", "XEMP-123456", "sec-12"])
def test_custom_look_alikes_do_not_match(text: str) -> None:
    assert custom_findings(text) == []


@pytest.mark.parametrize(
    ("regex", "reason"),
    [
        (r"(unclosed", "not a valid regular expression"),
        (r"(\w+)\s\1", "not a linear-time expression"),  # backreference
        (r"(?<=id:)\d+", "not a linear-time expression"),  # look-behind
        (r"x*", "matches the empty string"),
    ],
)
def test_bad_rules_are_refused_naming_the_rule(regex: str, reason: str) -> None:
    settings = ScanSettings(patterns=[CustomPattern(name="bad_rule", regex=regex)])
    with pytest.raises(ConfigError, match=f"'bad_rule'.*{reason}"):
        custom.detectors(settings)


def test_nested_quantifiers_run_in_linear_time_on_re2() -> None:
    rule = CustomPattern(name="nested", regex=r"(a+)+b")
    [detector] = custom.detectors(ScanSettings(patterns=[rule]))
    text = "a" * 50_000  # catastrophic for a backtracking engine
    assert Scanner(ScanSettings(), detectors=[detector]).scan(text) == []


def test_custom_rules_load_through_the_plugin_and_clash_with_builtins() -> None:
    names = {d.name for d in load_detectors(ScanSettings(patterns=RULES))}
    assert {"employee_id", "ticket", "classification_label"} <= names
    clash = CustomPattern(name="classification_label", regex=r"\bX\d\b")
    with pytest.raises(ConfigError, match="two detectors"):
        load_detectors(ScanSettings(patterns=[clash]))


def test_every_default_label_has_a_level_of_its_own() -> None:
    """A default label the built-in level map lacks would count as the highest level: a
    TLP:CLEAR text blocked as restricted."""
    assert {canonical(label) for label in DEFAULT_LABELS} <= set(DEFAULT_LABEL_LEVELS)
    assert DEFAULT_LABEL_LEVELS["TLP:RED"] == "restricted"
    assert DEFAULT_LABEL_LEVELS["TLP:CLEAR"] == "public"
