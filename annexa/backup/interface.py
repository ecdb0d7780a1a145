"""The backup family's value types and errors (A.8.13).

Errors::

    AnnexaError
    └── BackupError                 500  a backup could not be made, verified or restored
        ├── BackupCorrupt           500  hashes, MAC or decryption do not match: nothing restored
        └── RestoreRefused          409  the target holds data and no confirmation was given
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annexa.errors import AnnexaError


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One check of a restored scratch database.

    Attributes:
        name: stable check id (``integrity``, ``row_counts``, ``audit_chain``, ``app_start``).
        passed: whether it passed.
        detail: what was found, for a person.
    """

    name: str
    passed: bool
    detail: str = ""


@dataclass(frozen=True, slots=True)
class VerifyResult:
    """The outcome of ``annexa backup verify``: the evidence record for A.8.13."""

    backup_id: str
    passed: bool
    restore_seconds: float
    rto_seconds: float
    checks: list[CheckResult] = field(default_factory=list)

    @property
    def meets_rto(self) -> bool:
        """Whether the measured restore time is within the recovery time objective."""
        return self.restore_seconds <= self.rto_seconds


class BackupError(AnnexaError):
    """A backup could not be made, verified or restored."""

    hint = "See the message; nothing was overwritten."


class BackupCorrupt(BackupError):
    """The backup does not match its manifest, or does not decrypt: it is not restored."""

    hint = "Use another backup; this one was altered or damaged and was not restored."


class RestoreRefused(BackupError):
    """The target database holds data and the operator did not confirm overwriting it."""

    status_code = 409
    hint = "Pass --yes to overwrite the current database (after a backup of it)."
