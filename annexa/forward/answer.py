"""The answer side of one request: output policy, then restore; whole or streamed.

An :class:`AnswerPath` is built per request once the request is decided and transformed: it
knows the scanner, how the policy decides for this caller and supplier, and the placeholders
this request issued (``known``, no database round trip for them).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from annexa.detect.interface import Finding
from annexa.detect.scanner import Scanner
from annexa.errors import AnnexaError, ScanError
from annexa.forward.output import (
    GuardedRestorer,
    StreamGuard,
    held_blocks,
    redact_output,
    strict_findings,
)
from annexa.forward.streaming import Relay, restore_json
from annexa.policy.interface import Decision
from annexa.providers.interface import Exchange
from annexa.transform.restore import StreamRestorer, json_escape, restore
from annexa.transform.vault import Vault

__all__ = ["AnswerPath"]

Decide = Callable[[Sequence[Finding], str], Decision]


@dataclass
class AnswerPath:
    """Check and restore what the supplier answers to one request."""

    scanner: Scanner
    decide: Decide
    vault: Vault | None
    scope: str
    known: dict[str, str]
    window: int = 64
    guards: list[StreamGuard] = field(default_factory=list)
    # the scan by the detectors of what the policy could redact or block (see strict_findings)
    prescan: Callable[[str], list[Finding]] | None = None

    def check(self, answer: Any) -> tuple[Any, Counter[str]]:
        """A whole answer with what the policy forbids redacted; fails closed on scan errors."""
        try:
            return redact_output(answer, self.scanner.scan, self.decide, self.prescan)
        except AnnexaError:
            raise
        except Exception as exc:  # an answer that cannot be checked does not go out
            raise ScanError(f"output scan failed: {type(exc).__name__}") from exc

    def restore_text(self, text: str) -> str:
        """``text`` with this scope's placeholders replaced by their values."""
        return restore(text, self.vault, self.scope, self.known)

    def restore(self, answer: Any) -> Any:
        """A whole (checked) answer, restored."""
        return restore_json(answer, self.restore_text)

    def relay(self, ex: Exchange) -> Relay:
        """The stream relay: per field, output policy then restore; whole events likewise."""
        check = strict_findings(self.scanner.scan, self.decide, self.prescan)
        blocks = held_blocks(self.scanner.blocks)

        def one_field(in_json: bool) -> GuardedRestorer:
            self.guards.append(StreamGuard(check, self.window, blocks=blocks))
            escape = json_escape if in_json else None
            restorer = StreamRestorer(self.vault, self.scope, self.known, escape)
            return GuardedRestorer(self.guards[-1], restorer)

        return Relay(ex.dialect, ex.operation, self.restore_text, one_field, self._whole)

    def redacted(self) -> int:
        """Spans the output policy redacted in the stream so far."""
        return sum(g.redacted.total() for g in self.guards)

    def _whole(self, data: Any) -> Any:
        return self.check(data)[0]
