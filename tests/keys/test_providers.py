"""Every key provider keeps the same contract: wrap, unwrap, rotate, old versions still unwrap,
retired versions do not. File and env run in process; Vault against a real OpenBao server; KMS
against moto's KMS server, both on loopback."""

from __future__ import annotations

import base64
import os
import stat
import uuid
from pathlib import Path

import pytest
from mypy_boto3_kms import KMSClient

from annexa.keys.env import EnvProvider
from annexa.keys.file import LocalFileProvider, LocalKeyFileWarning
from annexa.keys.interface import (
    DecryptionError,
    KeyProvider,
    KeyProviderError,
    KeyVersionUnknown,
    UnsupportedOperation,
    WrappedKey,
)
from annexa.keys.kms import KmsProvider
from annexa.keys.vault import VaultTransitProvider

ROTATABLE = ["file", "vault", "kms"]


@pytest.fixture
def provider(request: pytest.FixtureRequest, key_file: Path) -> KeyProvider:
    """A fresh provider of the kind the test is parametrized with."""
    kind = request.param
    if kind == "file":
        return LocalFileProvider(key_file, development=True)
    if kind == "vault":
        client = request.getfixturevalue("vault_client")
        return VaultTransitProvider(client, f"annexa-{uuid.uuid4().hex[:8]}")
    client = request.getfixturevalue("kms_client")
    arn = client.create_key(Description="test")["KeyMetadata"]["Arn"]
    alias = f"alias/annexa-{uuid.uuid4().hex[:8]}"
    client.create_alias(AliasName=alias, TargetKeyId=arn)
    return KmsProvider(client, alias)


@pytest.mark.parametrize("provider", ROTATABLE, indirect=True)
def test_wrap_unwrap_round_trip(provider: KeyProvider) -> None:
    data_key = os.urandom(32)
    wrapped = provider.wrap(data_key)
    assert wrapped.version == provider.current_version()
    assert data_key not in wrapped.blob
    assert provider.unwrap(wrapped) == data_key
    fresh, fresh_wrapped = provider.generate_data_key()
    assert len(fresh) == 32
    assert provider.unwrap(fresh_wrapped) == fresh


@pytest.mark.parametrize("provider", ROTATABLE, indirect=True)
def test_rotation_keeps_old_versions_readable_until_retired(provider: KeyProvider) -> None:
    old_key = os.urandom(32)
    old = provider.wrap(old_key)
    new_version = provider.rotate()
    assert new_version != old.version
    assert provider.current_version() == new_version
    assert provider.wrap(os.urandom(32)).version == new_version
    assert provider.unwrap(old) == old_key
    states = {v.id: v.state for v in provider.versions()}
    assert states[new_version] == "active"
    assert states[old.version] == "decrypt-only"
    provider.retire(old.version)
    assert {v.id: v.state for v in provider.versions()}[old.version] == "retired"
    if provider.kind == "kms":
        return  # moto's Decrypt ignores a disabled key (real KMS answers DisabledException)
    with pytest.raises(KeyVersionUnknown):
        provider.unwrap(old)


@pytest.mark.parametrize("provider", ROTATABLE, indirect=True)
def test_current_version_cannot_be_retired(provider: KeyProvider) -> None:
    with pytest.raises(KeyProviderError, match="current version"):
        provider.retire(provider.current_version())


@pytest.mark.parametrize("provider", ROTATABLE, indirect=True)
def test_tampered_wrapped_key_is_refused(provider: KeyProvider) -> None:
    wrapped = provider.wrap(os.urandom(32))
    blob = bytearray(wrapped.blob)
    blob[len(blob) // 2 + 1] ^= 0x01
    with pytest.raises(KeyProviderError):
        provider.unwrap(WrappedKey(wrapped.version, bytes(blob)))


def test_key_file_is_private_and_warns_outside_development(key_file: Path) -> None:
    with pytest.warns(LocalKeyFileWarning, match="production"):
        LocalFileProvider(key_file)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key_file.chmod(0o644)
    with pytest.raises(KeyProviderError, match="readable by others"):
        LocalFileProvider(key_file, development=True)


def test_key_file_survives_reload(key_file: Path) -> None:
    first = LocalFileProvider(key_file, development=True)
    data_key = os.urandom(32)
    wrapped = first.wrap(data_key)
    first.rotate()
    again = LocalFileProvider(key_file, development=True)
    assert again.current_version() == "2"
    assert again.unwrap(wrapped) == data_key


def test_key_file_changes_by_another_process_are_seen(key_file: Path) -> None:
    server = LocalFileProvider(key_file, development=True)  # e.g. the running gateway
    cli = LocalFileProvider(key_file, development=True)  # `annexa keys rotate`
    assert cli.rotate() == "2"
    wrapped = cli.wrap(b"k" * 32)
    assert server.current_version() == "2"  # new writes move to the new version
    assert server.unwrap(wrapped) == b"k" * 32


def _b64() -> str:
    return base64.b64encode(os.urandom(32)).decode()


def test_env_provider_versions_and_refusals() -> None:
    one, two = _b64(), _b64()
    single = EnvProvider("K", {"K": one})
    wrapped = single.wrap(b"k" * 32)
    assert wrapped.version == "1"
    both = EnvProvider("K", {"K": f"1:{one},2:{two}"})
    assert both.current_version() == "2"
    assert both.unwrap(wrapped) == b"k" * 32
    with pytest.raises(UnsupportedOperation):
        both.rotate()
    with pytest.raises(KeyVersionUnknown):
        EnvProvider("K", {"K": f"2:{two}"}).unwrap(wrapped)
    with pytest.raises(DecryptionError):
        EnvProvider("K", {"K": f"1:{two}"}).unwrap(wrapped)


@pytest.mark.parametrize("value", ["", "not base64!", base64.b64encode(b"short").decode()])
def test_env_provider_rejects_bad_values_without_echoing_them(value: str) -> None:
    with pytest.raises(KeyProviderError) as info:
        EnvProvider("K", {"K": value})
    if value:
        assert value not in info.value.diagnostics()


def test_kms_rotation_needs_an_alias(kms_client: KMSClient) -> None:
    arn = kms_client.create_key(Description="plain")["KeyMetadata"]["Arn"]
    with pytest.raises(UnsupportedOperation):
        KmsProvider(kms_client, arn).rotate()
