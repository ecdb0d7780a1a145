"""No catastrophic backtracking: every rule of every pattern detector, fed adversarial input.

For each :class:`~annexa.detect.pattern.Pattern` the scanner loads (built-in, plugins, custom
rules), inputs are built from what the expression accepts: long runs of each character its
classes and literals accept, all of them cycled, and its own positive examples cut one character
short and repeated (near misses). Each input runs through the detector's own compiled expression
at two sizes. A rule fails when it is slower than :data:`MS_PER_KB` at the large size, or when
it grows clearly faster than linearly between the sizes (quadratic blow-up), or when it has to be
interrupted. The bounds are loose on purpose (a loaded 2-core machine must not flake):
catastrophic backtracking is orders of magnitude past them.
"""

from __future__ import annotations

import re
import signal
import string
import time
from collections.abc import Iterator
from itertools import cycle, islice
from re import _parser as sre_parse  # type: ignore[attr-defined]
from types import FrameType
from typing import Any

import pytest

from annexa.detect import decode, normalize
from annexa.detect.builtin._bytes import BytePassDetector
from annexa.detect.builtin.cards import ContactCardDetector
from annexa.detect.pattern import Pattern, PatternDetector, expand_example
from annexa.detect.scanner import Scanner, load_detectors
from annexa.settings import CustomPattern, ScanSettings, TermList

MS_PER_KB = 50.0
SMALL, LARGE = 4_096, 32_768
GROWTH = 2.5  # time(LARGE)/time(SMALL) may exceed LARGE/SMALL by this factor at most
NOISE_S = 0.25  # below this, growth is not judged (timer noise)
HARD_LIMIT_S = 10.0  # interrupt a runaway match

SETTINGS = ScanSettings(
    patterns=[
        CustomPattern(name="redos_custom_id", regex=r"\b(?:[A-Z]+-)+\d{4,}\b"),
        CustomPattern(name="redos_nested", regex=r"(a+)+b"),
    ],
    terms=[TermList(terms=["Acme Corp", "Project Falcon"])],
)
_CATEGORY = {
    sre_parse.CATEGORY_DIGIT: "07",
    sre_parse.CATEGORY_NOT_DIGIT: "a.",
    sre_parse.CATEGORY_WORD: "aZ_5",
    sre_parse.CATEGORY_NOT_WORD: " .-",
    sre_parse.CATEGORY_SPACE: " \t\n",
    sre_parse.CATEGORY_NOT_SPACE: "a1.",
}


def _accepted(tree: Any, out: set[str]) -> None:
    """Collect characters the parsed expression can consume (a sample of each class)."""
    for op, arg in tree:
        if op is sre_parse.LITERAL:
            out.add(chr(arg))
        elif op is sre_parse.ANY:
            out.update("a. ")
        elif op is sre_parse.IN:
            for item_op, item in arg:
                if item_op is sre_parse.LITERAL:
                    out.add(chr(item))
                elif item_op is sre_parse.RANGE:
                    out.update({chr(item[0]), chr(item[1]), chr((item[0] + item[1]) // 2)})
                elif item_op is sre_parse.CATEGORY:
                    out.update(_CATEGORY.get(item, ""))
        elif op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, sre_parse.POSSESSIVE_REPEAT):
            _accepted(arg[2], out)
        elif op is sre_parse.SUBPATTERN:
            _accepted(arg[3], out)
        elif op is sre_parse.BRANCH:
            for branch in arg[1]:
                _accepted(branch, out)
        elif op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT):
            _accepted(arg[1], out)
        elif op is sre_parse.ATOMIC_GROUP:
            _accepted(arg, out)


def accepted_chars(pattern: Pattern) -> list[str]:
    out: set[str] = set()
    _accepted(sre_parse.parse(pattern.regex, pattern.flags), out)
    printable = sorted(c for c in out if c.isprintable() or c in "\t\n")
    return printable or list(string.ascii_letters)


def adversarial(pattern: Pattern, size: int) -> Iterator[tuple[str, str]]:
    """(description, text) pairs of about ``size`` characters."""
    chars = accepted_chars(pattern)
    step = max(1, len(chars) // 12)
    for c in chars[::step]:
        yield f"run of {c!r}", c * size
        yield f"run of {c!r}, then a stop", c * size + "\x00"
    yield "all accepted characters cycled", "".join(islice(cycle(chars), size))
    yield (
        "all accepted characters cycled, then a stop",
        "".join(islice(cycle(chars), size)) + "\x00",
    )
    for i, example in enumerate(pattern.positives[:3]):
        value = expand_example(example.replace("⟦", "").replace("⟧", ""), seed=i)
        near = value[:-1] or value
        for sep in ("", " "):
            unit = near + sep
            yield f"near miss {i} {sep!r}", unit * (size // len(unit) + 1)


def _rules() -> Iterator[Any]:
    for detector in load_detectors(SETTINGS):
        if not isinstance(detector, PatternDetector):
            continue
        for pattern, rx, _ in detector._compiled:
            yield pytest.param(pattern, rx, id=f"{detector.name}:{pattern.name}")


class _Runaway(Exception):
    pass


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise _Runaway


def timed(rx: Any, text: str, hard_limit: float = HARD_LIMIT_S) -> float:
    """Seconds to find every match of ``rx`` in ``text``; ``inf`` when interrupted.

    The alarm pytest-timeout may have set is put back afterwards, less the time spent.
    """
    previous = signal.signal(signal.SIGALRM, _interrupt)
    outer, interval = signal.setitimer(signal.ITIMER_REAL, hard_limit)
    start = time.perf_counter()
    try:
        for _ in rx.finditer(text):
            pass
        return time.perf_counter() - start
    except _Runaway:
        return float("inf")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:
            left = max(outer - (time.perf_counter() - start), 0.001)
            signal.setitimer(signal.ITIMER_REAL, left, interval)


def violation(pattern: Pattern, rx: Any, hard_limit: float = HARD_LIMIT_S) -> str | None:
    """Why ``rx`` is not linear on adversarial input, or ``None`` when it is."""
    small = dict(adversarial(pattern, SMALL))
    for what, text in adversarial(pattern, LARGE):
        t_large = timed(rx, text, hard_limit)
        kb = len(text) / 1024
        if t_large > MS_PER_KB * kb / 1000:
            return f"{what}: {t_large:.2f}s for {kb:.0f} KB"
        if t_large > NOISE_S:
            # best of three for both sizes: a load spike must not pass for a blow-up
            t_large = min(t_large, *(timed(rx, text, hard_limit) for _ in range(2)))
            t_small = max(min(timed(rx, small[what], hard_limit) for _ in range(3)), 1e-4)
            if t_large / t_small > GROWTH * len(text) / len(small[what]):
                return f"{what}: {t_small:.3f}s -> {t_large:.2f}s, superlinear"
    return None


# The expressions the layout view and the escaped-string decoder run on every text, each with
# examples of what it reads, so that the adversarial inputs hold its marks.
_VIEW_EXPRESSIONS = [
    ("quote_marks", normalize._QUOTE_MARKS, ("> quoted\n>> nested\n> > spaced",)),
    ("lone_cr", normalize._LONE_CR, ("old\rmac",)),
    ("tags", normalize._TAG, ("<p>Hi <b>Anna</b><br/></p>",)),
    ("emphasis", normalize._EMPHASIS, ("**Name:** Anna and *Holly*",)),
    ("underscore_bold", normalize._UNDERSCORE_BOLD, ("__Name:__ Anna and __Holly Cordova__",)),
    ("unspaced_touch", normalize._UNSPACED_TOUCH, ("手机号码是13812345678吗",)),
    ("string_escapes", decode._STRING_ESCAPES, ('a\\nb\\u00e9\\"c',)),
    ("drive_path", decode._DRIVE_PATH, ("C:\\Users\\nathan",)),
]


@pytest.mark.parametrize(
    ("name", "rx", "examples"), _VIEW_EXPRESSIONS, ids=[e[0] for e in _VIEW_EXPRESSIONS]
)
def test_the_views_expressions_are_linear_on_adversarial_input(
    name: str, rx: Any, examples: tuple[str, ...]
) -> None:
    assert violation(Pattern(name, rx.pattern, 0.5, positives=examples), rx) is None


@pytest.mark.parametrize(
    "unit",
    [
        "BEGIN:VCARD\n",  # cards that never end, each until the next
        "BEGIN:VCARD\nN:Keller;Anna;;;\nADR:;;1 Main St;Town;;1234;NL\n",
        "ATTENDEE;CUTYPE=INDIVIDUAL;CN=Anna Keller\n",
    ],
)
def test_contact_cards_are_read_in_linear_time(unit: str) -> None:
    """The card detector reads each card once: many cards without their END lines do not make
    it read the rest of the text again for each (that cost 43 s for 96 KB)."""
    scanner = Scanner(
        ScanSettings(ner=False, timeout_s=60.0, max_chars=1_000_000),
        detectors=[ContactCardDetector()],
    )
    assert_linear(scanner, unit)


@pytest.mark.parametrize(
    "unit",
    [
        "Ana Keller and ",  # names on one long line: each looked at its whole line once
        "**Name:** Anna ",
        "Patient: Anna Keller   DOB: 01/02/1980\n",  # many birth dates and their words
        "DOB 01/02/1980, admitted 2024-06-02. ",
        "@anna ",  # mentions on one long line: each looks a bounded way back for code
        "attendees: Anna, ",  # a label within a list: read once, not to the line's end again
    ],
)
def test_the_scanner_is_linear_on_repeated_names_and_dates(unit: str) -> None:
    """A name detector read a candidate's whole line again for each candidate, and the birth
    date detector compared every date with every cue: quadratic in a long line of names (a
    128 KB line took 89 s) or a text full of birth dates."""
    scanner = Scanner(ScanSettings(ner=False, timeout_s=60.0, max_chars=1_000_000))
    scanner.scan(unit)
    assert_linear(scanner, unit)


def assert_linear(scanner: Scanner, unit: str) -> None:
    """``unit`` repeated to 8 and 64 KB: the large scan within :data:`MS_PER_KB`, and (when
    past the timer's noise, best of two) no faster growth than the text's."""

    def seconds(size: int) -> float:
        text = unit * (size // len(unit))
        start = time.perf_counter()
        scanner.scan(text)
        return time.perf_counter() - start

    small, large = min(seconds(SMALL * 2) for _ in range(3)), seconds(LARGE * 2)
    assert large < MS_PER_KB * (LARGE * 2 / 1024) / 1000
    if large > NOISE_S:
        large = min(large, seconds(LARGE * 2))
        assert large / max(small, 1e-4) < GROWTH * LARGE / SMALL


def test_the_rule_set_is_not_empty() -> None:
    assert len(list(_rules())) >= 3


@pytest.mark.parametrize(("pattern", "rx"), list(_rules()))
def test_rule_is_linear_on_adversarial_input(pattern: Pattern, rx: Any) -> None:
    assert violation(pattern, rx) is None


@pytest.mark.parametrize(
    "regex",
    [
        r"^(\w+\s?)+$",  # exponential
        r"[a-z]+@[a-z]+\.com",  # quadratic: every start scans to the end of the run
    ],
)
def test_the_guard_catches_backtracking_rules(regex: str) -> None:
    rule = Pattern("bad", regex, 0.5, positives=("word word word",))
    assert violation(rule, re.compile(regex), hard_limit=2.0) is not None


def test_full_scanner_on_adversarial_input() -> None:
    scanner = Scanner(SETTINGS.model_copy(update={"timeout_s": 60.0}))
    keywords = sorted({k for d in scanner.detectors for k in d.keywords})
    runs = [
        " ".join(keywords),
        "a" * 8_000,
        "1" * 8_000,
        "1 " * 4_000,
        "1-" * 4_000,
        "1." * 4_000,
        "%41" * 3_000,
        "&#97;" * 2_000,
        "QUFB" * 3_000,
        "a@" * 4_000,
        "a." * 4_000,
        "-----BEGIN " * 800,
        "eyJ" * 3_000,
        "6a" * 4_000,
        "password=" * 1_000,
        "\u200b1" * 4_000,
        "а" * 4_000,  # Cyrillic a
        '"a\\n' * 3_000,  # a string with escaped line breaks that never closes
        '"\\u00e9", ' * 1_500,  # many escaped strings
        "\n> >" * 2_000,  # quote marks
        "<br><b>" * 1_000,  # formatting tags
        "*a " * 3_000,  # emphasis marks that close nothing
        "**a " * 2_000,
        "\r" * 4_000,
        "Acme " + " " * 8_000 + "Corp " + "Acme Cor " * 1_000,  # terms across whitespace
    ]
    text = "\n".join(runs)
    start = time.perf_counter()
    scanner.scan(text)
    elapsed = time.perf_counter() - start
    kb = len(text.encode()) / 1024
    assert elapsed < MS_PER_KB * kb / 1000, f"{elapsed:.1f}s for {kb:.0f} KB"


# An RE2 program this large means a counted repeat or a Unicode class copied many times over
# ("\pL{1,64}" alone compiles to 76,675 instructions): its DFA then costs a second to warm up
# and hundreds of MB of memory, far past every rule written the way the detectors write them.
MAX_PROGRAM = 20_000


def test_every_byte_pass_expression_stays_small() -> None:
    scanner = Scanner(ScanSettings(ner=False))
    sizes = {
        d.name: d._match.__self__.ProgramSize()
        for d in scanner.detectors
        if isinstance(d, BytePassDetector)
    }
    assert len(sizes) >= 5
    assert {name: n for name, n in sizes.items() if n > MAX_PROGRAM} == {}
