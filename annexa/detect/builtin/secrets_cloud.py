"""Cloud platform credentials: AWS, Google Cloud and Azure (other clouds: ``secrets_hosting``).

Each format is taken from the provider's own documentation of its keys; the rule's ``origin``
names the page. Positive examples mark the expected span with ``⟦…⟧``.
"""

from __future__ import annotations

from typing import ClassVar

from annexa.detect.interface import Detector
from annexa.detect.secrets_common import ED, B, Check, E, SecretDetector, keyed, token
from annexa.settings import ScanSettings

AWS_IAM = "AWS IAM docs: Understanding unique ID prefixes / Managing access keys"
GCP_KEYS = "Google Cloud docs: Manage API keys; OAuth 2.0 for server apps"
AZURE = "Microsoft Learn: Azure Storage account keys, SAS, Entra ID app credentials"

_AWS = (
    token(
        "aws_access_key_id",
        "aws",
        rf"{B}(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{{16}}{E}",
        ("akia", "asia", "abia", "acca", "a3t"),
        ("aws_access_key_id=⟦AKIA{U:16}⟧", "creds ⟦ASIA{U:16}⟧ expire"),
        ("AKIA{U:10}", "akia{L:16}", "AKIAIOSFODNN7EXAMPLE", "xAKIA{U:16}"),
        AWS_IAM,
    ),
    keyed(
        "aws_secret_access_key",
        "aws",
        r"aws_?secret_?(?:access_?)?key|secret_?access_?key|aws_?secret",
        r"[A-Za-z0-9/+]{40}",
        ("secret_access_key", "secretaccesskey", "aws_secret", "aws_secret_key"),
        (
            'AWS_SECRET_ACCESS_KEY = "⟦{a:18}/{a:10}+{a:10}⟧"',
            "aws_secret_access_key=⟦{a:40}⟧",
            '"SecretAccessKey": "⟦{a:40}⟧"',
        ),
        ("aws_secret_access_key={a:30}", "aws_secret_access_key = os.environ['X']"),
        AWS_IAM,
        score=0.9,
    ),
    token(
        "aws_secret_access_key_after_id",
        "aws",
        r"(?:AKIA|ASIA)[A-Z0-9]{16}[\"']?[ \t]*(?:[,:/|;][ \t]*|[ \t])[\"']?"
        r"([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])",
        ("akia", "asia"),
        (
            "here are the keys AKIA{U:16} / ⟦{a:18}/{a:10}+{a:10}⟧",
            'boto3.client("s3", "AKIA{U:16}", "⟦{a:40}⟧")',
            "AKIA{U:16}:⟦{a:40}⟧",
        ),
        ("AKIA{U:16} / {a:30}", "AKIA{U:16} {a:44}", "AKIA{U:16} {h:40}"),
        AWS_IAM + " (an access key ID and its secret access key, written together)",
        group=1,
    ),
    keyed(
        "aws_session_token",
        "aws",
        r"aws_?session_?token|x-amz-security-token|session_?token",
        r"[A-Za-z0-9/+]{100,1500}={0,2}",
        ("session_token", "sessiontoken", "x-amz-security-token"),
        ("aws_session_token = ⟦IQoJ{b:300}⟧",),
        ("aws_session_token = {b:40}", "session_token = get_token()"),
        "AWS STS docs: GetSessionToken / temporary security credentials",
    ),
    token(
        "aws_session_token_blob",
        "aws",
        r"(?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdzE|FQoGZXIvYXdzE)[A-Za-z0-9/+]{100,1500}={0,2}",
        ("iqojb3jpz2lux2vj", "fwogzxivyxdz", "fqogzxivyxdz"),
        ("token ⟦IQoJb3JpZ2luX2Vj{b:400}⟧ end",),
        ("IQoJb3JpZ2luX2Vj{b:20}", "iqojb3jpz2lux2vj{b:200}"),
        "AWS STS docs: temporary security credentials",
    ),
    token(
        "aws_bedrock_api_key",
        "aws",
        rf"{B}ABSKQmVkcm9ja0FQSUtleS[A-Za-z0-9+/]{{100,300}}={{0,2}}",
        ("absk",),
        ("AWS_BEARER_TOKEN_BEDROCK=⟦ABSKQmVkcm9ja0FQSUtleS{a:130}=⟧",),
        ("ABSKQmVkcm9ja0FQSUtleS{a:10}", "ABSKQmVkcm9ja0FQSUtleS{a:20}"),
        "Amazon Bedrock docs: API keys (long-term)",
    ),
    token(
        "aws_bedrock_short_key",
        "aws",
        # Base64 of a presigned URL: it starts with the host's base64, even when cut short.
        rf"{B}bedrock-api-key-(?:YmVkcm9jay5hbWF6b25hd3MuY29t|[A-Za-z0-9+/]{{40}})"
        rf"[A-Za-z0-9+/]{{0,3000}}={{0,2}}",
        ("bedrock-api-key-",),
        (
            "token: ⟦bedrock-api-key-{b:200}⟧",
            'key = "⟦bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t{b:12}⟧"',
        ),
        ("bedrock-api-key-", "bedrock-api-key-{a:20}"),
        "Amazon Bedrock docs: API keys (short-term)",
    ),
    token(
        "aws_presigned_url_signature",
        "aws",
        # the signature of a presigned URL (or of a request signed in its query string): whoever
        # holds the URL has the object until it expires
        r"(?i:X-Amz-Signature=)([0-9a-f]{64})(?![0-9A-Za-z])",
        ("x-amz-signature=",),
        (
            "https://b.s3.amazonaws.com/k.png?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
            "AKIA{U:16}%2F20261207%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Expires=3600"
            "&X-Amz-SignedHeaders=host&X-Amz-Signature=⟦{h:64}⟧",
        ),
        ("X-Amz-Signature={h:20}", "X-Amz-Signature=<signature>", "X-Amz-Signature={h:70}"),
        "AWS S3 docs: Authenticating requests with query parameters (Signature Version 4)",
        group=1,
    ),
    token(
        "aws_sigv4_header_signature",
        "aws",
        # a request signed with Signature Version 4 in its Authorization header: the signature
        # proves the secret key for this request (and replays it until the request expires)
        r"(?i:AWS4-HMAC-SHA256[ \t]+Credential=[^\s,]{1,200},[ \t]*SignedHeaders=[^\s,]{1,500},"
        r"[ \t]*Signature=)([0-9a-f]{64})(?![0-9A-Za-z])",
        ("aws4-hmac-sha256",),
        (
            "Authorization: AWS4-HMAC-SHA256 Credential=AKIA{U:16}/20130524/us-east-1/s3/"
            "aws4_request, SignedHeaders=host;range;x-amz-date, Signature=⟦{h:64}⟧",
        ),
        (
            "AWS4-HMAC-SHA256 Credential=AKIA{U:16}/20130524/us-east-1/s3/aws4_request,"
            " SignedHeaders=host, Signature=<signature>",
        ),
        "AWS docs: Signature Version 4 — the Authorization header",
        group=1,
    ),
    token(
        "aws_mws_auth_token",
        "aws",
        r"amzn\.mws\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        ("amzn.mws.",),
        ("MWS_AUTH_TOKEN=⟦amzn.mws.{h:8}-{h:4}-{h:4}-{h:4}-{h:12}⟧",),
        ("amzn.mws.{h:8}", "amzn.mws.{U:8}-{U:4}-{U:4}-{U:4}-{U:12}"),
        "Amazon Selling Partner docs: MWS auth token",
    ),
)

_GCP = (
    token(
        "gcp_api_key",
        "google",
        rf"{B}AIza[0-9A-Za-z_-]{{35}}{ED}",
        ("aiza",),
        ('apiKey: "⟦AIza{u:35}⟧"', "key=⟦AIzaSy{u:33}⟧&q=1"),
        ("AIza{u:20}", "AIza{u:42}", 'apiKey: "AIzaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"'),
        GCP_KEYS,
    ),
    token(
        "gcp_signed_url_signature",
        "google",
        # a Cloud Storage signed URL's signature (V4: hex of an RSA signature, or of an HMAC)
        r"(?i:X-Goog-Signature=)([0-9a-f]{64,1024})(?![0-9A-Za-z])",
        ("x-goog-signature=",),
        (
            "https://storage.googleapis.com/b/o.png?X-Goog-Algorithm=GOOG4-RSA-SHA256"
            "&X-Goog-Expires=900&X-Goog-SignedHeaders=host&X-Goog-Signature=⟦{h:512}⟧",
            "?X-Goog-Algorithm=GOOG4-HMAC-SHA256&X-Goog-Signature=⟦{h:64}⟧&alt=media",
        ),
        ("X-Goog-Signature={h:20}", "X-Goog-Signature=SIGNATURE"),
        "Google Cloud docs: Cloud Storage V4 signing process with Cloud Storage tools",
        group=1,
    ),
    token(
        "gcp_oauth_client_secret",
        "google",
        rf"{B}GOCSPX-[0-9A-Za-z_-]{{28}}{ED}",
        ("gocspx-",),
        ('"client_secret": "⟦GOCSPX-{u:28}⟧"',),
        ("GOCSPX-{u:10}", "GOCSPX-xxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        GCP_KEYS,
    ),
    token(
        "gcp_oauth_access_token",
        "google",
        rf"{B}ya29\.[0-9A-Za-z_-]{{30,2000}}",
        ("ya29.",),
        ("Authorization: Bearer ⟦ya29.{u:120}⟧",),
        ("ya29.{u:10}", "ya29.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        GCP_KEYS,
    ),
    token(
        "gcp_oauth_refresh_token",
        "google",
        rf"{B}1//0[0-9A-Za-z_-]{{40,400}}",
        ("1//0",),
        ('"refresh_token": "⟦1//0{u:100}⟧"',),
        ("1//0{u:10}", "http://01//0{L:3}"),
        GCP_KEYS,
    ),
    token(
        "gcp_service_account_key",
        "google",
        r'"private_key"\s*:\s*"(-----BEGIN PRIVATE KEY-----\\n[A-Za-z0-9+/=\\]{64,8000}'
        r'-----END PRIVATE KEY-----(?:\\n)?)"',
        ('"private_key"',),
        (
            '{"type": "service_account", "private_key": "⟦-----BEGIN PRIVATE KEY-----\\n'
            '{b:64}\\n{b:64}\\n-----END PRIVATE KEY-----\\n⟧"}',
        ),
        ('"private_key": "-----BEGIN PRIVATE KEY-----\\n{b:10}\\n-----END PRIVATE KEY-----"',),
        "Google Cloud docs: Create and delete service account keys (JSON key file)",
        group=1,
    ),
)

_AZURE = (
    token(
        "azure_storage_account_key",
        "azure",
        r"(?i:AccountKey|SharedKey|storage_?account_?key)[\"']?\s{0,3}[=:]\s{0,3}[\"']?"
        r"([A-Za-z0-9+/]{86}==)",
        ("accountkey", "sharedkey", "storage_account_key", "storageaccountkey"),
        ("DefaultEndpointsProtocol=https;AccountName=x;AccountKey=⟦{a:86}==⟧;",),
        ("AccountKey={a:40}==", "AccountKey=<key>"),
        AZURE,
        group=1,
    ),
    token(
        "azure_shared_access_key",
        "azure",
        r"(?i:SharedAccessKey)\s{0,3}=\s{0,3}([A-Za-z0-9+/]{43}=)",
        ("sharedaccesskey",),
        ("Endpoint=sb://x/;SharedAccessKeyName=Root;SharedAccessKey=⟦{a:43}=⟧",),
        ("SharedAccessKeyName=RootManageSharedAccessKey", "SharedAccessKey={a:20}="),
        "Microsoft Learn: Service Bus / Event Hubs shared access signature authentication",
        group=1,
    ),
    token(
        "azure_sas_token",
        "azure",
        r"(?i:sv=\d{4}-\d\d-\d\d&[^\s\"'<>]{0,300}?sig=)([A-Za-z0-9%/+]{40,120})",
        ("sig=",),
        ("https://a.blob.core.windows.net/c?sv=2022-11-02&ss=b&sp=r&sig=⟦{a:43}%3D⟧",),
        ("?sv=2022-11-02&sig=<signature>", "?page=2&sig={a:10}"),
        AZURE,
        group=1,
    ),
    token(
        "azure_ad_client_secret",
        "azure",
        r"(?<![\w~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![\w~.-])",
        ("q~",),
        ("client_secret=⟦{a:3}8Q~{a:34}⟧", "secret: ⟦{a:3}7Q~{a:31}⟧"),
        ("{a:3}8Q~{a:10}", "~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~"),
        AZURE,
    ),
)


def mixed_case_token(value: str) -> bool | None:
    """Keep only values with upper- and lower-case letters and digits."""
    upper = any(c.isupper() for c in value)
    lower = any(c.islower() for c in value)
    return None if upper and lower and any(c.isdigit() for c in value) else False


class CloudSecretDetector(SecretDetector):
    """Cloud credentials: AWS, Google Cloud and Azure keys, tokens and connection strings."""

    name = "secrets_cloud"
    origin = "provider documentation (AWS IAM, Google Cloud, Microsoft Learn, IBM Cloud, ...)"
    patterns = _AWS + _GCP + _AZURE
    anchor_all = True
    unanchored = frozenset({"azure_ad_client_secret", "azure_sas_token"})
    # a secret key is random: letters of both cases and digits (a SHA-1 in hex is none)
    checks: ClassVar[dict[str, Check]] = {"aws_secret_access_key_after_id": mixed_case_token}
    windows = {  # noqa: RUF012 - read-only table
        "aws_session_token": (80, 1700),
        "aws_session_token_blob": (0, 1600),
        "aws_bedrock_short_key": (0, 3100),
        "gcp_oauth_access_token": (0, 2100),
        "gcp_service_account_key": (0, 8200),
        "azure_sas_token": (450, 150),
    }


__all__ = ["CloudSecretDetector", "detectors"]


def detectors(settings: ScanSettings) -> list[Detector]:
    """The cloud credential detector (``settings`` has no options for it yet)."""
    return [CloudSecretDetector()]
