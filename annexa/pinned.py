"""A future that its awaiting task cannot cancel, for waits that must not be cut short.

``Task.cancel()`` asks the future the task awaits to cancel; this one refuses, so the task is
only marked and gets its ``CancelledError`` once the future completes. That is what
``asyncio.shield`` plus waiting for the shielded work gives (or anyio's shielded cancel scope),
without their extra futures and callbacks: for a worker thread's result
(:class:`~annexa.forward.workers.Workers`) and an audit commit
(:meth:`~annexa.audit.store.AuditLog.append_async`), whose callers must not move on, or give up,
before the write they started is done.
"""

from __future__ import annotations

import asyncio
from typing import Any

__all__ = ["PinnedFuture"]


class PinnedFuture(asyncio.Future[Any]):
    """An ``asyncio.Future`` whose ``cancel()`` refuses (returns False, changes nothing)."""

    def cancel(self, msg: Any = None) -> bool:
        return False
