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

An account glues an initial to a surname of any origin ("mkowalski", "rkumar", "aokafor"):
for those, ``data/surnames.txt`` holds the surnames of every Faker locale of five letters or
more (about 20,000), accents dropped as accounts drop them, made by the same command with
``--every-locale``.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from collections.abc import Iterator
from functools import cache

from annexa.detect.builtin.given_names import INTRODUCED, read_names, without_marks
from annexa.detect.context import word_set

__all__ = [
    "ambiguous_given_name",
    "english_surnames",
    "is_english_surname",
    "is_surname",
    "surnames",
]

DATA_FILE = "data/english_surnames.txt"
LOCALES = ("en_US", "en_GB", "en_NZ", "en_IE")
# Every locale's surnames of five letters or more, as an account folds them to ASCII
# ("mkowalski", "rkumar", "tnguyen" is too short): for an initial glued to a surname only
ALL_DATA_FILE = "data/surnames.txt"
ALL_MIN = 5
# Everyday and programming words among those surnames, written in lower case three times or
# more in the installed packages' documentation and code ("xparent", "tmaster" are no people)
EVERY_LOCALE_WORDS = word_set(
    """
    parent lower comment block close handler parts cases major roots ravel constant basic
    begin pages master carrier topic singleton blank atlas magic front company forget seven
    olive bogus siren hammer binder sunder stock killer cares solvers payer doctor cherry
    corona aurora chacha renders volta garde monte babel
    """
)
_FOLD = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"})

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
    return read_names(DATA_FILE)


def is_english_surname(word: str) -> bool:
    """Whether ``word``, capitalised as a name is ("Thompson", "McAllister", "O'Connor"), is a
    surname of the list."""
    plain = word.replace("'", "").replace("’", "")
    if not word[:1].isupper() or plain.isupper() or not plain.isalpha():
        return False
    return plain.lower() in english_surnames()


@cache
def surnames() -> frozenset[str]:
    """Every surname of ``data/surnames.txt`` (all of Faker's locales), in lower case ASCII."""
    return read_names(ALL_DATA_FILE)


def is_surname(word: str) -> bool:
    """Whether ``word`` (in lower case, as an account writes it: "kowalski", "kumar") is a
    surname of five letters or more of any of Faker's locales, or an English one."""
    return (len(word) >= ALL_MIN and word in surnames()) or word in english_surnames()


def _ascii(name: str) -> str:
    """``name`` as an account writes it: accents and apostrophes dropped ("Wiśniewski":
    "wisniewski", "O'Connor": "oconnor"), lower case."""
    return without_marks(name.lower().translate(_FOLD)).replace("'", "")


def _flat(found: object) -> Iterator[str]:
    """The strings of ``found``: a name, or lists, tuples and dicts (a name's weight) of them."""
    if isinstance(found, str):
        yield found
    elif isinstance(found, list | tuple | dict):
        for item in found:
            yield from _flat(item)


def from_faker(*, every_locale: bool = False) -> list[str]:
    """The list as Faker makes it: the last names of :data:`LOCALES` (or, ``every_locale``, of
    every person provider, five letters or more, accents dropped) written in ASCII letters (an
    apostrophe dropped: "O'Connor" is "oconnor"), in lower case, minus :data:`SURNAME_WORDS`,
    sorted."""
    if every_locale:
        package = importlib.import_module("faker.providers.person")
        locales = tuple(m.name for m in pkgutil.iter_modules(package.__path__))
    else:
        locales = LOCALES
    names: set[str] = set()
    for locale in locales:
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except (ImportError, AttributeError):  # a locale a future Faker drops
            continue
        if every_locale:  # every list of last names a provider has, however it splits them
            lists = [v for k, v in vars(provider).items() if "last" in k and "name" in k]
        else:
            lists = [getattr(provider, "last_names", None)]
        for name in _flat(lists):
            plain = _ascii(name) if every_locale else name.replace("'", "").lower()
            if plain.isascii() and plain.isalpha() and (not every_locale or len(plain) >= ALL_MIN):
                names.add(plain)
    return sorted(names - SURNAME_WORDS - (EVERY_LOCALE_WORDS if every_locale else set()))


def file_text(names: list[str], *, every_locale: bool = False) -> str:
    """``data/english_surnames.txt`` (or ``data/surnames.txt``) for ``names``, with a header
    saying where it comes from."""
    from importlib.metadata import version  # noqa: PLC0415 - only when the file is made

    which = "every locale's" if every_locale else f"{', '.join(LOCALES)}"
    kept = f"{ALL_MIN} letters or more, accents dropped, " if every_locale else ""
    target = ALL_DATA_FILE if every_locale else DATA_FILE
    flag = " --every-locale" if every_locale else ""
    header = (
        f"# Last names of Faker {version('faker')}'s {which} person providers,"
        f" {kept}lower case, minus everyday words.\n"
        f"# Made by: python -m annexa.detect.builtin.surnames{flag}"
        f" > annexa/detect/builtin/{target}\n"
    )
    return header + "".join(f"{n}\n" for n in names)


if __name__ == "__main__":  # pragma: no cover - the command that makes the data files
    every = "--every-locale" in sys.argv[1:]
    sys.stdout.write(file_text(from_faker(every_locale=every), every_locale=every))
