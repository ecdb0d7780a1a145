"""User administration: create, list, disable, enable, change role, reset MFA (A.5.16, A.5.18).

For ``annexa users`` and, later, the console's users page. Each change is audited
(``config-changed`` on ``user:<id>``; an MFA reset also as ``auth-mfa`` ``reset``) with the
acting admin as actor; disabling a user or resetting their MFA ends their sessions.
"""

from __future__ import annotations

import secrets

from annexa.audit.events import AuthMfa, ConfigChanged, make_event
from annexa.audit.interface import Actor, AuditSink
from annexa.errors import InputError
from annexa.identity.passwords import PasswordHashing, check_password
from annexa.identity.roles import check_role
from annexa.identity.sessions import SessionStore
from annexa.identity.users import User, UserRecords, to_user

__all__ = ["Accounts"]


class Accounts:
    """Administrative changes to users, audited with ``actor`` as who made them."""

    def __init__(
        self,
        records: UserRecords,
        sessions: SessionStore,
        audit: AuditSink,
        *,
        min_length: int = 12,
        hashing: PasswordHashing | None = None,
    ) -> None:
        self.records = records
        self.sessions = sessions
        self.audit = audit
        self.min_length = min_length
        self.hashing = hashing or PasswordHashing.default()

    def create(
        self, name: str, role: str, actor: Actor, password: str | None = None
    ) -> tuple[User, str | None]:
        """A new user. Without ``password``, a one-time one is generated and returned (the
        user must change it at first sign-in); a given one must pass the policy."""
        name = name.strip()
        if not name:
            raise InputError("a user needs a name")
        check_role(role)
        one_time = None
        if password is None:
            one_time = password = secrets.token_urlsafe(18)
        else:
            check_password(password, name, self.min_length)
        user_id = self.records.insert(
            name, role, self.hashing.hash(password), must_change=one_time is not None
        )
        self._changed(user_id, "create", actor)
        return self.get(name), one_time

    def get(self, name: str) -> User:
        """The user ``name``; :class:`InputError` when there is none."""
        row = self.records.row(name)
        if row is None:
            raise InputError(f"no user named {name!r}")
        return to_user(row)

    def list(self) -> list[User]:
        """Every user, by name."""
        return self.records.list()

    def set_disabled(self, name: str, disabled: bool, actor: Actor) -> User:
        """Disable (sessions end at once) or enable ``name``."""
        user = self.get(name)
        self.records.update(user.id, disabled=disabled)
        if disabled:
            self.sessions.revoke_user(user.id)
        self._changed(user.id, "disable" if disabled else "enable", actor)
        return self.get(name)

    def set_role(self, name: str, role: str, actor: Actor) -> User:
        """Give ``name`` another role; their sessions end (they sign in with the new one)."""
        user = self.get(name)
        self.records.update(user.id, role=check_role(role))
        self.sessions.revoke_user(user.id)
        self._changed(user.id, f"set-role:{role}", actor)
        return self.get(name)

    def reset_mfa(self, name: str, actor: Actor) -> User:
        """Remove ``name``'s TOTP secret and recovery codes; they enrol again at next sign-in."""
        user = self.get(name)
        self.records.update(
            user.id,
            mfa_secret=None,
            mfa_enrolled_at=None,
            mfa_last_step=None,
            recovery_codes=None,
        )
        self.sessions.revoke_user(user.id)
        target = Actor(kind="user", id=user.id, name=user.name, role=user.role)
        self.audit.append(make_event(AuthMfa(action="reset"), target, "success"))
        self._changed(user.id, "reset-mfa", actor)
        return self.get(name)

    def reset_password(self, name: str, actor: Actor) -> tuple[User, str]:
        """A new one-time password for ``name`` (returned once; they must change it at the next
        sign-in); every session of theirs ends."""
        user = self.get(name)
        one_time = secrets.token_urlsafe(18)
        self.records.update(
            user.id, password_hash=self.hashing.hash(one_time), must_change_password=True
        )
        self.sessions.revoke_user(user.id)
        self._changed(user.id, "reset-password", actor)
        return self.get(name), one_time

    def _changed(self, user_id: str, action: str, actor: Actor) -> None:
        details = ConfigChanged(
            target=f"user:{user_id}", action=action, before_hash=None, after_hash=None
        )
        self.audit.append(make_event(details, actor, "success"))
