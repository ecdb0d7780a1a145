"""Password hashing and policy for console sign-in (A.5.17).

Hashing: argon2id through argon2-cffi with :data:`ARGON2_PARAMETERS` (RFC 9106's second
recommended option, "low memory": t=3 passes, m=64 MiB, p=4 lanes, 16-byte salt, 32-byte hash;
about 0.2 s of CPU per hash on a small shared cloud vCPU: ``bench/identity_timing.py``). When
these parameters change, a stored hash made with the old ones is re-made at the next successful
sign-in (:meth:`PasswordHashing.needs_rehash`).

Policy (NIST SP 800-63B §5.1.1.2): at least 12 characters (``identity.password_min_length``),
no maximum below 256, no composition rules; refused when it is in the shipped list of common
passwords (``data/common-passwords.txt``, case-insensitive, also with trailing digits and
punctuation removed: ``Dragon2024!`` is ``dragon``) or contains the user name.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from argon2 import Parameters, PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from annexa.errors import InputError

__all__ = [
    "ARGON2_PARAMETERS",
    "PasswordHashing",
    "WeakPassword",
    "check_password",
    "common_passwords",
    "password_problems",
]

ARGON2_PARAMETERS = Parameters(
    type=Type.ID,
    version=19,
    salt_len=16,
    hash_len=32,
    time_cost=3,
    memory_cost=65_536,  # KiB
    parallelism=4,
)
MAX_LENGTH = 256
TRAILING = string.digits + string.punctuation + " "


class WeakPassword(InputError):
    """A password the policy refuses; the message lists every reason."""

    hint = "Choose a longer passphrase: several unrelated words work well."


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, lower-cased."""
    text = resources.files("annexa.identity").joinpath("data/common-passwords.txt").read_text()
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line and not line.startswith("#")
    )


def password_problems(password: str, user_name: str, min_length: int = 12) -> list[str]:
    """Why ``password`` is refused for ``user_name`` (empty when it is acceptable)."""
    problems = []
    if len(password) < min_length:
        problems.append(f"it has fewer than {min_length} characters")
    if len(password) > MAX_LENGTH:
        problems.append(f"it has more than {MAX_LENGTH} characters")
    lowered = password.lower()
    common = common_passwords()
    if lowered in common or lowered.rstrip(TRAILING) in common:
        problems.append("it is a common password, found in breach lists")
    name = user_name.strip().lower()
    if len(name) >= 3 and name in lowered:
        problems.append("it contains the user name")
    return problems


def check_password(password: str, user_name: str, min_length: int = 12) -> None:
    """Raise :class:`WeakPassword` naming every problem of ``password``."""
    problems = password_problems(password, user_name, min_length)
    if problems:
        raise WeakPassword("password refused: " + "; ".join(problems))


@dataclass(frozen=True, slots=True)
class PasswordHashing:
    """argon2id hashing with Annexa's parameters; a dummy hash for unknown users."""

    hasher: PasswordHasher

    @classmethod
    def default(cls) -> PasswordHashing:
        """The hasher with :data:`ARGON2_PARAMETERS`."""
        return cls(PasswordHasher.from_parameters(ARGON2_PARAMETERS))

    def hash(self, password: str) -> str:
        """A fresh salted argon2id hash (PHC string)."""
        return self.hasher.hash(password)

    def verify(self, stored: str, password: str) -> bool:
        """True when ``password`` matches ``stored``; False for a mismatch or a bad hash."""
        try:
            return self.hasher.verify(stored, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored: str) -> bool:
        """Was ``stored`` made with other parameters than the current ones?"""
        try:
            return self.hasher.check_needs_rehash(stored)
        except InvalidHashError:
            return True

    def verify_dummy(self, password: str) -> None:
        """Spend the time of one verification, for an unknown or locked user (no timing
        difference that would tell a user name exists)."""
        self.verify(_dummy_hash(self.hasher), password)


@lru_cache(maxsize=4)
def _dummy_hash(hasher: PasswordHasher) -> str:
    return hasher.hash("annexa-dummy-password-for-timing")
