"""The Statement of Applicability as CSV: one row per control, for spreadsheets and scripts."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from annexa.reports.views import SoaRow

__all__ = ["SOA_COLUMNS", "soa_csv"]

SOA_COLUMNS = (
    "control_id", "title", "theme", "applicable", "justification", "status", "owner", "how",
    "risks", "last_reviewed", "evidence",
)  # fmt: skip


def soa_cells(row: SoaRow) -> list[str]:
    """The row's cells in :data:`SOA_COLUMNS` order (lists joined with ``; ``)."""
    return [
        row.control_id, row.title, row.theme_name, row.applicable, row.justification, row.status,
        row.owner, row.how, "; ".join(row.risks), row.last_reviewed, row.evidence,
    ]  # fmt: skip


def _safe(cell: str) -> str:
    """Cells a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``) start with ``'``."""
    return f"'{cell}" if cell[:1] in {"=", "+", "-", "@", "\t", "\r"} else cell


def soa_csv(rows: Sequence[SoaRow]) -> str:
    """The SoA as CSV text with a header line (RFC 4180 quoting, ``\\r\\n`` line ends)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(SOA_COLUMNS)
    for row in rows:
        writer.writerow([_safe(c) for c in soa_cells(row)])
    return out.getvalue()
