"""A child process for the kill -9 test: appends under load, prints each acknowledged append.

Usage: ``python -m tests.audit.crash_writer DB_URL DATA_DIR`` (the checkpoint key sealed by the
development file master key in DATA_DIR, the default mode). A line ``ack <request id>`` is printed
(and flushed) only after ``AuditLog.append`` returned, i.e. after the commit.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from annexa.audit.interface import Actor, AuditEvent
from annexa.audit.signing import checkpoint_signer
from annexa.audit.store import AuditLog, AuditOptions, audit_engine
from tests.audit.conftest import settings_for_log


def main() -> None:
    """Append forever from 16 threads until killed."""
    url, data_dir = sys.argv[1], Path(sys.argv[2])
    engine = audit_engine(url)
    signer = checkpoint_signer(settings_for_log(data_dir, url), engine)
    log = AuditLog(engine, signer, AuditOptions(checkpoint_every=50))
    lock = threading.Lock()
    actor = Actor(kind="service", id="crash-test")

    def worker(w: int) -> None:
        i = 0
        while True:
            rid = f"w{w}-{i}"
            log.append(AuditEvent(name="ai-request", actor=actor, outcome="success",
                                  request_id=rid, details={"n": i}))  # fmt: skip
            with lock:
                sys.stdout.write(f"ack {rid}\n")
                sys.stdout.flush()
            i += 1

    for w in range(16):
        threading.Thread(target=worker, args=(w,), daemon=True).start()
    threading.Event().wait()


if __name__ == "__main__":
    main()
