"""Custom regex detectors from configuration (``scan.patterns``).

Each :class:`~annexa.settings.CustomPattern` becomes its own detector, named after the rule, so
its findings carry the rule's name and ``scan.disabled`` can switch it off; a rule named like a
built-in detector is refused at load.

A rule is checked when the configuration loads, and a bad one stops the load with a
:class:`~annexa.errors.ConfigError` that names it:

- it must be a valid regular expression;
- it must be linear-time: rules run on RE2 (google-re2), which guarantees time linear in the
  text whatever the expression, and refuses what would need backtracking (backreferences,
  look-around). An operator's regex can therefore never stall the gateway (ReDoS);
- it must not match the empty string (it would match everywhere).

RE2 reads the Python syntax of the common cases (classes, ``\\d \\w \\b``, ``{m,n}``, ``(?i)``,
named groups); its ``\\d``, ``\\w`` and ``\\b`` are ASCII-only, which suits the normalised text.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any

import re2

from annexa.detect.interface import Detector
from annexa.detect.pattern import Pattern, PatternDetector
from annexa.errors import ConfigError
from annexa.settings import CustomPattern, ScanSettings

_HINT = (
    "Fix or remove this rule in scan.patterns. Rules run on RE2: no backreferences (\\1) and "
    "no look-around ((?=...), (?<=...)); use \\b for word boundaries."
)


def compile_rule(rule: CustomPattern) -> Any:
    """The rule compiled by RE2, or a ConfigError naming the rule."""
    try:
        re.compile(rule.regex)
    except re.error as exc:
        raise ConfigError(
            f"custom pattern {rule.name!r}: not a valid regular expression ({exc})", hint=_HINT
        ) from exc
    options = re2.Options()
    options.log_errors = False
    try:
        compiled = re2.compile(rule.regex, options=options)
    except re2.error as exc:
        reason = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else exc
        raise ConfigError(
            f"custom pattern {rule.name!r}: not a linear-time expression ({reason})", hint=_HINT
        ) from exc
    if compiled.fullmatch("") is not None:
        raise ConfigError(f"custom pattern {rule.name!r}: matches the empty string", hint=_HINT)
    return compiled


class CustomPatternDetector(PatternDetector):
    """A regex rule from configuration (``scan.patterns``), run by RE2 in linear time."""

    origin = "config: scan.patterns"

    def __init__(self, rule: CustomPattern) -> None:
        self.rule = rule
        self._rx = compile_rule(rule)

    @cached_property
    def _compiled(self) -> list[tuple[Pattern, Any, frozenset[str]]]:
        return [(p, self._rx, frozenset()) for p in self.patterns]

    def describe(self) -> str:
        return f"custom rule {self.rule.name!r} ({self.rule.entity}) from scan.patterns"


def detector_for(rule: CustomPattern) -> PatternDetector:
    """One detector class per rule: ``name``, ``entities`` and ``patterns`` are class data."""
    attributes = {
        "name": rule.name,
        "entities": (rule.entity,),
        "patterns": (
            Pattern(rule.name, rule.regex, rule.score, entity=rule.entity, origin="config"),
        ),
    }
    cls = type(f"CustomPattern[{rule.name}]", (CustomPatternDetector,), attributes)
    detector: PatternDetector = cls(rule)
    return detector


def detectors(settings: ScanSettings) -> list[Detector]:
    """A detector per ``scan.patterns`` rule; an invalid rule raises ConfigError."""
    return [detector_for(rule) for rule in settings.patterns]
