"""Other clouds and hosting platforms: IBM Cloud, Alibaba, Tencent, DigitalOcean, Heroku,
Cloudflare, Fly.io, Render, OpenShift, Netlify, Supabase, PlanetScale, Vercel, Pulumi, ...

Each format is taken from the provider's own documentation of its keys; the rule's ``origin``
names the page. Positive examples mark the expected span with ``⟦…⟧``.
"""

from __future__ import annotations

from annexa.detect.interface import Detector
from annexa.detect.secrets_common import ED, B, E, SecretDetector, keyed, token
from annexa.settings import ScanSettings

_OTHER_CLOUDS = (
    keyed(
        "ibm_cloud_iam_key",
        "ibm",
        r"(?:ibm|iam)[\w.-]{0,20}?(?:api|key|pwd|password|pass|token)",
        r"[A-Za-z0-9_-]{44}",
        ("ibm", "iam"),
        ("ibm_cloud_api_key: ⟦{u:44}⟧", '"iam_api_key" : "⟦{u:44}⟧"'),
        ("ibm_cloud_api_key: {u:50}", 'iam_api_key="%s" % IBM_IAM_API_KEY_ENV'),
        "IBM Cloud docs: Managing user API keys",
    ),
    token(
        "ibm_cos_hmac_secret",
        "ibm",
        r"(?i:secret_?access_?key)[\"']?\s{0,3}[:=]\s{0,3}[\"']?([a-f0-9]{48})(?![a-zA-Z0-9])",
        ("secret_access_key", "secretaccesskey"),
        ('"secret_access_key": "⟦{h:48}⟧"',),
        ('"secret_access_key": "{h:56}"', "secret_access_key={h:20}"),
        "IBM Cloud Object Storage docs: Using HMAC credentials",
        group=1,
    ),
    keyed(
        "softlayer_api_key",
        "ibm",
        r"softlayer|\bsl",
        r"[a-z0-9]{64}",
        ("softlayer", "sl_", "sl-", "slapi"),
        ("--softlayer-api-key ⟦{l:64}⟧", 'sl_api_key = "⟦{l:64}⟧"'),
        ('softlayer_api_key="%s" % SL_API_KEY_ENV', "softlayer_key: {l:20}"),
        "IBM Cloud (SoftLayer) API docs: API key authentication",
    ),
    token(
        "softlayer_api_url_key",
        "ibm",
        r"api\.softlayer\.com/(?:soap|rest|xmlrpc)/v3(?:\.1)?/([a-z0-9]{64})(?![a-z0-9])",
        ("api.softlayer.com",),
        ("http://api.softlayer.com/soap/v3.1/⟦{l:64}⟧",),
        (
            "http://api.softlayer.com/soap/v3.1/SoftLayer_Account",
            "api.softlayer.com/rest/v3/{l:20}",
        ),
        "IBM Cloud (SoftLayer) API docs: authenticating in the endpoint URL",
        group=1,
    ),
    token(
        "alibaba_access_key_id",
        "alibaba",
        rf"{B}LTAI[A-Za-z0-9]{{12,20}}{E}",
        ("ltai",),
        ("ALIBABA_CLOUD_ACCESS_KEY_ID=⟦LTAI{a:20}⟧",),
        ("LTAI{a:5}", "LTAIxxxxxxxxxxxxxxxx"),
        "Alibaba Cloud docs: Create an AccessKey pair",
    ),
    token(
        "tencent_secret_id",
        "tencent",
        rf"{B}AKID[A-Za-z0-9]{{32}}{E}",
        ("akid",),
        ("TENCENTCLOUD_SECRET_ID=⟦AKID{a:32}⟧",),
        ("AKID{a:10}", "akid{a:32}"),
        "Tencent Cloud docs: API key management (SecretId)",
    ),
    token(
        "digitalocean_token",
        "digitalocean",
        rf"{B}do[opr]_v1_[a-f0-9]{{64}}{E}",
        ("dop_v1_", "doo_v1_", "dor_v1_"),
        ("DIGITALOCEAN_TOKEN=⟦dop_v1_{h:64}⟧", "⟦doo_v1_{h:64}⟧"),
        ("dop_v1_{h:20}", "dop_v1_{U:64}"),
        "DigitalOcean docs: personal access tokens and OAuth token prefixes",
    ),
    token(
        "render_api_key",
        "render",
        rf"{B}rnd_[A-Za-z0-9]{{24,64}}{E}",
        ("rnd_",),
        ("RENDER_API_KEY=⟦rnd_{a:32}⟧", "Authorization: Bearer ⟦rnd_{a:32}⟧"),
        ("rnd_{a:12}", "rnd_seed_value_for_tests", "rnd_{L:8}_{L:20}"),
        "Render docs: API keys (rnd_ prefix)",
    ),
    token(
        "heroku_api_key_v2",
        "heroku",
        rf"{B}HRKU-AA[0-9A-Za-z_-]{{58}}{ED}",
        ("hrku-",),
        ('API_KEY = "⟦HRKU-AA{u:58}⟧"',),
        ("HRKU-AA{u:20}", "HRKU-{u:60}"),
        "Heroku Dev Center: API tokens (HRKU- prefix)",
    ),
    keyed(
        "heroku_api_key",
        "heroku",
        r"heroku",
        r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
        ("heroku",),
        ('heroku_api_key = "⟦{h:8}-{h:4}-{h:4}-{h:4}-{h:12}⟧"',),
        ('heroku_app = "{L:12}"', "heroku_api_key = {h:8}-{h:4}"),
        "Heroku Dev Center: Heroku CLI authentication (API key)",
        score=0.75,
    ),
    keyed(
        "cloudflare_api_token",
        "cloudflare",
        r"cloudflare",
        r"[A-Za-z0-9_-]{40}",
        ("cloudflare",),
        ('cloudflare_api_key = "⟦{u:40}⟧"', "CLOUDFLARE_API_TOKEN: ⟦{u:40}⟧"),
        ('cloudflare_zone = "{L:12}"', "cloudflare_api_key = {u:20}"),
        "Cloudflare docs: Create API token",
    ),
    keyed(
        "cloudflare_global_api_key",
        "cloudflare",
        r"cloudflare",
        r"[a-f0-9]{37}",
        ("cloudflare",),
        ('cloudflare_global_api_key = "⟦{h:37}⟧"',),
        ('cloudflare_global_api_key = "{h:20}"', "cloudflare: {h:40}x"),
        "Cloudflare docs: Get Global API key (legacy)",
    ),
    token(
        "cloudflare_origin_ca_key",
        "cloudflare",
        rf"{B}v1\.0-[a-f0-9]{{24}}-[a-f0-9]{{146}}{E}",
        ("v1.0-",),
        ("CLOUDFLARE_ORIGIN_CA: ⟦v1.0-{h:24}-{h:146}⟧",),
        ("v1.0-{h:24}-{h:20}", "version v1.0-beta"),
        "Cloudflare docs: Origin CA keys",
    ),
    token(
        "flyio_token",
        "fly",
        rf"{B}(?:fo1_[\w-]{{43}}|fm[12][ar]?_[A-Za-z0-9+/]{{100,1500}}={{0,2}}|"
        rf"FlyV1 fm[12][ar]?_[A-Za-z0-9+/]{{100,1500}}={{0,2}})",
        ("fo1_", "fm1r_", "fm1a_", "fm2_", "flyv1"),
        ("FLY_API_TOKEN=⟦fo1_{u:43}⟧", 'token="⟦FlyV1 fm2_{b:200}⟧"'),
        ("fo1_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "fo1_{u:10}"),
        "Fly.io docs: Access tokens (fly tokens create)",
    ),
    token(
        "openshift_token",
        "openshift",
        r"sha256~[\w-]{43}(?![\w-])",
        ("sha256~",),
        ("oc login --token=⟦sha256~{u:43}⟧",),
        ("sha256~{u:20}", "sha256~XXXXXXXXXX_PUT_YOUR_TOKEN_HERE_XXXXXXXXXXXX"),
        "Red Hat OpenShift docs: Using bearer tokens (sha256~ tokens)",
    ),
    token(
        "scalingo_token",
        "scalingo",
        rf"{B}tk-us-[\w-]{{48}}{ED}",
        ("tk-us-",),
        ('scalingo_api_token = "⟦tk-us-{u:48}⟧"',),
        ("tk-us-{u:10}", "tk-us-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        "Scalingo docs: API tokens",
    ),
    token(
        "clickhouse_cloud_secret",
        "clickhouse",
        rf"{B}4b1d[A-Za-z0-9]{{38}}{E}",
        ("4b1d",),
        ('ClickHouseToken = "⟦4b1d{a:38}⟧"',),
        ("key = 4b1dXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "key = adf4b1d{a:38}"),
        "ClickHouse Cloud docs: Managing API keys",
    ),
    token(
        "pulumi_token",
        "pulumi",
        rf"{B}pul-[a-f0-9]{{40}}{E}",
        ("pul-",),
        ("PULUMI_ACCESS_TOKEN=⟦pul-{h:40}⟧",),
        ("pul-{h:10}", "vipul-{h:40}"),
        "Pulumi docs: Access tokens",
    ),
    token(
        "netlify_token",
        "netlify",
        rf"{B}nfp_[A-Za-z0-9]{{36}}{E}",
        ("nfp_",),
        ("NETLIFY_AUTH_TOKEN=⟦nfp_{a:36}⟧",),
        ("nfp_{a:10}", "nfp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        "Netlify docs: personal access tokens (nfp_ prefix)",
    ),
    token(
        "supabase_token",
        "supabase",
        rf"{B}(?:sbp_[a-f0-9]{{40}}|sb_secret_[A-Za-z0-9_-]{{31,64}}){ED}",
        ("sbp_", "sb_secret_"),
        ("SUPABASE_ACCESS_TOKEN=⟦sbp_{h:40}⟧", "key ⟦sb_secret_{u:40}⟧"),
        ("sbp_{h:10}", "sb_publishable_{u:40}"),
        "Supabase docs: Management API access tokens; API keys (sb_secret_)",
    ),
    token(
        "planetscale_token",
        "planetscale",
        rf"{B}pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_=.-]{{32,64}}{ED}",
        ("pscale_",),
        ("PLANETSCALE_SERVICE_TOKEN=⟦pscale_tkn_{u:43}⟧", "⟦pscale_pw_{u:43}⟧"),
        ("pscale_tkn_{u:10}", "pscale_db_{u:43}"),
        "PlanetScale docs: Service tokens and passwords",
    ),
    token(
        "vercel_token",
        "vercel",
        rf"{B}vc[piakr]_[A-Za-z0-9]{{56}}{E}",
        ("vcp_", "vci_", "vca_", "vck_", "vcr_"),
        ("VERCEL_TOKEN=⟦vcp_{a:56}⟧",),
        ("vcp_{a:20}", "vcx_{a:56}"),
        "Vercel docs: access tokens (vcp_ prefix)",
    ),
)


class HostingSecretDetector(SecretDetector):
    """Hosting and smaller cloud credentials: IBM, DigitalOcean, Heroku, Cloudflare, Fly.io, ..."""

    name = "secrets_hosting"
    origin = "provider documentation (IBM Cloud, DigitalOcean, Heroku, Cloudflare, Fly.io, ...)"
    patterns = _OTHER_CLOUDS
    anchor_all = True
    windows = {"flyio_token": (10, 1600)}  # noqa: RUF012 - read-only table


def detectors(settings: ScanSettings) -> list[Detector]:
    """The hosting platform credential detector."""
    return [HostingSecretDetector()]
