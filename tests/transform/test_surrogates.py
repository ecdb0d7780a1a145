"""Realistic surrogates: same format, deterministic, unique within a request, restored whole and
streamed."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum import iban, luhn

from annexa.detect.builtin.demographics import DEMONYMS, RELIGIONS
from annexa.detect.interface import Finding
from annexa.policy.interface import Action, FindingDecision, Principal, Target
from annexa.policy.loader import parse_policy
from annexa.transform.pseudonymize import Transformer
from annexa.transform.restore import StreamRestorer, restore
from annexa.transform.surrogates import make_surrogate
from annexa.transform.vault import Vault

TEXT = (
    "Jane Roe (jane.roe@corp.example) paid with 4111 1111 1111 1111"
    " from DE89 3704 0044 0532 0130 00."
)
SPANS = [
    ("PERSON", "Jane Roe"),
    ("EMAIL_ADDRESS", "jane.roe@corp.example"),
    ("CREDIT_CARD", "4111 1111 1111 1111"),
    ("IBAN_CODE", "DE89 3704 0044 0532 0130 00"),
]


def decisions(text: str = TEXT, spans: list[tuple[str, str]] = SPANS) -> list[FindingDecision]:
    out = []
    for entity, value in spans:
        start = text.index(value)
        finding = Finding(entity, start, start + len(value), 1.0, "t")
        out.append(FindingDecision(finding, Action.PSEUDONYMIZE, "r", "x", surrogate=True))
    return out


@pytest.mark.parametrize("seed", range(40))
def test_formats_are_kept_and_checksums_valid(seed: int) -> None:
    card = make_surrogate("CREDIT_CARD", "4111 1111 1111 1111", seed)
    assert luhn.is_valid(card.replace(" ", ""))
    assert [len(g) for g in card.split(" ")] == [4, 4, 4, 4]
    account = make_surrogate("IBAN_CODE", "DE89 3704 0044 0532 0130 00", seed)
    assert iban.is_valid(account)
    assert account.startswith("DE")
    assert len(account) == len("DE89 3704 0044 0532 0130 00")
    phone = make_surrogate("PHONE_NUMBER", "+49 30 1234567", seed)
    assert phone.startswith("+")
    assert [len(p) for p in phone.split(" ")] == [3, 2, 7]
    assert len(make_surrogate("PERSON", "Jane Roe", seed).split()) == 2
    assert (
        make_surrogate("EMAIL_ADDRESS", "a@b.example", seed)
        .rsplit("@", 1)[1]
        .startswith("example.")
    )
    ssn = make_surrogate("US_SSN", "123-45-6789", seed)
    assert (ssn[3], ssn[6], len(ssn)) == ("-", "-", 11)
    for age in ("7", "61", "101"):
        other = make_surrogate("AGE", age, seed)
        assert (other.isdigit(), len(other), other[0]) == (True, len(age), other[0].strip("0"))
    nationality = make_surrogate("NRP", "Russian", seed)
    assert nationality.replace("-", " ").lower() in {d.replace("-", " ") for d in DEMONYMS}
    assert nationality[:1].isupper()
    assert make_surrogate("NRP", "catholic", seed) in RELIGIONS


def test_same_seed_same_surrogate() -> None:
    assert make_surrogate("PERSON", "Jane Roe", 7) == make_surrogate("PERSON", "Jane Roe", 7)
    names = {make_surrogate("PERSON", "Jane Roe", s) for s in range(20)}
    assert len(names) > 10


def test_transform_with_surrogates(vault: Vault) -> None:
    out = Transformer(vault).transform(TEXT, decisions(), "u1")
    for _, value in SPANS:
        assert value not in out.text
    assert sorted(out.placeholders.values()) == sorted(v for _, v in SPANS)
    assert "[[" not in out.text
    again = Transformer(vault).transform(TEXT, decisions(), "u1")
    assert again.text == out.text  # stable across turns
    other = Transformer(vault).transform(TEXT, decisions(), "u2")
    assert other.text != out.text  # another sender gets other look-alikes


def test_no_surrogate_stands_for_two_values(vault: Vault) -> None:
    seed = int(vault.digest("u1", "PERSON", "Jane Roe")[:16], 16)
    squatted = make_surrogate("PERSON", "Jane Roe", seed)
    taken = {squatted: "Somebody Else"}
    out = Transformer(vault).transform(
        "Hi Jane Roe", decisions("Hi Jane Roe", SPANS[:1]), "u1", taken
    )
    assert squatted not in out.text
    (surrogate,) = out.placeholders
    assert taken[surrogate] == "Jane Roe"
    assert taken[squatted] == "Somebody Else"


def test_restore_whole_words_only(vault: Vault) -> None:
    out = Transformer(vault).transform(TEXT, decisions(), "u1")
    name = next(k for k, v in out.placeholders.items() if v == "Jane Roe")
    answer = f"{name} paid. {name}s and x{name} are other words. {name}."
    restored = restore(answer, vault, "u1", out.placeholders)
    assert restored == f"Jane Roe paid. {name}s and x{name} are other words. Jane Roe."
    assert restore(answer, vault, "u1") == answer  # surrogates come only from the request's map


def test_policy_marks_surrogate_entities() -> None:
    policy = parse_policy(
        "surrogates: [PERSON, 'EMAIL_*']\nproviders: {x: {max_level: restricted}}\n"
        "rules:\n  - {id: p, entities: [PERSON, EMAIL_ADDRESS, PHONE_NUMBER],"
        " action: pseudonymize}\n"
        "  - {id: r, action: redact}\n"
    )
    found = [Finding(e, 0, 1, 1.0, "t") for e in ("PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "URL")]
    d = policy.decide(found, Principal("u", "u", "user", "m"), Target("x", "m"))
    assert [fd.surrogate for fd in d.findings] == [True, True, False, False]


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],  # the vault is only read
)
@given(
    pieces=st.lists(
        st.one_of(st.sampled_from([0, 1, 2, 3]), st.text(alphabet="[]_aR s.\n", max_size=5)),
        max_size=12,
    ),
    cuts=st.lists(st.integers(min_value=0, max_value=300), max_size=10),
)
def test_any_chunking_restores_surrogates_like_the_whole(
    vault: Vault, pieces: list[int | str], cuts: list[int]
) -> None:
    out = Transformer(vault).transform(TEXT, decisions(), "u1")
    known = dict(out.placeholders)
    names = [*known][:3]
    ph = Transformer(vault).transform(
        "x", [FindingDecision(Finding("PERSON", 0, 1, 1, "t"), Action.PSEUDONYMIZE, "r", "x")], "u1"
    )
    known.update(ph.placeholders)
    options = [*names, *ph.placeholders]
    text = "".join(options[p] if isinstance(p, int) else p for p in pieces)
    whole = restore(text, vault, "u1", known)
    bounds = [0, *sorted({c for c in cuts if c <= len(text)}), len(text)]
    restorer = StreamRestorer(vault, "u1", known)
    got = "".join(restorer.feed(text[a:b]) for a, b in itertools.pairwise(bounds))
    assert got + restorer.flush() == whole


def test_word_boundary_across_chunks(vault: Vault) -> None:
    out = Transformer(vault).transform(TEXT, decisions(), "u1")
    name = next(k for k, v in out.placeholders.items() if v == "Jane Roe")
    for before in ("xa", "x "):
        whole = restore(before + name + ".", vault, "u1", out.placeholders)
        restorer = StreamRestorer(vault, "u1", out.placeholders)
        got = restorer.feed(before) + restorer.feed(name) + restorer.feed(".") + restorer.flush()
        assert got == whole
    assert whole == "x Jane Roe."
