"""Phone numbers (PHONE_NUMBER), validated with phonenumbers (Google's libphonenumber).

phonenumbers is thorough but slow, so it sees only candidates: digit runs of 7 to 15 digits that
the shared region pass found, shaped like phone numbers (a leading ``+``, brackets, or groups
split by spaces, dots or dashes), and not shaped like dates, times, IP addresses or versions.
A number written with ``+`` (or ``00``) is parsed on its own: valid, or of a length its
country's plan allows (a range not yet assigned, or one kept for fiction such as Ofcom's
``+44 7700 900xxx``: still a phone number, at a lower score). A national one is tried against
the regions whose numbering plans fit its first digit and length. Next to a phone's context
word, any grouped candidate counts (``Phone: 60-56-85-91``, ``fax (99) 645-791``), as does
one followed by the kind of line it is (``416 60 039 office``, ``781 1704 (home)``), and then
the phone number wins the span over an identifier whose check it passes by chance (an NHS
number, a SIN: ``phone_shaped`` detectors) unless that identifier's own word is near.
libphonenumber's verdict marks a number written with its country code ``validated``.

A bare digit run is checked only near a context word ("phone", "Telefon", "téléphone"...), or when
it is written the way people write their own mobile number: the national trunk prefix ``0`` and 10
to 12 digits that libphonenumber calls a mobile number in one of those regions (``07700 900123`` in
the UK, ``0917...`` in the Philippines, ``0532...`` in Turkey). A trunk ``0`` with a mobile range is
rare in order numbers and ids, which are not zero-led or do not fall in a mobile range. Turkish
numbers are also written as their ten bare national digits (``5321234567``, ``2121234567``): a plain
ten-digit run that libphonenumber calls a Turkish landline or mobile counts too, at the lowest
reported score, unless a record's reference word ("order", "invoice", "ref", "#"...) stands right
before it. Unix timestamps (``1...``) and numbers led by 6-9 are no Turkish numbers.

A grouped number right after a record's reference word, with no phone word near, is that record's
number ("Ticket 12 345 678 901", "Steuer-ID 12 345 678 901", "Order #: 555-0143-2231"), unless it
is written internationally (``Caller ID: +1 415 555 0132``).

Brackets right after a country code are read as business cards write them: the trunk prefix or
the area code (``+44(0)20 7946 0958``, ``+90(212)555-1234``), or the country code itself
(``(+358) 40 123 4567``). Polish, Czech and Chinese national numbers count only as mobiles
(almost any nine digits are a Polish landline); Danish and Norwegian ones only written in pairs
or 3-2-3. A decimal fraction (``0.88974794``) and an ISBN with its hyphens are no phone number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import phonenumbers
from stdnum import isbn

from annexa.detect.builtin._base import RegionDetector, digits_only
from annexa.detect.builtin._regions import Region, windows
from annexa.detect.context import after_reference_word, words_for
from annexa.detect.interface import Detector, Finding, ScanContext
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings

_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|\d\d?)"
_QUAD = re.compile(rf"{_OCTET}(?:\.{_OCTET}){{3}}")
_NOT_PHONE = re.compile(
    r"(?:19|20)\d\d[\-./](?:0?[1-9]|1[0-2])[\-./](?:0?[1-9]|[12]\d|3[01])(?!\d)"  # ISO date
    r"|(?:0?[1-9]|[12]\d|3[01])[\-./](?:0?[1-9]|1[0-2])[\-./](?:19|20)\d\d(?!\d)"  # d.m.y
    rf"|{_OCTET}(?:\.{_OCTET}){{3}}(?!\.?\d)"  # an IPv4 address (not 01.23.45.67.89, 542.555.01.99)
    r"|\d{3}([\- .])\d{2}\1\d{4}$"  # SSN / ITIN grouping
)
# The kind of line a grouped number is, written right after it ("416 60 039 office", "555 0143
# (home)"), as in a signature or an address book: a label of that number, not a word nearby.
_LABEL_AFTER = re.compile(
    r"[ \t]*[(\[]?(?:office|work|home|direct|main|mobile|cell|fax)[)\]]?"
    r"[ \t]*(?:$|[\r\n,;:|+(0-9])"  # the line's end, or the next number of the card
)
# A unit right after the digits: they count something, no phone number does
_UNIT_AFTER = re.compile(
    r"[ \t]?(?:bytes?|kb|mb|gb|tb|kib|mib|gib|bits?|ms|seconds?|secs?|minutes?|hours?|days?"
    r"|tokens?|words?|characters?|chars?|lines?|rows?|records?|items?|users?|requests?|px|%"
    r"|eur|usd|gbp|chf)(?![a-z])"
)
_LOCAL_MIN, _LOCAL_MAX = 7, 10  # digits of a number written without its country code
_NOT_PHONE_SEPS = frozenset({"...", ".../"})
_DATE_SEPS = frozenset({"--", "..", "//", "-- ", "--T"})
_EXTENSION = r"(?:[ ]?(?:x|ext\.?|extension|#)[ ]?\d{1,6})?"
_EXTENSION_RX = re.compile(_EXTENSION[:-1] + "$")
# Digit groups joined by one or two separators; possessive groups keep the match linear. A group
# in brackets may follow the one before it directly: the trunk prefix after a country code
# ("+44(0)20 7946 0958") or an area code ("+90(212)555-1234"). A country code may stand in
# brackets itself ("(+358) 40 123 4567").
_GROUP = r"(?:\(\d{1,5}\)\d*+|\d++)"
_CANDIDATE = (
    rf"(?<![\w+\-./])(?:\(\+\d{{1,3}}\)|(?:\+|00)?{_GROUP})"
    rf"(?:[ \-./]{{1,2}}{_GROUP}|\(\d{{1,5}}\)\d*+){{0,8}}" + _EXTENSION + r"(?![\w+]|[\-./]\d)"
)
# A decimal fraction among the groups ("0.88974794", "621.345454", "2.7645 2.4929" in a
# vector's printout): digits joined by a single dot are a phone's groups only as three or four
# digits on each side ("555.0143", "4538.4019").
_DOTTED_PAIR = re.compile(r"(?<![\d.])(\d+)\.(\d+)(?![\d.])")


def is_decimal_fraction(value: str) -> bool:
    """Whether a group of ``value`` is a decimal fraction rather than two groups of a phone."""
    return any(
        not (3 <= len(m.group(1)) <= 4 and 3 <= len(m.group(2)) <= 4)
        for m in _DOTTED_PAIR.finditer(value)
    )


# An ISBN written with its hyphens: ten characters in four groups, the check character alone
# last ("0-306-40615-2"), or thirteen digits in five groups from 978 or 979.
_ISBN_SHAPE = re.compile(r"\d{1,5}-\d{1,7}-\d{1,7}-[\dX]|97[89]-\d{1,5}-\d{1,7}-\d{1,7}-\d")


def is_isbn(value: str) -> bool:
    """Whether ``value`` is an ISBN as books print it (hyphens, valid check character)."""
    return _ISBN_SHAPE.fullmatch(value) is not None and isbn.is_valid(value)


_BRACKETED_CODE = re.compile(r"\((\+\d{1,3})\)")
# Eight digits as Denmark and Norway write their numbers, which have no trunk prefix and no
# area code: in pairs ("32 12 34 56") or, a Norwegian mobile, 3-2-3 ("412 34 567").
_EIGHT_DIGIT_FORMS = re.compile(r"\d\d \d\d \d\d \d\d|\d{3} \d\d \d{3}")


def national_regions(digits: str) -> tuple[str, ...]:
    """The regions whose national numbering plan could hold ``digits`` (no country code).

    Cheap shape checks first, so libphonenumber is asked only where it could say yes: North
    American area codes and exchanges start with 2-9, Indian mobiles with 6-9, Italian mobiles
    with 3, Brazilian area codes hold no zero, Spanish numbers start with 6-9.
    """
    n = len(digits)
    if digits[0] == "0":
        return _TRUNK_ZERO[: len(_TRUNK_ZERO) if n >= 9 else 3]
    regions: list[str] = []
    local = digits[1:] if n == 11 and digits[0] == "1" else digits
    if len(local) == 10 and local[0] in "23456789" and local[3] in "23456789":
        regions.append("US")
    if n == 10 and digits[0] in "6789":
        regions.append("IN")
    if n in (10, 11) and "0" not in digits[:2]:
        regions.append("BR")
    if n == 10 and digits[0] == "3":
        regions.append("IT")
    if n == 9 and digits[0] in "6789":
        regions.append("ES")
    if n == 10 and digits[0] == "5":
        regions.append("TR")  # Turkish mobiles written without the trunk 0: 5xx xxx xx xx
    if n == 10 and (digits[0] == "2" or digits[:2] == "69"):
        regions.append("GR")  # Greek landlines (2…) and mobiles (69…): no trunk prefix
    if n == 9 and digits[0] in "4567":
        regions += ("PL", "CZ")  # mobiles only (MOBILE_ONLY): 512 345 678, 601 123 456
    if n == 11 and digits[0] == "1" and digits[1] in "3456789":
        regions.append("CN")  # mobiles only: 138 0013 8000
    return tuple(regions)


# Regions whose national numbers count only as mobiles: their landline plans take most numbers
# of their length (almost any nine digits are a Polish or Czech landline), their mobiles are a
# few prefixes.
MOBILE_ONLY = frozenset({"PL", "CZ", "CN"})


# Regions whose national numbers start with the trunk prefix 0 (the first three also hold the
# short 7-8 digit ones worth a try).
_TRUNK_ZERO = ("GB", "DE", "FR", "NL", "IT", "AU", "IN", "BR", "PH", "TR", "IL")
_MOBILE_TYPES = frozenset(
    {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
)


def _trunk_parses(digits: str) -> Iterator[phonenumbers.PhoneNumber]:
    """``digits`` read as a national number of each region dialling with the trunk ``0``."""
    for region in _TRUNK_ZERO:
        try:
            yield phonenumbers.parse(digits, region)
        except phonenumbers.NumberParseException:
            continue


def is_trunk_mobile(digits: str) -> bool:
    """A plain run written as a national mobile number: trunk ``0``, 10-12 digits, a mobile
    number in one of the regions that dial with that trunk prefix."""
    if not (10 <= len(digits) <= 12 and digits[0] == "0" and digits[1] != "0"):
        return False
    return any(phonenumbers.number_type(n) in _MOBILE_TYPES for n in _trunk_parses(digits))


class PhoneDetector(RegionDetector):
    """Phone numbers, international and national, checked by libphonenumber."""

    name = "phone"
    entities = ("PHONE_NUMBER",)
    min_digits = 7
    max_digits = 15
    before = 4
    after = 14
    context = words_for("PHONE_NUMBER")
    patterns = (
        Pattern(
            "phone",
            _CANDIDATE,
            0.4,
            positives=(
                "call +1 202-555-0143 today",
                "Tel. +49 30 901820",
                "phone: (212) 555-0187 ext. 12",
                "office 020 7946 0958",
            ),
            negatives=(
                "on 2024-01-06 at noon",
                "host 192.168.100.200",
                "order 12345678901234",
                "ref 555-0143",
                "SSN 536-22-1234",
            ),
            origin="ITU-T E.164 via libphonenumber",
        ),
    )

    def warm_up(self) -> None:
        """Load libphonenumber's metadata for every region now (about 0.1 s and 1.5 MB): it is
        otherwise imported region by region, a module each, by the first number of each
        country a server sees."""
        load_all_metadata()

    def wanted(self, ctx: ScanContext) -> list[Region]:
        """Digit runs, minus dates and dotted quads; a plain run only near a context word."""
        out = []
        for r in super().wanted(ctx):
            if r.digits == 8 and r.seps in _DATE_SEPS:
                continue
            if r.seps in _NOT_PHONE_SEPS and _QUAD.match(ctx.text, r.start, r.end):
                continue  # an IPv4 address (or a CIDR); 542.555.01.99 is looked at
            if r.seps or ctx.text[r.start] in "+(" or self.has_context(ctx, r.start, r.end):
                out.append(r)
            elif ctx.text[r.start] == "0" and 10 <= r.digits <= 12:
                out.append(r)  # maybe a national mobile number (``_judge`` decides)
            elif r.digits == 10 and ctx.text[r.start] in "2345":
                out.append(r)  # maybe a Turkish number written bare (``_judge`` decides)
        return out

    def detect(self, ctx: ScanContext) -> Iterator[Finding]:
        wanted = self.wanted(ctx)
        if not wanted:
            return
        pattern, rx, _ = self._compiled[0]
        for lo, hi in windows(ctx.text, wanted, self.before, self.after):
            for m in rx.finditer(ctx.text, lo, hi):
                finding = self._judge(ctx, pattern, m.start(), m.end())
                if finding is not None:
                    yield finding

    def _judge(self, ctx: ScanContext, pattern: Pattern, start: int, end: int) -> Finding | None:
        value = ctx.text[start:end]
        if _NOT_PHONE.match(value) or ("." in value and is_decimal_fraction(value)):
            return None
        if value.count("-") >= 2 and (
            is_isbn(value) or (ctx.text[end : end + 2] == "-X" and is_isbn(value + "-X"))
        ):
            return None
        plain = value.isdigit()
        near = self.has_context(ctx, start, end)
        if not near and _UNIT_AFTER.match(ctx.lower, end):
            return None  # "32768-65535 bytes", "1200 000 tokens": a quantity or a range of one
        if not near and not plain and _LABEL_AFTER.match(ctx.lower, end):
            # a local number labelled as a line; a postcode or box number before it on the
            # same line is no part of it ("APO AA 61487 416 60 039 office")
            while len(digits_only(value)) > _LOCAL_MAX and " " in value:
                cut = value.index(" ") + 1
                start, value = start + cut, value[cut:]
            if not _LOCAL_MIN <= len(digits_only(value)) <= _LOCAL_MAX:
                return None
            near = True
        if plain and not near and not is_trunk_mobile(value):
            if not is_bare_turkish(value) or after_reference_word(ctx.lower, start):
                return None
            return Finding(self.entities[0], start, end, pattern.score, self.name)
        # a country code in brackets is dialled as written without them: "(+358) 40 …"
        dialled = _BRACKETED_CODE.sub(r"\1", value, 1) if value[:2] == "(+" else value
        if not near and dialled[0] != "+" and after_reference_word(ctx.lower, start):
            return None  # "Ticket 12 345 678 901", "Steuer-ID 12 345 678 901": the record's own
        parsed = parse_phone(dialled)
        if parsed is not None:
            valid = parsed[1]
            score = 0.4 if plain else (0.75 if valid else 0.5) if dialled[0] == "+" else 0.6
        elif near and not plain:
            valid, score = False, 0.25  # the shape of a phone number, and a word that says so
        else:
            return None
        if near:
            score = min(1.0, score + 0.35)
        # validated only written internationally: a valid national number is weak evidence
        # (any ten digits led by 6-9 are a valid Indian mobile), a country code and a valid
        # number behind it is not
        international = dialled[0] == "+" or dialled.startswith("00")
        return Finding(
            self.entities[0], start, end, score, self.name, validated=valid and international
        )


def load_all_metadata() -> None:
    """libphonenumber's metadata of every region and non-geographic code, loaded now."""
    metadata = phonenumbers.PhoneMetadata
    for region in phonenumbers.SUPPORTED_REGIONS:
        metadata.metadata_for_region(region)
    for code in phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS:
        metadata.metadata_for_nongeo_region(code)


def is_trunk_national(digits: str) -> bool:
    """A zero-led run that libphonenumber calls a valid number of a region dialling with the
    trunk prefix 0 (a landline or a mobile written nationally: ``0201234567`` in Amsterdam)."""
    if not (digits[:1] == "0" and digits[1:2] != "0"):
        return False
    return any(phonenumbers.is_valid_number(n) for n in _trunk_parses(digits))


def is_mobile_in(digits: str, regions: tuple[str, ...]) -> bool:
    """Whether ``digits``, dialled nationally, are a valid mobile number of one of ``regions``
    (an identifier of another country's shape that is also how these write their mobiles:
    "612 345 678" in Spain is a Canadian SIN's shape)."""
    for region in regions:
        try:
            number = phonenumbers.parse(digits, region)
        except phonenumbers.NumberParseException:
            continue
        if (
            phonenumbers.is_valid_number(number)
            and phonenumbers.number_type(number) in _MOBILE_TYPES
        ):
            return True
    return False


# Countries that write their nine-digit mobile numbers in three groups of three ("612 345 678":
# Spain, Portugal, Poland, Czechia), and ten-digit ones 3-3-4 led by 3 or 0 ("333 123 4567",
# "040 123 4567", "083 123 4567": Italy, Finland, Ireland; no NHS number in England begins
# so, Greece's "69x" is in England's 600-799).
MOBILE_3_3_3 = ("ES", "PT", "PL", "CZ")
MOBILE_3_3_4 = ("IT", "FI", "IE")


_TURKISH_TYPES = _MOBILE_TYPES | {phonenumbers.PhoneNumberType.FIXED_LINE}


def is_bare_turkish(digits: str) -> bool:
    """Ten plain digits that are a Turkish landline (area codes 2xx-4xx) or mobile (5xx)."""
    if len(digits) != 10 or digits[0] not in "2345":
        return False
    try:
        number = phonenumbers.parse(digits, "TR")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(number) and (
        phonenumbers.number_type(number) in _TURKISH_TYPES
    )


def parse_phone(value: str) -> tuple[phonenumbers.PhoneNumber, bool] | None:
    """The phone number ``value`` holds and whether libphonenumber calls it valid.

    A national number counts only when it is valid in one of the regions whose plan could
    hold it (:func:`national_regions`). An international one (``+`` or ``00``) counts when it
    is valid, or when its country code exists and its length is one that country's plan
    allows: a number in a range not yet assigned, or in one kept for fiction and examples
    (``+44 7700 900123``), is still written the way a phone number is, and is ``(n, False)``.
    """
    if value.startswith("00"):
        value = "+" + value[2:]
    digits = digits_only(_EXTENSION_RX.sub("", value))
    if not 7 <= len(digits) <= 15:
        return None
    if value[0] == "+":
        try:
            number = phonenumbers.parse(value, None)
        except phonenumbers.NumberParseException:
            return None
        if phonenumbers.is_valid_number(number):
            return number, True
        if phonenumbers.is_possible_number_with_reason(number) == _POSSIBLE:
            return number, False
        return None
    regions = national_regions(digits)
    if len(digits) == 8 and _EIGHT_DIGIT_FORMS.fullmatch(value):
        regions = ("DK", "NO")  # eight digits in pairs, or 3-2-3: how Denmark and Norway write
    for region in regions:
        try:
            number = phonenumbers.parse(value, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number) and (
            region not in MOBILE_ONLY or phonenumbers.number_type(number) in _MOBILE_TYPES
        ):
            return number, True
    return None


_POSSIBLE = phonenumbers.ValidationResult.IS_POSSIBLE


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in phone number detector."""
    return [PhoneDetector()]
