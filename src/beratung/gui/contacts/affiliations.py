"""The "Funktionen und Verteiler" tab of the person form: a person's roles at organisations and
the distribution lists she is on.

Why apart from the master data: every change here is one service call that saves at once and
returns the new person detail (add, make primary, end, remove a role; join or leave a list),
while the master data waits for Speichern. So the tab refuses to change anything while the
master data holds unsaved edits (``may_change``), and hands the new detail to the form
(``changed``), which shows it like a saved record.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QPushButton, QVBoxLayout, QWidget

from beratung.gui.contacts.common import ContactDialogs, section, table_view, tr
from beratung.gui.contacts.detail_form import combo
from beratung.gui.contacts.models import Column, ListTableModel
from beratung.gui.contacts.pickers import AffiliationDialog, date_text
from beratung.gui.operations import run_operation
from beratung.services.contacts import AffiliationSnapshot, PersonDetail

if TYPE_CHECKING:
    from beratung.services.contacts import ContactService


def affiliation_columns() -> list[Column[AffiliationSnapshot]]:
    return [
        Column(tr("Organisation"), lambda a: a.organisation_name),
        Column(tr("Funktion"), lambda a: a.role),
        Column(tr("von"), lambda a: date_text(a.valid_from)),
        Column(tr("bis"), lambda a: date_text(a.valid_to)),
        Column(tr("Haupt"), lambda a: "✓" if a.is_primary else ""),
    ]


class RolesTab(QWidget):
    """Roles and lists of the person shown; ``changed(PersonDetail)`` after each change."""

    changed = Signal(object)  # PersonDetail

    def __init__(
        self,
        contacts: ContactService,
        may_change: Callable[[], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.contacts = contacts
        self.may_change = may_change
        self.detail: PersonDetail | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 10, 8, 10)
        layout.addWidget(section(tr("Funktionen")))
        self.affiliations: ListTableModel[AffiliationSnapshot] = ListTableModel(
            affiliation_columns(), self
        )
        self.affiliation_view = table_view("affiliations", tr("Funktionen"), self.affiliations)
        self.affiliation_view.setMinimumHeight(140)
        layout.addWidget(self.affiliation_view)
        buttons = QHBoxLayout()
        self.add_affiliation_button = QPushButton(tr("Hinzufü&gen …"))
        self.primary_button = QPushButton(tr("Als Hauptfun&ktion"))
        self.end_button = QPushButton(tr("B&eenden"))
        self.end_button.setToolTip(tr("Die Funktion endet heute; sie bleibt im Verlauf sichtbar."))
        self.remove_affiliation_button = QPushButton(tr("Entfe&rnen"))
        for button in (
            self.add_affiliation_button,
            self.primary_button,
            self.end_button,
            self.remove_affiliation_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.add_affiliation_button.clicked.connect(self.add_affiliation)
        self.primary_button.clicked.connect(
            lambda: self._affiliation_call(self.contacts.set_primary_affiliation)
        )
        self.end_button.clicked.connect(
            lambda: self._affiliation_call(self.contacts.end_affiliation)
        )
        self.remove_affiliation_button.clicked.connect(self.remove_affiliation)

        layout.addSpacing(8)
        layout.addWidget(section(tr("Verteiler")))
        self.list_view = QListWidget()
        self.list_view.setObjectName("personLists")
        self.list_view.setAccessibleName(tr("Verteiler der Person"))
        self.list_view.setMaximumHeight(110)
        layout.addWidget(self.list_view)
        row = QHBoxLayout()
        self.list_choice = combo("listChoice", tr("Verteiler zum Hinzufügen"))
        self.add_to_list_button = QPushButton(tr("Aufneh&men"))
        self.remove_from_list_button = QPushButton(tr("Ent&fernen"))
        self.remove_from_list_button.setToolTip(tr("Aus dem gewählten Verteiler entfernen"))
        row.addWidget(self.list_choice, 1)
        row.addWidget(self.add_to_list_button)
        row.addWidget(self.remove_from_list_button)
        layout.addLayout(row)
        self.add_to_list_button.clicked.connect(self.add_to_list)
        self.remove_from_list_button.clicked.connect(self.remove_from_list)
        layout.addStretch(1)

    # ---------------------------------------------------------------- showing

    def fill(self, detail: PersonDetail | None) -> None:
        """Show the roles and lists of ``detail``; nothing to change for a new person."""
        self.detail = detail
        self.affiliations.set_rows(detail.affiliations if detail else ())
        self.affiliation_view.resizeColumnsToContents()
        self.list_view.clear()
        for ref in detail.lists if detail else ():
            self.list_view.addItem(ref.name)
            self.list_view.item(self.list_view.count() - 1).setData(
                Qt.ItemDataRole.UserRole, ref.id
            )
        self._fill_list_choice(detail)
        for widget in (
            self.add_affiliation_button,
            self.primary_button,
            self.end_button,
            self.remove_affiliation_button,
            self.list_choice,
            self.add_to_list_button,
            self.remove_from_list_button,
        ):
            widget.setEnabled(detail is not None)

    def _fill_list_choice(self, detail: PersonDetail | None) -> None:
        self.list_choice.clear()
        if detail is None:
            return
        member_of = {ref.id for ref in detail.lists}
        for row in self.contacts.list_distribution_lists():
            if row.id not in member_of:
                self.list_choice.addItem(row.name, row.id)

    # ---------------------------------------------------------------- changing

    def _run(self, call: Callable[[], PersonDetail]) -> None:
        """Run a change that returns the new detail; refused while the form has unsaved edits."""
        if not self.may_change():
            return
        run_operation(self, call, self.changed.emit)

    def selected_affiliation(self) -> AffiliationSnapshot | None:
        index = self.affiliation_view.currentIndex()
        return self.affiliations.row_at(index.row()) if index.isValid() else None

    def add_affiliation(self) -> None:
        if self.detail is None:
            return
        data = AffiliationDialog.ask(self, self.contacts)
        if data is not None:
            ident, contacts = self.detail.id, self.contacts
            self._run(lambda: contacts.add_affiliation(ident, data))

    def _affiliation_call(self, fn: Callable[[int], PersonDetail]) -> None:
        aff = self.selected_affiliation()
        if aff is not None:
            self._run(lambda: fn(aff.id))

    def remove_affiliation(self) -> None:
        aff = self.selected_affiliation()
        if aff is None:
            return
        if ContactDialogs.confirm(
            self,
            tr("Funktion „{role}“ bei {organisation} entfernen?").format(
                role=aff.role or "–", organisation=aff.organisation_name
            ),
            tr("Eine beendete Funktion bleibt im Verlauf; „Entfernen“ löscht sie ganz."),
            tr("Entfernen"),
        ):
            contacts = self.contacts
            self._run(lambda: contacts.remove_affiliation(aff.id))

    def add_to_list(self) -> None:
        if self.detail is None or self.list_choice.currentIndex() < 0:
            return
        list_id, person_id = int(self.list_choice.currentData()), self.detail.id
        contacts = self.contacts
        self._run(
            lambda: (
                contacts.add_list_members(list_id, [person_id]),
                contacts.get_person(person_id),
            )[1]
        )

    def remove_from_list(self) -> None:
        item = self.list_view.currentItem()
        if self.detail is None or item is None:
            return
        list_id, person_id = int(item.data(Qt.ItemDataRole.UserRole)), self.detail.id
        contacts = self.contacts
        self._run(
            lambda: (
                contacts.remove_list_members(list_id, [person_id]),
                contacts.get_person(person_id),
            )[1]
        )


__all__ = ["RolesTab", "affiliation_columns"]
