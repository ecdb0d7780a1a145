"""Users, minimal: enough for ``annexa init`` to create the first admin with a one-time password.

Passwords are stored only as argon2id hashes (argon2-cffi's defaults follow RFC 9106's
recommendations); the identity issue adds sign-in, MFA, lockout and sessions on this table.
"""

from __future__ import annotations

import secrets
import uuid

from argon2 import PasswordHasher
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from annexa.errors import InputError
from annexa.identity.apikeys import now
from annexa.identity.tables import USERS

__all__ = ["UserStore"]


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
