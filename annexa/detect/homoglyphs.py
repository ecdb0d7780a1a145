"""Look-alike characters folded to ASCII letters and digits (data for :mod:`normalize`).

:data:`FOLD` maps an ASCII letter or digit to the characters that look like it and that NFKC does
not already fold: Greek, Cyrillic, Armenian, Cherokee, Coptic and Latin-extension look-alikes from
Unicode's confusables data (UTS #39, ``confusables.txt``, as packaged by ``confusable_homoglyphs``
3.3.1). Fullwidth, mathematical, circled and other compatibility forms are not listed: NFKC folds
them first. Where confusables.txt uses one prototype for several ASCII characters (``l`` for
``I``/``l``/``1``, ``O`` for ``O``/``0``), capitals fold to ``I`` and zeros to ``0``.
:data:`DIGIT_ZEROS` lists the zero of every other script's decimal digits (Arabic-Indic,
Devanagari, Thai...): the nine digits after each zero fold to ``1``..``9``.

Regenerate (after a Unicode update) with
``python -m annexa.detect.homoglyphs PATH/TO/confusable_homoglyphs/confusables.json``.
"""

from __future__ import annotations

import json
import string
import sys
import unicodedata
from pathlib import Path

# fmt: off
FOLD: dict[str, str] = {
    "2": "ƧϨꙄꝚ",
    "3": "ƷȜЗӠⳌꝪꞫ𝈆",
    "4": "Ꮞ",
    "5": "Ƽ",
    "6": "бᏮⳒ",
    "7": "𝈒",
    "8": "Ȣȣ",
    "9": "ⳊꝮ",
    "A": "ΑАᎪ",
    "B": "ΒВᏴꞴ",
    "C": "СᏟⲤ",
    "D": "Ꭰ",
    "E": "ΕЕᎬ",
    "F": "ϜꞘ𝈓",
    "G": "ԌᏀᏳ",
    "H": "ΗНᎻⲎ",
    "I": "ƖΙІӀⲒ",
    "J": "ͿЈᎫꞲ",
    "K": "ΚКᏦⲔ",
    "L": "ᏞⳐ𝈪",
    "M": "ΜϺМᎷⲘ",
    "N": "ΝⲚ",
    "O": "ΟОՕⲞ",
    "P": "ΡРᏢⲢ",
    "R": "ƦᎡᏒ𝈖",
    "S": "ЅՏᏕᏚ",
    "T": "ΤТᎢⲦ",
    "U": "Ս",
    "V": "ѴᏙ𝈍",
    "W": "ԜᎳᏔ",
    "X": "ΧХⲬꞳ",
    "Y": "ΥУҮᎩᎽⲨ",
    "Z": "ΖᏃ𐋵",
    "a": "ɑαа",
    "b": "ƄЬᏏ",
    "c": "сᴄⲥꮯ",
    "d": "ԁᏧ",
    "e": "еҽꬲ",
    "f": "քẝꞙꬵ",
    "g": "ƍɡցᶃ",
    "h": "һհᏂ",
    "i": "ıɩɪιіӏᎥꙇꭵ",
    "j": "ϳј",
    "l": "ǀ",
    "n": "ոռ",
    "o": "οσоօᴏᴑⲟꬽ",
    "p": "ρрⲣ",
    "q": "ԛգզ",
    "r": "гᴦⲅꭇꭈꮁ",
    "s": "ƽѕꜱꮪ",
    "u": "ʋυսᴜꞟꭎꭒ",
    "v": "νѵᴠꮩ",
    "w": "ɯѡԝաᴡꮃ",
    "x": "х",
    "y": "ɣʏγуүᶌỿꭚ",
    "z": "ᴢꮓ",
}
DIGIT_ZEROS: tuple[int, ...] = (
    0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66,
    0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50,
    0x1E140, 0x1E2F0, 0x1E950,
)
# fmt: on

_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC", "ARMENIAN", "CHEROKEE", "COPTIC")


# Dashes a word processor or an attacker puts where a hyphen joins digits ("536‑22‑1234" with
# non-breaking hyphens, "555–0199" with an en dash, "−" the minus sign): NFKC leaves them
HYPHENS = "\u2010\u2011\u2012\u2013\u2212"


def fold_table() -> dict[int, str]:
    """The ``str.translate`` table: every look-alike and foreign digit to its ASCII character.

    The table is made case-consistent, so that folding and case-insensitive matching commute
    (``fold(c).lower() == fold(c.lower()).lower()`` for every character): a letter that looks
    like a digit (``З``, ``б``) is not folded, since its other case would not be; a letter
    whose other case has no look-alike of its own folds that case too (``М`` -> ``M``, so
    ``м`` -> ``m``); a pair whose cases look like different letters (Greek ``Ν``/``ν``: N, v)
    is not folded at all.
    """
    fold: dict[str, str] = {}
    for target, chars in FOLD.items():
        fold.update({c: target for c in chars if not (target.isdigit() and c.isalpha())})
    for c, target in list(fold.items()):
        for other, want in ((c.lower(), target.lower()), (c.upper(), target.upper())):
            if len(other) == 1 and other != c and not other.isascii():
                fold.setdefault(other, want)
    conflicts = [
        c
        for c in fold
        for o in (c.lower(), c.upper())
        if len(o) == 1 and o in fold and fold[o].lower() != fold[c].lower()
    ]
    for c in conflicts:
        del fold[c]
    table = {ord(c): target for c, target in fold.items()}
    for zero in DIGIT_ZEROS:
        table.update({zero + n: str(n) for n in range(10)})
    table.update(dict.fromkeys(map(ord, HYPHENS), "-"))
    return table


def _generate(confusables_json: Path) -> dict[str, str]:
    """Rebuild :data:`FOLD` from ``confusable_homoglyphs``' JSON (prototype -> look-alikes)."""
    data = json.loads(confusables_json.read_text(encoding="utf-8"))
    fold: dict[str, str] = {}
    for proto in string.ascii_letters + string.digits:
        for entry in data.get(proto, []):
            c = entry["c"]
            if len(c) != 1 or c.isascii() or unicodedata.normalize("NFKC", c) != c:
                continue
            name = unicodedata.name(c, "")
            if name.split(" ")[0] not in _SCRIPTS:
                continue
            target = "I" if proto == "l" and unicodedata.category(c) == "Lu" else proto
            target = "0" if proto in "oO" and "ZERO" in name else target
            fold[target] = "".join(sorted(fold.get(target, "") + c))
    return dict(sorted(fold.items()))


if __name__ == "__main__":
    for key, chars in _generate(Path(sys.argv[1])).items():
        print(f"    {key!r}: {chars!r},")
