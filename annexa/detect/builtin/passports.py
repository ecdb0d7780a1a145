"""Passports and identity documents of any country: the number after a passport word
(PASSPORT), and the machine-readable zone of a passport (PASSPORT) or an identity card
(ID_CARD) pasted whole.

- **A passport number after a passport word**, in the engine's six languages and the common
  others ("passport", "Reisepass", "passeport", "pasaporte", "passaporto", "paspoort",
  "paszport", "passaporte", "여권", "パスポート", "护照"): within the same sentence, a few
  words on ("My passport number is ⟦CD7654321⟧", "Passports: ⟦AB1234567⟧ and ⟦XY9876543⟧"),
  a document number as ICAO Doc 9303 defines it (up to nine letters and digits) in the shapes
  states issue: seven to nine characters, at least five of them digits and at most three
  letters, the letters in one case ("M123A4567", "C01X00T47", "09AA12345", "L898902C3"). Not a
  date ("expires 20301231"), a size ("600x600") or one digit repeated. The US and Spanish
  formats have detectors of their own (``US_PASSPORT``, ``ES_PASSPORT``), which win the span.
- **A machine-readable zone** (ICAO Doc 9303 parts 4 to 6): the two 44-character lines of a
  passport (TD3) and the two 36-character lines of a TD2 document, the three 30-character lines
  of an identity card (TD1). The lines' check digits (weights 7, 3, 1: the document number,
  the date of birth, the date of expiry and the composite) must all hold, so a match is a
  document's zone, not a run of ``<``; the whole zone is the finding, since it holds the
  holder's name, nationality, date of birth and sex as well as the number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from annexa.detect.interface import Detector, Finding, ScanContext
from annexa.detect.pattern import Pattern, PatternDetector
from annexa.settings import ScanSettings

# ---------------------------------------------------------------------------------------------
# A passport number after a passport word

# The keyword pass looks for these (lower case): one of them is in every passport word.
_KEYWORDS = (
    "passport", "reisepass", "passnummer", "pass-nr", "passeport", "pasaporte", "passaporto",
    "paspoort", "paszport", "passaporte", "여권", "パスポート", "旅券", "护照", "護照",
)  # fmt: skip
_WORD = (
    r"(?i:(?<![^\W\d_])(?:passports?|reisepass(?:es|nummer)?|passnummer|pass-nr|passeport|pasaporte"
    r"|passaporto|paspoort|paszport|passaporte)(?![^\W\d_])|여권|パスポート|旅券|护照|護照)"
)
# What may stand between a document's word and its number: the words of a sentence ("number
# is", "no.", "Nr.", "nummer:", "번호는"), never a sentence's end or a line break. Shared with
# the other documents read after their word (driver's licences).
BETWEEN_WORD_AND_NUMBER = r"(?:[^\n.!?;]|(?<=\b[Nn][OoRr])\.|(?<=\b[Nn]um)\.){0,40}?"
_NUMBER = r"(?<![\w\-/.])([A-Za-z]{0,3}\d[A-Za-z\d]{5,8})(?![A-Za-z\d\-/]|\.\d)"
_AFTER_WORD = re.compile(rf"{_WORD}{BETWEEN_WORD_AND_NUMBER}{_NUMBER}")
# A second number joined to the first ("AB1234567 and XY9876543", "…, XY9876543").
_ANOTHER = re.compile(rf"[ \t]*(?:,|and|&|und|et|y|e|en|or|/)[ \t]*{_NUMBER}")
_DIMENSION = re.compile(r"\d+[xX×]\d+")
_DATE_DIGITS = re.compile(r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")
_DATE_DIGITS_DMY = re.compile(r"(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])(?:19|20)\d\d")
# Reported, and below the US and Spanish detectors' scores near the same words (0.1 + 0.35):
# their formats win the span
SCORE = 0.42


def is_document_number(value: str) -> bool:
    """Whether ``value`` has the shape of a passport's document number: seven to nine letters
    and digits, five digits at least, three letters at most (a German serial's letters aside),
    the letters in one case; no date, size or repeated digit."""
    if not 7 <= len(value) <= 9:
        return False
    letters = [c for c in value if c.isalpha()]
    digits = len(value) - len(letters)
    if (digits < 5 or len(letters) > 3) and not _german_serial(value, digits):
        return False
    if letters and not (all(c.isupper() for c in letters) or all(c.islower() for c in letters)):
        return False
    if _DIMENSION.fullmatch(value) or len(set(value)) == 1:
        return False
    dated = _DATE_DIGITS.fullmatch(value) or _DATE_DIGITS_DMY.fullmatch(value)
    return not (value.isdigit() and dated)


# German passports and identity cards since 2010 (Passverordnung, Personalausweisverordnung):
# nine characters of an alphabet without vowels and B, D, Q, S, the first a letter of the
# issuing authority's series: as many letters as digits may stand in it ("C4X9R27K1").
_GERMAN_SERIAL = frozenset("CFGHJKLMNPRTVWXYZ0123456789")
_GERMAN_FIRST = frozenset("CFGHJK")


def _german_serial(value: str, digits: int) -> bool:
    return (
        len(value) == 9
        and value[0] in _GERMAN_FIRST
        and digits >= 3
        and set(value) <= _GERMAN_SERIAL
    )


class PassportNumberDetector(PatternDetector):
    """A passport number of any country, right after a passport word."""

    name = "passport"
    entities = ("PASSPORT",)
    origin = "ICAO Doc 9303 document numbers, after a passport word"
    patterns = (
        Pattern(
            "after_word",
            _AFTER_WORD.pattern,
            SCORE,
            keywords=_KEYWORDS,
            group=1,
            positives=(
                "My passport number is ⟦CD7654321⟧ and it expires soon",
                "passport number: ⟦J6932157⟧",
                "Korean passport: ⟦M123A4567⟧",
                "여권번호는 ⟦M789C1234⟧입니다",
                "Reisepass-Nr. ⟦C01X00T47⟧",
                "numéro de passeport : ⟦09AA12345⟧",
                "Passports: ⟦AB1234567⟧ and XY9876543",
            ),
            negatives=(
                "passport photo 600x600 px",
                "my passport expires 20301231",
                "passport 1234",
                "passport ABCDEFGHI",
                "Passport. Version 20240115",
                "passport renewal form DS82-2024",
                "passport\nticket 12345678",
                "passport 111111111",
            ),
            origin="ICAO Doc 9303 part 4 (document number); national numbering",
        ),
    )

    def detect(self, ctx: ScanContext) -> Iterator[Finding]:
        text = ctx.text
        for m in _AFTER_WORD.finditer(text):
            yield from self._numbers(text, m.start(1), m.end(1))
            end = m.end(1)
            while (more := _ANOTHER.match(text, end)) is not None:
                yield from self._numbers(text, more.start(1), more.end(1))
                end = more.end(1)

    def _numbers(self, text: str, start: int, end: int) -> Iterator[Finding]:
        if is_document_number(text[start:end]):
            yield Finding("PASSPORT", start, end, SCORE, self.name)


# ---------------------------------------------------------------------------------------------
# Machine-readable zones

_FILL = "<"
# TD3 (passports): two lines of 44; TD2: two lines of 36; TD1 (cards): three lines of 30.
_TD3 = re.compile(
    r"(?<![A-Z0-9<])(P[A-Z<][A-Z<]{3}[A-Z<]{39})[ \t]*\r?\n[ \t]*"
    r"([A-Z0-9<]{9}[0-9<][A-Z<]{3}\d{6}\d[MFX<]\d{6}\d[A-Z0-9<]{14}[0-9<]\d)(?![A-Z0-9<])"
)
_TD2 = re.compile(
    r"(?<![A-Z0-9<])([ACIPV][A-Z<][A-Z<]{3}[A-Z<]{31})[ \t]*\r?\n[ \t]*"
    r"([A-Z0-9<]{9}[0-9<][A-Z<]{3}\d{6}\d[MFX<]\d{6}\d[A-Z0-9<]{7}\d)(?![A-Z0-9<])"
)
_TD1 = re.compile(
    r"(?<![A-Z0-9<])([ACI][A-Z<][A-Z<]{3}[A-Z0-9<]{9}[0-9<][A-Z0-9<]{15})[ \t]*\r?\n[ \t]*"
    r"(\d{6}\d[MFX<]\d{6}\d[A-Z<]{3}[A-Z0-9<]{11}\d)[ \t]*\r?\n[ \t]*"
    r"([A-Z<]{30})(?![A-Z0-9<])"
)


def check_digit(field: str) -> int:
    """ICAO 9303's check digit of ``field``: each character's value (digits as they are, A to
    Z as 10 to 35, the filler ``<`` as 0) times 7, 3, 1 repeating, summed, modulo 10."""
    total = 0
    for i, c in enumerate(field):
        value = int(c) if c.isdigit() else 0 if c == _FILL else ord(c) - 55
        total += value * (7, 3, 1)[i % 3]
    return total % 10


def _holds(field: str, digit: str) -> bool:
    """The check digit ``digit`` of ``field`` is right (a filler ``<`` stands for 0 only
    after a field of fillers, as an optional field left empty)."""
    if digit == _FILL:
        return set(field) <= {_FILL}
    return digit.isdigit() and check_digit(field) == int(digit)


def _a_date(yymmdd: str) -> bool:
    try:
        date(2000 + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6]))
    except ValueError:
        return False
    return True


def _zone_valid(
    data: str,
    number: int,
    dates: tuple[int, int],
    composite: tuple[tuple[int, int], ...],
    optional: tuple[int, int] | None = None,
) -> bool:
    """Whether the check digits of a zone's data (its lines joined) hold: the nine-character
    document number at ``number``, the birth and expiry dates at ``dates`` (valid dates, six
    digits each), the optional data's (TD3's personal number) and the composite of the
    ``composite`` slices, whose check digit follows the last of them."""
    fields = [(number, number + 9), *((at, at + 6) for at in dates)]
    if optional is not None:
        fields.append(optional)
    last = composite[-1][1]
    return (
        all(_a_date(data[at : at + 6]) for at in dates)
        and all(_holds(data[a:b], data[b]) for a, b in fields)
        and _holds("".join(data[a:b] for a, b in composite), data[last])
    )


def td3_valid(line2: str) -> bool:
    """Whether a TD3 (passport) second line's five check digits hold."""
    return _zone_valid(line2, 0, (13, 21), ((0, 10), (13, 20), (21, 43)), optional=(28, 42))


def td2_valid(line2: str) -> bool:
    """Whether a TD2 second line's four check digits hold."""
    return _zone_valid(line2, 0, (13, 21), ((0, 10), (13, 20), (21, 35)))


def td1_valid(line1: str, line2: str) -> bool:
    """Whether a TD1 (identity card) zone's four check digits hold (the first two lines)."""
    return _zone_valid(line1 + line2, 5, (30, 38), ((5, 30), (30, 37), (38, 45), (48, 59)))


class MachineReadableZoneDetector(Detector):
    """The machine-readable zone of a passport or an identity card, its check digits right."""

    name = "mrz"
    entities = ("PASSPORT", "ID_CARD")
    origin = "ICAO Doc 9303 parts 4 (check digits), 5 (TD1), 6 (TD2) and 4 (TD3)"
    keywords = ("<<",)  # every zone has fillers: a name's parts are set apart by two

    def detect(self, ctx: ScanContext) -> Iterator[Finding]:
        text = ctx.text
        for m in _TD3.finditer(text):
            if td3_valid(m.group(2)):
                yield Finding("PASSPORT", m.start(1), m.end(2), 1.0, self.name, validated=True)
        for m in _TD2.finditer(text):
            if td2_valid(m.group(2)):
                entity = "PASSPORT" if m.group(1)[0] == "P" else "ID_CARD"
                yield Finding(entity, m.start(1), m.end(2), 1.0, self.name, validated=True)
        for m in _TD1.finditer(text):
            if td1_valid(m.group(1), m.group(2)):
                yield Finding("ID_CARD", m.start(1), m.end(3), 1.0, self.name, validated=True)


def detectors(settings: ScanSettings) -> list[Detector]:
    return [PassportNumberDetector(), MachineReadableZoneDetector()]
