"""The invitation run of the Dokumente tab: its options, the check before printing, and the
preview that issues the letters.

* :class:`InvitationOptionsDialog` — Form B or A, standard or large print, everyone still
  invited or a selection (check boxes over the invitation list), a combined PDF and/or one PDF
  per person into a folder;
* :class:`InvitationCheckDialog` — what ``check_invitations`` found, one line per record with
  the German reason; "Betroffene auslassen und weiter" or "Abbrechen" (to fix them first);
* :class:`InvitationPreviewDialog` — the app's PDF preview; printing or saving goes through
  ``issue_invitations`` (which logs exactly the documents produced and sets ``invited_at``)
  instead of the plain ``record_issue``; with single letters rendered, a third action writes
  them into the folder.

Entry points tests replace: ``InvitationOptionsDialog.choose``, ``InvitationCheckDialog.review``,
``DocumentDialogs.choose_folder`` and ``InvitationPreviewDialog.show_invitations``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QSize, Qt, Slot
from PySide6.QtGui import QAction, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListView,
    QPlainTextEdit,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.enums import RegistrationStatus
from beratung.domain.printing import LetterForm
from beratung.domain.serial_letters import LetterVariant
from beratung.gui.errors import report_exception
from beratung.gui.events.common import tr
from beratung.gui.events.document_options import OptionsDialog, radio_button
from beratung.gui.operations import run_operation
from beratung.gui.preview import PdfPreviewDialog, PreviewDialogs
from beratung.services.events.invitations import (
    InvitationDocuments,
    InvitationRequest,
    IssuedInvitations,
    PrintProblem,
)

if TYPE_CHECKING:
    from beratung.services import Services
    from beratung.services.events.snapshots import RegistrationRow


@dataclass(frozen=True, slots=True)
class InvitationOptions:
    request: InvitationRequest
    #: One PDF of all letters, previewed, then printed or saved.
    combined: bool = True
    #: One PDF per person into a folder (chosen after the check).
    per_recipient: bool = False


class InvitationOptionsDialog(OptionsDialog):
    """What to print: form, size, whom, and into which files."""

    def __init__(
        self,
        rows: Sequence[RegistrationRow],
        parent: QWidget | None = None,
        preselected: Sequence[int] = (),
    ) -> None:
        super().__init__(
            "invitationOptions",
            tr("Einladungsbriefe"),
            tr(
                "Ein Brief nach DIN 5008 je Person, nach Postleitzahl sortiert. Vor dem "
                "Drucken wird geprüft, ob jede Anschrift passt."
            ),
            parent,
            tr("&Prüfen und weiter …"),
        )
        self.form_b = QComboBox()
        self.form_b.setObjectName("letterForm")
        self.form_b.addItem(tr("Form B (üblich)"), "B")
        self.form_b.addItem(tr("Form A (Anschrift höher)"), "A")
        self.row(tr("&Briefform:"), self.form_b, tr("Briefform"))
        self.variant = QComboBox()
        self.variant.setObjectName("letterVariant")
        self.variant.addItem(tr("Standard"), "standard")
        self.variant.addItem(tr("Großdruck (16 pt)"), "large")
        self.row(tr("&Schrift:"), self.variant, tr("Schriftgröße"))

        invited = [row for row in rows if row.status is RegistrationStatus.INVITED]
        self.everyone = radio_button(
            tr("&Alle noch ohne Antwort ({n})").format(n=len(invited)), "invitationsAll", True
        )
        self.chosen = radio_button(tr("&Nur die hier Ausgewählten:"), "invitationsChosen")
        self.scope = QButtonGroup(self)
        self.scope.addButton(self.everyone)
        self.scope.addButton(self.chosen)
        self.form.addRow(self.everyone)
        self.form.addRow(self.chosen)
        self.model = QStandardItemModel(self)
        for row in rows:
            text = tr("{name} – {status}").format(name=row.name, status=row.status_label)
            if row.organisation:
                text = tr("{name}, {organisation} – {status}").format(
                    name=row.name, organisation=row.organisation, status=row.status_label
                )
            item = QStandardItem(text)
            item.setCheckable(True)
            item.setEditable(False)
            item.setData(row.id, Qt.ItemDataRole.UserRole)
            if row.id in preselected:
                item.setCheckState(Qt.CheckState.Checked)
            self.model.appendRow(item)
        self.people = QListView()
        self.people.setObjectName("invitationPeople")
        self.people.setAccessibleName(tr("Auswahl der Eingeladenen"))
        self.people.setModel(self.model)
        self.people.setMinimumHeight(140)
        self.people.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.people.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.people.setUniformItemSizes(True)
        self.people.setEnabled(False)
        self.chosen.toggled.connect(self.people.setEnabled)
        self.model.itemChanged.connect(lambda _item: self._update())
        self.chosen.toggled.connect(lambda _on: self._update())
        self.form.addRow(self.people)

        self.combined = QCheckBox(tr("Eine PDF mit allen Brie&fen (Vorschau, drucken, speichern)"))
        self.combined.setObjectName("invitationsCombined")
        self.combined.setAccessibleName(tr("Eine PDF mit allen Briefen"))
        self.combined.setChecked(True)
        self.per_recipient = QCheckBox(tr("Je Person eine PDF in einen &Ordner"))
        self.per_recipient.setObjectName("invitationsPerRecipient")
        self.per_recipient.setAccessibleName(tr("Je Person eine PDF in einen Ordner"))
        for check in (self.combined, self.per_recipient):
            check.toggled.connect(lambda _on: self._update())
            self.form.addRow(check)
        if self.chosen_ids():  # people chosen on the registrations tab: start with them
            self.chosen.setChecked(True)
        self.finish()

    def chosen_ids(self) -> tuple[int, ...]:
        ids = []
        for index in range(self.model.rowCount()):
            item = self.model.item(index)
            if item.checkState() == Qt.CheckState.Checked:
                ids.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return tuple(ids)

    def _update(self) -> None:
        some_output = self.combined.isChecked() or self.per_recipient.isChecked()
        some_people = not self.chosen.isChecked() or bool(self.chosen_ids())
        self.ok_button.setEnabled(some_output and some_people)

    def options(self) -> InvitationOptions:
        request = InvitationRequest(
            registration_ids=self.chosen_ids() if self.chosen.isChecked() else None,
            variant=cast(LetterVariant, self.variant.currentData()),
            form=cast(LetterForm, self.form_b.currentData()),
        )
        return InvitationOptions(
            request=request,
            combined=self.combined.isChecked(),
            per_recipient=self.per_recipient.isChecked(),
        )

    @classmethod
    def choose(
        cls, parent: QWidget, rows: Sequence[RegistrationRow], preselected: Sequence[int] = ()
    ) -> InvitationOptions | None:
        """``preselected``: the registrations chosen on the registrations tab, ticked."""
        dialog = cls(rows, parent, preselected)
        try:
            return dialog.options() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


def problems_text(problems: Sequence[PrintProblem]) -> str:
    """One line per problem: "Max Ohneanschrift: keine Postanschrift …"."""
    return "\n".join(f"• {problem.text}" for problem in problems)


class InvitationCheckDialog(QDialog):
    """The records the check found; skip them or cancel (and fix them in the contacts)."""

    def __init__(self, problems: Sequence[PrintProblem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("invitationCheck")
        count = len({problem.registration_id for problem in problems})
        title = tr("Prüfung vor dem Drucken")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(10)
        head = tr(
            "{n} Einladung(en) können so nicht gedruckt werden. Sie können diese auslassen "
            "und die übrigen drucken, oder abbrechen und die Angaben erst ergänzen."
        ).format(n=count)
        self.head = QLabel(head)
        self.head.setObjectName("checkHead")
        self.head.setWordWrap(True)
        self.head.setAccessibleName(head)
        self.head.setMinimumWidth(600)
        layout.addWidget(self.head)
        self.list = QPlainTextEdit(problems_text(problems))
        self.list.setObjectName("checkProblems")
        self.list.setReadOnly(True)
        self.list.setAccessibleName(tr("Betroffene Einträge und Gründe"))
        self.list.setTabChangesFocus(True)
        self.list.setMinimumHeight(160)
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(self)
        self.skip_button = buttons.addButton(
            tr("Betroffene &auslassen und weiter"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.skip_button.setObjectName("checkSkip")
        self.skip_button.setAccessibleName(tr("Betroffene auslassen und weiter"))
        cancel = buttons.addButton(tr("Abbrechen"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("checkCancel")
        cancel.setAccessibleName(tr("Abbrechen, nichts drucken"))
        cancel.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @classmethod
    def review(cls, parent: QWidget, problems: Sequence[PrintProblem]) -> bool:
        """``True``: leave the affected records out and go on."""
        dialog = cls(problems, parent)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()


def issued_text(issued: IssuedInvitations, *, printed: bool, folder: Path | None = None) -> str:
    """The result line: how many letters, where, and that they now count as invited."""
    if printed:
        where = tr("an den Drucker gesendet")
    elif folder is not None:
        where = tr("als {n} PDF-Datei(en), eine je Person, gespeichert in {folder}").format(
            n=len(issued.files), folder=folder
        )
    else:
        where = tr("gespeichert: {path}").format(path=", ".join(str(p) for p in issued.files))
    return tr(
        "{letters} Einladungsbrief(e) {where}. Bei diesen Eingeladenen ist das "
        "Einladungsdatum jetzt eingetragen."
    ).format(letters=issued.letters, where=where)


class InvitationPreviewDialog(PdfPreviewDialog):
    """The preview of the combined letters; printing and saving issue the invitations."""

    def __init__(
        self,
        services: Services,
        documents: InvitationDocuments,
        folder: Path | None,
        parent: QWidget | None = None,
        on_issued: Callable[[str], None] | None = None,
    ) -> None:
        self.documents = documents
        self.folder = folder
        self.on_issued = on_issued
        super().__init__(services, documents.combined, parent)
        self.folder_action = QAction(tr("&Einzelbriefe speichern"), self)
        self.folder_action.setObjectName("writeSingleLetters")
        if folder is not None:
            self.folder_action.setToolTip(
                tr("Je Person eine PDF in den Ordner {folder} schreiben").format(folder=folder)
            )
            self.resize(QSize(1120, 760))  # the extra action keeps the zoom off the overflow
        self.folder_action.triggered.connect(self.write_folder)
        self.folder_action.setEnabled(folder is not None and bool(documents.per_recipient))
        self.folder_action.setVisible(folder is not None)
        toolbar = self.findChild(QToolBar, "previewToolbar")
        if isinstance(toolbar, QToolBar) and folder is not None:
            toolbar.insertAction(self.previous_action, self.folder_action)
            toolbar.insertSeparator(self.previous_action)
            button = toolbar.widgetForAction(self.folder_action)
            if button is not None:
                button.setAccessibleName(tr("Einzelbriefe in den Ordner speichern"))

    @classmethod
    def show_invitations(
        cls,
        parent: QWidget | None,
        services: Services,
        documents: InvitationDocuments,
        folder: Path | None,
        on_issued: Callable[[str], None] | None = None,
    ) -> None:
        """Open the preview modally; tests replace this classmethod."""
        dialog = cls(services, documents, folder, parent, on_issued)
        dialog.exec()
        dialog.deleteLater()

    def _record(self, action: str, message: str) -> None:
        """Called by the base class after the pages went to the printer: the combined
        document counts as printed (``issue_invitations`` without paths)."""
        self._issue(None, None, printed=True)

    @Slot()
    def save_as_pdf(self) -> None:
        name = PreviewDialogs.save_file_name(self, self.rendered.suggested_file_name)
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        self._issue(path, None, printed=False)

    @Slot()
    def write_folder(self) -> None:
        if self.folder is not None:
            self._issue(None, self.folder, printed=False)

    def _issue(self, out: Path | None, folder: Path | None, *, printed: bool) -> None:
        events = self.services.events
        documents = self.documents
        for action in (self.save_action, self.print_action, self.folder_action):
            action.setEnabled(False)

        def work() -> IssuedInvitations:  # worker thread: no widgets
            return events.issue_invitations(documents, out=out, folder=folder)

        def restore() -> None:
            self.save_action.setEnabled(True)
            self.print_action.setEnabled(True)
            self.folder_action.setEnabled(self.folder is not None)

        def done(issued: IssuedInvitations) -> None:
            restore()
            self.issued_ids.extend(issued.log_ids)
            if out is not None:
                self.saved_path = out
            message = issued_text(issued, printed=printed, folder=folder)
            self._show_status(message)
            if self.on_issued is not None:
                self.on_issued(message)

        def failed(exc: BaseException) -> None:
            restore()
            report_exception(exc, self)

        run_operation(
            self,
            work,
            done,
            on_failure=failed,
            progress_text=tr("Einladungen werden gespeichert und protokolliert …"),
        )


__all__ = [
    "InvitationCheckDialog",
    "InvitationOptions",
    "InvitationOptionsDialog",
    "InvitationPreviewDialog",
    "issued_text",
    "problems_text",
]
