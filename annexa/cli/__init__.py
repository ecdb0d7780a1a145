"""The ``annexa`` command line: one Typer app, one module per command group."""

from __future__ import annotations

import typer

from annexa.cli import (
    apikeys,  # the gateway's commands: apikeys, init, serve
    audit,
    backup,  # backups and restore tests (A.8.13)
    detectors,
    evidence,  # ISMS: evidence on Annex A controls
    init,
    keys,  # the master key (A.8.24); virtual API keys are apikeys
    policy,
    report,  # reports and exports: SoA, risks, metrics, OSCAL, the auditor PDF
    reviews,  # access reviews (identity, A.5.18)
    risks,  # ISMS: the AI risk register
    scan,
    serve,
    soa,  # ISMS: the Statement of Applicability
    suppliers,  # ISMS: the AI supplier register
    systems,  # ISMS: the AI systems inventory
    users,  # console users (identity)
)

app = typer.Typer(
    name="annexa",
    help="Annexa: the ISO/IEC 27001:2022 governance layer for generative AI.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)
app.command("scan")(scan.scan)
app.add_typer(detectors.app, name="detectors")
app.add_typer(audit.app, name="audit")

app.command("init")(init.init)
app.command("serve")(serve.serve)
app.add_typer(apikeys.app, name="apikeys")
app.add_typer(policy.app, name="policy")
app.add_typer(keys.app, name="keys")
app.add_typer(backup.app, name="backup")
app.add_typer(soa.app, name="soa")
app.add_typer(risks.app, name="risks")
app.add_typer(suppliers.app, name="suppliers")
app.add_typer(systems.app, name="systems")
app.add_typer(evidence.app, name="evidence")
app.add_typer(report.app, name="report")
app.add_typer(users.app, name="users")
app.add_typer(reviews.app, name="reviews")


def main() -> None:
    """Console-script entry point."""
    app()
