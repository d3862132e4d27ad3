"""The invitation run of the Dokumente tab: its options, the check before printing, and the
preview that issues the letters.

* :class:`InvitationOptionsDialog` — Form B or A; the version: "Wie bei der Person hinterlegt"
  (the default: each invitee's ``print_variant`` from the contacts), standard, large print or
  Leichte Sprache for all; everyone still invited or a selection (check boxes over the
  invitation list); a combined PDF and/or one PDF per person into a folder; e-mail drafts
  (``.eml``) for those invited by e-mail, into a folder asked for after the check;
* :class:`InvitationCheckDialog` — what ``check_invitations`` found, one line per record with
  the German reason; "Betroffene auslassen und weiter" or "Abbrechen" (to fix them first);
* :class:`InvitationPreviewDialog` — the app's PDF preview; printing or saving goes through
  ``issue_invitations`` (which logs exactly the documents produced and sets ``invited_at``)
  instead of the plain ``record_issue``; with single letters rendered, a third action writes
  them into the folder. The preview shows only the letters to post; the e-mail drafts are
  written with its first print or save, in the same ``issue_invitations`` call (files, log and
  ``invited_at`` together or not at all), and never again by a later one. When nobody is left
  to post, the tab skips the preview and writes the drafts at once.

Entry points tests replace: ``InvitationOptionsDialog.choose``, ``InvitationCheckDialog.review``,
``DocumentDialogs.choose_folder`` and ``InvitationPreviewDialog.show_invitations``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
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
        # None: each invitee's preference from the contacts (most letters are standard, the few
        # who asked for large print or Leichte Sprache get theirs without a second run)
        self.variant.addItem(tr("Wie bei der Person hinterlegt"), None)
        self.variant.addItem(tr("Standard"), "standard")
        self.variant.addItem(tr("Großdruck (16 pt)"), "large")
        self.variant.addItem(tr("Leichte Sprache"), "easy")
        self.variant.setCurrentIndex(0)
        self.row(tr("Fa&ssung:"), self.variant, tr("Fassung der Briefe"))

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
        self.email_drafts = QCheckBox(
            tr("&E-Mail-Entwürfe für alle, die per E-Mail eingeladen werden "
               "(.eml-Dateien in einen Ordner)")
        )
        self.email_drafts.setObjectName("invitationsEmailDrafts")
        self.email_drafts.setAccessibleName(tr("E-Mail-Entwürfe für alle, die per E-Mail "
                                               "eingeladen werden"))
        self.email_drafts.setToolTip(
            tr("Wer in den Kontakten „per E-Mail“ oder keinen Weg hinterlegt hat und eine "
               "E-Mail-Adresse hat, bekommt einen Entwurf mit dem Brief als PDF im Anhang "
               "statt eines Briefs zum Drucken.")
        )
        self.form.addRow(self.email_drafts)
        if self.chosen_ids():  # people chosen on the registrations tab: start with them
            self.chosen.setChecked(True)
        self.finish()
        # the form's own minimum lets the list run into the check boxes below it (Qt drops the
        # row spacing there); the natural height (about 510 px) always fits the screen
        self.setMinimumHeight(self.sizeHint().height())

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
            variant=cast(LetterVariant | None, self.variant.currentData()),
            form=cast(LetterForm, self.form_b.currentData()),
            email_drafts=self.email_drafts.isChecked(),
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


def _drafts(count: int) -> str:
    return (tr("1 E-Mail-Entwurf") if count == 1
            else tr("{n} E-Mail-Entwürfe").format(n=count))


def issued_text(
    issued: IssuedInvitations,
    *,
    printed: bool,
    folder: Path | None = None,
    email_folder: Path | None = None,
) -> str:
    """The result: how many letters went where, how many e-mail drafts into which folder (and
    that she sends them from her mail program), and that they now count as invited."""
    pdf_files = [path for path in issued.files if path.suffix.lower() == ".pdf"]
    # with a folder every invitee has a PDF there; otherwise the drafts are not letters
    letters = issued.letters if folder is not None else issued.letters - issued.drafts
    where: str | None = None
    if printed:
        where = tr("an den Drucker gesendet")
    elif folder is not None:
        where = tr("als {n} PDF-Datei(en), eine je Person, gespeichert in {folder}").format(
            n=len(pdf_files), folder=folder
        )
    elif pdf_files:
        where = tr("gespeichert: {path}").format(path=", ".join(str(p) for p in pdf_files))
    sentences = []
    if where is not None:
        sentences.append(
            tr("{letters} Einladungsbrief(e) {where}.").format(letters=letters, where=where)
        )
    if email_folder is not None and issued.drafts:
        drafts = tr("{drafts} in {folder} gespeichert").format(
            drafts=_drafts(issued.drafts), folder=email_folder
        )
        if where is None:
            drafts += tr("; 0 Briefe zum Drucken")
        sentences.append(
            drafts + tr(". Öffnen Sie die .eml-Dateien in Outlook oder Thunderbird, prüfen "
                        "Sie sie und senden Sie sie von dort ab.")
        )
    elif email_folder is not None:
        sentences.append(tr("Keine E-Mail-Entwürfe: niemand wird per E-Mail eingeladen."))
    sentences.append(tr("Bei diesen Eingeladenen ist das Einladungsdatum jetzt eingetragen."))
    return " ".join(sentences)


def drafts_notice(documents: InvitationDocuments, email_folder: Path) -> str:
    """The preview's line above the pages: the drafts go with the first print or save."""
    return tr(
        "Die Vorschau zeigt die {letters} Brief(e) für die Post. Beim ersten Drucken oder "
        "Speichern werden auch {drafts} in {folder} gespeichert; vorher wird nichts "
        "geschrieben."
    ).format(letters=len(documents.posted), drafts=_drafts(len(documents.drafts)),
             folder=email_folder)


class InvitationPreviewDialog(PdfPreviewDialog):
    """The preview of the combined letters; printing and saving issue the invitations."""

    def __init__(
        self,
        services: Services,
        documents: InvitationDocuments,
        folder: Path | None,
        parent: QWidget | None = None,
        on_issued: Callable[[str], None] | None = None,
        *,
        email_folder: Path | None = None,
    ) -> None:
        self.documents = documents
        self.folder = folder
        self.on_issued = on_issued
        #: Where the e-mail drafts go, until the first print or save has written them.
        self.email_folder = email_folder if documents.drafts else None
        super().__init__(services, documents.combined, parent)
        self.drafts_label = QLabel()
        self.drafts_label.setObjectName("invitationDrafts")
        self.drafts_label.setWordWrap(True)
        self.drafts_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.drafts_label.setContentsMargins(4, 2, 4, 2)
        if self.email_folder is not None:
            self._say_drafts(drafts_notice(documents, self.email_folder))
        self.drafts_label.setVisible(self.email_folder is not None)
        layout = self.layout()
        if isinstance(layout, QVBoxLayout):
            layout.insertWidget(1, self.drafts_label)
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
        *,
        email_folder: Path | None = None,
    ) -> None:
        """Open the preview modally; tests replace this classmethod. ``email_folder``: the
        e-mail drafts are written there with the first print or save."""
        dialog = cls(services, documents, folder, parent, on_issued, email_folder=email_folder)
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

    def _say_drafts(self, text: str) -> None:
        self.drafts_label.setText(text)
        self.drafts_label.setAccessibleName(text)

    def _issue(self, out: Path | None, folder: Path | None, *, printed: bool) -> None:
        """Issue what the action produced; the first one also writes the e-mail drafts (one
        ``issue_invitations`` call: the letters, the drafts, their log and ``invited_at``
        together or not at all), later ones leave them out, so none is written twice."""
        events = self.services.events
        email_folder = self.email_folder
        documents = (self.documents if email_folder is not None
                     else replace(self.documents, drafts=()))
        for action in (self.save_action, self.print_action, self.folder_action):
            action.setEnabled(False)

        def work() -> IssuedInvitations:  # worker thread: no widgets
            return events.issue_invitations(
                documents, out=out, folder=folder, email_folder=email_folder, printed=printed
            )

        def restore() -> None:
            self.save_action.setEnabled(True)
            self.print_action.setEnabled(True)
            self.folder_action.setEnabled(self.folder is not None)

        def done(issued: IssuedInvitations) -> None:
            restore()
            self.issued_ids.extend(issued.log_ids)
            if out is not None:
                self.saved_path = out
            message = issued_text(issued, printed=printed, folder=folder,
                                  email_folder=email_folder)
            if email_folder is not None:
                self.email_folder = None  # written: later prints and saves leave them out
                self._say_drafts(
                    tr("{drafts} gespeichert in {folder}.").format(
                        drafts=_drafts(issued.drafts), folder=email_folder)
                )
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
    "drafts_notice",
    "issued_text",
    "problems_text",
]
