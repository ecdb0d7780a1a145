"""Prometheus metrics of one app (its own registry: no global state, one per composition root)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

__all__ = ["Metrics"]


class Metrics:
    """Requests by route, status and decision; latency by route."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "annexa_gateway_requests",
            "Gateway requests by route, HTTP status and policy decision.",
            ["route", "status", "decision"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "annexa_gateway_request_seconds",
            "Time to the gateway's answer (to the first byte for streams).",
            ["route"],
            registry=self.registry,
        )

    def observe(self, route: str, status: int, decision: str, seconds: float | None = None) -> None:
        """Count one request; record its latency when known."""
        self.requests.labels(route, str(status), decision).inc()
        if seconds is not None:
            self.latency.labels(route).observe(seconds)

    def render(self) -> bytes:
        """The text exposition format."""
        return generate_latest(self.registry)
