"""Audit log figures: durable appends/s (SQLite, PostgreSQL) with concurrent writers, verify/s.

Targets (issue 4): ≥ 5,000 appends/s on SQLite, ≥ 3,000 on PostgreSQL, ≥ 200,000 events/s
verified. Run: ``.venv/bin/python bench/audit.py [--writers 256] [--events 20000]`` (the writers
stand for requests in flight at the gateway; each waits for its own commit).
PostgreSQL is measured when it answers on 127.0.0.1:5432 (a scratch database is created and
dropped).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psycopg

from annexa.audit.checkpoint import FileCheckpointSigner
from annexa.audit.events import AIRequest, make_event
from annexa.audit.interface import Actor
from annexa.audit.store import AuditLog, AuditOptions, audit_engine
from annexa.audit.verify import verify_database
from annexa.db import database_url, upgrade

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def _event(i: int) -> object:
    details = AIRequest(
        provider="openai", model="gpt-4o-mini", decision="redact", policy_version="sha256:0f3a",
        status=200, rule="pii-redact", entities={"EMAIL_ADDRESS": 1 + i % 3, "IBAN": i % 2},
        tokens_in=120, tokens_out=380, latency_ms=420,
    )  # fmt: skip
    actor = Actor(kind="key", id=f"vk_{i % 50}", role="member")
    return make_event(details, actor, "success", request_id=f"req-{i}", source_ip="10.1.2.3")


def bench_appends(
    url: str, signer: FileCheckpointSigner, writers: int, events: int
) -> tuple[float, float]:
    """Appends/s with ``writers`` threads appending ``events`` in all: wall clock, and per CPU
    second of this process (all threads)."""
    engine = audit_engine(url)
    upgrade(engine)
    log = AuditLog(engine, signer, AuditOptions(checkpoint_every=1000))
    per = events // writers
    prepared = [[_event(w * per + i) for i in range(per)] for w in range(writers)]

    def run(batch: list[object]) -> None:
        for ev in batch:
            log.append(ev)  # type: ignore[arg-type]

    threads = [threading.Thread(target=run, args=(b,)) for b in prepared]
    start, cpu = time.perf_counter(), time.process_time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed, cpu_used = time.perf_counter() - start, time.process_time() - cpu
    log.close()
    return per * writers / elapsed, per * writers / cpu_used


def bench_verify(url: str, signer: FileCheckpointSigner) -> tuple[int, float, float]:
    """Events/s verified over the whole log at ``url``: wall clock, and per CPU second of this
    process (the figure on an unloaded core; the bench machine is shared)."""
    engine = audit_engine(url, reader=True)
    start, cpu = time.perf_counter(), time.process_time()
    report = verify_database(engine, signer.public_key_bytes())
    elapsed, cpu_used = time.perf_counter() - start, time.process_time() - cpu
    engine.dispose()
    assert report.ok, report.first_problem()
    return report.records, report.records / elapsed, report.records / cpu_used


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--writers", type=int, default=256)
    parser.add_argument("--events", type=int, default=20_000)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        signer = FileCheckpointSigner.load_or_create(Path(tmp) / "k.pem")
        url = database_url(Path(tmp))
        rate, per_cpu = bench_appends(url, signer, args.writers, args.events)
        print(f"sqlite     appends/s (durable, {args.writers} writers): {rate:,.0f} wall, "
              f"{per_cpu:,.0f} per CPU-second  target 5,000")  # fmt: skip
        for _ in range(4):  # a bigger log for the verify figure
            bench_appends(url, signer, args.writers, args.events)
        n, vrate, vcpu = bench_verify(url, signer)
        print(f"sqlite     verify events/s ({n:,} events): {vrate:,.0f} wall, {vcpu:,.0f} per "
              "CPU-second  target 200,000")  # fmt: skip
        try:
            conn = psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=2)
        except psycopg.OperationalError:
            print("postgresql: not answering on 127.0.0.1:5432, skipped")
            return
        name = f"annexa_bench_{uuid.uuid4().hex[:8]}"
        conn.execute(f'CREATE DATABASE "{name}"')
        try:
            pg = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
            rate, per_cpu = bench_appends(pg, signer, args.writers, args.events)
            print(f"postgresql appends/s (durable, {args.writers} writers): {rate:,.0f} wall, "
                  f"{per_cpu:,.0f} per CPU-second  target 3,000")  # fmt: skip
            n, vrate, vcpu = bench_verify(pg, signer)
            print(f"postgresql verify events/s ({n:,} events): {vrate:,.0f} wall, {vcpu:,.0f} "
                  "per CPU-second")  # fmt: skip
        finally:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.close()


if __name__ == "__main__":
    main()
