"""URLs (URL): ``scheme://`` or ``www.`` links whose host is a real-looking domain or IP."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from annexa.detect.builtin._base import RegionDetector
from annexa.detect.builtin._regions import LINK
from annexa.detect.context import words_for
from annexa.detect.interface import Detector, Finding, ScanContext
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings

_TLDS = (
    "com|org|net|edu|gov|io|co|info|biz|app|dev|ai|uk|de|fr|es|it|nl|eu|ch|at|be|se|no|dk|fi|"
    "pl|pt|ie|ca|au|us|in|jp|br|il|cz|hu|gr|ro|lu"
)
# A dot and a common top-level domain: the cheap anchor of a bare domain.
_TLD_AT = re.compile(rf"\.(?:{_TLDS})(?![\w\-@]|\.[^\W_])", re.IGNORECASE)
_HOST = re.compile(r"(?:[^\W_](?:[\w\-]{0,61}[^\W_])?\.){1,16}[^\W\d_]{2,24}")


class UrlDetector(RegionDetector):
    """Web links with a scheme (http, https, ftp) or ``www.``, and bare domain names."""

    name = "url"
    entities = ("URL",)
    region_kinds = frozenset({LINK})
    before = 8
    after = 600
    context = words_for("URL")
    patterns = (
        Pattern(
            "link",
            r"(?i)(?<![\w.\-/])(?:(?:https?|ftps?)://|www\.)"
            r"[^\s<>\"'`{}|\\^\[\]]{0,2047}[^\s<>\"'`{}|\\^\[\].,;:!?)]",
            0.6,
            positives=(
                "see https://www.example.com/path?q=1 for more",
                "docs at http://example.org/a/b.",
                "visit www.example.net today",
            ),
            negatives=(
                "the scheme is https:// only",
                "http://localhost-ish",
                "ftp://256.1.1.1/",
                "path/to/www.file",
            ),
            origin="RFC 3986",
        ),
        Pattern(
            "domain",
            rf"(?i)(?<![\w.@\-/:])(?:[a-z0-9](?:[a-z0-9\-]{{0,61}}[a-z0-9])?\.){{1,8}}(?:{_TLDS})"
            r"(?![\w\-@]|\.[^\W_])",
            0.5,
            positives=("see microsoft.com", "my domains: example.co.uk and example.de."),
            negatives=("config.yaml", "user@example.com", "see microsoft.company"),
            origin="RFC 1035 names under common top-level domains",
        ),
    )

    def detect(self, ctx: ScanContext) -> Iterator[Finding]:
        """Links around ``://``/``www.`` regions, then bare domains ending in a common TLD."""
        yield from super().detect(ctx)
        if "." not in ctx.text:
            return
        pattern, rx, _ = self._compiled[1]
        end = -1
        for tld in _TLD_AT.finditer(ctx.text):
            if tld.end() <= end:
                continue
            lo = max(0, end, tld.start() - 253)
            m = next(
                (m for m in rx.finditer(ctx.text, lo, tld.end()) if m.end() == tld.end()), None
            )
            if m is None:
                continue
            end = m.end()
            finding = self.score(ctx, pattern, m.start(), m.end())
            if finding is not None:
                yield finding

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        if pattern.name == "domain":
            return None
        if value[:4].lower() == "www.":
            if value.count(".") < 2:
                return False
            value = "http://" + value
        try:
            host = urlsplit(value).hostname or ""
        except ValueError:
            return False
        if _HOST.fullmatch(host):
            return None
        try:
            ipaddress.ip_address(host)
        except ValueError:
            return False
        return None


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in URL detector."""
    return [UrlDetector()]
