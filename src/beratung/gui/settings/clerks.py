"""Einstellungen → Bearbeiter/innen: who signs and handles letters and press releases."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from beratung.gui.pages.base import heading
from beratung.gui.settings.base import (
    Column,
    RowTableModel,
    SettingsTab,
    make_card,
    make_table,
    stripped,
)
from beratung.gui.style import scaled
from beratung.services.office import ClerkData

if TYPE_CHECKING:
    from beratung.services import Services
    from beratung.services.office import ClerkSnapshot


class ClerksTab(SettingsTab):
    """The clerks as a table and one form below it for the selected (or a new) clerk."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.current: ClerkSnapshot | None = None
        yes, no = self.tr("ja"), ""
        self.model: RowTableModel[ClerkSnapshot] = RowTableModel(
            [
                Column(self.tr("Name"), lambda c: c.data.name),
                Column(self.tr("Kürzel"), lambda c: c.data.initials),
                Column(self.tr("Funktion"), lambda c: c.data.function or ""),
                Column(self.tr("Durchwahl"), lambda c: c.data.phone_extension or ""),
                Column(self.tr("E-Mail"), lambda c: c.data.email or ""),
                Column(self.tr("Unterschreibt"), lambda c: yes if c.data.is_signatory else no),
                Column(self.tr("Aktiv"), lambda c: yes if c.data.is_active else self.tr("nein")),
            ],
            self,
        )
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(RowTableModel.SORT_ROLE)
        self.table = make_table("clerkTable", self.tr("Bearbeiterinnen und Bearbeiter"))
        self.table.setModel(self.proxy)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        for column, width in ((0, 180), (1, 60), (2, 190), (3, 80), (5, 110), (6, 70)):
            self.table.setColumnWidth(column, scaled(width))
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.addWidget(self.table, 1)
        card, box = make_card()
        self.form_title = heading(self.tr("Neue Bearbeiterin / neuer Bearbeiter"), "sectionTitle")
        box.addWidget(self.form_title)
        self.error_label = QLabel()
        feedback = self.make_feedback(self.error_label)
        assert feedback.banner is not None
        box.addWidget(feedback.banner)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(7)
        self.name = QLineEdit()
        self.initials = QLineEdit()
        self.initials.setMaxLength(6)
        self.initials.setMaximumWidth(scaled(80))
        self.function = QLineEdit()
        self.extension = QLineEdit()
        self.extension.setMaximumWidth(scaled(80))
        self.email = QLineEdit()
        self.signatory = QCheckBox(self.tr("&unterschreibt Briefe"))
        self.active = QCheckBox(self.tr("a&ktiv"))
        self.active.setChecked(True)
        # three rows of fields, each followed by a row for their messages (hidden, no space)
        fields = (
            ("name", self.tr("&Name:"), self.name, self.tr("Name"), 0, 0),
            ("initials", self.tr("Kü&rzel:"), self.initials, self.tr("Kürzel"), 0, 2),
            ("function", self.tr("&Funktion:"), self.function, self.tr("Funktion"), 2, 0),
            ("phone_extension", self.tr("Durch&wahl:"), self.extension, self.tr("Durchwahl"), 2, 2),
            ("email", self.tr("E-&Mail:"), self.email, self.tr("E-Mail"), 4, 0),
        )
        for name, text, widget, accessible, row, column in fields:
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(accessible)
            grid.addWidget(label, row, column, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(widget, row, column + 1)
            # under its field; one in the left column may run on under the right one
            span = 3 if column == 0 else 1
            grid.addWidget(feedback.register(name, widget).label, row + 1, column + 1, 1, span)
        checks = QHBoxLayout()
        checks.addWidget(self.signatory)
        checks.addWidget(self.active)
        checks.addStretch(1)
        grid.addLayout(checks, 4, 2, 1, 2)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 1)
        box.addLayout(grid)
        box.addWidget(self.error_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.new_button = QPushButton(self.tr("N&eu"))
        self.new_button.setObjectName("clerkNew")
        self.new_button.clicked.connect(self.new_clerk)
        self.save_button = QPushButton(self.tr("&Speichern"))
        self.save_button.setObjectName("clerkSave")
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.save_button)
        box.addLayout(buttons)
        layout.addWidget(card)
        self.save_shortcut(self.save)

    def load(self) -> None:
        self.model.set_rows(self.services.office.list_clerks())
        if self.current is not None:
            self.current = next((c for c in self.model.rows() if c.id == self.current.id), None)
        self.show_clerk(self.current)

    @Slot(QModelIndex, QModelIndex)
    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.show_clerk(current.data(RowTableModel.ROW_ROLE))

    def show_clerk(self, clerk: ClerkSnapshot | None) -> None:
        assert self.feedback is not None
        self.feedback.reset()
        self.current = clerk
        data = clerk.data if clerk else ClerkData(name="", initials="")
        self.form_title.setText(
            self.tr("Bearbeiter/in {name}").format(name=data.name)
            if clerk
            else self.tr("Neue Bearbeiterin / neuer Bearbeiter")
        )
        self.name.setText(data.name)
        self.initials.setText(data.initials)
        self.function.setText(data.function or "")
        self.extension.setText(data.phone_extension or "")
        self.email.setText(data.email or "")
        self.signatory.setChecked(data.is_signatory)
        self.active.setChecked(data.is_active)

    @Slot()
    def new_clerk(self) -> None:
        self.table.clearSelection()
        self.show_clerk(None)
        self.name.setFocus()

    def clerk_data(self) -> ClerkData:
        return ClerkData(
            name=self.name.text(),
            initials=self.initials.text(),
            function=stripped(self.function),
            phone_extension=stripped(self.extension),
            email=stripped(self.email),
            is_signatory=self.signatory.isChecked(),
            is_active=self.active.isChecked(),
        )

    @Slot()
    def save(self) -> None:
        if self.busy:
            return
        data, office = self.clerk_data(), self.services.office
        current = self.current

        def done(saved: ClerkSnapshot) -> None:
            self.current = saved
            self.load()
            assert self.feedback is not None
            self.feedback.show_success(self.tr("Gespeichert."))

        self.run(
            lambda: (
                office.create_clerk(data)
                if current is None
                else office.update_clerk(current.id, data, expected_version=current.version)
            ),
            done,
            self.tr("Bearbeiter/in wird gespeichert …"),
        )
