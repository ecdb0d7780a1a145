"""The request path, top to bottom: authenticate → parse → scan every text → decide → transform
→ audit → forward → restore → respond. Any refusal on the way is audited and nothing leaves.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import anyio
from anyio.to_thread import run_sync

from annexa.audit.interface import AuditEvent, AuditSink, Outcome
from annexa.detect.scanner import Scanner
from annexa.errors import (
    AnnexaError,
    InputError,
    PayloadTooLarge,
    RequestBlocked,
    ScanError,
    Unavailable,
    UpstreamError,
)
from annexa.forward.streaming import Relay, restore_json, usage_of
from annexa.forward.trail import Trail
from annexa.identity.apikeys import ApiKeyStore
from annexa.policy.interface import Policy, Target
from annexa.providers import anthropic, openai
from annexa.providers.config import Registry
from annexa.providers.interface import Dialect, Exchange, Operation, SSEEvent
from annexa.transform.pseudonymize import Transformer
from annexa.transform.restore import StreamRestorer, json_escape, restore
from annexa.transform.vault import Vault

PARSERS: dict[Operation, Callable[[Any], Exchange]] = {
    "chat": openai.parse_chat, "responses": openai.parse_responses,
    "embeddings": openai.parse_embeddings, "messages": anthropic.parse_messages,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Incoming:
    """A request as the web edge hands it over: the body read up to the size limit + 1, or
    ``None`` when its declared length was already over the limit."""

    operation: Operation
    api_key: str
    body: bytes | None
    headers: Mapping[str, str]
    request_id: str
    source_ip: str | None = None


@dataclass
class Reply:
    """What goes back: JSON or an event stream, with the decision header."""

    headers: dict[str, str]
    json: Any = None
    events: AsyncIterator[bytes] | None = None
    status: int = 200


@dataclass
class Gateway:
    """The gateway: built once by :func:`annexa.app.create_app`, shared by every request."""

    scanner: Scanner
    policy: Callable[[], Policy]
    providers: Registry
    keys: ApiKeyStore
    audit: AuditSink
    vault: Vault | None
    max_body_bytes: int
    transformer: Transformer = field(init=False)

    def __post_init__(self) -> None:
        self.transformer = Transformer(self.vault)

    async def handle(self, req: Incoming) -> Reply:
        trail = Trail(req.request_id, req.source_ip)
        try:
            trail.key = await run_sync(self.keys.authenticate, req.api_key)
            trail.exchange = ex = parse(req, self.max_body_bytes)
            provider = self.providers.route(ex.model, trail.key.allows)
            trail.provider = provider.name
            if ex.dialect not in provider.dialects:
                raise InputError(f"provider {provider.name!r} does not speak the {ex.dialect} API")
            findings = await run_sync(self._scan, ex)
            trail.scanned = True
            target = Target(provider.name, ex.model, provider.config.max_level)
            principal, texts = trail.key.principal, [t.text for t in ex.texts]
            trail.decision, per_text = self.policy().decide_request(
                findings, principal, target, texts=texts
            )
            if not trail.decision.allowed:
                raise RequestBlocked(f"blocked by policy: {trail.decision.reason}")
            body, known = await run_sync(self._transform, ex, per_text, principal.id)
            await self._append(trail.request_event("success", 0))
            headers = {"x-annexa-decision": trail.decision.header(), "x-request-id": req.request_id}
            if ex.stream:
                events = provider.stream(ex, body, req.headers)
                first = await _first(events)
                relay = Relay(
                    ex.dialect,
                    ex.operation,
                    self._restorer(principal.id, known, None),
                    self._streamer(principal.id, known),
                )
                return Reply(headers, events=self._relay(trail, relay, first, events))
            status, answer = await provider.send(ex, body, req.headers)
            restored = await run_sync(
                restore_json, answer, self._restorer(principal.id, known, None)
            )
            await self._append(trail.response_event(status, *usage_of(answer)))
            return Reply(headers, json=restored, status=status)
        except AnnexaError as exc:
            if trail.request_logged:  # forwarded, then the upstream failed
                await self._append(trail.response_event(exc.status_code, None, None))
            else:
                await self._append(trail.request_event(_outcome(exc), exc.status_code))
            raise

    def _scan(self, ex: Exchange) -> list[list[Any]]:
        try:
            return [self.scanner.scan(t.text) for t in ex.texts]
        except AnnexaError:
            raise
        except Exception as exc:  # a detector bug must not let the text through
            raise ScanError(f"scan failed: {type(exc).__name__}") from exc

    def _transform(
        self, ex: Exchange, per_text: Any, scope: str
    ) -> tuple[dict[str, Any], dict[str, str]]:
        known: dict[str, str] = {}
        new_texts = []
        for ref, decision in zip(ex.texts, per_text, strict=True):
            done = self.transformer.transform(ref.text, decision.findings, scope)
            new_texts.append(done.text)
            known.update(done.placeholders)
        return ex.replaced(new_texts), known

    def _restorer(self, scope: str, known: dict[str, str], escape: Any) -> Callable[[str], str]:
        return lambda text: restore(text, self.vault, scope, known, escape)

    def _streamer(self, scope: str, known: dict[str, str]) -> Callable[[bool], StreamRestorer]:
        return lambda in_json: StreamRestorer(
            self.vault, scope, known, json_escape if in_json else None
        )

    async def _relay(
        self, trail: Trail, relay: Relay, first: SSEEvent, events: AsyncIterator[SSEEvent]
    ) -> AsyncIterator[bytes]:
        status = 200
        try:
            for out in relay.feed(first):
                yield out.encode()
            async for event in events:
                for out in relay.feed(event):
                    yield out.encode()
            for out in relay.close():
                yield out.encode()
        except UpstreamError as exc:
            status = exc.status_code
            yield stream_error(trail.exchange.dialect if trail.exchange else "openai", exc)
        finally:
            with anyio.CancelScope(shield=True):
                await _aclose(events)
                with contextlib.suppress(Unavailable):  # the client already has its bytes
                    await self._append(
                        trail.response_event(status, relay.tokens_in, relay.tokens_out)
                    )

    async def _append(self, event: AuditEvent) -> None:
        append_async = getattr(self.audit, "append_async", None)
        try:
            if append_async is not None:
                await append_async(event)
            else:
                await run_sync(self.audit.append, event)
        except Exception as exc:
            raise Unavailable(
                f"the audit log could not record the request ({type(exc).__name__})"
            ) from exc


def parse(req: Incoming, limit: int) -> Exchange:
    """The request body as an :class:`Exchange`; refuses what is too big or unreadable."""
    if req.body is None or len(req.body) > limit:
        raise PayloadTooLarge(f"request body exceeds the limit of {limit:,} bytes")
    try:
        raw = json.loads(req.body)
        json.dumps(raw, ensure_ascii=False).encode("utf-8")  # lone surrogates cannot be sent
    except (ValueError, UnicodeError) as exc:
        raise InputError("the request body is not valid JSON in UTF-8") from exc
    return PARSERS[req.operation](raw)


def stream_error(dialect: Dialect, exc: AnnexaError) -> bytes:
    """An error event in the dialect's stream shape (the SDKs raise it as an API error)."""
    if dialect == "anthropic":
        body = anthropic.error_body(exc.status_code, exc.message)
        return SSEEvent(json.dumps(body), "error").encode()
    return SSEEvent(json.dumps(openai.error_body(exc.status_code, exc.message, None))).encode()


async def _first(events: AsyncIterator[SSEEvent]) -> SSEEvent:
    try:
        return await events.__anext__()
    except StopAsyncIteration:
        raise UpstreamError("the upstream provider sent an empty stream") from None


async def _aclose(events: AsyncIterator[SSEEvent]) -> None:
    close = getattr(events, "aclose", None)
    if close is not None:
        await close()


def _outcome(exc: AnnexaError) -> Outcome:
    if isinstance(exc, RequestBlocked):
        return "blocked"
    return "denied" if exc.status_code in (401, 403, 404) else "error"
