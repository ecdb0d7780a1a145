"""A.5.18: completion of access reviews, when the identity area records them."""

from __future__ import annotations

from sqlalchemy import inspect

from annexa.isms.collectors.base import Collected, Context


class AccessReviewCollector:
    """Reports "no data" until the identity area keeps access reviews (an ``access_reviews``
    table); it never invents a completion figure."""

    name = "access-reviews"
    controls: tuple[str, ...] = ("A.5.18",)

    def collect(self, ctx: Context) -> Collected:
        """No evidence until access reviews exist."""
        if "access_reviews" not in inspect(ctx.engine).get_table_names():
            return Collected(
                self.name, "no-data", "no data: this installation does not record access reviews"
            )
        return Collected(
            self.name, "no-data", "no data: access reviews are recorded in a format not read yet"
        )
