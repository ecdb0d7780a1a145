"""The policy family: who may send which data class to which supplier, and what happens to it.

A :class:`Policy` is pure: given the :class:`~annexa.detect.Finding` objects of a request, the
:class:`Principal` sending it and the :class:`Target` it goes to, it returns a :class:`Decision`
saying, per finding and overall, whether to allow, warn (allow and flag), pseudonymize, redact or
block, and which rule decided. It never sees a value, only entity types and offsets, so nothing
it returns (``reason``, ``header()``) can leak one.

Used by the gateway (one :meth:`Policy.decide_many` per request, one text per message, system
prompt or tool argument) and by ``annexa policy test``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Literal

from annexa.detect.interface import Finding
from annexa.errors import ConfigError

__all__ = [
    "UNSCANNABLE",
    "Action",
    "AttachmentDecision",
    "Decision",
    "FindingDecision",
    "Policy",
    "PolicyError",
    "Principal",
    "Target",
    "combine",
]


class PolicyError(ConfigError):
    """A policy file that does not load or validate; the working policy stays in force."""

    hint = (
        "Fix the policy at the line named above; a running gateway keeps its last working policy."
    )


class Action(StrEnum):
    """What happens to a finding, or to the whole request. Ordered by :attr:`severity`."""

    ALLOW = "allow"
    WARN = "warn"
    PSEUDONYMIZE = "pseudonymize"
    REDACT = "redact"
    BLOCK = "block"

    @property
    def severity(self) -> int:
        """Rank for "the strictest wins": allow 0 < warn 1 < pseudonymize 2 < redact 3 < block 4."""
        return _SEVERITY[self]

    @property
    def transforms(self) -> bool:
        """True when the span is replaced before it leaves (pseudonymize, redact)."""
        return self in (Action.PSEUDONYMIZE, Action.REDACT)


_SEVERITY = {a: i for i, a in enumerate(Action)}


@dataclass(frozen=True, slots=True)
class Principal:
    """Who sends the request: a person or an application, with a role and groups."""

    id: str
    name: str
    kind: Literal["user", "service"]
    role: str
    groups: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Target:
    """Where the request goes.

    Attributes:
        provider: the configured supplier's name (``openai``, ``inspect``...).
        model: the model asked for.
        provider_max_level: the highest classification level the supplier may receive (from the
            gateway's provider configuration or the supplier register); ``None`` when not stated.
    """

    provider: str
    model: str
    provider_max_level: str | None = None


@dataclass(frozen=True, slots=True)
class FindingDecision:
    """The decision on one finding: what to do with its span, which rule said so, its level.

    ``surrogate``: when pseudonymizing, use a realistic same-format surrogate instead of a
    ``[[ENTITY_token]]`` placeholder (the policy's ``surrogates`` list).
    """

    finding: Finding
    action: Action
    rule_id: str
    level: str
    surrogate: bool = False


@dataclass(frozen=True, slots=True)
class Decision:
    """The decision on one text, or on a whole request (see :func:`combine`).

    Attributes:
        action: the strictest of the per-finding actions and of the request-level rule.
        rule_id: the rule that decided ``action``.
        reason: for people and audit records; names entity types, levels and rules, never values.
        findings: one decision per finding, offsets into the text the finding came from.
        policy_hash: sha256 (hex) of the policy version that decided.
        entity_counts: findings per entity type.
        level: the highest classification level present, ``None`` when nothing was found.
        unscanned: the request's attachments (images, audio, files) per kind, which the
            scanner could not read (see :meth:`Policy.decide_attachments`).
    """

    action: Action
    rule_id: str
    reason: str
    findings: tuple[FindingDecision, ...]
    policy_hash: str
    entity_counts: Mapping[str, int] = field(default_factory=dict)
    level: str | None = None
    unscanned: Mapping[str, int] = field(default_factory=dict)

    @property
    def allowed(self) -> bool:
        """True when the request may be forwarded (every action but block)."""
        return self.action is not Action.BLOCK

    def header(self) -> str:
        """The ``x-annexa-decision`` header value, e.g.
        ``action=pseudonymize; rule=pii-to-external; entities=EMAIL_ADDRESS:2,PERSON:1``."""
        counts = ",".join(f"{k}:{v}" for k, v in sorted(self.entity_counts.items()))
        parts = [f"action={self.action.value}", f"rule={self.rule_id}"]
        parts.append(f"entities={counts}" if counts else "entities=none")
        if self.unscanned:
            parts.append(
                "unscanned=" + ",".join(f"{k}:{v}" for k, v in sorted(self.unscanned.items()))
            )
        parts.append(f"policy={self.policy_hash[:12]}")
        return "; ".join(parts)

    def with_attachments(self, decided: AttachmentDecision, counts: Mapping[str, int]) -> Decision:
        """This decision with the request's attachments: ``counts`` recorded, and the
        attachments' action in force when it is the stricter (a block, or a warn over an
        allow)."""
        if decided.action.severity > self.action.severity:
            return replace(
                self,
                action=decided.action,
                rule_id=decided.rule_id,
                reason=decided.reason,
                unscanned=dict(counts),
            )
        return replace(self, unscanned=dict(counts))


#: The rule id of the block of an attachment no ``attachments`` rule allows.
UNSCANNABLE = "unscannable"


@dataclass(frozen=True, slots=True)
class AttachmentDecision:
    """What happens to a request's images, audio and files: allow or warn (forwarded as they
    are, unscanned) or block, which rule said so, and why (kinds and counts, no content)."""

    action: Action
    rule_id: str
    reason: str


def combine(decisions: Sequence[Decision], policy_hash: str, levels: Sequence[str]) -> Decision:
    """One overall decision for a request from its per-text decisions (the strictest wins).

    ``levels`` is the policy's ordered level list, used to pick the highest level present.
    ``findings`` of the result concatenates the per-text ones (offsets stay per text).
    """
    if not decisions:
        raise ValueError("combine() needs at least one decision")
    top = max(decisions, key=lambda d: d.action.severity)  # first of the strictest
    counts: Counter[str] = Counter()
    for d in decisions:
        counts.update(d.entity_counts)
    present = [d.level for d in decisions if d.level is not None]
    level = max(present, key=levels.index) if present else None
    return Decision(
        action=top.action,
        rule_id=top.rule_id,
        reason=top.reason,
        findings=tuple(fd for d in decisions for fd in d.findings),
        policy_hash=policy_hash,
        entity_counts=dict(counts),
        level=level,
    )


class Policy(ABC):
    """Base of every policy: decides on findings, never does I/O."""

    #: sha256 (hex) of the policy source this object was built from.
    policy_hash: str = ""
    #: the ordered classification levels, lowest first.
    levels: tuple[str, ...] = ()

    @abstractmethod
    def decide(
        self,
        findings: Sequence[Finding],
        principal: Principal,
        target: Target,
        *,
        text: str | None = None,
    ) -> Decision:
        """Decide on the findings of one text.

        ``text`` (optional) lets the policy read classification labels: a ``CLASSIFICATION_LABEL``
        finding's level comes from the label it covers (``text[start:end]``) or, without the
        text, from ``finding.provider`` when the label detector sets it.
        """

    def entities_with(
        self,
        actions: frozenset[Action],
        principal: Principal,
        target: Target,
        entities: Iterable[str],
    ) -> frozenset[str] | None:
        """Which of ``entities`` could get one of ``actions`` for this sender and target,
        whatever else a text holds; ``None`` when the policy cannot tell (treat all as such).
        Lets a caller that acts only on some actions (the output policy: redact and block) run
        the detectors of those entity types alone. This default cannot tell."""
        return None

    def decide_attachments(
        self, media: Sequence[str], principal: Principal, target: Target
    ) -> AttachmentDecision:
        """The decision on a request's attachments (``media``: the kind of each, ``image``,
        ``audio`` or ``file``). The scanner cannot read them, so this default refuses every
        one; a policy with rules for them says which may leave."""
        return AttachmentDecision(Action.BLOCK, UNSCANNABLE, unscannable_reason(media))

    def decide_many(
        self,
        texts_findings: Sequence[Sequence[Finding]],
        principal: Principal,
        target: Target,
        *,
        texts: Sequence[str] | None = None,
    ) -> list[Decision]:
        """One decision per text of a request, in order; :meth:`decide_request` adds the overall."""
        if texts is not None and len(texts) != len(texts_findings):
            raise ValueError("texts and texts_findings differ in length")
        return [
            self.decide(fs, principal, target, text=None if texts is None else texts[i])
            for i, fs in enumerate(texts_findings)
        ]

    def decide_request(
        self,
        texts_findings: Sequence[Sequence[Finding]],
        principal: Principal,
        target: Target,
        *,
        texts: Sequence[str] | None = None,
    ) -> tuple[Decision, list[Decision]]:
        """The overall decision of a request and the per-text decisions it combines.

        A request without texts is decided as one empty text (so request-level rules, unknown
        providers and the fail-closed default still apply).
        """
        per_text = self.decide_many(texts_findings, principal, target, texts=texts)
        overall = combine(
            per_text or [self.decide((), principal, target)], self.policy_hash, self.levels
        )
        return overall, per_text


def unscannable_reason(media: Sequence[str]) -> str:
    """Why attachments no rule allows are blocked (kinds and counts only)."""
    return (
        f"block by {UNSCANNABLE}: {media_counts(media)} cannot be scanned and no attachments "
        "rule of the policy allows it"
    )


def media_counts(media: Sequence[str]) -> str:
    """``image×2, file×1``: the kinds of attachments and how many of each."""
    return ", ".join(f"{k}×{n}" for k, n in sorted(Counter(media).items()))
