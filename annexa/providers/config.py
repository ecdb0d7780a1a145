"""``providers.yaml``: the suppliers the gateway may reach, and the registry that routes to them.

```yaml
providers:
  - name: openai
    kind: openai            # openai | anthropic | azure_openai | openai_compatible | inspect
    base_url: https://api.openai.com/v1
    api_key: env:OPENAI_API_KEY   # a reference, never the key itself
    models: [gpt-4o, gpt-4o-mini] # names or fnmatch patterns; "*" = any
    max_level: internal     # highest classification this supplier may receive
    supplier: openai        # its entry in the AI supplier register (default: the name)
```

Provider kinds are registered through the ``register_providers`` plugin hook, the built-in ones
included (:mod:`annexa.providers.plugin`), so a third-party package adds a kind the same way.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from annexa.errors import ConfigError, UnknownModel
from annexa.forward.client import Forwarder
from annexa.plugins import plugin_manager
from annexa.providers.interface import Provider, ProviderConfig
from annexa.settings import Settings

__all__ = ["ProviderEntry", "ProviderFactory", "Registry", "load_providers", "resolve_secret"]

ProviderFactory = Callable[[ProviderConfig, Forwarder], Provider]


class ProviderEntry(BaseModel):
    """One supplier as written in ``providers.yaml``."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$", description="Unique name.")
    kind: str = Field(description="openai, anthropic, azure_openai, openai_compatible, inspect.")
    base_url: str = Field(default="", description="API root (OpenAI kinds include /v1).")
    api_key: str | None = Field(default=None, description="Reference: env:NAME.")
    models: list[str] = Field(default_factory=list, description="Model names or patterns.")
    max_level: str | None = Field(default=None, description="Highest classification allowed.")
    api_version: str | None = Field(default=None, description="Azure OpenAI api-version.")
    supplier: str | None = Field(
        default=None, description="The supplier in the AI supplier register (default: name)."
    )


class ProvidersFile(BaseModel):
    """The whole file."""

    model_config = ConfigDict(extra="forbid")
    providers: list[ProviderEntry] = Field(default_factory=list)


def resolve_secret(reference: str | None, *, where: str) -> str | None:
    """The value behind a secret reference (``env:NAME``); values in clear are refused."""
    if reference is None:
        return None
    scheme, _, rest = reference.partition(":")
    if scheme == "env" and rest:
        value = os.environ.get(rest)
        if not value:
            raise ConfigError(f"{where}: environment variable {rest} is not set")
        return value
    raise ConfigError(
        f"{where}: api_key must be a reference such as env:NAME, not a value",
        hint="Put the key in an environment variable and write api_key: env:THAT_NAME.",
    )


def provider_kinds(settings: Settings) -> dict[str, ProviderFactory]:
    """Every provider kind the installed plugins register."""
    kinds: dict[str, ProviderFactory] = {}

    def register(kind: str, factory: ProviderFactory) -> None:
        if kind in kinds:
            raise ConfigError(f"two plugins register the provider kind {kind!r}")
        kinds[kind] = factory

    plugin_manager().hook.register_providers(register=register, settings=settings)
    return kinds


def load_providers(path: Path, settings: Settings, forwarder: Forwarder) -> Registry:
    """Read and validate ``path``; build one provider per entry."""
    try:
        raw: Any = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        parsed = ProvidersFile.model_validate(raw)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the providers file ({exc.strerror})") from exc
    except (yaml.YAMLError, ValidationError) as exc:
        raise ConfigError(f"{path}: invalid providers file: {exc}") from exc
    kinds = provider_kinds(settings)
    built: list[Provider] = []
    for i, entry in enumerate(parsed.providers):
        where = f"{path}: providers[{i}] ({entry.name})"
        if entry.kind not in kinds:
            raise ConfigError(f"{where}: unknown kind {entry.kind!r}; known: {sorted(kinds)}")
        if any(p.name == entry.name for p in built):
            raise ConfigError(f"{where}: the name is used twice")
        config = ProviderConfig(
            name=entry.name,
            kind=entry.kind,
            base_url=entry.base_url,
            api_key=resolve_secret(entry.api_key, where=where),
            models=tuple(entry.models),
            max_level=entry.max_level,
            api_version=entry.api_version,
            supplier=entry.supplier or entry.name,
        )
        built.append(kinds[entry.kind](config, forwarder))
    return Registry(built)


class Registry:
    """The configured providers, in file order; the first whose models match a name serves it."""

    def __init__(self, providers: Sequence[Provider]) -> None:
        self.providers = tuple(providers)

    def route(self, model: str, allowed: Callable[[str, str], bool] | None = None) -> Provider:
        """The provider serving ``model`` that ``allowed(provider, model)`` permits."""
        for provider in self.providers:
            serves = any(fnmatchcase(model, pattern) for pattern in provider.config.models)
            if serves and (allowed is None or allowed(provider.name, model)):
                return provider
        raise UnknownModel(f"model {model!r} is not available to this API key")

    def models(
        self, allowed: Callable[[str, str], bool] | None = None
    ) -> Iterator[tuple[str, str]]:
        """``(provider, model)`` for every literal model name the caller may use."""
        for provider in self.providers:
            for model in provider.config.models:
                if any(c in model for c in "*?[") or (
                    allowed and not allowed(provider.name, model)
                ):
                    continue
                yield provider.name, model

    async def aclose(self) -> None:
        """Close every provider."""
        for provider in self.providers:
            await provider.aclose()
