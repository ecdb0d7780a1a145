"""SIEM destinations for the audit log: JSON-lines file, syslog (RFC 5424), HTTP webhook.

Each implements :class:`~annexa.audit.sinks.interface.Sink`; :func:`make_sink` builds one from
its setting.
"""

from __future__ import annotations

from annexa.audit.sinks.file import FileSink
from annexa.audit.sinks.interface import Batch, Sink, SinkError
from annexa.audit.sinks.syslog import SyslogSink
from annexa.audit.sinks.webhook import WebhookSink
from annexa.settings import AuditForwarder

__all__ = ["Batch", "FileSink", "Sink", "SinkError", "SyslogSink", "WebhookSink", "make_sink"]


def make_sink(cfg: AuditForwarder) -> Sink:
    """The sink a forwarder setting describes."""
    if cfg.kind == "file":
        return FileSink.from_settings(cfg)
    if cfg.kind == "syslog":
        return SyslogSink.from_settings(cfg)
    return WebhookSink.from_settings(cfg)
