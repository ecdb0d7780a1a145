"""The policy file's shape, validated with pydantic; the built-in level maps it starts from.

A policy file (``policy.yaml``) reads top to bottom::

    levels: [public, internal, confidential, restricted]     # lowest first
    entities: {SECRET: restricted, EMAIL_ADDRESS: internal}  # over the built-in defaults
    labels: {"STRICTLY CONFIDENTIAL": restricted}            # a label marks the whole text
    providers: {inspect: {max_level: restricted}, "openai*": {max_level: internal}}
    rules:                                                   # first match wins
      - {id: no-secrets, entities: [SECRET], action: block}
    default: block                                           # when no rule matches
    attachments:                      # images, audio, files: none leaves unless a rule allows
      - {id: screenshots, media: [image], roles: [engineer], providers: [anthropic], action: allow}

Cross-field checks (a rule naming a level that does not exist, duplicate rule ids) live in
:func:`semantic_errors` so the loader can point at the offending line.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from annexa.policy.interface import Action

STANDARD_LEVELS = ("public", "internal", "confidential", "restricted")
LABEL_ENTITY = "CLASSIFICATION_LABEL"

_NATIONAL_IDS = [
    "US_SSN",
    "US_ITIN",
    "US_PASSPORT",
    "US_DRIVER_LICENSE",
    "DRIVER_LICENSE",
    "MEDICAL_RECORD_NUMBER",
    "HEALTH_PLAN_ID",
    "US_BANK_NUMBER",
    "MEDICAL_LICENSE",
    "UK_NINO",
    "UK_NHS",
    "DE_TAX_ID",
    "DE_TAX_NUMBER",
    "DE_ID_CARD",
    "FR_NIR",
    "ES_NIF",
    "ES_NIE",
    "ES_NSS",
    "IT_FISCAL_CODE",
    "IT_IDENTITY_CARD",
    "NL_BSN",
    "PL_PESEL",
    "IN_AADHAAR",
    "IN_PAN",
    "CA_SIN",
    "AU_TFN",
    "KR_DRIVER_LICENSE",
    "KR_RRN",
    "KR_FRN",
    "FI_PERSONAL_IDENTITY_CODE",
    "SE_PERSONNUMMER",
    "TR_NATIONAL_ID",
    "TH_TNIN",
    "ZA_ID_NUMBER",
    "SG_NRIC_FIN",
    "DE_HEALTH_INSURANCE",
    "DE_SOCIAL_SECURITY",
    "US_MBI",
    "AU_MEDICARE",
    "UK_DRIVING_LICENCE",
    "ES_PASSPORT",
    "PASSPORT",
    "ID_CARD",
    "CH_AHV",
    "AT_SVNR",
    "DK_CPR",
    "NO_FODSELSNUMMER",
    "CZ_BIRTH_NUMBER",
    "RO_CNP",
    "BG_EGN",
    "HR_OIB",
    "GR_AMKA",
    "BR_CPF",
    "MX_CURP",
    "CN_RESIDENT_ID",
    "BE_NATIONAL_NUMBER",
    "PT_NIF",
    "PT_CITIZEN_CARD",
    "IE_PPS",
    "JP_MY_NUMBER",
    "UK_UTR",
]

# Vehicle registrations: personal data once linked to the keeper.
_VEHICLE_IDS = [
    "UK_VEHICLE_REGISTRATION",
    "TR_LICENSE_PLATE",
    "IN_VEHICLE_REGISTRATION",
    "NG_VEHICLE_REGISTRATION",
    "VIN",
]

# Numbers that name an organisation (public registers) or a bank, not a person.
_BUSINESS_IDS = [
    "SE_ORGANISATIONSNUMMER",
    "BR_CNPJ",
    "KR_BRN",
    "SG_UEN",
    "IN_GSTIN",
    "AU_ABN",
    "AU_ACN",
    "IT_VAT_CODE",
    "VAT_ID",
    "ABA_ROUTING_NUMBER",
    "US_NPI",
    "DE_LANR",
    "US_EIN",
]

#: Entity type → level for the standard four levels; the file's ``entities`` override these.
DEFAULT_ENTITY_LEVELS: dict[str, str] = {
    **dict.fromkeys(("SECRET", "CREDIT_CARD", "CARD_SECURITY_CODE", *_NATIONAL_IDS), "restricted"),
    **dict.fromkeys(_BUSINESS_IDS, "internal"),
    **dict.fromkeys(_VEHICLE_IDS, "confidential"),
    # data concerning health, a person's sexual orientation: special categories (GDPR Art. 9)
    "MEDICAL_CONDITION": "restricted",
    "SEXUAL_ORIENTATION": "restricted",
    "IBAN_CODE": "confidential",
    "BANK_ACCOUNT": "confidential",
    "CRYPTO": "confidential",
    "DATE_OF_BIRTH": "confidential",
    "STREET_ADDRESS": "confidential",
    "EMAIL_ADDRESS": "internal",
    "PHONE_NUMBER": "internal",
    "PERSON": "internal",
    "EMPLOYEE_ID": "internal",
    "CUSTOMER_ID": "internal",
    "STUDENT_ID": "internal",
    # with the traveller's surname it opens the booking; an itinerary says where one will be
    "BOOKING_REFERENCE": "confidential",
    "INSURANCE_POLICY_ID": "confidential",  # a car's, a home's, a life insurance's policy
    "LOCATION": "internal",
    "ORGANIZATION": "internal",
    "AGE": "internal",
    "NRP": "internal",
    "IP_ADDRESS": "internal",
    "MAC_ADDRESS": "internal",
    "IMEI": "internal",
    "URL": "public",
    "DATE_TIME": "public",
    "TITLE": "public",
    "CONFIDENTIAL_TERM": "confidential",
    "CUSTOMER": "confidential",
    "PROJECT": "confidential",
    "CUSTOM": "confidential",
}

#: Label text (compared case-insensitively, spaces collapsed) → level, for the standard levels.
DEFAULT_LABEL_LEVELS: dict[str, str] = {
    "STRICTLY CONFIDENTIAL": "restricted",
    "STRENG VERTRAULICH": "restricted",
    "RESTRICTED": "restricted",
    "CONFIDENTIAL": "confidential",
    "VERTRAULICH": "confidential",
    "CONFIDENTIEL": "confidential",
    "CONFIDENCIAL": "confidential",
    "RISERVATO": "confidential",
    "VERTROUWELIJK": "confidential",
    "INTERNAL ONLY": "internal",
    "INTERNAL USE ONLY": "internal",
    "NUR FÜR DEN INTERNEN GEBRAUCH": "internal",
    "USAGE INTERNE": "internal",
    "USO INTERNO": "internal",
    # TLP 2.0: RED for the named recipients only, AMBER+STRICT for their organisation only,
    # AMBER for it and its clients, GREEN for the community, CLEAR for anyone
    "TLP:RED": "restricted",
    "TLP:AMBER+STRICT": "confidential",
    "TLP:AMBER": "confidential",
    "TLP:GREEN": "internal",
    "TLP:CLEAR": "public",
}

#: Rule ids the engine uses for its own decisions.
RESERVED_IDS = frozenset({"default", "unknown-provider", "provider-max-level", "unscannable"})

_ID = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"


class RuleSpec(BaseModel):
    """One rule. Every condition left out matches anything; lists match if any element does.

    A rule without ``entities``, ``levels`` or ``min_level`` is a *request rule*: it also
    decides requests that contain no finding at all.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=_ID, description="Stable rule id; shown in headers and audit records.")
    description: str = Field(default="", description="What the rule is for, for people.")
    entities: list[str] | None = Field(default=None, description="Entity types (globs).")
    levels: list[str] | None = Field(default=None, description="Classification levels.")
    min_level: str | None = Field(default=None, description="This level or any higher one.")
    roles: list[str] | None = Field(default=None, description="Principal roles (globs).")
    groups: list[str] | None = Field(default=None, description="Principal groups (globs).")
    kinds: list[Literal["user", "service"]] | None = Field(default=None)
    providers: list[str] | None = Field(default=None, description="Provider names (globs).")
    models: list[str] | None = Field(default=None, description="Model names (globs).")
    action: Action = Field(description="allow | warn | pseudonymize | redact | block.")


class AttachmentRuleSpec(BaseModel):
    """One rule for content the scanner cannot read (images, audio, files), which leaves
    unscanned only where such a rule allows it. Conditions as in :class:`RuleSpec`; the first
    rule that matches an attachment decides it, and one no rule matches is blocked."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=_ID, description="Stable rule id; shown in headers and audit records.")
    description: str = Field(default="", description="What the rule is for, for people.")
    media: list[Literal["image", "audio", "file"]] | None = Field(
        default=None, description="image, audio or file (left out: any)."
    )
    roles: list[str] | None = Field(default=None, description="Principal roles (globs).")
    groups: list[str] | None = Field(default=None, description="Principal groups (globs).")
    kinds: list[Literal["user", "service"]] | None = Field(default=None)
    providers: list[str] | None = Field(default=None, description="Provider names (globs).")
    models: list[str] | None = Field(default=None, description="Model names (globs).")
    action: Literal["allow", "warn", "block"] = Field(
        description="allow | warn | block (an attachment cannot be pseudonymized or redacted)."
    )
    level: str | None = Field(
        default=None,
        description="The classification taken for what these attachments hold, which no one "
        "has read: a supplier whose max_level is below it receives none (blocked by "
        "provider-max-level). Default: default_level (the highest level unless set).",
    )


class ProviderSpec(BaseModel):
    """What the policy says about one supplier (name or glob)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_level: str = Field(description="Highest classification level it may receive.")


class PolicyDoc(BaseModel):
    """A whole policy file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Literal[1] = Field(default=1, description="Schema version of the file.")
    levels: list[str] = Field(default_factory=lambda: list(STANDARD_LEVELS), min_length=1)
    entities: dict[str, str] = Field(default_factory=dict)
    default_level: str | None = Field(
        default=None, description="Level of entity types not listed (default: the highest)."
    )
    labels: dict[str, str] = Field(default_factory=dict)
    label_entity: str = Field(default=LABEL_ENTITY, description="Entity type of label findings.")
    providers: dict[str, ProviderSpec] = Field(default_factory=dict)
    surrogates: list[str] = Field(
        default_factory=list,
        description="Entity types (globs) pseudonymized as realistic surrogates, not placeholders.",
    )
    rules: list[RuleSpec] = Field(min_length=1, description="Evaluated in order; first match wins.")
    default: Action = Field(default=Action.BLOCK, description="When no rule matches.")
    attachments: list[AttachmentRuleSpec] = Field(
        default_factory=list,
        description="Rules for images, audio and files, which the scanner cannot read; first "
        "match wins, and an attachment no rule matches is blocked.",
    )

    def uses_standard_levels(self) -> bool:
        """True when every standard level exists, so the built-in maps apply."""
        return set(STANDARD_LEVELS) <= set(self.levels)


Loc = tuple[str | int, ...]


def semantic_errors(doc: PolicyDoc) -> list[tuple[Loc, str]]:
    """Cross-field problems as (location, message); empty when the policy is coherent."""
    known = set(doc.levels)
    out: list[tuple[Loc, str]] = []
    if len(known) != len(doc.levels):
        out.append((("levels",), "levels must be unique"))

    def check(loc: Loc, level: str | None) -> None:
        if level is not None and level not in known:
            out.append((loc, f"unknown level {level!r}; levels are {', '.join(doc.levels)}"))

    check(("default_level",), doc.default_level)
    for section in ("entities", "labels"):
        for key, level in getattr(doc, section).items():
            check((section, key), level)
    for name, spec in doc.providers.items():
        check(("providers", name, "max_level"), spec.max_level)
    seen: set[str] = set()
    for i, rule in enumerate(doc.rules):
        if rule.id in seen or rule.id in RESERVED_IDS:
            out.append((("rules", i, "id"), f"rule id {rule.id!r} is used twice or reserved"))
        seen.add(rule.id)
        check(("rules", i, "min_level"), rule.min_level)
        for j, level in enumerate(rule.levels or ()):
            check(("rules", i, "levels", j), level)
    for i, attachment_rule in enumerate(doc.attachments):
        if attachment_rule.id in seen or attachment_rule.id in RESERVED_IDS:
            out.append(
                (
                    ("attachments", i, "id"),
                    f"rule id {attachment_rule.id!r} is used twice or reserved",
                )
            )
        seen.add(attachment_rule.id)
        check(("attachments", i, "level"), attachment_rule.level)
    return out
