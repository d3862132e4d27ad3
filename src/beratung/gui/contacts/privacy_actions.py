"""A person's "Datenschutz" actions in the contacts page: the data report (Auskunft nach
Art. 15 DSGVO) as PDF and JSON, and erasure by anonymising (Art. 17).

Both run through the privacy service on the worker thread (``run_operation``); the button only
asks: where to save, and whether the person is really to be anonymised. The questions are
:class:`~beratung.gui.contacts.common.ContactDialogs` classmethods, which tests replace.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from beratung.gui.contacts.common import ContactDialogs, tr
from beratung.gui.operations import run_operation
from beratung.services.contacts import PersonDetail

if TYPE_CHECKING:
    from beratung.services import Services
    from beratung.services.privacy import EraseResult, ExportResult


class PersonPrivacyButton(QPushButton):
    """"Datenschutz ▾" with "Auskunft exportieren …" and "Person anonymisieren …"."""

    def __init__(
        self,
        services: Services,
        current: Callable[[], PersonDetail | None],
        may_act: Callable[[], bool],
        erased: Callable[[PersonDetail], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self._current = current
        self._may_act = may_act
        self._erased = erased
        self.setObjectName("privacyButton")
        self.setText(tr("Datenschut&z"))
        self.setAccessibleName(tr("Datenschutz"))
        self.setToolTip(tr("Auskunft über die gespeicherten Daten, Anonymisieren auf Wunsch"))
        menu = QMenu(self)
        menu.setAccessibleName(tr("Datenschutz"))
        self.export_action = menu.addAction(tr("&Auskunft exportieren …"))
        self.export_action.setObjectName("privacyExportAction")
        self.export_action.setToolTip(
            tr("Alles, was über die Person gespeichert ist, als PDF und JSON (Art. 15 DSGVO)")
        )
        self.export_action.triggered.connect(self.export_report)
        self.erase_action = menu.addAction(tr("Person a&nonymisieren …"))
        self.erase_action.setObjectName("privacyEraseAction")
        self.erase_action.setToolTip(
            tr("Name und Kontaktdaten löschen; Statistiken bleiben erhalten (Art. 17 DSGVO)")
        )
        self.erase_action.triggered.connect(self.erase_person)
        self.setMenu(menu)
        self.update_for(None)

    def update_for(self, detail: PersonDetail | None) -> None:
        """Enabled for a stored person; anonymising only once."""
        self.setEnabled(detail is not None)
        self.erase_action.setEnabled(detail is not None and detail.erased_at is None)

    # ---------------------------------------------------------------- Auskunft

    def export_report(self) -> None:
        detail = self._current()
        if detail is None:
            return
        path = ContactDialogs.save_file(
            self,
            tr("Auskunft exportieren"),
            tr("Auskunft Person {number}.pdf").format(number=detail.id),
            [tr("PDF-Dokument (*.pdf)")],
        )
        if not path:
            return
        privacy = self.services.privacy
        person_id = detail.id
        run_operation(
            self,
            lambda: privacy.export_person(person_id, Path(path)),
            self._exported,
            progress_text=tr("Auskunft wird erstellt …"),
        )

    def _exported(self, result: ExportResult) -> None:
        found = "\n".join(
            tr("{what}: {count}").format(what=what, count=count) for what, count in result.counts
        )
        ContactDialogs.information(
            self,
            tr("Die Auskunft wurde gespeichert:\n{pdf}\n{json}").format(
                pdf=result.pdf_path, json=result.json_path
            ),
            found,
        )

    # ---------------------------------------------------------------- Anonymisieren

    def erase_person(self) -> None:
        detail = self._current()
        if detail is None or detail.erased_at is not None or not self._may_act():
            return
        confirmed = ContactDialogs.confirm(
            self,
            tr("„{name}“ endgültig anonymisieren?").format(name=detail.display_name),
            tr(
                "Name, Kontaktdaten, Notizen, Funktionen, Verteiler, Einwilligungen und Bedarfe "
                "werden gelöscht; im Änderungsprotokoll und in gespeicherten Dokumenten wird "
                "der Name ersetzt. Beratungen und Teilnahmen bleiben für die Statistik "
                "erhalten, ohne Namen. Das lässt sich nicht rückgängig machen. Tipp: Vorher "
                "die Auskunft exportieren, wenn die Person sie haben möchte."
            ),
            tr("Endgültig anonymisieren"),
        )
        if not confirmed:
            return
        privacy = self.services.privacy
        contacts = self.services.contacts
        person_id = detail.id

        def work() -> tuple[EraseResult, PersonDetail]:
            result = privacy.erase_person(person_id)
            return result, contacts.get_person(person_id)

        run_operation(self, work, self._done, progress_text=tr("Wird anonymisiert …"))

    def _done(self, outcome: tuple[EraseResult, PersonDetail]) -> None:
        result, detail = outcome
        self._erased(detail)
        lines = result.lines()
        ContactDialogs.information(self, lines[0], "\n".join(line.strip() for line in lines[1:]))


__all__ = ["PersonPrivacyButton"]
