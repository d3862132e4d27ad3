"""The consultation entry form ("Neue Beratung", Ctrl+N): everything with the keyboard.

Tab order follows the conversation: Datum, Uhrzeit, Dauer, Art (Alt+O/T/V/E), Organisation (a
completer: type "Ulm"), Personen, Themen (last used first; new ones typed), Programm, Betreff,
Zusammenfassung, Ergebnis, Aktenzeichen, Anhänge, Wiedervorlage, Notiz. Ctrl+S saves, Esc
cancels. Input is checked at the field before anything is saved; saving runs through
:func:`~beratung.gui.operations.run_operation`. The form's
:class:`~beratung.gui.feedback.FormFeedback` shows a :class:`ValidationError` at its field
(announced, and repeated at the top) and a consultation saved meanwhile as the banner with
"Neu laden". Each field is registered under the name the services use in
``ValidationError.field`` (``feedback.names()``); the form's own checks raise the same names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QCompleter,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.enums import ConsultationMode
from beratung.domain.errors import ConcurrentEditError, UserError, ValidationError
from beratung.domain.rules.dates import (
    OFFICE_TIME_ZONE,
    format_date_de,
    format_time_de,
    parse_time_de,
)
from beratung.gui.consultations.fields import DateField, due_date, past_date
from beratung.gui.consultations.organisation_field import OrganisationField
from beratung.gui.consultations.topics import TopicManager
from beratung.gui.errors import report_exception
from beratung.gui.feedback import FieldMessage, FormFeedback, MessageLabel
from beratung.gui.fit import fit_to_screen, scrolling_dialog_body
from beratung.gui.operations import run_operation
from beratung.gui.style import scaled
from beratung.services.consultations import ConsultationDraft, ConsultationPrefill, TopicRef
from beratung.services.followups import FollowUpDraft

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

    from beratung.services import Services
    from beratung.services.consultations import ConsultationDetail, PersonRef


class FormDialogs:
    """Small dialogs of the form; tests replace these entry points."""

    @classmethod
    def attachment_files(cls, parent: QWidget) -> list[str]:
        files, _filter = QFileDialog.getOpenFileNames(
            parent, QCoreApplication.translate("ConsultationForm", "Anhänge hinzufügen")
        )
        return list(files)


@dataclass(frozen=True, slots=True)
class SaveResult:
    detail: ConsultationDetail
    follow_up_id: int | None


class ConsultationForm(QDialog):
    """New (``detail`` None) or existing consultation. ``saved(SaveResult)`` after saving."""

    saved = Signal(object)

    def __init__(
        self,
        services: Services,
        prefill: ConsultationPrefill,
        detail: ConsultationDetail | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.prefill = prefill
        self.detail = detail
        self.result_value: SaveResult | None = None
        self._pending_files: list[Path] = []
        self._saving = False
        self.setObjectName("consultationForm")
        self.setWindowTitle(self.tr("Beratung bearbeiten") if detail else self.tr("Neue Beratung"))
        self.setAccessibleName(self.windowTitle())
        self._build()
        self._fill(prefill, detail)
        # sized to its content (not a fixed 980 px), at most the screen; the body scrolls
        fit_to_screen(self, self.body_scroll)
        self.date_field.setFocus()
        self.date_field.edit.selectAll()

    # ================================================================= building
    def _build(self) -> None:
        today = self.services.context.today
        outer, self.body_scroll = scrolling_dialog_body(self, "consultationFormBody")
        outer.setContentsMargins(20, 16, 20, 14)
        outer.setSpacing(12)

        self.error_label = QLabel()
        self.error_label.setObjectName("formError")
        #: Field errors at their field (and at the top), the conflict banner; Esc leaves
        #: without asking, so nothing is tracked.
        self.feedback = FormFeedback(
            self, summary=self.error_label, conflicts=True, tracks_changes=False
        )
        self.feedback.reload_requested.connect(self.reload)
        assert self.feedback.banner is not None
        outer.addWidget(self.feedback.banner)
        outer.addWidget(self.error_label)

        columns = QHBoxLayout()
        columns.setSpacing(28)
        left = QFormLayout()
        right = QFormLayout()
        for form in (left, right):
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setVerticalSpacing(8)
            form.setHorizontalSpacing(10)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        outer.addLayout(columns, 1)

        # --- when
        self.date_field = DateField(
            today,
            past_date,
            field="occurred_at",
            placeholder=self.tr("heute, gestern, 25.10."),
            accessible_name=self.tr("Datum"),
        )
        self.date_field.edit.setMaximumWidth(scaled(130))
        left.addRow(self._label(self.tr("&Datum"), self.date_field.edit), self.date_field)
        self.feedback.register("occurred_at", self.date_field.message)

        when = QHBoxLayout()
        when.setSpacing(8)
        self.time_edit = QLineEdit()
        self.time_edit.setAccessibleName(self.tr("Uhrzeit"))
        self.time_edit.setPlaceholderText(self.tr("14:30"))
        self.time_edit.setMaximumWidth(scaled(80))
        self.time_edit.textChanged.connect(self._check_time)
        self.duration = QSpinBox()
        self.duration.setAccessibleName(self.tr("Dauer in Minuten"))
        self.duration.setRange(0, 1440)
        self.duration.setSingleStep(15)
        self.duration.setSpecialValueText(self.tr("–"))
        self.duration.setSuffix(self.tr(" min"))
        self.duration.setMaximumWidth(scaled(100))
        duration_label = self._label(self.tr("Da&uer"), self.duration)
        self.time_feedback = QLabel()
        self.time_feedback.setObjectName("timeFeedback")
        when.addWidget(self.time_edit)
        when.addSpacing(10)
        when.addWidget(duration_label)
        when.addWidget(self.duration)
        when.addWidget(self.time_feedback, 1)
        left.addRow(self._label(self.tr("Uhrze&it"), self.time_edit), when)
        self.feedback.register(
            "occurred_time",
            FieldMessage(self.time_edit, self.time_feedback, restore=self._check_time),
        )
        self._message_row(left, "duration_minutes", self.duration)

        # --- mode: Alt + underlined letter
        modes = QHBoxLayout()
        modes.setSpacing(14)
        self.mode_group = QButtonGroup(self)
        self.mode_buttons: dict[ConsultationMode, QRadioButton] = {}
        for mode, text in (
            (ConsultationMode.ON_SITE, self.tr("v&or Ort")),
            (ConsultationMode.PHONE, self.tr("&Telefon")),
            (ConsultationMode.VIDEO, self.tr("&Video")),
            (ConsultationMode.EMAIL, self.tr("&E-Mail")),
        ):
            button = QRadioButton(text)
            button.setAccessibleName(text.replace("&", ""))
            self.mode_group.addButton(button)
            self.mode_buttons[mode] = button
            modes.addWidget(button)
        modes.addStretch(1)
        left.addRow(QLabel(self.tr("Art")), modes)
        self._message_row(left, "mode", self.mode_buttons[ConsultationMode.PHONE])

        # --- who
        self.organisation = OrganisationField(self.services)
        self.organisation.setAccessibleName(self.tr("Kommune oder Organisation"))
        self.organisation.setPlaceholderText(self.tr("Name eingeben, z. B. Ulm"))
        self.organisation.organisation_changed.connect(self._organisation_changed)
        self.organisation_feedback = MessageLabel()
        self.organisation_feedback.setObjectName("organisationFeedback")
        self.organisation_feedback.hide()
        self.feedback.register(
            "organisation_id", self.organisation, label=self.organisation_feedback
        )
        org_box = QVBoxLayout()
        org_box.setSpacing(2)
        org_box.addWidget(self.organisation)
        org_box.addWidget(self.organisation_feedback)
        left.addRow(self._label(self.tr("&Kommune/Org."), self.organisation), org_box)

        self.persons_model = QStandardItemModel(self)
        self.persons_view = self._check_list(self.persons_model, self.tr("Personen"), 92)
        left.addRow(self._label(self.tr("&Personen"), self.persons_view), self.persons_view)
        self._message_row(left, "person_ids", self.persons_view, track=False)

        self.topics_model = QStandardItemModel(self)
        self.topics_view = self._check_list(self.topics_model, self.tr("Themen"), 150)
        left.addRow(self._label(self.tr("T&hemen"), self.topics_view), self.topics_view)
        self._message_row(left, "topic_ids", self.topics_view, track=False)
        self.new_topics = QLineEdit()
        self.new_topics.setAccessibleName(self.tr("Weitere oder neue Themen"))
        self.new_topics.setPlaceholderText(self.tr("weitere/neue Themen, mit Komma getrennt"))
        self._topic_completer = QCompleter(QStringListModel(self), self)
        self._topic_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._topic_completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.new_topics.setCompleter(self._topic_completer)
        self.topics_button = QPushButton(self.tr("The&men verwalten …"))
        self.topics_button.setAccessibleName(self.tr("Themen verwalten"))
        self.topics_button.setToolTip(
            self.tr("Themen anlegen, umbenennen, deaktivieren – mit der Zahl ihrer Beratungen")
        )
        self.topics_button.setAutoDefault(False)
        self.topics_button.clicked.connect(self.manage_topics)
        topic_row = QHBoxLayout()
        topic_row.setSpacing(6)
        topic_row.addWidget(self.new_topics, 1)
        topic_row.addWidget(self.topics_button)
        left.addRow("", topic_row)
        self._message_row(left, "new_topic_names", self.new_topics)

        # --- what
        self.programme = QComboBox()
        self.programme.setAccessibleName(self.tr("Programm"))
        right.addRow(self._label(self.tr("Pro&gramm"), self.programme), self.programme)
        self._message_row(right, "programme_id", self.programme)
        self.subject = QLineEdit()
        self.subject.setAccessibleName(self.tr("Betreff"))
        self.subject.setMaxLength(300)
        right.addRow(self._label(self.tr("&Betreff"), self.subject), self.subject)
        self._message_row(right, "subject", self.subject)
        self.summary = self._text_edit(self.tr("Zusammenfassung"), 110)
        right.addRow(self._label(self.tr("&Zusammenfassung"), self.summary), self.summary)
        self._message_row(right, "summary", self.summary)
        self.outcome = self._text_edit(self.tr("Ergebnis"), 64)
        right.addRow(self._label(self.tr("E&rgebnis"), self.outcome), self.outcome)
        self._message_row(right, "outcome", self.outcome)
        self.file_reference = QLineEdit()
        self.file_reference.setAccessibleName(self.tr("Aktenzeichen"))
        self.file_reference.setMaxLength(100)
        right.addRow(
            self._label(self.tr("Aktenzei&chen"), self.file_reference), self.file_reference
        )
        self._message_row(right, "file_reference", self.file_reference)

        attachments = QHBoxLayout()
        self.attachments_label = QLabel(self.tr("keine"))
        self.attachments_label.setProperty("role", "muted")
        self.attachments_label.setWordWrap(True)
        self.add_file_button = QPushButton(self.tr("Datei &anhängen …"))
        self.add_file_button.setAccessibleName(self.tr("Datei anhängen"))
        self.add_file_button.setAutoDefault(False)
        self.add_file_button.clicked.connect(self.choose_attachments)
        attachments.addWidget(self.add_file_button)
        attachments.addWidget(self.attachments_label, 1)
        right.addRow(QLabel(self.tr("Anhänge")), attachments)
        self._message_row(right, "attachments", self.add_file_button, track=False)

        # --- follow-up
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setProperty("role", "separator")
        right.addRow(line)
        self.follow_up_due = DateField(
            today,
            due_date,
            field="due",
            placeholder=self.tr("in 2 Wochen, nächsten Monat, 25.10."),
            accessible_name=self.tr("Wiedervorlage am"),
        )
        self.follow_up_due.edit.setMaximumWidth(scaled(190))
        right.addRow(
            self._label(self.tr("&Wiedervorlage"), self.follow_up_due.edit), self.follow_up_due
        )
        self.feedback.register("due", self.follow_up_due.message)
        self.follow_up_note = QLineEdit()
        self.follow_up_note.setAccessibleName(self.tr("Notiz zur Wiedervorlage"))
        self.follow_up_note.setPlaceholderText(
            self.tr("z. B. Nachfragen, ob der Antrag gestellt ist")
        )
        right.addRow(self._label(self.tr("&Notiz"), self.follow_up_note), self.follow_up_note)
        self._message_row(right, "note", self.follow_up_note)

        # --- buttons
        buttons = QHBoxLayout()
        hint = QLabel(self.tr("Strg+S speichert · Esc bricht ab"))
        hint.setProperty("role", "muted")
        buttons.addWidget(hint)
        buttons.addStretch(1)
        self.cancel_button = QPushButton(self.tr("Abbrechen"))
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.save_button = QPushButton(self.tr("&Speichern"))
        self.save_button.setAccessibleName(self.tr("Speichern"))
        self.save_button.setAutoDefault(False)
        self.save_button.setDefault(False)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        # the buttons stay in view below the scrolling body
        buttons.setContentsMargins(20, 6, 20, 14)
        root = self.layout()
        assert isinstance(root, QVBoxLayout)
        root.addLayout(buttons)

        self.save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        self.save_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.save_shortcut.activated.connect(self.save)
        if QKeySequence(QKeySequence.StandardKey.Save) != QKeySequence("Ctrl+S"):
            extra = QShortcut(QKeySequence("Ctrl+S"), self)
            extra.activated.connect(self.save)

        order: list[QWidget] = [
            self.date_field.edit,
            self.time_edit,
            self.duration,
            *self.mode_buttons.values(),
            self.organisation,
            self.persons_view,
            self.topics_view,
            self.new_topics,
            self.topics_button,
            self.programme,
            self.subject,
            self.summary,
            self.outcome,
            self.file_reference,
            self.add_file_button,
            self.follow_up_due.edit,
            self.follow_up_note,
            self.save_button,
            self.cancel_button,
        ]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)
        self.tab_order = order

    def _message_row(
        self, form: QFormLayout, name: str, widget: QWidget, *, track: bool = True
    ) -> None:
        """Register ``widget`` as the field ``name`` with its message line under the row."""
        form.addRow("", self.feedback.register(name, widget, track=track).label)

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def _check_list(self, model: QStandardItemModel, name: str, height: int) -> QListView:
        view = QListView()
        view.setModel(model)
        view.setAccessibleName(name)
        view.setMinimumHeight(height)
        view.setMaximumHeight(height + 40)
        view.setUniformItemSizes(True)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        return view

    def _text_edit(self, name: str, height: int) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setAccessibleName(name)
        edit.setTabChangesFocus(True)
        edit.setMinimumHeight(height)
        return edit

    # ================================================================= filling
    def _fill_topics(self, topics: Sequence[TopicRef], checked: Collection[int]) -> None:
        """The check list of topics (the offered ones, plus the consultation's own)."""
        self.topics_model.clear()
        for topic in topics:
            item = QStandardItem(topic.name)
            item.setCheckable(True)
            item.setEditable(False)
            item.setData(topic.id, Qt.ItemDataRole.UserRole)
            item.setCheckState(
                Qt.CheckState.Checked if topic.id in checked else Qt.CheckState.Unchecked
            )
            self.topics_model.appendRow(item)
        if self.topics_model.rowCount():
            self.topics_view.setCurrentIndex(self.topics_model.index(0, 0))
        completer_model = self._topic_completer.model()
        assert isinstance(completer_model, QStringListModel)
        completer_model.setStringList(sorted((t.name for t in topics), key=str.casefold))

    def manage_topics(self) -> None:
        """Themen verwalten …; afterwards the list shows the new names and active topics, the
        checks kept (an inactive topic stays only if this consultation already has it)."""
        if not TopicManager.manage(self, self.services):
            return
        try:
            offered = self.services.consultations.draft_blank().topic_choices
            every = {
                t.id: t for t in self.services.consultations.list_topics(include_inactive=True)
            }
        except Exception as exc:
            report_exception(exc, self)
            return
        topics = [TopicRef(t.id, t.name) for t in offered]
        known = {t.id for t in topics}
        own = [t.id for t in self.detail.topics] if self.detail else []
        topics += [TopicRef(i, every[i].name) for i in own if i not in known and i in every]
        self._fill_topics(topics, set(self.checked_ids(self.topics_model)))

    def _fill(self, prefill: ConsultationPrefill, detail: ConsultationDetail | None) -> None:
        draft = detail.to_draft() if detail else prefill.draft
        when = (draft.occurred_at or self.services.context.now()).astimezone(OFFICE_TIME_ZONE)
        today = self.services.context.today()
        self.date_field.setText(
            self.tr("heute")
            if when.date() == today and detail is None
            else format_date_de(when.date())
        )
        self.time_edit.setText(format_time_de(when))
        self.duration.setValue(draft.duration_minutes or 0)
        self.mode_buttons.get(draft.mode, self.mode_buttons[ConsultationMode.PHONE]).setChecked(
            True
        )
        organisation = detail.organisation if detail else prefill.organisation
        if organisation is not None:
            self.organisation.set_organisation(organisation.id, organisation.name)
        persons = detail.persons if detail else prefill.persons
        self._fill_persons(organisation.id if organisation else None, persons, draft.person_ids)

        topics = list(prefill.topic_choices)
        known = {t.id for t in topics}
        if detail:
            topics += [t for t in detail.topics if t.id not in known]
        self._fill_topics(topics, set(draft.topic_ids))

        self.programme.clear()
        self.programme.addItem(self.tr("(kein Programm)"), None)
        programmes = list(prefill.programme_choices)
        if detail and detail.programme and all(p.id != detail.programme.id for p in programmes):
            programmes.append(detail.programme)
        for programme in programmes:
            self.programme.addItem(programme.name, programme.id)
        index = self.programme.findData(draft.programme_id) if draft.programme_id else 0
        self.programme.setCurrentIndex(max(0, index))

        self.subject.setText(draft.subject or "")
        self.summary.setPlainText(draft.summary or "")
        self.outcome.setPlainText(draft.outcome or "")
        self.file_reference.setText(draft.file_reference or "")
        self._show_attachments()

    def _fill_persons(
        self, organisation_id: int | None, known: tuple[PersonRef, ...], checked: tuple[int, ...]
    ) -> None:
        self.persons_model.clear()
        entries: dict[int, str] = {}
        for person in known:
            entries[person.id] = f"{person.name} – {person.role}" if person.role else person.name
        if organisation_id is not None:
            detail = self.services.contacts.get_organisation(organisation_id)
            for member in detail.persons:
                if member.is_current and member.person_id not in entries:
                    entries[member.person_id] = (
                        f"{member.display_name} – {member.role}"
                        if member.role
                        else member.display_name
                    )
        for person_id, text in entries.items():
            item = QStandardItem(text)
            item.setCheckable(True)
            item.setEditable(False)
            item.setData(person_id, Qt.ItemDataRole.UserRole)
            item.setCheckState(
                Qt.CheckState.Checked if person_id in checked else Qt.CheckState.Unchecked
            )
            self.persons_model.appendRow(item)
        if not entries:
            placeholder = QStandardItem(
                self.tr("(keine Personen hinterlegt)")
                if organisation_id is not None
                else self.tr("(erst Kommune/Organisation wählen)")
            )
            placeholder.setEnabled(False)
            placeholder.setEditable(False)
            self.persons_model.appendRow(placeholder)
        else:
            self.persons_view.setCurrentIndex(self.persons_model.index(0, 0))

    def _organisation_changed(self, organisation_id: int | None) -> None:
        checked = self.checked_ids(self.persons_model)
        self._fill_persons(organisation_id, (), checked)

    # ================================================================= values
    @staticmethod
    def checked_ids(model: QStandardItemModel) -> tuple[int, ...]:
        ids = []
        for row in range(model.rowCount()):
            item = model.item(row)
            if item.isCheckable() and item.checkState() == Qt.CheckState.Checked:
                ids.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return tuple(ids)

    def set_checked(self, model: QStandardItemModel, texts: list[str]) -> None:
        """Check the items whose text begins with one of ``texts`` (tests, shortcuts)."""
        for row in range(model.rowCount()):
            item = model.item(row)
            if item.isCheckable() and any(item.text().startswith(t) for t in texts):
                item.setCheckState(Qt.CheckState.Checked)

    def mode(self) -> ConsultationMode:
        for mode, button in self.mode_buttons.items():
            if button.isChecked():
                return mode
        return ConsultationMode.PHONE

    def _check_time(self) -> None:
        """A wrong time is shown at once beside the field (announced like any field error)."""
        text = self.time_edit.text().strip()
        message = self.feedback.field("occurred_time")
        try:
            if text:
                parse_time_de(text, field="occurred_time")
        except ValidationError as exc:
            message.show_error(exc.message)
        else:
            message.show_note("")

    def draft(self) -> ConsultationDraft:
        """The draft from the fields; a German :class:`ValidationError` names the field."""
        date_text = self.date_field.text()
        if not date_text.strip():
            raise ValidationError(
                self.tr("Bitte das Datum der Beratung angeben."), field="occurred_at"
            )
        self.date_field.value()  # the field's own parser: error message at the field
        occurred = self.services.consultations.parse_when(date_text, self.time_edit.text())
        if self.organisation.is_unresolved():
            raise ValidationError(
                self.tr(
                    "„{text}“ ist keine bekannte Kommune oder Organisation. Bitte aus der Liste "
                    "wählen."
                ).format(text=self.organisation.text().strip()),
                field="organisation_id",
            )
        known = {
            self.topics_model.item(r).text().casefold(): int(
                self.topics_model.item(r).data(Qt.ItemDataRole.UserRole)
            )
            for r in range(self.topics_model.rowCount())
        }
        topic_ids = list(self.checked_ids(self.topics_model))
        new_names: list[str] = []
        for raw in self.new_topics.text().replace(";", ",").split(","):
            name = " ".join(raw.split())
            if not name:
                continue
            if name.casefold() in known:
                topic_ids.append(known[name.casefold()])
            else:
                new_names.append(name)
        return ConsultationDraft(
            occurred_at=occurred,
            mode=self.mode(),
            duration_minutes=self.duration.value() or None,
            organisation_id=self.organisation.organisation_id(),
            person_ids=self.checked_ids(self.persons_model),
            topic_ids=tuple(dict.fromkeys(topic_ids)),
            new_topic_names=tuple(new_names),
            programme_id=self.programme.currentData(),
            subject=self.subject.text(),
            summary=self.summary.toPlainText(),
            outcome=self.outcome.toPlainText(),
            file_reference=self.file_reference.text(),
            advisor=self.detail.advisor if self.detail else None,
        )

    def follow_up(self) -> tuple[date, str] | None:
        due = self.follow_up_due.value()
        note = self.follow_up_note.text().strip()
        if due is None:
            if note:
                raise ValidationError(
                    self.tr("Bitte angeben, wann die Wiedervorlage fällig ist."), field="due"
                )
            return None
        return due, note or self.tr("Wiedervorlage")

    # ================================================================= actions
    def choose_attachments(self) -> None:
        for name in FormDialogs.attachment_files(self):
            path = Path(name)
            if path not in self._pending_files:
                self._pending_files.append(path)
        self._show_attachments()

    def add_attachment_paths(self, paths: list[Path]) -> None:
        self._pending_files.extend(p for p in paths if p not in self._pending_files)
        self._show_attachments()

    def _show_attachments(self) -> None:
        names = [a.original_name for a in self.detail.attachments] if self.detail else []
        names += [self.tr("{name} (neu)").format(name=p.name) for p in self._pending_files]
        self.attachments_label.setText(", ".join(names) if names else self.tr("keine"))

    def error_text(self) -> str:
        """The message at the top of the form ("" when there is none)."""
        return self.feedback.summary_text()

    def reload(self) -> None:
        """ "Neu laden" after a conflict: the consultation as stored now. Her changes, files not
        yet attached and a new follow-up are given up (the banner said so)."""
        if self.detail is None:
            return
        try:
            detail = self.services.consultations.get_consultation(self.detail.id)
        except UserError as exc:
            report_exception(exc, self)
            return
        self.detail = detail
        self._pending_files.clear()
        if detail.organisation is None:
            self.organisation.set_organisation(None)
        for edit in (self.new_topics, self.follow_up_note):
            edit.clear()
        self.follow_up_due.setText("")
        self._fill(self.prefill, detail)
        self.feedback.reset()

    def save(self) -> None:
        """Check the fields, then create or update the consultation on the worker thread;
        ``saved`` on success."""
        if self._saving:
            return
        self.feedback.clear_errors()
        self.feedback.hide_conflict()
        try:
            draft = self.draft()
            follow_up = self.follow_up()
        except ValidationError as exc:
            self.feedback.show_error(exc)
            return
        services = self.services
        detail = self.detail
        files = list(self._pending_files)

        def work() -> SaveResult:  # worker thread: no widgets
            # one call, one transaction: the consultation, its attachments and its follow-up
            # are saved together or not at all
            extra = FollowUpDraft(due=follow_up[0], note=follow_up[1]) if follow_up else None
            if detail is None:
                saved = services.consultations.create_consultation(
                    draft, follow_up=extra, attachments=files
                )
            else:
                saved = services.consultations.update_consultation(
                    detail.id, draft, detail.version, follow_up=extra, attachments=files
                )
            known = {f.id for f in detail.follow_ups} if detail else set()
            created = [f.id for f in saved.follow_ups if f.id not in known]
            return SaveResult(saved, max(created) if extra and created else None)

        def done(result: SaveResult) -> None:
            self._saving = False
            self.save_button.setEnabled(True)
            self.result_value = result
            self.saved.emit(result)
            self.accept()

        def failed(exc: BaseException) -> None:
            self._saving = False
            self.save_button.setEnabled(True)
            if isinstance(exc, ConcurrentEditError) and self.feedback.show_conflict(exc):
                return
            if isinstance(exc, ValidationError):
                self.feedback.show_error(exc)  # at its field; always at the top
            else:
                report_exception(exc, self)

        self._saving = True
        self.save_button.setEnabled(False)
        run_operation(
            self,
            work,
            done,
            on_failure=failed,
            progress_text=self.tr("Beratung wird gespeichert …"),
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+S also when the shortcut map does not see it (the window not yet active): the
        key press of a field that does not use it reaches the dialog."""
        if event.matches(QKeySequence.StandardKey.Save) or (
            event.key() == Qt.Key.Key_S and event.modifiers() == Qt.KeyboardModifier.ControlModifier
        ):
            event.accept()
            self.save()
            return
        super().keyPressEvent(event)

    # ================================================================= entry point
    @classmethod
    def edit(
        cls,
        parent: QWidget | None,
        services: Services,
        prefill: ConsultationPrefill,
        detail: ConsultationDetail | None = None,
    ) -> SaveResult | None:
        """Open the form modally; the saved result or None. Tests replace this classmethod."""
        form = cls(services, prefill, detail, parent)
        form.exec()
        result = form.result_value
        form.deleteLater()
        return result


__all__ = ["ConsultationForm", "FormDialogs", "SaveResult"]
