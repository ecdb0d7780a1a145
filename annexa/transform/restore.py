"""Restore placeholders in a model's answer, whole or streamed.

Only placeholders of the caller's scope are restored: first from the map the request's own
:class:`~annexa.transform.pseudonymize.Transformed` produced (no database round trip), then from
the vault. A placeholder nobody issued, or issued for another scope, is left as it is.

:class:`StreamRestorer` emits everything it can at once and holds back only a tail that could
still become a placeholder (at most :data:`MAX_PLACEHOLDER_LEN` - 1 characters), so any chunking
of an answer restores to exactly what :func:`restore` gives for the whole answer.

``escape`` quotes values for the context they land in, e.g. ``json_escape`` when restoring
inside the raw JSON of streamed tool-call arguments.
"""

from __future__ import annotations

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


def restore(
    text: str,
    vault: Vault | None,
    scope: str,
    known: Mapping[str, str] | None = None,
    escape: Escape | None = None,
) -> str:
    """``text`` with every placeholder of ``scope`` replaced by its original value."""
    found = {m[0]: (m[1], m[2]) for m in PLACEHOLDER.finditer(text)}
    if not found:
        return text
    values = _resolve(found, vault, scope, known or {})
    if not values:
        return text

    def sub(m: re.Match[str]) -> str:
        value = values.get(m[0])
        if value is None:
            return m[0]
        return escape(value) if escape else value

    return PLACEHOLDER.sub(sub, text)


def _resolve(
    found: Mapping[str, tuple[str, str]],
    vault: Vault | None,
    scope: str,
    known: Mapping[str, str],
) -> dict[str, str]:
    values = {ph: known[ph] for ph in found if ph in known}
    missing = {ph: et for ph, et in found.items() if ph not in values}
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
        self._held = ""

    def feed(self, chunk: str) -> str:
        """Restored text that is safe to emit now."""
        if not self._held and "[" not in chunk:
            return chunk  # the common case: nothing here can be or start a placeholder
        buf = self._held + chunk
        cut = _hold_from(buf)
        self._held = buf[cut:]
        return self._restore(buf[:cut])

    def flush(self) -> str:
        """Everything still held back (the answer ended)."""
        rest, self._held = self._held, ""
        return self._restore(rest)

    def _restore(self, text: str) -> str:
        return restore(text, self._vault, self._scope, self._known, self._escape) if text else ""


def _hold_from(buf: str) -> int:
    """Index of the earliest tail of ``buf`` that could still grow into a placeholder."""
    start = max(0, len(buf) - MAX_PLACEHOLDER_LEN + 1)
    i = buf.find("[", start)
    while i != -1:
        if is_placeholder_prefix(buf[i:]):
            return i
        i = buf.find("[", i + 1)
    return len(buf)
