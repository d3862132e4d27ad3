"""Input fields for German dates and due dates: the parsed value is shown beside the text, and a
wrong input shows the German error at the field — never a guess."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from beratung.domain.errors import ValidationError
from beratung.domain.rules.dates import format_date_de, parse_date_de, relative_due_date
from beratung.gui.style import ALERT, MUTED

Parser = Callable[[str, date], date]


def past_date(text: str, today: date) -> date:
    """A consultation date: "Montag" and "25.10." mean the most recent such day."""
    return parse_date_de(text, today, prefer="past")


def future_date(text: str, today: date) -> date:
    return parse_date_de(text, today, prefer="future")


def due_date(text: str, today: date) -> date:
    """A follow-up: "in 2 Wochen", "nächsten Monat", "Freitag", "25.10.2017"."""
    return relative_due_date(text, today)


class DateField(QWidget):
    """A line edit for German date input with the understood date (or the error) beside it.

    ``value()`` is the date, ``None`` for an empty field, and raises the German
    :class:`ValidationError` for text that is not a date. ``error()`` is that message or "".
    """

    changed = Signal()

    def __init__(
        self,
        today: Callable[[], date],
        parser: Parser = past_date,
        *,
        placeholder: str = "",
        accessible_name: str = "",
        feedback: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._parser = parser
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.edit.setAccessibleName(accessible_name)
        self.edit.setClearButtonEnabled(False)
        self.feedback = QLabel()
        self.feedback.setObjectName("dateFeedback")
        self.feedback.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.feedback.setWordWrap(True)
        layout.addWidget(self.edit, 0)
        if feedback:
            layout.addWidget(self.feedback, 1)
        else:
            self.feedback.hide()
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._update)

    # ----------------------------------------------------------------- API
    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:
        self.edit.setText(text)

    def set_date(self, day: date | None) -> None:
        self.edit.setText(format_date_de(day) if day else "")

    def value(self) -> date | None:
        text = self.edit.text().strip()
        if not text:
            return None
        return self._parser(text, self._today())

    def error(self) -> str:
        try:
            self.value()
        except ValidationError as exc:
            return exc.message
        return ""

    def show_error(self, message: str) -> None:
        """Show a message at the field (also used for errors the service reports)."""
        self.feedback.setText(message)
        self.feedback.setStyleSheet(f"color: {ALERT};")
        self.feedback.setAccessibleName(message)
        self.edit.setProperty("invalid", True)
        self.edit.setStyleSheet(f"border: 1px solid {ALERT}; border-radius: 3px; padding: 2px;")

    # ----------------------------------------------------------------- internals
    def _update(self) -> None:
        try:
            day = self.value()
        except ValidationError as exc:
            self.show_error(exc.message)
        else:
            text = format_date_de(day, "weekday") if day else ""
            self.feedback.setText(text)
            self.feedback.setStyleSheet(f"color: {MUTED};")
            self.feedback.setAccessibleName(text)
            self.edit.setProperty("invalid", False)
            self.edit.setStyleSheet("")
        self.changed.emit()
