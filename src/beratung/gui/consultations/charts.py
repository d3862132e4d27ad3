"""A small bar chart drawn with QPainter (QtCharts is not installed, and not needed).

Vertical bars for a time series (per month), horizontal bars for rankings (per topic, per
Landkreis), each with its value written at the bar so nobody has to read an axis. The numbers are
also in the accessible description and in the tables below the charts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from beratung.gui.style import ACCENT, active_theme


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float
    #: Optional colour ("#2f5f8f"); the chart's colour otherwise.
    color: str | None = None
    #: Longer text for the tooltip/accessible description ("Mai 2017").
    full_label: str | None = None


def _format_int(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".")


class BarChart(QWidget):
    """``set_bars([...])`` and it paints; ``orientation`` Vertical (columns) or Horizontal."""

    ROW_HEIGHT = 24  # horizontal bars
    TITLE_GAP = 8

    def __init__(
        self,
        title: str,
        orientation: Qt.Orientation = Qt.Orientation.Horizontal,
        *,
        color: str = ACCENT,
        value_text: Callable[[float], str] = _format_int,
        empty_text: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.title = title
        self.orientation = orientation
        self.color = color
        self.value_text = value_text
        self.empty_text = empty_text
        self.bars: list[Bar] = []
        self.setAccessibleName(title)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(260)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)

    # ----------------------------------------------------------------- data
    def set_bars(self, bars: Sequence[Bar]) -> None:
        self.bars = list(bars)
        description = "; ".join(
            f"{bar.full_label or bar.label}: {self.value_text(bar.value)}" for bar in self.bars
        )
        self.setAccessibleDescription(description)
        self.setToolTip("")
        self.updateGeometry()
        self.update()

    def values(self) -> list[tuple[str, float]]:
        return [(bar.label, bar.value) for bar in self.bars]

    # ----------------------------------------------------------------- size
    def _title_height(self) -> int:
        return QFontMetrics(self._title_font()).height() + self.TITLE_GAP

    def sizeHint(self) -> QSize:
        if self.orientation == Qt.Orientation.Horizontal:
            rows = max(1, len(self.bars))
            return QSize(420, self._title_height() + rows * self.ROW_HEIGHT + 6)
        return QSize(640, 230)

    def minimumSizeHint(self) -> QSize:
        return QSize(260, self.sizeHint().height())

    def _title_font(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        return font

    # ----------------------------------------------------------------- painting
    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(2, 0, -2, -2)
        painter.setFont(self._title_font())
        painter.setPen(QColor(active_theme().text))
        title_h = self._title_height()
        painter.drawText(
            QRectF(rect.left(), rect.top(), rect.width(), title_h),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
            self.title,
        )
        body = rect.adjusted(0, title_h, 0, 0)
        painter.setFont(self.font())
        if not self.bars or all(bar.value <= 0 for bar in self.bars):
            painter.setPen(QColor(active_theme().muted))
            painter.drawText(
                body, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, self.empty_text
            )
            painter.end()
            return
        if self.orientation == Qt.Orientation.Horizontal:
            self._paint_horizontal(painter, body)
        else:
            self._paint_vertical(painter, body)
        painter.end()

    def _paint_horizontal(self, painter: QPainter, body: QRectF) -> None:
        metrics = QFontMetrics(self.font())
        longest = max(metrics.horizontalAdvance(bar.label) for bar in self.bars)
        label_w = min(max(80.0, longest + 12.0), body.width() * 0.42)
        value_w = max(metrics.horizontalAdvance(self.value_text(bar.value)) for bar in self.bars)
        bar_area = body.width() - label_w - value_w - 10
        top_value = max(bar.value for bar in self.bars) or 1
        row_h = self.ROW_HEIGHT
        for index, bar in enumerate(self.bars):
            y = body.top() + index * row_h
            label_rect = QRectF(body.left(), y, label_w - 10, row_h)
            painter.setPen(QColor(active_theme().text))
            text = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, int(label_w - 10))
            painter.drawText(
                label_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text
            )
            width = max(2.0, bar_area * bar.value / top_value) if bar.value > 0 else 0.0
            bar_rect = QRectF(body.left() + label_w, y + 4, width, row_h - 8)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(bar.color or self.color))
            painter.drawRoundedRect(bar_rect, 2, 2)
            painter.setPen(QColor(active_theme().text))
            painter.drawText(
                QRectF(bar_rect.right() + 6, y, value_w + 4, row_h),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self.value_text(bar.value),
            )

    def _paint_vertical(self, painter: QPainter, body: QRectF) -> None:
        metrics = QFontMetrics(self.font())
        label_h = metrics.height() + 4
        value_h = metrics.height() + 2
        plot = body.adjusted(0, value_h, 0, -label_h)
        top_value = max(bar.value for bar in self.bars) or 1
        count = len(self.bars)
        slot = plot.width() / count
        bar_w = min(56.0, slot * 0.68)
        # baseline
        painter.setPen(QPen(QColor(active_theme().border), 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        for index, bar in enumerate(self.bars):
            center = plot.left() + slot * (index + 0.5)
            height = plot.height() * bar.value / top_value if bar.value > 0 else 0.0
            bar_rect = QRectF(center - bar_w / 2, plot.bottom() - height, bar_w, height)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(bar.color or self.color))
            if height > 0:
                painter.drawRoundedRect(bar_rect, 2, 2)
            theme = active_theme()
            painter.setPen(QColor(theme.text if bar.value > 0 else theme.muted))
            painter.drawText(
                QRectF(center - slot / 2, bar_rect.top() - value_h, slot, value_h),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                self.value_text(bar.value),
            )
            painter.setPen(QColor(active_theme().muted))
            text = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, int(slot))
            painter.drawText(
                QRectF(center - slot / 2, plot.bottom() + 2, slot, label_h),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                text,
            )
