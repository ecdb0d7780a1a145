"""Turkish identifiers: the national identity number (TR_NATIONAL_ID, T.C. Kimlik No).

Eleven digits, the first not 0: nine digits of the person's number, then two check digits (the
tenth from the odd- and even-placed digits, the eleventh the last digit of the sum of the first
ten, which makes it even); python-stdnum checks them. About one random eleven-digit number in a
hundred passes, so a bare number counts only near a context word ("T.C. Kimlik No", "TCKN",
"kimlik numarası", "Turkish ID"). Turkish phone numbers are ten digits, or eleven with the trunk
0 that no T.C. Kimlik No starts with; the detector is still ``phone_shaped``. Turkish text is
often upper case ("T.C. KİMLİK NO"): the scanner's lower-cased copy reads "İ" as "i".
"""

from __future__ import annotations

from stdnum.tr import tckimlik

from annexa.detect.builtin._base import RegionDetector
from annexa.detect.interface import Detector
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings

TR_ID_WORDS = (
    "tc kimlik",
    "t.c. kimlik",
    "tc kimlik no",
    "t.c. kimlik no",
    "kimlik",
    "kimlik no",
    "kimlik numarası",
    "kimlik numarasi",
    "kimlik numaram",
    "tckn",
    "tckimlik",
    "tc no",
    "t.c. no",
    "vatandaşlık numarası",
    "vatandaşlık no",
    "nüfus cüzdanı",
    "turkish id",
    "turkish national id",
    "national id",
    "identity number",
)


class TrNationalIdDetector(RegionDetector):
    """Turkish identity numbers (T.C. Kimlik No: two check digits), near a context word."""

    name = "tr_national_id"
    entities = ("TR_NATIONAL_ID",)
    min_digits = 11
    max_digits = 11
    separators = frozenset({""})
    context = TR_ID_WORDS
    needs_context = frozenset({"tckn"})
    phone_shaped = True
    patterns = (
        Pattern(
            "tckn",
            r"(?<![\w\-+./])[1-9]\d{9}[02468](?![\w]|[\-./]\d)",
            0.3,
            positives=(
                "T.C. Kimlik No: ⟦44771278268⟧",
                "TCKN 26197306992 olarak kayıtlı",
                "my Turkish ID is 52393849902.",
                "T.C. KİMLİK NUMARASI: 79893557250",
            ),
            negatives=(
                "T.C. Kimlik No: 44771278258",  # wrong check digits
                "TCKN 04771278268",  # led by 0
                "kimlik no 447712782680",  # twelve digits
                "order 44771278268 shipped",  # valid, but no context word
                "Tel: 0532 123 45 67",  # a Turkish mobile number
            ),
            origin="Nüfus ve Vatandaşlık İşleri (python-stdnum tr.tckimlik)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return tckimlik.is_valid(value)


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in Turkish identifier detector."""
    return [TrNationalIdDetector()]
