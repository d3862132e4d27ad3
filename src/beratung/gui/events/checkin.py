"""The event view's tab "Teilnahme": the check-in at the door.

One search field, focused: type a name (the matches appear below, ↓/↑ choose) or type or scan
the registration code from the badge — a barcode scanner types the code and Enter, and the code
checks in at once. Enter marks the chosen person as there; the confirmation ("Anna Müller ist
da – 41 von 60 anwesend") is shown large and announced to a screen reader, and the field is
ready for the next person. "Ohne Anmeldung …" puts someone on the list who came anyway;
afterwards "Alle übrigen als nicht erschienen …" closes the list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QListView,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.enums import RegistrationStatus
from beratung.domain.errors import UserError
from beratung.domain.rules.dates import OFFICE_TIME_ZONE, format_date_de
from beratung.domain.rules.registrations import normalise_code
from beratung.gui.events.base import EventTab
from beratung.gui.events.person_picker import ForwardingSearch
from beratung.gui.events.registration_common import (
    EventDialogs,
    Notice,
    announce,
    buddy_label,
    button,
    names,
    tab_chain,
    tr,
)
from beratung.gui.events.registration_models import CheckInMatchModel
from beratung.gui.events.walk_in_dialog import WalkInDialog
from beratung.gui.feedback import repolish
from beratung.gui.flow import FlowLayout
from beratung.gui.style import (
    light_grid,
    relative_font,
)
from beratung.services.events.snapshots import CheckInMatch, EventDetail, StatusCounts

if TYPE_CHECKING:
    from beratung.services import Services

#: Debounce of the type-ahead (ms); Enter never waits for it.
SEARCH_DELAY = 120


def check_in_style() -> str:
    """The check-in's large type, relative to the application font (grows with it); the
    confirmation's colours are the theme's (``gui/style.py``)."""
    return f"""
QLineEdit#checkInSearch {{
    font-size: {relative_font(1.6)};
    padding: 6px 8px;
}}
QListView#checkInMatches {{
    font-size: {relative_font(1.2)};
}}
QLabel#checkInCount {{
    font-size: {relative_font(1.6)};
    font-weight: 600;
}}
QFrame#checkInConfirmation QLabel {{
    font-size: {relative_font(2.0)};
    font-weight: 600;
}}
"""


def present_text(counts: StatusCounts) -> str:
    """ "41 von 60 anwesend": who is in, of those expected (registered or already in)."""
    expected = counts.registered + counts.attended
    return tr("{present} von {expected} anwesend").format(
        present=counts.attended, expected=expected
    )


class CheckInTab(EventTab):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.setObjectName("checkInTab")
        light_grid(self)
        self.setStyleSheet(check_in_style())
        self.model = CheckInMatchModel(self)
        #: The text the shown matches were found for.
        self._matched = ""
        self.counts = StatusCounts()
        self._build()
        self.set_event(None)

    def tab_title(self) -> str:
        return self.tr("Teilnahme")

    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(16, 12, 16, 12)
        root.setSpacing(10)

        self.day_label = QLabel()
        self.day_label.setObjectName("checkInDay")
        self.day_label.setProperty("role", "sectionTitle")
        self.count_label = QLabel()
        self.count_label.setObjectName("checkInCount")
        # rows that wrap at 200 % text rather than widen the page (WCAG 1.4.10)
        top = FlowLayout()
        top.add_widget(self.day_label, 1)
        top.addWidget(self.count_label)
        root.addLayout(top)

        self.matches = QListView()
        self.matches.setObjectName("checkInMatches")
        self.matches.setAccessibleName(tr("Treffer"))
        self.matches.setModel(self.model)
        self.matches.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.matches.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.matches.setUniformItemSizes(True)
        self.matches.activated.connect(lambda _i: self.check_in_current())
        self.search = ForwardingSearch(self.matches)
        self.search.setObjectName("checkInSearch")
        self.search.setAccessibleName(tr("Name oder Code"))
        self.search.setAccessibleDescription(
            tr(
                "Namen tippen oder den Code vom Namensschild scannen; Eingabe vermerkt die "
                "gewählte Person als anwesend."
            )
        )
        self.search.setPlaceholderText(tr("Name tippen oder Code scannen, dann Eingabe"))
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.enter)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY)
        self._timer.timeout.connect(self.update_matches)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.check_in_button = button(
            "checkInButton",
            tr("Als an&wesend markieren"),
            tooltip=tr("Die gewählte Person ist da (Eingabe)"),
        )
        self.check_in_button.clicked.connect(self.check_in_current)
        search_row = FlowLayout()
        search_row.add_widget(buddy_label(tr("Name oder &Code:"), self.search), keep_with_next=True)
        search_row.add_widget(self.search, 1)
        search_row.addWidget(self.check_in_button)
        root.addLayout(search_row)
        root.addWidget(buddy_label(tr("Tre&ffer:"), self.matches))
        root.addWidget(self.matches, 1)

        self.confirmation = QFrame()
        self.confirmation.setObjectName("checkInConfirmation")
        self.confirmation.setProperty("tone", "ok")
        self.confirmation.setAccessibleName(tr("Bestätigung"))
        self.confirmation_label = QLabel()
        self.confirmation_label.setObjectName("checkInConfirmationText")
        self.confirmation_label.setWordWrap(True)
        self.confirmation_label.setTextFormat(Qt.TextFormat.PlainText)
        self.confirmation_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        confirmation_layout = QVBoxLayout(self.confirmation)
        confirmation_layout.setContentsMargins(16, 12, 16, 12)
        confirmation_layout.addWidget(self.confirmation_label)
        self.confirmation.hide()
        root.addWidget(self.confirmation)

        self.walk_in_button = button(
            "walkInButton",
            tr("Ohne Anmeldun&g …"),
            tooltip=tr("Jemand ist ohne Anmeldung gekommen: wählen oder neu anlegen"),
        )
        self.walk_in_button.clicked.connect(self.walk_in)
        self.no_show_button = button(
            "remainingNoShow",
            tr("Alle übrigen als nicht e&rschienen …"),
            tooltip=tr("Nach der Veranstaltung: wer angemeldet war und nicht kam (fragt vorher)"),
        )
        self.no_show_button.clicked.connect(self.mark_remaining_no_show)
        bottom = FlowLayout()
        bottom.addWidget(self.walk_in_button)
        bottom.addStretch(1)
        bottom.addWidget(self.no_show_button)
        root.addLayout(bottom)
        self.notice = Notice("checkInNotice")
        root.addWidget(self.notice)
        self.setFocusProxy(self.search)
        order: list[QWidget] = [
            self.search,
            self.check_in_button,
            self.matches,
            self.walk_in_button,
            self.no_show_button,
            self.notice.close_button,
        ]
        tab_chain(order)

    # ---------------------------------------------------------------- loading

    def set_event(self, detail: EventDetail | None) -> None:
        same = detail is not None and self.detail is not None and detail.id == self.detail.id
        super().set_event(detail)
        for widget in (
            self.search,
            self.matches,
            self.check_in_button,
            self.walk_in_button,
            self.no_show_button,
        ):
            widget.setEnabled(detail is not None)
        if not same:
            self.search.clear()
            self.model.set_matches([])
            self.confirmation.hide()
            self.notice.clear()
        if detail is None:
            self.day_label.setText(tr("Bitte wählen Sie eine Veranstaltung."))
            self.count_label.clear()
            return
        day = detail.starts_at.astimezone(OFFICE_TIME_ZONE).date()
        self.day_label.setText(tr("Teilnahme am {day}").format(day=format_date_de(day, "weekday")))
        self._show_counts(detail.counts)
        if self.isVisible():
            self.search.setFocus()

    def _show_counts(self, counts: StatusCounts) -> None:
        self.counts = counts
        text = present_text(counts)
        self.count_label.setText(text)
        self.count_label.setAccessibleName(text)

    def _refresh_counts(self) -> None:
        if self.detail is not None:
            self._show_counts(self.services.events.get_event(self.detail.id).counts)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.search.isEnabled():
            self.search.setFocus()

    # ---------------------------------------------------------------- searching

    def update_matches(self) -> None:
        self._timer.stop()
        if self.detail is None:
            return
        text = self.search.text().strip()
        found = self.services.events.find_check_in_matches(self.detail.id, text) if text else []
        self._matched = text
        self.model.set_matches(found)
        if found:
            self.matches.setCurrentIndex(self.model.index(0, 0))

    def current_match(self) -> CheckInMatch | None:
        index = self.matches.currentIndex()
        return self.model.match_at(index.row()) if index.isValid() else None

    def enter(self) -> None:
        """Enter in the search field: a code checks in at once, else the chosen match."""
        text = self.search.text().strip()
        if self.detail is None or not text:
            return
        if self._timer.isActive() or text != self._matched:
            self.update_matches()  # never act on the matches of what was typed before
        found = self.model.matches()
        code = normalise_code(text)
        by_code = [match for match in found if match.code == code]
        if by_code:
            self.check_in(by_code[0])
            return
        current = self.current_match()
        if current is None:
            self.confirm(
                tr("Niemand gefunden zu „{text}“. Tippfehler? Oder „Ohne Anmeldung …“.").format(
                    text=text
                ),
                "error",
            )
            self.search.selectAll()
            return
        self.check_in(current)

    def check_in_current(self) -> None:
        match = self.current_match()
        if match is not None:
            self.check_in(match)

    # ---------------------------------------------------------------- checking in

    def check_in(self, match: CheckInMatch) -> None:
        if self.detail is None:
            return
        if match.status is RegistrationStatus.ATTENDED:
            self.confirm(
                tr("{name} ist schon da – {present}").format(
                    name=match.name, present=present_text(self.counts)
                ),
                "warning",
            )
            self._ready()
            return
        try:
            outcome = self.services.events.check_in_registration(match.registration_id)
        except UserError as exc:
            self.confirm(exc.message, "error")
            return
        self._refresh_counts()
        text = tr("{name} ist da – {present}").format(
            name=outcome.registration.name, present=present_text(self.counts)
        )
        if match.status is not RegistrationStatus.REGISTERED:
            text += " " + tr("(war: {status})").format(status=match.status_label)
        if outcome.promoted:
            text += " " + tr("Nachgerückt: {names}.").format(names=names(outcome.promoted))
        self.confirm(text, "ok")
        self._ready()
        self.changed.emit()

    def _ready(self) -> None:
        """The field empty and focused for the next person."""
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._timer.stop()
        self._matched = ""
        self.model.set_matches([])
        self.search.setFocus()

    def confirm(self, text: str, tone: str) -> None:
        """Show ``text`` large and have a screen reader say it."""
        self.confirmation_label.setText(text)
        self.confirmation_label.setAccessibleName(text)
        self.confirmation.setAccessibleDescription(text)
        if self.confirmation.property("tone") != tone:
            self.confirmation.setProperty("tone", tone)
            repolish(self.confirmation)
            repolish(self.confirmation_label)
        self.confirmation.show()
        announce(self.search, text)

    def confirmation_text(self) -> str:
        return "" if self.confirmation.isHidden() else self.confirmation_label.text()

    # ---------------------------------------------------------------- walk-ins and the end

    def walk_in(self) -> None:
        if self.detail is None:
            return
        outcome = WalkInDialog.run(self, self.services, self.detail.id)
        if outcome is None:
            self.search.setFocus()
            return
        self._refresh_counts()
        self.confirm(
            tr("{name} ist da (ohne Anmeldung) – {present}").format(
                name=outcome.registration.name, present=present_text(self.counts)
            ),
            "ok",
        )
        self._ready()
        self.changed.emit()

    def mark_remaining_no_show(self) -> None:
        if self.detail is None:
            return
        waiting = self.counts.registered
        if not EventDialogs.confirm(
            self,
            tr("Alle übrigen als nicht erschienen vermerken?"),
            tr(
                "{n} Angemeldete sind nicht als anwesend vermerkt. Sie werden als „nicht "
                "erschienen“ eingetragen. Das ist für die Zeit nach der Veranstaltung gedacht; "
                "einzelne lassen sich danach auf der Liste berichtigen."
            ).format(n=waiting),
            tr("Als nicht erschienen vermerken"),
        ):
            return
        try:
            count = self.services.events.mark_remaining_no_show(self.detail.id)
        except UserError as exc:
            self.notice.show_text(exc.message, "error")
            return
        self._refresh_counts()
        self.notice.show_text(
            tr("{n} Angemeldete als nicht erschienen vermerkt.").format(n=count), "ok"
        )
        self.changed.emit()


__all__ = ["CheckInTab", "check_in_style", "present_text"]
