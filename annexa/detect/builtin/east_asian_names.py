"""Chinese, Korean, Japanese and Vietnamese names in Latin letters, without NER: a family name
and a given name.

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

- **Hepburn** (Japanese, as passports and most texts write it): a given name of two to five
  morae of the Hepburn table ("Kenji", "Sakura", "Shinnosuke"; a doubled consonant before a
  mora, "Takkun", and macrons, "Shōhei"), with a Japanese family name ("Kenji Watanabe",
  "Watanabe Kenji"). English words that read as morae ("Same", "Data", "Open") are none.
- **Vietnamese**, written without its diacritics as most English text does: a family name and
  one or two of the words given names are made of ("Thanh Tran", "Nguyen Van An", "Minh Anh
  Nguyen"). Vietnamese given names draw on a few hundred Sino-Vietnamese words, so these are a
  list (:data:`VIETNAMESE_GIVEN`); the family names that are words elsewhere ("Le", "Do", "Ho",
  "Mai") count only before two of them ("Le Van Hung").

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

__all__ = [
    "FAMILY_NAMES",
    "JAPANESE_FAMILY",
    "PINYIN",
    "VIETNAMESE_GIVEN",
    "east_asian_name",
    "may_begin_name",
    "vietnamese_first",
    "vietnamese_name",
]

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
    """Whether the pair ``first last`` is a Chinese, Korean or Japanese name in Latin letters: a
    family name and a given name, in either order ("Chen Jing", "Tsai Ing-wen", "Xiaoming
    Zhang", "Kenji Watanabe")."""
    if first.lower() not in _ANY_FAMILY and last.lower() not in _ANY_FAMILY:
        return False  # most pairs: two set lookups
    if f"{first}-{last}".lower() in _NOT_PAIRS:
        return False
    if _is_family(first) and given_shaped(last):
        return True
    if _is_family(last) and given_shaped(first) and "-" not in last:
        return True
    return japanese_name(first, last)


# Japanese: Faker's ja_JP ``last_romanized_names`` (checked by a test), then the other common
# family names as Hepburn writes them
_FAKER_JAPANESE = word_set(
    """
    sato suzuki takahashi tanaka ito watanabe yamamoto nakamura kobayashi kato yoshida yamada
    sasaki yamaguchi matsumoto inoue kimura hayashi saito shimizu yamazaki abe mori ikeda
    hashimoto yamashita ishikawa nakajima maeda fujita goto ogawa okada hasegawa murakami
    kondo ishii endo sakamoto aoki fujii nishimura fukuda ota miura fujiwara matsuda okamoto
    nakagawa
    """
)
JAPANESE_FAMILY = _FAKER_JAPANESE | word_set(
    """
    nakano harada ono tamura takeuchi kaneko wada nakayama ishida ueda morita hara shibata
    sakai kudo yokoyama miyazaki miyamoto uchida takagi ando taniguchi maruyama imai takada
    fujimoto takeda murata ueno sugiyama masuda sugawara hirano otsuka chiba kubo matsui
    iwasaki sakurai kinoshita noguchi matsuo nomura kikuchi sano onishi sugimoto arai hamada
    ichikawa furukawa mizuno komatsu shimada kojima takayama yamauchi nishida kuroda kubota
    hirata kawaguchi tsuchiya nagai kawasaki honda hoshino uchiyama
    """
)
# A mora of the Hepburn table, a doubled consonant before one (group-free, for ``re``)
_MORA = (
    r"(?:[kgnhbpmr]y[auo]|sh[aiuo]|ch[aiuo]|tsu|j[aiuo]|fu|[kgbpmnrh][aiueo]|[sz][aueo]"
    r"|[td][aeo]|y[auo]|w[ao]|[aiueo]|n(?![aiueoy]))"
)
_HEPBURN_GIVEN = re.compile(rf"(?:(?:k(?=k)|s(?=s)|t(?=[tc])|p(?=p))?{_MORA}){{2,5}}")
_MACRONS = str.maketrans("āīūēōâîûêô", "aiueoaiueo")
# Words that read as Hepburn morae and are English words, code's words, places, brands and
# loanwords: those seen three times or more in the installed packages' documentation, then
# Japan's cities and makers and the loanwords English took from Japanese
_NOT_JAPANESE_GIVEN = word_set(
    """
    aaaa aaron abi abou abuse adobe again age aho aio aka amazon ami ann annotate antoine
    anton anyone api are aren aria assume auto automate aware azure bakoma bao bare base
    been began begin ben benjamin beopen beta beware bin boto button chain change chime
    chinese choose chose chosen daemon damage damian dan daraan data database datazone date
    debian demo doe doi domain don donate done ease echo emoji engine ensure enumerate eta
    eumiro fun furo gain gate gen generate genshi geo gin gone goto gui guide guido guru
    haiku happen hasan here herein hero hide home homepage hope house huge hugo human ian
    iana iban ide idea iii iki image imagine ini into iron iso issue iterate jan jane
    japanese jason jinja johansson join jon jose joshua jukka june korean machine made
    magenta main make mako man manage mean measure mega menu mere message meta metadata mike
    min mini minute mode moore more moreno moto mouse mutate name nan nate nike node noecho
    noise non none note oai one onto open openai openapi openbao opensuse operate orange
    origin page paramiko pause pearu pen pie pii pin pinia pipe pure raise ran range rare
    rate reason region remain remi remote rename repo rerun resume retain reuse robin roman
    romanian rome rose rotate route run ryan sai sake same santa sapien see seen semi sense
    separate shape share some someone soon sousa sudo suite sun sure tai take taken ten
    tennessee todo token too union unroute upon uri usa usage use wasabi won yahoo you yuri
    zenodo zero zone zope
    tokyo osaka kyoto kobe nagoya sapporo sendai hiroshima nagasaki okinawa yokohama nara
    fukuoka chiba saitama kawasaki niigata kumamoto shizuoka okayama kagoshima hokkaido
    toyota nissan mazda subaru yamaha kawasaki mitsubishi hitachi toshiba fujitsu sony nikon
    sanyo honda suzuki isuzu daikin kubota komatsu shimano uniqlo nintendo sega bandai
    sushi sake ramen anime manga karate judo sumo tofu miso tempura kimono origami ninja
    samurai tsunami karaoke bonsai sudoku kaizen kanban ikigai hibachi teriyaki wasabi edamame
    udon soba matcha geisha shogun tycoon honcho futon emoji haiku kabuki banzai kamikaze
    banana tomato potato mama papa karma panama kenya samoa hanoi agenda sonata nakamoto
    """
)


def _japanese_given(word: str) -> bool:
    """Whether ``word`` (capitalised) reads as a Japanese given name in Hepburn."""
    if not word[:1].isupper() or not word[1:].islower():
        return False
    lower = word.lower().translate(_MACRONS)
    if len(lower) < 3 or lower in _NOT_JAPANESE_GIVEN or lower in JAPANESE_FAMILY:
        return False
    return _HEPBURN_GIVEN.fullmatch(lower) is not None and not (
        len(lower) <= _SHORT_ENGLISH and lower.endswith("e") and lower[-2] not in "aeiou"
    )


def _japanese_family(word: str) -> bool:
    return word[:1].isupper() and word[1:].islower() and word.lower() in JAPANESE_FAMILY


def japanese_name(first: str, last: str) -> bool:
    """Whether the pair ``first last`` is a Japanese name in Hepburn, in either order ("Kenji
    Watanabe", "Watanabe Kenji")."""
    return (_japanese_family(last) and _japanese_given(first)) or (
        _japanese_family(first) and _japanese_given(last)
    )


# Vietnamese family names, without diacritics: the ones that are no word elsewhere, and those
# that are ("Le" is French's article, "Do", "Ho", "Ha" English words, "Mai" a month in German)
_VIETNAMESE_FAMILY = word_set(
    "nguyen tran pham hoang huynh phan vu vo dang bui ngo duong truong dinh trinh doan luong"
    " kieu quach luu"
)
_VIETNAMESE_FAMILY_WORDS = word_set("le do ho ha ly mai lam cao ta thai")
# The words Vietnamese given and middle names are made of, without diacritics (the common
# ones of the Sino-Vietnamese stock; "Van" and "Thi" are the middle names of most men and
# women of older generations)
VIETNAMESE_GIVEN = word_set(
    """
    an anh bao binh chau chi chien chinh cong cuong dai dan danh dao dat diem diep dieu dinh
    doan duc dung duong duy giang ha hai han hanh hao hau hien hieu hoa hoai hoan hoang hong
    hue hung huong huu huy huyen khai khang khanh khoa khoi khue kien kim lam lan lien linh
    loan loc long luan luong ly mai man minh my nam nga ngan nghia ngoc nguyet nhan nhat nhi
    nhu nhung oanh phat phong phu phuc phuong quan quang quoc quy quyen quynh sang son tai
    tam tan thai thang thanh thao thi thinh tho thong thu thuan thuy tien tin toan trai tram
    trang tri trinh trong truc trung truong tu tuan tung tuyen tuyet uyen van viet vinh vu vy
    xuan yen
    """
)
_VIETNAMESE_WORD = re.compile(r"[ \t]+([A-Z][a-z]+)")
_VIETNAMESE_FIRST = _VIETNAMESE_FAMILY | _VIETNAMESE_FAMILY_WORDS | VIETNAMESE_GIVEN


def _vietnamese_given(word: str) -> bool:
    return word[:1].isupper() and word[1:].islower() and word.lower() in VIETNAMESE_GIVEN


def _vietnamese_family(word: str, *, strong: bool) -> bool:
    if not word[:1].isupper() or not word[1:].islower():
        return False
    lower = word.lower()
    return lower in _VIETNAMESE_FAMILY or (not strong and lower in _VIETNAMESE_FAMILY_WORDS)


def vietnamese_first(word: str) -> bool:
    """Whether ``word`` may open a Vietnamese name: the cheap test before
    :func:`vietnamese_name`."""
    return word.lower() in _VIETNAMESE_FIRST


def vietnamese_name(first: str, last: str, text: str, end: int) -> int | None:
    """Where the Vietnamese name that the pair ``first last`` (ending at ``end`` in ``text``)
    begins ends, or ``None`` when the pair begins none: a family name and one or two given
    words ("Nguyen Van An", "Le Thi Mai"), or one or two given words and a family name ("Thanh
    Tran", "Minh Anh Nguyen")."""
    more = _VIETNAMESE_WORD.match(text, end)
    word = more.group(1) if more is not None else ""
    if _vietnamese_family(first, strong=False) and _vietnamese_given(last):
        if _vietnamese_given(word):
            return more.end() if more is not None else None
        return end if _vietnamese_family(first, strong=True) else None
    if _vietnamese_given(first) and _vietnamese_family(last, strong=True):
        return end
    if _vietnamese_given(first) and _vietnamese_given(last) and more is not None:
        return more.end() if _vietnamese_family(word, strong=True) else None
    return None


def may_begin_name(word: str, *, pair_follows: bool) -> bool:
    """Whether ``word`` may begin a name of this module's kinds: a family name or a Vietnamese
    given word, or, when a capitalised word follows it (``pair_follows``), a word shaped as a
    Chinese or Japanese given name."""
    lower = word.lower()
    if lower in _BEGINNINGS:
        return True
    return pair_follows and (given_shaped(word) or _japanese_given(word))


_BEGINNINGS = (
    FAMILY_NAMES
    | JAPANESE_FAMILY
    | _VIETNAMESE_FAMILY
    | _VIETNAMESE_FAMILY_WORDS
    | VIETNAMESE_GIVEN
)


_ANY_FAMILY = FAMILY_NAMES | JAPANESE_FAMILY
