"""Termine vorschlagen: dates after a rule said in words ("jeden 3. Mittwoch im März und
Oktober"), public holidays in Baden-Württemberg shown as skipped, one picked to fill the start.

The rule is read by ``domain/rules/events.parse_recurrence`` (through
``services.events.propose_event_dates``), which refuses anything it does not understand with
examples instead of guessing; the dialog shows how it understood the rule. Skipped holidays
stay in the list where they would have been, greyed *and* saying so, and cannot be picked.
:meth:`DatesDialog.choose` is the entry point tests replace.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.errors import ValidationError
from beratung.domain.rules.dates import format_date_de, parse_date_de
from beratung.domain.rules.events import ProposedDate, parse_recurrence
from beratung.gui.events.common import text_width, tr
from beratung.gui.feedback import FieldMessage, FormFeedback, MessageLabel
from beratung.gui.fit import keep_minimum_width
from beratung.gui.style import active_theme, light_grid

if TYPE_CHECKING:
    from beratung.services import Services

#: Debounce of the proposals while the rule is typed (ms).
PROPOSE_DELAY = 350
DAY_ROLE = Qt.ItemDataRole.UserRole + 1


class DatesDialog(QDialog):
    """Proposes dates after a rule; ``chosen`` is the picked date once accepted."""

    def __init__(
        self,
        services: Services,
        start: date,
        parent: QWidget | None = None,
        *,
        rule: str = "",
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.chosen: date | None = None
        self.proposals: list[ProposedDate] = []
        self.setObjectName("datesDialog")
        light_grid(self)
        self.setWindowTitle(tr("Termine vorschlagen"))
        self.setAccessibleName(self.windowTitle())
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(PROPOSE_DELAY)
        self.timer.timeout.connect(self.propose)
        self._build()
        keep_minimum_width(self, 520)
        self.start.setText(format_date_de(start))
        self.rule.setText(rule)
        self.rule.setFocus()

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 16, 20, 14)
        outer.setSpacing(8)
        intro = QLabel(
            tr(
                "Beschreiben Sie den Rhythmus in Worten, z. B. „jeden 3. Mittwoch im März und "
                "Oktober“, „jeden letzten Donnerstag im Quartal“ oder „alle zwei Wochen "
                "mittwochs“. Feiertage in Baden-Württemberg werden übersprungen."
            )
        )
        intro.setWordWrap(True)
        intro.setProperty("role", "venueSummary")
        outer.addWidget(intro)
        self.feedback = FormFeedback(self, tracks_changes=False)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setVerticalSpacing(4)
        self.rule = QLineEdit()
        self.rule.setObjectName("recurrenceRule")
        self.rule.setAccessibleName(tr("Terminregel"))
        self.rule.setPlaceholderText(tr("jeden 3. Mittwoch im März und Oktober"))
        self.rule.textEdited.connect(lambda _text: self.timer.start())
        self.rule.returnPressed.connect(self.propose)
        rule_label = QLabel(tr("&Regel"))
        rule_label.setBuddy(self.rule)
        form.addRow(rule_label, self.rule)
        self.understood = MessageLabel()
        self.understood.setObjectName("understoodRule")
        self.understood.setProperty("role", "muted")
        self.rule_message = FieldMessage(self.rule, self.understood)
        self.feedback.register("recurrence", self.rule_message)
        form.addRow("", self.understood)

        self.start = QLineEdit()
        self.start.setAccessibleName(tr("Vorschläge ab dem Datum"))
        self.start.setFixedWidth(text_width(self.start, "00.00.00000"))
        self.start.textEdited.connect(lambda _text: self.timer.start())
        self.count = QSpinBox()
        self.count.setAccessibleName(tr("Anzahl der Vorschläge"))
        self.count.setRange(1, 24)
        self.count.setValue(6)
        self.count.valueChanged.connect(lambda _value: self.timer.start())
        self.skip = QCheckBox(tr("&Feiertage überspringen"))
        self.skip.setAccessibleName(tr("Feiertage überspringen"))
        self.skip.setChecked(True)
        self.skip.toggled.connect(lambda _on: self.propose())
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.start)
        count_label = QLabel(tr("An&zahl"))
        count_label.setBuddy(self.count)
        row.addWidget(count_label)
        row.addWidget(self.count)
        row.addSpacing(10)
        row.addWidget(self.skip)
        row.addStretch(1)
        start_label = QLabel(tr("&Ab"))
        start_label.setBuddy(self.start)
        form.addRow(start_label, row)
        form.addRow("", self.feedback.register("start", self.start).label)
        outer.addLayout(form)

        propose_row = QHBoxLayout()
        self.propose_button = QPushButton(tr("&Vorschlagen"))
        self.propose_button.setAccessibleName(tr("Vorschlagen"))
        self.propose_button.setAutoDefault(False)
        self.propose_button.clicked.connect(self.propose)
        propose_row.addWidget(self.propose_button)
        propose_row.addStretch(1)
        outer.addLayout(propose_row)

        list_label = QLabel(tr("V&orschläge"))
        self.list = QListWidget()
        self.list.setObjectName("proposedDates")
        self.list.setAccessibleName(tr("Vorgeschlagene Termine"))
        self.list.setMinimumHeight(180)
        self.list.itemActivated.connect(lambda _item: self.take())
        self.list.currentItemChanged.connect(lambda *_args: self._update_state())
        list_label.setBuddy(self.list)
        outer.addWidget(list_label)
        outer.addWidget(self.list, 1)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton(tr("Abbre&chen"))
        self.cancel_button.setAccessibleName(tr("Abbrechen"))
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.take_button = QPushButton(tr("&Übernehmen"))
        self.take_button.setAccessibleName(tr("Gewählten Termin übernehmen"))
        self.take_button.setAutoDefault(False)
        self.take_button.clicked.connect(self.take)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.take_button)
        outer.addLayout(buttons)
        self._update_state()

    # ----------------------------------------------------------------- actions

    def propose(self) -> None:
        """Read the rule and list the dates (holidays skipped, shown greyed and named)."""
        self.timer.stop()
        self.feedback.clear_errors()
        self.list.clear()
        self.proposals = []
        text = self.rule.text().strip()
        if not text:
            self.understood.clear()
            self._update_state()
            return
        try:
            start_text = self.start.text().strip()
            today = self.services.context.today()
            start = (
                parse_date_de(start_text, today, prefer="future", field="start")
                if start_text
                else today
            )
            understood = parse_recurrence(text).describe()
            proposals = self.services.events.propose_event_dates(
                text, start=start, count=self.count.value(), skip_holidays=self.skip.isChecked()
            )
        except ValidationError as exc:
            self.feedback.show_error(exc)
            self._update_state()
            return
        self.rule_message.show_note(tr("Verstanden: {rule}").format(rule=understood))
        self.proposals = proposals
        first: QListWidgetItem | None = None
        for proposal in proposals:
            shown = format_date_de(proposal.day, "weekday")
            item = QListWidgetItem()
            item.setData(DAY_ROLE, proposal.day)
            if proposal.skipped:
                shown = tr("{day} – übersprungen: Feiertag ({holiday})").format(
                    day=shown, holiday=proposal.holiday
                )
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                item.setForeground(QColor(active_theme().muted))
            elif proposal.holiday:
                shown = tr("{day} – Feiertag ({holiday})").format(
                    day=shown, holiday=proposal.holiday
                )
            item.setText(shown)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, shown)
            self.list.addItem(item)
            if first is None and not proposal.skipped:
                first = item
        if first is not None:
            self.list.setCurrentItem(first)
        self._update_state()

    def _current_day(self) -> date | None:
        item = self.list.currentItem()
        if item is None or not item.flags() & Qt.ItemFlag.ItemIsSelectable:
            return None
        day = item.data(DAY_ROLE)
        return day if isinstance(day, date) else None

    def _update_state(self) -> None:
        self.take_button.setEnabled(self._current_day() is not None)

    def choose_day(self, day: date) -> None:
        """Make ``day`` the current proposal (tests, keyboard)."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(DAY_ROLE) == day:
                self.list.setCurrentItem(item)
                return

    def take(self) -> None:
        day = self._current_day()
        if day is None:
            return
        self.chosen = day
        self.accept()

    def shown_texts(self) -> list[str]:
        return [self.list.item(row).text() for row in range(self.list.count())]

    # ----------------------------------------------------------------- entry point

    @classmethod
    def choose(cls, parent: QWidget | None, services: Services, start: date) -> date | None:
        """Open the dialog modally; the picked date or None. Tests replace this."""
        dialog = cls(services, start, parent)
        dialog.exec()
        chosen = dialog.chosen
        dialog.deleteLater()
        return chosen


__all__ = ["DatesDialog"]
