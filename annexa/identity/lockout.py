"""Account lockout after repeated failed sign-ins, shared by every replica (A.8.5).

A counter per user name, known or not (so a lock tells nothing about which names exist): the
``threshold``-th failure in a row locks the name for ``cooldown_s`` seconds; failures older than
the cool-down are forgotten; a successful sign-in clears the counter. Names are kept as a
SHA-256 of the lower-cased name, never in clear.

Two stores with the same behaviour: :class:`DatabaseLockout` (the default: every replica on
the same database shares it; the increment is a single atomic UPDATE) and
:class:`RedisLockout` (``identity.redis_url``: INCR with an expiry, the lock a key with a TTL).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

import redis
from sqlalchemy import case, delete, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from annexa.identity.tables import LOGIN_FAILURES

__all__ = ["DatabaseLockout", "Failure", "Lockout", "LockoutOptions", "RedisLockout", "subject_of"]


def subject_of(name: str) -> str:
    """The counter's key for a user name."""
    return hashlib.sha256(name.strip().lower().encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class LockoutOptions:
    """How many failures lock a name, and for how long."""

    threshold: int = 10
    cooldown_s: int = 900


@dataclass(frozen=True, slots=True)
class Failure:
    """A failure just counted: how many in a row, and the lock's end if this one locked."""

    failures: int
    locked_until: datetime | None


class Lockout(Protocol):
    """A shared failed-sign-in counter."""

    options: LockoutOptions

    def locked_until(self, name: str) -> datetime | None:
        """When the lock on ``name`` ends; None when it is not locked."""

    def fail(self, name: str) -> Failure:
        """Count a failure for ``name``; lock it at the threshold."""

    def clear(self, name: str) -> None:
        """Forget ``name``'s failures (a successful sign-in, an admin unlock)."""


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


class DatabaseLockout:
    """The counter in the ``login_failures`` table."""

    def __init__(self, engine: Engine, options: LockoutOptions | None = None) -> None:
        self.engine = engine
        self.options = options or LockoutOptions()

    def locked_until(self, name: str) -> datetime | None:
        """When the lock on ``name`` ends; None when it is not locked."""
        with self.engine.connect() as conn:
            until = conn.execute(
                select(LOGIN_FAILURES.c.locked_until).where(
                    LOGIN_FAILURES.c.subject == subject_of(name)
                )
            ).scalar_one_or_none()
        if until is None or until <= _iso(_now()):
            return None
        return datetime.fromisoformat(until)

    def fail(self, name: str) -> Failure:
        """Count a failure (atomically, whatever other replicas do); lock at the threshold."""
        subject, now = subject_of(name), _now()
        stale = _iso(now - timedelta(seconds=self.options.cooldown_s))
        table = LOGIN_FAILURES
        bump = (
            update(table)
            .where(table.c.subject == subject)
            .values(
                failures=case((table.c.last_failure_at < stale, 1), else_=table.c.failures + 1),
                last_failure_at=_iso(now),
            )
        )
        with self.engine.begin() as conn:
            if conn.execute(bump).rowcount == 0:
                try:
                    with conn.begin_nested():
                        conn.execute(
                            table.insert().values(
                                subject=subject, failures=1, last_failure_at=_iso(now)
                            )
                        )
                except IntegrityError:  # another replica inserted it first
                    conn.execute(bump)
            failures = int(
                conn.execute(
                    select(table.c.failures).where(table.c.subject == subject)
                ).scalar_one()
            )
            until = None
            if failures >= self.options.threshold:
                until = now + timedelta(seconds=self.options.cooldown_s)
                conn.execute(
                    update(table)
                    .where(table.c.subject == subject)
                    .values(locked_until=_iso(until), failures=0)
                )
        return Failure(failures, until)

    def clear(self, name: str) -> None:
        """Forget ``name``'s failures and lock."""
        with self.engine.begin() as conn:
            conn.execute(delete(LOGIN_FAILURES).where(LOGIN_FAILURES.c.subject == subject_of(name)))


class RedisLockout:
    """The counter in Redis: ``<prefix>:f:<subject>`` (INCR, expiring) and ``<prefix>:l:…``."""

    def __init__(
        self,
        client: redis.Redis[bytes],
        options: LockoutOptions | None = None,
        prefix: str = "annexa:lockout",
    ) -> None:
        self.client = client
        self.options = options or LockoutOptions()
        self.prefix = prefix

    @classmethod
    def from_url(cls, url: str, options: LockoutOptions | None = None) -> RedisLockout:
        """A lockout on the Redis server at ``url``."""
        return cls(redis.Redis.from_url(url), options)

    def _keys(self, name: str) -> tuple[str, str]:
        subject = subject_of(name)
        return f"{self.prefix}:f:{subject}", f"{self.prefix}:l:{subject}"

    def locked_until(self, name: str) -> datetime | None:
        """When the lock on ``name`` ends; None when it is not locked."""
        _, lock = self._keys(name)
        value = self.client.get(lock)
        if value is None:
            return None
        return datetime.fromisoformat(value.decode() if isinstance(value, bytes) else str(value))

    def fail(self, name: str) -> Failure:
        """Count a failure (INCR is atomic across replicas); lock at the threshold."""
        counter, lock = self._keys(name)
        cooldown = self.options.cooldown_s
        pipe = self.client.pipeline()
        pipe.incr(counter)
        pipe.expire(counter, cooldown)
        failures = int(pipe.execute()[0])
        until = None
        if failures >= self.options.threshold:
            until = _now() + timedelta(seconds=cooldown)
            pipe = self.client.pipeline()
            pipe.set(lock, _iso(until), ex=cooldown)
            pipe.delete(counter)
            pipe.execute()
        return Failure(failures, until)

    def clear(self, name: str) -> None:
        """Forget ``name``'s failures and lock."""
        self.client.delete(*self._keys(name))
