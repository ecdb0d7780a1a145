"""Evasions end to end: the Scanner finds values hidden by each evasion, offsets in the original."""

from __future__ import annotations

import base64
import html
import json
import urllib.parse

import pytest

from annexa.detect import decode
from annexa.detect.normalize import views
from annexa.detect.pattern import Pattern, PatternDetector
from annexa.detect.scanner import Scanner
from annexa.errors import ScanError
from annexa.settings import ScanSettings

EMAIL = "john.doe@example.com"
SSN = "078-05-1120"
CARD = "4111111111111111"


class EmailLike(PatternDetector):
    name = "test_email"
    entities = ("EMAIL_ADDRESS",)
    patterns = (Pattern("email", r"\b[a-z.]{1,32}@[a-z]{1,32}\.[a-z]{2,6}\b", 0.9),)


class SsnLike(PatternDetector):
    name = "test_ssn"
    entities = ("US_SSN",)
    patterns = (Pattern("ssn", r"\b\d{3}-?\d{2}-?\d{4}\b", 0.9),)


class CardLike(PatternDetector):
    name = "test_card"
    entities = ("CREDIT_CARD",)
    patterns = (Pattern("card", r"\b4\d{15}\b", 0.9),)


def scan(text: str, depth: int = 2) -> list[tuple[str, str]]:
    """(entity, original text of the span) for every finding."""
    settings = ScanSettings(min_score=0.0, decode_depth=depth)
    found = Scanner(settings, detectors=[EmailLike(), SsnLike(), CardLike()]).scan(text)
    return [(f.entity, text[f.start : f.end]) for f in found]


def b64(value: str) -> str:
    return base64.b64encode(value.encode()).decode()


@pytest.mark.parametrize(
    ("hidden", "entity"),
    [
        ("јоhn.dое@ехаmрlе.соm", "EMAIL_ADDRESS"),  # Cyrillic look-alikes
        ("ϳohn.doe@examρle.com", "EMAIL_ADDRESS"),  # Greek look-alikes
        ("ｊｏｈｎ.ｄｏｅ@ｅｘａｍｐｌｅ.ｃｏｍ", "EMAIL_ADDRESS"),  # fullwidth
        ("𝐣𝐨𝐡𝐧.doe@example.com", "EMAIL_ADDRESS"),  # mathematical bold
        ("jo\u200bhn.d\u200doe@exa\u2060mple.com", "EMAIL_ADDRESS"),  # zero-width
        ("john.doe@\u202eexample.com", "EMAIL_ADDRESS"),  # bidi override
        ("0\u200b78-05-1120", "US_SSN"),
        ("٠٧٨-٠٥-١١٢٠", "US_SSN"),  # Arabic-Indic digits
        ("078\u201105\u20111120", "US_SSN"),  # non-breaking hyphens
        ("078\u201305\u20131120", "US_SSN"),  # en dashes, as a word processor writes them
        ("078\u221205\u22121120", "US_SSN"),  # minus signs
    ],
)
def test_folded_evasions_map_to_the_exact_span(hidden: str, entity: str) -> None:
    text = f"Please forward to {hidden} today."
    assert scan(text) == [(entity, hidden)]


@pytest.mark.parametrize(
    ("hidden", "entity"),
    [
        ("4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1", "CREDIT_CARD"),
        ("4-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1", "CREDIT_CARD"),
        ("4111.1111.1111.1111", "CREDIT_CARD"),
        ("0.7.8-0.5-1.1.2.0", "US_SSN"),
        ("078 - 05 - 1120", "US_SSN"),
    ],
)
def test_split_digits_map_to_the_whole_run(hidden: str, entity: str) -> None:
    text = f"the number is {hidden}, thanks"
    assert scan(text) == [(entity, hidden)]


def test_base64_finding_maps_to_the_quanta_that_encode_it() -> None:
    blob = b64(f"please pay to card {CARD} now")
    text = f"payload: {blob} end"
    [(entity, span)] = scan(text)
    assert entity == "CREDIT_CARD"
    assert span in blob
    assert len(span) < len(blob)  # a sub-span, not the whole blob
    assert CARD in base64.b64decode(span + "=" * (-len(span) % 4)).decode("utf-8", "replace")


def test_base64url_without_padding() -> None:
    blob = base64.urlsafe_b64encode(f"ssn={SSN}&x=?>?>".encode()).decode().rstrip("=")
    [(entity, span)] = scan(f"token {blob}")
    assert entity == "US_SSN"
    assert span in blob


@pytest.mark.parametrize(
    "encode",
    [
        lambda v: urllib.parse.quote(v, safe=""),
        lambda v: "".join(f"&#{ord(c)};" for c in v),
        lambda v: "".join(f"&#x{ord(c):x};" for c in v),
        lambda v: v.replace("@", "&commat;").replace(".", "&period;"),
    ],
    ids=["percent", "decimal-entities", "hex-entities", "named-entities"],
)
def test_escapes_map_to_the_exact_escaped_span(encode: object) -> None:
    assert callable(encode)
    hidden = encode(EMAIL)
    assert hidden != EMAIL
    text = f"mail {hidden} please"
    assert scan(text) == [("EMAIL_ADDRESS", hidden)]


@pytest.mark.parametrize("form", ["{hex}", "0x{hex}", "{escaped}"])
def test_hex_maps_to_the_exact_bytes(form: str) -> None:
    value = f"ssn {SSN} on file"
    hexed = value.encode().hex()
    escaped = "".join(f"\\x{b:02x}" for b in value.encode())
    hidden = form.format(hex=hexed, escaped=escaped)
    [(entity, span)] = scan(f"dump: {hidden} ;")
    assert entity == "US_SSN"
    digits = span.replace("\\x", "")
    assert bytes.fromhex(digits).decode() == SSN


def test_nested_base64_maps_into_the_outer_blob() -> None:
    blob = b64(b64(f"contact {EMAIL} soon"))
    text = f"x {blob} y"
    [(entity, span)] = scan(text, depth=2)
    assert entity == "EMAIL_ADDRESS"
    assert span in blob
    assert scan(text, depth=1) == []  # one level is not enough


def test_combination_homoglyphs_inside_base64_and_split_digits_inside_url_encoding() -> None:
    homoglyph_blob = b64("mail јоhn.doe@ехаmрlе.соm now")
    url = urllib.parse.quote("card 4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 end", safe="")
    text = f"a {homoglyph_blob} b {url} c"
    found = dict(scan(text))
    assert found["EMAIL_ADDRESS"] in homoglyph_blob
    assert found["CREDIT_CARD"] == urllib.parse.quote("4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1", safe="")


def test_html_entities_inside_a_base64_blob() -> None:
    blob = b64(html.escape("ssn: ") + "".join(f"&#{ord(c)};" for c in SSN) + " ok")
    [(entity, span)] = scan(f"<{blob}>")
    assert entity == "US_SSN"
    assert span in blob


def test_a_string_with_escaped_line_breaks_is_read_as_its_lines() -> None:
    """A JSON log or a program's repr holds a mail as one string: its lines are read as lines
    (a name under a closing), and every finding maps to the characters that wrote it."""
    mail = 'Hi,\nthe card is 4111111111111111.\n\nBest regards,\nHolly Cordova\n"ops" team'
    text = 'log {"level": "info", "body": ' + json.dumps(mail) + "}"
    [blob] = decode.find(text)[0]
    assert blob.text == "\n" + mail + "\n"
    assert (text[blob.start], text[blob.end - 1]) == ('"', '"')  # the quotes read as breaks
    for i, ch in enumerate(blob.text[1:-1], start=1):
        written = text[slice(*blob.spans[i])]
        assert json.loads(f'"{written}"') == ch
    found = {(f.entity, text[f.start : f.end]) for f in Scanner(ScanSettings(ner=False)).scan(text)}
    assert ("PERSON", "Holly Cordova") in found
    assert ("CREDIT_CARD", CARD) in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("print('Regards,\\nAnna Keller\\n')", "Anna Keller"),  # Python's single quotes
        ('{"to": "Dear Mr Smith,\\r\\nplease call"}', "Smith"),
    ],
)
def test_single_quoted_and_cr_lf_escaped_strings(text: str, expected: str) -> None:
    found = [text[f.start : f.end] for f in Scanner(ScanSettings(ner=False)).scan(text)]
    assert expected in found


def test_a_line_of_escaped_text_without_its_quotes_is_read_as_its_lines() -> None:
    """The inside of a JSON string, copied without its quotes: one line, escaped breaks."""
    mail = "Hi,\nthe card is 4111111111111111.\n\nBest regards,\nHolly Cordova\n"
    text = json.dumps(mail)[1:-1]
    assert "\n" not in text
    found = {(f.entity, text[f.start : f.end]) for f in Scanner(ScanSettings(ner=False)).scan(text)}
    assert ("PERSON", "Holly Cordova") in found
    assert ("CREDIT_CARD", CARD) in found
    # one escaped break is not enough, nor a Windows path
    assert decode.find("C:\\new\\nathan\\notes.txt")[0] == []
    assert decode.find("one\\ntwo")[0] == []


@pytest.mark.parametrize(
    "text",
    [
        '{"name": "build", "path": "C:/tmp/new"}',  # no escaped line break
        'path = "C:\\Users\\nathan"\nnext = "line"',  # a line break outside the quotes
        "it's a \\n escape, isn't it",  # an apostrophe is no string: the quotes span lines
    ],
)
def test_strings_without_an_escaped_line_break_are_not_decoded(text: str) -> None:
    blobs, _ = decode.find(text)
    assert [b for b in blobs if b.text.startswith("\n")] == []


def test_a_blob_inside_an_escaped_string_is_decoded_at_the_same_depth() -> None:
    inner = b64(f"contact {EMAIL} soon")
    text = '{"msg": "line one\\nblob ' + inner + '\\nend"}'
    [(entity, span)] = scan(text, depth=1)
    assert entity == "EMAIL_ADDRESS"
    assert span in inner


def test_an_escape_before_an_address_is_no_part_of_it() -> None:
    text = '{"text": "Contact:\\nanna.keller@example.com"}'
    found = [text[f.start : f.end] for f in Scanner(ScanSettings(ner=False)).scan(text)]
    assert found == ["anna.keller@example.com"]


def test_clean_ascii_text_yields_exactly_one_identity_view() -> None:
    text = "Meeting at 10:30 on 2024-05-01 about release 1.2.3; host 10.0.0.1, room 12 B."
    [view] = list(views(text, decode_depth=4))
    assert view.text == text
    assert view.is_identity


@pytest.mark.parametrize(
    "text",
    [
        "build id 8f14e45fceea167a5a36dedd4bea2543 failed",  # a hash: hex of random bytes
        "path /usr/local/lib/python3.11/site-packages ok",
        "identifier get_user_by_email_address_and_tenant()",
        "see https://example.com/a%20b for details",  # %20 decodes, but to nothing sensitive
    ],
)
def test_ordinary_tokens_produce_no_findings(text: str) -> None:
    assert scan(text) == []


def test_decoy_blobs_do_not_exhaust_the_decoder() -> None:
    decoys = "&#97; %41 " * 3_000
    hidden = "".join(f"&#{ord(c)};" for c in EMAIL)
    text = f"{decoys}mail {hidden} end"
    assert scan(text) == [("EMAIL_ADDRESS", hidden)]


def test_a_normalisation_failure_fails_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(text: str, regions: object = None) -> object:
        raise IndexError("bug")

    monkeypatch.setattr(decode, "find", broken)
    with pytest.raises(ScanError, match="normalisation failed"):
        scan("anything at all")


def test_many_escaped_strings_are_decoded_in_linear_time() -> None:
    """A generated data file holds thousands of escaped strings (each a blob candidate): they
    are merged with the other blobs in one pass, not compared pairwise."""
    row = '    "4930": {"de": u"Berl\\u00edn \\u00a9", "en": "Ber\\nlin"},\n'
    text = "DATA = {\n" + row * 20_000 + "}\n"
    blobs, _ = decode.find(text)
    assert len(blobs) >= 20_000
    assert [b.start for b in blobs] == sorted(b.start for b in blobs)
