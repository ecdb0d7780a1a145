"""The request path, top to bottom (:meth:`Gateway.handle`): authenticate → parse → route →
scan every text → decide → transform → audit → forward → check the output → restore → respond.
Any refusal on the way is audited and nothing leaves. The answer side is
:class:`~annexa.forward.answer.AnswerPath`; the audit facts, :class:`~annexa.forward.trail.Trail`.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import threading
from collections import Counter
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any, ParamSpec, TypeVar

from annexa.audit.interface import AuditEvent, AuditSink, Outcome
from annexa.detect.interface import Finding
from annexa.detect.scanner import Scanner
from annexa.errors import (
    AccessDenied,
    AnnexaError,
    InputError,
    PayloadTooLarge,
    RequestBlocked,
    ScanError,
    Unavailable,
)
from annexa.forward.answer import AnswerPath
from annexa.forward.output import STRICT_ACTIONS
from annexa.forward.streaming import Relay, first_event, relay_stream, usage_of
from annexa.forward.trail import Trail
from annexa.forward.workers import Workers
from annexa.identity.apikeys import ApiKey, ApiKeyStore
from annexa.policy.interface import Decision, Policy, Target
from annexa.providers import anthropic, json_codec, openai
from annexa.providers.config import Registry
from annexa.providers.interface import Exchange, Operation, Provider, SupplierGate
from annexa.transform.pseudonymize import Transformer
from annexa.transform.vault import Vault

log = logging.getLogger("annexa.gateway")
_P = ParamSpec("_P")
_T = TypeVar("_T")
WORKERS = 8  # threads for the request path's steps (none waits for the audit writer)
LATER_WORKERS = 8  # threads appending ai-response events after the answer went out

PARSERS: dict[Operation, Callable[[Any], Exchange]] = {
    "chat": openai.parse_chat, "responses": openai.parse_responses,
    "embeddings": openai.parse_embeddings, "messages": anthropic.parse_messages,
    "count_tokens": anthropic.parse_count_tokens,
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


@dataclass(frozen=True, slots=True)
class _Ready:
    """A request authenticated, routed, scanned, decided and transformed: ready to forward."""

    key: ApiKey
    exchange: Exchange
    provider: Provider
    target: Target
    body: dict[str, Any]
    known: dict[str, str]
    decision: Decision


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
    body_timeout_s: float = 60.0  # a request body that takes longer: 408 (BodyTimeout)
    window: int = 64  # characters a stream holds back for the output policy
    suppliers: SupplierGate | None = None  # the ISMS supplier register (approval, ceiling)
    _later: set[Future[None]] = field(default_factory=set, init=False, repr=False)
    _later_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _purger: asyncio.Task[None] | None = field(default=None, init=False, repr=False)
    _pool: Workers = field(
        default_factory=lambda: Workers(WORKERS, "annexa-gateway"), init=False, repr=False
    )
    _later_pool: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(LATER_WORKERS, "annexa-audit-later"),
        init=False,
        repr=False,
    )

    def reachable_models(self, allows: Callable[[str, str], bool]) -> list[tuple[str, str]]:
        """``(provider, model)`` the key may use, on suppliers the register lets us reach."""
        refused: set[str] = set()
        if self.suppliers is not None:
            for provider in self.providers.providers:
                try:
                    self.suppliers.vet(provider.config)
                except AccessDenied:
                    refused.add(provider.name)
        return [(p, m) for p, m in self.providers.models(allows) if p not in refused]

    async def handle(self, req: Incoming) -> Reply:
        """Run one request down the path; raise an :class:`AnnexaError` (audited) to refuse."""
        trail = Trail(req.request_id, req.source_ip)
        try:
            ready = await self._in_thread(self._prepare, trail, req)
            # Durable before anything leaves; awaited here, not in the worker, so that no
            # worker thread sits waiting for the audit writer (fewer threads contend for the GIL)
            await self._append(trail.request_event("success", 0))
            decided = ready.decision.header()
            headers = {"x-annexa-decision": decided, "x-request-id": trail.request_id}
            answers = self._answer_path(ready)
            ex, provider = ready.exchange, ready.provider
            if ex.stream:
                events = provider.stream(ex, ready.body, req.headers)
                relay = answers.relay(ex)
                on_end = self._stream_ended(trail, relay, answers)
                stream = relay_stream(relay, await first_event(events), events, on_end)
                return Reply(headers, events=stream)
            status, answer = await provider.send(ex, ready.body, req.headers)
            restored, redacted = await self._in_thread(
                self._answered, trail, answers, status, answer
            )
            if redacted:
                headers["x-annexa-output-redacted"] = _counts(redacted)
            return Reply(headers, json=restored, status=status)
        except Exception as exc:
            err = exc if isinstance(exc, AnnexaError) else AnnexaError("internal error")
            await self._refused(trail, err)
            if err is exc:
                raise
            raise err from exc

    async def _in_thread(self, fn: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs) -> _T:
        """``fn(*args)`` on the gateway's worker threads (:class:`Workers`: a cancelled caller
        waits for the call to finish, so a write it makes is never cut short)."""
        return await self._pool.run(fn, *args, **kwargs)

    def _prepare(self, trail: Trail, req: Incoming) -> _Ready:
        """Everything up to the ``ai-request`` append, in ONE worker-thread hop (each hop costs
        the event loop more than most of these steps): authenticate, parse, route, the supplier
        register, scan, decide, transform. Fills ``trail`` as it goes. The caller awaits the
        append on the event loop: with each worker waiting for the audit writer itself, a
        request cost about a tenth more CPU at 16 in flight (measured with
        ``bench/profile_gateway.py``; more threads held and contending for the GIL)."""
        trail.key = key = self.keys.authenticate(req.api_key)
        trail.exchange = ex = parse(req, self.max_body_bytes)
        provider, target = self._route(trail, ex, key)
        if self.suppliers is not None:  # the register's word: unapproved refused, else a ceiling
            try:
                level = self.suppliers.vet(provider.config)
            except AccessDenied:
                trail.refused_by = "supplier-not-approved"
                raise
            target = replace(target, provider_max_level=level)
        findings = self._scan(ex)
        trail.scanned = not ex.attachments  # an image, audio or file is never scanned
        decision, per_text = self._decide(trail, ex, target, findings)
        trail.decision = decision
        body, known = self._transform(ex, per_text, key.principal.id)
        return _Ready(key, ex, provider, target, body, known, decision)

    def _answered(
        self, trail: Trail, answers: AnswerPath, status: int, answer: Any
    ) -> tuple[Any, Counter[str]]:
        """A whole answer checked by the output policy and restored (one worker-thread hop:
        on the loop it measured slower at 16 requests in flight); its ``ai-response`` event is
        built here and appended without holding the answer."""
        checked, redacted = answers.check(answer)
        restored = answers.restore(checked)
        event = trail.response_event(status, *usage_of(answer), redacted=redacted.total())
        self._append_later(event)
        return restored, redacted

    def _append_later(self, event: AuditEvent) -> None:
        """Append without making anyone wait (the ``ai-response`` of an answer going out: its
        ``ai-request`` is already durable). The audit log's own queue when it has one (no
        thread waits), else a thread of the later pool; a failure is logged, never silent."""
        submit = getattr(self.audit, "submit", None)
        if submit is not None:
            try:
                submit(event, functools.partial(_lost, event))
            except Exception as exc:  # the log is closed: as a failed append
                _lost(event, exc)
            return
        future = self._later_pool.submit(self._append_logged, event)
        with self._later_lock:
            self._later.add(future)
        future.add_done_callback(self._forget)

    def _forget(self, future: Future[None]) -> None:
        with self._later_lock:
            self._later.discard(future)

    async def authenticate(self, api_key: str, request_id: str, source_ip: str | None) -> ApiKey:
        """The caller's key for requests outside the AI path (``GET /v1/models``); audited."""
        try:
            return await self._in_thread(self.keys.authenticate, api_key)
        except AnnexaError as exc:
            await self._refused(Trail(request_id, source_ip), exc)
            raise

    def _route(self, trail: Trail, ex: Exchange, key: ApiKey) -> tuple[Provider, Target]:
        provider = self.providers.route(ex.model, key.allows)
        trail.provider = provider.name
        if ex.dialect not in provider.dialects:
            raise InputError(f"provider {provider.name!r} does not speak the {ex.dialect} API")
        return provider, Target(provider.name, ex.model, provider.config.max_level)

    def _scan(self, ex: Exchange) -> list[list[Finding]]:
        try:
            return [self.scanner.scan(t.text) for t in ex.texts]
        except AnnexaError:
            raise
        except Exception as exc:  # a detector bug must not let the text through
            raise ScanError(f"scan failed: {type(exc).__name__}") from exc

    def _decide(
        self, trail: Trail, ex: Exchange, target: Target, findings: list[list[Finding]]
    ) -> tuple[Decision, list[Decision]]:
        principal = trail.actor_principal()
        texts = [t.text for t in ex.texts]
        policy = self.policy()
        overall, per_text = policy.decide_request(findings, principal, target, texts=texts)
        if ex.attachments:  # what the scanner cannot read leaves only where a rule allows it
            media = [a.media for a in ex.attachments]
            verdict = policy.decide_attachments(media, principal, target)
            overall = overall.with_attachments(verdict, Counter(media))
        if not overall.allowed:
            trail.decision = overall
            decided = {"x-annexa-decision": overall.header()}
            raise RequestBlocked(f"blocked by policy: {overall.reason}", headers=decided)
        return overall, per_text

    def _transform(
        self, ex: Exchange, per_text: Sequence[Decision], scope: str
    ) -> tuple[dict[str, Any], dict[str, str]]:
        transformer = Transformer(self.vault)
        known: dict[str, str] = {}
        new_texts = []
        for ref, decision in zip(ex.texts, per_text, strict=True):
            done = transformer.transform(ref.text, decision.findings, scope)
            new_texts.append(done.text)
            known.update(done.placeholders)
        return ex.replaced(new_texts), known

    def _answer_path(self, ready: _Ready) -> AnswerPath:
        """The answer's checks under the policy in force now (read once): how it decides for
        this caller and supplier, and the output policy's prescan, which runs only the
        detectors of the entity types it could redact or block here."""
        policy, principal, target = self.policy(), ready.key.principal, ready.target

        def decide(findings: Sequence[Finding], text: str) -> Decision:
            return policy.decide(findings, principal, target, text=text)

        prescan: Callable[[str], list[Finding]] | None = None
        strict = policy.entities_with(STRICT_ACTIONS, principal, target, self.scanner.entity_types)
        if strict is not None:
            subset = self.scanner.only(strict)
            prescan = subset.scan if subset.detectors else _nothing
        return AnswerPath(
            self.scanner,
            decide,
            self.vault,
            principal.id,
            ready.known,
            self.window,
            prescan=prescan,
        )

    def _stream_ended(
        self, trail: Trail, relay: Relay, answers: AnswerPath
    ) -> Callable[[int], Any]:
        async def on_end(status: int) -> None:
            tokens = (relay.tokens_in, relay.tokens_out)
            event = trail.response_event(status, *tokens, redacted=answers.redacted())
            with contextlib.suppress(Unavailable):  # the client already has its bytes
                await self._append(event)

        return on_end

    async def _refused(self, trail: Trail, exc: AnnexaError) -> None:
        if trail.request_logged:  # forwarded, then the supplier failed
            await self._append(trail.response_event(exc.status_code, None, None))
        else:
            await self._append(trail.request_event(_outcome(exc), exc.status_code))

    def start_vault_purge(self, interval_s: float) -> None:
        """Delete expired vault rows every ``interval_s`` seconds until :meth:`drain` (0: never).
        Call from the running event loop (the app's lifespan)."""
        if self.vault is None or interval_s <= 0 or self._purger is not None:
            return
        self._purger = asyncio.get_running_loop().create_task(self._purge_every(interval_s))

    async def _purge_every(self, interval_s: float) -> None:
        vault = self.vault
        assert vault is not None  # nosec B101 - start_vault_purge checked
        while True:
            await asyncio.sleep(interval_s)
            try:
                gone = await self._in_thread(vault.purge_expired)
            except AnnexaError as exc:  # the database is down: try again next time
                log.warning("vault purge failed: %s", exc.message)
                continue
            if gone:
                log.info("vault purge: %d expired pseudonyms deleted", gone)

    async def drain(self) -> None:
        """Stop the vault purge; wait for audit appends still in flight and the worker threads'
        last calls, then stop them (at shutdown: the gateway takes no request after this)."""
        if self._purger is not None:
            self._purger.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._purger
            self._purger = None
        with self._later_lock:
            later = list(self._later)
        if later:
            await asyncio.gather(*(asyncio.wrap_future(f) for f in later), return_exceptions=True)
        await asyncio.get_running_loop().run_in_executor(None, self._pool.close)

    def _append_now(self, event: AuditEvent) -> None:
        """Append from a worker thread; returns once durable. :class:`Unavailable` if not."""
        try:
            self.audit.append(event)
        except Exception as exc:
            what = type(exc).__name__
            raise Unavailable(f"the audit log could not record the request ({what})") from exc

    def _append_logged(self, event: AuditEvent) -> None:
        """Append without making the client wait (the ``ai-response`` of an answered request:
        its ``ai-request`` is already durable); a failure is logged, never lost silently."""
        try:
            self._append_now(event)
        except Unavailable:
            log.exception("audit: %s of %s could not be recorded", event.name, event.request_id)

    async def _append(self, event: AuditEvent) -> None:
        """Append and wait until durable. A client that leaves never cancels the write: both
        ways of waiting hold a cancelled request until the append is done."""
        append_async = getattr(self.audit, "append_async", None)
        try:
            if append_async is not None:
                await append_async(event)
            else:
                await self._in_thread(self.audit.append, event)
        except Exception as exc:
            what = type(exc).__name__
            raise Unavailable(f"the audit log could not record the request ({what})") from exc


def parse(req: Incoming, limit: int) -> Exchange:
    """The request body as an :class:`Exchange`; refuses what is too big or unreadable."""
    if req.body is None or len(req.body) > limit:
        raise PayloadTooLarge(f"request body exceeds the limit of {limit:,} bytes")
    try:
        raw = json_codec.loads(req.body)
    except json_codec.TooDeep as exc:
        raise InputError(f"the request body is {exc}") from exc
    except (ValueError, UnicodeError) as exc:
        raise InputError(f"the request body is not valid JSON in UTF-8: {_why(exc)}") from exc
    if _may_hold_surrogates(req.body):  # lone surrogates cannot be sent
        try:
            json.dumps(raw, ensure_ascii=False).encode("utf-8")
        except UnicodeError as exc:
            raise InputError(
                "the request body holds a lone UTF-16 surrogate (an escape such as \\ud800 "
                "without its pair), which is no character: it cannot be scanned or forwarded"
            ) from exc
    return PARSERS[req.operation](raw)


def _why(exc: BaseException) -> str:
    """What the JSON reader said, without quoting the body back: a position, never content."""
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at line {exc.lineno} column {exc.colno}"
    if isinstance(exc, UnicodeError):
        return "the bytes are not UTF-8"
    if "integer string conversion" in str(exc):
        return "a number has more digits than a JSON reader accepts"
    return "malformed"


def _may_hold_surrogates(body: bytes) -> bool:
    """Whether the parsed body can hold a lone surrogate: only from a ``\\uD800``-style escape,
    from the UTF-8-like bytes of one (lead byte ``0xED``, which ``json.loads`` lets through) or
    in a UTF-16/32 body. Otherwise encoding it again to find out is wasted work."""
    if json.detect_encoding(body) not in ("utf-8", "utf-8-sig"):
        return True
    return b"\xed" in body or b"\\ud" in body or b"\\uD" in body


def _nothing(_text: str) -> list[Finding]:
    return []


def _lost(event: AuditEvent, error: BaseException) -> None:
    log.error(
        "audit: %s of %s could not be recorded (%s)",
        event.name,
        event.request_id,
        type(error).__name__,
    )


def _counts(counts: Counter[str]) -> str:
    return ",".join(f"{k}:{v}" for k, v in sorted(counts.items()))


def _outcome(exc: AnnexaError) -> Outcome:
    if isinstance(exc, RequestBlocked):
        return "blocked"
    return "denied" if exc.status_code in (401, 403, 404) else "error"
