"""What changes between two policies: rules, level maps, suppliers, and decisions.

For ``annexa policy diff`` and for reviewers of a policy change (A.8.32 change management).
Besides the structural differences it replays a built-in sample (every entity type either
policy names, each classification label, an empty request) for every role, group, provider and
model either policy mentions, and reports each decision that changes, which is what a reviewer
actually needs to know.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from pydantic import BaseModel

from annexa.detect.interface import Finding
from annexa.policy.combinators import RulePolicy
from annexa.policy.interface import Principal, Target

__all__ = ["DecisionChange", "PolicyDiff", "diff_policies"]


@dataclass(frozen=True, slots=True)
class DecisionChange:
    """One sample whose decision differs: what was sent, by whom, where; before and after."""

    entity: str
    principal: str
    provider: str
    model: str
    before: str
    after: str


@dataclass
class PolicyDiff:
    """Everything that differs between policy ``a`` and policy ``b``."""

    a_hash: str
    b_hash: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)
    moved: list[str] = field(default_factory=list)
    settings: dict[str, tuple[str, str]] = field(default_factory=dict)
    decisions: list[DecisionChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when nothing differs that changes behaviour or reads differently."""
        return not (self.added or self.removed or self.changed or self.moved) and not (
            self.settings or self.decisions
        )

    def to_dict(self) -> dict[str, object]:
        """The ``--json`` shape."""
        return {
            "a": self.a_hash,
            "b": self.b_hash,
            "rules": {
                "added": self.added,
                "removed": self.removed,
                "changed": self.changed,
                "moved": self.moved,
            },
            "settings": {k: {"a": a, "b": b} for k, (a, b) in self.settings.items()},
            "decisions": [vars_of(c) for c in self.decisions],
        }


def vars_of(change: DecisionChange) -> dict[str, str]:
    """A decision change as a plain dict."""
    return {s: getattr(change, s) for s in DecisionChange.__slots__}


def diff_policies(a: RulePolicy, b: RulePolicy) -> PolicyDiff:
    """Structural and behavioural differences from ``a`` to ``b``."""
    out = PolicyDiff(a.policy_hash, b.policy_hash)
    _diff_rules(a, b, out)
    _diff_settings(a, b, out)
    if a.levels == b.levels:
        out.decisions = list(_decision_changes(a, b))
    return out


def _diff_rules(a: RulePolicy, b: RulePolicy, out: PolicyDiff) -> None:
    """The rules, then the attachments rules (named ``attachments:<id>``)."""
    for prefix, old_rules, new_rules in (
        ("", a.rules, b.rules),
        ("attachments:", a.attachment_rules, b.attachment_rules),
    ):
        old: dict[str, BaseModel] = {prefix + r.id: r.spec for r in old_rules}
        new: dict[str, BaseModel] = {prefix + r.id: r.spec for r in new_rules}
        out.added += [i for i in new if i not in old]
        out.removed += [i for i in old if i not in new]
        for rid in (i for i in new if i in old):
            before, after = old[rid].model_dump(mode="json"), new[rid].model_dump(mode="json")
            fields = [k for k in after if before[k] != after[k]]
            if fields:
                out.changed[rid] = [f"{k}: {before[k]!r} → {after[k]!r}" for k in fields]
        common_old = [i for i in old if i in new]
        common_new = [i for i in new if i in old]
        out.moved += [i for i, j in zip(common_old, common_new, strict=True) if i != j]


def _diff_settings(a: RulePolicy, b: RulePolicy, out: PolicyDiff) -> None:
    pairs: list[tuple[str, object, object]] = [
        ("levels", list(a.levels), list(b.levels)),
        ("default", a.doc.default.value, b.doc.default.value),
        ("surrogates", sorted(a.doc.surrogates), sorted(b.doc.surrogates)),
        (
            "default_level",
            _level(a, a.level_map.default_index),
            _level(b, b.level_map.default_index),
        ),
    ]
    for kind in ("entities", "labels"):
        ma, mb = getattr(a.level_map, kind), getattr(b.level_map, kind)
        for key in sorted(set(ma) | set(mb)):
            pairs.append((f"{kind}.{key}", _level(a, ma.get(key)), _level(b, mb.get(key))))
    pa, pb = a.doc.providers, b.doc.providers
    for name in sorted(set(pa) | set(pb)):
        before = pa[name].max_level if name in pa else None
        after = pb[name].max_level if name in pb else None
        pairs.append((f"providers.{name}.max_level", before, after))
    for key, old, new in pairs:
        if old != new:
            out.settings[key] = (str(old), str(new))


def _level(p: RulePolicy, index: int | None) -> str | None:
    return None if index is None else p.levels[index]


def _concrete(pattern: str) -> str:
    """A name a glob matches (``local-*`` → ``local-x``)."""
    return re.sub(r"\[[^]]*\]|[*?]", "x", pattern)


def _names(policies: Iterable[RulePolicy], attr: str) -> set[str]:
    return {_concrete(v) for p in policies for r in p.rules for v in (getattr(r.spec, attr) or ())}


def _samples(a: RulePolicy, b: RulePolicy) -> list[tuple[str, Finding | None]]:
    """(label for display, a finding or None for the empty request)."""
    entities = set(a.level_map.entities) | set(b.level_map.entities) | _names((a, b), "entities")
    out: list[tuple[str, Finding | None]] = [("(no findings)", None)]
    out += [(e, Finding(e, 0, 1, 1.0, "sample")) for e in sorted(entities)]
    label_entity = a.level_map.label_entity
    for words in sorted(set(a.doc.labels) | set(b.doc.labels) | {"CONFIDENTIAL"}):
        label = Finding(label_entity, 0, 1, 1.0, "sample", words)  # label words ride in provider
        out.append((f"{label_entity} '{words}'", label))
    return out


def _decision_changes(a: RulePolicy, b: RulePolicy) -> Iterable[DecisionChange]:
    roles = _names((a, b), "roles") | {"member"}
    groups = _names((a, b), "groups")
    principals = [Principal("sample", r, "user", r) for r in sorted(roles)]
    principals += [
        Principal("sample", f"group:{g}", "user", "member", (g,)) for g in sorted(groups)
    ]
    providers = _names((a, b), "providers") | {
        _concrete(n) for n in (*a.doc.providers, *b.doc.providers)
    }
    models = sorted(_names((a, b), "models") | {"any-model"})
    targets = [Target(p, m) for p in sorted(providers | {"unlisted-provider"}) for m in models]
    for (shown, finding), who, where in itertools.product(_samples(a, b), principals, targets):
        findings = () if finding is None else (finding,)
        da, db = a.decide(findings, who, where), b.decide(findings, who, where)
        if (da.action, da.rule_id) != (db.action, db.rule_id):
            yield DecisionChange(
                shown,
                who.name,
                where.provider,
                where.model,
                f"{da.action.value} ({da.rule_id})",
                f"{db.action.value} ({db.rule_id})",
            )
