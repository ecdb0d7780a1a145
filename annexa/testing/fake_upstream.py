"""A fake AI supplier: a real HTTP server on loopback speaking the OpenAI and Anthropic wire
protocols, for tests and benches.

It records every request it receives and answers in kind: the answer repeats the last user (or
tool) text, so placeholders the gateway sent come straight back and the restore step can be
checked; offered tools get a tool call whose arguments carry that text. :class:`Switches` make it
slow, fail with a status, drop the connection mid-answer, or send a malformed stream.

    upstream = FakeUpstream()
    with serve_in_thread(upstream.app()) as url:
        ...  # point a provider at f"{url}/v1" (OpenAI kinds) or url (Anthropic)
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from annexa.providers import shapes

__all__ = ["FakeUpstream", "Recorded", "Switches", "serve_in_thread"]


@dataclass
class Switches:
    """How the fake misbehaves. Change them between requests."""

    delay_s: float = 0.0  # wait before answering (to trigger the gateway's timeouts)
    event_delay_s: float = 0.0  # wait between stream events
    status: int | None = None  # answer with this HTTP error status
    reset: bool = False  # drop the connection in the middle of the answer
    malformed_stream: bool = False  # send a data line that is not JSON, mid-stream
    chunk: int = 5  # characters per stream delta (small: placeholders get split)
    adds: str = ""  # what the "model" adds of its own to every answer (output policy tests)


@dataclass(frozen=True)
class Recorded:
    """A request the fake received."""

    path: str
    headers: Mapping[str, str]
    body: Any
    query: str = ""


@dataclass
class FakeUpstream:
    """The fake supplier's state: what it received and how it behaves."""

    switches: Switches = field(default_factory=Switches)
    requests: list[Recorded] = field(default_factory=list)
    aborted_streams: int = 0
    completed_streams: int = 0

    def app(self) -> Starlette:
        """The ASGI app serving the OpenAI and Anthropic endpoints."""
        routes = [
            Route(f"/v1/{name}", self._endpoint, methods=["POST"])
            for name in (
                "chat/completions",
                "responses",
                "embeddings",
                "messages",
                "messages/count_tokens",
            )
        ]
        azure = "/openai/deployments/{deployment}/{operation:path}"  # Azure OpenAI's layout
        routes.append(Route(azure, self._endpoint, methods=["POST"]))
        return Starlette(routes=routes)

    def texts(self) -> str:
        """Every request body received, as one JSON text (for "did X reach it?" checks)."""
        return "\n".join(json.dumps(r.body, ensure_ascii=False) for r in self.requests)

    async def _endpoint(self, request: Request) -> Response:
        body = await request.json()
        self.requests.append(
            Recorded(request.url.path, dict(request.headers), body, request.url.query)
        )
        sw = self.switches
        if sw.delay_s:
            await asyncio.sleep(sw.delay_s)
        if sw.status is not None:
            return JSONResponse(
                {"error": {"message": "fake failure", "type": "server_error"}}, sw.status
            )
        operation = request.path_params.get("operation") or request.url.path.removeprefix("/v1/")
        if operation == "messages/count_tokens":
            return JSONResponse({"input_tokens": max(1, len(json.dumps(body)) // 4)})
        if operation == "embeddings":
            inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
            return JSONResponse(shapes.embeddings(body["model"], inputs))
        answer = _answer(operation, body, sw.chunk, sw.adds)
        if sw.reset:
            return _Reset()
        if body.get("stream"):
            return StreamingResponse(
                self._events(operation, answer, shapes.wants_usage(body)),
                media_type="text/event-stream",
            )
        build = {
            "chat/completions": shapes.chat,
            "responses": shapes.response,
            "messages": shapes.message,
        }
        return JSONResponse(build[operation](answer))

    async def _events(
        self, operation: str, answer: shapes.Answer, usage: bool = False
    ) -> AsyncIterator[bytes]:
        events = {
            "chat/completions": lambda a: shapes.chat_events(a, usage),
            "responses": shapes.response_events,
            "messages": shapes.message_events,
        }[operation](answer)
        done = False
        try:
            for i, event in enumerate(events):
                if self.switches.malformed_stream and i == 2:
                    yield b"data: {this is not json\n\n"
                    done = True
                    return
                yield event.encode()
                if self.switches.event_delay_s:
                    await asyncio.sleep(self.switches.event_delay_s)
            done = True
        finally:
            if done:
                self.completed_streams += 1
            else:
                self.aborted_streams += 1


class _Reset(Response):
    """Starts an answer, then drops the connection."""

    def __init__(self) -> None:
        super().__init__()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = [(b"content-type", b"application/json"), (b"content-length", b"4096")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b'{"id": ', "more_body": True})
        raise ConnectionResetError("fake upstream drops the connection")


def _answer(operation: str, body: Mapping[str, Any], chunk: int, adds: str) -> shapes.Answer:
    said = _last_text(operation, body)
    tools = body.get("tools") or []
    calls: list[shapes.ToolCall] = []
    if tools and not said.startswith("tool said:"):
        tool = tools[0]
        name = tool.get("name") or tool.get("function", {}).get("name", "tool")
        calls.append(shapes.ToolCall(name=name, arguments={"text": said}))
    return shapes.Answer(
        model=str(body.get("model")),
        text=f"You said: {said}{adds}",
        tool_calls=calls,
        chunk=chunk,
        input_tokens=len(json.dumps(body)) // 4,
    )


def _last_text(operation: str, body: Mapping[str, Any]) -> str:
    if operation == "responses":
        items = body.get("input")
        if isinstance(items, str):
            return items
        last = items[-1] if items else {}
        if last.get("type") == "function_call_output":
            return f"tool said: {last.get('output')}"
        return _flatten(last.get("content"))
    last = body["messages"][-1]
    if last.get("role") == "tool":
        return f"tool said: {_flatten(last.get('content'))}"
    content = last.get("content")
    if isinstance(content, list) and any(b.get("type") == "tool_result" for b in content):
        return "tool said: " + " ".join(_flatten(b.get("content")) for b in content)
    return _flatten(content)


def _flatten(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(str(p.get("text", "")) for p in content if isinstance(p, Mapping))
    return ""


class _ThreadServer(uvicorn.Server):
    def install_signal_handlers(self) -> None:
        """Signals belong to the main thread."""


@contextmanager
def serve_in_thread(
    app: Any, *, lifespan: Literal["auto", "on", "off"] = "auto", **options: Any
) -> Iterator[str]:
    """Serve ``app`` with uvicorn on a free loopback port in a thread; yield its base URL.
    ``options``: more of ``uvicorn.Config``'s (``http=`` for the gateway's own protocol)."""
    config = uvicorn.Config(
        app, host="127.0.0.1", port=0, log_level="error", lifespan=lifespan, ws="none", **options
    )
    server = _ThreadServer(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("the test server did not start")
            threading.Event().wait(0.01)
        port = server.servers[0].sockets[0].getsockname()[1]
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
