"""Personal data inside a web address that says what it is: a phone number in a messaging or
calling link, a person's profile on a professional network.

A web address is a ``URL`` finding, which most policies let leave (its level is public), and the
phone detector does not look inside web addresses (their paths are full of digit runs). Some
addresses are personal data by what they are, though:

- a **phone number** in a click-to-chat or calling link: WhatsApp's ``https://wa.me/<number>``
  and ``api.whatsapp.com/send?phone=<number>`` (its FAQ "How to use click to chat": the full
  number in international format, no "+", no leading zeros), Telegram's ``t.me/+<number>``,
  Viber's ``viber://chat?number=``, and RFC 3966's ``tel:`` (and ``sms:``, ``callto:``) URIs; the
  number must be a valid one in international form (phonenumbers);
- a **person's profile** on LinkedIn (``linkedin.com/in/<slug>``: the public profile address of
  one member, by LinkedIn's help "Customize your public profile URL") or XING
  (``xing.com/profile/<First_Last>``): the slug names the person.

The finding covers the number or the slug, so a placeholder keeps the rest of the address.
"""

from __future__ import annotations

from collections.abc import Iterator

import phonenumbers

from annexa.detect.builtin._bytes import BytePassDetector, Spans, char_span
from annexa.detect.builtin._regions import CharOffsets
from annexa.detect.interface import Detector, Finding
from annexa.settings import ScanSettings

PROFILE_SCORE = 0.85  # a member's profile address: the slug names one person

# Group 1: a phone number after a messaging or calling link's prefix; group 2: a profile slug.
EXPRESSION = (
    r"(?i:\bwa\.me/|\bapi\.whatsapp\.com/send/?\?(?:[^\s#]*&)?phone=|\bwhatsapp://send\?phone="
    r"|\bt\.me/|\bviber://chat\?number=|\b(?:tel|sms|callto):)"
    r"((?:\+|%2B)?[0-9][0-9\-. ()]{5,22}[0-9])"
    r"|(?i:\blinkedin\.com/in/|\bxing\.com/profile/)([A-Za-z0-9\-_%.]{3,100})"
)


def _international(number: str) -> bool:
    """Whether ``number`` (a link's, "+" optional or written %2B) is a valid phone number in
    international form."""
    digits = "".join(c for c in number.replace("%2B", "+") if c.isdigit())
    try:
        parsed = phonenumbers.parse("+" + digits, None)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(parsed)


class ProfileLinkDetector(BytePassDetector):
    """A phone number in a WhatsApp, Telegram, Viber or ``tel:`` link; a LinkedIn or XING
    member's profile slug."""

    name = "profile_link"
    entities = ("PHONE_NUMBER", "PERSON")
    keywords = (
        "wa.me/", "whatsapp", "t.me/", "viber://", "tel:", "sms:", "callto:", "linkedin.com/in/",
        "xing.com/profile/",
    )  # fmt: skip
    origin = (
        "WhatsApp click to chat; RFC 3966 (tel URI); LinkedIn and XING public profile addresses"
    )
    expression = EXPRESSION

    def found(
        self, text: str, chars: CharOffsets | None, matches: Iterator[Spans]
    ) -> Iterator[Finding]:
        for spans in matches:
            if spans[1][0] >= 0:
                start, end = char_span(chars, spans[1])
                if _international(text[start:end]):
                    yield Finding("PHONE_NUMBER", start, end, 1.0, self.name, validated=True)
                continue
            start, end = char_span(chars, spans[2])
            slug = text[start:end].rstrip(".")
            if any(c.isalpha() for c in slug):
                yield Finding("PERSON", start, start + len(slug), PROFILE_SCORE, self.name)


def detectors(settings: ScanSettings) -> list[Detector]:
    """The detector of personal data inside links that say what it is."""
    return [ProfileLinkDetector()]
