"""Cryptocurrency wallet addresses (CRYPTO): Bitcoin and Ethereum.

Bitcoin addresses carry real checksums, verified by python-stdnum: base58check for legacy
(``1...``) and script (``3...``) addresses, bech32/bech32m for segwit (``bc1...``). An Ethereum
address (``0x`` and 40 hex digits) has only an optional mixed-case checksum (EIP-55, which needs
Keccak-256, not in the standard library), so it keeps a medium score that context raises.
"""

from __future__ import annotations

from stdnum import bitcoin

from annexa.detect.builtin._base import RegionDetector
from annexa.detect.builtin._regions import TOKEN
from annexa.detect.context import words_for
from annexa.detect.interface import Detector
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings


class CryptoWalletDetector(RegionDetector):
    """Bitcoin addresses (checksum-verified) and Ethereum addresses."""

    name = "crypto_wallet"
    entities = ("CRYPTO",)
    region_kinds = frozenset({TOKEN})
    before = 12  # a base58 address may open with digits that the token region leaves out
    after = 2
    token_lengths = (14, 90)
    context = words_for("CRYPTO")
    patterns = (
        Pattern(
            "bitcoin",
            r"(?<![\w\-/])(?:[13][1-9A-HJ-NP-Za-km-z]{25,34}|bc1[02-9ac-hj-np-z]{8,87})(?!\w)",
            0.3,
            positives=(
                "send to 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2 now",
                "wallet 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
                "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
                "taproot bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297",
            ),
            negatives=(
                "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3",
                "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mda",
                "bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3298",
                "31234567890123456789012345678",
            ),
            origin="Bitcoin BIP 13, BIP 173, BIP 350 (python-stdnum bitcoin)",
        ),
        Pattern(
            "ethereum",
            r"(?<![\w\-/])0x[0-9a-fA-F]{40}(?!\w)",
            0.5,
            positives=(
                "eth 0x52908400098527886E0F7030069857D2E4169EE7",
                "to: 0xde709f2102306220921060314715629080e2fb77.",
                "wallet 0x27b1fdb04752bbc536007a920d24acb045561c26",
            ),
            negatives=(
                "0x52908400098527886E0F7030069857D2E4169EE7A",
                "0x52908400098527886E0F7030069857D2E4169EE",
                "hash 52908400098527886E0F7030069857D2E4169EE7",
            ),
            origin="Ethereum yellow paper; EIP-55",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        if pattern.name == "bitcoin":
            return bitcoin.is_valid(value) or is_bech32m(value)
        return None


_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32M_CONST = 0x2BC830A3


def _polymod(values: list[int]) -> int:
    """The BCH checksum of BIP 173 (reference implementation)."""
    generator = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    chk = 1
    for value in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            chk ^= generator[i] if (top >> i) & 1 else 0
    return chk


def is_bech32m(value: str) -> bool:
    """A witness v1+ (taproot) address with a valid BIP 350 checksum; python-stdnum 2.2 only
    knows the v0 (bech32) constant."""
    hrp, _, data = value.lower().rpartition("1")
    if hrp != "bc" or len(data) < 7 or any(c not in _BECH32 for c in data):
        return False
    values = [_BECH32.index(c) for c in data]
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    return values[0] >= 1 and _polymod(expanded + values) == _BECH32M_CONST


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in crypto wallet detector."""
    return [CryptoWalletDetector()]
