"""The load generator of bench/gateway.py: a fixed number of OpenAI chat completions, streamed or
not, at a fixed concurrency, from one httpx AsyncClient; per request its status, latency and
(streams) time to the first body byte.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import httpx

MODEL = "bench-model"


@dataclass(frozen=True, slots=True)
class Sample:
    """One request: HTTP status, whole latency, first body byte (streams), complete answer."""

    status: int
    latency_s: float
    ttfb_s: float | None
    complete: bool


@dataclass
class Cell:
    """One measured cell: server x streamed x concurrency."""

    requests: int
    concurrency: int
    stream: bool
    cap_s: float = 60.0  # no new request starts after this many seconds
    offset: int = 0  # first prompt index: cells of one server do not repeat prompts early
    wall_s: float = 0.0
    samples: list[Sample] = field(default_factory=list)

    @property
    def ok(self) -> list[Sample]:
        """Requests answered 200 with a complete body."""
        return [s for s in self.samples if s.status == 200 and s.complete]

    @property
    def capped(self) -> bool:
        """The time cap stopped the cell before its request count."""
        return len(self.samples) < self.requests

    @property
    def errors(self) -> int:
        """Requests that failed (status, transport error or truncated answer)."""
        return len(self.samples) - len(self.ok)

    @property
    def rps(self) -> float:
        """Successful requests per second over the cell's wall time."""
        return len(self.ok) / self.wall_s if self.wall_s else 0.0

    def latency_ms(self, q: float) -> float:
        """Latency quantile ``q`` (0..1) in milliseconds, successful requests only."""
        return quantile([s.latency_s for s in self.ok], q) * 1000

    def ttfb_ms(self, q: float) -> float | None:
        """Time-to-first-byte quantile in milliseconds (streams only)."""
        values = [s.ttfb_s for s in self.ok if s.ttfb_s is not None]
        return quantile(values, q) * 1000 if values else None


def quantile(values: Sequence[float], q: float) -> float:
    """The ``q`` quantile (inclusive method); 0.0 for no values."""
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[max(0, min(98, round(q * 100) - 1))]


def bodies(prompts: Sequence[str], stream: bool) -> list[bytes]:
    """The request bodies, JSON-encoded once before timing."""
    return [
        json.dumps(
            {"model": MODEL, "stream": stream, "messages": [{"role": "user", "content": p}]}
        ).encode()
        for p in prompts
    ]


async def _one(client: httpx.AsyncClient, url: str, body: bytes, stream: bool) -> Sample:
    start = time.perf_counter()
    try:
        if not stream:
            response = await client.post(url, content=body)
            done = response.status_code == 200 and response.content.startswith(b"{")
            return Sample(response.status_code, time.perf_counter() - start, None, done)
        ttfb: float | None = None
        tail = b""
        async with client.stream("POST", url, content=body) as response:
            async for chunk in response.aiter_raw():
                if ttfb is None:
                    ttfb = time.perf_counter() - start
                tail = (tail + chunk)[-64:]
        done = b"[DONE]" in tail
        return Sample(response.status_code, time.perf_counter() - start, ttfb, done)
    except httpx.HTTPError:
        return Sample(0, time.perf_counter() - start, None, False)


async def run_cell(
    url: str, headers: dict[str, str], payloads: Sequence[bytes], cell: Cell
) -> Cell:
    """Send ``cell.requests`` requests with ``cell.concurrency`` in flight, none started after
    ``cell.cap_s`` seconds; fill ``cell``."""
    limits = httpx.Limits(
        max_connections=cell.concurrency, max_keepalive_connections=cell.concurrency
    )
    headers = {**headers, "content-type": "application/json"}
    counter = iter(range(cell.requests))
    async with httpx.AsyncClient(headers=headers, limits=limits, timeout=120.0) as client:

        async def worker() -> None:
            for i in counter:
                if time.perf_counter() - start > cell.cap_s:
                    return
                cell.samples.append(
                    await _one(
                        client, url, payloads[(cell.offset + i) % len(payloads)], cell.stream
                    )
                )

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(cell.concurrency)))
        cell.wall_s = time.perf_counter() - start
    return cell


async def warm_up(url: str, headers: dict[str, str], payloads: Sequence[bytes], n: int) -> int:
    """``n`` requests at concurrency 4 so imports, pools and caches are ready; how many failed."""
    cell = await run_cell(url, headers, payloads, Cell(n, min(4, n), stream=False))
    return cell.errors
