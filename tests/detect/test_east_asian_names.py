"""Chinese and Korean names in Latin letters without NER (``east_asian_names``, read by the
name-pair detector): a family name and a given name in either order, table-driven."""

from __future__ import annotations

import pytest

from annexa.detect.builtin import east_asian_names as ea
from annexa.detect.builtin.ner import NamePairDetector
from annexa.detect.interface import ScanContext


def names(text: str) -> list[str]:
    return [
        text[f.start : f.end] for f in NamePairDetector().detect(ScanContext(text, text.lower()))
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # family name first, as in China and Korea; a given name of one or two syllables
        ("The new hire, employee Chen Jing, starts Monday.", ["Chen Jing"]),
        ("Meeting notes: Zhang Wei presented; Liu Yang took notes.", ["Zhang Wei", "Liu Yang"]),
        ("Escalate to Gao Jianguo or Zhou Zihan.", ["Gao Jianguo", "Zhou Zihan"]),
        # given name first, as in English; an apostrophe before a vowel-led syllable
        ("Xiaoming Zhang wrote back to Chen Xi'an.", ["Xiaoming Zhang", "Chen Xi'an"]),
        # Wade-Giles, Hong Kong's and Korea's hyphenated given names
        ("Tsai Ing-wen met Chan Ka-ming", ["Tsai Ing-wen", "Chan Ka-ming"]),
        ("Park Ji-woo and Lee Min-ho joined.", ["Park Ji-woo", "Lee Min-ho"]),
        # Japanese in Hepburn, in either order; macrons and doubled consonants
        ("Kenji Watanabe and Sakura Ito will join.", ["Kenji Watanabe", "Sakura Ito"]),
        ("Please ask Watanabe Kenji.", ["Watanabe Kenji"]),
        (
            "Shōhei Sato and Shinnosuke Kikuchi met Takkun Mori.",
            ["Shōhei Sato", "Shinnosuke Kikuchi", "Takkun Mori"],
        ),
        # Vietnamese without diacritics: a family name and one or two given words
        ("Welcome Thanh Tran and Minh Nguyen.", ["Thanh Tran", "Minh Nguyen"]),
        (
            "Written by Nguyen Van An and Le Thi Mai; ask Minh Anh Nguyen.",
            ["Nguyen Van An", "Le Thi Mai", "Minh Anh Nguyen"],
        ),
    ],
)
def test_family_and_given_names(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # loanwords and places written as two such words
        "We practise Tai Chi and Kung Fu; Feng Shui matters.",
        "Yin Yang and Dim Sum in Hong Kong; the Chang Jiang flows east; Gao Kao results.",
        "Flights to San Juan and Xie Xie to all.",
        # a family name before an English word that reads as pinyin, and English words leading
        "Wang Time, Li Line, Chen China, Zhang Beijing; He Jun said; An Ming vase; Long Ping",
        # code
        "from models import Chen Jing",
        "Li Wei Chen Group",  # a longer capitalised run
        # Japanese places, makers, loanwords and English words beside a family name
        "Tokyo Tanaka, Open Data Sato, Suzuki Swift, Honda Civic, Yamaha Piano, Sushi Sato",
        "Same Ito; Karate Kato; Anime Mori",
        # a Vietnamese family name that is a word elsewhere needs two given words after it;
        # a city named after a person goes on with a capitalised word
        "Do Not Disturb. Le Monde wrote. Ho Chi Minh City is large. Call Do Minh.",
    ],
)
def test_look_alikes(text: str) -> None:
    assert names(text) == []


@pytest.mark.parametrize("syllable", ["ba", "zhuang", "xiong", "lüe".replace("ü", "u"), "er"])
def test_pinyin_syllables_of_the_table(syllable: str) -> None:
    assert syllable in ea.PINYIN


@pytest.mark.parametrize("syllable", ["fi", "jo", "xa", "bue", "ti" + "ng" + "g", "zhi" + "e"])
def test_no_syllable_the_table_lacks(syllable: str) -> None:
    assert syllable not in ea.PINYIN


@pytest.mark.parametrize(
    ("word", "shaped"),
    [
        ("Xiaoming", True),
        ("Jing", True),
        ("Xi'an", True),
        ("Ing-wen", True),
        ("Xian", True),  # xian, one syllable
        ("Tango", False),  # a vowel-led syllable after another needs an apostrophe
        ("Time", False),  # English: two short syllables ending in consonant + "e"
        ("Shanghai", False),  # a city
        ("jing", False),  # not written as a name
        ("Xiaomingwei", False),  # three syllables
    ],
)
def test_given_name_shape(word: str, shaped: bool) -> None:
    assert ea.given_shaped(word) is shaped


def test_family_names_are_fakers_romanized_chinese_ones() -> None:
    """The Chinese family names are those of the locked Faker (mainland and Taiwan)."""
    from faker.providers.person.zh_CN import Provider as Mainland  # noqa: PLC0415
    from faker.providers.person.zh_TW import Provider as Taiwan  # noqa: PLC0415

    listed = {n.lower() for n in (*Mainland.last_romanized_names, *Taiwan.last_romanized_names)}
    assert listed == ea._FAKER_FAMILY
    assert {"chen", "zhang", "tsai", "kim", "park", "chan"} <= ea.FAMILY_NAMES
    assert not {"he", "an", "long", "juan"} & ea.FAMILY_NAMES


def test_japanese_family_names_are_fakers_romanized_ones() -> None:
    """Japan's family names start from those of the locked Faker."""
    from faker.providers.person.ja_JP import Provider  # noqa: PLC0415

    assert {n.lower() for n in Provider.last_romanized_names} == ea._FAKER_JAPANESE
    assert ea._FAKER_JAPANESE <= ea.JAPANESE_FAMILY


@pytest.mark.parametrize(
    ("word", "shaped"),
    [
        ("Kenji", True),
        ("Hiroshi", True),
        ("Ryōsuke", True),
        ("Kenichi", True),
        ("Data", False),  # an English word
        ("Tokyo", False),  # a city
        ("Rose", False),  # short, consonant + "e": English
        ("Time", False),  # "ti" is no Hepburn mora
        ("Kenji2", False),
    ],
)
def test_japanese_given_name_shape(word: str, shaped: bool) -> None:
    assert ea._japanese_given(word) is shaped
