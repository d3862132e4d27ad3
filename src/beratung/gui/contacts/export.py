"""Exporting contacts to a file (CSV, Excel, vCard) from the Kontakte page.

Apart from the page because it is a small job of its own: ask where to save, then let the
contact-transfer service produce the bytes and write them atomically on the worker thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from beratung.gui.contacts.common import ContactDialogs
from beratung.gui.operations import run_operation
from beratung.services.files import write_atomically

if TYPE_CHECKING:
    from beratung.services import Services
    from beratung.services.contact_io import ImportFormat
    from beratung.services.contacts import ContactFilter

#: The export formats ("csv", "xlsx", "vcf"): each one's file suffix.
FORMATS: dict[ImportFormat, str] = {"csv": "csv", "xlsx": "xlsx", "vcf": "vcf"}


def _tr(text: str) -> str:
    return QCoreApplication.translate("ContactsExport", text)


def _file_filter(fmt: ImportFormat) -> str:
    return {
        "csv": _tr("CSV-Datei (*.csv)"),
        "xlsx": _tr("Excel-Arbeitsmappe (*.xlsx)"),
        "vcf": _tr("vCard (*.vcf)"),
    }[fmt]


def export_contacts(
    parent: QWidget,
    services: Services,
    fmt: ImportFormat,
    *,
    flt: ContactFilter | None,
    list_name: str | None,
    base_name: str,
) -> None:
    """Ask for a file name (``base_name`` suggested) and export the persons of ``flt`` or of
    the distribution list ``list_name`` in the format ``fmt`` ("csv", "xlsx", "vcf")."""
    suffix = FORMATS[fmt]
    path = ContactDialogs.save_file(
        parent, _tr("Kontakte exportieren"), f"{base_name}.{suffix}", [_file_filter(fmt)]
    )
    if not path:
        return
    target = Path(path)
    if target.suffix.lower() != f".{suffix}":
        target = target.with_name(f"{target.name}.{suffix}")
    transfer = services.contact_transfer

    def call() -> Path:  # worker thread: no widgets
        data = transfer.export_contacts(fmt, flt=flt, list_name=list_name)
        write_atomically(target, data)
        return target

    def done(written: Path) -> None:
        window = parent.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(
                _tr("Exportiert nach {path}").format(path=written), 10_000
            )

    run_operation(parent, call, done, progress_text=_tr("Kontakte werden exportiert …"))


__all__ = ["FORMATS", "export_contacts"]
