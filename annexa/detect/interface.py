"""The detector family: the ABC every detector implements and the values it returns.

A detector is pure: it reads a :class:`ScanContext` and returns :class:`Finding` objects whose
offsets point into ``ctx.text`` (the normalised view). The :class:`~annexa.detect.scanner.Scanner`
maps them back to the original text, so a detector never deals with evasions itself.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import ClassVar


@dataclass(frozen=True, slots=True)
class Finding:
    """One sensitive span.

    Attributes:
        entity: entity type, Presidio's name where one exists (``EMAIL_ADDRESS``, ``CREDIT_CARD``,
            ``PERSON``...); every credential is ``SECRET``.
        start: offset of the first character in the ORIGINAL text (Python ``str`` index).
        end: offset one past the last character (exclusive).
        score: confidence in ``[0, 1]``.
        detector: the stable name of the detector that found it.
        provider: for ``SECRET``: whose credential (``aws``, ``github``...); else ``None``.
        validated: a checksum or structural check confirmed it (Luhn, stdnum, JWT header...).
    """

    entity: str
    start: int
    end: int
    score: float
    detector: str
    provider: str | None = None
    validated: bool = False

    def to_dict(self) -> dict[str, object]:
        """The stable JSON shape (``annexa scan --jsonl``)."""
        out: dict[str, object] = {
            "entity": self.entity,
            "start": self.start,
            "end": self.end,
            "score": round(self.score, 4),
            "detector": self.detector,
        }
        if self.provider is not None:
            out["provider"] = self.provider
        return out


@dataclass(frozen=True, slots=True)
class ScanContext:
    """What a detector sees.

    Attributes:
        text: the normalised text (NFKC, invisible characters removed, homoglyphs folded).
        lower: ``text.lower()``, computed once for every detector's keyword and context checks.
        keywords: the prefilter keywords (lower case) that occur in ``lower``; a detector that
            declares keywords is only run when one of them is here.
    """

    text: str
    lower: str
    keywords: frozenset[str] = field(default_factory=frozenset)


class Detector(ABC):
    """Base class of every detector, built-in or from a plugin.

    Class attributes:
        name: stable identifier (``"credit_card"``); changes only with a changelog entry.
        entities: the entity types it can return.
        origin: where its rules come from (a spec, a provider's documentation, the config).
        keywords: lower-case literals of which at least one must occur for the detector to
            produce anything; empty means "always run". The scanner checks all detectors'
            keywords in one RE2 set pass.
    """

    name: ClassVar[str]
    entities: ClassVar[tuple[str, ...]]
    origin: ClassVar[str] = "built-in"
    keywords: tuple[str, ...] = ()
    #: A detector that reads what the others found: the scanner calls :meth:`follow_up` with
    #: their findings on the same text after they ran, instead of :meth:`detect`.
    follows_up: ClassVar[bool] = False
    #: Values it recognises only whole, over several lines (a private key block): ``(opener,
    #: closer)`` expressions. No part of such a block is known to be safe before its closer, so
    #: a streamed answer's output policy holds the text from an opener until its closer comes
    #: (or the answer ends) instead of letting its first lines out.
    blocks: ClassVar[tuple[tuple[str, str], ...]] = ()

    @abstractmethod
    def detect(self, ctx: ScanContext) -> Iterable[Finding]:
        """Return findings with offsets into ``ctx.text``."""

    def follow_up(self, ctx: ScanContext, found: Sequence[Finding]) -> Iterable[Finding]:
        """More findings in ``ctx.text`` given what the other detectors ``found`` there (for a
        detector that :attr:`follows_up`)."""
        return ()

    def describe(self) -> str:
        """One line for ``annexa detectors list``: the docstring's first paragraph (its first
        sentence may run over several lines)."""
        doc = (type(self).__doc__ or "").strip()
        first = doc.split("\n\n", 1)[0]
        return " ".join(line.strip() for line in first.splitlines())
