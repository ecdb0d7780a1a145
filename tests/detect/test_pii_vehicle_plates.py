"""Vehicle registration numbers of the UK, Turkey, India and Nigeria, and vehicle
identification numbers (table-driven).

None of them has a check digit: positives are marks built from the issuing authorities' formats,
look-alikes break one structural rule (a letter never issued, a province or state that does not
exist, a wrong letter/digit count) or are ordinary text of the same shape. All but the UK's
current format written with its space count only near a context word: those cases are here too.
"""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from annexa.detect.builtin.vehicle_plates import (
    InVehicleRegistrationDetector,
    NgVehicleRegistrationDetector,
    TrLicensePlateDetector,
    UkVehicleRegistrationDetector,
    VinDetector,
    is_vin,
    uk_age_identifiers,
    vin_check_digit,
)
from annexa.detect.interface import Detector
from annexa.detect.scanner import Scanner
from annexa.settings import ScanSettings
from tests.detect.tables import found, table_tests

UK = UkVehicleRegistrationDetector()
TR = TrLicensePlateDetector()
IN = InVehicleRegistrationDetector()
NG = NgVehicleRegistrationDetector()
VIN = VinDetector()


def vin(without_check: str) -> str:
    """A VIN with its check digit put in the ninth place (``without_check`` has "_" there)."""
    return without_check.replace("_", vin_check_digit(without_check.replace("_", "0")))


VIN_US = vin("1FTFW1E5_JFB12345")  # a North American VIN, check digit computed
VIN_EU = "WVWZZZ1JZXW000001"  # a European VIN: "Z" fills the check digit's place


def scored(detector: Detector, text: str) -> list[tuple[str, float, bool]]:
    scanner = Scanner(ScanSettings(min_score=0.0), detectors=[detector])
    return [(text[f.start : f.end], round(f.score, 2), f.validated) for f in scanner.scan(text)]


POSITIVES = [
    # UK, current format: bare with its space, else near a context word
    (UK, "Seen outside the school: YK21 HWP.", "YK21 HWP"),
    (UK, "(MA68 XZT)", "MA68 XZT"),
    (UK, "Witness noted SV07 LNZ at 9pm", "SV07 LNZ"),
    (UK, "export plate XD55 RTW", "XD55 RTW"),
    (UK, "car reg: yk21hwp", "yk21hwp"),
    (UK, "The vehicle MA68-XZT was towed", "MA68-XZT"),
    (UK, "number plate SV07LNR", "SV07LNR"),
    (UK, "my car reg FY24 EPS", "FY24 EPS"),  # a period prefix, read as a plate near "car reg"
    # UK, older formats, near a context word
    (UK, "my old car reg P472 KDW", "P472 KDW"),
    (UK, "reg no L7 XMT sold at auction", "L7 XMT"),
    (UK, "classic car reg GTX 481R", "GTX 481R"),
    (UK, "VRN: RKV92L", "RKV92L"),
    # Turkey
    (TR, "Araç plakası 06 BK 4721 olarak kayıtlı.", "06 BK 4721"),
    (TR, "plaka: 35 RTK 382", "35 RTK 382"),
    (TR, "licence plate 16F2049", "16F2049"),
    (TR, "34 KLM 57 plakalı araç", "34 KLM 57"),
    (TR, "Aracının plakası 81 ZY 903 idi", "81 ZY 903"),
    (TR, "taşıt 01 AC 553 ruhsatı", "01 AC 553"),
    (TR, "polis aracının plakası 06 A 12345", "06 A 12345"),  # police: one letter, five digits
    # India
    (IN, "vehicle no MH 14 DX 5521", "MH 14 DX 5521"),
    (IN, "My car's registration is TN09BZ4432.", "TN09BZ4432"),
    (IN, "gaadi KA-05-MR-8812 ka challan", "KA-05-MR-8812"),
    (IN, "RTO record DL 7C QW 3391", "DL 7C QW 3391"),
    (IN, "Telangana vehicle TG 08 K 0042", "TG 08 K 0042"),
    (IN, "vehicle no 22 BH 4821 CK", "22 BH 4821 CK"),
    (IN, "registration 23BH0457AA", "23BH0457AA"),
    (IN, "मेरी गाड़ी UP 32 HN 7710 है", "UP 32 HN 7710"),
    # Nigeria
    (NG, "The plate number is KTU-582FD for this car.", "KTU-582FD"),
    (NG, "vehicle EKY 734GH", "EKY 734GH"),
    (NG, "FRSC: LND291KA", "LND291KA"),
    (NG, "plate: ktu-582fd", "ktu-582fd"),
    # VINs: with the check digit bare, without it after a context word
    (VIN, f"Claim for the pickup {VIN_US}, hit on the M25.", VIN_US),
    (VIN, "sample VIN 1M8GDM9AXKP042788 (ISO 3779's example)", "1M8GDM9AXKP042788"),
    (VIN, f"Fahrgestellnummer: {VIN_EU}", VIN_EU),
    (VIN, f"chassis no. {VIN_EU}", VIN_EU),
]

NEGATIVES = [
    # UK: letters DVLA never issues, age identifiers not (yet) issued, periods, other tokens
    (UK, "IK21 HWP and ZA21 HWP and TU21 HWP"),  # no I, Z; no J, T, U as the region letter
    (UK, "YK21 HIP and YK21 HQP"),  # no I, Q among the random letters
    (UK, "YK01 HWP, YK50 HWP, YK00 HWP, YK99 HWP"),  # 01 never issued; 50, 00, 99 not yet
    (UK, "XK21 HWP"),  # export tags are XA-XF
    (UK, "FY24 EPS beat estimates; CY23 GDP and HY25 NPL rose"),
    (UK, "MY24 GTI launch"),
    (UK, "YK21 HWPA, AYK21 HWP, YK21-HWP-2"),
    (UK, "order YK21HWP shipped"),  # no space, no context word
    (UK, "car reg IK21HWP"),
    (UK, "P472 KDW and GTX 481R"),  # older formats: no context word
    (UK, "car reg GTX 481I and GTX 481Z and GTX 048R"),
    (UK, "my car is a BMW 320D"),
    (UK, "car reg p472 kdw"),
    # Turkey: provinces 00 and 82+, letter/digit counts the regulation does not allow
    (TR, "plaka 00 BK 4721 ve 82 BK 4721"),
    (TR, "plaka 06 B 472"),  # one letter takes four or five digits
    (TR, "plaka 06 B 123456"),
    (TR, "plaka 06 BKL 4721"),  # three letters take two or three
    (TR, "plaka 06 BW 472 ve 06 QA 472"),  # no Q, W, X
    (TR, "plaka 06 BK 000"),
    (TR, "taşıt 01 AC 55"),  # two letters take three or four digits
    (TR, "plaka 06 bk 4721"),
    (TR, "car registered 25 DEC 23"),  # a date
    (TR, "06 BK 4721"),  # no context word
    (TR, "tel +90 34 AB 123"),
    # India
    (IN, "vehicle no XX 14 DX 5521"),
    (IN, "vehicle no MH 00 DX 5521 and MH 14 DX 0000"),
    (IN, "vehicle no MH 14 DX 55210 and MH 14 DXAB 5521"),
    (IN, "vehicle no mh 14 dx 5521"),
    (IN, "vehicle no 19 BH 4821 CK and 99 BH 4821 CK"),  # before 2021, in the future
    (IN, "vehicle no 22 BH 4821 CO"),  # no I, O
    (IN, "MH 14 DX 5521 and 22 BH 4821 CK"),  # no context word
    # Nigeria
    (NG, "plate KTUA-582FD and KT-582FD"),
    (NG, "plate KTU-5821FD and KTU-000FD"),
    (NG, "my car has 300hp and 400 km of range"),
    (NG, "car ABC 100KM"),
    (NG, "KTU-582FD"),  # no context word
    # VINs: a wrong check digit with no context word, I/O/Q, inside a longer code, no letters
    (
        VIN,
        f"part {VIN_US[:8]}{(int(VIN_US[8]) + 1) % 10 if VIN_US[8].isdigit() else 0}"
        f"{VIN_US[9:]} shipped",
    ),
    (VIN, f"VIN {VIN_US[:3]}O{VIN_US[4:]}"),
    (VIN, f"sku-{VIN_US}-XL and {VIN_US}A"),
    (VIN, "VIN 11111111111111111"),
    (VIN, f"{VIN_EU} in the build log"),
    (VIN, "commit 4F3A2B1C0D9E8F7A6"),  # hex only: a digest's slice
]

# A bare mark that only its shape tells apart is reported only near a context word.
NEEDS_CONTEXT = [
    (UK, "YK21HWP", "registration"),
    (UK, "MA68-XZT", "vehicle"),
    (UK, "P472 KDW", "reg no"),
    (UK, "GTX 481R", "car reg"),
    (TR, "06 BK 4721", "plaka"),
    (TR, "35 RTK 382", "araç"),
    (TR, "16 F 2049", "license plate"),
    (IN, "MH 14 DX 5521", "vehicle no"),
    (IN, "22 BH 4821 CK", "gaadi"),
    (IN, "KA05MR8812", "RTO"),
    (NG, "KTU-582FD", "plate"),
    (NG, "EKY 734GH", "number plate"),
]


test_finds_with_spans, test_ignores_look_alikes, test_bare_number_needs_a_context_word = (
    table_tests(POSITIVES, NEGATIVES, NEEDS_CONTEXT)
)


@pytest.mark.parametrize(
    ("detector", "number"),
    [(UK, "YK21HWP"), (TR, "06 BK 4721"), (IN, "MH 14 DX 5521"), (NG, "KTU-582FD")],
)
def test_context_word_far_away_does_not_count(detector: Detector, number: str) -> None:
    assert found(detector, f"plate {'x' * 60} {number}") == []
    assert found(detector, f"{number} {'x' * 30} plate") == []
    assert found(detector, f"plate {'x' * 40} {number}") == [(detector.entities[0], number)]


def test_context_word_must_be_whole() -> None:
    assert found(NG, "the card KTU-582FD") == []  # "car" inside "card"
    assert found(UK, "regular YK21HWP") == []
    assert found(NG, "KTU-582FD is my plate") == [("NG_VEHICLE_REGISTRATION", "KTU-582FD")]


def test_uk_bare_mark_scores_lowest_reported_and_is_boosted_near_a_word() -> None:
    assert scored(UK, "noted YK21 HWP") == [("YK21 HWP", 0.4, False)]
    # one finding, not one per rule
    assert scored(UK, "car reg YK21 HWP") == [("YK21 HWP", 0.75, False)]


def test_turkish_words_count_with_suffixes_and_dotless_i() -> None:
    for word in ("Plakası", "plakalı", "ARACIN", "araçlar", "tescilli", "ruhsatında"):
        text = f"{word} 06 BK 4721"
        assert found(TR, text) == [("TR_LICENSE_PLATE", "06 BK 4721")], text
    assert found(TR, "character 06 BK 4721") == []  # "arac" inside a word


def test_hindi_words_count_in_either_spelling() -> None:
    for word in ("गाड़ी", unicodedata.normalize("NFC", "गाड़ी"), "गाडी", "वाहन"):
        text = f"{word} नंबर UP 32 HN 7710"
        assert found(IN, text) == [("IN_VEHICLE_REGISTRATION", "UP 32 HN 7710")], text


@pytest.mark.parametrize(
    ("today", "issued", "not_issued"),
    [
        (date(2001, 9, 1), {"51"}, {"01", "02", "52"}),
        (date(2002, 2, 10), {"51", "02"}, {"01", "52"}),
        (date(2026, 12, 6), {"02", "26", "51", "76"}, {"01", "27", "77", "50", "00"}),
        (date(2027, 2, 10), {"27"}, {"77"}),
        (date(2050, 10, 1), {"49", "99", "50", "00"}, {"01"}),
    ],
)
def test_uk_age_identifiers(today: date, issued: set[str], not_issued: set[str]) -> None:
    ages = uk_age_identifiers(today)
    assert issued <= ages
    assert not ages & not_issued


def test_context_only_detectors_are_keyword_gated() -> None:
    for detector, word in ((TR, "plaka"), (IN, "gaadi"), (NG, "frsc")):
        assert word in detector.keywords
        assert "plate" in detector.keywords
    # the UK detector has a bare rule, so the scanner cannot gate it on keywords
    assert UK.keywords == ()


def test_the_vin_check_digit_is_iso_3779s() -> None:
    """ISO 3779's North American check digit: the worked example "1M8GDM9AXKP042788" has "X"
    (a remainder of 10) in the ninth place; 49 CFR 565 excludes I, O and Q."""
    assert vin_check_digit("1M8GDM9A0KP042788") == "X"
    assert is_vin("1M8GDM9AXKP042788")
    assert is_vin(VIN_US)
    assert not is_vin("1M8GDM9A1KP042788")
    assert not is_vin("1M8GDM9AXKP04278O")
