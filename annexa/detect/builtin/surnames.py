"""English surnames, for the name pair that opens with a given name which is also a word.

The given-name gazetteer (:mod:`.given_names`) leaves out the given names that are everyday
words, months, flowers or places ("Mark", "Will", "Grace", "Rose", "Jack", "Jordan"): alone, a
capitalised "Mark" is no evidence of a person. Followed by a surname it is: "Mark Thompson",
"Grace Lee", "Frank Miller". This module holds the surnames that make the difference, those of
the English-speaking countries (Faker's en_US, en_GB, en_NZ and en_IE lists, about 3,000), in
``data/english_surnames.txt``, made from the locked Faker by

    python -m annexa.detect.builtin.surnames > annexa/detect/builtin/data/english_surnames.txt

Surnames that are everyday words ("Day", "Page", "Price", "Street", "Power", "Gates") are left
out (:data:`SURNAME_WORDS`): "May Day", "Will Power" and "Grace Period" are no people. They were
picked from those written in lower case three times or more in the installed packages'
documentation, and the common English words beside them.
"""

from __future__ import annotations

import importlib
import sys
from functools import cache
from importlib import resources

from annexa.detect.builtin.given_names import INTRODUCED
from annexa.detect.context import word_set

__all__ = ["ambiguous_given_name", "english_surnames", "is_english_surname"]

DATA_FILE = "data/english_surnames.txt"
LOCALES = ("en_US", "en_GB", "en_NZ", "en_IE")

# Surnames that are everyday English words (lower case)
SURNAME_WORDS = word_set(
    """
    ball banks bass bean bell berry best bird black branch bray brick bridge bridges bright
    brown bull carry case church clay clear colon convey cross curry day early english fair
    fall fee ferry field fields flood flowers foot ford fox frank freely french fresh gates
    glass golden good grace grant gray green grey gross guard guy hale hall ham hare hay
    holder hood hook hope house hull ivory judge key lamb lane law little long lord love low
    marks may miles moon moss mountain north pace page park pike power powers price prince
    rails ray read reader rice rich ring rock roman rose salmon sharp short small smart snow
    stack steer stone story street strong swift wall watt watts way weeks west white winter
    wise wolf york young king hill wood woods bush brand cash coins gold silver bond burns
    mills hills lake lakes marsh meadows waters rivers ocean spring summers noble sterling
    wells chase hunt rush dean dolly dawn faith joy
    """
)
# Given names that are words too and open a pair with a surname: those a self-introduction
# admits (:data:`~.given_names.INTRODUCED`), and a few adjectives and nicknames ("Frank
# Miller", "Art Hughes")
_AMBIGUOUS = INTRODUCED | word_set("frank art buck sandy rusty earl")


def ambiguous_given_name(word: str) -> bool:
    """Whether ``word``, capitalised as a name is, is a given name the gazetteer leaves out for
    being a word too."""
    return word[:1].isupper() and word[1:].islower() and word.lower() in _AMBIGUOUS


@cache
def english_surnames() -> frozenset[str]:
    """Every surname of ``data/english_surnames.txt``, in lower case."""
    text = resources.files("annexa.detect.builtin").joinpath(DATA_FILE).read_text("utf-8")
    return frozenset(
        line for line in (raw.strip() for raw in text.splitlines()) if line and line[0] != "#"
    )


def is_english_surname(word: str) -> bool:
    """Whether ``word``, capitalised as a name is ("Thompson", "McAllister", "O'Connor"), is a
    surname of the list."""
    plain = word.replace("'", "").replace("’", "")
    if not word[:1].isupper() or plain.isupper() or not plain.isalpha():
        return False
    return plain.lower() in english_surnames()


def from_faker() -> list[str]:
    """The list as Faker makes it: the last names of :data:`LOCALES` written in ASCII letters
    (an apostrophe dropped: "O'Connor" is "oconnor"), in lower case, minus
    :data:`SURNAME_WORDS`, sorted."""
    names: set[str] = set()
    for locale in LOCALES:
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except (ImportError, AttributeError):  # a locale a future Faker drops
            continue
        found = getattr(provider, "last_names", None)
        if isinstance(found, list | tuple | dict):
            for name in found:
                plain = name.replace("'", "") if isinstance(name, str) else ""
                if plain.isascii() and plain.isalpha():
                    names.add(plain.lower())
    return sorted(names - SURNAME_WORDS)


def file_text(names: list[str]) -> str:
    """``data/english_surnames.txt`` for ``names``, with a header saying where it comes from."""
    from importlib.metadata import version  # noqa: PLC0415 - only when the file is made

    header = (
        f"# Last names of Faker {version('faker')}'s {', '.join(LOCALES)} person providers,"
        " lower case, minus everyday words.\n"
        "# Made by: python -m annexa.detect.builtin.surnames"
        " > annexa/detect/builtin/data/english_surnames.txt\n"
    )
    return header + "".join(f"{n}\n" for n in names)


if __name__ == "__main__":  # pragma: no cover - the command that makes the data file
    sys.stdout.write(file_text(from_faker()))
