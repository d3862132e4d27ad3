"""Input fields for German dates and due dates: the parsed value is shown beside the text, and a
wrong input shows the German error at the field — never a guess."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from beratung.domain.errors import ValidationError
from beratung.domain.rules.dates import format_date_de, parse_date_de, relative_due_date
from beratung.gui.feedback import FieldMessage

#: ``parser(text, today, field)``: the date, or a ``ValidationError`` naming ``field``.
Parser = Callable[[str, date, str], date]


def past_date(text: str, today: date, field: str) -> date:
    """A consultation date: "Montag" and "25.10." mean the most recent such day."""
    return parse_date_de(text, today, prefer="past", field=field)


def future_date(text: str, today: date, field: str) -> date:
    return parse_date_de(text, today, prefer="future", field=field)


def due_date(text: str, today: date, field: str) -> date:
    """A follow-up: "in 2 Wochen", "nächsten Monat", "Freitag", "25.10.2017"."""
    return relative_due_date(text, today, field=field)


class DateField(QWidget):
    """A line edit for German date input with the understood date (or the error) beside it.

    ``value()`` is the date, ``None`` for an empty field, and raises the German
    :class:`ValidationError` for text that is not a date; its ``field`` is ``field``, the name
    the form registers this field under (the service's spelling, e.g. ``"occurred_at"``).
    ``error()`` is that message or "". ``message`` is the field's
    :class:`~beratung.gui.feedback.FieldMessage`: a form registers it with its
    :class:`~beratung.gui.feedback.FormFeedback`, so an error of the service appears in the
    same place, announced the same way.
    """

    changed = Signal()

    def __init__(
        self,
        today: Callable[[], date],
        parser: Parser = past_date,
        *,
        field: str,
        placeholder: str = "",
        accessible_name: str = "",
        feedback: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._parser = parser
        self.field = field
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
        self.feedback.setProperty("role", "muted")
        layout.addWidget(self.edit, 0)
        if feedback:
            layout.addWidget(self.feedback, 1)
        else:
            self.feedback.hide()
        #: Where the understood date, a wrong input and the service's errors are shown.
        self.message = FieldMessage(
            self.edit, self.feedback if feedback else None, restore=self._show_understood
        )
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
        return self._parser(text, self._today(), self.field)

    def error(self) -> str:
        try:
            self.value()
        except ValidationError as exc:
            return exc.message
        return ""

    def show_error(self, message: str) -> None:
        """Show a message at the field, marked and announced like every field error."""
        self.message.show_error(message)

    # ----------------------------------------------------------------- internals
    def _show_understood(self) -> None:
        """The date understood from the text (with its weekday), or why it is not a date."""
        try:
            day = self.value()
        except ValidationError as exc:
            self.message.show_error(exc.message)
        else:
            self.message.show_note(format_date_de(day, "weekday") if day else "")

    def _update(self) -> None:
        self._show_understood()
        self.changed.emit()
