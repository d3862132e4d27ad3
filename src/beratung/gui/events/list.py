"""The list of events: a read-only table model over :class:`EventRow` snapshots and the delegate
that draws the places as a bar.

The bar is never the only way the number is told: the cell's text ("34 von 60 Plätzen", with
"– ausgebucht" when full) is painted on the bar and is also its accessible text; the tooltip adds
the free places. Colour only repeats what the words say.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from beratung.gui.events.common import (
    answers_text,
    counts_tooltip,
    day_text,
    local,
    places_text,
    tr,
    when_text,
)
from beratung.gui.events.registration_common import places_text as places_description
from beratung.gui.style import active_theme
from beratung.gui.tablemodels import Column, SnapshotTableModel
from beratung.services.events.snapshots import EventRow

Index = QModelIndex | QPersistentModelIndex

#: The share of the places taken (0.0 … 1.0, more when overbooked), or ``None`` without a limit.
FRACTION_ROLE = Qt.ItemDataRole.UserRole + 10


def _town(row: EventRow) -> str:
    return row.town or row.venue_name or tr("noch offen")


def _place(row: EventRow) -> str:
    return ", ".join(p for p in (row.venue_name, row.town) if p) or tr("noch offen")


def _title_tip(row: EventRow) -> str:
    if not row.series:
        return row.title
    return tr("{title}\nReihe: {series}").format(title=row.title, series=row.series)


def event_columns() -> list[Column[EventRow]]:
    """Date, title, town, status, answers, places: what fits 1280 pixels without cutting the
    title; the times, the series, the venue and every count are in the tooltips (and the
    event's heading and tabs below)."""
    return [
        Column(
            tr("Datum"),
            lambda r: day_text(r.starts_at, r.ends_at),
            sort_key=lambda r: local(r.starts_at).isoformat(),
            tooltip=lambda r: when_text(r.starts_at, r.ends_at),
        ),
        Column(tr("Titel"), lambda r: r.title, tooltip=_title_tip),
        Column(tr("Ort"), _town, tooltip=_place),
        Column(tr("Status"), lambda r: r.status_label),
        Column(
            tr("Rückmeldungen"),
            lambda r: answers_text(r.counts),
            sort_key=lambda r: (r.counts.registered + r.counts.attended, r.counts.total),
            tooltip=lambda r: counts_tooltip(r.counts),
        ),
        Column(
            tr("Plätze"),
            lambda r: places_text(r.places_taken, r.capacity),
            sort_key=lambda r: (r.capacity is None, r.places_taken / (r.capacity or 1)),
            tooltip=lambda r: places_description(r.places_taken, r.capacity),
        ),
    ]


#: The column the capacity bar is drawn in.
PLACES_COLUMN = 5


class EventTableModel(SnapshotTableModel[EventRow]):
    """The events of one period, in the service's order (upcoming soonest first, past ones
    latest first)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(event_columns(), parent)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == FRACTION_ROLE
            and index.isValid()
            and index.column() == PLACES_COLUMN
            and 0 <= index.row() < self.rowCount()
        ):
            row = self.row_at(index.row())
            if row.capacity is None:
                return None
            return row.places_taken / row.capacity
        if (
            role == Qt.ItemDataRole.AccessibleTextRole
            and index.isValid()
            and index.column() == PLACES_COLUMN
            and 0 <= index.row() < self.rowCount()
        ):
            row = self.row_at(index.row())
            return places_description(row.places_taken, row.capacity)
        return super().data(index, role)

    def row_of(self, event_id: int) -> int | None:
        return next((n for n, row in enumerate(self._rows) if row.id == event_id), None)


class CapacityDelegate(QStyledItemDelegate):
    """Draws the places as a bar with the cell's text on it ("34 von 60 Plätzen")."""

    BAR_HEIGHT = 18

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        fraction = index.data(FRACTION_ROLE)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        # background and selection as any cell, without the text
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)

        rect = opt.rect.adjusted(4, 0, -4, 0)
        height = min(self.BAR_HEIGHT, rect.height() - 4)
        bar = QRectF(rect.x(), rect.y() + (rect.height() - height) / 2, rect.width(), height)
        theme = active_theme()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if fraction is not None:
            full = float(fraction) >= 1.0
            painter.setPen(QColor(theme.warning_border if full else theme.border))
            painter.setBrush(QColor(theme.base))
            painter.drawRoundedRect(bar, 3, 3)
            filled = QRectF(bar)
            filled.setWidth(max(0.0, min(1.0, float(fraction))) * bar.width())
            if filled.width() > 0:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(theme.warning_bg if full else theme.accent_light))
                painter.drawRoundedRect(filled.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        if selected and fraction is None:
            colour = opt.palette.color(QPalette.ColorRole.HighlightedText)
        else:
            colour = QColor(theme.text)
        painter.setPen(colour)
        painter.setFont(opt.font)
        metrics = painter.fontMetrics()
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(bar.width()) - 12)
        painter.drawText(
            bar.adjusted(6, 0, -6, 0),
            int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
            shown,
        )
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width() + 16, max(hint.height(), self.BAR_HEIGHT + 6))


__all__ = ["FRACTION_ROLE", "PLACES_COLUMN", "CapacityDelegate", "EventTableModel", "event_columns"]
