"""The fake AI supplier (annexa.testing.fake_upstream) as its own process, for bench/gateway.py.

    python -m bench.gateway_upstream --port 9000

Serves the OpenAI and Anthropic endpoints on loopback with uvicorn; GET / answers 404, which is
enough for the bench to know it is up. Stopped by a signal. Streamed answers come as fast as it
can write them, or ``--event-delay-ms`` apart (and ``PUT /_bench/pace`` changes that while it
runs, for the paced cells of bench/gateway.py).
"""

from __future__ import annotations

import argparse

import uvicorn
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from annexa.testing.fake_upstream import FakeUpstream

PACE_PATH = "/_bench/pace"


class _Forgetful(FakeUpstream):
    """Records nothing: a bench sends thousands of requests and reads none back. ``PUT
    /_bench/pace`` with ``{"event_delay_ms": N}`` sets the pause between stream events."""

    def __post_init__(self) -> None:
        self.requests = _Discard()

    async def pace(self, request: Request) -> Response:
        """Set the pause between the events of a streamed answer."""
        body = await request.json()
        self.switches.event_delay_s = float(body["event_delay_ms"]) / 1000
        return JSONResponse({"event_delay_ms": self.switches.event_delay_s * 1000})


class _Discard(list):  # type: ignore[type-arg]
    def append(self, item: object) -> None:
        """Drop it."""


def main() -> None:
    """Serve until stopped."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument(
        "--event-delay-ms",
        type=float,
        default=0.0,
        help="pause between the events of a streamed answer (a model's pace between tokens)",
    )
    args = parser.parse_args()
    fake = _Forgetful()
    fake.switches.event_delay_s = args.event_delay_ms / 1000
    app = fake.app()
    app.router.routes.append(Route(PACE_PATH, fake.pace, methods=["PUT"]))
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
