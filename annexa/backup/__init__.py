"""Backups and restore tests (A.8.13, A.8.14): consistent, compressed, encrypted snapshots whose
restores are tested and recorded as signed evidence."""

from annexa.backup.create import create_backup
from annexa.backup.interface import (
    BackupCorrupt,
    BackupError,
    CheckResult,
    RestoreRefused,
    VerifyResult,
)
from annexa.backup.manifest import Manifest
from annexa.backup.restore import restore_backup
from annexa.backup.verify import record_verification, verify_backup

__all__ = [
    "BackupCorrupt",
    "BackupError",
    "CheckResult",
    "Manifest",
    "RestoreRefused",
    "VerifyResult",
    "create_backup",
    "record_verification",
    "restore_backup",
    "verify_backup",
]
