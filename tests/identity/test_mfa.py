"""TOTP verification (±1 step, no replay), recovery codes (each once), QR rendering."""

from __future__ import annotations

import pyotp

from annexa.identity import mfa

T0 = 1_700_000_010.0  # a fixed moment: step 56666667


def code_at(secret: str, moment: float) -> str:
    return pyotp.TOTP(secret).at(moment)


def test_current_and_adjacent_steps_are_accepted() -> None:
    secret = mfa.new_secret()
    step = int(T0 // 30)
    for offset in (-30, 0, 30):
        check = mfa.verify_totp(secret, code_at(secret, T0 + offset), None, at=T0)
        assert check.ok
        assert check.step == step + offset // 30


def test_codes_two_steps_away_are_refused() -> None:
    secret = mfa.new_secret()
    for offset in (-60, 60, 3600):
        assert not mfa.verify_totp(secret, code_at(secret, T0 + offset), None, at=T0).ok


def test_a_used_step_cannot_be_replayed_nor_an_older_one() -> None:
    secret = mfa.new_secret()
    first = mfa.verify_totp(secret, code_at(secret, T0), None, at=T0)
    assert first.step is not None
    again = mfa.verify_totp(secret, code_at(secret, T0), first.step, at=T0 + 5)
    assert not again.ok
    assert again.replayed
    older = mfa.verify_totp(secret, code_at(secret, T0 - 30), first.step, at=T0)
    assert not older.ok
    later = mfa.verify_totp(secret, code_at(secret, T0 + 30), first.step, at=T0 + 30)
    assert later.ok


def test_malformed_codes_are_refused() -> None:
    secret = mfa.new_secret()
    for code in ("", "12345", "1234567", "abcdef"):
        assert not mfa.verify_totp(secret, code, None, at=T0).ok
    spaced = code_at(secret, T0)
    assert mfa.verify_totp(secret, f"{spaced[:3]} {spaced[3:]}", None, at=T0).ok


def test_recovery_codes_work_once_each() -> None:
    codes = mfa.new_recovery_codes()
    assert len(codes) == 10
    assert len(set(codes)) == 10
    hashes = [mfa.hash_recovery_code(c) for c in codes]
    assert all(c not in " ".join(hashes) for c in codes)
    left = mfa.use_recovery_code(codes[3].lower().replace("-", ""), hashes)
    assert left is not None
    assert len(left) == 9
    assert mfa.use_recovery_code(codes[3], left) is None
    assert mfa.use_recovery_code("AAAA-BBBB-CCCC-DDDD", hashes) is None


def test_provisioning_uri_and_qr_codes() -> None:
    secret = mfa.new_secret()
    uri = mfa.provisioning_uri(secret, "alice", "Annexa")
    assert uri.startswith("otpauth://totp/Annexa:alice?")
    assert f"secret={secret}" in uri
    assert b"<svg" in mfa.qr_svg(uri)
    assert mfa.qr_png(uri).startswith(b"\x89PNG\r\n")
