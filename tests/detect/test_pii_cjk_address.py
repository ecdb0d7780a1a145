"""Street addresses of Japan, Korea, China and Taiwan, written as their people write them:
largest unit first, no space between the units in Chinese and Japanese, the address straight
against the words around it. Spans, and look-alikes that must stay quiet."""

from __future__ import annotations

import pytest

from annexa.detect.builtin.cjk_address import CjkAddressDetector, detectors
from annexa.detect.scanner import Scanner
from annexa.settings import ScanSettings

SCANNER = Scanner(ScanSettings(ner=False))

ADDRESSES = [
    # Japan: a prefecture or a postal code, the city and ward, the block number
    ("住所は東京都千代田区千代田1-1です。", "東京都千代田区千代田1-1"),
    ("〒100-0001 東京都千代田区千代田1丁目1番1号", "〒100-0001 東京都千代田区千代田1丁目1番1号"),
    ("送付先：大阪府大阪市北区梅田3丁目1番3号 ビル5階", "大阪府大阪市北区梅田3丁目1番3号"),
    ("〒530-0001 大阪市北区梅田3-1-3", "〒530-0001 大阪市北区梅田3-1-3"),
    ("北海道札幌市中央区北1条西2丁目1番地に移転", "北海道札幌市中央区北1条西2丁目1番地"),
    ("神奈川県横浜市西区みなとみらい2-3-1まで", "神奈川県横浜市西区みなとみらい2-3-1"),
    # Korea: a road and its building number, or a lot number, after the district
    ("주소: 서울특별시 강남구 테헤란로 152입니다", "서울특별시 강남구 테헤란로 152"),
    ("경기도 성남시 분당구 판교역로 235", "경기도 성남시 분당구 판교역로 235"),
    ("서울특별시 강남구 역삼동 737-32번지", "서울특별시 강남구 역삼동 737-32"),
    ("서울특별시 중구 세종대로 지하2", "서울특별시 중구 세종대로 지하2"),
    # China and Taiwan: province or city and district, road, house number
    ("我住在北京市朝阳区建国路88号", "北京市朝阳区建国路88号"),
    ("地址：广东省深圳市南山区科技园科苑路15号", "广东省深圳市南山区科技园科苑路15号"),
    ("寄到上海市浦东新区世纪大道100号，谢谢", "上海市浦东新区世纪大道100号"),
    ("杭州市西湖区文三路90号5栋301室", "杭州市西湖区文三路90号5栋301室"),
    ("台北市信義區信義路五段7號", "台北市信義區信義路五段7號"),
    ("35049 台南市永安路27號之1", "35049 台南市永安路27號之1"),
]


@pytest.mark.parametrize(("text", "address"), ADDRESSES)
def test_addresses_are_found_with_their_spans(text: str, address: str) -> None:
    found = [(f.entity, text[f.start : f.end]) for f in SCANNER.scan(text)]
    assert ("STREET_ADDRESS", address) in found


NOT_ADDRESSES = [
    "東京都の人口は1400万人です",  # a prefecture, no block number
    "京都府立大学の2024年度入試",
    "第1-2章を読んでください",
    "서울시 강남구에서 만나요",  # a district, no road and number
    "다시 시작합니다 3번",
    "이번 주 목요일 3시",
    "北京市的天气很好",  # a city, no road and number
    "第88号文件已经发布",
    "请看3号楼",
    "路由器型号5号",
]


@pytest.mark.parametrize("text", NOT_ADDRESSES)
def test_place_names_and_numbers_alone_are_no_address(text: str) -> None:
    assert [f for f in SCANNER.scan(text) if f.entity == "STREET_ADDRESS"] == []


def test_a_chinese_address_starts_at_its_first_unit_not_at_the_words_before() -> None:
    text = "他说他住在上海市黄浦区南京东路100号"
    [finding] = [f for f in SCANNER.scan(text) if f.entity == "STREET_ADDRESS"]
    assert text[finding.start : finding.end] == "上海市黄浦区南京东路100号"


def test_the_module_exposes_its_detector() -> None:
    assert [d.name for d in detectors(ScanSettings())] == ["cjk_address"]
    assert CjkAddressDetector().entities == ("STREET_ADDRESS",)
