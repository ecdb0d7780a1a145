"""Figures for the policy engine and the transforms (pure core, no I/O): per-call costs.

Run: ``.venv/bin/python -m bench.policy_transform [--n 20000]``. Prints microseconds per
decision (10 findings, the starter policy), per transform of a 1 KB text with 10 spans (in-memory
vault), per whole-answer restore and per streamed answer fed in 4-character chunks.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from pathlib import Path

from annexa.detect.interface import Finding
from annexa.policy.interface import Principal, Target
from annexa.policy.loader import load_policy
from annexa.transform.pseudonymize import Transformer
from annexa.transform.restore import StreamRestorer, restore
from annexa.transform.vault import AesGcmCipher, MemoryVaultStore, Vault

ROOT = Path(__file__).resolve().parents[1]
ENTITIES = ["EMAIL_ADDRESS", "PERSON", "PHONE_NUMBER", "CREDIT_CARD", "SECRET", "CUSTOMER", "URL"]


def per_call(fn: Callable[[], object], n: int) -> float:
    """Mean microseconds per call over ``n`` calls."""
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20_000)
    n = parser.parse_args().n
    policy = load_policy(ROOT / "examples" / "policy.yaml")
    text = ("Lorem ipsum dolor sit amet, value0123456789 consectetur adipiscing elit. " * 14)[:1000]
    findings = [
        Finding(ENTITIES[i % len(ENTITIES)], i * 95 + 27, i * 95 + 43, 0.9, "b") for i in range(10)
    ]
    who, where = Principal("u1", "Ann", "user", "member"), Target("openai", "gpt-4o")
    decision = policy.decide(findings, who, where, text=text)
    report("decide, 10 findings", per_call(lambda: policy.decide(findings, who, where), n))
    vault = Vault(MemoryVaultStore(), AesGcmCipher(os.urandom(32)), os.urandom(32))
    t = Transformer(vault)
    done = t.transform(text, decision.findings, "u1")
    again = per_call(lambda: t.transform(text, decision.findings, "u1"), n // 4)
    report("transform 1 KB, 10 spans (vault rows fresh)", again)
    answer = " ".join([*done.placeholders, text])
    report(
        "restore 1 KB answer", per_call(lambda: restore(answer, vault, "u1", done.placeholders), n)
    )
    chunks = [answer[i : i + 4] for i in range(0, len(answer), 4)]

    def stream() -> None:
        r = StreamRestorer(vault, "u1", done.placeholders)
        for c in chunks:
            r.feed(c)
        r.flush()

    report(f"stream restore, {len(chunks)} chunks of 4 chars", per_call(stream, max(1, n // 20)))


def report(what: str, micros: float) -> None:
    """One figure per line."""
    print(f"{what:<48} {micros:9.1f} µs")


if __name__ == "__main__":
    main()
