"""The pattern tier's fast paths give the same answers as the plain ones they replace."""

from __future__ import annotations

import ipaddress
import random
from collections.abc import Callable

import pytest

from annexa.detect import normalize
from annexa.detect.builtin import _regions
from annexa.detect.builtin._base import RegionDetector
from annexa.detect.builtin._regions import AT, HEX, LINK, NUM, TOKEN, regions
from annexa.detect.builtin.es_ids import EsNieDetector, EsNifDetector
from annexa.detect.builtin.ip_address import IpAddressDetector
from annexa.detect.builtin.labels import LabelDetector
from annexa.detect.builtin.pl_ids import PlPeselDetector
from annexa.detect.builtin.uk_ids import UkNinoDetector
from annexa.detect.interface import Finding, ScanContext
from annexa.detect.keywords import KeywordIndex
from annexa.detect.overlap import GENERIC_ENTITIES, rank, resolve
from annexa.detect.pattern import expand_example
from annexa.detect.scanner import _CASED, WARM_UP_SAMPLE, Scanner, _lower
from annexa.settings import ScanSettings


def test_digit_runs_inside_hashes_and_uuids_are_no_number_regions() -> None:
    text = (
        "request_id=54608042-a661-495f-ac76-d080efb9ae03 sha 6d2bb49dca831307c331f0a4 "
        "account 934542, card 4111111111111111, id 12345678-1234"
    )
    found = regions(text)
    numbers = [text[r.start : r.end] for r in found.select(frozenset({NUM}))]
    assert numbers == ["934542", "4111111111111111", "12345678-1234"]
    assert found.select(frozenset({TOKEN})) == []


def test_upper_case_and_short_hex_tokens_are_still_regions() -> None:
    text = "iban DE89370400440532013000 and order 1234567a and bc1qar0srrr7xfkvy5l643"
    found = regions(text)
    tokens = [text[r.start : r.end] for r in found.select(frozenset({TOKEN}))]
    assert "DE89370400440532013000" in tokens
    assert [text[r.start : r.end] for r in found.select(frozenset({NUM}))] == ["1234567"]


@pytest.mark.parametrize(
    "text",
    [
        "Plain ASCII Text",
        "Zoë MÜLLER ǅ İstanbul ẞ",
        "",
        "tab\tNEW\nline\x00",
        "Price £12, €5 -- café FOR Zoë",
        "ΟΔΟΣ Σ Ⅻ Ⓐ ǅ",
        "lone \ud800 SURROGATE é",
    ],
)
def test_lower_matches_str_lower(text: str) -> None:
    """``str.lower``, one character for one: "İ" becomes a plain "i" (``str.lower`` adds a
    combining dot, which would shift every later offset of the copy detectors read)."""
    expected = text.replace("\u0130", "i").lower()
    lower, encoded = _lower(text)
    assert lower == expected
    assert len(lower) == len(text)
    assert encoded == expected.encode("utf-8", "surrogatepass")


def test_context_words_after_a_dotted_capital_i_are_found() -> None:
    text = "İZMİR İSTANBUL: PESEL 44051401359"
    [finding] = Scanner(ScanSettings(), detectors=[PlPeselDetector()]).scan(text)
    assert (text[finding.start : finding.end], finding.score) == ("44051401359", 1.0)


def test_every_character_str_lower_changes_is_one_the_byte_path_leaves_to_it() -> None:
    """The byte-wise lower-casing applies only where ``str.lower`` changes no non-ASCII char."""
    changed = [c for c in map(chr, range(0x80, 0x110000)) if c.lower() != c]
    assert changed
    missed = [c for c in changed if _CASED.search(c.encode("utf-8", "surrogatepass")) is None]
    assert missed == []
    assert _CASED.search(b"ASCII ONLY") is None


def test_keyword_index_reads_given_bytes_like_its_own() -> None:
    index = KeywordIndex(["token", "api-", "pi-k", "key"])
    text = "my api-key token"
    assert index.find(text) == {"token", "api-", "pi-k", "key"}
    assert index.find(text, text.encode()) == index.find(text)


def test_scanner_finds_a_card_next_to_a_uuid() -> None:
    text = "req 54608042-a661-495f-ac76-d080efb9ae03 paid with 4111 1111 1111 1111 today"
    found = [f for f in Scanner().scan(text) if f.entity == "CREDIT_CARD"]
    assert [text[f.start : f.end] for f in found] == ["4111 1111 1111 1111"]


@pytest.mark.parametrize(
    ("detector", "kept", "dropped"),
    [
        (UkNinoDetector(), ["NI AB 12 34 56 C", "nino JG103759A ok"], ["account 934542 ok"]),
        (EsNifDetector(), ["DNI 12345678Z", "NIF 12345678-z."], ["order 12345678 today"]),
        (EsNieDetector(), ["NIE X2482300W", "nie y-2482300-q"], ["ref 2482300 ok", "Q2482300W"]),
    ],
)
def test_region_narrowing_keeps_what_the_rules_can_match(
    detector: RegionDetector, kept: list[str], dropped: list[str]
) -> None:
    for text in kept:
        assert detector.wanted(ScanContext(text, text.lower())), text
        assert list(detector.detect(ScanContext(text, text.lower()))), text
    for text in dropped:
        assert detector.wanted(ScanContext(text, text.lower())) == [], text


@pytest.mark.parametrize(
    "text",
    [
        "STRICTLY CONFIDENTIAL\nbody",
        "xconfidential confidential and strictly   confidential",
        "Internal-Only memo, INTERNAL_ONLY, internalinternal only, internal internal only",
        "Zoë: streng vertraulich, CONFıDENTIAL, ſtrictly confidential, İnternal only",
        "nothing to see",
    ],
)
def test_label_matches_are_those_of_a_full_scan(text: str) -> None:
    detector = LabelDetector(ScanSettings().labels)
    ctx = ScanContext(text, text.lower())
    expected = [m.span() for m in detector._rx.finditer(text)]
    assert [m.span() for m in detector._matches(ctx)] == expected
    assert [(f.start, f.end) for f in detector.detect(ctx)] == expected


def test_keyword_index_on_a_text_dense_with_keywords_is_exact() -> None:
    index = KeywordIndex(["pass", "password", "ghp_", "né le", "zz", "as"])
    text = "pass " * 10_000 + "password né le ghp_"
    assert index.find(text) == {"pass", "password", "né le", "ghp_", "as"}
    assert index.find(text[:5000]) == {"pass", "as"}
    assert index.find_bytes(text.encode()) == index.find(text)
    assert KeywordIndex([]).find(text) == frozenset()


REGION_TEXTS = [
    "2024-01-06T12:00:00 req 54608042-a661-495f-ac76-d080efb9ae03 sha 6d2bb49dca831307c331f0a4",
    "card 4111 1111 1111 1111, ssn 536-22-1234, tel +49 30 1234567, ip 10.0.0.1 ::1 fe80::1",
    "mac 00-1A-2B-3C-4D-5E and 0a1b.2c3d.4e5f, mail a@b.example via https://x.example www.y.de",
    "Zoë paid €12 345 678, IBAN DE89 3704 0044 0532 0130 00 and DE89370400440532013000 ✓",
    "tokens AB12CD34EF bc1qar0srrr7xfkvy5l643 0x" + "ab" * 20 + " 12 34 56 78 90 12 34",
    "",
]


@pytest.mark.parametrize("text", REGION_TEXTS)
def test_region_table_is_that_of_the_reference_classification(text: str) -> None:
    """``regions()`` inlines ``_kind``; the table must be what the reference builds."""
    data = text.encode("utf-8")
    expected: list[tuple[int, bytes]] = []
    for start, end in _regions._spans(data):
        kind = _regions._kind(data[start:end])
        if kind not in (_regions.DATE, _regions.HASH):
            expected.append((kind, data[start:end]))
    found = regions(text)
    got = [r for rs in (*found.by_kind.values(), *found.numbers.values()) for r in rs]
    got.sort(key=lambda r: r.start)
    assert [(r.kind, text[r.start : r.end].encode()) for r in got] == expected
    for r in got:
        if r.kind == NUM:
            value = text[r.start : r.end]
            assert r.digits == sum(c.isdigit() for c in value)
            assert r.seps == "".join(c for c in value if c not in "0123456789()+")


@pytest.mark.parametrize("text", REGION_TEXTS)
def test_region_gate_says_yes_exactly_when_something_would_be_selected(text: str) -> None:
    found = regions(text)
    kinds = [frozenset({k}) for k in (NUM, TOKEN, HEX, AT, LINK)]
    kinds += [frozenset({NUM, TOKEN}), frozenset({NUM, HEX})]
    separators: list[frozenset[str] | None] = [None, frozenset({"", "--", "  "}), frozenset({" "})]
    for wanted in kinds:
        for low, high in [(0, 1000), (6, 6), (9, 9), (12, 30), (13, 15), (100, 1000), (4, 14)]:
            for seps in separators:
                for lengths in ((0, 1_000_000), (10, 12), (20, 40)):
                    gate = _regions.select_gate(wanted, low, high, seps, lengths)
                    accept = None if seps is None else seps.__contains__
                    selected = found.select(wanted, low, high, accept, lengths)
                    may = found.may_select(gate)
                    if lengths[1] < 1_000_000 or TOKEN not in wanted:
                        assert may == bool(selected), (wanted, low, high, seps, lengths)
                    else:  # a wide TOKEN length range counts as any TOKEN region
                        assert may or not selected


def test_scanner_skips_region_detectors_with_nothing_to_look_at() -> None:
    calls: list[str] = []

    class Counting(UkNinoDetector):
        def wanted(self, ctx: ScanContext) -> list[_regions.Region]:
            calls.append(ctx.text)
            return super().wanted(ctx)

    scanner = Scanner(detectors=[Counting()])
    assert scanner.scan("nothing here but words") == []
    assert calls == []
    [finding] = scanner.scan("NI AB 12 34 56 C")
    assert finding.entity == "UK_NINO"
    assert calls == ["NI AB 12 34 56 C"]


def _select_reference(
    found: _regions.Regions,
    kinds: frozenset[int],
    low: int,
    high: int,
    seps: Callable[[str], bool] | None,
    lengths: tuple[int, int],
) -> list[_regions.Region]:
    """``Regions.select`` as first written: every kind and every digit count looked at."""
    out: list[_regions.Region] = []
    for kind in kinds:
        if kind == TOKEN:
            out.extend(
                r
                for r in found.by_kind.get(kind, ())
                if lengths[0] <= r.end - r.start <= lengths[1]
            )
        elif kind != NUM:
            out.extend(found.by_kind.get(kind, ()))
    if NUM in kinds:
        for digits, regs in found.numbers.items():
            if low <= digits <= high:
                out.extend(regs if seps is None else (r for r in regs if seps(r.seps)))
            elif digits > high:
                out.extend(r for r in regs if " " in r.seps)
    return sorted(out, key=lambda r: r.start)


@pytest.mark.parametrize("text", REGION_TEXTS)
def test_region_select_is_the_reference_selection(text: str) -> None:
    found = regions(text)
    for kinds in (frozenset({NUM}), frozenset({NUM, TOKEN}), frozenset({NUM, HEX, AT, LINK})):
        for low, high in [(0, 1000), (2, 2), (4, 6), (9, 9), (12, 30), (100, 1000)]:
            for seps in (None, frozenset({"", "--", "  "}).__contains__):
                for lengths in ((0, 1_000_000), (10, 12)):
                    got = found.select(kinds, low, high, seps, lengths)
                    assert got == _select_reference(found, kinds, low, high, seps, lengths)


def test_keyword_masks_pick_exactly_the_detectors_whose_gate_passes() -> None:
    scanner = Scanner()
    keywords = list(scanner._keywords.keywords)
    rng = random.Random(3)
    for n in [0, 1, 1, 2, 3, 5, 8, 40] * 25:
        hits = frozenset(rng.sample(keywords, n))
        expected = [d for d, gate, _ in scanner._gated if not gate or not hits.isdisjoint(gate)]
        assert [d for d, _ in scanner._to_run(hits)] == expected


def _region_texts() -> list[str]:
    """Every rule example of every detector, and digit runs of many lengths and groupings."""
    texts = [*REGION_TEXTS, WARM_UP_SAMPLE]
    for detector in Scanner().detectors:
        for pattern in getattr(detector, "patterns", ()):
            for template in (*pattern.positives, *pattern.negatives):
                texts.append(expand_example(template, 1).replace("⟦", "").replace("⟧", ""))
    rng = random.Random(7)
    for _ in range(300):
        groups = [str(rng.randrange(10 ** rng.randint(1, 6))) for _ in range(rng.randint(1, 5))]
        texts.append("ref " + rng.choice([" ", "-", ".", "", "  "]).join(groups) + " ok")
    return texts


def test_region_masks_choose_exactly_the_detectors_each_gate_passes() -> None:
    """The scanner's bit-mask selection is, text by text, the reference: the keyword gate of
    ``_to_run`` and each detector's ``Regions.may_select``."""
    scanner = Scanner()
    for text in _region_texts():
        lower, encoded = _lower(text)
        hits = scanner._keywords.find(lower, encoded)
        table = regions(text)
        expected = tuple(
            d for d, gate in scanner._to_run(hits) if gate is None or table.may_select(gate)
        )
        assert scanner._chosen(hits, table) == expected, text


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("mail jane.doe@example.com or see example.org and https://example.net/x", 3),
        ("SEE EXAMPLE.COM AND WWW.EXAMPLE.DE", 2),
        ("no address, link or domain here: file.txt, a.b, user@@", 0),
    ],
)
def test_email_and_url_keyword_gates_keep_their_findings(text: str, found: int) -> None:
    entities = {"EMAIL_ADDRESS", "URL"}
    scanned = [f for f in Scanner().scan(text) if f.entity in entities]
    assert len(scanned) == found
    detectors = [d for d in Scanner().detectors if d.name in ("email", "url")]
    direct = [f for d in detectors for f in d.detect(ScanContext(text, text.lower()))]
    assert sorted((f.start, f.end) for f in direct if f.entity in entities) == sorted(
        (f.start, f.end) for f in scanned
    )


@pytest.mark.parametrize(
    "text",
    [
        *("héllo", "HÉLLO", "he\u200bllo", "Ⅻ", "ａｂｃ", "ǅ", "plain é and ℌ", "Зоя", "зоя\u202e"),
        *("电话13812345678", "电话 13812345678", "IP是192.168.1.10吗", "Ａ电话", "x한국"),
    ],
)
def test_one_set_pass_answers_every_non_ascii_question(text: str) -> None:
    changes = normalize._CHANGES.search(text) is not None
    cased = _CASED.search(text.encode("utf-8")) is not None
    touch = normalize._UNSPACED_TOUCH.search(text) is not None
    assert normalize.marks(text) == (changes, cased, touch)
    assert _lower(text) == (text.lower(), text.lower().encode("utf-8"))


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("host 192.168.1.10/24 and 0.0.0.0 up", ["192.168.1.10/24", "0.0.0.0"]),
        ("mask 255.255.255.255/32, not 256.1.1.1 nor 01.2.3.4", ["255.255.255.255/32"]),
        ("host \u0661\u0669\u0662.\u0661\u0666\u0668.\u0661.\u0661 up", []),
    ],
)
def test_ipv4_matches_are_the_addresses_ipaddress_accepts(text: str, found: list[str]) -> None:
    detector = IpAddressDetector()
    got = [text[f.start : f.end] for f in detector.detect(ScanContext(text, text.lower()))]
    assert got == found
    for value in got:
        ipaddress.ip_interface(value)


def _resolve_reference(findings: list[Finding], min_score: float) -> list[Finding]:
    """``overlap.resolve`` as first written: every finding ranked, kept greedily; before that,
    a web address that strictly holds a specific finding, or a generic one that strictly holds
    a credential, gives way to it."""
    wanted = [f for f in findings if f.score >= min_score]

    def gives_way(f: Finding) -> bool:
        if f.entity not in GENERIC_ENTITIES:
            return False
        return any(
            f.start <= g.start <= g.end <= f.end
            and (g.start, g.end) != (f.start, f.end)
            and g.entity not in GENERIC_ENTITIES
            and (f.entity == "URL" or g.entity == "SECRET")
            for g in wanted
        )

    overlapping = any(
        a is not b and a.start < b.end and b.start < a.end for a in wanted for b in wanted
    )
    if overlapping:
        wanted = [f for f in wanted if not gives_way(f)]
    kept: list[Finding] = []
    for f in sorted(wanted, key=rank):
        if all(f.end <= k.start or k.end <= f.start for k in kept) and not any(
            k.start == f.start for k in kept
        ):
            kept.append(f)
    return sorted(kept, key=lambda f: f.start)


def test_overlap_resolution_equals_the_ranked_greedy_one() -> None:
    rng = random.Random(11)
    entities = ["EMAIL_ADDRESS", "URL", "PHONE_NUMBER", "DATE_TIME", "SECRET"]
    for _ in range(2000):
        findings = []
        for _ in range(rng.randint(0, 6)):
            start = rng.randint(0, 40)
            findings.append(
                Finding(
                    entity=rng.choice(entities),
                    start=start,
                    end=start + rng.randint(1, 12),
                    score=rng.choice([0.3, 0.5, 0.85, 1.0]),
                    detector=rng.choice(["a", "b"]),
                    validated=rng.random() < 0.3,
                )
            )
        for min_score in (0.0, 0.5):
            assert resolve(findings, min_score) == _resolve_reference(findings, min_score)


@pytest.mark.parametrize(
    ("text", "window_end"),
    [
        ("id 123 then 1850317123450-4 more", "1850317123450-4"),  # a joined token, whole
        ("id 123 then v1.2.3 more", "v1.2.3"),
        ("id 123 then 98765 more", "98765"),
        ("id 123 then ab- more", "then ab"),  # a mark that joins nothing is left out
    ],
)
def test_a_window_ends_after_the_whole_token_it_reaches(text: str, window_end: str) -> None:
    """A window cut inside "1850317123450-4" would hide the "-4" from a rule's look-ahead,
    which would then take "1850317123450" for a whole number."""
    start = text.index("123")
    region = _regions.Region(NUM, start, start + 3, 3, "")
    [(lo, hi)] = _regions.windows(text, [region], before=0, after=8)
    assert text[lo:hi].endswith(window_end)
