"""``annexa scan``: find PII, secrets and confidential terms in files, directories or stdin.

Exit codes: 0 nothing at or above ``--min-score``; 1 something found; 2 usage or input error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TransferSpeedColumn
from rich.table import Table
from rich.text import Text

from annexa.cli.common import DataDir, err, fail, settings_for
from annexa.detect.interface import Finding
from annexa.detect.scanner import Scanner
from annexa.errors import AnnexaError, InputError

PROGRESS_THRESHOLD = 1_000_000  # bytes: show a progress bar above this much input


def scan(
    data_dir: DataDir,
    paths: Annotated[
        list[str] | None, typer.Argument(help="Files or directories to scan; '-' reads stdin.")
    ] = None,
    jsonl: Annotated[
        Path | None,
        typer.Option(
            "--jsonl",
            help='Input JSON lines {"id", "text"}; writes {"id", "findings"} per line.',
            dir_okay=False,
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    min_score: Annotated[
        float | None, typer.Option("--min-score", min=0.0, max=1.0, help="Report at or above.")
    ] = None,
    ner: Annotated[
        bool | None, typer.Option("--ner/--no-ner", help="Run NER (needs annexa\\[ner]).")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write results here, not stdout.")
    ] = None,
) -> None:
    """Scan text for PII, secrets and the organisation's confidential terms."""
    settings = settings_for(data_dir).scan
    update: dict[str, object] = {}
    if min_score is not None:
        update["min_score"] = min_score
    if ner is not None:
        update["ner"] = ner
    settings = settings.model_copy(update=update)
    if not paths and jsonl is None:
        fail(InputError("nothing to scan: give FILE, DIR, '-' or --jsonl IN.jsonl"))
    try:
        scanner = Scanner(settings)
        out = output.open("w", encoding="utf-8") if output else sys.stdout
        try:
            if jsonl is not None:
                found = _scan_jsonl(scanner, jsonl, out)
            else:
                found = _scan_paths(scanner, paths or [], out, as_json)
        finally:
            if output:
                out.close()
    except AnnexaError as exc:
        fail(exc)
    raise typer.Exit(1 if found else 0)


def _progress() -> Progress:
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TransferSpeedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,  # no bar, and no stray blank line, in a pipe or a log
    )


def _scan_jsonl(scanner: Scanner, path: Path, out: TextIO) -> bool:
    """Scan each ``{"id", "text"}`` line; write ``{"id", "findings"}`` for each one scanned.

    A line that is not such a record (not UTF-8, not JSON, no string ``text``) or whose text
    cannot be scanned (over the size limit, past the time limit) gets no output line: it is
    named on stderr and the rest of the file is scanned. Afterwards an :class:`InputError`
    counts what was skipped (exit 2), so an unscanned record never passes for a clean one."""
    size = path.stat().st_size
    found = False
    records = skipped = 0
    with path.open("rb") as fh, _progress() as bar:
        task = bar.add_task(f"scanning {path.name}", total=size, visible=size > PROGRESS_THRESHOLD)
        for lineno, raw in enumerate(fh, 1):
            bar.advance(task, len(raw))
            if not raw.strip():
                continue
            records += 1
            try:
                record = _record(raw)
                findings = scanner.scan(record["text"])
            except AnnexaError as exc:
                skipped += 1
                err.print(f"[yellow]skipped[/] {path}:{lineno}: {exc.message}", highlight=False)
                continue
            found = found or bool(findings)
            row = {"id": record.get("id"), "findings": [f.to_dict() for f in findings]}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    if skipped:
        raise InputError(
            f"{path}: {skipped} of {records} records skipped (named above); "
            "the others were scanned and written"
        )
    return found


def _record(raw: bytes) -> dict[str, Any]:
    """One JSON line as a ``{"id", "text"}`` record, or :class:`InputError` saying why not."""
    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 (byte {exc.start + 1} of the line)") from exc
    except ValueError as exc:
        raise InputError(f"not JSON ({exc})") from exc
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise InputError('not a {"id", "text"} record: "text" must be a string')
    return record


def _read_inputs(paths: list[str]) -> Iterator[tuple[str, str]]:
    for p in paths:
        if p == "-":
            yield "<stdin>", sys.stdin.read()
            continue
        path = Path(p)
        if not path.exists():
            raise InputError(f"{p}: no such file or directory")
        files = sorted(f for f in path.rglob("*") if f.is_file()) if path.is_dir() else [path]
        for f in files:
            data = f.read_bytes()
            if b"\0" in data[:8192]:
                continue  # binary
            yield str(f), data.decode("utf-8", errors="replace")


def _scan_paths(scanner: Scanner, paths: list[str], out: TextIO, as_json: bool) -> bool:
    results: list[tuple[str, str, list[Finding]]] = []
    inputs = list(_read_inputs(paths))
    total = sum(len(t) for _, t in inputs)
    with _progress() as bar:
        task = bar.add_task("scanning", total=total, visible=total > PROGRESS_THRESHOLD)
        for name, text in inputs:
            results.append((name, text, scanner.scan(text)))
            bar.advance(task, len(text))
    if as_json:
        doc = [{"source": n, "findings": [f.to_dict() for f in fs]} for n, _, fs in results]
        out.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    else:
        _print_table(results, out)
    return any(fs for _, _, fs in results)


def mask(value: str) -> str:
    """A preview that identifies a value's shape without revealing it."""
    if len(value) <= 6:
        return "•" * len(value)
    keep = 2 if len(value) < 16 else 4
    return value[:keep] + "•" * min(len(value) - 2 * keep, 12) + value[-keep:]


def _line_col(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"{line}:{col}"


def _print_table(results: list[tuple[str, str, list[Finding]]], out: TextIO) -> None:
    """One table per source that holds findings, one row per finding, then the total when
    more than one source was read. In an 80-column terminal the entity, score and masked value
    stay whole; a secret's provider follows its entity ("SECRET (aws)")."""
    console = Console(file=out)
    for name, text, findings in results:
        if findings or len(results) == 1:
            console.print(_table(name, text, findings) if findings else _count(findings, name))
    if len(results) > 1:
        every = [f for _, _, fs in results for f in fs]
        files = sum(1 for _, _, fs in results if fs)
        console.print(Text(f"{_count(every)} in {files} of {len(results)} sources"))


def _count(findings: list[Finding], source: str | None = None) -> str:
    n = len(findings)
    return f"{n} finding{'s' if n != 1 else ''}" + (f" in {source}" if source else "")


def _table(name: str, text: str, findings: list[Finding]) -> Table:
    table = Table(title=Text(_count(findings, name)))  # a file's name is no Rich markup
    table.add_column("at", no_wrap=True)
    table.add_column("entity", no_wrap=True)
    table.add_column("score", no_wrap=True, justify="right")
    table.add_column("detector", overflow="fold")
    table.add_column("value (masked)", no_wrap=True)
    for f in findings:
        entity = f"{f.entity} ({f.provider})" if f.provider else f.entity
        where = _line_col(text, f.start)
        table.add_row(where, entity, f"{f.score:.2f}", f.detector, mask(text[f.start : f.end]))
    return table
