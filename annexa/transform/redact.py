"""Redaction: a span replaced by its entity type (``[REDACTED:EMAIL_ADDRESS]``), for good."""

from __future__ import annotations

from annexa.transform.placeholders import placeholder_entity

__all__ = ["redaction"]


def redaction(entity: str) -> str:
    """The text that replaces a redacted span of ``entity``."""
    return f"[REDACTED:{placeholder_entity(entity)}]"
