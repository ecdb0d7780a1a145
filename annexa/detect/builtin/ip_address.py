"""IP addresses (IP_ADDRESS): IPv4 dotted quads and IPv6, each confirmed by :mod:`ipaddress`.

Version strings look like addresses (``1.2.3.4``); a quad right after a word such as "version"
or "v", or after a requirement's comparison (``lz4>=1.7.4.2``), is not reported, and neither is
one inside a longer dotted run (``1.3.6.1.4.1``). The unspecified IPv6 address ``::`` alone
counts only as an assigned value or near a context word.
"""

from __future__ import annotations

import ipaddress
import re

from annexa.detect.builtin._base import RegionDetector
from annexa.detect.builtin._regions import HEX, NUM
from annexa.detect.context import words_for
from annexa.detect.interface import Detector, ScanContext
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings

_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
# ... or a user agent's revision and product tokens ("rv:1.9.1.20", "Firefox/1.2.3.4"), or a
# requirement's version comparison, written without blanks ("brotlicffi>=1.2.1.0", "lz4==1.7.4.2",
# "pkg~=1.2.3.4"; code's "host == 10.0.0.2" compares an address)
_VERSION_BEFORE = re.compile(
    r"(?i)(?:\bv|\bver\.?|version|release|build|rev\.?|\brv|firmware|update|patch|sdk|api)"
    r"[\s:=]*$|[A-Za-z]/$"
)
_REQUIREMENT = re.compile(r"([A-Za-z][\w.\-\[\]]*)(?:[<>!~]=|===?)$")
# A name compared to an address in code ("ip==10.0.0.1", "remote_addr==…")
_ADDRESS_NAME = re.compile(r"(?i)ip|host|addr|server|src|dst|peer|remote|gateway|dns|subnet")


class IpAddressDetector(RegionDetector):
    """IPv4 and IPv6 addresses, validated by the standard library's :mod:`ipaddress`."""

    name = "ip_address"
    entities = ("IP_ADDRESS",)
    region_kinds = frozenset({NUM, HEX})
    min_digits = 4
    max_digits = 14
    separators = frozenset({"...", ".../"})
    context = words_for("IP_ADDRESS")
    patterns = (
        Pattern(
            "ipv4",
            rf"(?<![\w.])(?:{_OCTET}\.){{3}}{_OCTET}(?:/(?:3[0-2]|[12]?\d))?(?![\w]|\.\d)",
            0.6,
            positives=(
                "login from 203.0.113.7 failed",
                "route 198.51.100.0/24 via gw",
                "client_ip=192.0.2.44",
            ),
            negatives=(
                "upgrade to version 1.2.3.4 now",
                "OID 1.3.6.1.4.1.311",
                "octets 256.1.1.300",
            ),
            origin="RFC 791 dotted-quad notation",
        ),
        Pattern(
            "ipv6",
            r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{1,4})?"
            r"(?:%[\w.]{1,16})?(?:/\d{1,3})?(?![\w:]|\.\w)",
            0.6,
            positives=(
                "host 2001:db8::8a2e:370:7334 is down",
                "peer 2001:0db8:85a3:0000:0000:8a2e:0370:7334 ok",
                "bind to ::1 only",
                "mapped 0:0:0:0:0:FFFF:129.144.52.38 here",
                "link-local fe80::1%eth0/64 up",
                "listen=:: port=8080",
                "IPv6 wildcard :: for all interfaces",
            ),
            negatives=(
                "at 12:30:45 today",
                "std::vector<int>",
                "ratio 1:2:3",
                "bad ::ffff:256.0.0.1 here",
                "f :: Int -> Int",
                "using ::std and x :: y",
            ),
            origin="RFC 4291 section 2.2",
        ),
    )

    def check(self, ctx: ScanContext, start: int, end: int, pattern: Pattern) -> bool | None:
        value = ctx.text[start:end]
        if pattern.name == "ipv4" and _VERSION_BEFORE.search(ctx.text, max(0, start - 24), start):
            return False
        if pattern.name == "ipv4":
            required = _REQUIREMENT.search(ctx.text, max(0, start - 64), start)
            if required is not None and not _ADDRESS_NAME.search(required.group(1)):
                return False  # "lz4>=1.7.4.2": a package's version
        if pattern.name == "ipv6" and value == "::":
            # The unspecified address, bare: only as a value (``src=::``) or near "ipv6", "ip",
            # never in ``std::``, ``a[::2]`` or ``f :: Int``.
            return ctx.text[start - 1 : start] == "=" or self.has_context(ctx, start, end)
        if pattern.name == "ipv6" and (value.count(":") < 2 or not any(c != ":" for c in value)):
            return False
        if pattern.name == "ipv4" and value.isascii():
            return True  # the rule admits only octets 0-255 without leading zeros, prefixes 0-32
        try:
            ipaddress.ip_interface(value)
        except ValueError:
            return False
        return True


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in IP address detector."""
    return [IpAddressDetector()]
