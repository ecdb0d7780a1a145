"""The placeholder syntax: ``[[EMAIL_ADDRESS_3f9a1c0b2d]]``.

Double square brackets, the entity type in capitals and ten lower-case hex digits: rare in
ordinary text and code, kept intact by language models (they copy it like an identifier), and
unique per (scope, entity type, value) because the hex part comes from a keyed HMAC
(:mod:`annexa.transform.vault`).

The restore step (:mod:`annexa.transform.restore`) replaces placeholders by their values; the
inspect provider echoes what it received through :func:`escape_placeholders` so that what the
caller sees is exactly what left, not the restored originals.
"""

from __future__ import annotations

import functools
import re

__all__ = [
    "MAX_PLACEHOLDER_LEN",
    "PLACEHOLDER",
    "TOKEN_HEX",
    "escape_placeholders",
    "format_placeholder",
    "is_placeholder_prefix",
    "placeholder_entity",
]

TOKEN_HEX = 10
_ENTITY = r"[A-Z][A-Z0-9_]{0,40}"
#: A complete placeholder; group 1 is the entity type, group 2 the token.
PLACEHOLDER = re.compile(rf"\[\[({_ENTITY})_([0-9a-f]{{{TOKEN_HEX}}})\]\]")
_PREFIX = re.compile(
    rf"\[(?:\[(?:{_ENTITY}(?:_(?:[0-9a-f]{{0,{TOKEN_HEX}}}|[0-9a-f]{{{TOKEN_HEX}}}\]))?)?)?"
)
#: The longest a placeholder can be (``[[`` + entity + ``_`` + token + ``]]``).
MAX_PLACEHOLDER_LEN = 2 + 41 + 1 + TOKEN_HEX + 2
_ESCAPE = ("⟦⟦", "⟧⟧")


@functools.lru_cache(maxsize=1024)
def placeholder_entity(entity: str) -> str:
    """The entity type as it appears in a placeholder: capitals, digits and underscores."""
    cleaned = re.sub(r"[^A-Z0-9_]", "_", entity.upper())[:41]
    return cleaned if cleaned[:1].isalpha() else ("X" + cleaned)[:41]


def format_placeholder(entity: str, token: str) -> str:
    """``[[ENTITY_token]]`` for an entity type and a token of :data:`TOKEN_HEX` hex digits."""
    text = f"[[{placeholder_entity(entity)}_{token}]]"
    if not PLACEHOLDER.fullmatch(text):
        raise ValueError("a token is exactly TOKEN_HEX lower-case hex digits")
    return text


def is_placeholder_prefix(text: str) -> bool:
    """True when ``text`` is a proper beginning of some placeholder (so more may complete it)."""
    return bool(_PREFIX.fullmatch(text))


def escape_placeholders(text: str) -> str:
    """Make every placeholder inert for restore: ``[[PERSON_…]]`` → ``⟦⟦PERSON_…⟧⟧``.

    For the inspect provider, whose answer must show what left the building.
    """
    return PLACEHOLDER.sub(lambda m: f"{_ESCAPE[0]}{m[1]}_{m[2]}{_ESCAPE[1]}", text)
