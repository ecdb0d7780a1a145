"""Organisations (ORGANIZATION, no NER needed) by their legal form ("Acme Corp", "Siemens AG")
and by what the text says of them ("works for Initech", "Hooli is a small startup").

A registered company carries its legal form in its name: ``Inc.``, ``Ltd``, ``LLC``, ``PLC``,
``GmbH``, ``AG``, ``S.A.``, ``S.p.A.``, ``B.V.``, ``Oy``, ``AB``, ``A/S``, ``Pty Ltd`` and the
like (the ISO 20275 entity legal forms most used in the engine's six languages and the English-
speaking world, and those of Poland, Czechia, Hungary, Brazil, Portugal and Mexico:
``sp. z o.o.``, ``s.r.o.``, ``Kft.``, ``Ltda.``, ``S/A``, ``S.A. de C.V.``), or ``& Co.``,
``Holdings``, ``Associates``, ``Partners``, or a family firm's ending (``and Sons``, ``e figli``,
``& Söhne``), perhaps before a registered form. Up to five capitalised
words (any script, a number first: "3 Round Stones Inc"; "of", "and", "&", "für", "de" between
them) before such a form are the organisation's name. The NER model finds organisations too, but
misses most names it has not seen ("Galorath Incorporated") and calls many a person ("Fernandez
Inc."); the legal form is better evidence than the model's guess, so these findings score above
its names.

A word that opens a sentence or an instruction ("The", "Ask", "Contact") is left out of the
name; a form after a number alone ("5 KG") has no name. Forms that are everyday words in capitals
(Norway's ``AS``, ``SE``, ``SA`` without dots) are not read.

Without a legal form, the capitalised name after an employment cue ("works for", "employed by",
"the CEO of", "shares of", "acquired by") or before a description of a company ("is a design
agency", "was a small startup", "is a 501(c)3") is an organisation too
(:class:`CuedOrganizationDetector`), unless it is a given name alone ("work for Maria"), a
pronoun or a well-known AI product.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from annexa.detect.builtin._bytes import BytePassDetector, Spans, char_span
from annexa.detect.builtin._regions import CharOffsets
from annexa.detect.builtin._words import NOT_IN_NAMES, ORG_WORDS, PRODUCTS
from annexa.detect.builtin.given_names import is_given_name
from annexa.detect.interface import Detector, Finding
from annexa.settings import ScanSettings

SCORE = 0.7  # above the NER model's names (0.6): a legal form is stronger evidence

# Legal forms, written as companies register them (case-sensitive).
REGISTERED = (
    r"Inc\.?|Incorporated|Corp\.?|Corporation|Ltd\.?|Limited|LLC|L\.L\.C\.|LLP|PLC|plc|P\.L\.C\."
    r"|GmbH|gGmbH|AG|KGaA|OHG|e\.V\.|S\.A\. de C\.V\.|S\.A\.U\.|S\.A\.|S\.A\.S\.|SAS|SARL"
    r"|S\.à r\.l\.|SpA|S\.p\.A\.|S\.r\.l\."
    r"|Srl|B\.V\.|BV|N\.V\.|Oy|Oyj|AB|ASA|A/S|ApS|Pty\.? Ltd\.?|& Co\.?|Holdings|Associates"
    r"|Partners"
    # more of ISO 20275's forms, written as registered: Germany's KG and GbR, Spain's S.L. and
    # S.L.U., Mexico's S.A. de C.V., Italy's and Romania's s.r.l. and S.R.L., Poland's sp. z o.o.
    # and s.c., Brazil's and Portugal's Ltda., Lda. and S/A, Czechia's and Slovakia's s.r.o. and
    # a.s., Hungary's Kft. and Zrt., Denmark's I/S, K/S and P/S
    r"|KG|GbR|S\.L\.(?:U\.|N\.E\.?)?|S\. de R\.L\.(?: de C\.V\.)?|s\.r\.l\."
    r"|S\.R\.L\.|SRL|S\.P\.A\.|[Ss]p\. z o\.o\.|s\.c\.|sp\.[jk]\.|Ltda\.?|Lda\.?|S/A|EIRELI"
    r"|s\.r\.o\.|a\.s\.|Kft\.|Zrt\.|Nyrt\.|I/S|K/S|P/S"
)
# A family firm's ending, perhaps before a registered form: "Watkins and Sons", "Vercelloni e
# figli", "Pernod & Fils", "Müller & Söhne GmbH", "John Wiley and Sons, Ltd"
FORMS = (
    r"(?:(?:and|&) Sons?|e [Ff]igli|e [Hh]ijos|i [Ss]yn|(?:&|et) [Ff]ils|(?:&|und) Söhne)"
    rf"(?:,?[ \t]+(?:{REGISTERED}))?|{REGISTERED}"
)
_WORD = r"(?:\p{Lu}[\p{L}\p{Nd}'’&-]*|\d+)"
_JOIN = r"(?:[ \t]+(?:of|and|&|für|de|del|van|von|der|du|la|le)){0,1}[ \t]+"
# Group 1: the name and its form; group 2: the form.
_LEGAL_NAME = rf"({_WORD}(?:{_JOIN}{_WORD}){{0,4}},?[ \t]+({FORMS}))(?:[^\p{{L}}\p{{Nd}}]|$)"
# Words that open a sentence or an instruction, never the start of a company's name.
OPENERS = frozenset({
    "The", "A", "An", "At", "For", "From", "With", "By", "To", "In", "On", "Of", "And", "Or",
    "But", "Our", "Your", "Their", "My", "His", "Her", "Its", "Dear", "Hi", "Hello", "Via", "Per",
    "Between", "Including", "Contact", "Call", "Email", "Ask", "Send", "Tell", "Invite", "Meet",
    "Please", "Thanks", "Mr", "Mrs", "Ms", "Dr", "Prof",
})  # fmt: skip
# The forms, lower-cased, as the scanner's keyword pass finds them: after a space, and a short
# one also before what may follow it (" ag " is rare; " ag" is in " again").
_LONG = ("incorporated", "corporation", "limited", "holdings", "associates", "partners", "gmbh",
         "ggmbh", "l.l.c.", "p.l.c.", "s.a.s.", "s.à r.l.", "s.p.a.", "s.r.l.", "& co", "s.l.",
         "s.a.u.", "s. de r.l.", "sp. z o.o.", "s.c.", "sp.j.", "sp.k.", "s.r.o.", "a.s.",
         "kft.", "zrt.", "nyrt.", "eireli", "and son", "& son", "e figli", "e hijos", "i syn",
         "& fils", "et fils", "& söhne", "und söhne")  # fmt: skip
_SHORT = ("inc", "corp", "ltd", "llc", "llp", "plc", "ag", "kgaa", "ohg", "e.v.", "s.a.", "sas",
          "sarl", "spa", "srl", "b.v.", "bv", "n.v.", "oy", "oyj", "ab", "asa", "a/s", "aps",
          "pty", "kg", "gbr", "ltda", "lda", "s/a", "i/s", "k/s", "p/s")  # fmt: skip
KEYWORDS = tuple(
    sorted(
        {" " + f for f in _LONG}
        | {f" {f}{after}" for f in _SHORT for after in " .,;:)\n"}
        | {f" {f}" for f in _SHORT if f.endswith(".")}
    )
)
# Words that head an organisation's name before "of" ("Bank of America", "Royal Bank of
# Scotland"); two or three capitalised words without one before "of" are a person's name.
ORG_HEADS = ORG_WORDS | frozenset({
    "department", "ministry", "office", "bureau", "board", "chamber", "house", "commission",
    "authority",
})  # fmt: skip


class LegalNameDetector(BytePassDetector):
    """Organisations by their legal form: "Galorath Incorporated", "Shepherd Ltd.", "Acme GmbH"."""

    name = "legal_name"
    entities = ("ORGANIZATION",)
    keywords = KEYWORDS
    origin = "ISO 20275 entity legal forms (GLEIF ELF list)"
    expression = _LEGAL_NAME

    def found(
        self, text: str, chars: CharOffsets | None, matches: Iterator[Spans]
    ) -> Iterator[Finding]:
        for spans in matches:
            start, end = char_span(chars, spans[1])
            form = char_span(chars, spans[2])[0]
            if start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "_-"):
                for lo, hi in _names(text, start, end, form):
                    yield Finding("ORGANIZATION", lo, hi, SCORE, self.name)


# a registered form inside a match ends one organisation of a list; a family firm's ending
# is part of its name
_INNER_FORM = re.compile(rf"(?<![\w&])(?:{REGISTERED})(?![\w])")
_LINKS = frozenset({"and", "&", "und", "et", "y", "e", "en", ","})
_LINK_AFTER_FORM = re.compile(r"[\s,]*(?:(?:and|&|und|et|y|e|en)\s+)?")
_NAME_TOKEN = re.compile(r"[^\s,]+")
_TOKEN = re.compile(r"\S+")


def _names(text: str, start: int, end: int, form: int) -> Iterator[tuple[int, int]]:
    """The organisations in the match ``text[start:end]``, whose last legal form starts at
    ``form``: a form inside it ends one more ("Siemens AG and Volvo AB")."""
    pos = start
    for inner in _INNER_FORM.finditer(text, start, form):
        found = _name(text, pos, inner.end())
        if found is not None:
            yield found
        pos = inner.end()
        link = _LINK_AFTER_FORM.match(text, pos, form)
        pos = link.end() if link else pos
    found = _name(text, pos, end)
    if found is not None:
        yield found


def _name(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``text[start:end]`` without the words that open a sentence or name the person of a
    company ("Dobrosław Tomaszewski of Fernandez Inc."); ``None`` when no name is left."""
    words = [(m.start(), m.group()) for m in _NAME_TOKEN.finditer(text, start, end)]
    while words and words[0][1] in OPENERS:
        words.pop(0)
    for i, (_, word) in enumerate(words):
        if word == "of":
            left = [w.lower() for _, w in words[:i]]
            if is_given_name(words[0][1]) or (1 < len(left) <= 3 and ORG_HEADS.isdisjoint(left)):
                words = words[i + 1 :]  # a person of the company, not "Bank of America"
            break
    names = [w for _, w in words[:-1] if w not in _LINKS]  # without the form
    if not names or all(w.isdigit() for w in names) or len(words) < 2:
        return None  # "5 KG", "The Ltd"
    return words[0][0], end


# Organisations named by what the text says of them: whom someone works for, or what a name is
# ("Russell Investments is a design agency", "Transunion is a 501(c)3"). The RE2 pass finds the
# cue only (group 1: the first character of the name after it; group 2: the space before a
# description, where the name before it ends); the name itself is read in Python, around the
# few cues a text holds.
_KINDS = (
    r"company|firm|agency|start-?up|corporation|business|bank|brand|manufacturer|retailer"
    r"|provider|vendor|supplier|consultancy|non-?profit|charity|501\(c\)\(?3\)?"
    r"|organi[sz]ation|conglomerate|insurer|airline|publisher|employer|subsidiary"
)
_CUED = (
    r"\b(?i:(?:work|works|worked|working)[ \t]+(?:for|at)|employed[ \t]+(?:by|at)"
    r"|(?:ceo|cto|cfo|coo|founder|co-founder|cofounder|president|chairman|chairwoman)[ \t]+of"
    r"|(?:shares|stock)[ \t]+(?:of|in)|acquired[ \t]+by|subsidiary[ \t]+of)[ \t]+(\p{Lu}|\d)"
    r"|[\p{L}\p{Nd}.](,?[ \t]+)(?i:(?:is|was|has[ \t]+been|remains)[ \t]+(?:a|an|the)[ \t]+"
    rf"(?:[\p{{L}}-]+[ \t]+){{0,3}}?(?:{_KINDS}))\b"
    # group 3: the space before a company's website ("according to the Roadify Transit website")
    r"|[\p{L}\p{Nd}]([ \t]+)(?i:website|web[ \t]site|homepage|home[ \t]page)\b"
)
# A name: up to four words, "&", "and", "of" or "de" between them (checked for capitals after).
_NAME_WORD = r"[^\W_][\w&'’.-]*"
_RUN_AFTER = re.compile(rf"{_NAME_WORD}(?:[ \t]+(?:(?:&|and|of|de)[ \t]+)?{_NAME_WORD}){{0,3}}")
_RUN_BEFORE = re.compile(rf"(?:{_NAME_WORD}[ \t]+(?:(?:&|and|of|de)[ \t]+)?){{0,3}}{_NAME_WORD}$")
_LINK_WORDS = frozenset({"&", "and", "of", "de"})
# Words that open a sentence or name no organisation before "is a".
_NOT_NAMES = OPENERS | frozenset({
    "It", "This", "That", "He", "She", "They", "We", "You", "I", "There", "Here", "Who", "What",
    "Which", "Today", "Now", "Also",
})  # fmt: skip
CUE_KEYWORDS = (
    "work for", "works for", "worked for", "working for", "work at", "works at", "worked at",
    "working at", "employed by", "employed at", "ceo of", "cto of", "cfo of", "coo of",
    "founder of", "president of", "chairman of", "chairwoman of", "shares of", "shares in",
    "stock of", "acquired by", "subsidiary", "company", "firm", "agency", "startup",
    "start-up", "corporation", "business", "bank", "brand", "manufacturer", "retailer",
    "provider", "vendor", "supplier", "consultancy", "profit", "charity", "501(c)",
    "organization", "organisation", "conglomerate", "insurer", "airline", "publisher",
    "employer", "website", "web site", "homepage", "home page",
)  # fmt: skip


class CuedOrganizationDetector(BytePassDetector):
    """Organisations by what the text says of them: "I used to work for Futureadvisor", "the CEO
    of Lexisnexis", "Russell Investments is a design agency"."""

    name = "org_cue"
    entities = ("ORGANIZATION",)
    origin = "employment and description cues"
    keywords = CUE_KEYWORDS
    expression = _CUED

    def found(
        self, text: str, chars: CharOffsets | None, matches: Iterator[Spans]
    ) -> Iterator[Finding]:
        for spans in matches:
            after = spans[1][0] >= 0
            before = spans[2] if spans[2][0] >= 0 else spans[3]
            at = char_span(chars, spans[1] if after else before)[0]
            name = _name_after(text, at) if after else _name_before(text, at)
            if name is not None and spans[3][0] >= 0 and _not_a_firm(text[name[0] : name[1]]):
                continue  # "the API website", "Project home page": no firm's
            if name is not None:
                yield Finding("ORGANIZATION", name[0], name[1], SCORE, self.name)


def _not_a_firm(name: str) -> bool:
    """Whether every word of ``name`` is a word of software or documents ("API", "Project")."""
    return all(w.lower() in NOT_IN_NAMES for w in name.split())


def _name_after(text: str, start: int) -> tuple[int, int] | None:
    """The capitalised words from ``start`` on ("Futureadvisor" in "Futureadvisor as ...")."""
    run = _RUN_AFTER.match(text, start)
    if run is None:
        return None
    words = _words_of(text, *run.span())
    cut = next(
        (i for i, (_, _, w) in enumerate(words) if not _capital(w) and w not in _LINK_WORDS),
        len(words),
    )
    return _checked(words[:cut])


def _name_before(text: str, end: int) -> tuple[int, int] | None:
    """The capitalised words right before ``end`` ("Transunion" in "in Tobel, Transunion")."""
    lo = max(0, end - 160)
    run = _RUN_BEFORE.search(text, lo, end)
    if run is None:
        return None
    words = _words_of(text, *run.span())
    keep = len(words)
    while keep and (_capital(words[keep - 1][2]) or words[keep - 1][2] in _LINK_WORDS):
        keep -= 1
    words = words[keep:]
    while words and (words[0][2] in _NOT_NAMES or words[0][2].isdigit()):
        words.pop(0)
    return _checked(words)


def _words_of(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """The whitespace-separated words of ``text[start:end]``: (start, end, word)."""
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, end)]


def _capital(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def _checked(words: list[tuple[int, int, str]]) -> tuple[int, int] | None:
    """The span of ``words``; ``None`` for none, a given name alone
    ("work for Maria"), a pronoun or opener alone, or a product ("OpenAI is a company")."""
    while words and words[-1][2] in _LINK_WORDS:
        words = words[:-1]
    if not words or (not words[0][2][:1].isupper() and not words[0][2].isdigit()):
        return None
    if all(w.isdigit() for _, _, w in words):
        return None
    if len(words) == 1 and (is_given_name(words[0][2]) or words[0][2] in _NOT_NAMES):
        return None
    if words[0][2].lower() in PRODUCTS:
        return None
    end = words[-1][1]
    last = words[-1][2]
    if last.endswith(".") and len(last) > 4 and not _INNER_FORM.fullmatch(last):
        end -= 1  # the sentence's full stop ("works for Initech."), not "Co." or "S.A."
    return words[0][0], end


def detectors(settings: ScanSettings) -> list[Detector]:
    return [LegalNameDetector(), CuedOrganizationDetector()]
