"""Choosing a person from the contacts, and the role (affiliation) to invite or register them in:
a search field that hands ↑/↓ to its result list, and a combo of the person's current roles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from beratung.gui.events.registration_common import tr
from beratung.services.contacts import ContactFilter, PersonRow

if TYPE_CHECKING:
    from beratung.services.contacts import ContactService

#: How many matches the picker lists (type more to narrow them).
LIMIT = 50
#: Debounce of the search (ms).
SEARCH_DELAY = 150


class ForwardingSearch(QLineEdit):
    """A search field whose ↑/↓/Bild↑/Bild↓ move in a list, so typing and picking stay in one
    place (the list keeps its own focus stop too)."""

    def __init__(self, target: QAbstractItemView | None = None) -> None:
        super().__init__()
        self.target = target

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.target is not None and event.key() in (
            Qt.Key.Key_Up,
            Qt.Key.Key_Down,
            Qt.Key.Key_PageUp,
            Qt.Key.Key_PageDown,
        ):
            self.target.keyPressEvent(event)
            return
        super().keyPressEvent(event)


class PersonPicker(QWidget):
    """Type a name, organisation or town; the matches appear below (Enter or a double click
    emits :attr:`activated`)."""

    #: The chosen person changed (``0``: none).
    person_changed = Signal(int)
    #: Enter in the search field or on a match.
    activated = Signal(int)

    def __init__(self, contacts: ContactService, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.contacts = contacts
        self.setObjectName(name)
        self.results = QListWidget()
        self.results.setObjectName(f"{name}Results")
        self.results.setAccessibleName(tr("Gefundene Personen"))
        self.results.setMinimumHeight(120)
        self.search = ForwardingSearch(self.results)
        self.search.setObjectName(f"{name}Search")
        self.search.setAccessibleName(tr("Person suchen"))
        self.search.setPlaceholderText(tr("Name, Organisation oder Ort, z. B. Müller Ulm"))
        self.search.setClearButtonEnabled(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.search)
        layout.addWidget(self.results, 1)
        self.setFocusProxy(self.search)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY)
        self._timer.timeout.connect(self.update_results)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self._enter)
        self.results.currentRowChanged.connect(self._current_changed)
        self.results.itemActivated.connect(lambda _i: self._enter())

    def _current_changed(self, _row: int) -> None:
        self.person_changed.emit(self.person_id())

    def update_results(self) -> None:
        self._timer.stop()
        text = self.search.text().strip()
        self.results.clear()
        if text:
            rows = self.contacts.list_persons(ContactFilter(search=text), offset=0, limit=LIMIT)
            for row in rows:
                item = QListWidgetItem(self.row_text(row))
                item.setData(Qt.ItemDataRole.UserRole, row.id)
                self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)
        else:
            self.person_changed.emit(0)

    @staticmethod
    def row_text(row: PersonRow) -> str:
        where = " – ".join(p for p in (row.organisation, row.role) if p)
        town = f" ({row.town})" if row.town and row.town not in (row.organisation or "") else ""
        return f"{row.display_name}, {where}{town}" if where else f"{row.display_name}{town}"

    def flush(self) -> None:
        """Run a search still waiting for its debounce (before reading the choice)."""
        if self._timer.isActive():
            self.update_results()

    def person_id(self) -> int:
        item = self.results.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else 0

    def person_text(self) -> str:
        item = self.results.currentItem()
        return item.text() if item is not None else ""

    def _enter(self) -> None:
        self.flush()
        ident = self.person_id()
        if ident:
            self.activated.emit(ident)


class RoleCombo(QComboBox):
    """The roles (current affiliations) of one person; the first entry is the role letters go
    to by default (``None``)."""

    def __init__(self, contacts: ContactService, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.contacts = contacts
        self.setObjectName(name)
        self.setAccessibleName(tr("Funktion, in der die Person kommt"))
        self.setToolTip(tr("Die Anschrift dieser Funktion steht auf dem Einladungsschreiben."))
        self.set_person(0)

    def set_person(self, person_id: int, *, current: int | None = None) -> None:
        """Fill with the person's roles; ``current``: the role to select (kept even if ended)."""
        self.clear()
        if not person_id:
            self.addItem(tr("(erst eine Person wählen)"), None)
            self.setEnabled(False)
            return
        detail = self.contacts.get_person(person_id)
        roles = [a for a in detail.affiliations if a.is_current or a.id == current]
        roles.sort(key=lambda a: (not a.is_primary, a.organisation_name.casefold()))
        if not roles:
            self.addItem(tr("(keine Funktion: Anschrift der Person)"), None)
        elif current is None:
            self.addItem(tr("Hauptfunktion (wie auf Briefen)"), None)
        for role in roles:
            text = " – ".join(p for p in (role.organisation_name, role.role) if p)
            if not role.is_current:
                text = tr("{role} (beendet)").format(role=text)
            self.addItem(text, role.id)
        if current is not None:
            self.setCurrentIndex(max(0, self.findData(current)))
        self.setEnabled(True)

    def affiliation_id(self) -> int | None:
        value = self.currentData()
        return int(value) if value is not None else None


class OrganisationPicker(QWidget):
    """Type a name or town; the matching organisations appear below (optional choice)."""

    def __init__(self, contacts: ContactService, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.contacts = contacts
        self.setObjectName(name)
        self.results = QListWidget()
        self.results.setObjectName(f"{name}Results")
        self.results.setAccessibleName(tr("Gefundene Organisationen"))
        self.results.setFixedHeight(96)
        self.search = ForwardingSearch(self.results)
        self.search.setObjectName(f"{name}Search")
        self.search.setAccessibleName(tr("Organisation suchen"))
        self.search.setPlaceholderText(tr("z. B. Stadt Ulm (leer lassen: ohne Organisation)"))
        self.search.setClearButtonEnabled(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.search)
        layout.addWidget(self.results)
        self.setFocusProxy(self.search)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY)
        self._timer.timeout.connect(self.update_results)
        self.search.textChanged.connect(lambda _t: self._timer.start())

    def update_results(self) -> None:
        self._timer.stop()
        text = self.search.text().strip()
        self.results.clear()
        if text:
            rows = self.contacts.list_organisations(
                ContactFilter(search=text), offset=0, limit=LIMIT
            )
            for row in rows:
                shown = f"{row.name} ({row.town})" if row.town else row.name
                item = QListWidgetItem(shown)
                item.setData(Qt.ItemDataRole.UserRole, row.id)
                self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)

    def organisation_id(self) -> int | None:
        """The chosen organisation, or ``None`` (nothing typed: a person without one)."""
        if self._timer.isActive():
            self.update_results()
        if not self.search.text().strip():
            return None
        item = self.results.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None


__all__ = ["ForwardingSearch", "OrganisationPicker", "PersonPicker", "RoleCombo"]
