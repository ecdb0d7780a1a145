"""More SaaS and platform credentials, each in its provider's documented format.

Developer platforms (Adafruit IO, Adobe I/O, Clojars, Harness, LaunchDarkly, Defined Networking,
SettleMint, Authress, Asana, Salesforce, Yandex Cloud, Databricks OAuth), X (Twitter) app-only
bearer tokens, Firebase Cloud Messaging legacy server keys, Azure Data Factory self-hosted
integration runtime keys, webhook URLs that are credentials by themselves (Zapier), GitLab's
session cookie, and a few whose prefix is shared and that are looked for only next to the
provider's name (GoCardless, Yandex IAM and static keys, LaunchDarkly API access tokens).
"""

from __future__ import annotations

from typing import ClassVar

from annexa.detect.builtin._base import RegionDetector
from annexa.detect.builtin._regions import NUM, Region
from annexa.detect.interface import Detector
from annexa.detect.pattern import Pattern
from annexa.detect.secrets_common import (
    ED,
    B,
    E,
    SecretDetector,
    keyed,
    looks_like_placeholder,
    mixed_token,
    token,
)
from annexa.settings import ScanSettings

_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"

_PLATFORMS = (
    token(
        "adafruit_io_key",
        "adafruit",
        rf"{B}aio_[A-Za-z0-9]{{28}}{E}",
        ("aio_",),
        ("ADAFRUIT_IO_KEY=⟦aio_{a:28}⟧", 'Client("me", "⟦aio_{a:28}⟧")'),
        ("aio_{a:20}", "aio_xxxxxxxxxxxxxxxxxxxxxxxxxxxx", "radio_{a:28}"),
        "Adafruit IO docs: Adafruit IO Key (32 characters, aio_ prefix)",
    ),
    token(
        "adobe_client_secret",
        "adobe",
        rf"{B}p8e-[A-Za-z0-9]{{32}}{E}",
        ("p8e-",),
        ("ADOBE_CLIENT_SECRET=⟦p8e-{a:32}⟧",),
        ("p8e-{a:12}", "p8e-{a:40}"),
        "Adobe Developer Console docs: OAuth Server-to-Server credentials (client secret)",
    ),
    token(
        "clojars_deploy_token",
        "clojars",
        rf"{B}CLOJARS_[a-z0-9]{{60}}{E}",
        ("clojars_",),
        ("CLOJARS_PASSWORD=⟦CLOJARS_{l:60}⟧",),
        ("CLOJARS_{l:20}", "CLOJARS_USERNAME"),
        "Clojars wiki: Deploy tokens (CLOJARS_ prefix)",
    ),
    token(
        "harness_token",
        "harness",
        rf"{B}(?:pat|sat)\.[A-Za-z0-9_-]{{22}}\.[0-9a-f]{{24}}\.[A-Za-z0-9]{{20}}{E}",
        ("pat.", "sat."),
        (
            "x-api-key: ⟦pat.{a:22}.{h:24}.{a:20}⟧",
            "HARNESS_TOKEN=⟦sat.{a:22}.{h:24}.{a:20}⟧",
        ),
        ("Pat. {d:7}", "Sat. 12 May", "pat.{a:22}.{h:24}"),
        "Harness docs: API keys and tokens (pat. and sat. tokens: account . token id . secret)",
    ),
    token(
        "defined_networking_key",
        "definednetworking",
        rf"{B}dnkey-[A-Za-z0-9=_-]{{26}}-[A-Za-z0-9=_-]{{52}}{ED}",
        ("dnkey-",),
        ("DN_API_KEY=⟦dnkey-{A:26}-{A:52}⟧",),
        ("dnkey-{A:26}", "dnkey-{A:10}-{A:10}"),
        "Defined Networking docs: API keys (dnkey- prefix)",
    ),
    token(
        "settlemint_token",
        "settlemint",
        rf"{B}sm_(?:pat|aat|sat)_[A-Za-z0-9]{{16}}{E}",
        ("sm_pat_", "sm_aat_", "sm_sat_"),
        ("SETTLEMINT_ACCESS_TOKEN=⟦sm_pat_{a:16}⟧", "⟦sm_aat_{a:16}⟧"),
        ("sm_pat_{a:8}", "sm_xyz_{a:16}"),
        "SettleMint docs: personal, application and service access tokens",
    ),
    token(
        "authress_access_key",
        "authress",
        r"(?<![\w.-])(?i:(?:sc|ext|scauth|authress)_[a-z0-9]{5,30}\.[a-z0-9]{4,6}\.acc[_-]"
        r"[a-z0-9-]{10,32}\.[a-z0-9+/_=-]{30,120})(?![\w+/=-])",
        (".acc_", ".acc-"),
        ("AUTHRESS_KEY=⟦sc_{l:10}.{l:5}.acc_{l:20}.{b:60}⟧",),
        ("sc_{l:10}.{l:5}.acc_{l:20}", "sc_x.{l:5}.acc_{l:20}.{b:60}"),
        "Authress docs: service client access keys",
    ),
    token(
        "launchdarkly_sdk_key",
        "launchdarkly",
        rf"{B}(?:sdk|mob)-{_UUID}{E}",
        ("sdk-", "mob-"),
        ("LD_SDK_KEY=⟦sdk-{h:8}-{h:4}-{h:4}-{h:4}-{h:12}⟧", "⟦mob-{h:8}-{h:4}-{h:4}-{h:4}-{h:12}⟧"),
        ("sdk-{h:8}-{h:4}", "sdk-java-{d:3}"),
        "LaunchDarkly docs: Keys (server-side SDK keys, mobile keys)",
        score=0.8,
    ),
    keyed(
        "launchdarkly_api_token",
        "launchdarkly",
        r"launch_?darkly",
        rf"api-{_UUID}",
        ("launchdarkly", "launch_darkly"),
        ("LAUNCHDARKLY_ACCESS_TOKEN=⟦api-{h:8}-{h:4}-{h:4}-{h:4}-{h:12}⟧",),
        ("LAUNCHDARKLY_PROJECT=api-docs",),
        "LaunchDarkly docs: API access tokens (api- prefix)",
    ),
    token(
        "salesforce_access_token",
        "salesforce",
        r"(?<![\w!.])00D[A-Za-z0-9]{12,15}![A-Za-z0-9._]{80,120}(?![\w.])",
        ("00d",),
        ("Authorization: Bearer ⟦00D{a:12}!{a:96}⟧",),
        ("00D{a:12}", "00D{a:12}!{a:20}", "x00D{a:12}!{a:96}"),
        "Salesforce docs: OAuth access tokens (org id 00D... ! session key)",
    ),
    token(
        "yandex_api_key",
        "yandex",
        rf"{B}AQVN[A-Za-z0-9_-]{{35,38}}{ED}",
        ("aqvn",),
        ("YC_API_KEY=⟦AQVN{a:36}⟧",),
        ("AQVN{a:10}",),
        "Yandex Cloud docs: API keys (AQVN prefix)",
    ),
    keyed(
        "yandex_iam_token",
        "yandex",
        r"yandex",
        r"t1\.[A-Za-z0-9_-]{10,400}={0,2}\.[A-Za-z0-9_-]{86}={0,2}",
        ("yandex",),
        ("YANDEX_IAM_TOKEN=⟦t1.{a:120}.{a:86}⟧",),
        ("yandex_version = t1.{d:3}",),
        "Yandex Cloud docs: IAM tokens (t1. prefix)",
    ),
    keyed(
        "yandex_static_key",
        "yandex",
        r"yandex",
        r"YC[A-Za-z0-9_-]{38}",
        ("yandex",),
        ("yandex_secret_key: ⟦YC{a:38}⟧",),
        ("yandex_region: YC{L:4}",),
        "Yandex Cloud docs: static access keys (secret key, YC prefix)",
    ),
    token(
        "databricks_oauth_secret",
        "databricks",
        rf"{B}dose[0-9a-f]{{32}}{E}",
        ("dose",),
        ("DATABRICKS_CLIENT_SECRET=⟦dose{h:32}⟧",),
        ("dose{h:12}", "dosed{h:32}"),
        "Databricks docs: OAuth machine-to-machine (service principal secrets, dose prefix)",
    ),
    token(
        "twitter_bearer_token",
        "twitter",
        r"(?<![A-Za-z0-9%])A{21,22}[A-Za-z0-9%]{60,200}(?![A-Za-z0-9%])",
        ("a" * 21,),
        ("TWITTER_BEARER_TOKEN=⟦AAAAAAAAAAAAAAAAAAAAA{a:30}%2F{a:20}%3D{a:40}⟧",),
        (
            "AAAAAAAAAAAAAAAAAAAAA{U:8}",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        ),
        "X developer docs: OAuth 2.0 app-only bearer tokens",
    ),
    token(
        "fcm_server_key",
        "google",
        rf"{B}AAAA[A-Za-z0-9_-]{{7}}:APA91b[A-Za-z0-9_-]{{134}}{ED}",
        (":apa91b",),
        ('"Authorization: key=⟦AAAA{a:7}:APA91b{a:134}⟧"',),
        ("AAAA{a:7}:APA91b{a:20}",),
        "Firebase docs: Cloud Messaging legacy server keys",
    ),
    token(
        "azure_data_factory_ir_key",
        "azure",
        rf"{B}IR@{_UUID}@[\w.-]{{1,100}}@[a-z0-9]{{1,10}}@[A-Za-z0-9+/]{{43}}=",
        ("ir@",),
        ("AuthKey: ⟦IR@{h:8}-{h:4}-{h:4}-{h:4}-{h:12}@adf-prod@we@{b:43}=⟧",),
        ("IR@{h:8}-{h:4}-{h:4}-{h:4}-{h:12}@adf-prod",),
        "Microsoft Learn: Azure Data Factory self-hosted integration runtime authentication keys",
    ),
    token(
        "zapier_webhook_url",
        "zapier",
        r"https://hooks\.zapier\.com/hooks/catch/\d{4,12}/[A-Za-z0-9]{5,12}/?",
        ("hooks.zapier.com",),
        ("ZAP=⟦https://hooks.zapier.com/hooks/catch/{d:7}/{l:6}/⟧",),
        ("https://hooks.zapier.com/hooks/catch/", "https://zapier.com/apps"),
        "Zapier help: Webhooks by Zapier (catch hook URL)",
    ),
    token(
        "gitlab_session_cookie",
        "gitlab",
        r"_gitlab_session=([0-9a-z]{32})(?![0-9a-z])",
        ("_gitlab_session=",),
        ("Cookie: _gitlab_session=⟦{l:32}⟧",),
        ("_gitlab_session=<cookie>", "_gitlab_session={l:10}"),
        "GitLab docs: session cookie (_gitlab_session)",
        group=1,
    ),
    keyed(
        "gocardless_access_token",
        "gocardless",
        r"gocardless",
        r"(?:live|sandbox)_[A-Za-z0-9_=-]{40}",
        ("gocardless",),
        ("GOCARDLESS_ACCESS_TOKEN=⟦live_{a:40}⟧", "gocardless_token: ⟦sandbox_{a:40}⟧"),
        ("GOCARDLESS_ENV=live", "gocardless_token: sandbox_{a:10}"),
        "GoCardless API reference: Authentication (live_ and sandbox_ access tokens)",
    ),
    token(
        "lob_api_key",
        "lob",
        rf"{B}(?:live|test)_(?:[0-9a-f]{{35}}|pub_[0-9a-f]{{31}}){E}",
        ("live_", "test_"),
        ("LOB_API_KEY=⟦live_{h:35}⟧", "⟦test_pub_{h:31}⟧"),
        ("test_{h:12}", "live_{h:40}", "test_pub_{h:12}"),
        "Lob docs: API keys (live_ / test_ secret keys, _pub_ publishable keys)",
        score=0.8,
    ),
)


def check_twitter_bearer(value: str) -> bool | None:
    """The part after the run of ``A`` (an encoded id of zeros) must be random, no stand-in."""
    rest = value.lstrip("A")
    if len(rest) < 40 or looks_like_placeholder(rest) or mixed_token(rest) is False:
        return False
    return None


class PlatformSecretDetector(SecretDetector):
    """Developer platform and SaaS credentials: Adafruit, Adobe, Harness, Salesforce, Yandex..."""

    name = "secrets_platforms"
    origin = "provider documentation (Adafruit, Adobe, Harness, LaunchDarkly, Salesforce, ...)"
    patterns = _PLATFORMS
    anchor_all = True
    unanchored = frozenset({"fcm_server_key", "authress_access_key", "zapier_webhook_url"})
    windows = {  # noqa: RUF012 - read-only table
        "fcm_server_key": (12, 150),
        "authress_access_key": (50, 170),
        "zapier_webhook_url": (8, 50),
    }
    anchor_needs: ClassVar[dict[str, tuple[tuple[str, ...], int]]] = {
        "salesforce_access_token": (("!",), 20),
    }

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        if pattern.name == "twitter_bearer_token":
            return check_twitter_bearer(value)  # the run of A is the format, no stand-in
        return super().validate(value, pattern)


class AsanaTokenDetector(RegionDetector):
    """Asana personal access tokens: ``1/`` or ``2/``, the user's (and app's) numeric ids, ``:``
    and 32 hex digits.

    Their ids are a digit run the shared region pass already found, so the rule costs no pass
    of its own: only runs of 11 to 41 digits split by one or two ``/``, with
    the first right after their first digit and ``:`` right after their end, are looked at."""

    name = "secrets_asana"
    entities = ("SECRET",)
    origin = "Asana developer docs: Personal access tokens"
    region_kinds = frozenset({NUM})
    min_digits = 11
    max_digits = 41
    separators = frozenset({"/", "//"})
    prefilter = r"[0-2]/[0-9]{10,20}(?:/[0-9]{10,20})?:[0-9a-f]{32}"
    before = 1
    after = 40
    patterns = (
        token(
            "asana_pat",
            "asana",
            r"(?<![\w/])[0-2]/\d{10,20}(?:/\d{10,20})?:[0-9a-f]{32}(?![0-9a-f])",
            (),
            ("ASANA_TOKEN=⟦2/{d:16}/{d:16}:{h:32}⟧", "Bearer ⟦1/{d:13}:{h:32}⟧"),
            ("2/{d:16}/{d:16}", "12/{d:16}:{h:32}", "2/{d:16}:{h:12}"),
            "Asana developer docs: Personal access tokens",
        ),
    )

    def keep(self, text: str, region: Region) -> bool:
        return text[region.start + 1 : region.start + 2] == "/" and (
            text[region.end : region.end + 1] == ":"
        )

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        return False if looks_like_placeholder(value.rsplit(":", 1)[1]) else None


def detectors(settings: ScanSettings) -> list[Detector]:
    """The platform credential detectors."""
    return [PlatformSecretDetector(), AsanaTokenDetector()]
