"""Values after a key that names what they hold (``field_value``): JSON, YAML, forms, logfmt.

API responses, CRM exports, logs and filled-in forms label their values: ``"first_name":
"Maria"``, ``Nachname: Müller``, ``dob=1979-03-22``, ``- patient_name: Li Wei``. Without NER
a name is otherwise hard to tell from any capitalised word; its key says what it is. The keys
are the column names of :mod:`.tables` (:data:`~.tables.COLUMNS`, six languages), in three
shapes:

- a JSON member, ``"key": "value"`` (the value a string on one line, without escapes);
- a label and its value on one line, as YAML, a form or an e-mail writes it: ``key: value``
  at the line's start (after indentation or a list's ``-``);
- ``key=value`` or ``key="value"`` (logfmt, query strings, ``.env`` files);
- and an e-mail address's display name (RFC 5322's name-addr: ``From: Matthew Williams
  <m.williams@example.com>``, ``"Keller, Anna" <anna@example.de>``) when it is two to four
  capitalised words with a given name first (``IT Support <it@example.com>`` is no person).

The value must have the entity's shape (:data:`~.tables.SHAPES`), written as a value of its
kind is: a name, a place or a company starting with a capital letter, a street address with a
number and a word. Keys that also name things other than people (``name``, ``contact``,
``owner``, ``customer``, ``nom``...) count only when the value's first word is a given name of
the gazetteer (:mod:`.given_names`): ``name: Anna Keller`` is a person, ``name: nginx-ingress``,
``- name: Checkout`` and ``"name": "Build and test"`` are not. A few keys mean something else
too often to be read this way at all (``cap``, ``addr``, ``born``, ``tel``).

One RE2 pass over the text's bytes finds a known key before ``:`` or ``=``, or a word before
``<`` and an address, first; only the lines it points at are read further.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from annexa.detect.builtin._bytes import (
    BytePassDetector,
    Spans,
    char_span,
)
from annexa.detect.builtin._regions import CharOffsets
from annexa.detect.builtin._words import HEADERS, NOT_IN_NAMES, ORG_WORDS, PRODUCTS, name_shaped
from annexa.detect.builtin.address import FIELD_GAP
from annexa.detect.builtin.given_names import is_given_name
from annexa.detect.builtin.ner import LEADING_VERBS, NOT_NAMES, SENTENCE_OPENERS, UI_VERBS
from annexa.detect.builtin.surnames import is_surname
from annexa.detect.builtin.tables import (
    AMBIGUOUS,
    AMBIGUOUS_SCORE,
    COLUMNS,
    PARTICLES,
    SCORE,
    SHAPES,
    column_entity,
    column_key,
    is_placeholder,
    person_score,
)
from annexa.detect.builtin.titles import is_name_line
from annexa.detect.context import is_word_char, word_set
from annexa.detect.interface import Detector, Finding
from annexa.settings import ScanSettings

# Keys too often something else in code and configuration (a capacity, a memory address...)
_NOT_KEYS = word_set("cap addr born tel cell fax mobile handy mobil portable")
_CAPITALISED = frozenset(("PERSON", "LOCATION", "ORGANIZATION", "STREET_ADDRESS"))

# Each read where the gate found a key: a JSON member from its opening quote, a label from the
# key's start (after nothing but indentation or a list's dash on its line), an assignment
# (or a Python dict's, in single quotes)
_JSON_AT = re.compile(
    r"(?P<q>[\"'])(?P<key>[^\"'\n]{1,40})(?P=q)[ \t]*:[ \t]*"
    r"(?P<vq>[\"'])(?P<value>[^\"'\\\n]{1,120})(?P=vq)"
)
_LABEL_AT = re.compile(
    r"(?P<key>[^\W\d][\w .\-/']{0,39}?)[ \t]*:[ \t]+(?P<value>[^\n]{1,120}?)[ \t]*\r?(?:\n|$)"
)
_ASSIGN_AT = re.compile(
    r"(?P<key>[A-Za-z_][\w.\-]{0,39})=(?:\"(?P<quoted>[^\"\n]{1,120})\"|(?P<value>[^\s&;,\"]{1,120}))"
)
_LABEL_LEAD = re.compile(r"[ \t]*(?:[-*][ \t]+)?")
# A form's fields written on one line, one after a comma, semicolon or bar ("Order 4471,
# cardholder: Thomas Mueller, amount 45 EUR"): the key after the mark, its value up to the
# next mark, a sentence's full stop or the line's end
_INLINE_LEAD = re.compile(r"[,;|][ \t]*$")
_INLINE_AT = re.compile(
    r"(?P<key>[^\W\d][\w .\-/']{0,39}?)[ \t]*:[ \t]+(?P<value>[^\n,;|]{1,120}?)[ \t]*"
    r"(?:[,;|\r\n]|\.(?=[ \t\r\n]|$)|$)"
)
# RFC 5322's name-addr: a display name before an address in angle brackets ("From: Matthew
# Williams <m.williams@example.com>", "\"Keller, Anna\" <anna@example.de>"), read back from "<"
_NAME_ADDR = re.compile(
    r"(?:(?<=[\s:,;(\[])|^)(?:\"(?P<qname>[^\"\n<>@]{2,60})\"|(?P<name>[^\W\d][^<>\n,;:\"@()\[\]]{1,60}?))"
    r"[ \t]*(?:<(?P<local>[^<>\s@]{1,64})@[^<>\s@]{1,255}>"
    r"|\((?P<plocal>[^()<>\s@]{1,64})@[^()<>\s@]{1,255}\))",
    re.MULTILINE,
)
_NAME_REACH = 72  # characters before "<" a display name may start
_NOT_IN_NAME = '<>\n,;:"@()[]'  # marks a display name does not hold (``_NAME_ADDR``)
DISPLAY_NAME_SCORE = 0.6  # name-shaped words before an address that does not spell them
# A key of a person's contact details or identity, as JSON, YAML or logfmt write it
_PERSONAL_KEY = re.compile(
    r"(?i)(?<![\w-])[\"']?(?:e[-_]?mail(?:[-_]?address)?|phone(?:[-_]?number)?|mobile|tel"
    r"|telephone|ssn|dob|date[-_]?of[-_]?birth|birth[-_]?date|birthday|address|card[-_]?number"
    r"|iban|passport(?:[-_]?number)?)[\"']?[ \t]*[:=]"
)
_SIBLINGS_REACH = 300  # characters around a key where its record's other keys are looked for
# Between a name and its contact details on a label's line; the contact details
_CONTACT_SPLIT = re.compile(r"[ \t]+[/|·•][ \t]+|[ \t]+[-–—][ \t]+|,[ \t]+(?=\S+@)")
_CONTACT = re.compile(r"@|\+?\d[\d .()\-]{6,}\d")
# The longest a label's line may be after its key's start, per entity: a key, ": " and a value
_LONGEST = {entity: 40 + (64 if entity in ("PERSON", "LOCATION") else 124) for entity in COLUMNS}


_BETWEEN = r"[ \t][/|·–—-][ \t]"  # between a name and its contact details on a label's line


def _gate_pattern() -> str:
    """A known key right before ``:`` or ``=`` (after its closing quote, if any); as a label
    (``key:`` unquoted), only a key that names a person alone or "name" in one of the six
    languages (a chat transcript's "Customer: <message>" lines are no field); or a word right
    before an address in angle brackets (a display name)."""

    def alternation(names: set[str]) -> str:
        forms = {r"[ _\-./]?".join(re.escape(part) for part in n.split("_")) for n in names}
        return "|".join(sorted(forms, key=lambda n: (-len(n), n)))

    every = {n for names in COLUMNS.values() for n in names if n not in _NOT_KEYS}
    labels = {n for n in every if n not in AMBIGUOUS} | {"name", "nom", "nombre", "nome", "naam"}
    # the keys that name things too ("customer", "contact") as labels only before a name and its
    # contact details on the line ("Customer: Julia James / julia@…"): a chat's "Customer:
    # <message>" is none
    ambiguous = {n for n in every if n in AMBIGUOUS} - labels
    before = r"(?:^|[^\w])"
    return (
        rf"{before}(?:{alternation(every)})(?:[\"'][ \t]*:|[ \t]*=)"
        rf"|{before}(?:{alternation(labels)})[ \t]*:"
        rf"|{before}(?:{alternation(ambiguous)})[ \t]*:[ \t]*[A-Z][^\n:/|]{{2,60}}?{_BETWEEN}"
        # or before a value that ends the line or a form's field ("Patient: Eleanor Whitcombe"
        # and a wide gap before "DOB:"): a name, if it reads as one; a message is longer; a
        # name before an address in brackets is the display name's (last alternative)
        rf"|{before}(?:{alternation(ambiguous)})[ \t]*:[ \t]*[A-Z][^\n:/|@(<]{{2,60}}?"
        r"(?:[ \t]*\r?\n|[ \t]*$|[ \t]{2,}|\t)"
        r"|\w\"?[ \t]?(?:<[^<>\s@]{1,64}|\([^()<>\s@]{1,64})@"
    )


class FieldValueDetector(BytePassDetector):
    """Values after a key that names them ("first_name": "Maria", Nachname: Müller, dob=...)
    in JSON, YAML, forms and logfmt."""

    name = "field_value"
    entities = tuple(COLUMNS)
    origin = "a JSON member's key, a label, a key=value pair, an e-mail display name (RFC 5322)"

    expression = _gate_pattern()
    case_sensitive = False

    def found(
        self, text: str, chars: CharOffsets | None, matches: Iterator[Spans]
    ) -> Iterator[Finding]:
        done = -1  # where the last finding ended
        for spans in matches:
            start, end = char_span(chars, spans[0])
            if start < done:
                continue
            if text[end - 1] == "@":
                found = self._display_name(text, start, end)
            else:
                key_start = start if is_word_char(text[start]) else start + 1
                colon = text.find(":", key_start, end)  # "Customer: Julia James / ": the key
                key = text[key_start : colon if colon >= 0 else end].rstrip(":= \t\"'")
                entity = column_entity(key)
                if entity is None or column_key(key) in _NOT_KEYS:
                    continue
                found = self._field(text, key_start, entity)
            if found is not None:
                done = found.end
                yield found

    def _field(self, text: str, key_start: int, entity: str) -> Finding | None:
        """The value of the key of ``entity`` that begins at ``key_start``, if it is one."""
        m: re.Match[str] | None
        if key_start > 0 and text[key_start - 1] in "\"'":
            m = _JSON_AT.match(text, key_start - 1)
        else:
            m = _ASSIGN_AT.match(text, key_start)
            if m is None:
                line_start = text.rfind("\n", 0, key_start) + 1
                line_end = text.find("\n", key_start)
                rest = (len(text) if line_end < 0 else line_end) - key_start
                # a label's value is the rest of its line: a chat's "Customer: <message>" is
                # too long to be a name (and not read at all)
                if rest <= _LONGEST[entity] and _LABEL_LEAD.fullmatch(text, line_start, key_start):
                    m = _LABEL_AT.match(text, key_start)
                elif _INLINE_LEAD.search(text, max(line_start, key_start - 8), key_start):
                    m = _INLINE_AT.match(text, key_start)
        if m is None:
            return None
        key = m.group("key")
        if column_entity(key) != entity:
            return None
        group = "quoted" if m.re is _ASSIGN_AT and m.start("quoted") >= 0 else "value"
        value_start, value_end = m.span(group)
        value = text[value_start:value_end].strip()
        value_start = text.index(value, value_start) if value else value_start
        contact = False
        if entity == "PERSON" and m.re is not _JSON_AT and m.re is not _ASSIGN_AT:
            # a form's fields laid out on one line: "Patient: Eleanor Whitcombe   DOB: …"
            value = FIELD_GAP.split(value, maxsplit=1)[0]
            # "Customer: Julia James / julia@… / +1 206 …": the name, then its contact details
            parts = _CONTACT_SPLIT.split(value, maxsplit=1)
            if len(parts) == 2 and _CONTACT.search(parts[1]):
                value, contact = parts[0], True
        if m.re is _ASSIGN_AT and key_start and text[key_start - 1] in "?&":
            value_read = value.replace("+", " ")  # a query string's blank ("name=Laura+Becker")
        else:
            value_read = value
        score = self._score(entity, key, value_read)
        if not score and entity == "PERSON" and column_key(key) in AMBIGUOUS:
            # "name" beside an e-mail address or a phone in the same object or record: a person
            score = person_score(column_key(key), value_read, personal=True)
            lo, hi = max(0, key_start - _SIBLINGS_REACH), value_end + _SIBLINGS_REACH
            if score and not (contact or _PERSONAL_KEY.search(text, lo, hi)):
                score = 0.0
        if not score:
            return None
        return Finding(entity, value_start, value_start + len(value), score, self.name)

    def _display_name(self, text: str, start: int, end: int) -> Finding | None:
        """The display name before the address whose ``<`` the gate found in ``[start, end)``, or
        a name before an address in parentheses, as prose writes it ("opened by Siobhan O'Neill
        (siobhan.oneill@…)")."""
        line_start = text.rfind("\n", 0, start) + 1
        lo = max(line_start, start - _NAME_REACH)
        # the address the gate found, not an earlier one on the line ("To: A <a@x>, B <b@x>"):
        # searched from where its name can begin, after the last mark no name holds (or at a
        # quoted name's opening quote), not tried at every character of the line
        bracket = max(text.rfind("<", start, end), text.rfind("(", start, end))
        before = text[lo:bracket].rstrip(" \t")
        if before.endswith('"'):
            opening = before.rfind('"', 0, len(before) - 1)
            lo += max(0, opening)
        else:
            lo += 1 + max(before.rfind(c) for c in _NOT_IN_NAME)
        m = _NAME_ADDR.search(text, lo, end + 320)
        if m is None or m.end() <= end:
            return None
        group = "qname" if m.start("qname") >= 0 else "name"
        name_start, name_end = _name_span(text, *m.span(group))
        name = text[name_start:name_end]
        local = m.group("local") if m.start("local") >= 0 else m.group("plocal")
        if not name:
            return None
        if _is_personal_name(name) or _named_mailbox(name, local):
            return Finding("PERSON", name_start, name_end, AMBIGUOUS_SCORE, self.name)
        if m.start("local") >= 0 and person_score("name", name, personal=True):
            # a display name of two to four name-shaped words, none a team's, a company's or a
            # product's ("Misty Barker <fitzgerald@…>"): a person, less surely
            return Finding("PERSON", name_start, name_end, DISPLAY_NAME_SCORE, self.name)
        return None

    @staticmethod
    def _score(entity: str, key: str, value: str) -> float:
        """The score of ``value`` under a key of ``entity`` (0: not reported)."""
        if not value or len(value) > 120 or is_placeholder(value):
            return 0.0
        if not SHAPES[entity].fullmatch(value):
            return 0.0
        if entity == "PERSON":
            return person_score(column_key(key), value)
        if entity in _CAPITALISED and not (value[:1].isupper() or value[:1].isdigit()):
            return 0.0
        if entity == "STREET_ADDRESS" and " " not in value:
            return 0.0
        if entity == "PHONE_NUMBER" and not 6 <= sum(c.isdigit() for c in value) <= 15:
            return 0.0
        return SCORE


def _name_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The display name's span without the words before it on its line that are no part of
    it ("From: ", "cc ", "opened by "): the capitalised words (and particles between them)
    that end right before the address."""
    words = [(m.start(), m.group()) for m in _TOKEN.finditer(text, start, end)]
    keep = len(words)
    while keep and (words[keep - 1][1][:1].isupper() or words[keep - 1][1] in PARTICLES):
        keep -= 1
    words = words[keep:]
    while len(words) > 1 and (
        not words[0][1][:1].isupper()
        or words[0][1].lower().rstrip(",.:") in NOT_NAMES
        or _CLOCK_WORDS.fullmatch(words[0][1].rstrip(",.:"))
    ):
        # a particle, a greeting or a title cannot open the name, nor a clock's "AM" ("On Mon,
        # Dec 7, 2026 at 10:42 AM Heather Mitchell <…> wrote:")
        words.pop(0)
    if words and not words[0][1][:1].isupper():
        words = []
    return (words[0][0], end) if words else (start, start)


_CLOCK_WORDS = re.compile(r"(?i:[ap]\.?m\.?|utc|gmt|[a-z]?[cemp][sd]?t|uhr|h)")


_TOKEN = re.compile(r"\S+")


def _is_personal_name(name: str) -> bool:
    """A display name that is a person's name as a line of its own would be (the honorific
    detector's reading: a given name first, particles and initials allowed), also when a
    directory writes it "Surname, Given"."""
    if "," in name:
        surname, _, given = name.partition(",")
        name = f"{given.strip()} {surname.strip()}"
    return is_name_line(name)


# Words of a role's or a team's mailbox ("Customer Service <customer.service@…>", "Sales Team
# <sales.team@…>"): their display name spells their address too, and names nobody.
_MAILBOX_WORDS = (
    ORG_WORDS
    | PRODUCTS
    | word_set(
        "support service services team sales info billing office help desk helpdesk admin"
        " administrator marketing notifications notification noreply reply news newsletter contact"
        " hello security accounts accounting finance payroll hr jobs careers press media orders"
        " shop store customer customers care success operations ops dev devops engineering it"
        " legal compliance privacy abuse postmaster webmaster bot robot system systems alerts alert"
        " monitoring reports report updates update feedback community partners partner group"
        " department dept mail email inbox mailbox the and of"
    )
)
_NAME_WORD_SHAPE = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-ſḀ-ỿ][a-zß-öø-ÿĀ-ſḀ-ỿ'’\-]+")


def _named_mailbox(name: str, local: str) -> bool:
    """A display name of two to four capitalised words whose address spells them: the surname
    in the local part, and the given name or its initial ("Max Mustermann
    <max.mustermann@…>", "Max Mustermann <mmustermann@…>"), or the given name and the
    surname's initial ("Kenji Watanabe (kenji.w@…)"); no role's or team's word."""
    words = name.split()
    if not 2 <= len(words) <= 4 or not all(_NAME_WORD_SHAPE.fullmatch(w) for w in words):
        return False
    if any(w.lower() in _MAILBOX_WORDS for w in words):
        return False  # a team's, a company's or a product's mailbox ("Acme Corp <acme.corp@…>")
    mailbox = re.sub(r"[^a-z]", "", local.lower())
    first, last = words[0].lower(), re.sub(r"[^a-z]", "", words[-1].lower())
    if len(first) >= 3 and len(last) >= 3 and mailbox == first + last[0]:
        return True  # "kenji.w", "annak"
    if len(last) < 3 or last not in mailbox:
        return False
    rest = mailbox.replace(last, "", 1)
    return first in rest or rest == first[:1] or mailbox.startswith(first[:1] + last)


# ---------------------------------------------------------------------------------------------
# Lists of people after a label that says they are people: meeting notes, tickets, mails.

# The labels, in the engine's six languages, at a line's start (after a list's "-" or "*"),
# before ":" (group 1: where the list starts).
_PEOPLE_LABELS = (
    "attendees|attendance|participants|present|absent|apologies|invitees|guests|speakers"
    "|founders|co-founders|cofounders|organi[sz]ers|moderators|presenters|facilitators|hosts"
    "|mentors|instructors|trainers|witnesses"
    "|panelists|panellists|reviewers|assignees|approvers|authors|contributors|signatories"
    "|team[ \t]+members|members|people|stakeholders|interviewers|interviewees|candidates"
    "|teilnehmer(?:innen|:innen)|teilnehmende|teilnehmer|anwesend|abwesend|entschuldigt|gäste"
    "|présents|présentes|absents|excusés|invités|intervenants|participantes|asistentes"
    "|ausentes|invitados|partecipanti|presenti|assenti|invitati|relatori|aanwezig|afwezig"
    "|deelnemers|genodigden|sprekers"
)
# The sender's and recipients' lines of a forwarded or quoted mail's header block, in the
# engine's six languages (group 1), read only where the block's other lines stand ("Sent:",
# "Subject:", "Betreff:"...): "From: Holly Cordova" / "Sent: Monday…" / "To: Mark Lewis".
_HEADER_LABELS = "from|to|cc|bcc|von|an|de|à|para|da|a|van|aan"
_HEADER_BLOCK = re.compile(
    r"(?im)^[ \t>]*(?:sent|subject|date|betreff|gesendet|datum|objet|envoyé|asunto"
    r"|enviado(?:[ \t]+el)?|fecha|oggetto|inviato|data|onderwerp|verzonden)[ \t]*:"
)
_BLOCK_REACH = 200  # characters around a header line where its block's other lines stand
_BLOCK_WORDS = frozenset({
    "sent:", "subject:", "betreff:", "gesendet:", "objet", "asunto:", "enviado", "oggetto:",
    "inviato:", "onderwerp:", "verzonden:",
})  # fmt: skip
# The label at a line's start, or within a line ("Meeting notes 12/3 — attendees: Sophie,
# Lukas", "the brainchild of our 3 founders: Mazzi, Bowman and Hill."; group 2 marks this one,
# whose list ends with its sentence)
_PEOPLE_LIST = (
    rf"(?im)(?:^[ \t>]*(?:[-*•][ \t]+)?(?:\*\*)?(?:({_HEADER_LABELS})|{_PEOPLE_LABELS})"
    rf"|(\b)(?:{_PEOPLE_LABELS}))(?:\*\*)?"
    r"[ \t]*(?:\([^)\n]{0,40}\)[ \t]*)?:(?:\*\*)?[ \t]*(\S)"
)
# Where a list within a line ends: its sentence's full stop ("…, Chen Wei. Decision: …"), or
# _LIST_REACH characters on
_LIST_END = re.compile(r"[^\W\d_]{3}\.(?:[ \t]|$)")
_LIST_REACH = 400
# Between the items of a list: a comma or semicolon, "and" in six languages, a slash
_ITEM_SPLIT = re.compile(r"[ \t]*(?:[,;/·|]|\b(?:and|und|et|y|e|en|&)\b)[ \t]*")
# What may follow a person in a list: a role in parentheses or after a dash ("Priya Raman
# (PM)", "Tobias Krüger – Legal")
_ITEM_TAIL = re.compile(r"[ \t]*(?:\([^)]*\)|[-–—][ \t].*)$")
_PEOPLE_SCORE = 0.6
# Teams and departments a list names where people would stand ("Attendees: Sales, Legal")
_DEPARTMENTS = word_set(
    "sales marketing legal finance accounting engineering product design support operations"
    " security management board devops frontend backend platform data analytics research hr"
    " it qa ops infra infrastructure cloud mobile web growth procurement purchasing compliance"
    " audit risk facilities logistics partners customers vendors interns contractors guests"
    " directors investors executives leadership recruiting recruitment payroll treasury tax"
    " vertrieb einkauf personal buchhaltung recht ventes achats juridique ventas compras"
    " vendite acquisti verkoop inkoop"
)
# Words that are no person in such a list: the whole team, nobody, the rest.
_NOT_PEOPLE = word_set(
    "all everyone everybody nobody none n/a tbd tba team teams staff others rest everyone else"
    " alle niemand keine tous personne todos nadie tutti nessuno iedereen niemand"
)


class PeopleListDetector(BytePassDetector):
    """The people a label lists: "Attendees: Priya Raman, Tobias Krüger and Léa Martin",
    "Absent: Wojciech Zieliński", "Teilnehmer: …", "Présents : …", in six languages. Each item
    of two to four capitalised words (or one given name of the gazetteer) is a ``PERSON``;
    a team, a company or a product is not ("Attendees: Sales team, Acme Corp")."""

    name = "people_list"
    entities = ("PERSON",)
    origin = "labels of lists of people (meeting notes, tickets, mails) in six languages"
    # the labels, "team members" by its last word and the German forms by "teilnehmer"; a mail
    # header's by the other lines of its block
    keywords = tuple(
        sorted(
            {w for w in _PEOPLE_LABELS.split("|") if w.isalpha()} | {"teilnehmer"} | _BLOCK_WORDS
        )
    )
    expression = _PEOPLE_LIST
    case_sensitive = False

    def found(
        self, text: str, chars: CharOffsets | None, matches: Iterator[Spans]
    ) -> Iterator[Finding]:
        done = 0  # where the last list read ended: a label inside it starts none of its own
        for spans in matches:
            start = char_span(chars, spans[3])[0]
            if start < done:
                continue
            end = text.find("\n", start)
            end = len(text) if end < 0 else end
            if spans[2][0] >= 0:  # within a line: up to its sentence's end, a list's length
                end = min(end, start + _LIST_REACH)
                stop = _LIST_END.search(text, start, end)
                end = stop.start() + 3 if stop else end
            done = end
            if spans[1][0] >= 0:  # a mail header's "From:" or "To:": only in its block
                at = char_span(chars, spans[1])[0]
                if not _HEADER_BLOCK.search(text, max(0, at - _BLOCK_REACH), end + _BLOCK_REACH):
                    continue
                for mark in ("<", "["):  # "Holly Cordova <holly@…>", "[mailto:…]"
                    cut = text.find(mark, start, end)
                    end = cut if cut >= 0 else end
            items, pos = [], start
            for sep in [*_ITEM_SPLIT.finditer(text, start, end), None]:
                item_end = end if sep is None else sep.start()
                items.append((pos, item_end, _person_item(text, pos, item_end)))
                if sep is not None:
                    pos = sep.end()
            people = sum(span is not None for _, _, span in items)
            # in a list most of whose items are people, a surname no list knows is one too
            # ("founders: Mazzi, Bowman and Hill")
            most = people >= 2 and 3 * people >= 2 * len(items)
            for item_start, item_end, span in items:
                person = (
                    _capitalised_item(text, item_start, item_end) if span is None and most else span
                )
                if person is not None:
                    yield Finding("PERSON", *person, _PEOPLE_SCORE, self.name)


def _person_item(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of the person ``text[start:end]`` names, without a role after it; ``None`` for
    a team, a company, a product, a word of everybody."""
    item = text[start:end]
    tail = _ITEM_TAIL.search(item)
    if tail is not None:
        item = item[: tail.start()]
    lead = len(item) - len(item.lstrip())
    item = item.strip().rstrip(".")
    words = item.split()
    if not words or item.lower() in _NOT_PEOPLE:
        return None
    if len(words) == 1:
        word = words[0]
        lower = word.lower()
        # a given name, or a surname written as a name is ("Bowman", "Kowalski"), not a team's
        surname = word[:1].isupper() and word[1:].islower() and is_surname(lower)
        person = (is_given_name(word) or surname) and lower not in NOT_IN_NAMES
        person = person and lower not in _DEPARTMENTS
    else:
        person = name_shaped([w for w in words if w.lower() not in PARTICLES])
    return (start + lead, start + lead + len(item)) if person else None


def _capitalised_item(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of one word written as a name is ("Hill"), no team's, company's or product's
    word, among the people of a list."""
    item = text[start:end]
    lead = len(item) - len(item.lstrip())
    word = item.strip().rstrip(".")
    lower = word.lower()
    if not (word.isalpha() and word[:1].isupper() and word[1:].islower() and len(word) > 1):
        return None
    if lower in _DEPARTMENTS or lower in NOT_IN_NAMES or lower in _NOT_PEOPLE:
        return None
    return start + lead, start + lead + len(word)


# ---------------------------------------------------------------------------------------------
# A chat's or a transcript's speakers: "Anna: Hi, I can't log in", "[10:42] Tobias Krüger: …"

# At a line's start, after a time stamp, a list's mark or a quote's ">": one or two capitalised
# words, a colon and what was said (a word, after one name alone: "Max: 100" is a value). No
# group: RE2 finds a match's bounds with its DFAs alone, and the speaker is read from the line
# in Python (``_SPEAKER_LEAD``, the colon).
_STAMP = r"\[?[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:[ \t]?[AaPp][Mm])?\]?[ \t]+"
_SPEAKER = (
    rf"(?m)^[ \t]*(?:{_STAMP})?(?:[-*•>][ \t]*)?(?:\*\*)?"
    r"[A-Z\x{80}-\x{10FFFF}][A-Za-z\x{80}-\x{10FFFF}'’\-]+(?:[ \t]+[A-Z\x{80}-\x{10FFFF}]"
    r"[A-Za-z\x{80}-\x{10FFFF}'’\-]+)?(?:\*\*)?[ \t]{0,2}:[ \t]+[^ \t\r\n]"
)
# (a list's "*" is no bold's "**": a quote's ">" reads as a space, so "> **Jonas**:" comes as
# "  **Jonas**:")
_SPEAKER_LEAD = re.compile(rf"[ \t]*(?:{_STAMP})?(?:(?:[-•>]|\*(?!\*))[ \t]*)?(?:\*\*)?")
SPEAKER_SCORE = 0.6


class SpeakerDetector(BytePassDetector):
    """The speakers of a chat or a transcript: a given name of the gazetteer, or a person's
    name of two words led by one, before a colon at a line's start ("Anna: Hi, I can't log
    in", "[10:42] Tobias Krüger: can someone send it?", "- Léa: the pen-test found …"). A
    header's or a label's word is none ("Subject:", "Note:"), nor a value that is no sentence
    ("Max: 100")."""

    name = "speaker"
    entities = ("PERSON",)
    origin = "chat transcripts and meeting notes: a name before a colon at a line's start"
    expression = _SPEAKER

    def found(
        self, text: str, chars: CharOffsets | None, matches: Iterator[Spans]
    ) -> Iterator[Finding]:
        for spans in matches:
            line_start, line_end = char_span(chars, spans[0])
            lead = _SPEAKER_LEAD.match(text, line_start, line_end)
            start = lead.end() if lead else line_start
            end = text.index(":", start, line_end)
            while end > start and text[end - 1] in " \t":
                end -= 1  # "Anna : bonjour" (French), "**Jonas**:" read with blanks for "**"
            if text.endswith("**", start, end):
                end -= 2
            name = text[start:end]
            words = name.split()
            if not words or words[0].lower() in HEADERS or not is_given_name(words[0]):
                continue
            if len(words) == 2 and not is_name_line(name):
                continue
            said = text.index(":", end) + 1
            while said < line_end and text[said] in " \t":
                said += 1
            if len(words) == 1 and not text[said : said + 1].isalpha():
                continue  # "Max: 100": a value; but "Léa Martin: +47 412 34 567" is a message
            yield Finding("PERSON", start, end, SPEAKER_SCORE, self.name)


# ---------------------------------------------------------------------------------------------
# A person's name in a home directory's path: "C:\\Users\\anna.keller\\…", "/home/anna_keller/"

# group 1: the user's directory name
_HOME = (
    r"(?i)(?:\b[a-z]:\\+(?:users|documents and settings)\\+|(?:^|[\s\"'=(:])/(?:home|users)/)"
    r"([a-z][a-z0-9._-]{2,40})(?:[\\/\s\"')]|$)"
)
_USER_PARTS = re.compile(r"[._-]")
HOME_SCORE = 0.6


class HomeDirectoryDetector(BytePassDetector):
    """A person's name as a home directory spells it: "C:\\Users\\anna.keller\\projects",
    "/home/anna_keller/.venv", "/Users/jean-luc.moreau/" (a given name of the gazetteer, then a
    surname, joined by a dot, an underscore or a hyphen), "/home/jsmith" (an initial and an
    English surname). Stack traces and logs pasted into a prompt carry them; "/home/ubuntu",
    "/home/runner" or "C:\\Users\\Public" name nobody this way and are left alone."""

    name = "home_directory"
    entities = ("PERSON",)
    origin = "home directories of Windows, macOS and Linux, named after their user"
    keywords = ("\\users\\", "/home/", "/users/", "documents and settings")
    expression = _HOME
    case_sensitive = True

    def found(
        self, text: str, chars: CharOffsets | None, matches: Iterator[Spans]
    ) -> Iterator[Finding]:
        for spans in matches:
            start, end = char_span(chars, spans[1])
            if spells_a_person(text[start:end]):
                yield Finding("PERSON", start, end, HOME_SCORE, self.name)


def spells_a_person(account: str) -> bool:
    """Whether an account's name spells a person's: a given name of the gazetteer, then a
    surname, joined by a dot, an underscore or a hyphen ("anna.keller", "jean-luc_moreau"), or
    an initial glued to a surname of the lists ("jsmith", "mthompson", "mkowalski"); not
    "build-agent", "admin.backup" or "ubuntu"."""
    if account.isalpha() and account.islower() and len(account) >= _GLUED_MIN:
        return is_surname(account[1:])  # "jsmith": j. Smith; "mkowalski": m. Kowalski
    parts = [p for p in _USER_PARTS.split(account) if p]
    if not 2 <= len(parts) <= 4 or not all(p.isalpha() for p in parts):
        return False
    if len(parts[0]) < 3 or not _given_name(parts[0]) or len(parts[-1]) < 2:
        return False
    return not any(p.lower() in _NOT_USERS for p in parts)


# ---------------------------------------------------------------------------------------------
# A person's name as an account: "Failed password for anna.keller from …", "user=jean.moreau"

# group 1: the account after what names one in an authentication log (OpenSSH's and PAM's
# messages, sudo's, a key=value "user=" or "login:") or after "User '…'".
_LOGIN = (
    r"(?i)(?:\b(?:failed|accepted)[ \t]+(?:password|publickey|keyboard-interactive(?:/pam)?"
    r"|gssapi-with-mic|hostbased|none)[ \t]+for[ \t]+(?:invalid[ \t]+user[ \t]+)?"
    r"|\binvalid[ \t]+user[ \t]+|\bfor[ \t]+user[ \t]+['\"]?|\bsudo:[ \t]+"
    r"|\b(?:r?user(?:name)?|login(?:[ \t]?name)?|logname|account|uid)[ \t]*[=:][ \t]*['\"]?"
    r"|\buser[ \t]+['\"])"
    r"([a-z][a-z0-9._-]{3,40})"
)
LOGIN_SCORE = 0.6


class LoginNameDetector(BytePassDetector):
    """A person's name as an account spells it in an authentication log: "Failed password for
    anna.keller from …", "Accepted publickey for tobias.krueger", "Invalid user jean-luc.moreau",
    "session opened for user priya_raman", "user=lea.martin", "User 'jonas.weber' locked" (a
    given name of the gazetteer, then a surname, as :func:`spells_a_person` reads them). An
    account that spells nobody ("root", "jsmith", "deploy-bot") and an e-mail address (the
    ``email`` detector's) are left alone."""

    name = "login_name"
    entities = ("PERSON",)
    origin = "OpenSSH, PAM and sudo log messages; user= and login: fields"
    # the cues as the expression reads them (a blank or a quote after "user" alone)
    keywords = (
        "password for", "publickey for", "keyboard-interactive", "gssapi-with-mic",
        "hostbased for", "none for", "invalid user", "for user", "sudo:", "user=", "user =",
        "user:", "user :", "user '", 'user "', "username", "login=", "login:", "login name",
        "loginname", "logname", "account=", "account:", "uid=", "uid:",
    )  # fmt: skip
    expression = _LOGIN
    case_sensitive = False

    def found(
        self, text: str, chars: CharOffsets | None, matches: Iterator[Spans]
    ) -> Iterator[Finding]:
        for spans in matches:
            start, end = _account_span(text, chars, spans[1])
            if text[end : end + 1] == "@" or not spells_a_person(text[start:end]):
                continue
            yield Finding("PERSON", start, end, LOGIN_SCORE, self.name)


# ---------------------------------------------------------------------------------------------
# A person's name as a chat mentions them: "@anna.keller can you check?", "cc @jsmith"

# group 1: the handle after an "@" that opens a word (an e-mail address's "@" follows its local
# part)
_MENTION = r"(?m)(?:^|[\s(\[\"'<>,;:/])@([A-Za-z][A-Za-z0-9._\-]{2,40})"
_CAMEL = re.compile(r"[A-Z][a-z]+")
MENTION_SCORE = 0.6


class MentionDetector(BytePassDetector):
    """A person as a chat, an issue or a commit message mentions them: "@anna.keller can you
    check?", "thanks @priya_raman", "cc @jsmith" (a handle that spells a person as
    :func:`spells_a_person` reads it, or as "@AnnaKeller" writes it), "@tobias please review"
    (a given name of the gazetteer alone) and "@Anna Keller" (Slack's and Teams' mention of a
    display name). A Slack summary or a pull request pasted into a prompt is full of them. Not
    "@here", "@channel", a team's handle ("@platform-team"), a decorator ("@property",
    "@app.route(…)"), an annotation ("@Override"), a package's scope ("@angular/core") or
    a documentation tag ("@param")."""

    name = "mention"
    entities = ("PERSON",)
    origin = "chat, issue and commit mentions (Slack, Teams, GitHub, GitLab, Jira)"
    keywords = ("@",)
    expression = _MENTION

    def found(
        self, text: str, chars: CharOffsets | None, matches: Iterator[Spans]
    ) -> Iterator[Finding]:
        for spans in matches:
            start, end = _account_span(text, chars, spans[1])
            if text[end : end + 1] in ("/", "(", "@") or _decorator(text, start, end):
                continue
            handle = text[start:end]
            words = _CAMEL.findall(handle)
            if len(words) >= 2 and "".join(words) == handle:
                handle = ".".join(words).lower()  # "AnnaKeller": anna.keller
            if spells_a_person(handle):
                yield Finding("PERSON", start, end, MENTION_SCORE, self.name)
            elif _given_name(handle) and handle.lower() not in NOT_IN_NAMES:
                yield Finding(
                    "PERSON", start, _display_name(text, start, end), MENTION_SCORE, self.name
                )


_DECORATOR_REACH = 120  # characters looked at around a mention (a bound: linear on any text)


def _decorator(text: str, start: int, end: int) -> bool:
    """Whether the "@" before ``start`` opens a line of code as a decorator or an annotation
    does: nothing before it on its line, and nothing after its name but a call's arguments."""
    lo = max(0, start - 1 - _DECORATOR_REACH)
    line_start = text.rfind("\n", lo, start) + 1
    if (line_start == 0 and lo > 0) or text[line_start : start - 1].strip():
        return False  # words before it on its line
    hi = min(len(text), end + _DECORATOR_REACH)
    line_end = text.find("\n", end, hi)
    rest = text[end : hi if line_end < 0 else line_end].strip()
    return not rest or rest.startswith("(")


def _display_name(text: str, start: int, end: int) -> int:
    """Where a mention of a given name ends: after the surname that follows it when the two
    read as a name ("@Anna Keller, can you…"), else after the given name."""
    if not text[start : start + 1].isupper() or text[end : end + 1] != " ":
        return end
    surname_end = end + 1
    while surname_end < len(text) and (text[surname_end].isalpha() or text[surname_end] in "-'"):
        surname_end += 1
    name = text[start:surname_end]
    surname = text[end + 1 : surname_end].lower()
    if surname in SENTENCE_OPENERS or surname in LEADING_VERBS or surname in UI_VERBS:
        return end  # "@Anna Can you…", "@Anna Please review"
    if surname_end > end + 2 and name_shaped(name.split()) and is_name_line(name):
        return surname_end
    return end


def _account_span(text: str, chars: CharOffsets | None, span: tuple[int, int]) -> tuple[int, int]:
    """An account's or a handle's span, without the sentence's full stop (or dash) after it."""
    start, end = char_span(chars, span)
    while end > start and text[end - 1] in ".-_":
        end -= 1
    return start, end


def _given_name(word: str) -> bool:
    """A given name of the gazetteer in any case ("anna", "ANNA"), or a compound of them."""
    return is_given_name(word.capitalize())


_GLUED_MIN = 5  # an initial and a surname of four letters or more ("jsmith", "tholt")

# Words of accounts that are no person's ("admin.backup", "build-agent")
_NOT_USERS = word_set(
    "admin administrator root user users default public shared service svc build agent runner"
    " deploy test dev ci bot backup temp guest local system app www data"
)


def detectors(settings: ScanSettings) -> list[Detector]:
    """The field-value detector, the lists of people, a chat's speakers, home directories and
    accounts."""
    return [
        FieldValueDetector(),
        PeopleListDetector(),
        SpeakerDetector(),
        HomeDirectoryDetector(),
        LoginNameDetector(),
        MentionDetector(),
    ]
