"""The plain records that travel between file formats and the import/export services.

Everything here is a frozen value with strings only: readers turn bytes into these, writers turn
these into bytes, and the services (which know the database) decide what becomes of them. Keeping
the interchange layer free of ORM objects lets the import dialog show a preview and a dry run
without touching the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Final, Literal

#: Canonical contact fields in export order, with the German label the mapping dialog shows.
CONTACT_FIELDS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "anrede": "Anrede",
        "titel": "Titel",
        "vorname": "Vorname",
        "nachname": "Nachname",
        "organisation": "Organisation",
        "abteilung": "Abteilung",
        "funktion": "Funktion",
        "strasse": "Straße",
        "plz": "PLZ",
        "ort": "Ort",
        "land": "Land",
        "email": "E-Mail",
        "telefon": "Telefon",
        "mobil": "Mobil",
        "fax": "Fax",
        "webseite": "Webseite",
        "notizen": "Notizen",
        "verteiler": "Verteiler",
    }
)

#: Column headers of our own CSV/xlsx export. They are the names German Outlook uses, so that
#: Outlook maps them by itself and our own import recognises them without manual mapping.
EXPORT_HEADERS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "anrede": "Anrede",
        "titel": "Titel",
        "vorname": "Vorname",
        "nachname": "Nachname",
        "organisation": "Firma",
        "abteilung": "Abteilung",
        "funktion": "Position",
        "strasse": "Straße geschäftlich",
        "plz": "Postleitzahl geschäftlich",
        "ort": "Ort geschäftlich",
        "land": "Land/Region geschäftlich",
        "email": "E-Mail-Adresse",
        "telefon": "Telefon geschäftlich",
        "mobil": "Mobiltelefon",
        "fax": "Fax geschäftlich",
        "webseite": "Webseite",
        "notizen": "Notizen",
        "verteiler": "Kategorien",
    }
)

#: Pseudo-targets of a column mapping that are split into several fields by ``apply_mapping``.
FULL_NAME: Final = "name"
POSTCODE_AND_TOWN: Final = "plz_ort"
#: Google Contacts keeps each phone number in a pair of columns, "Phone 1 - Type" ("Mobile",
#: "Work Fax", "Home" …) and "Phone 1 - Value"; the value column goes to Telefon, Mobil, Fax or the
#: private phone depending on the type cell of the same row, and the type column (like the other
#: "… - Type"/"… - Label" columns) is read together with its value or address columns.
PHONE_BY_KIND: Final = "telefon_art"
KIND_OF_VALUE: Final = "art"
SPLIT_TARGETS: Final[Mapping[str, str]] = MappingProxyType(
    {
        FULL_NAME: "Name (wird in Titel, Vorname, Nachname aufgeteilt)",
        POSTCODE_AND_TOWN: "PLZ und Ort (wird aufgeteilt)",
        PHONE_BY_KIND: "Telefon, Mobil oder Fax (nach Art-Spalte)",
        KIND_OF_VALUE: "Art der Nachbarspalte (Mobil, Privat …)",
    }
)

#: Google's separator between several values in one cell ("0171 1 ::: 0711 2").
MULTI_VALUE: Final = " ::: "

#: Targets whose value has no field of its own and is kept in the notes under its label
#: ("Namenszusatz: Jr."), so that nothing the file holds is lost. A name suffix that is a
#: title put in the suffix field by mistake ("Dr.") goes to the title instead.
NAME_SUFFIX: Final = "namenszusatz"
NOTE_TARGETS: Final[Mapping[str, str]] = MappingProxyType(
    {
        NAME_SUFFIX: "Namenszusatz",
        "adresszusatz": "Adresszusatz",
        "postfach": "Postfach",
        "spitzname": "Spitzname",
        "geburtstag": "Geburtstag",
        # Thunderbird writes the birthday in three columns; "Geburtstag" there is the day.
        "geburtsjahr": "Geburtsjahr",
        "geburtsmonat": "Geburtsmonat",
        "geburtstag_tag": "Geburtstag (Tag)",
    }
)

#: Fallback targets: a second column block used only where the first one is empty. Outlook
#: exports always carry both the business and the private address; the private one is taken
#: *as a whole* for a row whose business address is empty (never street from one block and town
#: from the other), the private phone when the business phone is empty.
PRIVATE_ADDRESS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "strasse_privat": "strasse",
        "plz_privat": "plz",
        "ort_privat": "ort",
        "land_privat": "land",
    }
)
FALLBACK_TARGETS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "strasse_privat": "Straße privat (wenn keine Geschäftsadresse)",
        "plz_privat": "PLZ privat (wenn keine Geschäftsadresse)",
        "ort_privat": "Ort privat (wenn keine Geschäftsadresse)",
        "land_privat": "Land privat (wenn keine Geschäftsadresse)",
        "telefon_privat": "Telefon privat (wenn kein Telefon geschäftlich)",
    }
)
#: Fallback target → the contact field it fills.
FALLBACK_FIELDS: Final[Mapping[str, str]] = MappingProxyType(
    {**PRIVATE_ADDRESS, "telefon_privat": "telefon"}
)

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class ContactRecord:
    """One contact as read from or written to a file; empty fields are ``None``, never ``""``.

    ``source_row`` is the row number the user sees in the source (spreadsheet row including the
    header, or the card number in a vCard file), so every message can point back to it.
    """

    source_row: int = 0
    anrede: str | None = None
    titel: str | None = None
    vorname: str | None = None
    nachname: str | None = None
    organisation: str | None = None
    abteilung: str | None = None
    funktion: str | None = None
    strasse: str | None = None
    plz: str | None = None
    ort: str | None = None
    land: str | None = None
    email: str | None = None
    telefon: str | None = None
    mobil: str | None = None
    fax: str | None = None
    webseite: str | None = None
    notizen: str | None = None
    verteiler: str | None = None
    #: The address (strasse … land) is the person's private one, not their organisation's.
    address_is_private: bool = False

    def values(self) -> dict[str, str | None]:
        """The contact fields (without ``source_row``) in ``CONTACT_FIELDS`` order."""
        return {name: getattr(self, name) for name in CONTACT_FIELDS}

    def is_empty(self) -> bool:
        return all(value is None for value in self.values().values())


@dataclass(frozen=True, slots=True)
class RowProblem:
    """Something wrong with one row (or card) of an import; errors reject the row, warnings not.

    ``row`` is 0 when the problem concerns the whole file rather than one row.
    """

    row: int
    field: str | None
    message: str
    severity: Severity = "error"


@dataclass(frozen=True, slots=True)
class RawTable:
    """A spreadsheet-like file as the user sees it, before any column is given a meaning.

    Cells are strings (``""`` for empty); every row has exactly ``len(headers)`` cells. Readers
    pad short rows and add "Spalte N" headers for surplus cells, reporting both in ``problems``,
    so that nothing in the file is dropped without the user being told.
    """

    headers: list[str]
    rows: list[list[str]]
    source: str
    #: Spreadsheet row number of each entry of ``rows`` (header row = 1), for messages.
    row_numbers: list[int] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None
    has_header: bool = True
    sheet: str | None = None
    sheet_names: list[str] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class VCardBatch:
    """The cards of one vCard file: the readable ones as records, the broken ones as problems."""

    records: list[ContactRecord]
    problems: list[RowProblem]
    source: str
    encoding: str


def _check_field_order() -> None:
    """Fail at import time if the dataclass and the field table drift apart."""
    names = [
        f.name
        for f in fields(ContactRecord)
        if f.name not in ("source_row", "address_is_private")
    ]
    if names != list(CONTACT_FIELDS) or list(EXPORT_HEADERS) != names:
        raise RuntimeError("ContactRecord, CONTACT_FIELDS and EXPORT_HEADERS disagree")


_check_field_order()
