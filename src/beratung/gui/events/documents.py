"""The event view's tab "Dokumente": everything that goes out for an event.

* **Drucksachen** — Einladungsbriefe, Teilnehmerliste, Namensschilder, Adressetiketten,
  Teilnahmebescheinigungen, Bedarfsübersicht. Each button asks its options
  (``document_options.py``, ``invitation_dialogs.py``), renders the document off the GUI thread
  (``run_operation`` with the row "… wird erstellt" and "Abbrechen", also Esc) and opens the
  app's PDF preview (``gui/preview.py``), where "Drucken …" and "Als PDF speichern …" log the
  document with ``services.documents.record_issue`` — only what was really printed or saved.
  Invitations are checked first (``check_invitations``: who cannot be printed and why; skip or
  cancel), and their preview issues them through ``issue_invitations`` (log and ``invited_at``
  for exactly the documents produced). One PDF per person (letters, certificates) goes into a
  folder: all files or none. Invitations in each person's version (standard, large print,
  Leichte Sprache) unless one is chosen for all; e-mail drafts (``.eml``) for those invited by
  e-mail go into a folder with the first print or save of the preview, or at once when nobody
  is left to post.
* **Kalendereintrag** — the calendar entry (.ics, RFC 5545, built by ``event_calendar``) for
  Outlook and Thunderbird, written atomically off the GUI thread. It is the event *as stored*:
  edits not yet saved on "Details" are not in it (the tab says so).

The tab calls services only, on the worker thread; cancelling a run before its files are written
leaves nothing behind (nothing written, nothing logged).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.cancel import OperationCancelledError, cancellable, raise_if_cancelled
from beratung.domain.errors import UserError
from beratung.gui.address_labels import print_address_labels
from beratung.gui.errors import report_exception
from beratung.gui.events.base import EventTab
from beratung.gui.events.common import PlanningDialogs, local
from beratung.gui.events.document_options import (
    BadgeOptionsDialog,
    CertificateOptionsDialog,
    DocumentDialogs,
    LabelOptions,
    LabelOptionsDialog,
    NeedsOptionsDialog,
    SignInOptionsDialog,
)
from beratung.gui.events.invitation_dialogs import (
    InvitationCheckDialog,
    InvitationOptions,
    InvitationOptionsDialog,
    InvitationPreviewDialog,
    issued_text,
)
from beratung.gui.events.registration_common import (
    EventDialogs,
    Notice,
    WorkInProgress,
    tab_chain,
)
from beratung.gui.events.replies_dialog import ReplyImportDialog
from beratung.gui.operations import run_operation
from beratung.gui.preview import PdfPreviewDialog
from beratung.gui.style import light_grid, scaled
from beratung.services.events.invitations import (
    InvitationDocuments,
    IssuedInvitations,
    PrintProblem,
)
from beratung.services.events.snapshots import EventDetail, RegistrationRow
from beratung.services.files import write_all_atomically, write_atomically

if TYPE_CHECKING:
    from beratung.services import Services
    from beratung.services.documents import RenderedDocument

T = TypeVar("T")


def calendar_file_stem(detail: EventDetail) -> str:
    """ "Werkstattgespraech-Inklusive-Quartiere-2017-10-25": the title without characters a
    file system may refuse, and the day, so two events of a series do not overwrite each
    other's file."""
    day = local(detail.starts_at).date()
    stem = re.sub(r"[^\w-]+", "-", detail.title).strip("-") or "Veranstaltung"
    return f"{stem}-{day.isoformat()}"


class ProgressRelay(QObject):
    """Carries (done, total) from the worker thread to the GUI thread (a queued signal)."""

    advanced = Signal(int, int)


class DocumentsTab(EventTab):
    def tab_title(self) -> str:
        return self.tr("Dokumente")

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.setObjectName("eventDocuments")
        light_grid(self)
        self._busy = False
        #: The calendar file written last (tests and the status line read it).
        self.last_calendar_file: Path | None = None
        #: The files of the last "one PDF per person" run (tests read it).
        self.last_files: list[Path] = []
        #: The registrations chosen on "Einladungen und Anmeldungen" (the page wires it); the
        #: invitation dialog starts with them ticked.
        self.selection: Callable[[], Sequence[int]] = tuple
        self._build()
        self.set_event(None)

    def _section(self, layout: QVBoxLayout, title: str) -> None:
        label = QLabel(title)
        label.setProperty("role", "sectionTitle")
        label.setAccessibleName(title)
        layout.addWidget(label)

    def _explain(self, text: str, name: str = "") -> QLabel:
        label = QLabel(text)
        if name:
            label.setObjectName(name)
        label.setWordWrap(True)
        label.setMaximumWidth(scaled(760))
        label.setProperty("role", "venueSummary")
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setAccessibleName(text)
        return label

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(10)

        self._section(layout, self.tr("Drucksachen"))
        self.text = self._explain(
            self.tr(
                "Jedes Dokument zeigt erst die Vorschau. Gedruckt oder als PDF gespeichert "
                "wird es dort – und nur dann im Protokoll der Ausgaben vermerkt."
            ),
            "documentsText",
        )
        layout.addWidget(self.text)
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(8)
        entries: tuple[tuple[str, str, str, Callable[[], None]], ...] = (
            ("printInvitations", self.tr("Einladungsb&riefe …"),
             self.tr("DIN 5008, auch Großdruck und Leichte Sprache; vorher geprüft. Zum "
                     "Drucken, eine PDF je Person, E-Mail-Entwürfe."),
             self.print_invitations),
            ("printSignInList", self.tr("Teilnehmer&liste …"),
             self.tr("Zum Unterschreiben: Spalten, Sortierung, leere Zeilen, Hoch- oder "
                     "Querformat."),
             self.print_sign_in_list),
            ("printBadges", self.tr("Namens&schilder …"),
             self.tr("Auf Durable- und Avery-Bögen, ab einem beliebigen Schild, mit QR-Code "
                     "für die Teilnahme."),
             self.print_badges),
            ("printLabels", self.tr("Adresset&iketten …"),
             self.tr("Anschriften der Eingeladenen auf Etikettenbögen; die Verschiebung in mm "
                     "wird je Bogen gemerkt."),
             self.print_labels),
            ("printCertificates", self.tr("Teilnahmebescheini&gungen …"),
             self.tr("Für alle, die teilgenommen haben: eine PDF oder eine je Person."),
             self.print_certificates),
            ("printNeeds", self.tr("Bedar&fsübersicht …"),
             self.tr("Die Bedarfe in Zahlen für Ort und Catering; die Namensliste nur nach "
                     "Rückfrage."),
             self.print_needs_summary),
            ("importReplies", self.tr("Rück&meldungen einlesen …"),
             self.tr("Ausgefüllte Rückmeldebogen (PDF) einlesen: erst prüfen, dann in einem "
                     "Schritt übernehmen."),
             self.import_replies),
        )  # fmt: skip
        self.document_buttons: dict[str, QPushButton] = {}
        for row, (name, text, explain, slot) in enumerate(entries):
            push = QPushButton(text)
            push.setObjectName(name)
            push.setAccessibleName(text.replace("&", "").replace(" …", ""))
            push.setAccessibleDescription(explain)
            push.setToolTip(explain)
            push.setAutoDefault(False)
            push.clicked.connect(lambda _c=False, slot=slot: slot())
            self.document_buttons[name] = push
            grid.addWidget(push, row, 0)
            grid.addWidget(self._explain(explain), row, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        self.work = WorkInProgress("documentWork")
        layout.addWidget(self.work)
        self.notice = Notice("documentNotice")
        layout.addWidget(self.notice)

        layout.addSpacing(14)
        self._section(layout, self.tr("Kalendereintrag"))
        layout.addWidget(
            self._explain(
                self.tr(
                    "Der Termin als .ics-Datei für Outlook, Thunderbird und andere Kalender – "
                    "mit Ort, Anschrift und Tagesordnung. Exportiert wird der gespeicherte "
                    "Stand; eine spätere Änderung exportieren Sie einfach noch einmal, der "
                    "Kalender ersetzt den alten Eintrag."
                )
            )
        )
        calendar_row = QHBoxLayout()
        calendar_row.setSpacing(10)
        self.calendar_button = QPushButton(self.tr("Kalendereintrag (.ics) e&xportieren …"))
        self.calendar_button.setObjectName("exportCalendar")
        self.calendar_button.setAccessibleName(self.tr("Kalendereintrag exportieren"))
        self.calendar_button.setToolTip(
            self.tr("Den Termin als .ics-Datei für Outlook oder Thunderbird speichern")
        )
        self.calendar_button.setAutoDefault(False)
        self.calendar_button.clicked.connect(self.export_calendar)
        self.calendar_state = QLabel()
        self.calendar_state.setObjectName("calendarState")
        self.calendar_state.setProperty("role", "venueSummary")
        self.calendar_state.setWordWrap(True)
        self.calendar_state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        calendar_row.addWidget(self.calendar_button)
        calendar_row.addWidget(self.calendar_state, 1)
        layout.addLayout(calendar_row)
        layout.addStretch(1)
        tab_chain(
            [
                *self.document_buttons.values(),
                self.work.cancel_button,
                self.notice.close_button,
                self.calendar_button,
            ]
        )

    def set_event(self, detail: EventDetail | None) -> None:
        if detail is None or self.detail is None or detail.id != self.detail.id:
            self.calendar_state.clear()
            self.notice.clear()
        super().set_event(detail)
        self._update_state()

    def _update_state(self) -> None:
        enabled = self.detail is not None and not self._busy
        self.calendar_button.setEnabled(enabled)
        for push in self.document_buttons.values():
            push.setEnabled(enabled)

    # ----------------------------------------------------------------- running

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.work.running:
            self.work.cancel()
            return
        super().keyPressEvent(event)

    def _run(
        self,
        work: Callable[[], T],
        done: Callable[[T], None],
        text: str,
        *,
        cancellable_run: bool = True,
    ) -> None:
        """``work`` on the worker thread with the busy row ("Abbrechen", Esc) when
        ``cancellable_run``; a cancel rolls back and says that nothing was made."""
        self._busy = True
        self._update_state()
        token = self.work.start(text) if cancellable_run else None
        if token is None:
            self.work.finish()

        def succeeded(result: T) -> None:
            self.work.finish()
            self._busy = False
            self._update_state()
            if token is not None and token.cancelled:  # too late to stop, but she asked to
                self.notice.show_text(self.tr("Abgebrochen – es wurde nichts erstellt."))
                return
            done(result)

        def failed(exc: BaseException) -> None:
            self.work.finish()
            self._busy = False
            self._update_state()
            if isinstance(exc, OperationCancelledError):
                self.notice.show_text(
                    self.tr("Abgebrochen – es wurde nichts gespeichert und nichts protokolliert.")
                )
            elif isinstance(exc, UserError):
                # on the tab, not in a box: it names the records to fix, she may copy them
                self.notice.show_text(str(exc), "error")
            else:
                report_exception(exc, self)

        run_operation(self, work, succeeded, on_failure=failed, progress_text=text, cancel=token)

    def _preview(self, render: Callable[[], RenderedDocument], text: str) -> None:
        """Render off the GUI thread, then open the app's preview (print, save, log)."""

        def show(document: RenderedDocument) -> None:
            PdfPreviewDialog.show_document(self, self.services, document)

        self._run(render, show, text)

    def _event_id(self) -> int | None:
        if self._busy or self.detail is None:
            return None
        self.notice.clear()
        return self.detail.id

    # ----------------------------------------------------------------- the documents

    def print_sign_in_list(self) -> None:
        event_id = self._event_id()
        if event_id is None:
            return
        options = SignInOptionsDialog.choose(self)
        if options is None:
            return
        events = self.services.events
        self._preview(
            lambda: events.render_sign_in_list(
                event_id,
                columns=options.columns,
                sort=options.sort,
                blank_rows=options.blank_rows,
                landscape=options.landscape,
            ),
            self.tr("Teilnehmerliste wird erstellt …"),
        )

    def print_badges(self) -> None:
        event_id = self._event_id()
        if event_id is None:
            return
        options = BadgeOptionsDialog.choose(self)
        if options is None:
            return
        sheets = self.services.sheets
        self._preview(
            lambda: sheets.render_badges(
                event_id,
                sheet=options.sheet,
                start=options.start,
                qr=options.qr,
                blank=options.blank,
            ),
            self.tr("Namensschilder werden erstellt …"),
        )

    def print_labels(self) -> None:
        """The invitees' labels, the steps shared with the Verteiler view
        (:func:`~beratung.gui.address_labels.print_address_labels`) on this tab's busy row."""
        event_id = self._event_id()
        if event_id is None:
            return
        sheets = self.services.sheets

        def render(options: LabelOptions) -> RenderedDocument:
            return sheets.render_event_labels(
                event_id,
                sheet=options.sheet,
                start=options.start,
                statuses=options.statuses,
                nudge=options.nudge,
            )

        print_address_labels(
            self,
            self.services,
            self._run,
            lambda remembered: LabelOptionsDialog.choose(self, remembered),
            render,
        )

    def print_certificates(self) -> None:
        event_id = self._event_id()
        if event_id is None:
            return
        options = CertificateOptionsDialog.choose(self)
        if options is None:
            return
        events = self.services.events
        if not options.per_person:
            self._preview(
                lambda: events.render_attendance_certificates(event_id),
                self.tr("Teilnahmebescheinigungen werden erstellt …"),
            )
            return
        folder = DocumentDialogs.choose_folder(
            self, self.tr("Ordner für die Teilnahmebescheinigungen")
        )
        if folder is None:
            return
        documents = self.services.documents

        def work() -> list[Path]:  # worker thread: no widgets
            singles = events.render_attendance_certificates_per_person(event_id)
            raise_if_cancelled()  # the last moment a cancel stops everything
            with cancellable(None):  # from here on: all files and their log, or none
                written = write_all_atomically(
                    [(folder / document.suggested_file_name, document.pdf) for document in singles]
                )
                for document in singles:
                    documents.record_issue(document, action="als PDF gespeichert")
            return written

        def done(written: list[Path]) -> None:
            self.last_files = written
            self._say(
                self.tr("{n} Teilnahmebescheinigung(en) gespeichert in {folder}.").format(
                    n=len(written), folder=folder
                )
            )

        self._run(work, done, self.tr("Teilnahmebescheinigungen werden erstellt …"))

    def import_replies(self) -> None:
        """Returned reply forms: the dialog shows the dry run and applies in one step; the
        page reloads the event when something was applied."""
        event_id = self._event_id()
        if event_id is None:
            return
        if ReplyImportDialog.run(self, self.services, event_id):
            self.changed.emit()

    def print_needs_summary(self) -> None:
        event_id = self._event_id()
        if event_id is None:
            return
        options = NeedsOptionsDialog.choose(self)
        if options is None:
            return
        if options.named and not EventDialogs.confirm(
            self,
            self.tr("Namensliste mit Gesundheitsdaten erstellen?"),
            self.tr(
                "Die Liste zeigt, wer welche Bedarfe hat. Sie ist nur für die Organisation "
                "der Veranstaltung bestimmt: nicht weitergeben. Veranstaltungsort und "
                "Catering bekommen die Zusammenfassung ohne Namen."
            ),
            self.tr("Namensliste erstellen"),
        ):
            return
        events = self.services.events
        self._preview(
            lambda: events.render_needs_summary(event_id, named=options.named),
            self.tr("Bedarfsübersicht wird erstellt …"),
        )

    # ----------------------------------------------------------------- invitations

    def print_invitations(self) -> None:
        """Options → check (skip or cancel) → folder → render (progress, Abbrechen) →
        preview, where printing or saving issues the letters."""
        event_id = self._event_id()
        if event_id is None:
            return
        events = self.services.events

        def ask(rows: list[RegistrationRow]) -> None:
            options = InvitationOptionsDialog.choose(self, rows, tuple(self.selection()))
            if options is not None:
                self._check_invitations(event_id, options)

        self._run(
            lambda: events.list_registrations(event_id),
            ask,
            self.tr("Einladungsliste wird gelesen …"),
            cancellable_run=False,
        )

    def _check_invitations(self, event_id: int, options: InvitationOptions) -> None:
        events = self.services.events

        def checked(problems: list[PrintProblem]) -> None:
            request = options.request
            if problems:
                if not InvitationCheckDialog.review(self, problems):
                    self.notice.show_text(
                        self.tr(
                            "Nichts gedruckt. Ergänzen Sie die Angaben in den Kontakten und "
                            "versuchen Sie es dann noch einmal."
                        )
                    )
                    return
                skip = frozenset(problem.registration_id for problem in problems)
                request = replace(request, skip=request.skip | skip)
            folder: Path | None = None
            if options.per_recipient:
                folder = DocumentDialogs.choose_folder(
                    self, self.tr("Ordner für die Einladungsbriefe")
                )
                if folder is None:
                    return
            email_folder: Path | None = None
            if request.email_drafts:
                email_folder = DocumentDialogs.choose_folder(
                    self, self.tr("Ordner für die E-Mail-Entwürfe (.eml)")
                )
                if email_folder is None:
                    self.notice.show_text(
                        self.tr("Kein Ordner für die E-Mail-Entwürfe gewählt – es wurde nichts "
                                "erstellt und nichts gespeichert.")
                    )
                    return
            self._render_invitations(
                event_id,
                InvitationOptions(request, options.combined, options.per_recipient),
                folder,
                email_folder,
            )

        self._run(
            lambda: events.check_invitations(event_id, options.request),
            checked,
            self.tr("Einladungen werden geprüft …"),
            cancellable_run=False,
        )

    def _render_invitations(
        self,
        event_id: int,
        options: InvitationOptions,
        folder: Path | None,
        email_folder: Path | None = None,
    ) -> None:
        """Render on the worker (progress, Abbrechen); then the preview of the letters to post,
        whose first print or save also writes the drafts — or, with no preview wanted or
        nobody left to post, the folder and the drafts written at once."""
        events = self.services.events
        relay = ProgressRelay(self)
        relay.advanced.connect(self._progress)

        def progress(done: int, total: int) -> None:  # worker thread: a signal only
            raise_if_cancelled()
            relay.advanced.emit(done, total)

        def work() -> InvitationDocuments:
            return events.render_invitations(
                event_id, options.request, per_recipient=options.per_recipient,
                progress=progress,
            )  # fmt: skip

        def rendered(documents: InvitationDocuments) -> None:
            relay.deleteLater()
            if options.combined and documents.post is not None:
                InvitationPreviewDialog.show_invitations(
                    self, self.services, documents, folder, self._say,
                    email_folder=email_folder,
                )  # fmt: skip
            elif folder is not None or email_folder is not None:
                self._issue_at_once(documents, folder, email_folder)

        self._run(work, rendered, self.tr("Einladungsbriefe werden erstellt …"))

    def _progress(self, done: int, total: int) -> None:
        if not self.work.running:
            return
        self.work.bar.setRange(0, total)
        self.work.bar.setValue(done)
        self.work.label.setText(
            self.tr("Einladungsbriefe werden erstellt: {done} von {total} …").format(
                done=done, total=total
            )
        )

    def _issue_at_once(
        self, documents: InvitationDocuments, folder: Path | None, email_folder: Path | None
    ) -> None:
        """Write the single letters and/or the drafts without a preview: one
        ``issue_invitations`` call, so the files, the log and ``invited_at`` go together."""
        events = self.services.events

        def done(issued: IssuedInvitations) -> None:
            self.last_files = list(issued.files)
            self._say(issued_text(issued, printed=False, folder=folder,
                                  email_folder=email_folder))  # fmt: skip

        self._run(
            lambda: events.issue_invitations(
                documents, folder=folder, email_folder=email_folder, printed=False
            ),
            done,
            self.tr("Einladungen werden gespeichert …"),
            cancellable_run=False,  # writing is short; its files and log go together
        )

    def _say(self, message: str) -> None:
        self.notice.show_text(message, "ok")
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(message, 10_000)

    def is_busy(self) -> bool:
        return self._busy

    def export_calendar(self) -> None:
        """Kalendereintrag (.ics) exportieren …: ask for the file, write it off the GUI thread."""
        detail = self.detail
        if self._busy or detail is None:
            return
        name = PlanningDialogs.calendar_file_name(self, f"{calendar_file_stem(detail)}.ics")
        if not name:
            return
        target = Path(name)
        if target.suffix.lower() != ".ics":
            target = target.with_name(f"{target.name}.ics")
        events = self.services.events
        event_id = detail.id

        def work() -> Path:  # worker thread: no widgets
            write_atomically(target, events.event_calendar(event_id))
            return target

        def done(path: Path) -> None:
            self._busy = False
            self._update_state()
            self.last_calendar_file = path
            message = self.tr("Kalendereintrag gespeichert: {path}").format(path=path)
            self.calendar_state.setText(message)
            self.calendar_state.setAccessibleName(message)
            window = self.window()
            if isinstance(window, QMainWindow):
                window.statusBar().showMessage(message, 10_000)

        def failed(exc: BaseException) -> None:
            self._busy = False
            self._update_state()
            report_exception(exc, self)

        self._busy = True
        self._update_state()
        run_operation(
            self,
            work,
            done,
            on_failure=failed,
            progress_text=self.tr("Kalendereintrag wird gespeichert …"),
        )


__all__ = ["DocumentsTab", "calendar_file_stem"]
