"""Forward audit events to a JSON-lines file (one ``{"seq", ...record}`` object a line, fsynced)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from annexa.audit.sinks.interface import Batch, SinkError
from annexa.settings import AuditForwarder


class FileSink:
    """Appends each batch to ``path`` and fsyncs before it counts as delivered."""

    confirm_delay_s = 0.0

    def __init__(self, name: str, path: Path) -> None:
        self.name = name
        self.path = path

    @classmethod
    def from_settings(cls, cfg: AuditForwarder) -> FileSink:
        """From a ``kind: file`` forwarder setting."""
        if cfg.path is None:
            raise SinkError(f"forwarder {cfg.name}: a file forwarder needs `path`")
        return cls(cfg.name, cfg.path)

    def send(self, batch: Batch) -> None:
        """Append and fsync."""
        lines = "".join(
            json.dumps({"seq": seq, **record}, ensure_ascii=False) + "\n" for seq, record in batch
        )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(lines)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            raise SinkError(f"{self.path}: {exc}") from exc

    def alive(self) -> bool:
        """A file has no connection to lose."""
        return True

    def reset(self) -> None:
        """Nothing to drop."""

    def close(self) -> None:
        """Nothing to release."""
