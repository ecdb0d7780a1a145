"""Context words that raise a PII score, in English, German, French, Spanish, Italian, Dutch
(and, for phone numbers and e-mail addresses, Chinese, Japanese, Korean and Thai).

Presidio-style: a weak pattern match (a bare nine-digit number) becomes likely when a word such as
"SSN" or "Sozialversicherungsnummer" stands near it. The words are data, keyed by entity, so a
detector reads ``CONTEXT["US_SSN"]`` and translators extend one table. All words are lower case;
they match whole words (see :meth:`annexa.detect.pattern.PatternDetector.has_context`).
"""

from __future__ import annotations

import re
from types import MappingProxyType

_ID_WORDS = (
    "id",
    "identification",
    "identity",
    "ausweis",
    "identifiant",
    "identificación",
    "identificazione",
    "identiteit",
)

_CONTEXT: dict[str, tuple[str, ...]] = {
    "EMAIL_ADDRESS": (
        "email",
        "e-mail",
        "mail",
        "courriel",
        "correo",
        "posta elettronica",
        "邮箱",
        "邮件",
        "郵箱",
        "メール",
        "이메일",
        "อีเมล",
    ),
    "PHONE_NUMBER": (
        "phone",
        "telephone",
        "tel",
        "mobile",
        "cell",
        "call",
        "fax",
        "contact",
        "dial",
        "hotline",
        "landline",
        "whatsapp",
        "sms",
        "answering",
        "telefon",
        "telefonnummer",
        "handy",
        "rufnummer",
        "téléphone",
        "portable",
        "numéro",
        "teléfono",
        "móvil",
        "celular",
        "telefono",
        "cellulare",
        "telefoonnummer",
        "mobiel",
        # "call me" in the other languages
        "anrufen",
        "appeler",
        "appelez",
        "rappeler",
        "llamar",
        "llamarme",
        "llámame",
        "llamame",
        "chiamare",
        "chiamami",
        "chiamatemi",
        "bellen",
        "terugbellen",
        # Chinese, Japanese, Korean and Thai (matched inside longer words: no spaces there)
        "电话",
        "手机",
        "手机号",
        "联系方式",
        "電話",
        "手機",
        "携帯",
        "ケータイ",
        "전화",
        "휴대폰",
        "핸드폰",
        "연락처",
        "โทร",
        "เบอร์",
    ),
    "CREDIT_CARD": (
        "card",
        "credit",
        "debit",
        "visa",
        "mastercard",
        "amex",
        "cc",
        "kreditkarte",
        "karte",
        "kartennummer",
        "carte",
        "bancaire",
        "tarjeta",
        "crédito",
        "carta",
        "credito",
        "kaart",
        "creditcard",
    ),
    "IBAN_CODE": ("iban", "bank", "account", "konto", "compte", "cuenta", "conto", "rekening"),
    "US_SSN": ("ssn", "social security", "ssa", "ss#", "ssns", "social"),
    "US_ITIN": ("itin", "taxpayer", "tax id", "individual taxpayer"),
    "US_PASSPORT": ("passport", "passport number", "reisepass", "passeport", "pasaporte"),
    "US_BANK_NUMBER": ("bank", "account", "acct", "checking", "savings", "routing"),
    "US_DRIVER_LICENSE": ("driver", "license", "licence", "dl", "driver's", "permit"),
    "UK_NINO": ("national insurance", "nino", "ni number", "insurance number", "nin"),
    "UK_NHS": ("nhs", "health service", "nhs number", "patient"),
    "US_EIN": (
        "ein",
        "fein",
        "employer identification",
        "employer id",
        "federal tax id",
        "federal tax identification",
    ),
    "UK_UTR": (
        "utr",
        "unique taxpayer reference",
        "taxpayer reference",
        "self assessment",
        "self-assessment",
        "hmrc",
        "tax reference",
    ),
    "DE_TAX_ID": (
        "steuer-id",
        "steuerid",
        "steueridentifikationsnummer",
        "identifikationsnummer",
        "steuernummer",
        "idnr",
        "tax id",
        "tin",
    ),
    "DE_TAX_NUMBER": (
        "steuernummer",
        "steuer-nr",
        "steuer nr",
        "st.-nr",
        "st.-nr.",
        "stnr",
        "st-nr",
        "finanzamt",
        "tax number",
    ),
    "DE_ID_CARD": (
        "personalausweis",
        "ausweisnummer",
        "ausweis",
        "personalausweisnummer",
        "id card",
        "identity card",
        "carte d'identité",
    ),
    "FR_NIR": (
        "sécurité sociale",
        "securite sociale",
        "numéro de sécurité sociale",
        "nir",
        "insee",
        "carte vitale",
        "social security",
    ),
    "ES_NIF": ("dni", "nif", "documento nacional", "identidad", "número de identificación"),
    "ES_NIE": ("nie", "extranjero", "número de identidad de extranjero"),
    "ES_NSS": (
        "seguridad social",
        "nuss",
        "naf",
        "número de afiliación",
        "numero de afiliacion",
        "afiliación",
        "afiliacion",
        "social security",
    ),
    "IT_FISCAL_CODE": ("codice fiscale", "cf", "fiscal code", "tessera sanitaria"),
    "NL_BSN": ("bsn", "burgerservicenummer", "sofinummer", "sofi"),
    "PL_PESEL": ("pesel", "numer pesel"),
    "IN_AADHAAR": ("aadhaar", "aadhar", "uidai", "uid"),
    "IN_PAN": ("pan", "permanent account number", "income tax"),
    "CA_SIN": ("sin", "social insurance", "numéro d'assurance sociale", "nas"),
    "AU_TFN": ("tfn", "tax file number", "tax file"),
    "CRYPTO": ("wallet", "bitcoin", "btc", "ethereum", "eth", "crypto", "address", "adresse"),
    "IP_ADDRESS": ("ip", "ipv4", "ipv6", "address", "host", "client", "server", "adresse"),
    "MAC_ADDRESS": ("mac", "macs", "mac address", "hardware address", "ethernet", "adapter", "nic"),
    "URL": ("url", "link", "website", "site", "web", "webseite", "lien", "enlace", "sito"),
    "DATE_OF_BIRTH": (
        "born",
        "birth",
        "birthday",
        "date of birth",
        "dob",
        "d.o.b",
        "birthdate",
        "geboren",
        "geb",
        "geburtsdatum",
        "geburtstag",
        "né",
        "née",
        "né le",
        "née le",
        "naissance",
        "date de naissance",
        "nacido",
        "nacida",
        "nacimiento",
        "fecha de nacimiento",
        "nato",
        "nata",
        "nascita",
        "data di nascita",
        "geboortedatum",
        "geboortedag",
    ),
}

CONTEXT = MappingProxyType(_CONTEXT)
"""Context words per entity (read-only)."""

ID_WORDS = _ID_WORDS
"""Generic "identity" words that help any national identifier."""


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text``: a word list written as prose."""
    return frozenset(text.split())


def words_for(*entities: str, generic: bool = False) -> tuple[str, ...]:
    """The context words of ``entities`` (plus the generic identity words), deduplicated."""
    out: dict[str, None] = {}
    for entity in entities:
        out.update(dict.fromkeys(CONTEXT.get(entity, ())))
    if generic:
        out.update(dict.fromkeys(_ID_WORDS))
    return tuple(out)


# Words that name a number as a reference of some record (an order, an invoice, a ticket, a
# log's timestamp): a bare number right after one is that record's number, not a phone number or
# a health-service number that happens to pass a short checksum.
_REFERENCE_WORDS = (
    "ref",
    "reference",
    "order",
    "invoice",
    "ticket",
    "case",
    "id",
    "uid",
    "sku",
    "serial",
    "account",
    "acct",
    "customer",
    "transaction",
    "txn",
    "tracking",
    "batch",
    "build",
    "job",
    "request",
    "req",
    "booking",
    "po",
    "timestamp",
    "ts",
    "epoch",
    "version",
    "release",
    "bestellung",
    "bestellnummer",
    "rechnung",
    "auftrag",
    "kundennummer",
    "commande",
    "facture",
    "référence",
    "pedido",
    "factura",
    "referencia",
    "ordine",
    "fattura",
    "riferimento",
    "bestelling",
    "factuur",
    "referentie",
    "kenmerk",
    # a file's or a case's reference: German "Az." (Aktenzeichen; with its dot, not Arizona's
    # "AZ"), "Gz.", "Geschäftszeichen",
    # "Vorgang"; French "dossier", Spanish "expediente", Italian "pratica", Dutch "zaaknummer"
    "az.",
    "aktenzeichen",
    "gz.",
    "geschäftszeichen",
    "vorgang",
    "vorgangsnummer",
    "dossier",
    "expediente",
    "pratica",
    "zaaknummer",
    "file",
)
_REFERENCE = re.compile(
    r"(?:(?<!\w)(?:"
    + "|".join(sorted(map(re.escape, _REFERENCE_WORDS), key=len, reverse=True))
    + r")(?!\w)(?: ?(?:(?:no|nr|number|num|id)\b\.?|n[°º]))?|#)[^\w\n]{0,4}$"
)


def is_word_char(ch: str) -> bool:
    """A character that continues a word (``\\w``): a letter, a digit or an underscore."""
    return ch.isalnum() or ch == "_"


def after_reference_word(lower: str, start: int) -> bool:
    """Whether a record's reference word ("order", "invoice no.", "ref", "#"...) stands right
    before ``start`` in the lower-cased text ``lower``."""
    return _REFERENCE.search(lower, max(0, start - 32), start) is not None
