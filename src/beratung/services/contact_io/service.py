"""The contact transfer service as the GUI and the CLI use it: import and export in one object.

Each base class is a complete service of its own over the same context; they share no state.
"""

from __future__ import annotations

from beratung.services.contact_io.export import ContactExportService
from beratung.services.contact_io.run import ContactImportService


class ContactTransferService(ContactImportService, ContactExportService):
    """Import of contacts from CSV, Excel and vCard with dry run; export to the same formats."""
