"""Load a policy file: YAML → validated :class:`PolicyDoc` → :class:`RulePolicy`.

Every error names the file and the line, so an operator can fix it without guessing::

    policy.yaml:14: rules[2].action: Input should be 'allow', 'warn', ... (got 'alow')

PyYAML's ``compose`` keeps each node's position; a pydantic error location (``("rules", 2,
"action")``) is walked down that node tree to the deepest node that exists.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from annexa.policy.combinators import RulePolicy
from annexa.policy.interface import PolicyError
from annexa.policy.schema import Loc, PolicyDoc, semantic_errors

__all__ = ["load_policy", "parse_policy", "policy_hash"]


def policy_hash(source: bytes) -> str:
    """The version id of a policy: sha256 (hex) of the file's bytes."""
    return hashlib.sha256(source).hexdigest()


def load_policy(path: Path) -> RulePolicy:
    """Read and compile the policy at ``path``; :class:`PolicyError` names file and line."""
    try:
        source = path.read_bytes()
    except OSError as exc:
        raise PolicyError(f"{path}: cannot read the policy: {exc.strerror}") from exc
    return parse_policy(source, str(path))


def parse_policy(source: bytes | str, name: str = "<policy>") -> RulePolicy:
    """Compile a policy from its text; ``name`` is used in error messages."""
    raw = source.encode() if isinstance(source, str) else source
    try:
        text = raw.decode("utf-8")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except UnicodeDecodeError as exc:
        raise PolicyError(f"{name}: not UTF-8 text ({exc.reason})") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise PolicyError(f"{name}{line}: not valid YAML: {problem}") from exc
    if root is None:
        raise PolicyError(f"{name}: the policy is empty; it needs at least one rule")
    _reject_duplicate_keys(root, name)
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise PolicyError(f"{name}:{_line(root)}: expected a mapping at the top level")
    try:
        doc = PolicyDoc.model_validate(data)
    except ValidationError as exc:
        problems = [(tuple(e["loc"]), _message(e)) for e in exc.errors()]
        raise _error(name, root, problems) from None
    problems = semantic_errors(doc)
    if problems:
        raise _error(name, root, problems)
    return RulePolicy(doc, policy_hash(raw))


def _message(error: ErrorDetails) -> str:
    msg = error["msg"]
    value = error.get("input")
    if isinstance(value, str | int | float | bool) and len(str(value)) <= 60:
        msg += f" (got {value!r})"
    return msg


def _error(name: str, root: yaml.Node, problems: Iterable[tuple[Loc, str]]) -> PolicyError:
    lines = [f"{name}:{_line(_node_at(root, loc))}: {_dotted(loc)}: {msg}" for loc, msg in problems]
    return PolicyError("\n".join(lines))


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _node_at(root: yaml.Node, loc: Loc) -> yaml.Node:
    """The deepest node along ``loc`` (the parent mapping when a key is missing)."""
    node = root
    for part in loc:
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == str(part):
                    child = value
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part >= 0:
            child = node.value[part] if part < len(node.value) else None
        if child is None:
            return node
        node = child
    return node


def _reject_duplicate_keys(node: yaml.Node, name: str) -> None:
    """PyYAML keeps the last of two equal keys silently; a policy must not."""
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    raise PolicyError(f"{name}:{_line(key)}: duplicate key {key.value!r}")
                seen.add(key.value)
            _reject_duplicate_keys(value, name)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _reject_duplicate_keys(item, name)
