"""Access review campaigns (A.5.18) on SQLite and PostgreSQL: the snapshot of users, roles and
keys; decisions with comments, applied for real (sessions end, keys stop on the next request);
completion over time; closing; the audit trail; the ISMS evidence collector."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from annexa.audit.interface import Actor
from annexa.errors import AuthError, InputError
from annexa.identity.accounts import Accounts
from annexa.identity.apikeys import ApiKeyStore
from annexa.identity.passwords import PasswordHashing
from annexa.identity.reviews import AccessReviews, Campaign
from annexa.identity.sessions import SessionStore
from annexa.identity.users import UserRecords
from annexa.isms.collectors.access_reviews import AccessReviewCollector
from annexa.isms.collectors.base import Context
from annexa.settings import load_settings
from tests.identity.conftest import ListSink

OFFICER = Actor(kind="user", id="officer-1", name="olga", role="security_officer")
PASSWORD = "violet tram kettle orbit"
TABLES = ("access_review_progress", "access_review_items", "access_reviews", "api_keys")


@pytest.fixture
def db(engine: Engine) -> Iterator[Engine]:
    def empty() -> None:  # the PostgreSQL database is shared by the whole session
        with engine.begin() as conn:
            for table in TABLES:
                conn.execute(text(f"DELETE FROM {table}"))  # nosec B608

    empty()
    yield engine
    empty()


@dataclass
class Site:
    reviews: AccessReviews
    accounts: Accounts
    keys: ApiKeyStore
    sessions: SessionStore
    sink: ListSink
    engine: Engine


@pytest.fixture
def site(db: Engine, cheap: PasswordHashing) -> Site:
    sink = ListSink()
    sessions = SessionStore(db)
    accounts = Accounts(UserRecords(db), sessions, sink, hashing=cheap)
    keys = ApiKeyStore(db)
    return Site(AccessReviews(db, accounts, keys, sink), accounts, keys, sessions, sink, db)


def due(days: int = 14) -> datetime:
    return datetime.now(UTC) + timedelta(days=days)


@dataclass
class People:
    bob_key: str
    bot_key: str
    bob_session: str
    carol_session: str


def populate(site: Site) -> People:
    """alice admin (signed in), bob member with a key, carol auditor, dave disabled; a CI
    service key; an expired and a revoked key (nothing to review)."""
    a = site.accounts
    alice, _ = a.create("alice", "admin", OFFICER, PASSWORD)
    bob, _ = a.create("bob", "member", OFFICER, PASSWORD)
    carol, _ = a.create("carol", "auditor", OFFICER, PASSWORD)
    a.create("dave", "member", OFFICER, PASSWORD)
    a.set_disabled("dave", True, OFFICER)
    site.sessions.open(alice.id, mfa=True)
    _, bob_session = site.sessions.open(bob.id, mfa=False)
    _, carol_session = site.sessions.open(carol.id, mfa=False)
    _, bob_key = site.keys.create("bob", "member", providers=["openai"], models=["gpt-4o*"])
    _, bot_key = site.keys.create("ci-bot", "member", kind="service")
    site.keys.create("bob", "member", expires_at=datetime.now(UTC) - timedelta(days=1))
    old, _ = site.keys.create("carol", "auditor")
    site.keys.revoke(old.id)
    return People(bob_key, bot_key, bob_session, carol_session)


def test_a_campaign_snapshots_every_user_role_and_active_key(site: Site) -> None:
    populate(site)
    campaign = site.reviews.start("2026-Q4", OFFICER, due=due(), reviewer="olga")
    items = site.reviews.items(campaign.id)
    assert [(i.number, i.kind, i.subject_name) for i in items] == [
        (1, "user", "alice"),
        (2, "user", "bob"),
        (3, "user", "carol"),
        (4, "user", "dave"),
        (5, "role", "alice"),
        (6, "role", "carol"),
        (7, "api-key", "bob"),
        (8, "api-key", "ci-bot"),
    ]
    assert (campaign.total, campaign.decided, campaign.revoked) == (8, 0, 0)
    assert campaign.status() == "open"
    assert campaign.reviewer == "olga"
    alice, bob, _, dave = items[:4]
    assert alice.snapshot["role"] == "admin"
    assert alice.snapshot["last_sign_in"] is not None
    assert dave.snapshot["status"] == "disabled"
    assert dave.snapshot["last_sign_in"] is None
    assert bob.snapshot["mfa"] is False
    key = items[6].snapshot
    assert key["owner"] == "bob"
    assert key["providers"] == ["openai"]
    assert key["models"] == ["gpt-4o*"]
    assert key["expires_at"] is None
    assert "last_used_at" in key
    assert site.reviews.get("2026-Q4").id == campaign.id
    (start,) = site.sink.named("config-changed")[-1:]
    assert start.details["target"] == f"access-review:{campaign.id}"
    assert start.details["action"] == "start"


def test_revocations_apply_for_real(site: Site, db: Engine) -> None:
    people = populate(site)
    gateway = ApiKeyStore(db)  # another replica's store, which has the keys cached
    gateway.authenticate(people.bob_key)
    gateway.authenticate(people.bot_key)
    c = site.reviews.start("leavers", OFFICER, due=due())
    bob = site.reviews.decide(c.id, 2, "revoke", OFFICER, "left the company on 2026-11-01")
    assert bob.decision == "revoke"
    assert bob.applied == "user-disabled,keys-revoked:2"  # the expired one too
    assert site.accounts.get("bob").disabled
    with pytest.raises(AuthError):
        site.sessions.check(people.bob_session)
    with pytest.raises(AuthError, match="revoked"):
        gateway.authenticate(people.bob_key)  # the next request, on the other replica
    role = site.reviews.decide(c.id, 6, "revoke", OFFICER, "no longer audits")
    assert role.applied == "role-reset:member"
    assert site.accounts.get("carol").role == "member"
    with pytest.raises(AuthError):
        site.sessions.check(people.carol_session)
    bot = site.reviews.decide(c.id, 8, "revoke", OFFICER, "CI moved to OIDC federation")
    assert bot.applied == "key-revoked"
    with pytest.raises(AuthError, match="revoked"):
        gateway.authenticate(people.bot_key)
    already = site.reviews.decide(c.id, 7, "revoke", OFFICER, "bob's key")
    assert already.applied == "already-revoked"  # went with bob's account
    kept = site.reviews.decide(c.id, 1, "confirm", OFFICER, "still the admin")
    assert (kept.decision, kept.applied, kept.decided_by) == ("confirm", None, "olga")
    assert not site.accounts.get("alice").disabled
    campaign = site.reviews.get(c.id)
    assert (campaign.decided, campaign.revoked) == (5, 4)


def test_decisions_are_checked_and_audited(site: Site) -> None:
    populate(site)
    c = site.reviews.start("checks", OFFICER, due=due())
    with pytest.raises(InputError):
        site.reviews.decide(c.id, 1, "confirm", OFFICER, "  ")  # a comment is required
    with pytest.raises(InputError):
        site.reviews.decide(c.id, 1, "maybe", OFFICER, "hmm")
    with pytest.raises(InputError):
        site.reviews.decide(c.id, 99, "confirm", OFFICER, "no such item")
    alice = site.accounts.get("alice")
    herself = Actor(kind="user", id=alice.id, name="alice", role="admin")
    with pytest.raises(InputError, match="own access"):
        site.reviews.decide(c.id, 5, "confirm", herself, "I need it")
    site.reviews.decide(c.id, 1, "confirm", OFFICER, "still the admin")
    with pytest.raises(InputError, match="already decided"):
        site.reviews.decide(c.id, 1, "revoke", OFFICER, "changed my mind")
    (event,) = [e for e in site.sink.named("config-changed") if e.details["target"].endswith(":1")]
    assert event.details["target"] == f"access-review:{c.id}:1"
    assert event.details["action"] == "confirm:user"
    assert event.details["after_hash"] == hashlib.sha256(b"still the admin").hexdigest()
    assert "still the admin" not in json.dumps([e.details for e in site.sink.events])
    assert event.actor.name == "olga"


def test_completion_is_recorded_and_the_last_decision_closes(site: Site) -> None:
    populate(site)
    c = site.reviews.start("all", OFFICER, due=due())
    for n in range(1, c.total + 1):
        site.reviews.decide(c.id, n, "confirm", OFFICER, f"item {n} is fine")
    done = site.reviews.get(c.id)
    assert done.status() == "closed"
    assert done.completion == 1.0
    assert done.closed_by == "olga"
    history = site.reviews.history(c.id)
    assert [p.decided for p in history] == list(range(c.total + 1))
    assert [round(p.completion, 3) for p in history][:3] == [0.0, 0.125, 0.25]
    assert site.sink.named("config-changed")[-1].details["action"] == "close:complete"
    with pytest.raises(InputError, match="closed"):
        site.reviews.decide(c.id, 1, "revoke", OFFICER, "too late")


def test_closing_by_hand_keeps_the_rate_and_due_dates_make_it_overdue(site: Site) -> None:
    populate(site)
    c = site.reviews.start("quick", OFFICER, due=datetime.now(UTC) + timedelta(hours=1))
    assert c.status(at=datetime.now(UTC) + timedelta(hours=2)) == "overdue"
    site.reviews.decide(c.id, 1, "confirm", OFFICER, "ok")
    closed = site.reviews.close(c.id, OFFICER)
    assert closed.status() == "closed"
    assert closed.completion == pytest.approx(1 / 8)
    assert site.reviews.history(c.id)[-1].decided == 1
    assert site.sink.named("config-changed")[-1].details["action"] == "close:incomplete"
    with pytest.raises(InputError):
        site.reviews.close(c.id, OFFICER)
    with pytest.raises(InputError):
        site.reviews.start("past", OFFICER, due=datetime.now(UTC) - timedelta(days=1))
    with pytest.raises(InputError):
        site.reviews.get("no-such-campaign")
    assert [x.name for x in site.reviews.campaigns()] == ["quick"]


def test_an_empty_installation_has_an_empty_complete_campaign(site: Site) -> None:
    c = site.reviews.start("nothing", OFFICER, due=due())
    assert isinstance(c, Campaign)
    assert (c.total, c.completion) == (0, 1.0)


def test_the_isms_collector_reports_completion_and_revocations(site: Site, tmp_path: Path) -> None:
    ctx = Context(load_settings(tmp_path), site.engine)
    collector = AccessReviewCollector()
    empty = collector.collect(ctx)
    assert empty.status == "no-data"
    assert "no data" in empty.message
    populate(site)
    first = site.reviews.start("2026-Q3", OFFICER, due=due())
    for n in range(1, first.total + 1):
        decision = "revoke" if n in (2, 8) else "confirm"
        site.reviews.decide(first.id, n, decision, OFFICER, "reviewed")
    second = site.reviews.start("2026-Q4", OFFICER, due=due())
    site.reviews.decide(second.id, 1, "confirm", OFFICER, "reviewed")
    result = collector.collect(ctx)
    assert result.status == "ok"
    (item,) = result.evidence
    assert item.controls == ("A.5.18",)
    facts = json.loads(item.content)
    q4, q3 = facts["campaigns"]
    assert (q3["name"], q3["status"], q3["completion"], q3["revoked"]) == ("2026-Q3", "closed",
                                                                           1.0, 2)  # fmt: skip
    assert q3["revoked_by_kind"] == {"api-key": 1, "user": 1}
    assert q4["name"] == "2026-Q4"
    assert q4["decided"] == 1
    assert q4["history"][0]["decided"] == 0
    assert "2026-Q4" in result.message
    assert "2026-Q3" in result.message
    assert "2 revoked" in result.message


def test_two_reviewers_deciding_at_once_one_wins(site: Site) -> None:
    populate(site)
    c = site.reviews.start("race", OFFICER, due=due())
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def decide(decision: str) -> None:
        barrier.wait()
        try:
            site.reviews.decide(c.id, 2, decision, OFFICER, f"{decision} in a race")
            outcomes.append("won")
        except InputError:
            outcomes.append("lost")

    threads = [threading.Thread(target=decide, args=(d,)) for d in ("confirm", "revoke") * 2]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["lost", "lost", "lost", "won"]
    after = site.reviews.get(c.id)
    assert after.decided == 1
    assert len(site.reviews.history(c.id)) == 2
