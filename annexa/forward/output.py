"""The output policy: what the model itself produced that the policy forbids is redacted before
the client sees it (a credential it made up or recalled, a card number it wrote out).

Runs on an answer BEFORE placeholders are restored, so the caller's own values are
still placeholders and never count as the model's. Only findings the policy would redact or block
on the way in are redacted on the way out; pseudonymize, warn and allow leave the text as it is
(the model's answer goes back to the person who asked).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any

from annexa.detect.interface import Finding
from annexa.errors import ScanError
from annexa.forward.streaming import TextRestorer
from annexa.policy.interface import Action, Decision, FindingDecision
from annexa.providers.interface import TextRef, json_string_leaves, replace_texts
from annexa.transform.pseudonymize import Transformer

__all__ = [
    "STRICT_ACTIONS",
    "GuardedRestorer",
    "HeldBlocks",
    "StreamGuard",
    "held_blocks",
    "redact_output",
    "strict_findings",
]

# Fields of an answer that are identifiers or metadata, not model output.
METADATA = frozenset(
    {"id", "object", "model", "type", "role", "finish_reason", "stop_reason", "status",
     "system_fingerprint", "call_id", "tool_call_id", "item_id", "name", "service_tier",
     "signature", "stop_sequence", "media_type"}
)  # fmt: skip
STRICT = (Action.REDACT, Action.BLOCK)
STRICT_ACTIONS = frozenset(STRICT)


def answer_texts(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[TextRef]:
    """The model-written strings of an answer (tool-call arguments: each string in the JSON)."""
    if isinstance(value, str):
        if path and path[-1] == "arguments":
            yield from json_string_leaves(value, path)
        else:
            yield TextRef(path, value)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if key not in METADATA:
                yield from answer_texts(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from answer_texts(item, (*path, i))


def redact_output(
    answer: Any,
    scan: Callable[[str], list[Finding]],
    decide: Callable[[Sequence[Finding], str], Decision],
    prescan: Callable[[str], list[Finding]] | None = None,
) -> tuple[Any, Counter[str]]:
    """``answer`` with forbidden spans redacted, and the redacted entity counts."""
    refs = [r for r in answer_texts(answer) if r.text.strip()]
    redacted: Counter[str] = Counter()
    new_texts: list[str] = []
    transformer = Transformer(None)
    check = strict_findings(scan, decide, prescan)
    for ref in refs:
        strict = check(ref.text)
        redacted.update(d.finding.entity for d in strict)
        new_texts.append(transformer.transform(ref.text, strict, "").text if strict else ref.text)
    if not redacted:
        return answer, redacted
    return replace_texts(answer, refs, new_texts), redacted


class HeldBlocks:
    """The multi-line values a stream guard holds whole (:attr:`Detector.blocks
    <annexa.detect.interface.Detector.blocks>`: a private key block): where the first block
    still open in a text begins."""

    def __init__(self, pairs: Sequence[tuple[str, str]]) -> None:
        self.pairs = [(re.compile(opener), re.compile(closer)) for opener, closer in pairs]

    def open_at(self, text: str) -> int | None:
        """The start of the first block in ``text`` whose closer has not come yet, or None."""
        first: int | None = None
        for opener, closer in self.pairs:
            pos = 0
            while (opened := opener.search(text, pos)) is not None:
                closed = closer.search(text, opened.end())
                if closed is None:
                    first = opened.start() if first is None else min(first, opened.start())
                    break
                pos = closed.end()
        return first


NO_BLOCKS = HeldBlocks(())


@functools.lru_cache(maxsize=16)
def held_blocks(pairs: tuple[tuple[str, str], ...]) -> HeldBlocks:
    """The :class:`HeldBlocks` of ``pairs``, compiled once."""
    return HeldBlocks(pairs)


class StreamGuard:
    """The output policy for one streamed field (a choice's content, a block's text...).

    Holds back the last ``window`` characters, extended back to the start of the word they
    begin in (a long credential is one word), to the start of any finding that reaches into
    them, and to the opener of a block still open (``blocks``: a private key is held from its
    BEGIN line to its END line), so a span is only ever emitted once the scanner saw it whole.
    Words longer than ``max_hold`` are let through in pieces (documented limit); a block held
    longer than ``max_block`` characters ends the stream with an error (fail closed). Emitted
    text has the spans the policy redacts or blocks replaced; ``redacted`` counts them.

    Each scan reads the last ``context`` characters already emitted before the held text, as
    the whole answer's check would: a value recognised by the words before it
    (``client_secret = "…"``) is found even when those words have gone out. A finding that
    began in them is redacted from where the held text starts.

    The first scan runs as soon as the held text is longer than the window, so an answer's
    first words leave as early as the window allows; after that a scan runs once ``step`` more
    characters (default half the window) have come, not on every delta: providers send a few
    characters per event, and one scan per event would cost more than the rest of the request.
    Safety is the same (nothing leaves unscanned); text leaves in runs of ``step`` characters or
    more.
    """

    def __init__(
        self,
        check: Callable[[str], list[FindingDecision]],
        window: int = 64,
        max_hold: int = 2048,
        step: int | None = None,
        *,
        context: int | None = None,
        blocks: HeldBlocks = NO_BLOCKS,
        max_block: int = 65_536,
    ) -> None:
        self.check, self.window, self.max_hold = check, window, max_hold
        self.step = max(1, window // 2) if step is None else max(1, step)
        self.context = window if context is None else max(0, context)
        self.blocks, self.max_block = blocks, max_block
        self.sent = ""  # the last ``context`` characters emitted, as the model wrote them
        self.pending = ""
        self._next = window + 1  # the held length at which the next scan runs
        self.redacted: Counter[str] = Counter()

    def feed(self, piece: str) -> str:
        """The text that is safe to emit now."""
        self.pending += piece
        if len(self.pending) < self._next:
            return ""
        held_from: int | None = None
        seen = self.sent + self.pending
        opened = self.blocks.open_at(seen)
        if opened is not None:
            held_from = max(0, opened - len(self.sent))
            if len(self.pending) - held_from > self.max_block:
                raise ScanError(
                    f"a multi-line secret block held back over {self.max_block:,} characters "
                    "without its end line"
                )
            if held_from == 0:
                # all of the held text is a block still open: nothing can leave before its
                # closer, so no scan now; look again after a quarter more (linear in all)
                self._next = len(self.pending) + max(self.step, len(self.pending) // 4)
                return ""
        strict = self._strict(seen)
        cut = len(self.pending) - self.window
        word_start = max(self.pending.rfind(c, 0, cut + 1) for c in " \n\t") + 1
        if word_start > 0 or len(self.pending) < self.max_hold:
            cut = word_start
        if held_from is not None:
            cut = min(cut, held_from)
        for d in strict:
            if d.finding.start < cut < d.finding.end:
                cut = max(0, d.finding.start)
        out = self._emit(cut, strict)
        self._next = self._next_scan(emitted=cut > 0)
        return out

    def _next_scan(self, *, emitted: bool) -> int:
        """The held length at which to scan again: ``step`` more characters, or, while nothing
        has gone out only for want of a word start behind the window, as soon as the first one
        is (the answer's first words)."""
        if not emitted:
            breaks = [i for i in (self.pending.find(c) for c in " \n\t") if i >= 0]
            if breaks and min(breaks) + 1 + self.window > len(self.pending):
                return min(breaks) + 1 + self.window
        return max(len(self.pending), self.window) + self.step

    def flush(self) -> str:
        """Everything held back, checked (the field ended)."""
        held = self.pending
        return self._emit(len(held), self._strict(self.sent + held) if held else [])

    def _strict(self, seen: str) -> list[FindingDecision]:
        """The strict findings of ``seen`` (the text already sent, then the held text) that
        reach into the held text, in its offsets (one that began in what was sent starts at
        0)."""
        base = len(self.sent)
        out = []
        for d in self.check(seen):
            f = d.finding
            if f.end <= base:
                continue  # all of it out already: nothing left to hold or redact
            moved = replace(f, start=max(0, f.start - base), end=f.end - base)
            out.append(replace(d, finding=moved))
        return out

    def _emit(self, cut: int, strict: list[FindingDecision]) -> str:
        head, self.pending = self.pending[:cut], self.pending[cut:]
        if self.context:
            self.sent = (self.sent + head)[-self.context :]
        inside = [d for d in strict if d.finding.end <= cut]
        self.redacted.update(d.finding.entity for d in inside)
        return Transformer(None).transform(head, inside, "").text if inside else head


class GuardedRestorer:
    """Output policy first, then placeholder restore: one streamed field's whole path."""

    def __init__(self, guard: StreamGuard, restorer: TextRestorer) -> None:
        self.guard, self.restorer = guard, restorer

    def feed(self, chunk: str) -> str:
        """Checked and restored text safe to emit now."""
        return self.restorer.feed(self.guard.feed(chunk))

    def flush(self) -> str:
        """The rest, at the end of the field."""
        return self.restorer.feed(self.guard.flush()) + self.restorer.flush()


def strict_findings(
    scan: Callable[[str], list[Finding]],
    decide: Callable[[Sequence[Finding], str], Decision],
    prescan: Callable[[str], list[Finding]] | None = None,
) -> Callable[[str], list[FindingDecision]]:
    """A ``check(text)``: the findings in ``text`` the policy redacts or blocks.

    ``prescan`` (optional) runs first: a scan by the detectors of the entity types the policy
    could redact or block here (:meth:`~annexa.detect.scanner.Scanner.only`). When it finds
    nothing, ``scan`` would find nothing the policy redacts or blocks either, and is skipped;
    otherwise ``scan`` decides, so the result is the same as without it, at a fraction of
    the cost for the answers that hold nothing forbidden."""

    def check(text: str) -> list[FindingDecision]:
        if prescan is not None and not prescan(text):
            return []
        findings = scan(text)
        if not findings:
            return []
        return [d for d in decide(findings, text).findings if d.action in STRICT]

    return check
