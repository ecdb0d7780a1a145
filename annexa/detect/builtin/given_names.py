"""A gazetteer of given names, for the NER detector: the first names Faker ships per locale.

spaCy's small English model often calls a person an organisation ("Christophe Björklund",
"Sandra is very reliable"): it knows English names best and reads an unknown capitalised pair as
a company. A given name first is evidence the model lacks. Faker (a dependency already, for
surrogates) carries the given names of many countries, drawn from national statistics: those of
the languages and countries whose names appear in prompts to European, American and Indian
suppliers, and those of Africa and Asia as people write them in Latin letters (Hindi and Nepali
names romanized from Faker's Devanagari; about 20,000 names in all), are kept in
``data/given_names.txt``, made from the locked Faker by

    python -m annexa.detect.builtin.given_names > annexa/detect/builtin/data/given_names.txt

A file rather than Faker at run time: reading it costs 5 ms where importing Faker and its 63
person providers cost 0.1-0.3 s of CPU at every NER cold start, and a Faker upgrade cannot
change what is detected unseen (a test fails until the file is made again).

Given names that are also everyday English words, months, virtues, flowers, places or the names
of software and AI products ("Will", "May", "Grace", "Ruby", "Julia", "Claude", "Gemma",
"Devin", "Cassandra"), and those that are words of code and documentation far more often than
names ("Server", "Made", "Else", "Beta", "Edit"; counted in the source and metadata of the
installed packages) are left out: a capitalised "May" or "Claude" in a prompt is no evidence
of a person.
"""

from __future__ import annotations

import importlib
import sys
import unicodedata
from functools import cache
from importlib import resources

__all__ = ["is_given_name"]


DATA_FILE = "data/given_names.txt"


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Faker's locales whose person provider lists first names in Latin script: Europe and the
# Americas, and the names of Africa (Kenya, Nigeria's Hausa, Igbo and Yoruba, Ghana's Twi, Zulu,
# Swahili, Algeria), South and Southeast Asia (India, Pakistan, Indonesia, Thailand, Vietnam)
# and Central Asia as people write them in English prompts.
LOCALES = _words(
    "en_US en_GB en_IE en_IN de_DE de_AT de_CH fr_FR fr_CH es_ES es_MX it_IT nl_NL nl_BE pt_PT"
    " pt_BR sv_SE fi_FI da_DK no_NO is_IS pl_PL cs_CZ sk_SK hu_HU ro_RO hr_HR sl_SI et_EE lv_LV"
    " lt_LT tr_TR el_GR bg_BG ru_RU uk_UA"
    " en_NZ ga_IE de_LU de_LI fr_BE fr_CA es_AR es_CL es_CO"
    " en_KE ha_NG ig_NG yo_NG tw_GH zu_ZA sw fr_DZ en_PK id_ID en_TH vi_VN az_AZ uz_UZ"
)
# Locales whose first names Faker writes in another script, with their romanized forms (Hepburn
# for Japanese, pinyin for Chinese): only those are read.
ROMANIZED = _words("ja_JP zh_CN")
# Locales whose first names Faker writes in Devanagari only (Hindi, Nepali): read as people write
# them in Latin letters (:func:`romanize_devanagari`). en_IN's own list holds mostly the names
# given to babies lately; "Rajesh", "Sunita" and "Amit" are here.
DEVANAGARI = _words("hi_IN ne_NP")

# Given names that are everyday words, product names or both (lower case).
NOT_EVIDENCE = frozenset(
    _words(
        """
    will may june april august grace hope faith joy charity patience prudence mercy honor honour
    dawn rose iris jasmine holly ivy daisy lily violet amber crystal ruby pearl jade opal angel
    hunter chase mark bill frank guy pat sue rob don art max jack lane dale glen cliff gene ray
    bob penny sky skye river storm rain star sunny honey candy ginger olive sage page mason carter
    taylor cooper baker miller parker price rich young king bell hall long grant drew reed case
    pierce wade buck rusty sandy misty brook hazel heather fern coral cherry summer autumn winter
    spring harmony melody destiny trinity serenity unity liberty justice precious princess queen
    duke earl major rocky bud chip dusty lucky happy bliss blossom sterling royal noble early
    julia ada alexa siri cortana claude gemini jenkins kafka jasper django flask travis sentry
    mercedes tesla dell wells victoria sydney paris florence austin dallas phoenix jordan china
    india georgia virginia carolina lincoln washington jackson kent chelsea camden devon
    sofia charlotte regina alexandria augusta savannah madison aurora orlando santiago valencia
    adelaide lourdes salvador chanel harley
    apollo athena atlas cassandra cody devin gemma gerrit hugo jules line loki luigi luna mars
    nova venus dev
    else an can elif server job sys del per tone conn edit meta us my sep el made beta lex lo
    ver peer om odd pol tilde uni edu tan dom aud dag till cal mate sol ties eta lies cas
    diamond
    man ever among lady france sad mad loan muslim jail gang mac innocent wage min comfort valid
    fancy nail yoga raid darling martial indie danish rex manila karma abbey rim archer ping
    kingston tri willow purity piper scarlet bale poppy kaiser dolly tai ryder imam loot zion
    lavender clement wilder immaculate felicity fang anon rosy magnolia ide rei mora aden devi
    azalea tiara taro dona dodo yaw mala nadir amine serine astride hemi beryl garret hermes
    yang nia chi lut darwin ami nel anom gordan rida lan nam vi na kana rua
    smith johnson williams davis anderson kennedy murray campbell evans robinson collins rogers
    harper hudson jefferson blair newton fletcher neal
    sun moon khan ram dip sudan ish shri pun som bhai bal isi kam yam dil mun brahma tek hark
    manna lav panch shant asin anak dava doli padm purn ratn jnan eesh moti puja mani lal raman
    prasad salina toran kesar lochan vina tika megh nati mahatma
    """
    )
)


# Of those, the ones a person who says "I'm Sofia" or "Dear Jordan," means as a name: places,
# virtues, flowers and months that are common given names (not words that describe the
# speaker, "I'm Happy", "I am Frank"; not a product that introduces itself, "I'm Claude";
# not a slogan's city, "Je suis Paris").
INTRODUCED = frozenset(
    _words(
        """
    sofia charlotte victoria sydney florence austin dallas jordan georgia virginia carolina
    chelsea savannah madison aurora regina adelaide lourdes india
    grace hope faith joy dawn rose iris jasmine holly ivy daisy lily violet amber crystal ruby
    pearl jade will may june april august mark bill guy pat sue rob don jack max dale glen ray
    bob penny skye mason carter taylor cooper parker drew reed heather hazel brook summer
    autumn melody destiny trinity serenity harmony julia ada hugo jules luna gemma cody devin
    cassandra athena hunter chase
    """
    )
)


def is_introduced_name(word: str) -> bool:
    """Whether ``word``, capitalised as a name is, is a given name of the gazetteer or one of
    :data:`INTRODUCED`: a name once the text says it is one ("my name is", "I'm", "Dear")."""
    return is_given_name(word) or (
        word[:1].isupper() and word[1:].islower() and word.lower() in INTRODUCED
    )


class Gazetteer(frozenset[str]):
    """Lower-case given names; a word written with accents the list has without them is in it
    too ("siobhán", "seán", "zoë": Faker's Irish and English lists write "siobhan", "sean",
    "zoe"), since people write their names with the marks and forms drop them."""

    def __contains__(self, word: object) -> bool:
        if frozenset.__contains__(self, word):
            return True
        if not isinstance(word, str) or word.isascii():
            return False
        plain = without_marks(word)
        return plain != word and frozenset.__contains__(self, plain)


def without_marks(word: str) -> str:
    """``word`` without its combining marks ("siobhán" → "siobhan"; "ø" and "ł" stay)."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def read_names(name: str) -> frozenset[str]:
    """The names of one of this package's data files: one per line, ``#`` lines skipped."""
    text = resources.files("annexa.detect.builtin").joinpath(name).read_text("utf-8")
    return frozenset(
        line for line in (raw.strip() for raw in text.splitlines()) if line and line[0] != "#"
    )


@cache
def given_names() -> Gazetteer:
    """Every given name of the gazetteer, in lower case (``data/given_names.txt``)."""
    return Gazetteer(read_names(DATA_FILE))


def from_faker() -> list[str]:
    """The gazetteer as Faker makes it: every first name of :data:`LOCALES`, the romanized ones
    of :data:`ROMANIZED` and those of :data:`DEVANAGARI` in Latin letters, in lower case, minus
    :data:`NOT_EVIDENCE`, sorted (what ``data/given_names.txt`` holds)."""
    names: set[str] = set()
    for locale in (*LOCALES, *ROMANIZED):
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except (ImportError, AttributeError):  # a locale a future Faker drops
            continue
        attributes = (
            ("first_romanized_names",)
            if locale in ROMANIZED
            else ("first_names", "first_names_male", "first_names_female", "first_names_unisex")
        )
        for attribute in attributes:
            found = getattr(provider, attribute, None)
            if not isinstance(found, list | tuple | dict):  # absent, or computed (a property)
                continue
            names.update(n.lower() for n in found if isinstance(n, str) and n.isalpha())
    for locale in DEVANAGARI:
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except (ImportError, AttributeError):
            continue
        found = getattr(provider, "first_names", None)
        if isinstance(found, list | tuple | dict):
            for name in found:
                if isinstance(name, str):
                    names.update(r for r in romanize_devanagari(name) if len(r) > 2)
    return sorted(names - NOT_EVIDENCE)


_CONSONANTS = {
    "क": "k", "ख": "kh", "ग": "g", "घ": "gh", "ङ": "n", "च": "ch", "छ": "chh", "ज": "j",
    "झ": "jh", "ञ": "n", "ट": "t", "ठ": "th", "ड": "d", "ढ": "dh", "ण": "n", "त": "t",
    "थ": "th", "द": "d", "ध": "dh", "न": "n", "प": "p", "फ": "ph", "ब": "b", "भ": "bh",
    "म": "m", "य": "y", "र": "r", "ल": "l", "व": "v", "श": "sh", "ष": "sh", "स": "s",
    "ह": "h", "ळ": "l",
}  # fmt: skip
_NUKTA_FORMS = {"क": "q", "ख": "kh", "ग": "gh", "ज": "z", "ड": "r", "ढ": "rh", "फ": "f"}
_VOWELS = {"अ": "a", "आ": "a", "इ": "i", "ई": "i", "उ": "u", "ऊ": "u", "ऋ": "ri", "ए": "e",
           "ऐ": "ai", "ओ": "o", "औ": "au", "ऑ": "o"}  # fmt: skip
_SIGNS = {"ा": "a", "ि": "i", "ी": "i", "ु": "u", "ू": "u", "ृ": "ri", "े": "e", "ै": "ai",
          "ो": "o", "ौ": "au", "ॅ": "e", "ॉ": "o"}  # fmt: skip
_LONG = {"ी": "ee", "ई": "ee", "ू": "oo", "ऊ": "oo"}  # "Deepak", "Sandeep" beside "Dilip"
_VIRAMA, _NUKTA, _NASAL, _VISARGA = "्", "़", "ंँ", "ः"


def _syllables(word: str, long: bool) -> list[tuple[str, str | None, str, int]] | None:
    """``word`` as (consonants, vowel or None for the inherent "a", coda, consonant count),
    or None when it holds a character that is no letter or sign of Devanagari's."""
    chars = unicodedata.normalize("NFD", word).replace("\u200d", "").replace("\u200c", "")
    out: list[tuple[str, str | None, str, int]] = []
    i, n = 0, len(chars)
    while i < n:
        c = chars[i]
        if c in _VOWELS:
            out.append(("", _LONG[c] if long and c in _LONG else _VOWELS[c], "", 0))
            i += 1
        elif c in _CONSONANTS:
            cluster, count, dead = "", 0, False
            while i < n and chars[i] in _CONSONANTS:
                base, count = chars[i], count + 1
                i += 1
                if i < n and chars[i] == _NUKTA:
                    cluster += _NUKTA_FORMS.get(base, _CONSONANTS[base])
                    i += 1
                else:
                    cluster += _CONSONANTS[base]
                if i < n and chars[i] == _VIRAMA:
                    i += 1
                    if i < n and chars[i] in _CONSONANTS:
                        continue  # a conjunct: the next consonant joins the cluster
                    dead = True  # a final consonant written without its vowel
                break
            vowel: str | None = "" if dead else None
            if not dead and i < n and chars[i] in _SIGNS:
                vowel = _LONG[chars[i]] if long and chars[i] in _LONG else _SIGNS[chars[i]]
                i += 1
            out.append((cluster, vowel, "", count))
        elif c in _NASAL or c == _VISARGA:
            if not out:
                return None
            cons, vowel, coda, count = out[-1]
            out[-1] = (cons, vowel, coda + ("h" if c == _VISARGA else "n"), count)
            i += 1
        else:
            return None
    return out


def _spelled(syllables: list[tuple[str, str | None, str, int]], keep_clusters: bool) -> str:
    """The syllables in Latin letters, with Hindi's dropped "a"s: the last one ("Rajesh"),
    unless after a conjunct ending in r, y or v ("Chandra", "Surya", "Aditya"), and one between
    a vowel and a consonant with its own vowel ("Jagdish", "Arvind"); after a conjunct only
    when ``keep_clusters`` is false ("Lakshman" and "Anjali" read either way)."""
    vowels = [v for _, v, _, _ in syllables]
    last = len(syllables) - 1
    cons, vowel, coda, count = syllables[last]
    if last and vowel is None and not coda:
        vowels[last] = "a" if count >= 2 and cons[-1] in "ryv" else ""
    for j in range(last - 1, 0, -1):
        cons, vowel, coda, count = syllables[j]
        after = syllables[j + 1]
        if (
            vowel is None
            and not coda
            and vowels[j - 1] != ""
            and not syllables[j - 1][2]
            and after[3] == 1
            and vowels[j + 1]
            and not (keep_clusters and count >= 2)
        ):
            vowels[j] = ""
    text = "".join(
        c + ("a" if v is None else v) + k for (c, _, k, _), v in zip(syllables, vowels, strict=True)
    )
    for nasal, labial in (("np", "mp"), ("nb", "mb"), ("nm", "mm")):
        text = text.replace(nasal, labial)
    return text


def romanize_devanagari(word: str) -> set[str]:
    """The ways people write a Hindi or Nepali given name in Latin letters ("दीपक": "deepak",
    "dipak"), lower case; empty when ``word`` holds anything but Devanagari letters and signs."""
    out: set[str] = set()
    for long in (False, True):
        syllables = _syllables(word, long)
        if not syllables:
            return set()
        out.update(_spelled(syllables, keep) for keep in (False, True))
    return out


def file_text(names: list[str]) -> str:
    """``data/given_names.txt`` for ``names``, with a header saying where it comes from."""
    from importlib.metadata import version  # noqa: PLC0415 - only when the file is made

    locales = len(LOCALES) + len(ROMANIZED) + len(DEVANAGARI)
    header = (
        f"# Given names of Faker {version('faker')}'s person providers ({locales} locales),"
        " lower case, minus everyday words.\n"
        "# Made by: python -m annexa.detect.builtin.given_names"
        " > annexa/detect/builtin/data/given_names.txt\n"
    )
    return header + "".join(f"{n}\n" for n in names)


def is_given_name(word: str) -> bool:
    """Whether ``word``, capitalised as a name is (``Sandra``, not ``sandra`` or ``SANDRA``),
    is a given name of the gazetteer."""
    return word[:1].isupper() and word[1:].islower() and word.lower() in given_names()


if __name__ == "__main__":  # pragma: no cover - the command that makes the data file
    sys.stdout.write(file_text(from_faker()))
