"""Helpers for ``KEY = VALUE`` credentials: the separator and value grammar, and value checks.

Shared by :mod:`~annexa.detect.builtin.credentials` (password-named keys) and
:mod:`~annexa.detect.builtin.entropy` (secret-named keys). A value is rejected when it is a
stand-in (``<password>``, ``${VAR}``), a reference (``os.environ[...]``, ``settings.X``, a call),
a type or literal keyword (``str``, ``None``), an identifier or a sentence. This module has no
``detectors()``: the plugin loader skips it.
"""

from __future__ import annotations

import re

from annexa.detect.secrets_common import looks_like_placeholder

# ``KEY <sep> VALUE`` where VALUE is double-, single-, back-quoted or bare; the key is group
# ``key`` and the value whichever of ``dq``/``sq``/``bq``/``bare`` took part.
ASSIGN_NEEDS = (("=", ":", ">"), 48)  # what ASSIGN_SEP needs within reach of a key
# C and C++ arrays (``char secret[25] = "..."``) are taken only with a double-quoted string, the
# one C string literal. A declared string type between the name and ``=`` is part of the
# separator: Go's ``var apiToken string = "..."``, the annotations of TypeScript, Kotlin, Swift
# and Scala (``: string``, ``: String``), Python (``: str``, ``: Final[str]``) and Rust
# (``: &str``, ``: &'static str``). It comes first: ``password: str`` alone still reads ``str``
# as a (rejected) value, never as the start of a declaration.
_STRING_TYPE = (
    r"(?:&(?:'static[ \t]+)?str|str|string|String|SecretStr|Final(?:\[str\])?"
    r"|Optional\[str\]|\[\]byte)"
)
ASSIGN_SEP = (
    rf"(?:(?:[ \t]{{1,4}}+(?:string|\[\]byte)|[\"']?[ \t]{{0,4}}+:[ \t]{{0,4}}+{_STRING_TYPE})"
    r"[ \t]{0,4}+:?=[ \t]{0,16}+@?(?=[\"'`])"
    r"|\[\d{0,6}\][ \t]{0,16}+=[ \t]{0,16}+@?(?=\")"
    r"|[\"'\]]?[ \t]{0,16}+(?::{1,3}=|\.=|\?=|=>|->|!==?|===?|[:=])[ \t]{0,16}+@?)"
)
ASSIGN_VALUE = (
    r"(?:\"(?P<dq>[^\"\r\n]{1,200})\"|'(?P<sq>[^'\r\n]{1,200})'|`(?P<bq>[^`\r\n]{1,200})`"
    r"|(?P<bare>[^\s\"'`,;&]{1,200}))"
)
VALUE_GROUPS = ("dq", "sq", "bq", "bare")
_REFERENCE = re.compile(
    # a reference to a secret store rather than the secret: Annexa's own "file:", "vault:",
    # "kms:", 1Password's "op://", AWS "ssm:" and Secrets Manager ARNs, CloudFormation's
    # "{{resolve:...}}", vals' "ref+vault://"
    r"^(?:(?:file|vault|kms|op|ssm|sops|secretsmanager|keyvault|ref\+\w+):"
    r"|arn:aws:(?:secretsmanager|ssm):|\{\{resolve:"
    r"|\$\w+$|\$\(|%\w+%$|\{\w*\}$|\{[\w.]+(?:![rsa])?(?::[^{}]*)?\}|\w+\("
    r"|(?:os\.environ|process\.env|getenv|env|ENV|config|"
    r"settings|self|this|request|args|opts|options|params|secrets|vars)\b)"
)
_LITERALS = frozenset(
    (
        "password",
        "passwd",
        "pass",
        "pwd",
        "secret",
        "token",
        "none",
        "null",
        "nil",
        "undefined",
        "true",
        "false",
        "str",
        "string",
        "int",
        "bytes",
        "bool",
        "boolean",
        "optional",
        "required",
        "empty",
        "hidden",
        "masked",
        "todo",
        "tbd",
        "n/a",
        "na",
        "test",
    )
)


# An unquoted value that is code, not a literal: a subscript or a generic type
# (``password=auth[1]``, ``token = start_path[0]``, ``secret: Final[bytes]``,
# ``token: Optional[AttributeEventToken]``, ``t.Callable[[str], str]``)
_SUBSCRIPT = re.compile(r"[A-Za-z_][\w.]*\[")


def rejected_value(raw: str, quoted: bool = True) -> bool:
    """A raw assigned value that is a stand-in or a reference before any trimming; unquoted,
    also one that is an expression of code (a subscript, a generic type)."""
    if not quoted and (_SUBSCRIPT.match(raw) or _CODE_START.match(raw)):
        return True
    return looks_like_placeholder(raw) or is_reference(raw)


# Unquoted, a tuple, list or dict ("(__spec__.parent, '.types')") or a literal keyword before
# code's punctuation ("False)}"): code, not a credential.
_CODE_START = re.compile(r"[(\[{]|(?i:true|false|none|null|nil)\b")


def value_span(m: re.Match[str]) -> tuple[int, int, bool]:
    """Span of the assignment's value and whether it was quoted."""
    for name in VALUE_GROUPS:
        start, end = m.span(name)
        if start >= 0:
            return start, end, name != "bare"
    return -1, -1, False


def is_reference(value: str) -> bool:
    """A variable, environment lookup, call or literal keyword rather than a credential."""
    v = value.strip()
    if v.lower() in _LITERALS or _REFERENCE.match(v):
        return True
    if re.match(r"[\w.]+\(", v):
        return True
    # an attribute path ("settings.api_token", "os.environ.TOKEN"), unless a part of it is a
    # random run ("kP3dX9aQw2ZrT7vLm4Bn.Hf8Jq2Lx6Vz1Nc3Rt5Y": a token with a dot in it)
    dotted = re.fullmatch(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+", v) is not None
    return dotted and not any(_random_part(part) for part in v.split("."))


def _random_part(part: str) -> bool:
    """Sixteen characters or more, with three digits, three capitals and three small letters
    at least, a digit before the last letter: generated, not an identifier ("StripeApiKey2024",
    "api_token_v2" are names)."""
    if len(part) < 16:
        return False
    digits = sum(c.isdigit() for c in part)
    upper = sum(c.isupper() for c in part)
    lower = sum(c.islower() for c in part)
    if digits < 3 or upper < 3 or lower < 3:
        return False
    last_letter = max(i for i, c in enumerate(part) if c.isalpha())
    return any(c.isdigit() for c in part[:last_letter])


_SYMBOL_OR_DIGIT = re.compile(r"[\d!@#$%^&*()+=\[\]{}|\\:;<>?/~,]")
_FORMAT_STRING = re.compile(r"\{\d?\}|^\{\w+\}$|%\(\w+\)[sd]|^%[sd]$")
_IDENTIFIER = re.compile(r"[a-z]+(?:_[a-z]+)+|[A-Z]+(?:_[A-Z]+)+")


def check_password(value: str, quoted: bool) -> bool:
    """Whether an assigned value is a plausible password rather than a look-alike.

    Quoted values need 4+ characters, a letter or digit, fewer than five spaces (not a
    sentence) and no format placeholders; unquoted ones 6+ characters and a digit or a symbol.
    """
    v = value.strip()
    if len(v) < (4 if quoted else 6) or looks_like_placeholder(v) or is_reference(v):
        return False
    if re.search(r"[A-Za-z0-9]", v) is None or _IDENTIFIER.fullmatch(v):
        return False
    if quoted:
        return v.count(" ") < 5 and _FORMAT_STRING.search(v) is None
    return _SYMBOL_OR_DIGIT.search(v) is not None


def key_words(key: str) -> list[str]:
    """Lower-case words of an identifier, in order: ``dbPasswordHash`` -> [db, password, hash]."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", key)
    return [w for w in re.split(r"[^A-Za-z0-9]+", spaced.lower()) if w]


_KEY_OWNERS = frozenset(
    (
        "api",
        "access",
        "private",
        "signing",
        "encryption",
        "master",
        "app",
        "session",
        "auth",
        "secret",
        "client",
        "license",
        "service",
        # what signs or encrypts with it: a JWT's, an HMAC's, an AES key, a cookie's, a
        # webhook's signing key ("JWT_KEY", "hmacKey", "Jwt__Key")
        "jwt",
        "jws",
        "jwe",
        "hmac",
        "aes",
        "cipher",
        "crypto",
        "webhook",
        "cookie",
        "csrf",
        # the suppliers whose key it is ("STRIPE_KEY", "openai_key")
        "stripe",
        "openai",
        "anthropic",
        "cohere",
        "huggingface",
        "sendgrid",
        "twilio",
        "slack",
        "shopify",
        "datadog",
        "mailgun",
    )
)
_NOT_AUTH = frozenset({"author", "authors", "authority", "authored"})


def is_secret_key(key: str) -> bool:
    """Whether a key name says its value is a credential (``client_secret``, ``apiKey``...)."""
    words = key_words(key)
    for i, w in enumerate(words):
        if any(s in w for s in ("secret", "token", "credential", "passphrase", "passw", "pwd")):
            return True
        if w.startswith("auth") and w not in _NOT_AUTH:
            return True
        if w.endswith("key") and (w[:-3] in _KEY_OWNERS or (i and words[i - 1] in _KEY_OWNERS)):
            return True
    return any(w in {"pass", "pw"} for w in words)


def key_parts(key: str) -> set[str]:
    """The set of :func:`key_words`."""
    return set(key_words(key))


# A JSON object's member name right before its "{": the object a bare "Key" belongs to
_JSON_OWNER = re.compile(r"[\"']([A-Za-z][A-Za-z0-9_.-]{0,40})[\"'][ \t]*:[ \t]*$")
# A YAML mapping's key alone on its line, a TOML table's header: what the lines under it belong to
_YAML_OWNER = re.compile(r"([ \t]*)(?:- )?([A-Za-z][A-Za-z0-9_.-]{0,40})[ \t]*:[ \t]*(?:#.*)?")
_TOML_TABLE = re.compile(r"[ \t]*\[+([A-Za-z0-9_.\-\"' ]{1,60})\]+[ \t]*(?:#.*)?")
_OWNER_REACH = 400  # characters looked back for the owner
_OWNER_LINES = 12


def owner_key(text: str, pos: int) -> str | None:
    """The name of what the key at ``pos`` belongs to: the JSON object's member name
    (``"Jwt": { "Key": …``), the YAML mapping's key above it (``jwt:`` / ``  key: …``) or the
    TOML table's (``[jwt]`` / ``key = …``); ``None`` when none is near."""
    lo = max(0, pos - _OWNER_REACH)
    brace = text.rfind("{", lo, pos)
    if brace >= 0 and text.rfind("}", brace, pos) < 0:
        owner = _JSON_OWNER.search(text, lo, brace)
        if owner is not None:
            return owner.group(1)
    line_start = text.rfind("\n", lo, pos) + 1
    indent = len(text[line_start:pos]) - len(text[line_start:pos].lstrip(" \t"))
    end = line_start - 1
    for _ in range(_OWNER_LINES):
        if end <= lo:
            return None
        start = text.rfind("\n", lo, end) + 1
        line = text[start:end]
        table = _TOML_TABLE.fullmatch(line)
        if table is not None:
            return table.group(1).strip("\"' ").rsplit(".", 1)[-1]
        yaml = _YAML_OWNER.fullmatch(line)
        if yaml is not None and len(yaml.group(1)) < indent:
            return yaml.group(2)
        if line.strip() and len(line) - len(line.lstrip(" \t")) < indent:
            return None  # a line above at a lower level that owns no mapping
        end = start - 1
    return None
