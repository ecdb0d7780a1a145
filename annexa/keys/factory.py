"""Build the configured key provider from a reference (``keys.provider`` in annexa.yaml)."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import boto3
import hvac

from annexa.keys.env import EnvProvider
from annexa.keys.envelope import SecretBox
from annexa.keys.file import FILE_NAME, LocalFileProvider
from annexa.keys.interface import KeyProvider, KeyProviderError
from annexa.keys.kms import KmsProvider
from annexa.keys.vault import VaultTransitProvider
from annexa.settings import KeySettings, Settings


class DevelopmentKeyWarning(UserWarning):
    """A development-only master-key provider is in use outside development."""


def provider_for(settings: Settings) -> KeyProvider:
    """The provider ``settings.keys.provider`` names; nothing is read before this call."""
    keys = settings.keys
    kind, _, rest = keys.provider.partition(":")
    if kind == "file":
        path = Path(rest) if rest else settings.data_dir / FILE_NAME
        return LocalFileProvider(path, development=keys.development)
    if kind == "env":
        if not keys.development:
            warnings.warn(
                f"master key read from the environment variable {rest}: development only",
                DevelopmentKeyWarning,
                stacklevel=2,
            )
        return EnvProvider(rest)
    if kind == "vault":
        return _vault(keys, rest)
    if kind == "kms":
        return _kms(keys, rest)
    raise KeyProviderError(f"unknown key provider reference {keys.provider!r}")


def secret_box_for(settings: Settings, provider: KeyProvider | None = None) -> SecretBox:
    """A :class:`SecretBox` over the configured (or given) provider."""
    keys = settings.keys
    return SecretBox(
        provider or provider_for(settings),
        dek_reuse=keys.dek_reuse,
        dek_max_age_s=keys.dek_max_age_s,
    )


def resolve_reference(ref: str) -> str:
    """The secret a reference points at: ``env:NAME`` or ``file:PATH`` (first line)."""
    kind, _, rest = ref.partition(":")
    if kind == "env":
        value = os.environ.get(rest)
        if not value:
            raise KeyProviderError(f"environment variable {rest} is not set")
        return value
    if kind == "file":
        try:
            return Path(rest).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise KeyProviderError(f"cannot read secret file {rest}: {exc}") from exc
    raise KeyProviderError(f"unsupported secret reference {ref!r} (use env:NAME or file:PATH)")


def _vault(keys: KeySettings, rest: str) -> KeyProvider:
    mount, _, name = rest.rpartition("/")
    if not name:
        raise KeyProviderError(f"vault reference needs a key name: vault:{rest}")
    client = hvac.Client(
        url=keys.vault_addr or os.environ.get("VAULT_ADDR"),
        token=resolve_reference(keys.vault_token),
    )
    return VaultTransitProvider(client, name, mount or "transit")


def _kms(keys: KeySettings, rest: str) -> KeyProvider:
    client = boto3.client("kms", region_name=keys.kms_region, endpoint_url=keys.kms_endpoint_url)
    return KmsProvider(client, rest)
