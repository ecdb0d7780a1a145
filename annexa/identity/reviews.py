"""Access reviews (ISO/IEC 27001:2022 A.5.18): campaigns in which a reviewer confirms or revokes
every user, API key and role assignment, with the revocations applied at once.

A campaign, when started, snapshots as items to decide:

- every **user** (role, active or disabled, last sign-in, MFA, single sign-on): revoking one
  disables the user (their sessions end) and revokes their active API keys;
- every **role assignment** above ``member`` of an active user: revoking one resets the user to
  ``member`` (their sessions end, so the next sign-in has the new role);
- every active **API key** (owner, role, providers and models it may reach, expiry, last use):
  revoking one revokes the key, refused by the gateway on its next request.

Each decision (``confirm`` or ``revoke``) needs a comment, is taken once (of two reviewers
deciding the same item, one wins), never by the person the item is about, and is audited
(``config-changed`` on ``access-review:<campaign>:<number>``; the comment only as a SHA-256).
The changes a revocation makes go through :class:`~annexa.identity.accounts.Accounts` and
:class:`~annexa.identity.apikeys.ApiKeyStore`, so they are audited and take effect as any
administrative change does. A campaign closes by itself when its last item is decided, or when
closed by hand (its completion rate then stays below 100 %). The completion rate
(decided / total) is recorded at the start, at every decision and at the close
(:meth:`AccessReviews.history`): the ISMS evidence of A.5.18.

The service does not authorise: its callers do (``reviews:read`` to list and show,
``reviews:write`` to start, decide and close; ``annexa.web.authz.require`` in the console).

Public API (for ``annexa reviews`` and the console)::

    reviews = reviews_for(settings, engine, audit)         # or AccessReviews(...)
    reviews.start(name, actor, due=datetime, reviewer=None) -> Campaign
    reviews.campaigns() -> list[Campaign]                    # newest first
    reviews.get(ref) -> Campaign                             # id or name
    reviews.items(campaign_id, pending_only=False) -> list[ReviewItem]
    reviews.item(campaign_id, number) -> ReviewItem
    reviews.decide(campaign_id, number, "confirm" | "revoke", actor, comment) -> ReviewItem
    reviews.close(campaign_id, actor) -> Campaign
    reviews.history(campaign_id) -> list[Progress]
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection, Engine

from annexa.audit.events import ConfigChanged, make_event
from annexa.audit.interface import Actor, AuditSink
from annexa.errors import AnnexaError, InputError
from annexa.identity.accounts import Accounts
from annexa.identity.apikeys import ApiKeyStore
from annexa.identity.factory import accounts_for
from annexa.identity.tables import (
    ACCESS_REVIEW_ITEMS,
    ACCESS_REVIEW_PROGRESS,
    ACCESS_REVIEWS,
    API_KEYS,
    OIDC_IDENTITIES,
    USER_SESSIONS,
    USERS,
)
from annexa.settings import Settings

__all__ = [
    "AccessReviews",
    "Campaign",
    "Decision",
    "Progress",
    "ReviewItem",
    "reviews_for",
]

Decision = Literal["confirm", "revoke"]
Kind = Literal["user", "role", "api-key"]
MAX_COMMENT = 2000


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Campaign:
    """A campaign and its counts (``decided`` and ``revoked`` of ``total`` items)."""

    id: str
    name: str
    reviewer: str | None
    created_by: str
    created_at: str
    due_at: str
    closed_at: str | None
    closed_by: str | None
    total: int
    decided: int
    revoked: int

    @property
    def completion(self) -> float:
        """Decided items / all items (1.0 for a campaign with nothing to review)."""
        return self.decided / self.total if self.total else 1.0

    def status(self, at: datetime | None = None) -> Literal["open", "overdue", "closed"]:
        """``closed``, ``overdue`` (open past its due date) or ``open``."""
        if self.closed_at is not None:
            return "closed"
        moment = (at or datetime.now(UTC)).isoformat(timespec="seconds")
        return "overdue" if self.due_at < moment else "open"

    def as_dict(self, at: datetime | None = None) -> dict[str, Any]:
        """A JSON-ready view, with the status and the completion rate."""
        fields = {k: getattr(self, k) for k in self.__slots__}
        return {**fields, "status": self.status(at), "completion": round(self.completion, 4)}


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """One thing to decide, as it was when the campaign started, and the decision on it."""

    id: str
    campaign_id: str
    number: int
    kind: str
    subject_id: str
    subject_name: str
    snapshot: dict[str, Any]
    decision: str | None
    comment: str | None
    decided_by: str | None
    decided_at: str | None
    applied: str | None

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {k: getattr(self, k) for k in self.__slots__}


@dataclass(frozen=True, slots=True)
class Progress:
    """The completion of a campaign at one moment."""

    recorded_at: str
    decided: int
    total: int
    revoked: int

    @property
    def completion(self) -> float:
        """Decided / total at that moment."""
        return self.decided / self.total if self.total else 1.0


def _campaign(row: Mapping[str, Any]) -> Campaign:
    return Campaign(**{k: row[k] for k in Campaign.__slots__})


def _item(row: Mapping[str, Any]) -> ReviewItem:
    values = {k: row[k] for k in ReviewItem.__slots__ if k != "snapshot"}
    return ReviewItem(snapshot=json.loads(row["snapshot"]), **values)


class AccessReviews:
    """Access review campaigns on ``engine``; revocations through ``accounts`` and ``keys``."""

    def __init__(
        self, engine: Engine, accounts: Accounts, keys: ApiKeyStore, audit: AuditSink
    ) -> None:
        self.engine = engine
        self.accounts = accounts
        self.keys = keys
        self.audit = audit

    # -- start ---------------------------------------------------------------------------------

    def start(
        self, name: str, actor: Actor, *, due: datetime, reviewer: str | None = None
    ) -> Campaign:
        """A new campaign over every user, role assignment and active API key, due ``due``."""
        name = name.strip()
        if not name or len(name) > 200:
            raise InputError("a campaign needs a name of 1 to 200 characters")
        if due.tzinfo is None:
            raise InputError("the due date needs a time zone")
        if due <= datetime.now(UTC):
            raise InputError("the due date must be in the future")
        campaign_id = uuid.uuid4().hex[:16]
        moment = datetime.now(UTC).isoformat(timespec="microseconds")  # orders campaigns
        with self.engine.begin() as conn:
            items = self._snapshot(conn)
            conn.execute(
                ACCESS_REVIEWS.insert().values(
                    id=campaign_id,
                    name=name,
                    reviewer=reviewer,
                    created_by=_who(actor),
                    created_at=moment,
                    due_at=due.astimezone(UTC).isoformat(timespec="seconds"),
                    closed_at=None,
                    closed_by=None,
                    total=len(items),
                    decided=0,
                    revoked=0,
                )
            )
            for number, (kind, subject_id, subject_name, snapshot) in enumerate(items, 1):
                conn.execute(
                    ACCESS_REVIEW_ITEMS.insert().values(
                        id=uuid.uuid4().hex,
                        campaign_id=campaign_id,
                        number=number,
                        kind=kind,
                        subject_id=subject_id,
                        subject_name=subject_name,
                        snapshot=json.dumps(snapshot, sort_keys=True),
                    )
                )
            self._record(conn, campaign_id, 0, len(items), 0)
        digest = _sha256(json.dumps(items, sort_keys=True))
        self._audit(f"access-review:{campaign_id}", "start", actor, digest)
        return self.get(campaign_id)

    def _snapshot(self, conn: Connection) -> list[tuple[Kind, str, str, dict[str, Any]]]:
        """Users, then role assignments, then active API keys, each in name order."""
        last = dict(
            conn.execute(
                select(USER_SESSIONS.c.user_id, func.max(USER_SESSIONS.c.created_at))
                .where(USER_SESSIONS.c.purpose == "full")
                .group_by(USER_SESSIONS.c.user_id)
            ).all()
        )
        sso = {r[0] for r in conn.execute(select(OIDC_IDENTITIES.c.user_id))}
        users = conn.execute(select(USERS).order_by(USERS.c.name)).all()
        items: list[tuple[Kind, str, str, dict[str, Any]]] = []
        for u in users:
            items.append(
                (
                    "user",
                    u.id,
                    u.name,
                    {
                        "role": u.role,
                        "status": "disabled" if u.disabled else "active",
                        "last_sign_in": _text(last.get(u.id)),
                        "mfa": u.mfa_enrolled_at is not None,
                        "sso": u.id in sso,
                        "created_at": u.created_at,
                    },
                )
            )
        for u in users:
            if not u.disabled and u.role != "member":
                snapshot = {"role": u.role, "mfa": u.mfa_enrolled_at is not None}
                items.append(("role", u.id, u.name, snapshot))
        moment = _now()
        keys = conn.execute(
            select(API_KEYS)
            .where(API_KEYS.c.revoked_at.is_(None))
            .order_by(API_KEYS.c.principal_name, API_KEYS.c.created_at)
        ).all()
        for k in keys:
            row = k._asdict()
            if row["expires_at"] is not None and row["expires_at"] <= moment:
                continue  # expired: it opens nothing, there is nothing to decide
            snapshot = {
                "owner": row["principal_name"],
                "owner_kind": row["principal_kind"],
                "role": row["role"],
                "prefix": row["prefix"],
                "providers": None if row["providers"] is None else json.loads(row["providers"]),
                "models": None if row["models"] is None else json.loads(row["models"]),
                "expires_at": row["expires_at"],
                "last_used_at": row.get("last_used_at"),  # when the key store records it
                "created_at": row["created_at"],
            }
            items.append(("api-key", row["id"], row["principal_name"], snapshot))
        return items

    # -- read ----------------------------------------------------------------------------------

    def campaigns(self) -> list[Campaign]:
        """Every campaign, newest first."""
        query = select(ACCESS_REVIEWS).order_by(
            ACCESS_REVIEWS.c.created_at.desc(), ACCESS_REVIEWS.c.id
        )
        with self.engine.connect() as conn:
            return [_campaign(r._asdict()) for r in conn.execute(query)]

    def get(self, ref: str) -> Campaign:
        """The campaign with id ``ref``, else the one named ``ref`` (newest if several)."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(ACCESS_REVIEWS).where(ACCESS_REVIEWS.c.id == ref)
            ).one_or_none()
            if row is None:
                row = conn.execute(
                    select(ACCESS_REVIEWS)
                    .where(ACCESS_REVIEWS.c.name == ref)
                    .order_by(ACCESS_REVIEWS.c.created_at.desc())
                    .limit(1)
                ).one_or_none()
        if row is None:
            raise InputError(f"no access review campaign {ref!r}")
        return _campaign(row._asdict())

    def items(self, campaign_id: str, *, pending_only: bool = False) -> list[ReviewItem]:
        """The campaign's items in order; only the undecided ones with ``pending_only``."""
        campaign = self.get(campaign_id)
        query = select(ACCESS_REVIEW_ITEMS).where(ACCESS_REVIEW_ITEMS.c.campaign_id == campaign.id)
        if pending_only:
            query = query.where(ACCESS_REVIEW_ITEMS.c.decision.is_(None))
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(ACCESS_REVIEW_ITEMS.c.number))
            return [_item(r._asdict()) for r in rows]

    def item(self, campaign_id: str, number: int) -> ReviewItem:
        """Item ``number`` of the campaign."""
        campaign = self.get(campaign_id)
        with self.engine.connect() as conn:
            row = conn.execute(
                select(ACCESS_REVIEW_ITEMS).where(
                    ACCESS_REVIEW_ITEMS.c.campaign_id == campaign.id,
                    ACCESS_REVIEW_ITEMS.c.number == number,
                )
            ).one_or_none()
        if row is None:
            raise InputError(f"campaign {campaign.name!r} has no item {number}")
        return _item(row._asdict())

    def history(self, campaign_id: str) -> list[Progress]:
        """The campaign's completion over time, oldest first."""
        campaign = self.get(campaign_id)
        query = (
            select(ACCESS_REVIEW_PROGRESS)
            .where(ACCESS_REVIEW_PROGRESS.c.campaign_id == campaign.id)
            .order_by(ACCESS_REVIEW_PROGRESS.c.id)
        )
        with self.engine.connect() as conn:
            return [
                Progress(r.recorded_at, r.decided, r.total, r.revoked) for r in conn.execute(query)
            ]

    # -- decide --------------------------------------------------------------------------------

    def decide(
        self, campaign_id: str, number: int, decision: str, actor: Actor, comment: str
    ) -> ReviewItem:
        """Confirm or revoke item ``number``, with ``comment``; a revocation is applied at once.
        The last decision closes the campaign."""
        if decision not in ("confirm", "revoke"):
            raise InputError(f"decision must be confirm or revoke, not {decision!r}")
        comment = comment.strip()
        if not comment:
            raise InputError("a decision needs a comment (why it is kept or revoked)")
        if len(comment) > MAX_COMMENT:
            raise InputError(f"a comment has at most {MAX_COMMENT} characters")
        campaign = self.get(campaign_id)
        if campaign.closed_at is not None:
            raise InputError(f"campaign {campaign.name!r} is closed")
        item = self.item(campaign.id, number)
        if _about(item, actor):
            raise InputError("no one reviews their own access; ask another reviewer")
        revoked = int(decision == "revoke")
        moment = _now()
        with self.engine.begin() as conn:
            claimed = conn.execute(
                update(ACCESS_REVIEW_ITEMS)
                .where(
                    ACCESS_REVIEW_ITEMS.c.id == item.id, ACCESS_REVIEW_ITEMS.c.decision.is_(None)
                )
                .values(
                    decision=decision, comment=comment, decided_by=_who(actor), decided_at=moment
                )
            ).rowcount
            if claimed != 1:
                raise InputError(f"item {number} is already decided")
            conn.execute(
                update(ACCESS_REVIEWS)
                .where(ACCESS_REVIEWS.c.id == campaign.id)
                .values(
                    decided=ACCESS_REVIEWS.c.decided + 1,
                    revoked=ACCESS_REVIEWS.c.revoked + revoked,
                )
            )
            now_row = conn.execute(
                select(ACCESS_REVIEWS).where(ACCESS_REVIEWS.c.id == campaign.id)
            ).one()
            self._record(conn, campaign.id, now_row.decided, now_row.total, now_row.revoked)
            finished = now_row.decided >= now_row.total
            if finished:
                conn.execute(
                    update(ACCESS_REVIEWS)
                    .where(ACCESS_REVIEWS.c.id == campaign.id, ACCESS_REVIEWS.c.closed_at.is_(None))
                    .values(closed_at=moment, closed_by=_who(actor))
                )
        target = f"access-review:{campaign.id}:{number}"
        self._audit(target, f"{decision}:{item.kind}", actor, _sha256(comment))
        if decision == "revoke":
            applied = self._apply(item, actor)
            with self.engine.begin() as conn:
                conn.execute(
                    update(ACCESS_REVIEW_ITEMS)
                    .where(ACCESS_REVIEW_ITEMS.c.id == item.id)
                    .values(applied=applied)
                )
        if finished:
            self._audit(f"access-review:{campaign.id}", "close:complete", actor, None)
        return self.item(campaign.id, number)

    def _apply(self, item: ReviewItem, actor: Actor) -> str:
        """Make the revocation real; what was done (``user-disabled``, ``key-revoked``...)."""
        try:
            if item.kind == "user":
                return self._disable(item, actor)
            if item.kind == "role":
                user = self.accounts.get(item.subject_name)
                if user.id != item.subject_id:
                    raise InputError("the user was replaced since the campaign started")
                if user.role == "member":
                    return "already-member"
                self.accounts.set_role(user.name, "member", actor)
                return "role-reset:member"
            try:
                key = self.keys.revoke(item.subject_id)
            except InputError:
                return "already-revoked"
            self._audit(f"api-key:{key.id}", "revoke", actor, None)
            return "key-revoked"
        except AnnexaError as exc:  # e.g. the user was deleted meanwhile: said, not hidden
            return f"failed:{type(exc).__name__}"[:64]

    def _disable(self, item: ReviewItem, actor: Actor) -> str:
        user = self.accounts.get(item.subject_name)
        if user.id != item.subject_id:
            raise InputError("the user was replaced since the campaign started")
        self.accounts.set_disabled(user.name, True, actor)
        revoked = 0
        for key in self.keys.list():
            p = key.principal
            if key.revoked_at is None and p.kind == "user" and p.name == user.name:
                self.keys.revoke(key.id)
                self._audit(f"api-key:{key.id}", "revoke", actor, None)
                revoked += 1
        return f"user-disabled,keys-revoked:{revoked}"

    # -- close ---------------------------------------------------------------------------------

    def close(self, campaign_id: str, actor: Actor) -> Campaign:
        """Close the campaign now, decided or not (its completion rate is recorded as is)."""
        campaign = self.get(campaign_id)
        moment = _now()
        with self.engine.begin() as conn:
            done = conn.execute(
                update(ACCESS_REVIEWS)
                .where(ACCESS_REVIEWS.c.id == campaign.id, ACCESS_REVIEWS.c.closed_at.is_(None))
                .values(closed_at=moment, closed_by=_who(actor))
            ).rowcount
            if done != 1:
                raise InputError(f"campaign {campaign.name!r} is already closed")
            self._record(conn, campaign.id, campaign.decided, campaign.total, campaign.revoked)
        complete = "complete" if campaign.decided >= campaign.total else "incomplete"
        self._audit(f"access-review:{campaign.id}", f"close:{complete}", actor, None)
        return self.get(campaign.id)

    # -- helpers -------------------------------------------------------------------------------

    @staticmethod
    def _record(conn: Connection, campaign_id: str, decided: int, total: int, revoked: int) -> None:
        conn.execute(
            ACCESS_REVIEW_PROGRESS.insert().values(
                campaign_id=campaign_id,
                recorded_at=datetime.now(UTC).isoformat(timespec="microseconds"),
                decided=decided,
                total=total,
                revoked=revoked,
            )
        )

    def _audit(self, target: str, action: str, actor: Actor, digest: str | None) -> None:
        details = ConfigChanged(target=target, action=action, before_hash=None, after_hash=digest)
        self.audit.append(make_event(details, actor, "success"))


def _who(actor: Actor) -> str:
    return (actor.name or actor.id)[:200]


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _about(item: ReviewItem, actor: Actor) -> bool:
    """Is ``item`` about the deciding ``actor`` (their account, role or key)?"""
    if actor.kind != "user":
        return False
    if item.kind in ("user", "role"):
        return item.subject_id == actor.id
    return item.snapshot.get("owner_kind") == "user" and item.subject_name == actor.name


def reviews_for(settings: Settings, engine: Engine, audit: AuditSink) -> AccessReviews:
    """Access reviews on ``engine`` (migrated), changes audited on ``audit``."""
    accounts = accounts_for(settings.identity, engine, audit)
    return AccessReviews(engine, accounts, ApiKeyStore(engine), audit)
