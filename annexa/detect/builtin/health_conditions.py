"""A person's health (MEDICAL_CONDITION): a diagnosis, an illness, a disability, a pregnancy.

Data concerning health is a special category of personal data (GDPR Art. 9): an HR message
("Laura is on sick leave: she was diagnosed with breast cancer"), a support ticket or a letter
to an insurer puts it in a prompt, and most policies must not let it reach a supplier as it is.
A condition's name alone is no personal data ("cancer research", "the diabetes ward"); what
makes it someone's is how the text says it, so a condition counts only after a cue that says a
person has it, in the engine's six languages:

- **a diagnosis or a person's state**: "diagnosed with", "tested positive for", "suffers
  from", "living with", "her history of", "treated for", "prescribed … for", "she takes … for
  her", "recovering from", "Aylin has", "my mother has", "on sick leave due
  to", "she has", "leidet an", "krankgeschrieben wegen", "souffre de", "padece", "soffre di",
  "lijdt aan"...: a condition that the list below names or that is written as medicine names
  conditions, and the others listed with it ("diabetes and arthritis");
- **a pregnancy or an absence for sickness** ("is pregnant", "is on sick leave", "ist
  krankgeschrieben", "est en arrêt maladie"): an employer's sickness records are data
  concerning health too;
- **a form's label**: "Diagnosis:", "Medical condition:", "Diagnose:", "Diagnóstico:", a
  clinical letter's "Presenting complaint:" and "PMH:": what follows, up to four words;
- **a clinical letter's cues**: "Known …", "History of …", "presented with", "admitted with",
  "c/o", "died of" (a family history), after which a clinician's abbreviations count too
  ("Known T2DM", "died of MI");
- **an allergy**: "allergic to", "allergisch gegen", "allergique à", "alérgica a": the allergens
  after it, up to two words each ("peanuts and shellfish", "la penicilina").

What names a condition: a term of :data:`CONDITIONS` (common diagnoses, mental illnesses,
infections, disabilities, pregnancy, in the six languages), or a word built as medical terms
are (ICD-10's naming: ``-itis``, ``-oma``, ``-osis``, ``-emia``, ``-pathy``, ``-algia``,
``-plegia``), or words before "disease", "disorder", "syndrome", "cancer", "infection",
"deficiency" or "failure" ("Crohn's disease", "bipolar disorder", "kidney failure"). Severity
and stage go with it ("stage 2 breast cancer", "severe depression"). The span is the
condition, not the cue: what leaves as a placeholder is the diagnosis.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice

from annexa.detect.builtin._bytes import BytePassDetector, Spans, char_span
from annexa.detect.builtin._regions import CharOffsets
from annexa.detect.builtin._words import ORG_WORDS, PRODUCTS
from annexa.detect.context import word_set
from annexa.detect.interface import Detector, Finding
from annexa.settings import ScanSettings

SCORE = 0.7  # a condition after a cue that says a person has it
LABEL_SCORE = 0.75  # after a form's label ("Diagnosis: ...")

# Common conditions (lower case; several words where the name has them), from the WHO's ICD-10
# chapter headings' everyday names, in English, German, French, Spanish, Italian and Dutch.
CONDITIONS = frozenset(
    {
        # English
        "cancer", "breast cancer", "lung cancer", "prostate cancer", "colon cancer",
        "skin cancer", "leukemia", "leukaemia", "lymphoma", "melanoma", "tumor", "tumour",
        "brain tumor", "brain tumour", "diabetes", "type 1 diabetes", "type 2 diabetes", "hiv",
        "aids", "hepatitis", "hepatitis b", "hepatitis c", "tuberculosis", "covid", "covid-19",
        "long covid", "flu", "influenza", "pneumonia", "depression", "anxiety disorder",
        "seizures", "panic disorder",
        "panic attacks", "bipolar disorder", "schizophrenia", "ptsd",
        "adhd", "autism", "ocd", "anorexia", "bulimia", "eating disorder", "burnout",
        "dementia", "alzheimer's", "alzheimer's disease", "parkinson's",
        "parkinson's disease", "epilepsy", "multiple sclerosis", "stroke", "heart attack",
        "heart disease", "heart failure", "hypertension", "high blood pressure", "asthma",
        "copd", "arthritis", "rheumatoid arthritis", "lupus", "crohn's", "crohn's disease",
        "colitis", "celiac disease", "coeliac disease", "migraine", "migraines",
        "kidney failure", "cirrhosis", "alcoholism", "addiction", "drug addiction",
        "substance abuse", "sickle cell", "haemophilia", "hemophilia", "cystic fibrosis",
        "down syndrome", "cerebral palsy", "als", "endometriosis", "pcos", "chlamydia",
        "syphilis", "herpes", "gonorrhea", "gonorrhoea", "sleep apnea", "sleep apnoea",
        "insomnia", "obesity", "tinnitus", "hearing loss", "miscarriage", "infertility",
        "concussion", "broken leg", "broken arm", "broken wrist", "slipped disc", "back pain",
        "chronic pain", "fibromyalgia", "mental illness", "myocardial infarction",
        "atrial fibrillation", "deep vein thrombosis", "pulmonary embolism", "fever",
        "cough", "headache", "headaches", "nausea", "vomiting", "dizziness", "palpitations",
        "breathlessness", "dyslexia", "dyscalculia", "whiplash", "fracture", "fractured wrist",
        "sprained ankle", "hernia",
        # German
        "krebs", "brustkrebs", "lungenkrebs", "leukämie", "depressionen", "demenz",
        "epilepsie", "schlaganfall", "herzinfarkt", "bluthochdruck", "multiple sklerose",
        "angststörung", "magersucht", "sucht", "alkoholsucht", "schwangerschaft",
        "bandscheibenvorfall", "rückenschmerzen", "grippe", "lungenentzündung",
        "hypertonie", "arterielle hypertonie", "vorhofflimmern", "herzinsuffizienz",
        "diabetes mellitus", "typ-2-diabetes", "typ-1-diabetes", "legasthenie", "dyskalkulie",
        "adhs",
        # French
        "diabète", "dépression", "sclérose en plaques", "vih", "asthme", "épilepsie", "avc",
        "grossesse", "démence", "un cancer", "cancer du sein", "hypertension artérielle",
        "burn-out", "pneumonie", "hernie discale", "dyslexie",
        # Spanish
        "cáncer", "cáncer de mama", "depresión", "asma", "epilepsia", "demencia",
        "embarazo", "diabetes tipo 2", "gripe", "neumonía", "ictus", "infarto",
        "hernia discal", "dislexia",
        # Italian
        "cancro", "tumore", "diabete", "depressione", "epilessia", "demenza",
        "gravidanza", "polmonite", "ernia del disco", "dislessia",
        # Dutch
        "kanker", "borstkanker", "depressie", "astma", "dementie",
        "zwangerschap", "beroerte", "hartaanval", "griep", "longontsteking", "overspannenheid",
    }
)  # fmt: skip

# Conditions whose name is an everyday word too ("he has anxiety about the deadline"): one only
# after a clinical cue (diagnosed with, treated for, suffers from, prescribed … for, a history
# of), not after "has"
CLINICAL_ONLY = frozenset(
    {
        "anxiety", "angst", "anxiété", "ansiedad",
        # a clinical letter's abbreviations (NICE's and the BNF's): myocardial infarction,
        # atrial fibrillation, transient ischaemic attack, type 2 and 1 diabetes, chronic
        # kidney disease, congestive heart failure, coronary artery disease, deep vein
        # thrombosis, cerebrovascular accident, hypertension
        "mi", "af", "tia", "t2dm", "t1dm", "ckd", "chf", "cad", "dvt", "cva", "htn",
    }
)  # fmt: skip

# Words built as medicine names conditions (ICD-10's terms): "arthritis", "carcinoma",
# "sclerosis", "anaemia", "neuropathy", "fibromyalgia", "paraplegia"
_MEDICAL_WORD = re.compile(
    r"[a-zà-ÿ]{3,}(?:itis|omas?|osis|a?emia|pathy|algia|plegia|trophy|ectomy)", re.IGNORECASE
)
# Words formed so that are no condition ("a diploma", "sympathy", "a prognosis")
_NOT_MEDICAL = word_set(
    "diploma diplomas aroma aromas sympathy empathy telepathy homeopathy nostalgia osmosis"
    " symbiosis prognosis diagnosis academia idiosyncrasy"
)
# Words that end a condition's name in English ("Crohn's disease", "bipolar disorder")
_HEAD_NOUNS = word_set(
    "disease disorder syndrome cancer infection deficiency failure injury tumor tumour palsy"
    " condition illness pain"
)

# The cues (group 1): a diagnosis or a person's state, after which a listed or medically
# formed condition must follow; a form's label (group 2), after which any words do; a
# pregnancy (group 3: the word). Matched with what follows in one RE2 pass over the text's
# bytes, so that most texts (which say "she has" or "suffers from" of other things) never reach
# Python.
_CUE = (
    r"(?:was|were|been|is|are|got|being|newly|recently|just)[ \t]+diagnosed[ \t]+(?:with|as)"
    r"|diagnosis[ \t]+of|tested[ \t]+positive[ \t]+(?:for|to)"
    r"|diagnostiqu(?:é|e)e?s?[ \t]+(?:avec|d['’]une?|d['’])"
    r"|diagnosticad[oa]s?[ \t]+(?:con|de)|diagnosticat[oa][ \t]+(?:con|di)"
    r"|gediagnosticeerd[ \t]+met|diagnostiziert(?:[ \t]+mit)?|erkrankt[ \t]+an"
    r"|suffers?[ \t]+from|suffering[ \t]+from|suffered[ \t]+from|living[ \t]+with"
    r"|(?:(?:he|she|they|i)[ \t]+(?:has|have|had)[ \t]+)?(?:a|his|her|their|my|with[ \t]+a)"
    r"[ \t]+history[ \t]+of"
    r"|(?:being|been|is|was)[ \t]+treated[ \t]+for|treatment[ \t]+for[ \t]+(?:his|her|their|my)"
    r"|prescribed(?:[ \t]+[^\s]+){1,3}?[ \t]+for"
    r"|(?:he|she|they|i)[ \t]+(?:takes|take|took|is[ \t]+taking|am[ \t]+taking)"
    r"(?:[ \t]+[^\s]+){1,3}?[ \t]+for[ \t]+(?:his|her|their|my)"
    r"|recovering[ \t]+from|sick[ \t]+leave[ \t]+(?:due[ \t]+to|because[ \t]+of|for|with)"
    r"|off[ \t]+sick[ \t]+with|(?:he|she|they|i|(?-i:[A-Z][a-z]+)|(?:my|his|her|our|their|the)"
    r"[ \t]+(?:son|daughter|mother|father|mum|mom|dad|wife|husband|partner|colleague|patient"
    r"|child|kid|brother|sister|friend|boss|manager|employee|grandmother|grandfather))"
    r"[ \t]+(?:has|have|had)(?:[ \t]+been[ \t]+having)?"
    r"|(?:his|her|their|my)[ \t]+(?:recent[ \t]+)?(?:diagnosis[ \t]+(?:of|with)|condition[ \t]*:?)"
    # a clinical letter's: a known condition, the history of one (capitalised: a note's line
    # or sentence opens with it), what a patient presents or is admitted with, what a relative
    # died of (a family history)
    r"|(?-i:K)nown|(?:with|is|a|patient)[ \t]+known|(?-i:H)(?:istory|x)[ \t]+of"
    r"|(?:presented|presenting|presents|admitted|referred)[ \t]+with"
    r"|complain(?:s|ing)?[ \t]+of|c/o|died[ \t]+(?:of|from)|passed[ \t]+away[ \t]+from"
    r"|(?:leidet|litt)(?:[ \t]+seit[ \t]+[^\s]{1,12})?[ \t]+(?:an|unter)"
    r"|krankgeschrieben[ \t]+(?:wegen|mit)"
    r"|hospitali[sz]ed[ \t]+(?:for|with)|hospitalis(?:é|e)e?s?[ \t]+pour"
    r"|(?:est|a[ \t]+été|sont)[ \t]+suivie?s?[ \t]+pour|ricoverat[oa][ \t]+per"
    r"|hospitalizad[oa][ \t]+por|opgenomen[ \t]+(?:met|wegens)"
    r"|souffre[ \t]+(?:de|d['’])|atteinte?[ \t]+(?:de|d['’])|padece(?:[ \t]+de)?|sufre[ \t]+de"
    r"|soffre[ \t]+di|affett[oa][ \t]+da|lijdt[ \t]+aan|heeft[ \t]+last[ \t]+van"
)
# An allergy: what follows is the allergen, named freely (group 4 marks the cue)
_ALLERGY = (
    r"allergic[ \t]+to|(?:an|his|her|their|my)[ \t]+allergy[ \t]+to"
    r"|allergisch[ \t]+(?:gegen|auf|voor)|allergique[ \t]+(?:à|a|aux|au)"
    r"|al(?:é|e)rgic[oa][ \t]+a|allergic[oa][ \t]+a"
)
_LABEL = (
    r"(?-i:[DM])(?:iagnosis|iagnose|iagnostic|iagn(?:ó|o)stico|iagnosi"
    r"|edical[ \t]+(?:condition|diagnosis)|edizinische[ \t]+diagnose)"
    r"|(?-i:[HP])(?:ealth[ \t]+condition|re-existing[ \t]+condition)"
    r"|(?-i:P)(?:resenting[ \t]+complaint|ast[ \t]+medical[ \t]+history|MH)"
    r"|(?-i:M)edical[ \t]+history|(?-i:I)njur(?:y|ies)(?:[ \t]+sustained)?"
)
# A pregnancy, or an absence for sickness, said of someone (group 3: what is said, without
# "on"): "is pregnant", "is 5 months pregnant", "is on sick leave", "ist krankgeschrieben", "est
# en arrêt maladie", "está de baja médica", "è in malattia", "is ziekgemeld" (an employer's
# sickness records are data concerning health too)
# (RE2's \b is ASCII's: "è" and "était", which open with another letter, stand after a blank)
_PREGNANT = (
    r"(?:\b(?:is|was|am|are|were|'s|’s|got|became|being|been|went|gone|ist|war|est|está|estaba"
    r"|era|wordt|werd)|(?:^|[\s(])(?:è|était))[ \t]+"
    # since when ("ist seit dem 02.11. krankgeschrieben", "est depuis lundi en arrêt maladie")
    r"(?:(?:seit|since|depuis|desde|dal|da|sinds)(?:[ \t]+(?:dem|le|el|il|the))?[ \t]+"
    r"[^\s]{1,12}[ \t]+)?"
    r"(?:(?:[0-9]+|[a-z]+)[ \t]+(?:weeks?|months?|wochen|monate|semaines"
    r"|mois|semanas|meses|settimane|mesi|weken|maanden)[ \t]+)?(?:on[ \t]+)?"
    r"(pregnant|schwanger|enceinte|embarazada|incinta|zwanger|(?:sick|medical)[ \t]+leave"
    r"|krankgeschrieben|en[ \t]+arr(?:ê|e)t[ \t]+maladie|de[ \t]+baja(?:[ \t]+m(?:é|e)dica)?"
    r"|in[ \t]+malattia|ziekgemeld|ziek[ \t]+gemeld)\b"
)
# What a sickness absence is for, after it ("on sick leave due to burnout")
_CAUSE = re.compile(
    r"(?i)[ \t]+(?:due[ \t]+to|because[ \t]+of|for|with|wegen|mit|pour|por|per|vanwege|wegens)"
    r"[ \t]+|[ \t]*\([ \t]*"
)
# Words a condition's name may open with: an article (left out of the span), a severity, a
# stage ("stage 2", "early-onset"), a type (kept in it)
_ARTICLE_RX = (
    r"(?:a|an|the|un|une|una|uno|ein|eine|einer|einem|een|la|le|les|el|los|las|il|lo|gli"
    r"|der|die|das|het)[ \t]+"
)
_QUALIFIER_RX = (
    r"(?:severe|mild|moderate|chronic|acute|advanced|terminal|metastatic|early|late|early-onset"
    r"|late-onset|aggressive|rare|clinical|major|recurrent|postnatal|postpartum|gestational"
    r"|paranoid|stage[ \t]+[0-4iv]+|type[ \t]+[12]|grade[ \t]+[1-4]|schwerer?n?|chronischer?n?"
    r"|sévère|grave|cronica|exertional|recurring|worsening|intermittent|persistent"
    r"|(?:[0-9]+|a|two|three|four|several|few)[ \t]+(?:days?|weeks?|months?|years?)['’]?"
    r"[ \t]+(?:history[ \t]+)?of|[0-9]+-(?:day|week|month|year)[ \t]+history[ \t]+of)[ \t]+"
)
_ARTICLE = re.compile(f"(?i){_ARTICLE_RX}")
_QUALIFIER = re.compile(f"(?i)(?:{_QUALIFIER_RX})*")
_WORDS = re.compile(r"[^\W\d_][\w'’\-]*|[0-9]+")
# After a condition, words that make it a thing's, not a person's ("cancer research")
_NOT_AFTER = word_set(
    "research awareness insurance center centre foundation society ward clinic screening"
    " drugs drug charity trust fund month day week vaccine vaccines test tests testing patients"
    " rates rate risk risks medication medications prevention program programme unit units"
    " study studies trial trials app apps of"
)
_BLANKS = re.compile(r"[ \t]*:?[ \t]*")
_AND = re.compile(r"(?i)[ \t]*(?:,[ \t]*(?:and|or)?|and|or|und|oder|et|ou|y|o|e|en|of)[ \t]+")
_MAX_WORDS = 5  # words read after the cue, its qualifiers apart
_NAME_MAX_WORDS = 3  # words of a condition's name ("Hodgkin lymphoma", "Crohn's disease")
_FREE_MAX_WORDS = 4  # words taken after a diagnosis or a label when the list names none
# A condition's name, up to two words before the word that makes it one ("Hodgkin lymphoma",
# "Crohn's disease"); the exact span is read in code (``_condition``)
_NAMED = (
    r"(?:[^\s,.;:!?]+[ \t]+){0,2}(?:"
    + "|".join(re.escape(c) for c in sorted(CONDITIONS | CLINICAL_ONLY, key=len, reverse=True))
    + r"|[a-z]{3,}(?:itis|omas?|osis|a?emia|pathy|algia|plegia|trophy|ectomy)|"
    + "|".join(sorted(_HEAD_NOUNS))
    + r")\b"
)
EXPRESSION = (
    rf"\b(?:({_CUE})[ \t]*(?:{_ARTICLE_RX})?(?:{_QUALIFIER_RX})*{_NAMED}|({_LABEL})[ \t]*:)"
    rf"|{_PREGNANT}|\b({_ALLERGY})[ \t]+(?:{_ARTICLE_RX})?[^\W\d_]"
)
_ALLERGEN_MAX_WORDS = 2  # "penicillin", "tree nuts", "la penicilina"
# What people say they are "allergic to" in a figure of speech: work, its rituals, effort
_FIGURATIVE_ALLERGIES = word_set(
    "meetings meeting mondays monday work working paperwork bureaucracy change changes"
    " deadlines drama nonsense stupidity effort exercise responsibility commitment math maths"
    " emails email excel powerpoint spreadsheets jargon buzzwords politics"
    " mornings overtime criticism conflict hype marketing managers feedback"
    " réunions réunion travail besprechungen meetings arbeit montage reuniones trabajo"
    " riunioni lavoro vergaderingen werk"
)


class HealthConditionDetector(BytePassDetector):
    """A person's health: a condition after a cue that says the person has it."""

    name = "health_condition"
    entities = ("MEDICAL_CONDITION",)
    origin = "GDPR Art. 9 (data concerning health); ICD-10's naming of conditions"
    expression = EXPRESSION
    case_sensitive = False

    def found(
        self, text: str, chars: CharOffsets | None, matches: Iterator[Spans]
    ) -> Iterator[Finding]:
        for spans in matches:
            if spans[3][0] >= 0:  # a pregnancy, a sickness absence and what it is for
                state = char_span(chars, spans[3])
                yield Finding("MEDICAL_CONDITION", *state, SCORE, self.name)
                cause = _CAUSE.match(text, state[1])
                if cause is not None:
                    yield from self._listed(text, cause.end(), SCORE, free=False)
            elif spans[4][0] >= 0:  # an allergy: the allergens after it, each named freely
                at = self._after(text, char_span(chars, spans[4])[1])
                word = _WORDS.match(text, at)
                if word is not None and word.group().lower() in _FIGURATIVE_ALLERGIES:
                    continue  # "allergic to meetings": a figure of speech
                yield from self._listed(text, at, SCORE, free=True, most=_ALLERGEN_MAX_WORDS)
            elif spans[2][0] >= 0:  # a form's label: what follows it, named or not
                at = self._after(text, char_span(chars, spans[2])[1])
                yield from self._listed(text, at, LABEL_SCORE, free=True, more_free=False)
            else:
                cue_start, cue_end = char_span(chars, spans[1])
                subject = text[cue_start:cue_end].split(None, 1)[0].lower()
                if subject in PRODUCTS or subject in ORG_WORDS or subject in _NO_SUBJECTS:
                    continue  # "Windows has a stroke feature", "It has HIV tests": a thing's
                at = self._after(text, cue_end)
                clinical = _HAS.search(text, cue_start, cue_end) is None
                yield from self._listed(text, at, SCORE, free=False, clinical=clinical)

    def _listed(
        self,
        text: str,
        at: int,
        score: float,
        *,
        free: bool,
        most: int = _FREE_MAX_WORDS,
        more_free: bool | None = None,
        clinical: bool = True,
    ) -> Iterator[Finding]:
        """The condition named at ``at`` and the others listed after it ("diabetes and
        arthritis"); the first taken freely if ``free``, the others if ``more_free`` (default:
        as the first); :data:`CLINICAL_ONLY` names first only if ``clinical`` (listed after a
        condition, one is: "depression and anxiety")."""
        found = self._condition(text, at, free=free, most=most, clinical=clinical)
        while found is not None:
            yield Finding("MEDICAL_CONDITION", *found, score, self.name)
            more = _AND.match(text, found[1])
            again = free if more_free is None else more_free
            found = (
                None if more is None else self._condition(text, more.end(), free=again, most=most)
            )

    @staticmethod
    def _after(text: str, cue_end: int) -> int:
        """Where what a cue names begins: past a label's colon and the blanks."""
        blanks = _BLANKS.match(text, cue_end)
        return blanks.end() if blanks else cue_end

    @staticmethod
    def _condition(
        text: str, at: int, *, free: bool, most: int = _FREE_MAX_WORDS, clinical: bool = True
    ) -> tuple[int, int] | None:
        """The span of the condition named at ``at``: the longest listed or medically formed
        name (with its qualifiers), or after a diagnosis's cue the words up to the sentence's
        next mark; ``None`` when none is named."""
        article = _ARTICLE.match(text, at)
        at = article.end() if article else at
        qualifiers = _QUALIFIER.match(text, at)
        start = qualifiers.end() if qualifiers else at
        line_end = text.find("\n", start)
        stop = len(text) if line_end < 0 else line_end
        words = list(islice(_WORDS.finditer(text, start, stop), _MAX_WORDS + 1))
        # the words must follow one another with blanks only (a comma ends the name)
        run: list[re.Match[str]] = []
        for m in words:
            if run and text[run[-1].end() : m.start()] not in (" ", "\t"):
                break
            if not run and m.start() != start:
                break
            run.append(m)
        if not run:
            return None
        # the name ends before a word a sentence goes on with ("cancer in 2019")
        read = run
        for i, m in enumerate(run):
            if m.group().lower() in _STOP_WORDS:
                run = run[:i]
                break
        best = 0
        for n in range(min(len(run), _NAME_MAX_WORDS), 0, -1):
            phrase = text[start : run[n - 1].end()].lower()
            last = run[n - 1].group().lower()
            if (
                phrase in CONDITIONS
                or last in CONDITIONS
                or (clinical and last in CLINICAL_ONLY)
                or (_MEDICAL_WORD.fullmatch(last) and last not in _NOT_MEDICAL)
                or (n > 1 and last in _HEAD_NOUNS)
            ):
                best = n
                break
        if not best and free:
            if run[0].group().lower() in _NONE:
                return None  # "Injuries: none", "Diagnose: keine"
            best = min(len(run), most)
        if not best:
            return None
        following = read[best].group().lower() if best < len(read) else ""
        if following in _NOT_AFTER:
            return None
        begin = at if qualifiers and qualifiers.end() > at else start
        return begin, run[best - 1].end()


# A cue that says only that someone has something ("she has", "I have had")
_HAS = re.compile(r"(?i)\b(?:has|have|had|having)\b(?![ \t]+(?:a|been)[ \t]+(?:history|diagnosed))")

# Words before "has" that name no person ("It has…", "This has…")
_NO_SUBJECTS = word_set("it this that there which what who everything nothing something")

# What a form writes when there is nothing to say
_NONE = word_set(
    "none no nil nothing unknown pending tbd tbc keine keiner aucune aucun ninguna ninguno"
    " nessuna nessuno geen"
)

# Words a condition's name taken freely does not end with ("diagnosed with cancer in 2019")
_STOP_WORDS = word_set(
    "in at on and or but last this that since after before when while which who of for to"
    " by from with as was is the a an her his their its early late recently yesterday today"
)


def detectors(settings: ScanSettings) -> list[Detector]:
    """The health condition detector."""
    return [HealthConditionDetector()]
