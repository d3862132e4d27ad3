"""Helpers of the Einstellungen page: a read-only table model over snapshots, form error display,
and turning an SVG logo into a PNG (the document engine places PNG and JPEG only)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QBuffer,
    QByteArray,
    QIODevice,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    Qt,
)
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QLabel, QWidget

from beratung.domain.errors import ValidationError
from beratung.gui.press_editor import mark_invalid

T = TypeVar("T")
_Index = QModelIndex | QPersistentModelIndex

#: Width in pixels an SVG logo is rasterised to (about 5 cm at 300 dpi).
SVG_RASTER_WIDTH = 600


@dataclass(frozen=True)
class Column(Generic[T]):
    title: str
    text: Callable[[T], str]
    sort_key: Callable[[T], Any] | None = None
    align_right: bool = False


class RowTableModel(QAbstractTableModel, Generic[T]):
    """Rows of frozen snapshots shown read-only; ``ROW_ROLE`` gives the snapshot itself."""

    ROW_ROLE = Qt.ItemDataRole.UserRole + 1
    SORT_ROLE = Qt.ItemDataRole.UserRole + 2

    def __init__(self, columns: Sequence[Column[T]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[T] = []

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[T]:
        return list(self._rows)

    def row_at(self, row: int) -> T:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._columns)
        ):
            return self._columns[section].title
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        column = self._columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.text(item)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.text(item) or None
        if role == self.SORT_ROLE:
            return column.sort_key(item) if column.sort_key else column.text(item).casefold()
        if role == self.ROW_ROLE:
            return item
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class FormFeedback:
    """Shows a German validation message in a label and marks the field it names."""

    def __init__(self, label: QLabel, widgets: dict[str, QWidget]) -> None:
        self.label = label
        self.widgets = widgets
        label.setProperty("role", "fieldError")
        label.setWordWrap(True)
        label.hide()

    def show(self, error: ValidationError | str, field: str | None = None) -> None:
        self.clear()
        message = error.message if isinstance(error, ValidationError) else error
        if isinstance(error, ValidationError):
            field = error.field
        self.label.setText(message)
        self.label.setAccessibleName(message)
        self.label.show()
        widget = self.widgets.get(field or "")
        if widget is not None:
            mark_invalid(widget, True)
            widget.setToolTip(message)
            widget.setAccessibleDescription(message)
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_success(self, message: str) -> None:
        self.clear()
        self.label.setProperty("role", "fieldOk")
        self.label.style().unpolish(self.label)
        self.label.style().polish(self.label)
        self.label.setText(message)
        self.label.setAccessibleName(message)
        self.label.show()

    def clear(self) -> None:
        if self.label.property("role") != "fieldError":
            self.label.setProperty("role", "fieldError")
            self.label.style().unpolish(self.label)
            self.label.style().polish(self.label)
        self.label.clear()
        self.label.hide()
        for widget in self.widgets.values():
            if widget.property("invalid"):
                mark_invalid(widget, False)
                widget.setToolTip("")
                widget.setAccessibleDescription("")

    def invalid_field(self) -> str | None:
        for name, widget in self.widgets.items():
            if widget.property("invalid"):
                return name
        return None


def is_svg(data: bytes, filename: str = "") -> bool:
    head = data[:512].lstrip().lower()
    return (
        filename.lower().endswith((".svg", ".svgz"))
        or head.startswith(b"<svg")
        or (head.startswith(b"<?xml") and b"<svg" in data[:4096].lower())
    )


def rasterise_svg(data: bytes, filename: str = "", width: int = SVG_RASTER_WIDTH) -> bytes:
    """An SVG as PNG bytes ``width`` pixels wide (transparent background), or a German error.

    Safe off the GUI thread: only QImage/QPainter/QSvgRenderer, no widgets.
    """
    renderer = QSvgRenderer(QByteArray(data))
    if not renderer.isValid():
        raise ValidationError(
            f"Die Datei {filename} ist kein lesbares SVG-Bild.",
            field="logo",
            hint="Bitte wählen Sie ein PNG-, JPEG- oder SVG-Logo.",
        )
    size = renderer.defaultSize()
    box = renderer.viewBoxF()
    ratio_w = box.width() if box.width() > 0 else size.width()
    ratio_h = box.height() if box.height() > 0 else size.height()
    if ratio_w <= 0 or ratio_h <= 0:
        ratio_w, ratio_h = 4.0, 1.0
    height = max(1, round(width * ratio_h / ratio_w))
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor(0, 0, 0, 0))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, width, height))
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data().data())


__all__ = ["Column", "FormFeedback", "RowTableModel", "is_svg", "rasterise_svg"]
