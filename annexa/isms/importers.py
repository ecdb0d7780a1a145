"""Import SoA lines, risks and suppliers from CSV or XLSX: all rows or none.

The first row names the columns (the record's field names; case and spaces do not matter).
Every row is validated first; any error, in any row, stops the import before anything is
written, and each error names its row (as the spreadsheet numbers it, the header being row 1)
and its field. The rows are then written in one transaction.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from pydantic import BaseModel, ValidationError
from sqlalchemy.engine import Connection, Engine

from annexa.errors import InputError
from annexa.isms import risks, soa, suppliers
from annexa.isms.records import Risk, SoaEntry, Supplier

__all__ = ["KINDS", "ImportFailed", "RowError", "import_file", "parse_rows", "read_rows"]

MAX_ROWS = 10_000


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem: the spreadsheet row, the field, what is wrong."""

    row: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, field {self.field!r}: {self.message}"


class ImportFailed(InputError):
    """The file has errors; nothing was imported."""

    hint = "Fix the rows named above and import the whole file again; nothing was written."

    def __init__(self, path: Path, errors: list[RowError]) -> None:
        shown = "\n".join(f"  {e}" for e in errors[:50])
        more = f"\n  ... and {len(errors) - 50} more" if len(errors) > 50 else ""
        super().__init__(f"{path}: {len(errors)} errors, nothing imported:\n{shown}{more}")
        self.errors = errors


@dataclass(frozen=True, slots=True)
class Kind:
    """What a kind of record is parsed into, its key field, and how it is saved."""

    model: type[BaseModel]
    key: str
    save: Callable[[Connection, Any], None]


def _save_soa(conn: Connection, entry: SoaEntry) -> None:
    soa.save(conn, entry)


KINDS: dict[str, Kind] = {
    "soa": Kind(SoaEntry, "control_id", _save_soa),
    "risks": Kind(Risk, "id", risks.save),
    "suppliers": Kind(Supplier, "name", suppliers.save),
}


def _column(name: Any) -> str:
    return str(name or "").strip().lower().replace(" ", "_").replace("-", "_")


def _cell(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    return value


def read_rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """``(row number, {column: value})`` for every non-empty data row of a CSV or XLSX file."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as fh:
            table = list(csv.reader(fh))
    elif suffix in {".xlsx", ".xlsm"}:
        table = _xlsx_table(path)
    else:
        raise InputError(f"{path}: import reads .csv or .xlsx files")
    if not table:
        raise InputError(f"{path}: the file is empty")
    header = [_column(h) for h in table[0]]
    rows = []
    for number, values in enumerate(table[1:], start=2):
        cells = {h: _cell(v) for h, v in zip(header, values, strict=False) if h}
        if any(v is not None for v in cells.values()):
            rows.append((number, {k: v for k, v in cells.items() if v is not None}))
    if len(rows) > MAX_ROWS:
        raise InputError(f"{path}: more than {MAX_ROWS:,} rows")
    return rows


def _xlsx_table(path: Path) -> list[list[Any]]:
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise InputError(f"{path}: not a readable XLSX file ({type(exc).__name__})") from exc
    try:
        sheet = book.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def parse_rows(
    kind: str, rows: Iterable[tuple[int, dict[str, Any]]]
) -> tuple[list[BaseModel], list[RowError]]:
    """Validate every row into ``kind``'s record; all errors, not just the first."""
    spec = KINDS[kind]
    fields = set(spec.model.model_fields)
    records: list[BaseModel] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for number, row in rows:
        unknown = sorted(set(row) - fields)
        errors.extend(RowError(number, u, "unknown column") for u in unknown)
        try:
            record = spec.model.model_validate({k: v for k, v in row.items() if k in fields})
        except ValidationError as exc:
            for e in exc.errors():
                where = ".".join(str(p) for p in e["loc"]) or "(row)"
                errors.append(RowError(number, where, e["msg"]))
            continue
        errors.extend(RowError(number, f, m) for f, m in _decision_errors(record))
        key = str(getattr(record, spec.key))
        if key in seen:
            errors.append(RowError(number, spec.key, f"{key} is also in row {seen[key]}"))
        seen.setdefault(key, number)
        records.append(record)
    return records, errors


def _decision_errors(record: BaseModel) -> list[tuple[str, str]]:
    if not isinstance(record, SoaEntry):
        return []
    found = []
    if record.applicable is None:
        found.append(("applicable", "must be yes or no"))
    if not record.justification:
        found.append(("justification", "required whether the control applies or not"))
    return found


def import_file(engine: Engine, kind: str, path: Path) -> list[BaseModel]:
    """Validate the whole file, then write every record in one transaction (or none)."""
    if kind not in KINDS:
        raise InputError(f"unknown import kind {kind!r}; known: {', '.join(KINDS)}")
    records, errors = parse_rows(kind, read_rows(path))
    if errors:
        raise ImportFailed(path, errors)
    with engine.begin() as conn:
        for record in records:
            KINDS[kind].save(conn, record)
    return records
