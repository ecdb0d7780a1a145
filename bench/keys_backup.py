"""Figures for keys and backups: envelope seal/open per second, backup create / verify / restore
times and throughput on SQLite (and PostgreSQL when it answers on 127.0.0.1:5432).

Run: ``.venv/bin/python bench/keys_backup.py [--rows 200000] [--seals 20000]``. Bounded: the
database is about 110 bytes x rows; a scratch PostgreSQL database is created and dropped.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import uuid
from pathlib import Path

import psycopg
from sqlalchemy import Column, Integer, MetaData, String, Table, insert

from annexa.backup import create_backup, restore_backup, verify_backup
from annexa.db import database_url, make_engine, upgrade
from annexa.keys.envelope import Binding, SecretBox
from annexa.keys.file import LocalFileProvider

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
ROWS = Table(
    "bench_rows", MetaData(), Column("id", Integer, primary_key=True), Column("note", String(200))
)


def bench_envelope(tmp: Path, seals: int) -> None:
    """Seal/open of 200-byte values with a fresh data key each, and with reuse 1000."""
    provider = LocalFileProvider(tmp / "keys.json", development=True)
    value = os.urandom(200)
    for reuse in (1, 1000):
        box = SecretBox(provider, dek_reuse=reuse)
        start = time.perf_counter()
        sealed = [box.seal(value, Binding("t", "c", str(i))) for i in range(seals)]
        seal_s = time.perf_counter() - start
        box.forget()
        start = time.perf_counter()
        for i, s in enumerate(sealed):
            box.open(s, Binding("t", "c", str(i)))
        open_s = time.perf_counter() - start
        print(
            f"envelope (file provider, dek_reuse={reuse}): {seals / seal_s:,.0f} seals/s, "
            f"{seals / open_s:,.0f} opens/s (cold cache)"
        )


def bench_backup(label: str, url: str, tmp: Path, rows: int, pg_server: str | None) -> None:
    """Fill, back up, verify (restore test) and restore; print times and MB/s."""
    engine = make_engine(url)
    upgrade(engine)
    ROWS.create(engine)
    with engine.begin() as conn:
        for start in range(0, rows, 20_000):
            batch = range(start, min(rows, start + 20_000))
            conn.execute(insert(ROWS), [{"id": i, "note": f"row {i} " + "x" * 90} for i in batch])
    provider = LocalFileProvider(tmp / "keys.json", development=True)
    t0 = time.perf_counter()
    directory, manifest = create_backup(engine, url, provider, tmp / f"out-{label}")
    create_s = time.perf_counter() - t0
    mb = manifest.plain_size / 1e6
    result, _ = verify_backup(directory, provider, rto_seconds=900, pg_server_url=pg_server)
    t0 = time.perf_counter()
    engine.dispose()
    restore_backup(directory, provider, url, confirm=True)
    restore_s = time.perf_counter() - t0
    engine.dispose()
    print(
        f"backup {label}: {rows:,} rows, dump {mb:.1f} MB -> {manifest.payload_size / 1e6:.1f} MB "
        f"encrypted; create {create_s:.2f} s ({mb / create_s:.1f} MB/s); verify (restore test "
        f"with checks) {result.restore_seconds:.2f} s, passed={result.passed}; "
        f"restore {restore_s:.2f} s"
    )


def main() -> None:
    """Run the benches with the given sizes."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--seals", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        bench_envelope(tmp, args.seals)
        bench_backup("sqlite", database_url(tmp / "data"), tmp, args.rows, None)
        try:
            admin = psycopg.connect(PG_ADMIN, autocommit=True)
        except psycopg.OperationalError:
            print("PostgreSQL does not answer: skipped")
            return
        name = f"annexa_bench_{uuid.uuid4().hex[:8]}"
        with admin:
            admin.execute(f'CREATE DATABASE "{name}"')
            url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
            try:
                bench_backup("postgresql", url, tmp, args.rows, url)
            finally:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
