"""Prometheus metrics of one app (its own registry: no global state, one per composition root)."""

from __future__ import annotations

from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

__all__ = ["Metrics"]

_CHILDREN_KEPT = 512  # label sets whose metric objects are kept at hand


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
        # the label children, found once per label set (routes, statuses and decisions are few)
        self._counters: dict[tuple[str, int, str], Any] = {}
        self._histograms: dict[str, Any] = {}

    def observe(self, route: str, status: int, decision: str, seconds: float | None = None) -> None:
        """Count one request; record its latency when known."""
        key = (route, status, decision)
        counter = self._counters.get(key)
        if counter is None:  # prometheus_client's labels() takes a lock and formats each time
            counter = self.requests.labels(route, str(status), decision)
            if len(self._counters) < _CHILDREN_KEPT:
                self._counters[key] = counter
        counter.inc()
        if seconds is not None:
            histogram = self._histograms.get(route)
            if histogram is None:
                histogram = self.latency.labels(route)
                if len(self._histograms) < _CHILDREN_KEPT:
                    self._histograms[route] = histogram
            histogram.observe(seconds)

    def render(self) -> bytes:
        """The text exposition format."""
        return generate_latest(self.registry)
