"""Beratungen: the consultation list with filters and full-text search, the detail of the
selected consultation, and the fast entry form (Strg+N)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.enums import ConsultationMode, label
from beratung.domain.errors import UserError, ValidationError
from beratung.domain.rules.dates import format_date_de, format_time_de
from beratung.gui.consultations.fields import DateField, past_date
from beratung.gui.consultations.followups import FollowUpEditor
from beratung.gui.consultations.form import ConsultationForm, SaveResult
from beratung.gui.consultations.models import ID_ROLE, ConsultationTableModel, name_corner_button
from beratung.gui.consultations.organisation_field import OrganisationField
from beratung.gui.consultations.topics import TopicManager
from beratung.gui.errors import report_exception
from beratung.gui.flow import FlowLayout
from beratung.gui.pages.base import Page, heading
from beratung.gui.style import active_theme, scaled
from beratung.services.consultations import ConsultationFilter

if TYPE_CHECKING:
    from collections.abc import Sequence

    from beratung.services import Services
    from beratung.services.consultations import ConsultationDetail, ProgrammeRef, TopicRef


class ConsultationDialogs:
    """Confirmations of the page; tests replace these entry points."""

    @classmethod
    def confirm_delete(cls, parent: QWidget, text: str) -> bool:
        answer = QMessageBox.question(
            parent,
            parent.tr("Beratung löschen"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes


class ConsultationsPage(Page):
    #: Emitted after a consultation was saved (id).
    consultation_saved = Signal(int)
    #: Emitted after a follow-up was changed from the detail.
    follow_ups_changed = Signal()

    SEARCH_DELAY_MS = 250

    def title(self) -> str:
        return self.tr("Beratungen")

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self._current: ConsultationDetail | None = None
        self._choices_loaded = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_filters)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 24, 32, 20)
        outer.setSpacing(12)

        top = FlowLayout(spacing=outer.spacing())
        top.addWidget(heading(self.title()))
        top.addStretch(1)
        self.new_button = QPushButton(self.tr("&Neue Beratung …"))
        self.new_button.setAccessibleName(self.tr("Neue Beratung"))
        self.new_button.setToolTip(self.tr("Neue Beratung erfassen (Strg+N)"))
        self.new_button.clicked.connect(lambda: self.new_consultation())
        self.topics_button = QPushButton(self.tr("The&men verwalten …"))
        self.topics_button.setAccessibleName(self.tr("Themen verwalten"))
        self.topics_button.setToolTip(
            self.tr("Themen anlegen, umbenennen, deaktivieren – mit der Zahl ihrer Beratungen")
        )
        self.topics_button.clicked.connect(lambda: self.manage_topics())
        top.add_widget(self.topics_button, keep_with_next=True)
        top.addWidget(self.new_button)
        outer.addLayout(top)

        self.new_action = QAction(self.tr("Neue Beratung"), self)
        self.new_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.New)])
        self.new_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.new_action.triggered.connect(lambda: self.new_consultation())
        self.addAction(self.new_action)
        self.find_action = QAction(self.tr("Suchen"), self)
        self.find_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Find)])
        self.find_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.find_action.triggered.connect(self._focus_search)
        self.addAction(self.find_action)

        outer.addWidget(self._build_filters())

        self.count_label = QLabel()
        self.count_label.setObjectName("resultCount")
        self.count_label.setProperty("role", "muted")
        outer.addWidget(self.count_label)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        self.model = ConsultationTableModel(services, self)
        self.table = QTableView()
        self.table.setObjectName("consultationTable")
        self.table.setAccessibleName(self.tr("Liste der Beratungen"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        name_corner_button(self.table)
        self.table.verticalHeader().setDefaultSectionSize(scaled(28))
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, width in enumerate((88, 190, 74, 180, 104)):
            header.resizeSection(column, scaled(width))
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.edit_current())
        self.table.activated.connect(lambda _index: self.edit_current())
        splitter.addWidget(self.table)
        splitter.addWidget(self._build_detail())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([900, 300])
        outer.addWidget(splitter, 1)

    # ================================================================= building
    def _build_filters(self) -> QFrame:
        card = QFrame()
        card.setProperty("role", "card")
        card.setObjectName("consultationFilters")
        grid = QGridLayout(card)
        grid.setContentsMargins(14, 10, 14, 10)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("consultationSearch")
        self.search_edit.setPlaceholderText(self.tr("Suche in allen Notizen (Strg+F)"))
        self.search_edit.setAccessibleName(self.tr("Suche in allen Notizen"))
        self.search_edit.setClearButtonEnabled(True)
        for button in self.search_edit.findChildren(QToolButton):
            button.setAccessibleName(self.tr("Suche leeren"))
        self.search_edit.textChanged.connect(self._schedule)
        # no gap between the widgets, as this row always had (a box layout in a grid with
        # different horizontal and vertical spacing got none); the spacings below separate
        search_row = FlowLayout(spacing=0)
        search_row.line_spacing = grid.verticalSpacing()
        # the shortcut also outside the placeholder, which disappears once something is typed
        search_label = QLabel(self.tr("&Suche (Strg+F)"))
        search_label.setBuddy(self.search_edit)
        search_row.add_widget(search_label, keep_with_next=True)
        search_row.add_widget(self.search_edit, 1)
        search_row.addSpacing(12)
        self._search_row = search_row
        grid.addLayout(search_row, 0, 0, 1, 8)

        today = self.services.context.today
        self.from_field = DateField(
            today,
            past_date,
            field="period_from",
            placeholder="01.01.2017",
            accessible_name=self.tr("Zeitraum von"),
            feedback=False,
        )
        self.to_field = DateField(
            today,
            past_date,
            field="period_to",
            placeholder=self.tr("heute"),
            accessible_name=self.tr("Zeitraum bis"),
            feedback=False,
        )
        for field in (self.from_field, self.to_field):
            field.edit.setFixedWidth(scaled(100))
            field.changed.connect(self._schedule)
        from_label = QLabel(self.tr("&Zeitraum"))
        from_label.setBuddy(self.from_field.edit)
        search_row.add_widget(from_label, keep_with_next=True)
        search_row.add_widget(self.from_field, keep_with_next=True)
        search_row.add_widget(QLabel(self.tr("bis")), keep_with_next=True)
        search_row.addWidget(self.to_field)
        search_row.addSpacing(12)
        self.reset_button = QPushButton(self.tr("Filter zur&ücksetzen"))
        self.reset_button.clicked.connect(self.reset_filters)
        search_row.addWidget(self.reset_button)

        row = FlowLayout(spacing=8)
        row.line_spacing = grid.verticalSpacing()

        self.organisation_filter = OrganisationField(self.services)
        self.organisation_filter.setAccessibleName(self.tr("Filter Organisation"))
        self.organisation_filter.setPlaceholderText(self.tr("alle Kommunen/Organisationen"))
        self.organisation_filter.setMinimumWidth(190)
        self.organisation_filter.organisation_changed.connect(lambda _id: self._schedule())
        self.organisation_filter.textChanged.connect(
            lambda text: self._schedule() if not text else None
        )
        org_label = QLabel(self.tr("&Organisation"))
        org_label.setBuddy(self.organisation_filter)
        # the two rows' labels align; a minimum below the label's own would cut "Organ…"
        aligned = max(search_label.sizeHint().width(), org_label.sizeHint().width())
        org_label.setMinimumWidth(aligned)
        search_label.setMinimumWidth(aligned)
        row.add_widget(org_label, keep_with_next=True)
        row.add_widget(self.organisation_filter, 3)
        row.addSpacing(12)

        self.programme_filter = self._combo(self.tr("Filter Programm"), self.tr("alle Programme"))
        self.topic_filter = self._combo(self.tr("Filter Thema"), self.tr("alle Themen"))
        self.mode_filter = self._combo(self.tr("Filter Art"), self.tr("alle Arten"))
        for mode in ConsultationMode:
            self.mode_filter.addItem(label(mode), mode)
        for text, combo, stretch in (
            (self.tr("&Programm"), self.programme_filter, 2),
            (self.tr("&Thema"), self.topic_filter, 3),
            (self.tr("A&rt"), self.mode_filter, 1),
        ):
            caption = QLabel(text)
            caption.setBuddy(combo)
            row.add_widget(caption, keep_with_next=True)
            row.add_widget(combo, stretch)
            row.addSpacing(6)
        grid.addLayout(row, 1, 0, 1, 8)

        self.filter_error = QLabel()
        self.filter_error.setObjectName("filterError")
        self.filter_error.setProperty("role", "alertText")
        self.filter_error.hide()
        grid.addWidget(self.filter_error, 2, 0, 1, 8)
        return card

    def _combo(self, name: str, everything: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.addItem(everything, None)
        combo.setMinimumWidth(120)
        combo.currentIndexChanged.connect(self._schedule)
        return combo

    def _build_detail(self) -> QWidget:
        panel = QFrame()
        panel.setProperty("role", "card")
        panel.setObjectName("consultationDetail")
        panel.setMinimumWidth(260)
        panel.setMaximumWidth(scaled(340))
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(16, 12, 16, 12)
        self.detail_view = QTextBrowser()
        self.detail_view.setObjectName("consultationDetailText")
        self.detail_view.setAccessibleName(self.tr("Beratung im Detail"))
        self.detail_view.setFrameShape(QFrame.Shape.NoFrame)
        self.detail_view.setOpenLinks(False)
        self.detail_view.anchorClicked.connect(self._detail_link)
        layout.addWidget(self.detail_view, 1)
        buttons = FlowLayout()  # the panel may be narrower than both buttons at 200 % text
        self.edit_button = QPushButton(self.tr("Bearbe&iten …"))
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button = QPushButton(self.tr("&Löschen …"))
        self.delete_button.clicked.connect(self.delete_current)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        layout.addLayout(buttons)
        self._show_detail(None)
        return panel

    # ================================================================= page
    def refresh(self) -> None:
        self._load_choices()
        self.apply_filters(keep_selection=True)

    def _load_choices(self) -> None:
        """Programmes and topics for the filter combos (the last used first)."""
        choices: tuple[tuple[QComboBox, Sequence[ProgrammeRef | TopicRef]], ...] = (
            (self.programme_filter, self.services.consultations.recent_programmes(limit=200)),
            (self.topic_filter, self.services.consultations.recent_topics(limit=500)),
        )
        for combo, items in choices:
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for item in sorted(items, key=lambda i: i.name.casefold()):
                combo.addItem(item.name, item.id)
            index = combo.findData(current) if current is not None else 0
            combo.setCurrentIndex(max(0, index))
            combo.blockSignals(False)

    # ================================================================= filters
    def _schedule(self, *_args: object) -> None:
        self._timer.start()

    def _focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def current_filter(self) -> ConsultationFilter:
        """The filter of the fields; a wrong date raises the German ValidationError."""
        period_from = self.from_field.value()
        period_to = self.to_field.value()
        if period_from and period_to and period_to < period_from:
            raise ValidationError(
                self.tr("Das Ende des Zeitraums liegt vor seinem Anfang."), field="period_to"
            )
        text = self.search_edit.text().strip()
        return ConsultationFilter(
            period_from=period_from,
            period_to=period_to,
            organisation_id=self.organisation_filter.organisation_id(),
            programme_id=self.programme_filter.currentData(),
            topic_id=self.topic_filter.currentData(),
            mode=self.mode_filter.currentData(),
            text=text or None,
        )

    def apply_filters(self, keep_selection: bool = False) -> None:
        self._timer.stop()
        try:
            flt = self.current_filter()
        except ValidationError as exc:
            self.filter_error.setText(exc.message)
            self.filter_error.show()
            return
        self.filter_error.hide()
        selected = self._current.id if keep_selection and self._current else None
        try:
            self.model.set_filter(flt)
        except UserError as exc:
            self.filter_error.setText(exc.message)
            self.filter_error.show()
            return
        self._show_count(flt)
        row = self.model.row_of(selected) if selected is not None else -1
        if row >= 0:
            self.table.selectRow(row)
        else:
            self._show_detail(None)

    def reset_filters(self) -> None:
        for widget in (self.search_edit, self.organisation_filter):
            widget.clear()
        self.organisation_filter.set_organisation(None)
        self.from_field.setText("")
        self.to_field.setText("")
        for combo in (self.programme_filter, self.topic_filter, self.mode_filter):
            combo.setCurrentIndex(0)
        self.apply_filters()

    def _show_count(self, flt: ConsultationFilter) -> None:
        total = self.model.total
        filtered = flt != ConsultationFilter()
        if flt.text:
            text = (
                self.tr("Keine Beratung enthält „{text}“.").format(text=flt.text)
                if total == 0
                else self.tr("{count} Beratungen gefunden · die besten Treffer zuerst").format(
                    count=total
                )
                if total != 1
                else self.tr("1 Beratung gefunden")
            )
        elif filtered:
            text = (
                self.tr("1 Beratung im Filter")
                if total == 1
                else self.tr("{count} Beratungen im Filter").format(count=total)
            )
        else:
            text = (
                self.tr("Noch keine Beratungen erfasst – Strg+N legt die erste an.")
                if total == 0
                else self.tr("1 Beratung")
                if total == 1
                else self.tr("{count} Beratungen").format(count=total)
            )
        self.count_label.setText(text)
        self.count_label.setAccessibleName(text)
        self.count_label.setToolTip(self.model.order_hint())

    # ================================================================= selection and detail
    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        index = self.table.currentIndex()
        rows = self.table.selectionModel().selectedRows()
        if rows:
            index = rows[0]
        if not index.isValid():
            self._show_detail(None)
            return
        consultation_id = int(self.model.data(index, ID_ROLE))
        try:
            self._show_detail(self.services.consultations.get_consultation(consultation_id))
        except UserError:
            self._show_detail(None)

    def current_id(self) -> int | None:
        return self._current.id if self._current else None

    def _show_detail(self, detail: ConsultationDetail | None) -> None:
        self._current = detail
        self.edit_button.setEnabled(detail is not None)
        self.delete_button.setEnabled(detail is not None)
        if detail is None:
            self.detail_view.setHtml(
                f"<p style='color:{active_theme().muted}'>"
                + html.escape(self.tr("Eine Beratung in der Liste wählen, um sie hier zu sehen."))
                + "</p>"
            )
            return
        self.detail_view.setHtml(self.detail_html(detail))

    def detail_html(self, d: ConsultationDetail) -> str:
        esc = html.escape
        parts = [
            f"<h3 style='margin:0'>{esc(d.organisation.name if d.organisation else '')}</h3>",
            "<p style='color:{muted}; margin-top:2px'>{when}</p>".format(
                muted=active_theme().muted,
                when=esc(
                    self.tr("{date}, {time} Uhr · {mode}{duration}").format(
                        date=format_date_de(d.occurred_at, "weekday"),
                        time=format_time_de(d.occurred_at),
                        mode=label(d.mode),
                        duration=self.tr(" · {minutes} min").format(minutes=d.duration_minutes)
                        if d.duration_minutes
                        else "",
                    )
                ),
            ),
        ]

        def row(caption: str, value: str | None) -> None:
            if value:
                parts.append(f"<p style='margin:6px 0 0 0'><b>{esc(caption)}</b><br>{value}</p>")

        row(self.tr("Betreff"), esc(d.subject or ""))
        row(
            self.tr("Personen"),
            "<br>".join(esc(f"{p.name} – {p.role}" if p.role else p.name) for p in d.persons),
        )
        row(self.tr("Themen"), esc(", ".join(t.name for t in d.topics)))
        row(self.tr("Programm"), esc(d.programme.name if d.programme else ""))
        row(self.tr("Zusammenfassung"), esc(d.summary or "").replace("\n", "<br>"))
        row(self.tr("Ergebnis"), esc(d.outcome or "").replace("\n", "<br>"))
        row(self.tr("Aktenzeichen"), esc(d.file_reference or ""))
        row(self.tr("Anhänge"), "<br>".join(esc(a.original_name) for a in d.attachments))
        follow_ups = []
        for item in d.follow_ups:
            text = f"{format_date_de(item.due_on)}: {esc(item.note)}"
            link = f"<a href='followup:{item.id}'>{text}</a>"
            follow_ups.append(f"<s>{link}</s> ✓" if item.is_done else link)
        if follow_ups:
            follow_ups.append(
                f"<span style='color:{active_theme().muted}'>"
                + esc(self.tr("Anklicken (oder Tab, Eingabe) zum Bearbeiten"))
                + "</span>"
            )
        row(self.tr("Wiedervorlagen"), "<br>".join(follow_ups))
        return "".join(parts)

    # ================================================================= actions
    def new_consultation(
        self, organisation_id: int | None = None, person_id: int | None = None
    ) -> SaveResult | None:
        """Open the entry form, pre-filled from an organisation or person (contacts page)."""
        consultations = self.services.consultations
        try:
            if person_id is not None:
                prefill = consultations.draft_for_person(person_id)
            elif organisation_id is not None:
                prefill = consultations.draft_for_organisation(organisation_id)
            else:
                prefill = consultations.draft_blank()
        except Exception as exc:
            report_exception(exc, self)
            return None
        return self._after_form(ConsultationForm.edit(self, self.services, prefill))

    def edit_current(self) -> SaveResult | None:
        if self._current is None:
            return None
        try:
            detail = self.services.consultations.get_consultation(self._current.id)
            prefill = self.services.consultations.draft_blank()
        except Exception as exc:
            report_exception(exc, self)
            return None
        return self._after_form(ConsultationForm.edit(self, self.services, prefill, detail))

    def manage_topics(self) -> bool:
        """Themen verwalten …; afterwards the topic filter and the list show the new names."""
        changed = TopicManager.manage(self, self.services)
        if changed:
            self._load_choices()
            self.apply_filters(keep_selection=True)
        return changed

    def _detail_link(self, url: QUrl) -> None:
        if url.scheme() == "followup" and url.path().isdigit():
            self.edit_follow_up(int(url.path()))

    def edit_follow_up(self, follow_up_id: int) -> str | None:
        """The editor for one of the shown consultation's follow-ups; the detail follows."""
        outcome = FollowUpEditor.edit(self, self.services, follow_up_id)
        if outcome is not None and self._current is not None:
            try:
                self._show_detail(self.services.consultations.get_consultation(self._current.id))
            except UserError:
                self._show_detail(None)
            self.follow_ups_changed.emit()
        return outcome

    def open_consultation(self, consultation_id: int) -> None:
        """Show ``consultation_id`` (from the overview's follow-ups): clear the filters and
        select it, fetching further pages if needed."""
        self.reset_filters()
        while self.model.row_of(consultation_id) < 0 and self.model.canFetchMore():
            self.model.fetchMore()
        row = self.model.row_of(consultation_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        else:
            try:
                self._show_detail(self.services.consultations.get_consultation(consultation_id))
            except UserError as exc:
                report_exception(exc, self)
        self.table.setFocus()

    def _after_form(self, result: SaveResult | None) -> SaveResult | None:
        if result is None:
            return None
        self._load_choices()
        self.apply_filters()
        row = self.model.row_of(result.detail.id)
        if row >= 0:
            self.table.selectRow(row)
        else:
            self._show_detail(result.detail)
        self.consultation_saved.emit(result.detail.id)
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(self.tr("Beratung gespeichert."), 5000)
        return result

    def delete_current(self) -> None:
        detail = self._current
        if detail is None:
            return
        text = self.tr("Die Beratung vom {date} ({organisation}) wirklich löschen?").format(
            date=format_date_de(detail.occurred_at),
            organisation=detail.organisation.name if detail.organisation else "–",
        )
        if not ConsultationDialogs.confirm_delete(self, text):
            return
        try:
            self.services.consultations.delete_consultation(detail.id, detail.version)
        except Exception as exc:
            report_exception(exc, self)
        self.apply_filters()

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)
        self.table.setCurrentIndex(self.model.index(row, 0, QModelIndex()))
