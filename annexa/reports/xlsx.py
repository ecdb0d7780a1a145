"""The SoA and the AI risk register as XLSX workbooks (openpyxl), for the security officer.

Each workbook has a cover sheet (organisation, SoA version, approver, date) and one data sheet:
one row per record, a frozen bold header, filters, set column widths, and the applicability,
status, evidence and risk-level cells filled in colour. Every text cell is stored as text, so a
value starting with ``=`` is never run as a formula.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from annexa.reports.csv import soa_cells
from annexa.reports.views import ReportMeta, RiskRow, SoaRow

__all__ = ["COLOURS", "RISK_HEADERS", "SOA_HEADERS", "risks_xlsx", "soa_xlsx"]

# Cell fills (RGB) by value: the same palette in the XLSX and the PDF.
COLOURS = {
    "yes": "C6EFCE", "no": "D9D9D9", "undecided": "FFEB9C",
    "implemented": "C6EFCE", "partial": "FFEB9C", "planned": "DDEBF7", "not started": "FFC7CE",
    "fresh": "C6EFCE", "stale": "FFEB9C", "missing": "FFC7CE",
    "low": "C6EFCE", "medium": "FFEB9C", "high": "F8CBAD", "critical": "FF7C80",
}  # fmt: skip
SOA_HEADERS = (
    ("Control", 10), ("Title", 42), ("Theme", 22), ("Applicable", 12), ("Justification", 50),
    ("Status", 13), ("Owner", 18), ("How", 40), ("Risks", 14), ("Last reviewed", 14),
    ("Evidence", 11),
)  # fmt: skip
RISK_HEADERS = (
    ("Risk", 9), ("Title", 40), ("Threat", 40), ("L", 5), ("I", 5), ("Score", 7), ("Level", 10),
    ("Treatment", 11), ("Controls", 22), ("Owner", 16), ("Residual L", 11), ("Residual I", 11),
    ("Residual score", 14), ("Residual level", 14), ("Review", 12), ("Acceptance", 36),
)  # fmt: skip
Cellable = str | int | None
LINE_HEIGHT = 15  # points per line of 11-point text
COLOURED_SOA = {"Applicable", "Status", "Evidence"}
COLOURED_RISK = {"Level", "Residual level"}


def _text(ws: Worksheet, row: int, col: int, value: Cellable) -> Cell:
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell


def _cover(wb: Workbook, meta: ReportMeta, title: str) -> None:
    ws = wb.worksheets[0]  # a new workbook's one sheet
    ws.title = "Cover"
    ws["A1"] = title
    ws["A1"].font = Font(size=16, bold=True)
    ws["A1"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells("A1:B1")
    ws.row_dimensions[1].height = 42
    facts = (
        ("Organisation", meta.org_label),
        ("SoA version", meta.version_label),
        ("Approved by", meta.approved_by or "-"),
        ("Approved at", meta.approved_at or "-"),
        ("Generated at", meta.generated_at.isoformat(timespec="seconds")),
    )
    for i, (label, value) in enumerate(facts, start=3):
        ws.cell(row=i, column=1, value=label).font = Font(bold=True)
        _text(ws, i, 2, value)
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 48


def _table(
    ws: Worksheet,
    headers: Sequence[tuple[str, int]],
    rows: Sequence[Sequence[Cellable]],
    coloured: set[str],
) -> None:
    for col, (name, width) in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=col, value=name)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F3864")
        ws.column_dimensions[get_column_letter(col)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, values in enumerate(rows, start=2):
        for col, value in enumerate(values, start=1):
            cell = _text(ws, r, col, value)
            cell.alignment = wrap
            if headers[col - 1][0] in coloured and str(value) in COLOURS:
                cell.fill = PatternFill("solid", fgColor=COLOURS[str(value)])
        ws.row_dimensions[r].height = LINE_HEIGHT * _lines(values, headers)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(len(rows) + 1, 1)}"
    _print_setup(ws)


def _lines(values: Sequence[Cellable], headers: Sequence[tuple[str, int]]) -> int:
    """Lines the tallest wrapped cell needs (spreadsheets do not grow rows written by a library
    on their own, so LibreOffice would draw wrapped text over the next row)."""
    need = 1
    for value, (_, width) in zip(values, headers, strict=True):
        text = "" if value is None else str(value)
        need = max(need, sum(1 + len(part) // max(width - 2, 1) for part in text.split("\n")))
    return need


def _print_setup(ws: Worksheet) -> None:
    """Landscape, one page wide, the header row repeated on every printed page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = "1:1"


def _save(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def soa_xlsx(meta: ReportMeta, rows: Sequence[SoaRow]) -> bytes:
    """The SoA workbook: sheets ``Cover`` and ``Statement of Applicability``."""
    wb = Workbook()
    _cover(wb, meta, "Statement of Applicability (ISO/IEC 27001:2022 Annex A)")
    ws = wb.create_sheet("Statement of Applicability")
    _table(ws, SOA_HEADERS, [soa_cells(r) for r in rows], COLOURED_SOA)
    return _save(wb)


def risk_cells(r: RiskRow) -> list[Cellable]:
    """A risk's cells in :data:`RISK_HEADERS` order (blank for unrated residual fields)."""
    blank = None
    return [
        r.id, r.title, r.threat, r.likelihood, r.impact, r.score, r.level, r.treatment,
        "; ".join(r.controls), r.owner,
        blank if r.residual_likelihood is None else r.residual_likelihood,
        blank if r.residual_impact is None else r.residual_impact,
        blank if r.residual_score is None else r.residual_score,
        r.residual_level or blank, r.review_date, r.acceptance,
    ]  # fmt: skip


def risks_xlsx(meta: ReportMeta, rows: Sequence[RiskRow]) -> bytes:
    """The risk register workbook: sheets ``Cover`` and ``Risk register``."""
    wb = Workbook()
    _cover(wb, meta, "AI risk register")
    ws = wb.create_sheet("Risk register")
    _table(ws, RISK_HEADERS, [risk_cells(r) for r in rows], COLOURED_RISK)
    return _save(wb)
