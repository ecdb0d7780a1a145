"""Normalisation: the texts detectors see, and the way back to the original offsets.

Attackers (and copy-paste) hide sensitive values behind compatibility characters, zero-width and
bidi controls, combining marks, look-alike letters, digits split by spaces, dots or dashes, and
encodings. :func:`views` yields every text worth scanning, each a :class:`TextView` whose
:meth:`TextView.to_original` maps a span back into the text the user sent, so redaction and
pseudonymisation always cut the original:

1. :func:`normalize`: NFKC, invisible format characters (Unicode ``Cf``: zero-width, bidi, tags)
   and combining marks dropped, look-alikes folded to ASCII (:mod:`annexa.detect.homoglyphs`;
   the dashes a word processor puts between digits to a hyphen).
   Text that would not change (all ASCII text) is its own view, at no cost (:func:`is_clean`).
   Then the layout a mail client or an old Mac gives a text, one character for one, so that
   offsets do not move (:func:`layout`): the quote marks that open the lines of a quoted reply
   (``> ``, ``>> ``, ``> > ``) become spaces, as if the lines were indented, and a lone
   carriage return a line break. The signature under a quoted closing, a quoted mail's
   ``From:`` block or a chat pasted from a reply reads as it does unquoted; HTML's formatting
   tags (``<br>``, ``<p>``, ``<b>``, ``<td>``, without attributes) read as line breaks and
   blanks, Markdown's emphasis (``**Name:** Anna Keller``) as blanks.
2. Derived views, only when the text has something to undo. They hold just the changed runs with
   a little context around them (``CONTEXT`` characters, cut at whitespace), never the whole text
   again, so detectors pay for the evasion, not for the text:

   - split digits: ``4 1 1 1 …``, ``0.7.8-0.5-1.1.2.0``, ``078 - 05 - 1120``, and any digit
     run whose grouping invisible characters broke (``4<ZWSP>111<RLO>1111 1111 1111``),
     collapsed to digits, each mapped to its own original character;
   - decoded blobs (:mod:`annexa.detect.decode`): base64/base64url, hex, ``%xx``, HTML
     entities and tokens with JSON string escapes (``\\/``, ``\\u0040``), decoded and
     normalised, then searched again for blobs and split digits inside the
     decoded text, ``decode_depth`` levels deep. A finding in a decoded blob maps to the encoding
     of exactly its characters (``%xx``, entities, hex bytes) or of their base64 quanta.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import re2

from annexa.detect import decode
from annexa.detect.homoglyphs import fold_table
from annexa.errors import ScanError

CONTEXT = 40  # characters of context kept on each side of a changed run in a derived view
_SPACES = " \n\t\r"
_FOLD = fold_table()
_DROP_CLASS = (
    r"\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u17b4\u17b5"
    r"\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0"
    r"\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    r"\U0001d173-\U0001d17a\U000e0000-\U000e007f"
    # combining marks (zalgo): they do not change what a value is
    r"\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
)
_DROP = re.compile(f"[{_DROP_CLASS}]")
_DROP_CHARS = _DROP_CLASS.encode("ascii").decode("unicode_escape")
_CHANGES = re2.compile("[" + _DROP_CHARS + "".join(map(chr, _FOLD)) + "]")  # RE2: fast here
_DROPS = re2.compile("[" + _DROP_CHARS + "]")
_CHANGES_MATCH = _CHANGES._regexp.Match  # spans only, on bytes: no match object per call
_UNANCHORED = re2._Anchor.UNANCHORED
# Every character outside ASCII that ``str.lower`` changes is an upper-case or title-case
# letter, a Roman numeral or a circled capital (tested against ``unicodedata``): a text with none
# of them lower-cases byte by byte (the scanner's ``_lower``).
CASED = rb"[^\P{Lu}A-Z]|[\p{Lt}\x{2160}-\x{216F}\x{24B6}-\x{24CF}]"


# A character of a script written without spaces between words (Han, kana, Hangul, Thai, Lao,
# Khmer, Myanmar) right before or after a Latin letter or digit: Chinese, Japanese, Korean and
# Thai put a number, an address or a Latin word straight against the words around it
# ("手机号码是13812345678", "010-1234-5678입니다", "IP地址是192.168.1.10吗"). To every
# detector those characters are word characters, so the value had no word boundary and was
# not found (or an e-mail address took the sentence before it for its local part).
_UNSPACED_CHARS = (
    "\u0e00-\u0eff\u1000-\u109f\u1100-\u11ff\u1780-\u17ff\u3040-\u30ff\u3130-\u318f"
    "\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7af\uf900-\ufaff"
)


def _marks_set() -> re2.Set:
    options = re2.Options()
    options.max_mem = 64 << 20
    options.log_errors = False
    built = re2.Set.SearchSet(options)
    built.Add(_CHANGES.pattern.encode("utf-8"))  # 0: a character normalisation changes
    built.Add(CASED)  # 1: a character str.lower changes
    touch = f"[{_UNSPACED_CHARS}][0-9A-Za-z]|[0-9A-Za-z][{_UNSPACED_CHARS}]"
    built.Add(touch.encode("utf-8"))  # 2: see layout
    built.Compile()
    return built


_MARKS = _marks_set()
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


@dataclass(frozen=True, slots=True)
class TextView:
    """A text to scan and the map from its offsets to the original text's.

    How offsets map back depends on the kind of view:

    - the original itself: no map at all (:attr:`is_identity`), the common case;
    - the normalised text: ``runs_at``/``runs_from``, sorted by view offset. View characters
      from ``runs_at[k]`` on come from ``runs_from[k] = (start, end)``: one to one from
      ``start`` when ``end`` is -1, else every one of them from the span ``[start, end)``
      (an NFKC expansion: ``ﬁ`` gives ``fi``). Memory grows with the changes, not the text;
    - a derived view: ``starts[i]``/``ends[i]``, the original span of each character.

    ``base`` shifts offsets of a view cut out of a larger text. ``regions`` are the windows of
    ``text`` around what a derivation changed (decoded or collapsed), where the next level looks
    again; ``None`` for a view of the whole text.
    """

    text: str
    starts: array[int] | None = None
    ends: array[int] | None = None
    base: int = 0
    regions: tuple[tuple[int, int], ...] | None = None
    runs_at: tuple[int, ...] | None = None
    runs_from: tuple[tuple[int, int], ...] | None = None
    #: the text before :func:`layout` blanked the characters of scripts written without spaces
    #: next to Latin letters and digits (same length): what keywords and context words are
    #: read in; ``None`` when nothing was blanked
    written: str | None = None

    @property
    def is_identity(self) -> bool:
        """Whether the view is the original text itself (offsets map to themselves)."""
        return self.starts is None and self.runs_at is None

    def span(self, i: int) -> tuple[int, int]:
        """The original span of character ``i``."""
        if self.starts is not None and self.ends is not None:
            start, end = self.starts[i], self.ends[i]
        elif self.runs_at is not None and self.runs_from is not None:
            k = bisect_right(self.runs_at, i) - 1
            start, end = self.runs_from[k]
            if end < 0:
                start += i - self.runs_at[k]
                end = start + 1
        else:
            start, end = i, i + 1
        return start + self.base, end + self.base

    def dropped_inside(self, start: int, end: int) -> bool:
        """Whether normalisation dropped characters between two of ``[start, end)`` (a
        zero-width or bidi control between digits: "4\u200b111\u202e1111 1111 1111")."""
        prev = self.span(start)[1]
        for i in range(start + 1, end):
            lo, hi = self.span(i)
            if lo > prev:
                return True
            prev = hi
        return False

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map ``[start, end)`` of this view's text to the original text."""
        if end <= start:
            if start < len(self.text):
                pos = self.span(start)[0]
            else:
                pos = self.span(len(self.text) - 1)[1] if self.text else self.base
            return pos, pos
        if self.starts is not None and self.ends is not None:
            lo, hi = min(self.starts[start:end]), max(self.ends[start:end])
            return lo + self.base, hi + self.base
        return self.span(start)[0], self.span(end - 1)[1]


# The quote marks opening a line of a quoted reply: ">", ">>", "> >", after any indentation.
_QUOTE_MARKS = re.compile(r"^[ \t]*>(?:[ \t]?>)*", re.MULTILINE)
_LONE_CR = re.compile(r"\r(?!\n)")
# HTML's formatting tags without attributes (an HTML mail's source, a web page's snippet): a tag
# that breaks a line reads as a line break, the others as blanks. Other elements stay: an XML
# element's name may be what says its text is a password (``<password>…</password>``).
_BLOCK_TAGS = "br|p|div|li|tr|h[1-6]|ul|ol|table|tbody|thead|blockquote|hr|pre"
_INLINE_TAGS = "span|b|i|u|em|strong|small|font|td|th|a|code|sup|sub|center"
_TAG = re.compile(rf"</?(?:({_BLOCK_TAGS})|{_INLINE_TAGS})[ \t]*/?>", re.IGNORECASE)
# Markdown's emphasis around words on one line ("**Name:** Anna Keller", "*Tobias Krüger*"), as
# a chat model writes it and people paste it back: its marks read as blanks. Not "**kwargs",
# "2**8", "a * b" or "*.py": the marks must stand outside the words they wrap, both of them.
# What they wrap holds no "*" and is short: each mark is looked past once (linear time). The
# expression opens with its "*" and looks behind it only then: ``re`` searches for the literal
# instead of testing the look-behind at every character (a twentieth of the cost on code).
_EMPHASIS = re.compile(r"(\*(?<![\w*]\*)\*?)(?=[^\s*])[^\n*]{0,300}?(?<=[^\s*])(\1)(?![\w*])")
# Bold written with underscores ("__Name:__ Anna Keller", "__Anna Keller__"): read only when
# what it wraps holds a blank or a colon, since Python's names share its shape ("__init__",
# "__main__", "__token__").
_UNDERSCORE_BOLD = re.compile(r"__(?<![\w_]__)(?=[^\s_])[^\n_]{0,300}?(?<=[^\s_])__(?![\w_])")
_UNSPACED_TOUCH = re.compile(
    f"[{_UNSPACED_CHARS}](?=[0-9A-Za-z])|(?<=[0-9A-Za-z])[{_UNSPACED_CHARS}]"
)


def layout(view: TextView) -> TextView:
    """``view`` with the quote marks that open lines made spaces, a lone carriage return (an
    old Mac's line end) a line break, HTML's formatting tags blanks or line breaks and
    Markdown's emphasis marks (``*``, ``**``, and ``__`` around words with a blank) blanks,
    and a character of a script written without spaces a blank where it touches a Latin
    letter or digit (the text before that blanking kept in ``written``, where keywords and
    context words are read: "电话13812345678" keeps its "电话"): one character for one, so its
    offsets and its map stay as they are. CR LF stays: the detectors read it as a line end.
    A text with none of these is returned as it is (at the cost of a few ``str.find``). The
    lines of a reply are read as quoted when one of them opens with ``>``."""
    text = view.text
    if "\r" in text:
        text = _LONE_CR.sub("\n", text)
    if ">" in text and ("\n>" in text or text.startswith(">")):  # cheap tests first
        text = _QUOTE_MARKS.sub(_blank, text)
    if "<" in text and _TAG.search(text):
        text = _TAG.sub(_tag_blank, text)
    if "*" in text:
        text = _EMPHASIS.sub(_emphasis_blank, text)
    if "__" in text:
        text = _UNDERSCORE_BOLD.sub(_underscore_blank, text)
    if not text.isascii() and marks(text)[2]:
        spaced = _UNSPACED_TOUCH.sub(" ", text)
        if spaced != text:
            return replace(view, text=spaced, written=text)
    return view if text is view.text else replace(view, text=text)


def _emphasis_blank(m: re.Match[str]) -> str:
    """The emphasis marks as blanks, the words they wrap as they are."""
    n = len(m.group(1))
    return " " * n + m.group()[n:-n] + " " * n


def _underscore_blank(m: re.Match[str]) -> str:
    """The underscores as blanks when they wrap words with a blank or a colon between; a
    Python name (``__init__``) as it is."""
    inner = m.group()[2:-2]
    if " " not in inner and ":" not in inner:
        return m.group()
    return f"  {inner}  "


def _tag_blank(m: re.Match[str]) -> str:
    """A tag's characters as blanks; a tag that breaks a line ends in a line break unless one
    follows it already (``<br>\n`` is one line end, not a blank line)."""
    n = len(m.group())
    text = m.string
    if m.group(1) is None or text.startswith(("\n", "\r\n"), m.end()):
        return " " * n
    return " " * (n - 1) + "\n"


def _blank(m: re.Match[str]) -> str:
    return m.group().replace(">", " ")  # indentation kept: a tab may separate columns


def utf8(text: str) -> bytes:
    """``text`` as UTF-8 (strict). A non-ASCII text is encoded once per scan, not once per
    stage: the clean-text test, the keyword pass and the region pass all read these bytes."""
    if text.isascii():
        return text.encode("ascii")
    return _utf8(text)


@lru_cache(maxsize=4)
def _utf8(text: str) -> bytes:
    return text.encode("utf-8")


def is_clean(text: str) -> bool:
    """True when normalisation would not change ``text`` (the fast path)."""
    if text.isascii():
        return True
    if not unicodedata.is_normalized("NFKC", text):
        return False
    return not marks(text)[0]


@lru_cache(maxsize=4)
def marks(text: str) -> tuple[bool, bool, bool]:
    """For a non-ASCII ``text``: whether it holds a character that normalisation changes
    (dropped or folded), one that ``str.lower`` changes, and a character of a script written
    without spaces against a Latin letter or digit. One RE2 set pass over its UTF-8 bytes
    answers all three, for :func:`is_clean`, :func:`layout` and the scanner's lower-casing."""
    found = _MARKS.Match(utf8(text)) or ()
    return 0 in found, 1 in found, 2 in found


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    """What one character becomes: NFKC, look-alikes folded, invisible ones dropped."""
    if unicodedata.category(ch) == "Cf":
        return ""
    return _DROP.sub("", unicodedata.normalize("NFKC", ch).translate(_FOLD))


def normalize(text: str) -> TextView:
    """NFKC, drop invisible characters and combining marks, fold look-alikes to ASCII.

    Offsets of the result map back to ``text`` one character at a time. ASCII runs are copied
    as they are and non-ASCII runs that need only folding are translated whole, so mostly-ASCII
    or Cyrillic text costs little; only runs with characters that NFKC changes or that are
    dropped go one character at a time.
    """
    if is_clean(text):
        return TextView(text)
    if unicodedata.is_normalized("NFKC", text) and _DROPS.search(text) is None:
        # only look-alikes to fold, one character for one: the text keeps its offsets
        return TextView(_fold(text), runs_at=(0,), runs_from=((0, -1),))
    out: list[str] = []
    runs = _Runs()
    pos = 0
    for m in _NON_ASCII.finditer(text):
        a, b = m.span()
        run = m.group()
        runs.identity(pos, a - pos)
        out.append(text[pos:a])
        if unicodedata.is_normalized("NFKC", run) and not _DROP.search(run):
            out.append(run.translate(_FOLD))  # folding keeps lengths
            runs.identity(a, b - a)
        else:
            for i in range(a, b):
                pieces = _fold_char(text[i])
                out.append(pieces)
                runs.add(i, len(pieces))
        pos = b
    out.append(text[pos:])
    runs.identity(pos, len(text) - pos)
    return TextView("".join(out), runs_at=tuple(runs.at), runs_from=tuple(runs.src))


def _fold(text: str) -> str:
    """Fold look-alikes; ``str.translate`` is slow per character, so ASCII is skipped."""
    if len(text.encode("utf-8")) - len(text) > len(text) // 8:
        return text.translate(_FOLD)  # mostly non-ASCII: one pass
    return _NON_ASCII.sub(_fold_run, text)


def _fold_run(m: re.Match[str]) -> str:
    return m.group().translate(_FOLD)


class _Runs:
    """Builds a normalised view's offset map, merging one-to-one runs."""

    def __init__(self) -> None:
        self.at: list[int] = []
        self.src: list[tuple[int, int]] = []
        self.length = 0  # characters of the view so far

    def identity(self, start: int, n: int) -> None:
        """The next ``n`` view characters come one to one from ``start`` on."""
        if n <= 0:
            return
        at = self.length
        last = len(self.at) - 1
        if last < 0 or self.src[last][1] >= 0 or self.src[last][0] + at - self.at[last] != start:
            self.at.append(at)
            self.src.append((start, -1))
        self.length = at + n

    def add(self, i: int, n: int) -> None:
        """Original character ``i`` became ``n`` view characters."""
        if n == 1:
            self.identity(i, 1)
        elif n > 1:
            self.at.append(self.length)
            self.src.append((i, i + 1))
            self.length += n


@dataclass(frozen=True, slots=True)
class _Edit:
    """Replace ``view.text[start:end]`` by ``text``; ``spans``: original span per character."""

    start: int
    end: int
    text: str
    spans: Sequence[tuple[int, int]]


def _last_space(text: str, lo: int, hi: int) -> int:
    return max(text.rfind(c, lo, hi) for c in _SPACES)


def _first_space(text: str, lo: int, hi: int) -> int:
    found = [i for i in (text.find(c, lo, hi) for c in _SPACES) if i >= 0]
    return min(found) if found else -1


def _left(text: str, start: int) -> int:
    lo = start - CONTEXT
    if lo <= 0:
        return 0
    cut = _first_space(text, lo, start)
    if cut < 0:
        cut = _last_space(text, max(0, lo - 3 * CONTEXT), lo)
    if cut >= 0:
        return cut + 1
    return 0 if lo <= 3 * CONTEXT else start


def _right(text: str, end: int) -> int:
    hi = end + CONTEXT
    if hi >= len(text):
        return len(text)
    cut = _last_space(text, end, hi)
    if cut < 0:
        cut = _first_space(text, hi, hi + 3 * CONTEXT)
    if cut >= 0:
        return cut
    return len(text) if hi + 3 * CONTEXT >= len(text) else end


def _context(text: str, start: int, end: int) -> tuple[int, int]:
    """About CONTEXT characters around ``[start, end)``, whole whitespace-separated tokens only.

    A context token cut in half could yield a partial finding that outranks the whole one
    found in the main view; where no whitespace is near, that side gets no context at all.
    """
    return _left(text, start), _right(text, end)


def _windows(text: str, edits: list[_Edit]) -> list[tuple[int, int, list[_Edit]]]:
    """Context windows around the edits, merged where they touch."""
    out: list[tuple[int, int, list[_Edit]]] = []
    for e in edits:
        lo, hi = _context(text, e.start, e.end)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(hi, out[-1][1]), [*out[-1][2], e])
        else:
            out.append((lo, hi, [e]))
    return out


def _derive(view: TextView, edits: list[_Edit]) -> TextView:
    """A view made of the edits applied to ``view``, with context, joined by newlines."""
    parts: list[str] = []
    starts: array[int] = array("q")
    ends: array[int] = array("q")
    regions: list[tuple[int, int]] = []

    def copy(a: int, b: int) -> None:
        parts.append(view.text[a:b])
        if view.starts is not None and view.ends is not None and not view.base:
            starts.extend(view.starts[a:b])
            ends.extend(view.ends[a:b])
        elif view.is_identity:
            starts.extend(range(a + view.base, b + view.base))
            ends.extend(range(a + 1 + view.base, b + 1 + view.base))
        else:
            for i in range(a, b):
                start, end = view.span(i)
                starts.append(start)
                ends.append(end)

    for lo, hi, group in _windows(view.text, edits):
        if parts:
            parts.append("\n")
            starts.append(ends[-1])
            ends.append(ends[-1])
        pos, first = lo, len(starts)
        for e in group:
            copy(pos, e.start)
            parts.append(e.text)
            for s, t in e.spans:
                starts.append(s)
                ends.append(t)
            pos = e.end
        copy(pos, hi)
        regions.append((first, len(starts)))
    return TextView("".join(parts), starts, ends, regions=tuple(regions))


def _split_edit(view: TextView, start: int, end: int) -> _Edit:
    """A split-digit run collapsed to its digits, each mapped to its own character."""
    idx = [i for i in range(start, end) if view.text[i].isdigit()]
    return _Edit(start, end, "".join(view.text[i] for i in idx), [view.span(i) for i in idx])


def _blob_edit(view: TextView, blob: decode.Blob) -> _Edit:
    """The decoded blob, normalised, each character mapped to the original of its encoding."""
    inner = normalize(blob.text)
    spans = [view.to_original(*blob.spans[inner.span(i)[0]]) for i in range(len(inner.text))]
    return _Edit(blob.start, blob.end, inner.text, spans)


def _derived(view: TextView, depth: int, budget: list[int]) -> Iterator[TextView]:
    dropped = None if view.is_identity else view.dropped_inside
    blobs, splits = decode.find(view.text, view.regions, dropped)
    if splits:
        yield _derive(view, [_split_edit(view, a, b) for a, b in splits])
    if depth <= 0 or not blobs or budget[0] <= 0:
        return
    budget[0] -= sum(len(b.text) for b in blobs)
    decoded = _derive(view, [_blob_edit(view, b) for b in blobs])
    yield decoded
    yield from _derived(decoded, depth - 1, budget)


def views(text: str, decode_depth: int = 2) -> Iterator[TextView]:
    """Every view of ``text`` worth scanning: the normalised text first, then derived views.

    Clean text with no split digits and no decodable blob yields exactly one view, the text
    itself. The decoded characters of all levels together are bounded by a budget of about
    twice the text's length, so nested encodings cannot blow the work up. Any failure here is a
    :class:`~annexa.errors.ScanError`: the text counts as unscanned (fail closed).
    """
    try:
        first = layout(normalize(text))
        yield first
        yield from _derived(first, decode_depth, [2 * len(text) + 1024])
    except (ValueError, IndexError, KeyError, TypeError, UnicodeError, re.error) as exc:
        raise ScanError(f"normalisation failed: {type(exc).__name__}") from exc
