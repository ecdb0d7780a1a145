"""Forward audit events to an HTTP endpoint: generic JSON, or the Splunk HEC event shape.

Generic: ``POST`` a JSON array of records (each with its ``seq``), ``Authorization: Bearer``.
Splunk HEC: ``POST`` concatenated ``{"time", "host", "source", "sourcetype", "event"}`` objects
with ``Authorization: Splunk <token>`` (to ``/services/collector/event``). A 2xx is the receiver's
acknowledgement; anything else is retried. The token is a reference (``env:NAME``).
"""

from __future__ import annotations

import json
import os
import socket

import httpx

from annexa.audit.events import parse_time
from annexa.audit.sinks.interface import Batch, SinkError
from annexa.settings import AuditForwarder


def resolve_secret(reference: str | None) -> str | None:
    """The value of an ``env:NAME`` reference (other schemes belong to the key providers)."""
    if reference is None:
        return None
    scheme, _, name = reference.partition(":")
    if scheme != "env" or not name:
        raise SinkError(f"unsupported secret reference {reference!r}; use env:NAME")
    value = os.environ.get(name)
    if value is None:
        raise SinkError(f"environment variable {name} (webhook token) is not set")
    return value


def hec_body(batch: Batch, host: str) -> bytes:
    """Splunk HEC events, one JSON object each, concatenated."""
    return "".join(
        json.dumps(
            {
                "time": parse_time(str(record["time"])).timestamp(),
                "host": host,
                "source": "annexa",
                "sourcetype": "annexa:audit",
                "event": {"seq": seq, **record},
            }
        )
        for seq, record in batch
    ).encode("utf-8")


class WebhookSink:
    """POSTs each batch; a 2xx answer acknowledges it."""

    confirm_delay_s = 0.0

    def __init__(
        self, name: str, url: str, fmt: str = "json", token: str | None = None,
        verify: str | bool = True, timeout_s: float = 10.0,
    ) -> None:  # fmt: skip
        self.name, self.url, self.format = name, url, fmt
        self.host = socket.gethostname()
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = ("Splunk " if fmt == "splunk-hec" else "Bearer ") + token
        self._client = httpx.Client(headers=headers, timeout=timeout_s, verify=verify)

    @classmethod
    def from_settings(cls, cfg: AuditForwarder) -> WebhookSink:
        """From a ``kind: webhook`` forwarder setting."""
        if not cfg.url:
            raise SinkError(f"forwarder {cfg.name}: a webhook forwarder needs `url`")
        verify: str | bool = str(cfg.ca_file) if cfg.ca_file else True
        return cls(cfg.name, cfg.url, cfg.format, resolve_secret(cfg.token), verify)

    def send(self, batch: Batch) -> None:
        """POST the batch; raise unless the answer is 2xx."""
        if self.format == "splunk-hec":
            body = hec_body(batch, self.host)
        else:
            body = json.dumps([{"seq": s, **r} for s, r in batch]).encode("utf-8")
        try:
            response = self._client.post(self.url, content=body)
        except httpx.HTTPError as exc:
            raise SinkError(f"{self.url}: {exc}") from exc
        if not response.is_success:
            raise SinkError(f"{self.url}: HTTP {response.status_code}")

    def alive(self) -> bool:
        """Each POST is acknowledged on its own."""
        return True

    def reset(self) -> None:
        """httpx reconnects by itself."""

    def close(self) -> None:
        """Close the HTTP client."""
        self._client.close()


__all__ = ["WebhookSink", "hec_body", "resolve_secret"]
