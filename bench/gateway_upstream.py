"""The fake AI supplier (annexa.testing.fake_upstream) as its own process, for bench/gateway.py.

    python -m bench.gateway_upstream --port 9000

Serves the OpenAI and Anthropic endpoints on loopback with uvicorn; GET / answers 404, which is
enough for the bench to know it is up. Stopped by a signal.
"""

from __future__ import annotations

import argparse

import uvicorn

from annexa.testing.fake_upstream import FakeUpstream


class _Forgetful(FakeUpstream):
    """Records nothing: a bench sends thousands of requests and reads none back."""

    def __post_init__(self) -> None:
        self.requests = _Discard()


class _Discard(list):  # type: ignore[type-arg]
    def append(self, item: object) -> None:
        """Drop it."""


def main() -> None:
    """Serve until stopped."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    app = _Forgetful().app()
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
