"""Dates of birth (DATE_OF_BIRTH): a date counts only right next to a birth word.

Dates alone are everywhere (invoices, logs); next to "born", "geboren", "né le", "fecha de
nacimiento", "data di nascita" or "geboortedatum" they are personal data. The rules run only when
such a word occurs in the text, and a match is kept only when one stands within the context
window with no other date between them ("DOB: 14 Mar 1979. Admitted 2024-06-02": the admission
is no birth). Numeric (``12.03.1985``, ``03/12/1985``, ``1985-03-12``) and written forms
(``12 March 1985``, ``March 12, 1985``, ``12. März 1985``, ``12 de marzo de 1985``) are read;
the date must exist and lie between 1900 and today.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from datetime import date

from annexa.detect.builtin._base import RegionDetector
from annexa.detect.context import CONTEXT
from annexa.detect.interface import Detector, Finding, ScanContext
from annexa.detect.pattern import Pattern
from annexa.detect.secrets_common import occurrences as offsets_of
from annexa.settings import ScanSettings

_MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    (
        "january jan januar janvier enero gennaio januari janv ene gen jänner",
        "february feb februar février fevrier febrero febbraio februari févr fév",
        "march mar märz maerz mars marzo maart mrt",
        "april apr avril abril aprile",
        "may mai mayo maggio mei mag",
        "june jun juni juin junio giugno",
        "july jul juli juillet julio luglio juil lug",
        "august aug august août aout agosto augustus ago",
        "september sep sept septembre septiembre settembre set",
        "october oct oktober octobre octubre ottobre okt ott",
        "november nov novembre noviembre",
        "december dec dezember décembre decembre diciembre dicembre dic dez",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _i
_MONTH = "(?:" + "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True)) + r")\.?"
MONTHS = _MONTHS
"""Month names and abbreviations in the six context languages (lower case) -> month number."""
MONTH_RX = _MONTH
"""An expression matching any of :data:`MONTHS` (compile it case-insensitive)."""
_REACH = 72
_KEYWORDS = (
    "born",
    "birth",
    "dob",
    "d.o.b",
    "geboren",
    "geb.",
    "geburt",
    "né ",
    "née",
    "naissance",
    "nacid",
    "nacimiento",
    "nato",
    "nata",
    "nascita",
    "geboorte",
)


class DateOfBirthDetector(RegionDetector):
    """Dates next to a birth word, in six languages' usual forms."""

    name = "date_of_birth"
    entities = ("DATE_OF_BIRTH",)
    context = CONTEXT["DATE_OF_BIRTH"]
    context_window = 40
    patterns = (
        Pattern(
            "numeric",
            r"(?<![\w./\-])(?:(?P<y1>(?:19|20)\d\d)-(?P<m1>\d\d)-(?P<d1>\d\d)"
            r"|(?P<a>\d{1,2})(?P<s>[./\-])(?P<b>\d{1,2})(?P=s)(?P<y2>(?:19|20)?\d\d))"
            r"(?![\w]|[./\-]\d)",
            0.6,
            keywords=_KEYWORDS,
            positives=("born 12.03.1985 in Lyon", "DOB: 1985-03-12", "geboren am 3/12/85"),
            negatives=("born 31.02.1985", "invoice 12.03.1985", "born 12.03.1885"),
            origin="ISO 8601 and common day-month-year forms",
        ),
        Pattern(
            "written",
            rf"(?i)(?<!\w)(?:(?P<d>\d{{1,2}})(?:st|nd|rd|th|er|º|°)?\.?(?: de)? {_MONTH}"
            rf"|{_MONTH} (?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?)(?: de)? (?P<y>(?:19|20)\d\d)(?!\w)",
            0.6,
            keywords=_KEYWORDS,
            positives=(
                "born on 12 March 1985",
                "née le 3 mars 1990 à Paris",
                "fecha de nacimiento: 12 de marzo de 1985",
            ),
            negatives=("born on 30 February 1985", "meeting on 12 March 1985", "born 12 Foo 1985"),
            origin="written dates in English, German, French, Spanish, Italian, Dutch",
        ),
    )

    def detect(self, ctx: ScanContext) -> Iterator[Finding]:
        """Dates in windows around each birth word; each must also pass the context check."""
        present = [k for k in _KEYWORDS if k in ctx.keywords]
        if not present:
            return
        spans = list(merge_spans(sorted(occurrences(ctx.lower, present))))
        dates = [
            (m, pattern)
            for pattern, rx, _ in self._compiled
            for lo, hi in spans
            for m in rx.finditer(ctx.text, lo, hi)
        ]
        cues = sorted(at for word in present for at in offsets_of(ctx.lower, word))
        starts = sorted(m.start() for m, _ in dates)
        for m, pattern in dates:
            if not _claimed(ctx.text, m.start(), m.end(), cues, starts):
                continue  # "DOB: 14 Mar 1979. Admitted 2024-06-02": the cue is the other's
            if self.has_context(ctx, m.start(), m.end()) and is_birth_date(m):
                finding = self.score(ctx, pattern, m.start(), m.end())
                if finding is not None:
                    yield finding

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return None


def is_birth_date(m: re.Match[str]) -> bool:
    """Whether the matched date exists and lies between 1900 and today."""
    g = m.groupdict()
    if g.get("y1"):
        y, mo, d = int(g["y1"]), int(g["m1"]), int(g["d1"])
    elif g.get("y2"):
        y, d, mo = int(g["y2"]), int(g["a"]), int(g["b"])
        if y < 100:
            y += 1900 if y > date.today().year % 100 else 2000
        if mo > 12 >= d:
            d, mo = mo, d
    else:
        y, d = int(g["y"]), int(g["d"] or g["d2"])
        month = re.search(_MONTH, m.group(), re.IGNORECASE)
        mo = _MONTHS.get(month.group().lower().rstrip(".") if month else "", 0)
    try:
        born = date(y, mo, d)
    except ValueError:
        return False
    return date(1900, 1, 1) <= born <= date.today()


def _claimed(text: str, start: int, end: int, cues: list[int], starts: list[int]) -> bool:
    """Whether a birth word within reach has the date at ``[start, end)`` as its nearest date:
    no other date (``starts``) stands between the word and it, and a word after the date
    stands in the same sentence ("1985-03-12 (date of birth)"). A birth word says whose date
    it is for the date next to it, not for the next one ("DOB: 14 Mar 1979. Admitted
    2024-06-02"). ``cues`` and ``starts`` are sorted: only the cues within reach are looked at,
    and a date between is found by bisection (a text full of dates costs no more per date)."""
    for i in range(bisect_left(cues, start - _REACH), bisect_left(cues, start)):
        cue = cues[i]
        after_cue = bisect_right(starts, cue)
        if after_cue >= len(starts) or starts[after_cue] >= start:
            return True  # no other date between the word and this one
    for i in range(bisect_left(cues, end), bisect_right(cues, end + _REACH)):
        cue = cues[i]
        between = bisect_left(starts, end)
        if (between >= len(starts) or starts[between] >= cue) and (
            _SENTENCE_BREAK.search(text, end, cue) is None
        ):
            return True
    return False


_SENTENCE_BREAK = re.compile(r"\n|[.!?;](?:\s|$)")


def occurrences(lower: str, words: list[str], reach: int = _REACH) -> Iterator[tuple[int, int]]:
    """Windows of ``reach`` characters around every occurrence of ``words``."""
    for word in words:
        for at in offsets_of(lower, word):
            yield max(0, at - reach), min(len(lower), at + len(word) + reach)


def merge_spans(spans: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Sorted spans with the overlapping ones joined."""
    lo = hi = -1
    for a, b in spans:
        if hi >= 0 and a <= hi:
            hi = max(hi, b)
            continue
        if hi >= 0:
            yield lo, hi
        lo, hi = a, b
    if hi >= 0:
        yield lo, hi


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in date-of-birth detector."""
    return [DateOfBirthDetector()]
