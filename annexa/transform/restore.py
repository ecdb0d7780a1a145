"""Restore pseudonyms in a model's answer, whole or streamed.

Only pseudonyms of the caller's scope are restored: first from the map the request's own
:class:`~annexa.transform.pseudonymize.Transformed` produced (no database round trip), then, for
placeholders, from the vault. A placeholder nobody issued, or issued for another scope, is left
as it is. Surrogates (realistic look-alikes) are restored where they stand as whole words.

:class:`StreamRestorer` emits everything it can at once and holds back only a tail that could
still become a pseudonym (a placeholder's beginning, at most :data:`MAX_PLACEHOLDER_LEN` - 1
characters, or a surrogate's), so any chunking of an answer restores to exactly what
:func:`restore` gives for the whole answer.

``escape`` quotes values for the context they land in, e.g. ``json_escape`` when restoring
inside the raw JSON of streamed tool-call arguments.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Mapping

from annexa.transform.placeholders import (
    MAX_PLACEHOLDER_LEN,
    PLACEHOLDER,
    is_placeholder_prefix,
)
from annexa.transform.vault import Vault

__all__ = ["StreamRestorer", "json_escape", "restore"]

Escape = Callable[[str], str]


def json_escape(value: str) -> str:
    """A value as it must appear inside a JSON string literal (without the quotes)."""
    return json.dumps(value, ensure_ascii=False)[1:-1]


@functools.lru_cache(maxsize=256)
def _pattern(surrogates: tuple[str, ...]) -> re.Pattern[str]:
    """Placeholders, or any of ``surrogates`` standing as whole words (longest first)."""
    if not surrogates:
        return PLACEHOLDER
    alt = "|".join(re.escape(s) for s in sorted(surrogates, key=lambda s: (-len(s), s)))
    return re.compile(rf"{PLACEHOLDER.pattern}|(?<!\w)(?:{alt})(?!\w)")


def _surrogates(known: Mapping[str, str]) -> tuple[str, ...]:
    return tuple(sorted(k for k in known if not PLACEHOLDER.fullmatch(k)))


def restore(
    text: str,
    vault: Vault | None,
    scope: str,
    known: Mapping[str, str] | None = None,
    escape: Escape | None = None,
) -> str:
    """``text`` with every pseudonym of ``scope`` replaced by its original value."""
    known = known or {}
    return _restore_from(text, 0, vault, scope, known, _pattern(_surrogates(known)), escape)


def _restore_from(
    text: str,
    start: int,
    vault: Vault | None,
    scope: str,
    known: Mapping[str, str],
    pattern: re.Pattern[str],
    escape: Escape | None,
) -> str:
    """Restore ``text[start:]``; ``text[:start]`` is context for the word-boundary check only."""
    matches = list(pattern.finditer(text, start))
    if not matches:
        return text[start:]
    values = _resolve(matches, vault, scope, known)
    out: list[str] = []
    pos = start
    for m in matches:
        value = values.get(m[0])
        out += [
            text[pos : m.start()],
            m[0] if value is None else (escape(value) if escape else value),
        ]
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def _resolve(
    matches: list[re.Match[str]], vault: Vault | None, scope: str, known: Mapping[str, str]
) -> dict[str, str]:
    values = {m[0]: known[m[0]] for m in matches if m[0] in known}
    missing = {m[0]: (m[1], m[2]) for m in matches if m[0] not in values and m[1]}
    if missing and vault is not None:
        stored = vault.lookup(scope, [token for _, token in missing.values()])
        for ph, (entity, token) in missing.items():
            hit = stored.get(token)
            if hit is not None and hit[0] == entity:
                values[ph] = hit[1]
    return values


class StreamRestorer:
    """Restores one streamed answer chunk by chunk. One per response; not thread-safe."""

    def __init__(
        self,
        vault: Vault | None,
        scope: str,
        known: Mapping[str, str] | None = None,
        escape: Escape | None = None,
    ) -> None:
        self._vault, self._scope, self._escape = vault, scope, escape
        self._known = dict(known or {})
        surrogates = _surrogates(self._known)
        self._pattern = _pattern(surrogates)
        self._prefixes = frozenset(s[:i] for s in surrogates for i in range(1, len(s) + 1))
        self._window = max([MAX_PLACEHOLDER_LEN - 1, *map(len, surrogates)])
        self._first = frozenset(s[0] for s in surrogates) | {"["}
        self._held = ""
        self._last = ""  # the last character emitted: context for whole-word matches

    def feed(self, chunk: str) -> str:
        """Restored text that is safe to emit now."""
        if not self._held and self._first.isdisjoint(chunk):
            return self._emit(chunk, chunk)  # nothing here can be or start a pseudonym
        buf = self._held + chunk
        cut = self._hold_from(buf)
        self._held = buf[cut:]
        return self._emit(buf[:cut], None)

    def flush(self) -> str:
        """Everything still held back (the answer ended)."""
        rest, self._held = self._held, ""
        return self._emit(rest, None)

    def _emit(self, raw: str, done: str | None) -> str:
        if not raw:
            return ""
        if done is None:
            ctx = self._last + raw
            done = _restore_from(
                ctx,
                len(self._last),
                self._vault,
                self._scope,
                self._known,
                self._pattern,
                self._escape,
            )
        self._last = raw[-1]
        return done

    def _hold_from(self, buf: str) -> int:
        """Index of the earliest tail of ``buf`` that could still grow into a pseudonym."""
        for i in range(max(0, len(buf) - self._window), len(buf)):
            if buf[i] not in self._first:
                continue
            tail = buf[i:]
            if tail[0] == "[" and is_placeholder_prefix(tail):
                return i
            before = buf[i - 1] if i else self._last
            if tail in self._prefixes and not (before.isalnum() or before == "_"):
                return i
        return len(buf)
