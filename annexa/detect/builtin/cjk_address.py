"""Street addresses as Japan, Korea, China and Taiwan write them (STREET_ADDRESS).

These addresses run from the largest unit to the smallest, with no space between the units in
Chinese and Japanese, and end in a number; the street detector's rules (a number then a
street type) do not see them. Each form here needs its country's administrative units and a
house number, so that a place name alone is not an address:

- Japan (住居表示に関する法律, 1962; Japan Post's address formats): a prefecture (one of the 47)
  or a postal code (``〒100-0001``), the city, ward or town, then the block number
  (``1丁目2番3号``, ``1-2-3``);
- Korea (도로명주소법, the Road Name Address Act, 2011): a city or county and district
  (``시``/``군``/``구``), then a road (``로``, ``길``) and its building number (``테헤란로 152``,
  ``세종대로 지하2`` underground), or the older lot address (``역삼동 123-45``);
- China and Taiwan (GB/T 23705 and the postal formats): a province or municipality, or a city,
  district or county, or a postal code, then a road or lane (``路``, ``街``, ``巷``…) and a
  house number (``88号``, ``27號之1``).

Written against the words around it ("我住在北京市…"), a Chinese address starts at the first
administrative unit: at a province or municipality it names, and a few everyday characters
before a unit (住, 在, 是, 于…) are not its part.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from annexa.detect.interface import Detector, Finding, ScanContext
from annexa.detect.pattern import Pattern, PatternDetector
from annexa.settings import ScanSettings

_PREFECTURES = (
    "北海道|東京都|京都府|大阪府|(?:青森|岩手|宮城|秋田|山形|福島|茨城|栃木|群馬|埼玉|千葉|神奈川|"
    "新潟|富山|石川|福井|山梨|長野|岐阜|静岡|愛知|三重|滋賀|兵庫|奈良|和歌山|鳥取|島根|岡山|広島|"
    "山口|徳島|香川|愛媛|高知|福岡|佐賀|長崎|熊本|大分|宮崎|鹿児島|沖縄)県"
)
_DASH = "[-‐−]"
# the block number: 1丁目2番3号, 1丁目2-3, 1-2-3, 12番地, 三丁目4番
_JP_BLOCK = (
    rf"(?:\d{{1,4}}|[一二三四五六七八九十]{{1,3}})(?:丁目|{_DASH})\d{{1,4}}"
    rf"(?:(?:番地?|{_DASH})(?:\d{{1,4}}号?)?)?|\d{{1,4}}番地"
)
# the city, ward, town and district: no digits but Sapporo's grid ("北1条西")
_JP_PLACE_CHAR = "(?:[^\\s\\d、。，,「」()（）:：]|\\d{1,3}条)"
_JP_PLACE = f"{_JP_PLACE_CHAR}{_JP_PLACE_CHAR}{{0,23}}?"
JP_ADDRESS = (
    rf"(?:〒[ \t]?\d{{3}}{_DASH}\d{{4}}[ \t]*)?(?:{_PREFECTURES}){_JP_PLACE}(?:{_JP_BLOCK})"
    rf"|〒[ \t]?\d{{3}}{_DASH}\d{{4}}[ \t]*{_JP_PLACE}(?:{_JP_BLOCK})"
)

_HANGUL = "[가-힣]"
KR_ADDRESS = (
    rf"(?<!{_HANGUL})(?:{_HANGUL}{{2,8}}(?:특별자치도|특별자치시|특별시|광역시|도)[ \t]+)?"
    rf"(?:{_HANGUL}{{1,8}}(?:시|군|구)[ \t]+){{1,2}}(?:{_HANGUL}{{1,8}}(?:읍|면)[ \t]+)?"
    rf"(?:[가-힣0-9]{{1,12}}(?:로|길|가)|{_HANGUL}{{1,8}}(?:동|리))[ \t]?(?:지하[ \t]?)?"
    r"\d{1,5}(?:-\d{1,5})?"
    r"(?!\d)"  # a particle may follow the number: "152입니다"
)

_HAN = "[\u4e00-\u9fff]"
_PROVINCES = (
    "(?:河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|"
    "云南|陕西|甘肃|青海|台湾|臺灣)省|内蒙古自治区|广西壮族自治区|西藏自治区|宁夏回族自治区|"
    "新疆维吾尔自治区|(?:北京|上海|天津|重庆|臺北|台北|新北|桃園|台中|臺中|台南|臺南|高雄)市|"
    "香港|澳门|澳門"
)
_UNIT = f"{_HAN}{{1,4}}?(?:市|区|區|县|縣|州|镇|鎮|乡|鄉)"
_ROAD = f"{_HAN}{{0,8}}?[\u4e00-\u9fff0-9]{{0,4}}?(?:大道|大街|胡同|路|街|巷|弄|道)"
_HOUSE = r"\d{1,5}(?:号|號)(?:之\d{1,3})?"
_FLOORS = r"(?:[0-9A-Za-z]{1,5}(?:栋|幢|座|楼|樓|层|層|室|单元|單元|F))*"
ZH_ADDRESS = (
    rf"(?:(?:{_PROVINCES})(?:{_UNIT}){{0,3}}|(?:{_UNIT}){{1,3}}|\d{{3,6}}[ \t]?){_ROAD}"
    rf"(?:[0-9一二三四五六七八九十]{{1,3}}段)?(?:\d{{1,4}}(?:巷|弄)){{0,2}}{_HOUSE}{_FLOORS}"
)
# Everyday characters that stand before an address in a sentence and start no place's name
# here ("我住在", "地址是", "位于", "寄到")
_LEAD_IN = frozenset("我你他她们住在是于於到寄送址为為的从從往至请請")


_PROVINCE_RX = re.compile(_PROVINCES)


class CjkAddressDetector(PatternDetector):
    """Street addresses of Japan, Korea, China and Taiwan, largest unit first."""

    name = "cjk_address"
    entities = ("STREET_ADDRESS",)
    origin = "住居表示に関する法律; 도로명주소법; GB/T 23705; Japan Post, Korea Post, China Post"
    patterns = (
        Pattern(
            "japan",
            JP_ADDRESS,
            0.7,
            keywords=("〒", "都", "道", "府", "県"),
            positives=(
                "住所は⟦東京都千代田区千代田1-1⟧です",
                "⟦〒100-0001 東京都千代田区千代田1丁目1番1号⟧",
                "送付先：⟦大阪府大阪市北区梅田3丁目1番3号⟧ ビル5階",
                "⟦〒530-0001 大阪市北区梅田3-1-3⟧",
                "⟦北海道札幌市中央区北1条西2丁目1番地⟧",
            ),
            negatives=(
                "東京都の人口は1400万人です",  # a prefecture, no block number
                "京都府立大学",
                "第1-2章を読んでください",
                "北海道大学 2024年4月1日",
            ),
        ),
        Pattern(
            "korea",
            KR_ADDRESS,
            0.7,
            keywords=("시 ", "군 ", "구 "),
            positives=(
                "주소: ⟦서울특별시 강남구 테헤란로 152⟧입니다",
                "⟦경기도 성남시 분당구 판교역로 235⟧",
                "⟦서울특별시 강남구 역삼동 737-32⟧",
                "⟦부산광역시 해운대구 센텀중앙로 79⟧ 2층",
                "⟦서울특별시 중구 세종대로 지하2⟧",  # a building number underground
            ),
            negatives=(
                "서울시 강남구에서 만나요",  # a district, no road and number
                "다시 시작합니다 3번",
                "이번 주 목요일 3시",
            ),
        ),
        Pattern(
            "china",
            ZH_ADDRESS,
            0.7,
            keywords=("号", "號"),
            positives=(
                "我住在⟦北京市朝阳区建国路88号⟧",
                "地址：⟦广东省深圳市南山区科技园科苑路15号⟧",
                "寄到⟦上海市浦东新区世纪大道100号⟧，谢谢",
                "⟦台北市信義區信義路五段7號⟧",
                "⟦35049 台南市永安路27號之1⟧",
                "⟦杭州市西湖区文三路90号5栋301室⟧",
            ),
            negatives=(
                "北京市的天气很好",  # a city, no road and number
                "第88号文件",
                "请看3号楼",
                "路由器型号5号",
            ),
        ),
    )

    def detect(self, ctx: ScanContext) -> Iterator[Finding]:
        # Read in the text as written (``ctx.lower``: the same length, lower-casing changes no
        # character these forms need): the layout view makes a blank of a Han character that
        # touches a digit, and these addresses put their numbers straight after their units.
        text = ctx.lower
        written = ScanContext(text=text, lower=text, keywords=ctx.keywords)
        for finding in super().detect(written):
            start = finding.start
            known = _PROVINCE_RX.search(text, start + 1, min(finding.end, start + 8))
            if known is not None and not _PROVINCE_RX.match(text, start):
                start = known.start()  # "他说他住在上海市…": the address starts at 上海市
            while start < finding.end - 4 and text[start] in _LEAD_IN:
                start += 1
            yield finding if start == finding.start else replace(finding, start=start)


def detectors(settings: ScanSettings) -> list[Detector]:
    """The built-in Japanese, Korean, Chinese and Taiwanese address detector."""
    return [CjkAddressDetector()]
