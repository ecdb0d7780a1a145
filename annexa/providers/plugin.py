"""The built-in provider kinds, registered through the same hook a third-party plugin uses."""

from __future__ import annotations

from collections.abc import Callable

from annexa.forward.client import Forwarder
from annexa.plugins import hookimpl
from annexa.providers.anthropic import AnthropicProvider
from annexa.providers.inspect import InspectProvider
from annexa.providers.interface import Provider, ProviderConfig
from annexa.providers.openai import AzureOpenAIProvider, OpenAIProvider
from annexa.settings import Settings


def _inspect(config: ProviderConfig, _forwarder: Forwarder) -> Provider:
    return InspectProvider(config)


@hookimpl
def register_providers(
    register: Callable[[str, Callable[[ProviderConfig, Forwarder], Provider]], None],
    settings: Settings,
) -> None:
    register("openai", OpenAIProvider)
    register("openai_compatible", OpenAIProvider)
    register("azure_openai", AzureOpenAIProvider)
    register("anthropic", AnthropicProvider)
    register("inspect", _inspect)
