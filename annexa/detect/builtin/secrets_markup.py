"""Credentials in markup: an XML element or a key/value pair of attributes that names one.

Configuration written as XML holds the same secrets as ``KEY = VALUE`` files, in two shapes:

- an element whose tag names a credential: ``<password>…</password>`` (Maven ``settings.xml``),
  ``<apiToken>…</apiToken>``, ``<client-secret>…</client-secret>``;
- a key attribute naming it, then the value as an attribute or as the element's text:
  ``<add key="ApiSecret" value="…"/>`` (.NET ``appSettings``), ``<property name="password"
  value="…"/>`` (Spring beans), ``<env name="API_TOKEN" value="…"/>`` (PHPUnit),
  ``<string name="api_key">…</string>`` (Android resources), ``<entry key="db.password">…</entry>``
  (Java properties as XML).

The key is judged as an assignment's key is (:func:`~annexa.detect.builtin.secrets_assign.
is_secret_key`) and the value as the matching assignment would judge it: a password-named key's
value as a password (:func:`~annexa.detect.builtin.secrets_assign.check_password`), any other
credential's by its randomness (:func:`~annexa.detect.builtin.entropy.check_value`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from annexa.detect.builtin.credentials import KEY_EXCLUDE as PASSWORD_KEY_EXCLUDE
from annexa.detect.builtin.entropy import check_value
from annexa.detect.builtin.secrets_assign import (
    check_password,
    is_secret_key,
    key_parts,
    rejected_value,
)
from annexa.detect.interface import Detector, Finding, ScanContext
from annexa.detect.pattern import Pattern
from annexa.detect.secrets_common import SecretDetector, key_before, token
from annexa.settings import ScanSettings

ORIGIN = (
    "W3C XML 1.0 (elements, attributes); Microsoft Learn: appSettings element; Spring "
    "Framework: XML bean properties; Android: string resources; java.util.Properties XML"
)
ELEMENT = "xml_credential_element"
ATTRIBUTE = "xml_credential_attribute"
_CREDENTIAL_WORDS = (
    "secret",
    "token",
    "key",
    "password",
    "passwd",
    "passphrase",
    "pwd",
    "credential",
    "auth",
)
_PASSWORD_KEY = re.compile(r"(?i)passw|passphrase|pwd|(?:^|[^a-z])pass(?:[^a-z]|$)")
# The element's text: one run without markup or spaces, blanks and line breaks around it.
_TEXT = r"[ \t\r\n]{0,40}+(?P<value>[^<>\s]{1,200})[ \t\r\n]{0,40}+</"
_RULES: tuple[Pattern, ...] = (
    token(
        ELEMENT,
        "xml",
        # Tried where a credential word occurs: the rest of the tag name, its attributes, ``>``,
        # the text, ``</``; the name's start and the closing tag are checked in code.
        rf"(?i:{'|'.join(_CREDENTIAL_WORDS)})(?P<rest>[\w.:-]{{0,40}}+)"
        rf"(?:[ \t][^<>\n]{{0,120}}+)?>{_TEXT}",
        _CREDENTIAL_WORDS,
        (
            "<server><id>repo</id><password>⟦{a:10}#{d:2}⟧</password></server>",
            "<apiToken>\n    ⟦{a:32}⟧\n</apiToken>",
            '<client-secret encrypted="false">⟦{u:12}{d:4}{l:8}⟧</client-secret>',
        ),
        (
            "<password>${env.NEXUS_PASSWORD}</password>",
            "<password>changeme</password>",
            "<tokenizer>{a:24}{d:4}</tokenizer>",
            "<apiToken>{a:32}</apiKey>",
            "<keyword>{a:20}{d:4}</keyword>",
            "<passwordPolicy>{a:10}#{d:2}</passwordPolicy>",
            "<p>token</p>",
        ),
        ORIGIN,
        score=0.7,
    ),
    token(
        ATTRIBUTE,
        "xml",
        r"(?i:key|name)[ \t]{0,2}=[ \t]{0,2}(?P<q>[\"'])(?P<key>[^\"'<>\n]{1,80})(?P=q)"
        r"(?:[ \t\r\n]{1,20}+(?i:value)[ \t]{0,2}=[ \t]{0,2}(?P<q2>[\"'])"
        r"(?P<attr>[^\"'<>\n]{1,200})(?P=q2)"
        rf"|[^<>\n]{{0,120}}+>{_TEXT})",
        ('key="', "key='", 'name="', "name='"),
        (
            '<add key="ApiSecret" value="⟦{a:32}⟧" />',
            '<property name="password" value="⟦{a:10}!{d:2}⟧"/>',
            '<env name="STRIPE_API_TOKEN" value="⟦{a:24}{d:4}⟧"/>',
            '<string name="maps_api_key" translatable="false">⟦{a:32}⟧</string>',
            "<entry key='db.password'>⟦{a:8}{d:4}⟧</entry>",
        ),
        (
            '<add key="ApiSecret" value="%API_SECRET%" />',
            '<property name="password" value="${db.password}"/>',
            '<input type="password" name="password" value="">',
            '<string name="password_hint">{L:8} {L:6}</string>',
            '<add key="TokenLifetime" value="{d:4}" />',
            '<meta name="csrf-token" content="{a:40}">',
            '<input name="csrf_token" value="{a:40}">',
            '<input type="hidden" name="authenticity_token" value="{a:24}-{a:20}">',
            '<add key="PasswordLength" value="{d:2}" />',
        ),
        ORIGIN,
        score=0.7,
    ),
)


def credential_value(key: str, value: str) -> bool:
    """Whether ``value``, written as the text or value of the credential ``key``, is one."""
    if not is_secret_key(key) or rejected_value(value):
        return False
    if _PASSWORD_KEY.search(key):
        return not key_parts(key) & PASSWORD_KEY_EXCLUDE and check_password(value, True)
    return check_value(key, value, True)


class MarkupCredentialDetector(SecretDetector):
    """Credentials in XML: elements named for one, key/value attribute pairs naming one."""

    name = "secrets_markup"
    origin = ORIGIN
    patterns = _RULES
    anchored: ClassVar[frozenset[str]] = frozenset({ELEMENT, ATTRIBUTE})
    anchor_needs: ClassVar[dict[str, tuple[tuple[str, ...], int]]] = {
        ELEMENT: (("</",), 300),
        ATTRIBUTE: (("value", ">"), 240),
    }
    windows: ClassVar[dict[str, tuple[int, int]]] = {ELEMENT: (40, 420), ATTRIBUTE: (0, 460)}

    def _matches(
        self, ctx: ScanContext, pattern: Pattern, rx: re.Pattern[str]
    ) -> Iterable[Finding]:
        text = ctx.text
        if pattern.name == ELEMENT and "</" not in text:
            return  # no closing tag anywhere: no element to read (one test, in C)
        for m in self._finditer(ctx, pattern, rx):
            if pattern.name == ELEMENT:
                prefix = key_before(text, m.start())
                name = text[m.start() - len(prefix) : m.end("rest")]
                opened = m.start() - len(prefix) - 1
                if opened < 0 or text[opened] != "<" or not text.startswith(name + ">", m.end()):
                    continue
                key, group = name, "value"
            else:
                key = m.group("key")
                group = "attr" if m.start("attr") >= 0 else "value"
            start, end = m.span(group)
            if credential_value(key, text[start:end]):
                yield Finding("SECRET", start, end, pattern.score, self.name, pattern.provider)


def detectors(settings: ScanSettings) -> list[Detector]:
    """The markup credential detector."""
    return [MarkupCredentialDetector()]
