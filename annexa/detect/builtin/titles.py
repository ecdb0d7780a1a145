"""A person's title (TITLE): the honorific before a name, and a job title said of a person.

Neither is much by itself: "Mr." names nobody and "accountant" is a word of the language. Both
narrow down who a text is about, and together with a name, an employer or a town they identify
someone (a quasi-identifier); presidio-research labels both TITLE. The starter policy levels
TITLE ``public``: it is reported and audited, not rewritten, unless a policy says otherwise.

- **Honorifics**, the word only, right before a name (a capitalised word or an initial):
  ``Mr.``, ``Mrs.``, ``Ms.``, ``Mx.``, ``Miss``, ``Dr.``, ``Prof.``, ``Sir``, ``Dame``, ``Rev.``
  and the usual ones in German (``Herr``, ``Herrn``, ``Frau``, ``Hr.``, ``Fr.``), French
  (``M.``, ``Mme``, ``Mlle``, ``Monsieur``, ``Madame``; ``M.`` not after a given name, where
  it is a middle initial, nor before a degree's abbreviation, ``M. Sc.``), Spanish (``Sr.``,
  ``Sra.``, ``Srta.``), Italian (``Sig.``, ``Sig.ra``, ``Dott.``) and Dutch (``Dhr.``,
  ``Mevr.``, ``Mw.``). In lower case only the unambiguous ``mr``/``mrs``/``ms`` (followed by
  a word): "miss", "sir" and "dr" are also everyday words and abbreviations.
  Not honorifics: ``Dr`` after a house number and street name (``12 Main Dr. Springfield``),
  ``ms`` after a number (``50 ms``) and ``MS`` before a Microsoft product (``MS Word``).
  The name after an honorific is reported too, as ``PERSON``, with or without NER: what an
  honorific is for ("Mrs. ⟦Joanna Wiśniewska⟧"), but not an office ("Mr. President"), a brand
  ("Dr. Pepper") or a letter ("Mr. X").
- **Job titles**, the title only, where the text says it is someone's occupation:
  - after a verb of employment and ``as``: "I used to work for Acme as ⟦Rolling machine
    operator⟧", "she was hired as a ⟦data analyst⟧", "joined in 2019 as ⟦Senior Software
    Engineer⟧";
  - after a person and ``is a``: "I am a ⟦nurse⟧", "Maria is an ⟦accountant⟧";
  - after a label: "Job title: ⟦Benefits manager⟧", "Position: ⟦Senior accountant⟧"; after a
    label that names an occupation, whatever words follow it ("Occupation: ⟦soldier⟧",
    "Beruf: ⟦Elektriker⟧"), in the engine's six languages;
  - on a line of its own right under a person's name, as in a signature, a business card or
    a résumé ("Karin M. Beike / ⟦Leasing consultant⟧"); the name above it is then reported
    too, as ``PERSON`` (a name-shaped line with a job title under it is someone's, with or
    without NER).
  A title is up to seven words ending in an occupation's head noun (``clerk``, ``operator``,
  ``engineer``, ``nurse``, …; the heads of the job titles of the US Standard Occupational
  Classification and of ISCO-08). A rarer occupation with a head of its own ("Fumigator",
  "Echocardiographer") is found only after an occupation's label.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from annexa.detect.builtin._bytes import BytePassDetector, Spans, char_span
from annexa.detect.builtin._regions import CharOffsets
from annexa.detect.builtin._words import CALENDAR, ORG_WORDS, PRODUCTS, name_shaped
from annexa.detect.builtin.given_names import is_given_name, is_introduced_name
from annexa.detect.context import word_set
from annexa.detect.interface import Detector, Finding, ScanContext
from annexa.detect.secrets_common import occurrences as offsets_of
from annexa.settings import ScanSettings

# Any non-ASCII character counts as a letter: RE2 builds a large automaton for \pL, one per
# copy, and none of the expressions here has a counted repeat (words are counted after a match).
_NON_ASCII = r"[\x{80}-\x{10FFFF}]"
_NAME_START = r"[A-Za-z\x{80}-\x{10FFFF}]"

# ---------------------------------------------------------------------------------------------
# Honorifics

# Written with or without their period; matched case-sensitively as written here, and in lower
# case only where :data:`_LOWER_OK` says so.
_HONORIFICS = word_set(
    "Mr Mrs Ms Mx Miss Dr Prof Sir Dame Rev Revd Herr Herrn Hr Frau Fr Mme Mlle Monsieur Madame"
    " Mademoiselle Sr Sra Srta Señor Señora Señorita Sig Sig.ra Sig.na Signor Signora Signorina"
    " Dott Dott.ssa Dottor Dottoressa Avv Ing Dhr Mevr Mw Meneer Mevrouw M Dña Don Doña"
    # a household addressed by its name, as letters and delivery addresses do ("Familie
    # Özdemir", "Fam. Weber", "la famille Dupont")
    " Familie Famille Familia Famiglia"
)
_LOWER_OK = frozenset({"mr", "mrs", "ms", "mx"})
# Written in lower case in running text in their languages ("il dottor Bianchi", "la signora
# Rossi", "el señor García", "monsieur Dupont", "meneer Jansen"): honorifics only before a
# capitalised name.
_LOWER_BEFORE_CAPITAL = frozenset({
    "signor", "signora", "signorina", "dottor", "dottoressa", "señor", "señora", "señorita",
    "monsieur", "madame", "mademoiselle", "meneer", "mevrouw",
    # professions written before a name as titles: "l'ingegner Ferrari", "l'avvocato Rossi",
    # "il professor Bianchi", "el doctor García", "el licenciado Pérez", "don Pedro",
    # "le docteur Martin", "maître Dupont", "dokter Jansen"
    "ingegner", "ingegnere", "avvocato", "avvocatessa", "professor", "professore",
    "professoressa", "architetto", "ragionier", "ragioniere", "doctor", "doctora",
    "licenciado", "licenciada", "don", "doña", "docteur", "professeur", "maître", "dokter",
    "famille", "familia", "famiglia", "familie",
})  # fmt: skip
# abbreviated, with their period: "il sig. Rossi", "la dott.ssa Bianchi", "sr. García" (a word
# written out and a period after it ends a sentence: "… ask the professor. Future plans")
_LOWER_ABBREVIATED = frozenset({
    "sig", "sig.ra", "sig.na", "dott", "dott.ssa", "avv", "ing", "sr", "sra", "srta", "dhr",
    "mevr", "arch", "rag", "lic",
})  # fmt: skip
_LOWER_BEFORE_CAPITAL |= _LOWER_ABBREVIATED
# Honorifics that must carry their period: without it they are other words or abbreviations.
_PERIOD_NEEDED = frozenset(
    {"Sr", "Sig", "Dott", "Dhr", "Mevr", "Mw", "Rev", "Sra", "Srta", "M", "Hr", "Fr", "Avv", "Ing"}
    | {"Arch", "Rag", "Lic", "Dña"}
)
_MICROSOFT = word_set(
    "Word Excel Teams Office Access Outlook Project Paint Edge SQL DOS Azure Windows Visio"
    " Exchange SharePoint Dynamics PowerPoint Defender Intune Entra Forms Planner OneNote"
)
_HONORIFIC_ALT = (
    "|".join(sorted((re.escape(h) for h in _HONORIFICS), key=lambda h: (-len(h), h)))
    + "|mrs|mr|ms|mx|"
    + "|".join(sorted(_LOWER_BEFORE_CAPITAL, key=lambda h: (-len(h), h)))
)
# group 1: the honorific, 2: its period, 3: the name word (or initial) after it
_HONORIFIC = rf"\b({_HONORIFIC_ALT})(\.?)[ \t]+({_NAME_START}(?:[A-Za-z'’\-]|{_NON_ASCII})*\.?)"
# "12 Main Dr." / "4 Elm Street Dr": a house number and street words before "Dr" on the line
_STREET_BEFORE = re.compile(r"\d+[A-Za-z]?[ \t]+(?:[A-Z][\w'.-]*[ \t]+){1,3}$")
_NUMBER_BEFORE = re.compile(r"\d[ \t]*$")


def _honorific(text: str, start: int, end: int, period: bool, name: str) -> bool:
    """Whether ``text[start:end]`` (``period``: a ``.`` follows it) is an honorific before
    ``name``."""
    word = text[start:end]
    if word.islower():
        if word in _LOWER_BEFORE_CAPITAL:
            if not name[:1].isupper() and name not in _NAME_PARTICLES:
                return False  # "la signora che", "madame est"; but "mevrouw de Vries"
            if period and word not in _LOWER_ABBREVIATED:
                return False  # "ask the doctor. Call me": the sentence ends
        elif word not in _LOWER_OK or not name[:1].isalpha():
            return False
    elif not name[:1].isupper() and name not in _NAME_PARTICLES:
        return False  # "Dhr. de Vries", "Herr von Trapp": a particle may open the name
    if (word in _PERIOD_NEEDED or word.capitalize() in _PERIOD_NEEDED) and not period:
        return False
    if word.isupper() and len(word) > 1:
        return False  # "MS", "DR", "MR": an acronym, a heading, a shouting line
    if word in ("Ms", "ms") and name.rstrip(".") in _MICROSOFT:
        return False
    lo = max(0, start - 80)
    before = text[max(lo, text.rfind("\n", lo, start) + 1) : start]
    if word.lower() in ("ms", "mr", "mrs") and _NUMBER_BEFORE.search(before):
        return False  # "50 ms. Then": a duration
    if before.endswith(("-", "/")):
        return False  # "sub-ms detectors", "req/ms"
    if word.lower() in ("don", "doña") and not is_given_name(name.rstrip(".")):
        return False  # "don Pedro", "Doña Carmen"; "don Gore-Tex jackets" is a verb, "Don
        # Smith" a given name
    if word == "M":  # French "M. Martin"; not a middle initial ("John M. Smith"), a degree
        if name.endswith("."):  # "M. Sc.", "M. A."
            return False
        last = before.rstrip().rpartition(" ")[2]
        return not (last[:1].isupper() and is_given_name(last.strip(",")))
    return not (word == "Dr" and _STREET_BEFORE.search(before))


# ---------------------------------------------------------------------------------------------
# Job titles

# The head nouns of occupational titles (the last word of a title: "Rolling machine OPERATOR").
HEAD_NOUNS = word_set(
    """
    accountant actor actress actuary adjuster administrator advisor adviser agent aide analyst
    anesthesiologist anesthetist animator announcer anthropologist appraiser apprentice
    arbitrator archaeologist architect archivist artist assembler assessor assistant associate
    astronomer attendant attorney auditor author baker banker barber barista bartender
    biologist blacksmith boilermaker bookkeeper brewer bricklayer broker builder butcher buyer
    cameraman captain cardiologist caretaker carpenter cartographer cashier caster cellist
    chaplain chef chemist chief chiropractor choreographer cleaner clerk coach collector
    columnist commissioner composer concierge conductor conservator consultant controller
    cook coordinator copywriter coroner correspondent cosmetologist counselor counsellor
    courier curator custodian cutter dancer dealer dean decorator dentist deputy dermatologist
    designer detective developer dietitian dietician diplomat director dispatcher distributor
    diver doctor drafter draftsman driver drummer economist editor educator electrician
    embalmer engineer engraver entertainer epidemiologist estimator examiner executive
    farmer fabricator financier finisher firefighter fisher fisherman fitter florist forester
    founder gardener geographer geologist geophysicist glazier goldsmith grader groomer guard
    guide gynecologist hairdresser handler harvester helper historian hostess housekeeper
    hygienist illustrator inspector installer instructor interpreter interviewer investigator
    janitor jeweler jeweller journalist judge labourer laborer landscaper lawyer lecturer
    legislator librarian lifeguard lineman linguist locksmith logistician machinist maid
    manager marshal mason mathematician mechanic mediator merchandiser meteorologist
    microbiologist midwife millwright miner minister model mortician musician nanny
    negotiator neurologist neurosurgeon nurse nutritionist obstetrician officer oncologist
    operator optician optometrist orderly organizer organiser orthodontist painter
    paralegal paramedic pathologist pediatrician paediatrician performer pharmacist
    photographer physician physicist physiotherapist pianist pilot planner plasterer plumber
    podiatrist poet porter postman postmaster president priest principal printer producer
    professor programmer promoter proofreader psychiatrist psychologist publicist publisher
    purchaser radiographer radiologist rancher realtor receptionist recruiter referee
    registrar repairer reporter representative researcher roofer sailor salesman saleswoman
    salesperson scientist sculptor secretary setter sheriff shipper singer slaughterer
    smith sociologist soldier solicitor sonographer specialist statistician steward
    stewardess stockbroker storekeeper strategist superintendent supervisor surgeon surveyor
    tailor taxidermist teacher technician technologist teller tender therapist toolmaker
    trader trainer translator treasurer trucker tutor typist umpire underwriter upholsterer
    usher valet veterinarian vet waiter waitress warden washer weaver welder worker writer
    zoologist
    """
)
_HEAD = "(?:" + "|".join(sorted(HEAD_NOUNS, key=lambda w: (-len(w), w))) + ")(?:e?s)?"
_MOD = rf"{_NAME_START}(?:[A-Za-z'’\-]|{_NON_ASCII})*"  # a word: "X-ray", "Children's"
# Words before the head, joined by blanks, ", " or "and"/"of"/"&"
_TITLE = rf"(?:{_MOD},?[ \t]+(?:(?:and|of|&)[ \t]+)?)*{_HEAD}"
# Verbs of employment ("works" is left out: "it works as a guard against ..." is about code)
_EMPLOYED = (
    r"work|worked|working|employed|hired|joined|served|serving|promoted|appointed|trained"
    r"|qualified|retired|career"
)
_SUBJECT = rf"i am|i'm|im|i was|he is|she is|he's|she's|he was|she was|{_MOD} (?:is|was)"
# Labels of a title: a job title must follow (a head noun ends it: "Title: Quarterly report"
# is none); labels of an occupation: whatever words follow are one, in any of six languages.
_LABEL = r"job[ \t]+title|title|position|designation|poste|puesto|cargo|functie|mansione"
_OCCUPATION_WORDS = word_set("occupation profession beruf métier profesión ocupación beroep")
_OCCUPATION = "|".join(sorted(_OCCUPATION_WORDS)) + "|berufsbezeichnung|professione"
_AFTER = r"(?:[ \t]*(?:[,.;:!?)\n]|$)|[ \t]+(?:at|for|in|with|and|who|from|since|until|by)\b)"
# group 1: a title after "as" (a verb of employment earlier in the sentence); 2: a person and
# 3: the title after "is a"; 4: a title after a label; 5: a title at the start of a line (the
# caller checks that it is the whole line and that a name stands on the line before); 6: the
# words after an occupation's label
_JOB = (
    rf"(?i)\b(?:{_EMPLOYED})\b[^.\n!?]*?\bas[ \t]+(?:(?:an?|the)[ \t]+)?({_TITLE}){_AFTER}"
    rf"|\b({_SUBJECT})[ \t]+(?:an?|the)[ \t]+({_TITLE}){_AFTER}"
    rf"|\b(?:{_LABEL})[ \t]*[:=][ \t]*({_TITLE}){_AFTER}"
    rf"|\n[ \t]*({_TITLE})[ \t]*\r?"
    rf"|\b(?:{_OCCUPATION})[ \t]*[:=][ \t]*((?:{_MOD}[ \t]+)*{_MOD})[ \t]*(?:[,;.\r\n]|$)"
)
_PRONOUNS = frozenset({"i", "im", "i'm", "he", "she", "he's", "she's"})
_NAME_PARTICLES = word_set("van von de der den da del della di du le la bin ibn al el dos das")
_NAME_WORD = re.compile(r"[^\W\d_][\w'’-]*\.?|[^\W\d_]\.?")


def _given(word: str) -> bool:
    """A given name of the gazetteer in any case, or a compound of them ("Jean-Luc",
    "hans-peter")."""
    return all(is_given_name(part.capitalize()) for part in word.split("-")) if word else False


def is_name_line(line: str) -> bool:
    """Whether ``line`` looks like a person's name on its own: two to five words, each a name
    word, a particle (``van``, ``de``) or an initial, the first a given name (in any case;
    ``Jean-Luc`` too) or a middle initial among them, the words capitalised alike (``Karin M.
    Beike``, ``naomi ryan``)."""
    words = line.split()
    if not 2 <= len(words) <= 5 or not all(_NAME_WORD.fullmatch(w) for w in words):
        return False
    initial = any(len(w.rstrip(".")) == 1 for w in words[1:-1])
    if not initial and not _given(words[0]):
        return False
    names = [w for w in words if w.lower() not in _NAME_PARTICLES]
    return all(w[:1].isupper() for w in names) or all(w.islower() for w in names)


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The title within ``text[start:end]``: from its first word to its last, ``None`` when its
    first word is an article or pronoun that the expression let in as a modifier."""
    while start < end and text[start] in " \t":
        start += 1
    while end > start and text[end - 1] in " \t,":
        end -= 1
    first = text[start:end].split(None, 1)[0].lower() if end > start else ""
    if first in _NOT_FIRST:
        return None
    return start, end


# Words no job title starts with: "as THE result of", "as MY assistant" (a relation, not a job)
_NOT_FIRST = word_set("a an the my our your his her their its this that these those some any")
NAME_ABOVE_SCORE = 0.6  # the name on the line above a job title: its layout says a person
_TITLE_WORDS_MAX = 7  # "Crushing, grinding, and polishing machine tender"
_VERB_TO_TITLE = 100  # bytes from a verb of employment to its title ("worked for ... as")
# After a title on its own line: the line's end, or the employer ("Senior Engineer at Acme",
# "Accountant, Globex", "Nurse | St Mary's")
_LINE_END = re.compile(r"[ \t\r]*(?:\n|$)|[ \t]*(?:,|\||–|—|@)[ \t]*\S|[ \t]+at[ \t]+\S")


# What follows an honorific that is no person's name: a form of address for an office ("Mr.
# President", "Madam Speaker"), a brand or a character named after a title ("Dr. Pepper").
_OFFICES = word_set(
    "president vice speaker chairman chairwoman chair mayor ambassador governor senator justice"
    " chancellor premier prime secretary minister commissioner prosecutor director officer"
    " doctor professor"
)
_NOT_PEOPLE = word_set("Pepper Martens Oetker Scholl Clean Coffee Robot Who Fix Freeze")
NAME_AFTER_SCORE = 0.6  # the name after an honorific: what the honorific is for
_NAME_WORDS_MAX = 4  # "Dr. Ana María Ruiz", "Mr. Johannes van der Berg"


def _person_after(text: str, start: int, capitalised: bool) -> tuple[int, int] | None:
    """The span of the name that starts at ``start``, right after an honorific: up to four
    words on the line, each a capitalised name word, an initial or a particle before one
    ("Ana M. Ruiz", "van der Berg"); for a lower-case honorific ("mr smith", ``capitalised``
    False) the first word only (in lower case, nothing tells the name's last word from the
    sentence's next one: "mr. elliott flew").
    ``None`` when no name is there: an office ("Mr. President"), a brand ("Dr. Pepper"), a
    letter standing for someone ("Mr. X"). A second honorific is passed over ("Prof. Dr. Ana
    Ruiz")."""
    words: list[tuple[int, int]] = []
    pos, skipped = start, False
    while len(words) < _NAME_WORDS_MAX:
        word = _NAME_WORD.match(text, pos)
        if word is None:
            break
        a, b = word.span()
        token = text[a:b]
        bare = token.rstrip(".")
        if not words and bare in _HONORIFICS and bare[:1].isupper():
            if skipped or _skip_blanks(text, b) == b:
                return None  # "Dr Dr Dr ...": one honorific more is passed over, no more
            skipped, pos = True, _skip_blanks(text, b)  # "Prof. Dr. Ana Ruiz"
            continue
        if not words and (bare.lower() in _OFFICES or bare in _NOT_PEOPLE):
            return None
        if capitalised:
            if bare.lower() in _NAME_PARTICLES and not token.endswith("."):
                pass  # kept only if a capitalised word follows (checked at the end)
            elif not bare[:1].isupper():
                break
        elif not bare.isalpha() or not bare.islower():
            break
        if token.endswith(".") and len(bare) > 1:
            words.append((a, b - 1))  # the sentence's full stop, not the name's
            break
        words.append((a, b))
        if not capitalised:
            break
        pos = _skip_blanks(text, b)
        if pos == b or pos - b > 2:
            break
    while words and text[words[-1][0] : words[-1][1]].lower() in _NAME_PARTICLES:
        words.pop()  # "Herr von" at a line's end: the particle belongs to a name not written
    if not words or all(b - a <= 2 and text[a:b].rstrip(".").isalpha() for a, b in words):
        return None  # nothing, or initials only ("Mr. X", "Dr. J.")
    begin, end = words[0][0], words[-1][1]
    for suffix in ("'s", "’s"):
        if text.endswith(suffix, begin, end) and end - begin > len(suffix) + 1:
            end -= len(suffix)  # "Mr. Smith's car": the name, not its possessive
    return begin, end


def _skip_blanks(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    return pos


class HonorificDetector(BytePassDetector):
    """The honorific before a name: "Mr. Leiva", "Miss Ramos", "Frau Keller", "Dr. Ana Ruiz";
    and the name after it (``PERSON``), with or without NER."""

    name = "honorific"
    entities = ("TITLE", "PERSON")
    origin = "the honorifics of English, German, French, Spanish, Italian and Dutch"
    # the honorifics as they stand before a name ("ms" alone is in "items", "mme" in "comment")
    keywords = (
        "mr.", "mr ", "mrs", "ms.", "ms ", "mx.", "mx ", "miss ", "dr.", "dr ", "prof.",
        "prof ", "sir ", "dame ", "rev.", "rev ", "revd", "herr ", "herrn ", "hr.", "frau ",
        "fr.", "mme.", "mme ", "mlle", "monsieur", "madame", "sr.", "sra.", "sra ", "srta",
        "sig.", "dott", "dhr.", "mevr.", "mw.", "m. ", "mademoiselle", "señor", "signor",
        "avv.", " ing.", "'ing.", "’ing.", "meneer", "mevrouw", "ingegner", "avvocat",
        "professor", "professeur", "architett", "ragionier", "arch.", "rag.", "lic.", "doctor",
        "licenciad", "don ", "doña", "dña", "docteur", "maître", "dokter", "familie ",
        "famille ", "familia ", "famiglia ",
    )  # fmt: skip
    expression = _HONORIFIC

    def found(
        self, text: str, chars: CharOffsets | None, matches: Iterator[Spans]
    ) -> Iterator[Finding]:
        for spans in matches:
            start, end = char_span(chars, spans[1])
            name_start, name_end = char_span(chars, spans[3])
            period = spans[2][1] > spans[2][0]
            if not _honorific(text, start, end, period, text[name_start:name_end]):
                continue
            title_end = end + (1 if period else 0)
            # "mr. Jacob van Gameren": a lower-case honorific before a capitalised name; "ms"
            # only before a given name ("in 50 ms. Useful ...": milliseconds, a sentence)
            word = text[start:end]
            capitalised = (
                not word.islower()
                or word in _LOWER_BEFORE_CAPITAL
                or (
                    text[name_start].isupper()
                    and (word != "ms" or is_given_name(text[name_start:name_end].rstrip(".")))
                )
            )
            person = _person_after(text, name_start, capitalised)
            if person is not None:
                # a second honorific passed over belongs to the title: "Prof. Dr." Ana Ruiz
                between = text[title_end : person[0]]
                if between.strip():
                    title_end += len(between.rstrip())
            elif word.islower():
                continue  # "mr", "ms" in lower case without a name after them: no title
            yield Finding("TITLE", start, title_end, 0.5, self.name)
            if person is not None:
                yield Finding("PERSON", *person, NAME_AFTER_SCORE, self.name)


class JobTitleDetector(BytePassDetector):
    """A job title said to be someone's: "worked for Acme as a data analyst", "I am a nurse",
    "Job title: Benefits manager", a title on the line under a name."""

    name = "job_title"
    entities = ("TITLE", "PERSON", "ORGANIZATION")
    origin = "head nouns of the US SOC and ISCO-08 occupation titles; cues in six languages"
    # every form ends in a head noun or follows an occupation's label: the keyword pass runs
    # this detector only when one of them occurs
    keywords = tuple(sorted(HEAD_NOUNS | _OCCUPATION_WORDS))
    expression = _JOB

    def found(
        self, text: str, chars: CharOffsets | None, matches: Iterator[Spans]
    ) -> Iterator[Finding]:
        for spans in matches:
            group = next(g for g in (1, 3, 4, 5, 6) if spans[g][0] >= 0)
            if group == 1 and spans[1][0] - spans[0][0] > _VERB_TO_TITLE:
                continue  # the verb of employment is too far from "as" to be its verb
            span = _trim(text, *char_span(chars, spans[group]))
            if span is None:
                continue
            start, end = span
            if len(text[start:end].split()) > _TITLE_WORDS_MAX:
                continue
            if group == 3 and not _a_person(text[slice(*char_span(chars, spans[2]))]):
                continue
            if group == 5:
                name = self._line_title(text, start, end)
                if name is None:
                    continue
                # a name with a job title under it, as in a signature or a résumé: a person
                yield Finding("PERSON", *name, NAME_ABOVE_SCORE, self.name)
                employer = _employer_below(text, end)
                if employer is not None:
                    yield Finding("ORGANIZATION", *employer, EMPLOYER_SCORE, self.name)
            yield Finding("TITLE", start, end, 0.45 if group in (1, 3) else 0.5, self.name)

    @staticmethod
    def _line_title(text: str, start: int, end: int) -> tuple[int, int] | None:
        """The span of the person's name on the line above, when ``text[start:end]`` is a
        whole line (or the line's start, before its employer), written as a title is
        (capitalised or all lower case), right under a person's name."""
        if not _LINE_END.match(text, end):
            return None
        title = text[start:end]
        if not (title[:1].isupper() or title.islower()):
            return None
        return _name_above(text, start)


# Words of a sign-off or a label: a line holding one names no employer, title or place
SIGN_OFF_WORDS = word_set(
    "thanks thank cheers regards best sincerely yours hello hi dear kind warm many all the"
    " phone tel fax email mail mobile office web website attn re subject note"
)
_NOT_IN_A_NAME_LINE = frozenset('@:/|<>()[]{}=#*"!?;')


def one_line_of_words(value: str, most: int) -> bool:
    """A short line of words only: no digit, no mark of an e-mail, a URL, code or a label, no
    sentence ending in "!" or "?", no sign-off ("Regards", "Phone")."""
    words = value.split()
    if not 1 <= len(words) <= most or len(value) > 64 or not value[0].isalpha():
        return False
    if any(c.isdigit() or c in _NOT_IN_A_NAME_LINE for c in value) or ". " in value:
        return False
    return not any(w.lower().strip(".,") in SIGN_OFF_WORDS for w in words)


def ends_in_a_title(value: str) -> bool:
    """Whether the line ends in an occupation's head noun ("Benefits manager")."""
    last = value.rsplit(maxsplit=1)[-1].lower().strip(".,")
    return last in HEAD_NOUNS or last[:-1] in HEAD_NOUNS or last[:-2] in HEAD_NOUNS


EMPLOYER_SCORE = 0.5  # the line under a signature's job title
EMPLOYER_WORDS_MAX = 6  # "Buena Vista Garden Maintenance", "Hubbard, Fox and Gillespie"
# The words an employer's name may hold besides capitalised ones ("Hubbard, Fox and Gillespie")
_EMPLOYER_LINKS = word_set("and & of the de du des la le für und van von del y e et en")
# Words opening a line under a title that is no employer's: a mail's header, an instruction
_NOT_EMPLOYER = word_set("telephone cell e-mail direct confidential sent please gesendet von")


def _employer_below(text: str, title_end: int) -> tuple[int, int] | None:
    """The span of the employer on the line right under a signature's job title ("Karin M.
    Beike / Leasing consultant / ⟦Fritz-Armstrong⟧"): one to six words, each capitalised or a
    link of a firm's name ("and", "&", "of"), no digit, mark of an address or sentence; not a
    name, another title or a label ("Phone", "Email")."""
    nl = text.find("\n", title_end)
    if nl < 0 or text[title_end:nl].strip(" \t\r"):
        return None
    end = text.find("\n", nl + 1)
    end = len(text) if end < 0 else end
    line = text[nl + 1 : end]
    body = line.lstrip(" \t>")
    value = body.rstrip(" \t\r")
    words = value.replace(",", " ").split()
    if not one_line_of_words(value, EMPLOYER_WORDS_MAX) or not value[:1].isupper():
        return None
    if not all(w[:1].isupper() or w.lower() in _EMPLOYER_LINKS for w in words):
        return None
    if words[0].lower() in _NOT_EMPLOYER or is_name_line(value) or ends_in_a_title(value):
        return None  # a header, a name, a second title
    start = nl + 1 + len(line) - len(body)
    return start, start + len(value)


def _a_person(subject: str) -> bool:
    """Whether the subject before "is a" is a person: a personal pronoun or a given name."""
    first = subject.split(maxsplit=1)[0]
    return first.lower() in _PRONOUNS or is_given_name(first)


def _name_above(text: str, start: int) -> tuple[int, int] | None:
    """The span of the person's name on the line right above the line holding ``start``
    (blank lines between them allowed), ``None`` when that line is no name."""
    line_start = text.rfind("\n", 0, start) + 1
    pos = line_start - 1
    while pos > 0:
        prev_start = text.rfind("\n", 0, pos) + 1
        line = text[prev_start:pos]
        if line.strip():
            if not is_name_line(line):
                return None
            lead = len(line) - len(line.lstrip())
            return prev_start + lead, prev_start + len(line.rstrip())
        pos = prev_start - 1
    return None


# ---------------------------------------------------------------------------------------------
# Self-introductions

# "my name is", "call me", and the same in German, French, Spanish, Italian and Dutch; "her
# name is" and "named"/"called" introduce someone else; an answer follows "What's your name?".
# Case-insensitive; group 1: the phrase.
_INTRO = (
    r"\b((?:my|his|her|their|your|our|whose)[ \t]+name(?:[ \t]+is|'s|’s)|i[ \t]+am[ \t]+called"
    r"|i['’]m[ \t]+called|call[ \t]+me|ich[ \t]+hei(?:ß|ss)e|(?:mein|sein|ihr)[ \t]+name[ \t]+"
    r"(?:ist|lautet)|je[ \t]+m['’][ \t]?appelle|(?:mon|son)[ \t]+nom[ \t]+est|me[ \t]+llamo"
    r"|(?:mi|su)[ \t]+nombre[ \t]+es|mi[ \t]+chiamo|il[ \t]+(?:mio|suo)[ \t]+nome[ \t]+è"
    r"|(?:mijn|zijn|haar)[ \t]+naam[ \t]+is|ik[ \t]+heet|named|called"
    # a declaration's formula: "Je soussigné Jean-Baptiste Lefèvre", "Io sottoscritto Mario
    # Rossi", "El abajo firmante Juan Pérez", "Ondergetekende Jan de Vries", "I, the undersigned,"
    r"|je[ \t]*,?[ \t]+soussign[ée](?:\(e\)|e)?,?|(?:io|il|la)[ \t]+sottoscritt[oa](?:/a)?,?"
    r"|(?:el|la)[ \t]+abajo[ \t]+firmante,?|(?:quien|el[ \t]+que|la[ \t]+que)[ \t]+suscribe,?"
    r"|ondergetekende,?|(?:der|die)[ \t]+unterzeichnende,?|(?:i,[ \t]+)?the[ \t]+undersigned,?"
    r"|i[ \t]+am|i['’]m|this[ \t]+is|soy|je[ \t]+suis|ich[ \t]+bin|sono|ik[ \t]+ben"
    r"|what(?:['’]s|[ \t]+is)[ \t]+your[ \t]+name\??(?:[ \t]+(?:i['’]m|i[ \t]+am|it['’]s"
    r"|my[ \t]+name[ \t]+is))?"
    # group 2: a relative, a colleague or a friend after a possessive ("her husband Pádraig")
    r"|((?:my|his|her|our|their|your)[ \t]+(?:husband|wife|son|daughter|mother|father|mum|mom"
    r"|dad|brother|sister|fianc[ée]e?|boyfriend|girlfriend|colleague|co-?worker|boss"
    r"|manager|friend|neighbou?r|cousin|uncle|aunt|grandmother|grandfather|nephew|niece"
    r"|flatmate|roommate|assistant|secretary|deputy|lawyer|doctor|dentist|therapist)"
    r"|(?:mein|meine|meiner|meinem|sein|seine|seiner|seinem|ihr|ihre|ihrer|ihrem|unser|unsere"
    r"|unserer|unserem)[ \t]+(?:mann|frau|sohn|tochter|kollegin"
    r"|kollege|chefin|chef|bruder|schwester|vater|mutter|freundin|freund)"
    r"|(?:mon|ma|son|sa|notre)[ \t]+(?:mari|femme|fils|fille|collègue|chef|frère|s(?:œ|oe)ur"
    r"|père|mère|amie?|compagnon|compagne)"
    r"|(?:mi|su|nuestro|nuestra)[ \t]+(?:marido|esposo|esposa|mujer|hijo|hija|colega|jefe|jefa"
    r"|hermano|hermana|padre|madre|amigo|amiga|novio|novia)"
    r"|(?:(?:il|la)[ \t]+)?(?:mio|mia|suo|sua|nostro|nostra)[ \t]+(?:marito|moglie|figlio|figlia"
    r"|collega|capo|fratello|sorella|padre|madre|amico|amica)"
    r"|(?:mijn|zijn|haar|onze|ons)[ \t]+(?:man|vrouw|zoon|dochter|collega|baas|broer|zus|vader"
    r"|moeder|vriendin|vriend)"
    # a professional's client or patient, in the singular: a person ("our client" may be a firm)
    r"|(?:my|his|her)[ \t]+(?:client|patient)|(?:mein|meine|meinem|meiner)[ \t]+(?:mandant(?:in)?"
    r"|patient(?:in)?)|(?:mon|ma)[ \t]+(?:cliente?|patiente?)|mi[ \t]+(?:cliente|clienta"
    r"|paciente)|(?:(?:il|la)[ \t]+)?(?:mio|mia)[ \t]+(?:cliente|paziente|assistit[oa])"
    r"|mijn[ \t]+(?:cli[eë]nt|pati[eë]nt)),?)"  # "her assistant, Rhys, forwarded it"
    r":?[ \t]+([A-Za-z\x{80}-\x{10FFFF}])"
)
# "named" and "called" name people and things alike ("a file named Config"), and "I am", "this
# is" and the like introduce a name or say anything else ("I am Happy", "ich bin Arzt"): a given
# name must lead what follows them, capitalised. (The phrase as matched, blanks made one space.)
_NEEDS_GIVEN = frozenset(
    {"named", "called", "i am", "i'm", "i’m", "this is", "soy", "je suis", "ich bin", "sono",
     "ik ben"}
)  # fmt: skip
# Of those, the speaker's own name: a place's, a virtue's or a month's name is a name here too
# ("I'm Sofia"); after "this is" it is as often the place ("This is Florence at night").
_SELF = frozenset({"i am", "i'm", "i’m", "soy", "je suis", "ich bin", "sono", "ik ben"})
# The question a name answers, whatever the answer opens with ("What's your name? I'm Anna").
_ASKED = ("what's your name", "what’s your name", "what is your name")
# What follows "call me" or "my name is" and is no name: a time ("call me Monday"), a
# manner ("call me Maybe"), or a word a sentence goes on with.
_NOT_INTRODUCED = word_set(
    "monday tuesday wednesday thursday friday saturday sunday today tomorrow tonight later now"
    " back anytime asap maybe soon again please when if not here there on at in the a an"
    " anything whatever something someone nobody unknown"
    # "Ich heiße Sie herzlich willkommen", "ik heet u welkom": a welcome, not a name
    " sie ihnen euch dich du ihr alle willkommen u jullie welkom"
)
INTRODUCED_SCORE = 0.7
# Products, companies, days and months are nobody's name after "my friend", "my boss".
_NOT_A_RELATIVE = PRODUCTS | ORG_WORDS | CALENDAR
# Capitalised words after "my husband", "mein Kollege" that are no name: pronouns, and what a
# sentence goes on with in German, where nouns are capitalised.
_NOT_RELATED = word_set(
    "I Ich Je Yo Io Ik He She We They Er Sie Wir Il Elle On Nous Ils Ella Lui Lei Noi Hij Zij"
    " Wij Und And Or Oder Et Y E En Mr Mrs Ms"
)


class SelfIntroductionDetector(BytePassDetector):
    """The name after a self-introduction or a name's mention: "my name is Ahmed Khan", "call
    me Teodora", "je m'appelle Jean-Luc Moreau", "ich heiße Jonas Weber", "me llamo María
    García", "mi chiamo Luca", "mijn naam is Sanne de Vries", "her name is Anna"; after "named",
    "called", "I am", "this is" and their kin in the other languages, a name led by a given
    name ("a customer named John Smith", "this is Anna Keller from support"); a relative, a
    colleague or a friend after a possessive, in six languages ("her husband Pádraig", "mein
    Kollege Thomas", "ma collègue Camille"); the answer to "What's your name?"; the name a
    declaration's formula opens with ("Je soussigné Jean-Baptiste Lefèvre", "Io sottoscritto
    Mario Rossi", "El abajo firmante Juan Pérez", "Ondergetekende Jan de Vries")."""

    name = "self_introduction"
    entities = ("PERSON",)
    origin = "self-introductions in English, German, French, Spanish, Italian and Dutch"
    keywords = (
        "name", "call me", "called", "heiße", "heisse", "appelle", "nom est", "llamo",
        "soussign", "sottoscritt", "abajo firmante", "suscribe", "ondergetekende",
        "unterzeichnende", "undersigned",
        "nombre es", "chiamo", "nome è", "naam is", "heet", "i am ", "i'm ", "i’m ", "this is ",
        "soy ", "je suis ", "ich bin ", "sono ", "ik ben ",
        # the relations' nouns, after their possessive's blank (a prefix where forms share it)
        *(
            " " + noun
            for noun in (
                "husband", "wife", "son ", "daughter", "mother", "father", "mum ", "mom ",
                "dad ", "brother", "sister", "fianc", "boyfriend", "girlfriend", "colleague",
                "coworker", "co-worker", "boss", "manager", "friend", "neighbo", "cousin",
                "uncle ", "aunt ", "grandm", "grandf", "nephew", "niece", "flatmate", "roommate",
                "assistant", "secretary", "deputy", "lawyer", "doctor", "dentist", "therapist",
                "mann ", "frau ", "sohn", "tochter", "kolleg", "chef ", "chefin", "bruder",
                "schwester", "vater", "mutter", "freund", "mari ", "femme", "fils ", "fille ",
                "collègue", "frère", "sœur", "soeur", "père", "mère", "ami ", "amie ", "compagn",
                "marido", "espos", "mujer", "hijo", "hija", "colega", "jefe", "jefa", "hermano",
                "hermana", "padre", "madre", "amigo", "amiga", "novio", "novia", "marito", "moglie",
                "figli", "collega", "capo ", "fratello", "sorella", "man ", "vrouw", "zoon",
                "dochter", "baas", "broer", "zus ", "vader", "moeder", "vriend", "client",
                "patient", "mandant", "cliente", "clienta", "paciente", "paziente", "assistit",
                "cliënt", "patiënt",
            )
        ),
    )  # fmt: skip
    expression = _INTRO
    case_sensitive = False

    def found(
        self, text: str, chars: CharOffsets | None, matches: Iterator[Spans]
    ) -> Iterator[Finding]:
        for spans in matches:
            phrase = " ".join(text[slice(*char_span(chars, spans[1]))].lower().split())
            related = spans[2][0] >= 0
            start = char_span(chars, spans[3])[0]
            first = _NAME_WORD.match(text, start)
            if first is None or first.group().rstrip(".").lower() in _NOT_INTRODUCED:
                continue
            word = first.group().rstrip(".")
            given = is_given_name(word[:1].upper() + word[1:])  # "my name is ahmed" too
            if not given and phrase in _SELF:  # "I'm Sofia", not "this is Sofia" (a city)
                given = is_introduced_name(word)
            if phrase in _NEEDS_GIVEN and not (given and first.group()[:1].isupper()):
                continue
            if phrase.startswith(_ASKED) and not given:
                continue  # "What's your name? Please tell me"
            if related and (
                not first.group()[:1].isupper()
                or len(word) < 2
                or word in _NOT_RELATED
                or word.lower() in _NOT_A_RELATIVE
            ):
                continue  # "my wife and I", "my boss I think", "my friend Copilot"
            capitalised = text[start].isupper()
            if not capitalised and not given:
                continue  # "my name is not important", "call me back"
            person = _person_after(text, start, capitalised)
            if person is None:
                continue
            if related and any(
                w.lower().rstrip(".,") in ORG_WORDS for w in text[slice(*person)].split()
            ):
                continue  # "my client Acme Corp": a company
            yield Finding("PERSON", *person, INTRODUCED_SCORE, self.name)


# ---------------------------------------------------------------------------------------------
# Signatures

# A closing on a line of its own, in the engine's six languages ("Best regards,", "Viele
# Grüße", "Cordialement", "Un saludo", "Cordiali saluti", "Met vriendelijke groet"), then the
# next line (group 1); matched case-insensitively at the start of the closing's line.
_CLOSING = re.compile(
    r"(?i)[ \t]*(?:(?:best|kind|warm|warmest|many|with)?[ \t]*(?:regards|wishes|thanks)"
    r"|thanks|thank[ \t]+you|cheers|sincerely|yours(?:[ \t]+(?:sincerely|truly|faithfully))?"
    r"|all[ \t]+the[ \t]+best|best"
    r"|(?:viele|beste|liebe|freundliche|herzliche|mit[ \t]+freundlichen|mit[ \t]+besten)?[ \t]*"
    r"(?:grüße|grüßen|grüsse|grüssen|gruß|gruss)|lg|mfg|vg"
    r"|cordialement|bien[ \t]+(?:à|a)[ \t]+vous|bien[ \t]+cordialement|salutations(?:[ \t]+\S+)?"
    r"|(?:un[ \t]+)?saludo|saludos(?:[ \t]+cordiales)?|atentamente|un[ \t]+abrazo"
    r"|(?:cordiali|distinti|cari)?[ \t]*saluti|cordialmente|un[ \t]+saluto"
    r"|met[ \t]+vriendelijke[ \t]+groet(?:en)?|(?:hartelijke[ \t]+)?groet(?:en)?|mvg)"
    r"[ \t]*[,.!]?[ \t]*\r?\n[ \t]*([^\r\n]{2,60})"
)
SIGNED_SCORE = 0.6
SIGNED_UNLISTED_SCORE = 0.5  # name-shaped words under a closing, no given name of the gazetteer
# A closing's line ends: a mark or none, then up to five blanks (Markdown's line break is two,
# an HTML <br> read as blanks three to five) and the break.
_LINE_ENDS = tuple(
    mark + " " * blanks + brk
    for mark in ("", ",", "!", ".")
    for blanks in range(6)
    for brk in ("\n", "\r\n")
)
# The last word of every closing :data:`_CLOSING` reads (lower case)
_CLOSING_WORDS = (
    "regards", "wishes", "thanks", "you", "cheers", "sincerely", "yours", "truly", "faithfully",
    "best", "grüße", "grüßen", "grüsse", "grüssen", "gruß", "gruss", "lg", "mfg", "vg",
    "cordialement", "vous", "salutations", "distinguées", "distinguees", "saludo", "saludos",
    "cordiales", "atentamente", "abrazo", "saluti", "cordialmente", "saluto", "groet", "groeten",
    "mvg",
)  # fmt: skip


_CLOSING_KEYWORDS = frozenset(word + end for word in _CLOSING_WORDS for end in _LINE_ENDS)


class SignatureDetector(Detector):
    """The name on the line under a closing ("Best regards,\nSabine Koch", "Viele
    Grüße\nJonas", "Cordialement,\nJean-Luc Moreau"): a name led by a given name or holding a
    middle initial, or a given name alone; at a lower score, two to four words written as a
    name's that are no team's, company's or product's ("Cheers,\nHolly Cordova")."""

    name = "signature"
    entities = ("PERSON",)
    origin = "closings of letters and e-mails in English, German, French, Spanish, Italian, Dutch"
    # a closing's last word at the end of its line ("regards,\n"): "best" and "thanks" are
    # everywhere, a line that ends with them is not
    keywords = tuple(sorted(_CLOSING_KEYWORDS))

    def detect(self, ctx: ScanContext) -> Iterator[Finding]:
        """The closing is read only on the lines the keyword pass found ending in a closing's
        word: most texts with "thanks" or "best" at a line's end have one or two such lines."""
        lower, text = ctx.lower, ctx.text
        starts = {
            lower.rfind("\n", 0, at) + 1
            for keyword in ctx.keywords & _CLOSING_KEYWORDS
            for at in offsets_of(lower, keyword)
        }
        for line_start in sorted(starts):
            m = _CLOSING.match(text, line_start)
            if m is None:
                continue
            start, end = m.span(1)
            line = text[start:end].rstrip(" \t,")
            end = start + len(line)
            if is_name_line(line) or (_NAME_WORD.fullmatch(line) and _given(line)):
                yield Finding("PERSON", start, end, SIGNED_SCORE, self.name)
            elif name_shaped([w for w in line.split() if w not in _NAME_PARTICLES]):
                # two to four words written as a name's, none a team's or a product's: signed
                # by a person whose given name the gazetteer leaves out ("Holly Cordova")
                yield Finding("PERSON", start, end, SIGNED_UNLISTED_SCORE, self.name)


def detectors(settings: ScanSettings) -> list[Detector]:
    return [
        HonorificDetector(),
        JobTitleDetector(),
        SelfIntroductionDetector(),
        SignatureDetector(),
    ]
