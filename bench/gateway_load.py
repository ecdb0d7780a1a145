"""The load generator of bench/gateway.py: a fixed number of OpenAI chat completions, streamed or
not, at a fixed concurrency, over hand-written keep-alive HTTP/1.1 connections (one per request
in flight); per request its status, latency and (streams) time to the first body byte.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

MODEL = "bench-model"
# a chat chunk whose delta carries text (not the empty content of the role event)
_CONTENT = re.compile(rb'"content": ?"[^"]')


@dataclass(frozen=True, slots=True)
class Sample:
    """One request: HTTP status, whole latency, first body byte and first text of the answer
    (streams), complete answer."""

    status: int
    latency_s: float
    ttfb_s: float | None
    complete: bool
    ttfc_s: float | None = None


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

    def ttfc_ms(self, q: float) -> float | None:
        """Quantile of the time to the answer's first text, in milliseconds (streams only): the
        first event with content, after the role event that opens a stream."""
        values = [s.ttfc_s for s in self.ok if s.ttfc_s is not None]
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


class _Conn:
    """One keep-alive HTTP/1.1 connection, written by hand so that the load generator costs
    far less CPU than the servers it measures (httpx spent about 1 ms per request, which on the
    shared load core capped every server near 650 requests/s). It speaks only what the bench
    needs: a POST with a fixed body, an answer with ``content-length`` or chunked."""

    def __init__(self, url: str, headers: dict[str, str]) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        lines = [f"POST {parts.path} HTTP/1.1", f"host: {parts.netloc}"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        self.head = "\r\n".join(lines).encode("latin-1")
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, body: bytes, stream: bool) -> Sample:
        start = time.perf_counter()
        try:
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            reader, writer = self.reader, self.writer
            assert reader is not None  # nosec B101
            writer.write(self.head + b"\r\ncontent-length: %d\r\n\r\n" % len(body) + body)
            status, length, chunked, close = await _head(reader)
            ttfb: float | None = None
            ttfc: float | None = None
            if chunked:
                tail = b""
                while True:
                    size = int((await reader.readuntil(b"\r\n"))[:-2].split(b";")[0], 16)
                    if ttfb is None and stream:
                        ttfb = time.perf_counter() - start
                    data = await reader.readexactly(size + 2)
                    if size == 0:
                        break
                    if ttfc is None and stream and _CONTENT.search(data):
                        ttfc = time.perf_counter() - start
                    tail = (tail + data[:-2])[-64:]
                done = b"[DONE]" in tail if stream else tail.startswith(b"{")
            else:
                data = await reader.readexactly(length)
                if stream:
                    ttfb = ttfc = time.perf_counter() - start
                done = b"[DONE]" in data[-64:] if stream else data.startswith(b"{")
            if close:
                await self.close()
            latency = time.perf_counter() - start
            return Sample(status, latency, ttfb, status == 200 and done, ttfc)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            await self.close()
            return Sample(0, time.perf_counter() - start, None, False)

    async def close(self) -> None:
        writer, self.reader, self.writer = self.writer, None, None
        if writer is not None:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()


async def _head(reader: asyncio.StreamReader) -> tuple[int, int, bool, bool]:
    """The answer's status, content-length, whether chunked, whether the server closes."""
    raw = await reader.readuntil(b"\r\n\r\n")
    lines = raw.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    length, chunked, close = 0, False, False
    for line in lines[1:]:
        name, _, value = line.partition(":")
        name, value = name.strip().lower(), value.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "transfer-encoding":
            chunked = "chunked" in value
        elif name == "connection":
            close = value == "close"
    return status, length, chunked, close


async def run_cell(
    url: str, headers: dict[str, str], payloads: Sequence[bytes], cell: Cell
) -> Cell:
    """Send ``cell.requests`` requests with ``cell.concurrency`` in flight (one keep-alive
    connection each), none started after ``cell.cap_s`` seconds; fill ``cell``."""
    headers = {**headers, "content-type": "application/json"}
    counter = iter(range(cell.requests))
    conns = [_Conn(url, headers) for _ in range(cell.concurrency)]

    async def worker(conn: _Conn) -> None:
        for i in counter:
            if time.perf_counter() - start > cell.cap_s:
                return
            body = payloads[(cell.offset + i) % len(payloads)]
            cell.samples.append(await conn.post(body, cell.stream))

    start = time.perf_counter()
    try:
        await asyncio.gather(*(worker(c) for c in conns))
        cell.wall_s = time.perf_counter() - start
    finally:
        for conn in conns:
            await conn.close()
    return cell


async def warm_up(
    url: str, headers: dict[str, str], payloads: Sequence[bytes], n: int, cap_s: float = 60.0
) -> tuple[int, int]:
    """``n`` requests at concurrency 4 (at most ``cap_s`` seconds of them) so imports, pools
    and caches are ready; how many were sent and how many failed."""
    if n <= 0:
        return 0, 0
    cell = await run_cell(url, headers, payloads, Cell(n, min(4, n), stream=False, cap_s=cap_s))
    return len(cell.samples), cell.errors
