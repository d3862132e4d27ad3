# Long module: the form, its live checks and its three dialogs' hand-overs share one state
# (the loaded detail, the unsaved input); the dialogs themselves live in their own modules.
"""The event view's tab "Details": the event form.

Everything the advisor decides about an event: title, series and format, the time (German date
and time input, as elsewhere in the app), host municipality (picked from the organisations, as the
consultation form picks one), venue (with its accessibility checklist summarised: what is still
*unbekannt* is named), places, registration deadline, status, who is responsible, description and
internal notes; beside them the event's Wiedervorlagen (:class:`EventFollowUps`, saved on
their own).

* **Saving** goes through :func:`~beratung.gui.operations.run_operation`; the form's
  :class:`~beratung.gui.feedback.FormFeedback` shows a ``ValidationError`` at the field the
  service names (the form registers the service's field names), a ``ConcurrentEditError`` as the
  banner with "Neu laden", and asks Speichern/Verwerfen/Abbrechen before edits would be lost.
* **Planning warnings** (a holiday, a weekend, another event that day, a deadline after the
  start, a venue too small) are asked from ``check_event_plan`` while the date is typed
  (debounced) and shown next to the field they concern, in the warning style, with the words
  "Hinweis:" (never colour alone), and as the field's accessible description. They never block
  saving. A loaded event shows the warnings the service stored with it.
* **Fewer places than given**: when ``update_event`` refuses the smaller capacity, a question
  offers the two ways out — raise the places, or put the latest registrations on the waiting
  list (``overbooked="waitlist_last"``).
* "Termine vorschlagen …" (a rule in words → dates) and the venue dialog. The calendar file
  (.ics) is exported on the tab "Dokumente".
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict
from datetime import date, datetime, time
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.enums import EventKind, EventStatus, label
from beratung.domain.errors import ConcurrentEditError, UserError, ValidationError
from beratung.domain.rules.dates import (
    OFFICE_TIME_ZONE,
    format_date_de,
    format_span_de,
    format_time_de,
    parse_date_de,
    parse_time_de,
)
from beratung.domain.rules.events import PlanningWarning
from beratung.gui.consultations.organisation_field import OrganisationField
from beratung.gui.errors import report_exception
from beratung.gui.events.base import EventTab
from beratung.gui.events.common import (
    CapacityAnswer,
    PlanningDialogs,
    checklist_summary,
    local,
    text_width,
    venue_text,
)
from beratung.gui.events.dates_dialog import DatesDialog
from beratung.gui.events.followups import EventFollowUps
from beratung.gui.events.venue_dialog import VenueDialog
from beratung.gui.feedback import FieldMessage, FormFeedback, MessageLabel
from beratung.gui.fit import ColumnReflow
from beratung.gui.operations import run_operation
from beratung.gui.style import light_grid
from beratung.services.events.planning import Overbooked
from beratung.services.events.snapshots import EventDetail, EventInput, VenueSnapshot

if TYPE_CHECKING:
    from beratung.services import Services
    from beratung.services.office import ClerkSnapshot

log = logging.getLogger(__name__)

#: Debounce of the planning check while a date is typed (ms).
PLAN_DELAY = 400
#: The fields planning warnings belong to (``PlanningWarning.field``), in form order.
WARNING_FIELDS = ("starts_at", "ends_at", "venue_id", "capacity", "registration_deadline")


class DetailsTab(EventTab):
    """The event form; ``saved(EventDetail)`` after a create or an update."""

    saved = Signal(object)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.setObjectName("eventDetails")
        light_grid(self)
        self._new = False
        self._busy = False
        self._checking = False
        self._clerks: list[ClerkSnapshot] = []
        self._venues: dict[int, VenueSnapshot] = {}
        self._warnings: tuple[PlanningWarning, ...] = ()
        #: What the screen reader hears about the chosen venue (checklist, what is open).
        self._venue_description = ""
        self.plan_timer = QTimer(self)
        self.plan_timer.setSingleShot(True)
        self.plan_timer.setInterval(PLAN_DELAY)
        self.plan_timer.timeout.connect(self.check_plan)
        self._build()
        self._show_form(False)

    def tab_title(self) -> str:
        return self.tr("Details")

    # ================================================================= building

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def _message(self, name: str) -> MessageLabel:
        label = MessageLabel()
        label.setObjectName(f"error_{name}")
        label.hide()
        return label

    def _warning_label(self, name: str) -> QLabel:
        label = MessageLabel()
        label.setObjectName(f"warning_{name}")
        label.setProperty("role", "fieldWarning")
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.hide()
        return label

    def _text_edit(self, name: str, height: int) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setAccessibleName(name)
        edit.setTabChangesFocus(True)
        edit.setMinimumHeight(height)
        # Room to grow a little, not the whole column: the Wiedervorlagen sit below.
        edit.setMaximumHeight(height * 3 // 2)
        return edit

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        self.placeholder = QLabel(
            self.tr(
                "Wählen Sie oben eine Veranstaltung, oder legen Sie mit „Neue Veranstaltung“ "
                "(Strg+N) eine an."
            )
        )
        self.placeholder.setObjectName("detailsPlaceholder")
        self.placeholder.setProperty("role", "placeholder")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        outer.addWidget(self.placeholder)

        self.form_scroll = QScrollArea()
        self.form_scroll.setObjectName("detailsScroll")
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.form_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        content = QWidget()
        content.setObjectName("detailsContent")
        self.form_scroll.setWidget(content)
        outer.addWidget(self.form_scroll, 1)
        body = QVBoxLayout(content)
        body.setContentsMargins(16, 12, 16, 8)
        body.setSpacing(8)

        self.error_label = QLabel()
        self.error_label.setObjectName("detailsError")
        self.feedback = FormFeedback(self, summary=self.error_label, conflicts=True)
        self.feedback.reload_requested.connect(self.reload)
        self.feedback.dirty_changed.connect(lambda _dirty: self._update_state())
        assert self.feedback.banner is not None
        body.addWidget(self.feedback.banner)
        body.addWidget(self.error_label)

        columns = QHBoxLayout()
        columns.setSpacing(28)
        left = QFormLayout()
        right = QFormLayout()
        for form in (left, right):
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setVerticalSpacing(5)
            form.setHorizontalSpacing(10)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        body.addLayout(columns)
        body.addStretch(1)
        self._build_left(left)
        self._build_right(right)
        self.reflow = ColumnReflow(self.form_scroll, columns)
        outer.addWidget(self._build_buttons())

        self.save_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        self.save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_shortcut.activated.connect(self.save)

        order: list[QWidget] = [
            self.title_edit,
            self.series,
            self.kind,
            self.start_date,
            self.start_time,
            self.end_date,
            self.end_time,
            self.propose_button,
            self.host,
            self.venue,
            self.venue_button,
            self.capacity,
            self.deadline,
            self.status,
            self.clerk,
            self.description,
            self.notes,
            self.save_button,
        ]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)
        self.tab_order = order

    def _build_left(self, form: QFormLayout) -> None:
        feedback = self.feedback
        # --- title
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("eventTitle")
        self.title_edit.setAccessibleName(self.tr("Titel"))
        self.title_edit.setMaxLength(300)
        self.title_edit.setPlaceholderText(self.tr("z. B. Werkstattgespräch Inklusive Quartiere"))
        form.addRow(self._label(self.tr("Tite&l"), self.title_edit), self.title_edit)
        form.addRow("", feedback.register("title", self.title_edit).label)

        # --- series and format
        self.series = QComboBox()
        self.series.setObjectName("eventSeries")
        self.series.setEditable(True)
        self.series.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.series.setAccessibleName(self.tr("Reihe"))
        line = self.series.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("keine, oder z. B. Inklusive Quartiere"))
            line.setAccessibleName(self.tr("Reihe"))
        self.kind = QComboBox()
        self.kind.setObjectName("eventKind")
        self.kind.setAccessibleName(self.tr("Format"))
        for kind in EventKind:
            self.kind.addItem(label(kind), kind)
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.series, 1)
        row.addWidget(self._label(self.tr("F&ormat"), self.kind))
        row.addWidget(self.kind)
        form.addRow(self._label(self.tr("R&eihe"), self.series), row)
        form.addRow("", feedback.register("series", self.series).label)
        form.addRow("", feedback.register("kind", self.kind).label)

        # --- time: start and end, each date and time
        self.start_date = self._date_edit(self.tr("Beginn, Datum"), self.tr("Datum"))
        self.start_date.setObjectName("startDate")
        self.start_time = self._time_edit(self.tr("Beginn, Uhrzeit"), self.tr("10:00"))
        self.start_time.setObjectName("startTime")
        self.end_date = self._date_edit(self.tr("Ende, Datum"), self.tr("gleicher Tag"))
        self.end_date.setObjectName("endDate")
        self.end_time = self._time_edit(self.tr("Ende, Uhrzeit"), self.tr("16:00"))
        self.end_time.setObjectName("endTime")
        self.propose_button = QPushButton(self.tr("Ter&mine vorschlagen …"))
        self.propose_button.setObjectName("proposeDates")
        self.propose_button.setAccessibleName(self.tr("Termine vorschlagen"))
        self.propose_button.setToolTip(
            self.tr("Termine nach einer Regel wie „jeden 3. Mittwoch im März und Oktober“")
        )
        self.propose_button.setAutoDefault(False)
        self.propose_button.clicked.connect(self.propose_dates)
        until = QLabel(self.tr("bis"))
        until.setAccessibleName(self.tr("bis"))
        row = QHBoxLayout()
        row.setSpacing(6)
        for widget in (self.start_date, self.start_time, until, self.end_date, self.end_time):
            row.addWidget(widget)
        row.addSpacing(6)
        row.addWidget(self.propose_button)
        row.addStretch(1)
        form.addRow(self._label(self.tr("&Zeit"), self.start_date), row)
        self.when_note = self._message("starts_at")
        for name, edit in (
            ("starts_at", self.start_date),
            ("starts_time", self.start_time),
            ("ends_at", self.end_date),
            ("ends_time", self.end_time),
        ):
            message_label = self.when_note if name == "starts_at" else self._message(name)
            feedback.register(name, FieldMessage(edit, message_label, restore=self._check_when))
            form.addRow("", message_label)
            edit.textChanged.connect(lambda _text: self._check_when())
            edit.textChanged.connect(self._plan_changed)
        self.warning_labels: dict[str, QLabel] = {}
        for name in ("starts_at", "ends_at"):
            self.warning_labels[name] = self._warning_label(name)
            form.addRow("", self.warning_labels[name])

        # --- host municipality
        self.host = OrganisationField(self.services)
        self.host.setObjectName("eventHost")
        self.host.setAccessibleName(self.tr("Gastgeberkommune"))
        self.host.setPlaceholderText(self.tr("Name eingeben, z. B. Ulm"))
        form.addRow(self._label(self.tr("&Gastgeberkommune"), self.host), self.host)
        form.addRow("", feedback.register("host_organisation_id", self.host).label)

        # --- venue
        self.venue = QComboBox()
        self.venue.setObjectName("eventVenue")
        self.venue.setAccessibleName(self.tr("Veranstaltungsort"))
        self.venue.currentIndexChanged.connect(lambda _index: self._venue_changed())
        self.venue_button = QPushButton(self.tr("Ort ver&walten"))
        self.venue_button.setObjectName("venueMenuButton")
        self.venue_button.setAccessibleName(self.tr("Ort verwalten"))
        self.venue_button.setToolTip(
            self.tr("Einen neuen Ort anlegen oder den gewählten bearbeiten")
        )
        self.venue_button.setAutoDefault(False)
        venue_menu = QMenu(self.venue_button)
        venue_menu.setAccessibleName(self.tr("Ort verwalten"))
        self.new_venue_action = venue_menu.addAction(self.tr("&Neuer Ort …"))
        self.new_venue_action.triggered.connect(self.new_venue)
        self.edit_venue_action = venue_menu.addAction(self.tr("Ort &bearbeiten …"))
        self.edit_venue_action.triggered.connect(self.edit_venue)
        self.venue_button.setMenu(venue_menu)
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.venue, 1)
        row.addWidget(self.venue_button)
        form.addRow(self._label(self.tr("Ve&ranstaltungsort"), self.venue), row)
        form.addRow("", feedback.register("venue_id", self.venue).label)
        self.venue_summary = MessageLabel()
        self.venue_summary.setObjectName("venueSummary")
        self.venue_summary.setProperty("role", "venueSummary")
        self.venue_summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow("", self.venue_summary)
        self.venue_open = self._warning_label("venue_open")
        self.venue_open.setObjectName("venueOpen")
        form.addRow("", self.venue_open)
        self.warning_labels["venue_id"] = self._warning_label("venue_id")
        form.addRow("", self.warning_labels["venue_id"])

        # --- places
        self.capacity = QSpinBox()
        self.capacity.setObjectName("eventCapacity")
        self.capacity.setAccessibleName(self.tr("Plätze"))
        self.capacity.setRange(0, 100_000)
        self.capacity.setSpecialValueText(self.tr("ohne Grenze"))
        self.capacity.setMinimumWidth(110)
        self.capacity.valueChanged.connect(self._plan_changed)
        self.places_note = QLabel()
        self.places_note.setObjectName("placesNote")
        self.places_note.setProperty("role", "venueSummary")
        row = QHBoxLayout()
        row.setSpacing(10)
        row.addWidget(self.capacity)
        row.addWidget(self.places_note, 1)
        form.addRow(self._label(self.tr("&Plätze"), self.capacity), row)
        form.addRow("", feedback.register("capacity", self.capacity).label)
        self.warning_labels["capacity"] = self._warning_label("capacity")
        form.addRow("", self.warning_labels["capacity"])

        # --- registration deadline
        self.deadline = self._date_edit(self.tr("Anmeldeschluss"), self.tr("z. B. 13.10.2017"))
        self.deadline.setObjectName("eventDeadline")
        self.deadline_note = self._message("registration_deadline")
        feedback.register(
            "registration_deadline",
            FieldMessage(self.deadline, self.deadline_note, restore=self._check_deadline),
        )
        self.deadline.textChanged.connect(lambda _text: self._check_deadline())
        self.deadline.textChanged.connect(self._plan_changed)
        row = QHBoxLayout()
        row.setSpacing(10)
        row.addWidget(self.deadline)
        row.addWidget(self.deadline_note, 1)
        form.addRow(self._label(self.tr("A&nmeldeschluss"), self.deadline), row)
        self.warning_labels["registration_deadline"] = self._warning_label("registration_deadline")
        form.addRow("", self.warning_labels["registration_deadline"])

        # --- status and clerk
        self.status = QComboBox()
        self.status.setObjectName("eventStatus")
        self.status.setAccessibleName(self.tr("Status"))
        for status in EventStatus:
            self.status.addItem(label(status), status)
        self.clerk = QComboBox()
        self.clerk.setObjectName("eventClerk")
        self.clerk.setAccessibleName(self.tr("Zuständig"))
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.status)
        row.addSpacing(8)
        row.addWidget(self._label(self.tr("Zust&ändig"), self.clerk))
        row.addWidget(self.clerk, 1)
        form.addRow(self._label(self.tr("Stat&us"), self.status), row)
        form.addRow("", feedback.register("status", self.status).label)
        form.addRow("", feedback.register("clerk_id", self.clerk).label)

    def _build_right(self, form: QFormLayout) -> None:
        self.description = self._text_edit(self.tr("Beschreibung"), 120)
        self.description.setObjectName("eventDescription")
        self.description.setPlaceholderText(
            self.tr("Worum es geht; steht auch im Kalendereintrag.")
        )
        form.addRow(self._label(self.tr("Bes&chreibung"), self.description), self.description)
        form.addRow("", self.feedback.register("description", self.description).label)
        self.notes = self._text_edit(self.tr("Interne Notizen"), 90)
        self.notes.setObjectName("eventNotes")
        self.notes.setPlaceholderText(self.tr("Nur für das Büro; erscheint nirgends gedruckt."))
        form.addRow(self._label(self.tr("&Interne Notizen"), self.notes), self.notes)
        form.addRow("", self.feedback.register("notes", self.notes).label)
        # Follow-ups are saved on their own (not with the form's Speichern): a reminder is
        # noted while planning, whether or not the event's fields are being edited.
        self.follow_ups = EventFollowUps(self.services)
        form.addRow(self.follow_ups)

    def _build_buttons(self) -> QWidget:
        bar = QFrame()
        bar.setObjectName("detailsButtons")
        layout = QHBoxLayout(bar)
        layout.setContentsMargins(16, 6, 16, 8)
        layout.setSpacing(8)
        self.save_button = QPushButton(self.tr("&Speichern"))
        self.save_button.setObjectName("saveEvent")
        self.save_button.setAccessibleName(self.tr("Speichern"))
        self.save_button.setToolTip(self.tr("Veranstaltung speichern (Strg+S)"))
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(lambda: self.save())
        self.state_label = QLabel()
        self.state_label.setObjectName("detailsState")
        self.state_label.setProperty("role", "venueSummary")
        layout.addWidget(self.save_button)
        layout.addSpacing(10)
        layout.addWidget(self.state_label, 1)
        return bar

    def _date_edit(self, accessible: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(accessible)
        edit.setPlaceholderText(placeholder)
        edit.setFixedWidth(text_width(edit, "gleicher Tag"))
        return edit

    def _time_edit(self, accessible: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(accessible)
        edit.setPlaceholderText(placeholder)
        edit.setFixedWidth(text_width(edit, "00:00"))
        return edit

    # ================================================================= showing

    def set_event(self, detail: EventDetail | None) -> None:
        """Show ``detail``. The same event again (another tab changed it) keeps unsaved input;
        its new version is taken only if nothing the form shows was changed meanwhile —
        otherwise a save meets the conflict banner instead of overwriting."""
        previous = self.detail
        if (
            detail is not None
            and previous is not None
            and previous.id == detail.id
            and self.has_unsaved_changes()
        ):
            if previous.as_input() == detail.as_input():
                self.detail = detail
                self._show_places(detail)
                self._update_state()
            return
        self.detail = detail
        self._new = False
        self.follow_ups.show_event(detail.id if detail is not None else None)
        if detail is None:
            self.plan_timer.stop()
            with self.feedback.loading():
                self._clear()
            self.feedback.reset()
            self._show_form(False)
            return
        self.load(detail)

    def start_new(self) -> None:
        """An empty form for a new event (the page has asked about unsaved edits)."""
        self.detail = None
        self._new = True
        self.plan_timer.stop()
        self.follow_ups.show_event(None)
        self._load_choices(None)
        with self.feedback.loading():
            self._clear()
            active = [c for c in self._clerks if c.data.is_active]
            if len(active) == 1:
                self.clerk.setCurrentIndex(max(0, self.clerk.findData(active[0].id)))
        self.feedback.reset()
        self._show_warnings(())
        self._show_form(True)
        self._update_state()
        self.title_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def is_new(self) -> bool:
        return self._new

    def load(self, detail: EventDetail) -> None:
        """Fill the form with the stored event (no edit, no errors, the stored warnings)."""
        self.plan_timer.stop()
        self.detail = detail
        self._new = False
        self._load_choices(detail)
        with self.feedback.loading():
            self.title_edit.setText(detail.title)
            self.series.setEditText(detail.series or "")
            self.kind.setCurrentIndex(max(0, self.kind.findData(detail.kind)))
            start = local(detail.starts_at)
            self.start_date.setText(format_date_de(start.date()))
            self.start_time.setText(format_time_de(start))
            if detail.ends_at is not None:
                end = local(detail.ends_at)
                self.end_date.setText(
                    "" if end.date() == start.date() else format_date_de(end.date())
                )
                self.end_time.setText(format_time_de(end))
            else:
                self.end_date.clear()
                self.end_time.clear()
            if detail.host_organisation_id is not None:
                self.host.set_organisation(
                    detail.host_organisation_id, detail.host_organisation_name or ""
                )
            else:
                self.host.set_organisation(None)
            self.venue.setCurrentIndex(
                max(0, self.venue.findData(detail.venue.id if detail.venue else None))
            )
            self.capacity.setValue(detail.capacity or 0)
            self.deadline.setText(
                format_date_de(detail.registration_deadline) if detail.registration_deadline else ""
            )
            self.status.setCurrentIndex(max(0, self.status.findData(detail.status)))
            self.clerk.setCurrentIndex(max(0, self.clerk.findData(detail.clerk_id)))
            self.description.setPlainText(detail.description or "")
            self.notes.setPlainText(detail.notes or "")
            self._check_when()
            self._check_deadline()
            self._venue_changed()
        self.feedback.reset()
        self._show_places(detail)
        self._show_form(True)
        self._show_warnings(detail.warnings)
        self._update_state()

    def _clear(self) -> None:
        for edit in (
            self.title_edit,
            self.start_date,
            self.start_time,
            self.end_date,
            self.end_time,
            self.deadline,
        ):
            edit.clear()
        self.series.setEditText("")
        self.kind.setCurrentIndex(max(0, self.kind.findData(EventKind.WORKSHOP)))
        self.host.set_organisation(None)
        self.venue.setCurrentIndex(0)
        self.capacity.setValue(0)
        self.status.setCurrentIndex(max(0, self.status.findData(EventStatus.PLANNED)))
        self.clerk.setCurrentIndex(0)
        self.description.clear()
        self.notes.clear()
        self.places_note.clear()
        self._venue_changed()
        self._check_when()
        self._check_deadline()

    def _load_choices(self, detail: EventDetail | None) -> None:
        """Series, venues and clerks as stored now (the event's own kept even if inactive)."""
        events = self.services.events
        with self.feedback.loading():
            text = self.series.currentText()
            self.series.blockSignals(True)
            self.series.clear()
            self.series.addItems(sorted(events.list_series(), key=str.casefold))
            self.series.setEditText(text)
            self.series.blockSignals(False)
            self._fill_venues(events.list_venues())
            chosen = self.clerk.currentData()
            self._clerks = self.services.office.list_clerks()
            self.clerk.blockSignals(True)
            self.clerk.clear()
            self.clerk.addItem(self.tr("(niemand)"), None)
            own = detail.clerk_id if detail else None
            for clerk in self._clerks:
                if clerk.data.is_active or clerk.id == own:
                    self.clerk.addItem(clerk.data.name, clerk.id)
            self.clerk.setCurrentIndex(max(0, self.clerk.findData(chosen)))
            self.clerk.blockSignals(False)

    def _fill_venues(self, venues: list[VenueSnapshot], chosen: int | None = None) -> None:
        current = chosen if chosen is not None else self.venue.currentData()
        self._venues = {venue.id: venue for venue in venues}
        self.venue.blockSignals(True)
        self.venue.clear()
        self.venue.addItem(self.tr("(noch offen)"), None)
        for venue in venues:
            self.venue.addItem(venue_text(venue), venue.id)
        self.venue.setCurrentIndex(max(0, self.venue.findData(current)))
        self.venue.blockSignals(False)

    def _show_form(self, shown: bool) -> None:
        self.placeholder.setVisible(not shown)
        self.form_scroll.setVisible(shown)
        self.save_button.setVisible(shown)
        self.state_label.setVisible(shown)

    def _show_places(self, detail: EventDetail | None) -> None:
        if detail is None:
            self.places_note.clear()
            return
        parts = [self.tr("{taken} vergeben").format(taken=detail.places_taken)]
        if detail.free_places is not None:
            parts.append(self.tr("{free} frei").format(free=detail.free_places))
        if detail.counts.waitlisted:
            parts.append(
                self.tr("{waiting} auf der Warteliste").format(waiting=detail.counts.waitlisted)
            )
        text = ", ".join(parts)
        self.places_note.setText(text)
        self.places_note.setAccessibleName(text)
        self.capacity.setAccessibleDescription(text)

    def _update_state(self) -> None:
        shown = self.detail is not None or self._new
        idle = not self._busy
        dirty = self.feedback.is_dirty()
        self.save_button.setEnabled(shown and idle and (dirty or self._new))
        self.edit_venue_action.setEnabled(self.venue.currentData() is not None)
        if self._new:
            text = self.tr("Neue Veranstaltung – noch nicht gespeichert")
        elif dirty:
            text = self.tr("Ungespeicherte Änderungen")
        elif self.detail is not None:
            text = self.tr("Gespeichert")
        else:
            text = ""
        self.state_label.setText(text)

    # ================================================================= live checks

    def _today(self) -> date:
        return self.services.context.today()

    def _date(self, edit: QLineEdit, field: str) -> date | None:
        text = edit.text().strip()
        if not text:
            return None
        return parse_date_de(text, self._today(), prefer="future", field=field)

    @staticmethod
    def _time(edit: QLineEdit, field: str) -> time | None:
        text = edit.text().strip()
        if not text:
            return None
        return parse_time_de(text, field=field)

    def starts_at(self) -> datetime:
        day = self._date(self.start_date, "starts_at")
        if day is None:
            raise ValidationError(
                self.tr("Bitte geben Sie das Datum des Beginns an."), field="starts_at"
            )
        moment = self._time(self.start_time, "starts_time")
        if moment is None:
            raise ValidationError(
                self.tr("Bitte geben Sie die Uhrzeit des Beginns an (z. B. 10:00)."),
                field="starts_time",
            )
        return datetime.combine(day, moment, OFFICE_TIME_ZONE)

    def ends_at(self, starts_at: datetime) -> datetime | None:
        day = self._date(self.end_date, "ends_at")
        moment = self._time(self.end_time, "ends_time")
        if day is None and moment is None:
            return None
        if moment is None:
            raise ValidationError(
                self.tr("Bitte geben Sie auch die Uhrzeit des Endes an."), field="ends_time"
            )
        return datetime.combine(day or local(starts_at).date(), moment, OFFICE_TIME_ZONE)

    def _note(self, name: str, text: str) -> None:
        """A neutral note at the field ``name`` (the field shown as valid); hidden when empty."""
        message = self.feedback.field(name)
        message.show_note(text)
        if message.label is not None:
            message.label.setVisible(bool(text))

    def _check_when(self) -> None:
        """The time as understood ("Mittwoch, 25. Oktober 2017, 10:00 bis 16:00 Uhr"), or why
        a date or a time is not one — at once, beside the field."""
        if self._checking:
            return
        self._checking = True
        try:
            self._check_when_now()
        finally:
            self._checking = False

    def _check_when_now(self) -> None:
        found: dict[str, date | time | None] = {}
        for name, edit in (
            ("starts_at", self.start_date),
            ("starts_time", self.start_time),
            ("ends_at", self.end_date),
            ("ends_time", self.end_time),
        ):
            try:
                if name.endswith("_at"):
                    found[name] = self._date(edit, name)
                else:
                    found[name] = self._time(edit, name)
            except ValidationError as exc:
                self.feedback.field(name).show_error(exc.message)
            else:
                if name != "starts_at":
                    self._note(name, "")
        if "starts_at" not in found:
            return  # the error is shown
        day = found["starts_at"]
        moment = found.get("starts_time")
        if not isinstance(day, date):
            self._note("starts_at", "")
            return
        if not isinstance(moment, time):
            self._note("starts_at", format_date_de(day, "weekday"))
            return
        start = datetime.combine(day, moment, OFFICE_TIME_ZONE)
        end_day, end_time = found.get("ends_at"), found.get("ends_time")
        end = None
        if isinstance(end_time, time):
            end = datetime.combine(
                end_day if isinstance(end_day, date) else day, end_time, OFFICE_TIME_ZONE
            )
        self._note(
            "starts_at", format_span_de(start, end if end is not None and end >= start else None)
        )

    def _check_deadline(self) -> None:
        try:
            day = self._date(self.deadline, "registration_deadline")
        except ValidationError as exc:
            self.feedback.field("registration_deadline").show_error(exc.message)
        else:
            self._note("registration_deadline", format_date_de(day, "weekday") if day else "")

    def _plan_changed(self, *_args: object) -> None:
        if self.feedback.is_loading() or not (self._new or self.detail is not None):
            return
        self.plan_timer.start()

    def check_plan(self) -> None:
        """Ask the service what is worth a second look about the plan as typed (debounced)."""
        self.plan_timer.stop()
        try:
            starts = self.starts_at()
            ends = self.ends_at(starts)
            deadline = self._date(self.deadline, "registration_deadline")
        except ValidationError:
            self._show_warnings(())  # nothing to check until the date reads as one
            return
        data = EventInput(
            title=self.title_edit.text().strip() or "-",
            starts_at=starts,
            ends_at=ends,
            capacity=self.capacity.value() or None,
            registration_deadline=deadline,
            venue_id=self.venue.currentData(),
        )
        try:
            warnings = self.services.events.check_event_plan(
                data, event_id=self.detail.id if self.detail is not None else None
            )
        except Exception:  # a warning is a courtesy: never an error dialog while typing
            log.exception("Planungshinweise nicht ermittelt")
            return
        self._show_warnings(warnings)

    def _warned_widget(self, field: str) -> QWidget:
        return {
            "starts_at": self.start_date,
            "ends_at": self.end_date,
            "venue_id": self.venue,
            "capacity": self.capacity,
            "registration_deadline": self.deadline,
        }[field]

    def _show_warnings(self, warnings: tuple[PlanningWarning, ...] | list[PlanningWarning]) -> None:
        """Each warning beside its field: the label in the warning style, starting with
        "Hinweis:", and the field's accessible description (unless it shows an error)."""
        self._warnings = tuple(warnings)
        for field in WARNING_FIELDS:
            messages = [w.message for w in self._warnings if w.field == field]
            label_widget = self.warning_labels[field]
            text = " ".join(messages)
            shown = self.tr("Hinweis: {text}").format(text=text) if text else ""
            label_widget.setText(shown)
            label_widget.setAccessibleName(shown)
            label_widget.setVisible(bool(shown))
            widget = self._warned_widget(field)
            if field == "capacity" and not shown:
                continue  # keeps the places note as its description
            if field == "venue_id":  # the warning first, then what is known of the venue
                shown = " ".join(p for p in (shown, self._venue_description) if p)
            if not self.feedback.is_marked(field):
                widget.setAccessibleDescription(shown)

    def warnings(self) -> dict[str, str]:
        """The warnings shown, by field (tests)."""
        return {
            field: label_widget.text()
            for field, label_widget in self.warning_labels.items()
            if label_widget.text()
        }

    # ================================================================= venue

    def _venue_changed(self) -> None:
        venue_id = self.venue.currentData()
        venue = self._venues.get(venue_id) if venue_id is not None else None
        self.edit_venue_action.setEnabled(venue is not None)
        if venue is None:
            self.venue_summary.setText(self.tr("Noch kein Ort gewählt."))
            self.venue_summary.setAccessibleName(self.venue_summary.text())
            self.venue_open.clear()
            self.venue_open.hide()
            self._venue_description = ""
            self.venue.setAccessibleDescription("")
            self._plan_changed()
            return
        address = ", ".join(
            p for p in (venue.street, " ".join(x for x in (venue.postcode, venue.town) if x)) if p
        )
        size = (
            self.tr("fasst {capacity} Personen").format(capacity=venue.capacity)
            if venue.capacity
            else ""
        )
        known, open_items = checklist_summary(venue)
        first = " · ".join(p for p in (address, size) if p)
        text = "\n".join(p for p in (first, known) if p)
        self.venue_summary.setText(text)
        self.venue_summary.setAccessibleName(text)
        self.venue_open.setText(open_items)
        self.venue_open.setAccessibleName(open_items)
        self.venue_open.setVisible(bool(open_items))
        self._venue_description = " ".join(p for p in (known, open_items) if p)
        if not self.feedback.is_marked("venue_id"):
            self.venue.setAccessibleDescription(self._venue_description)
        self._plan_changed()

    def _after_venue_dialog(self, chosen: int | None) -> None:
        with self.feedback.loading():
            self._fill_venues(self.services.events.list_venues())
        previous = self.venue.currentData()
        index = self.venue.findData(chosen)
        self.venue.setCurrentIndex(max(0, index))
        if self.venue.currentData() == previous:
            self._venue_changed()  # the same venue, its checklist may have changed
        self._update_state()

    def new_venue(self) -> None:
        result = VenueDialog.edit(self, self.services, None)
        if result is not None and result.venue is not None:
            self._after_venue_dialog(result.venue.id)
            self.venue.setFocus()

    def edit_venue(self) -> None:
        venue_id = self.venue.currentData()
        if venue_id is None:
            return
        try:
            venue = self.services.events.get_venue(venue_id)
        except UserError as exc:
            report_exception(exc, self)
            return
        result = VenueDialog.edit(self, self.services, venue)
        if result is None:
            return
        if result.deleted_id is not None:
            self._after_venue_dialog(None)
        elif result.venue is not None:
            self._after_venue_dialog(result.venue.id)
        self.venue.setFocus()

    # ================================================================= dates

    def propose_dates(self) -> None:
        try:
            start = self._date(self.start_date, "starts_at")
        except ValidationError:
            start = None
        chosen = DatesDialog.choose(self, self.services, start or self._today())
        if chosen is None:
            return
        self.start_date.setText(format_date_de(chosen))
        (self.start_date if self.start_time.text().strip() else self.start_time).setFocus()

    # ================================================================= values

    def values(self) -> EventInput:
        """The event from the fields; a German :class:`ValidationError` names the field."""
        starts = self.starts_at()
        ends = self.ends_at(starts)
        if self.host.is_unresolved():
            raise ValidationError(
                self.tr(
                    "„{text}“ ist keine bekannte Kommune oder Organisation. Bitte aus der Liste "
                    "wählen."
                ).format(text=self.host.text().strip()),
                field="host_organisation_id",
            )
        return EventInput(
            title=self.title_edit.text(),
            starts_at=starts,
            ends_at=ends,
            kind=EventKind(self.kind.currentData()),
            series=self.series.currentText(),
            venue_id=self.venue.currentData(),
            host_organisation_id=self.host.organisation_id(),
            capacity=self.capacity.value() or None,
            registration_deadline=self._date(self.deadline, "registration_deadline"),
            status=EventStatus(self.status.currentData()),
            description=self.description.toPlainText(),
            clerk_id=self.clerk.currentData(),
            notes=self.notes.toPlainText(),
        )

    # ================================================================= unsaved changes

    def has_unsaved_changes(self) -> bool:
        return self.feedback.is_dirty() and (self._new or self.detail is not None)

    def resolve_unsaved(self, then: Callable[[], object]) -> bool:
        """Speichern/Verwerfen/Abbrechen before the event is left. ``True``: go ahead now;
        ``False``: stay (after "Speichern" the save runs and ``then()`` follows)."""
        if not self.has_unsaved_changes():
            return True
        if self._busy:
            return False
        name = self.title_edit.text().strip() or self.tr("Neue Veranstaltung")
        return self.feedback.resolve_unsaved(
            name,
            save=lambda after: self.save(then=lambda _detail: after()),
            discard=self._discard,
            then=then,
        )

    def _discard(self) -> None:
        if self.detail is not None:
            self.load(self.detail)
        else:
            self.set_event(None)

    def reload(self) -> None:
        """ "Neu laden" after a conflict: the event as stored now; the edits are given up."""
        if self.detail is None:
            return
        try:
            detail = self.services.events.get_event(self.detail.id)
        except UserError as exc:
            report_exception(exc, self)
            return
        self.load(detail)
        self.changed.emit()

    # ================================================================= saving

    def save(
        self,
        then: Callable[[EventDetail], object] | None = None,
        *,
        overbooked: Overbooked = "refuse",
    ) -> None:
        """Create or update the event off the GUI thread; ``saved`` and ``then(detail)``
        afterwards."""
        if self._busy or not (self._new or self.detail is not None):
            return
        self.plan_timer.stop()
        self.feedback.clear_errors()
        self.feedback.hide_conflict()
        try:
            data = self.values()
        except ValidationError as exc:
            self.feedback.show_error(exc)
            return
        events = self.services.events
        current = self.detail
        if current is None:

            def work() -> EventDetail:
                return events.create_event(data)
        else:
            event_id, version = current.id, current.version
            changes: dict[str, Any] = asdict(data)

            def work() -> EventDetail:
                return events.update_event(
                    event_id, changes, expected_version=version, overbooked=overbooked
                )

        def done(detail: EventDetail) -> None:
            self._busy = False
            self.load(detail)
            self.saved.emit(detail)
            if then is not None:
                then(detail)

        def failed(exc: BaseException) -> None:
            self._busy = False
            self._update_state()
            self._save_failed(exc, data, then)

        self._busy = True
        self._update_state()
        run_operation(
            self,
            work,
            done,
            on_failure=failed,
            progress_text=self.tr("Veranstaltung wird gespeichert …"),
        )

    def _save_failed(
        self,
        exc: BaseException,
        data: EventInput,
        then: Callable[[EventDetail], object] | None,
    ) -> None:
        feedback = self.feedback
        if isinstance(exc, ConcurrentEditError) and feedback.show_conflict(exc):
            return
        if (
            isinstance(exc, ValidationError)
            and exc.field == "capacity"
            and self.detail is not None
            and data.capacity is not None
            and self._ask_about_capacity(exc, data.capacity, then)
        ):
            return
        if isinstance(exc, ValidationError) and feedback.show_error(exc):
            return
        report_exception(exc, self)

    def _ask_about_capacity(
        self,
        exc: ValidationError,
        capacity: int,
        then: Callable[[EventDetail], object] | None,
    ) -> bool:
        """Fewer places than already given: raise them, or the latest to the waiting list.
        ``False`` when that was not the refusal (another capacity error)."""
        assert self.detail is not None
        try:
            fresh = self.services.events.get_event(self.detail.id)
        except UserError:
            return False
        if fresh.places_taken <= capacity:
            return False
        answer = PlanningDialogs.capacity_conflict(
            self, exc.message, taken=fresh.places_taken, capacity=capacity
        )
        if answer == CapacityAnswer.RAISE:
            self.capacity.setValue(fresh.places_taken)
            self.save(then=then)
        elif answer == CapacityAnswer.WAITLIST:
            self.save(then=then, overbooked="waitlist_last")
        else:
            self.feedback.show_error(exc)
        return True

    def is_busy(self) -> bool:
        return self._busy

    def focus_first(self) -> None:
        self.title_edit.setFocus(Qt.FocusReason.OtherFocusReason)


__all__ = ["DetailsTab"]
