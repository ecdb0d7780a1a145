"""Reports and exports an auditor reads: the SoA (XLSX, CSV, PDF, OSCAL), the AI risk register
(XLSX, PDF with heat maps) and the Clause 9.1/10 metrics, together in one auditor report.

:mod:`views` holds the frozen rows the renderers read and the loaders that fill them;
:mod:`metrics` gathers the figures from the audit log and the ISMS tables; :mod:`csv`,
:mod:`xlsx`, :mod:`pdf`, :mod:`oscal` and :mod:`charts` are pure renderers.
"""
