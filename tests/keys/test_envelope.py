"""Envelope encryption: values open only in their own row, and survive rotation and re-wrap."""

from __future__ import annotations

from pathlib import Path

import pytest

from annexa.keys.envelope import Binding, Envelope, SecretBox, key_version_of
from annexa.keys.factory import secret_box_for
from annexa.keys.file import LocalFileProvider
from annexa.keys.interface import DecryptionError
from annexa.settings import KeySettings, Settings

SECRET = "MFA seed JBSWY3DPEHPK3PXP for alice"


@pytest.fixture
def box(key_file: Path) -> SecretBox:
    return SecretBox(LocalFileProvider(key_file, development=True))


def row(pk: str, column: str = "totp_secret", table: str = "users") -> Binding:
    return Binding(table, column, pk)


def test_round_trip_and_no_plaintext_in_ciphertext(box: SecretBox) -> None:
    sealed = box.seal_text(SECRET, row("1"))
    assert SECRET.encode() not in sealed
    assert b"JBSWY3DP" not in sealed
    assert box.open_text(sealed, row("1")) == SECRET
    assert box.seal_text(SECRET, row("1")) != sealed  # fresh key and nonce every time


def test_format_is_self_describing(box: SecretBox) -> None:
    sealed = box.seal(b"x", row("1"))
    env = Envelope.from_bytes(sealed)
    assert sealed[:3] == b"AXE"
    assert sealed[3] == 1
    assert env.key_version == "1" == key_version_of(sealed)
    assert len(env.nonce) == 12
    assert env.to_bytes() == sealed


def test_swapping_ciphertexts_between_rows_fails(box: SecretBox) -> None:
    alice = box.seal_text("alice-secret", row("1"))
    bob = box.seal_text("bob-secret", row("2"))
    with pytest.raises(DecryptionError):
        box.open(alice, row("2"))
    with pytest.raises(DecryptionError):
        box.open(bob, row("1"))
    with pytest.raises(DecryptionError):
        box.open(alice, row("1", column="api_key"))
    with pytest.raises(DecryptionError):
        box.open(alice, row("1", table="providers"))
    assert box.open_text(alice, row("1")) == "alice-secret"


@pytest.mark.parametrize("position", [0, 3, 5, 20, -20, -1])
def test_any_flipped_byte_is_refused(box: SecretBox, position: int) -> None:
    sealed = bytearray(box.seal_text(SECRET, row("1")))
    sealed[position] ^= 0x40
    with pytest.raises(DecryptionError):
        box.open(bytes(sealed), row("1"))


def test_truncated_values_are_refused(box: SecretBox) -> None:
    sealed = box.seal_text(SECRET, row("1"))
    for cut in (0, 4, 10, len(sealed) - 17):
        with pytest.raises(DecryptionError):
            box.open(sealed[:cut], row("1"))


def test_rotation_then_rewrap_keeps_values_readable(box: SecretBox) -> None:
    before = box.seal_text(SECRET, row("7"))
    new_version = box.provider.rotate()
    box.forget()
    after = box.seal_text("new write", row("8"))
    assert key_version_of(after) == new_version
    assert box.open_text(before, row("7")) == SECRET  # old version still decrypts
    moved = box.rewrap(before)
    assert key_version_of(moved) == new_version
    assert Envelope.from_bytes(moved).body == Envelope.from_bytes(before).body
    box.provider.retire("1")
    box.forget()
    assert box.open_text(moved, row("7")) == SECRET
    with pytest.raises(DecryptionError):
        box.open(before, row("7"))


def test_data_key_reuse_is_bounded(key_file: Path) -> None:
    box = SecretBox(LocalFileProvider(key_file, development=True), dek_reuse=3)
    sealed = [box.seal(b"v", row(str(i))) for i in range(7)]
    wrapped = [Envelope.from_bytes(s).wrapped.blob for s in sealed]
    assert len(set(wrapped)) == 3  # keys for values 0-2, 3-5, 6
    assert all(box.open(s, row(str(i))) == b"v" for i, s in enumerate(sealed))


def test_data_key_age_is_bounded(key_file: Path) -> None:
    now = [100.0]
    box = SecretBox(
        LocalFileProvider(key_file, development=True),
        dek_reuse=1_000,
        dek_max_age_s=300,
        clock=lambda: now[0],
    )
    first = [box.seal(b"v", row(str(i))) for i in range(3)]
    now[0] += 299.0
    same = box.seal(b"v", row("3"))
    now[0] += 1.0  # 300 s after the key was made: a fresh one
    later = [box.seal(b"v", row(str(i))) for i in (4, 5)]
    wrapped = [Envelope.from_bytes(s).wrapped.blob for s in [*first, same, *later]]
    assert len(set(wrapped[:4])) == 1
    assert len(set(wrapped[4:])) == 1
    assert wrapped[4] != wrapped[0]
    sealed = [*first, same, *later]
    assert all(box.open(s, row(str(i))) == b"v" for i, s in enumerate(sealed))


def test_settings_bound_data_key_reuse_by_count_and_age(tmp_path: Path) -> None:
    keys = KeySettings(provider="file:", development=True, dek_reuse=2, dek_max_age_s=60)
    settings = Settings(data_dir=tmp_path, keys=keys)
    box = secret_box_for(settings)
    sealed = [box.seal(b"v", row(str(i))) for i in range(5)]
    assert len({Envelope.from_bytes(s).wrapped.blob for s in sealed}) == 3
    assert box._dek_max_age_s == 60
