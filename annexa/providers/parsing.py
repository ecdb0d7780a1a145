"""Small checks shared by the wire-format parsers: each refuses what it cannot read, by path."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from annexa.errors import InputError
from annexa.providers.interface import Attachment, Media, Step, TextRef, string_leaves

Part = TextRef | Attachment
"""What a parser finds in a body: a text to scan, or content the scanner cannot read."""


def where(path: tuple[Step, ...]) -> str:
    """A path for an error message: ``messages[1].content[0]``."""
    return TextRef(path, "").label() or "body"


def require_body(body: Any) -> Mapping[str, Any]:
    """The request body must be a JSON object."""
    if not isinstance(body, Mapping):
        raise InputError("the request body must be a JSON object")
    return body


def require_model(body: Mapping[str, Any]) -> str:
    """The ``model`` field: a non-empty string."""
    model = body.get("model")
    if not isinstance(model, str) or not model:
        raise InputError("model: a non-empty string is required")
    return model


def require_stream(body: Mapping[str, Any]) -> bool:
    """The ``stream`` flag: absent, null or a boolean."""
    stream = body.get("stream")
    if stream is None:
        return False
    if not isinstance(stream, bool):
        raise InputError("stream: must be true or false")
    return stream


def require_list(value: Any, path: tuple[Step, ...]) -> list[Any]:
    """A JSON array at ``path``."""
    if not isinstance(value, list):
        raise InputError(f"{where(path)}: must be an array")
    return value


def require_object(value: Any, path: tuple[Step, ...]) -> Mapping[str, Any]:
    """A JSON object at ``path``."""
    if not isinstance(value, Mapping):
        raise InputError(f"{where(path)}: must be an object")
    return value


def text_at(value: Any, path: tuple[Step, ...]) -> Iterator[TextRef]:
    """A string (or null) at ``path``; anything else is refused."""
    if value is None:
        return
    if not isinstance(value, str):
        raise InputError(f"{where(path)}: must be a string")
    yield TextRef(path, value)


def unscannable(kind: str, path: tuple[Step, ...]) -> InputError:
    """The error for a part Annexa can neither scan nor name as an image, audio or a file
    (an unknown content type, token arrays): refused, not forwarded."""
    return InputError(
        f"{where(path)}: content of type {kind!r} cannot be scanned, so it is not forwarded",
        hint="Send text only; Annexa refuses what it cannot inspect (fail closed).",
    )


def attachment(media: Media, path: tuple[Step, ...]) -> Iterator[Part]:
    """An image, audio or file part: the policy's ``attachments`` rules decide whether it may
    leave unscanned (by default none may)."""
    yield Attachment(path, media)


def address(holder: Any, key: str, path: tuple[Step, ...]) -> Iterator[Part]:
    """An attachment's web address ``holder[key]`` (at ``path``, the holder's): text the
    supplier reads and fetches, so it is scanned like any text (a presigned link carries its
    signature, a link may carry a token or a name). An inline ``data:`` URL is the
    attachment's content, not an address; anything but a string is left to the supplier."""
    url = holder.get(key) if isinstance(holder, Mapping) else None
    if isinstance(url, str) and url[:5].lower() != "data:":
        yield TextRef((*path, key), url)


# Fields a supplier receives beside the prompt: who the end user is, and labels of the caller's
SENDER_FIELDS = ("user", "safety_identifier", "prompt_cache_key")


def sender_fields(body: Mapping[str, Any]) -> Iterator[Part]:
    """The identifiers and labels a request carries beside what the model reads (OpenAI's
    ``user``, ``safety_identifier``, ``prompt_cache_key`` and ``metadata``; Anthropic's
    ``metadata.user_id``). The supplier receives and keeps them, and applications fill them
    with an end user's e-mail address or name, so they are scanned like any text."""
    for key in SENDER_FIELDS:
        yield from text_at(body.get(key), (key,))
    metadata = body.get("metadata")
    if isinstance(metadata, Mapping):
        yield from string_leaves(metadata, ("metadata",))


def split(parts: Iterable[Part]) -> tuple[tuple[TextRef, ...], tuple[Attachment, ...]]:
    """The texts and the attachments of a body, each in order."""
    texts: list[TextRef] = []
    attachments: list[Attachment] = []
    for part in parts:
        if isinstance(part, TextRef):
            texts.append(part)
        else:
            attachments.append(part)
    return tuple(texts), tuple(attachments)


def tool_descriptions(tool: Any, path: tuple[Step, ...]) -> Iterator[TextRef]:
    """The texts of a tool definition the model reads: its description and every
    ``description`` inside its JSON schema."""
    tool = require_object(tool, path)
    yield from text_at(tool.get("description"), (*path, "description"))
    for key in ("parameters", "input_schema"):
        if key in tool:
            for ref in string_leaves(tool[key], (*path, key)):
                if ref.path and ref.path[-1] == "description":
                    yield ref
