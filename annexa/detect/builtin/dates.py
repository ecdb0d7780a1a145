"""Dates and times (DATE_TIME): ISO 8601, numeric and written dates in six languages.

A date alone is no personal data (the date-of-birth detector reports the ones next to a birth
word, as DATE_OF_BIRTH); these findings let a policy treat dates as it likes (the built-in level
map calls them public) and let redaction cover them. They are precise rather than exhaustive:

- ISO 8601 dates and date-times (``2024-03-15``, ``2024-03-15T14:30:00.123+02:00``);
- numeric day-month-year and month-day-year with one separator (``21.5.2021``, ``5/20/2021``,
  ``05-21-21``); a two-digit year only after no version marker (``v``, ``version``, ``==``,
  ``.. versionadded::``, ``VERSION = '``...);
- written months in English, German, French, Spanish, Italian and Dutch with a day, a year or
  both (``May 1st, 1977``, ``12. März 1985``, ``3 mars 1990``, ``5-MAY-2021``, ``May-2021``);
- a year after a preposition of time (``in 1972``, ``during 2017``, ``seit 2019``);
- a weekday by name (:class:`WeekdayDetector`, at the lowest reported score).

Every date must exist in the calendar (no 31 April, no month 13) and a time must be a time of
day. Dates hide inside version numbers, IP addresses and phone numbers, so a match must not touch
a further digit group (``1.2.21.4``, ``10.1.12.21``) and the scores stay below those of the more
specific detectors (a phone, a date of birth): the overlap resolution prefers them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from functools import cached_property

import re2

from annexa.detect.builtin._regions import CharOffsets
from annexa.detect.builtin.date_of_birth import MONTH_RX, MONTHS
from annexa.detect.context import is_word_char
from annexa.detect.interface import Detector, Finding, ScanContext
from annexa.detect.normalize import utf8
from annexa.detect.pattern import Pattern, PatternDetector
from annexa.settings import ScanSettings

_TIME = (
    r"(?:[T ](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:[.,]\d{1,9})?)?"
    r"(?:Z|[+\-](?:[01]\d|2[0-3]):?[0-5]\d)?)"
)
_END = r"(?![\w]|[.\-/:]\d)"
_VERSION = re.compile(
    r"(?:\b(?:v|ver\.?|version\w*|release|build|python|node|java|ruby|php|go|kernel|firmware|sdk"
    r"|api|update|patch|deprecated)|[=@^~<>])[\s:'\"]*$",
    re.IGNORECASE,
)
# Time prepositions before a year, six languages (lower case).
_YEAR_WORDS = (
    "in",
    "during",
    "since",
    "until",
    "till",
    "before",
    "after",
    "from",
    "circa",
    "year",
    "im jahr",
    "seit",
    "bis",
    "jahr",
    "en",
    "depuis",
    "année",
    "desde",
    "hasta",
    "año",
    "nel",
    "dal",
    "anno",
    "sinds",
    "tot",
    "jaar",
)
_YEAR_BEFORE = re.compile(
    r"(?:^|[^\w])(?:" + "|".join(sorted(map(re.escape, _YEAR_WORDS), key=len, reverse=True)) + r")"
    r"(?: the year| l'an| el año| l'anno| het jaar)? $",
    re.IGNORECASE,
)
# A quantity, not a year: "in 2000 ms", "in 1920 rows".
_UNIT_AFTER = re.compile(
    r" ?(?:ms|s|sec|min|h|[kmgt]i?b|px|pt|km|m|cm|mm|kg|g|usd|eur|[%$€£x]|[a-z]+s\b)(?!\w)"
)
# English abbreviations and "May" double as words; outside these only full names stand alone.
_SHORT_EN = frozenset(
    ("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")
)
# Full month names of four letters or fewer; other short month words are abbreviations that
# double as words in some language ("set", "gen", "ago", "mag"): they need a day and a year.
_SHORT_FULL = frozenset(
    ("may", "mai", "mei", "june", "july", "juni", "juli", "juin", "mars", "mayo")
)


# A match that ends with a month's full name and a full stop: the stop ends the sentence.
_FULL_MONTH_END = re.compile(
    "(?i)(?<![\\w])(?:"
    + "|".join(sorted((m for m in MONTHS if len(m) > 4 or m in _SHORT_FULL), key=len, reverse=True))
    + r")\.$"
)


def valid_date(year: int, month: int, day: int) -> bool:
    """Whether the date exists (years 1000-2999)."""
    if not 1000 <= year <= 2999:
        return False
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def full_year(yy: str) -> int:
    """A two- or four-digit year as four digits (two digits: the nearest century window)."""
    y = int(yy)
    if len(yy) > 2:
        return y
    return y + (2000 if y <= (date.today().year % 100) + 10 else 1900)


# Ordinal suffixes; NFKC turns the Spanish and Italian "1º" into "1o".
_DAY = r"(?P<d>(?:[0-2]?\d|3[01]))(?:st|nd|rd|th|er|º|°|e|o)?"
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_ENGLISH_YEAR_WORDS = "|".join(w for w in _YEAR_WORDS if w.isascii())
# One RE2 pass over the UTF-8 bytes finds the candidates (linear time; most texts hold few): an
# ISO date or date-time, a numeric date, a year after a preposition, a month word next to a
# number (``_candidates`` tells them apart by their bytes). The rules then run only at each one.
_CANDIDATE = re2.compile(
    (
        r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
        r"(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]{1,9})?)?"
        r"(?:Z|[+\-][0-9]{2}:?[0-9]{2})?)?"
        r"|[0-9]{1,2}[/.\-][0-9]{1,2}[/.\-][0-9]{2,4}"
        rf"|(?i:\b(?:{_ENGLISH_YEAR_WORDS}|ann\x{{e9}}e|a\x{{f1}}o)"
        r"(?: the year| l'an| el a\x{f1}o| l'anno| het jaar)?) (?:19|20)[0-9]{2}"
        rf"|(?i:[0-9]{{1,2}}(?:st|nd|rd|th|er|e|º|°|o)?\.?(?: de)? |[0-9]{{1,2}}-)(?i:{_MONTH_ALT})"
        rf"|(?i:{_MONTH_ALT})\.?[ ,\-]+[0-9]"
    ).encode()
)
# google-re2's compiled expression returns the match's span without a match object.
_MATCH = _CANDIDATE._regexp.Match
_UNANCHORED = re2._Anchor.UNANCHORED
_GROUP_RULES = (
    frozenset({"iso"}),
    frozenset({"numeric"}),
    frozenset({"year"}),
    frozenset({"day_month", "month_day", "month_year"}),
)
_WINDOW = 40


class DateTimeDetector(PatternDetector):
    """Dates and times: ISO 8601, numeric and written dates, a year after a preposition."""

    name = "date_time"
    entities = ("DATE_TIME",)
    origin = "ISO 8601; numeric and written dates in six languages"
    patterns = (
        Pattern(
            "iso",
            rf"(?<![\w.\-/:+])(?P<y>\d{{4}})-(?P<m>\d\d)-(?P<d>\d\d){_TIME}?{_END}",
            0.5,
            positives=(
                "Today is ⟦2021-05-21⟧",
                "at ⟦2024-06-05T09:15:30.500-07:00⟧ or not",
                "logged ⟦2007-03-23 18:43:36⟧ by cron",
                "⟦2024-03-15T14:30Z⟧",
            ),
            negatives=("2021-13-01", "2021-02-30", "is2024-06-05", "2021-05-21-3", "2021-05-21.4"),
            origin="ISO 8601 calendar dates and local or UTC times",
        ),
        Pattern(
            "numeric",
            r"(?<![\w.\-/:+,])(?P<a>\d{1,2})(?P<s>[/.\-])(?P<b>\d{1,2})(?P=s)(?P<y>\d{4}|\d\d)"
            + _END,
            0.5,
            positives=(
                "Today is ⟦5/20/2021⟧",
                "am ⟦21.5.2021⟧ um",
                "due ⟦05-21-21⟧.",
                "le ⟦21/05/21⟧",
                "on ⟦21.5.21⟧",
            ),
            negatives=(
                "version 1.2.21",
                ".. versionadded:: 1.4.23",
                "VERSION = '1.10.27'",
                "v10.11.12",
                "13/13/2021",
                "31.04.2021",
                "10.1.12.21",
                "pip install x==1.12.20",
                "ratio 3/4/5",
            ),
            origin="day-month-year (any separator) and month-day-year (slash, dash)",
        ),
        Pattern(
            "year",
            r"(?<![\w.,])(?P<y>(?:19|20)\d\d)(?![\w]|[.,:/\-]\d)",
            0.4,
            positives=(
                "bought in ⟦1972⟧.",
                "During ⟦2017⟧, sales rose",
                "seit ⟦2019⟧ bei uns",
                "founded in the year ⟦1903⟧",
            ),
            negatives=("costs 1972 dollars", "in 2000 ms", "in 1920 rows", "in 2099", "port 2020"),
            origin="a year after a preposition of time",
        ),
        Pattern(
            "day_month",
            rf"(?i)(?<![\w.\-/]){_DAY}(?:\.? (?:de )?|-){MONTH_RX}"
            rf"(?:(?:,? (?:de )?|-)(?P<y>\d{{4}}|(?<=-)\d\d))?(?![\w]|[.\-/]\d)",
            0.5,
            positives=(
                "Today is ⟦5-MAY-2021⟧",
                "born ⟦12. März 1985⟧",
                "le ⟦3 mars 1990⟧ à Paris",
                "el ⟦12 de marzo de 1985⟧",
                "on ⟦21 May⟧ we",
                "the review is on ⟦12 June⟧.",
                "due ⟦3 July⟧, then",
                "Today is ⟦05-May⟧",
            ),
            negatives=("on 30 February 1985", "32 May 2021", "5 mayonnaise", "3 set of", "2 gen 5"),
            origin="day, month name, optional year",
        ),
        Pattern(
            "month_day",
            rf"(?i)(?<![\w.\-/]){MONTH_RX}(?: |-){_DAY}(?:,? (?P<y>\d{{4}}))?(?![\w]|[.\-/:]\d)",
            0.5,
            positives=(
                "I bought it on ⟦May 1st, 1977⟧",
                "⟦May 1st⟧",
                "due ⟦March 12, 2024⟧.",
                "Today is ⟦May-21⟧",
            ),
            negatives=("you may 5 times", "Set 5 to true", "February 30, 2021", "mar 3"),
            origin="month name, day, optional year",
        ),
        Pattern(
            "month_year",
            rf"(?i)(?<![\w.\-/]){MONTH_RX}(?:,? |-)(?P<y>\d{{4}})(?![\w]|[.\-/:]\d)",
            0.5,
            positives=("Today is ⟦May-2021⟧", "since ⟦March 2021⟧", "in ⟦maart 2021⟧"),
            negatives=("May 3021", "may 2021 users", "Set 2021 as"),
            origin="month name and year",
        ),
    )

    @cached_property
    def _by_group(self) -> tuple[tuple[tuple[Pattern, re.Pattern[str]], ...], ...]:
        """For each candidate group, the rules (of this copy's ``patterns``) it may hold."""
        return tuple(
            tuple((p, rx) for p, rx, _ in self._compiled if p.name in names)
            for names in _GROUP_RULES
        )

    def detect(self, ctx: ScanContext) -> Iterator[Finding]:
        text = ctx.text
        data = utf8(text)
        spans = _candidates(data)
        if not spans:
            return
        plain = len(data) == len(text)
        chars = CharOffsets(data)
        by_group = self._by_group
        iso = by_group[0][0][0] if by_group[0] and by_group[0][0][0].name == "iso" else None
        name = self.name
        size = len(text)
        covered = -1
        for group, a, b in spans:
            rules = by_group[group]
            if not rules:
                continue
            start, end = (a, b) if plain else (chars(a), chars(b))
            if start < covered:
                continue
            if group == 0 and iso is not None and _iso_bytes(data, a, b):
                covered = end  # the common case (log lines): judged on the bytes
                yield Finding("DATE_TIME", start, end, iso.score, name)
                continue
            at = start if group != 2 else end - 4  # a year candidate ends with the year
            hi = min(size, end + _WINDOW)
            for pattern, rx in rules:
                m = rx.match(text, at, hi)
                if m is not None and _judge(pattern.name, text, m):
                    covered = m.end()
                    if text[covered - 1] == "." and _FULL_MONTH_END.search(text, at, covered):
                        covered -= 1  # the sentence's full stop ("on 12 June."), not "Jan."
                    yield Finding("DATE_TIME", at, covered, pattern.score, name)
                    break


def _candidates(data: bytes) -> list[tuple[int, int, int]]:
    """``(kind, start, end)`` of every candidate in the UTF-8 ``data``, in order; kind 0: an
    ISO date, 1: a numeric date, 2: a year after a preposition, 3: a month word by a number."""
    out: list[tuple[int, int, int]] = []
    match = _MATCH
    anchor = _UNANCHORED
    pos, end = 0, len(data)
    while pos < end:
        start, stop = match(anchor, data, pos, end)[0]
        if start < 0:
            break
        if data[start] > 0x39:  # led by a letter: a preposition and a year, or a month word
            kind = (
                2
                if stop - start > 5
                and data[stop - 5 : stop - 4] == b" "
                and (data[stop - 4 : stop].isdigit())
                and data[stop - 6 : stop - 5].isalpha()
                else 3
            )
        elif data[start + 4 : start + 5] == b"-" and data[start : start + 4].isdigit():
            kind = 0
        elif data[start:stop].translate(None, b"0123456789/.-"):
            kind = 3  # digits and a month word
        else:
            kind = 1
        out.append((kind, start, stop))
        # the year, or the digit after a month word, may start an ISO or numeric date ("from
        # 2024-02-29", "ago 21.5.21"): look at it again
        if kind == 2:
            pos = stop - 4
        elif kind == 3 and data[start] > 0x39:
            pos = stop - 1
        else:
            pos = stop if stop > start else stop + 1
    return out


_WORD_BYTES = frozenset(b"0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_NOT_BEFORE = _WORD_BYTES | frozenset(b".-/:+")
_JOINERS = frozenset(b".-/:")


def _iso_bytes(data: bytes, a: int, b: int) -> bool:
    """The ``iso`` rule judged on the candidate's bytes: its bounds, the date, the time of day.

    ``False`` sends the candidate to the rule's expression (a shorter match may still hold).
    """
    if a and (data[a - 1] in _NOT_BEFORE or data[a - 1] >= 0x80):
        return False
    if b < len(data):
        after = data[b]
        if after in _WORD_BYTES or after >= 0x80:
            return False
        if after in _JOINERS and data[b + 1 : b + 2].isdigit():
            return False
    day = data[a : a + 10]
    known = _ISO_DAYS.get(day)
    if known is None:
        known = valid_date(int(day[:4]), int(day[5:7]), int(day[8:10]))
        if len(_ISO_DAYS) < 4_096:
            _ISO_DAYS[day] = known
    if not known:
        return False
    if b - a > 10:  # two-digit fields compare as bytes: b"23" is the last hour
        if data[a + 11 : a + 13] > b"23" or data[a + 14 : a + 16] > b"59":
            return False
        if b - a > 16 and data[a + 16] == 0x3A and data[a + 17 : a + 19] > b"59":
            return False
        zone = data[a + 19 : b] if b - a > 19 else b""
        if zone[:1] in (b"+", b"-") and zone[1:3] > b"23":
            return False
    return True


# Log lines repeat their day: whether a ``YYYY-MM-DD`` exists, remembered (bounded).
_ISO_DAYS: dict[bytes, bool] = {}


def _judge(rule: str, text: str, m: re.Match[str]) -> bool:
    if rule == "iso":
        return valid_date(int(m["y"]), int(m["m"]), int(m["d"]))
    if rule == "numeric":
        return _numeric(text, m)
    if rule == "year":
        return _year(text, m)
    return is_written_date(m)


def _numeric(text: str, m: re.Match[str]) -> bool:
    a, b, yy, sep = int(m["a"]), int(m["b"]), m["y"], m["s"]
    if len(yy) == 2 and _VERSION.search(text, max(0, m.start() - 24), m.start()):
        return False
    year = full_year(yy)
    if not 1900 <= year <= 2099:
        return False
    if valid_date(year, b, a):  # day first
        return True
    return sep != "." and valid_date(year, a, b)  # month first (US), never with dots


def _year(text: str, m: re.Match[str]) -> bool:
    if not 1900 <= int(m["y"]) <= date.today().year + 10:
        return False
    if _UNIT_AFTER.match(text, m.end()):
        return False
    return _YEAR_BEFORE.search(text, max(0, m.start() - 24), m.start()) is not None


def is_written_date(m: re.Match[str]) -> bool:
    """Whether a written-month match names a real date and its month word is a month here."""
    word_m = re.search(MONTH_RX, m.group(), re.IGNORECASE)
    if word_m is None:
        return False
    word = word_m.group()
    key = word.lower().rstrip(".")
    month = MONTHS.get(key, 0)
    groups = m.groupdict()
    day, yy = groups.get("d"), groups.get("y")
    stem = word.rstrip(".")
    if (key in _SHORT_EN or key == "may") and not stem[0].isupper():
        return False  # English abbreviations and "may" double as words: capitalised only
    if len(key) <= 4 and key not in _SHORT_EN and key not in _SHORT_FULL and not (day and yy):
        return False  # "Set 5", "Gen 2021": a short non-English month needs day and year
    if day is None and yy is None:
        return False
    year = full_year(yy) if yy else 2000  # 2000 is a leap year: 29 February stands alone
    if yy and not 1000 <= year <= 2999:
        return False
    return valid_date(year, month, int(day) if day else 1)


_WEEKDAYS = re.findall(
    r"\S+",
    "monday tuesday wednesday thursday friday saturday sunday"
    " montag dienstag mittwoch donnerstag freitag samstag sonntag"
    " lundi mardi mercredi jeudi vendredi samedi dimanche"
    " lunes martes miércoles miercoles jueves viernes sábado sabado"
    " lunedì lunedi martedì martedi mercoledì mercoledi giovedì giovedi venerdì venerdi sabato"
    " domenica maandag dinsdag woensdag donderdag vrijdag zaterdag zondag",
)


class WeekdayDetector(PatternDetector):
    """A day of the week by name, in the six languages ("on Tuesday morning", "am Freitag").

    A weekday says when, like a date, and Presidio reports it as ``DATE_TIME``; it scores at the
    lowest reported level, below every other finding it could overlap (a name, a place)."""

    name = "weekday"
    entities = ("DATE_TIME",)
    origin = "weekday names in English, German, French, Spanish, Italian and Dutch"
    patterns = (
        Pattern(
            "weekday",
            r"(?i)(?<![\w\-])(?:" + "|".join(_WEEKDAYS) + r")s?(?![\w\-])",
            0.4,
            keywords=tuple(sorted(set(_WEEKDAYS))),
            positives=(
                "flew to Oslo on ⟦Tuesday⟧ morning",
                "see you ⟦friday⟧",
                "we meet on ⟦Mondays⟧",
                "am ⟦Freitag⟧ um 10 Uhr",
                "rendez-vous ⟦mardi⟧ prochain",
                "el ⟦miércoles⟧ por la tarde",
            ),
            negatives=("Sundayschool", "the monday-ish mood", "Tuesdays2go", "Fridayness"),
        ),
    )

    def detect(self, ctx: ScanContext) -> Iterator[Finding]:
        """The names the scanner's keyword pass saw, found with ``str.find`` in the lower-cased
        text (a case-insensitive alternation of 48 names over the whole text cost 50 us/KB)."""
        lower = ctx.lower
        score = self.patterns[0].score
        for word in _WEEKDAY_SET.intersection(ctx.keywords):
            at = lower.find(word)
            while at >= 0:
                end = at + len(word)
                if lower.startswith("s", end):
                    end += 1
                if not (at and _is_word(lower[at - 1])) and not (
                    end < len(lower) and _is_word(lower[end])
                ):
                    yield Finding("DATE_TIME", at, end, score, self.name)
                at = lower.find(word, at + 1)


def _is_word(ch: str) -> bool:
    return ch == "-" or is_word_char(ch)  # "monday-ish" is no weekday


_WEEKDAY_SET = frozenset(_WEEKDAYS)


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in date and time detectors."""
    return [DateTimeDetector(), WeekdayDetector()]
