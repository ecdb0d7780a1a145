"""Evidence collectors: each reads what the running system already records and turns it into
dated, hashed evidence on the controls it supports. One collector per file; :data:`COLLECTORS`
lists the built-in ones in the order ``annexa evidence collect`` runs them.
"""

from __future__ import annotations

from annexa.isms.collectors.access_reviews import AccessReviewCollector
from annexa.isms.collectors.audit_chain import AuditChainCollector
from annexa.isms.collectors.base import Collected, Collector, Context, run
from annexa.isms.collectors.dlp_stats import DlpStatsCollector
from annexa.isms.collectors.key_rotations import KeyRotationCollector
from annexa.isms.collectors.policy_config import PolicyConfigCollector
from annexa.isms.collectors.restore_tests import RestoreTestCollector
from annexa.isms.collectors.supplier_reviews import SupplierReviewCollector

__all__ = ["COLLECTORS", "Collected", "Collector", "Context", "run"]

COLLECTORS: tuple[Collector, ...] = (
    AuditChainCollector(),
    DlpStatsCollector(),
    PolicyConfigCollector(),
    AccessReviewCollector(),
    SupplierReviewCollector(),
    KeyRotationCollector(),
    RestoreTestCollector(),
)
