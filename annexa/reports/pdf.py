"""PDF documents (reportlab, pure Python: no system libraries) for the security officer and the
auditor: the SoA, the AI risk register, and the full auditor report.

Every page carries the organisation's name and the SoA version in its header and "page x of y"
with the generation time in its footer. Landscape A4, so the control tables stay readable.
Pure: views in, PDF bytes out; the sections themselves are in :mod:`annexa.reports.sections`.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak, SimpleDocTemplate

from annexa.reports import sections
from annexa.reports.metrics import MetricsData
from annexa.reports.views import EvidenceView, ReportMeta, RiskRow, SoaRow

__all__ = ["full_report_pdf", "metrics_pdf", "risks_pdf", "soa_pdf"]

PAGE = landscape(A4)
MARGIN = 15 * mm


def _canvas_class(meta: ReportMeta, title: str) -> type[Canvas]:
    """A canvas that holds pages back until the end, to write "page x of y" on each."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # reportlab internal

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            width, height = PAGE
            self.setFont("Helvetica", 8)
            self.setFillGray(0.35)
            self.drawString(MARGIN, height - 10 * mm, f"{meta.org_label} · {title}")
            self.drawRightString(width - MARGIN, height - 10 * mm, f"SoA {meta.version_label}")
            self.drawString(MARGIN, 8 * mm, f"Generated {meta.generated_at:%Y-%m-%d %H:%M} UTC")
            self.drawRightString(width - MARGIN, 8 * mm, f"Page {self.getPageNumber()} of {total}")

    return NumberedCanvas


def _build(meta: ReportMeta, title: str, story: Sequence[Flowable]) -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=16 * mm,
        bottomMargin=14 * mm, title=f"{title}: {meta.org_label}", author=meta.org_label,
        creator="Annexa",
    )  # fmt: skip
    canvasmaker: Callable[..., Canvas] = _canvas_class(meta, title)
    doc.build(list(story), canvasmaker=canvasmaker)
    return out.getvalue()


def soa_pdf(meta: ReportMeta, rows: Sequence[SoaRow]) -> bytes:
    """The Statement of Applicability: cover facts, summary, the controls by theme."""
    title = "Statement of Applicability"
    story = [
        *sections.cover(meta, title),
        *sections.soa_summary(rows),
        PageBreak(),
        *sections.soa_table(rows),
    ]
    return _build(meta, title, story)


def risks_pdf(meta: ReportMeta, risks: Sequence[RiskRow]) -> bytes:
    """The AI risk register: inherent and residual heat maps, then the register table."""
    title = "AI risk register"
    return _build(meta, title, [*sections.cover(meta, title), PageBreak(), *sections.risks(risks)])


def metrics_pdf(meta: ReportMeta, metrics: MetricsData) -> bytes:
    """The Clause 9.1/10 metrics with their charts."""
    title = "ISMS metrics for AI"
    return _build(meta, title, [*sections.cover(meta, title), PageBreak(),
                                *sections.metrics(metrics)])  # fmt: skip


def full_report_pdf(
    meta: ReportMeta,
    soa: Sequence[SoaRow],
    risks: Sequence[RiskRow],
    metrics: MetricsData,
    evidence: Sequence[EvidenceView],
) -> bytes:
    """The auditor report: cover, SoA summary and table, risks with heat maps, Clause 9.1/10
    metrics with charts, and evidence status."""
    title = "ISMS report for AI"
    story = [
        *sections.cover(meta, title),
        *sections.soa_summary(soa),
        PageBreak(),
        *sections.soa_table(soa),
        PageBreak(),
        *sections.risks(risks),
        PageBreak(),
        *sections.metrics(metrics),
        PageBreak(),
        *sections.evidence(soa, evidence),
    ]
    return _build(meta, title, story)
