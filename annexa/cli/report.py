"""``annexa report``: the auditor report (PDF), and the SoA, risk register, metrics and OSCAL
exports, written to a file so they script into CI and scheduled jobs. Read-only.

The renderers (reportlab, matplotlib, openpyxl) are imported inside the commands, so the other
``annexa`` commands do not pay for loading them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from annexa.cli.common import DataDir, fail, settings_for
from annexa.db import database_url, make_engine, upgrade
from annexa.errors import AnnexaError
from annexa.reports.data import ReportData, load

app = typer.Typer(
    help="Reports an auditor reads: the full PDF report (default), SoA, risks, metrics, OSCAL.",
    invoke_without_command=True,
)
err = Console(stderr=True)


class SoaFormat(StrEnum):
    """Export formats of the SoA."""

    xlsx = "xlsx"
    csv = "csv"
    pdf = "pdf"
    oscal = "oscal"


class RiskFormat(StrEnum):
    """Export formats of the risk register."""

    xlsx = "xlsx"
    pdf = "pdf"


class MetricsFormat(StrEnum):
    """Export formats of the metrics."""

    pdf = "pdf"
    json = "json"


Weeks = Annotated[int, typer.Option("--weeks", min=1, max=520, help="Weeks of audit log read.")]


def _output(default: str) -> Any:
    return typer.Option("--output", "-o", help=f"File to write (default: {default}).",
                        dir_okay=False, writable=True)  # fmt: skip


@contextmanager
def _data(data_dir: Path, weeks: int = 12) -> Iterator[ReportData]:
    """The report data of the data directory; Annexa errors exit 2 with diagnostics."""
    try:
        settings = settings_for(data_dir)
        engine = make_engine(database_url(settings.data_dir, settings.database_url))
        try:
            upgrade(engine)
            yield load(engine, settings.isms.organisation, weeks=weeks)
        finally:
            engine.dispose()
    except AnnexaError as exc:
        fail(exc)


def _write(path: Path, content: bytes | str) -> None:
    data = content.encode() if isinstance(content, str) else content
    path.write_bytes(data)
    err.print(f"wrote {path} ({len(data):,} bytes)", highlight=False)


@app.callback()
def report(
    ctx: typer.Context,
    data_dir: DataDir,
    output: Annotated[Path, _output("report.pdf")] = Path("report.pdf"),
    weeks: Weeks = 12,
) -> None:
    """Without a subcommand: the full auditor report as PDF (cover, SoA, risks with heat maps,
    Clause 9.1/10 metrics with charts, evidence status)."""
    if ctx.invoked_subcommand is not None:
        return
    from annexa.reports import pdf  # noqa: PLC0415 - loaded for this command only

    with _data(data_dir, weeks) as d:
        _write(output, pdf.full_report_pdf(d.meta, d.soa, d.risks, d.metrics, d.evidence))


@app.command("soa")
def soa(
    data_dir: DataDir,
    fmt: Annotated[
        SoaFormat, typer.Option("--format", "-f", help="Output format.")
    ] = SoaFormat.xlsx,
    output: Annotated[Path | None, _output("soa.<format>")] = None,
) -> None:
    """The Statement of Applicability as XLSX, CSV, PDF or an OSCAL profile (JSON)."""
    from annexa.reports import csv, oscal, pdf, xlsx  # noqa: PLC0415 - loaded for this command only

    path = output or Path(f"soa.{'json' if fmt is SoaFormat.oscal else fmt.value}")
    with _data(data_dir) as d:
        if fmt is SoaFormat.xlsx:
            _write(path, xlsx.soa_xlsx(d.meta, d.soa))
        elif fmt is SoaFormat.csv:
            _write(path, csv.soa_csv(d.soa))
        elif fmt is SoaFormat.pdf:
            _write(path, pdf.soa_pdf(d.meta, d.soa))
        else:
            _write(path, json.dumps(oscal.soa_profile(d.meta, d.soa), indent=2) + "\n")


@app.command("results")
def results(
    data_dir: DataDir,
    output: Annotated[Path, _output("assessment-results.json")] = Path("assessment-results.json"),
) -> None:
    """OSCAL assessment results: an observation per evidence item, a finding per applicable
    control (not satisfied when its evidence is stale or missing)."""
    from annexa.reports import oscal  # noqa: PLC0415 - loaded for this command only

    with _data(data_dir) as d:
        doc = oscal.assessment_results(d.meta, d.soa, d.evidence, d.meta.generated_at)
        _write(output, json.dumps(doc, indent=2) + "\n")


@app.command("risks")
def risks(
    data_dir: DataDir,
    fmt: Annotated[
        RiskFormat, typer.Option("--format", "-f", help="Output format.")
    ] = RiskFormat.xlsx,
    output: Annotated[Path | None, _output("risks.<format>")] = None,
) -> None:
    """The AI risk register as XLSX, or PDF with inherent and residual heat maps."""
    from annexa.reports import pdf, xlsx  # noqa: PLC0415 - loaded for this command only

    path = output or Path(f"risks.{fmt.value}")
    with _data(data_dir) as d:
        if fmt is RiskFormat.xlsx:
            _write(path, xlsx.risks_xlsx(d.meta, d.risks))
        else:
            _write(path, pdf.risks_pdf(d.meta, d.risks))


@app.command("metrics")
def metrics(
    data_dir: DataDir,
    fmt: Annotated[
        MetricsFormat, typer.Option("--format", "-f", help="Output format.")
    ] = MetricsFormat.pdf,
    output: Annotated[Path | None, _output("metrics.<format>")] = None,
    weeks: Weeks = 12,
) -> None:
    """Clause 9.1/10 metrics: AI usage and findings per week, blocks, evidence freshness,
    access reviews, open risks; as a PDF with charts or as JSON numbers."""
    from annexa.reports import pdf  # noqa: PLC0415 - loaded for this command only

    path = output or Path(f"metrics.{fmt.value}")
    with _data(data_dir, weeks) as d:
        if fmt is MetricsFormat.json:
            numbers = asdict(d.metrics) | {"requests": d.metrics.requests,
                                           "findings": d.metrics.findings}  # fmt: skip
            _write(path, json.dumps(numbers, indent=2) + "\n")
        else:
            _write(path, pdf.metrics_pdf(d.meta, d.metrics))
