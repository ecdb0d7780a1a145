"""Italian fiscal codes (IT_FISCAL_CODE, codice fiscale).

Sixteen characters: surname and name letters, birth year, month letter, day (plus 40 for women),
municipality code, and a control letter; "omocodia" may swap digits for letters. Checked with
python-stdnum; one random code in 26 passes the control letter, and the structure is strict.
"""

from __future__ import annotations

from stdnum.it import codicefiscale

from annexa.detect.builtin._base import RegionDetector
from annexa.detect.builtin._regions import TOKEN
from annexa.detect.context import words_for
from annexa.detect.interface import Detector
from annexa.detect.pattern import Pattern
from annexa.settings import ScanSettings

_D = r"[\dLMNP-V]"


class ItFiscalCodeDetector(RegionDetector):
    """Italian personal fiscal codes, confirmed by their control letter."""

    name = "it_fiscal_code"
    entities = ("IT_FISCAL_CODE",)
    region_kinds = frozenset({TOKEN})
    before = 2
    after = 2
    token_lengths = (16, 16)
    context = words_for("IT_FISCAL_CODE")
    patterns = (
        Pattern(
            "codice_fiscale",
            rf"(?i)(?<![\w\-])[A-Z]{{6}}{_D}{{2}}[ABCDEHLMPRST]{_D}{{2}}[A-Z]{_D}{{3}}[A-Z](?!\w)",
            0.3,
            positives=(
                "codice fiscale RCCMNL83S18D969H",
                "CF: MRTMTT25D09F205Z.",
                "cf rccmnl83s18d969h",
            ),
            negatives=("RCCMNL83S18D969A", "RCCMNL83Z18D969H", "RCCMNL83S18D96H"),
            origin="DM 23/12/1976 (python-stdnum it.codicefiscale)",
        ),
    )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return codicefiscale.is_valid(value.upper())


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in Italian identifier detector."""
    return [ItFiscalCodeDetector()]
