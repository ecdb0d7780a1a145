"""Password policy (length, common list, user name) and argon2id hashing with rehash."""

from __future__ import annotations

from importlib import resources

import pytest
from argon2 import PasswordHasher

from annexa.identity.passwords import (
    ARGON2_PARAMETERS,
    PasswordHashing,
    WeakPassword,
    check_password,
    common_passwords,
    password_problems,
)


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short-one", "fewer than 12"),
        ("x" * 257, "more than 256"),
        ("PASSWORD1234", "common password"),  # in the list, any case
        ("baseball1234567!", "common password"),  # "baseball" with trailing digits
        ("Q1w2E3r4T5y6", "common password"),
        ("my-name-is-alice-ok", "user name"),
    ],
)
def test_refused(password: str, problem: str) -> None:
    problems = password_problems(password, "Alice")
    assert any(problem in p for p in problems), problems
    with pytest.raises(WeakPassword):
        check_password(password, "Alice")


@pytest.mark.parametrize(
    "password", ["violet tram kettle orbit", "Trombone-Glacier-47", "ünïcödé pässphrase"]
)
def test_accepted(password: str) -> None:
    assert password_problems(password, "alice") == []


def test_every_problem_is_named_at_once() -> None:
    with pytest.raises(WeakPassword) as err:
        check_password("alice123", "alice")
    message = str(err.value)
    assert "fewer than 12" in message
    assert "user name" in message


def test_shipped_list_states_source_and_licence() -> None:
    text = resources.files("annexa.identity").joinpath("data/common-passwords.txt").read_text()
    header = "\n".join(line for line in text.splitlines()[:10] if line.startswith("#"))
    assert "MIT License" in header
    assert "zxcvbn" in header
    words = common_passwords()
    assert len(words) > 20_000
    assert {"123456", "password", "qwertyuiop"} <= words
    assert not any(w.startswith("#") for w in words)


def test_hash_is_argon2id_with_documented_parameters() -> None:
    hashing = PasswordHashing.default()
    stored = hashing.hash("violet tram kettle orbit")
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert ARGON2_PARAMETERS.memory_cost == 65_536
    assert hashing.verify(stored, "violet tram kettle orbit")
    assert not hashing.verify(stored, "violet tram kettle orbiT")
    assert not hashing.verify("not-a-hash", "x")
    assert not hashing.needs_rehash(stored)


def test_weaker_parameters_need_a_rehash() -> None:
    old = PasswordHashing(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    assert PasswordHashing.default().needs_rehash(old.hash("violet tram kettle orbit"))
