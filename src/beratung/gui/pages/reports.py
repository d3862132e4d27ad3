"""Auswertungen: consultation statistics for a period and programme (key figures, charts drawn
with QPainter, tables), the statistics report as PDF, Excel/CSV export; the events of a period
(``gui/reports/events.py``); and Vernetzung."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.errors import ValidationError
from beratung.domain.rules.dates import MONTH_NAMES, format_date_de
from beratung.gui.consultations.charts import Bar, BarChart
from beratung.gui.consultations.fields import DateField, past_date
from beratung.gui.consultations.models import Column, RecordTableModel
from beratung.gui.consultations.networking import NetworkingView
from beratung.gui.operations import run_operation
from beratung.gui.pages.base import Page, heading, scrolling_body
from beratung.gui.reports.common import (
    CurrentTabWidget,
    FigureTile,
    ReportPeriod,
    card,
    export_report_table,
    show_report_pdf,
    statistics_view,
)
from beratung.gui.reports.events import EventStatisticsView
from beratung.gui.style import scaled

if TYPE_CHECKING:
    from collections.abc import Callable

    from beratung.domain.reports import ConsultationStatistics, StatisticsRow
    from beratung.services import Services
    from beratung.services.programmes import ProgrammeSnapshot

MEMBER_COLOR = "#2f5f8f"
NON_MEMBER_COLOR = "#9fb7cf"
OTHER_COLOR = "#c5ccd3"
#: Rows a ranking chart shows; the table below has them all.
TOP_N = 12


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReportsPage", text)


def month_label(row: StatisticsRow) -> str:
    """ "2017-05" → "Mai"; other keys as the service labels them."""
    try:
        return MONTH_NAMES[int(row.key[5:7]) - 1][:3]
    except (ValueError, IndexError):
        return row.label


class ReportsPage(ReportPeriod, Page):
    #: Emitted on the GUI thread after new statistics are shown.
    statistics_shown = Signal()

    def title(self) -> str:
        return self.tr("Auswertungen")

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.statistics: ConsultationStatistics | None = None
        self._programmes: dict[int, ProgrammeSnapshot] = {}
        self._loaded = False
        layout = scrolling_body(self)
        layout.addWidget(heading(self.title()))
        self.tabs = CurrentTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName(self.tr("Auswertungen"))
        layout.addWidget(self.tabs, 1)

        stats = QWidget()
        self._build_statistics(stats)
        self.tabs.addTab(stats, self.tr("Beratungsstatistik"))
        self.events = EventStatisticsView(services)
        self.tabs.addTab(self.events, self.tr("Veranstaltungen"))
        self.networking = NetworkingView(services)
        self.tabs.addTab(self.networking, self.tr("Vernetzung"))
        self.tabs.currentChanged.connect(self._tab_changed)

    # ================================================================= building
    def _build_statistics(self, page: QWidget) -> None:
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.setSpacing(14)

        controls = QFrame()
        controls.setProperty("role", "card")
        row = QHBoxLayout(controls)
        row.setContentsMargins(14, 10, 14, 10)
        row.setSpacing(8)
        self.year_combo = QComboBox()
        self.year_combo.setAccessibleName(self.tr("Jahr"))
        self.year_combo.setMaximumWidth(scaled(160))
        self.year_combo.addItem(
            str(self.services.context.today().year), self.services.context.today().year
        )
        self.year_combo.addItem(self.tr("eigener Zeitraum"), None)
        self.year_combo.currentIndexChanged.connect(self._year_changed)
        year_label = QLabel(self.tr("&Jahr"))
        year_label.setBuddy(self.year_combo)
        row.addWidget(year_label)
        row.addWidget(self.year_combo)
        row.addSpacing(8)
        self.from_field = DateField(
            self.services.context.today,
            past_date,
            field="period_from",
            accessible_name=self.tr("Zeitraum von"),
            feedback=False,
        )
        self.to_field = DateField(
            self.services.context.today,
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
        self.programme_combo = QComboBox()
        self.programme_combo.setAccessibleName(self.tr("Programm"))
        self.programme_combo.addItem(self.tr("alle Programme"), None)
        self.programme_combo.setMinimumWidth(160)
        self.programme_combo.currentIndexChanged.connect(self._programme_changed)
        programme_label = QLabel(self.tr("&Programm"))
        programme_label.setBuddy(self.programme_combo)
        row.addWidget(programme_label)
        row.addWidget(self.programme_combo)
        self.phase_button = QPushButton(self.tr("An&tragsphase"))
        self.phase_button.setToolTip(
            self.tr("Zeitraum vom Programmstart bis zum Bewerbungsschluss")
        )
        self.phase_button.clicked.connect(self.use_application_phase)
        self.phase_button.setEnabled(False)
        row.addWidget(self.phase_button)
        row.addStretch(1)
        self.show_button = QPushButton(self.tr("Anzei&gen"))
        self.show_button.clicked.connect(self.update_statistics)
        row.addWidget(self.show_button)
        layout.addWidget(controls)

        actions = QHBoxLayout()
        self.period_label = QLabel()
        self.period_label.setObjectName("periodLabel")
        self.period_label.setProperty("role", "sectionTitle")
        actions.addWidget(self.period_label, 1)
        self.pdf_button = QPushButton(self.tr("Be&richt als PDF …"))
        self.pdf_button.clicked.connect(self.report_pdf)
        self.export_button = QPushButton(self.tr("E&xport Excel/CSV …"))
        self.export_button.clicked.connect(self.export_table)
        actions.addWidget(self.pdf_button)
        actions.addWidget(self.export_button)
        layout.addLayout(actions)

        self.answer_label = QLabel()
        self.answer_label.setObjectName("programmeAnswer")
        self.answer_label.setWordWrap(True)
        self.answer_label.setProperty("role", "banner")
        self.answer_label.hide()
        layout.addWidget(self.answer_label)
        self.error_label = QLabel()
        self.error_label.setProperty("role", "alertText")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)

        figures = QHBoxLayout()
        figures.setSpacing(12)
        self.figures: dict[str, FigureTile] = {}
        for key, title in (
            ("consultations", self.tr("Beratungen")),
            ("municipalities", self.tr("Beratene Kommunen")),
            ("members", self.tr("davon Mitglieder")),
            ("non_members", self.tr("Nichtmitglieder")),
            ("hours", self.tr("Gesamtdauer")),
        ):
            tile = FigureTile(key, title)
            self.figures[key] = tile
            figures.addWidget(tile, 1)
        layout.addLayout(figures)

        self.month_chart = BarChart(
            self.tr("Beratungen je Monat"),
            Qt.Orientation.Vertical,
            empty_text=self.tr("Keine Beratungen im Zeitraum."),
        )
        self.topic_chart = BarChart(self.tr("Beratungen je Thema"))
        self.region_chart = BarChart(self.tr("Beratene Kommunen je Regierungsbezirk"))
        self.kreis_chart = BarChart(
            self.tr("Beratene Kommunen je Landkreis (die {n} häufigsten)").format(n=TOP_N)
        )
        self.membership_chart = BarChart(
            self.tr("Beratene Kommunen: Mitglieder und Nichtmitglieder")
        )
        self.mode_chart = BarChart(self.tr("Beratungen nach Art"))
        charts = QGridLayout()
        charts.setHorizontalSpacing(16)
        charts.setVerticalSpacing(16)
        self.charts = {
            "month": self.month_chart,
            "topic": self.topic_chart,
            "region": self.region_chart,
            "kreis": self.kreis_chart,
            "membership": self.membership_chart,
            "mode": self.mode_chart,
        }
        cards = {key: card(chart) for key, chart in self.charts.items()}
        charts.addWidget(cards["month"], 0, 0, 1, 2)
        charts.addWidget(cards["membership"], 1, 0)
        charts.addWidget(cards["mode"], 1, 1)
        charts.addWidget(cards["topic"], 2, 0)
        charts.addWidget(cards["region"], 2, 1, Qt.AlignmentFlag.AlignTop)
        charts.addWidget(cards["kreis"], 3, 0, 1, 2)
        charts.setColumnStretch(0, 1)
        charts.setColumnStretch(1, 1)
        layout.addLayout(charts)

        layout.addWidget(heading(self.tr("Tabellen"), role="sectionTitle"))
        self.table_tabs = QTabWidget()
        self.table_tabs.setAccessibleName(self.tr("Tabellen der Auswertung"))
        self.tables: dict[str, RecordTableModel[StatisticsRow]] = {}
        for key, title, first in (
            ("by_period", self.tr("Monate"), self.tr("Monat")),
            ("by_topic", self.tr("Themen"), self.tr("Thema")),
            ("by_programme", self.tr("Programme"), self.tr("Programm")),
            ("by_mode", self.tr("Art"), self.tr("Art")),
            ("by_regierungsbezirk", self.tr("Regierungsbezirke"), self.tr("Regierungsbezirk")),
            ("by_kreis", self.tr("Landkreise"), self.tr("Landkreis")),
            ("by_membership", self.tr("Mitgliedschaft"), self.tr("Gruppe")),
        ):
            model = self._stats_model(first)
            self.tables[key] = model
            view = statistics_view(model, title, object_name=f"table_{key}")
            self.table_tabs.addTab(view, title)
        layout.addWidget(self.table_tabs)
        for tabs in (self.tabs, self.table_tabs):
            for button in tabs.tabBar().findChildren(QToolButton):
                button.setAccessibleName(self.tr("Reiter blättern"))

    def _stats_model(self, first: str) -> RecordTableModel[StatisticsRow]:
        locale = QLocale()

        def number(title: str, value: Callable[[StatisticsRow], str]) -> Column[StatisticsRow]:
            return Column(title, value, align_right=True)

        return RecordTableModel(
            [
                Column(first, lambda r: r.label),
                number(self.tr("Beratungen"), lambda r: locale.toString(r.consultations)),
                number(self.tr("Kommunen"), lambda r: locale.toString(r.municipalities)),
                number(self.tr("Mitglieder"), lambda r: locale.toString(r.members)),
                number(self.tr("Nichtmitglieder"), lambda r: locale.toString(r.non_members)),
                number(self.tr("Stunden"), lambda r: locale.toString(r.hours, "f", 1)),
            ],
            id_of=lambda r: r.key,
            parent=self,
        )

    # ================================================================= period and programme
    def refresh(self) -> None:
        self._load_programmes()
        self._load_years()
        if not self._loaded:
            self._loaded = True
            self._year_changed()
        if self.tabs.currentWidget() is self.events:
            self.events.refresh()

    def _tab_changed(self, _index: int) -> None:
        self.tabs.updateGeometry()  # as tall as the tab it shows now
        # The events tab loads when it is first shown, not with the page.
        if self.tabs.currentWidget() is self.events:
            self.events.refresh()

    def _load_programmes(self) -> None:
        programmes = self.services.programmes.list_programmes()
        self._programmes = {p.id: p for p in programmes}
        current = self.programme_combo.currentData()
        self.programme_combo.blockSignals(True)
        while self.programme_combo.count() > 1:
            self.programme_combo.removeItem(1)
        for programme in programmes:
            self.programme_combo.addItem(programme.name, programme.id)
        index = self.programme_combo.findData(current) if current is not None else 0
        self.programme_combo.setCurrentIndex(max(0, index))
        self.programme_combo.blockSignals(False)
        self._update_phase_button()

    def _load_years(self) -> None:
        """The years with consultations (and the current one), newest first; the chosen entry
        stays chosen."""
        combo = self.year_combo
        current = combo.currentData()
        custom = combo.currentIndex() == combo.findData(None)
        combo.blockSignals(True)
        combo.clear()
        for year in self.services.statistics.available_years():
            combo.addItem(str(year), year)
        combo.addItem(self.tr("eigener Zeitraum"), None)
        if not self._loaded and not custom:  # first load: the newest year with consultations
            current = self.services.statistics.latest_year() or current
        index = combo.findData(None) if custom else combo.findData(current)
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)

    def set_year(self, year: int) -> None:
        index = self.year_combo.findData(year)
        if index < 0:
            self.year_combo.insertItem(self.year_combo.count() - 1, str(year), year)
            index = self.year_combo.findData(year)
        if index == self.year_combo.currentIndex():
            self._year_changed()  # already chosen: show it again (no change signal comes)
        else:
            self.year_combo.setCurrentIndex(index)

    def set_programme(self, name: str) -> None:
        index = self.programme_combo.findText(name)
        self.programme_combo.setCurrentIndex(max(0, index))

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

    def _programme_changed(self, *_args: object) -> None:
        self._update_phase_button()
        self.update_statistics()

    def _update_phase_button(self) -> None:
        programme = self._programmes.get(self.programme_combo.currentData())
        self.phase_button.setEnabled(
            programme is not None and (programme.starts_on or programme.deadline) is not None
        )

    def use_application_phase(self) -> None:
        """Period = programme start … deadline (the application phase)."""
        programme = self._programmes.get(self.programme_combo.currentData())
        if programme is None:
            return
        end = programme.deadline or programme.ends_on or self.services.context.today()
        start = programme.starts_on or date(end.year, 1, 1)
        self.from_field.set_date(start)
        self.to_field.set_date(end)
        self._custom_period()
        self.update_statistics()

    # ================================================================= statistics
    def update_statistics(self) -> None:
        period = self.checked_period()
        if period is None:
            return
        start, end = period
        programme_id = self.programme_combo.currentData()
        services = self.services

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ValidationError):
                self.show_error(exc.message)
            else:
                from beratung.gui.errors import report_exception

                report_exception(exc, self)

        run_operation(
            self,
            lambda: services.statistics.consultation_statistics(start, end, programme_id),
            self.show_statistics,
            on_failure=failed,
            progress_text=self.tr("Auswertung wird berechnet …"),
        )

    def show_statistics(self, stats: ConsultationStatistics) -> None:
        self.statistics = stats
        self.error_label.hide()
        locale = QLocale()
        totals = stats.totals
        period = self.tr("{start} – {end}").format(
            start=format_date_de(stats.period_from), end=format_date_de(stats.period_to)
        )
        self.period_label.setText(
            self.tr("{period} · {programme}").format(period=period, programme=stats.programme_name)
            if stats.programme_name
            else period
        )
        self.figures["consultations"].set_value(locale.toString(totals.consultations))
        self.figures["municipalities"].set_value(locale.toString(totals.municipalities))
        share = (
            self.tr("{percent} % der Kommunen").format(
                percent=round(100 * totals.members / totals.municipalities)
            )
            if totals.municipalities
            else ""
        )
        self.figures["members"].set_value(locale.toString(totals.members), share)
        self.figures["non_members"].set_value(locale.toString(totals.non_members))
        self.figures["hours"].set_value(
            self.tr("{hours} Std.").format(hours=locale.toString(totals.hours, "f", 1))
        )
        if stats.programme_name:
            answer = self.tr(
                "{programme}, {period}: <b>{members} Mitgliedskommunen</b> beraten "
                "(von {municipalities} beratenen Kommunen; {non_members} Nichtmitglieder) in "
                "{consultations} Beratungen."
            ).format(
                programme=stats.programme_name,
                period=period,
                members=locale.toString(totals.members),
                municipalities=locale.toString(totals.municipalities),
                non_members=locale.toString(totals.non_members),
                consultations=locale.toString(totals.consultations),
            )
            self.answer_label.setText(answer)
            self.answer_label.setAccessibleName(answer.replace("<b>", "").replace("</b>", ""))
            self.answer_label.show()
        else:
            self.answer_label.hide()

        self.month_chart.set_bars(
            [Bar(month_label(r), r.consultations, full_label=r.label) for r in stats.by_period]
        )
        self.topic_chart.set_bars(self._ranking(stats.by_topic, "consultations"))
        self.region_chart.set_bars(self._ranking(stats.by_regierungsbezirk, "municipalities"))
        self.kreis_chart.set_bars(self._ranking(stats.by_kreis, "municipalities"))
        self.mode_chart.set_bars(self._ranking(stats.by_mode, "consultations"))
        self.membership_chart.set_bars(
            [
                Bar(self.tr("Mitglieder"), totals.members, MEMBER_COLOR),
                Bar(self.tr("Nichtmitglieder"), totals.non_members, NON_MEMBER_COLOR),
            ]
        )
        for key, model in self.tables.items():
            model.set_rows(getattr(stats, key))
        self.statistics_shown.emit()

    @staticmethod
    def _ranking(rows: tuple[StatisticsRow, ...], field: str) -> list[Bar]:
        ranked = sorted(rows, key=lambda r: (-getattr(r, field), r.label))
        return [Bar(r.label, getattr(r, field)) for r in ranked[:TOP_N] if getattr(r, field)]

    # ================================================================= report and export
    def report_pdf(self) -> None:
        period = self.checked_period()
        if period is None:
            return
        start, end = period
        programme_id = self.programme_combo.currentData()
        services = self.services
        show_report_pdf(
            self,
            services,
            self.pdf_button,
            lambda: services.documents.render_consultation_report(start, end, programme_id),
        )

    def export_table(self) -> None:
        period = self.checked_period()
        if period is None:
            return
        start, end = period
        programme_id = self.programme_combo.currentData()
        services = self.services
        export_report_table(
            self,
            self.tr("Beratungsstatistik"),
            start,
            end,
            lambda fmt: services.statistics.export_report(start, end, programme_id, format=fmt),
        )
