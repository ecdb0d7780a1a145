"""Payment and messaging credentials: Stripe, Square, PayPal, Shopify, Slack, Twilio, SendGrid...

Other SaaS tokens (Notion, Linear, Postman, HubSpot, ...) are in ``secrets_saas``.

Slack webhook URLs and Discord webhook URLs are secrets as a whole (the path is the credential),
so their span is the URL.
"""

from __future__ import annotations

from typing import ClassVar

from annexa.detect.builtin._base import RegionDetector
from annexa.detect.builtin._regions import TOKEN, Region
from annexa.detect.interface import Detector
from annexa.detect.pattern import Pattern
from annexa.detect.secrets_common import (
    ED,
    B,
    Check,
    E,
    SecretDetector,
    b64decode_loose,
    keyed,
    looks_like_placeholder,
    mixed_token,
    token,
)
from annexa.settings import ScanSettings

SLACK = "Slack API docs: Token types (xoxb-, xoxp-, xapp-, xoxe-) and incoming webhooks"

_PAYMENT = (
    token(
        "stripe_secret_key",
        "stripe",
        rf"{B}(?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{{24,247}}{E}",
        ("sk_live_", "sk_test_", "rk_live_", "rk_test_", "sk_prod_", "rk_prod_"),
        ("stripe.api_key = '⟦sk_live_{a:24}⟧'", "⟦rk_test_{a:99}⟧"),
        ("pk_live_{a:24}", "sk_live_", "sk_live_{a:10}"),
        "Stripe docs: API keys (secret sk_, restricted rk_)",
    ),
    token(
        "stripe_webhook_secret",
        "stripe",
        rf"{B}whsec_[A-Za-z0-9]{{32,64}}{E}",
        ("whsec_",),
        ("STRIPE_WEBHOOK_SECRET=⟦whsec_{a:32}⟧",),
        ("whsec_{a:10}", "whsec_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        "Stripe docs: Check webhook signatures (whsec_ endpoint secret)",
    ),
    token(
        "square_token",
        "square",
        rf"{B}(?:sq0atp-[\w-]{{22}}|sq0csp-[\w-]{{43}}|EAAA[\w-]{{60}}){ED}",
        ("sq0atp-", "sq0csp-", "eaaa"),
        ("token=⟦sq0atp-{u:22}⟧", "⟦sq0csp-{u:43}⟧", "SQUARE_ACCESS_TOKEN=⟦EAAA{u:60}⟧"),
        ("sq0atp-{u:8}", "aws-cli@sha256:eaaa{h:60}"),
        "Square developer docs: Access tokens and OAuth application secrets",
    ),
    token(
        "braintree_access_token",
        "paypal",
        r"access_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32}",
        ("access_token$",),
        ("BRAINTREE_TOKEN=⟦access_token$production${l:16}${h:32}⟧",),
        ("access_token$production${l:16}", "access_token$local${l:16}${h:32}"),
        "PayPal/Braintree docs: Access tokens for the Braintree SDK",
    ),
    token(
        "shopify_token",
        "shopify",
        rf"{B}shp(?:at|ca|pa|ss)_[a-fA-F0-9]{{32}}{E}",
        ("shpat_", "shpca_", "shppa_", "shpss_"),
        ("X-Shopify-Access-Token: ⟦shpat_{h:32}⟧",),
        ("shpat_{h:10}", "shpxx_{h:32}"),
        "Shopify docs: Access tokens (shpat_, shpca_, shppa_, shpss_)",
    ),
    token(
        "plaid_access_token",
        "plaid",
        r"access-(?:sandbox|development|production)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-"
        r"[0-9a-f]{4}-[0-9a-f]{12}",
        ("access-sandbox-", "access-development-", "access-production-"),
        ('"access_token": "⟦access-production-{h:8}-{h:4}-{h:4}-{h:4}-{h:12}⟧"',),
        ("access-production-{h:8}", "access-staging-{h:8}-{h:4}-{h:4}-{h:4}-{h:12}"),
        "Plaid docs: access_token format",
    ),
    token(
        "flutterwave_secret_key",
        "flutterwave",
        rf"{B}FLWSECK(?:_TEST)?-[a-h0-9]{{32}}-X{E}",
        ("flwseck",),
        ("FLW_SECRET_KEY=⟦FLWSECK_TEST-{h:32}-X⟧",),
        ("FLWPUBK_TEST-{h:32}-X", "FLWSECK-{h:10}-X"),
        "Flutterwave docs: API keys (FLWSECK- secret keys)",
    ),
    token(
        "duffel_token",
        "duffel",
        rf"{B}duffel_(?:test|live)_[A-Za-z0-9_=-]{{43}}{ED}",
        ("duffel_",),
        ("DUFFEL_ACCESS_TOKEN=⟦duffel_test_{u:43}⟧",),
        ("duffel_test_{u:10}", "duffel_prod_{u:43}"),
        "Duffel docs: Access tokens",
    ),
)

_MESSAGING = (
    token(
        "slack_token",
        "slack",
        rf"{B}xox[abposre]-[0-9]{{1,16}}(?:-[0-9A-Za-z]{{1,64}}){{1,4}}{ED}",
        ("xoxb-", "xoxp-", "xoxa-", "xoxo-", "xoxs-", "xoxr-", "xoxe-"),
        (
            'client = WebClient(token="⟦xoxb-{d:12}-{d:13}-{a:24}⟧")',
            "⟦xoxp-{d:11}-{d:11}-{d:11}-{h:32}⟧",
            "SLACK_TOKEN=⟦xoxa-2-{d:9}-{d:11}-{d:13}-{h:18}⟧",
            "?t=⟦xoxe-{d:13}-{d:13}-{d:13}-{h:32}⟧",
        ),
        (
            "xoxb-xxxxxxxxx-xxxxxxxxxx-xxxxxxxxxxxx",
            "xoxb-12345-abcd234",
            "xoxp-1234567890",
            "xoxe.xoxp-1-SlackAppConfigurationAccessTokenHere",
        ),
        SLACK,
    ),
    token(
        "slack_config_token",
        "slack",
        rf"{B}(?:xoxe\.xox[bp]-1-|xoxe-1-)[A-Za-z0-9]{{100,300}}{E}",
        ("xoxe",),
        ('"access_token": "⟦xoxe.xoxp-1-{a:160}⟧"', '"refresh_token": "⟦xoxe-1-{a:150}⟧"'),
        ("xoxe.xoxp-1-SlackAppConfigurationAccessTokenHere", "xoxe-1-xxx"),
        SLACK,
    ),
    token(
        "slack_app_token",
        "slack",
        rf"{B}xapp-\d-[A-Z0-9]{{9,12}}-\d{{10,15}}-[a-f0-9]{{64}}{E}",
        ("xapp-",),
        ('"app_token": "⟦xapp-1-{A:11}-{d:13}-{h:64}⟧"',),
        ("xapp-1-{A:11}", "xapp-1-{A:11}-{d:13}-{h:10}"),
        SLACK,
    ),
    token(
        "slack_webhook_url",
        "slack",
        r"https?://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9_]{8,12}/"
        r"[A-Za-z0-9_]{8,12}/[A-Za-z0-9_/]{18,120}",
        ("hooks.slack.com",),
        ("SLACK_WEBHOOK=⟦https://hooks.slack.com/services/T{A:8}/B{A:8}/{a:24}⟧",),
        ("https://hooks.slack.com/services/T{A:8}", "https://api.slack.com/messaging/webhooks"),
        SLACK,
    ),
    token(
        "discord_bot_token",
        "discord",
        r"(?<![\w.-])[MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}(?![\w.-])",
        ("discord", "bot "),
        ("Authorization: Bot ⟦MT{u:22}.{u:6}.{u:27}⟧", "DISCORD_TOKEN=⟦Nz{u:22}.{u:6}.{u:38}⟧"),
        ("discord MZ{u:20}.{u:5}.{u:27}", "discord MZ{u:22}.{u:6}.{u:20}"),
        "Discord developer docs: Authentication (bot token: base64 id . timestamp . hmac)",
        score=0.85,
    ),
    token(
        "discord_bot_token_bare",
        "discord",
        # Tried only where ``token`` (a key name) or ``.run(``/``.login(`` (the client call) is.
        r"(?i:token[\w.-]{0,30}+[\"'\]]?[ \t]{0,4}+(?::=|=>|[:=,])[ \t]{0,4}+|\.run\(|\.login\()"
        r"[\"'`]?([MNO][DTjz][A-Za-z0-9_-]{21,24}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38})(?![\w.-])",
        ("token", ".run(", ".login("),
        (
            'bot.run("⟦MTExMTExMTExMTExMTExMTEx.{u:6}.{u:27}⟧")',
            "token: ⟦OTk5OTk5OTk5OTk5OTk5OTk5.{u:6}.{u:38}⟧",
        ),
        ("token = MT{U:22}.{u:6}.{u:27}", "token = MTEx.{u:6}.{u:27}"),
        "Discord developer docs: Authentication; Snowflakes (the first segment is base64 of the"
        " numeric user id)",
        score=0.85,
        group=1,
    ),
    token(
        "discord_webhook_url",
        "discord",
        r"https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/\d{17,20}/[\w-]{60,70}",
        ("discord",),
        ("⟦https://discord.com/api/webhooks/{d:18}/{u:68}⟧",),
        ("https://discord.com/api/webhooks/{d:18}", "https://discord.com/developers/docs"),
        "Discord developer docs: Webhook resource (execute webhook URL)",
    ),
    token(
        "telegram_bot_token",
        "telegram",
        r"(?:(?<=/bot)|(?<![\w:]))\d{8,10}:AA[A-Za-z0-9_-]{33}(?![\w-])",
        (":aa",),
        ("TELEGRAM_TOKEN=⟦{d:10}:AA{u:33}⟧", "https://api.telegram.org/bot⟦{d:9}:AA{u:33}⟧/getMe"),
        ("bot{d:9}:AA{u:33}", "foo:AA{u:33}", "{d:9}:AA{u:20}"),
        "Telegram Bot API docs: Authorizing your bot (id:token)",
    ),
    keyed(
        "twilio_api_key",
        "twilio",
        r"twilio",
        r"SK[0-9a-fA-F]{32}",
        ("twilio",),
        ("TWILIO_API_KEY=⟦SK{h:32}⟧",),
        ("TWILIO_API_KEY=SK{h:10}", "twilio_region = us1"),
        "Twilio docs: API keys (SK + 32 hex)",
    ),
    keyed(
        "twilio_auth_token",
        "twilio",
        r"twilio[\w.-]{0,20}?(?:token|secret|auth)",
        r"[0-9a-f]{32}",
        ("twilio",),
        ("TWILIO_AUTH_TOKEN=⟦{h:32}⟧",),
        ("TWILIO_AUTH_TOKEN={h:10}", "TWILIO_ACCOUNT_SID=AC{h:32}"),
        "Twilio docs: Auth tokens (32 hex)",
    ),
    token(
        "twilio_auth_token_after_sid",
        "twilio",
        r"\bAC[0-9a-f]{32}(?:[\"']?[ \t]*,[ \t]*[\"']?|:)([0-9a-f]{32})(?![0-9A-Za-z])",
        ("twilio",),
        (
            'const client = new Twilio("AC{h:32}", "⟦{h:32}⟧");',
            "client = Client('AC{h:32}', '⟦{h:32}⟧')  # from twilio.rest import Client",
            "curl -u AC{h:32}:⟦{h:32}⟧ https://api.twilio.com/2010-04-01/Accounts.json",
        ),
        ('twilio Client("AC{h:32}", "{h:10}")', "twilio AC{h:32}", "twilio AC{h:32}:{h:40}"),
        "Twilio docs: the Account SID and the Auth Token, passed together (helper library "
        "Client(account_sid, auth_token), HTTP basic auth)",
        group=1,
    ),
    token(
        "sendgrid_key",
        "sendgrid",
        rf"{B}SG\.[\w-]{{22}}\.[\w-]{{43}}{ED}",
        ("sg.",),
        ("SENDGRID_API_KEY=⟦SG.{u:22}.{u:43}⟧",),
        ("SG.{u:22}..{u:43}", "AG.{u:22}.{u:43}"),
        "Twilio SendGrid docs: API keys (SG. prefix)",
    ),
    token(
        "mailgun_key",
        "mailgun",
        rf"{B}(?:key-[a-f0-9]{{32}}|[a-f0-9]{{32}}-[a-f0-9]{{8}}-[a-f0-9]{{8}}){E}",
        ("key-", "mailgun"),
        ("MAILGUN_API_KEY=⟦key-{h:32}⟧", "mailgun ⟦{h:32}-{h:8}-{h:8}⟧"),
        ("key-{h:10}", "monkey-{h:32}"),
        "Mailgun docs: API keys (key- prefix; private keys)",
    ),
    token(
        "mailchimp_key",
        "mailchimp",
        rf"{B}[a-f0-9]{{32}}-us\d{{1,2}}{E}",
        ("-us",),
        ("mailchimp_api_key: ⟦{h:32}-us18⟧", "⟦{h:32}-us2⟧"),
        ("{h:32}-2", "{H:32}-us2", "{h:15}-us2"),
        "Mailchimp Marketing API docs: API keys (key-dc suffix)",
    ),
    token(
        "brevo_key",
        "brevo",
        rf"{B}x(?:keysib|smtpsib)-[a-f0-9]{{64}}-[A-Za-z0-9]{{16}}{E}",
        ("xkeysib-", "xsmtpsib-"),
        ("BREVO_API_KEY=⟦xkeysib-{h:64}-{a:16}⟧",),
        ("xkeysib-{h:20}", "xkeysib-{h:64}"),
        "Brevo (Sendinblue) docs: API keys (xkeysib- prefix)",
    ),
    token(
        "teams_webhook_url",
        "microsoft",
        r"https://[\w-]{1,60}\.webhook\.office\.com/webhookb2/[0-9a-f-]{36}@[0-9a-f-]{36}/"
        r"IncomingWebhook/[0-9a-f]{32}/[0-9a-f-]{36}(?:/[\w-]{20,60})?",
        ("webhook.office.com",),
        (
            "⟦https://acme.webhook.office.com/webhookb2/{h:8}-{h:4}-{h:4}-{h:4}-{h:12}@"
            "{h:8}-{h:4}-{h:4}-{h:4}-{h:12}/IncomingWebhook/{h:32}/{h:8}-{h:4}-{h:4}-{h:4}-{h:12}⟧",
        ),
        ("https://acme.webhook.office.com/webhookb2/", "webhook.office.com docs"),
        "Microsoft Learn: Create an Incoming Webhook (Teams)",
    ),
)


def check_discord(value: str) -> bool | None:
    """A Discord bot token whose first segment is base64 of a snowflake id (17-20 digits)."""
    raw = b64decode_loose(value.split(".", 1)[0])
    return True if raw is not None and raw.isdigit() and 17 <= len(raw) <= 20 else None


def check_discord_bare(value: str) -> bool | None:
    """Without ``discord`` nearby, only a token whose id decodes to digits is kept."""
    return bool(check_discord(value))


def check_slack(value: str) -> bool | None:
    """Slack tokens: the last segment is the random secret, the numeric ones are team/user ids.

    Only the secret segment is tested for placeholders: an id may well repeat a digit.
    """
    secret = value.rsplit("-", 1)[1]
    if len(value) < 30 or looks_like_placeholder(secret) or mixed_token(secret) is False:
        return False
    return None


class PaymentSaaSSecretDetector(SecretDetector):
    """Payment and messaging tokens: Stripe, Square, PayPal, Shopify, Slack, Twilio, SendGrid..."""

    name = "secrets_payment_saas"
    origin = "provider documentation (Stripe, Square, Slack, Twilio, SendGrid, Notion, ...)"
    patterns = _PAYMENT + _MESSAGING
    anchor_all = True
    unanchored = frozenset(
        {"mailchimp_key", "telegram_bot_token", "discord_bot_token", "mailgun_key"}
        | {"twilio_auth_token_after_sid"}
        | {"discord_webhook_url", "slack_webhook_url", "teams_webhook_url"}
    )
    checks: ClassVar[dict[str, Check]] = {
        "slack_token": check_slack,
        "discord_bot_token": check_discord,
        "discord_bot_token_bare": check_discord_bare,
    }
    windows = {  # noqa: RUF012 - read-only table
        "mailchimp_key": (40, 10),
        "telegram_bot_token": (20, 50),
        "slack_config_token": (0, 330),
        "mailgun_key": (60, 400),
        "discord_bot_token_bare": (0, 120),
        # "from twilio.rest import Client" at the top of a file, the call further down
        "twilio_auth_token_after_sid": (200, 1500),
    }

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        if pattern.name == "slack_token":
            return check_slack(value)  # placeholders judged on the secret segment only
        return super().validate(value, pattern)


class DiscordTokenAloneDetector(RegionDetector):
    """A Discord bot token written with no keyword near it (a line of a paste, a value alone).

    No keyword gates it: it looks only at the letter-digit tokens of 23-26 characters that the
    shared region pass already found and that a dot follows, so it costs no pass of its own.
    Without a keyword only the documented shape counts: the user id, a 6-character timestamp and
    the HMAC. A first segment that decodes to the numeric user id (a snowflake of 17-20 digits)
    confirms the token; one that does not (a token typed or altered by hand) is kept at a lower
    score when it has the length of an 18- or 19-digit id and both it and the HMAC look random
    (upper and lower case letters and digits).
    """

    name = "secrets_discord_alone"
    entities = ("SECRET",)
    region_kinds = frozenset({TOKEN})
    token_lengths = (23, 26)
    before = 1
    after = 48
    prefilter = r"[MNO][A-Za-z0-9]{22,25}\."  # the rule's start: the user id, then a dot
    patterns = (
        token(
            "discord_bot_token_alone",
            "discord",
            r"(?<![\w.-])[MNO][A-Za-z0-9]{22,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}(?![\w.-])",
            (),
            (
                "⟦MTExNjc4OTAxMjM0NTY3ODkw.{u:6}.{u:27}⟧",
                "- ⟦OTg3NjU0MzIxMDk4NzY1NDMy.{u:6}.{u:38}⟧ ok",
                "⟦MZ1{a:21}.{u:6}.{a:27}⟧",
            ),
            (
                "MTExNjc4OTAxMjM0NTY3ODkw.{u:5}.{u:27}",
                "MTExNjc4OTAxMjM0NTY3ODkw.{u:6}.{u:26}",
                "MT{U:22}.{u:6}.{u:27}",
                "xMTExNjc4OTAxMjM0NTY3ODkw.{u:6}.{u:27}",
                "MZ{L:22}.{u:6}.{a:27}",
            ),
            "Discord developer docs: Authentication; Snowflakes (the first segment is base64 of the"
            " numeric user id)",
            score=0.6,
        ),
    )

    def keep(self, text: str, region: Region) -> bool:
        return text[region.start] in "MNO" and text[region.end : region.end + 1] == "."

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        first, _, mac = value.split(".")
        if looks_like_placeholder(mac):
            return False
        if check_discord(value):
            return True
        # Unconfirmed: the id of a user id of 18 or 19 digits (24 or 26 characters), as ids
        # have been since 2016, and random-looking parts.
        plausible = len(first) in (24, 26) and _looks_random(first) and _looks_random(mac)
        return None if plausible else False


def _looks_random(part: str) -> bool:
    """Upper and lower case letters and digits, as base64 of random bytes has."""
    return (
        any(c.isupper() for c in part)
        and any(c.islower() for c in part)
        and any(c.isdigit() for c in part)
    )


def detectors(settings: ScanSettings) -> list[Detector]:
    """The payment, messaging and SaaS credential detectors."""
    return [PaymentSaaSSecretDetector(), DiscordTokenAloneDetector()]
