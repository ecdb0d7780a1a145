"""A broken policy file is refused with its file name and the offending line."""

from __future__ import annotations

from pathlib import Path

import pytest

from annexa.policy.interface import PolicyError
from annexa.policy.loader import load_policy, parse_policy

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "policy.yaml"

GOOD_HEAD = "levels: [public, internal, confidential, restricted]\nrules:\n"

# (name, source, expected line, a fragment of the message)
BROKEN = [
    ("misspelt action", GOOD_HEAD + "  - id: a\n    action: alow\n", 4, "rules[0].action"),
    (
        "unknown level",
        GOOD_HEAD + "  - id: a\n    action: block\n  - id: b\n"
        "    min_level: secretish\n    action: block\n",
        6,
        "unknown level 'secretish'",
    ),
    ("unknown field", GOOD_HEAD + "  - id: a\n    actoin: block\n", 3, "rules[0].actoin"),
    ("missing action", GOOD_HEAD + "  - id: a\n    roles: [x]\n", 3, "rules[0].action"),
    (
        "duplicate key",
        GOOD_HEAD + "  - id: a\n    action: allow\n    action: block\n",
        5,
        "duplicate key 'action'",
    ),
    (
        "duplicate rule id",
        GOOD_HEAD + "  - {id: a, action: allow}\n  - {id: a, action: block}\n",
        4,
        "used twice",
    ),
    ("reserved rule id", GOOD_HEAD + "  - {id: default, action: allow}\n", 3, "reserved"),
    ("bad YAML", GOOD_HEAD + "  - id: a\n\taction: allow\n", 4, "not valid YAML"),
    ("empty rule list", GOOD_HEAD.replace("rules:\n", "rules: []\n"), 2, "rules"),
    (
        "entity level unknown",
        "entities:\n  EMAIL_ADDRESS: medium\nrules:\n  - {id: a, action: allow}\n",
        2,
        "entities.EMAIL_ADDRESS",
    ),
    (
        "provider ceiling unknown",
        "providers:\n  openai:\n    max_level: top\nrules:\n  - {id: a, action: allow}\n",
        3,
        "providers.openai.max_level",
    ),
    ("top level not a mapping", "- just\n- a list\n", 1, "mapping at the top level"),
]


@pytest.mark.parametrize(("name", "source", "line", "fragment"), BROKEN, ids=[b[0] for b in BROKEN])
def test_errors_name_file_and_line(name: str, source: str, line: int, fragment: str) -> None:
    with pytest.raises(PolicyError) as info:
        parse_policy(source, "policy.yaml")
    message = info.value.message
    assert message.startswith(f"policy.yaml:{line}:"), message
    assert fragment in message


def test_empty_file_is_refused() -> None:
    with pytest.raises(PolicyError, match="empty"):
        parse_policy("# nothing here\n", "policy.yaml")


def test_every_problem_is_listed() -> None:
    src = (
        GOOD_HEAD
        + "  - {id: a, min_level: x, action: block}\n  - {id: b, levels: [y], action: allow}\n"
    )
    with pytest.raises(PolicyError) as info:
        parse_policy(src, "p.yaml")
    lines = info.value.message.splitlines()
    assert [ln.split(":")[1] for ln in lines] == ["3", "4"]


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="cannot read"):
        load_policy(tmp_path / "nope.yaml")


def test_the_starter_policy_loads_and_fails_closed_by_default() -> None:
    policy = load_policy(EXAMPLE)
    assert policy.doc.default.value == "block"
    assert policy.levels == ("public", "internal", "confidential", "restricted")
    assert next(r.id for r in policy.rules) == "no-credentials"
