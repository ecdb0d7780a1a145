"""SaaS credentials: Notion, Linear, Postman, HubSpot, Airtable, Contentful, Figma, Typeform,
Mapbox, Dropbox, Facebook/Meta, EasyPost, Shippo.

Each format is taken from the provider's own documentation of its tokens; the rule's ``origin``
names the page. Positive examples mark the expected span with ``⟦…⟧``.
"""

from __future__ import annotations

from annexa.detect.interface import Detector
from annexa.detect.secrets_common import ED, B, E, SecretDetector, keyed, token
from annexa.settings import ScanSettings

_SAAS = (
    token(
        "notion_token",
        "notion",
        rf"{B}(?:ntn_\d{{11}}[A-Za-z0-9]{{35}}|secret_[A-Za-z0-9]{{43}}){E}",
        ("ntn_", "secret_"),
        ("NOTION_TOKEN=⟦ntn_{d:11}{a:35}⟧", "⟦secret_{a:43}⟧"),
        ("ntn_{d:11}", "ntn_123456789012345678901234567890123456789012345678901234567890"),
        "Notion developers docs: Authorization (ntn_ internal integration secrets)",
    ),
    token(
        "linear_key",
        "linear",
        rf"{B}lin_(?:api_[A-Za-z0-9]{{40}}|oauth_[a-f0-9]{{64}}){E}",
        ("lin_api_", "lin_oauth_"),
        ("LINEAR_API_KEY=⟦lin_api_{a:40}⟧",),
        ("lin_api_{a:10}", "lin_api_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        "Linear developers docs: Personal API keys (lin_api_)",
    ),
    token(
        "postman_key",
        "postman",
        rf"{B}PMAK-[a-f0-9]{{24}}-[a-f0-9]{{34}}{E}",
        ("pmak-",),
        ("POSTMAN_API_KEY=⟦PMAK-{h:24}-{h:34}⟧",),
        ("PMAK-{h:24}", "PMAK-{h:24}-{h:10}"),
        "Postman docs: Generate a Postman API key (PMAK-)",
    ),
    token(
        "hubspot_private_app_token",
        "hubspot",
        r"pat-(?:na|eu)\d-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        ("pat-na", "pat-eu"),
        ("HUBSPOT_TOKEN=⟦pat-na1-{h:8}-{h:4}-{h:4}-{h:4}-{h:12}⟧",),
        ("pat-na1-{h:8}", "pat-xx1-{h:8}-{h:4}-{h:4}-{h:4}-{h:12}"),
        "HubSpot developers docs: Private app access tokens (pat-na1-)",
    ),
    token(
        "airtable_pat",
        "airtable",
        rf"{B}pat[A-Za-z0-9]{{14}}\.[a-f0-9]{{64}}{E}",
        ("airtable",),
        ("AIRTABLE_TOKEN=⟦pat{a:14}.{h:64}⟧",),
        ("airtable pat{a:14}.{h:20}", "airtable path{a:14}.{U:64}"),
        "Airtable support: Personal access tokens (pat…)",
    ),
    token(
        "contentful_token",
        "contentful",
        rf"{B}CFPAT-[\w-]{{43}}{ED}",
        ("cfpat-",),
        ("CONTENTFUL_MANAGEMENT_TOKEN=⟦CFPAT-{u:43}⟧",),
        ("CFPAT-{u:10}", "CFPAT-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        "Contentful docs: Personal access tokens (CFPAT-)",
    ),
    token(
        "figma_token",
        "figma",
        rf"{B}figd_[\w-]{{40,43}}{ED}",
        ("figd_",),
        ("FIGMA_TOKEN=⟦figd_{u:40}⟧",),
        ("figd_{u:10}", "figd_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        "Figma developers docs: Personal access tokens (figd_)",
    ),
    token(
        "typeform_token",
        "typeform",
        rf"{B}tfp_[A-Za-z0-9_-]{{44}}_[A-Za-z0-9_-]{{14}}{ED}",
        ("tfp_",),
        ("TYPEFORM_TOKEN=⟦tfp_{a:44}_{a:14}⟧",),
        ("tfp_{a:10}", "tfp_{a:44}"),
        "Typeform developers docs: Personal access tokens (tfp_)",
    ),
    token(
        "mapbox_secret_token",
        "mapbox",
        rf"{B}sk\.eyJ1[A-Za-z0-9_-]{{30,200}}\.[A-Za-z0-9_-]{{22}}{ED}",
        ("sk.eyj",),
        ("MAPBOX_SECRET=⟦sk.eyJ1{u:60}.{u:22}⟧",),
        ("pk.eyJ1{u:60}.{u:22}", "sk.eyJ1{u:10}"),
        "Mapbox docs: Access tokens (secret sk. tokens)",
    ),
    token(
        "dropbox_token",
        "dropbox",
        rf"{B}sl\.[A-Za-z0-9_-]{{130,1400}}{ED}",
        ("sl.",),
        ("DROPBOX_TOKEN=⟦sl.{u:140}⟧",),
        ("sl.{u:20}", "sl.xxxxxxxxxx"),
        "Dropbox developers docs: OAuth guide (short-lived sl. access tokens)",
    ),
    token(
        "facebook_access_token",
        "facebook",
        rf"{B}EAA[B-Z][A-Za-z0-9]{{80,300}}{E}",
        ("eaa",),
        ("FACEBOOK_TOKEN=⟦EAAM{a:180}⟧",),
        ("eaaa{h:40}", "EAAM{a:20}"),
        "Meta for Developers docs: Access tokens (EAA… user and page tokens)",
    ),
    keyed(
        "facebook_app_secret",
        "facebook",
        r"facebook",
        r"[a-f0-9]{32}",
        ("facebook",),
        ('facebook_app_secret = "⟦{h:32}⟧"',),
        ('facebook_app_secret = "{h:20}"', 'facebook_app_id = "{d:15}"'),
        "Meta for Developers docs: App secret (32 hex)",
    ),
    keyed(
        "facebook_app_access_token",
        "facebook",
        r"facebook(?: access_token)?",
        r"\d{15,16}\|[A-Za-z0-9_-]{27}",
        ("facebook",),
        ("facebook ⟦{d:16}|{u:27}⟧", '{"facebook access_token":"⟦{d:15}|{u:27}⟧"}'),
        ("facebook {d:16}|{u:10}", "facebook {d:16}"),
        "Meta for Developers docs: Access tokens (app access token: app-id|app-secret)",
    ),
    keyed(
        "hubspot_legacy_api_key",
        "hubspot",
        r"hubspot|hapikey",
        r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
        ("hubspot", "hapikey"),
        ('const hubspotKey = "⟦{h:8}-{h:4}-{h:4}-{h:4}-{h:12}⟧"',),
        ("hubspot_portal = {d:8}", "hapikey={h:8}"),
        "HubSpot developers docs: API keys (legacy hapikey, UUID format)",
        score=0.75,
    ),
    token(
        "easypost_key",
        "easypost",
        rf"{B}EZ[AT]K[a-zA-Z0-9]{{54}}{E}",
        ("ezak", "eztk"),
        ("EASYPOST_API_KEY=⟦EZAK{a:54}⟧",),
        ("EZAK{a:20}", "...6wqX6fNUXA/rYqRvfQ+EZAKGqQRiRyqAFRQshGPWOIAwNWGORfKHSBnVNFtVmWYoW6P/"),
        "EasyPost docs: Authentication (EZAK / EZTK keys)",
    ),
    token(
        "shippo_token",
        "shippo",
        rf"{B}shippo_(?:live|test)_[a-f0-9]{{40}}{E}",
        ("shippo_",),
        ("SHIPPO_TOKEN=⟦shippo_live_{h:40}⟧",),
        ("shippo_live_{h:10}", "shippo_prod_{h:40}"),
        "Shippo docs: Authentication (shippo_live_ / shippo_test_)",
    ),
)


class SaaSSecretDetector(SecretDetector):
    """SaaS API tokens: Notion, Linear, Postman, HubSpot, Airtable, Figma, Mapbox, Meta, ..."""

    name = "secrets_saas"
    origin = "provider documentation (Notion, Linear, Postman, HubSpot, Airtable, Meta, ...)"
    patterns = _SAAS
    anchor_all = True
    unanchored = frozenset({"airtable_pat"})
    windows = {"dropbox_token": (0, 1450)}  # noqa: RUF012 - read-only table


def detectors(settings: ScanSettings) -> list[Detector]:
    """The SaaS credential detector."""
    return [SaaSSecretDetector()]
