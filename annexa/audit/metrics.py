"""Prometheus metrics of the audit log (served on ``/metrics`` by the web edge)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge

EVENTS_WRITTEN = Counter(
    "annexa_audit_events_written_total", "Audit events committed durably to the log."
)
CHECKPOINTS_WRITTEN = Counter(
    "annexa_audit_checkpoints_written_total", "Signed audit checkpoints written."
)
ANCHOR_FAILURES = Counter(
    "annexa_audit_anchor_failures_total", "Checkpoints that could not be copied to the anchor."
)
APPEND_FAILURES = Counter(
    "annexa_audit_append_failures_total", "Audit appends that failed (the caller failed closed)."
)
EVENTS_FORWARDED = Counter(
    "annexa_audit_events_forwarded_total", "Audit events delivered to a SIEM.", ["sink"]
)
FORWARD_FAILURES = Counter(
    "annexa_audit_forward_failures_total", "Failed delivery attempts to a SIEM.", ["sink"]
)
FORWARD_LAG = Gauge(
    "annexa_audit_forward_lag_events", "Audit events not yet delivered to a SIEM.", ["sink"]
)
