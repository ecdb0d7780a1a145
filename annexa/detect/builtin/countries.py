"""Country names as ``LOCATION`` for the NER detector: a gazetteer, not a guess of the model.

A small spaCy model misses a country that stands alone on an address line ("Estonia 62488"),
in lower case ("from switzerland") or after "the" ("the United States"), and that is where
addresses end. The names come from a kept library's data, not from a hand list: the region
names phonenumbers ships for its geocoder (``phonenumbers.geodata.locale``, from Google's
libphonenumber), in the six languages the engine reads (English, German, French, Spanish,
Italian, Dutch), plus the common English short forms ("USA", "UK") it does not spell out.

Precision first: a name is matched as a whole word. An English name matches in any case
("switzerland") unless it is also an everyday word ("Turkey", "Chile", "Jersey") or has four
letters or fewer ("Peru", "Oman"): those, and every name in the other five languages, need
their capital. A name that is also a given name ("Jordan", "Chad", "Maurice", French for
Mauritius) counts only after a preposition of place ("moved to Jordan").
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import re2

from annexa.detect.interface import Finding

__all__ = ["country_findings", "country_names", "is_country_name"]

LANGUAGES = ("en", "de", "fr", "es", "it", "nl")
# English short forms and names the geocoder data writes differently.
EXTRA = (
    "USA", "U.S.A.", "United States of America", "UK", "U.K.", "Great Britain", "England",
    "Scotland", "Wales", "Northern Ireland", "Holland", "Czech Republic", "Ivory Coast",
    "South Korea", "North Korea", "Vatican City", "UAE",
)  # fmt: skip
# English names that are also everyday words: matched only as written with a capital (so are
# names of four letters or fewer, and every name in the other five languages) ...
CASED = frozenset({
    "Chad", "Jordan", "Turkey", "China", "Guinea", "Niger", "Georgia", "Israel", "Chile",
    "Jersey", "Panama", "Bermuda", "Iceland", "Réunion", "Reunion", "Guernsey", "Dominica",
    "Jamaica", "Cuba", "Malta", "Congo", "Samoa", "Tonga", "Wales", "Holland", "Martinique",
})  # fmt: skip
# ... and given names only after a preposition of place ("moved to Jordan", not "Jordan said").
GIVEN_NAMES = frozenset({
    "Chad", "Jordan", "Georgia", "Israel", "Maurice", "Mauricio", "Maurizio", "Dominica",
    "Jersey", "Victoria", "Lucia",
})  # fmt: skip
_PLACE_PREPOSITION = re.compile(
    r"(?i)\b(?:in|from|to|into|across|near|of|visit(?:ed|ing)?|based in|aus|nach|en|de|à|"
    r"naar|uit|da|a|di)\s+$"
)
SCORE = 0.6  # the NER detector's own score for a place


def country_names() -> frozenset[str]:
    """Every country and territory name the gazetteer knows, in the six languages."""
    english, other = _names()
    return english | other


def _locale_data() -> dict[str, Any]:
    """phonenumbers' country names per language (``phonenumbers.geodata.locale``), read from its
    file alone: importing it as a submodule runs ``phonenumbers.geodata``'s ``__init__``, which
    loads the geocoding data of every number prefix (0.2-0.3 s of CPU at the first scan)."""
    import phonenumbers  # noqa: PLC0415 - loaded with NER only

    path = Path(phonenumbers.__file__).parent / "geodata" / "locale.py"
    spec = importlib.util.spec_from_file_location("phonenumbers.geodata.locale", path)
    if spec is None or spec.loader is None:  # pragma: no cover - another phonenumbers layout
        from phonenumbers.geodata.locale import LOCALE_DATA  # noqa: PLC0415

        return dict(LOCALE_DATA)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return dict(module.LOCALE_DATA)


@cache
def _names() -> tuple[frozenset[str], frozenset[str]]:
    """(English names, names in the other five languages that are not English ones)."""
    found: dict[str, set[str]] = {lang: set() for lang in LANGUAGES}
    for entry in _locale_data().values():
        for lang in LANGUAGES:
            name = _resolve(entry, lang)
            if name and len(name.strip()) >= 2 and not any(c in name for c in "()[]"):
                found[lang].add(name.strip())
    english = frozenset(found["en"] | set(EXTRA))
    other = frozenset(n for lang in LANGUAGES[1:] for n in found[lang]) - english
    return english, other


def _resolve(entry: dict[str, str], lang: str) -> str | None:
    """The name for ``lang``; the data writes ``*xx`` for "the same as language xx"."""
    value = entry.get(lang)
    for _ in range(4):
        if value is None or not value.startswith("*"):
            return value
        value = entry.get(value[1:])
    return None


@cache
def _pattern() -> re2._Regexp:
    """One RE2 alternation of every name (linear time: about 90 MB/s where Python's ``re``
    managed 0.6), longest first so that leftmost-first picks "South Sudan" over "Sudan".
    RE2 has no look-behind and its word boundary is ASCII only: boundaries are checked after."""
    names = sorted(country_names(), key=len, reverse=True)
    return re2.compile("(?i)(?:" + "|".join(re2.escape(n) for n in names) + ")")


def _bounded(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a whole word (not inside ``IcelandAir`` or ``a.b``)."""
    if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_.-"):
        return False
    return end >= len(text) or not (text[end].isalnum() or text[end] in "_-")


def is_country_name(text: str) -> bool:
    """Whether ``text`` is a country or territory name of the gazetteer, in any case."""
    return text.casefold() in _folded()


@cache
def _folded() -> dict[str, tuple[str, bool]]:
    """casefolded name -> (its spelling, whether it may match in any case)."""
    english, other = _names()
    out = {n.casefold(): (n, False) for n in other}
    out.update({n.casefold(): (n, n not in CASED and len(n) > 4) for n in english})
    return out


def country_findings(text: str, detector: str) -> Iterator[Finding]:
    """``LOCATION`` findings for the country names in ``text``."""
    folded = _folded()
    for m in _pattern().finditer(text):
        if not _bounded(text, m.start(), m.end()):
            continue
        written = m.group(0)
        known = folded.get(written.casefold())
        if known is None:
            continue
        name, any_case = known
        if not any_case and not written[0].isupper():
            continue  # "turkey", "chile", "peru" in lower case: a word, not the place
        before = text[max(0, m.start() - 24) : m.start()]
        if name in GIVEN_NAMES and _PLACE_PREPOSITION.search(before) is None:
            continue
        yield Finding("LOCATION", m.start(), m.end(), SCORE, detector)
