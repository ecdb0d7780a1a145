"""Street addresses (STREET_ADDRESS): a house number with a street, a post box, a military address.

Built from the national addressing conventions rather than from a model, so it finds addresses
spaCy's small model does not (it knows cities, not streets), in one linear-time RE2 pass:

- English, number first (USPS Publication 28, Royal Mail): ``1600 Pennsylvania Avenue``,
  ``221B Baker St``, ``10 Downing Street``: a house number, one to five capitalised words (or an
  ordinal: ``5th``), a street suffix of Publication 28's common ones, then an optional unit
  (``Apt. 4``, ``Suite 200``, ``Unit 3``, ``Flat 2``, ``#12``), on the same line or the next.
- French, number first: ``12 rue de la Paix``, ``8 bis avenue Victor Hugo``.
- Street type first, number last (Portuguese, Spanish, Italian, Polish, German):
  ``Rua João Pessoa 1636``, ``Calle Mayor 5``, ``Via Roma 12``, ``ul. Karpacka 69``.
- A compound street name and a number (German, Dutch, Flemish, Danish, Norwegian, Swedish,
  Finnish, Hungarian): ``Hauptstraße 5``, ``Populierenstraat 374``, ``Frørupvej 58``,
  ``Puruntie 82``, ``Kálmán Imre u. 12``.
- Post boxes (``P.O. Box 242``, ``Postfach 1234``, ``Apartado 15``) and US military addresses
  (``PSC 4665, Box 2778``, ``Unit 1783 Box 3210``, ``APO AE 80338``, ``FPO AP 96349``).
- An address block in any language: a street name of any words between an optional building
  number and a house number, with a unit after it on the same line or the next
  (``20789 Allika 46`` / ``Suite 501``, ``Avda. Alameda Sundheim 46 Suite 385``): the unit is
  what makes it an address.
- A building number, a street name and a house number with no street type (``85 Trg revolucije
  12``), only right after a word that says an address follows ("his address:", "lives at").
- An English street typed in lower case (``12 main st``, ``4411 old mill road``), with a suffix
  that is no everyday word too (not "drive", "way", "place"), only after such a word.
- A US city line: ``Springfield, IL 62704`` (a USPS state or military code and a ZIP code).
- The lines that follow a street (a unit line such as ``Apt. 4``, then at most two short lines
  of capitalised words with an optional postcode or state code: ``10115 Berlin``,
  ``London NW1 6XE``, ``United Kingdom``, and after one blank line a country with its postcode:
  ``Estonia 62488``) are part of its address; a sign-off or a sentence is not. An address line
  may carry a building number before the street's own (``62 47 Kogil Street``).
- The head of an address block, as a signature, a business card or a letter's sender lays it
  out: a person's name (a given name first), perhaps their job title, then one line of words
  right above the street is their employer (``ORGANIZATION``), and the name a ``PERSON``
  ("Karin M. Beike / Leasing consultant / Fritz-Armstrong / 12 Main St").
- The addressee: a person's name (a given name first, or a middle initial) on the line right
  above a street, perhaps after a label ("Ship to:", "Attn:", "c/o", "z. Hd."), or before it
  and a comma on its line ("Anna Keller, 12 Main Street") is a ``PERSON``; a building's name
  ("Victoria House") is none.

Each form is structurally specific; a few look-alikes are checked in Python after the pass: the
words between a number and an English suffix must be capitalised (``5 minutes drive`` is no
address), a street-type-first match needs a capitalised name that is not all capitals (``Via
HTTP 2`` is none), a Finnish ``-tie`` name a capitalised stem, an address block or a numbered
street no heading word ("Chapter 5", "Module 3 / Unit 12"). A candidate found wanting is
searched again from just after its start, so that it hides no shorter address inside it. A word
that says address ("address", "Adresse", "dirección", "ship to", "lives at") raises the score.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property
from typing import Any

import re2

from annexa.detect.builtin._bytes import byte_matcher
from annexa.detect.builtin._regions import CharOffsets
from annexa.detect.builtin.countries import is_country_name
from annexa.detect.builtin.titles import (
    EMPLOYER_WORDS_MAX,
    NAME_ABOVE_SCORE,
    SIGN_OFF_WORDS,
    ends_in_a_title,
    is_name_line,
    one_line_of_words,
)
from annexa.detect.context import word_set
from annexa.detect.interface import Detector, Finding, ScanContext
from annexa.detect.normalize import utf8
from annexa.detect.pattern import CONTEXT_BOOST, Pattern, PatternDetector
from annexa.settings import ScanSettings

_CAP = r"\p{Lu}[\p{L}\p{M}'’\-]*\.?"  # a capitalised word
_NAME_WORD = r"(?:\p{Lu}[\p{L}\p{M}'’\-]*\.?|\d{1,3}(?:st|nd|rd|th))"  # or an ordinal: 5th
_NUMBER = r"\d{1,6}[A-Za-z]?(?:[-/]\d{1,4}[A-Za-z]?)?"
_EN_SUFFIX = (
    "street|st|avenue|ave|av|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|place|pl|square|sq"
    "|terrace|way|parkway|pkwy|highway|hwy|circle|cir|trail|crescent|close|gardens|grove"
    "|gateway|row|walk|mews|alley|plaza"
)
# The rest of USPS Publication 28's street suffixes (appendix C1), written as names are
# ("825 Garrett Circles", "2328 Figueroa Skyway Apt. 290"), those Royal Mail addresses use
# ("97 Lynda Bridge") and Australia's: everyday words too ("View", "Park", "Lights"), so such a
# street counts only with more of an address around it (:data:`_EVIDENCED`).
_USPS_SUFFIX = (
    "Anex|Annex|Arcade|Bayou|Beach|Bend|Bluffs?|Bottom|Branch|Bridge|Brooks?|Burgs?|Bypass"
    "|Camp|Canyon|Cape|Causeway|Centers?|Circles|Cliffs?|Club|Commons?|Corners?|Course|Courts"
    "|Coves?|Creek|Crest|Crossing|Crossroads?|Curve|Dale|Dam|Divide|Drives|Estates?|Expressway"
    "|Extensions?|Falls?|Ferry|Fields?|Flats?|Fords?|Forest|Forges?|Forks?|Fort|Freeway|Garden"
    "|Glens?|Greens?|Groves|Harbou?rs?|Haven|Heights|Hills?|Hollow|Inlet|Islands?|Isle"
    "|Junctions?|Keys?|Knolls?|Lakes?|Land|Landing|Lights?|Loaf|Locks?|Lodge|Loop|Mall"
    "|Manors?|Meadows?|Mills?|Mission|Motorway|Mount|Mountains?|Neck|Orchard|Oval|Overpass"
    "|Parks?|Parkways|Pass|Passage|Path|Pike|Pines?|Plains?|Points?|Ports?|Prairie|Radial"
    "|Ramp|Ranch|Rapids?|Rest|Ridges?|River|Roads|Route|Run|Shoals?|Shores?|Skyway|Springs?"
    "|Spurs?|Squares|Station|Stravenue|Stream|Streets|Summit|Throughway|Trace|Track"
    "|Trafficway|Trailer|Tunnel|Turnpike|Underpass|Unions?|Valleys?|Viaduct|Views?|Villages?"
    "|Ville|Vista|Walks|Wall|Ways|Wells?"
    # and Australia's and New Zealand's (AS/NZS 4819 road types)
    "|Access|Approach|Brace|Break|Brow|Byway|Centre|Chase|Circuit|Concourse|Copse|Cross"
    "|Esplanade|Glade|Grange|Gully|Link|Lower|Meander|Nook|Outlook|Parade|Pathway|Pocket"
    "|Promenade|Quadrant|Quays?|Ramble|Retreat|Rise|Rotary|Steps|Strand|Subway|Tor|Turn|Upper"
    "|Walkway|Wharf|Wynd"
)
# Street names of one word whose ending is an everyday word's too (German "-ring", Dutch
# "-hof", Swedish "-plan", Finnish "-tie"...): capitalised, with more of an address around them
_COMPOUND_MORE = (
    "ring|steig|pfad|chaussee|zeile|markt|stigen|gränd|torget|backen|plan|leden|allé|stræde"
    "|vænget|plads|torv|gata|gate|stien|plassen|kuja|polku|bulevardi|rinne|kaari|väylä|ranta"
    "|aukio|tori|singel|steeg|hof|pad|dijk|boulevard"
)
_HOUSE = r"\d{1,5}[A-Za-z]?(?:[-/]\d{1,4}[A-Za-z]?)?"  # 22, 12b, 22-24, 79/19
# The suffixes that, in lower case, are no everyday word too ("drive", "way", "place", "close"
# and "walk" are).
_LOWER_SUFFIX = (
    "street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|terrace|crescent|parkway|pkwy|highway|hwy"
)
# The floor, staircase or door of a European address, after its house number: "Calle Mayor 5,
# 3º B", "2º 1ª", "Via Garibaldi 7 int. 3", "scala B", "Hauptstraße 5, Whg. 12", "Stiege 2",
# "Top 5", "2. OG", "bât. C", "bus 12" (Belgium). The scanner's NFKC view reads "º" and "ª" as
# "o" and "a" ("3o B").
_EU_UNIT = (
    r"(?:\d{1,2}(?:[ºª°]|[oa]\b)(?:[ \t]?(?:\d{1,2}(?:[ºª]|[oa]\b)?|[A-Za-z]\b))?"
    r"|(?i:piso|planta|puerta|pta\.|escalera|esc\.|int\.|interno|scala|piano|appartamento|whg\."
    r"|wohnung|top"
    r"|stiege|stg\.|bât\.|bâtiment|bus)[ \t]?(?:\d{1,3}[A-Za-z]?|[A-Z])\b"
    r"|\d{1,2}\.[ \t]?(?i:og|stock|etage|étage)\b)"
)
_UNIT = (
    r"(?:,?[ \t]*(?:\n[ \t]*)?(?i:apt\.?|apartment|suite|ste\.?|unit|flat|floor|fl\.|room|rm\.?|#)"
    rf"[ \t]?#?[0-9][\w\-]{{0,5}}|,?[ \t]+{_EU_UNIT}(?:,?[ \t]+{_EU_UNIT})?)?"
)
_COMPASS = r"(?:[ \t](?:NE|NW|SE|SW|N|S|E|W)\b)?"  # 1600 Pennsylvania Avenue NW
_FR_TYPE = r"(?i:rue|avenue|boulevard|bd|place|chemin|allée|impasse|quai|route|cours|passage)"
_FR_LINK = r"(?:(?:de la|de l'|de|du|des|d'|la|le|les|l')\s?)?"
# The street types written before the street's name; NER reads them too.
TYPE_FIRST = (
    r"(?:Rua|Rúa|Avenida|Av\.|Avda\.?|Avinguda|Calle|Carrer|Camino|Camiño|Carretera|Paseo|Pasaje"
    r"|Plaza|Praça|Rambla|Ronda|Travessa|Travesía|Callejón|Glorieta|Alameda|Largo|Estrada|Calçada"
    r"|Via|Viale|Piazza|Piazzale|Corso|Vicolo|Strada|Salita|Traversa|Rotonda|Borgo|Contrada"
    r"|Lungomare|ul\.|ulica|Aleja"
    r"|aleja|plac|osiedle|Trg|Straße|C/|Rodovia|Quadra|Setor|Conjunto|Vila)"
)
_CONNECT = r"(?:de|da|do|dos|das|del|della|dei|di|la|el|los|las|von|van|der|den)"
_COMPOUND = (
    "straße|strasse|str\\.|gasse|allee|platz|damm|ufer|weg|vej|gade|gata|gatan|vägen|vegen"
    "|veien|katu|tie|straat|laan|steenweg|dreef|plein|kade|gracht|utca"
)
# the building number that some address lines carry before the street's own ("62 47 Kogil
# Street", "3037 ul. Północna 73")
_LEAD_NUMBER = r"(?:\d{1,6}[ \t]+)?"
_WORD = r"\p{L}[\p{L}\p{M}'’\-]*\.?"  # any word of a street name ("das", "gate", "u.")
_UNIT_LINE = (
    r"(?i:apt\.?|apartment|suite|ste\.?|unit|flat|floor|fl\.|room|rm\.?)[ \t]?#?[0-9][\w\-]{0,5}"
)
_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH"
    "|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|AS|GU|MP|PR|VI|AA|AE|AP"
)

# One expression, one named group per form (RE2: linear time, leftmost-first alternatives).
_ADDRESS = (
    rf"(?P<en>(?:^|[^\w.,/\-])({_LEAD_NUMBER}{_NUMBER},?[ \t]{{1,2}}(?:[NSEW]\.?[ \t])?{_NAME_WORD}"
    rf"(?:[ \t](?:{_NAME_WORD}|of|the)){{0,4}}[ \t](?i:{_EN_SUFFIX})\b\.?{_COMPASS}{_UNIT}))"
    rf"|(?P<usps>(?:^|[^\w.,/\-])({_LEAD_NUMBER}{_NUMBER},?[ \t]{{1,2}}(?:[NSEW]\.?[ \t])?"
    rf"{_NAME_WORD}(?:[ \t](?:{_NAME_WORD}|of|the)){{0,3}}[ \t](?:{_USPS_SUFFIX})\b\.?"
    rf"{_COMPASS}{_UNIT}))"
    rf"|(?P<fr>(?:^|[^\w.,/\-])(\d{{1,5}}(?:[ \t]?(?:bis|ter))?,?[ \t]{_FR_TYPE}[ \t]{_FR_LINK}"
    rf"{_CAP}(?:[ \t](?:{_CAP}|de|du|des|la|le)){{0,4}}))"
    rf"|(?P<first>(?:^|[^\w])({_LEAD_NUMBER}{TYPE_FIRST}[ \t](?:(?:{_CAP}|{_CONNECT})[ \t]){{1,5}}"
    rf"{_HOUSE}\b{_UNIT}))"
    # the same with a comma before the house number, as Italy and Brazil write it ("Via Roma,
    # 12", "Rua Augusta, 1508"): with more of an address around it
    rf"|(?P<first_comma>(?:^|[^\w])({_LEAD_NUMBER}{TYPE_FIRST}[ \t]"
    rf"(?:(?:{_CAP}|{_CONNECT})[ \t]){{0,4}}{_CAP},[ \t]{_HOUSE}\b{_UNIT}))"
    rf"|(?P<compound>(?:^|[^\w\-])({_LEAD_NUMBER}(?:\p{{L}}[\p{{L}}\p{{M}}\-]*(?i:{_COMPOUND})"
    rf"|{_CAP}[ \t](?:Straße|Strasse|Str\.|Weg|Allee|Platz|Gasse))[ \t]{_HOUSE}\b{_UNIT}))"
    rf"|(?P<compound_more>(?:^|[^\w\-])(\p{{Lu}}[\p{{L}}\p{{M}}\-]*(?:{_COMPOUND_MORE})"
    rf"[ \t]{_HOUSE}\b{_UNIT}))"
    rf"|(?P<hu>(?:^|[^\w])({_CAP}(?:[ \t]{_CAP}){{0,3}}[ \t](?:utca|u\.|út|tér|körút|krt\.)"
    rf"[ \t]\d{{1,4}}\.?))"
    rf"|(?P<box>(?:^|[^\w])({_LEAD_NUMBER}(?i:p\.[ \t]?o\.[ \t]?box|po[ \t]box"
    r"|post[ \t]office[ \t]box|postbox|postfach|apartado(?:[ \t]de[ \t]correos)?|casilla)"
    r"[ \t]\d{1,6}(?:[ \t]\d{2,3}){0,3})\b)"
    r"|(?P<mil>(?:^|[^\w])((?:PSC|CMR|Unit)[ \t]\d{1,5},?[ \t]Box[ \t]\d{1,5}"
    r"|(?:APO|FPO|DPO)[ \t](?:AA|AE|AP)[ \t]\d{5}(?:-\d{4})?)\b)"
    # any street name between a building number (or none) and a house number, with a unit
    # after it on the same line or the next: the shape of an address block in any language
    rf"|(?P<block>(?:^|[^\w.,/\-])((?:\d{{1,6}}[A-Za-z]?[ \t]+(?:\d{{1,5}}[ \t]+)?)?{_WORD}"
    rf"(?:[ \t]+{_WORD}){{0,4}}[ \t]+\d{{1,5}}[A-Za-z]?\.?(?:[ \t]*,)?(?:[ \t]*\n[ \t>]*|[ \t]+)"
    rf"{_UNIT_LINE}))"
    # a building number, a street name and a house number: counts only near an address word
    rf"|(?P<numbered>(?:^|[^\w.,/\-])(\d{{1,6}}[ \t]+{_CAP}(?:[ \t]+{_WORD}){{0,3}}[ \t]+"
    r"\d{1,5}[A-Za-z]?)\b)"
    # an English street written in lower case ("i live at 12 main st"): only after an address
    # word, like the form before
    rf"|(?P<lower>(?:^|[^\w.,/\-])({_LEAD_NUMBER}\d{{1,6}}[a-z]?[ \t]+(?:[a-z][a-z'’\-]*[ \t]+)"
    rf"{{1,3}}(?:{_LOWER_SUFFIX})\b\.?))"
    rf"|(?P<city>(?:^|[^\w])({_CAP}(?:[ \t]{_CAP}){{0,3}},[ \t](?:{_STATES})[ \t]\d{{5}}"
    r"(?:-\d{4})?)\b)"
)
_FORMS = (
    "en", "usps", "fr", "first", "first_comma", "compound", "compound_more", "hu", "box", "mil",
    "block", "numbered", "lower", "city",
)  # fmt: skip
_SCORES = {
    "en": 0.6,
    "usps": 0.6,
    "first_comma": 0.5,
    "compound_more": 0.5,
    "fr": 0.6,
    "first": 0.5,
    "compound": 0.5,
    "hu": 0.5,
    "box": 0.6,
    "mil": 0.85,
    "block": 0.6,
    "numbered": 0.5,
    "lower": 0.5,
    "city": 0.6,
}
_CONTEXT = (
    "address",
    "addresses",
    "lives at",
    "located at",
    "ship to",
    "deliver to",
    "mailing",
    "billing",
    "shipping",
    "residence",
    "home",
    "street",
    "adresse",
    "anschrift",
    "wohnhaft",
    "wohnort",
    "domicile",
    "dirección",
    "direccion",
    "domicilio",
    "indirizzo",
    "residenza",
    "adres",
    "woonadres",
    "morada",
    "endereço",
)
_WORD_SPLIT = re2.compile(r"[ \t]+")
_UNANCHORED = re2._Anchor.UNANCHORED


class StreetAddressDetector(PatternDetector):
    """Street addresses, post boxes, military addresses and US city lines."""

    name = "street_address"
    # and, in an address block's head, the employer and the person (``employer_above``,
    # ``addressee``)
    entities = ("STREET_ADDRESS", "ORGANIZATION", "PERSON")
    context = _CONTEXT
    context_window = 64
    patterns = (
        Pattern(
            "address",
            r"\d",  # documentation and examples only: detect() runs the RE2 expression above
            0.6,
            positives=(
                "Send it to ⟦221B Baker Street⟧, London",
                "Our office: ⟦1600 Pennsylvania Avenue NW⟧",
                "address: ⟦42 Wallaby Way⟧",
                "⟦350 Fifth Ave., Suite 3400⟧",
                "⟦99 Park Avenue\n Apt. 763\n Springfield⟧",
                "⟦12 rue de la Paix⟧, Paris",
                "⟦Rua João Pessoa 1636⟧ in Recife",
                "⟦Calle Mayor 5⟧, Madrid",
                "⟦ul. Karpacka 69⟧ Bydgoszcz",
                "Anschrift: ⟦Hauptstraße 5⟧",
                "⟦Populierenstraat 374⟧ Aartselaar",
                "⟦Frørupvej 58⟧",
                "⟦Puruntie 82⟧ Lappeenranta",
                "⟦Kálmán Imre u. 12.⟧",
                "⟦P.O. Box 242⟧",
                "⟦PSC 4665, Box 2778⟧",
                "⟦APO AE 80338⟧",
                "⟦Springfield, IL 62704⟧",
                "⟦20789 Allika 46\n Suite 501\n Riisa\n\n Estonia 62488⟧",
                "his address: ⟦85 Trg revolucije 12⟧",
            ),
            negatives=(
                "It is a 5 minutes drive from here",
                "Step 2 Drive the car",
                "Smith et al. Nature 2019",
                "send it via HTTP 2 please",
                "String 5 and untie 3",
                "Windows 10 Pro on 3 machines",
                "the 2 lane road",
                "Box 12 of 40",
                "Springfield, XX 62704",
                "version 3 WAY",
                "Module 3\n Unit 12",
                "sold 120 Widgets 40 times",
            ),
            origin="USPS Publication 28, UPU and national address conventions",
        ),
    )

    @cached_property
    def _match(self) -> Any:
        """The compiled expression's low-level ``Match`` over UTF-8 bytes (spans only)."""
        return byte_matcher(_ADDRESS)

    def warm_up(self) -> None:
        """Compile the expression now."""
        _ = self._match

    def detect(self, ctx: ScanContext) -> Iterator[Finding]:
        data = utf8(ctx.text)
        first = self._match(_UNANCHORED, data, 0, len(data))
        if first[0][0] < 0:
            return iter(())  # most texts: one DFA pass, no generator
        return self._found(ctx, data, first)

    def _found(self, ctx: ScanContext, data: bytes, spans: Any) -> Iterator[Finding]:
        text = ctx.text
        chars = CharOffsets(data) if len(data) != len(text) else None
        match = self._match
        size = len(data)
        while True:
            pos = spans[0][1] if spans[0][1] > spans[0][0] else spans[0][0] + 1
            form = next(i for i in range(len(_FORMS)) if spans[2 * i + 1][0] >= 0)
            a, b = spans[2 * form + 2]
            start, end = (a, b) if chars is None else (chars(a), chars(b))
            name = _FORMS[form]
            street_end = end
            accepted = _plausible(name, text[start:end]) and (
                name not in _NEEDS_CONTEXT or _LEAD.search(ctx.lower, max(0, start - 48), start)
            )
            if accepted:
                score = _SCORES[name]
                near = self.has_context(ctx, start, end)
                if name in _STREET_FORMS:
                    typed_lower = name == "block" and text[start:end].islower()
                    # its place on the same line after a comma ("Hauptstraße 12, 80331
                    # München"), then the lines after it
                    same, parts = _comma_fields(text, end)
                    later = _city_lines(text, same, typed_lower)
                    parts += text.count("\n", same, later)
                    if later == end:  # or its fields on the same line, set apart by wide gaps
                        later, parts = _gap_fields(text, end, typed_lower)
                    if later > end:  # the lines of the same address after the street
                        # each (a unit, a place, a country) is more evidence of an address:
                        # enough to outrank the country or city named inside it
                        score = min(_BLOCK_CAP, score + _PER_LINE * parts)
                        end = later
                        pos = max(pos, len(text[:end].encode("utf-8")) if chars else end)
                        near = near or self.has_context(ctx, start, end)
                if near:
                    score = min(1.0, score + CONTEXT_BOOST)
                if name in _EVIDENCED and not _evidenced(text, start, street_end, end, near):
                    accepted = False
                else:
                    end = _without_full_stop(text, end)
                    yield Finding("STREET_ADDRESS", start, end, score, self.name)
                    yield from employer_above(text, start, self.name)
                    yield from addressee(text, start, self.name)
            if not accepted:
                # not an address: look again from just after its start, where a shorter
                # form may begin ("in 2019 Revenue rose 5 ... 12 Main Street")
                pos = a + 1
                while pos < size and data[pos] & 0xC0 == 0x80:
                    pos += 1  # to the next character
            if pos >= size:
                return
            spans = match(_UNANCHORED, data, pos, size)
            if spans[0][0] < 0:
                return


# ---------------------------------------------------------------------------------------------
# The head of an address block: a person's name, perhaps their job title, their employer, then
# the street, as a signature, a business card or a letter's sender lays them out.

EMPLOYER_SCORE = 0.5
_TITLE_WORDS_MAX = 7  # "Crushing, grinding, and polishing machine tender"


def employer_above(text: str, start: int, detector: str) -> Iterator[Finding]:
    """``ORGANIZATION`` for the line right above a street that starts its line, and ``PERSON``
    for the name above it, when the lines above the street read, from the top, a person's name
    (:func:`~annexa.detect.builtin.titles.is_name_line`: a given name first), perhaps a line
    of their job title, then that one line: "Karin M. Beike / Leasing consultant / Acme Ltd /
    12 Main St". A line that is itself a job title or a name is no employer."""
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip(" \t>"):
        return  # the street does not start its line
    employer = _line_above(text, line_start)
    if employer is None or not one_line_of_words(text[slice(*employer)], EMPLOYER_WORDS_MAX):
        return
    value = text[slice(*employer)]
    if ends_in_a_title(value) or is_name_line(value):
        return
    name = _line_above(text, text.rfind("\n", 0, employer[0]) + 1)
    if name is not None and not is_name_line(text[slice(*name)]):
        # a line between the name and the employer: the person's job title
        if not one_line_of_words(text[slice(*name)], _TITLE_WORDS_MAX):
            return
        name = _line_above(text, text.rfind("\n", 0, name[0]) + 1)
        if name is None or not is_name_line(text[slice(*name)]):
            return
    if name is None:
        return
    yield Finding("ORGANIZATION", *employer, EMPLOYER_SCORE, detector)
    yield Finding("PERSON", *name, NAME_ABOVE_SCORE, detector)


# The label before an addressee's name on its line, with its colon ("Ship to: Anna Keller",
# "Billing address: …", "Empfänger: …"), or a phrase that needs none ("z. Hd. …", "c/o …",
# "À l'attention de …"), in the engine's six languages.
_ADDRESSEE_LABEL = re.compile(
    r"(?i)(?:(?:(?:billing|shipping|mailing|postal|delivery|home|correspondence|invoice)[ \t]+"
    r")?address|ship[ \t]+to|bill[ \t]+to|deliver[ \t]+to|send[ \t]+to|to|attn|attention"
    r"|recipient|addressee|empfänger|an|destinataire|destinatario|aan)[ \t]*:[ \t]*"
    r"|(?i:attn\.|c/o|z\.[ \t]?hd\.?|à[ \t]+l['’]attention[ \t]+de|a[ \t]+la[ \t]+atención"
    r"[ \t]+de|all['’]attenzione[ \t]+di|t\.[ \t]?a\.[ \t]?v\.?|ter[ \t]+attentie[ \t]+van)[ \t]+"
)
# The last words of a building's or an institution's name, which the line above a street
# often is ("Victoria House", "Grace Hopper Building", "St Mary's Hospital"): no addressee.
_BUILDINGS = frozenset(
    re.findall(
        r"\S+",
        "house building buildings tower towers court hall centre center park place plaza"
        " estate lodge cottage farm manor mill works chambers wing block campus office offices"
        " hospital clinic school college university academy church chapel library museum"
        " station hotel inn arcade mall market quarter yard wharf dock gate square gardens"
        " residence residences apartments flats villa villas hof haus gebäude zentrum maison"
        " résidence bâtiment tour edificio torre palazzo gebouw huis toren",
    )
)


def addressee(text: str, start: int, detector: str) -> Iterator[Finding]:
    """``PERSON`` for the name an address is written to: the line right above a street that
    starts its line (one blank line between allowed: "Mohmad R. Vizirov" / "23680 Parijsstraat
    8"), or the words before it on its line and a comma ("Anna Keller, 12 Main Street"), when
    they are a person's name (:func:`~annexa.detect.builtin.titles.is_name_line`: a given name
    first, or a middle initial), after an addressee's label or none ("Ship to: Anna Keller").
    A building's name ("Victoria House") is none."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    if before.strip(" \t>"):
        head = before.rstrip(" \t")
        if not head.endswith(","):
            return
        span: tuple[int, int] | None = (line_start, line_start + len(head) - 1)
    else:
        span = _line_above(text, line_start)
        blank_start = text.rfind("\n", 0, max(0, line_start - 1)) + 1
        if span is None and line_start and not text[blank_start : line_start - 1].strip():
            span = _line_above(text, blank_start)  # one blank line between
    if span is None:
        return
    lo, hi = span
    value = text[lo:hi]
    label = _ADDRESSEE_LABEL.match(value)
    if label is not None:
        lo += label.end()
    lo += len(text[lo:hi]) - len(text[lo:hi].lstrip(" \t>"))
    hi = lo + len(text[lo:hi].strip(" \t>"))
    name = text[lo:hi]
    if not is_name_line(name) or name.split()[-1].lower().strip(".,") in _BUILDINGS:
        return
    yield Finding("PERSON", lo, hi, NAME_ABOVE_SCORE, detector)


def _line_above(text: str, line_start: int) -> tuple[int, int] | None:
    """The span of what the line above the line starting at ``line_start`` holds (without the
    blanks and the ``>`` of a quoted mail around it), ``None`` at the text's first line or
    when that line is blank (a block's lines are contiguous)."""
    if line_start == 0:
        return None
    prev = text.rfind("\n", 0, line_start - 1) + 1
    line = text[prev : line_start - 1]
    body = line.lstrip(" \t>")
    content = body.rstrip(" \t\r")
    if not content:
        return None
    begin = prev + len(line) - len(body)
    return begin, begin + len(content)


_NEEDS_CONTEXT = frozenset({"numbered", "lower"})
_PER_LINE = 0.1  # added to a street's score per line of its address that follows it
_BLOCK_CAP = 0.85
# What says an address follows, for the forms that count only after one ("his address:
# 85 Trg revolucije 12"): the context words without those that a street name itself holds.
_LEAD = re.compile(
    "|".join(re.escape(w) for w in _CONTEXT if w not in ("street", "home"))
    + r"|\b(?:lives?|lived|living|moved|stop|drops you off|return it|return to|send it)\b"
)
_LINKS = frozenset({"of", "the"})
_STREET_FORMS = frozenset(
    {"en", "usps", "fr", "first", "first_comma", "compound", "compound_more", "hu", "box", "mil"}
    | {"block", "numbered", "lower"}
)
# The forms whose street name is also how other text reads ("3 Blue Lights", "Spring 12",
# "Via LinkedIn, 3"): a street only with more of an address around it, a place after it (a
# postcode and a place, a state code, a country; a four-digit number alone may be a year), a
# unit in it ("Apt. 290"), or an address word near.
_EVIDENCED = frozenset({"usps", "first_comma", "compound_more"})
_UNIT_WORD = re.compile(r"(?i)\b(?:apt|apartment|suite|ste|unit|flat|floor|fl|room|rm)\b|#")
_YEAR_ALONE = re.compile(r"[ \t,]*\d{4}")


def _evidenced(text: str, start: int, end: int, later: int, near: bool) -> bool:
    """Whether a street of :data:`_EVIDENCED` form at ``[start, end)`` has more of an address
    around it, its fields and lines running to ``later``."""
    if near or _UNIT_WORD.search(text, start, end):
        return True
    return later > end and not _YEAR_ALONE.fullmatch(text, end, later)


# A line of an address after its street: a postcode and a place, a place with a state code or a
# postcode (US, UK, Canadian), a country ("10115 Berlin", "Springfield, IL 62704",
# "London NW1 6XE", "Denmark").
_CITY_LINE = re.compile(
    r"[ \t>]*(?:(?:\d{5}-\d{3}|\d{4,6}|[A-Z]{1,2}-\d{4,5}|\d{2}-\d{3}|\d{3} \d{2}|\d{4}-\d{3})"
    r"[ \t]+)?"
    r"([^\W\d_][\w'’.\-]*(?:[ \t]+[^\W\d_][\w'’.\-]*){0,3})"
    r"(?:(?<=Dublin)[ \t]+(?:1\d|2[0-4]|[1-9]|6W))?"  # Dublin's postal districts: "Dublin 2"
    r"(?:,?[ \t]+(?:[A-Z]{2}|[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}|[A-Z]\d[A-Z][ \t]?\d[A-Z]\d))?"
    r"(?:,?[ \t]+\d{4,6}(?:-\d{4})?)?[ \t]*(?=\n|$)"
)
_NOT_PLACES = SIGN_OFF_WORDS  # a sign-off or a label ends an address
_PARTICLES = frozenset(
    re.findall(r"\S+", "de la le du des del della di da do dos das van von der den am an")
)


_UNIT_ONLY = re.compile(r"[ \t>]*" + _UNIT_LINE + r"[ \t]*(?=\n|$)")
_EU_UNITS = re.compile(rf"{_EU_UNIT}(?:,?[ \t]+{_EU_UNIT})?")
_COUNTRY_LINE = re.compile(
    r"[ \t>]*([^\W\d_][^\n\d]{1,40}?)(?:[ \t]+\d{4,6}(?:-\d{4})?)?[ \t]*(?=\n|$)"
)


def _city_lines(text: str, end: int, lower: bool = False) -> int:
    """Where the address ending at ``end`` ends once the lines after it are added: a unit line
    (``Suite 501``), then at most two short lines of capitalised words (of any words after a
    street typed in lower case: ``lower``), each with an optional postcode or state code, and
    after one blank line at most, a country (``Estonia 62488``), which may also follow the two
    place lines; up to two lines holding only a
    postcode or a region code (``SK`` / ``53650``) go with them."""
    unit_ok, places, codes = True, 2, 2
    while True:
        nl = text.find("\n", end, end + 3)  # the line ends here (a comma at most)
        if nl < 0 or text[end:nl].strip(" \t,"):
            break
        line_end = text.find("\n", nl + 1)
        line_end = len(text) if line_end < 0 else line_end
        if line_end - nl > 50:
            break
        if unit_ok and (m := _UNIT_ONLY.match(text, nl + 1, line_end)):
            unit_ok = False
            end = nl + 1 + len(text[nl + 1 : m.end()].rstrip())
            continue
        unit_ok = False
        if not text[nl + 1 : line_end].strip(" \t>"):  # a blank line: a country may follow
            return _country_after(text, line_end) or end
        code = text[nl + 1 : line_end].strip(" \t>,")
        if codes and (_REGION_FIELD.fullmatch(code) or is_postcode(code)):
            # a line holding only a postcode or a region code (a form's fields, one a line)
            codes -= 1
            end = nl + 1 + len(text[nl + 1 : line_end].rstrip(" \t,"))
            continue
        if not places:
            return _country_after(text, nl) or end  # "… / Co. Mayo F26 X2Y4 / Ireland"
        m = _CITY_LINE.match(text, nl + 1, line_end)
        if m is None:
            break
        words = m.group(1).split()
        if any(w.lower().strip(".") in _NOT_PLACES for w in words) or not all(
            w[0].isupper() or w in _PARTICLES or lower for w in words
        ):
            break
        places -= 1
        end = nl + 1 + len(text[nl + 1 : m.end()].rstrip())
    return end


# A field after an address, set apart by a gap of two blanks or more, as a form, a table or a
# PDF lays an address out on one line ("... Apt. 595    LAPPEENRANTA     SK     53650"): a
# unit, a place (with a postcode), a region code, a postcode, a country.
FIELD_GAP = re.compile(r"[ \t]{2,}|\t")  # between the fields of a form laid out on one line
_GAP_FIELD = re.compile(r"[^\t\n]+?(?=[ ]{2,}|\t|\n|$)")
# An Irish Eircode (Eircode Address Database specification): a routing key (a letter and two
# digits, or D6W) and a unique identifier of four characters of the letters and digits Eircode
# uses ("D02 X285", "A65 F4E2"); it names one address, not an area.
EIRCODE = r"(?:[AC-FHKNPRTV-Y]\d{2}|D6W) ?[0-9AC-FHKNPRTV-Y]{4}"
# The UPU's postcode shapes of digits (with the Swedish, Polish, Portuguese and Brazilian
# groupings), then the Canadian, UK and Irish ones; the grouped forms first, so that a search takes
# "840 24" whole. NER reads the same shapes after a place it found.
POSTCODE = (
    r"\d{3} \d{2}|\d{2}-\d{3}|\d{4}-\d{3}|\d{5}-\d{3,4}|\d{4} ?[A-Z]{2}|\d{3,6}"
    rf"|[A-Z]\d[A-Z] ?\d[A-Z]\d|[A-Z]{{1,2}}\d[A-Z\d]? ?\d[A-Z]{{2}}|{EIRCODE}"
)
_POSTCODE_FIELD = re.compile(POSTCODE)
_REGION_FIELD = re.compile(r"[A-Z]{2,3}")
_YEAR = re.compile(r"(?:19|20)\d\d")


def is_postcode(value: str) -> bool:
    """Whether ``value`` has a postcode's shape and is no year ("2024")."""
    return _POSTCODE_FIELD.fullmatch(value) is not None and _YEAR.fullmatch(value) is None


_GAP_FIELDS_MAX = 4


def _gap_fields(text: str, end: int, lower: bool = False) -> tuple[int, int]:
    """Where the address ending at ``end`` ends once the fields after it on the same line are
    added (a unit, a place, a region code, a postcode, a country, each after a wide gap), and
    how many there were."""
    count = 0
    while count < _GAP_FIELDS_MAX:
        gap = FIELD_GAP.match(text, end)
        if gap is None:
            break
        field = _GAP_FIELD.match(text, gap.end())
        if field is None:
            break
        value = field.group().strip()
        if not _address_field(value, lower):
            break
        end, count = gap.end() + len(field.group().rstrip()), count + 1
    return end, count


# A field after a comma on the street's line (or a bar or a dot, as a signature sets its parts
# apart: "Industriestraße 14 | 70565 Stuttgart"): up to the next one, the line's end or the
# sentence's ("..., 80331 München, Germany.")
_COMMA_FIELD = re.compile(
    r"(?:,|[ \t]+[|·•][ \t]*)[ \t]*([^,|·•\n;:()\[\]<>]{1,50}?)"
    r"(?=[ \t]*(?:,|[|·•]|\n|$|[.;!?)](?:\s|$)))"
)
_COMMA_FIELDS_MAX = 3
# A postcode (the shapes of :data:`POSTCODE`, or with a country letter: "D-80331") standing as
# a word of a field
_FIELD_CODE = re.compile(rf"(?<!\S)(?:{POSTCODE}|[A-Z]{{1,2}}-\d{{4,5}})(?!\S)")


def _holds_code(value: str) -> bool:
    """Whether a field holds a postcode (no year) or a region code ("Springfield, IL 62704",
    "London NW1 6XE")."""
    if any(_YEAR.fullmatch(m.group()) is None for m in _FIELD_CODE.finditer(value)):
        return True
    return any(_REGION_FIELD.fullmatch(word) for word in value.split())


def _comma_fields(text: str, end: int) -> tuple[int, int]:
    """Where the address ending at ``end`` ends once its place is added from the same line,
    after a comma: fields of capitalised words up to the last one that holds a postcode or a
    state code, or names a country (``, 80331 München``, ``, London NW1 6XE, United Kingdom``,
    ``, Springfield, IL 62704``); a place with neither ("12 Main Street, Monday") is not taken.
    Returns the new end and how many fields were added."""
    pos, count, good, good_count = end, 0, end, 0
    while count < _COMMA_FIELDS_MAX:
        m = _COMMA_FIELD.match(text, pos)
        if m is None:
            break
        value = m.group(1).strip()
        if not _address_field(value, False):
            break
        pos, count = m.end(1), count + 1
        if is_country_name(value) or _holds_code(value):
            good, good_count = m.start(1) + len(m.group(1).rstrip()), count
    return good, good_count


def _address_field(value: str, lower: bool) -> bool:
    """Whether ``value`` can be a field of an address after its street."""
    if len(value) > 50 or value.endswith(":"):
        return False
    if is_postcode(value) or _REGION_FIELD.fullmatch(value):
        return True
    if _UNIT_ONLY.fullmatch(value) or _EU_UNITS.fullmatch(value) or is_country_name(value):
        return True
    m = _CITY_LINE.fullmatch(value)
    if m is None:
        return False
    words = m.group(1).split()
    return not any(w.lower().strip(".") in _NOT_PLACES for w in words) and all(
        w[0].isupper() or w in _PARTICLES or lower for w in words
    )


def _country_after(text: str, nl: int) -> int:
    """The end of the line after the line break at ``nl`` when it names a country (with a
    postcode), else 0."""
    if nl >= len(text):
        return 0
    line_end = text.find("\n", nl + 1)
    m = _COUNTRY_LINE.match(text, nl + 1, len(text) if line_end < 0 else line_end)
    if m is None or not is_country_name(m.group(1).strip()):
        return 0
    return nl + 1 + len(text[nl + 1 : m.end()].rstrip())


def _plausible(form: str, value: str) -> bool:
    """The checks an expression cannot make: capitalised names, no all-capitals acronyms."""
    if form in ("en", "usps", "first", "first_comma", "compound") and value[:1].isdigit():
        lead = _LEAD_NUMBER_RX.match(value)  # "62 47 Kogil Street": the street's own number
        rest = value[lead.end() :] if lead is not None else value
        if form not in ("en", "usps") or _HOUSE_NUMBER.match(rest) is not None:
            value = rest
    if form in ("en", "usps"):
        if _HTTP_STATUS.fullmatch(value.strip()):
            return False  # "502 Bad Gateway": a web server's answer
        words = _WORD_SPLIT.split(value.split("\n", 1)[0].strip())
        names = [w for w in words[1:-1] if w not in _LINKS and (w[:1].isalpha() or _ordinal(w))]
        if words[1:2] and len(words[1]) <= 2 and words[1].rstrip(".") in {"N", "S", "E", "W"}:
            names = names[1:]  # a compass point before the name
        return bool(names) and all(w[:1].isupper() or _ordinal(w) for w in names)
    if form in ("first", "first_comma"):
        names = [w.rstrip(",") for w in _WORD_SPLIT.split(value)[1:-1] if w[:1].isupper()]
        return any(not w.isupper() for w in names)
    if form in ("compound", "compound_more"):
        stem = value.rsplit(" ", 1)[0]
        if stem.lower().endswith("tie"):
            return len(stem) >= 6 and stem[:1].isupper()
        return len(stem) >= 5
    if form == "lower":  # a street name, not only little words ("5 and the road")
        words = _WORD_SPLIT.split(value.strip())
        return any(w.isalpha() and w not in _LITTLE_WORDS for w in words[1:-1])
    if form in ("block", "numbered"):
        line = value.split("\n", 1)[0]
        names = [w for w in _WORD_SPLIT.split(line.strip()) if w[:1].isalpha()]
        if form == "block" and "\n" not in value:
            names = names[:-1]  # the unit's word, on the same line
        if not names or names[0].lower().rstrip(".") in _NOT_STREETS:
            return False
        if form == "block" and names[0][:1].islower():
            # a street typed in lower case: only as the first line of a block, a building
            # number before it and the unit on the next line ("19 guipúzcoa 1268 / apt. 013")
            return value[:1].isdigit() and "\n" in value
        return any(not w.isupper() for w in names)  # "PART 5 Unit 3" is no street
    return True


_LEAD_NUMBER_RX = re.compile(r"\d{1,6}[ \t]+")
# An HTTP status and its reason phrase (RFC 9110 section 15) that ends as a street does
_HTTP_STATUS = re.compile(r"50[24][ \t]+(?:Bad[ \t]+Gateway|Gateway[ \t]+Timeout)", re.IGNORECASE)
_HOUSE_NUMBER = re.compile(r"\d{1,6}[A-Za-z]?(?:[-/]\d{1,4}[A-Za-z]?)?,?[ \t]")  # not "184th"


_LITTLE_WORDS = frozenset(
    re.findall(r"\S+", "a an the and or of to in on at by for my your our his her their is was")
)


def _ordinal(word: str) -> bool:
    """``5th``, ``184th``, ``1st``: an ordinal street name."""
    return word[:1].isdigit() and word[-2:].lower() in ("st", "nd", "rd", "th")


# Words that lead a numbered heading or reference, not a street name ("Chapter 5", "Step 2").
_NOT_STREETS = frozenset(
    re.findall(
        r"\S+",
        "chapter section step page table figure fig version part lesson module item line"
        " exercise question task stage phase round level day week month year volume vol issue"
        " no number article clause paragraph slide sheet row column test case sprint release"
        " build ticket order invoice ref box",
    )
)


_POSTCODE_LABELS = ("zip", "postal code", "postcode", "post code", "plz", "postleitzahl",
                    "code postal", "codigo postal", "código postal", "cap:", "c.p.", "postnummer",
                    "postinumero", "kod pocztowy", "eircode")  # fmt: skip


class PostcodeDetector(PatternDetector):
    """A postcode after its label ("ZIP: 62704", "PLZ: 10115", "Postcode: SW1A 1AA"): a place,
    read alone from a form or a record."""

    name = "postcode"
    entities = ("LOCATION",)
    patterns = (
        Pattern(
            "labelled",
            r"(?i:\b(?:zip(?:[ \t]?code)?|postal[ \t]code|post[ \t]?code|plz|postleitzahl"
            r"|code[ \t]postal|c[oó]digo[ \t]postal|cap|c\.p\.|postcode|postnummer|postinumero"
            r"|kod[ \t]pocztowy|eircode))[ \t]*[:#=][ \t]*"
            r"(?P<code>\d{3}[ \t]?\d{2}(?:-\d{4})?|\d{4}(?:-\d{3})?|\d{2}-\d{3}"
            r"|[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}|[A-Z]\d[A-Z][ \t]?\d[A-Z]\d|[A-Z]{2}-?\d{4,5}"
            rf"|{EIRCODE})"
            r"(?![\w-])",
            0.6,
            keywords=_POSTCODE_LABELS,
            group="code",
            positives=(
                "ZIP: ⟦62704⟧",
                "ZIP: ⟦394 13⟧",
                "PLZ: ⟦10115⟧",
                "Postcode: ⟦SW1A 1AA⟧",
                "code postal : ⟦75008⟧",
                "Postal code: ⟦K1A 0B1⟧",
                "kod pocztowy: ⟦53-320⟧",
                "Eircode: ⟦D02 X285⟧",
            ),
            negatives=(
                "ZIP file: archive.zip",
                "zip: 12",
                "CAP: 1234567",
                "Postcode: TBD",
                "Eircode: D02 X2B5",  # B is no letter of Eircode's
            ),
            origin="the postcode formats of the UPU's addressing guides, after their label",
        ),
    )


# Abbreviations whose dot is theirs ("Main St.", "Hauptstr.", "Fő u."), not a sentence's
_ABBREVIATED = word_set("st ave av rd blvd ln dr ct pl sq pkwy hwy cir str u krt apt ste rm fl")
_LAST_WORD = re.compile(r"(?<![^\W\d_])[^\W\d_]{3,}\.\Z")


def _without_full_stop(text: str, end: int) -> int:
    """``end`` before the full stop of a sentence that ends with the address ("I live at 10
    Downing Street."): the dot of a word written out is the sentence's; an abbreviation's
    ("Main St.") and a house number's ("Fő utca 12.") are the address's."""
    if text[end - 1 : end] != "." or (end < len(text) and not text[end].isspace()):
        return end
    word = _LAST_WORD.search(text, max(0, end - 40), end)
    if word is None or word.group()[:-1].lower() in _ABBREVIATED:
        return end
    return end - 1


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in street address and labelled postcode detectors."""
    return [StreetAddressDetector(), PostcodeDetector()]
