"""DevOps and observability credentials: Vault, Doppler, 1Password, age, Tailscale, Datadog, ...

age secret keys are Bech32 strings (BIP-173 checksum), checked here; Vault's legacy ``s.`` tokens
are only looked for next to the words ``vault`` or ``token``.
"""

from __future__ import annotations

from typing import ClassVar

from annexa.detect.interface import Detector
from annexa.detect.secrets_common import ED, B, Check, E, SecretDetector, keyed, mixed_token, token
from annexa.settings import ScanSettings

BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def bech32_valid(value: str) -> bool | None:
    """BIP-173 checksum of a Bech32 string (``hrp1data``).

    ``True`` when it holds; ``None`` otherwise (a mistyped or truncated key is still a key),
    but ``False`` for a data part of one repeated character that fails it: that is no key
    mistyped, it is a stand-in.
    """
    text = value.lower()
    hrp, sep, data = text.rpartition("1")
    if not sep or len(data) < 6 or any(c not in BECH32 for c in data):
        return None
    values = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    values += [BECH32.index(c) for c in data]
    gen = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if (top >> i) & 1 else 0
    if chk == 1:
        return True
    return False if len(set(data)) == 1 else None


_SECRETS_MANAGERS = (
    token(
        "vault_token",
        "hashicorp",
        rf"{B}hv[sbr]\.[A-Za-z0-9_-]{{24,400}}{ED}",
        ("hvs.", "hvb.", "hvr."),
        ("VAULT_TOKEN=⟦hvs.{u:90}⟧", "-vaultToken ⟦hvb.{u:140}⟧"),
        ("hvs.{u:10}", "hvs.xxxxxxxxxxxxxxxxxxxxxxxx"),
        "HashiCorp Vault docs: Tokens (hvs., hvb., hvr. prefixes)",
    ),
    token(
        "vault_legacy_token",
        "hashicorp",
        r"(?i:token|vault[\w.-]{0,12}?)[\"']?[ \t]{0,3}[:=]{0,2}[ \t]{0,3}[\"']?"
        r"(s\.[A-Za-z0-9]{24})(?![\w.])",
        ("vault", "token:", "token=", "token ", 'token"', "token'"),
        ("token: ⟦s.{a:24}⟧", "VAULT_TOKEN=⟦s.{a:24}⟧"),
        ("s.xxxxxxxxxxxxxxxxxxxxxxxx", "token: s.{a:10}", "token: s.OverridingBeanDefinitionFor"),
        "HashiCorp Vault docs: Tokens (legacy s. service tokens)",
        score=0.75,
        group=1,
    ),
    token(
        "tailscale_key",
        "tailscale",
        rf"{B}tskey-(?:auth|api|client|scim|webhook)-[A-Za-z0-9]{{8,30}}-[A-Za-z0-9]{{24,64}}{E}",
        ("tskey-",),
        (
            "TS_AUTHKEY=⟦tskey-auth-k{a:11}CNTRL-{a:32}⟧",
            "use ⟦tskey-api-k{a:11}CNTRL-{a:32}⟧ for the API",
        ),
        ("tskey-auth-k{a:11}CNTRL", "tskey-other-k{a:11}CNTRL-{a:32}", "tskey-auth-{a:4}-{a:8}"),
        "Tailscale docs: auth keys, API access tokens, OAuth clients, SCIM and webhook secrets",
    ),
    token(
        "doppler_token",
        "doppler",
        rf"{B}dp\.(?:pt|st|ct|sa|scim|audit)\.[A-Za-z0-9_.-]{{40,44}}{ED}",
        ("dp.pt.", "dp.st.", "dp.ct.", "dp.sa.", "dp.scim.", "dp.audit."),
        ("DOPPLER_TOKEN=⟦dp.st.{a:43}⟧", "⟦dp.pt.{a:43}⟧"),
        ("dp.st.{a:10}", "dp.xx.{a:43}"),
        "Doppler docs: Token formats (dp.pt., dp.st., dp.sa., ...)",
    ),
    token(
        "onepassword_service_account_token",
        "1password",
        rf"{B}ops_eyJ[A-Za-z0-9+/=_-]{{250,2000}}{ED}",
        ("ops_eyj",),
        ("OP_SERVICE_ACCOUNT_TOKEN=⟦ops_eyJ{b:400}⟧",),
        ("ops_eyJ{b:20}", "ops_eyJxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        "1Password developer docs: Service accounts (ops_ tokens)",
    ),
    token(
        "onepassword_secret_key",
        "1password",
        r"(?<![\w-])A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-"
        r"[A-Z0-9]{5}-[A-Z0-9]{5}(?![\w-])",
        ("a3-",),
        (
            "Secret Key: ⟦A3-{A:6}-{A:11}-{A:5}-{A:5}-{A:5}⟧",
            "⟦A3-{A:6}-{A:6}-{A:5}-{A:5}-{A:5}-{A:5}⟧",
        ),
        ("A3-XXXXXX-XXXXXXXXXXX-XXXXX-XXXXX-XXXXX", "A3-{A:6}-{A:5}"),
        "1Password support: About your Secret Key (A3- format)",
    ),
    token(
        "age_secret_key",
        "age",
        rf"{B}AGE-SECRET-KEY-1[{BECH32.upper()}]{{58}}{E}",
        ("age-secret-key-1",),
        ("# created: 2024\n⟦AGE-SECRET-KEY-1" + (BECH32.upper() * 2)[:58] + "⟧",),
        ("AGE-SECRET-KEY-1{A:20}", "age1{L:58}"),
        "age specification (C2SP): X25519 identities, Bech32 AGE-SECRET-KEY-1",
    ),
    token(
        "sidekiq_credentials",
        "sidekiq",
        r"BUNDLE_(?:ENTERPRISE|GEMS)__CONTRIBSYS__COM[\"']?[ \t]{0,3}[:=][ \t]{0,3}[\"']?"
        r"([a-f0-9]{8}:[a-f0-9]{8})(?![\w:])",
        ("contribsys__com",),
        ("export BUNDLE_ENTERPRISE__CONTRIBSYS__COM=⟦{h:8}:{h:8}⟧",),
        (
            "BUNDLE_ENTERPRISE__CONTRIBSYS__COM=${SIDEKIQ_CREDS}",
            "BUNDLE_GEMS__CONTRIBSYS__COM: {h:8}",
        ),
        "Sidekiq Pro/Enterprise wiki: Gem server credentials (Bundler config)",
        group=1,
    ),
)

_OBSERVABILITY = (
    keyed(
        "datadog_api_key",
        "datadog",
        r"datadog[\w.-]{0,20}?(?:api|key)|dd_?api_?key|dd-api-key",
        r"[a-f0-9]{32}",
        ("datadog", "dd_api_key", "ddapikey", "dd-api-key", "dd_apikey"),
        ("DD_API_KEY=⟦{h:32}⟧", "datadog_api_key: ⟦{h:32}⟧"),
        ("DD_API_KEY={h:20}", "DD_API_KEY={h:40}x"),
        "Datadog docs: API and application keys (32 hex API key)",
    ),
    keyed(
        "datadog_app_key",
        "datadog",
        r"datadog[\w.-]{0,20}?app|dd_?app(?:lication)?_?key|dd-application-key",
        r"[a-f0-9]{40}",
        ("datadog", "dd_app", "ddapp", "dd-application-key"),
        ("DD_APP_KEY=⟦{h:40}⟧",),
        ("DD_APP_KEY={h:20}", "DD_APP_NAME={L:10}"),
        "Datadog docs: API and application keys (40 hex application key)",
    ),
    token(
        "newrelic_key",
        "newrelic",
        rf"{B}(?:NRAK-[A-Z0-9]{{27}}|NRII-[\w-]{{32}}|NRJS-[a-f0-9]{{19}}|[a-f0-9]{{36}}NRAL){ED}",
        ("nrak-", "nrii-", "nrjs-", "nral"),
        ("NEW_RELIC_API_KEY=⟦NRAK-{A:27}⟧", "license_key: ⟦{h:36}NRAL⟧"),
        ("NRAK-{A:10}", "NRAK-XXXXXXXXXXXXXXXXXXXXXXXXXXX"),
        "New Relic docs: API keys (NRAK- user keys, NRAL license keys, NRII- insert keys)",
    ),
    token(
        "sentry_token",
        "sentry",
        rf"{B}(?:sntrys_eyJ[A-Za-z0-9+/=]{{40,600}}_[A-Za-z0-9+/]{{43}}|sntryu_[a-f0-9]{{64}}){ED}",
        ("sntrys_", "sntryu_"),
        ("SENTRY_AUTH_TOKEN=⟦sntrys_eyJ{b:120}_{b:43}⟧", "⟦sntryu_{h:64}⟧"),
        ("sntrys_eyJ{b:10}", "sntryu_{h:20}"),
        "Sentry docs: Auth tokens (sntrys_ organization, sntryu_ user tokens)",
    ),
    token(
        "grafana_token",
        "grafana",
        rf"{B}(?:glc_[A-Za-z0-9+/]{{32,400}}={{0,2}}|glsa_[A-Za-z0-9]{{32}}_[A-Fa-f0-9]{{8}}){ED}",
        ("glc_", "glsa_"),
        ("loki_key: ⟦glc_{a:80}==⟧", "Bearer ⟦glsa_{a:32}_{h:8}⟧"),
        ("glc_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "GLC_CreateLightmapTextureArray(void);"),
        "Grafana docs: Service account tokens (glsa_) and Grafana Cloud tokens (glc_)",
    ),
    keyed(
        "okta_api_token",
        "okta",
        r"(?<![A-Za-z])okta",
        r"00[A-Za-z0-9_-]{40}",
        ("okta",),
        ('"oktaApiToken": "⟦00{u:40}⟧"',),
        ("oktaKey = 00000000000000000000000000000000000TUVWXYZ", "rookTable = 00{u:40}"),
        "Okta developer docs: Create an API token (SSWS tokens start with 00)",
    ),
    token(
        "okta_ssws_header",
        "okta",
        rf"{B}SSWS[ \t]+(00[A-Za-z0-9_-]{{40}}){ED}",
        ("ssws",),
        ("Authorization: SSWS ⟦00{u:40}⟧", "-H 'Authorization: SSWS ⟦00{a:40}⟧'"),
        ("Authorization: SSWS ${OKTA_API_TOKEN}", "SSWS 00{u:39}", "ssws 00{u:40}"),
        "Okta developer docs: the API token in the Authorization header's SSWS scheme",
        group=1,
    ),
    token(
        "databricks_token",
        "databricks",
        rf"{B}dapi[a-f0-9]{{32}}(?:-\d)?{E}",
        ("dapi",),
        ("DATABRICKS_TOKEN=⟦dapi{h:32}⟧", "token = ⟦dapi{h:32}-2⟧"),
        ("dapi{h:10}", "DATABRICKS_TOKEN=dapi123456789012345678a9bc01234defg5"),
        "Databricks docs: Personal access tokens (dapi prefix)",
    ),
    token(
        "dynatrace_token",
        "dynatrace",
        rf"{B}dt0[a-z]\d\d\.[A-Z0-9]{{24}}\.[A-Z0-9]{{64}}{E}",
        ("dt0",),
        ("DT_API_TOKEN=⟦dt0c01.{A:24}.{A:64}⟧",),
        ("dt0c01.{A:24}", "dt0c01.{A:24}.{A:20}"),
        "Dynatrace docs: Access tokens (dt0c01. format)",
    ),
    keyed(
        "sumologic_access_key",
        "sumologic",
        r"sumo[\w.-]{0,20}?key",
        r"[A-Za-z0-9]{64}",
        ("sumo",),
        ("SUMOLOGIC_ACCESSKEY: ⟦{a:64}⟧",),
        ("SUMO_ACCESS_KEY={SumoAccessKey}", "SUMO_ACCESS_KEY={a:20}"),
        "Sumo Logic docs: Access keys (64-character key)",
    ),
    keyed(
        "sumologic_access_id",
        "sumologic",
        r"sumo[\w.-]{0,20}?id",
        r"su[A-Za-z0-9]{12}",
        ("sumo",),
        ('sumologic_access_id = "⟦su{a:12}⟧"',),
        ("- (NSNumber *)sumOfProperty:(NSString *)property;", "sumo_id = su{a:4}"),
        "Sumo Logic docs: Access keys (14-character access ID)",
        score=0.7,
    ),
    token(
        "prefect_key",
        "prefect",
        rf"{B}pnu_[A-Za-z0-9]{{36}}{E}",
        ("pnu_",),
        ("PREFECT_API_KEY=⟦pnu_{a:36}⟧",),
        ("pnu_{a:10}", 'PREFECT_API_KEY = "pnu_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"'),
        "Prefect docs: API keys (pnu_ prefix)",
    ),
    token(
        "readme_key",
        "readme",
        rf"{B}rdme_[a-z0-9]{{70}}{E}",
        ("rdme_",),
        ("README_API_KEY=⟦rdme_{l:70}⟧",),
        (
            "rdme_{l:10}",
            "rdme_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
        ),
        "ReadMe docs: API keys (rdme_ prefix)",
    ),
    token(
        "infracost_key",
        "infracost",
        r"(?<![\w.])ico-[A-Za-z0-9]{32}(?![\w-])",
        ("ico-",),
        ('secret_value = "⟦ico-{a:32}⟧"',),
        ("ico-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "video_box.ico-{h:32}.png"),
        "Infracost docs: API keys (ico- prefix)",
    ),
    token(
        "intra42_secret",
        "42",
        rf"{B}s-s4t2(?:ud|af)-[a-f0-9]{{64}}{E}",
        ("s-s4t2",),
        ("FT_SECRET=⟦s-s4t2ud-{h:64}⟧",),
        ("s-s4t2ud-{h:10}", "s-s4t2xx-{h:64}"),
        "42 intra API docs: application secrets (s-s4t2ud-)",
    ),
    token(
        "frameio_token",
        "frameio",
        rf"{B}fio-u-[\w=-]{{64}}{ED}",
        ("fio-u-",),
        ("FRAMEIO_TOKEN=⟦fio-u-{u:64}⟧",),
        ("fio-u-{u:10}", "fio-x-{u:64}"),
        "Frame.io developer docs: Developer tokens (fio-u-)",
    ),
    keyed(
        "maxmind_license_key",
        "maxmind",
        r"maxmind",
        r"[A-Za-z0-9_]{6}_[A-Za-z0-9]{29}_mmk|[A-Za-z0-9]{16}",
        ("maxmind",),
        ('string maxmindToken = "⟦{a:6}_{a:29}_mmk⟧";',),
        ("maxmindToken = {a:8}", "maxmind_db = GeoLite2-City"),
        "MaxMind docs: License keys (_mmk suffix)",
    ),
)


class DevOpsSecretDetector(SecretDetector):
    """DevOps and observability tokens: Vault, Doppler, 1Password, age, Datadog, Sentry, ..."""

    name = "secrets_devops"
    origin = "provider documentation (HashiCorp, Doppler, 1Password, age spec, Datadog, ...)"
    patterns = _SECRETS_MANAGERS + _OBSERVABILITY
    anchor_all = True
    unanchored = frozenset({"newrelic_key", "sidekiq_credentials"})
    anchor_needs: ClassVar[dict[str, tuple[tuple[str, ...], int]]] = {
        "vault_legacy_token": (("s.", "S."), 40)
    }
    checks: ClassVar[dict[str, Check]] = {
        "age_secret_key": bech32_valid,
        "vault_legacy_token": mixed_token,
    }
    windows = {  # noqa: RUF012 - read-only table
        "onepassword_service_account_token": (0, 2100),
        "newrelic_key": (40, 60),
        "sentry_token": (0, 700),
    }


def detectors(settings: ScanSettings) -> list[Detector]:
    """The DevOps and observability credential detector."""
    return [DevOpsSecretDetector()]
