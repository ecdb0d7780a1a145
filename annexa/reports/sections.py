"""The sections of the PDF documents, as reportlab flowables: cover, SoA summary and table by
theme, risk heat maps and register, metrics with charts, evidence status. Pure."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence
from functools import cache
from html import escape
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle, StyleSheet1, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image, KeepTogether, Paragraph, Spacer, Table, TableStyle

from annexa.isms.records import STATUSES
from annexa.isms.scoring import LEVELS
from annexa.reports import charts
from annexa.reports.metrics import MetricsData
from annexa.reports.views import EvidenceView, ReportMeta, RiskRow, SoaRow
from annexa.reports.xlsx import COLOURS

__all__ = ["cover", "evidence", "metrics", "risks", "soa_summary", "soa_table"]

WIDTH = 267 * mm  # landscape A4 less the margins
HEADER_BG = colors.HexColor("#1F3864")
MAX_EVIDENCE_ROWS = 200


@cache
def _styles() -> StyleSheet1:
    sheet = getSampleStyleSheet()
    sheet.add(ParagraphStyle("Cell", parent=sheet["BodyText"], fontSize=7.5, leading=9))
    sheet.add(ParagraphStyle("HeadCell", parent=sheet["Cell"], textColor=colors.white,
                             fontName="Helvetica-Bold"))  # fmt: skip
    sheet.add(ParagraphStyle("Big", parent=sheet["Title"], fontSize=26, leading=32))
    return sheet


def _esc(text: str) -> str:
    """Text for a reportlab paragraph: its markup characters escaped."""
    return escape(text, quote=False)


def _p(text: object, style: str = "Cell") -> Paragraph:
    return Paragraph(_esc(str(text)).replace("\n", "<br/>"), _styles()[style])


def _table(head: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[float],
           colour_cols: Sequence[int] = ()) -> Table:  # fmt: skip
    """A table with a repeated dark header row and the palette on ``colour_cols``."""
    data = [[_p(h, "HeadCell") for h in head]] + [[_p(c) for c in row] for row in rows]
    style: list[Any] = [
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#BFBFBF")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    for r, row in enumerate(rows, start=1):
        for c in colour_cols:
            fill = COLOURS.get(str(row[c]).split(" ")[-1])
            if fill:
                style.append(("BACKGROUND", (c, r), (c, r), colors.HexColor(f"#{fill}")))
    table = Table(data, colWidths=list(widths), repeatRows=1)
    table.setStyle(TableStyle(style))
    return table


def _image(png: bytes, width: float) -> Image:
    w, h = ImageReader(io.BytesIO(png)).getSize()
    return Image(io.BytesIO(png), width=width, height=width * h / w)


def cover(meta: ReportMeta, title: str) -> list[Flowable]:
    """The title block with the organisation, the SoA version and its approval."""
    s = _styles()
    facts = [
        ["Organisation", meta.org_label],
        ["SoA version", meta.version_label],
        ["Approved by", meta.approved_by or "-"],
        ["Approved at", meta.approved_at or "-"],
        ["Generated at", f"{meta.generated_at:%Y-%m-%d %H:%M} UTC"],
    ]
    table = Table([[_p(a, "BodyText"), _p(b, "BodyText")] for a, b in facts],
                  colWidths=[45 * mm, 150 * mm], hAlign="LEFT")  # fmt: skip
    return [Spacer(1, 20 * mm), Paragraph(_esc(title), s["Big"]),
            Paragraph(_esc(meta.org_label), s["Heading2"]), Spacer(1, 8 * mm), table,
            Spacer(1, 8 * mm)]  # fmt: skip


def soa_summary(rows: Sequence[SoaRow]) -> list[Flowable]:
    """Counts: applicability, implementation status of applicable controls, evidence."""
    applicable = [r for r in rows if r.applicable == "yes"]
    app = Counter(r.applicable for r in rows)
    status = Counter(r.status for r in applicable)
    fresh = Counter(r.evidence for r in applicable)
    data: list[list[object]] = [
        ["Controls in Annex A", len(rows)],
        ["Applicable / not applicable / not decided",
         f"{app['yes']} / {app['no']} / {app['undecided']}"],
        *[[f"Applicable, {s}", status[s]] for s in STATUSES],
        ["Applicable with fresh / stale / missing evidence",
         f"{fresh['fresh']} / {fresh['stale']} / {fresh['missing']}"],
    ]  # fmt: skip
    return [Paragraph("Statement of Applicability: summary", _styles()["Heading2"]),
            _table(["Measure", "Value"], data, [110 * mm, 50 * mm])]  # fmt: skip


def soa_table(rows: Sequence[SoaRow]) -> list[Flowable]:
    """The controls grouped by theme, with the decision, status and evidence coloured."""
    head = ["Control", "Title", "Applicable", "Status", "Owner", "Justification", "Evidence"]
    widths = [mm * w for w in (18, 62, 20, 22, 25, 102, 18)]
    out: list[Flowable] = [Paragraph("Statement of Applicability: controls", _styles()["Heading2"])]
    for theme in dict.fromkeys(r.theme_name for r in rows):
        chosen = [r for r in rows if r.theme_name == theme]
        cells = [[r.control_id, r.title, r.applicable, r.status, r.owner, r.justification,
                  r.evidence] for r in chosen]  # fmt: skip
        out += [Paragraph(_esc(f"{theme} ({len(chosen)})"), _styles()["Heading3"]),
                _table(head, cells, widths, colour_cols=(2, 3, 6))]  # fmt: skip
    return out


def _residual(r: RiskRow) -> str:
    return "-" if r.residual_score is None else f"{r.residual_score} {r.residual_level}"


def risks(rows: Sequence[RiskRow]) -> list[Flowable]:
    """Inherent and residual heat maps side by side, then the register."""
    s = _styles()
    maps = Table([[_image(charts.heat_map(rows), 110 * mm),
                   _image(charts.heat_map(rows, residual=True), 110 * mm)]])  # fmt: skip
    head = ["Risk", "Title", "L", "I", "Score", "Treatment", "Controls", "Owner", "Residual",
            "Acceptance"]  # fmt: skip
    widths = [mm * w for w in (16, 70, 8, 8, 20, 20, 42, 25, 22, 36)]
    cells = [
        [r.id, r.title, r.likelihood, r.impact, f"{r.score} {r.level}", r.treatment,
         ", ".join(r.controls), r.owner, _residual(r), r.acceptance]
        for r in rows
    ]  # fmt: skip
    table: Flowable = (_table(head, cells, widths, colour_cols=(4, 8)) if rows
                       else Paragraph("The risk register is empty.", s["BodyText"]))  # fmt: skip
    return [KeepTogether([Paragraph("AI risk register", s["Heading2"]), maps]),
            Paragraph(f"Risks: {len(rows)}", s["Heading3"]), table]  # fmt: skip


def _figures(m: MetricsData) -> Table:
    blocked = sum(w.blocked for w in m.weeks)
    data: list[list[object]] = [["Period (UTC)", f"{m.since[:10]} to {m.until[:10]}"],
            ["AI requests (audit log ai-request events)", m.requests],
            ["Blocked requests", blocked],
            *[[f"Requests decided {d}", n] for d, n in m.decisions.items()],
            *[[f"Findings: {e}", n] for e, n in m.findings.items()],
            ["Access review completion", m.access_reviews or "no data"]]  # fmt: skip
    return _table(["Measure (Clause 9.1)", "Value"], data, [110 * mm, 100 * mm])


def metrics(m: MetricsData) -> list[Flowable]:
    """Clause 9.1/10 figures and charts: usage, findings, blocks, evidence, risks."""
    s = _styles()
    half = 125 * mm
    levels: dict[str, int] = {k: m.risk_levels.get(k, 0) for k in LEVELS}
    return [
        Paragraph("Monitoring and measurement (Clause 9.1) and improvement (Clause 10)",
                  s["Heading2"]),
        _figures(m),
        Spacer(1, 4 * mm),
        KeepTogether([Table([[_image(charts.usage_chart(m.weeks), half),
                              _image(charts.findings_chart(m.weeks), half)]])]),
        KeepTogether([Table([[
            _image(charts.bar_chart(m.blocked_entities, "Entity types in blocked requests"), half),
            _image(charts.bar_chart(levels, "Open risks by current level",
                                    charts.LEVEL_COLOURS), half)]])]),
        KeepTogether([_image(charts.freshness_chart(m.freshness), 170 * mm)]),
    ]  # fmt: skip


def evidence(soa: Sequence[SoaRow], items: Sequence[EvidenceView]) -> list[Flowable]:
    """Applicable controls without fresh evidence, then the latest evidence items."""
    s = _styles()
    gaps = [[r.control_id, r.title, r.evidence, r.owner] for r in soa
            if r.applicable == "yes" and r.evidence != "fresh"]  # fmt: skip
    out: list[Flowable] = [Paragraph("Evidence status", s["Heading2"])]
    if gaps:
        out += [Paragraph(f"Applicable controls with stale or missing evidence: {len(gaps)}",
                          s["Heading3"]),
                _table(["Control", "Title", "Evidence", "Owner"], gaps,
                       [mm * w for w in (20, 120, 25, 50)], colour_cols=(2,))]  # fmt: skip
    else:
        out.append(Paragraph("Every applicable control has fresh evidence.", s["BodyText"]))
    shown = items[:MAX_EVIDENCE_ROWS]
    rows = [[i.control_id, i.kind, i.title, i.collected_at[:16], i.expires_at[:16],
             "fresh" if i.fresh else "stale", i.sha256[:16]] for i in shown]  # fmt: skip
    out.append(Paragraph(f"Evidence items: {len(items)} (latest {len(shown)} shown)",
                         s["Heading3"]))  # fmt: skip
    if rows:
        out.append(_table(["Control", "Kind", "Title", "Collected", "Expires", "State", "SHA-256"],
                          rows, [mm * w for w in (18, 28, 95, 30, 30, 18, 40)],
                          colour_cols=(5,)))  # fmt: skip
    return out
