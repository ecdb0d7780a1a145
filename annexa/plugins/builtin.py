"""The built-in plugin: Annexa's own detectors, registered like any third party's.

Every module in :mod:`annexa.detect.builtin` exposes ``detectors(settings) -> list[Detector]``;
adding a detector is adding a module there.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable

from annexa.detect import builtin as builtin_detectors
from annexa.detect.interface import Detector
from annexa.plugins import hookimpl
from annexa.settings import ScanSettings


@hookimpl
def register_detectors(register: Callable[[Detector], None], settings: ScanSettings) -> None:
    for info in sorted(pkgutil.iter_modules(builtin_detectors.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{builtin_detectors.__name__}.{info.name}")
        factory = getattr(module, "detectors", None)
        if factory is None:
            continue
        for detector in factory(settings):
            register(detector)
