"""The provider family: wire formats <-> :class:`Exchange`, and the suppliers that answer.

An :class:`Exchange` is one parsed client request: its dialect and operation, the model asked for,
the JSON body, and **every text the model will see**, each with the path where it sits in the
body. The gateway scans those texts, lets the policy decide, and builds the body to forward with
:meth:`Exchange.replaced`. A :class:`Provider` sends that body to a supplier (or, for ``inspect``,
answers itself) and returns JSON or a stream of server-sent events.

Paths are tuples of dict keys and list indexes; the step :data:`JSON_STRING` means "this string
holds JSON: parse it and continue inside" (OpenAI tool-call arguments), so a replacement never
breaks the JSON the model receives.
"""

from __future__ import annotations

import copy
import json
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from annexa.errors import InputError
from annexa.providers import json_codec

__all__ = [
    "JSON_STRING",
    "Attachment",
    "Dialect",
    "Exchange",
    "Operation",
    "Provider",
    "ProviderConfig",
    "SSEEvent",
    "SupplierGate",
    "TextRef",
    "json_string_leaves",
    "replace_texts",
    "string_leaves",
]

Dialect = Literal["openai", "anthropic"]
Operation = Literal["chat", "responses", "embeddings", "messages", "count_tokens"]
Step = str | int
JSON_STRING = "$json"
Media = Literal["image", "audio", "file"]
"""The kinds of content the scanner cannot read: a policy's ``attachments`` rules name them."""


@dataclass(frozen=True, slots=True)
class Attachment:
    """A part of the request the scanner cannot read (an image, audio, a file), where it sits.

    It is forwarded as it is only when a rule of the policy's ``attachments`` section allows
    its kind for this sender and supplier; otherwise the request is refused. The audit record
    of a request that carried one says it was not wholly scanned."""

    path: tuple[Step, ...]
    media: Media


@dataclass(frozen=True, slots=True)
class TextRef:
    """One text the model will see and where it sits in the request body."""

    path: tuple[Step, ...]
    text: str

    def label(self) -> str:
        """The path for people and audit records: ``messages[1].content[0].text``."""
        out = ""
        for step in self.path:
            out += f"[{step}]" if isinstance(step, int) else ("." if out else "") + step
        return out


@dataclass(frozen=True, slots=True)
class Exchange:
    """A parsed client request: what it asks for and every text in it."""

    dialect: Dialect
    operation: Operation
    model: str
    stream: bool
    body: Mapping[str, Any]
    texts: tuple[TextRef, ...]
    attachments: tuple[Attachment, ...] = ()

    def replaced(self, new_texts: Sequence[str]) -> dict[str, Any]:
        """A copy of the body with each text replaced by ``new_texts[i]`` (same order)."""
        return dict(replace_texts(self.body, self.texts, new_texts))


@dataclass(frozen=True, slots=True)
class SSEEvent:
    """One server-sent event: its ``event:`` name (Anthropic uses them) and ``data:`` text."""

    data: str
    event: str | None = None

    def encode(self) -> bytes:
        """The event on the wire, ending with the blank line."""
        head = f"event: {self.event}\n" if self.event else ""
        return (head + "".join(f"data: {line}\n" for line in self.data.split("\n")) + "\n").encode()


@dataclass(frozen=True, slots=True)
class ProviderConfig:
    """One configured supplier (from ``providers.yaml``).

    Attributes:
        name: unique name, used in policies and audit records.
        kind: ``openai``, ``anthropic``, ``azure_openai``, ``openai_compatible`` or ``inspect``.
        base_url: the supplier's API root (OpenAI kinds include ``/v1``; Anthropic does not).
        api_key: the resolved key (``None`` for ``inspect`` or keyless local servers).
        models: model names or ``fnmatch`` patterns this supplier serves (``*`` for any).
        max_level: the highest classification level it may receive; ``None`` when not stated.
        api_version: Azure OpenAI's ``api-version`` query parameter.
        supplier: the supplier in the AI supplier register (``None``: the provider's name).
    """

    name: str
    kind: str
    base_url: str = ""
    api_key: str | None = None
    models: tuple[str, ...] = ()
    max_level: str | None = None
    api_version: str | None = None
    supplier: str | None = None


class Provider(ABC):
    """A supplier the gateway forwards to. Built-in kinds register like a plugin's would."""

    #: the client dialects this provider can answer.
    dialects: frozenset[Dialect] = frozenset()

    def __init__(self, config: ProviderConfig) -> None:
        self.config = config

    @property
    def name(self) -> str:
        """The configured name."""
        return self.config.name

    @abstractmethod
    async def send(
        self, exchange: Exchange, body: Mapping[str, Any], headers: Mapping[str, str]
    ) -> tuple[int, Any]:
        """Forward a non-streaming request; return the status and the JSON answer."""

    @abstractmethod
    def stream(
        self, exchange: Exchange, body: Mapping[str, Any], headers: Mapping[str, str]
    ) -> AsyncIterator[SSEEvent]:
        """Forward a streaming request; yield the upstream's events. Errors surface as
        :class:`~annexa.errors.UpstreamError` before the first event when the upstream refuses."""

    async def aclose(self) -> None:  # noqa: B027 - optional hook, most providers share a client
        """Release what the provider holds."""


def string_leaves(value: Any, prefix: tuple[Step, ...] = ()) -> Iterator[TextRef]:
    """Every string inside a JSON value, with its path (dict keys are not texts)."""
    if isinstance(value, str):
        yield TextRef(prefix, value)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from string_leaves(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from string_leaves(item, (*prefix, i))


def json_string_leaves(raw: str, prefix: tuple[Step, ...]) -> Iterator[TextRef]:
    """The strings inside a JSON-encoded string (tool-call arguments); raw text if not JSON."""
    try:
        parsed = json_codec.loads_text(raw)
    except ValueError:  # not JSON, or nested too deep to walk: its raw text
        yield TextRef(prefix, raw)
        return
    if isinstance(parsed, str):
        yield TextRef(prefix, raw)
        return
    yield from string_leaves(parsed, (*prefix, JSON_STRING))


def replace_texts(value: Any, refs: Sequence[TextRef], new_texts: Sequence[str]) -> Any:
    """A deep copy of the JSON ``value`` with the text at each ref's path replaced."""
    if len(new_texts) != len(refs):
        raise ValueError("one replacement per text is needed")
    out = copy.deepcopy(value)
    for ref, new in zip(refs, new_texts, strict=True):
        if new != ref.text:
            out = _set(out, ref.path, new)
    return out


def _set(node: Any, path: Sequence[Step], value: str) -> Any:
    if not path:
        return value
    step, rest = path[0], path[1:]
    if step == JSON_STRING:
        if not isinstance(node, str):
            raise InputError("request changed while it was processed")
        return json.dumps(_set(json_codec.loads_text(node), rest, value), ensure_ascii=False)
    node[step] = _set(node[step], rest, value)
    return node


class SupplierGate(Protocol):
    """Says whether the gateway may reach a provider's supplier, and how sensitive the data it
    may receive can be (the ISMS supplier register, :mod:`annexa.isms.gate`, is one)."""

    def vet(self, config: ProviderConfig) -> str | None:
        """The highest classification level the supplier may receive (``None``: not stated);
        raise :class:`~annexa.errors.AccessDenied` when it may not be reached at all."""
        ...
