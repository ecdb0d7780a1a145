"""The supplier register's hold on the gateway: one source of truth for which AI suppliers may
be reached and the highest data class each may receive.

Each provider in ``providers.yaml`` names a supplier (``supplier:``, default: its own name).
When the register holds that supplier, the register decides: a supplier that is not
``approved`` is refused (403, audited by the gateway as a denied request), and its
``max_level`` replaces the provider file's. A supplier missing from the register passes with
the provider file's ceiling, unless ``isms.require_registered_suppliers`` is on.

The register is read on every request (one primary-key lookup), so an approval or a withdrawal
takes effect at once on every replica sharing the database.
"""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.engine import Engine

from annexa.db.hot import HotPath, first_row
from annexa.errors import AccessDenied
from annexa.isms.tables import SUPPLIERS
from annexa.providers.interface import ProviderConfig

__all__ = ["RegisterGate", "SupplierNotApproved"]

# Built once: constructing the statement per request cost more than running it.
_BY_NAME = select(SUPPLIERS.c.approval, SUPPLIERS.c.max_level).where(
    SUPPLIERS.c.name == bindparam("name")
)


class SupplierNotApproved(AccessDenied):
    """The provider's supplier is not approved in the AI supplier register."""

    hint = (
        "An administrator approves the supplier in the register (annexa suppliers set NAME "
        "--approval approved) after its review, or routes the model to an approved supplier."
    )


class RegisterGate:
    """A :class:`~annexa.providers.interface.SupplierGate` backed by the ``isms_suppliers``
    table."""

    def __init__(
        self, engine: Engine, *, require_registered: bool = False, hot: HotPath | None = None
    ) -> None:
        self.engine = engine
        self.require_registered = require_registered
        self.hot = hot  # the gateway's held connections for the per-request read

    def vet(self, config: ProviderConfig) -> str | None:
        """The supplier's ceiling; raises :class:`SupplierNotApproved` when it may not be used."""
        name = config.supplier or config.name
        row = first_row(self.engine, self.hot, _BY_NAME, {"name": name})
        if row is None:
            if self.require_registered:
                raise SupplierNotApproved(
                    f"provider {config.name!r}: supplier {name!r} is not in the AI supplier "
                    "register, and only registered suppliers may be used"
                )
            return config.max_level
        approval, max_level = row
        if approval != "approved":
            raise SupplierNotApproved(
                f"provider {config.name!r}: supplier {name!r} is not approved in the AI "
                f"supplier register (status: {approval})"
            )
        return str(max_level) if max_level is not None else config.max_level
