"""Compiled rules and level maps: the matching half of a rule-based policy, pure and fast.

A :class:`Rule` answers two questions: does it apply to this principal and target
(:meth:`Rule.applies_to`), and to this finding (:meth:`Rule.matches_finding`)? Globs follow
:func:`fnmatch.fnmatchcase` (``gpt-4*``, ``*_ID``; case matters), compiled once per rule.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Sequence
from dataclasses import dataclass

from annexa.detect.interface import Finding
from annexa.policy.interface import Action, Principal, Target
from annexa.policy.schema import (
    DEFAULT_ENTITY_LEVELS,
    DEFAULT_LABEL_LEVELS,
    AttachmentRuleSpec,
    PolicyDoc,
    RuleSpec,
)


@dataclass(frozen=True, slots=True)
class Glob:
    """A list of names and globs compiled once: exact names in a set, globs in one regex."""

    exact: frozenset[str]
    pattern: re.Pattern[str] | None

    @classmethod
    def build(cls, patterns: Sequence[str] | None) -> Glob | None:
        """``None`` (no condition) stays ``None``."""
        if patterns is None:
            return None
        globs = [p for p in patterns if any(c in p for c in "*?[")]
        joined = "|".join(f"(?:{fnmatch.translate(g)})" for g in globs)
        return cls(
            frozenset(p for p in patterns if p not in globs), re.compile(joined) if globs else None
        )

    def matches(self, *values: str) -> bool:
        """True when any value matches any name or glob (case sensitive)."""
        return any(
            v in self.exact or (self.pattern is not None and self.pattern.match(v)) for v in values
        )


def _ok(glob: Glob | None, *values: str) -> bool:
    return glob is None or glob.matches(*values)


def normalise_label(label: str) -> str:
    """Labels compare case-insensitively with runs of white space collapsed."""
    return " ".join(label.split()).casefold()


@dataclass(frozen=True, slots=True)
class Audience:
    """A rule's conditions on who sends (role or group, kind) and where to (provider, model),
    compiled once; the same for a rule and an attachments rule."""

    roles: Glob | None
    groups: Glob | None
    kinds: frozenset[str] | None
    providers: Glob | None
    models: Glob | None

    @classmethod
    def build(cls, spec: RuleSpec | AttachmentRuleSpec) -> Audience:
        """Compile the spec's globs."""
        return cls(
            roles=Glob.build(spec.roles),
            groups=Glob.build(spec.groups),
            kinds=None if spec.kinds is None else frozenset(spec.kinds),
            providers=Glob.build(spec.providers),
            models=Glob.build(spec.models),
        )

    def applies_to(self, principal: Principal, target: Target) -> bool:
        """Either list of roles and groups may match; kind, provider and model must."""
        if self.roles is not None or self.groups is not None:
            by_role = self.roles is not None and self.roles.matches(principal.role)
            by_group = self.groups is not None and self.groups.matches(*principal.groups)
            if not (by_role or by_group):
                return False
        if self.kinds is not None and principal.kind not in self.kinds:
            return False
        return _ok(self.providers, target.provider) and _ok(self.models, target.model)


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of a policy, with its level bounds resolved to indexes."""

    spec: RuleSpec
    level_indexes: frozenset[int] | None
    min_index: int | None
    entities: Glob | None
    audience: Audience

    @classmethod
    def build(cls, spec: RuleSpec, levels: Sequence[str]) -> Rule:
        """Resolve the spec's level names against the policy's ordered levels."""
        idx = None if spec.levels is None else frozenset(levels.index(lv) for lv in spec.levels)
        low = None if spec.min_level is None else levels.index(spec.min_level)
        return cls(
            spec=spec,
            level_indexes=idx,
            min_index=low,
            entities=Glob.build(spec.entities),
            audience=Audience.build(spec),
        )

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
        return self.audience.applies_to(principal, target)

    def matches_finding(self, entity: str, level_index: int) -> bool:
        """Entity type and level conditions."""
        if not _ok(self.entities, entity):
            return False
        if self.level_indexes is not None and level_index not in self.level_indexes:
            return False
        return self.min_index is None or level_index >= self.min_index


@dataclass(frozen=True, slots=True)
class AttachmentRule:
    """One rule of a policy's ``attachments`` section: which images, audio or files may leave
    unscanned, from whom, to which supplier."""

    spec: AttachmentRuleSpec
    audience: Audience

    @classmethod
    def build(cls, spec: AttachmentRuleSpec) -> AttachmentRule:
        """Compile the spec's globs."""
        return cls(spec=spec, audience=Audience.build(spec))

    @property
    def id(self) -> str:
        """The rule id."""
        return self.spec.id

    @property
    def action(self) -> Action:
        """allow, warn or block."""
        return Action(self.spec.action)

    def matches(self, media: str, principal: Principal, target: Target) -> bool:
        """Whether the rule decides an attachment of kind ``media`` from ``principal`` to
        ``target``."""
        if self.spec.media is not None and media not in self.spec.media:
            return False
        return self.audience.applies_to(principal, target)


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
