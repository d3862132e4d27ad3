"""Einstellungen → Ausgegebene Dokumente: the log of printed documents, each reprintable exactly."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSortFilterProxyModel, Qt, Slot
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from beratung.domain.rules.dates import format_datetime_de
from beratung.gui.operations import run_operation
from beratung.gui.preview import PdfPreviewDialog
from beratung.gui.settings.base import Column, RowTableModel, SettingsTab, make_table
from beratung.gui.style import scaled
from beratung.services.documents import KIND_LABELS, RenderedDocument

if TYPE_CHECKING:
    from beratung.services import Services
    from beratung.services.documents import IssuedDocumentRow


class IssuedTab(SettingsTab):
    """Read-only: the issued documents, newest first; reprinting renders the stored copy."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.model: RowTableModel[IssuedDocumentRow] = RowTableModel(
            [
                Column(
                    self.tr("Datum"),
                    lambda d: format_datetime_de(d.issued_at, "compact"),
                    sort_key=lambda d: d.issued_at.timestamp(),
                ),
                Column(self.tr("Benutzer/in"), lambda d: d.user_name),
                Column(self.tr("Art"), lambda d: KIND_LABELS.get(d.kind, d.kind)),
                Column(self.tr("Titel"), lambda d: d.title),
                Column(self.tr("Empfänger"), lambda d: ", ".join(d.recipients)),
                Column(
                    self.tr("Seiten"),
                    lambda d: str(d.page_count or ""),
                    sort_key=lambda d: d.page_count or 0,
                    align_right=True,
                ),
            ],
            self,
        )
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(RowTableModel.SORT_ROLE)
        self.table = make_table("issuedTable", self.tr("Ausgegebene Dokumente"))
        self.table.setModel(self.proxy)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        for column, width in ((0, 130), (1, 120), (2, 140), (4, 180), (5, 60)):
            self.table.setColumnWidth(column, scaled(width))
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.reprint())
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        intro = QLabel(
            self.tr(
                "Jedes gedruckte oder als PDF gespeicherte Dokument wird hier mit seinem Inhalt "
                "aufbewahrt und kann genau so erneut gedruckt werden."
            )
        )
        intro.setWordWrap(True)
        intro.setProperty("role", "muted")
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.count_label = QLabel()
        self.count_label.setProperty("role", "muted")
        buttons.addWidget(self.count_label, 1)
        self.reprint_button = QPushButton(self.tr("&Erneut drucken …"))
        self.reprint_button.setObjectName("reprint")
        self.reprint_button.clicked.connect(self.reprint)
        buttons.addWidget(self.reprint_button)
        layout.addLayout(buttons)
        self._update()

    def load(self) -> None:
        self.model.set_rows(self.services.documents.list_issued())
        self._update()

    def _update(self) -> None:
        self.reprint_button.setEnabled(self.table.currentIndex().isValid() and not self.busy)
        count = self.model.rowCount()
        self.count_label.setText(
            self.tr("1 Dokument im Protokoll")
            if count == 1
            else self.tr("{count} Dokumente im Protokoll").format(count=count)
        )

    def selected(self) -> IssuedDocumentRow | None:
        index = self.table.currentIndex()
        return index.data(RowTableModel.ROW_ROLE) if index.isValid() else None

    @Slot()
    def reprint(self) -> None:
        row = self.selected()
        if row is None or self.busy:
            return
        documents = self.services.documents
        issued_id = row.id

        def work() -> RenderedDocument:
            return documents.reprint_document(issued_id)

        def done(rendered: RenderedDocument) -> None:
            self._update()
            PdfPreviewDialog.show_document(self, self.services, rendered)
            self.load()

        self.busy = True
        self._update()

        def success(rendered: RenderedDocument) -> None:
            self.busy = False
            done(rendered)

        run_operation(
            self,
            work,
            success,
            on_failure=self.failed,
            progress_text=self.tr("Dokument wird geladen …"),
        )
