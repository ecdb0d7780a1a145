"""Plugins: built-in detectors (and later providers and sinks) register through the same hooks a
third-party package uses. A package extends Annexa by declaring an entry point in the ``annexa``
group whose module implements hooks marked with :data:`hookimpl`.

There is no global manager: :func:`plugin_manager` builds one per composition root.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

import pluggy

from annexa.detect.interface import Detector
from annexa.settings import ScanSettings

hookspec = pluggy.HookspecMarker("annexa")
hookimpl = pluggy.HookimplMarker("annexa")

DEFAULT_PLUGINS = ("annexa.plugins.builtin", "annexa.providers.plugin")


class AnnexaSpec:
    """The hooks a plugin may implement."""

    @hookspec
    def register_detectors(
        self, register: Callable[[Detector], None], settings: ScanSettings
    ) -> None:
        """Call ``register(detector)`` for every detector this plugin provides."""

    @hookspec
    def register_providers(self, register: Callable[[str, Any], None], settings: Any) -> None:
        """Call ``register(kind, factory)`` for every provider kind this plugin provides;
        ``factory(config, forwarder)`` builds an :class:`annexa.providers.interface.Provider`
        (``settings`` is the whole :class:`annexa.settings.Settings`)."""


def plugin_manager(
    extra: Sequence[ModuleType | object] = (), *, entry_points: bool = True
) -> pluggy.PluginManager:
    """A manager with the built-in plugins, installed entry points and ``extra``."""

    pm = pluggy.PluginManager("annexa")
    pm.add_hookspecs(AnnexaSpec)
    for name in DEFAULT_PLUGINS:
        pm.register(importlib.import_module(name), name=name)
    if entry_points:
        pm.load_setuptools_entrypoints("annexa")
    for plugin in extra:
        pm.register(plugin)
    return pm
