"""Einstellungen → Aktenplan: the file-plan codes press releases and letters are filed under."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
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
)
from beratung.gui.style import scaled

if TYPE_CHECKING:
    from beratung.services import Services
    from beratung.services.office import FilePlanEntry


class FilePlanTab(SettingsTab):
    """File-plan codes; saving a code that exists updates it (the code is the key)."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.model: RowTableModel[FilePlanEntry] = RowTableModel(
            [
                Column(self.tr("Aktenplanzeichen"), lambda e: e.code),
                Column(self.tr("Beschreibung"), lambda e: e.description),
                Column(
                    self.tr("Standard für Presse"),
                    lambda e: self.tr("ja") if e.is_default_for_press else "",
                ),
            ],
            self,
        )
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(RowTableModel.SORT_ROLE)
        self.table = make_table("filePlanTable", self.tr("Aktenplan"))
        self.table.setModel(self.proxy)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setColumnWidth(0, scaled(150))
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.setColumnWidth(2, scaled(160))
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.addWidget(self.table, 1)
        card, box = make_card()
        box.addWidget(heading(self.tr("Aktenplanzeichen anlegen oder ändern"), "sectionTitle"))
        self.error_label = QLabel()
        feedback = self.make_feedback(self.error_label)
        # one row of fields; the row below holds their messages (hidden, it takes no space)
        row = QGridLayout()
        self.code = QLineEdit()
        self.code.setObjectName("planCode")
        self.code.setPlaceholderText("047.43")
        self.code.setMaximumWidth(scaled(120))
        self.description = QLineEdit()
        self.description.setObjectName("planDescription")
        self.default = QCheckBox(self.tr("Standard für &Presseinformationen"))
        self.default.setObjectName("planDefault")
        for column, name, text, widget, accessible in (
            (0, "code", self.tr("&Zeichen:"), self.code, self.tr("Aktenplanzeichen")),
            (
                2,
                "description",
                self.tr("Beschreib&ung:"),
                self.description,
                self.tr("Beschreibung"),
            ),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(accessible)
            row.addWidget(label, 0, column)
            row.addWidget(widget, 0, column + 1)
            # under its field; the code's may run on under the description
            span = 3 if name == "code" else 1
            row.addWidget(feedback.register(name, widget).label, 1, column + 1, 1, span)
        row.setColumnStretch(3, 1)
        row.addWidget(self.default, 0, 4)
        self.save_button = QPushButton(self.tr("&Speichern"))
        self.save_button.setObjectName("planSave")
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.save_button, 0, 5)
        box.addLayout(row)
        box.addWidget(self.error_label)
        layout.addWidget(card)
        self.save_shortcut(self.save)

    def load(self) -> None:
        self.model.set_rows(self.services.office.list_file_plan())

    @Slot(QModelIndex, QModelIndex)
    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        entry: FilePlanEntry = current.data(RowTableModel.ROW_ROLE)
        self.code.setText(entry.code)
        self.description.setText(entry.description)
        self.default.setChecked(entry.is_default_for_press)

    @Slot()
    def save(self) -> None:
        if self.busy:
            return
        code, description = self.code.text(), self.description.text()
        default, office = self.default.isChecked(), self.services.office

        def done(entry: FilePlanEntry) -> None:
            self.load()
            assert self.feedback is not None
            self.feedback.show_success(
                self.tr("Aktenplanzeichen {code} gespeichert.").format(code=entry.code)
            )

        self.run(
            lambda: office.save_file_plan_entry(code, description, default_for_press=default),
            done,
            self.tr("Aktenplan wird gespeichert …"),
        )
