"""URLs (URL): ``scheme://`` or ``www.`` links whose host is a real-looking domain or IP."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from annexa.detect.builtin._base import RegionDetector
from annexa.detect.builtin._regions import LINK
from annexa.detect.context import words_for
from annexa.detect.interface import Detector
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings

_HOST = re.compile(r"(?:[^\W_](?:[\w\-]{0,61}[^\W_])?\.)+[^\W\d_]{2,24}")


class UrlDetector(RegionDetector):
    """Web links with a scheme (http, https, ftp) or starting with ``www.``."""

    name = "url"
    entities = ("URL",)
    region_kinds = frozenset({LINK})
    before = 8
    after = 600
    context = words_for("URL")
    patterns = (
        Pattern(
            "link",
            r"(?i)(?<![\w.\-/])(?:(?:https?|ftps?)://|www\.)"
            r"[^\s<>\"'`{}|\\^\[\]]*[^\s<>\"'`{}|\\^\[\].,;:!?)]",
            0.6,
            positives=(
                "see https://www.example.com/path?q=1 for more",
                "docs at http://example.org/a/b.",
                "visit www.example.net today",
            ),
            negatives=(
                "the scheme is https:// only",
                "http://localhost-ish",
                "ftp://256.1.1.1/",
                "path/to/www.file",
            ),
            origin="RFC 3986",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        if value[:4].lower() == "www.":
            if value.count(".") < 2:
                return False
            value = "http://" + value
        try:
            host = urlsplit(value).hostname or ""
        except ValueError:
            return False
        if _HOST.fullmatch(host):
            return None
        try:
            ipaddress.ip_address(host)
        except ValueError:
            return False
        return None


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in URL detector."""
    return [UrlDetector()]
