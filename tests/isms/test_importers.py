"""CSV and XLSX import: row-level errors naming row and field, and nothing half-imported."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy.engine import Engine

from annexa.errors import InputError
from annexa.isms import risks, soa, suppliers
from annexa.isms.importers import ImportFailed, import_file

RISK_HEADER: list[object] = ["ID", "Title", "Likelihood", "Impact", "Treatment", "Controls"]
GOOD_RISK: list[object] = ["R-1", "Leak", "4", "5", "mitigate", "A.8.12; A.5.14"]


def write_csv(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_valid_risks_import(engine: Engine, tmp_path: Path, fmt: str) -> None:
    rows: list[list[object]] = [RISK_HEADER, GOOD_RISK, ["R-2", "Shadow", 3, 3, "accept", ""]]
    if fmt == "csv":
        path = write_csv(tmp_path / "r.csv", rows)
    else:
        path = write_xlsx(tmp_path / "r.xlsx", rows)
    assert len(import_file(engine, "risks", path)) == 2
    stored = {r.id: r for r in risks.list_risks(engine)}
    assert stored["R-1"].controls == ["A.8.12", "A.5.14"]
    assert stored["R-2"].score == 9


@pytest.mark.parametrize(
    ("bad_row", "expected"),
    [
        (["R-2", "x", "9", "1", "mitigate", ""], "row 3, field 'likelihood'"),
        (["R-2", "x", "2", "", "mitigate", ""], "row 3, field 'impact'"),
        (["R-2", "x", "2", "2", "ignore", ""], "row 3, field 'treatment'"),
        (["R-2", "x", "2", "2", "mitigate", "A.9.1"], "row 3, field 'controls'"),
        (["R-1", "again", "2", "2", "mitigate", ""], "row 3, field 'id': R-1 is also in row 2"),
    ],
)
def test_one_bad_row_imports_nothing(
    engine: Engine, tmp_path: Path, bad_row: list[object], expected: str
) -> None:
    path = write_csv(tmp_path / "r.csv", [RISK_HEADER, GOOD_RISK, bad_row])
    with pytest.raises(ImportFailed) as info:
        import_file(engine, "risks", path)
    assert expected in str(info.value)
    assert "nothing imported" in str(info.value)
    assert risks.list_risks(engine) == []


def test_every_error_is_reported(engine: Engine, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "r.csv", [
        [*RISK_HEADER, "Colour"],
        ["R-1", "", "0", "3", "mitigate", "", "red"],
        [*GOOD_RISK, ""],
    ])  # fmt: skip
    with pytest.raises(ImportFailed) as info:
        import_file(engine, "risks", path)
    found = {(e.row, e.field) for e in info.value.errors}
    assert found == {(2, "colour"), (2, "title"), (2, "likelihood")}


def test_soa_import_requires_justification(engine: Engine, tmp_path: Path) -> None:
    header: list[object] = ["control_id", "applicable", "justification", "status"]
    path = write_xlsx(tmp_path / "soa.xlsx", [
        header,
        ["A.5.1", "yes", "policy exists", "implemented"],
        ["A.7.1", "no", None, None],
        ["A.7.2", None, "remote", None],
    ])  # fmt: skip
    with pytest.raises(ImportFailed) as info:
        import_file(engine, "soa", path)
    assert [str(e) for e in info.value.errors] == [
        "row 3, field 'justification': required whether the control applies or not",
        "row 4, field 'applicable': must be yes or no",
    ]
    assert all(ln.entry.applicable is None for ln in soa.entries(engine))


def test_supplier_import_and_replace(engine: Engine, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "s.csv", [
        ["name", "approval", "max_level", "regions", "dpa_signed"],
        ["acme-ai", "approved", "internal", "EU;US", "yes"],
        ["", "", "", "", ""],  # blank rows are skipped
        ["shady-ai", "pending", "", "", "no"],
    ])  # fmt: skip
    assert len(import_file(engine, "suppliers", path)) == 2
    listed = suppliers.list_suppliers(engine)
    assert [(s.name, s.approval, s.regions) for s in listed] == [
        ("acme-ai", "approved", ["EU", "US"]),
        ("shady-ai", "pending", []),
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("x.txt", b"a,b", "reads .csv or .xlsx"),
        ("x.csv", b"", "empty"),
        ("x.xlsx", b"not a zip", "not a readable XLSX"),
    ],
)
def test_unreadable_files(
    engine: Engine, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        import_file(engine, "risks", path)


def test_unknown_kind(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown import kind"):
        import_file(engine, "assets", write_csv(tmp_path / "a.csv", [["a"], ["b"]]))
