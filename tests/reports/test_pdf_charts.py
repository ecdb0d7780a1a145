"""The PDFs parse (pypdf), number their pages "x of y", carry the organisation and the SoA
version on every page and hold the expected text; the charts are real PNG images."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pypdf import PdfReader

from annexa.reports import charts, pdf
from tests.reports import sample


def _pages(data: bytes) -> list[str]:
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def _every_page_framed(pages: list[str]) -> None:
    for n, text in enumerate(pages, start=1):
        assert f"Page {n} of {len(pages)}" in text
        assert "Example Bank plc" in text
        assert "SoA v3" in text


def test_soa_pdf_lists_every_control_by_theme() -> None:
    rows = sample.soa_rows()
    pages = _pages(pdf.soa_pdf(sample.meta(), rows))
    assert len(pages) >= 4
    _every_page_framed(pages)
    text = "\n".join(pages)
    for row in rows:
        assert f"\n{row.control_id} " in text or f"{row.control_id}\n" in text, row.control_id
    for theme in ("Organizational controls (37)", "People controls (8)",
                  "Physical controls (14)", "Technological controls (34)"):  # fmt: skip
        assert theme in text
    assert "Applicable / not applicable / not decided" in text
    assert text.index("A.5.37") < text.index("A.6.1") < text.index("A.7.1") < text.index("A.8.1")


def test_risk_pdf_has_both_heat_maps_and_the_register() -> None:
    data = pdf.risks_pdf(sample.meta(), sample.risk_rows())
    reader = PdfReader(io.BytesIO(data))
    _every_page_framed([p.extract_text() for p in reader.pages])
    images = [img for page in reader.pages for img in page.images]
    assert len(images) == 2
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "20 critical" in text
    assert "Credentials in prompts" in text


def test_full_report_has_every_section() -> None:
    data = pdf.full_report_pdf(sample.meta(), sample.soa_rows(), sample.risk_rows(),
                               sample.metrics_data(), sample.evidence_items())  # fmt: skip
    pages = _pages(data)
    _every_page_framed(pages)
    text = "\n".join(pages)
    headings = ("ISMS report for AI", "Statement of Applicability: summary", "AI risk register",
                "Monitoring and measurement", "Evidence status")  # fmt: skip
    for heading in headings:
        assert heading in text
    assert "AI requests (audit log ai-request events)\n42" in text or "events) 42" in text
    assert "Access review completion" in text
    assert "no data" in text


def test_an_unset_organisation_is_said_plainly() -> None:
    pages = _pages(pdf.risks_pdf(sample.meta(organisation=""), []))
    assert "(organisation not set)" in pages[0]
    assert "The risk register is empty." in "\n".join(pages)


def _png(data: bytes) -> Image.Image:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    return Image.open(io.BytesIO(data))


def test_heat_maps_differ_between_inherent_and_residual() -> None:
    risks = sample.risk_rows()
    inherent, residual = charts.heat_map(risks), charts.heat_map(risks, residual=True)
    assert _png(inherent).size[0] > 300
    assert inherent != residual


@pytest.mark.parametrize(
    "chart",
    [lambda: charts.usage_chart([]), lambda: charts.findings_chart([]),
     lambda: charts.bar_chart({}, "empty"), lambda: charts.freshness_chart({})],
)  # fmt: skip
def test_empty_series_still_draw(chart: object) -> None:
    assert callable(chart)
    image = _png(chart())
    assert image.size[0] > 100


def test_findings_chart_draws_each_week() -> None:
    weeks = sample.metrics_data().weeks
    one, two = _png(charts.findings_chart(weeks[:1])), _png(charts.findings_chart(weeks))
    assert one.size[0] > 100
    assert charts.findings_chart(weeks[:1]) != charts.findings_chart(weeks)
    assert two.size[1] > 100
