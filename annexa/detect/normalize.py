"""Normalisation: the text detectors see, and the way back to the original offsets.

Attackers (and copy-paste) hide sensitive values behind compatibility characters, zero-width and
bidi controls, and look-alike letters. :func:`normalize` returns a :class:`TextView` whose text
has those folded away and whose :meth:`TextView.to_original` maps any span back into the text
the user sent, so redaction and pseudonymisation always cut the original.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Iterator
from dataclasses import dataclass

# Format characters (Unicode category Cf) carry no visible text: zero-width spaces and joiners,
# bidi embeddings, overrides and isolates, the BOM, soft hyphen, invisible operators, tags.
_SUSPECT = re.compile(
    r"[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    r"\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e007f]"
)


@dataclass(frozen=True, slots=True)
class TextView:
    """A text to scan and the map from its offsets to the original text's.

    ``starts[i]``/``ends[i]`` give the original span that produced character ``i`` of ``text``;
    both are ``None`` when the view is the original itself. ``base`` shifts offsets of a view
    cut out of a larger text.
    """

    text: str
    starts: array[int] | None = None
    ends: array[int] | None = None
    base: int = 0

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map ``[start, end)`` of this view's text to the original text."""
        if self.starts is None or self.ends is None:
            return start + self.base, end + self.base
        if end <= start:
            pos = self.starts[start] if start < len(self.starts) else self.ends[-1]
            return pos + self.base, pos + self.base
        return self.starts[start] + self.base, self.ends[end - 1] + self.base


def is_clean(text: str) -> bool:
    """True when normalisation would not change ``text`` (the fast path)."""
    if text.isascii():
        return True
    return unicodedata.is_normalized("NFKC", text) and _SUSPECT.search(text) is None


def normalize(text: str) -> TextView:
    """NFKC, drop invisible format characters; offsets map back to ``text``."""
    if is_clean(text):
        return TextView(text)
    out: list[str] = []
    starts: array[int] = array("q")
    ends: array[int] = array("q")
    for i, ch in enumerate(text):
        if _SUSPECT.match(ch) or unicodedata.category(ch) == "Cf":
            continue
        folded = unicodedata.normalize("NFKC", ch)
        for piece in folded:
            out.append(piece)
            starts.append(i)
            ends.append(i + 1)
    return TextView("".join(out), starts, ends)


def views(text: str, decode_depth: int = 2) -> Iterator[TextView]:
    """Every view of ``text`` worth scanning: the normalised text first, then derived views."""
    yield normalize(text)
