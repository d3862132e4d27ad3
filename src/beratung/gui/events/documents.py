"""The event view's tab "Dokumente": what goes out for an event.

Today that is the calendar entry (.ics, RFC 5545, built by ``event_calendar``) for Outlook and
Thunderbird: "Kalendereintrag (.ics) exportieren …" asks for a file name and writes the file
atomically off the GUI thread. It is the event *as stored*: edits not yet saved on "Details"
are not in it (the tab says so). The printed documents (invitation letters with the reply form,
the sign-in list, name badges, attendance certificates) come with the next issue; the tab names
them plainly and offers nothing that does not work yet.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QPushButton, QVBoxLayout, QWidget

from beratung.gui.errors import report_exception
from beratung.gui.events.base import EventTab
from beratung.gui.events.common import EVENTS_STYLE, PlanningDialogs, local
from beratung.gui.operations import run_operation
from beratung.services.events.snapshots import EventDetail
from beratung.services.files import write_atomically

if TYPE_CHECKING:
    from beratung.services import Services


def calendar_file_stem(detail: EventDetail) -> str:
    """ "Werkstattgespraech-Inklusive-Quartiere-2017-10-25": the title without characters a
    file system may refuse, and the day, so two events of a series do not overwrite each
    other's file."""
    day = local(detail.starts_at).date()
    stem = re.sub(r"[^\w-]+", "-", detail.title).strip("-") or "Veranstaltung"
    return f"{stem}-{day.isoformat()}"


class DocumentsTab(EventTab):
    def tab_title(self) -> str:
        return self.tr("D&okumente")

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.setObjectName("eventDocuments")
        self.setStyleSheet(EVENTS_STYLE)
        self._busy = False
        #: The calendar file written last (tests and the status line read it).
        self.last_calendar_file: Path | None = None
        self._build()
        self.set_event(None)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(10)

        calendar = QLabel(self.tr("Kalendereintrag"))
        calendar.setProperty("role", "sectionTitle")
        calendar.setAccessibleName(calendar.text())
        layout.addWidget(calendar)
        explain = QLabel(
            self.tr(
                "Der Termin als .ics-Datei für Outlook, Thunderbird und andere Kalender – mit "
                "Ort, Anschrift und Tagesordnung. Exportiert wird der gespeicherte Stand; eine "
                "spätere Änderung exportieren Sie einfach noch einmal, der Kalender ersetzt den "
                "alten Eintrag."
            )
        )
        explain.setWordWrap(True)
        explain.setMaximumWidth(760)
        explain.setAccessibleName(explain.text())
        layout.addWidget(explain)
        row = QHBoxLayout()
        row.setSpacing(10)
        self.calendar_button = QPushButton(self.tr("Kalendereintrag (.ics) e&xportieren …"))
        self.calendar_button.setObjectName("exportCalendar")
        self.calendar_button.setAccessibleName(self.tr("Kalendereintrag exportieren"))
        self.calendar_button.setToolTip(
            self.tr("Den Termin als .ics-Datei für Outlook oder Thunderbird speichern")
        )
        self.calendar_button.setAutoDefault(False)
        self.calendar_button.clicked.connect(self.export_calendar)
        self.calendar_state = QLabel()
        self.calendar_state.setObjectName("calendarState")
        self.calendar_state.setProperty("role", "venueSummary")
        self.calendar_state.setWordWrap(True)
        self.calendar_state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(self.calendar_button)
        row.addWidget(self.calendar_state, 1)
        layout.addLayout(row)

        layout.addSpacing(14)
        printed = QLabel(self.tr("Drucksachen"))
        printed.setProperty("role", "sectionTitle")
        printed.setAccessibleName(printed.text())
        layout.addWidget(printed)
        self.text = QLabel(
            self.tr(
                "Hier entstehen mit einer der nächsten Versionen die Drucksachen zur "
                "Veranstaltung: die Einladungsschreiben nach DIN 5008 mit Antwortformular, "
                "die Teilnehmerliste zum Unterschreiben, Namensschilder und "
                "Teilnahmebescheinigungen – jeweils erst in der Vorschau, dann gedruckt oder "
                "als PDF gespeichert."
            )
        )
        self.text.setObjectName("documentsText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAccessibleName(self.text.text())
        self.text.setMaximumWidth(760)
        layout.addWidget(self.text)
        layout.addStretch(1)

    def set_event(self, detail: EventDetail | None) -> None:
        if detail is None or self.detail is None or detail.id != self.detail.id:
            self.calendar_state.clear()
        super().set_event(detail)
        self._update_state()

    def _update_state(self) -> None:
        self.calendar_button.setEnabled(self.detail is not None and not self._busy)

    def is_busy(self) -> bool:
        return self._busy

    def export_calendar(self) -> None:
        """Kalendereintrag (.ics) exportieren …: ask for the file, write it off the GUI thread."""
        detail = self.detail
        if self._busy or detail is None:
            return
        name = PlanningDialogs.calendar_file_name(self, f"{calendar_file_stem(detail)}.ics")
        if not name:
            return
        target = Path(name)
        if target.suffix.lower() != ".ics":
            target = target.with_name(f"{target.name}.ics")
        events = self.services.events
        event_id = detail.id

        def work() -> Path:  # worker thread: no widgets
            write_atomically(target, events.event_calendar(event_id))
            return target

        def done(path: Path) -> None:
            self._busy = False
            self._update_state()
            self.last_calendar_file = path
            message = self.tr("Kalendereintrag gespeichert: {path}").format(path=path)
            self.calendar_state.setText(message)
            self.calendar_state.setAccessibleName(message)
            window = self.window()
            if isinstance(window, QMainWindow):
                window.statusBar().showMessage(message, 10_000)

        def failed(exc: BaseException) -> None:
            self._busy = False
            self._update_state()
            report_exception(exc, self)

        self._busy = True
        self._update_state()
        run_operation(
            self,
            work,
            done,
            on_failure=failed,
            progress_text=self.tr("Kalendereintrag wird gespeichert …"),
        )


__all__ = ["DocumentsTab", "calendar_file_stem"]
