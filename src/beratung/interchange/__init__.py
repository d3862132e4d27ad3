"""File formats in and out: CSV, Excel (.xlsx) and vCard, over bytes only.

No database, no Qt, no SQLAlchemy: readers turn bytes into :class:`RawTable` or
:class:`ContactRecord` values and writers turn records back into bytes, so the import dialog's
preview and dry run, the services and the tests all use the same pure functions.
"""

from __future__ import annotations

from beratung.interchange._tables import HeaderRowUncertainError
from beratung.interchange.checks import check_record, normalize_anrede
from beratung.interchange.contacts_model import (
    CONTACT_FIELDS,
    EXPORT_HEADERS,
    FALLBACK_TARGETS,
    FULL_NAME,
    POSTCODE_AND_TOWN,
    SPLIT_TARGETS,
    ContactRecord,
    RawTable,
    RowProblem,
    VCardBatch,
)
from beratung.interchange.csv_io import read_csv, write_contacts_csv, write_table_csv
from beratung.interchange.formats import FileFormat, detect_format
from beratung.interchange.mapping import (
    MappedRows,
    NameParts,
    apply_mapping,
    header_signature,
    map_rows,
    split_full_name,
    split_postcode_town,
    split_salutation,
    split_verteiler,
    suggest_mapping,
)
from beratung.interchange.vcard_io import read_vcards, write_vcards
from beratung.interchange.xlsx_io import read_xlsx, write_contacts_xlsx, write_table_xlsx

__all__ = [
    "CONTACT_FIELDS",
    "EXPORT_HEADERS",
    "FALLBACK_TARGETS",
    "FULL_NAME",
    "POSTCODE_AND_TOWN",
    "SPLIT_TARGETS",
    "ContactRecord",
    "FileFormat",
    "HeaderRowUncertainError",
    "MappedRows",
    "NameParts",
    "RawTable",
    "RowProblem",
    "VCardBatch",
    "apply_mapping",
    "check_record",
    "detect_format",
    "header_signature",
    "map_rows",
    "normalize_anrede",
    "read_csv",
    "read_vcards",
    "read_xlsx",
    "split_full_name",
    "split_postcode_town",
    "split_salutation",
    "split_verteiler",
    "suggest_mapping",
    "write_contacts_csv",
    "write_contacts_xlsx",
    "write_table_csv",
    "write_table_xlsx",
    "write_vcards",
]
