"""A person's age (AGE) and nationality, religion or ethnic origin (NRP, Presidio's name).

Neither is sensitive as a bare word or number: "a 10-year-old server", "translate it into French"
and "the age of the cluster" say nothing about a person. Both become personal data when they
describe someone, and nationality, ethnic origin and religion are among the special categories
of GDPR article 9. So both detectors read a value only where the text says it is a person's:

- **AGE**, the number only:
  - ``N years old`` / ``N-year-old`` / ``N y/o`` next to a word for a person ("a 61 year old
    man", "this 79 year old female") or after a person as subject ("I am 34 years old", "Leah
    is 34 years old");
  - a person who ``turned`` / ``turns`` N ("My brother just turned 60");
  - ``aged N``, ``age: N``, ``at the age of N``, ``N years of age``;
  - the usual forms in German (``45 Jahre alt``, ``45-jährige``, ``im Alter von 45``), French
    (``âgé de 45 ans``, ``j'ai 45 ans``), Spanish (``tengo 45 años``, ``45 años de edad``),
    Italian (``ho 45 anni``, ``età: 45``) and Dutch (``45 jaar oud``, ``leeftijd: 45``).
  A unit after the number (``aged 12 months``, ``turned 90 degrees``) or a value past 125 is
  no age.
- **NRP**, the word only: a demonym (the English nationality adjectives of the UK government's
  country names list and the CIA World Factbook's "nationality" field; lower case too) or a
  religion
  - said of a person: "I am cambodian", "she is a Russian citizen", "he's Catholic";
  - before a word for people or a state's body: "Spanish nationals", "of Italian descent",
    "the Finnish Border Force", "the Russian government";
  - after a label: "Nationality: British", "Religion: Hindu", "Citizenship: Canadian" (the
    labels in the engine's six languages; the value in English).
  A demonym that is also an everyday word ("polish") counts only with its capital.

Both are cheap: each runs only when one of its keywords occurs (an age phrase; a demonym or a
religion), as one RE2 pass over the text's bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from annexa.detect.builtin._bytes import (
    BytePassDetector,
    Spans,
    byte_matcher,
    char_span,
    every_match,
)
from annexa.detect.builtin._regions import CharOffsets
from annexa.detect.builtin.given_names import is_given_name
from annexa.detect.context import word_set
from annexa.detect.interface import Detector, Finding, ScanContext
from annexa.detect.normalize import utf8
from annexa.detect.pattern import Pattern, PatternDetector
from annexa.settings import ScanSettings

MAX_AGE = 125


# Words for a person, after "N-year-old" ("a 61 year old man") or a possessive ("my brother").
PERSON_NOUNS = word_set(
    """
    man woman men women male female boy girl boys girls child children kid kids son sons
    daughter daughters patient patients mother father mom mum dad brother sister wife husband
    partner grandmother grandfather grandma grandpa grandson granddaughter nephew niece cousin
    uncle aunt baby toddler infant teenager teen student pupil employee applicant candidate
    client customer victim suspect driver person lady gentleman guy friend neighbour neighbor
    colleague tenant resident citizen individual adult veteran widow widower pt m f who
    """
)
_SUBJECT_PRONOUNS = frozenset({"i", "he", "she", "you", "we", "they"})
_POSSESSIVES = frozenset({"my", "his", "her", "our", "their", "your"})
# Between a subject and the number: "I am", "she has just turned", "Leah is now", "he is a".
_VERBS = frozenset({"is", "am", "are", "was", "were", "be", "will", "has", "had", "have"})
_FILLERS = word_set("a an just now only almost nearly about around already finally recently soon")
_TOKENS = re.compile(r"[\w']+")
_ASIDE = re.compile(r"\([^()\n]{0,80}\)")  # a parenthesis between the subject and its verb
_NEXT_WORD = re.compile(r"[ \t-]*([A-Za-z]+)")
_SENTENCE_END = re.compile(r"[.!?;:\n]")
_UNIT_AFTER = re.compile(
    r"[ \t]*(?:%|percent|degrees?|°|times|minutes?|mins?|seconds?|secs?|hours?|hrs?|days?"
    r"|weeks?|months?|pages?|points?|pts|km|kg|mb|gb|k\b|\+)",
    re.IGNORECASE,
)
_NUMBER = r"\d{1,3}"
# Each rule's keywords: specific enough that most texts run none ("age " is in "page ",
# "age=" in "max-age=").
_YEARS_OLD = ("year old", "years old", "year-old", "years-old", "yr old", "yrs old", "yr-old",
              "y/o", "y.o.")  # fmt: skip
_AGED = ("aged ", " age ", "age:", " age=", "\nage ", "(age ", '"age', "'age", "the age of",
         " ages ")  # fmt: skip
_OTHER_LANGUAGES = ("âgé", "j'ai ", "il a ", "elle a ", "años", "edad", " anni", "età", "jaar",
                    "leeftijd")  # fmt: skip


class AgeDetector(PatternDetector):
    """A person's age: "a 61 year old man", "I am 34", "aged 45", "45 Jahre alt"."""

    name = "age"
    entities = ("AGE",)
    origin = "everyday forms of stating a person's age in six languages"
    patterns = (
        Pattern(
            "years_old",
            rf"{_NUMBER}(?:[ -](?:years?|yrs?)[ -]old|[ ]?y/o|[ ]?y\.o\.)",
            0.6,
            keywords=_YEARS_OLD,
            positives=(
                "Mr. Spears is a ⟦61⟧ year old man who grew up in Austin",
                "This ⟦79⟧ year old female complaining of chest pain",
                "I am ⟦34⟧ years old and live in Leeds",
                "our ⟦7⟧-year-old daughter",
                "pt is a ⟦45⟧ y/o male",
            ),
            negatives=(
                "a 10-year-old server in the basement",
                "The house is 100 years old",
                "a 5 year old laptop",
                "he is 300 years old",
            ),
            origin="English",
        ),
        Pattern(
            "turned",
            rf"(?:turned|turns|turning)[ \t]+{_NUMBER}",
            0.6,
            keywords=("turned ", "turns ", "turning "),
            positives=(
                "My brother just turned ⟦60⟧",
                "Sandra turns ⟦40⟧ next week",
                "she turned ⟦18⟧ in May",
            ),
            negatives=(
                "the crane turned 90 degrees",
                "The company turned 25 this year",
                "My counter turned 60",
            ),
            origin="English",
        ),
        Pattern(
            "aged",
            rf"(?:aged|age[\"']?[ \t]*[:=]|the[ \t]+age[ \t]+of|ages?)[ \t]*{_NUMBER}",
            0.55,
            keywords=_AGED,
            positives=(
                "Patient aged ⟦45⟧ with diabetes",
                "Name: Ana Ruiz, Age: ⟦52⟧",
                "he retired at the age of ⟦65⟧",
                "children age ⟦7⟧ and up",
            ),
            negatives=(
                "whisky aged 12 months in oak",
                "see page 45",
                "the age of the cluster is 3 days",
                "message 12 of 40",
                "age 200",
            ),
            origin="English",
        ),
        Pattern(
            "years_of_age",
            rf"{_NUMBER}[ \t]+years[ \t]+of[ \t]+age",
            0.6,
            keywords=("years of age",),
            positives=("applicants must be ⟦18⟧ years of age",),
            negatives=("1000 years of age",),
            origin="English",
        ),
        Pattern(
            "de",
            rf"{_NUMBER}[ \t]+jahre[ \t]+alt|{_NUMBER}-?jährige[nrms]?"
            rf"|im[ \t]+alter[ \t]+von[ \t]+{_NUMBER}|alter[ \t]*:[ \t]*{_NUMBER}",
            0.6,
            keywords=("jahre alt", "jährig", "alter von", "alter:"),
            positives=(
                "Ich bin ⟦45⟧ Jahre alt",
                "eine ⟦67⟧-jährige Patientin",
                "im Alter von ⟦80⟧ Jahren",
            ),
            negatives=("das Haus ist alt", "Alter: unbekannt"),
            origin="German",
        ),
        Pattern(
            "fr_es_it_nl",
            rf"âgée?s?[ \t]+de[ \t]+{_NUMBER}[ \t]+ans|j'ai[ \t]+{_NUMBER}[ \t]+ans"
            rf"|(?:il|elle)[ \t]+a[ \t]+{_NUMBER}[ \t]+ans|tengo[ \t]+{_NUMBER}[ \t]+años"
            rf"|{_NUMBER}[ \t]+años[ \t]+de[ \t]+edad"
            rf"|(?:tiene|cumplió|cumple)[ \t]+{_NUMBER}[ \t]+años"
            rf"|edad[ \t]*:[ \t]*{_NUMBER}|ho[ \t]+{_NUMBER}[ \t]+anni"
            rf"|(?:ha|compie|compiuto)[ \t]+{_NUMBER}[ \t]+anni|età[ \t]*:[ \t]*{_NUMBER}"
            rf"|{_NUMBER}[ \t]+jaar[ \t]+oud|ik[ \t]+ben[ \t]+{_NUMBER}[ \t]+jaar"
            rf"|leeftijd[ \t]*:[ \t]*{_NUMBER}",
            0.6,
            keywords=_OTHER_LANGUAGES,
            positives=(
                "âgée de ⟦34⟧ ans",
                "j'ai ⟦29⟧ ans",
                "tengo ⟦41⟧ años",
                "ho ⟦38⟧ anni",
                "mijn vader is ⟦70⟧ jaar oud",
                "Leeftijd: ⟦23⟧",
            ),
            negatives=("il y a 20 ans", "hace 5 años", "da 10 anni", "al 5 jaar"),
            origin="French, Spanish, Italian, Dutch",
        ),
    )

    @property
    def _pass(self) -> tuple[Any, tuple[Pattern, ...]]:
        """All rules as one case-insensitive RE2 expression over UTF-8 bytes, rule ``i`` in
        group ``i + 1`` (its low-level ``Match``: spans only), and the rules it was built from.
        Made once per rule set (a copy holding fewer rules makes its own)."""
        built = self.__dict__.get("_built")
        if built is None or built[1] is not self.patterns:
            joined = "|".join(f"({p.regex})" for p in self.patterns)
            built = (byte_matcher(joined, case_sensitive=False), self.patterns)
            self.__dict__["_built"] = built
        return built

    def warm_up(self) -> None:
        """Compile the expression now."""
        _ = self._pass

    def detect(self, ctx: ScanContext) -> Iterator[Finding]:
        match, patterns = self._pass
        wanted = [not p.keywords or not ctx.keywords.isdisjoint(p.keywords) for p in patterns]
        if not any(wanted):
            return
        text, data = ctx.text, utf8(ctx.text)
        chars = CharOffsets(data) if len(data) != len(text) else None
        for spans in every_match(match, data):
            rule = next(i for i in range(len(patterns)) if spans[i + 1][0] >= 0)
            if not wanted[rule] or not _bounded(data, *spans[0]):
                continue
            start, end = char_span(chars, spans[0])
            number = _DIGITS.search(text, start, end)
            if number is None or not 0 < int(number.group()) <= MAX_AGE:
                continue
            if _UNIT_AFTER.match(text, end):
                continue
            name = patterns[rule].name
            if name in ("years_old", "turned") and not _about_a_person(text, start, end, name):
                continue
            yield Finding("AGE", number.start(), number.end(), patterns[rule].score, self.name)


_DIGITS = re.compile(r"\d{1,3}")
# Bytes that continue a word: ASCII letters, digits, "_" and every byte of a non-ASCII character
# (a letter, mostly: "é" before "45 Jahre" makes no age).
_WORD_BYTES = frozenset(
    b"0123456789_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
) | frozenset(range(0x80, 0x100))


def _bounded(data: bytes, start: int, end: int) -> bool:
    """Whether the match ``data[start:end]`` stands alone: no word character, ``.``, ``,`` or
    ``-`` right before it (no part of ``1,061 years``), no word character right after it and no
    ``.``/``,`` and digit (``aged 4.5``)."""
    if start > 0 and (data[start - 1] in _WORD_BYTES or data[start - 1] in b".,-"):
        return False
    if end < len(data):
        if data[end] in _WORD_BYTES:
            return False
        if data[end] in b".," and data[end + 1 : end + 2].isdigit():
            return False
    return True


def _about_a_person(text: str, start: int, end: int, rule: str) -> bool:
    """Whether the age at ``text[start:end]`` is said of a person: a word for one right after it
    ("61 year old man"), or a person as the subject of the sentence's verb before it ("I am",
    "she's", "Leah is", "my son has just" and, for ``turned``, "My brother just")."""
    if rule == "years_old":
        after = _NEXT_WORD.match(text, end, end + 24)
        if after and after.group(1).lower() in PERSON_NOUNS:
            return True
    before = _ASIDE.sub(" ", text[max(0, start - 120) : start])  # "Maria (our client) is 34"
    cut = max((m.end() for m in _SENTENCE_END.finditer(before)), default=0)
    words = _TOKENS.findall(before[cut:])
    verb = rule == "turned"  # the match starts with its verb
    while words and (words[-1].lower() in _FILLERS or words[-1].lower() in _VERBS):
        verb = verb or words[-1].lower() in _VERBS
        words.pop()
    if not words:
        return False
    subject = words[-1]
    for contraction in ("'s", "'m", "'re", "’s", "’m", "’re"):
        if subject.lower().endswith(contraction):
            subject, verb = subject[: -len(contraction)], True
    if not verb:
        return False
    if subject.lower() in _SUBJECT_PRONOUNS:
        return True
    if len(words) > 1 and words[-2].lower() in _POSSESSIVES:
        return subject.lower() in PERSON_NOUNS
    if len(words) > 1 and is_given_name(words[-2]) and subject[:1].isupper():
        return True  # a full name: "Maria Keller is 34 years old"
    return is_given_name(subject)


# The English nationality adjectives (demonyms) of the sovereign states and the larger
# territories, as the UK government's country names list and the CIA World Factbook give them,
# with common variant spellings ("Belizian", "Filipina"); lower case.
DEMONYMS = word_set(
    """
    afghan albanian algerian american andorran angolan antiguan argentine argentinian armenian
    australian austrian azerbaijani azeri bahamian bahraini bangladeshi barbadian belarusian
    belarusan belgian belizean belizian beninese bhutanese bolivian bosnian botswanan brazilian
    british bruneian bulgarian burkinabe burmese burundian cambodian cameroonian canadian
    cape-verdean chadian chilean chinese colombian comoran congolese costa-rican croatian cuban
    cypriot czech danish djiboutian dominican dutch ecuadorian egyptian emirati english
    equatoguinean eritrean estonian ethiopian fijian filipino filipina finnish french
    gabonese gambian georgian german ghanaian greek grenadian guatemalan guinean guyanese
    haitian honduran hungarian icelandic indian indonesian iranian iraqi irish israeli italian
    ivorian jamaican japanese jordanian kazakh kazakhstani kenyan i-kiribati kosovan kosovar
    kuwaiti kyrgyz lao laotian latvian lebanese liberian libyan liechtensteiner lithuanian
    luxembourgish luxembourger macedonian malagasy malawian malaysian maldivian malian maltese
    marshallese mauritanian mauritian mexican micronesian moldovan monegasque mongolian
    montenegrin moroccan mozambican namibian nauruan nepalese nepali nicaraguan nigerian
    nigerien norwegian omani pakistani palauan palestinian panamanian papuan paraguayan
    peruvian polish portuguese puerto-rican qatari romanian russian rwandan salvadoran samoan
    sammarinese saudi scottish senegalese serbian seychellois sierra-leonean singaporean
    slovak slovakian slovenian solomon-islander somali south-african south-korean north-korean
    south-sudanese spanish sri-lankan sudanese surinamese swazi swedish swiss syrian taiwanese
    tajik tajikistani tanzanian thai timorese togolese tongan trinidadian tunisian turkish
    turkmen tuvaluan ugandan ukrainian uruguayan uzbek uzbekistani vanuatuan venezuelan
    vietnamese welsh yemeni zambian zimbabwean kurdish tibetan uyghur roma romani basque
    catalan flemish walloon corsican sicilian sardinian bavarian hispanic latino latina
    """
)
RELIGIONS = word_set(
    """
    muslim christian jewish jew hindu buddhist sikh catholic protestant mormon atheist agnostic
    jain evangelical anglican lutheran methodist baptist orthodox shia shiite sunni
    """
)
# Demonyms and religions that are everyday words or given names: only with their capital, and
# after "I am" only with an article ("I am a Christian", not "I am Christian, your contact").
CASED_ONLY = frozenset({"polish", "swiss", "lao", "jew", "roma"})
NAME_LIKE = frozenset({"christian", "jordanian", "georgian", "dominican", "latina", "roma"})
_WORDS = sorted((w.replace("-", "[ -]") for w in DEMONYMS | RELIGIONS), key=len, reverse=True)
_WORD = "(?:" + "|".join(_WORDS) + ")"
_PEOPLE = (
    "citizens?|nationals?|nationality|passports?|passport holders?|descent|origins?|heritage"
    "|ancestry|roots|background|immigrants?|refugees?|expats?|community|communities|minority"
    "|man|woman|men|women|boys?|girls?|people|family|families|parents|mother|father|wife"
    "|husband|son|daughter|student|students|worker|workers|patient|employee|colleague|friend"
    "|government|authorities|border force|embassy|consulate|police|ministry"
)
_SAID = (
    r"(?:i am|i'm|im|he is|she is|he's|she's|they are|we are|you are|[\w']+ (?:is|was|are|were))"
)
_LABEL = (
    r"(?:nationality|citizenship|ethnicity|ethnic origin|religion|nacionalidad|nationalité"
    r"|staatsangehörigkeit|nationalität|nazionalità|cittadinanza|nationaliteit|religión)"
)
# Form 1, said of a person (group 1: the subject, 2: the article, 3: the word, 4: what follows);
# form 2, before a word for people (5: the word); form 3, after a label (6).
_HOW = (
    r"proud|proudly|half|part|originally|born|practising|practicing|devout|observant|lapsed"
    r"|converted|non-practising|non-practicing"
)
# A party or a trade union someone belongs to (political opinions and trade union membership
# are special categories too): "a member of the Labour Party", "Mitglied der Grünen Partei"
_MEMBER = (
    r"(?:member|supporter|activist|candidate|mitglied|membre|miembro|afiliad[oa]|iscritt[oa]"
    r"|lid)[ \t]+(?:of|for|der|des|du|de|del|della|dello|van)[ \t]+"
    r"(?:the[ \t]+|la[ \t]+|het[ \t]+)?"
    r"((?-i:[A-ZÀ-Þ][\w'’\-]*)(?:[ \t]+(?-i:[A-ZÀ-Þ][\w'’\-]*)){0,3}[ \t]+(?:party|partei|parti"
    r"|partido|partito|partij)|(?:trade|labou?r)[ \t]+union|gewerkschaft|syndicat|sindicato"
    r"|vakbond)"
)
_NRP = (
    rf"(?i)\b({_SAID})[ \t]+(?:(a|an)[ \t]+)?(?:(?:{_HOW})[ \t]+)?"
    rf"({_WORD})\b([ \t]*(?:[.,;!?)\n]|$|but\b|and\b|by\b|from\b|who\b|(?:{_PEOPLE})\b))"
    rf"|\b({_WORD})(?:[ \t]+|-)(?:{_PEOPLE})\b"
    rf"|\b{_LABEL}[ \t]*[:=][ \t]*({_WORD})\b"
    rf"|\b{_MEMBER}\b"
)
_PERSON_SUBJECT = re.compile(
    r"(?i)^(?:i am|i'm|im|he is|she is|he's|she's|they are|we are|you are)$"
)


class NrpDetector(BytePassDetector):
    """Nationality, religion or ethnic origin said of a person: "I am cambodian", "Spanish
    nationals", "Religion: Hindu"; the party or union a person is a member of."""

    name = "nrp"
    entities = ("NRP",)
    # every form holds a demonym or a religion: the scanner's keyword pass runs this detector
    # only when one occurs (as part of any word: "costa rican" through "rican")
    keywords = tuple(
        sorted(
            {w.rsplit("-", 1)[-1] for w in DEMONYMS | RELIGIONS}
            | {"party", "partei", "parti", "partido", "partito", "partij", "union"}
            | {"gewerkschaft", "syndicat", "sindicato", "vakbond"}
        )
    )
    origin = "demonyms of the UK government's country names list and the CIA World Factbook"
    expression = _NRP

    def found(
        self, text: str, chars: CharOffsets | None, matches: Iterator[Spans]
    ) -> Iterator[Finding]:
        for spans in matches:
            finding = self._judge(text, spans, chars)
            if finding is not None:
                yield finding

    def _judge(self, text: str, spans: Spans, chars: CharOffsets | None) -> Finding | None:
        def cut(group: int) -> tuple[int, int]:
            return char_span(chars, spans[group])

        if spans[3][0] >= 0:  # said of a person
            s, e = cut(1)
            subject = text[s:e]
            if not _PERSON_SUBJECT.match(subject):
                who = subject.split()[0]
                if not is_given_name(who) and who.lower() not in _SUBJECT_PRONOUNS:
                    return None
            start, end = cut(3)
            word = text[start:end]
            if word.lower() in NAME_LIKE and spans[2][0] < 0 and word[:1].isupper():
                return None  # "I am Christian, your new contact": a name, not a faith
            score = 0.6
        elif spans[5][0] >= 0:
            start, end = cut(5)
            score = 0.55
        elif spans[6][0] >= 0:
            start, end = cut(6)
            score = 0.6
        else:  # a party or a union someone belongs to
            start, end = cut(7)
            return Finding("NRP", start, end, 0.6, self.name)
        word = text[start:end]
        if word.lower() in CASED_ONLY and not word[:1].isupper():
            return None
        return Finding("NRP", start, end, score, self.name)


# A sexual orientation or gender identity said of a person (a special category under GDPR
# Art. 9): "he is gay", "I'm a lesbian", "she came out as bisexual", "they identify as
# non-binary", "er ist schwul", "elle est lesbienne", "es gay", "è omosessuale", "hij is homo".
# Group 1: the subject; group 2: the word.
_ORIENTATION_WORDS = (
    r"gay|lesbian|bisexual|queer|transgender|trans|non-binary|nonbinary|asexual|pansexual"
    r"|homosexual|intersex|schwul|lesbisch|bisexuell|homosexuell|lesbienne|homosexuel(?:le)?"
    r"|bisexuel(?:le)?|lesbiana|homosexuales|lesbica|omosessuale|bisessuale|homoseksueel"
    r"|biseksueel"
)
_ORIENTATION = (
    r"(?i)\b(i[ \t]+am|i'm|i’m|he[ \t]+is|she[ \t]+is|he's|she's|they[ \t]+are|we[ \t]+are"
    r"|[A-Z\x{80}-\x{10FFFF}][a-z\x{80}-\x{10FFFF}]+[ \t]+(?:is|was)"
    r"|(?:came|come|comes|coming)[ \t]+out[ \t]+as|identif(?:y|ies|ied)[ \t]+as"
    r"|ich[ \t]+bin|er[ \t]+ist|sie[ \t]+ist|je[ \t]+suis|il[ \t]+est|elle[ \t]+est|soy|es"
    r"|sono|è|ik[ \t]+ben|hij[ \t]+is|zij[ \t]+is)"
    rf"[ \t]+(?:(?:a|an|openly|proudly|proud|ein|eine|un|une|una)[ \t]+){{0,2}}"
    rf"({_ORIENTATION_WORDS})\b"
)
ORIENTATION_SCORE = 0.7


class OrientationDetector(BytePassDetector):
    """A person's sexual orientation or gender identity, said of them: "he is gay", "she came
    out as bisexual", "they identify as non-binary", in six languages; the subject a pronoun
    or a given name of the gazetteer."""

    name = "sexual_orientation"
    entities = ("SEXUAL_ORIENTATION",)
    keywords = (
        "gay", "lesbian", "bisexual", "queer", "trans", "binary", "asexual", "pansexual",
        "homosexual", "intersex", "schwul", "lesbisch", "bisexuell", "homosexuell", "lesbienne",
        "homosexuel", "bisexuel", "lesbiana", "lesbica", "omosessuale", "bisessuale",
        "homoseksueel", "biseksueel",
    )  # fmt: skip
    origin = "GDPR Art. 9 (a natural person's sex life or sexual orientation)"
    expression = _ORIENTATION

    def found(
        self, text: str, chars: CharOffsets | None, matches: Iterator[Spans]
    ) -> Iterator[Finding]:
        for spans in matches:
            subject = text[slice(*char_span(chars, spans[1]))]
            who = subject.split()[0]
            if who.lower() not in _ORIENTATION_SUBJECTS and not is_given_name(who):
                continue  # "the function is trans…", "Paris is queer…": no person
            yield Finding(
                "SEXUAL_ORIENTATION", *char_span(chars, spans[2]), ORIENTATION_SCORE, self.name
            )


_ORIENTATION_SUBJECTS = frozenset(
    {"i", "i'm", "i’m", "he", "she", "he's", "she's", "they", "we", "came", "come", "comes",
     "coming", "identify", "identifies", "identified", "ich", "er", "sie", "je", "il", "elle",
     "soy", "es", "sono", "è", "ik", "hij", "zij"}
)  # fmt: skip


def detectors(settings: ScanSettings) -> list[Detector]:
    return [AgeDetector(), NrpDetector(), OrientationDetector()]
