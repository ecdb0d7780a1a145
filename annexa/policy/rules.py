"""Compiled rules and level maps: the matching half of a rule-based policy, pure and fast.

A :class:`Rule` answers two questions: does it apply to this principal and target
(:meth:`Rule.applies_to`), and to this finding (:meth:`Rule.matches_finding`)? Globs use
:func:`fnmatch.fnmatchcase`, so ``gpt-4*`` and ``*_ID`` work and case matters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase

from annexa.detect.interface import Finding
from annexa.policy.interface import Action, Principal, Target
from annexa.policy.schema import (
    DEFAULT_ENTITY_LEVELS,
    DEFAULT_LABEL_LEVELS,
    PolicyDoc,
    RuleSpec,
)


def _any_glob(patterns: Sequence[str] | None, *values: str) -> bool:
    if patterns is None:
        return True
    return any(fnmatchcase(v, p) for p in patterns for v in values)


def normalise_label(label: str) -> str:
    """Labels compare case-insensitively with runs of white space collapsed."""
    return " ".join(label.split()).casefold()


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of a policy, with its level bounds resolved to indexes."""

    spec: RuleSpec
    level_indexes: frozenset[int] | None
    min_index: int | None

    @classmethod
    def build(cls, spec: RuleSpec, levels: Sequence[str]) -> Rule:
        """Resolve the spec's level names against the policy's ordered levels."""
        idx = None if spec.levels is None else frozenset(levels.index(lv) for lv in spec.levels)
        low = None if spec.min_level is None else levels.index(spec.min_level)
        return cls(spec=spec, level_indexes=idx, min_index=low)

    @property
    def id(self) -> str:
        """The rule id."""
        return self.spec.id

    @property
    def action(self) -> Action:
        """What the rule does to what it matches."""
        return self.spec.action

    @property
    def is_request_rule(self) -> bool:
        """True when the rule has no finding condition, so it also decides empty requests."""
        s = self.spec
        return s.entities is None and s.levels is None and s.min_level is None

    def applies_to(self, principal: Principal, target: Target) -> bool:
        """Principal (role or group, kind) and target (provider, model) conditions."""
        s = self.spec
        if s.roles is not None or s.groups is not None:
            by_role = s.roles is not None and _any_glob(s.roles, principal.role)
            by_group = s.groups is not None and _any_glob(s.groups, *principal.groups)
            if not (by_role or by_group):
                return False
        if s.kinds is not None and principal.kind not in s.kinds:
            return False
        return _any_glob(s.providers, target.provider) and _any_glob(s.models, target.model)

    def matches_finding(self, entity: str, level_index: int) -> bool:
        """Entity type and level conditions."""
        if not _any_glob(self.spec.entities, entity):
            return False
        if self.level_indexes is not None and level_index not in self.level_indexes:
            return False
        return self.min_index is None or level_index >= self.min_index


@dataclass(frozen=True, slots=True)
class LevelMap:
    """Entity type → level index, and label text → level index, for one policy."""

    levels: tuple[str, ...]
    entities: dict[str, int]
    labels: dict[str, int]
    default_index: int
    label_entity: str

    @classmethod
    def build(cls, doc: PolicyDoc) -> LevelMap:
        """Built-in maps (when the standard levels exist) overridden by the file's."""
        levels = tuple(doc.levels)
        entities: dict[str, str] = {}
        labels: dict[str, str] = {}
        if doc.uses_standard_levels():
            entities.update(DEFAULT_ENTITY_LEVELS)
            labels.update(DEFAULT_LABEL_LEVELS)
        entities.update(doc.entities)
        labels.update(doc.labels)
        default = levels[-1] if doc.default_level is None else doc.default_level
        return cls(
            levels=levels,
            entities={e: levels.index(lv) for e, lv in entities.items()},
            labels={normalise_label(k): levels.index(lv) for k, lv in labels.items()},
            default_index=levels.index(default),
            label_entity=doc.label_entity,
        )

    def is_label(self, finding: Finding) -> bool:
        """True for a classification-label finding (it marks the whole text)."""
        return finding.entity == self.label_entity

    def level_of(self, finding: Finding, text: str | None) -> int:
        """The finding's level index; a label's comes from its own words when known."""
        if self.is_label(finding):
            words = finding.provider or (text[finding.start : finding.end] if text else None)
            if words is not None and normalise_label(words) in self.labels:
                return self.labels[normalise_label(words)]
        return self.entities.get(finding.entity, self.default_index)

    def index(self, level: str) -> int:
        """Index of a level name; ``ValueError`` if the policy does not define it."""
        return self.levels.index(level)
