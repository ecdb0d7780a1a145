"""docs/settings.md, written from :class:`~annexa.settings.Settings` itself.

Every field of ``annexa.yaml`` with its type, default, environment variable and description, so
the reference cannot drift from the code (``tests/test_settings_doc.py`` compares the committed
file with :func:`render`). Regenerate after changing a setting::

    .venv/bin/python -m annexa.settings_doc > docs/settings.md
"""

from __future__ import annotations

import enum
import types
import typing
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from annexa.settings import Settings

__all__ = ["render"]

ENV_PREFIX = "ANNEXA_"
HEADER = """# Settings reference

`annexa.yaml` in the data directory (`annexa init` writes a starter one). Every field can also
be set through the environment: `ANNEXA_` and the field's path in capitals, sections joined by
`__` (`ANNEXA_SCAN__MIN_SCORE=0.5`); the environment wins over the file. Values that lead to
secrets are references (`env:NAME`, `file:PATH`, `vault:...`, `kms:...`), never the secret.

Generated from the code by `python -m annexa.settings_doc`; do not edit by hand.
"""


def render() -> str:
    """The whole reference, as Markdown."""
    parts = [HEADER]
    top = [(name, f) for name, f in Settings.model_fields.items() if not _model_of(f.annotation)]
    parts.append(_table("General", "", top))
    for name, field in Settings.model_fields.items():
        model = _model_of(field.annotation)
        if model is not None:
            parts.extend(_sections(model, name, field.description or ""))
    return "\n".join(parts)


def _sections(model: type[BaseModel], path: str, title: str) -> list[str]:
    """The table of ``model``'s plain fields at ``path``, then its nested models' sections."""
    plain = [(n, f) for n, f in model.model_fields.items() if not _model_of(f.annotation)]
    out = [_table(f"`{path}`: {title.rstrip('.')}", path, plain)]
    for name, field in model.model_fields.items():
        nested = _model_of(field.annotation)
        if nested is None:
            continue
        item = "[]" if get_origin(field.annotation) is list else ""
        out.extend(_sections(nested, f"{path}.{name}{item}", field.description or name))
    return out


def _table(title: str, path: str, fields: list[tuple[str, FieldInfo]]) -> str:
    rows = [f"## {title}", "", "| setting | type | default | description |", "|---|---|---|---|"]
    for name, field in fields:
        key = f"{path}.{name}" if path else name
        env = "" if "[]" in key else f"<br>`{ENV_PREFIX}{key.replace('.', '__').upper()}`"
        description = (field.description or "").replace("|", "\\|").replace("\n", " ")
        rows.append(
            f"| `{key}`{env} | {_type(field.annotation)} | {_default(name, field)} "
            f"| {description} |"
        )
    return "\n".join(rows) + "\n"


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The settings model a field holds (alone, or as the items of a list), else None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) is list:
        (item,) = get_args(annotation)
        if isinstance(item, type) and issubclass(item, BaseModel):
            return item
    return None


def _type(annotation: Any) -> str:
    origin = get_origin(annotation)
    if origin is Literal:
        return " \\| ".join(f"`{a}`" for a in get_args(annotation))
    if origin in (types.UnionType, typing.Union):
        return " or ".join(_type(a) for a in get_args(annotation))
    if origin in (list, tuple, set, frozenset):
        args = [a for a in get_args(annotation) if a is not Ellipsis]
        return f"list of {_type(args[0])}" if args else "list"
    if origin is dict:
        key, value = get_args(annotation)
        return f"mapping {_type(key)} → {_type(value)}"
    if annotation is type(None):
        return "null"
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return f"`{annotation.__name__}`"
        if issubclass(annotation, enum.Enum):
            return " \\| ".join(f"`{m.value}`" for m in annotation)
        return {Path: "path", str: "text", int: "integer", float: "number", bool: "boolean"}.get(
            annotation, annotation.__name__
        )
    return str(annotation).replace("typing.", "")


def _default(name: str, field: FieldInfo) -> str:
    if name == "data_dir":
        return "the per-user data directory (`~/.local/share/annexa` on Linux)"
    if field.default_factory is not None:
        value = field.default_factory()  # type: ignore[call-arg]
    elif field.default is PydanticUndefined:
        return "required"
    else:
        value = field.default
    if isinstance(value, BaseModel):
        return "see below"
    if isinstance(value, enum.Enum):
        value = value.value
    if value is None:
        return "none"
    if isinstance(value, (list, tuple, set, frozenset, dict)) and not value:
        return "empty"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, (set, frozenset)):
        value = sorted(value, key=str)  # a stable order whatever the hash seed
    if isinstance(value, (list, tuple)):
        return ", ".join(f"`{v}`" for v in value)
    return f"`{value}`"


if __name__ == "__main__":
    print(render(), end="")
