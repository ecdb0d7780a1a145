"""Credentials outside ``KEY = VALUE``: said in words, passed on a command line, set by a call,
written in XML, carried in a cookie.

What people paste into a chat is seldom a config file. The same secrets come as:

- a sentence: "my API token is …", "the password for the VPN is …", "use password …", in the
  languages of the context words too ("das Passwort lautet …", "le mot de passe est …", "la
  contraseña es …", "het wachtwoord is …");
- a question and its answer on a later line, as a chat or a thread pasted for a summary holds
  them: "what's the wifi password?" … "it's …";
- a label and its value, as a chat message or a ticket writes them: "API key: …", "access
  token …", "VPN password - …", "pwd …", "secret …" (a credential word owned by the word before
  it, or one word of its own), whose it is said before the colon ("AWS secret key for the
  deploy user: …");
- a user name and a password said together: "credentials: admin / …", "login - root:…";
- a command-line option: ``--api-token …``, ``--password …`` (with a space, not ``=``, which the
  assignment rules read already), ``sshpass -p …``, ``mysql -p…``, ``redis-cli -a …``,
  ``docker login -u … -p …``, ``az login -u … -p …``, ``ldapsearch -w …``, ``net use … /user:…
  …``, ``cmdkey /pass:…``, ``xfreerdp /p:…``, ``psexec -p …``, ``sqlcmd -P …``, ``smbclient -U
  user%…``, ``lftp -u user,…``, ``zip -P …``, ``7z -p…``, ``openssl … -passin pass:…``,
  ``keytool -storepass …``, ``htpasswd -b file user …``, ``rabbitmqctl add_user user …``,
  ``ipmitool -P …``, ``mongosh -p …``, ``openssl enc -k …``, ``unrar -p…``,
  ``wpa_passphrase SSID …``, and a password echoed into ``passwd --stdin`` or ``chpasswd``;
- a name and its value separated by blanks: Dockerfile ``ENV API_TOKEN …``, fish ``set -x
  API_TOKEN …``, Windows ``setx API_TOKEN …``, a ``.netrc`` line (``machine … login …
  password …``);
- a PostgreSQL password file's line (``.pgpass``: ``host:port:database:user:password``), on
  PostgreSQL's port or where the text names the file;
- a setter: ``.setApiKey("…")``, ``client.password("…")``, ``withToken("…")``; a call given
  the credential's name and its value: PHP ``define('DB_PASSWORD', '…')``, ``os.getenv(
  "API_TOKEN", "…")`` (a fallback in code is a credential in code), ``localStorage.setItem(
  "token", "…")``, ``os.Setenv(…)``, ``props.setProperty("password", "…")``;
- a name and a value given as a pair: a Kubernetes container's ``env`` (``- name: API_KEY`` /
  ``value: …``), an ECS task's or an Azure app's ``{"name": …, "value": …}``, a CLI's ``--name
  … --value …`` (``aws ssm put-parameter``, ``az keyvault secret set``), ``gh secret set NAME
  --body …``; a Terraform variable whose default is the credential (``variable "db_password"
  { default = "…" }``); PowerShell's ``ConvertTo-SecureString "…" -AsPlainText``;
- a Go SQL driver's data source name (``user:…@tcp(host:3306)/db``) and an Oracle client's
  logon (``sqlplus scott/…@orcl``);
- a network device's configuration (Cisco IOS and its kin): ``username … secret 0 …``,
  ``enable secret 5 $1$…`` (type 7 is reversible and types 5, 8 and 9 are hashes to crack
  offline: each is the credential), ``snmp-server community … RO``, a TACACS+ or RADIUS key,
  an IKE pre-shared key, a WPA passphrase;
- a user name and a password passed together, the password second: ``HTTPBasicAuth("…",
  "…")``, ``auth=("…", "…")``, ``NetworkCredential("…", "…")``, ``BasicAWSCredentials(…)``;
- a session cookie in a ``Cookie`` or ``Set-Cookie`` header (``PHPSESSID``, ``sessionid``,
  ``connect.sid``, ``remember_token``...), when its value is random enough to be one;
- XML: an element whose tag names a credential (``<password>…</password>`` in Maven's
  ``settings.xml``, ``<apiToken>…</apiToken>``), or a key attribute naming one with the value as
  an attribute or as the element's text (.NET ``<add key="ApiSecret" value="…"/>``, Spring
  ``<property name="password" value="…"/>``, PHPUnit ``<env name="API_TOKEN" value="…"/>``,
  Android ``<string name="api_key">…</string>``, ``<entry key="db.password">…</entry>``).

The name must say it is a credential (:func:`~annexa.detect.builtin.secrets_assign.
is_secret_key`) and the value must look like one: a password-named one as a password with, in a
sentence, a digit or mixed case and a symbol ("the password is case-sensitive" says nothing);
any other by its randomness (:func:`~annexa.detect.builtin.entropy.is_high_entropy`).

All of it is one RE2 pass over the text's bytes, one branch per shape: most texts that hold a
credential word hold none of these shapes, and the pass costs what one scan of their bytes does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from itertools import pairwise

from annexa.detect.builtin._bytes import UNANCHORED, BytePassDetector, Spans, char_span
from annexa.detect.builtin._regions import CharOffsets
from annexa.detect.builtin.credentials import KEY_EXCLUDE as PASSWORD_KEY_EXCLUDE
from annexa.detect.builtin.entropy import check_value, is_high_entropy
from annexa.detect.builtin.secrets_assign import (
    check_password,
    is_secret_key,
    key_parts,
    rejected_value,
)
from annexa.detect.interface import Detector, Finding, ScanContext
from annexa.settings import ScanSettings

SCORE = 0.7
_ORIGIN = (
    "OWASP ASVS V2/V6 (credentials in clear text); POSIX utility argument syntax; netrc(5); "
    "W3C XML 1.0; Microsoft Learn: appSettings; Spring: XML bean properties; Android: string "
    "resources"
)

# A password's word in the other languages of the context words (German, French, Spanish,
# Italian, Dutch; Italian says "password"): :func:`credential` judges such a key as "password"
_FOREIGN_WORDS = r"passwort|kennwort|mot[ \t]+de[ \t]+passe|contrase(?:ñ|n)a|wachtwoord"
_FOREIGN = re.compile(_FOREIGN_WORDS, re.IGNORECASE)
_PASSWORD_WORD = re.compile(
    rf"(?i)passw|passphrase|passcode|pwd|(?:^|[^a-z])pass(?:[^a-z]|$)|{_FOREIGN_WORDS}"
)
_CREDENTIAL = r"(?i:password|passwd|passphrase|passcode|token|key|secret)"
_SAID_CREDENTIAL = rf"(?i:password|passwd|passphrase|passcode|token|key|secret|{_FOREIGN_WORDS})"
# "is", "was", "'s", "would be", "is set to", "has been changed to", ...
_SAYS = (
    r"(?i:is|was|'s|’s|would[ \t]be|will[ \t]be|should[ \t]be|(?:is[ \t]|was[ \t])?set[ \t]to"
    r"|(?:has[ \t]been[ \t]|was[ \t])?(?:changed|reset|updated)[ \t]to|remains|reads"
    # German, French, Spanish, Italian, Dutch ("is" is English's)
    r"|ist|lautet|war|est|était|es|era|è|e')"
)
_TRAILING = ".,;:)]}?\"'`"


def _value(bare: str = r"[^\s\"'`]+") -> str:
    """A value: double-, single- or back-quoted, or bare (groups 1-4); unquoted it runs to the
    next blank, since "&" and ";" may be part of a password said in a sentence (trailing
    punctuation is cut in code)."""
    return rf"(?:\"([^\"\r\n]+)\"|'([^'\r\n]+)'|`([^`\r\n]+)`|({bare}))"


# A bare value said in a sentence holds a digit or a symbol, or is a long run of letters (a
# token): "the token is expired" ends the match, never reaches Python.
_SAID_BARE = r"[^\s\"'`]*[^\sA-Za-z\"'`][^\s\"'`]*|[A-Za-z]{30,}"
# The same after a label, but not a question mark that ends the label's question ("mot de passe
# ?" in French typography): that match would hide the answer on the next line (ANSWER)
_LABEL_BARE = (
    r"[^\s\"'`?][^\s\"'`]*[^\sA-Za-z\"'`][^\s\"'`]*|[^\sA-Za-z\"'`?][^\s\"'`]*|[A-Za-z]{30,}"
)

(SAID, USE, OPTION, BLANK, SETTER, TOOL, NETRC, ELEMENT, ATTRIBUTE, PAIR, COOKIE, LABEL, LOGIN,
 PIN, PGPASS, CALL, NAMED, VARIABLE, SECURE_STRING, DSN, ORACLE, DEVICE,
 ANSWER, PIPED) = range(24)  # fmt: skip
# Words that own a credential word in a label of two ("API key", "access token", "VPN password")
_LABEL_OWNERS = (
    r"api|access|auth|app|client|secret|private|personal|refresh|bearer|service|account|admin"
    r"|root|db|database|master|wifi|wi-fi|vpn|ssh|ftp|smtp|login|user|bot|webhook|signing"
)
# Calls and classes that take a user name and a password, the password second: requests'
# HTTPBasicAuth and auth=(user, pw), aiohttp's BasicAuth, .NET's NetworkCredential, Apache
# HttpClient's UsernamePasswordCredentials, Java's PasswordAuthentication, the AWS SDK's
# BasicAWSCredentials (key id, secret), Elasticsearch's basic_auth, setBasicAuth(...)
_PAIR_CALLS = (
    r"HTTPBasicAuth|HTTPDigestAuth|HTTPProxyAuth|BasicAuth|DigestAuth|NetworkCredential"
    r"|UsernamePasswordCredentials?|PasswordAuthentication|BasicAWSCredentials|basic_auth"
    r"|http_auth|setBasicAuth|withBasicAuth|basicAuth|auth"
)
# One RE2 expression, one branch per shape, each a group of its own; a branch's own groups
# follow it. Case-insensitive where the words may be written either way; BLANK's name is
# upper case, as environment variables are. No counted repetition where a plain one will do:
# RE2's DFA for the whole expression stays small (a counted run is that many states), and
# lengths are checked in code (MAX_VALUE).
# The credential scope after a signed request's key id (AWS Signature Version 4: "Credential=
# AKIA…/20261207/eu-west-1/s3/aws4_request", in a header or a presigned URL, slashes perhaps
# URL-encoded; Google Cloud Storage's V4 signing: ".../20261207/auto/storage/goog4_request"):
# a date and a region (the rest may be cut off in a decoded view), no password. The signature
# beside it is ``secrets_cloud``'s.
_SIGNING_SCOPE = re.compile(
    r"\d{8}(?:/|%2F)(?:[a-z]{2}(?:-[a-z]+)+-\d+|auto)(?:/|%2F|$)", re.IGNORECASE
)
_BRANCHES: tuple[tuple[int, str], ...] = (
    # the credential word (group +1), up to six more words ("for the admin account"), what the
    # sentence says it is, the value (+2..+5)
    (
        SAID,
        rf"({_SAID_CREDENTIAL}s?)(?:[ \t]+\S+){{0,6}}?[ \t]+{_SAYS}:?[ \t]+"
        rf"(?:(?i:now|still|just|simply)[ \t]+)?{_value(_SAID_BARE)}",
    ),
    # "use / with / try [the] [Stripe] password VALUE": the words before the value (+1)
    (
        USE,
        r"\b((?i:use|using|with|try)[ \t]+(?:(?i:the|my|our|this)[ \t]+)?"
        r"(?:[\w-]+[ \t]+)?(?i:password|passphrase|token|api[ _-]?key|secret))"
        rf"[ \t]+{_value(_SAID_BARE)}",
    ),
    # "API key: VALUE", "access token VALUE", "VPN password - VALUE", "pwd VALUE": a label (+1),
    # two words ("API key") or a password's word, then a colon, a blank or a dash between
    # blanks ("PRIVATE KEY-----" and "return password;" are none), the value (+2..+5), as a
    # chat message or a ticket writes it
    # A label may say whose it is before its colon ("AWS secret key for the deploy user:"); a
    # single "secret" or "token" is a label too (the value must then be random: "secret
    # sauce" is none).
    (
        LABEL,
        rf"\b((?i:(?:{_LABEL_OWNERS})[ \t]+(?:key|token|secret|password|passphrase)"
        rf"|password|passphrase|passcode|pwd|secret|token|api[_-]?key|{_FOREIGN_WORDS}))"
        r"(?:[ \t]+(?i:for|of|on|to|in)(?:[ \t]+[^\s:]+)+[ \t]*:[ \t]*|[ \t]*[:=][ \t]*"
        r"|[ \t]+(?:[\-–—][ \t]+)?)"
        rf"{_value(_LABEL_BARE)}",
    ),
    # "credentials: admin / Zq8!vN3#pL", "login - root:toor": a user name (+1) and, after a
    # slash, colon or bar, the password (+2), after a word for both
    (
        LOGIN,
        r"\b(?i:credentials?|creds|login|user(?:name)?[ \t]*(?:/|and|&)[ \t]*pass(?:word)?)"
        r"(?:[ \t]*(?:[:=]|[\-–—])|[ \t]+(?i:is|are|was|were))[ \t]*([^\s/:|\"'`]+)[ \t]*[/:|]"
        r"[ \t]*([^\s\"'`]+)",
    ),
    # "The PIN for the door is 4829", "PIN: 482913", "Pin-Code lautet 4829": a card's, a
    # phone's or a door's personal identification number (+1), four to eight digits; "PIN" in
    # capitals alone (a microcontroller's "pin 13" is none), "PIN code" in any case
    (
        PIN,
        r"\b(?:PIN|Pin|(?i:pin[ \t-]?(?:code|number|nummer)|geheimzahl|code[ \t]+pin))"
        r"(?:[ \t]+(?i:for|of|to|on|f(?:ü|ue)r|von|de|del|della|du|van)(?:[ \t]+[^\s:\d]+){1,4}?)?"
        r"(?:[ \t]*[:=]|[ \t]+(?i:is|was|ist|lautet|war|es|est|è|e|era|était|fue))[ \t]*"
        r"([0-9]{4,8})(?:[^0-9A-Za-z]|$)",
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
    # a user name and a password passed together, the password second (+1, +2);
    # before SETTER, which would read NetworkCredential("admin_user", ...)'s user name
    (
        PAIR,
        rf"\b(?:{_PAIR_CALLS})[ \t]*[=(:][ \t]*[(\[]?[ \t]*(?:\"[^\"\r\n]+\"|'[^'\r\n]+')[ \t]*,"
        r"[ \t]*(?:\"([^\"\r\n]+)\"|'([^'\r\n]+)')",
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
        r"|\b(?:mysql|mysqldump|mysqladmin|mariadb)[ \t](?:[^\n|;&]*?[ \t])?-p"
        r"|\b(?:docker|podman|buildah|skopeo|nerdctl|oras|helm[ \t]+registry|az)[ \t]+login[ \t]"
        r"(?:[^\n|;&]*?[ \t])?-p[ \t]+"
        # OpenLDAP's clients: -w (bind password)
        r"|\bldap(?:search|modify|add|delete|passwd|whoami|compare|modrdn|exop)[ \t]"
        r"(?:[^\n|;&]*?[ \t])?-w[ \t]+"
        # Windows: net use's password after /user:NAME, cmdkey's /pass:, FreeRDP's /p:,
        # PsExec's -p
        r"|\b(?i:net)[ \t]+(?i:use)[ \t][^\n|;&]*?/(?i:user):[^\s]+[ \t]+"
        r"|\b(?i:cmdkey)[ \t][^\n|;&]*?/(?i:pass):"
        r"|\b[wx]freerdp[ \t][^\n|;&]*?/p:"
        r"|\b(?i:psexec)(?:64)?(?:\.exe)?[ \t][^\n|;&]*?-p[ \t]+"
        # SQL Server's sqlcmd and bcp, IPMI: -P; zip and unzip: -P; 7-Zip: -p glued
        r"|\b(?:sqlcmd|bcp|ipmitool)[ \t](?:[^\n|;&]*?[ \t])?-P[ \t]*"
        r"|\b(?:zip|unzip)[ \t]+(?:-[^\n|;&]*?[ \t])?-P[ \t]*"
        r"|\b7za?[ \t](?:[^\n|;&]*?[ \t])?-p"
        # MongoDB's shells and tools: -p VALUE
        r"|\bmongo(?:sh|dump|restore|import|export)?[ \t](?:[^\n|;&]*?[ \t])?-p[ \t]+"
        # smbclient -U user%password, lftp -u user,password
        r"|\bsmbclient[ \t](?:[^\n|;&]*?[ \t])?-U[ \t]*[^\s%\"']+%"
        r"|\blftp[ \t](?:[^\n|;&]*?[ \t])?-u[ \t]+[^\s,\"']+,"
        # OpenSSL's pass phrase arguments, Java's keytool
        r"|\bopenssl[ \t][^\n|;&]*?-pass(?:in|out)?[ \t]+pass:"
        r"|\bopenssl[ \t]+enc[ \t][^\n|;&]*?-k[ \t]+"
        # RAR's -p glued, a Wi-Fi passphrase for wpa_supplicant, a here-string for chpasswd
        r"|\bun?rar[ \t](?:[^\n|;&]*?[ \t])?-p"
        r"|\bwpa_passphrase[ \t]+(?:\"[^\"\n]*\"|\S+)[ \t]+"
        r"|\bchpasswd[ \t]*<<<[ \t]*[\"']?[A-Za-z0-9._-]+:"
        r"|\bkeytool[ \t][^\n|;&]*?-(?:src|dest|new)?(?:store|key)pass[ \t]+"
        # htpasswd -b FILE USER PASSWORD, rabbitmqctl add_user USER PASSWORD
        r"|\bhtpasswd[ \t]+(?:-[A-Za-z]+[ \t]+)*?-[A-Za-z]*b[A-Za-z]*[ \t]+\S+[ \t]+\S+[ \t]+"
        r"|\brabbitmqctl[ \t]+(?:add_user|change_password)[ \t]+\S+[ \t]+)"
        r"[\"']?([^\s\"'/-][^\s\"']{2,})",
    ),
    # a Cookie or Set-Cookie header's pairs (+1), read in code
    (
        COOKIE,
        r"\b(?i:set-cookie|cookie)[ \t]*:[ \t]*([^\r\n\"'`]+)",
    ),
    # a PostgreSQL password file's line (.pgpass, PGPASSFILE: "hostname:port:database:
    # username:password", each field but the password may be "*"): the password (+1)
    (
        PGPASS,
        r"(?m:^)[ \t]*[\w.*-]+:(?:[0-9]+|\*):[^:\s]+:[^:\s]+:([^\s]+)[ \t]*\r?(?m:$)",
    ),
    # netrc: "login NAME password VALUE" (+1)
    (
        NETRC,
        r"\b(?:login|user(?:name)?)[ \t]+\S+[ \t\r\n]+password[ \t]+(\S{3,})",
    ),
    # <apiToken>VALUE</apiToken>: the tag's name (+1) holds a credential word, its text (+2);
    # the closing tag is checked in code (RE2 has no back-references)
    (
        ELEMENT,
        r"<([\w.:-]*(?i:secret|token|key|password|passwd|passphrase|pwd|credential|auth)[\w.:-]*)"
        r"(?:[ \t][^<>\n]*)?>[ \t\r\n]*([^<>\s]+)[ \t\r\n]*</",
    ),
    # key="NAME" (+1, +2) then value="VALUE" (+3, +4) or >VALUE</ (+5)
    (
        ATTRIBUTE,
        r"\b(?i:key|name)[ \t]*=[ \t]*(?:\"([^\"'<>\n]+)\"|'([^\"'<>\n]+)')"
        r"(?:[ \t\r\n]+(?i:value)[ \t]*=[ \t]*(?:\"([^\"'<>\n]+)\"|'([^\"'<>\n]+)')"
        r"|[^<>\n]*>[ \t\r\n]*([^<>\s]+)[ \t\r\n]*</)",
    ),
    # a call given the credential's name (+1, +2) and its value (+3, +4), both string literals:
    # define('DB_PASSWORD', '…'), os.getenv("API_TOKEN", "…"), setItem("token", "…")
    (
        CALL,
        r"\b(?i:define|setdefault|setenv|getenv|get|set|put|add|fetch|setitem|setproperty"
        r"|getproperty|setenvironmentvariable|getordefault)[ \t]*\([ \t]*"
        r"(?:\"([^\"\r\n]+)\"|'([^'\r\n]+)')[ \t]*,[ \t]*(?:\"([^\"\r\n]*)\"|'([^'\r\n]*)')"
        r"[ \t]*[,)]",
    ),
    # a name (+1, +2) and a value (+3..+6) given as a pair: YAML "- name: API_KEY" then
    # "value: …" (Kubernetes' env), JSON {"name": …, "value": …} (ECS, Azure app settings,
    # CloudFormation), a CLI's --name … --value … (aws ssm put-parameter, az keyvault secret
    # set) and gh secret set NAME --body …
    (
        NAMED,
        r"(?:\b(?i:name)[ \t]*:[ \t]*[\"']?([\w./-]+)[\"']?[ \t]*\r?\n[ \t]*(?i:value)[ \t]*:[ \t]*"
        r"|\"(?i:name)\"[ \t]*:[ \t]*\"([^\"\r\n]+)\"[ \t\r\n]*,[ \t\r\n]*\"(?i:value)\"[ \t]*:"
        r"[ \t]*"
        r"|--name[ \t]+[\"']?([^\s\"']+)[\"']?[ \t]+(?:[^\n|;&]*?[ \t])?--value[ \t]+"
        r"|\bgh[ \t]+secret[ \t]+set[ \t]+([\w-]+)[ \t]+(?:[^\n|;&]*?[ \t])?(?:--body|-b)[ \t]+)"
        rf"{_value()}",
    ),
    # a Terraform variable (+1) whose default (+2) is the credential
    (
        VARIABLE,
        r"\bvariable[ \t]+\"([\w-]+)\"[ \t]*\{[^}]*?\bdefault[ \t]*=[ \t]*\"([^\"\r\n]+)\"",
    ),
    # PowerShell: ConvertTo-SecureString "…" -AsPlainText (+1, +2)
    (
        SECURE_STRING,
        r"(?i:convertto-securestring)[ \t]+(?:-(?i:string)[ \t]+)?"
        r"(?:\"([^\"\r\n]+)\"|'([^'\r\n]+)')[ \t]+-(?i:asplaintext)",
    ),
    # Go's SQL drivers: user:PASSWORD@tcp(host:port)/db (+1)
    (
        DSN,
        r"(?:^|[\s\"'`=])[\w.-]+:([^\s@\"'`/:]+)@(?:tcp|unix|udp)\(",
    ),
    # an Oracle client's logon on its command line: sqlplus user/PASSWORD@db (+1)
    (
        ORACLE,
        r"\b(?:sqlplus|expdp|impdp|sqlldr|dgmgrl)[ \t]+(?:-[A-Za-z][ \t]+)*[\"']?"
        r"[A-Za-z][\w$#]*/([^\s@\"'/]+)(?:@|[ \t\"']|$)",
    ),
    # a network device's configuration (Cisco IOS and its kin): the password's type (+1) and
    # the password or its hash (+2); an SNMP community (+3); a TACACS+, RADIUS, IKE or WPA key
    # (+4)
    (
        DEVICE,
        r"(?m:^)[ \t]*(?:username[ \t]+\S+(?:[ \t]+privilege[ \t]+[0-9]+)?|enable)[ \t]+"
        r"(?:password|secret)(?:[ \t]+level[ \t]+[0-9]+)?[ \t]+(?:([0-9])[ \t]+)?(\S+)"
        r"|(?m:^)[ \t]*snmp-server[ \t]+community[ \t]+(\S+)"
        r"|(?m:^)[ \t]*(?:(?:tacacs-server|radius-server)[ \t]+(?:host[ \t]+\S+[ \t]+)?key"
        r"|crypto[ \t]+isakmp[ \t]+key|key-string|pre-shared-key(?:[ \t]+ascii)?"
        r"|wpa-psk[ \t]+ascii)[ \t]+(?:[0-9][ \t]+)?(\S+)",
    ),
    # a question for a credential and its answer on one of the next two lines, as a chat or a
    # thread pasted for a summary holds them ("what's the wifi password?" … "it's …"): the
    # credential's word (+1), the answer after "it's", "try" or the like (+2..+5), or alone on
    # its line after a speaker's name (+6). Last: any other shape at the same place is read
    # first.
    (
        ANSWER,
        rf"({_SAID_CREDENTIAL})[^?\n]*\?[^\n]*\r?\n(?:[^\n]*\r?\n)?"
        r"(?:[^\n]*?(?:(?m:^)|[\s:>])(?i:it's|it’s|its|it[ \t]+is|that's|that[ \t]+is|try|use"
        r"|es[ \t]+ist|c'est|c’est|es)[ \t]+:?[ \t]*"
        rf"{_value(_SAID_BARE)}"
        r"|[ \t]*(?:[^\s:][^\n:]*:[ \t]+)?([^\s\"'`:]*[0-9!#$%&*+=?@^~][^\s\"'`]*)[ \t]*\r?(?m:$))",
    ),
    # a password echoed into passwd --stdin or chpasswd ("echo 'user:…' | chpasswd"): the
    # password (+1)
    (
        PIPED,
        r"\becho[ \t]+(?:-[a-z]+[ \t]+)?[\"']?(?:[A-Za-z0-9._-]+:)?([^\s\"':|]{3,})[\"']?[ \t]*\|"
        r"[ \t]*(?:sudo[ \t]+)?(?:passwd[ \t]+(?:[^\n|;&]*?[ \t])?--stdin|chpasswd)\b",
    ),
)
MAX_VALUE = 200  # characters: longer is no credential said, typed or passed
_RETRY_SPAN = 512  # bytes: a rejected match up to this long is searched again from inside


def _layout() -> tuple[str, tuple[tuple[int, int], ...]]:
    """The whole expression, and per branch its kind and the number of its group."""
    parts, groups, at = [], [], 1
    for kind, expression in _BRANCHES:
        inner = re.compile(expression).groups  # Python's re counts groups as RE2 does here
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
    """Whether ``value`` is a credential of the kind ``key`` names (a password's word in another
    language, "Kennwort", "mot de passe", is "password")."""
    if _FOREIGN.search(key):
        key = "password"
    if not is_secret_key(key) or rejected_value(value, quoted):
        return False
    if _PASSWORD_WORD.search(key):
        if key_parts(key) & PASSWORD_KEY_EXCLUDE:
            return False
        if quoted and "passphrase" in key.lower() and len(value) >= _DICEWARE_MIN:
            # a passphrase of words in quotes ("correct horse battery staple"), as diceware and
            # password managers make them: four words or more
            return _DICEWARE.fullmatch(value) is not None or said_password(value, quoted)
        return said_password(value, quoted) if said else check_password(value, quoted)
    if said:
        return is_high_entropy(value) and check_value(key, value, quoted)
    return check_value(key, value, quoted)


def tool_password(value: str) -> bool:
    """A password given to a tool's password option: no variable, no stand-in (a metavar in
    capitals, as a manual writes it: ``-p PASSWORD``, ``-p VALUE``)."""
    if _METAVAR.fullmatch(value):
        return False
    return not rejected_value(value) and check_password(value, True)


_METAVAR = re.compile(r"[A-Z][A-Z_]*[A-Z]")


def _pin(digits: str) -> bool:
    """A PIN someone chose or was sent, not a stand-in: no digit repeated throughout ("0000")
    and no run up or down ("1234", "987654"), which documentation writes for any PIN."""
    steps = {int(b) - int(a) for a, b in pairwise(digits)}
    return steps not in ({0}, {1}, {-1})


_DICEWARE = re.compile(r"[A-Za-z]+(?:[ \-_.][A-Za-z]+){3,}")
_DICEWARE_MIN = 12  # characters of a passphrase of words


def netrc_password(value: str) -> bool:
    """A ``.netrc`` password, read as an unquoted one (a digit or a symbol: no prose word)."""
    return not rejected_value(value) and check_password(value, False)


_GLUED_BEFORE = re.compile(r"[A-Za-z0-9]+[-_.]$")
_VERB = re.compile(r"^(?:set|with|use|put|add)(?=[A-Z_])")
# A getter, a lookup, or a prompt that asks for the credential ("ask_password("Password: ")")
_GETTER = re.compile(
    r"(?i)(?:get|has|is|find|load|read|fetch|lookup|remove|delete|ask|prompt|input|request"
    r"|enter|confirm)"
)
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


# Cookies that hold a session or a login: whoever has the value is signed in (PHPSESSID,
# JSESSIONID, ASP.NET_SessionId, connect.sid, laravel_session, _rails_session, sessionid,
# remember_token, auth_token, __Secure-next-auth.session-token ...)
_SESSION_COOKIE = re.compile(r"(?i)sess|sid$|auth|token|login|remember|jwt|credential")
_COOKIE_PAIR = re.compile(r"([^=;,\s]+)=([^;,\s]+)")


def _session_cookie(text: str, start: int, end: int) -> tuple[int, int, str] | None:
    """The value of the first session cookie among a header's pairs, when it is random enough
    to be one (a generated identifier or a signed token)."""
    for m in _COOKIE_PAIR.finditer(text, start, end):
        name, value = m.group(1), m.group(2).strip('"')
        if not _SESSION_COOKIE.search(name) or len(value) > MAX_VALUE:
            continue
        if rejected_value(value) or not is_high_entropy(value.rstrip("=")):
            continue
        return m.start(2), m.end(2), "session"
    return None


def _markup(
    text: str, chars: CharOffsets | None, spans: Spans, kind: int, at: int
) -> tuple[int, int, str] | None:
    """The value of an XML element or key/value attribute pair that names a credential."""
    if kind == ELEMENT:
        name_start, name_end = char_span(chars, spans[at + 1])
        name = text[name_start:name_end]
        start, end = char_span(chars, spans[at + 2])
        closing = char_span(chars, spans[at])[1]
        if not text.startswith(name + ">", closing):
            return None  # <apiToken>…</apiKey>: no element of one name
    else:
        name_span = spans[at + 1] if spans[at + 1][0] >= 0 else spans[at + 2]
        name_start, name_end = char_span(chars, name_span)
        name = text[name_start:name_end]
        value = next(s for s in spans[at + 3 : at + 6] if s[0] >= 0)
        start, end = char_span(chars, value)
    value_text = text[start:end]
    if len(value_text) > MAX_VALUE or len(name) > 80:
        return None
    if not credential(name, value_text, quoted=True):
        return None
    return start, end, "password" if _PASSWORD_WORD.search(name) else "generic"


def _first(text: str, chars: CharOffsets | None, spans: Spans) -> tuple[int, int, int] | None:
    """The index among ``spans`` of the first group taken, and its ``str`` span."""
    for index, span in enumerate(spans):
        if span[0] >= 0:
            return (index, *char_span(chars, span))
    return None


def _keyed(
    text: str, chars: CharOffsets | None, names: Spans, values: Spans, quoted_below: int
) -> tuple[int, int, str] | None:
    """A name and its value, as :func:`credential` judges an assignment's: the first of
    ``names`` and of ``values`` taken (a value is quoted when its index is below
    ``quoted_below``)."""
    name, value = _first(text, chars, names), _first(text, chars, values)
    if name is None or value is None:
        return None
    key = text[name[1] : name[2]]
    index, start, end = value
    quoted = index < quoted_below
    found = _trim(text[start:end], quoted)
    if not found or len(found) > MAX_VALUE or len(key) > 80:
        return None
    if not credential(key, found, quoted):
        return None
    return start, start + len(found), "password" if _PASSWORD_WORD.search(key) else "generic"


# Where a name and a value stand among a branch's groups: the name's groups (from +1), the
# value's groups after them, and how many of those are quoted (the first ones)
_KEYED_GROUPS = {CALL: (2, 2, 2), NAMED: (4, 4, 3), VARIABLE: (1, 1, 1)}


def _read_keyed(
    kind: int, text: str, chars: CharOffsets | None, spans: Spans, at: int
) -> tuple[int, int, str] | None:
    """A call's, a pair's or a Terraform variable's credential name and value."""
    names, values, quoted = _KEYED_GROUPS[kind]
    first_value = at + 1 + names
    return _keyed(
        text, chars, spans[at + 1 : first_value], spans[first_value : first_value + values], quoted
    )


def _read_password(
    text: str, chars: CharOffsets | None, spans: Spans, at: int
) -> tuple[int, int, str] | None:
    """A password passed as a tool's, a driver's or a shell's argument (groups from +1)."""
    taken = _first(text, chars, spans[at + 1 : at + 3])
    if taken is None:
        return None
    _, start, end = taken
    value = text[start:end]
    return (start, end, "password") if len(value) <= MAX_VALUE and tool_password(value) else None


# Cisco's password types: 0 in clear, 7 reversible (a Vigenère table anyone has), 4, 5, 8 and 9
# hashes (SHA-256, MD5-crypt, PBKDF2, scrypt) to crack offline: each is the credential
_DEVICE_HASH = re.compile(r"\$[0-9a-z]{1,2}\$\S{4,}|[A-Za-z0-9./]{20,}")
_DEVICE_TYPE_7 = re.compile(r"[0-9]{2}[0-9A-Fa-f]{2,}")
_DEFAULT_COMMUNITIES = frozenset({"public", "private"})


def _read_device(
    text: str, chars: CharOffsets | None, spans: Spans, at: int
) -> tuple[int, int, str] | None:
    """A network device's password or its hash, SNMP community, or shared key."""
    taken = _first(text, chars, spans[at + 2 : at + 5])
    if taken is None:
        return None
    index, start, end = taken
    value = text[start:end]
    if len(value) > MAX_VALUE or _METAVAR.fullmatch(value) or rejected_value(value):
        return None
    if index == 0:  # username … secret [TYPE] VALUE, enable secret [TYPE] VALUE
        kind = char_span(chars, spans[at + 1])
        digit = text[kind[0] : kind[1]] if kind[0] >= 0 else "0"
        if digit == "7":
            ok = _DEVICE_TYPE_7.fullmatch(value) is not None
        elif digit in "4589":
            ok = _DEVICE_HASH.fullmatch(value) is not None
        else:
            ok = check_password(value, True)
    elif index == 1:  # snmp-server community NAME: the default ones are no secret
        ok = value.lower() not in _DEFAULT_COMMUNITIES and check_password(value, True)
    else:
        ok = check_password(value, True)
    return (start, end, "network_device") if ok else None


def _read_answer(
    text: str, chars: CharOffsets | None, spans: Spans, at: int
) -> tuple[int, int, str] | None:
    """The answer to a question for a credential (its word at +1), said (+2..+5) or alone on
    its line (+6), judged as that credential said in a sentence: "It's 128000." answers "what's
    the token limit?" with no token."""
    word_start, word_end = char_span(chars, spans[at + 1])
    after = _WORD_AFTER.match(text, word_end)
    if after is not None and after.group(1).lower() in _NOT_THE_CREDENTIAL:
        return None  # "which password manager do we use?", "what's the token limit?"
    key = _said_key(text, word_start, word_end)
    return _keyed_said(text, chars, key, spans[at + 2 : at + 7])


_WORD_AFTER = re.compile(r"s?[ \t]+([A-Za-z]+)")
# Words after a credential's word that make the question about something else
_NOT_THE_CREDENTIAL = frozenset(
    (
        "manager", "managers", "policy", "policies", "reset", "resets", "rule", "rules",
        "requirement", "requirements", "length", "field", "hint", "hints", "expiry",
        "expiration", "rotation", "vault", "store", "limit", "limits", "budget", "count",
        "usage", "generator", "strength", "complexity", "format", "prompt", "dialog", "screen",
        "page", "form", "flow",
    )
)  # fmt: skip


def _keyed_said(
    text: str, chars: CharOffsets | None, key: str, values: Spans
) -> tuple[int, int, str] | None:
    """A credential said in words: the first of ``values`` taken (the first three quoted)."""
    taken = _first(text, chars, values)
    if taken is None:
        return None
    index, start, end = taken
    quoted = index < 3
    value = _trim(text[start:end], quoted)
    if not value or len(value) > MAX_VALUE or not credential(key, value, quoted, said=True):
        return None
    return start, start + len(value), "password" if _PASSWORD_WORD.search(key) else "generic"


_Reader = Callable[[str, CharOffsets | None, Spans, int], tuple[int, int, str] | None]
_READERS: dict[int, _Reader] = {
    **{kind: partial(_read_keyed, kind) for kind in _KEYED_GROUPS},
    SECURE_STRING: _read_password,
    DSN: _read_password,
    ORACLE: _read_password,
    DEVICE: _read_device,
    ANSWER: _read_answer,
}


class FormCredentialDetector(BytePassDetector):
    """Credentials in sentences, command-line options, blank-separated pairs, setters and XML."""

    name = "secrets_forms"
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
        "pwd",
        "login",
        "cookie",
        "pin ",
        "pin:",
        "pin=",
        "pincode",
        "pin-code",
        "pinnummer",
        "pin-nummer",
        "geheimzahl",
        "pgpass",
        ":5432:",
        "passwort",
        "kennwort",
        "mot de passe",
        "contraseña",
        "contrasena",
        "wachtwoord",
        "@tcp(",
        "@unix(",
        "sqlplus",
        "expdp",
        "impdp",
        "sqlldr",
        "dgmgrl",
        "snmp-server",
        "isakmp",
        "pre-shared-key",
        "wpa-psk",
        "net use",
        "cmdkey",
        "freerdp",
        "psexec",
        "ldapsearch",
        "ldapmodify",
        "ldapadd",
        "ldapdelete",
        "ldappasswd",
        "ldapwhoami",
        "ldapcompare",
        "ldapmodrdn",
        "ldapexop",
        "sqlcmd",
        "bcp ",
        "ipmitool",
        "zip -",
        "7z ",
        "7za ",
        "mongo ",
        "mongosh",
        "mongodump",
        "mongorestore",
        "mongoimport",
        "mongoexport",
        "smbclient",
        "lftp",
        "openssl",
        "keytool",
        "rar ",
        "wpa_passphrase",
        "chpasswd",
        "--stdin",
        "htpasswd",
        "rabbitmqctl",
        "securestring",
    )
    expression = EXPRESSION

    def detect(self, ctx: ScanContext) -> Iterable[Finding]:
        started = self.first_match(ctx.text)
        if started is None:
            return ()  # most texts: one DFA pass, no generator
        return self._retrying(ctx.text, *started)

    def _retrying(
        self, text: str, data: bytes, chars: CharOffsets | None, spans: Spans
    ) -> Iterator[Finding]:
        """Every match read; after one whose name or value is no credential's, the search goes
        on one character after its start, not after its end: the leftmost match hides the
        shapes that start inside it ("token = os.getenv("API_TOKEN", "…")" is a label with a
        call for its value, and the call holds the credential). A long match is not searched
        again (:data:`_RETRY_SPAN`), so the pass stays linear."""
        match, size = self._match, len(data)
        while spans[0][0] >= 0:
            a, b = spans[0]
            found = self._one(text, chars, spans)
            if found is not None:
                yield found
                pos = b if b > a else a + 1
            else:
                pos = a + 1 if b - a <= _RETRY_SPAN else b
            if pos > size:
                return
            spans = match(UNANCHORED, data, pos, size)

    def found(
        self, text: str, chars: CharOffsets | None, matches: Iterator[Spans]
    ) -> Iterator[Finding]:
        for spans in matches:
            found = self._one(text, chars, spans)
            if found is not None:
                yield found

    def _one(self, text: str, chars: CharOffsets | None, spans: Spans) -> Finding | None:
        """The finding of one match, or ``None``."""
        kind, at = next((kind, at) for kind, at in _GROUPS if spans[at][0] >= 0)
        found = self._read(text, chars, spans, kind, at)
        if found is None:
            return None
        start, end, provider = found
        return Finding("SECRET", start, end, SCORE, self.name, provider)

    @staticmethod
    def _read(
        text: str, chars: CharOffsets | None, spans: Spans, kind: int, at: int
    ) -> tuple[int, int, str] | None:
        """The value's span and provider for one match of branch ``kind`` (groups from
        ``at``), or ``None`` when its name or value is no credential's."""
        if kind in (ELEMENT, ATTRIBUTE):
            return _markup(text, chars, spans, kind, at)
        if kind == COOKIE:
            return _session_cookie(text, *char_span(chars, spans[at + 1]))
        if kind == PAIR:
            start, end = char_span(chars, spans[at + 1] if spans[at + 1][0] >= 0 else spans[at + 2])
            value = text[start:end]
            if len(value) > MAX_VALUE or not tool_password(value):
                return None
            return start, end, "password"
        if kind == PIN:
            start, end = char_span(chars, spans[at + 1])
            return (start, end, "pin") if _pin(text[start:end]) else None
        if kind == LOGIN:
            start, end = char_span(chars, spans[at + 2])
            value = _trim(text[start:end], quoted=False)
            if len(value) > MAX_VALUE or rejected_value(value, quoted=False):
                return None
            if _SIGNING_SCOPE.match(value):
                return None  # "Credential=AKIA…/20261207/eu-west-1/s3/aws4_request": a scope
            return (start, start + len(value), "password") if said_password(value, False) else None
        if kind == PGPASS:
            start, end = char_span(chars, spans[at + 1])
            value = text[start:end]
            ok = len(value) <= MAX_VALUE and netrc_password(value) and said_password(value, False)
            return (start, end, "password") if ok else None
        if kind in _READERS:
            return _READERS[kind](text, chars, spans, at)
        if kind in (TOOL, NETRC, PIPED):
            start, end = char_span(chars, spans[at + 1])
            value = text[start:end]
            if kind == TOOL:  # an unquoted shell word ends before ";", "`" and ")"
                value = value.rstrip(";`)")
                end = start + len(value)
            if len(value) > MAX_VALUE:
                return None
            ok = tool_password(value) if kind != NETRC else netrc_password(value)
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
        elif kind == LABEL:
            key = " ".join(text[name_start:name_end].split())
            if glued := _GLUED_BEFORE.search(text, max(0, name_start - 40), name_start):
                key = glued.group() + key  # "csrf-token": the whole name is the key
        elif kind == USE:
            key = " ".join(text[name_start:name_end].split()[-2:])
        elif kind == SETTER:
            key = _setter_key(text, name_start, name_end)
        else:
            key = text[name_start:name_end]
        if key is None or not credential(key, value, quoted, said=kind in (SAID, USE, LABEL)):
            return None
        provider = "password" if _PASSWORD_WORD.search(key) else "generic"
        return start, start + len(value), provider


def detectors(settings: ScanSettings) -> list[Detector]:
    """The detector of credentials outside assignments."""
    return [FormCredentialDetector()]
