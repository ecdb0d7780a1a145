"""Email addresses (EMAIL_ADDRESS): RFC 5322's common form, a domain with a real-looking TLD."""

from __future__ import annotations

import re
from collections.abc import Iterator

from annexa.detect.builtin._base import RegionDetector
from annexa.detect.builtin._regions import AT, regions
from annexa.detect.context import words_for
from annexa.detect.interface import Detector, Finding, ScanContext
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings

_LOCAL = r"[\w%+\-']{1,64}(?:\.[\w%+\-']{1,64}){0,16}"
_DOMAIN = r"(?:[^\W_](?:[\w\-]{0,61}[^\W_])?\.){1,8}(?:[^\W\d_]{2,24}|xn--[a-z0-9]{2,59})"
_AFTER = r"(?![\w\-]|\.[^\W_])"
_LOCAL_RX = re.compile(_LOCAL)
_DOMAIN_RX = re.compile(_DOMAIN + _AFTER)
_LOCAL_EXTRA = frozenset("_.%+-")
_PASSWORD_MARKS = frozenset("!#$%^&*~")


class EmailDetector(RegionDetector):
    """Email addresses; the domain must end in an alphabetic top-level domain."""

    name = "email"
    entities = ("EMAIL_ADDRESS",)
    region_kinds = frozenset({AT})
    before = 64
    after = 190
    context = words_for("EMAIL_ADDRESS")
    patterns = (
        Pattern(
            "address",
            rf"(?<![\w.%+\-']){_LOCAL}@{_DOMAIN}{_AFTER}",
            0.5,
            keywords=("@",),  # the AT region itself: a text without one is not looked at
            positives=(
                "write to jane.doe@example.com today",
                "https://example.com/invite?to=jane@example.org",
                "CC: ops+alerts@mail.example.org",
                "<first_last@sub.example.co.uk>",
                "from john.o'reilly@example.ie",
            ),
            negatives=(
                "ping @channel now",
                "user@localhost",
                "a.b@c",
                "see foo@bar.123",
                "dsn redis://admin:Pa55!word@cache.example.com:6379/0",
            ),
            origin="RFC 5322 (dot-atom form)",
        ),
    )

    def detect(self, ctx: ScanContext) -> Iterator[Finding]:
        """From each ``@``: walk back over the local part, match the domain forward."""
        text = ctx.text
        pattern = self.patterns[0]
        for region in regions(text).select(frozenset({AT})):
            at = region.start
            start = local_start(text, at)
            if start is None or is_url_userinfo(text, start):
                continue
            domain = _DOMAIN_RX.match(text, at + 1, at + 256)
            if domain is None or not _LOCAL_RX.fullmatch(text, start, at):
                continue
            if domain.end() == at + 256:
                continue  # longer than any domain: not an address
            finding = self.score(ctx, pattern, start, domain.end())
            if finding is not None:
                yield finding

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        local, _, domain = value.rpartition("@")
        return len(local) <= 64 and len(domain) <= 253


def local_start(text: str, at: int) -> int | None:
    """Where the local part ending at ``at`` starts; ``None`` if empty or over 64 characters.

    An apostrophe counts inside a name (``o'brien@``), not as a quote before the address."""
    start = at
    while start > 0 and at - start <= 64:
        ch = text[start - 1]
        inner_apostrophe = ch == "'" and start != at and start >= 2 and text[start - 2].isalnum()
        if not (ch.isalnum() or ch in _LOCAL_EXTRA or inner_apostrophe):
            break
        start -= 1
    if start == at or at - start > 64:
        return None
    return start


def is_url_userinfo(text: str, start: int) -> bool:
    """Whether the local part at ``start`` is really ``user:password@host`` inside a URL."""
    if start and text[start - 1] in _PASSWORD_MARKS:
        return True
    lo = max(0, start - 256)
    cut = max(text.rfind(" ", lo, start), text.rfind("\n", lo, start), lo)
    scheme = text.find("://", cut, start)
    return scheme >= 0 and not any(c in "/?#=&" for c in text[scheme + 3 : start])


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in email detector."""
    return [EmailDetector()]
