"""A gazetteer of given names, for the NER detector: the first names Faker ships per locale.

spaCy's small English model often calls a person an organisation ("Christophe Björklund",
"Sandra is very reliable"): it knows English names best and reads an unknown capitalised pair
as a company. A given name first is evidence the model lacks. Faker (a dependency already, for
surrogates) carries the given names of many countries, drawn from national statistics: those
of the languages and countries whose names appear in prompts to European, American and Indian
suppliers, and those of Africa and Asia as people write them in Latin letters (about 19,000
names), are kept in ``data/given_names.txt``, made from the locked Faker by
``python -m annexa.detect.builtin.given_names > annexa/detect/builtin/data/given_names.txt``.
A file rather than Faker at run time: reading it costs 5 ms where importing Faker and its 61
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
    """
    )
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


@cache
def given_names() -> Gazetteer:
    """Every given name of the gazetteer, in lower case (``data/given_names.txt``)."""
    text = resources.files("annexa.detect.builtin").joinpath(DATA_FILE).read_text("utf-8")
    return Gazetteer(
        line for line in (raw.strip() for raw in text.splitlines()) if line and line[0] != "#"
    )


def from_faker() -> list[str]:
    """The gazetteer as Faker makes it: every first name of :data:`LOCALES`, in lower case,
    minus :data:`NOT_EVIDENCE`, sorted (what ``data/given_names.txt`` holds)."""
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
    return sorted(names - NOT_EVIDENCE)


def file_text(names: list[str]) -> str:
    """``data/given_names.txt`` for ``names``, with a header saying where it comes from."""
    from importlib.metadata import version  # noqa: PLC0415 - only when the file is made

    locales = len(LOCALES) + len(ROMANIZED)
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
