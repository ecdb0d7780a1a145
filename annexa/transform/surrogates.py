"""Realistic surrogates: a pseudonym that reads like the real thing, in the same format.

Some prompts read better for the model with ``Maria Keller`` than with ``[[PERSON_3f9a1c0b2d]]``;
a policy can ask for surrogates per entity type (``surrogates: [PERSON]``). A surrogate is drawn
deterministically from the vault's keyed HMAC of the value (the same value gets the same
surrogate on every replica and every turn) and never reveals the value:

* ``PERSON``: a Faker name with as many words as the original (``Ann`` → ``Louis``).
* ``EMAIL_ADDRESS``: a Faker user name at a reserved example domain (``zwebb@example.net``).
* ``CREDIT_CARD``: the same grouping, first digit kept, a valid Luhn check digit.
* ``IBAN_CODE``: the same country and length, valid ISO 7064 check digits.
* ``AGE``: another age with as many digits (``61`` → ``47``), never a leading zero.
* ``NRP``: another demonym or religion of the detector's lists, written in the same case
  (``Russian`` → ``Chilean``).
* anything else (phones, national IDs...): every digit and letter replaced by a random one of the
  same kind and case, separators and a ``+`` prefix kept.
"""

from __future__ import annotations

import functools
import random
import string
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from faker import Faker

__all__ = ["make_surrogate"]

_faker_lock = threading.Lock()  # seed_instance() then draw must not interleave


@functools.cache
def _fake() -> Faker:
    """One Faker, built on first use (importing it costs a noticeable fraction of a second)."""
    from faker import Faker  # noqa: PLC0415

    return Faker("en_US")


@functools.lru_cache(maxsize=8192)
def make_surrogate(entity: str, value: str, seed: int) -> str:
    """The surrogate for ``value`` of type ``entity`` drawn from ``seed``."""
    # look-alike data, not a secret: a seeded non-cryptographic generator is what we want
    rng = random.Random(seed)  # noqa: S311  # nosec B311
    if entity == "PERSON":
        return _person(value, seed)
    if entity == "EMAIL_ADDRESS":
        with _faker_lock:
            fake = _fake()
            fake.seed_instance(seed)
            return f"{fake.user_name()}@{fake.safe_domain_name()}"
    if entity == "CREDIT_CARD":
        return _luhn_fixed(_same_shape(value, rng, keep=1))
    if entity == "IBAN_CODE" and len(value.replace(" ", "")) > 4:
        return _iban(value, rng)
    if entity == "AGE" and value.isdigit():
        low, high = _AGE_RANGES.get(len(value), (100, 110))
        return str(rng.randint(low, high))
    if entity == "NRP":
        return _nrp(value, rng)
    return _same_shape(value, rng, keep=1 if value.startswith("+") else 0)


_AGE_RANGES = {1: (1, 9), 2: (10, 99)}  # ages of one and two digits; three: 100-110


@functools.cache
def _nrp_pools() -> tuple[tuple[str, ...], frozenset[str], tuple[str, ...]]:
    """The detector's demonyms and religions, sorted (a seed always draws the same word)."""
    from annexa.detect.builtin.demographics import DEMONYMS, RELIGIONS  # noqa: PLC0415

    return tuple(sorted(DEMONYMS)), RELIGIONS, tuple(sorted(RELIGIONS))


def _nrp(value: str, rng: random.Random) -> str:
    demonyms, religions, religion_pool = _nrp_pools()
    pool = religion_pool if value.lower() in religions else demonyms
    word = rng.choice(pool).replace("-", " ")
    if value[:1].isupper():
        return " ".join(part.capitalize() for part in word.split())
    return word


def _person(value: str, seed: int) -> str:
    words = len(value.split())
    with _faker_lock:
        fake = _fake()
        fake.seed_instance(seed)
        if words <= 1:
            name = fake.first_name()
        elif words == 2:
            name = f"{fake.first_name()} {fake.last_name()}"
        else:
            name = fake.name()
    return name.upper() if value.isupper() else name


def _same_shape(value: str, rng: random.Random, keep: int = 0) -> str:
    """Digits → digits, letters → letters of the same case; the first ``keep`` characters and
    every separator stay."""
    out = list(value[:keep])
    for ch in value[keep:]:
        if ch.isdigit():
            out.append(rng.choice(string.digits))
        elif ch.isalpha() and ch.isascii():
            out.append(
                rng.choice(string.ascii_uppercase if ch.isupper() else string.ascii_lowercase)
            )
        else:
            out.append(ch)
    return "".join(out)


def _luhn_fixed(card: str) -> str:
    """Replace the last digit so the digits pass the Luhn check."""
    digits = [int(c) for c in card if c.isdigit()]
    if len(digits) < 2:
        return card
    total = 0
    for i, digit in enumerate(reversed(digits[:-1])):
        doubled = digit * 2 if i % 2 == 0 else digit
        total += doubled - 9 if doubled > 9 else doubled
    check = str((10 - total % 10) % 10)
    last = max(i for i, c in enumerate(card) if c.isdigit())
    return card[:last] + check + card[last + 1 :]


def _iban(value: str, rng: random.Random) -> str:
    """Same country, same length and spacing, fresh account part, valid check digits."""
    compact = value.replace(" ", "").upper()
    body = _same_shape(compact[4:], rng)
    moved = body + compact[:2] + "00"
    number = int("".join(str(int(c, 36)) for c in moved))
    check = f"{98 - number % 97:02d}"
    fresh = compact[:2] + check + body
    out, i = [], 0
    for ch in value:  # put the original spacing back
        if ch == " ":
            out.append(" ")
        else:
            out.append(fresh[i])
            i += 1
    return "".join(out)
