"""Kubernetes Secret manifests: every value under ``data:`` is a base64-encoded secret.

The rule runs near ``kind: Secret`` (any quoting, any key order) and reports each base64 value
that sits in a ``data:`` block, including block scalars (``.dockercfg: |`` then the value on the
next lines). Values in ``metadata:`` or ``stringData:`` keys are not base64 and are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from annexa.detect.interface import Detector, Finding, ScanContext
from annexa.detect.pattern import Pattern
from annexa.detect.secrets_common import SecretDetector, b64decode_loose, token
from annexa.settings import ScanSettings

ORIGIN = "Kubernetes docs: Secrets (the data field holds base64-encoded values)"
_BLOCK_START = re.compile(r"(?m)^([ \t]*)([\w.-]+):[ \t]*$")


def in_data_block(text: str, pos: int) -> bool:
    """Whether the YAML line at ``pos`` is nested in the nearest ``data:`` block above it."""
    line_start = text.rfind("\n", 0, pos) + 1
    indent = len(text[line_start:pos]) - len(text[line_start:pos].lstrip(" \t"))
    for m in reversed(list(_BLOCK_START.finditer(text, max(0, pos - 3000), line_start))):
        if len(m.group(1)) < indent:
            return m.group(2) == "data"
    return False


class KubernetesSecretDetector(SecretDetector):
    """Base64 values under ``data:`` in Kubernetes Secret manifests."""

    name = "secrets_kubernetes"
    origin = ORIGIN
    patterns = (
        token(
            "kubernetes_secret_data",
            "kubernetes",
            r"(?m)^[ \t]{1,12}[\w.-]{1,60}:"
            r"(?:[ \t]{0,3}[\"']?|[ \t]*[|>][-+]?[ \t]*\r?\n[ \t]{2,16})"
            r"([A-Za-z0-9+/]{8,8000}={0,2})[\"']?[ \t]*$",
            ("kind: secret", "kind: 'secret'", 'kind: "secret"'),
            (
                "apiVersion: v1\nkind: Secret\ndata:\n  password: ⟦{b:24}==⟧",
                "kind: Secret\ntype: kubernetes.io/dockercfg\ndata:\n  .dockercfg: |\n    ⟦{b:60}⟧",
                "apiVersion: v1\ndata:\n  token: ⟦{b:40}⟧\nkind: 'Secret'\nmetadata:\n  name: x",
            ),
            (
                "kind: ConfigMap\ndata:\n  key: {b:24}",
                "kind: Secret\nmetadata:\n  name: {L:16}\ndata:\n  password: <base64>",
                "kind: Secret\nstringData:\n  token: {L:16}",
            ),
            ORIGIN,
            score=0.75,
            group=1,
        ),
    )
    window: ClassVar[tuple[int, int]] = (3000, 3000)

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return None if b64decode_loose(value) is not None else False

    def _matches(
        self, ctx: ScanContext, pattern: Pattern, rx: re.Pattern[str]
    ) -> Iterable[Finding]:
        for f in super()._matches(ctx, pattern, rx):
            if in_data_block(ctx.text, f.start):
                yield f


def detectors(settings: ScanSettings) -> list[Detector]:
    """The Kubernetes Secret manifest detector."""
    return [KubernetesSecretDetector()]
