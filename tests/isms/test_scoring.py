"""5×5 scoring and level bands, table-driven."""

from __future__ import annotations

import pytest

from annexa.isms.scoring import level, score


@pytest.mark.parametrize(
    ("likelihood", "impact", "expected_score", "expected_level"),
    [
        (1, 1, 1, "low"),
        (2, 2, 4, "low"),
        (1, 5, 5, "medium"),
        (3, 3, 9, "medium"),
        (2, 5, 10, "high"),
        (4, 4, 16, "high"),
        (4, 5, 20, "critical"),
        (5, 5, 25, "critical"),
    ],
)
def test_score_and_level(
    likelihood: int, impact: int, expected_score: int, expected_level: str
) -> None:
    assert score(likelihood, impact) == expected_score
    assert level(expected_score) == expected_level


@pytest.mark.parametrize(("likelihood", "impact"), [(0, 3), (6, 1), (3, -1), (3, 6)])
def test_ratings_outside_1_to_5_are_refused(likelihood: int, impact: int) -> None:
    with pytest.raises(ValueError, match="must be 1 to 5"):
        score(likelihood, impact)


@pytest.mark.parametrize("value", [0, 26, -4])
def test_scores_outside_the_matrix_have_no_level(value: int) -> None:
    with pytest.raises(ValueError, match="1 to 25"):
        level(value)


def test_every_product_has_a_level() -> None:
    seen = {level(score(a, b)) for a in range(1, 6) for b in range(1, 6)}
    assert seen == {"low", "medium", "high", "critical"}
