"""Apply a decision to a text: replace the spans to pseudonymize or redact.

Used by the gateway on every text it forwards (system prompt, messages, tool arguments and
results). Placeholders come from the :class:`~annexa.transform.vault.Vault`, which stores them
before they are returned, so a placeholder never leaves unless it can be restored. Surrogates
(:mod:`annexa.transform.surrogates`) are derived from the vault's keyed HMAC and restored from
the request's own map (the conversation's history comes with every request, so every surrogate
the model can see is in it); two values never share a surrogate within a request.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from annexa.policy.interface import Action, FindingDecision
from annexa.transform.placeholders import format_placeholder
from annexa.transform.redact import redaction
from annexa.transform.surrogates import make_surrogate
from annexa.transform.vault import Vault, VaultError

__all__ = ["Span", "Transformed", "Transformer", "spans_to_replace"]

MAX_SURROGATE_TRIES = 32


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of text to replace: ``[start, end)``, its entity type, the action, and whether
    a pseudonym should be a realistic surrogate."""

    start: int
    end: int
    entity: str
    action: Action
    surrogate: bool = False


@dataclass(frozen=True, slots=True)
class Transformed:
    """A text ready to forward and the pseudonyms it now holds (placeholder or surrogate →
    original), for restoring the answer."""

    text: str
    placeholders: dict[str, str] = field(default_factory=dict)


def spans_to_replace(decisions: Sequence[FindingDecision]) -> list[Span]:
    """The spans to replace, sorted, overlaps merged (the merged span takes the stricter action).

    Allowed and warned findings stay; a blocked finding is redacted (it should never get here:
    a blocked request is not forwarded, but if it does, its value still does not leave).
    """
    wanted = sorted(
        (
            Span(
                d.finding.start, d.finding.end, d.finding.entity, _effective(d.action), d.surrogate
            )
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
        both = last.surrogate and span.surrogate
        merged[-1] = Span(last.start, max(last.end, span.end), last.entity, stricter, both)
    return merged


def _effective(action: Action) -> Action:
    return Action.REDACT if action is Action.BLOCK else action


class Transformer:
    """Pseudonymizes and redacts spans; build one with the vault and share it."""

    def __init__(self, vault: Vault | None) -> None:
        self.vault = vault

    def transform(
        self,
        text: str,
        decisions: Sequence[FindingDecision],
        scope: str,
        taken: dict[str, str] | None = None,
    ) -> Transformed:
        """The text to forward plus the pseudonym → value map for restoring the answer.

        ``taken``: the pseudonyms already issued for other texts of the same request; pass the
        same dict for every text of a request so no surrogate stands for two values (it is
        updated in place).
        """
        spans = spans_to_replace(decisions)
        pseudo = [s for s in spans if s.action is Action.PSEUDONYMIZE]
        if pseudo and self.vault is None:
            raise VaultError("pseudonymization needs a vault and none is configured")
        issued: dict[str, str] = {} if taken is None else taken
        new = self._pseudonyms(text, pseudo, scope, issued)
        pieces: list[str] = []
        pos = 0
        for span in spans:  # spans are sorted and disjoint: one pass, linear in the text
            pieces += [text[pos : span.start], new.get(span.start) or redaction(span.entity)]
            pos = span.end
        pieces.append(text[pos:])
        used = {p: issued[p] for p in new.values()}
        return Transformed("".join(pieces), used)

    def _pseudonyms(
        self, text: str, spans: list[Span], scope: str, issued: dict[str, str]
    ) -> dict[int, str]:
        """span start → placeholder or surrogate; records each in ``issued``."""
        if not spans or self.vault is None:
            return {}
        values = [text[s.start : s.end] for s in spans]
        marked = [(s, v) for s, v in zip(spans, values, strict=True) if not s.surrogate]
        tokens = iter(self.vault.pseudonyms(scope, [(s.entity, v) for s, v in marked]))
        out: dict[int, str] = {}
        for span, value in zip(spans, values, strict=True):
            if span.surrogate:
                out[span.start] = self._surrogate(text, span.entity, value, scope, issued)
            else:
                out[span.start] = format_placeholder(span.entity, next(tokens))
                issued.setdefault(out[span.start], value)
        return out

    def _surrogate(
        self, text: str, entity: str, value: str, scope: str, issued: dict[str, str]
    ) -> str:
        if self.vault is None:
            raise VaultError("pseudonymization needs a vault and none is configured")
        seed = int(self.vault.digest(scope, entity, value)[:16], 16)
        for attempt in range(MAX_SURROGATE_TRIES):
            candidate = make_surrogate(entity, value, seed + attempt)
            owner = issued.get(candidate)
            if owner == value or (owner is None and candidate != value and candidate not in text):
                issued[candidate] = value
                return candidate
        raise VaultError(f"no free surrogate for a {entity} value; use a placeholder instead")

    def apply(self, text: str, decisions: Sequence[FindingDecision], scope: str) -> str:
        """The text to forward (the contract's entry point; see :meth:`transform`)."""
        return self.transform(text, decisions, scope).text
