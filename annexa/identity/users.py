"""Users, minimal: enough for ``annexa init`` to create the first admin with a one-time password.

Passwords are stored only as argon2id hashes (argon2-cffi's defaults follow RFC 9106's
recommendations); the identity issue adds sign-in, MFA, lockout and sessions on this table.
"""

from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from sqlalchemy import func, select, update
from sqlalchemy.engine import Engine

from annexa.errors import InputError
from annexa.identity.apikeys import now
from annexa.identity.tables import USERS

__all__ = ["User", "UserRecords", "UserStore", "to_user"]


class UserStore:
    """Create users; check whether any exist."""

    def __init__(self, engine: Engine, hasher: PasswordHasher | None = None) -> None:
        self.engine = engine
        self.hasher = hasher or PasswordHasher()

    def count(self) -> int:
        """How many users exist."""
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(USERS)).scalar_one())

    def create_with_one_time_password(self, name: str, role: str) -> tuple[str, str]:
        """A user who must change the returned password at first sign-in; ``(id, password)``."""
        if not name:
            raise InputError("a user needs a name")
        password = secrets.token_urlsafe(18)
        user_id = uuid.uuid4().hex
        with self.engine.begin() as conn:
            conn.execute(
                USERS.insert().values(
                    id=user_id,
                    name=name,
                    role=role,
                    password_hash=self.hasher.hash(password),
                    must_change_password=True,
                    created_at=now(),
                )
            )
        return user_id, password

    def verify_password(self, name: str, password: str) -> bool:
        """True when ``password`` is ``name``'s (for tests and the future sign-in)."""
        with self.engine.connect() as conn:
            stored = conn.execute(
                select(USERS.c.password_hash).where(USERS.c.name == name)
            ).scalar_one_or_none()
        if stored is None:
            return False
        try:
            return self.hasher.verify(stored, password)
        except Exception:  # argon2 raises VerifyMismatchError / InvalidHashError
            return False


# -- sign-in state (identity issue, part 1) ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class User:
    """A user as the sign-in flow sees it (no hash, no secret)."""

    id: str
    name: str
    role: str
    disabled: bool
    must_change_password: bool
    mfa_enrolled: bool
    recovery_codes_left: int
    created_at: str


def to_user(row: Mapping[str, Any]) -> User:
    """A :class:`User` from a ``users`` row."""
    codes = json.loads(row["recovery_codes"]) if row["recovery_codes"] else []
    return User(
        id=str(row["id"]),
        name=str(row["name"]),
        role=str(row["role"]),
        disabled=bool(row["disabled"]),
        must_change_password=bool(row["must_change_password"]),
        mfa_enrolled=row["mfa_enrolled_at"] is not None,
        recovery_codes_left=len(codes),
        created_at=str(row["created_at"]),
    )


class UserRecords:
    """Read and change ``users`` rows: the storage under :mod:`annexa.identity.service`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def row(self, name: str) -> dict[str, Any] | None:
        """The full row of user ``name`` (case-insensitive), or None."""
        with self.engine.connect() as conn:
            found = conn.execute(
                select(USERS).where(func.lower(USERS.c.name) == name.strip().lower())
            ).one_or_none()
        return None if found is None else found._asdict()

    def row_by_id(self, user_id: str) -> dict[str, Any] | None:
        """The full row of the user with ``user_id``, or None."""
        with self.engine.connect() as conn:
            found = conn.execute(select(USERS).where(USERS.c.id == user_id)).one_or_none()
        return None if found is None else found._asdict()

    def list(self) -> list[User]:
        """Every user, by name."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(USERS).order_by(USERS.c.name))
            return [to_user(r._asdict()) for r in rows]

    def insert(self, name: str, role: str, password_hash: str, *, must_change: bool) -> str:
        """A new user row; its id. :class:`InputError` when the name is taken."""
        if self.row(name) is not None:
            raise InputError(f"a user named {name!r} already exists")
        user_id = uuid.uuid4().hex
        with self.engine.begin() as conn:
            conn.execute(
                USERS.insert().values(
                    id=user_id,
                    name=name.strip(),
                    role=role,
                    password_hash=password_hash,
                    must_change_password=must_change,
                    created_at=now(),
                    disabled=False,
                )
            )
        return user_id

    def update(self, user_id: str, **values: Any) -> None:
        """Set columns of one user; :class:`InputError` when there is no such user."""
        with self.engine.begin() as conn:
            done = conn.execute(update(USERS).where(USERS.c.id == user_id).values(**values))
        if done.rowcount != 1:
            raise InputError(f"no user with id {user_id!r}")

    def advance_mfa_step(self, user_id: str, step: int) -> bool:
        """Record ``step`` as the last TOTP step used, only if it is later than the stored
        one (atomic: of two replicas given the same code, one wins)."""
        column = USERS.c.mfa_last_step
        with self.engine.begin() as conn:
            done = conn.execute(
                update(USERS)
                .where(USERS.c.id == user_id, (column.is_(None)) | (column < step))
                .values(mfa_last_step=step)
            )
        return done.rowcount == 1

    def replace_recovery_codes(self, user_id: str, old: str | None, new: str) -> bool:
        """Swap the recovery-code list only if it is still ``old`` (atomic: a code used on
        two replicas at once works on one)."""
        column = USERS.c.recovery_codes
        match = column.is_(None) if old is None else column == old
        with self.engine.begin() as conn:
            done = conn.execute(
                update(USERS).where(USERS.c.id == user_id, match).values(recovery_codes=new)
            )
        return done.rowcount == 1
