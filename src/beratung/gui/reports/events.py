"""The events tab of Auswertungen (Veranstaltungsstatistik): for a year or any period, and
optionally one series, the key figures, the municipalities each event reached as a chart and per
Regierungsbezirk, the registrations of every event, and who came how often to each series; the
report as PDF (preview, print, save) and the tables as Excel or CSV.

One service call (``services.events.get_event_statistics``) fills everything, off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.errors import ValidationError
from beratung.domain.reports import (
    REGISTRATION_FIELDS,
    REGISTRATION_TITLES,
    EventStatistics,
    EventStatisticsRow,
    Reach,
    SeriesGuest,
)
from beratung.domain.rules.dates import format_date_de
from beratung.gui.consultations.charts import Bar, BarChart
from beratung.gui.consultations.fields import DateField, past_date
from beratung.gui.consultations.models import Column, RecordTableModel
from beratung.gui.operations import run_operation
from beratung.gui.pages.base import heading
from beratung.gui.reports.common import (
    FigureTile,
    ReportPeriod,
    card,
    export_report_table,
    fit_columns,
    fit_rows,
    show_report_pdf,
    statistics_view,
)
from beratung.gui.style import scaled

if TYPE_CHECKING:
    from beratung.services import Services

#: Events the reach chart shows at most (those reaching the most); the table has them all.
CHART_LIMIT = 24


@dataclass(frozen=True, slots=True)
class ReachRow:
    """A line of the reach table: an event, or the period's total."""

    key: str
    label: str
    reach: Reach


@dataclass(frozen=True, slots=True)
class GuestRow:
    series: str
    guest: SeriesGuest


def event_label(row: EventStatisticsRow) -> str:
    return f"{format_date_de(row.starts_on)} {row.title}"


class EventStatisticsView(ReportPeriod, QWidget):
    """The Veranstaltungen tab of the Auswertungen page."""

    #: Emitted on the GUI thread after new statistics are shown.
    statistics_shown = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.statistics: EventStatistics | None = None
        self._loaded = False
        self.setAccessibleName(self.tr("Veranstaltungsstatistik"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.setSpacing(14)
        layout.addWidget(self._controls())
        layout.addLayout(self._actions())

        self.error_label = QLabel()
        self.error_label.setProperty("role", "alertText")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)

        figures = QHBoxLayout()
        figures.setSpacing(12)
        self.figures: dict[str, FigureTile] = {}
        for key, title in (
            ("events", self.tr("Veranstaltungen")),
            ("attended", self.tr("Teilnahmen")),
            ("municipalities", self.tr("Kommunen")),
            ("members", self.tr("davon Mitglieder")),
            ("non_members", self.tr("Nichtmitglieder")),
        ):
            tile = FigureTile(f"event_{key}", title)
            self.figures[key] = tile
            figures.addWidget(tile, 1)
        layout.addLayout(figures)

        self.reach_chart = BarChart(
            self.tr("Erreichte Kommunen je Veranstaltung"),
            empty_text=self.tr("Keine Veranstaltung im Zeitraum hat Kommunen erreicht."),
        )
        self.region_chart = BarChart(
            self.tr("Erreichte Kommunen je Regierungsbezirk"),
            empty_text=self.tr("Keine erreichten Kommunen."),
        )
        charts = QGridLayout()
        charts.setHorizontalSpacing(16)
        charts.addWidget(card(self.reach_chart), 0, 0)
        charts.addWidget(card(self.region_chart), 0, 1)
        charts.setColumnStretch(0, 3)
        charts.setColumnStretch(1, 2)
        layout.addLayout(charts)

        layout.addWidget(heading(self.tr("Anmeldungen je Veranstaltung"), role="sectionTitle"))
        self.events_model = self._events_model()
        self.events_table = statistics_view(
            self.events_model,
            self.tr("Anmeldungen je Veranstaltung"),
            object_name="table_events",
            min_height=180,
        )
        fit_columns(self.events_table, stretch=1)
        layout.addWidget(self.events_table)

        self.reach_heading = heading(
            self.tr("Erreichte Kommunen je Veranstaltung und Regierungsbezirk"),
            role="sectionTitle",
        )
        layout.addWidget(self.reach_heading)
        self.reach_model = self._reach_model(())
        self.reach_table = statistics_view(
            self.reach_model,
            self.tr("Erreichte Kommunen je Veranstaltung und Regierungsbezirk"),
            object_name="table_event_reach",
            min_height=180,
        )
        fit_columns(self.reach_table)
        layout.addWidget(self.reach_table)

        layout.addWidget(heading(self.tr("Reihen: wer wie oft kam"), role="sectionTitle"))
        self.series_label = QLabel()
        self.series_label.setObjectName("seriesSummary")
        self.series_label.setWordWrap(True)
        self.series_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.series_label)
        self.guests_model = self._guests_model()
        self.guests_table = statistics_view(
            self.guests_model,
            self.tr("Teilnehmende der Reihen"),
            object_name="table_series_guests",
            min_height=220,
        )
        header = self.guests_table.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in enumerate((170, 190, 230, 90)):
            header.setSectionResizeMode(column, header.ResizeMode.Interactive)
            header.resizeSection(column, scaled(width))
        layout.addWidget(self.guests_table)
        layout.addStretch(1)

    # ================================================================= building
    def _controls(self) -> QFrame:
        controls = QFrame()
        controls.setProperty("role", "card")
        row = QHBoxLayout(controls)
        row.setContentsMargins(14, 10, 14, 10)
        row.setSpacing(8)
        today = self.services.context.today
        self.year_combo = QComboBox()
        self.year_combo.setAccessibleName(self.tr("Jahr"))
        self.year_combo.setMaximumWidth(scaled(160))
        self.year_combo.addItem(str(today().year), today().year)
        self.year_combo.addItem(self.tr("eigener Zeitraum"), None)
        self.year_combo.currentIndexChanged.connect(self._year_changed)
        year_label = QLabel(self.tr("&Jahr"))
        year_label.setBuddy(self.year_combo)
        row.addWidget(year_label)
        row.addWidget(self.year_combo)
        row.addSpacing(8)
        self.from_field = DateField(
            today,
            past_date,
            field="period_from",
            accessible_name=self.tr("Zeitraum von"),
            feedback=False,
        )
        self.to_field = DateField(
            today,
            past_date,
            field="period_to",
            accessible_name=self.tr("Zeitraum bis"),
            feedback=False,
        )
        for field in (self.from_field, self.to_field):
            field.edit.setFixedWidth(scaled(100))
            field.edit.returnPressed.connect(self.update_statistics)
            field.edit.textEdited.connect(self._custom_period)
        from_label = QLabel(self.tr("&von"))
        from_label.setBuddy(self.from_field.edit)
        row.addWidget(from_label)
        row.addWidget(self.from_field)
        to_label = QLabel(self.tr("b&is"))
        to_label.setBuddy(self.to_field.edit)
        row.addWidget(to_label)
        row.addWidget(self.to_field)
        row.addSpacing(8)
        self.series_combo = QComboBox()
        self.series_combo.setAccessibleName(self.tr("Reihe"))
        self.series_combo.addItem(self.tr("alle Reihen"), None)
        self.series_combo.setMinimumWidth(180)
        self.series_combo.currentIndexChanged.connect(self._series_changed)
        series_label = QLabel(self.tr("&Reihe"))
        series_label.setBuddy(self.series_combo)
        row.addWidget(series_label)
        row.addWidget(self.series_combo)
        row.addStretch(1)
        self.show_button = QPushButton(self.tr("Anzei&gen"))
        self.show_button.clicked.connect(self.update_statistics)
        row.addWidget(self.show_button)
        return controls

    def _actions(self) -> QHBoxLayout:
        actions = QHBoxLayout()
        self.period_label = QLabel()
        self.period_label.setObjectName("eventPeriodLabel")
        self.period_label.setProperty("role", "sectionTitle")
        actions.addWidget(self.period_label, 1)
        self.pdf_button = QPushButton(self.tr("Als &PDF …"))
        self.pdf_button.setAccessibleName(self.tr("Veranstaltungsstatistik als PDF"))
        self.pdf_button.clicked.connect(self.report_pdf)
        self.excel_button = QPushButton(self.tr("Als E&xcel …"))
        self.excel_button.setAccessibleName(
            self.tr("Veranstaltungsstatistik als Excel- oder CSV-Datei")
        )
        self.excel_button.clicked.connect(self.export_table)
        actions.addWidget(self.pdf_button)
        actions.addWidget(self.excel_button)
        return actions

    def _events_model(self) -> RecordTableModel[EventStatisticsRow]:
        locale = QLocale()

        def count(title: str, name: str) -> Column[EventStatisticsRow]:
            return Column(
                title,
                lambda r: locale.toString(int(getattr(r.registrations, name))),
                sort_key=lambda r: int(getattr(r.registrations, name)),
                align_right=True,
            )

        return RecordTableModel(
            [
                Column(
                    self.tr("Datum"),
                    lambda r: format_date_de(r.starts_on),
                    sort_key=lambda r: r.starts_on,
                ),
                Column(self.tr("Veranstaltung"), lambda r: r.title, tooltip=self._event_tooltip),
                Column(self.tr("Ort"), lambda r: r.town or ""),
                Column(self.tr("Status"), lambda r: r.status_label),
                *(
                    count(title, name)
                    for title, name in zip(REGISTRATION_TITLES, REGISTRATION_FIELDS, strict=True)
                ),
            ],
            id_of=lambda r: r.event_id,
            parent=self,
        )

    def _event_tooltip(self, row: EventStatisticsRow) -> str:
        parts = [row.title, format_date_de(row.starts_on), row.town, row.series]
        return " · ".join(part for part in parts if part)

    def _reach_model(self, regions: tuple[str, ...]) -> RecordTableModel[ReachRow]:
        locale = QLocale()

        def count(title: str, value: Callable[[Reach], int]) -> Column[ReachRow]:
            return Column(
                title,
                lambda r: locale.toString(value(r.reach)),
                sort_key=lambda r: value(r.reach),
                align_right=True,
            )

        def region(name: str) -> Callable[[Reach], int]:
            return lambda reach: reach.in_regierungsbezirk(name)

        return RecordTableModel(
            [
                Column(self.tr("Veranstaltung"), lambda r: r.label),
                count(self.tr("Kommunen"), lambda reach: reach.municipalities),
                count(self.tr("Mitglieder"), lambda reach: reach.members),
                count(self.tr("Nichtmitglieder"), lambda reach: reach.non_members),
                *(count(name, region(name)) for name in regions),
            ],
            id_of=lambda r: r.key,
            parent=self,
        )

    def _guests_model(self) -> RecordTableModel[GuestRow]:
        locale = QLocale()
        return RecordTableModel(
            [
                Column(self.tr("Reihe"), lambda r: r.series),
                Column(self.tr("Name"), lambda r: r.guest.name),
                Column(self.tr("Organisation"), lambda r: r.guest.organisation or ""),
                Column(
                    self.tr("Teilnahmen"),
                    lambda r: locale.toString(r.guest.attended),
                    sort_key=lambda r: r.guest.attended,
                    align_right=True,
                ),
                Column(self.tr("Veranstaltungen"), lambda r: "; ".join(r.guest.events)),
            ],
            id_of=lambda r: (r.series, r.guest.name),
            parent=self,
        )

    # ================================================================= period and series
    def refresh(self) -> None:
        """Reload the years and series; the first time, show the newest year with events."""
        self._load_series()
        self._load_years()
        if not self._loaded:
            self._loaded = True
            self._year_changed()

    def _load_series(self) -> None:
        combo = self.series_combo
        current = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for name in self.services.events.list_series():
            combo.addItem(name, name)
        combo.setCurrentIndex(max(0, combo.findData(current)) if current is not None else 0)
        combo.blockSignals(False)

    def _load_years(self) -> None:
        combo = self.year_combo
        current = combo.currentData()
        custom = combo.currentIndex() == combo.findData(None)
        this_year = self.services.context.today().year
        years = self.services.events.list_event_years()
        combo.blockSignals(True)
        combo.clear()
        for year in sorted({this_year, *years}, reverse=True):
            combo.addItem(str(year), year)
        combo.addItem(self.tr("eigener Zeitraum"), None)
        if not self._loaded and not custom:
            # The newest year whose events have begun; an archive does not open on an empty year.
            current = max((y for y in years if y <= this_year), default=this_year)
        index = combo.findData(None) if custom else combo.findData(current)
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)

    def set_year(self, year: int) -> None:
        index = self.year_combo.findData(year)
        if index < 0:
            self.year_combo.insertItem(self.year_combo.count() - 1, str(year), year)
            index = self.year_combo.findData(year)
        if index == self.year_combo.currentIndex():
            self._year_changed()
        else:
            self.year_combo.setCurrentIndex(index)

    def set_series(self, name: str | None) -> None:
        index = self.series_combo.findData(name) if name else 0
        self.series_combo.setCurrentIndex(max(0, index))

    def _year_changed(self, *_args: object) -> None:
        year = self.year_combo.currentData()
        if year is None:
            self.from_field.edit.setFocus()
            return
        self.from_field.set_date(date(year, 1, 1))
        self.to_field.set_date(date(year, 12, 31))
        self.update_statistics()

    def _custom_period(self, *_args: object) -> None:
        custom = self.year_combo.findData(None)
        if self.year_combo.currentIndex() != custom:
            self.year_combo.blockSignals(True)
            self.year_combo.setCurrentIndex(custom)
            self.year_combo.blockSignals(False)

    def _series_changed(self, *_args: object) -> None:
        self.update_statistics()

    # ================================================================= statistics
    def update_statistics(self) -> None:
        period = self.checked_period()
        if period is None:
            return
        start, end = period
        series = self.series_combo.currentData()
        services = self.services

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ValidationError):
                self.show_error(exc.message)
            else:
                from beratung.gui.errors import report_exception

                report_exception(exc, self)

        run_operation(
            self,
            lambda: services.events.get_event_statistics(start, end, series),
            self.show_statistics,
            on_failure=failed,
            progress_text=self.tr("Veranstaltungsstatistik wird berechnet …"),
        )

    def show_statistics(self, stats: EventStatistics) -> None:
        self.statistics = stats
        self.error_label.hide()
        locale = QLocale()
        totals = stats.totals
        period = self.tr("{start} – {end}").format(
            start=format_date_de(stats.period_from), end=format_date_de(stats.period_to)
        )
        self.period_label.setText(
            self.tr("{period} · Reihe „{series}“").format(period=period, series=stats.series)
            if stats.series
            else period
        )
        self.figures["events"].set_value(
            locale.toString(totals.events),
            self.tr("{held} durchgeführt, {cancelled} abgesagt").format(
                held=locale.toString(totals.held), cancelled=locale.toString(totals.cancelled)
            ),
        )
        self.figures["attended"].set_value(
            locale.toString(totals.registrations.attended),
            self.tr("{persons} verschiedene Personen").format(
                persons=locale.toString(totals.participants)
            ),
        )
        reach = totals.reach
        self.figures["municipalities"].set_value(
            locale.toString(reach.municipalities), self.tr("erreicht (verschiedene)")
        )
        share = (
            self.tr("{percent} % der Kommunen").format(
                percent=round(100 * reach.members / reach.municipalities)
            )
            if reach.municipalities
            else ""
        )
        self.figures["members"].set_value(locale.toString(reach.members), share)
        self.figures["non_members"].set_value(locale.toString(reach.non_members))
        self._show_charts(stats)

        self.events_model.set_rows(stats.events)
        regions = stats.regierungsbezirke
        old = self.reach_model
        self.reach_model = self._reach_model(regions)
        self.reach_table.setModel(self.reach_model)
        old.deleteLater()
        fit_columns(self.reach_table)
        self.reach_model.set_rows(
            [
                *(ReachRow(str(r.event_id), event_label(r), r.reach) for r in stats.events),
                ReachRow("total", self.tr("Gesamt (verschiedene Kommunen)"), reach),
            ]
            if stats.events
            else []
        )
        self._show_series(stats)
        for view in (self.events_table, self.reach_table, self.guests_table):
            fit_rows(view)
        self.statistics_shown.emit()

    def _show_charts(self, stats: EventStatistics) -> None:
        rows = [r for r in stats.events if not r.cancelled]
        if len(rows) > CHART_LIMIT:
            keep = {
                r.event_id
                for r in sorted(rows, key=lambda r: -r.reach.municipalities)[:CHART_LIMIT]
            }
            rows = [r for r in rows if r.event_id in keep]
        self.reach_chart.set_bars(
            [
                Bar(
                    " ".join(p for p in (format_date_de(r.starts_on), r.town) if p),
                    r.reach.municipalities,
                    full_label=event_label(r),
                )
                for r in rows
                if r.reach.municipalities
            ]
        )
        # The description says what the bars cannot: how many were members.
        self.reach_chart.setAccessibleDescription(
            "; ".join(
                self.tr("{event}: {n} Kommunen, davon {members} Mitglieder und {others} "
                        "Nichtmitglieder").format(
                    event=event_label(r),
                    n=r.reach.municipalities,
                    members=r.reach.members,
                    others=r.reach.non_members,
                )
                for r in rows
            )
        )
        self.region_chart.set_bars(
            [Bar(t.label, t.count) for t in stats.totals.reach.by_regierungsbezirk]
        )

    def _show_series(self, stats: EventStatistics) -> None:
        lines = [
            self.tr(
                "„{series}“: {events} Veranstaltungen ({held} durchgeführt), {persons} "
                "Personen mit {attendances} Teilnahmen, {regulars} davon mehrmals dabei."
            ).format(
                series=s.series,
                events=s.events,
                held=s.held,
                persons=s.participants,
                attendances=s.attendances,
                regulars=len(s.regulars),
            )
            for s in stats.series_statistics
        ]
        text = "\n".join(lines) or self.tr(
            "Keine Veranstaltung des Zeitraums gehört zu einer Reihe."
        )
        self.series_label.setText(text)
        self.series_label.setAccessibleName(text)
        self.guests_model.set_rows(
            [GuestRow(s.series, guest) for s in stats.series_statistics for guest in s.guests]
        )

    # ================================================================= report and export
    def report_pdf(self) -> None:
        period = self.checked_period()
        if period is None:
            return
        start, end = period
        series = self.series_combo.currentData()
        services = self.services
        show_report_pdf(
            self,
            services,
            self.pdf_button,
            lambda: services.documents.render_event_report(start, end, series),
        )

    def export_table(self) -> None:
        period = self.checked_period()
        if period is None:
            return
        start, end = period
        series = self.series_combo.currentData()
        services = self.services
        export_report_table(
            self,
            self.tr("Veranstaltungsstatistik"),
            start,
            end,
            lambda fmt: services.events.export_event_report(start, end, series, format=fmt),
        )

