"""Themen verwalten: the managed list of consultation topics with their usage counts.

Add, rename, deactivate and reactivate — all with the keyboard: the name field below the list
holds the selected topic's name; Enter adds it as a new topic when no topic of that name exists,
"Umbenennen" gives the selected one the name. An inactive topic is no longer offered for new
consultations but stays on the consultations that have it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.errors import UserError
from beratung.gui.consultations.models import Column, RecordTableModel, name_corner_button
from beratung.gui.errors import report_exception
from beratung.gui.operations import run_operation
from beratung.gui.style import active_theme, scaled

if TYPE_CHECKING:
    from collections.abc import Callable

    from beratung.services import Services
    from beratung.services.consultations import TopicSnapshot


def _tr(text: str) -> str:
    return QCoreApplication.translate("TopicManager", text)


def topic_columns() -> list[Column[TopicSnapshot]]:
    locale = QLocale()
    return [
        Column(_tr("Thema"), lambda t: t.name),
        Column(
            _tr("Status"),
            lambda t: _tr("aktiv") if t.is_active else _tr("inaktiv"),
            foreground=lambda t: None if t.is_active else active_theme().muted,
            tooltip=lambda t: (
                None
                if t.is_active
                else _tr("Wird für neue Beratungen nicht mehr angeboten; bleibt bei den alten.")
            ),
        ),
        Column(
            _tr("Beratungen"),
            lambda t: locale.toString(t.consultation_count),
            sort_key=lambda t: t.consultation_count,
            align_right=True,
            header_tooltip=_tr("So viele Beratungen tragen das Thema"),
        ),
    ]


class TopicManager(QDialog):
    """The topic list (active and inactive, with usage counts) and its four actions.

    ``changed`` is emitted after every saved change (the caller reloads its topic choices).
    """

    changed = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.was_changed = False
        self.setWindowTitle(_tr("Themen verwalten"))
        self.setObjectName("topicManager")
        self.resize(560, 520)
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        intro = QLabel(
            _tr(
                "Themen ordnen die Beratungen. Ein deaktiviertes Thema wird für neue Beratungen "
                "nicht mehr angeboten, bleibt aber bei den bisherigen."
            )
        )
        intro.setWordWrap(True)
        intro.setProperty("role", "muted")
        layout.addWidget(intro)

        self.model: RecordTableModel[TopicSnapshot] = RecordTableModel(
            topic_columns(), id_of=lambda t: t.id, parent=self
        )
        self.table = QTableView()
        self.table.setObjectName("topicTable")
        self.table.setAccessibleName(_tr("Themen"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(scaled(26))
        name_corner_button(self.table)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setHighlightSections(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(1, scaled(90))
        header.resizeSection(2, scaled(110))
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selected())
        layout.addWidget(self.table, 1)

        name_row = QHBoxLayout()
        caption = QLabel(_tr("&Name"))
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("topicName")
        self.name_edit.setAccessibleName(_tr("Name des Themas"))
        self.name_edit.setPlaceholderText(_tr("Name eines neuen oder des gewählten Themas"))
        self.name_edit.setMaxLength(120)
        self.name_edit.textChanged.connect(lambda _t: self._update_buttons())
        self.name_edit.returnPressed.connect(self._enter)
        caption.setBuddy(self.name_edit)
        name_row.addWidget(caption)
        name_row.addWidget(self.name_edit, 1)
        layout.addLayout(name_row)

        buttons = QHBoxLayout()
        self.add_button = QPushButton(_tr("&Hinzufügen"))
        self.add_button.setToolTip(_tr("Ein neues Thema mit diesem Namen anlegen"))
        self.add_button.clicked.connect(self.add_topic)
        self.rename_button = QPushButton(_tr("&Umbenennen"))
        self.rename_button.setToolTip(_tr("Dem gewählten Thema diesen Namen geben"))
        self.rename_button.clicked.connect(self.rename_current)
        self.active_button = QPushButton(_tr("&Deaktivieren"))
        self.active_button.clicked.connect(self.toggle_current)
        for button in (self.add_button, self.rename_button, self.active_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.message = QLabel()
        self.message.setObjectName("topicMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_tr("Schließen"))
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.refresh()

    # ----------------------------------------------------------------- data
    def refresh(self, select_id: int | None = None) -> None:
        keep = select_id if select_id is not None else self.current_id()
        self.model.set_rows(self.services.consultations.list_topics(include_inactive=True))
        self.select_topic(keep)
        self._update_buttons()

    def topics(self) -> list[TopicSnapshot]:
        return self.model.rows()

    def current(self) -> TopicSnapshot | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def current_id(self) -> int | None:
        current = self.current()
        return current.id if current else None

    def select_topic(self, topic_id: int | None) -> None:
        for row, topic in enumerate(self.model.rows()):
            if topic.id == topic_id:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))
                return
        self.table.clearSelection()

    def _selected(self) -> None:
        current = self.current()
        if current is not None:
            self.name_edit.setText(current.name)
        self._update_buttons()

    def _update_buttons(self) -> None:
        current = self.current()
        name = " ".join(self.name_edit.text().split())
        exists = any(t.name.casefold() == name.casefold() for t in self.model.rows())
        self.add_button.setEnabled(bool(name) and not exists)
        self.rename_button.setEnabled(current is not None and bool(name) and name != current.name)
        self.active_button.setEnabled(current is not None)
        self.active_button.setText(
            _tr("&Aktivieren")
            if current is not None and not current.is_active
            else _tr("&Deaktivieren")
        )

    # ----------------------------------------------------------------- actions
    def _enter(self) -> None:
        if self.add_button.isEnabled():
            self.add_topic()
        elif self.rename_button.isEnabled():
            self.rename_current()

    def add_topic(self) -> None:
        name = self.name_edit.text()
        services = self.services
        self._run(
            lambda: services.consultations.create_topic(name),
            _tr("Thema „{name}“ angelegt."),
        )

    def rename_current(self) -> None:
        current = self.current()
        if current is None:
            return
        name = self.name_edit.text()
        services = self.services
        self._run(
            lambda: services.consultations.rename_topic(current.id, name),
            _tr("Thema umbenannt in „{name}“."),
        )

    def toggle_current(self) -> None:
        current = self.current()
        if current is None:
            return
        services = self.services
        active = not current.is_active
        self._run(
            lambda: services.consultations.set_topic_active(current.id, active),
            _tr("Thema „{name}“ wieder aktiv.") if active else _tr("Thema „{name}“ deaktiviert."),
        )

    def _run(self, fn: Callable[[], TopicSnapshot], done_text: str) -> None:
        def done(topic: TopicSnapshot) -> None:
            self.was_changed = True
            self.refresh(topic.id)
            self._say(done_text.format(name=topic.name))
            self.changed.emit()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, UserError):
                self._say(exc.message, error=True)
                self.name_edit.setFocus()
            else:
                report_exception(exc, self)

        run_operation(self, fn, done, on_failure=failed)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setProperty("role", "alertText" if error else "muted")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)
        self.message.setAccessibleName(text)
        self.message.show()

    # ----------------------------------------------------------------- entry point
    @classmethod
    def manage(cls, parent: QWidget | None, services: Services) -> bool:
        """Open the dialog modally; whether a topic was changed. Tests replace this."""
        dialog = cls(services, parent)
        dialog.exec()
        changed = dialog.was_changed
        dialog.deleteLater()
        return changed


__all__ = ["TopicManager", "topic_columns"]
