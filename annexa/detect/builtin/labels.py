"""Classification labels ("STRICTLY CONFIDENTIAL", "INTERNAL ONLY"...) from ``scan.labels``.

A label marks the WHOLE text, not just the words: a finding of entity ``CLASSIFICATION_LABEL``
spans the label as written, and its ``provider`` field carries the label's normalised name (upper
case, single spaces: ``"STRICTLY CONFIDENTIAL"``). The policy reads that name as the text's
classification; transforms need not redact the label itself.

Labels match as whole words, case-insensitively, with any run of spaces, ``_`` or ``-`` between
their words ("Internal-Only"), after the text's normalisation (look-alike letters fold). The
longest label wins where labels overlap: "STRICTLY CONFIDENTIAL" is one finding, not also a
"CONFIDENTIAL". The score says how much the spelling looks like a marking rather than prose:

=========================================================  =====
upper case, on a short line of its own (a header, a banner)  0.95
upper case, in running text                                  0.85
other case, on a short line of its own ("Confidential")      0.7
other case, in running text ("keep this confidential")       0.3
=========================================================  =====

The default ``min_score`` (0.4) thus ignores the word used in prose.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from annexa.detect.interface import Detector, Finding, ScanContext
from annexa.detect.normalize import normalize
from annexa.settings import ScanSettings

_RE_FOLDS = {0x131: "i", 0x17F: "s"}  # letters ``re.IGNORECASE`` matches with ASCII i and s
MARKING_LINE_EXTRA = 40  # a line at most this much longer than the label is a marking line
SCORES = {(True, True): 0.95, (True, False): 0.85, (False, True): 0.7, (False, False): 0.3}


def canonical(label: str) -> str:
    """The label's normalised name: NFKC, look-alikes folded, upper case, single spaces."""
    return " ".join(normalize(label).text.upper().replace("_", " ").replace("-", " ").split())


class LabelDetector(Detector):
    """Classification labels (CONFIDENTIAL, INTERNAL ONLY...) that mark the whole text."""

    name = "classification_label"
    entities = ("CLASSIFICATION_LABEL",)
    origin = "config: scan.labels"

    def __init__(self, labels: Sequence[str]) -> None:
        names = sorted({canonical(label) for label in labels if canonical(label)}, key=len)
        self.labels = tuple(reversed(names))  # longest first: the alternation prefers it
        words = [r"[\s_\-]+".join(re.escape(w) for w in name.split()) for name in self.labels]
        self._rx = re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.IGNORECASE)
        self._keywords = tuple(sorted({max(name.lower().split(), key=len) for name in self.labels}))
        self._firsts = tuple(sorted({name.lower().split()[0] for name in self.labels}))

    @property
    def keywords(self) -> tuple[str, ...]:  # type: ignore[override]
        """The longest word of each label: one of them must occur for a label to."""
        return self._keywords

    def describe(self) -> str:
        return f"{len(self.labels)} classification labels from scan.labels"

    def detect(self, ctx: ScanContext) -> Iterable[Finding]:
        if not self.labels:
            return
        text = ctx.text
        for m in self._matches(ctx):
            start, end = m.span()
            line_start = text.rfind("\n", 0, start) + 1
            line_end = text.find("\n", end)
            line = text[line_start : len(text) if line_end < 0 else line_end].strip()
            marking = len(line) <= (end - start) + MARKING_LINE_EXTRA
            upper = m.group().isupper()
            name = " ".join(m.group().upper().replace("_", " ").replace("-", " ").split())
            yield Finding(
                "CLASSIFICATION_LABEL",
                start,
                end,
                SCORES[(upper, marking)],
                self.name,
                provider=name,
            )

    def _matches(self, ctx: ScanContext) -> Iterator[re.Match[str]]:
        """The label expression's matches, exactly as ``finditer`` yields them.

        A case-insensitive expression that starts with a look-behind is tried at every position
        of the text (~100 us per prompt). A match can only start where a label's first word
        occurs in the lower-cased text (with the two letters ``re`` also folds to ASCII ones,
        dotless i and long s), so the expression is tried there only. When lower-casing changed
        the length (offsets would not line up), every position is tried as before.
        """
        text = ctx.text
        if len(ctx.lower) != len(text):
            yield from self._rx.finditer(text)
            return
        lower = ctx.lower
        if not text.isascii() and ("\u0131" in lower or "\u017f" in lower):
            lower = lower.translate(_RE_FOLDS)
        starts = sorted({i for word in self._firsts for i in _find_all(lower, word)})
        end = 0
        for start in starts:
            if start < end:
                continue  # inside the previous match, as finditer would skip it
            m = self._rx.match(text, start)  # the look-behind still sees text[:start]
            if m is not None:
                yield m
                end = m.end()


def _find_all(haystack: str, needle: str) -> Iterator[int]:
    """Every offset where ``needle`` occurs in ``haystack``, overlapping ones included."""
    i = haystack.find(needle)
    while i >= 0:
        yield i
        i = haystack.find(needle, i + 1)


def detectors(settings: ScanSettings) -> list[Detector]:
    """The label detector, when ``scan.labels`` lists any."""
    return [LabelDetector(settings.labels)] if settings.labels else []
