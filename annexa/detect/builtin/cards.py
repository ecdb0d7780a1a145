"""Contact cards and calendar invitations: the people, places and numbers their properties name.

A vCard (RFC 6350, and vCard 3.0, RFC 2426) pasted from an address book or a mail signature is a
block between ``BEGIN:VCARD`` and ``END:VCARD`` of ``NAME;PARAM=…:value`` lines; a line that
goes on past 75 octets is folded, continued on the next line after one blank. What each
property holds is in the RFC, so no guess is needed:

- ``FN`` the formatted name (a ``PERSON``, or an ``ORGANIZATION`` when it is the card's ``ORG``
  or the card is ``KIND:org``), ``N`` the structured name ``family;given;additional;prefixes;
  suffixes`` (each name a ``PERSON``), ``NICKNAME``;
- ``ORG`` (its first component, the organisation's name), ``TITLE`` and ``ROLE`` (a ``TITLE``,
  as :mod:`titles` reports job titles);
- ``TEL`` (a ``PHONE_NUMBER``, with or without its ``tel:`` URI), ``ADR`` ``pobox;ext;street;
  locality;region;code;country`` (a ``STREET_ADDRESS`` from its first to its last non-empty
  component), ``GEO`` (a ``LOCATION``), ``BDAY`` (a ``DATE_OF_BIRTH``).

An iCalendar invitation (RFC 5545) names its people in the ``CN`` parameter of ``ATTENDEE`` and
``ORGANIZER`` (``ATTENDEE;CN="Anna Keller";ROLE=REQ-PARTICIPANT:mailto:…``); a room or a
resource (``CUTYPE=ROOM``, ``CUTYPE=RESOURCE``) is no person. The e-mail addresses in either
are the ``email`` detector's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from annexa.detect.interface import Detector, Finding, ScanContext
from annexa.settings import ScanSettings

CARD_SCORE = 0.85  # a property that says what it holds
ADDRESS_SCORE = 0.95  # the whole address: as sure as the street detector, and longer
NICKNAME_SCORE = 0.6

# A content line: an optional group ("item1."), the property's name, its parameters, the value.
_LINE = re.compile(r"(?im)^(?:[A-Za-z0-9-]+\.)?([A-Za-z][A-Za-z0-9-]*)((?:;[^:\r\n]*)?):")
_BEGIN = re.compile(r"(?im)^begin:vcard[ \t]*\r?$")
_END = re.compile(r"(?im)^end:vcard[ \t]*\r?$")
_KIND_ORG = re.compile(r"(?im)^kind:[ \t]*(?:org|organization)[ \t]*\r?$")
# An unescaped separator of a structured value ("\;" and "\," are part of the text).
_SEMICOLON = re.compile(r"(?<!\\);")
_COMMA = re.compile(r"(?<!\\),")
_CN = re.compile(r"(?i);CN=(?:\"([^\"\r\n]*)\"|([^;:\r\n]*))")
_NOT_A_PERSON = re.compile(r"(?i);CUTYPE=\"?(?:ROOM|RESOURCE|GROUP)\b")
_PEOPLE_LINES = re.compile(r"(?im)^(?:ATTENDEE|ORGANIZER)(?=[;:])")
_DIGITS = re.compile(r"\d")


class ContactCardDetector(Detector):
    """The people, organisations, numbers, addresses and birthdays a vCard's properties name
    (``FN``, ``N``, ``ORG``, ``TEL``, ``ADR``, ``BDAY``…), and the people an iCalendar
    invitation lists (the ``CN`` of ``ATTENDEE`` and ``ORGANIZER``)."""

    name = "contact_card"
    entities = (
        "PERSON",
        "ORGANIZATION",
        "TITLE",
        "PHONE_NUMBER",
        "STREET_ADDRESS",
        "LOCATION",
        "DATE_OF_BIRTH",
    )
    origin = "RFC 6350 and RFC 2426 (vCard), RFC 5545 (iCalendar ATTENDEE and ORGANIZER)"
    keywords = ("begin:vcard", "attendee;", "organizer;")

    def detect(self, ctx: ScanContext) -> Iterator[Finding]:
        text = ctx.text
        if "begin:vcard" in ctx.keywords:
            for start, end in _cards(text):
                yield from self._card(text, start, end)
        if "attendee;" in ctx.keywords or "organizer;" in ctx.keywords:
            yield from self._invitation(text)

    def _card(self, text: str, start: int, end: int) -> Iterator[Finding]:
        org_card = _KIND_ORG.search(text, start, end) is not None
        org_name = ""
        lines = list(_content_lines(text, start, end))
        for name, _, lo, hi in lines:
            if name == "ORG":
                first = _components(text, lo, hi, _SEMICOLON)[0]
                org_name = text[first[0] : first[1]]
        for name, _, lo, hi in lines:
            if lo >= hi:
                continue
            if name == "FN":
                entity = "ORGANIZATION" if org_card or text[lo:hi] == org_name else "PERSON"
                yield Finding(entity, lo, hi, CARD_SCORE, self.name)
            elif name == "N":
                for a, b in _components(text, lo, hi, _SEMICOLON)[:3]:
                    for c, d in _components(text, a, b, _COMMA):
                        if c < d:
                            yield Finding("PERSON", c, d, CARD_SCORE, self.name)
            elif name == "NICKNAME":
                for c, d in _components(text, lo, hi, _COMMA):
                    if c < d:
                        yield Finding("PERSON", c, d, NICKNAME_SCORE, self.name)
            elif name == "ORG":
                a, b = _components(text, lo, hi, _SEMICOLON)[0]
                if a < b:
                    yield Finding("ORGANIZATION", a, b, CARD_SCORE, self.name)
            elif name in ("TITLE", "ROLE"):
                yield Finding("TITLE", lo, hi, 0.5, self.name)
            elif name == "TEL":
                number = lo + 4 if text.startswith("tel:", lo) else lo
                if len(_DIGITS.findall(text, number, hi)) >= 5:
                    yield Finding("PHONE_NUMBER", number, hi, CARD_SCORE, self.name)
            elif name == "ADR":
                parts = [(a, b) for a, b in _components(text, lo, hi, _SEMICOLON) if a < b]
                if parts:
                    yield Finding(
                        "STREET_ADDRESS", parts[0][0], parts[-1][1], ADDRESS_SCORE, self.name
                    )
            elif name == "GEO":
                yield Finding("LOCATION", lo, hi, CARD_SCORE, self.name)
            elif name == "BDAY" and _DIGITS.search(text, lo, hi):
                yield Finding("DATE_OF_BIRTH", lo, hi, CARD_SCORE, self.name)

    def _invitation(self, text: str) -> Iterator[Finding]:
        for m in _PEOPLE_LINES.finditer(text):
            line_end = text.find("\n", m.end())
            line_end = len(text) if line_end < 0 else line_end
            params_end = _params_end(text, m.end(), line_end)
            if _NOT_A_PERSON.search(text, m.end(), params_end):
                continue
            cn = _CN.search(text, m.end(), params_end)
            if cn is None:
                continue
            group = 1 if cn.group(1) is not None else 2
            a, b = _trimmed(text, cn.start(group), cn.end(group))
            if a < b and "@" not in text[a:b]:
                yield Finding("PERSON", a, b, CARD_SCORE, self.name)


def _params_end(text: str, start: int, line_end: int) -> int:
    """Where a content line's parameters end: its first colon outside double quotes (a quoted
    parameter value may hold one: ``CN="Keller: Anna"``), or the line's end."""
    quoted = False
    for i in range(start, line_end):
        ch = text[i]
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            return i
    return line_end


def _cards(text: str) -> Iterator[tuple[int, int]]:
    """The spans of the vCards in ``text``: from a BEGIN line to its END line, the next BEGIN
    line or the text's end, whichever comes first (cards never overlap: one pass, linear)."""
    begins = [m.end() for m in _BEGIN.finditer(text)]
    ends = [m.start() for m in _END.finditer(text)]
    i = 0
    for k, start in enumerate(begins):
        stop = begins[k + 1] if k + 1 < len(begins) else len(text)
        while i < len(ends) and ends[i] < start:
            i += 1
        yield start, min(ends[i], stop) if i < len(ends) else stop


def _content_lines(text: str, start: int, end: int) -> Iterator[tuple[str, str, int, int]]:
    """``(NAME, params, value start, value end)`` of each content line in ``[start, end)``;
    a folded value goes on over the lines that start with one blank."""
    for m in _LINE.finditer(text, start, end):
        lo = m.end()
        hi = text.find("\n", lo, end)
        hi = end if hi < 0 else hi
        while hi + 1 < end and text[hi + 1] in " \t":  # folded: continued on the next line
            nxt = text.find("\n", hi + 1, end)
            hi = end if nxt < 0 else nxt
        a, b = _trimmed(text, lo, hi)
        yield m.group(1).upper(), m.group(2), a, b


def _components(text: str, lo: int, hi: int, separator: re.Pattern[str]) -> list[tuple[int, int]]:
    """The spans of a structured value's components, each without its blanks."""
    out: list[tuple[int, int]] = []
    pos = lo
    for m in separator.finditer(text, lo, hi):
        out.append(_trimmed(text, pos, m.start()))
        pos = m.end()
    out.append(_trimmed(text, pos, hi))
    return out


def _trimmed(text: str, lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and text[lo] in " \t\r\n":
        lo += 1
    while hi > lo and text[hi - 1] in " \t\r\n":
        hi -= 1
    return lo, hi


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in vCard and iCalendar detector."""
    return [ContactCardDetector()]
