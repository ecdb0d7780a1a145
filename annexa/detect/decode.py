"""What :mod:`normalize` undoes: encoded blobs and split digits, found in one pass.

:func:`find` runs one linear-time RE2 pass over a text and returns

- :class:`Blob` objects: base64 / base64url, hex (``6a6f…``, ``0x6a6f…``, ``\\x6a\\x6f…``),
  URL escapes (``%40``), HTML entities (``&#106;``, ``&commat;``) and the JSON string escapes
  in a token (``\\/``, ``\\u0040``), a quoted string with escaped line breaks or characters (a
  JSON document's or a log's ``"Best regards,\\nHolly Cordova"``) and a line of such escaped
  text without its quotes, decoded, kept only when the bytes are UTF-8 and mostly printable.
  Each says, for every decoded character, which span of the text encoded it: exactly its
  ``%xx``, entity, escape or hex digits, or its 4-character base64 quantum;
- split-digit runs (``4 1 1 1 …``, ``0.7.8-0.5-1.1.2.0``, ``078 - 05 - 1120``, ``4111 / 1111 /
  1111 / 1111``) that look like a number split to dodge detectors, and not like a date, a
  version or an IP address.

The work is bounded: the pass is linear (RE2), every character belongs to at most one candidate,
a decoded blob is shorter than its encoding (so one pass decodes less than the text holds), and
the caller bounds the depth. There is no cap on the number of blobs, which an attacker could
fill with decoys: many blobs cost linear time, and past the scan's budget the scan fails closed.
"""

from __future__ import annotations

import base64
import binascii
import html
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import re2

MIN_BASE64 = 16  # characters (12 bytes): shorter tokens are words and identifiers
MIN_HEX = 16  # hex digits (8 bytes)
PRINTABLE_RATIO = 0.9

Span = tuple[int, int]


_SEP = r"(?: ?[.\-] ?| / | )"
_SPLIT = (  # candidates only; is_split_evasion() decides
    rf"\d+(?:{_SEP}\d+){{3,}}"  # 4 groups or more
    rf"|\d+(?:{_SEP}\d+)*(?: [.\-] ?| ?[.\-] )\d+(?:{_SEP}\d+)*"  # a spaced separator
    rf"|\d{{4,}}{_SEP}\d{{4,}}{_SEP}\d{{4,}}"  # three long groups (Amex)
)
_B64 = r"A-Za-z0-9+/_\-"  # base64 and base64url alphabets together
# A blob must begin at a token boundary (the character before it is matched too: RE2 has no
# look-behind) with text: the first 3 bytes of a base64 or hex blob are printable ASCII, which
# fixes what its first characters can be. Most identifiers, paths and hashes do not look like
# that, so few candidates reach Python.
_TEXT_QUANTUM = r"[A-Za-f][A-HQ-Xg-nw-z0-3][A-Za-z0-9+/_\-]{2}"  # base64 of 3 ASCII bytes
_TEXT_HEX = r"(?:[02-7][0-9A-Fa-f])"  # hex of one printable ASCII byte (or tab, newline)
# A token holding JSON string escapes: ``\/`` (PHP's json_encode writes every slash so) or
# ``\uXXXX`` (``maria.keller\u0040example.com``), as a JSON document pasted as text holds them.
_JSON_ESCAPE = r"(?:\\/|\\u[0-9A-Fa-f]{4})"
_JSON_CHAR = rf"(?:[A-Za-z0-9+=_.:@%&?#~!$*,;\-]|{_JSON_ESCAPE})"
# A quoted string on one line that holds an escaped line break or character, as a JSON
# document, a log or a program's repr of a string writes a text: "Best regards,\nHolly
# Cordova", "Matth\u00edas Traustason" (Python's json.dumps escapes every non-ASCII character).
# The group is what the quotes hold. A single quote opens a string only after no letter and
# closes one only before none: "it's … isn't" holds no string.
_LINES_ESCAPED = (
    r'"((?:[^"\\\n]|\\[^\n])*\\[nru](?:[^"\\\n]|\\[^\n])*)"'
    r"|(?:^|[^\w'])'((?:[^'\\\n]|\\[^\n])*\\[nru](?:[^'\\\n]|\\[^\n])*)'(?:[^\w]|$)"
)
# Groups: 1 split digits, 2 hex, 3 base64, 4 %xx, 5 entity, 6 \xNN, 7 a token with JSON escapes.
_CANDIDATES = (
    f"({_SPLIT})"
    rf"|[^{_B64}]((?:0x)?{_TEXT_HEX}{{3}}[0-9A-Fa-f]{{{MIN_HEX - 6},}})"
    rf"|[^{_B64}]({_TEXT_QUANTUM}[{_B64}]{{{MIN_BASE64 - 4},}}={{0,2}})"
    r"|(%[0-9A-Fa-f]{2}(?:%[0-9A-Fa-f]{2})*)"
    r"|((?:&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)+)"
    r"|((?:\\x[0-9A-Fa-f]{2}){4,})"
    rf"|({_JSON_CHAR}*{_JSON_ESCAPE}{_JSON_CHAR}*)"
)
_SPLIT_KIND, _HEX_KIND, _BASE64_KIND, _PERCENT_KIND, _ENTITY_KIND, _ESCAPES_KIND = range(1, 7)
_JSON_KIND = 7
_TOKEN_CHARS = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-=")


def _compile(pattern: str) -> Callable[[bytes, int, int], Iterator[tuple[int, int, int]]]:
    """RE2 over bytes: a function yielding ``(group, start, end)`` of each match's group."""
    options = re2.Options()
    options.log_errors = False
    options.max_mem = 32 << 20  # room for the DFA: it falls back to a slower engine when full
    compiled = re2.compile(pattern.encode("ascii"), options=options)
    match = getattr(compiled, "_regexp", None)
    unanchored = re2._Anchor.UNANCHORED

    def spans(raw: bytes, lo: int, hi: int) -> Iterator[tuple[int, int, int]]:
        if match is None:  # pragma: no cover - another google-re2 layout: the public API
            for m in compiled.finditer(raw, lo, hi):
                yield m.lastindex, *m.span(m.lastindex)
            return
        while lo < hi:
            found = match.Match(unanchored, raw, lo, hi)
            if found[0][0] < 0 or found[0][1] == found[0][0]:
                return
            group = next(g for g in range(1, len(found)) if found[g][0] >= 0)
            yield group, found[group][0], found[group][1]
            lo = found[0][1]

    return spans


_candidates = _compile(_CANDIDATES)
# Its own pass, only over a text with an escaped line break: in the pass above, every quote
# and apostrophe of prose would start a candidate the automaton follows to the line's end.
_strings = _compile(_LINES_ESCAPED)
_HEX = re.compile(r"(?:0x)?((?:[0-9A-Fa-f]{2})+)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")
_DIGITS = re.compile(r"\d+")
_SEPARATORS = re.compile(r"\D+")
_DATE_PREFIX = re.compile(r"\d{4}[.\-]\d\d[.\-]\d\d|\d\d[.\-]\d\d[.\-]\d{4}")
# Named entities are decoded only when they stand for a character of an identifier, address or
# number: ``&commat;`` and ``&period;`` are evasions, ``&amp;`` and ``&nbsp;`` are markup.
_ENTITY_KEEP = frozenset("@.:/-_+%=#~")
_ONE_ENTITY = re.compile(r"&[^;]{1,33};")


@dataclass(frozen=True, slots=True)
class Blob:
    """One decoded blob.

    Attributes:
        start: offset of the encoded text in the searched text.
        end: offset one past its end.
        text: the decoded text.
        spans: for every character of ``text``, the span of the searched text that encoded it.
    """

    start: int
    end: int
    text: str
    spans: tuple[Span, ...]


def is_printable(text: str) -> bool:
    """Whether ``text`` is mostly printable (at least :data:`PRINTABLE_RATIO` of it)."""
    if not text:
        return False
    return len(_CONTROL.findall(text)) <= (1.0 - PRINTABLE_RATIO) * len(text)


_DECIMAL = re.compile(r"\d{1,6}\.\d{1,4}")


def is_split_evasion(run: str) -> bool:
    """Whether a run of digit groups looks like a number split to dodge detectors.

    Yes: single digits apart (``4 1 1 1 …``, ``0.7.8-0.5-1.1.2.0``), separators with spaces
    around them (``078 - 05 - 1120``), mixed separators, or dotted groups of three digits or
    more adding up to a card-length number (``4111.1111.1111.1111``). No: dates, versions, IP
    addresses, phone numbers, rows of two-digit numbers in a table, decimal figures listed with
    slashes (``0.99 / 0.27 / 0.42``), and numbers grouped the usual way with single spaces or
    dashes (detectors read those as they are).
    """
    groups = _DIGITS.findall(run)
    digits = sum(map(len, groups))
    if not 8 <= digits <= 24:
        return False
    seps = _SEPARATORS.findall(run)
    if " / " in run and all(_DECIMAL.fullmatch(part) for part in run.split(" / ")):
        return False  # figures listed: 0.99 / 0.27 / 0.42 (precision / recall / F1)
    if any(" " in s and s.strip() for s in seps):
        return True  # 078 - 05 - 1120
    if _DATE_PREFIX.match(run):
        return digits >= 13 and min(map(len, groups[3:]), default=0) >= 3  # date, long number
    if len(groups) >= 5 and 2 * sum(len(g) == 1 for g in groups) > len(groups):
        return True  # 4 1 1 1 1 …, 0.7.8-0.5-1.1.2.0
    if len(groups) >= 4 and len({s.strip() or " " for s in seps}) >= 2:
        return True  # mixed separators: 078.05-1120 7
    if set(seps) <= {" "} or set(seps) <= {"-"}:
        return False  # 4111 1111 1111 1111: the usual grouping, detectors read it as it is
    return digits >= 13 and min(map(len, groups)) >= 3  # 4111.1111.1111.1111


def _chars(raw: bytes, at: int, step: int) -> tuple[str, tuple[Span, ...]] | None:
    """Decode UTF-8 bytes; byte ``k`` was written as ``step`` characters at ``at + step * k``.

    Returns the text and, per character, the span of the encoding of its bytes (``step`` 3 of 4:
    a base64 quantum of 4 characters carries 3 bytes).
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not is_printable(text):
        return None
    width, per = (4, 3) if step == 0 else (step, 1)
    spans: list[Span] = []
    k = 0
    for ch in text:
        n = 1 if ch.isascii() else len(ch.encode("utf-8"))
        spans.append((at + width * (k // per), at + width * ((k + n - 1) // per + 1)))
        k += n
    return text, tuple(spans)


def _base64(token: str, at: int) -> Blob | None:
    body = token.rstrip("=")
    urlsafe = "-" in body or "_" in body
    if len(body) % 4 == 1 or (urlsafe and ("+" in body or "/" in body)):
        return None
    padded = body + "=" * (-len(body) % 4)
    try:
        raw = (
            base64.urlsafe_b64decode(padded) if urlsafe else base64.b64decode(padded, validate=True)
        )
    except (binascii.Error, ValueError):
        return None
    decoded = _chars(raw, at, 0)
    if decoded is None:
        return None
    end = at + len(token)
    text, spans = decoded
    return Blob(at, end, text, tuple((a, min(b, end)) for a, b in spans))


def _hex(digits: str, at: int, step: int, start: int, end: int) -> Blob | None:
    """``digits``: hex digits only; byte ``k`` was written at ``at + step * k``."""
    decoded = _chars(bytes.fromhex(digits), at, step)
    return None if decoded is None else Blob(start, end, *decoded)


def _token(token: str, at: int) -> Blob | None:
    """A long token: hex if it is all hex digits and decodes, else base64 if that decodes."""
    m = _HEX.fullmatch(token)
    # all digits: a long number (a card, an account) unless long enough to be text in hex
    if m is not None and len(m.group(1)) >= (MIN_HEX if not token.isdigit() else 24):
        blob = _hex(m.group(1), at + m.start(1), 2, at, at + len(token))
        if blob is not None:
            return blob
    if token.islower() or token.isupper():
        return None  # base64 of 12 or more bytes of text mixes cases; identifiers and paths do not
    return _base64(token, at)


def _entities(run: str, at: int) -> Blob | None:
    """A run of HTML entities, each decoded to its character (or kept when it is markup)."""
    chars: list[str] = []
    spans: list[Span] = []
    for m in _ONE_ENTITY.finditer(run):
        entity, start = m.group(), at + m.start()
        value = html.unescape(entity)
        keep = entity.startswith("&#") or value.isalnum() or value in _ENTITY_KEEP
        if value != entity and len(value) == 1 and keep:
            chars.append(value)
            spans.append((start, start + len(entity)))
        else:
            chars.extend(entity)
            spans.extend((start + k, start + k + 1) for k in range(len(entity)))
    text = "".join(chars)
    if len(text) == len(run) or not is_printable(text):
        return None
    return Blob(at, at + len(run), text, tuple(spans))


_JSON_ESCAPES = re.compile(
    r"\\/|\\u([dD][89abAB][0-9A-Fa-f]{2})\\u([dD][c-fC-F][0-9A-Fa-f]{2})|\\u([0-9A-Fa-f]{4})"
)


def _json_token(token: str, at: int) -> Blob | None:
    """A token with its JSON escapes undone, each character mapped to what wrote it (a lone
    surrogate's escape stays as written: it is no character)."""
    chars: list[str] = []
    spans: list[Span] = []
    pos = 0
    for m in _JSON_ESCAPES.finditer(token):
        for k in range(pos, m.start()):
            chars.append(token[k])
            spans.append((at + k, at + k + 1))
        high, low, single = m.groups()
        if high is not None:
            value = chr(0x10000 + ((int(high, 16) - 0xD800) << 10) + int(low, 16) - 0xDC00)
        elif single is not None:
            code = int(single, 16)
            value = m.group() if 0xD800 <= code <= 0xDFFF else chr(code)
        else:
            value = "/"
        if len(value) == 1:
            chars.append(value)
            spans.append((at + m.start(), at + m.end()))
        else:  # kept as written
            chars.extend(value)
            spans.extend((at + m.start() + k, at + m.start() + k + 1) for k in range(len(value)))
        pos = m.end()
    for k in range(pos, len(token)):
        chars.append(token[k])
        spans.append((at + k, at + k + 1))
    text = "".join(chars)
    if text == token or not is_printable(text):
        return None
    return Blob(at, at + len(token), text, tuple(spans))


# A Windows path written with single backslashes ("C:\\Users\\nathan"): no escapes in it.
_DRIVE_PATH = re.compile(r"(?<![\w\\])[A-Za-z]:\\(?![\\/])")
# The escapes of a JSON or a Python string literal that stand for one character.
_STRING_ESCAPES = re.compile(r"\\([\"'\\/bfnrt])|\\u([0-9A-Fa-f]{4})")
_ESCAPED = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}


def _string(body: str, at: int, quoted: bool = True) -> Blob | None:
    """A quoted string's escapes undone (``\\n`` a line break, ``\\"`` a quote, ``\\u00e9``
    é), each character mapped to what wrote it; other escapes stay as written. ``body`` is
    what the quotes at ``at - 1`` and ``at + len(body)`` hold; the blob covers them too
    (``quoted`` False: ``body`` is a whole line of escaped text, without quotes)."""
    chars: list[str] = []
    spans: list[Span] = []
    pos = 0
    for m in _STRING_ESCAPES.finditer(body):
        chars.append(body[pos : m.start()])
        spans.extend((at + k, at + k + 1) for k in range(pos, m.start()))
        simple, code = m.groups()
        value = _ESCAPED.get(simple, simple) if simple is not None else chr(int(code, 16))
        if 0xD800 <= ord(value) <= 0xDFFF:  # half a surrogate pair: kept as written
            chars.append(m.group())
            spans.extend((at + k, at + k + 1) for k in range(m.start(), m.end()))
        else:
            chars.append(value)
            spans.append((at + m.start(), at + m.end()))
        pos = m.end()
    chars.append(body[pos:])
    spans.extend((at + k, at + k + 1) for k in range(pos, len(body)))
    text = "".join(chars)
    if not is_printable(text):
        return None
    end = at + len(body)
    if not quoted:
        return Blob(at, end, text, tuple(spans))
    # The quotes become line breaks: the string's first and last lines are read as lines, not
    # beside the JSON or the code around it (a name before '"}' is no name in code).
    return Blob(at - 1, end + 1, f"\n{text}\n", ((at - 1, at), *spans, (end, end + 1)))


def _decode(kind: int, text: str, at: int) -> Blob | None:
    if kind == _JSON_KIND:
        return _json_token(text, at)
    if kind == _PERCENT_KIND:
        return _hex(text.replace("%", ""), at, 3, at, at + len(text))
    if kind == _ENTITY_KIND:
        return _entities(text, at)
    if kind == _ESCAPES_KIND:
        return _hex(text.replace("\\x", ""), at, 4, at, at + len(text))
    return _token(text, at)


def find(
    text: str,
    regions: Sequence[Span] | None = None,
    dropped: Callable[[int, int], bool] | None = None,
) -> tuple[list[Blob], list[Span]]:
    """Decodable blobs and split-digit runs in ``text`` (only inside ``regions`` if given).

    ``dropped(start, end)`` tells whether normalisation removed characters inside a span of
    ``text`` (invisible ones between digits): a digit run grouped in any way is then an evasion,
    its usual grouping having been broken on purpose.

    Both lists are ordered by offset and disjoint.
    """
    # A space in front stands for "start of text" (a token boundary); offsets shift by one.
    raw = b" " + text.encode("ascii", "replace")
    blobs: list[Blob] = []
    splits: list[Span] = []
    for lo, hi in regions if regions is not None else [(0, len(text))]:
        for kind, a, b in _candidates(raw, lo, hi + 1):
            start, end = a - 1, b - 1
            if kind == _SPLIT_KIND:
                inside_word = raw[a - 1 : a].isalnum() or raw[b : b + 1].isalnum()
                if not inside_word and (
                    is_split_evasion(text[start:end])
                    or (dropped is not None and _hidden_split(text, start, end, dropped))
                ):
                    splits.append((start, end))
                continue
            if kind == _HEX_KIND:  # a hex prefix of a longer token: take the whole token
                end = _token_end(raw, end)
            blob = _decode(kind, text[start:end], start)
            if blob is not None:
                blobs.append(blob)
        if raw.find(b"\\", lo, hi + 1) >= 0 and (
            raw.find(b"\\n", lo, hi + 1) >= 0
            or raw.find(b"\\r", lo, hi + 1) >= 0
            or raw.find(b"\\u", lo, hi + 1) >= 0
        ):
            blobs = _with_strings(text, raw, lo, hi, blobs)
    return blobs, splits


def _with_strings(text: str, raw: bytes, lo: int, hi: int, blobs: list[Blob]) -> list[Blob]:
    """``blobs`` with the quoted strings of ``text[lo:hi]`` that hold escaped line breaks or
    characters; a blob inside such a string is decoded inside the string's decoded text. Both
    lists are in text order and the strings do not overlap: one merge, linear in both."""
    strings = []
    for _, a, b in _strings(raw, lo, hi + 1):
        if _DRIVE_PATH.search(text, a - 1, b - 1):
            continue  # "C:\Users\nathan": a Windows path's backslashes, no escapes
        blob = _string(text[a - 1 : b - 1], a - 1)
        if blob is not None:
            strings.append(blob)
    if not strings:
        line = _escaped_line(text, lo, hi)
        if line is None:
            return blobs
        strings = [line]
    out: list[Blob] = []
    i = 0
    for string in strings:
        while i < len(blobs) and blobs[i].start < string.start:
            out.append(blobs[i])
            i += 1
        inside = []
        while i < len(blobs) and blobs[i].start < string.end:
            inside.append(blobs[i])
            i += 1
        out.append(_spliced(string, inside) if inside else string)
    out.extend(blobs[i:])
    return out


def _escaped_line(text: str, lo: int, hi: int) -> Blob | None:
    """A text of one line with escaped line breaks and no quotes around them (the inside of a
    JSON string, copied): the whole line, its escapes undone."""
    if text.find("\n", lo, hi) >= 0 or text.count("\\n", lo, hi) < 2:
        return None
    if _DRIVE_PATH.search(text, lo, hi):
        return None
    return _string(text[lo:hi], lo, quoted=False)


def _spliced(string: Blob, inside: list[Blob]) -> Blob:
    """``string`` with the blobs found inside it decoded in place, so that a base64 token in a
    JSON string is read at the same depth as it is elsewhere."""
    chars: list[str] = []
    spans: list[Span] = []
    i = 0
    for blob in inside:
        while i < len(string.text) and string.spans[i][0] < blob.start:
            chars.append(string.text[i])
            spans.append(string.spans[i])
            i += 1
        chars.append(blob.text)
        spans.extend(blob.spans)
        while i < len(string.text) and string.spans[i][0] < blob.end:
            i += 1  # the blob's own characters, decoded above
    chars.append(string.text[i:])
    spans.extend(string.spans[i:])
    return Blob(string.start, string.end, "".join(chars), tuple(spans))


def _hidden_split(text: str, start: int, end: int, dropped: Callable[[int, int], bool]) -> bool:
    """Whether the digit run ``text[start:end]`` had invisible characters inside it: a number
    whose grouping was broken with them ("4\u200b111\u202e1111 1111 1111")."""
    digits = sum(c.isdigit() for c in text[start:end])
    return 8 <= digits <= 24 and dropped(start, end)


def _token_end(raw: bytes, end: int) -> int:
    """Where the token running through ``end`` ends (``raw`` has the leading space)."""
    while end + 1 < len(raw) and raw[end + 1] in _TOKEN_CHARS:
        end += 1
    return end
