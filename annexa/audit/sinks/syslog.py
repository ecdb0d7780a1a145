"""Forward audit events as RFC 5424 syslog messages over TCP or TLS, octet-counting framed.

Each event is one message (RFC 5424 §6) framed as ``MSG-LEN SP SYSLOG-MSG`` (RFC 6587 §3.4.1;
RFC 5425 for TLS)::

    <110>1 2026-01-31T12:00:00.000000Z gw1 annexa - ai-request [annexa@32473 seq="42"] {...}

Facility 13 (log audit); severity 6 (informational) for success, 4 (warning) otherwise. The MSG
is the record's JSON. TCP syslog has no application acknowledgement, so a batch counts as
delivered only once the connection still looks healthy ``confirm_delay_s`` later; after a
broken connection the forwarder re-sends everything not confirmed (at least once).
"""

from __future__ import annotations

import json
import select
import socket
import ssl

from annexa.audit.sinks.interface import Batch, SinkError
from annexa.settings import AuditForwarder

FACILITY_AUDIT = 13
ENTERPRISE = 32473  # the documentation enterprise number (RFC 5612)


def format_message(seq: int, record: dict[str, object], hostname: str) -> bytes:
    """One RFC 5424 message for the record at ``seq``."""
    severity = 6 if record.get("outcome") == "success" else 4
    pri = FACILITY_AUDIT * 8 + severity
    msgid = str(record.get("event") or "-")[:32]
    body = json.dumps({"seq": seq, **record}, ensure_ascii=False, separators=(",", ":"))
    head = f"<{pri}>1 {record.get('time') or '-'} {hostname[:255] or '-'} annexa - {msgid} "
    return f'{head}[annexa@{ENTERPRISE} seq="{seq}"] '.encode() + body.encode("utf-8")


def frame(message: bytes) -> bytes:
    """Octet-counting framing (RFC 6587 §3.4.1)."""
    return str(len(message)).encode("ascii") + b" " + message


class SyslogSink:
    """A persistent TCP (or verified TLS) connection to a syslog receiver."""

    def __init__(
        self,
        name: str,
        host: str,
        port: int,
        tls: ssl.SSLContext | None = None,
        confirm_delay_s: float = 1.0,
        timeout_s: float = 10.0,
    ) -> None:
        self.name, self.host, self.port, self.tls = name, host, port, tls
        self.confirm_delay_s, self.timeout_s = confirm_delay_s, timeout_s
        self.hostname = socket.gethostname()
        self._sock: socket.socket | None = None

    @classmethod
    def from_settings(cls, cfg: AuditForwarder) -> SyslogSink:
        """From a ``kind: syslog`` forwarder setting (TLS verified against ``ca_file``)."""
        if not cfg.host or not cfg.port:
            raise SinkError(f"forwarder {cfg.name}: a syslog forwarder needs `host` and `port`")
        context = None
        if cfg.tls:
            context = ssl.create_default_context(cafile=str(cfg.ca_file) if cfg.ca_file else None)
            context.minimum_version = ssl.TLSVersion.TLSv1_2
        return cls(cfg.name, cfg.host, cfg.port, context)

    def _connect(self) -> socket.socket:
        if self._sock is None:
            raw = socket.create_connection((self.host, self.port), timeout=self.timeout_s)
            try:
                self._sock = (
                    self.tls.wrap_socket(raw, server_hostname=self.host) if self.tls else raw
                )
            except BaseException:
                raw.close()
                raise
        return self._sock

    def send(self, batch: Batch) -> None:
        """Write every message of the batch on the connection."""
        data = b"".join(frame(format_message(s, r, self.hostname)) for s, r in batch)
        try:
            if not self.alive():
                raise SinkError(f"{self.host}:{self.port}: connection closed by the receiver")
            self._connect().sendall(data)
        except (OSError, ssl.SSLError) as exc:
            self.reset()
            raise SinkError(f"{self.host}:{self.port}: {exc}") from exc

    def alive(self) -> bool:
        """False when the receiver closed the connection (it never sends us data)."""
        sock = self._sock
        if sock is None:
            return True
        try:
            readable, _, _ = select.select([sock], [], [], 0)
            if not readable and not (isinstance(sock, ssl.SSLSocket) and sock.pending()):
                return True
            sock.setblocking(False)  # TLS: this also consumes session tickets
            try:
                return sock.recv(4096) != b""
            except (ssl.SSLWantReadError, BlockingIOError):
                return True
            finally:
                sock.settimeout(self.timeout_s)
        except (OSError, ValueError):
            return False

    def reset(self) -> None:
        """Close the connection."""
        if self._sock is not None:
            try:
                self._sock.close()
            finally:
                self._sock = None

    def close(self) -> None:
        """Close the connection."""
        self.reset()
