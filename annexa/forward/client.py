"""The upstream HTTP client: explicit timeouts and connection limits, verified TLS >= 1.2.

Every failure of the supplier becomes an :class:`~annexa.errors.UpstreamError` (502) or
:class:`~annexa.errors.UpstreamTimeout` (504) that the web edge renders in the client's dialect;
a 4xx answer becomes :class:`UpstreamRejected` carrying the supplier's status and message.
"""

from __future__ import annotations

import json
import ssl
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from annexa.errors import UpstreamError, UpstreamTimeout
from annexa.providers.interface import SSEEvent

__all__ = ["ForwardOptions", "Forwarder", "UpstreamRejected", "make_client"]


@dataclass(frozen=True, slots=True)
class ForwardOptions:
    """Timeouts (seconds) and connection limits of the upstream client."""

    connect_s: float = 5.0
    read_s: float = 300.0
    write_s: float = 30.0
    pool_s: float = 5.0
    max_connections: int = 100
    max_keepalive: int = 20


class UpstreamRejected(UpstreamError):
    """The supplier refused the request (4xx); its status goes back to the client."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"the upstream provider refused the request: {message}")
        # The supplier's 401/403 is about Annexa's own credentials, not the caller's: 502.
        self.status_code = 502 if status in (401, 403) else status


def make_client(options: ForwardOptions | None = None) -> httpx.AsyncClient:
    """An ``httpx.AsyncClient`` that verifies certificates and refuses TLS below 1.2."""
    opts = options or ForwardOptions()
    context = ssl.create_default_context()
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return httpx.AsyncClient(
        timeout=httpx.Timeout(
            connect=opts.connect_s, read=opts.read_s, write=opts.write_s, pool=opts.pool_s
        ),
        limits=httpx.Limits(
            max_connections=opts.max_connections, max_keepalive_connections=opts.max_keepalive
        ),
        verify=context,
        follow_redirects=False,
        trust_env=False,
    )


class Forwarder:
    """Posts JSON to a supplier and reads JSON or server-sent events back."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def post_json(
        self, url: str, headers: Mapping[str, str], body: Mapping[str, Any]
    ) -> tuple[int, Any]:
        """Send ``body``; return the status and parsed JSON of a 2xx answer."""
        try:
            resp = await self.client.post(url, headers=dict(headers), json=body)
        except httpx.TimeoutException as exc:
            raise UpstreamTimeout("the upstream provider did not answer in time") from exc
        except httpx.HTTPError as exc:
            raise _transport_error(exc) from exc
        _check_status(resp.status_code, resp.content)
        try:
            return resp.status_code, resp.json()
        except ValueError as exc:
            raise UpstreamError("the upstream provider answered with malformed JSON") from exc

    async def stream(
        self, url: str, headers: Mapping[str, str], body: Mapping[str, Any]
    ) -> AsyncIterator[SSEEvent]:
        """Send ``body`` and yield the events of the answer; closing the iterator (a client
        that went away) closes the upstream connection."""
        try:
            async with self.client.stream("POST", url, headers=dict(headers), json=body) as resp:
                if resp.status_code >= 400:
                    _check_status(resp.status_code, await resp.aread())
                if not resp.headers.get("content-type", "").startswith("text/event-stream"):
                    raise UpstreamError("the upstream provider did not answer with a stream")
                async for event in parse_sse(resp.aiter_lines()):
                    yield event
        except httpx.TimeoutException as exc:
            raise UpstreamTimeout("the upstream provider did not answer in time") from exc
        except httpx.HTTPError as exc:
            raise _transport_error(exc) from exc


async def parse_sse(lines: AsyncIterator[str]) -> AsyncIterator[SSEEvent]:
    """Server-sent events from text lines (WHATWG rules: ``event:``, ``data:``, comments)."""
    event: str | None = None
    data: list[str] = []
    async for line in lines:
        if not line:
            if data:
                yield SSEEvent("\n".join(data), event)
            event, data = None, []
        elif line.startswith(":"):
            continue
        else:
            field, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if field == "data":
                data.append(value)
            elif field == "event":
                event = value
    if data:
        yield SSEEvent("\n".join(data), event)


def _transport_error(exc: httpx.HTTPError) -> UpstreamError:
    return UpstreamError(
        f"the upstream provider could not be reached or dropped the connection "
        f"({type(exc).__name__})"
    )


def _check_status(status: int, content: bytes) -> None:
    if status < 400:
        return
    if status >= 500:
        raise UpstreamError(f"the upstream provider failed with HTTP {status}")
    raise UpstreamRejected(status, _error_message(content) or f"HTTP {status}")


def _error_message(content: bytes) -> str:
    try:
        doc = json.loads(content)
    except ValueError:
        return ""
    err = doc.get("error") if isinstance(doc, dict) else None
    if isinstance(err, dict) and isinstance(err.get("message"), str):
        return str(err["message"])[:500]
    return ""
