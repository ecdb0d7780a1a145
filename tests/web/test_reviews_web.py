"""Access reviews in the console through HTTP: a campaign started and decided, a revoked key
refused on its very next request, the reviewer's own access refused, an auditor who reads but
cannot decide."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from annexa.identity.tables import USER_SESSIONS
from tests.web.conftest import ADMIN, COOKIE, Console, csrf_of


def as_user(console: Console, name: str, role: str) -> str:
    """Sign ``name`` (made with ``role``) in through a session cookie; its token."""
    token = console.session(console.user(name, role))
    console.client.cookies.clear()
    console.client.cookies.set(COOKIE, token)
    return token


def due() -> str:
    return (datetime.now(UTC) + timedelta(days=14)).date().isoformat()


def item_number(html: str, kind: str, subject: str) -> int:
    found = re.search(rf'id="item-(\d+)" data-kind="{kind}" data-subject="{subject}"', html)
    assert found, f"no {kind} item for {subject}"
    return int(found.group(1))


def test_revoking_a_key_in_a_campaign_refuses_it_on_the_next_request(console: Console) -> None:
    mia_id = console.user("mia", "member")
    record, key = console.identity.keys.create("mia", "member")
    bearer = {"authorization": f"Bearer {key}"}
    assert console.client.get("/api/me", headers=bearer).status_code == 200
    token = as_user(console, "ada", "security_officer")
    csrf = csrf_of(token)
    listing = console.client.get("/console/reviews")
    assert listing.status_code == 200
    assert '<a href="/console/reviews">Access reviews</a>' in listing.text
    assert "No campaign yet" in listing.text
    bad = console.client.post(
        "/console/reviews", data={"name": "Q4", "due": "2001-01-01", "csrf": csrf}
    )
    assert bad.status_code == 400
    assert 'role="alert"' in bad.text
    assert "in the future" in bad.text
    started = console.client.post(
        "/console/reviews",
        data={"name": "Q4 review", "due": due(), "csrf": csrf},
        follow_redirects=False,
    )
    assert started.status_code == 303
    page_url = started.headers["location"]
    campaign_id = page_url.rsplit("/", 1)[1]
    page = console.client.get(page_url)
    assert page.status_code == 200
    assert '<label for="comment-1">' in page.text
    # users ada and mia, ada's role above member, mia's key
    assert page.text.count('data-kind="') == 4
    number = item_number(page.text, "api-key", record.id)
    action = f"{page_url}/items/{number}"

    empty = console.client.post(action, data={"decision": "revoke", "comment": " ", "csrf": csrf})
    assert empty.status_code == 400
    assert "needs a comment" in empty.text
    assert console.client.get("/api/me", headers=bearer).status_code == 200

    done = console.client.post(
        action,
        data={"decision": "revoke", "comment": "left the project", "csrf": csrf},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert console.client.get("/api/me", headers=bearer).status_code == 401  # the next request
    assert console.identity.keys.list()[0].revoked_at is not None

    own = item_number(page.text, "role", console.identity.accounts.get("ada").id)
    mine = console.client.post(
        f"{page_url}/items/{own}", data={"decision": "confirm", "comment": "ok", "csrf": csrf}
    )
    assert mine.status_code == 400
    assert "their own access" in mine.text
    again = console.client.post(
        action, data={"decision": "confirm", "comment": "oops", "csrf": csrf}
    )
    assert again.status_code == 400  # decided once
    forged = console.client.post(
        f"{page_url}/items/{item_number(page.text, 'user', mia_id)}",
        data={"decision": "confirm", "comment": "fine", "csrf": "forged"},
    )
    assert forged.status_code == 403

    shown = console.client.get(page_url).text
    assert "revoke by ada: “left the project” (key-revoked)" in shown
    assert 'id="campaign-completion">25 %' in shown
    listed = console.client.get("/console/reviews").text
    assert f'data-campaign="{campaign_id}"' in listed
    assert '<td class="completion">25 %</td>' in listed
    assert '<td class="status">open</td>' in listed
    actions = [e.details["action"] for e in console.sink.named("config-changed")]
    assert "revoke:api-key" in actions
    assert "start" in actions


def test_an_auditor_reads_reviews_but_cannot_start_or_decide(console: Console) -> None:
    console.user("ada", "admin")
    later = datetime.now(UTC) + timedelta(days=30)
    started = console.identity.reviews.start("Yearly", ADMIN, due=later)
    token = as_user(console, "ivy", "auditor")
    listing = console.client.get("/console/reviews")
    assert listing.status_code == 200
    assert "Yearly" in listing.text
    assert "Start a campaign" not in listing.text
    page = console.client.get(f"/console/reviews/{started.id}")
    assert page.status_code == 200
    assert "Revoke" not in page.text
    assert 'name="decision"' not in page.text
    form = {"name": "Mine", "due": due(), "csrf": csrf_of(token)}
    assert console.client.post("/console/reviews", data=form).status_code == 403
    decide = {"decision": "revoke", "comment": "no", "csrf": csrf_of(token)}
    refused = console.client.post(f"/console/reviews/{started.id}/items/1", data=decide)
    assert refused.status_code == 403
    assert console.identity.reviews.get(started.id).decided == 0
    denials = console.sink.named("authz-decision")
    assert denials
    assert denials[-1].outcome == "denied"


def test_a_member_has_no_reviews(console: Console) -> None:
    as_user(console, "mia", "member")
    home = console.client.get("/console/")
    assert "Access reviews" not in home.text
    assert console.client.get("/console/reviews").status_code == 403


def test_decisions_and_closing_need_a_recent_sign_in_and_closing_records_completion(
    console: Console,
) -> None:
    console.user("mia", "member")
    console.identity.keys.create("mia", "member")
    token = as_user(console, "ada", "security_officer")
    csrf = csrf_of(token)
    started = console.client.post(
        "/console/reviews",
        data={"name": "Q1 review", "due": due(), "csrf": csrf},
        follow_redirects=False,
    )
    page_url = started.headers["location"]
    page = console.client.get(page_url)
    assert "Close campaign" in page.text
    number = item_number(page.text, "user", console.identity.accounts.get("mia").id)

    with console.identity.sign_in.sessions.engine.begin() as conn:  # signed in an hour ago
        conn.execute(
            update(USER_SESSIONS).values(
                auth_at=(datetime.now(UTC) - timedelta(hours=1)).isoformat()
            )
        )
    decide = {"decision": "revoke", "comment": "left the team", "csrf": csrf}
    asked = console.client.post(f"{page_url}/items/{number}", data=decide, follow_redirects=False)
    assert asked.headers["location"] == f"/console/reauth?next={page_url}"
    closing = console.client.post(f"{page_url}/close", data={"csrf": csrf}, follow_redirects=False)
    assert closing.headers["location"] == f"/console/reauth?next={page_url}"
    assert console.identity.accounts.get("mia").disabled is False  # nothing applied
    assert "pending" in console.client.get(page_url).text

    with console.identity.sign_in.sessions.engine.begin() as conn:  # checked again just now
        conn.execute(update(USER_SESSIONS).values(auth_at=datetime.now(UTC).isoformat()))
    done = console.client.post(f"{page_url}/items/{number}", data=decide, follow_redirects=False)
    assert done.status_code == 303
    assert console.identity.accounts.get("mia").disabled is True
    closed = console.client.post(f"{page_url}/close", data={"csrf": csrf})
    assert closed.status_code == 200
    assert re.search(r'id="campaign-status">closed', closed.text)
    assert "Close campaign" not in closed.text  # nothing left to decide or close
    again = console.client.post(f"{page_url}/close", data={"csrf": csrf})
    assert again.status_code == 400
    assert "already closed" in again.text
    actions = [e.details["action"] for e in console.sink.named("config-changed")]
    assert "close:incomplete" in actions
