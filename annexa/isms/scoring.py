"""Risk scoring on a 5×5 matrix: score = likelihood × impact, and the level bands.

| score  | level    |
|--------|----------|
| 1–4    | low      |
| 5–9    | medium   |
| 10–16  | high     |
| 20–25  | critical |

(17–19 cannot occur as a product of two numbers from 1 to 5.)
"""

from __future__ import annotations

from typing import Literal

__all__ = ["BANDS", "LEVELS", "Level", "level", "score"]

Level = Literal["low", "medium", "high", "critical"]
LEVELS: tuple[Level, ...] = ("low", "medium", "high", "critical")
BANDS: tuple[tuple[int, Level], ...] = ((4, "low"), (9, "medium"), (16, "high"), (25, "critical"))


def score(likelihood: int, impact: int) -> int:
    """Likelihood × impact; both must be 1 to 5."""
    for name, value in (("likelihood", likelihood), ("impact", impact)):
        if not 1 <= value <= 5:
            raise ValueError(f"{name} must be 1 to 5, got {value}")
    return likelihood * impact


def level(value: int) -> Level:
    """The level band of a score from 1 to 25."""
    for upper, name in BANDS:
        if 1 <= value <= upper:
            return name
    raise ValueError(f"a score must be 1 to 25, got {value}")
