"""The SoA and risk workbooks read back through openpyxl (sheets, values, fills, frozen header,
filters), and the SoA CSV through the csv module."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from annexa.reports import xlsx
from annexa.reports.csv import SOA_COLUMNS, soa_csv
from tests.reports import sample


def _sheets(data: bytes) -> dict[str, Worksheet]:
    wb = load_workbook(io.BytesIO(data))
    return {ws.title: ws for ws in wb.worksheets}


def _fill(ws: Worksheet, ref: str) -> str:
    return str(ws[ref].fill.fgColor.rgb)[-6:]


def test_soa_workbook_round_trips() -> None:
    rows = sample.soa_rows()
    sheets = _sheets(xlsx.soa_xlsx(sample.meta(), rows))
    assert list(sheets) == ["Cover", "Statement of Applicability"]
    cover = {ws_row[0]: ws_row[1] for ws_row in sheets["Cover"].iter_rows(values_only=True)}
    assert cover["Organisation"] == "Example Bank plc"
    assert cover["SoA version"] == "v3"
    assert cover["Approved by"] == "Dana Officer"
    ws = sheets["Statement of Applicability"]
    assert ws.max_row == 94
    assert [c.value for c in ws[1]] == [h for h, _ in xlsx.SOA_HEADERS]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:K94"
    assert ws.column_dimensions["B"].width == 42
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == "$1:$1"
    values = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert [v[0] for v in values] == [r.control_id for r in rows]
    assert values[1][:6] == ["A.5.2", rows[1].title, "Organizational controls", "yes",
                             "reason 1", "planned"]  # fmt: skip


def test_soa_workbook_colours_by_value() -> None:
    rows = sample.soa_rows()
    ws = _sheets(xlsx.soa_xlsx(sample.meta(), rows))["Statement of Applicability"]
    for i, row in enumerate(rows, start=2):
        assert _fill(ws, f"D{i}") == xlsx.COLOURS[row.applicable]
        assert _fill(ws, f"F{i}") == xlsx.COLOURS[row.status]
        assert _fill(ws, f"K{i}") == xlsx.COLOURS[row.evidence]
    assert _fill(ws, "A2") == "000000"  # the id column is not filled


def test_rows_grow_with_wrapped_text() -> None:
    rows = sample.soa_rows()
    long = replace(rows[0], justification="word " * 40)
    ws = _sheets(xlsx.soa_xlsx(sample.meta(), [long, rows[1]]))["Statement of Applicability"]
    tall, two_lines = ws.row_dimensions[2].height, ws.row_dimensions[3].height
    assert two_lines == 2 * xlsx.LINE_HEIGHT  # a 48-character title in a 42-wide column
    assert tall is not None
    assert tall >= 4 * xlsx.LINE_HEIGHT  # 200 characters in a 50-wide column


def test_text_that_looks_like_a_formula_stays_text() -> None:
    ws = _sheets(xlsx.soa_xlsx(sample.meta(), sample.soa_rows()))["Statement of Applicability"]
    assert ws["E2"].value == "=1+2 looks like a formula"
    assert ws["E2"].data_type == "s"


def test_risk_workbook_round_trips() -> None:
    risks = sample.risk_rows()
    sheets = _sheets(xlsx.risks_xlsx(sample.meta(), risks))
    assert list(sheets) == ["Cover", "Risk register"]
    ws = sheets["Risk register"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert [r[0] for r in rows] == ["AI-01", "AI-02", "AI-03", "AI-04"]
    assert rows[0][3:7] == [4, 5, 20, "critical"]
    assert rows[0][10:14] == [2, 3, 6, "medium"]
    assert rows[2][10:14] == [None, None, None, None]  # not rated after treatment
    assert rows[1][15] == "valid: Dana Officer until 2027-06-30"
    assert _fill(ws, "G2") == xlsx.COLOURS["critical"]
    assert _fill(ws, "N2") == xlsx.COLOURS["medium"]


def test_soa_csv_round_trips() -> None:
    rows = sample.soa_rows()
    parsed = list(csv.DictReader(io.StringIO(soa_csv(rows))))
    assert len(parsed) == 93
    assert tuple(parsed[0]) == SOA_COLUMNS
    assert parsed[0]["justification"] == "'=1+2 looks like a formula"
    assert parsed[0]["risks"] == "AI-01"
    assert parsed[1]["applicable"] == rows[1].applicable == "yes"
    assert [p["control_id"] for p in parsed] == [r.control_id for r in rows]
