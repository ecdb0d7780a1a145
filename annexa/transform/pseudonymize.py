"""Apply a decision to a text: replace the spans to pseudonymize or redact.

Used by the gateway on every text it forwards (system prompt, messages, tool arguments and
results). Pseudonyms come from the :class:`~annexa.transform.vault.Vault`, which stores them
before they are returned, so a placeholder never leaves unless it can be restored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from annexa.policy.interface import Action, FindingDecision
from annexa.transform.placeholders import format_placeholder
from annexa.transform.redact import redaction
from annexa.transform.vault import Vault, VaultError

__all__ = ["Span", "Transformed", "Transformer", "spans_to_replace"]


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of text to replace: ``[start, end)``, its entity type and the action."""

    start: int
    end: int
    entity: str
    action: Action


@dataclass(frozen=True, slots=True)
class Transformed:
    """A text ready to forward and the placeholders it now holds (placeholder → original)."""

    text: str
    placeholders: dict[str, str] = field(default_factory=dict)


def spans_to_replace(decisions: Sequence[FindingDecision]) -> list[Span]:
    """The spans to replace, sorted, overlaps merged (the merged span takes the stricter action).

    Allowed and warned findings stay; a blocked finding is redacted (it should never get here:
    a blocked request is not forwarded, but if it does, its value still does not leave).
    """
    wanted = sorted(
        (
            Span(d.finding.start, d.finding.end, d.finding.entity, _effective(d.action))
            for d in decisions
            if d.action not in (Action.ALLOW, Action.WARN) and d.finding.end > d.finding.start
        ),
        key=lambda s: (s.start, -s.end),
    )
    merged: list[Span] = []
    for span in wanted:
        last = merged[-1] if merged else None
        if last is None or span.start >= last.end:
            merged.append(span)
            continue
        stricter = max(last.action, span.action, key=lambda a: a.severity)
        merged[-1] = Span(last.start, max(last.end, span.end), last.entity, stricter)
    return merged


def _effective(action: Action) -> Action:
    return Action.REDACT if action is Action.BLOCK else action


class Transformer:
    """Pseudonymizes and redacts spans; build one with the vault and share it."""

    def __init__(self, vault: Vault | None) -> None:
        self.vault = vault

    def transform(self, text: str, decisions: Sequence[FindingDecision], scope: str) -> Transformed:
        """The text to forward plus the placeholder → value map for restoring the answer."""
        spans = spans_to_replace(decisions)
        pseudo = [s for s in spans if s.action is Action.PSEUDONYMIZE]
        if pseudo and self.vault is None:
            raise VaultError("pseudonymization needs a vault and none is configured")
        values = [text[s.start : s.end] for s in pseudo]
        tokens = (
            self.vault.pseudonyms(
                scope, [(s.entity, v) for s, v in zip(pseudo, values, strict=True)]
            )
            if self.vault is not None and pseudo
            else []
        )
        replacement: dict[int, str] = {}
        placeholders: dict[str, str] = {}
        for span, value, token in zip(pseudo, values, tokens, strict=True):
            ph = format_placeholder(span.entity, token)
            replacement[span.start] = ph
            placeholders.setdefault(ph, value)
        pieces: list[str] = []
        pos = 0
        for span in spans:  # spans are sorted and disjoint: one pass, linear in the text
            pieces += [
                text[pos : span.start],
                replacement.get(span.start) or redaction(span.entity),
            ]
            pos = span.end
        pieces.append(text[pos:])
        return Transformed("".join(pieces), placeholders)

    def apply(self, text: str, decisions: Sequence[FindingDecision], scope: str) -> str:
        """The text to forward (the contract's entry point; see :meth:`transform`)."""
        return self.transform(text, decisions, scope).text
