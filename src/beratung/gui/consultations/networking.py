"""Vernetzung: for a municipality, the others working on the same topics, ranked, with their
contact persons — so the advisor can put them in touch."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from beratung.gui.consultations.models import Column, RecordTableModel, name_corner_button
from beratung.gui.consultations.organisation_field import OrganisationField
from beratung.gui.operations import run_operation
from beratung.gui.style import scaled

if TYPE_CHECKING:
    from beratung.services import Services
    from beratung.services.statistics import NetworkingMatch


def _tr(text: str) -> str:
    return QCoreApplication.translate("NetworkingView", text)


class NetworkingView(QWidget):
    """Pick a municipality (completer) → ranked matches; the selected one's contacts below."""

    matches_shown = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setAccessibleName(_tr("Vernetzung"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(10)
        intro = QLabel(
            _tr(
                "Welche anderen Kommunen arbeiten an denselben Themen? Kommune wählen – die "
                "Liste zeigt die passendsten zuerst, mit gemeinsamen Themen und Ansprechpersonen."
            )
        )
        intro.setWordWrap(True)
        intro.setProperty("role", "muted")
        layout.addWidget(intro)
        row = QHBoxLayout()
        caption = QLabel(_tr("&Kommune"))
        self.organisation = OrganisationField(services)
        self.organisation.setAccessibleName(_tr("Kommune für die Vernetzung"))
        self.organisation.setPlaceholderText(_tr("Name eingeben, z. B. Ulm"))
        self.organisation.setMaximumWidth(scaled(380))
        caption.setBuddy(self.organisation)
        self.organisation.organisation_changed.connect(self._organisation_changed)
        row.addWidget(caption)
        row.addWidget(self.organisation, 1)
        self.status = QLabel()
        self.status.setProperty("role", "muted")
        row.addWidget(self.status, 2)
        layout.addLayout(row)

        self.model: RecordTableModel[NetworkingMatch] = RecordTableModel(
            [
                Column(_tr("Kommune"), lambda m: m.name),
                Column(_tr("Landkreis"), lambda m: m.kreis or ""),
                Column(_tr("Mitglied"), lambda m: _tr("ja") if m.is_member else _tr("nein")),
                Column(_tr("Gemeinsame Themen"), lambda m: ", ".join(m.shared_topic_names)),
                Column(
                    _tr("Ansprechpersonen"),
                    lambda m: ", ".join(
                        f"{c.name} ({c.role})" if c.role else c.name for c in m.contacts
                    ),
                ),
            ],
            id_of=lambda m: m.organisation_id,
            parent=self,
        )
        self.table = QTableView()
        self.table.setObjectName("networkingTable")
        self.table.setAccessibleName(_tr("Kommunen mit denselben Themen"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        name_corner_button(self.table)
        self.table.verticalHeader().setDefaultSectionSize(scaled(28))
        self.table.setMinimumHeight(240)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setHighlightSections(False)
        for column, width in enumerate((190, 140, 70, 300)):
            header.resizeSection(column, scaled(width))
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._show_selected())
        layout.addWidget(self.table, 2)

        self.detail = QTextBrowser()
        self.detail.setObjectName("networkingDetail")
        self.detail.setAccessibleName(_tr("Warum diese Kommune passt"))
        self.detail.setFrameShape(QFrame.Shape.StyledPanel)
        self.detail.setMinimumHeight(130)
        self.detail.setOpenExternalLinks(False)
        layout.addWidget(self.detail, 1)

    def show_for(self, organisation_id: int, name: str = "") -> None:
        if name:
            self.organisation.set_organisation(organisation_id, name)
        else:
            self._organisation_changed(organisation_id)

    def _organisation_changed(self, organisation_id: int | None) -> None:
        if organisation_id is None:
            self.model.set_rows([])
            self.status.setText("")
            self.detail.clear()
            return
        services = self.services
        self.status.setText(_tr("wird gesucht …"))
        run_operation(
            self, lambda: services.statistics.networking(organisation_id), self.show_matches
        )

    def show_matches(self, matches: list[NetworkingMatch]) -> None:
        self.model.set_rows(matches)
        self.status.setText(
            _tr("Keine andere Kommune arbeitet an diesen Themen.")
            if not matches
            else _tr("{count} Kommunen mit gemeinsamen Themen").format(count=len(matches))
        )
        if matches:
            self.table.selectRow(0)
        else:
            self.detail.clear()
        self.matches_shown.emit()

    def _show_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.detail.clear()
            return
        match = self.model.row_at(rows[0].row())
        esc = html.escape
        contacts = "".join(
            "<li>{name}{role}{reach}</li>".format(
                name=esc(c.name),
                role=esc(f", {c.role}") if c.role else "",
                reach=esc(" · " + " · ".join(x for x in (c.phone, c.email) if x))
                if (c.phone or c.email)
                else "",
            )
            for c in match.contacts
        )
        topics = ", ".join(
            esc(t.name) + (esc(_tr(" (eigenes Projekt)")) if t.declared else "")
            for t in match.shared_topics
        )
        self.detail.setHtml(
            f"<b>{esc(match.name)}</b> – {esc(match.explanation)}"
            f"<p style='margin:4px 0'><b>{esc(_tr('Gemeinsame Themen'))}:</b> {topics}</p>"
            + (
                f"<b>{esc(_tr('Ansprechpersonen'))}:</b><ul style='margin-top:0'>{contacts}</ul>"
                if contacts
                else f"<p>{esc(_tr('Keine Ansprechperson hinterlegt.'))}</p>"
            )
        )
