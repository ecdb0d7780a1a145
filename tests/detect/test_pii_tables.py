"""Cells of pasted tables under a column that names them (``table_column``), table-driven.

Positives list the (entity, value) pairs the detector must report, in order; look-alikes are
texts shaped like a table that are code, prose or a table without such a column.
"""

from __future__ import annotations

import pytest

from annexa.detect.builtin.tables import TableColumnDetector, column_entity
from annexa.detect.scanner import Scanner
from annexa.settings import ScanSettings
from tests.detect.tables import found


def cells(text: str) -> list[tuple[str, str]]:
    return found(TableColumnDetector(), text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "id,first_name,last_name,dob,ssn,zip\n1,Maria,Gonzalez,1979-03-22,536-22-8847,60614\n",
            [
                ("PERSON", "Maria"),
                ("PERSON", "Gonzalez"),
                ("DATE_OF_BIRTH", "1979-03-22"),
                ("US_SSN", "536-22-8847"),
                ("LOCATION", "60614"),
            ],
        ),
        # quoted cells may hold the delimiter and doubled quotes; empty cells are skipped
        (
            'Name,Phone,Company\n"Müller, Hans","030 1234 5678",Globex\n'
            'Tom Neil,,"Acme ""Best"", Ltd"\n',
            [
                ("PERSON", "Müller, Hans"),
                ("PHONE_NUMBER", "030 1234 5678"),
                ("ORGANIZATION", "Globex"),
                ("PERSON", "Tom Neil"),
                ("ORGANIZATION", 'Acme ""Best"", Ltd'),
            ],
        ),
        # tab-separated, camelCase headers
        (
            "customerName\tphoneNumber\tbirthDate\nAnna Keller\t+49 30 1234567\t12.03.1980\n",
            [
                ("PERSON", "Anna Keller"),
                ("PHONE_NUMBER", "+49 30 1234567"),
                ("DATE_OF_BIRTH", "12.03.1980"),
            ],
        ),
        # semicolon-separated, German headers (as a German Excel exports them)
        (
            "Vorname;Nachname;Geburtsdatum;PLZ;Ort\nHans;Müller;12.03.1980;80331;München\n",
            [
                ("PERSON", "Hans"),
                ("PERSON", "Müller"),
                ("DATE_OF_BIRTH", "12.03.1980"),
                ("LOCATION", "80331"),
                ("LOCATION", "München"),
            ],
        ),
        # a Markdown table: the rule under the header is skipped, the outer pipes are no cells
        (
            "| Customer | Phone | Issue |\n|---|:---:|---|\n"
            "| Anna Keller | 030 1234 5678 | refund |\n",
            [("PERSON", "Anna Keller"), ("PHONE_NUMBER", "030 1234 5678")],
        ),
        # psql's and MySQL's output
        (
            " id | name        | city\n----+-------------+--------\n  1 | Anna Keller | Berlin\n"
            "(1 row)\n",
            [("PERSON", "Anna Keller"), ("LOCATION", "Berlin")],
        ),
        (
            "+----+-----------+\n| id | full_name |\n+----+-----------+\n|  1 | Li Wei    |\n"
            "|  2 | Bob Stone |\n+----+-----------+\n",
            [("PERSON", "Li Wei"), ("PERSON", "Bob Stone")],
        ),
        # columns aligned with spaces: a pandas DataFrame (right-aligned, its "..." row
        # skipped) and a left-aligned listing
        (
            "   customer_id          name               email  age       city\n"
            "0            1   Anna Keller    anna@example.com   34     Berlin\n"
            "..         ...           ...                 ...  ...        ...\n"
            "9           10  Pieter Smits  pieter@example.com   45  Amsterdam\n",
            [
                ("PERSON", "Anna Keller"),
                ("LOCATION", "Berlin"),
                ("PERSON", "Pieter Smits"),
                ("LOCATION", "Amsterdam"),
            ],
        ),
        (
            "NAME          EMAIL               CITY\nAnna Keller   anna@example.com    Berlin\n",
            [("PERSON", "Anna Keller"), ("LOCATION", "Berlin")],
        ),
        # French, Spanish, Italian and Dutch headers; a passport and a licence column
        (
            "nom,prénom,téléphone\nDupont,Jean,01 23 45 67 89\n",
            [("PERSON", "Dupont"), ("PERSON", "Jean"), ("PHONE_NUMBER", "01 23 45 67 89")],
        ),
        (
            "nombre;apellidos;fecha_de_nacimiento\nJavier;Fernández López;02/07/1985\n",
            [
                ("PERSON", "Javier"),
                ("PERSON", "Fernández López"),
                ("DATE_OF_BIRTH", "02/07/1985"),
            ],
        ),
        (
            "cognome,nome,cap\nBianchi,Giulia,10121\n",
            [("PERSON", "Bianchi"), ("PERSON", "Giulia"), ("LOCATION", "10121")],
        ),
        (
            "voornaam,achternaam,woonplaats\nPieter,de Jong,Utrecht\n",
            [("PERSON", "Pieter"), ("PERSON", "de Jong"), ("LOCATION", "Utrecht")],
        ),
        (
            "employee,passport_no,driver_license,mrn\nLi Wei,E12345678,D1234567,MRN-004512\n",
            [
                ("PERSON", "Li Wei"),
                ("PASSPORT", "E12345678"),
                ("DRIVER_LICENSE", "D1234567"),
                ("MEDICAL_RECORD_NUMBER", "MRN-004512"),
            ],
        ),
        # the table ends at the first line that is no row of it
        (
            "please dedupe:\nname,company\nAnna Keller,Globex GmbH\nthanks!\nBob,Initech\n",
            [("PERSON", "Anna Keller"), ("ORGANIZATION", "Globex GmbH")],
        ),
        # the rows of an SQL INSERT, each literal under the column the list names
        (
            "INSERT INTO customers (id, full_name, city, phone) VALUES\n"
            "(1, 'Lukas Schmidt', 'Köln', '+49 151 23456789'),\n"
            "(2, 'Siobhan O''Neill', NULL, '0871234567');",
            [
                ("PERSON", "Lukas Schmidt"),
                ("LOCATION", "Köln"),
                ("PHONE_NUMBER", "+49 151 23456789"),
                ("PERSON", "Siobhan O''Neill"),
                ("PHONE_NUMBER", "0871234567"),
            ],
        ),
        (
            "insert into people(name, dob) values ('Maria Keller', '1985-03-12')",
            [("PERSON", "Maria Keller"), ("DATE_OF_BIRTH", "1985-03-12")],
        ),
        # "name" beside a person's contact details names a person, given name of the gazetteer
        # or not; a team's or a product's name stays none
        (
            "INSERT INTO customers (name, email, phone) VALUES\n"
            "  ('Dale Bennett', 'dale@example.com', '+49 151 88690509'),\n"
            "  ('Support Team', 'support@example.com', '+49 30 1234567');",
            [
                ("PERSON", "Dale Bennett"),
                ("PHONE_NUMBER", "+49 151 88690509"),
                ("PHONE_NUMBER", "+49 30 1234567"),
            ],
        ),
        (
            "name,email\nHeather Mitchell,h.m@example.com\nStripe Billing,b@example.com\n",
            [("PERSON", "Heather Mitchell")],
        ),
        # a value that does not have its column's shape is not reported
        (
            "name,ssn,dob,phone\nn/a,000-12-3456,soon,12\nAnna Stone,912-34-5678,1990-01-01,none\n",
            [("PERSON", "Anna Stone"), ("DATE_OF_BIRTH", "1990-01-01")],
        ),
    ],
)
def test_cells_under_a_known_column(text: str, expected: list[tuple[str, str]]) -> None:
    assert cells(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # code: a list's items, an argument list, a tuple unpacked
        '__all__ = [\n    "Client",\n    "codes",\n    "Cookies",\n]\n',
        "        'name', 'some_name',\n        'type', (<class 'String'>,\n",
        "    assert patterns, name\n    assert all(p for p in patterns), name\n",
        "name, phone = row\nfirst, second = pair\n",
        "def f(name, phone):\n    return name, phone\n",
        # prose with commas
        "Name, address, phone and email are required.\nWe will call you, Anna, tomorrow.\n",
        # a header with no row under it, or rows with another number of cells
        "name,phone,city\n",
        "name,phone,city\nAnna Keller,030 1234 5678\n",
        # "name" names things too: a person only with a given name first
        "name,price\nWidget Pro,9.99\nnginx-7d9c,1\n",
        "NAME              READY   STATUS\nname,ready\nweb-5d8f,1/1\n",
        # aligned output whose "name" column holds no person: kubectl, a directory listing
        "NAME                     READY   STATUS    RESTARTS   AGE\n"
        "nginx-7d9c5b8f4d-abcde   1/1     Running   0          5d\n",
        "-rw-r--r--  1 root  root  4096 Dec  7 04:48 name  city\ntotal 8\n",
        # words that do not line up under the header's names
        "name        city\nAnna Keller was born in Berlin and lives there\n",
        # no column this module knows
        "id,sku,qty\n1,AB-12,3\n",
        # a header cell that is a number is a row, not a header
        "name,2024,2025\nAnna,3,4\n",
        # an INSERT: "name" of a thing, an expression for a row, a column list of no person
        "INSERT INTO products (name, price) VALUES ('Widget Pro', 9.99)",
        "INSERT INTO t (name, created) VALUES (upper('anna keller'), NOW())",
        "INSERT INTO t (id, sku) VALUES (1, 'Anna Keller')",
        "INSERT INTO t (name) SELECT name FROM staging",
        "INSERT INTO t (name, city) VALUES ('Anna Keller', 'Berlin'",  # the row never closes
    ],
)
def test_table_look_alikes(text: str) -> None:
    assert cells(text) == []


@pytest.mark.parametrize(
    ("header", "entity"),
    [
        ("first_name", "PERSON"),
        ("First Name", "PERSON"),
        ("firstName", "PERSON"),
        ("FIRST-NAME", "PERSON"),
        ('"Date of Birth"', "DATE_OF_BIRTH"),
        ("Zip Code", "LOCATION"),
        ("Social Security Number", "US_SSN"),
        ("e-mail", None),  # the e-mail detector reads the values themselves
        ("product", None),
    ],
)
def test_header_spellings(header: str, entity: str | None) -> None:
    assert column_entity(header) == entity


def test_a_validated_finding_keeps_its_span() -> None:
    """The header is context, not a check digit: a card number under a "name" column stays a
    card (Luhn-validated), and a phone libphonenumber accepts keeps its own finding."""
    text = "name,phone\n4111 1111 1111 1111,+1 312 555 0177\n"
    by_value = {text[f.start : f.end]: f for f in Scanner(ScanSettings()).scan(text)}
    assert by_value["4111 1111 1111 1111"].entity == "CREDIT_CARD"
    assert by_value["+1 312 555 0177"].entity == "PHONE_NUMBER"


def test_offsets_point_into_the_original_text() -> None:
    """Windows line ends, a quoted cell holding the delimiter: the spans are the values'."""
    text = 'Note:\r\nName;Firma\r\n"Anna Keller";"Keller; Partner GmbH"\r\n'
    assert cells(text) == [("PERSON", "Anna Keller"), ("ORGANIZATION", "Keller; Partner GmbH")]
