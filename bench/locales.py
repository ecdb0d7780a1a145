"""bench/locales: PII as other countries write it, side by side with Presidio.

For whoever judges how far the detectors reach beyond the development sets, which are mostly
American English. Faker (seeded, so every run draws the same values) writes phone numbers,
postal addresses, people's and companies' names in many locales; each value goes into the same
neutral sentence ("Please update the record: <value>. Thanks!"), and a tool finds it when its
findings (any entity, score >= the benches' threshold) cover at least half of the value's
characters. Values that are no personal data (ISBNs, user agents, hashes, EAN codes) go into
the same sentence, and there a finding is a false alarm.

No shared dataset is read: Faker ships with Annexa (its surrogates). The figures are recall on
Faker's conventions, not on real text; they show which formats a tool knows, locale by locale.

    .venv/bin/python -m bench.locales [--tools annexa,annexa_ner,presidio] [--per-locale N]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from faker import Faker
from rich.console import Console
from rich.table import Table

from bench.common import TOOL_TITLES, Tool, available, environment, make_tool, write_json

SENTENCE = "Please update the record: {}. Thanks!"
SEED = 11
# Fifty-one locales for phone numbers (each a numbering plan of its own), fifteen for the
# other categories (Western Europe, the Nordics, Poland, Brazil, India and the English-speaking
# countries).
LOCALES = (
    "en_US en_GB de_DE fr_FR es_ES it_IT nl_NL pl_PL pt_BR sv_SE da_DK fi_FI en_IN en_AU en_CA"
)
PHONE_LOCALES = (
    f"{LOCALES} pt_PT cs_CZ no_NO ja_JP zh_CN ko_KR ru_RU tr_TR el_GR hu_HU ro_RO uk_UA he_IL"
    " en_IE de_AT de_CH fr_CH es_MX en_NZ id_ID sk_SK bg_BG hr_HR lt_LT lv_LV et_EE sl_SI fr_BE"
    " nl_BE es_AR es_CO en_PH vi_VN th_TH fa_IR hi_IN"
)
# Sentences as Chinese, Japanese, Korean and Thai write them: no space between a value and the
# words around it (a particle or a copula touches the number).
NATIVE = {
    "zh_CN": "请更新记录：我的手机号码是{}，谢谢！",
    "ja_JP": "記録を更新してください。私の電話番号は{}です。",
    "ko_KR": "기록을 업데이트해 주세요. 제 전화번호는 {}입니다.",
    "th_TH": "กรุณาอัปเดตข้อมูล เบอร์โทรของฉันคือ{}ค่ะ",
}
NATIVE_MAIL = {
    "zh_CN": "请更新记录：我的邮箱是{}，谢谢！",
    "ja_JP": "記録を更新してください。メールアドレスは{}です。",
    "ko_KR": "기록을 업데이트해 주세요. 제 이메일은 {}입니다.",
    "th_TH": "กรุณาอัปเดตข้อมูล อีเมลของฉันคือ{}ค่ะ",
}
NATIVE_ADDRESS = {
    "zh_CN": "请更新记录：我的地址是{}，谢谢！",
    "zh_TW": "請更新紀錄：我的地址是{}，謝謝！",
    "ja_JP": "記録を更新してください。住所は{}です。",
    "ko_KR": "기록을 업데이트해 주세요. 주소는 {}입니다.",
}
# category -> (Faker method, locales, PII: a finding is a hit; else a false alarm[, the
# sentence per locale, where it is not SENTENCE])
CATEGORIES: dict[str, tuple[Any, ...]] = {
    "phone numbers": ("phone_number", tuple(PHONE_LOCALES.split()), True),
    "addresses": ("address", tuple(LOCALES.split()), True),
    "streets": ("street_address", tuple(LOCALES.split()), True),
    "names": ("name", tuple(LOCALES.split()), True),
    "companies": ("company", tuple(LOCALES.split()), True),
    "phones in a native sentence": ("phone_number", tuple(NATIVE), True, NATIVE),
    "e-mail in a native sentence": ("email", tuple(NATIVE_MAIL), True, NATIVE_MAIL),
    "addresses in a native sentence": ("address", tuple(NATIVE_ADDRESS), True, NATIVE_ADDRESS),
    "ISBN-10 (no PII)": ("isbn10", ("en_US",), False),
    "ISBN-13 (no PII)": ("isbn13", ("en_US",), False),
    "EAN-13 (no PII)": ("ean13", ("en_US",), False),
    "user agents (no PII)": ("user_agent", ("en_US",), False),
    "MD5 hashes (no PII)": ("md5", ("en_US",), False),
}


@dataclass
class Tally:
    """One category's count for one tool: values seen and values found (or flagged)."""

    seen: int = 0
    found: int = 0
    by_locale: dict[str, list[int]] = field(default_factory=dict)


def samples(method: str, locale: str, n: int) -> list[str]:
    """``n`` values of Faker's ``method`` in ``locale``, the same on every run; none when the
    locale has no such provider."""
    fake = Faker(locale)
    fake.seed_instance(SEED)
    make: Callable[[], Any] | None = getattr(fake, method, None)
    if make is None:
        return []
    try:
        # an address's lines as one line writes them: "97 Lynda Bridge, Smithbury, W88 6FJ"
        return [", ".join(str(make()).split("\n")) for _ in range(n)]
    except (AttributeError, NotImplementedError):
        return []


def covered(tool: Tool, value: str, sentence: str | None = None) -> bool:
    """Whether the tool's findings in the sentence cover at least half of ``value``; in a
    native ``sentence``, also none reaching more than a character past either end of it (one
    that takes the words against it in is not that value's span)."""
    text = (sentence or SENTENCE).format(value)
    start = text.index(value)
    end = start + len(value)
    spans = [(a, b) for _, a, b in tool(text) if b > start and a < end]
    if sentence is not None and any(a < start - 1 or b > end + 1 for a, b in spans):
        return False
    inside = sum(min(end, b) - max(start, a) for a, b in spans)
    return inside * 2 >= len(value)


def measure(tool: Tool, per_locale: int) -> dict[str, Tally]:
    """Every category's tally for one tool."""
    out: dict[str, Tally] = {}
    for category, (method, locales, _, *native) in CATEGORIES.items():
        tally = Tally()
        for locale in locales:
            values = samples(method, locale, per_locale)
            if not values:
                continue
            sentence = native[0][locale] if native else None
            hits = sum(covered(tool, v, sentence) for v in values)
            tally.seen += len(values)
            tally.found += hits
            tally.by_locale[locale] = [hits, len(values)]
        out[category] = tally
    return out


def render(results: dict[str, dict[str, Tally]], tools: list[str]) -> None:
    """The side-by-side table, and the locales where Annexa finds least."""
    table = Table(title=f"Faker's values in '{SENTENCE}' (found, or flagged for no PII)")
    table.add_column("category")
    table.add_column("locales", justify="right")
    for tool in tools:
        table.add_column(TOOL_TITLES.get(tool, tool), justify="right")
    for category, (_, locales, pii, *_) in CATEGORIES.items():
        row = [category, str(len(locales))]
        for tool in tools:
            t = results[tool][category]
            share = t.found / t.seen if t.seen else 0.0
            row.append(f"{t.found:,} / {t.seen:,} ({share:.0%})" + ("" if pii else " flagged"))
        table.add_row(*row)
    console = Console(width=max(120, Console().width))
    console.print(table)
    first = tools[0]
    for category, (_, _, pii, *_) in CATEGORIES.items():
        by_locale = results[first][category].by_locale
        if not pii or len(by_locale) < 2:
            continue
        worst = sorted(by_locale.items(), key=lambda kv: kv[1][0] / kv[1][1])[:4]
        listed = ", ".join(f"{loc} {h}/{n}" for loc, (h, n) in worst)
        console.print(f"  {category}, fewest found by {TOOL_TITLES.get(first, first)}: {listed}")


def main(argv: list[str] | None = None) -> int:
    """Measure every tool asked for and print the table; write bench/out/locales.json."""
    parser = argparse.ArgumentParser(description="PII as other countries write it.")
    parser.add_argument("--tools", default="annexa,annexa_ner,presidio")
    parser.add_argument("--per-locale", type=int, default=40, help="values per locale")
    args = parser.parse_args(argv)
    tools = [t for t in args.tools.split(",") if t and available(t)]
    skipped = sorted(set(args.tools.split(",")) - set(tools) - {""})
    if skipped:
        print(f"bench/locales: not installed here, skipped: {', '.join(skipped)}")
    results = {tool: measure(make_tool(tool), args.per_locale) for tool in tools}
    render(results, tools)
    payload = {
        "environment": environment(),
        "sentence": SENTENCE,
        "seed": SEED,
        "per_locale": args.per_locale,
        "results": {
            tool: {
                c: {"seen": t.seen, "found": t.found, "by_locale": t.by_locale}
                for c, t in by.items()
            }
            for tool, by in results.items()
        },
    }
    print(f"wrote {write_json('locales', payload)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
