"""Credentials said in words, passed on a command line, or set by a call.

What people paste into a chat is seldom a config file. The same secrets come as:

- a sentence: "my API token is …", "the password for the VPN is …", "use password …";
- a command-line option: ``--api-token …``, ``--password …`` (with a space, not ``=``, which the
  assignment rules read already), ``sshpass -p …``, ``mysql -p…``, ``redis-cli -a …``;
- a name and its value separated by blanks: Dockerfile ``ENV API_TOKEN …``, fish ``set -x
  API_TOKEN …``, Windows ``setx API_TOKEN …``, a ``.netrc`` line (``machine … login …
  password …``);
- a setter: ``.setApiKey("…")``, ``client.password("…")``, ``withToken("…")``.

The name must say it is a credential (:func:`~annexa.detect.builtin.secrets_assign.
is_secret_key`) and the value must look like one: a password-named one as a password with, in a
sentence, a digit or mixed case and a symbol ("the password is case-sensitive" says nothing);
any other by its randomness (:func:`~annexa.detect.builtin.entropy.is_high_entropy`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from annexa.detect.builtin._bytes import BytePassDetector, Spans, char_span
from annexa.detect.builtin._regions import CharOffsets
from annexa.detect.builtin.credentials import KEY_EXCLUDE as PASSWORD_KEY_EXCLUDE
from annexa.detect.builtin.entropy import check_value, is_high_entropy
from annexa.detect.builtin.secrets_assign import (
    check_password,
    is_secret_key,
    key_parts,
    rejected_value,
)
from annexa.detect.interface import Detector, Finding
from annexa.settings import ScanSettings

SCORE = 0.7
_ORIGIN = "OWASP ASVS V2/V6 (credentials in clear text); POSIX utility argument syntax; netrc(5)"

_PASSWORD_WORD = re.compile(r"(?i)passw|passphrase|passcode|pwd|(?:^|[^a-z])pass(?:[^a-z]|$)")
_CREDENTIAL = r"(?i:password|passwd|passphrase|passcode|token|key|secret)"
# "is", "was", "'s", "would be", "is set to", "has been changed to", ...
_SAYS = (
    r"(?i:is|was|'s|’s|would[ \t]be|will[ \t]be|should[ \t]be|(?:is[ \t]|was[ \t])?set[ \t]to"
    r"|(?:has[ \t]been[ \t]|was[ \t])?(?:changed|reset|updated)[ \t]to|remains|reads)"
)
_TRAILING = ".,;:)]}?\"'"


def _value(bare: str = r"[^\s\"'`]+") -> str:
    """A value: double-, single- or back-quoted, or bare (groups 1-4); unquoted it runs to the
    next blank, since "&" and ";" may be part of a password said in a sentence (trailing
    punctuation is cut in code)."""
    return rf"(?:\"([^\"\r\n]+)\"|'([^'\r\n]+)'|`([^`\r\n]+)`|({bare}))"


# A bare value said in a sentence holds a digit or a symbol, or is a long run of letters (a
# token): "the token is expired" ends the match, never reaches Python.
_SAID_BARE = r"[^\s\"'`]*[^\sA-Za-z\"'`][^\s\"'`]*|[A-Za-z]{30,}"

SAID, USE, OPTION, BLANK, SETTER, TOOL, NETRC = range(7)
# One RE2 expression, one branch per shape, each a group of its own; a branch's own groups
# follow it. Case-insensitive where the words may be written either way; BLANK's name is
# upper case, as environment variables are. No counted repetition where a plain one will do:
# RE2's DFA for the whole expression stays small (a counted run is that many states), and
# lengths are checked in code (MAX_VALUE).
_BRANCHES: tuple[tuple[int, str], ...] = (
    # the credential word (group +1), up to six more words ("for the admin account"), what the
    # sentence says it is, the value (+2..+5)
    (
        SAID,
        rf"({_CREDENTIAL}s?)(?:[ \t]+\S+){{0,6}}?[ \t]+{_SAYS}[ \t]+"
        rf"(?:(?i:now|still|just|simply)[ \t]+)?{_value(_SAID_BARE)}",
    ),
    # "use / with / try [the] [Stripe] password VALUE": the words before the value (+1)
    (
        USE,
        r"\b((?i:use|using|with|try)[ \t]+(?:(?i:the|my|our|this)[ \t]+)?"
        r"(?:[\w-]+[ \t]+)?(?i:password|passphrase|token|api[ _-]?key|secret))"
        rf"[ \t]+{_value(_SAID_BARE)}",
    ),
    # "--api-token VALUE": the option's name (+1), a blank, the value
    (
        OPTION,
        rf"(?:^|[\s\"'])--([\w-]*{_CREDENTIAL}[\w-]*)[ \t]+{_value()}",
    ),
    # "ENV API_TOKEN VALUE", "set -x API_TOKEN VALUE": the upper-case name (+1), blanks
    (
        BLANK,
        r"(?:^|[\s\"'])([A-Z0-9_]*(?:TOKEN|SECRET|PASSWORD|PASSWD|APIKEY|API_KEY|ACCESS_KEY"
        rf"|AUTH)[A-Z0-9_]*)[ \t]+{_value()}",
    ),
    # ".setApiKey("VALUE")": the method's name (+1), a string literal as first argument (+2, +3)
    (
        SETTER,
        r"\b([A-Za-z0-9_]*(?i:password|passwd|passphrase|token|key|secret|credentials?)"
        r"[A-Za-z0-9_]*)\([ \t]*(?:\"([^\"\r\n]{4,})\"|'([^'\r\n]{4,})')[ \t]*[,)]",
    ),
    # a tool's password option: the value (+1)
    (
        TOOL,
        r"(?:\bsshpass[ \t](?:[^\n|;&]*?[ \t])?-p[ \t]*"
        r"|\bredis-cli[ \t](?:[^\n|;&]*?[ \t])?-a[ \t]+"
        r"|\b(?:mysql|mysqldump|mysqladmin|mariadb)[ \t](?:[^\n|;&]*?[ \t])?-p)"
        r"[\"']?([^\s\"'-][^\s\"']{2,})",
    ),
    # netrc: "login NAME password VALUE" (+1)
    (
        NETRC,
        r"\b(?:login|user(?:name)?)[ \t]+\S+[ \t\r\n]+password[ \t]+(\S{3,})",
    ),
)
MAX_VALUE = 200  # characters: longer is no credential said, typed or passed


def _layout() -> tuple[str, tuple[tuple[int, int], ...]]:
    """The whole expression, and per branch its kind and the number of its group."""
    parts, groups, at = [], [], 1
    for kind, expression in _BRANCHES:
        inner = re.compile(expression.replace(r"\p{", "p{")).groups  # the same group count
        parts.append(f"({expression})")
        groups.append((kind, at))
        at += 1 + inner
    return "|".join(parts), tuple(groups)


EXPRESSION, _GROUPS = _layout()


def _trim(value: str, quoted: bool) -> str:
    """An unquoted value without the punctuation a sentence or a call puts after it."""
    return value if quoted else value.rstrip(_TRAILING)


def said_password(value: str, quoted: bool) -> bool:
    """A password said in a sentence: as in an assignment, and with a digit, or with upper and
    lower case letters and a symbol (words joined by hyphens are prose)."""
    if not check_password(value, quoted):
        return False
    if any(c.isdigit() for c in value):
        return any(c.isalpha() for c in value) or len(value) >= 6
    has_symbol = any(not c.isalnum() for c in value.replace("-", "").replace("'", ""))
    return has_symbol and not value.islower() and not value.isupper()


def credential(key: str, value: str, quoted: bool, said: bool = False) -> bool:
    """Whether ``value`` is a credential of the kind ``key`` names."""
    if not is_secret_key(key) or rejected_value(value):
        return False
    if _PASSWORD_WORD.search(key):
        if key_parts(key) & PASSWORD_KEY_EXCLUDE:
            return False
        return said_password(value, quoted) if said else check_password(value, quoted)
    if said:
        return is_high_entropy(value) and check_value(key, value, quoted)
    return check_value(key, value, quoted)


def tool_password(value: str) -> bool:
    """A password given to a tool's password option: no variable, no stand-in."""
    return not rejected_value(value) and check_password(value, True)


def netrc_password(value: str) -> bool:
    """A ``.netrc`` password, read as an unquoted one (a digit or a symbol: no prose word)."""
    return not rejected_value(value) and check_password(value, False)


_VERB = re.compile(r"^(?:set|with|use|put|add)(?=[A-Z_])")
_GETTER = re.compile(r"(?i)(?:get|has|is|find|load|read|fetch|lookup|remove|delete)")
_OWNER = re.compile(r"([A-Za-z]+)[ \t]{1,3}$")


def _said_key(text: str, start: int, end: int) -> str:
    """The credential word of a sentence with the word before it, which may own it ("API
    token", "Stripe secret")."""
    word = _OWNER.search(text, max(0, start - 24), start)
    return (word.group(1) + " " if word is not None else "") + text[start:end]


def _setter_key(text: str, start: int, end: int) -> str | None:
    """A setter's credential name without its verb; ``None`` for a getter or a lookup."""
    method = _VERB.sub("", text[start:end])
    return None if _GETTER.match(method) else method


class PhraseCredentialDetector(BytePassDetector):
    """Credentials in sentences, command-line options, blank-separated pairs and setters."""

    name = "secrets_phrases"
    entities = ("SECRET",)
    origin = _ORIGIN
    keywords = (
        "password",
        "passwd",
        "passphrase",
        "passcode",
        "token",
        "key",
        "secret",
        "auth",
        "credential",
        "sshpass",
        "redis-cli",
        "mysql",
        "mariadb",
    )
    expression = EXPRESSION

    def found(
        self, text: str, chars: CharOffsets | None, matches: Iterator[Spans]
    ) -> Iterator[Finding]:
        for spans in matches:
            kind, at = next((kind, at) for kind, at in _GROUPS if spans[at][0] >= 0)
            found = self._read(text, chars, spans, kind, at)
            if found is not None:
                start, end, provider = found
                yield Finding("SECRET", start, end, SCORE, self.name, provider)

    @staticmethod
    def _read(
        text: str, chars: CharOffsets | None, spans: Spans, kind: int, at: int
    ) -> tuple[int, int, str] | None:
        """The value's span and provider for one match of branch ``kind`` (groups from
        ``at``), or ``None`` when its name or value is no credential's."""
        if kind in (TOOL, NETRC):
            start, end = char_span(chars, spans[at + 1])
            value = text[start:end]
            if len(value) > MAX_VALUE:
                return None
            ok = tool_password(value) if kind == TOOL else netrc_password(value)
            return (start, end, "password") if ok else None
        name_start, name_end = char_span(chars, spans[at + 1])
        values = spans[at + 2 : at + 6] if kind != SETTER else spans[at + 2 : at + 4]
        index, span = next((i, s) for i, s in enumerate(values) if s[0] >= 0)
        quoted = kind == SETTER or index < 3
        start, end = char_span(chars, span)
        value = _trim(text[start:end], quoted)
        if not value or len(value) > MAX_VALUE or name_end - name_start > 60:
            return None
        if kind == SAID:
            key: str | None = _said_key(text, name_start, name_end)
        elif kind == USE:
            key = " ".join(text[name_start:name_end].split()[-2:])
        elif kind == SETTER:
            key = _setter_key(text, name_start, name_end)
        else:
            key = text[name_start:name_end]
        if key is None or not credential(key, value, quoted, said=kind in (SAID, USE)):
            return None
        provider = "password" if _PASSWORD_WORD.search(key) else "generic"
        return start, start + len(value), provider


def detectors(settings: ScanSettings) -> list[Detector]:
    """The phrase, option and setter credential detector."""
    return [PhraseCredentialDetector()]
