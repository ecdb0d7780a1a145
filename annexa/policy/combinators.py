"""Policies that decide: :class:`RulePolicy` (first match wins) and :class:`AllOf` (strictest).

Both refuse to exist empty (sigstore's ``AllOf``): a policy with no rule, or a combination of no
policy, would silently decide nothing, so building one raises :class:`PolicyError`.

How :class:`RulePolicy` decides one text:

1. The target's provider must be known: listed under the policy's ``providers`` or configured with
   a ``provider_max_level``. Otherwise everything is blocked by ``unknown-provider``.
2. Each finding gets the action of the first rule that applies to the principal and target and
   matches the finding's entity type and level; no match → the policy's ``default`` (block).
3. The supplier's max level is enforced: a finding above it that would leave as is (allow, warn)
   is blocked by ``provider-max-level``; a classification label above it blocks whatever the rule
   says, because a label marks the whole text, not just its own words.
4. The request itself is decided by the first *request rule* (no entity or level condition), or
   the default; so a file that says nothing fails closed, even for a text without findings.
5. Overall: the strictest action; ties go to the earliest finding, then the request itself.

Attachments (images, audio, files: content the scanner cannot read) are decided apart, by the
file's ``attachments`` rules (:meth:`RulePolicy.decide_attachments`): each one by the first rule
that matches its kind, sender and supplier; one that no rule matches is blocked
(``unscannable``), and so is every attachment to an unknown provider.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from fnmatch import fnmatchcase

from annexa.detect.interface import Finding
from annexa.policy.interface import (
    UNSCANNABLE,
    Action,
    AttachmentDecision,
    Decision,
    FindingDecision,
    Policy,
    PolicyError,
    Principal,
    Target,
    media_counts,
    unscannable_reason,
)
from annexa.policy.rules import AttachmentRule, Glob, LevelMap, Rule
from annexa.policy.schema import PolicyDoc

#: (role, groups, kind, provider, model): everything a rule's non-finding conditions look at.
_Who = tuple[str, tuple[str, ...], str, str, str]
CACHE_SIZE = 16_384  # memo entries before a memo is cleared (bounded memory)
UNKNOWN_PROVIDER = "unknown-provider"
MAX_LEVEL = "provider-max-level"
DEFAULT = "default"
_UNSEEN = -1  # not yet in a memo (level indices are 0 and up)
_CEILINGS_KEPT = 1024  # distinct (provider, ceiling) pairs remembered


class RulePolicy(Policy):
    """A policy file compiled: ordered rules, level maps, supplier limits, a default."""

    def __init__(self, doc: PolicyDoc, policy_hash: str) -> None:
        if not doc.rules:
            raise PolicyError("a policy needs at least one rule (an empty policy decides nothing)")
        self.doc = doc
        self.policy_hash = policy_hash
        self.levels = tuple(doc.levels)
        self.level_map = LevelMap.build(doc)
        self.rules = tuple(Rule.build(spec, doc.levels) for spec in doc.rules)
        self.attachment_rules = tuple(AttachmentRule.build(spec) for spec in doc.attachments)
        self.surrogates = Glob.build(doc.surrogates) or Glob(frozenset(), None)
        self._applicable: dict[_Who, tuple[Rule, ...]] = {}
        self._first: dict[tuple[_Who, str, int], Rule | None] = {}
        self._with: dict[tuple[_Who, int, frozenset[Action], frozenset[str]], frozenset[str]] = {}
        self._ceilings: dict[tuple[str, str | None], int | None] = {}

    def max_level_index(self, target: Target) -> int:
        """The supplier's ceiling, the stricter of the policy's and the target's.

        Raises ``LookupError`` when neither states one (an unknown provider). Memoised per
        provider and target ceiling (every request asks, twice).
        """
        memo = (target.provider, target.provider_max_level)
        index = self._ceilings.get(memo, _UNSEEN)
        if index == _UNSEEN:
            index = self._ceiling(target)
            if len(self._ceilings) >= _CEILINGS_KEPT:
                self._ceilings.clear()
            self._ceilings[memo] = index
        if index is None:
            raise LookupError(target.provider)
        return index

    def _ceiling(self, target: Target) -> int | None:
        found: list[int] = []
        for name, spec in self.doc.providers.items():
            if fnmatchcase(target.provider, name):
                found.append(self.level_map.index(spec.max_level))
                break
        if target.provider_max_level is not None:
            try:
                found.append(self.level_map.index(target.provider_max_level))
            except ValueError:
                found.append(0)  # a level this policy does not know: the lowest, fail closed
        return min(found) if found else None

    def decide(
        self,
        findings: Sequence[Finding],
        principal: Principal,
        target: Target,
        *,
        text: str | None = None,
    ) -> Decision:
        """See the module docstring for the order of evaluation."""
        key: _Who = (
            principal.role,
            principal.groups,
            principal.kind,
            target.provider,
            target.model,
        )
        rules = self._rules_for(key, principal, target)
        try:
            ceiling = self.max_level_index(target)
        except LookupError:
            return self._unknown_provider(findings, target)
        decided = [self._decide_finding(f, key, rules, ceiling, text) for f in findings]
        request_rule = next((r for r in rules if r.is_request_rule), None)
        request = (
            (request_rule.action, request_rule.id) if request_rule else (self.doc.default, DEFAULT)
        )
        return self._overall(decided, request)

    def entities_with(
        self,
        actions: frozenset[Action],
        principal: Principal,
        target: Target,
        entities: Iterable[str],
    ) -> frozenset[str] | None:
        """Each entity type's action as :meth:`decide` gives it to one finding: the first rule
        for the type's level (a label: for each level it may carry), then the supplier's
        ceiling. ``None`` for an unknown provider (everything is blocked). Memoised."""
        key: _Who = (
            principal.role,
            principal.groups,
            principal.kind,
            target.provider,
            target.model,
        )
        try:
            ceiling = self.max_level_index(target)
        except LookupError:
            return None
        universe = entities if isinstance(entities, frozenset) else frozenset(entities)
        memo = (key, ceiling, actions, universe)
        found = self._with.get(memo)
        if found is None:
            rules = self._rules_for(key, principal, target)
            found = frozenset(
                e for e in universe if any(
                    self._action(key, rules, e, index, ceiling)[0] in actions
                    for index in self._levels_of(e)
                )
            )  # fmt: skip
            if len(self._with) >= CACHE_SIZE:
                self._with.clear()
            self._with[memo] = found
        return found

    def decide_attachments(
        self, media: Sequence[str], principal: Principal, target: Target
    ) -> AttachmentDecision:
        """Each attachment by the first ``attachments`` rule that matches its kind, sender and
        supplier, or blocked by ``unscannable``; one the rule lets through is blocked by
        ``provider-max-level`` when the rule's level (what the attachment is taken to hold)
        is above the supplier's ceiling. The strictest wins (ties: the first). Everything is
        blocked for an unknown provider."""
        try:
            ceiling = self.max_level_index(target)
        except LookupError:
            return AttachmentDecision(
                Action.BLOCK,
                UNKNOWN_PROVIDER,
                f"block by {UNKNOWN_PROVIDER}: provider {target.provider!r} is not in the "
                "policy's providers and has no max level configured",
            )
        decided: list[tuple[Action, str, str]] = []
        taken: set[int] = set()  # the levels of attachments above the supplier's ceiling
        for kind in media:
            rule = next(
                (r for r in self.attachment_rules if r.matches(kind, principal, target)), None
            )
            if rule is None:
                decided.append((Action.BLOCK, UNSCANNABLE, kind))
            elif rule.action is not Action.BLOCK and self._attachment_level(rule) > ceiling:
                decided.append((Action.BLOCK, MAX_LEVEL, kind))
                taken.add(self._attachment_level(rule))
            else:
                decided.append((rule.action, rule.id, kind))
        if not decided:
            return AttachmentDecision(Action.ALLOW, "", "")
        action, rule_id, _ = max(decided, key=lambda d: d[0].severity)  # first of the strictest
        kinds = [kind for _, rule, kind in decided if rule == rule_id]
        if rule_id == UNSCANNABLE:
            reason = unscannable_reason(kinds)
        elif rule_id == MAX_LEVEL:
            reason = (
                f"block by {MAX_LEVEL}: {media_counts(kinds)} taken as "
                f"{' or '.join(self.levels[i] for i in sorted(taken))}, above what supplier "
                f"{target.provider!r} may receive ({self.levels[ceiling]}); an attachments "
                "rule's level says what its attachments may hold"
            )
        elif action is Action.BLOCK:
            reason = f"block by rule {rule_id}: {media_counts(kinds)}"
        else:
            reason = f"{action.value} by rule {rule_id}: {media_counts(kinds)} forwarded unscanned"
        return AttachmentDecision(action, rule_id, reason)

    def _attachment_level(self, rule: AttachmentRule) -> int:
        """The level index an attachment ``rule`` lets through is taken to hold: its own
        ``level``, else the policy's level for what it has not classified."""
        if rule.spec.level is None:
            return self.level_map.default_index
        return self.levels.index(rule.spec.level)

    def _levels_of(self, entity: str) -> range:
        """The level indexes a finding of ``entity`` can have (a label's: any)."""
        if entity == self.level_map.label_entity:
            return range(len(self.levels))
        index = self.level_map.entities.get(entity, self.level_map.default_index)
        return range(index, index + 1)

    def _action(
        self, key: _Who, rules: Sequence[Rule], entity: str, index: int, ceiling: int
    ) -> tuple[Action, str]:
        """The action and rule id for a finding of ``entity`` at level ``index``: the first
        matching rule's (or the default), then the supplier's ceiling for what would leave as
        it is (a label always would: it marks the whole text)."""
        rule = self._first_rule(key, rules, entity, index)
        action, rule_id = (rule.action, rule.id) if rule else (self.doc.default, DEFAULT)
        leaves_as_is = entity == self.level_map.label_entity or not action.transforms
        if index > ceiling and action is not Action.BLOCK and leaves_as_is:
            return Action.BLOCK, MAX_LEVEL
        return action, rule_id

    def _rules_for(self, key: _Who, principal: Principal, target: Target) -> tuple[Rule, ...]:
        """The rules that apply to this sender and target (memoised; a pure function of key)."""
        rules = self._applicable.get(key)
        if rules is None:
            if len(self._applicable) >= CACHE_SIZE:
                self._applicable.clear()
            rules = tuple(r for r in self.rules if r.applies_to(principal, target))
            self._applicable[key] = rules
        return rules

    def _first_rule(self, key: _Who, rules: Sequence[Rule], entity: str, index: int) -> Rule | None:
        """The first rule matching the finding (memoised per sender, target, entity, level)."""
        memo = (key, entity, index)
        if memo in self._first:
            return self._first[memo]
        if len(self._first) >= CACHE_SIZE:
            self._first.clear()
        rule = next((r for r in rules if r.matches_finding(entity, index)), None)
        self._first[memo] = rule
        return rule

    def _decide_finding(
        self, finding: Finding, key: _Who, rules: Sequence[Rule], ceiling: int, text: str | None
    ) -> FindingDecision:
        index = self.level_map.level_of(finding, text)
        action, rule_id = self._action(key, rules, finding.entity, index, ceiling)
        surrogate = action is Action.PSEUDONYMIZE and self.surrogates.matches(finding.entity)
        return FindingDecision(finding, action, rule_id, self.levels[index], surrogate)

    def _overall(self, decided: list[FindingDecision], request: tuple[Action, str]) -> Decision:
        candidates = [(fd.action, fd.rule_id) for fd in decided] + [request]
        action, rule_id = max(candidates, key=lambda c: c[0].severity)  # first of the strictest
        counts = Counter(fd.finding.entity for fd in decided)
        level = max((self.levels.index(fd.level) for fd in decided), default=None)
        return Decision(
            action=action,
            rule_id=rule_id,
            reason=_reason(action, rule_id, decided),
            findings=tuple(decided),
            policy_hash=self.policy_hash,
            entity_counts=dict(counts),
            level=None if level is None else self.levels[level],
        )

    def _unknown_provider(self, findings: Sequence[Finding], target: Target) -> Decision:
        decided = tuple(
            FindingDecision(f, Action.BLOCK, UNKNOWN_PROVIDER, self.levels[-1]) for f in findings
        )
        return Decision(
            action=Action.BLOCK,
            rule_id=UNKNOWN_PROVIDER,
            reason=f"block by {UNKNOWN_PROVIDER}: provider {target.provider!r} is not in the "
            "policy's providers and has no max level configured",
            findings=decided,
            policy_hash=self.policy_hash,
            entity_counts=dict(Counter(f.entity for f in findings)),
            level=self.levels[-1] if findings else None,
        )


def _reason(action: Action, rule_id: str, decided: Sequence[FindingDecision]) -> str:
    """People-readable, value-free: the action, the rule and the entity types it concerned."""
    hit = Counter(fd.finding.entity for fd in decided if fd.rule_id == rule_id)
    what = ", ".join(f"{e}×{n}" for e, n in sorted(hit.items()))
    if rule_id == DEFAULT:
        base = f"{action.value} by the policy default (no rule matched)"
    elif rule_id == MAX_LEVEL:
        base = f"{action.value} by {MAX_LEVEL}: data above the supplier's classification ceiling"
    else:
        base = f"{action.value} by rule {rule_id}"
    return f"{base}: {what}" if what else base


class AllOf(Policy):
    """Several policies at once (e.g. the organisation's and a team's): the strictest wins."""

    def __init__(self, policies: Sequence[Policy]) -> None:
        if not policies:
            raise PolicyError("AllOf needs at least one policy (an empty one decides nothing)")
        if len({p.levels for p in policies}) != 1:
            raise PolicyError("AllOf needs policies with the same classification levels")
        self.policies = tuple(policies)
        self.levels = policies[0].levels
        joined = "".join(p.policy_hash for p in policies).encode()
        self.policy_hash = hashlib.sha256(joined).hexdigest()

    def entities_with(
        self,
        actions: frozenset[Action],
        principal: Principal,
        target: Target,
        entities: Iterable[str],
    ) -> frozenset[str] | None:
        """A finding gets the strictest of its policies' actions: the types any of them gives
        one of ``actions`` to (an over-approximation, never an under-one), or ``None``."""
        universe = tuple(entities)
        found: set[str] = set()
        for policy in self.policies:
            part = policy.entities_with(actions, principal, target, universe)
            if part is None:
                return None
            found |= part
        return frozenset(found)

    def decide_attachments(
        self, media: Sequence[str], principal: Principal, target: Target
    ) -> AttachmentDecision:
        """Each policy decides; the strictest wins (ties: the first policy's)."""
        results = [p.decide_attachments(media, principal, target) for p in self.policies]
        return max(results, key=lambda r: r.action.severity)

    def decide(
        self,
        findings: Sequence[Finding],
        principal: Principal,
        target: Target,
        *,
        text: str | None = None,
    ) -> Decision:
        """Each policy decides; per finding and overall, the strictest action wins."""
        results = [p.decide(findings, principal, target, text=text) for p in self.policies]
        per_finding = tuple(
            max(group, key=lambda fd: fd.action.severity)
            for group in zip(*(r.findings for r in results), strict=True)
        )
        top = max(results, key=lambda r: r.action.severity)
        return Decision(
            action=top.action,
            rule_id=top.rule_id,
            reason=top.reason,
            findings=per_finding,
            policy_hash=self.policy_hash,
            entity_counts=top.entity_counts,
            level=max(
                (r.level for r in results if r.level is not None),
                key=self.levels.index,
                default=None,
            ),
        )
