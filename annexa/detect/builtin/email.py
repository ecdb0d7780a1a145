"""Email addresses (EMAIL_ADDRESS): RFC 5322's common form, a domain with a real-looking TLD.

Also the forms people write to keep an address from harvesters (and from filters):
``maria.keller [at] example [dot] com``, ``maria.keller(at)example.com``, ``maria dot keller at
example dot com``. The ``@`` must be written as a word in brackets, or as the word "at" after a
local part of two words or more and before a domain that ends in a "dot" word ("meet at
example.com" and "the dot com bubble" are sentences).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from annexa.detect.builtin._base import RegionDetector
from annexa.detect.builtin._bytes import BytePassDetector, Spans, char_span
from annexa.detect.builtin._regions import AT, CharOffsets, regions
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

    An apostrophe counts inside a name (``o'brien@``), not as a quote before the address; the
    letter of an escape before it (``\\n``, ``\\t``: a string's line break or tab) does not
    count."""
    start = at
    while start > 0 and at - start <= 64:
        ch = text[start - 1]
        inner_apostrophe = ch == "'" and start != at and start >= 2 and text[start - 2].isalnum()
        if not (ch.isalnum() or ch in _LOCAL_EXTRA or inner_apostrophe):
            break
        start -= 1
    if start >= 1 and text[start - 1] == "\\" and text[start] in _ESCAPE_LETTERS:
        start += 1  # "\nanna@…" in a JSON string: a line break, then the address
    if start == at or at - start > 64:
        return None
    return start


_ESCAPE_LETTERS = frozenset("nrtbf")


def is_url_userinfo(text: str, start: int) -> bool:
    """Whether the local part at ``start`` is really ``user:password@host`` inside a URL."""
    if start and text[start - 1] in _PASSWORD_MARKS:
        return True
    lo = max(0, start - 256)
    cut = max(text.rfind(" ", lo, start), text.rfind("\n", lo, start), lo)
    scheme = text.find("://", cut, start)
    width = 3
    if scheme < 0:  # written in a JSON string with its slashes escaped: "https:\/\/user:pw@"
        scheme, width = text.find(":\\/\\/", cut, start), 5
    return scheme >= 0 and not any(c in "/?#=&" for c in text[scheme + width : start])


def _word(word: str) -> str:
    """``word`` in brackets of any kind, blanks allowed inside: ``[at]``, ``( at )``, ``{at}``."""
    inner = rf"[ \t]*{word}[ \t]*"
    return rf"[ \t]*(?:\[{inner}\]|\({inner}\)|\{{{inner}\}}|<{inner}>)[ \t]*"


_AT_BRACKETED = _word("at")
_DOT_BRACKETED = _word("dot")
_DOT_WORD = r"[ \t]+dot[ \t]+"
_DOT = rf"(?:{_DOT_BRACKETED}|{_DOT_WORD}|\.)"
# No counted repeats and no Unicode classes: RE2 expands each into its own automaton (``\pL``
# is hundreds of UTF-8 byte ranges; a {1,64} of it, 64 copies), which cost a second and 350 MB
# of DFA in a first version. Any non-ASCII character counts as a letter; lengths are checked
# after the match.
_ALNUM = r"[0-9A-Za-z\x{80}-\x{10FFFF}]"
_LABEL = rf"{_ALNUM}(?:[0-9A-Za-z\x{{80}}-\x{{10FFFF}}\-]*{_ALNUM})?"
_PART = r"[0-9A-Za-z\x{80}-\x{10FFFF}_%+\-]+"
_BEFORE = r"(?:^|[^0-9A-Za-z\x{80}-\x{10FFFF}_%+.\-])"  # the address starts a word
# group 1: the address with a bracketed "at"; 2: the address with the word "at", whose local
# part has two words or more ("maria dot keller", "m.keller": not "look at the dot com bubble")
# and whose domain ends in a "dot" word or a bracketed one
_OBFUSCATED = (
    rf"(?i){_BEFORE}"
    rf"({_PART}(?:{_DOT}{_PART})*{_AT_BRACKETED}(?:{_LABEL}{_DOT})+[a-z][a-z]+)\b"
    rf"|{_BEFORE}"
    rf"({_PART}(?:{_DOT}{_PART})+[ \t]+at[ \t]+(?:{_LABEL}{_DOT})*{_LABEL}"
    rf"(?:{_DOT_WORD}|{_DOT_BRACKETED})[a-z][a-z]+)\b"
)
_MAX_ADDRESS = 320  # characters, munged words included: longer is no address (RFC 5321: 254)


class ObfuscatedEmailDetector(BytePassDetector):
    """Email addresses written to dodge harvesters: ``name [at] example [dot] com``,
    ``name(at)example.com``, ``name dot surname at example dot com``."""

    name = "email_obfuscated"
    entities = ("EMAIL_ADDRESS",)
    origin = "the common munged forms of RFC 5322 addresses"
    # the bracketed "at" closed ("(at" alone opens "(attrs", "(atomic" in code), or a "dot" word
    keywords = ("at]", "at)", "at}", "at>", "at ]", "at )", "at }", "at >", " dot ")
    case_sensitive = False
    expression = _OBFUSCATED

    def found(
        self, text: str, chars: CharOffsets | None, matches: Iterator[Spans]
    ) -> Iterator[Finding]:
        for spans in matches:
            bracketed = spans[1][0] >= 0
            start, end = char_span(chars, spans[1] if bracketed else spans[2])
            if end - start > _MAX_ADDRESS:
                continue
            score = 0.6 if bracketed else 0.5
            yield Finding("EMAIL_ADDRESS", start, end, score, self.name)


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in email detectors."""
    return [EmailDetector(), ObfuscatedEmailDetector()]
