"""Antwortformulare einlesen: returned, filled reply forms (PDF) into the registrations.

The advisor chooses the files; the dialog shows the dry run in a table (who, which code, what
changes, notes such as needs dropped for want of consent, and the files that change nothing
with the reason); "Übernehmen" applies it in one transaction on the worker thread, with a busy
bar and "Abbrechen" (a cancel rolls everything back), then says what was done.

:meth:`ReplyImportDialog.run` is the entry point (the Dokumente tab calls it);
:meth:`ReplyImportDialog.choose_files` is the file dialog, replaced in tests.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.cancel import OperationCancelledError
from beratung.gui.events.common import tr
from beratung.gui.events.registration_common import Notice, WorkInProgress, button
from beratung.gui.operations import run_operation
from beratung.gui.style import light_grid
from beratung.services.events.replies import UNCHANGED, ReplyImport

if TYPE_CHECKING:
    from beratung.services import Services

COLUMNS = (tr("Datei"), tr("Name"), tr("Code"), tr("Änderung"), tr("Hinweise"))


class ReplyImportDialog(QDialog):
    """Choose the returned forms, see what they change, apply it."""

    def __init__(self, services: Services, event_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.event_id = event_id
        self.files: list[Path] = []
        self.outcome: ReplyImport | None = None
        self.applied = False
        self.setObjectName("replyImportDialog")
        light_grid(self)
        self.setWindowTitle(tr("Antwortformulare einlesen"))
        self.setAccessibleName(self.windowTitle())
        self.setMinimumSize(900, 480)

        intro = QLabel(tr(
            "Wählen Sie die zurückgeschickten, ausgefüllten Antwortformulare (PDF). Sie werden "
            "über den Anmeldecode zugeordnet; zuerst sehen Sie, was sich ändern würde. Bedarfe "
            "werden nur mit angekreuzter Einwilligung übernommen."))
        intro.setWordWrap(True)
        self.choose_button = button("replyChoose", tr("&Dateien wählen …"),
                                    tooltip=tr("Ausgefüllte Antwortformulare (PDF) wählen"))
        self.choose_button.clicked.connect(self._choose)
        self.files_label = QLabel(tr("Keine Dateien gewählt."))
        self.files_label.setObjectName("replyFiles")
        top = QHBoxLayout()
        top.addWidget(self.choose_button)
        top.addWidget(self.files_label, 1)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("replyTable")
        self.table.setAccessibleName(tr("Was die Antworten ändern"))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        # File, name and code as wide as they are; what changes and the notes share the rest.
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents if column < 3
                else QHeaderView.ResizeMode.Stretch)

        self.notice = Notice("replyNotice")
        self.work = WorkInProgress("replyWork")
        self.apply_button = button("replyApply", tr("Ü&bernehmen"),
                                   tooltip=tr("Die angezeigten Änderungen in einem Schritt "
                                              "speichern"))
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self._apply)
        self.close_button = QPushButton(tr("Schließen"))
        self.close_button.setObjectName("replyClose")
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.notice)
        layout.addWidget(self.work)
        layout.addLayout(buttons)

    # ----------------------------------------------------------------- steps

    @classmethod
    def choose_files(cls, parent: QWidget) -> list[Path]:
        names, _filter = QFileDialog.getOpenFileNames(
            parent, tr("Antwortformulare wählen"), "", tr("PDF-Dateien (*.pdf)"))
        return [Path(name) for name in names]

    def _choose(self) -> None:
        files = self.choose_files(self)
        if files:
            self.set_files(files)

    def set_files(self, files: list[Path]) -> None:
        """Take these files and show their dry run."""
        self.files = list(files)
        self.files_label.setText(tr("{n} Datei(en) gewählt.").format(n=len(self.files)))
        self._run(dry_run=True)

    def _apply(self) -> None:
        self._run(dry_run=False)

    def _run(self, *, dry_run: bool) -> None:
        if self.work.running or not self.files:
            return
        token = self.work.start(tr("Antworten werden gelesen …") if dry_run
                                else tr("Antworten werden übernommen …"))
        self.apply_button.setEnabled(False)
        self.choose_button.setEnabled(False)
        files = list(self.files)
        events = self.services.events
        event_id = self.event_id

        def done(result: ReplyImport) -> None:
            self._finish()
            self._show(result)

        def failed(exc: BaseException) -> None:
            self._finish()
            if isinstance(exc, OperationCancelledError):
                self.notice.show_text(tr("Abgebrochen; es wurde nichts geändert."), "info")
            else:
                self.notice.show_text(str(getattr(exc, "message", exc)), "error")
            self.apply_button.setEnabled(bool(self.outcome and self.outcome.changed
                                              and not self.applied))

        run_operation(self, lambda: events.import_replies(event_id, files, dry_run=dry_run),
                      done, on_failure=failed, cancel=token)

    def _finish(self) -> None:
        self.work.finish()
        self.choose_button.setEnabled(True)

    def _show(self, result: ReplyImport) -> None:
        self.outcome = result
        rows: list[tuple[str, str, str, str, str, bool]] = [
            (change.file, change.name, change.code, change.text, " ".join(change.notes),
             change.action == UNCHANGED)
            for change in result.changes
        ] + [(problem.file, "", "", tr("nicht übernommen"), problem.reason, True)
             for problem in result.problems]
        self.table.setRowCount(len(rows))
        for row, values in enumerate(rows):
            for column, text in enumerate(values[:5]):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if values[5]:
                    item.setForeground(Qt.GlobalColor.darkGray)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        changed = len(result.changed)
        problems = len(result.problems)
        if result.applied:
            self.applied = self.applied or changed > 0
            text = tr("{n} Antwort(en) übernommen.").format(n=changed)
        else:
            text = tr("Probelauf: {n} Antwort(en) würden übernommen.").format(n=changed)
        if problems:
            text += " " + tr("{n} Datei(en) oder Formular(e) ändern nichts (siehe "
                             "Hinweise).").format(n=problems)
        self.notice.show_text(text, "warning" if problems else "info")
        self.apply_button.setEnabled(changed > 0 and not result.applied)

    # ----------------------------------------------------------------- entry

    @classmethod
    def run(cls, parent: QWidget | None, services: Services, event_id: int) -> bool:
        """Open the dialog modally; whether replies were applied (the caller reloads)."""
        dialog = cls(services, event_id, parent)
        dialog.exec()
        applied = dialog.applied
        dialog.deleteLater()
        return applied


__all__ = ["ReplyImportDialog"]
