"""Address labels from any page: read the remembered nudges, ask the options, remember a changed
nudge, render off the GUI thread and open the app's PDF preview.

The event's Dokumente tab (its invitees) and the Verteiler view of the contacts (a list's
members) print labels the same way; only what is rendered differs. So the steps live here once,
and each caller hands in how it runs work (its own busy state: the tab's row with "Abbrechen",
the list panel's disabled button), how it asks (``LabelOptionsDialog.choose`` with or without the
invitees' statuses) and what it renders.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Protocol, TypeVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from beratung.domain.sheets import LABEL_SHEETS, SheetNudge
from beratung.gui.events.document_options import LabelOptions
from beratung.gui.preview import PdfPreviewDialog

if TYPE_CHECKING:
    from beratung.services import Services
    from beratung.services.documents import RenderedDocument

T = TypeVar("T")


def tr(text: str) -> str:
    return QCoreApplication.translate("AddressLabels", text)


class Runner(Protocol):
    """Runs ``work`` on the worker thread and ``done`` with its result on the GUI thread,
    showing ``text`` meanwhile; ``cancellable_run`` says whether a cancel makes sense."""

    def __call__(
        self,
        work: Callable[[], T],
        done: Callable[[T], None],
        text: str,
        *,
        cancellable_run: bool = True,
    ) -> None: ...


def print_address_labels(
    parent: QWidget,
    services: Services,
    run: Runner,
    choose: Callable[[Mapping[str, SheetNudge]], LabelOptions | None],
    render: Callable[[LabelOptions], RenderedDocument],
) -> None:
    """Nudges (worker) → ``choose`` (GUI) → remember a changed nudge and ``render`` (worker) →
    preview, whose "Drucken …" and "Als PDF speichern …" log the document. The nudge is read
    before the dialog so the dialog makes no service call, and saved on the worker with the
    rendering, so a slow database never blocks the window."""
    sheets = services.sheets

    def nudges() -> dict[str, SheetNudge]:
        return {key: sheets.get_sheet_nudge(key) for key in LABEL_SHEETS}

    def ask(remembered: dict[str, SheetNudge]) -> None:
        options = choose(remembered)
        if options is None:
            return

        def work() -> RenderedDocument:  # worker thread: no widgets
            if remembered.get(options.sheet) != options.nudge:
                sheets.set_sheet_nudge(options.sheet, options.nudge)
            return render(options)

        def show(document: RenderedDocument) -> None:
            PdfPreviewDialog.show_document(parent, services, document)

        run(work, show, tr("Adressetiketten werden erstellt …"))

    run(nudges, ask, tr("Einstellungen der Etiketten werden gelesen …"), cancellable_run=False)


__all__ = ["Runner", "print_address_labels"]
