"""Configuration holds references only; each reference builds its provider."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import hvac
import pytest
from mypy_boto3_kms import KMSClient
from pydantic import ValidationError

from annexa.keys.env import EnvProvider
from annexa.keys.factory import DevelopmentKeyWarning, provider_for, resolve_reference
from annexa.keys.file import LocalFileProvider, LocalKeyFileWarning
from annexa.keys.interface import KeyProviderError
from annexa.keys.kms import KmsProvider
from annexa.keys.vault import VaultTransitProvider
from annexa.settings import KeySettings, Settings


@pytest.mark.parametrize(
    "value",
    [base64.b64encode(os.urandom(32)).decode(), "hunter2-not-a-reference", "s.abcdef"],
)
def test_key_material_is_refused_in_configuration(value: str) -> None:
    with pytest.raises(ValidationError, match="reference"):
        KeySettings(provider=value)
    with pytest.raises(ValidationError, match="reference"):
        KeySettings(vault_token=value)


def test_file_reference_default_and_warning(tmp_path: Path) -> None:
    with pytest.warns(LocalKeyFileWarning):
        provider = provider_for(Settings(data_dir=tmp_path))
    assert isinstance(provider, LocalFileProvider)
    assert provider.path == tmp_path / "keys.json"
    quiet = Settings(data_dir=tmp_path, keys=KeySettings(provider="file:", development=True))
    assert isinstance(provider_for(quiet), LocalFileProvider)


def test_env_reference_warns_outside_development(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANNEXA_TEST_KEY", base64.b64encode(os.urandom(32)).decode())
    settings = Settings(data_dir=tmp_path, keys=KeySettings(provider="env:ANNEXA_TEST_KEY"))
    with pytest.warns(DevelopmentKeyWarning):
        assert isinstance(provider_for(settings), EnvProvider)


def test_vault_reference_reads_token_from_a_reference(
    vault_client: hvac.Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANNEXA_TEST_VAULT_TOKEN", str(vault_client.token))
    keys = KeySettings(
        provider="vault:transit/annexa-factory",
        vault_addr=vault_client.url,
        vault_token="env:ANNEXA_TEST_VAULT_TOKEN",
    )
    provider = provider_for(Settings(data_dir=tmp_path, keys=keys))
    assert isinstance(provider, VaultTransitProvider)
    assert provider.reference() == "vault:transit/annexa-factory"
    assert provider.unwrap(provider.wrap(b"k" * 32)) == b"k" * 32


def test_kms_reference(kms_endpoint: str, kms_client: KMSClient, tmp_path: Path) -> None:
    kms_client.create_alias(
        AliasName="alias/annexa-factory",
        TargetKeyId=kms_client.create_key()["KeyMetadata"]["KeyId"],
    )
    keys = KeySettings(
        provider="kms:alias/annexa-factory",
        kms_region="eu-central-1",
        kms_endpoint_url=kms_endpoint,
    )
    provider = provider_for(Settings(data_dir=tmp_path, keys=keys))
    assert isinstance(provider, KmsProvider)
    data_key, wrapped = provider.generate_data_key()
    assert provider.unwrap(wrapped) == data_key
    assert wrapped.version.startswith("arn:aws:kms:eu-central-1:")


def test_resolve_reference(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "token").write_text("from-a-file\n")
    monkeypatch.setenv("ANNEXA_TEST_REF", "from-env")
    assert resolve_reference(f"file:{tmp_path / 'token'}") == "from-a-file"
    assert resolve_reference("env:ANNEXA_TEST_REF") == "from-env"
    with pytest.raises(KeyProviderError):
        resolve_reference("env:ANNEXA_TEST_MISSING")
    with pytest.raises(KeyProviderError):
        resolve_reference("vault:x")
