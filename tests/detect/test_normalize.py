"""Normalisation: folding, the fast path, and the offset map of every view."""

from __future__ import annotations

import base64
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annexa.detect.decode import find, is_split_evasion
from annexa.detect.homoglyphs import FOLD, HYPHENS, fold_table
from annexa.detect.normalize import _EMPHASIS, TextView, is_clean, layout, normalize, views
from annexa.detect.scanner import Scanner
from annexa.settings import ScanSettings


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("јоhn", "john"),  # Cyrillic je, o
        ("ΒΕΤΑ ΡΑΤΗ", "BETA PATH"),  # Greek capitals
        ("ｆｕｌｌ１２", "full12"),  # fullwidth (NFKC)
        ("𝐛𝐨𝐥𝐝 𝟒𝟐", "bold 42"),  # mathematical bold (NFKC)
        ("٤١١١ ۴۵", "4111 45"),  # Arabic-Indic and Persian digits
        ("a\u200bb\u200dc\u2060d\ufeff", "abcd"),  # zero-width characters
        ("x\u202ey\u2066z\u2069", "xyz"),  # bidi override and isolates
        ("t\U000e0041a\U000e0062g", "tag"),  # tag characters
        ("z̷a̴l̸g̵o", "zalgo"),  # combining marks
        ("soft\u00adhyphen", "softhyphen"),
    ],
)
def test_normalize_folds_evasions(text: str, expected: str) -> None:
    view = normalize(text)
    assert view.text == expected
    assert not is_clean(text)


@pytest.mark.parametrize(
    "text",
    ["plain ascii", "Grüße aus München", "£ 20 and € 30", "東京都", "naïve"],
)
def test_clean_text_is_its_own_view(text: str) -> None:
    assert is_clean(text)
    view = normalize(text)
    assert view.text == text
    assert view.is_identity


def test_every_character_maps_back_to_the_character_it_came_from() -> None:
    text = "Ｊо\u200bhn ℌ ﬁle"
    view = normalize(text)
    assert view.text == "John H file"
    for i, ch in enumerate(view.text):
        start, end = view.to_original(i, i + 1)
        assert end == start + 1
        source = text[start]
        assert ch in normalize(source).text  # each piece comes from its own source character
    # the ligature ﬁ is one original character for two view characters
    i = view.text.index("fi")
    assert view.to_original(i, i + 2) == (text.index("ﬁ"), text.index("ﬁ") + 1)


def test_cyrillic_text_is_folded_in_place() -> None:
    text = "Оплата: ІВАN"  # Cyrillic with look-alikes of Latin capitals
    view = normalize(text)
    assert view.text.endswith("IBAN")
    assert len(view.text) == len(text)
    assert view.to_original(len(text) - 4, len(text)) == (len(text) - 4, len(text))


def test_fold_table_only_maps_to_ascii_letters_and_digits() -> None:
    table = fold_table()
    assert len(table) > 500
    assert all(v.isascii() and (v.isalnum() or v == "-") and len(v) == 1 for v in table.values())
    assert [chr(k) for k, v in table.items() if v == "-"] == list(HYPHENS)  # dashes: a hyphen
    assert all(not chr(k).isascii() for k in table)
    assert (table[ord("а")], table[ord("І")], table[ord("٣")]) == ("a", "I", "3")
    assert set(FOLD) <= set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
    assert ord("З") not in table  # a letter that looks like a digit stays a letter


def test_folding_and_lower_case_commute() -> None:
    table = fold_table()
    chars = {v for k in table for v in (chr(k), chr(k).lower(), chr(k).upper()) if len(v) == 1}
    for c in chars:
        assert c.translate(table).lower() == c.lower().translate(table).lower(), c


def test_text_view_offsets_with_base() -> None:
    view = TextView("abc", base=10)
    assert view.to_original(1, 3) == (11, 13)
    assert view.span(0) == (10, 11)


@pytest.mark.parametrize(
    "run",
    [
        "4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1",
        "0.7.8-0.5-1.1.2.0",
        "078 - 05 - 1120",
        "4111.1111.1111.1111",
        "4111 / 1111 / 1111 / 1111",
    ],
)
def test_split_numbers_are_evasions(run: str) -> None:
    assert is_split_evasion(run)


@pytest.mark.parametrize(
    "run",
    [
        "2019-05-01",
        "192.168.100.200",
        "1 555 123 4567",
        "2024-01-15 10 11",
        "1.2.3",
        "10 - 20",
        "10 20 30 40 50 60 70",  # a row of a table
        "2024-01-15 10 11 12 13 14 15",
        "4111 1111 1111 1111",  # the usual grouping: detectors read it as it is
        "5555-5555-5555-4444",
        "0.99 / 0.27 / 0.42",  # figures listed: precision / recall / F1
        "1.00 / 0.99 / 1.00 / 12.5",
    ],
)
def test_ordinary_numbers_are_not_evasions(run: str) -> None:
    assert not is_split_evasion(run)


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            [*"ab1 2.-=%&#;x", "\u200b", "а", "ﬁ", "٣", "\u0301", "ｆ", "4", "0", "A", "Q"]
        ),
        max_size=80,
    )
)
def test_every_view_maps_inside_the_original(text: str) -> None:
    for view in views(text, decode_depth=2):
        n = len(view.text)
        if view.is_identity:
            assert view.text == text
            continue
        for i in range(n):
            start, end = view.to_original(i, i + 1)
            assert 0 <= start <= end <= len(text)


def test_derived_view_context_holds_whole_tokens_only() -> None:
    blob = base64.b64encode(b"ssn 078-05-1120 ok").decode()
    text = "word " * 3 + "k" * 100 + "=" + blob + "&" + "z" * 10 + " end"
    [_, decoded] = list(views(text, decode_depth=1))
    assert decoded.text.startswith("k" * 100 + "=ssn 078-05-1120 ok")
    assert decoded.to_original(0, 1) == (15, 16)  # the token's first character
    far = "q" * 400 + ":" + blob + " end"  # no whitespace anywhere near: no left context
    [_, decoded] = list(views(far, decode_depth=1))
    assert decoded.text.startswith("ssn 078-05-1120 ok")


@pytest.mark.parametrize(
    ("encoded", "decoded", "spans"),
    [
        ("%C3%A9t%C3%A9", None, None),  # literal "t" between escapes: two runs
        ("&#233;&#116;&amp;", "ét&amp;", [(0, 6), (6, 12), (12, 13)]),  # &amp; stays markup
        ("\\x41\\x42\\x43\\x44", "ABCD", [(0, 4), (4, 8), (8, 12), (12, 16)]),
        # JSON string escapes in a token: an escaped slash, a \uXXXX, a surrogate pair
        (
            "https:\\/\\/a.example",
            "https://a.example",
            [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 8), (8, 10)],
        ),
        ("m.k\\u0040ex.io", "m.k@ex.io", [(0, 1), (1, 2), (2, 3), (3, 9), (9, 10)]),
        ("a\\ud83d\\ude00b", "a\U0001f600b", [(0, 1), (1, 13), (13, 14)]),
    ],
)
def test_decoded_characters_map_to_their_own_encoding(
    encoded: str, decoded: str | None, spans: list[tuple[int, int]] | None
) -> None:
    blobs, _ = find(f" {encoded} ")
    if decoded is None:
        assert [b.text for b in blobs] == ["é", "é"]
        assert [b.spans for b in blobs] == [((1, 7),), ((8, 14),)]
        return
    [blob] = blobs
    assert blob.text == decoded
    assert spans is not None
    assert [(a - 1, b - 1) for a, b in blob.spans[: len(spans)]] == spans


def test_digits_regrouped_with_invisible_characters_are_collapsed() -> None:
    # a zero-width space and a bidi override break the usual 4-4-4-4 grouping into 8-4-4
    text = "card 4\u200b111\u202e1111 1111 1111 ok"
    [_, collapsed] = list(views(text))
    assert "4111111111111111" in collapsed.text
    [found] = Scanner().scan(text)
    assert (found.entity, text[found.start : found.end]) == (
        "CREDIT_CARD",
        "4\u200b111\u202e1111 1111 1111",
    )
    # the same grouping typed without invisible characters is read as it stands
    assert len(list(views("card 41111111 1111 1111 ok"))) == 1


def test_a_lone_surrogate_escape_stays_as_written() -> None:
    [blob] = find(" ab\\ud83dc\\/d ")[0]
    assert blob.text == "ab\\ud83dc/d"  # no lone surrogate reaches the scan: it fails closed


def test_json_escapes_hide_no_address_or_password() -> None:
    scanner = Scanner()
    text = '{"contact": "maria.keller\\u0040example.com"}'
    [found] = scanner.scan(text)
    assert (found.entity, text[found.start : found.end]) == (
        "EMAIL_ADDRESS",
        "maria.keller\\u0040example.com",
    )
    text = '{"dsn": "https:\\/\\/app:S3cr3tPassw0rd@db.example.com\\/x"}'
    found_ = [(f.entity, text[f.start : f.end]) for f in scanner.scan(text)]
    assert ("SECRET", "S3cr3tPassw0rd") in found_
    assert all(entity != "EMAIL_ADDRESS" for entity, _ in found_)


def test_split_digits_inside_a_word_are_not_collapsed() -> None:
    assert find("id=372c589c-c400-4927-9456-1-2-3-4-5-6-541dcbcc8e58")[1] == []
    assert find("card 4111 / 1111 / 1111 / 1111.")[1] == [(5, 30)]
    assert find("GET /api/orders/12345678/items/87654321")[1] == []  # a path, no spaced slash
    assert find("card: 4-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1.")[1] == [(6, 37)]


def test_base64_characters_map_to_their_quanta() -> None:
    token = base64.b64encode("abcdefgh é!xyz".encode()).decode()  # é: bytes 9 and 10
    [blob] = find(f"x {token} y")[0]
    assert blob.text == "abcdefgh é!xyz"
    assert blob.spans[0] == (2, 6)  # byte 0: the first quantum, token characters 0-3
    assert blob.spans[9] == (14, 18)  # é: bytes 9-10, the fourth quantum (characters 12-15)


@pytest.mark.parametrize(
    "text",
    [
        "sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "id 550e8400-e29b-41d4-a716-446655440000",
        "path/to/some_module_name/with_long_identifiers.py",
        "aGVsbG8gd29y",  # too short
    ],
)
def test_ordinary_tokens_are_not_decoded(text: str) -> None:
    assert find(text) == ([], [])


@given(st.text(alphabet=st.sampled_from(list("0123456789 .-")), max_size=60))
def test_any_digit_run_is_judged_without_error(run: str) -> None:
    assert is_split_evasion(run) in (True, False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("> Best regards,\n> Anna", "  Best regards,\n  Anna"),
        (">> nested\n> > spaced\n>>text", "   nested\n    spaced\n  text"),
        ("> top\n  > indented\n\t> tab", "  top\n    indented\n\t  tab"),
        ("line one\r\nline two\r\n", "line one\r\nline two\r\n"),
        ("old\rmac\rtext", "old\nmac\ntext"),
        ("> quoted\r\n> reply\r", "  quoted\r\n  reply\n"),
        ("Thanks,<br>Holly<BR/>x", "Thanks,   \nHolly    \nx"),  # HTML's line breaks
        ("<p>Hi <b>Anna</b></p>\nnext", "  \nHi    Anna        \nnext"),  # one line end
        ("<td>Anna Keller</td><td>ops</td>", "    Anna Keller         ops     "),
        ("- **Name:** Anna Keller", "-   Name:   Anna Keller"),  # Markdown's emphasis
        ("Best regards,\n*Holly Cordova*", "Best regards,\n Holly Cordova "),
    ],
)
def test_layout_reads_quoted_lines_old_line_ends_and_html_one_character_for_one(
    text: str, expected: str
) -> None:
    view = layout(TextView(text))
    assert view.text == expected
    assert len(view.text) == len(text)  # offsets do not move
    assert view.is_identity


@pytest.mark.parametrize(
    "text",
    [
        "a -> b, x > 3 and y<z",  # arrows, comparisons and tags inside lines
        "if x >= 2:\n    y = a >> 1",
        "plain text\nwith lines",
        "<password>s3cr3t-value</password>",  # an element whose name says what it holds
        '<p class="note">x <div id=main>',  # tags with attributes
        "List<String> names; if (a<b && c>d)",
        "f(**kwargs) and 2**8 and a * b and ls *.py and int *a, *b;",  # no emphasis
    ],
)
def test_layout_leaves_other_text_alone(text: str) -> None:
    view = TextView(text)
    assert layout(view) is view


@pytest.mark.parametrize(
    "text",
    [
        "Thanks for the update.\n\nBest regards,\nHolly Cordova\nSenior Engineer\n",
        "From: Holly Cordova\nSent: Monday, 3 March 2025 10:42\nTo: Mark Lewis\n"
        "Subject: Invoice\n\nPlease send it to Anna Keller.\n",
        "[10:42] Tobias Krüger: the card is 4111 1111 1111 1111\nAnna: thanks, Tobias\n",
        "Attendees: Priya Raman, Tobias Krüger, Léa Martin\nKey: AKIA" + "Q3EXAMPLEKEY7ZZ9\n",
    ],
)
@pytest.mark.parametrize(
    "form",
    ["quoted", "nested", "crlf", "cr", "quoted crlf", "html", "markdown breaks", "markdown bold"],
)
def test_quoted_replies_and_other_line_ends_find_what_the_plain_text_finds(
    text: str, form: str
) -> None:
    """A quoted reply, a Windows or old Mac paste, an HTML mail's source and Markdown's line
    breaks are found as the plain text is: the same entities on the same characters."""
    changed = {
        "quoted": "> " + text.replace("\n", "\n> "),
        "nested": ">> " + text.replace("\n", "\n>> "),
        "crlf": text.replace("\n", "\r\n"),
        "cr": text.replace("\n", "\r"),
        "quoted crlf": "> " + text.replace("\n", "\r\n> "),
        "html": "<p>" + text.replace("\n", "<br>") + "</p>",
        "markdown breaks": text.replace("\n", "  \n"),
        "markdown bold": "\n".join(f"**{line}**" if line else line for line in text.split("\n")),
    }[form]
    scanner = _plain_scanner()
    want = sorted((f.entity, text[f.start : f.end]) for f in scanner.scan(text))
    got = sorted((f.entity, changed[f.start : f.end].rstrip()) for f in scanner.scan(changed))
    assert any(entity == "PERSON" for entity, _ in want)
    assert got == want


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("手机号码是13812345678吗", "手机号码 13812345678 "),
        ("邮箱是anna@example.org，谢谢", "邮箱 anna@example.org，谢谢"),
        ("電話番号は090-1234-5678です", "電話番号 090-1234-5678 す"),
        ("번호는 010-1234-5678입니다", "번호는 010-1234-5678 니다"),
        ("โทร0812345678ครับ", "โท 0812345678 รับ"),
    ],
)
def test_layout_blanks_unspaced_script_characters_that_touch_latin_letters_and_digits(
    text: str, expected: str
) -> None:
    view = layout(TextView(text))
    assert view.text == expected
    assert view.written == text  # keywords and context words are read in the text as written
    assert view.is_identity


@pytest.mark.parametrize(
    "text", ["只有中文，没有数字。", "日本語のテキスト", "한국어 텍스트 2024 년", "Café 12 €"]
)
def test_layout_leaves_unspaced_scripts_apart_from_latin_alone(text: str) -> None:
    view = TextView(text)
    assert layout(view) is view


# Values written straight against Chinese, Japanese, Korean and Thai words, and what stays quiet
UNSPACED = [
    ("我的手机号码是13812345678", [("PHONE_NUMBER", "13812345678")]),
    ("联系电话13812345678，谢谢", [("PHONE_NUMBER", "13812345678")]),
    ("我的邮箱是anna.li@example.com，谢谢", [("EMAIL_ADDRESS", "anna.li@example.com")]),
    ("私の携帯は09012345678です", [("PHONE_NUMBER", "09012345678")]),
    ("電話番号は090-1234-5678です", [("PHONE_NUMBER", "090-1234-5678")]),
    ("휴대폰 번호는 01012345678입니다", [("PHONE_NUMBER", "01012345678")]),
    ("카드 번호는 4111111111111111입니다", [("CREDIT_CARD", "4111111111111111")]),
    ("IP地址是192.168.1.10吗", [("IP_ADDRESS", "192.168.1.10")]),
    ("โทร0812345678ครับ", [("PHONE_NUMBER", "0812345678")]),
    ("订单号13812345678已发货", []),  # an order's number: no phone word
    ("共有13812345678人", []),
    ("版本v2.0发布了", []),
]


@pytest.mark.parametrize(("text", "expected"), UNSPACED)
def test_values_against_words_of_unspaced_scripts_are_found_with_their_own_span(
    text: str, expected: list[tuple[str, str]]
) -> None:
    found = [(f.entity, text[f.start : f.end]) for f in _plain_scanner().scan(text)]
    assert found == expected


_SCANNERS: dict[str, Scanner] = {}


def _plain_scanner() -> Scanner:
    if "plain" not in _SCANNERS:
        _SCANNERS["plain"] = Scanner(ScanSettings(ner=False))
    return _SCANNERS["plain"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([*"ab A>*<brpdiv/\r\n\t_:", "<br>", "</p>", "**", "> ", "\n> "]),
        max_size=80,
    ).map("".join)
)
def test_layout_keeps_every_offset(text: str) -> None:
    """The layout view changes marks into blanks or line breaks, one character for one: every
    other character stays where it was."""
    out = layout(TextView(text)).text
    assert len(out) == len(text)
    assert all(a == b or b in " \n" for a, b in zip(text, out, strict=True))


# The emphasis expression as first written: its look-behind opens it, so ``re`` tried it at
# every character. The one in use opens with the "*" (a twentieth of the cost on code).
_EMPHASIS_AS_WRITTEN = re.compile(
    r"(?<![\w*])(\*\*?)(?=[^\s*])[^\n*]{0,300}?(?<=[^\s*])(\1)(?![\w*])"
)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([*"*ab _\n1.", "**", " *", "* "]), max_size=40).map("".join))
def test_emphasis_expression_matches_what_its_first_form_matched(text: str) -> None:
    """Opening the emphasis expression with its literal changed its cost, not its matches."""
    old = [(m.span(), m.group(1)) for m in _EMPHASIS_AS_WRITTEN.finditer(text)]
    assert [(m.span(), m.group(1)) for m in _EMPHASIS.finditer(text)] == old


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("__Name:__ Anna Keller", "  Name:   Anna Keller"),
        ("Thanks,\n__Anna Keller__\nACME", "Thanks,\n  Anna Keller  \nACME"),
        # Python's names keep their underscores
        ('return __name__ == "__main__"', 'return __name__ == "__main__"'),
        ("def __init__(self): pass", "def __init__(self): pass"),
        ("x = a__b c__d and __token__", "x = a__b c__d and __token__"),
    ],
)
def test_underscore_bold_reads_as_blanks_around_words_not_python_names(
    text: str, expected: str
) -> None:
    assert layout(TextView(text)).text == expected
