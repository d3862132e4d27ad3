"""What the tabs of the Auswertungen page share: the file dialogs and the document preview
(entry points the tests replace), making a report's PDF and exporting its table, the key figure
tiles, and read-only statistics tables."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QSize
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QStyle,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.errors import ValidationError
from beratung.gui.consultations.models import name_corner_button
from beratung.gui.errors import report_exception
from beratung.gui.operations import run_operation
from beratung.gui.style import relative_font, scaled

if TYPE_CHECKING:
    from beratung.gui.consultations.fields import DateField
    from beratung.services import Services
    from beratung.services.documents import RenderedDocument


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReportsPage", text)


class ReportDialogs:
    """File dialogs of the page; tests replace these entry points."""

    @classmethod
    def export_file_name(cls, parent: QWidget, suggested: str) -> str | None:
        name, _filter = QFileDialog.getSaveFileName(
            parent,
            _tr("Auswertung exportieren"),
            suggested,
            _tr("Excel-Arbeitsmappe (*.xlsx);;CSV-Datei (*.csv)"),
        )
        return name or None

    @classmethod
    def pdf_file_name(cls, parent: QWidget, suggested: str) -> str | None:
        name, _filter = QFileDialog.getSaveFileName(
            parent, _tr("Bericht speichern"), suggested, _tr("PDF-Dokument (*.pdf)")
        )
        return name or None

    @classmethod
    def show_document(cls, parent: QWidget, services: Services, rendered: RenderedDocument) -> None:
        """The PDF preview (print, save) when available, else a save dialog."""
        try:
            from beratung.gui.preview import PdfPreviewDialog
        except ImportError:  # pragma: no cover - the preview ships with the application
            name = cls.pdf_file_name(parent, rendered.suggested_file_name)
            if name:
                Path(name).write_bytes(rendered.pdf)
            return
        PdfPreviewDialog.show_document(parent, services, rendered)


class ReportPeriod:
    """The period both Auswertungen tabs read from their "Von"/"Bis" fields, and where they say
    what is wrong with it: one rule, so statistics, report and export refuse the same periods
    with the same words. Mixed into the tab's widget, which provides the three fields."""

    from_field: DateField
    to_field: DateField
    error_label: QLabel

    def period(self) -> tuple[date, date]:
        start, end = self.from_field.value(), self.to_field.value()
        if start is None or end is None:
            raise ValidationError(_tr("Bitte Anfang und Ende des Zeitraums angeben."))
        if end < start:
            raise ValidationError(_tr("Das Ende des Zeitraums liegt vor seinem Anfang."))
        return start, end

    def checked_period(self) -> tuple[date, date] | None:
        """The period, or ``None`` after showing why there is none."""
        try:
            return self.period()
        except ValidationError as exc:
            self.show_error(exc.message)
            return None

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()


def show_report_pdf(
    parent: QWidget,
    services: Services,
    button: QAbstractButton,
    render: Callable[[], RenderedDocument],
) -> None:
    """Render a report off the GUI thread and show it in the preview; ``button`` waits."""
    button.setEnabled(False)

    def show(rendered: RenderedDocument) -> None:
        button.setEnabled(True)
        ReportDialogs.show_document(parent, services, rendered)

    def failed(exc: BaseException) -> None:
        button.setEnabled(True)
        report_exception(exc, parent)

    run_operation(
        parent, render, show, on_failure=failed, progress_text=_tr("Bericht wird erstellt …")
    )


def export_report_table(
    parent: QWidget,
    title: str,
    start: date,
    end: date,
    export: Callable[[str], bytes],
) -> None:
    """Ask where, then write ``export(format)`` (xlsx unless the name ends in .csv) atomically
    off the GUI thread; the status bar says where it went."""
    suggested = f"{title} {start:%Y%m%d}-{end:%Y%m%d}.xlsx"
    name = ReportDialogs.export_file_name(parent, suggested)
    if not name:
        return
    path = Path(name)
    if path.suffix.lower() not in (".xlsx", ".csv"):
        path = path.with_suffix(".xlsx")
    fmt = path.suffix.lower().lstrip(".")

    def work() -> Path:
        from beratung.services.files import write_atomically

        write_atomically(path, export(fmt))
        return path

    def done(written: Path) -> None:
        window = parent.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(_tr("Exportiert: {path}").format(path=written), 10_000)

    run_operation(parent, work, done, progress_text=_tr("Export läuft …"))


class CurrentTabWidget(QTabWidget):
    """A tab widget as tall as the tab it shows. Qt's is as tall as its tallest tab, so in a
    scroll area a short tab (Veranstaltungen, Vernetzung) would scroll into the empty room of
    the long one (Beratungsstatistik)."""

    def _extra_height(self) -> int:
        extra = self.tabBar().sizeHint().height()
        if not self.documentMode():
            extra += 2 * self.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth)
        return extra

    def hasHeightForWidth(self) -> bool:
        page = self.currentWidget()
        return page is not None and page.hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:
        page = self.currentWidget()
        if page is None or not page.hasHeightForWidth():
            return super().heightForWidth(width)
        return page.heightForWidth(width) + self._extra_height()

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        hint = super().sizeHint()
        if page is None:
            return hint
        return QSize(hint.width(), page.sizeHint().height() + self._extra_height())

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        hint = super().minimumSizeHint()
        if page is None:
            return hint
        return QSize(hint.width(), page.minimumSizeHint().height() + self._extra_height())


class FigureTile(QFrame):
    def __init__(self, key: str, title: str) -> None:
        super().__init__()
        self.setObjectName(f"figure_{key}")
        self.setProperty("role", "card")
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.setSpacing(0)
        self.title = title
        self.title_label = QLabel(title)
        self.title_label.setProperty("role", "tileTitle")
        self.title_label.setWordWrap(True)
        self.value_label = QLabel("–")
        self.value_label.setObjectName(f"figureValue_{key}")
        self.value_label.setProperty("role", "tileValue")
        self.value_label.setStyleSheet(f"font-size: {relative_font(1.9)};")
        self.value_label.setWordWrap(True)  # "0,0 Std." wraps in a narrow tile at 200 %
        self.detail_label = QLabel("")
        self.detail_label.setProperty("role", "tileDetail")
        self.detail_label.setWordWrap(True)
        layout.addWidget(self.title_label)
        layout.addWidget(self.value_label)
        layout.addWidget(self.detail_label)

    def set_value(self, text: str, detail: str = "") -> None:
        self.value_label.setText(text)
        self.detail_label.setText(detail)
        self.setAccessibleName(f"{self.title}: {text} {detail}".strip())


def card(widget: QWidget) -> QFrame:
    """``widget`` (a chart) on a card, kept at the top."""
    frame = QFrame()
    frame.setProperty("role", "card")
    box = QVBoxLayout(frame)
    box.setContentsMargins(16, 12, 16, 12)
    box.addWidget(widget)
    box.addStretch(1)
    return frame


def statistics_view(
    model: QAbstractItemModel, name: str, *, object_name: str, min_height: int = 300
) -> QTableView:
    """A read-only table of statistics: whole rows selected, the first column stretched."""
    view = QTableView()
    view.setObjectName(object_name)
    view.setAccessibleName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.verticalHeader().hide()
    name_corner_button(view)
    view.verticalHeader().setDefaultSectionSize(scaled(26))
    view.setMinimumHeight(min_height)
    stretch_first_column(view)
    return view


def stretch_first_column(view: QTableView, width: int = 130) -> None:
    """The first column takes the room; the others are ``width`` wide (after a new model,
    call again: the header forgets its sections)."""
    header = view.horizontalHeader()
    model = view.model()
    if model is None or model.columnCount() == 0:
        return
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, model.columnCount()):
        header.resizeSection(column, scaled(width))


def fit_columns(view: QTableView, stretch: int = 0) -> None:
    """Column ``stretch`` takes the room; the others are as wide as their contents and header
    (after a new model, call again)."""
    header = view.horizontalHeader()
    model = view.model()
    if model is None:
        return
    header.setStretchLastSection(False)
    for column in range(model.columnCount()):
        mode = (
            QHeaderView.ResizeMode.Stretch
            if column == stretch
            else QHeaderView.ResizeMode.ResizeToContents
        )
        header.setSectionResizeMode(column, mode)


def fit_rows(view: QTableView, *, fewest: int = 3, most: int = 15) -> None:
    """As tall as its rows (at least ``fewest``, at most ``most``; more scroll)."""
    model = view.model()
    rows = 0 if model is None else model.rowCount()
    shown = max(fewest, min(most, rows))
    height = (
        view.horizontalHeader().sizeHint().height()
        + shown * view.verticalHeader().defaultSectionSize()
        + 2 * view.frameWidth()
        + (view.horizontalScrollBar().sizeHint().height() if rows > most else 2)
    )
    view.setMinimumHeight(height)
    view.setMaximumHeight(height)
