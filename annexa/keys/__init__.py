"""Key management (A.8.24): versioned master keys from a provider, envelope encryption at rest.

Other areas use :class:`SecretBox` (from :func:`secret_box_for`) to seal values bound to their row,
and add their encrypted columns to :data:`annexa.keys.registry.KNOWN_COLUMNS` so rotation can
re-wrap them.
"""

from annexa.keys.envelope import Binding, SecretBox, key_version_of
from annexa.keys.factory import provider_for, secret_box_for
from annexa.keys.interface import (
    DecryptionError,
    KeyProvider,
    KeyProviderError,
    KeyVersion,
    KeyVersionInUse,
    KeyVersionUnknown,
    UnsupportedOperation,
    WrappedKey,
)

__all__ = [
    "Binding",
    "DecryptionError",
    "KeyProvider",
    "KeyProviderError",
    "KeyVersion",
    "KeyVersionInUse",
    "KeyVersionUnknown",
    "SecretBox",
    "UnsupportedOperation",
    "WrappedKey",
    "key_version_of",
    "provider_for",
    "secret_box_for",
]
