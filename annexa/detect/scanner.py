"""The Scanner: normalise, run every detector once, map offsets back, resolve overlaps.

A :class:`Scanner` is built once from :class:`~annexa.settings.ScanSettings` and shared: it holds
only immutable compiled state, so ``scan()`` is pure and safe to call from many threads.
A detector that raises, or a scan past its time budget, raises :class:`~annexa.errors.ScanError`:
the caller must treat the text as unscanned and refuse it (fail closed).
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from functools import cached_property

import re2

from annexa.detect import normalize as norm
from annexa.detect.builtin._regions import Gate, Regions, regions
from annexa.detect.interface import Detector, Finding, ScanContext
from annexa.detect.keywords import KeywordIndex
from annexa.detect.overlap import resolve
from annexa.errors import ConfigError, PayloadTooLarge, ScanError
from annexa.plugins import plugin_manager
from annexa.settings import ScanSettings

__all__ = ["ScanSettings", "Scanner", "load_detectors"]

# The characters outside ASCII that ``str.lower`` changes (see ``normalize.CASED``).
_CASED = re2.compile(norm.CASED)
_CASED_MATCH = _CASED._regexp.Match
_UNANCHORED = re2._Anchor.UNANCHORED


# Made-up values in the common formats (no real person, card or account), for warm_up().
WARM_UP_SAMPLE = (
    "Hi Anna Schmidt, call me on +44 20 7946 0958, +1 415 555 0132, +49 30 901820 or "
    "+33 1 23 45 67 89; mail anna.schmidt@example.com, card 4111 1111 1111 1111, IBAN "
    "GB82 WEST 1234 5698 7654 32, born 1984-03-12, from 192.0.2.10 via https://example.org/x. "
    "CONFIDENTIAL: see aGVsbG8gd29ybGQgaGVsbG8gd29ybGQ= (base64 of a greeting)."
)


RECENT_MIN_CHARS = 256  # shorter texts cost less to scan again than to look up


class RecentScans:
    """The findings of texts scanned lately, so that a chat's history, which every turn sends
    again, is not scanned again. Bounded (least recently used out) and thread-safe, and it
    holds no text: a key is a keyed BLAKE2b hash of the text (a random key per process), a
    value only entity types and offsets. ``size`` 0 keeps nothing."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._key = secrets.token_bytes(32)
        self._lock = threading.Lock()
        self._found: OrderedDict[bytes, tuple[Finding, ...]] = OrderedDict()

    def key(self, text: str) -> bytes | None:
        """The text's key, or None when nothing is kept."""
        if not self.size:
            return None
        data = text.encode("utf-8", "surrogatepass")
        return hashlib.blake2b(data, key=self._key, digest_size=32).digest()

    def get(self, key: bytes) -> tuple[Finding, ...] | None:
        with self._lock:
            found = self._found.get(key)
            if found is not None:
                self._found.move_to_end(key)
            return found

    def put(self, key: bytes, findings: tuple[Finding, ...]) -> None:
        with self._lock:
            self._found[key] = findings
            self._found.move_to_end(key)
            while len(self._found) > self.size:
                self._found.popitem(last=False)


def load_detectors(settings: ScanSettings) -> list[Detector]:
    """Every detector the installed plugins register, minus ``settings.disabled``."""
    found: dict[str, Detector] = {}

    def register(detector: Detector) -> None:
        if detector.name in found:
            raise ConfigError(f"two detectors are named {detector.name!r}")
        found[detector.name] = detector

    plugin_manager().hook.register_detectors(register=register, settings=settings)
    return [d for name, d in found.items() if name not in set(settings.disabled)]


class Scanner:
    """Finds sensitive spans in text. Build once, share everywhere."""

    def __init__(
        self, settings: ScanSettings | None = None, detectors: Sequence[Detector] | None = None
    ) -> None:
        self.settings = settings or ScanSettings()
        self.detectors: tuple[Detector, ...] = tuple(
            load_detectors(self.settings) if detectors is None else detectors
        )
        # The detectors that read the others' findings run after them, once per text view.
        self._follow_ups = tuple(d for d in self.detectors if d.follows_up)
        # Every detector's gate keywords and every rule's own: a rule with keywords in a
        # detector that has a rule without (so the scanner cannot gate the detector) still
        # reads its keywords in ``ctx.keywords``.
        self._keywords = KeywordIndex(
            k
            for d in self.detectors
            for k in (*d.keywords, *(k for p in getattr(d, "patterns", ()) for k in p.keywords))
        )
        # Each detector with its keyword gate, read once (some detectors compute ``keywords``),
        # and its region gate: the region detectors' test on the shared table of candidate
        # regions (``RegionDetector.region_gate``), so that the scanner skips, without a call,
        # the detectors that would find no region to look at.
        gated = [
            (d, frozenset(d.keywords), _region_gate(d)) for d in self.detectors if not d.follows_up
        ]
        # The region table is built only when a detector needs it; one that has a prefilter
        # (a scanner of a few entity types, where it alone would need the table) runs
        # ungated and searches its prefilter instead.
        self._region_gated = any(
            gate is not None and not getattr(d, "prefilter", None) for d, _, gate in gated
        )
        if not self._region_gated:
            gated = [(d, keywords, None) for d, keywords, _ in gated]
        self._gated: tuple[tuple[Detector, frozenset[str], Gate | None], ...] = tuple(gated)
        # The keyword gates as bit masks: bit i is detector i. A text's keyword hits select the
        # detectors to consider with a few ORs, and the list for each distinct mask is built
        # once (texts share few distinct masks), so the per-text loop skips keyword-gated
        # detectors without a set test each.
        self._ungated_mask = sum(1 << i for i, (_, gate, _) in enumerate(self._gated) if not gate)
        self._keyword_masks: dict[str, int] = {}
        for i, (_, gate, _) in enumerate(self._gated):
            for kw in gate:
                self._keyword_masks[kw] = self._keyword_masks.get(kw, 0) | 1 << i
        self._region_masks = _RegionMasks(self._gated) if self._region_gated else None
        self._runs: dict[int, tuple[Detector, ...]] = {}
        self._recent = RecentScans(self.settings.recent_scans)
        self._only: dict[frozenset[str], Scanner] = {}
        self._only_lock = threading.Lock()

    @cached_property
    def entity_types(self) -> frozenset[str]:
        """Every entity type the detectors can return."""
        return frozenset(e for d in self.detectors for e in d.entities)

    @cached_property
    def blocks(self) -> tuple[tuple[str, str], ...]:
        """The multi-line values the detectors recognise only whole (``Detector.blocks``): a
        streamed answer holds each from its opener to its closer."""
        return tuple(dict.fromkeys(b for d in self.detectors for b in d.blocks))

    def only(self, entities: frozenset[str]) -> Scanner:
        """A scanner running only the detectors that can return one of ``entities`` (those
        that name none too), sharing this one's detectors and settings; made once per set.
        Its findings are not always the same as this scanner's findings of those types:
        overlaps are resolved among fewer findings. Use it to learn that a text holds none
        of them (then this scanner would report none either), and scan with this one when
        it finds some."""
        found = self._only.get(entities)
        if found is None:
            chosen = [d for d in self.detectors if not d.entities or entities & set(d.entities)]
            found = Scanner(self.settings, chosen)
            with self._only_lock:
                if len(self._only) >= _SUBSETS_KEPT:
                    self._only.clear()
                found = self._only.setdefault(entities, found)
        return found

    def warm_up(self) -> None:
        """Do now what the first scans would otherwise do lazily: compile every rule (each
        detector's cached compiled state), load the NER model, and run one scan over a sample
        of the common formats. For a server before it takes traffic, so that its first requests
        are not two to ten times slower than the rest; a one-off ``annexa scan`` skips it and
        compiles only the rules its text reaches."""
        for detector in self.detectors:
            warm = getattr(detector, "warm_up", None)
            if callable(warm):
                warm()
            for klass in type(detector).__mro__:
                for name, attr in vars(klass).items():
                    if isinstance(attr, cached_property):
                        getattr(detector, name)
        self.scan(WARM_UP_SAMPLE)

    def scan(self, text: str) -> list[Finding]:
        """Findings at or above ``min_score``, non-overlapping, offsets into ``text``.

        A lone UTF-16 surrogate (``"\\ud800"`` decoded from JSON) is no character and cannot
        be part of a value: it is read as U+FFFD, one code point for one, so the rest of the
        text is scanned and every offset still points into ``text``."""
        if len(text) > self.settings.max_chars:
            raise PayloadTooLarge(
                f"text of {len(text):,} characters exceeds the scan limit of "
                f"{self.settings.max_chars:,}",
                hint="Raise scan.max_chars or split the input.",
            )
        key = self._recent.key(text) if len(text) >= RECENT_MIN_CHARS else None
        if key is not None and (hit := self._recent.get(key)) is not None:
            return list(hit)
        deadline = time.monotonic() + self.settings.timeout_s
        readable = text if text.isascii() else _without_lone_surrogates(text)
        findings = list(
            self._scan_views(norm.views(readable, self.settings.decode_depth), deadline)
        )
        resolved = resolve(findings, self.settings.min_score)
        if key is not None:
            self._recent.put(key, tuple(resolved))
        return resolved

    def _scan_views(self, views: Iterator[norm.TextView], deadline: float) -> Iterator[Finding]:
        for view in views:
            if view.is_identity and not view.base:  # the text itself: offsets are the same
                yield from self._scan_view(view.text, deadline, view.written)
                continue
            for f in self._scan_view(view.text, deadline, view.written):
                start, end = view.to_original(f.start, f.end)
                yield Finding(f.entity, start, end, f.score, f.detector, f.provider, f.validated)

    def _scan_view(self, text: str, deadline: float, written: str | None = None) -> list[Finding]:
        # keywords and context words are read in the text as written (``TextView.written``)
        lower, encoded = _lower(text if written is None else written)
        hits = self._keywords.find(lower, encoded)
        ctx = ScanContext(text=text, lower=lower, keywords=hits)
        out: list[Finding] = []
        try:
            table = regions(text) if self._region_gated else None
        except Exception as exc:
            raise ScanError(f"candidate regions failed: {type(exc).__name__}") from exc
        for detector in self._chosen(hits, table):
            try:
                out.extend(detector.detect(ctx))
            except Exception as exc:
                raise ScanError(f"detector {detector.name!r} failed: {type(exc).__name__}") from exc
            if time.monotonic() > deadline:
                raise ScanError(
                    f"scan exceeded its {self.settings.timeout_s:g} s budget "
                    f"(at detector {detector.name!r})"
                )
        for detector in self._follow_ups:
            try:
                out.extend(detector.follow_up(ctx, tuple(out)))  # what the others found
            except Exception as exc:
                raise ScanError(f"detector {detector.name!r} failed: {type(exc).__name__}") from exc
        return out

    def _chosen(self, hits: frozenset[str], table: Regions | None) -> tuple[Detector, ...]:
        """The detectors to run, in order: those whose keyword gate ``hits`` passes and whose
        region gate the candidate-region ``table`` passes (what ``_to_run`` and
        ``Regions.may_select`` tell one detector at a time, as bit masks: a few ORs per feature
        of the text instead of a test per detector)."""
        mask = self._keyword_mask(hits)
        if table is not None and self._region_masks is not None:
            mask &= self._region_masks.passing(table)
        run = self._runs.get(mask)
        if run is None:
            run = tuple(d for i, (d, _, _) in enumerate(self._gated) if mask >> i & 1)
            if len(self._runs) >= _RUNS_CACHED:
                self._runs.clear()  # many distinct mixes: start over, stay bounded
            self._runs[mask] = run
        return run

    def _keyword_mask(self, hits: frozenset[str]) -> int:
        """The detectors whose keyword gate ``hits`` passes, as a bit mask."""
        mask = self._ungated_mask
        masks = self._keyword_masks
        for kw in hits:
            mask |= masks.get(kw, 0)
        return mask

    def _to_run(self, hits: frozenset[str]) -> tuple[tuple[Detector, Gate | None], ...]:
        """The detectors whose keyword gate ``hits`` passes, in order, with their region gates:
        the reference ``_chosen`` is tested against."""
        mask = self._keyword_mask(hits)
        return tuple((d, rg) for i, (d, _, rg) in enumerate(self._gated) if mask >> i & 1)


_RUNS_CACHED = 4096  # distinct keyword masks remembered per Scanner
_SUBSETS_KEPT = 64  # scanners made by Scanner.only, per Scanner


class _RegionMasks:
    """The region gates of a scanner's detectors as bit masks per feature of a region table
    (bit ``i``: detector ``i``): which detectors a table passes is the OR of its features'
    masks, the same answer as ``Regions.may_select`` for each detector (tested equal)."""

    def __init__(self, gated: Sequence[tuple[Detector, frozenset[str], Gate | None]]) -> None:
        self.free = 0  # detectors without a region gate
        self.kinds: dict[int, int] = {}
        self.lengths: dict[int, int] = {}
        self.counts: dict[int, int] = {}
        self.forms: dict[tuple[int, str], int] = {}
        above: dict[int, int] = {}
        for i, (_, _, gate) in enumerate(gated):
            bit = 1 << i
            if gate is None:
                self.free |= bit
                continue
            kinds, lengths, counts, forms, spaced_above = gate
            for table, bits in (
                (self.kinds, kinds),
                (self.lengths, lengths),
                (self.counts, counts),
            ):
                for n in _bits(bits):
                    table[n] = table.get(n, 0) | bit
            for form in forms:
                self.forms[form] = self.forms.get(form, 0) | bit
            if spaced_above < _SPACED_CAP:
                above[spaced_above] = above.get(spaced_above, 0) | bit
        # spaced[d]: the detectors a spaced number of d digits (or more) lets through
        self.spaced = [0] * (_SPACED_CAP + 1)
        running = 0
        for d in range(_SPACED_CAP + 1):
            running |= above.get(d, 0)
            self.spaced[d] = running

    def passing(self, table: Regions) -> int:
        """The detectors whose region gate ``table`` passes."""
        mask = self.free
        for masks, present in (
            (self.kinds, table.kinds),
            (self.lengths, table.token_lengths),
            (self.counts, table.digit_counts),
        ):
            rest = present
            while rest:
                low = rest & -rest
                mask |= masks.get(low.bit_length() - 1, 0)
                rest ^= low
        forms = self.forms
        for form in table.number_forms:
            mask |= forms.get(form, 0)
        if table.spaced_counts:
            mask |= self.spaced[min(table.spaced_counts.bit_length() - 1, _SPACED_CAP)]
        return mask


_SPACED_CAP = 4096  # a spaced number's digit count beyond any detector's range


def _bits(value: int) -> Iterator[int]:
    """The positions of the set bits of ``value``."""
    while value:
        low = value & -value
        yield low.bit_length() - 1
        value ^= low


def _region_gate(detector: Detector) -> Gate | None:
    gate = getattr(detector, "region_gate", None)
    if isinstance(gate, tuple) and len(gate) == 5:
        return gate
    return None


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_lone_surrogates(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD (the same length)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _LONE_SURROGATE.sub("\ufffd", text)
    return text


def _lower(text: str) -> tuple[str, bytes]:
    """``text.lower()`` and its UTF-8 bytes.

    Text whose non-ASCII characters ``str.lower`` leaves alone (``€``, ``é``: most text that is
    not all ASCII) is lower-cased on its UTF-8 bytes, several times faster than ``str.lower``
    on a non-ASCII string.
    """
    if text.isascii():
        lower = text.lower()
        return lower, lower.encode("ascii")
    try:
        data = norm.utf8(text)
        cased = norm.marks(text)[1]
    except UnicodeEncodeError:  # lone surrogates: no scan gets here (Scanner.scan reads U+FFFD)
        data = text.encode("utf-8", "surrogatepass")
        cased = _CASED_MATCH(_UNANCHORED, data, 0, len(data))[0][0] >= 0
    if not cased:
        data = data.lower()
        return data.decode("utf-8", "surrogatepass"), data
    lower = text.lower()
    if len(lower) != len(text):
        # "İ" (U+0130, the only such character) lowers to "i" and a combining dot: every
        # offset after it would be off by one in the lower-cased copy detectors read
        lower = text.replace("\u0130", "i").lower()
    return lower, lower.encode("utf-8", "surrogatepass")
