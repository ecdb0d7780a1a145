"""Cells of a pasted table under a column that says what they hold (``table_column``).

People paste customer lists, HR extracts and log tables into prompts. A value alone says little
("Gonzalez", "536228848", "60614"); its column's header says what it is. A table here is a header
row and, on the lines right after it, rows with as many cells:

- comma-, semicolon- or tab-separated (CSV with RFC 4180 quoting: a quoted cell may hold the
  delimiter and doubled quotes, on one line);
- a Markdown or ASCII table: cells between ``|``, the rule under the header skipped (Markdown's
  ``|---|``, psql's ``----+----``, MySQL's ``+----+``, which also closes the table);
- the rows of an SQL ``INSERT INTO t (columns) VALUES (...), (...)``: each literal under the
  column the list names;
- columns aligned with spaces, as pandas prints a DataFrame (each value ends where its column's
  name ends; the ``...`` row of a long frame skipped) or ``kubectl get`` a listing (each begins
  where its name begins): a header of one-word names, rows whose words line up with them.

The header is a row of at least two column names, at most four words each and none a number,
one of them a name this module knows (:data:`COLUMNS`, in English, German, French, Spanish,
Italian and Dutch, written ``first_name``, ``First Name``, ``firstName`` or ``FIRST-NAME``). A
CSV header is neither indented nor ends with its delimiter, as an argument list or the items of
a list in code do. Every row holds at least two values.

A cell under a known column is reported as that column's entity when its value has the entity's
shape (:data:`SHAPES`: a name is capitalised words of letters, a date of birth a date, an SSN
nine digits of a valid area and group, a phone six to fifteen digits...), at :data:`SCORE`.
Under a column that names things as well as people ("name", "customer", "owner", "nombre"...)
a name counts only when it begins with a given name of the gazetteer (:mod:`.given_names`), at
:data:`AMBIGUOUS_SCORE`: "Anna Keller" is a person, "Widget Pro" and "nginx-7d9c" are not.
The header is strong context, but a validated finding of a detector of its own (a Luhn-checked
card, a phone number libphonenumber accepts) still wins the span. Columns whose values the
other detectors find by their format alone (e-mail, IBAN, card, IP address) are not listed.

One RE2 pass over the text's bytes looks for a known column name between delimiters (or two
spaces) first: a text without one costs that pass and nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from annexa.detect.builtin._bytes import BytePassDetector, Spans, char_span
from annexa.detect.builtin._regions import CharOffsets
from annexa.detect.builtin._words import ORG_WORDS, name_shaped
from annexa.detect.builtin.given_names import is_given_name
from annexa.detect.context import word_set
from annexa.detect.interface import Detector, Finding
from annexa.settings import ScanSettings

SCORE = 0.85
_MAX_HEADER = 600  # characters: a longer line is text, not a header row
_MAX_CELL = 120


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Column names, normalised (lower case, words joined by "_", accents kept), per entity type.
COLUMNS: dict[str, frozenset[str]] = {
    "PERSON": _names(
        "name full_name fullname first_name firstname given_name given_names forename forenames"
        " last_name lastname surname family_name middle_name maiden_name customer customer_name"
        " client client_name employee employee_name patient patient_name contact contact_name"
        " person owner owner_name holder account_holder cardholder card_holder beneficiary"
        " name_on_card name_on_the_card cardholder_name card_holder_name account_holder_name"
        " beneficiary_name payee_name billing_name shipping_name recipient_name sender_name"
        " recipient sender applicant candidate student tenant spouse emergency_contact"
        " next_of_kin manager supervisor real_name display_name author author_name assignee"
        " reporter requester approver reviewer"
        " vorname nachname familienname kunde kundin mitarbeiter mitarbeiterin ansprechpartner"
        " ansprechpartnerin patientin"
        " nom prénom prenom nom_de_famille nom_complet client_nom"
        " nombre apellido apellidos nombre_completo"
        " nome cognome nome_completo"
        " naam voornaam achternaam volledige_naam"
    ),
    "DATE_OF_BIRTH": _names(
        "dob d_o_b date_of_birth birth_date birthdate birthday date_birth born"
        " geburtsdatum geb_datum geboren date_de_naissance date_naissance né_le"
        " fecha_de_nacimiento fecha_nacimiento data_di_nascita data_nascita geboortedatum"
    ),
    "PHONE_NUMBER": _names(
        "phone phone_number phone_no telephone telephone_number tel tel_no mobile mobile_phone"
        " mobile_number cell cell_phone cellphone work_phone home_phone contact_number fax"
        " telefon telefonnummer handy handynummer mobil mobilnummer téléphone portable"
        " teléfono telefono móvil movil celular cellulare telefoon telefoonnummer mobiel"
    ),
    "US_SSN": _names("ssn social_security_number social_security_no social_security ss_number"),
    "STREET_ADDRESS": _names(
        "address street street_address address_line_1 address_line1 address1 addr"
        " home_address mailing_address billing_address shipping_address postal_address"
        " adresse anschrift straße strasse strasse_hausnummer dirección direccion domicilio"
        " indirizzo adres straat"
    ),
    "LOCATION": _names(
        "city town zip zipcode zip_code postcode postal_code post_code plz ort stadt wohnort"
        " ville code_postal ciudad código_postal codigo_postal città citta cap comune"
        " plaats woonplaats"
    ),
    "ORGANIZATION": _names(
        "company company_name employer organisation organization firm firma unternehmen"
        " arbeitgeber société societe entreprise empresa azienda bedrijf werkgever"
    ),
    "PASSPORT": _names("passport passport_no passport_number passport_id reisepass passeport"),
    "DRIVER_LICENSE": _names(
        "driver_license drivers_license driver_licence drivers_licence driving_licence"
        " driving_license dl_number license_number licence_number führerschein"
    ),
    "MEDICAL_RECORD_NUMBER": _names("mrn medical_record_number medical_record_no patient_id"),
    "HEALTH_PLAN_ID": _names(
        "member_id insurance_id insurance_number policy_number subscriber_id versichertennummer"
    ),
    "CUSTOMER_ID": _names(
        "customer_id customer_number customer_no client_number client_no kundennummer"
        " kunden_nr kd_nr numero_client numero_de_client numero_cliente codice_cliente"
        " klantnummer membership_number membership_no member_number member_no loyalty_number"
        " loyalty_id frequent_flyer_number frequent_flyer_no mitgliedsnummer lidnummer"
    ),
    "STUDENT_ID": _names(
        "student_id student_number student_no matriculation_number matriculation_no"
        " matrikelnummer matrikel_nr numero_etudiant studentnummer"
    ),
    "EMPLOYEE_ID": _names(
        "employee_id employee_number employee_no staff_id staff_number staff_no"
        " personnel_number personnel_id personalnummer personal_nr mitarbeiternummer"
        " mitarbeiter_nr matricule numero_matricule numero_empleado matricola"
        " personeelsnummer"
    ),
}
_ENTITY_OF = {name: entity for entity, names in COLUMNS.items() for name in names}

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_SEPARATORS = re.compile(r"[\s_\-./]+")
_HEADER_CELL = re.compile(r"[^\W\d][\w .\-/#()'’]{0,39}")
# The rule under a header: Markdown's "|---|:---:|", psql's "----+----", MySQL's "+----+----+"
_MD_RULE = re.compile(r"\s*[|+]?\s*:?-{3,}:?\s*(?:[|+]\s*:?-{3,}:?\s*)*[|+]?\s*")

_WORD = r"[^\W\d_][\w'’.\-]*"
SHAPES: dict[str, re.Pattern[str]] = {
    "PERSON": re.compile(rf"{_WORD}(?:[ ,]{{1,2}}{_WORD}){{0,3}}"),
    "DATE_OF_BIRTH": re.compile(
        r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})|\d{8}"
        r"|\d{1,2}\.?\s+[^\W\d_]{3,10}\.?\s+\d{4}|[^\W\d_]{3,10}\.?\s+\d{1,2},?\s+\d{4}"
    ),
    "PHONE_NUMBER": re.compile(r"\+?[\d\s().\-/]{6,24}"),
    "US_SSN": re.compile(r"(?!000|666|9)\d{3}([- ]?)(?!00)\d{2}\1(?!0000)\d{4}"),
    "STREET_ADDRESS": re.compile(r"(?=.*\d)(?=.*[^\W\d_]{2})(?=.*\s).{4,80}"),  # not 0x71C7…
    "LOCATION": re.compile(
        rf"{_WORD}(?:[ \-]{_WORD}){{0,3}}|(?=[A-Z\d \-]*\d)[A-Z\d][A-Z\d \-]{{2,9}}"
    ),
    "ORGANIZATION": re.compile(r"(?=.*[^\W\d_]).{2,60}"),
    "PASSPORT": re.compile(r"(?=(?:.*\d){4})[A-Za-z\d][A-Za-z\d\-]{4,19}"),
    "DRIVER_LICENSE": re.compile(r"(?=(?:.*\d){4})[A-Za-z\d][A-Za-z\d\- ]{4,19}"),
    "MEDICAL_RECORD_NUMBER": re.compile(r"(?=(?:.*\d){4})[A-Za-z\d][A-Za-z\d\-]{3,19}"),
    "HEALTH_PLAN_ID": re.compile(r"(?=(?:.*\d){4})[A-Za-z\d][A-Za-z\d\-]{4,24}"),
    "EMPLOYEE_ID": re.compile(r"(?=(?:.*\d){3})[A-Za-z]{0,3}-?\d{3,10}"),
    "CUSTOMER_ID": re.compile(r"(?=(?:.*\d){3})[A-Za-z]{0,3}[- ]?\d{3,16}"),
    "STUDENT_ID": re.compile(r"(?=(?:.*\d){3})[A-Za-z]{0,3}-?\d{3,10}"),
}
# Values that fill a cell without being anyone's (lower case)
_NOT_VALUES = _names("n/a na none null nil unknown tbd tba - -- ? yes no true false x test")


def is_placeholder(value: str) -> bool:
    """A value that fills a cell or a field without being anyone's ("n/a", "null", "-")."""
    return value.lower() in _NOT_VALUES


def column_key(header: str) -> str:
    """A column's or a key's name normalised: lower case, its words joined by ``_``
    (``First Name``, ``firstName`` and ``FIRST-NAME`` are all ``first_name``)."""
    name = _SEPARATORS.sub("_", _CAMEL.sub("_", header.strip().strip("\"'*`"))).strip("_")
    return name.lower()


def column_entity(header: str) -> str | None:
    """The entity type of a column whose header is ``header``, if this module knows it."""
    return _ENTITY_OF.get(column_key(header))


# Columns and keys that name a person or a thing alike ("name": a product's, a pod's): their
# value is a person's only when it begins with a given name of the gazetteer.
AMBIGUOUS = word_set(
    "name customer client contact person owner holder recipient sender manager"
    " supervisor student tenant applicant candidate employee patient beneficiary spouse"
    " kunde kundin mitarbeiter mitarbeiterin ansprechpartner ansprechpartnerin nombre nome naam"
    " display_name author assignee"
    " reporter requester approver reviewer beneficiary_name payee_name billing_name"
    " shipping_name recipient_name sender_name account_holder_name"
)
AMBIGUOUS_SCORE = 0.8
# Of those, the ones only people are ("patient", "tenant"): two to four name-shaped words under
# them are a person's name without a given name of the gazetteer ("Patient: Mark Lewis"), as
# beside a person's contact details; a "customer" or a "contact" may be a company or a team.
PEOPLE_ONLY = word_set(
    "patient employee student tenant applicant candidate spouse beneficiary beneficiary_name"
    " mitarbeiter mitarbeiterin patientin"
)


# Lower-case words a name may hold between its capitalised ones
PARTICLES = word_set(
    "de da do dos das del della di du la le van von der den ten ter zu bin al el y e"
)


def words_capitalised(value: str) -> bool:
    """Every word capitalised but a name's particles ("von Braun", "Pieter de Jong")."""
    words = value.replace(",", " ").split()
    return any(w[:1].isupper() for w in words) and all(
        w[:1].isupper() or w in PARTICLES for w in words
    )


# Keys and columns of a person's contact details or identity (most of them found by their
# format, so not in COLUMNS): beside one, a "name" names a person.
_PERSONAL_KEYS = _names(
    "email e_mail email_address mail mail_address phone phone_number mobile mobile_number tel"
    " telephone cell ssn social_security_number dob date_of_birth birth_date birthdate birthday"
    " address street street_address home_address card card_number credit_card cc_number iban"
    " passport passport_number national_id tax_id"
)
_PERSONAL_ENTITIES = frozenset({
    "DATE_OF_BIRTH", "PHONE_NUMBER", "US_SSN", "STREET_ADDRESS", "PASSPORT", "DRIVER_LICENSE",
    "MEDICAL_RECORD_NUMBER", "HEALTH_PLAN_ID",
})  # fmt: skip


def personal_keys(keys: Iterable[str]) -> bool:
    """Whether the normalised column or key names ``keys`` hold one of a person's contact
    details or identity (an e-mail address, a phone, a date of birth...)."""
    return any(k in _PERSONAL_KEYS or _ENTITY_OF.get(k) in _PERSONAL_ENTITIES for k in keys)


def person_score(column: str, value: str, personal: bool = False) -> float:
    """The score of ``value`` as a person's name under the column or key ``column``
    (normalised), 0 when it is none: capitalised words (a name's particles aside) and, under a
    column that names things too, a given name first ("Keller, Anna": after the comma; "Widget
    Pro" under "name" is none), or two to four name-shaped words beside a person's contact
    details (``personal``: "name, email, phone": "Dale Bennett") or under a column only people
    are named in (:data:`PEOPLE_ONLY`: "Patient: Mark Lewis")."""
    if not words_capitalised(value):
        return 0.0
    if any(w.strip(",.").lower() in ORG_WORDS for w in value.split()):
        return 0.0  # "ACME GmbH", "Smith & Sons Ltd": a company's
    if column not in AMBIGUOUS:
        return SCORE
    words = [w for w in value.replace(",", " ").split() if w not in PARTICLES]
    given = value.partition(",")[2].split() if "," in value else words
    if given and is_given_name(given[0]):
        return AMBIGUOUS_SCORE
    return AMBIGUOUS_SCORE if (personal or column in PEOPLE_ONLY) and name_shaped(words) else 0.0


def _quoted_cells(line: str, base: int, delimiter: str) -> list[tuple[int, int]] | None:
    """The cells of a CSV line (RFC 4180 quoting, on one line) as spans into the text; the
    span of a quoted cell is its content. ``None`` when a quote is left open."""
    cells: list[tuple[int, int]] = []
    i, n = 0, len(line)
    while True:
        while i < n and line[i] == " ":
            i += 1
        if i < n and line[i] == '"':
            j = i + 1
            while True:
                j = line.find('"', j)
                if j < 0:
                    return None
                if j + 1 < n and line[j + 1] == '"':
                    j += 2
                    continue
                break
            cells.append((base + i + 1, base + j))
            k = line.find(delimiter, j + 1)
            if k < 0:
                return cells
            i = k + 1
            continue
        k = line.find(delimiter, i)
        stop = n if k < 0 else k
        cells.append((base + i, base + stop))
        if k < 0:
            return cells
        i = k + 1


def _line(text: str, start: int) -> str:
    """The line of ``text`` that begins at ``start``, without its line break."""
    end = text.find("\n", start)
    return text[start:] if end < 0 else text[start:end]


def _cells(line: str, base: int, delimiter: str) -> list[tuple[int, int]] | None:
    if delimiter == "|":
        stripped = line.strip()
        if not stripped.startswith("|") and stripped.count("|") < 1:
            return None
        inner_start = line.index(stripped[0]) + (1 if stripped.startswith("|") else 0)
        inner_end = len(line.rstrip())
        if stripped.endswith("|") and inner_end - 1 >= inner_start:
            inner_end -= 1
        spans, at = [], inner_start
        for part in line[inner_start:inner_end].split("|"):
            spans.append((base + at, base + at + len(part)))
            at += len(part) + 1
        return spans
    return _quoted_cells(line, base, delimiter)


_TOKEN = re.compile(r"\S+")


def _aligned_cells(
    row: str, base: int, names: list[tuple[int, int]]
) -> list[tuple[int, int]] | None:
    """The cells of ``row`` under the header's ``names`` (their spans on the header's line),
    ``None`` when its words do not line up with them. Right-aligned (pandas) first: each value
    ends where its name ends and begins after two spaces, within its column; else left-aligned:
    each begins where its name begins and ends before two spaces or the line's end, before the
    next column. Every column holds a value (pandas prints ``NaN``, kubectl ``<none>``)."""
    if not row.strip():
        return None
    for right in (True, False):
        cells: list[tuple[int, int]] = []
        for i, (a, b) in enumerate(names):
            if right:
                if b > len(row) or row[b - 1] == " " or (b < len(row) and row[b] != " "):
                    break
                lo = row.rfind("  ", 0, b)
                lo = 0 if lo < 0 else lo + 2
                if i and lo < names[i - 1][1]:
                    break
                cells.append((base + lo, base + b))
            else:
                if a >= len(row) or row[a] == " " or (a and row[a - 1] != " "):
                    break
                if a >= 2 and row[a - 2 : a] != "  ":
                    break
                hi = row.find("  ", a)
                hi = len(row) if hi < 0 else hi
                if i + 1 < len(names) and hi > names[i + 1][0]:
                    break
                cells.append((base + a, base + hi))
        else:
            return cells
    return None


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t'\"":
        start += 1
    while end > start and text[end - 1] in " \t'\"\r":
        end -= 1
    return start, end


def _filled(text: str, spans: list[tuple[int, int]]) -> int:
    """How many of the cells hold something."""
    count = 0
    for span in spans:
        start, end = _trimmed(text, *span)
        count += start < end
    return count


def _header(text: str, spans: list[tuple[int, int]]) -> list[tuple[str, str] | None] | None:
    """The entity type and normalised name of each column, when ``spans`` is a header row with
    a known column."""
    if len(spans) < 2:
        return None
    columns: list[tuple[str, str] | None] = []
    for span in spans:
        start, end = _trimmed(text, *span)
        cell = text[start:end]
        if not cell:
            columns.append(None)
            continue
        if not _HEADER_CELL.fullmatch(cell) or len(cell.split()) > 4:
            return None
        key = column_key(cell)
        entity = _ENTITY_OF.get(key)
        columns.append(None if entity is None else (entity, key))
    return columns if any(columns) and _filled(text, spans) >= 2 else None


def _gate_pattern() -> str:
    """A header cell holding a known column name next to a delimiter or a line's end: the one
    RE2 pass that tells most texts (no table, or none with such a column) to stop there."""
    names = set()
    for name in _ENTITY_OF:
        names.add(r"[ _\-./]?".join(re.escape(part) for part in name.split("_")))
    alternation = "|".join(sorted(names, key=lambda n: (-len(n), n)))
    edge = r"[,;\t|]|  "  # a delimiter, or the two spaces between aligned columns
    header = rf"(?:^|{edge})[ \t]*[\"'*`]?(?:{alternation})[\"'*`]?[ \t]*(?:{edge}|\r?$)"
    return rf"(?m){header}|(\binsert\s+into\b)"  # group 1: an SQL INSERT's start


class TableColumnDetector(BytePassDetector):
    """Cells under a column that names what they hold (name, date of birth, SSN, phone,
    address, city, postcode...) in pasted CSV, TSV and Markdown tables, aligned columns, and the
    rows of an SQL ``INSERT``."""

    name = "table_column"
    entities = tuple(COLUMNS)
    origin = "the header row of a pasted table (RFC 4180 CSV, TSV, Markdown, aligned columns)"

    expression = _gate_pattern()
    case_sensitive = False

    def found(
        self, text: str, chars: CharOffsets | None, matches: Iterator[Spans]
    ) -> Iterator[Finding]:
        read_to = 0  # the end of the last table read
        for spans in matches:
            at = char_span(chars, spans[0])[0]
            if spans[1][0] >= 0:  # INSERT INTO
                if at >= read_to and (insert := self._insert(text, at)) is not None:
                    read_to, findings = insert
                    yield from findings
                continue
            line_start = text.rfind("\n", 0, at) + 1
            if line_start < read_to:
                continue
            table = self._table(text, line_start)
            if table is not None:
                read_to, findings = table
                yield from findings

    def _table(self, text: str, start: int) -> tuple[int, list[Finding]] | None:
        """The findings of the table whose header is the line at ``start`` and where its last
        row ends; ``None`` when that line is no header followed by a row."""
        line = _line(text, start)
        if len(line) > _MAX_HEADER:
            return None
        for delimiter in ("\t", "|", ";", ","):
            if delimiter not in line:
                continue
            if delimiter in ",;" and (line[:1].isspace() or line.rstrip().endswith(delimiter)):
                continue  # code (an indented argument list, a list's items), not a CSV header
            spans = _cells(line, start, delimiter)
            columns = _header(text, spans) if spans else None
            if columns is None or spans is None:
                continue
            personal = personal_keys(column_key(text[slice(*_trimmed(text, *c))]) for c in spans)
            at = start + len(line) + 1
            if delimiter == "|" and at < len(text) and _MD_RULE.fullmatch(_line(text, at)):
                at += len(_line(text, at)) + 1
            findings: list[Finding] = []
            rows, end = 0, at
            while at < len(text):
                row = _line(text, at)
                cells = _cells(row, at, delimiter) if delimiter in row else None
                if cells is None or len(cells) != len(columns) or _filled(text, cells) < 2:
                    break
                findings.extend(self._row(text, cells, columns, personal))
                rows, end, at = rows + 1, at + len(row), at + len(row) + 1
            if rows:
                return end, findings
        return self._aligned(text, start, line)

    def _aligned(self, text: str, start: int, line: str) -> tuple[int, list[Finding]] | None:
        """A table whose columns are aligned with spaces (a pandas DataFrame, ``kubectl get``):
        the header's names, one word each, two spaces at least between some of them, and rows
        whose values end where their column's name ends (right-aligned, as pandas prints) or
        begin where it begins (left-aligned); ``None`` when the line is no such header."""
        if "  " not in line.strip() or "\t" in line:
            return None
        names = [(m.start(), m.end()) for m in _TOKEN.finditer(line)]
        if len(names) < 2 or any(not _HEADER_CELL.fullmatch(line[a:b]) for a, b in names):
            return None
        columns: list[tuple[str, str] | None] = []
        for a, b in names:
            key = column_key(line[a:b])
            entity = _ENTITY_OF.get(key)
            columns.append(None if entity is None else (entity, key))
        if not any(columns):
            return None
        personal = personal_keys(column_key(line[a:b]) for a, b in names)
        at = start + len(line) + 1
        findings: list[Finding] = []
        rows, end = 0, at
        while at < len(text):
            row = _line(text, at)
            if row.strip() and set(row.strip()) <= set(". "):
                end, at = at + len(row), at + len(row) + 1  # pandas' "..." row
                continue
            cells = _aligned_cells(row, at, names)
            if cells is None or _filled(text, cells) < 2:
                break
            findings.extend(self._row(text, cells, columns, personal))
            rows, end, at = rows + 1, at + len(row), at + len(row) + 1
        return (end, findings) if rows else None

    def _insert(self, text: str, start: int) -> tuple[int, list[Finding]] | None:
        """The findings of an SQL ``INSERT INTO t (columns) VALUES (...), (...)`` at ``start``
        and where its last row ends: each row's literals under the columns the list names
        (a string's content, a number; ``NULL`` and expressions skipped)."""
        head = _INSERT.match(text, start)
        if head is None:
            return None
        names = [column_key(c.strip().strip('"`[]')) for c in head.group(1).split(",")]
        columns = [
            None if (entity := _ENTITY_OF.get(name)) is None else (entity, name) for name in names
        ]
        if not any(columns):
            return None
        personal = personal_keys(names)
        findings: list[Finding] = []
        at, end = head.end(), head.end()
        while (row := _sql_row(text, at)) is not None:
            cells, end = row
            if len(cells) == len(columns):
                findings.extend(self._row(text, cells, columns, personal))
            sep = _ROW_SEP.match(text, end)
            if sep is None:
                break
            at = sep.end()
        return end, findings

    def _row(
        self,
        text: str,
        cells: list[tuple[int, int]],
        columns: list[tuple[str, str] | None],
        personal: bool = False,
    ) -> Iterator[Finding]:
        for span, column in zip(cells, columns, strict=True):
            if column is None:
                continue
            entity, key = column
            start, end = _trimmed(text, *span)
            value = text[start:end]
            if not value or len(value) > _MAX_CELL or is_placeholder(value):
                continue
            if not SHAPES[entity].fullmatch(value):
                continue
            if entity == "PHONE_NUMBER" and not 6 <= sum(c.isdigit() for c in value) <= 15:
                continue
            score = person_score(key, value, personal) if entity == "PERSON" else SCORE
            if score:
                yield Finding(entity, start, end, score, self.name)


# "INSERT INTO schema.table (col, col) VALUES": the column list (group 1)
_INSERT = re.compile(
    r"(?i:insert\s+into)\s+[\w.\"`\[\]]{1,120}\s*\(([^()]{1,600})\)\s*(?i:values)\s*"
)
_ROW_SEP = re.compile(r"\s*,\s*(?=\()")
_MAX_ROW = 4_000  # characters: a longer "row" is no row of literals


def _sql_row(text: str, start: int) -> tuple[list[tuple[int, int]], int] | None:
    """The cells of the SQL row tuple that opens at ``start`` (``(1, 'Anna', NULL)``), each the
    span of a literal's content (a quoted string without its quotes, ``''`` kept) or of a bare
    value, and the position after the tuple's ``)``; ``None`` when no row opens there."""
    if start >= len(text) or text[start] != "(":
        return None
    cells: list[tuple[int, int]] = []
    i, limit = start + 1, min(len(text), start + _MAX_ROW)
    while i < limit:
        while i < limit and text[i] in " \t\r\n":
            i += 1
        if i < limit and text[i] == "'":
            j = i + 1
            while j < limit and not (text[j] == "'" and text[j + 1 : j + 2] != "'"):
                j += 2 if text[j] == "'" else 1  # '' is a quote inside the string
            if j >= limit:
                return None
            cells.append((i + 1, j))
            i = j + 1
        else:
            j = i
            while j < limit and text[j] not in ",)" and text[j] != "(":
                j += 1
            if j < limit and text[j] == "(":
                return None  # an expression (NOW(), nested values): not a row of literals
            cells.append((i, j))
            i = j
        while i < limit and text[i] in " \t\r\n":
            i += 1
        if i < limit and text[i] == ",":
            i += 1
            continue
        if i < limit and text[i] == ")":
            return cells, i + 1
        return None
    return None


def detectors(settings: ScanSettings) -> list[Detector]:
    """The table-column detector."""
    return [TableColumnDetector()]
