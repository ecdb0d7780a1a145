"""The built-in provider kinds, registered through the same hook a third-party plugin uses.

Each factory imports its provider module when it first builds one: the plugin manager loads this
module for every command, `annexa scan` included, and the providers pull in the upstream HTTP
client and the pseudonym vault (aiohttp, the key providers), about a quarter of a second of
imports a scan never needs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from annexa.plugins import hookimpl
from annexa.providers.interface import Provider, ProviderConfig
from annexa.settings import Settings

if TYPE_CHECKING:
    from annexa.forward.client import Forwarder


def _openai(config: ProviderConfig, forwarder: Forwarder) -> Provider:
    from annexa.providers.openai import OpenAIProvider  # noqa: PLC0415 - see the docstring

    return OpenAIProvider(config, forwarder)


def _azure_openai(config: ProviderConfig, forwarder: Forwarder) -> Provider:
    from annexa.providers.openai import AzureOpenAIProvider  # noqa: PLC0415 - see the docstring

    return AzureOpenAIProvider(config, forwarder)


def _anthropic(config: ProviderConfig, forwarder: Forwarder) -> Provider:
    from annexa.providers.anthropic import AnthropicProvider  # noqa: PLC0415 - see the docstring

    return AnthropicProvider(config, forwarder)


def _inspect(config: ProviderConfig, _forwarder: Forwarder) -> Provider:
    from annexa.providers.inspect import InspectProvider  # noqa: PLC0415 - see the docstring

    return InspectProvider(config)


@hookimpl
def register_providers(
    register: Callable[[str, Callable[[ProviderConfig, Forwarder], Provider]], None],
    settings: Settings,
) -> None:
    register("openai", _openai)
    register("openai_compatible", _openai)
    register("azure_openai", _azure_openai)
    register("anthropic", _anthropic)
    register("inspect", _inspect)
