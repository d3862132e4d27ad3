"""Kopieren …: the next event from the chosen one. The dialog asks for the new start (German
date and time input) and the title; the page then calls ``copy_event``. "Termine vorschlagen …"
helps with the date. :meth:`CopyDialog.ask` is the entry point tests replace."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.errors import ValidationError
from beratung.domain.rules.dates import (
    OFFICE_TIME_ZONE,
    format_date_de,
    format_time_de,
    parse_date_de,
    parse_time_de,
)
from beratung.gui.events.common import text_width, tr, when_text
from beratung.gui.events.dates_dialog import DatesDialog
from beratung.gui.feedback import FormFeedback
from beratung.gui.fit import keep_minimum_width
from beratung.gui.style import light_grid

if TYPE_CHECKING:
    from beratung.services import Services
    from beratung.services.events.snapshots import EventDetail


@dataclass(frozen=True, slots=True)
class CopyRequest:
    starts_at: datetime
    title: str


class CopyDialog(QDialog):
    """Asks for the copy's start and title; ``request`` once accepted."""

    def __init__(
        self, services: Services, source: EventDetail, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.source = source
        self.request: CopyRequest | None = None
        self.setObjectName("copyEventDialog")
        light_grid(self)
        self.setWindowTitle(tr("Veranstaltung kopieren"))
        self.setAccessibleName(self.windowTitle())
        self._build()
        keep_minimum_width(self, 640)
        self.start_date.setFocus()

    def _build(self) -> None:
        source = self.source
        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 16, 20, 14)
        outer.setSpacing(8)
        intro = QLabel(
            tr(
                "Die nächste Veranstaltung nach „{title}“ ({when}). Übernommen werden Art, "
                "Reihe, Ort, Gastgeberkommune, Plätze, Beschreibung, Zuständigkeit und "
                "Tagesordnung; die Eingeladenen werden wieder eingeladen, ohne ihre Antworten. "
                "Ende und Anmeldeschluss verschieben sich mit dem Beginn."
            ).format(title=source.title, when=when_text(source.starts_at, source.ends_at))
        )
        intro.setWordWrap(True)
        outer.addWidget(intro)

        self.feedback = FormFeedback(self, tracks_changes=False)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setVerticalSpacing(4)
        self.start_date = QLineEdit()
        self.start_date.setObjectName("copyStartDate")
        self.start_date.setAccessibleName(tr("Neuer Beginn, Datum"))
        self.start_date.setPlaceholderText(tr("z. B. 21.03.2018"))
        self.start_date.setFixedWidth(text_width(self.start_date, "z. B. 21.03.2018"))
        self.start_date.textChanged.connect(self._check_date)
        self.start_time = QLineEdit(format_time_de(source.starts_at))
        self.start_time.setAccessibleName(tr("Neuer Beginn, Uhrzeit"))
        self.start_time.setFixedWidth(text_width(self.start_time, "00:00"))
        self.propose_button = QPushButton(tr("Termine &vorschlagen …"))
        self.propose_button.setAccessibleName(tr("Termine vorschlagen"))
        self.propose_button.setAutoDefault(False)
        self.propose_button.clicked.connect(self.propose_dates)
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.start_date)
        time_label = QLabel(tr("&Uhrzeit"))
        time_label.setBuddy(self.start_time)
        row.addWidget(time_label)
        row.addWidget(self.start_time)
        row.addWidget(self.propose_button)
        row.addStretch(1)
        start_label = QLabel(tr("Neuer &Beginn"))
        start_label.setBuddy(self.start_date)
        form.addRow(start_label, row)
        form.addRow("", self.feedback.register("starts_at", self.start_date).label)
        form.addRow("", self.feedback.register("starts_time", self.start_time).label)
        self.title = QLineEdit(source.title)
        self.title.setAccessibleName(tr("Titel der neuen Veranstaltung"))
        self.title.setMaxLength(300)
        title_label = QLabel(tr("&Titel"))
        title_label.setBuddy(self.title)
        form.addRow(title_label, self.title)
        form.addRow("", self.feedback.register("title", self.title).label)
        outer.addLayout(form)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton(tr("Abbre&chen"))
        self.cancel_button.setAccessibleName(tr("Abbrechen"))
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.copy_button = QPushButton(tr("&Kopieren"))
        self.copy_button.setAccessibleName(tr("Kopieren"))
        self.copy_button.setDefault(True)
        self.copy_button.clicked.connect(self.take)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.copy_button)
        outer.addLayout(buttons)

    def _day(self) -> date | None:
        text = self.start_date.text().strip()
        if not text:
            return None
        return parse_date_de(
            text, self.services.context.today(), prefer="future", field="starts_at"
        )

    def _check_date(self) -> None:
        message = self.feedback.field("starts_at")
        try:
            day = self._day()
        except ValidationError as exc:
            message.show_error(exc.message)
        else:
            message.show_note(format_date_de(day, "weekday") if day else "")

    def propose_dates(self) -> None:
        try:
            start = self._day()
        except ValidationError:
            start = None
        chosen = DatesDialog.choose(self, self.services, start or self.services.context.today())
        if chosen is not None:
            self.start_date.setText(format_date_de(chosen))
            self.start_time.setFocus()

    def values(self) -> CopyRequest:
        day = self._day()
        if day is None:
            raise ValidationError(
                tr("Bitte geben Sie das Datum der neuen Veranstaltung an."), field="starts_at"
            )
        moment = parse_time_de(self.start_time.text(), field="starts_time")
        title = self.title.text().strip()
        if not title:
            raise ValidationError(tr("Bitte geben Sie einen Titel ein."), field="title")
        return CopyRequest(datetime.combine(day, moment, OFFICE_TIME_ZONE), title)

    def take(self) -> None:
        self.feedback.clear_errors()
        try:
            self.request = self.values()
        except ValidationError as exc:
            self.feedback.show_error(exc)
            return
        self.accept()

    @classmethod
    def ask(
        cls, parent: QWidget | None, services: Services, source: EventDetail
    ) -> CopyRequest | None:
        """Open the dialog modally; the new start and title, or None. Tests replace this."""
        dialog = cls(services, source, parent)
        dialog.exec()
        request = dialog.request
        dialog.deleteLater()
        return request


__all__ = ["CopyDialog", "CopyRequest"]
