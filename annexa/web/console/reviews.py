"""Access reviews in the console (A.5.18): campaigns, their items, confirm or revoke.

``reviews:read`` lists campaigns and shows their items; ``reviews:write`` starts a campaign and
decides items (each decision with a comment; a revocation applies at once, see
:mod:`annexa.identity.reviews`). The service refuses a decision on the reviewer's own access.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from annexa.errors import InputError
from annexa.identity.reviews import AccessReviews, Campaign
from annexa.policy.interface import Principal
from annexa.web.authz import require
from annexa.web.console.pages import CSRF, go, identity_of, recent_auth, render

__all__ = ["router"]

router = APIRouter(prefix="/console", include_in_schema=False)

Reader = Annotated[Principal, Depends(require("reviews:read"))]
Writer = Annotated[Principal, Depends(require("reviews:write"))]


def reviews_of(request: Request) -> AccessReviews:
    """The access review service the composition root built."""
    found: AccessReviews | None = identity_of(request).reviews
    if found is None:
        raise InputError("access reviews are not set up on this server")
    return found


def _due(text: str) -> datetime:
    """The end (UTC) of the day ``YYYY-MM-DD``."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise InputError("the due date must be a date (YYYY-MM-DD)") from None
    return datetime.combine(day, time(23, 59, 59), tzinfo=UTC)


def _listing(request: Request, status: int = 200, **context: object) -> HTMLResponse:
    campaigns = reviews_of(request).campaigns()
    return render(request, "reviews.html", status, campaigns=campaigns, **context)


@router.get("/reviews")
def campaigns(request: Request, me: Reader) -> HTMLResponse:
    return _listing(request)


@router.post("/reviews")
def start(
    request: Request,
    me: Writer,
    csrf: CSRF,
    name: Annotated[str, Form(max_length=200)],
    due: Annotated[str, Form(max_length=40)],
) -> Response:
    identity = identity_of(request)
    identity.check_csrf(request, csrf)
    try:
        campaign = reviews_of(request).start(name, identity.user_actor(request), due=_due(due))
    except InputError as exc:
        return _listing(request, 400, error=exc.message, name=name, due=due)
    return go(f"/console/reviews/{campaign.id}")


def _page(
    request: Request, campaign: Campaign, status: int = 200, **context: object
) -> HTMLResponse:
    items = reviews_of(request).items(campaign.id)
    return render(request, "review.html", status, campaign=campaign, items=items, **context)


@router.get("/reviews/{ref}")
def campaign(request: Request, ref: str, me: Reader) -> HTMLResponse:
    return _page(request, reviews_of(request).get(ref))


@router.post("/reviews/{ref}/items/{number}")
def decide(
    request: Request,
    ref: str,
    number: int,
    me: Writer,
    csrf: CSRF,
    decision: Annotated[str, Form(max_length=20)],
    comment: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    identity = identity_of(request)
    identity.check_csrf(request, csrf)
    service = reviews_of(request)
    found = service.get(ref)
    if (back := recent_auth(request, f"/console/reviews/{found.id}")) is not None:
        return back  # a decision may revoke access: as sensitive as the users page
    try:
        service.decide(found.id, number, decision, identity.user_actor(request), comment)
    except InputError as exc:
        return _page(request, service.get(found.id), 400, error=exc.message, failed=number)
    return go(f"/console/reviews/{found.id}#item-{number}")


@router.post("/reviews/{ref}/close")
def close(request: Request, ref: str, me: Writer, csrf: CSRF) -> Response:
    """Close the campaign now; undecided items stay undecided and the completion rate is
    recorded as it stands (the A.5.18 evidence shows it)."""
    identity = identity_of(request)
    identity.check_csrf(request, csrf)
    service = reviews_of(request)
    found = service.get(ref)
    if (back := recent_auth(request, f"/console/reviews/{found.id}")) is not None:
        return back
    try:
        service.close(found.id, identity.user_actor(request))
    except InputError as exc:
        return _page(request, service.get(found.id), 400, error=exc.message)
    return go(f"/console/reviews/{found.id}")
