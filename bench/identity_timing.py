"""Sign-in timing: does a failure take as long for an unknown user as for a wrong password?

Prints the median and spread of failed sign-ins (default argon2id parameters, SQLite, database
lockout) for three cases: a known user with a wrong password, an unknown user, a locked name.
Comparable medians mean the timing does not tell which user names exist.

    .venv/bin/python bench/identity_timing.py [rounds]
"""

from __future__ import annotations

import contextlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

from annexa.audit.interface import Actor
from annexa.db import database_url, make_engine, upgrade
from annexa.identity.accounts import Accounts
from annexa.identity.lockout import DatabaseLockout, LockoutOptions
from annexa.identity.service import SignIn, SignInFailed
from annexa.identity.sessions import SessionStore
from annexa.identity.users import UserRecords
from annexa.keys.envelope import SecretBox
from annexa.keys.file import LocalFileProvider


class NullSink:
    """Drops events (the audit log's own cost is measured elsewhere)."""

    def append(self, event: object) -> None:
        return None


def failed(sign_in: SignIn, name: str, password: str) -> float:
    start = time.perf_counter()
    with contextlib.suppress(SignInFailed):
        sign_in.login(name, password)
    return time.perf_counter() - start


def main(rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(database_url(Path(tmp)))
        upgrade(engine)
        sessions = SessionStore(engine)
        box = SecretBox(LocalFileProvider(Path(tmp) / "keys.json", development=True))
        lockout = DatabaseLockout(engine, LockoutOptions(threshold=10**6))
        sign_in = SignIn(UserRecords(engine), lockout, sessions, box, NullSink())
        Accounts(UserRecords(engine), sessions, NullSink()).create(
            "mia", "member", Actor(kind="service", id="bench"), "violet tram kettle orbit"
        )
        locked = DatabaseLockout(engine, LockoutOptions(threshold=1))
        locked.fail("lou")
        cases = {
            "wrong password": ("mia", "wrong password here"),
            "unknown user": ("nobody", "wrong password here"),
            "locked name": ("lou", "wrong password here"),
        }
        for label, (name, password) in cases.items():
            times = sorted(failed(sign_in, name, password) for _ in range(rounds))
            median = statistics.median(times) * 1000
            q1, q3 = (t * 1000 for t in statistics.quantiles(times, n=4)[::2])
            print(f"{label:15s} median {median:6.1f} ms  (quartiles {q1:6.1f}-{q3:6.1f} ms)")
        engine.dispose()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
