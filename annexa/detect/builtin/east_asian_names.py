"""Chinese and Korean names in Latin letters, without NER: a family name and a given name.

The given-name gazetteer (:mod:`.given_names`) holds a given name as one word that people share,
which is how European and Indian names work. A Chinese given name is mostly not one of a list: it
is one or two syllables chosen freely ("Xiaoming", "Zihan", "Jianguo"). What is a closed set is
the family name (a hundred cover most people) and the syllables themselves. So a pair is a name
here when one word is a family name and the other reads as a given name, in either order
("Chen Jing", "Zhang Xiaoming", "Xiaoming Zhang"):

- **Hanyu Pinyin** (ISO 7098): a given name of one or two syllables of the pinyin table
  (:data:`PINYIN`, from the table's initials and finals), with the orthography's rule that a
  syllable opening with a, o or e after another takes an apostrophe ("Xi'an").
- **Wade-Giles, Hong Kong's and Korea's romanizations**: the given name's two syllables joined by
  a hyphen ("Tsai Ing-wen", "Chan Ka-ming", "Park Ji-woo"), each of a syllable's shape.

Family names (:data:`FAMILY_NAMES`): Faker's romanized Chinese (mainland and Taiwan) family
names, which a test checks against the locked Faker; Hong Kong's and Korea's most common, as
their governments' romanizations write them. Left out where the word leads an English phrase
more often ("He", "She", "An", "Long", "Song"); a given name that is an English word, a
province or a city ("Man", "Line", "China", "Beijing") is none; pairs that are loanwords ("Tai
Chi", "Kung Fu", "Feng Shui", "Yin Yang") are no names.
"""

from __future__ import annotations

import re

from annexa.detect.context import word_set

__all__ = ["FAMILY_NAMES", "PINYIN", "east_asian_name"]

# The pinyin table: each initial with the finals it takes (ü written u after j, q, x and y, and
# "v"/"u:" not at all: names are written without it).
_TABLE = {
    "": "a o e ai ei ao ou an en ang eng er",
    "b": "a o ai ei ao an en ang eng i ie iao ian in ing u",
    "p": "a o ai ei ao ou an en ang eng i ie iao ian in ing u",
    "m": "a o e ai ei ao ou an en ang eng i ie iao iu ian in ing u",
    "f": "a o ei ou an en ang eng u",
    "d": "a e ai ei ao ou an en ang eng ong i ie iao iu ian ing u uo ui uan un",
    "t": "a e ai ao ou an ang eng ong i ie iao ian ing u uo ui uan un",
    "n": "a e ai ei ao ou an en ang eng ong i ie iao iu ian in iang ing u uo uan ue",
    "l": "a e ai ei ao ou an ang eng ong i ia ie iao iu ian in iang ing u uo uan un ue",
    "g": "a e ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "k": "a e ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "h": "a e ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "j": "i ia ie iao iu ian in iang ing iong u ue uan un",
    "q": "i ia ie iao iu ian in iang ing iong u ue uan un",
    "x": "i ia ie iao iu ian in iang ing iong u ue uan un",
    "zh": "a e i ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "ch": "a e i ai ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "sh": "a e i ai ei ao ou an en ang eng u ua uo uai ui uan un uang",
    "r": "e i ao ou an en ang eng ong u uo ui uan un",
    "z": "a e i ai ei ao ou an en ang eng ong u uo ui uan un",
    "c": "a e i ai ao ou an en ang eng ong u uo ui uan un",
    "s": "a e i ai ao ou an en ang eng ong u uo ui uan un",
    "y": "a o e ao ou an in ang ing ong i u ue uan un",
    "w": "a o ai ei an en ang eng u",
}
PINYIN = frozenset(i + f for i, finals in _TABLE.items() for f in word_set(finals))
_VOWEL_LED = word_set(_TABLE[""])


def _alternation(words: frozenset[str]) -> str:
    return "|".join(sorted(words, key=lambda w: (-len(w), w)))


# One or two syllables; the second opens with a consonant, or with a vowel after an apostrophe.
_GIVEN = re.compile(
    rf"(?:{_alternation(PINYIN)})(?:(?:{_alternation(PINYIN - _VOWEL_LED)})"
    rf"|['’](?:{_alternation(_VOWEL_LED)}))?"
)
# A syllable of Wade-Giles, Hong Kong's (Cantonese) or Korea's romanization: consonants, one to
# three vowels, and a final nasal or stop ("ing", "wen", "ka", "ming", "yat", "woo", "jun").
_SYLLABLE = re.compile(r"[bcdfghjklmnpqrstwxyz]{0,4}[aeiouy]{1,3}(?:ng|n|m|h|k|p|t|l)?")

# Family names in Latin letters (lower case). Faker's zh_CN and zh_TW ``last_romanized_names``
# (checked by a test), minus those listed in _NOT_FAMILY; then Hong Kong's and Korea's.
_FAKER_FAMILY = word_set(
    """
    bai cai cao chang chen cheng cui dai deng ding dong du duan fan fang feng fu gao gong gu
    guo han hao he ho hou hu huang jia jiang jin kang kong lai lei li liang liao lin liu
    long lu luo ma mao meng mo pan peng qian qiao qin qiu ren shao shen shi song su sun tan
    tang tao tian wan wang wei wen wu xia xiang xiao xie xiong xu xue yan yang yao ye yi yin
    yu yuan zeng zhang zhao zheng zhong zhou zhu zou
    an chan chao chi chia chiang chiao chieh chien chih chin chiu cho chou chu chuan chuang
    chueh chung hsia hsiang hsiao hsieh hsin hsing hsiung hsu hsueh hua hung i jao jen juan
    kan kao keng ko ku kuan kung kuo lan lien ling lo lung mei mou mu ni nieh niu ou pai
    pang pao pei pi pu she sheng shih shu sung tai teng ti tien ting tsai tsao tseng tso
    tsou tsui tu tuan tung weng yeh yen ying yueh
    """
)
# Hong Kong (the government's Cantonese romanization) and Korea (the Revised Romanization and
# the spellings passports keep): the most common family names.
_OTHER_FAMILY = word_set(
    """
    chan wong cheung lau leung ho ng tse yeung lam tsang kwok chow fung mak yip lee law kwan siu
    tam choi poon lui cheng chiu mok
    kim park choi jung jeong kang cho yoon yun jang lim im oh seo shin kwon hwang ahn song jeon
    hong yoo ryu moon yang son bae baek heo nam shim noh ha kwak sung cha joo woo min jin
    """
)
# Family names that lead an English phrase more often than a name ("He said", "An
# Italian", "Long Beach", "Song Lyrics", "Oh My"), are a loanword's first half, or another
# language's given name ("San Juan")
_NOT_FAMILY = word_set(
    "he she an i long song fan pan ding wan mo ye lo ho ko pi ti chi ni mu tu pu kan hung chin"
    " oh ha cha woo son min im nam sun so au tai juan"
)
FAMILY_NAMES = (_FAKER_FAMILY | _OTHER_FAMILY) - _NOT_FAMILY
# Words that read as pinyin and are English words, places or brands, not given names
_NOT_GIVEN = word_set(
    """
    a e o an ban bang bin can die fan gang hang he hen lie long man me men pan pen pin ran run
    sang she shun sun tan tie wan you zen gun din dong san china tuna puma lima dubai manga
    taiwan beijing shanghai nanjing tianjin hunan henan hubei hebei fujian anhui jiangsu
    zhejiang guangdong guangxi sichuan yunnan shandong shanxi shaanxi gansu qinghai xinjiang
    hainan jilin liaoning shenzhen guangzhou wuhan chengdu chongqing hangzhou suzhou xiamen
    qingdao dalian kunming nanning hefei jinan changsha nanchang fuzhou zhengzhou shenyang
    taipei huawei xiaomi weibo weixin taobao baidu meituan didi douyin zhihu haier
    """
)
# Loanwords and brands of two such words: no person's name
_NOT_PAIRS = word_set(
    "tai-chi kung-fu gong-fu feng-shui yin-yang wu-tang kung-pao gong-bao qi-gong wu-shu wu-xia"
    " mao-tai li-ning jin-jiang huang-shan tian-an chow-mein lo-mein dim-sum bok-choy hong-kong"
    " chang-jiang kim-chi gao-kao kung-hei gong-xi xie-xie"
)
_SHORT_ENGLISH = 5  # a given name this short ending in consonant + "e" reads as English


def given_shaped(word: str) -> bool:
    """Whether ``word`` (as written: capitalised) reads as a romanized Chinese, Taiwanese, Hong
    Kong or Korean given name: one or two pinyin syllables, or two syllables joined by a hyphen."""
    if not word[:1].isupper():
        return False
    lower = word.lower()
    if "-" in lower:
        parts = lower.split("-")
        return len(parts) == 2 and all(_SYLLABLE.fullmatch(p) for p in parts)
    if not word[1:].islower() or lower in _NOT_GIVEN:
        return False
    if _GIVEN.fullmatch(lower) is None:
        return False
    # "Time", "Line", "Name", "Here": two syllables, the second a consonant and "e"
    return not (
        len(lower) <= _SHORT_ENGLISH
        and lower.endswith("e")
        and lower[-2] not in "aeiou"
        and lower not in PINYIN
    )


def _is_family(word: str) -> bool:
    return word[:1].isupper() and word[1:].islower() and word.lower() in FAMILY_NAMES


def east_asian_name(first: str, last: str) -> bool:
    """Whether the pair ``first last`` is a Chinese or Korean name in Latin letters: a family
    name and a given name, in either order ("Chen Jing", "Tsai Ing-wen", "Xiaoming Zhang")."""
    if f"{first}-{last}".lower() in _NOT_PAIRS:
        return False
    if _is_family(first) and given_shaped(last):
        return True
    return _is_family(last) and given_shaped(first) and "-" not in last
