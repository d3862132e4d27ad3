"""The event view's tab "Bedarfe".

What the venue and the caterer must plan for, summed without names ("2 × Gebärdensprach-
dolmetschung, 1 × Rollstuhlplatz …") with the date the data is deleted, ready to copy into an
e-mail; the list with names only after a question (health data, for the organiser only), and
hidden again when the event changes; and the needs dialog of one person on the list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.enums import NeedKind
from beratung.domain.rules.dates import format_date_de
from beratung.gui.events.base import EventTab
from beratung.gui.events.needs_dialog import NeedsDialog, RegistrationChooser, saved_text
from beratung.gui.events.registration_common import (
    EventDialogs,
    Notice,
    button,
    tab_chain,
    tr,
)
from beratung.gui.flow import FlowLayout
from beratung.gui.style import light_grid, relative_font, scaled
from beratung.gui.tablemodels import Column, SnapshotTableModel
from beratung.services.events.snapshots import EventDetail, NamedNeed, NeedsSummary

if TYPE_CHECKING:
    from beratung.services import Services


def summary_lines(summary: NeedsSummary) -> list[str]:
    """The summary as lines: one per need ("2 × Gebärdensprachdolmetschung"), the details of
    food and other needs, and the deletion date — never a name."""
    if not summary.counts:
        return [tr("Bisher hat niemand, der angemeldet ist, Bedarfe angegeben.")]
    kinds = {need.kind for need in summary.counts}
    # The details of food and other needs come as one list: they go behind the one of the two
    # that occurs, or on a line of their own when both do.
    described = kinds & {NeedKind.DIET, NeedKind.OTHER}
    details = ", ".join(summary.other_details)
    lines = []
    for need in summary.counts:
        line = f"{need.count} × {need.label}"
        if details and described == {need.kind}:
            line += f" ({details})"
        lines.append(line)
    if summary.other_details and len(described) != 1:
        lines.append(
            tr("Angaben zu Ernährung und Sonstigem: {details}").format(
                details=", ".join(summary.other_details)
            )
        )
    return lines


def summary_text(title: str, summary: NeedsSummary) -> str:
    """For the e-mail to the venue or the caterer (no names)."""
    head = tr("Bedarfe der Angemeldeten zu „{title}“ (ohne Namen):").format(title=title)
    return "\n".join([head, *(f"– {line}" for line in summary_lines(summary))])


def named_columns() -> list[Column[NamedNeed]]:
    def needs_text(named: NamedNeed) -> str:
        return "; ".join(
            f"{need.label}: {need.details}" if need.details else need.label for need in named.needs
        )

    def deletion(named: NamedNeed) -> str:
        days = sorted({n.delete_after for n in named.needs if n.delete_after is not None})
        return format_date_de(days[0]) if days else ""

    return [
        Column(tr("Name"), lambda n: n.name),
        Column(tr("Organisation"), lambda n: n.organisation or ""),
        Column(tr("Status"), lambda n: n.status_label),
        Column(tr("Bedarfe"), needs_text),
        Column(tr("Löschung am"), deletion),
    ]


class NeedsTab(EventTab):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.setObjectName("needsTab")
        light_grid(self)
        self.summary: NeedsSummary | None = None
        self.named_model: SnapshotTableModel[NamedNeed] = SnapshotTableModel(named_columns(), self)
        self._build()
        self.set_event(None)

    def tab_title(self) -> str:
        return self.tr("Bedarfe")

    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(16, 12, 16, 12)
        root.setSpacing(10)

        title = QLabel(tr("Für Veranstaltungsort und Catering (ohne Namen)"))
        title.setProperty("role", "sectionTitle")
        title.setWordWrap(True)  # at 200 % text wider than a 1280 px window
        root.addWidget(title)
        self.card = QFrame()
        self.card.setObjectName("needsSummaryCard")
        self.card.setProperty("role", "card")
        self.card.setAccessibleName(tr("Bedarfe ohne Namen"))
        card_layout = QVBoxLayout(self.card)
        card_layout.setContentsMargins(16, 12, 16, 12)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("needsSummaryText")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary_label.setStyleSheet(f"font-size: {relative_font(1.2)};")
        self.scope_label = QLabel(
            tr("Gezählt werden die Bedarfe aller Angemeldeten und Teilnehmenden.")
        )
        self.scope_label.setProperty("role", "muted")
        self.scope_label.setWordWrap(True)
        self.deletion_label = QLabel()
        self.deletion_label.setObjectName("needsDeletionDate")
        self.deletion_label.setWordWrap(True)
        card_layout.addWidget(self.summary_label)
        card_layout.addWidget(self.scope_label)
        card_layout.addWidget(self.deletion_label)
        root.addWidget(self.card)

        self.copy_button = button(
            "copyNeedsSummary",
            tr("&Zusammenfassung kopieren"),
            tooltip=tr("Für eine E-Mail an Veranstaltungsort oder Catering, ohne Namen"),
        )
        self.copy_button.clicked.connect(self.copy_summary)
        self.record_button = button(
            "recordNeeds",
            tr("Bedarfe einer &Person erfassen …"),
            tooltip=tr("Eine Person auf der Liste wählen und ihre Bedarfe mit Einwilligung"),
        )
        self.record_button.clicked.connect(self.record_needs)
        self.show_names_button = button(
            "showNamedNeeds",
            tr("Namens&liste anzeigen …"),
            tooltip=tr("Wer was braucht – Gesundheitsdaten, nur für die Organisatorin"),
        )
        self.show_names_button.clicked.connect(self.show_names)
        buttons = FlowLayout()  # wraps at 200 % text rather than widen the page
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.record_button)
        buttons.addStretch(1)
        buttons.addWidget(self.show_names_button)
        root.addLayout(buttons)

        self.named_title = QLabel(tr("Namensliste (vertraulich: Gesundheitsdaten)"))
        self.named_title.setProperty("role", "sectionTitle")
        self.named_title.setWordWrap(True)
        self.named_table = QTableView()
        self.named_table.setObjectName("namedNeeds")
        self.named_table.setAccessibleName(tr("Namensliste der Bedarfe"))
        self.named_table.setModel(self.named_model)
        self.named_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.named_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.named_table.setTabKeyNavigation(False)
        self.named_table.setAlternatingRowColors(True)
        self.named_table.setShowGrid(False)
        self.named_table.verticalHeader().hide()
        header = self.named_table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for column, width in enumerate((200, 240, 110, 420, 110)):
            self.named_table.setColumnWidth(column, scaled(width))
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.hide_names_button = button("hideNamedNeeds", tr("Namensliste &verbergen"))
        self.hide_names_button.clicked.connect(self.hide_names)
        hide_row = QHBoxLayout()
        hide_row.addStretch(1)
        hide_row.addWidget(self.hide_names_button)
        self.named_box = QWidget()
        named_layout = QVBoxLayout(self.named_box)
        named_layout.setContentsMargins(0, 8, 0, 0)
        named_layout.addWidget(self.named_title)
        named_layout.addWidget(self.named_table, 1)
        named_layout.addLayout(hide_row)
        root.addWidget(self.named_box, 1)
        self.named_box.hide()

        self.notice = Notice("needsNotice")
        root.addWidget(self.notice)
        self.stretch = QWidget()
        root.addWidget(self.stretch, 1)
        order: list[QWidget] = [
            self.copy_button,
            self.record_button,
            self.show_names_button,
            self.named_table,
            self.hide_names_button,
            self.notice.close_button,
        ]
        tab_chain(order)

    # ---------------------------------------------------------------- loading

    def set_event(self, detail: EventDetail | None) -> None:
        same = detail is not None and self.detail is not None and detail.id == self.detail.id
        super().set_event(detail)
        if not same:
            self.hide_names()
            self.notice.clear()
        for widget in (self.copy_button, self.record_button, self.show_names_button):
            widget.setEnabled(detail is not None)
        self.reload()

    def reload(self) -> None:
        if self.detail is None:
            self.summary = None
            self.summary_label.setText(tr("Bitte wählen Sie eine Veranstaltung."))
            self.deletion_label.clear()
            return
        self.summary = self.services.events.needs_summary(self.detail.id)
        text = "\n".join(summary_lines(self.summary))
        self.summary_label.setText(text)
        self.summary_label.setAccessibleName(text)
        self.card.setAccessibleDescription(text)
        if self.summary.delete_after is not None:
            deletion = tr(
                "Die Angaben werden am {day} gelöscht (Gesundheitsdaten, nur mit Einwilligung)."
            ).format(day=format_date_de(self.summary.delete_after))
        else:
            deletion = ""
        self.deletion_label.setText(deletion)
        self.deletion_label.setVisible(bool(deletion))
        self.copy_button.setEnabled(bool(self.summary.counts))
        if not self.named_box.isHidden():
            self.named_model.set_rows(self.services.events.named_needs(self.detail.id))

    # ---------------------------------------------------------------- actions

    def copy_summary(self) -> None:
        if self.detail is None or self.summary is None:
            return
        QGuiApplication.clipboard().setText(summary_text(self.detail.title, self.summary))
        self.notice.show_text(tr("Die Zusammenfassung ohne Namen ist in der Zwischenablage."))

    def show_names(self) -> None:
        """Ask first (health data, for the organiser only), then show who needs what."""
        if self.detail is None:
            return
        if not EventDialogs.confirm(
            self,
            tr("Namensliste mit Gesundheitsdaten anzeigen?"),
            tr(
                "Die Liste zeigt, wer welche Bedarfe hat. Sie ist nur für die Organisation "
                "der Veranstaltung bestimmt: nicht weitergeben, nicht ausdrucken lassen. "
                "Veranstaltungsort und Catering bekommen die Zusammenfassung ohne Namen."
            ),
            tr("Namensliste anzeigen"),
        ):
            return
        self.named_model.set_rows(self.services.events.named_needs(self.detail.id))
        self.named_box.show()
        self.stretch.hide()
        self.named_table.setFocus()

    def hide_names(self) -> None:
        self.named_model.set_rows([])
        self.named_box.hide()
        self.stretch.show()

    def names_shown(self) -> bool:
        return not self.named_box.isHidden()

    def record_needs(self) -> None:
        if self.detail is None:
            return
        rows = self.services.events.list_registrations(self.detail.id)
        registration_id = RegistrationChooser.choose(self, rows)
        if registration_id is None:
            return
        saved = NeedsDialog.run(self, self.services, registration_id)
        if saved is None:
            return
        self.reload()
        self.notice.show_text(saved_text(saved), "ok")
        self.changed.emit()


__all__ = ["NeedsTab", "named_columns", "summary_lines", "summary_text"]
