"""What the tabs Einladungen und Anmeldungen, Bedarfe and Teilnahme share: their questions (a
class of classmethods tests replace), a notice line that a screen reader announces, the status
words and the counts line, and a few widget makers."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from datetime import date

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QWidget,
)

from beratung.domain.cancel import CancelToken
from beratung.domain.enums import RegistrationStatus
from beratung.domain.rules.dates import format_date_de
from beratung.gui.feedback import repolish
from beratung.gui.style import (
    scaled,
)
from beratung.services.events.snapshots import BulkOutcome, RegistrationRow, StatusCounts


def tr(text: str) -> str:
    return QCoreApplication.translate("EventRegistrations", text)


def announce(widget: QWidget, text: str) -> None:
    """Have a screen reader say ``text`` now (Qt's accessibility announcement), as the
    confirmation at the check-in and the outcome of an action."""
    if not text:
        return
    event = QAccessibleAnnouncementEvent(widget, text)
    QAccessible.updateAccessibility(event)


class EventDialogs:
    """The modal questions of the registration tabs; tests replace these classmethods."""

    @classmethod
    def confirm(cls, parent: QWidget | None, text: str, informative: str, ok_text: str) -> bool:
        """A question with a named OK button; "Abbrechen" is the default and Esc."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(tr("Beratung"))
        box.setText(text)
        box.setAccessibleName(text)
        if informative:
            box.setInformativeText(informative)
        ok = box.addButton(ok_text, QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        return box.clickedButton() is ok


class Notice(QFrame):
    """One line (or a few) saying what the last action did: kept on screen until the next one,
    selectable, and announced to a screen reader. ``tone`` (ok, warning, error, info) colours
    the frame; the words carry the meaning."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setProperty("role", "notice")
        self.setProperty("tone", "info")
        self.setAccessibleName(tr("Meldung"))
        self.label = QLabel()
        self.label.setObjectName("noticeText")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = QPushButton(tr("Ausblenden"))
        self.close_button.setObjectName("noticeClose")
        self.close_button.setAccessibleName(tr("Meldung ausblenden"))
        self.close_button.setFlat(True)
        self.close_button.clicked.connect(self.clear)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 8, 8)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_text(self, text: str, tone: str = "info") -> None:
        self.label.setText(text)
        self.label.setAccessibleName(text)
        self.setAccessibleDescription(text)
        if self.property("tone") != tone:
            self.setProperty("tone", tone)
            repolish(self)
            repolish(self.label)
        self.show()
        announce(self, text)

    def text(self) -> str:
        return "" if self.isHidden() else self.label.text()

    def clear(self) -> None:
        self.label.clear()
        self.setAccessibleDescription("")
        self.hide()


class WorkInProgress(QFrame):
    """A long step running on the worker thread (hundreds of rows): what runs, a busy bar and
    "Abbrechen". Why a cancel at all: a bulk step over a list of 2,000 takes seconds, and the
    advisor who chose the wrong status should not have to wait and then undo it. The step is one
    transaction, so cancelling changes nothing (``domain/cancel.py``)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setProperty("role", "notice")
        self.setProperty("tone", "info")
        self.setAccessibleName(tr("Vorgang läuft"))
        self.token: CancelToken | None = None
        self.label = QLabel()
        self.label.setObjectName("workText")
        self.bar = QProgressBar()
        self.bar.setObjectName("workBar")
        self.bar.setAccessibleName(tr("Fortschritt"))
        self.bar.setRange(0, 0)  # the service does not report steps: a busy bar
        self.bar.setTextVisible(False)
        self.bar.setFixedWidth(scaled(160))
        # No mnemonic: every letter of "Abbrechen" is taken on the page; Escape cancels.
        self.cancel_button = QPushButton(tr("Abbrechen"))
        self.cancel_button.setObjectName("workCancel")
        self.cancel_button.setAccessibleName(tr("Vorgang abbrechen"))
        self.cancel_button.setToolTip(tr("Bricht ab, ohne etwas zu ändern (Esc)"))
        self.cancel_button.clicked.connect(self.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 8, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.hide()

    def start(self, text: str) -> CancelToken:
        """Show the row and hand out the token the operation runs under."""
        self.token = CancelToken()
        self.label.setText(text)
        self.cancel_button.setEnabled(True)
        self.show()
        announce(self, text)
        return self.token

    def cancel(self) -> None:
        if self.token is not None and not self.token.cancelled:
            self.token.cancel()
            self.cancel_button.setEnabled(False)
            self.label.setText(tr("Wird abgebrochen …"))

    @property
    def running(self) -> bool:
        return self.token is not None

    def finish(self) -> None:
        self.token = None
        self.hide()


def line_edit(name: str, accessible: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    """A label with a mnemonic that moves the focus to ``buddy``."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def button(name: str, text: str, accessible: str | None = None, tooltip: str = "") -> QPushButton:
    widget = QPushButton(text)
    widget.setObjectName(name)
    widget.setAccessibleName(accessible or text.replace("&", "").replace(" …", ""))
    if tooltip:
        widget.setToolTip(tooltip)
    return widget


def tab_chain(widgets: Sequence[QWidget]) -> None:
    """Tab order in the order given (the visual order: left to right, top to bottom)."""
    for first, second in itertools.pairwise(widgets):
        QWidget.setTabOrder(first, second)


def separator() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Plain)
    line.setProperty("role", "separator")
    return line


# -------------------------------------------------------------------------------- words


#: The statuses in the order the filter and the counts line show them.
STATUS_ORDER: tuple[RegistrationStatus, ...] = (
    RegistrationStatus.INVITED,
    RegistrationStatus.REGISTERED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.DECLINED,
    RegistrationStatus.ATTENDED,
    RegistrationStatus.NO_SHOW,
)


def counts_text(counts: StatusCounts) -> str:
    """ "102 eingeladen · 60 angemeldet · 3 Warteliste …": everybody invited (the whole list),
    then each status that occurs."""
    parts = [tr("{n} eingeladen").format(n=counts.total)]
    words = {
        RegistrationStatus.REGISTERED: tr("{n} angemeldet"),
        RegistrationStatus.WAITLISTED: tr("{n} Warteliste"),
        RegistrationStatus.DECLINED: tr("{n} abgesagt"),
        RegistrationStatus.INVITED: tr("{n} noch ohne Antwort"),
        RegistrationStatus.ATTENDED: tr("{n} teilgenommen"),
        RegistrationStatus.NO_SHOW: tr("{n} nicht erschienen"),
    }
    order = (
        RegistrationStatus.REGISTERED,
        RegistrationStatus.WAITLISTED,
        RegistrationStatus.DECLINED,
        RegistrationStatus.INVITED,
        RegistrationStatus.ATTENDED,
        RegistrationStatus.NO_SHOW,
    )
    always = {RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED}
    for status in order:
        count = counts.of(status)
        if count or status in always:
            parts.append(words[status].format(n=count))
    return " · ".join(parts)


def places_text(taken: int, capacity: int | None) -> str:
    if capacity is None:
        return tr("{taken} Plätze vergeben (ohne Obergrenze)").format(taken=taken)
    free = max(0, capacity - taken)
    return tr("{taken} von {capacity} Plätzen vergeben, {free} frei").format(
        taken=taken, capacity=capacity, free=free
    )


def names(rows: Iterable[RegistrationRow]) -> str:
    return ", ".join(row.name for row in rows)


def bulk_text(action: str, outcome: BulkOutcome) -> str:
    """What a bulk action did: changed, unchanged, who moved up (to be told), the notes."""
    parts = [
        tr("{action}: {changed} geändert, {unchanged} unverändert.").format(
            action=action, changed=outcome.changed, unchanged=outcome.unchanged
        )
    ]
    if outcome.promoted:
        parts.append(
            tr("Von der Warteliste nachgerückt (noch zu benachrichtigen): {names}.").format(
                names=names(outcome.promoted)
            )
        )
    parts.extend(outcome.notes)
    return " ".join(parts)


def outcome_text(head: str, notes: Sequence[str], promoted: Sequence[RegistrationRow]) -> str:
    """One action on one registration: what happened, the service's notes (late, waiting list
    place N, who moved up)."""
    parts = [head, *notes]
    moved = names(promoted)
    if moved and not any(moved in note for note in notes):
        parts.append(
            tr("Von der Warteliste nachgerückt (noch zu benachrichtigen): {names}.").format(
                names=moved
            )
        )
    return " ".join(part for part in parts if part)


def late_text(deadline: date | None, today: date) -> str:
    """The warning before registering after the deadline: it is allowed (the service notes it
    in the history), but the advisor should know before she says yes."""
    if deadline is None or today <= deadline:
        return ""
    return tr(
        "Der Anmeldeschluss war am {day}. Anmeldungen werden trotzdem angenommen und als "
        "verspätet vermerkt."
    ).format(day=format_date_de(deadline))


def date_text(value: date | None) -> str:
    return format_date_de(value) if value else ""


__all__ = [
    "STATUS_ORDER",
    "EventDialogs",
    "Notice",
    "WorkInProgress",
    "announce",
    "buddy_label",
    "bulk_text",
    "button",
    "counts_text",
    "date_text",
    "late_text",
    "line_edit",
    "names",
    "outcome_text",
    "places_text",
    "separator",
    "tab_chain",
    "tr",
]
