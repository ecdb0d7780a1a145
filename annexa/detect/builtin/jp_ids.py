"""Japanese Individual Numbers (JP_MY_NUMBER: 個人番号, マイナンバー, "My Number").

行政手続における特定の個人を識別するための番号の利用等に関する法律 (the My Number Act, 2013)
and the Ministry of Internal Affairs' ordinance on it (総務省令第八十五号, 2014, article 5):
twelve digits, eleven of them assigned and a check digit computed from them by weights 2–7
(mod 11); python-stdnum's ``jp.in_`` checks it. The card prints it in groups of four
(``6214 9832 0257``). The number holds no personal data and one random twelve-digit number in
eleven passes, so it counts only near a context word ("マイナンバー", "個人番号", "My Number",
"individual number"): the detector runs only in texts that hold one. Its use is restricted by
law to social security, tax and disaster response: a number that leaks is the reportable kind.
"""

from __future__ import annotations

from stdnum.jp import in_

from annexa.detect.builtin._base import RegionDetector
from annexa.detect.interface import Detector
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings

JP_WORDS = (
    "マイナンバー",
    "個人番号",
    "マイナンバーカード",
    "個人番号カード",
    "my number",
    "mynumber",
    "my-number",
    "individual number",
    "kojin bango",
)

_ORIGIN = "番号法 (2013) and 総務省令第八十五号 article 5 (python-stdnum jp.in_)"


class JpMyNumberDetector(RegionDetector):
    """Japanese Individual Numbers (My Number, mod-11 check digit), near a context word."""

    name = "jp_my_number"
    entities = ("JP_MY_NUMBER",)
    min_digits = 12
    max_digits = 12
    separators = frozenset({"", "  ", "--"})
    context = JP_WORDS
    needs_context = frozenset({"my_number", "my_number_grouped"})
    phone_shaped = True
    patterns = (
        Pattern(
            "my_number",
            r"(?<![\w\-+./])\d{12}(?![\w]|[\-./]\d)",
            0.2,
            positives=(
                "マイナンバー：⟦621498320257⟧",
                "個人番号は⟦123456789018⟧です",
                "My Number 621498320257",
            ),
            negatives=(
                "マイナンバー：621498320258",  # check digit
                "マイナンバー 62149832025",  # eleven digits
                "order 621498320257",  # valid, no context word
            ),
            origin=_ORIGIN,
        ),
        Pattern(
            "my_number_grouped",
            r"(?<![\w\-+./])\d{4}([ \-])\d{4}\1\d{4}(?![\w]|[\-./]\d)",
            0.2,
            positives=(
                "マイナンバーカード ⟦6214 9832 0257⟧",
                "individual number: 1234-5678-9018",
            ),
            negatives=(
                "マイナンバー 6214 9832 0258",  # check digit
                "マイナンバー 6214-9832 0257",  # mixed separators
                "card 6214 9832 0257",  # no context word
            ),
            origin=_ORIGIN,
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return in_.is_valid(value)


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in Japanese identifier detector."""
    return [JpMyNumberDetector()]
