"""Import of contacts from CSV, Excel and vCard with dry run; export to the same formats (issue 3).

The import is three calls, each one transaction (or none):

1. :meth:`ContactTransferService.preview_import` reads the file (no database): detected format,
   encoding, delimiter, headers, the suggested column mapping and the first rows.
2. :meth:`ContactTransferService.dry_run_import` maps and checks every row and matches it
   against the database, *writing nothing*: one :class:`ImportLine` per row saying create /
   update / unchanged / merge candidate / reject, with a German reason naming the row and field.
3. :meth:`ContactTransferService.commit_import` repeats the dry run inside one write transaction and
   applies exactly what it reports; any rejected row (unless ``skip_rejected``) or any error
   leaves the database untouched.

The package, by concern:

* ``snapshots`` — formats, options, the preview and the report (frozen dataclasses);
* ``reading`` — the file read and mapped into contact records (no database);
* ``matching`` — which organisation and which person a row is (nothing written);
* ``changes`` — what an applied row writes: persons, organisations, lists;
* ``run`` — preview, dry run and import: one pass over the rows for both;
* ``export`` — contacts written to CSV, Excel or vCard;
* ``service`` — :class:`ContactTransferService`, composed of the import and the export.

Import from this package, not from its modules: the split between them may change.
"""

from __future__ import annotations

from beratung.services.contact_io.export import ContactExportService
from beratung.services.contact_io.run import ContactImportService
from beratung.services.contact_io.service import ContactTransferService
from beratung.services.contact_io.snapshots import (
    ACTION_LABELS,
    ImportAction,
    ImportFormat,
    ImportLine,
    ImportOptions,
    ImportPreview,
    ImportReport,
    MergeDecision,
)

__all__ = [
    "ACTION_LABELS",
    "ContactExportService",
    "ContactImportService",
    "ContactTransferService",
    "ImportAction",
    "ImportFormat",
    "ImportLine",
    "ImportOptions",
    "ImportPreview",
    "ImportReport",
    "MergeDecision",
]
