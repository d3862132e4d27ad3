"""Verteiler: one distribution list with its members (the detail side of the "Verteiler" view),
and its members' address labels (the steps shared with the events' Dokumente tab,
:mod:`beratung.gui.address_labels`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.errors import ConcurrentEditError, ValidationError
from beratung.domain.sheets import SheetNudge
from beratung.gui.address_labels import print_address_labels
from beratung.gui.contacts.common import ContactDialogs, line_edit, muted, section, table_view, tr
from beratung.gui.contacts.models import Column, ListTableModel
from beratung.gui.errors import report_exception
from beratung.gui.events.document_options import LabelOptions, LabelOptionsDialog
from beratung.gui.feedback import FormFeedback
from beratung.gui.flow import FlowLayout
from beratung.gui.operations import run_operation
from beratung.gui.style import scaled
from beratung.services.contacts import DistributionListRow, PersonRow

if TYPE_CHECKING:
    from beratung.services import Services
    from beratung.services.documents import RenderedDocument

T = TypeVar("T")


def list_member_columns() -> list[Column[PersonRow]]:
    return [
        Column(tr("Name"), lambda r: r.sort_name),
        Column(tr("Organisation"), lambda r: r.organisation),
        Column(tr("E-Mail"), lambda r: r.email),
    ]


class ListPanel(QWidget):
    """Name and description of a list, its members, remove members, show them as persons."""

    changed = Signal(object)  # DistributionListRow after a change
    show_members_requested = Signal(int)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("listPanel")
        self.setAccessibleName(tr("Verteiler"))
        self.services = services
        self.contacts = services.contacts
        self.row: DistributionListRow | None = None
        #: Labels are being read or rendered: the button waits (one run at a time).
        self._busy = False
        #: Field errors ("name") and the conflict banner; the panel asks nothing on leaving.
        self.feedback = FormFeedback(self, conflicts=True, tracks_changes=False)
        self.feedback.reload_requested.connect(self.reload)
        self.title_label = QLabel()
        self.title_label.setProperty("role", "sectionTitle")
        self.subtitle_label = muted()
        self.name = line_edit("listName", tr("Name des Verteilers"))
        self.description = line_edit("listDescription", tr("Beschreibung"))
        self.save_button = QPushButton(tr("&Speichern"))
        self.save_button.setObjectName("saveButton")
        self.save_button.clicked.connect(self.save)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.addRow(tr("Na&me"), self.name)
        form.addRow("", self.feedback.register("name", self.name).label)
        form.addRow(tr("Beschreibun&g"), self.description)
        form.addRow("", self.feedback.register("description", self.description).label)
        self.members = ListTableModel(list_member_columns(), self)
        self.member_view = table_view("listMembers", tr("Mitglieder"), self.members)
        self.remove_button = QPushButton(tr("Aus Verteiler ent&fernen"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.show_button = QPushButton(tr("Als Personen anzeig&en"))
        self.show_button.setToolTip(
            tr("Zeigt die Mitglieder in der Personenliste (Filter Verteiler)")
        )
        self.show_button.clicked.connect(
            lambda: self.row is not None and self.show_members_requested.emit(self.row.id)
        )
        # the mnemonic of the Dokumente tab's button; free on the contacts page and in the menus
        self.labels_button = QPushButton(tr("Adresseti&ketten …"))
        self.labels_button.setObjectName("printListLabels")
        self.labels_button.setAccessibleName(tr("Adressetiketten"))
        self.labels_button.setAccessibleDescription(
            tr("Die Anschriften der Mitglieder auf Etikettenbögen, mit Vorschau")
        )
        self.labels_button.setToolTip(
            tr(
                "Anschriften der Mitglieder auf Etikettenbögen; die Verschiebung in mm wird je "
                "Bogen gemerkt."
            )
        )
        self.labels_button.setAutoDefault(False)
        self.labels_button.clicked.connect(self.print_labels)
        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.title_label)
        titles.addWidget(self.subtitle_label)
        header.addLayout(titles, 1)
        header.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)
        buttons = FlowLayout()  # wraps at 200 % text instead of widening the page
        self.button_row = buttons
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.show_button)
        buttons.addStretch(1)
        buttons.addWidget(self.labels_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(header)
        assert self.feedback.banner is not None
        layout.addWidget(self.feedback.banner)
        layout.addLayout(form)
        layout.addWidget(section(tr("Mitglieder")))
        layout.addWidget(self.member_view, 1)
        layout.addLayout(buttons)
        self.load(None)

    def side_by_side_width(self) -> int:
        """The least width with the buttons on one line: beside the contact list the panel
        keeps it (the Kontakte page looks as it did before the row could wrap)."""
        layout = self.layout()
        assert layout is not None
        margins = layout.contentsMargins()
        row = self.button_row.one_line_width() + margins.left() + margins.right()
        return max(self.minimumSizeHint().width(), row)

    def load(self, row: DistributionListRow | None) -> None:
        self.row = row
        self.feedback.reset()
        self.name.setText(row.name if row else "")
        self.description.setText((row.description or "") if row else "")
        self.description.setCursorPosition(0)
        self.title_label.setText(row.name if row else tr("Neuer Verteiler"))
        if row is None:
            self.subtitle_label.setText(tr("Noch nicht gespeichert"))
            self.members.set_rows([])
        else:
            self.subtitle_label.setText(
                tr("1 Mitglied")
                if row.member_count == 1
                else tr("{count} Mitglieder").format(count=row.member_count)
            )
            self.members.set_rows(self.contacts.list_members(row.id))
        for column, width in enumerate((170, 180)):
            self.member_view.horizontalHeader().resizeSection(column, scaled(width))
        for widget in (self.remove_button, self.show_button):
            widget.setEnabled(row is not None)
        self._update_labels_button()

    def _update_labels_button(self) -> None:
        """Labels for a saved list with members, one run at a time (an empty list would only
        be refused by the service)."""
        self.labels_button.setEnabled(
            self.row is not None and self.row.member_count > 0 and not self._busy
        )

    def is_dirty(self) -> bool:
        if self.row is None:
            return bool(self.name.text().strip())
        return self.name.text().strip() != self.row.name or (
            self.description.text().strip() != (self.row.description or "")
        )

    def reload(self) -> None:
        """The stored list again ("Neu laden" after somebody else changed it)."""
        if self.row is None:
            self.load(None)
            return
        ident = self.row.id
        try:
            self.load(next(r for r in self.contacts.list_distribution_lists() if r.id == ident))
        except StopIteration:
            self.load(None)

    def save(self) -> None:
        self.feedback.clear_errors()
        self.feedback.hide_conflict()
        name, description = self.name.text().strip(), self.description.text().strip()
        contacts, row = self.contacts, self.row

        def call() -> DistributionListRow:
            if row is None:
                return contacts.create_distribution_list(name, description or None)
            return contacts.rename_distribution_list(
                row.id, name, description=description, expected_version=row.version
            )

        run_operation(self, call, self._saved, on_failure=self._failed)

    def _saved(self, row: DistributionListRow) -> None:
        self.load(row)
        self.changed.emit(row)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ConcurrentEditError) and self.feedback.show_conflict(exc):
            return
        if isinstance(exc, ValidationError) and self.feedback.show_error(exc):
            return
        report_exception(exc, self)

    def remove_selected(self) -> None:
        index = self.member_view.currentIndex()
        person = self.members.row_at(index.row()) if index.isValid() else None
        if self.row is None or person is None:
            return
        if not ContactDialogs.confirm(
            self,
            tr("„{name}“ aus dem Verteiler „{list}“ entfernen?").format(
                name=person.display_name, list=self.row.name
            ),
            "",
            tr("Entfernen"),
        ):
            return
        list_id, contacts = self.row.id, self.contacts
        run_operation(self, lambda: contacts.remove_list_members(list_id, [person.id]), self._saved)

    # ---------------------------------------------------------------- address labels

    def print_labels(self) -> None:
        """Adressetiketten …: the members' labels, asked, rendered and previewed as on the
        events' Dokumente tab (sheet, first free label, the nudge remembered per sheet)."""
        if self.row is None or self._busy:
            return
        list_id = self.row.id
        sheets = self.services.sheets

        def choose(remembered: Mapping[str, SheetNudge]) -> LabelOptions | None:
            return LabelOptionsDialog.choose(self, remembered, invitees=False)

        def render(options: LabelOptions) -> RenderedDocument:
            return sheets.render_list_labels(
                list_id, sheet=options.sheet, start=options.start, nudge=options.nudge
            )

        print_address_labels(self, self.services, self._run, choose, render)

    def _run(
        self,
        work: Callable[[], T],
        done: Callable[[T], None],
        text: str,
        *,
        cancellable_run: bool = True,
    ) -> None:
        """``work`` on the worker thread, the busy indicator in the status bar, the button
        disabled meanwhile. No "Abbrechen": a list's labels take a moment, and reading and
        rendering write nothing but a changed nudge."""
        del cancellable_run
        self._busy = True
        self._update_labels_button()

        def succeeded(result: T) -> None:
            self._busy = False
            self._update_labels_button()
            done(result)

        def failed(exc: BaseException) -> None:
            self._busy = False
            self._update_labels_button()
            report_exception(exc, self)  # an empty list, a member without an address: named

        run_operation(self, work, succeeded, on_failure=failed, progress_text=text)

    def focus_first(self) -> None:
        self.name.setFocus(Qt.FocusReason.ShortcutFocusReason)
