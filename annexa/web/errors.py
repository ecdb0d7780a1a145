"""The one error mapper: every error leaves in the caller's dialect.

``/v1/messages`` speaks Anthropic (``{"type": "error", "error": {"type", "message"}}``); every
other route speaks OpenAI (``{"error": {"message", "type", "param", "code"}}``). The status comes
from the exception class (:mod:`annexa.errors`); the message never carries a prompt's value.
Anything unexpected is a 500 whose body says only that, with the request id to find the log.
"""

from __future__ import annotations

import html
import logging
import re

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from annexa.errors import AnnexaError, InputError
from annexa.providers import anthropic, openai
from annexa.providers.interface import Dialect
from annexa.web.deps import request_id_of

__all__ = ["dialect_of", "error_code", "error_response", "install_error_handlers"]

log = logging.getLogger("annexa.web")


def dialect_of(request: Request) -> Dialect:
    """The dialect of the route (Anthropic for ``/v1/messages``, else OpenAI)."""
    return "anthropic" if request.url.path.startswith("/v1/messages") else "openai"


def error_code(exc: Exception) -> str:
    """The error's ``code`` in OpenAI's shape: its class name in snake case."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(exc).__name__).lower()


def error_response(
    request: Request,
    status: int,
    message: str,
    code: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """A JSON error in the route's dialect."""
    if dialect_of(request) == "anthropic":
        body = anthropic.error_body(status, message)
    else:
        body = openai.error_body(status, message, code)
    rid = getattr(request.state, "request_id", None) or request_id_of(request)
    headers = {**(headers or {}), "x-request-id": rid}
    metrics = getattr(request.app.state, "metrics", None)
    if metrics is not None and request.url.path.startswith("/v1/"):
        metrics.observe(request.url.path, status, "refused")
    return JSONResponse(body, status_code=status, headers=headers)


async def _annexa(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, AnnexaError):  # registered for AnnexaError only
        raise exc
    if request.url.path.startswith("/console/"):
        return _console_error(request, exc)
    message = exc.message if not exc.hint else f"{exc.message}. {exc.hint}"
    extra = getattr(exc, "headers", None)  # e.g. x-annexa-decision on a policy block
    return error_response(request, exc.status_code, message, error_code(exc), extra)


def _console_error(request: Request, exc: AnnexaError) -> Response:
    """The console answers a person: sign-in page for 401, a plain page for the rest."""
    if exc.status_code == 401:
        return RedirectResponse("/console/login", status_code=303)
    if isinstance(target := getattr(exc, "redirect", None), str):
        return RedirectResponse(target, status_code=303)
    titles = {403: "Not allowed", 400: "Check your input", 404: "Not found"}
    title = titles.get(exc.status_code, "Something went wrong")
    body = (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f'<link rel="stylesheet" href="/console/static/console.css"></head><body><main>'
        f'<h1>{title}</h1><p role="alert">{html.escape(exc.message)}</p>'
        '<p><a href="/console/">Back to the console</a></p></main></body></html>'
    )
    return HTMLResponse(body, status_code=exc.status_code, headers={"Cache-Control": "no-store"})


# What the gateway serves, for the caller who asked for something else (the SDKs' other calls)
SERVED = (
    "POST /v1/chat/completions, /v1/responses, /v1/embeddings, /v1/messages and "
    "/v1/messages/count_tokens; GET /v1/models"
)


async def _http(request: Request, exc: Exception) -> JSONResponse:
    if not isinstance(exc, HTTPException):  # registered for HTTPException only
        raise exc
    path = request.url.path
    if path.startswith("/v1/") and exc.status_code in (404, 405):
        # an SDK call the gateway has no route for (audio, images, files, legacy completions,
        # fine-tuning...): say what it serves, rather than "Not Found"
        what = f"{request.method} {path}"
        message = (
            f"Annexa's gateway does not serve {what}: it forwards only what it scans "
            f"({SERVED}); audio, images and files are parts of a chat or a message, decided "
            "by the policy"
        )
        return error_response(request, exc.status_code, message, "unsupported_endpoint")
    return error_response(request, exc.status_code, str(exc.detail), None)


async def _validation(request: Request, exc: Exception) -> Response:
    if request.url.path.startswith("/console/"):
        return _console_error(request, InputError("the form is incomplete or not valid; reload it"))
    return error_response(request, 400, "the request is not valid", "invalid_request")


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    rid = getattr(request.state, "request_id", "")
    log.exception("unexpected error in request %s", rid)
    return error_response(request, 500, f"internal error (request {rid}); nothing was forwarded")


def install_error_handlers(app: FastAPI) -> None:
    """Register the mapper for Annexa's errors, HTTP errors and anything unexpected."""
    app.add_exception_handler(AnnexaError, _annexa)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(Exception, _unexpected)
