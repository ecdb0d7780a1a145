"""URLs (URL): ``scheme://`` or ``www.`` links whose host is a real-looking domain or IP."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from annexa.detect.builtin._base import RegionDetector
from annexa.detect.builtin._regions import LINK, regions
from annexa.detect.context import words_for
from annexa.detect.interface import Detector, Finding, ScanContext
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings

_TLDS = (
    "com|org|net|edu|gov|io|co|info|biz|app|dev|ai|uk|de|fr|es|it|nl|eu|ch|at|be|se|no|dk|fi|"
    "pl|pt|ie|ca|au|us|in|jp|br|il|cz|hu|gr|ro|lu"
)
# A dot and a common top-level domain (lower or upper case; IGNORECASE would cost four times
# as much): the cheap anchor of a bare domain.
_TLD_AT = re.compile(rf"\.(?:{_TLDS}|{_TLDS.upper()})(?![\w\-@]|\.[^\W_])")
# What each rule needs, as prefilter keywords (the scanner skips a text with none of them): the
# ``://`` or ``www.`` of a LINK region, a dot and a top-level domain in the lower-cased text.
_LINK_KEYWORDS = ("://", "www.")
_TLD_KEYWORDS = tuple(f".{tld}" for tld in _TLDS.split("|"))
_NOT_BEFORE_DOMAIN = frozenset("@/:\\_")
_HOST = re.compile(r"(?:[^\W_](?:[\w\-]{0,61}[^\W_])?\.){1,16}[^\W\d_]{2,24}")
# The path, query and fragment after a bare domain ("linkedin.com/in/mvolkov"): a profile's
# path names its person. A trailing full stop or bracket is the sentence's.
_PATH = re.compile(r"/(?:[^\s<>\"'`{}|\\^\[\]]{0,2047}[^\s<>\"'`{}|\\^\[\].,;:!?)])?")


class UrlDetector(RegionDetector):
    """Web links with a scheme (http, https, ftp) or ``www.``, and bare domain names with
    their path ("linkedin.com/in/mvolkov")."""

    name = "url"
    entities = ("URL",)
    region_kinds = frozenset({LINK})
    context = words_for("URL")
    patterns = (
        Pattern(
            "link",
            r"(?i)(?<![\w.\-/])(?:(?:https?|ftps?)://|www\.)"
            r"[^\s<>\"'`{}|\\^\[\]]{0,2047}[^\s<>\"'`{}|\\^\[\].,;:!?)]",
            0.6,
            keywords=_LINK_KEYWORDS,
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
            keywords=_TLD_KEYWORDS,
            positives=(
                "see microsoft.com",
                "my domains: example.co.uk and example.de.",
                "profile: ⟦linkedin.com/in/mvolkov⟧ and ⟦github.com/mvolkov⟧.",
            ),
            negatives=("config.yaml", "user@example.com", "see microsoft.company"),
            origin="RFC 1035 names under common top-level domains",
        ),
    )

    def detect(self, ctx: ScanContext) -> Iterator[Finding]:
        """Links anchored at ``://``/``www.`` regions, then bare domains ending in a common TLD."""
        text = ctx.text
        hits = ctx.keywords  # empty when called without the prefilter: every rule runs
        rules = {
            pattern.name: (pattern, rx)
            for pattern, rx, kws in self._compiled
            if not (hits and kws and kws.isdisjoint(hits))
        }
        if "link" in rules:
            yield from self._links(ctx, *rules["link"])
        if "domain" in rules and "." in text:
            yield from self._domains(ctx, *rules["domain"])

    def _links(self, ctx: ScanContext, pattern: Pattern, rx: re.Pattern[str]) -> Iterator[Finding]:
        text = ctx.text
        last = -1
        for region in regions(text).select(self.region_kinds):
            start = region.start
            if text[start] == ":":
                while start > 0 and region.start - start < 6 and text[start - 1].isalpha():
                    start -= 1
            if start < last:
                continue
            m = rx.match(text, start, start + 2100)
            if m is not None:
                last = m.end()
                finding = self.score(ctx, pattern, start, m.end())
                if finding is not None:
                    yield finding

    def _domains(
        self, ctx: ScanContext, pattern: Pattern, rx: re.Pattern[str]
    ) -> Iterator[Finding]:
        text = ctx.text
        for tld in _TLD_AT.finditer(text):
            host = domain_start(text, tld.start())
            if host is None:
                continue
            m = rx.match(text, host, tld.end())
            if m is None or m.end() != tld.end():
                continue
            path = _PATH.match(text, m.end())
            finding = self.score(ctx, pattern, host, path.end() if path else m.end())
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


def domain_start(text: str, dot: int) -> int | None:
    """Where the host name ending at ``dot`` starts; ``None`` when it belongs to an email
    address, a URL or a path (their own rules cover those)."""
    start = dot
    while start > 0 and dot - start < 253:
        ch = text[start - 1]
        if not (ch.isalnum() or ch in "-."):
            break
        start -= 1
    if start == dot or (start > 0 and text[start - 1] in _NOT_BEFORE_DOMAIN):
        return None
    return start


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in URL detector."""
    return [UrlDetector()]
