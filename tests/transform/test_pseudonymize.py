"""Pseudonymize and redact spans; the vault gives stable tokens, stores only ciphertext, and
fails closed."""

from __future__ import annotations

import os
from collections.abc import Sequence

import pytest

from annexa.detect.interface import Finding
from annexa.policy.interface import Action, FindingDecision
from annexa.transform.placeholders import PLACEHOLDER
from annexa.transform.pseudonymize import Transformer, spans_to_replace
from annexa.transform.vault import (
    AesGcmCipher,
    MemoryVaultStore,
    Vault,
    VaultEntry,
    VaultError,
)

TEXT = "Ask Jane Roe (jane.roe@example.com) about card 4111111111111111 today."


def fd(entity: str, value: str, action: Action, text: str = TEXT) -> FindingDecision:
    start = text.index(value)
    return FindingDecision(Finding(entity, start, start + len(value), 0.9, "t"), action, "r", "x")


DECISIONS = [
    fd("PERSON", "Jane Roe", Action.PSEUDONYMIZE),
    fd("EMAIL_ADDRESS", "jane.roe@example.com", Action.PSEUDONYMIZE),
    fd("CREDIT_CARD", "4111111111111111", Action.REDACT),
]


def test_spans_are_replaced_and_the_rest_kept(vault: Vault) -> None:
    out = Transformer(vault).transform(TEXT, DECISIONS, "u1")
    assert "Jane Roe" not in out.text
    assert "jane.roe@example.com" not in out.text
    assert "4111111111111111" not in out.text
    assert "[REDACTED:CREDIT_CARD]" in out.text
    assert out.text.startswith("Ask [[PERSON_")
    assert out.text.endswith(" today.")
    assert sorted(out.placeholders.values()) == ["Jane Roe", "jane.roe@example.com"]
    assert len(PLACEHOLDER.findall(out.text)) == 2


def test_allowed_and_warned_spans_stay(vault: Vault) -> None:
    keep = [
        fd("PERSON", "Jane Roe", Action.ALLOW),
        fd("CREDIT_CARD", "4111111111111111", Action.WARN),
    ]
    assert Transformer(vault).apply(TEXT, keep, "u1") == TEXT


def test_same_value_same_token_across_turns_and_replicas(
    store: MemoryVaultStore, cipher: AesGcmCipher, hmac_key: bytes
) -> None:
    replica_a = Transformer(Vault(store, cipher, hmac_key))
    replica_b = Transformer(Vault(MemoryVaultStore(), cipher, hmac_key))
    first = replica_a.apply(TEXT, DECISIONS, "u1")
    later = "Mail JANE.ROE@example.com again"
    again = replica_b.apply(
        later, [fd("EMAIL_ADDRESS", "JANE.ROE@example.com", Action.PSEUDONYMIZE, later)], "u1"
    )
    token = PLACEHOLDER.search(again)
    assert token is not None
    assert token[0] in first
    other_user = replica_a.apply(TEXT, DECISIONS, "u2")
    assert set(PLACEHOLDER.findall(other_user)).isdisjoint(PLACEHOLDER.findall(first))


def test_the_vault_never_holds_a_value_in_clear(vault: Vault, store: MemoryVaultStore) -> None:
    Transformer(vault).apply(TEXT, DECISIONS, "principal-42")
    assert len(store.rows) == 2
    for row in store.rows.values():
        blob = repr(row).encode() + row.ciphertext
        for secret in (b"Jane Roe", b"jane.roe", b"principal-42"):
            assert secret not in blob


def test_overlapping_spans_merge_into_the_stricter_action() -> None:
    text = "abcdefghij"
    spans = spans_to_replace(
        [
            FindingDecision(Finding("PERSON", 0, 5, 1, "t"), Action.PSEUDONYMIZE, "r", "x"),
            FindingDecision(Finding("SECRET", 3, 8, 1, "t"), Action.REDACT, "r", "x"),
            FindingDecision(Finding("URL", 9, 10, 1, "t"), Action.BLOCK, "r", "x"),
        ]
    )
    assert [(s.start, s.end, s.action) for s in spans] == [
        (0, 8, Action.REDACT),
        (9, 10, Action.REDACT),  # a blocked span that got here is still never sent
    ]
    assert Transformer(None).apply(text, [], "u") == text


def test_pseudonymizing_without_a_vault_fails_closed() -> None:
    with pytest.raises(VaultError):
        Transformer(None).apply(TEXT, DECISIONS, "u1")


class BrokenStore(MemoryVaultStore):
    def put(self, entries: Sequence[VaultEntry]) -> dict[str, str]:
        raise OSError("disk full")


def test_a_vault_that_cannot_write_fails_closed(cipher: AesGcmCipher, hmac_key: bytes) -> None:
    vault = Vault(BrokenStore(), cipher, hmac_key)
    with pytest.raises(VaultError, match="OSError"):
        Transformer(vault).apply(TEXT, DECISIONS, "u1")


class SquattedStore(MemoryVaultStore):
    """Every token already belongs to another value."""

    def put(self, entries: Sequence[VaultEntry]) -> dict[str, str]:
        return {e.token: "f" * 64 for e in entries}


def test_a_token_taken_by_another_value_fails_closed(cipher: AesGcmCipher, hmac_key: bytes) -> None:
    with pytest.raises(VaultError, match="another value"):
        Transformer(Vault(SquattedStore(), cipher, hmac_key)).apply(TEXT, DECISIONS, "u1")


def test_rows_expire_and_are_purged(
    store: MemoryVaultStore, cipher: AesGcmCipher, hmac_key: bytes
) -> None:
    now = [1_000_000.0]
    vault = Vault(store, cipher, hmac_key, ttl_s=60, clock=lambda: now[0])
    (token,) = vault.pseudonyms("u1", [("PERSON", "Jane Roe")])
    assert vault.lookup("u1", [token]) == {token: ("PERSON", "Jane Roe")}
    now[0] += 30
    vault.pseudonyms("u1", [("PERSON", "jane roe")])  # use extends the expiry
    now[0] += 45
    assert token in vault.lookup("u1", [token])
    now[0] += 60
    assert vault.lookup("u1", [token]) == {}
    assert vault.purge_expired() == 1
    assert store.rows == {}


def test_a_row_moved_to_another_scope_does_not_decrypt(
    vault: Vault, store: MemoryVaultStore
) -> None:
    (token,) = vault.pseudonyms("u1", [("PERSON", "Jane Roe")])
    (row,) = store.rows.values()
    other = vault.scope_key("u2")
    store.rows[(other, token)] = VaultEntry(
        other, token, row.entity, row.digest, row.ciphertext, row.expires_at
    )
    with pytest.raises(VaultError, match="does not decrypt"):
        vault.lookup("u2", [token])


def test_keys_must_be_strong() -> None:
    with pytest.raises(ValueError, match="32"):
        Vault(MemoryVaultStore(), AesGcmCipher(os.urandom(32)), b"short")
    with pytest.raises(ValueError, match="32-byte"):
        AesGcmCipher(b"short")


class CountingStore(MemoryVaultStore):
    def __init__(self) -> None:
        super().__init__()
        self.writes = 0

    def put(self, entries: Sequence[VaultEntry]) -> dict[str, str]:
        self.writes += len(entries)
        return super().put(entries)


def test_history_resent_each_turn_is_not_rewritten_while_fresh(
    cipher: AesGcmCipher, hmac_key: bytes
) -> None:
    now = [1_000_000.0]
    store = CountingStore()
    vault = Vault(store, cipher, hmac_key, ttl_s=100, clock=lambda: now[0])
    first = vault.pseudonyms("u1", [("PERSON", "Jane Roe"), ("PERSON", "Jane Roe")])
    assert store.writes == 1
    now[0] += 40  # more than half the lifetime left: skipped
    assert vault.pseudonyms("u1", [("PERSON", "Jane Roe"), ("PERSON", "Max Muster")]) == [
        first[0],
        vault.digest("u1", "PERSON", "Max Muster")[:10],
    ]
    assert store.writes == 2
    now[0] += 20  # half or less left: written again, expiry extended
    vault.pseudonyms("u1", [("PERSON", "Jane Roe")])
    assert store.writes == 3
    (row,) = [r for r in store.rows.values() if r.token == first[0]]
    assert row.expires_at == int(now[0]) + 100
