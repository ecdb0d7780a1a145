"""Operational endpoints: liveness, readiness, Prometheus metrics."""

from __future__ import annotations

from anyio.to_thread import run_sync
from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST
from sqlalchemy import text

from annexa.web.authz import public

router = APIRouter(dependencies=[Depends(public())])  # probes need no sign-in


@router.get("/healthz", summary="Liveness: the process answers")
async def healthz() -> JSONResponse:
    return JSONResponse({"status": "ok"})


@router.get("/readyz", summary="Readiness: database reachable, policy and providers loaded")
async def readyz(request: Request) -> JSONResponse:
    state = request.app.state
    checks: dict[str, str] = {}

    def database() -> None:
        with state.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    try:
        await run_sync(database)
        checks["database"] = "ok"
    except Exception as exc:  # any failure means not ready; the type tells the operator why
        checks["database"] = f"failed: {type(exc).__name__}"
    checks["providers"] = "ok" if state.gateway.providers.providers else "none configured"
    error = state.policy_store.last_error
    checks["policy"] = "ok" if error is None else "the last reload failed; previous policy in force"
    ready = checks["database"] == "ok" and checks["providers"] == "ok"
    return JSONResponse({"ready": ready, "checks": checks}, status_code=200 if ready else 503)


@router.get("/metrics", summary="Prometheus metrics")
async def metrics(request: Request) -> Response:
    return Response(request.app.state.metrics.render(), media_type=CONTENT_TYPE_LATEST)
