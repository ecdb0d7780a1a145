"""The Annex A catalogue: 93 controls, the 2022 theme counts, our own descriptions."""

from __future__ import annotations

from collections import Counter

import pytest

from annexa.isms.catalogue import THEMES, by_id, controls, normalize_id, sort_key


def test_93_controls_with_unique_ids() -> None:
    ids = [c.id for c in controls()]
    assert len(ids) == 93
    assert len(set(ids)) == 93


def test_theme_counts() -> None:
    counts = Counter(c.theme for c in controls())
    assert counts == {"5": 37, "6": 8, "7": 14, "8": 34}
    assert set(counts) == set(THEMES)


def test_ids_are_numbered_without_gaps_within_each_theme() -> None:
    for theme in THEMES:
        numbers = [sort_key(c.id)[1] for c in controls() if c.theme == theme]
        assert numbers == list(range(1, len(numbers) + 1))
        assert all(c.id.startswith(f"A.{theme}.") for c in controls() if c.theme == theme)


def test_every_control_has_a_one_line_description_of_its_own() -> None:
    descriptions = [c.description for c in controls()]
    assert len(set(descriptions)) == 93
    for c in controls():
        assert c.description.endswith(".")
        assert "\n" not in c.description
        assert c.description.lower() != c.title.lower()
        assert 20 < len(c.description) < 120


@pytest.mark.parametrize(
    ("given", "expected"), [("A.8.12", "A.8.12"), ("a.8.12", "A.8.12"), ("8.12", "A.8.12")]
)
def test_ids_are_normalized(given: str, expected: str) -> None:
    assert normalize_id(given) == expected
    assert by_id(given).title == "Data leakage prevention"


def test_unknown_id_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        by_id("A.9.1")


def test_numeric_order() -> None:
    assert sorted(["A.5.10", "A.5.2", "A.8.1"], key=sort_key) == ["A.5.2", "A.5.10", "A.8.1"]
