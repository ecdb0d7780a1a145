"""Per-step CPU of the gateway's request path, for ``bench.profile_gateway --steps``.

Python imports ``sitecustomize`` at start-up from the first directory of ``PYTHONPATH`` that
holds one; ``bench/profile_gateway.py --steps`` puts this directory there for the server it
starts and names a file in ``ANNEXA_STEPS_FILE``. Then each step below is wrapped to add the
CPU time of the thread that runs it (``time.thread_time_ns``: no time spent waiting for the GIL
or for I/O) and how often it ran, and the totals are written to that file as JSON every second.
The steps run on worker threads and the audit writer's, so a step's time is its own; the event
loop's share (HTTP, JSON, the upstream client) is what ``threads, ms/req`` shows for it.

Nothing happens without ``ANNEXA_STEPS_FILE``.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

_FILE = os.environ.get("ANNEXA_STEPS_FILE")
# The steps in the order of a request (the indented ones are parts of the one above them)
LABELS = (
    "prepare (all of it)",
    "  authenticate",
    "  parse",
    "  route",
    "  supplier register",
    "  scan",
    "  decide",
    "  transform (vault)",
    "ai-request event",
    "audit commits",
    "answer (all of it)",
    "  output policy",
    "  restore",
    "  ai-response event",
)
_TOTALS: dict[str, list[int]] = {}
_LOCK = threading.Lock()


def _wrap(owner: Any, name: str, label: str) -> None:
    fn: Callable[..., Any] = getattr(owner, name)

    @functools.wraps(fn)
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.thread_time_ns()
        try:
            return fn(*args, **kwargs)
        finally:
            spent = time.thread_time_ns() - start
            with _LOCK:
                total = _TOTALS.setdefault(label, [0, 0])
                total[0] += spent
                total[1] += 1

    setattr(owner, name, timed)


def _install() -> None:
    from annexa import gateway  # noqa: PLC0415 - only in the server under measurement
    from annexa.audit.store import AuditLog  # noqa: PLC0415
    from annexa.forward.answer import AnswerPath  # noqa: PLC0415
    from annexa.forward.trail import Trail  # noqa: PLC0415
    from annexa.identity.apikeys import ApiKeyStore  # noqa: PLC0415
    from annexa.isms.gate import RegisterGate  # noqa: PLC0415

    steps: tuple[tuple[Any, str], ...] = (
        (gateway.Gateway, "_prepare"),
        (ApiKeyStore, "authenticate"),
        (gateway, "parse"),
        (gateway.Gateway, "_route"),
        (RegisterGate, "vet"),
        (gateway.Gateway, "_scan"),
        (gateway.Gateway, "_decide"),
        (gateway.Gateway, "_transform"),
        (Trail, "request_event"),
        (AuditLog, "_commit"),
        (gateway.Gateway, "_answered"),
        (AnswerPath, "check"),
        (AnswerPath, "restore"),
        (Trail, "response_event"),
    )
    for (owner, name), label in zip(steps, LABELS, strict=True):
        _wrap(owner, name, label)

    def write() -> None:
        while True:
            time.sleep(1.0)
            with _LOCK:
                snapshot = {k: list(v) for k, v in _TOTALS.items()}
            tmp = f"{_FILE}.tmp"
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump(snapshot, f)
            os.replace(tmp, str(_FILE))

    threading.Thread(target=write, name="steps-writer", daemon=True).start()


if _FILE:
    try:
        _install()
    except Exception as exc:  # a renamed step: say so, measure the rest without it
        print(f"bench steps: not installed ({type(exc).__name__}: {exc})", file=sys.stderr)
