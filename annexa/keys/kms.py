"""Master key in AWS KMS: ``kms:ARN``, ``kms:KEY-ID`` or ``kms:alias/NAME`` (envelope encryption).

Data keys come from ``GenerateDataKey`` (AES_256) and are unwrapped with ``Decrypt``; the key never
leaves KMS. A *version* here is the ARN of the KMS key that wrapped a data key. With an alias
reference, :meth:`KmsProvider.rotate` creates a new KMS key, tags it into the alias's key ring
and points the alias at it, so old data keys still decrypt under their own key until
``annexa keys rewrap`` moves them; retiring a version disables that KMS key (reversible;
schedule its deletion in KMS yourself once no backup needs it). KMS's own automatic rotation is
transparent and works with any reference.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from botocore.exceptions import BotoCoreError, ClientError

from annexa.keys.interface import (
    DecryptionError,
    KeyProvider,
    KeyProviderError,
    KeyVersion,
    KeyVersionUnknown,
    UnsupportedOperation,
    WrappedKey,
)

if TYPE_CHECKING:
    from mypy_boto3_kms import KMSClient

RING_TAG = "annexa-key-ring"
CONTEXT = {"annexa": "data-key"}


class KmsProvider(KeyProvider):
    """Envelope encryption under a KMS key named by ARN, id or alias."""

    kind = "kms"

    def __init__(self, client: KMSClient, key: str) -> None:
        self.client, self.key = client, key

    def current_version(self) -> str:
        """The ARN of the KMS key the reference points at now."""
        meta = self._call(self.client.describe_key, KeyId=self.key)["KeyMetadata"]
        return str(meta["Arn"])

    def versions(self) -> list[KeyVersion]:
        """The current key and every other key tagged into this alias's ring."""
        current = self.current_version()
        arns = [current, *(a for a in self._ring() if a != current)]
        out = []
        for arn in arns:
            meta = self._call(self.client.describe_key, KeyId=arn)["KeyMetadata"]
            state = "active" if arn == current else "decrypt-only"
            if meta["KeyState"] != "Enabled":
                state = "retired"
            out.append(KeyVersion(arn, state, meta.get("CreationDate")))  # type: ignore[arg-type]
        return sorted(out, key=lambda v: (v.created_at is None, v.created_at, v.id))

    def generate_data_key(self) -> tuple[bytes, WrappedKey]:
        """``GenerateDataKey`` (AES_256): plaintext and wrapped key in one call."""
        result = self._call(
            self.client.generate_data_key,
            KeyId=self.key,
            KeySpec="AES_256",
            EncryptionContext=CONTEXT,
        )
        return result["Plaintext"], WrappedKey(result["KeyId"], result["CiphertextBlob"])

    def wrap(self, data_key: bytes) -> WrappedKey:
        """``Encrypt`` a data key under the current KMS key."""
        result = self._call(
            self.client.encrypt, KeyId=self.key, Plaintext=data_key, EncryptionContext=CONTEXT
        )
        return WrappedKey(result["KeyId"], result["CiphertextBlob"])

    def unwrap(self, wrapped: WrappedKey) -> bytes:
        """``Decrypt`` under the KMS key the data key names."""
        try:
            result = self.client.decrypt(
                CiphertextBlob=wrapped.blob, KeyId=wrapped.version, EncryptionContext=CONTEXT
            )
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            if code in {"DisabledException", "NotFoundException", "KMSInvalidStateException"}:
                raise KeyVersionUnknown(f"KMS key {wrapped.version} is {code}") from exc
            raise DecryptionError(f"KMS refused to decrypt a data key: {code}") from exc
        except BotoCoreError as exc:
            raise KeyProviderError(f"KMS decrypt failed: {exc}") from exc
        plaintext: bytes = result["Plaintext"]
        return plaintext

    def rotate(self) -> str:
        """New KMS key in the alias's ring; the alias points at it from now on."""
        if not self.key.startswith("alias/"):
            raise UnsupportedOperation(
                "rotation by Annexa needs an alias reference (kms:alias/NAME)",
                hint="Use kms:alias/NAME, or enable KMS automatic key rotation (transparent).",
            )
        old = self.current_version()
        self._call(self.client.tag_resource, KeyId=old, Tags=[self._tag()])
        new = self._call(
            self.client.create_key,
            Description=f"Annexa master key for {self.key}",
            KeyUsage="ENCRYPT_DECRYPT",
            Tags=[self._tag()],
        )["KeyMetadata"]["Arn"]
        self._call(self.client.update_alias, AliasName=self.key, TargetKeyId=new)
        return str(new)

    def retire(self, version: str) -> None:
        """Disable the KMS key ``version`` (reversible; deletion is left to the operator)."""
        if version == self.current_version():
            raise KeyProviderError("the current version cannot be retired; rotate first")
        self._call(self.client.disable_key, KeyId=version.rpartition("/")[2])

    def reference(self) -> str:
        """The key's reference, as in ``keys.provider``."""
        return f"kms:{self.key}"

    def describe(self) -> str:
        """``kms:REF`` and the current key ARN."""
        return f"kms:{self.key} (current {self.current_version()})"

    def _tag(self) -> Any:
        return {"TagKey": RING_TAG, "TagValue": self.key}

    def _ring(self) -> list[str]:
        arns = []
        for page in self.client.get_paginator("list_keys").paginate():
            for entry in page["Keys"]:
                tags = self._call(self.client.list_resource_tags, KeyId=entry["KeyId"])["Tags"]
                if any(t["TagKey"] == RING_TAG and t["TagValue"] == self.key for t in tags):
                    arns.append(entry["KeyArn"])
        return arns

    def _call(self, fn: Any, **kwargs: Any) -> Any:
        try:
            return fn(**kwargs)
        except (ClientError, BotoCoreError) as exc:
            raise KeyProviderError(f"KMS call {fn.__name__} failed: {exc}") from exc
