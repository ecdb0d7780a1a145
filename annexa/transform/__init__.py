"""Transform: what leaves is pseudonymized or redacted; what comes back is restored."""

from annexa.transform.placeholders import (
    PLACEHOLDER,
    escape_placeholders,
    format_placeholder,
    is_placeholder_prefix,
)
from annexa.transform.pseudonymize import Transformed, Transformer
from annexa.transform.redact import redaction
from annexa.transform.restore import StreamRestorer, json_escape, restore
from annexa.transform.vault import (
    AesGcmCipher,
    Cipher,
    EnvelopeCipher,
    MemoryVaultStore,
    Vault,
    VaultError,
    VaultStore,
)

__all__ = [
    "PLACEHOLDER",
    "AesGcmCipher",
    "Cipher",
    "EnvelopeCipher",
    "MemoryVaultStore",
    "StreamRestorer",
    "Transformed",
    "Transformer",
    "Vault",
    "VaultError",
    "VaultStore",
    "escape_placeholders",
    "format_placeholder",
    "is_placeholder_prefix",
    "json_escape",
    "redaction",
    "restore",
]
