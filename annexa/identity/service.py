"""Console sign-in: password, lockout, TOTP MFA, sessions; every step audited (A.5.17, A.8.5).

:class:`SignIn` composes the stores (users, lockout, sessions), the password hashing, the
SecretBox that seals TOTP secrets and the audit sink. :meth:`SignIn.login` answers one of:

- ``ok``: a full session token (``must_change_password`` says whether to send the user to the
  password page first);
- ``mfa_required``: the password was right, send the TOTP (or a recovery) code with it; with
  ``pending=True`` (the console) a five-minute ``mfa-pending`` session token comes with it and
  :meth:`SignIn.complete_mfa` takes the code, so the password is sent once;
- ``mfa_enrolment_required``: the role needs MFA and the user has none: a short ``mfa-enrolment``
  session that can only :meth:`begin_enrolment` / :meth:`confirm_enrolment`.

Any failure raises :class:`SignInFailed` with one message whatever the cause (unknown user,
wrong password, disabled, locked, wrong code), after one argon2 verification in every case
(a dummy hash for unknown and locked names), so neither the answer nor its timing tells
whether a user name exists. The audit log records the real reason.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal, NoReturn

from annexa.audit.events import AuthFailure, AuthLockout, AuthMfa, AuthSuccess, Details, make_event
from annexa.audit.interface import Actor, AuditSink, Outcome
from annexa.errors import AuthError
from annexa.identity import mfa
from annexa.identity.apikeys import now
from annexa.identity.lockout import Lockout
from annexa.identity.passwords import PasswordHashing, check_password
from annexa.identity.sessions import Session, SessionStore
from annexa.identity.users import UserRecords
from annexa.keys.envelope import Binding, SecretBox
from annexa.settings import IdentitySettings

__all__ = ["Enrolment", "LoginResult", "SignIn", "SignInFailed", "actor_of"]

ANONYMOUS = Actor(kind="anonymous", id="unknown")


class SignInFailed(AuthError):
    """Sign-in refused; the same message for every cause (no user enumeration)."""

    hint = "Check the user name, password and code; after repeated failures wait and retry."


FAILED = "sign-in failed: wrong user name, password or code, or too many attempts"


@dataclass(frozen=True, slots=True)
class LoginResult:
    """What :meth:`SignIn.login` decided, with a session token when one was opened."""

    status: Literal["ok", "mfa_required", "mfa_enrolment_required"]
    token: str | None = None
    user_id: str | None = None
    must_change_password: bool = False


@dataclass(frozen=True, slots=True)
class Enrolment:
    """A TOTP enrolment in progress: the URI and its QR code (the secret is sealed in the row)."""

    uri: str
    qr_svg: bytes
    recovery_codes: list[str] = field(default_factory=list)


def actor_of(row: dict[str, Any]) -> Actor:
    """The audit actor of a ``users`` row."""
    return Actor(kind="user", id=str(row["id"]), name=str(row["name"]), role=str(row["role"]))


class SignIn:
    """The sign-in flow over injected stores; see the module docstring."""

    def __init__(
        self,
        records: UserRecords,
        lockout: Lockout,
        sessions: SessionStore,
        box: SecretBox,
        audit: AuditSink,
        options: IdentitySettings | None = None,
        hashing: PasswordHashing | None = None,
    ) -> None:
        self.records = records
        self.lockout = lockout
        self.sessions = sessions
        self.box = box
        self.audit = audit
        self.options = options or IdentitySettings()
        self.hashing = hashing or PasswordHashing.default()

    # -- sign-in ----------------------------------------------------------------------------

    def login(
        self,
        name: str,
        password: str,
        code: str | None = None,
        *,
        source_ip: str | None = None,
        pending: bool = False,
    ) -> LoginResult:
        """Check ``password`` (and ``code``) for ``name``; see the module docstring."""
        row = self.records.row(name)
        if self.lockout.locked_until(name) is not None:
            self.hashing.verify_dummy(password)
            self._refuse(name, row, "locked", source_ip, count=False)
        if row is None or row["disabled"]:
            self.hashing.verify_dummy(password)
            self._refuse(name, row, "unknown-user" if row is None else "disabled", source_ip)
        if not self.hashing.verify(row["password_hash"], password):
            self._refuse(name, row, "bad-password", source_ip)
        enrolled = row["mfa_enrolled_at"] is not None
        if enrolled:
            if not code:
                token = None
                if pending:
                    _, token = self.sessions.open(row["id"], mfa=False, purpose="mfa-pending")
                return LoginResult("mfa_required", token, row["id"])
            if not self._second_factor(row, code, source_ip):
                self._refuse(name, row, "bad-mfa-code", source_ip)
        self._rehash(row, password)
        return self._signed_in(row, source_ip)

    def complete_mfa(self, token: str, code: str, *, source_ip: str | None = None) -> LoginResult:
        """The second step after ``login(..., pending=True)``: the code for the ``mfa-pending``
        session ``token``. A wrong code counts toward the lockout like a wrong password;
        success ends the pending session and opens a full one."""
        session = self.sessions.check(token, "mfa-pending")
        row = self._row_of(session)
        name = row["name"]
        if self.lockout.locked_until(name) is not None:
            self.sessions.revoke(token)
            self._refuse(name, row, "locked", source_ip, count=False)
        if not code.strip() or not self._second_factor(row, code, source_ip):
            self._refuse(name, row, "bad-mfa-code", source_ip)
        self.sessions.revoke(token)
        return self._signed_in(row, source_ip)

    def _signed_in(self, row: dict[str, Any], source_ip: str | None) -> LoginResult:
        """Password (and code) checked: clear the failures, open the right session."""
        self.lockout.clear(row["name"])
        enrolled = row["mfa_enrolled_at"] is not None
        if not enrolled and row["role"] in self.options.mfa_required_roles:
            _, token = self.sessions.open(row["id"], mfa=False, purpose="mfa-enrolment")
            self._emit(AuthMfa(action="enrolment-required"), actor_of(row), "denied", source_ip)
            return LoginResult("mfa_enrolment_required", token, row["id"])
        _, token = self.sessions.open(row["id"], mfa=enrolled)
        self._emit(
            AuthSuccess(method="password", mfa=enrolled), actor_of(row), "success", source_ip
        )
        return LoginResult("ok", token, row["id"], bool(row["must_change_password"]))

    def _refuse(
        self,
        name: str,
        row: dict[str, Any] | None,
        reason: str,
        source_ip: str | None,
        *,
        count: bool = True,
    ) -> NoReturn:
        actor = ANONYMOUS if row is None else actor_of(row)
        failures = 0
        if count:
            failure = self.lockout.fail(name)
            failures = failure.failures
            if failure.locked_until is not None:
                failures = self.lockout.options.threshold
                until = failure.locked_until.isoformat(timespec="seconds")
                self._emit(AuthLockout(failures, until), actor, "denied", source_ip)
        details = AuthFailure(method="password", reason=reason, failures_in_window=failures)
        self._emit(details, actor, "failure", source_ip)
        raise SignInFailed(FAILED)

    def _rehash(self, row: dict[str, Any], password: str) -> None:
        if self.hashing.needs_rehash(row["password_hash"]):
            self.records.update(row["id"], password_hash=self.hashing.hash(password))

    def _emit(self, details: Details, actor: Actor, outcome: Outcome, ip: str | None) -> None:
        self.audit.append(make_event(details, actor, outcome, source_ip=ip))

    # -- the second factor -------------------------------------------------------------------

    def _binding(self, user_id: str) -> Binding:
        return Binding(table="users", column="mfa_secret", row=user_id)

    def _second_factor(self, row: dict[str, Any], code: str, ip: str | None) -> bool:
        """A TOTP code (not replayed) or an unused recovery code."""
        actor = actor_of(row)
        if code.strip().replace(" ", "").isdigit():
            secret = self.box.open_text(row["mfa_secret"], self._binding(row["id"]))
            check = mfa.verify_totp(secret, code, row["mfa_last_step"])
            ok = check.step is not None and self.records.advance_mfa_step(row["id"], check.step)
            self._emit(AuthMfa(action="verify"), actor, "success" if ok else "failure", ip)
            return ok
        stored = row["recovery_codes"]
        left = mfa.use_recovery_code(code, json.loads(stored or "[]"))
        ok = left is not None and self.records.replace_recovery_codes(
            row["id"], stored, json.dumps(left)
        )
        outcome: Outcome = "success" if ok else "failure"
        self._emit(AuthMfa(action="recovery", factor="recovery-code"), actor, outcome, ip)
        return ok

    def begin_enrolment(self, session: Session) -> Enrolment:
        """A new TOTP secret for the session's user, sealed in the row, not yet active.
        Refused once MFA is enrolled (a stolen session must not swap the factor; an admin
        resets it with ``annexa users reset-mfa``)."""
        row = self._row_of(session)
        if row["mfa_enrolled_at"] is not None:
            raise AuthError("MFA is already enrolled; ask an admin to reset it first")
        secret = mfa.new_secret()
        sealed = self.box.seal_text(secret, self._binding(row["id"]))
        self.records.update(row["id"], mfa_secret=sealed, mfa_enrolled_at=None, mfa_last_step=None)
        uri = mfa.provisioning_uri(secret, row["name"], self.options.mfa_issuer)
        return Enrolment(uri=uri, qr_svg=mfa.qr_svg(uri))

    def confirm_enrolment(
        self, session: Session, code: str, *, source_ip: str | None = None
    ) -> tuple[str, list[str]]:
        """Activate MFA with a first ``code``: a new full session token and the recovery codes
        (shown once). The enrolment session ends."""
        row = self._row_of(session)
        actor = actor_of(row)
        if row["mfa_secret"] is None:
            raise AuthError("start the MFA enrolment first")
        secret = self.box.open_text(row["mfa_secret"], self._binding(row["id"]))
        check = mfa.verify_totp(secret, code, None)
        if check.step is None:
            self._emit(AuthMfa(action="enrol"), actor, "failure", source_ip)
            raise AuthError("wrong code; check the authenticator app's clock and retry")
        codes = mfa.new_recovery_codes()
        self.records.update(
            row["id"],
            mfa_enrolled_at=now(),
            mfa_last_step=check.step,
            recovery_codes=json.dumps([mfa.hash_recovery_code(c) for c in codes]),
        )
        self.sessions.revoke_user(row["id"])
        self._emit(AuthMfa(action="enrol"), actor, "success", source_ip)
        # the sign-in this enrolment completes: by password, or by SSO (method "oidc")
        _, token = self.sessions.open(row["id"], mfa=True, method=session.method)
        self._emit(AuthSuccess(method=session.method, mfa=True), actor, "success", source_ip)
        return token, codes

    def _row_of(self, session: Session) -> dict[str, Any]:
        row = self.records.row_by_id(session.user_id)
        if row is None or row["disabled"]:
            raise AuthError("no valid session; sign in")
        return row

    # -- re-authentication for sensitive changes -------------------------------------------

    def reauthenticate(
        self, session: Session, password: str, code: str | None, *, source_ip: str | None = None
    ) -> None:
        """A fresh password (and, when enrolled, TOTP) check on a live session, so that
        :meth:`SessionStore.require_recent_auth` passes for the next few minutes. Failures
        count toward the lockout and end nothing else."""
        row = self._row_of(session)
        name = row["name"]
        if self.lockout.locked_until(name) is not None:
            self.hashing.verify_dummy(password)
            self._refuse(name, row, "locked", source_ip, count=False)
        if not self.hashing.verify(row["password_hash"], password):
            self._refuse(name, row, "bad-password", source_ip)
        if row["mfa_enrolled_at"] is not None and not (
            code and self._second_factor(row, code, source_ip)
        ):
            self._refuse(name, row, "bad-mfa-code", source_ip)
        self.lockout.clear(name)
        self.sessions.reauthenticated(session)
        self._emit(
            AuthSuccess(method="reauth", mfa=row["mfa_enrolled_at"] is not None),
            actor_of(row),
            "success",
            source_ip,
        )

    # -- password change ---------------------------------------------------------------------

    def change_password(self, session: Session, current: str, new: str) -> str:
        """Set a new password (policy-checked) after checking the current one; every other
        session ends; returns a fresh session token."""
        row = self._row_of(session)
        if not self.hashing.verify(row["password_hash"], current):
            self._refuse(row["name"], row, "bad-password", None)
        check_password(new, row["name"], self.options.password_min_length)
        self.records.update(
            row["id"],
            password_hash=self.hashing.hash(new),
            must_change_password=False,
            password_changed_at=now(),
        )
        self.sessions.revoke_user(row["id"])
        _, token = self.sessions.open(row["id"], mfa=session.mfa)
        return token
