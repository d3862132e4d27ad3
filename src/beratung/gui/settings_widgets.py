"""Helpers of the Einstellungen page: the read-only snapshot table model, form error display,
and turning an SVG logo into a PNG (the document engine places PNG and JPEG only)."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QLabel, QWidget

from beratung.domain.errors import ValidationError
from beratung.gui.press_editor import mark_invalid
from beratung.gui.tablemodels import Column, SnapshotTableModel

#: The read-only snapshot table of the Einstellungen page (the shared model, under its old name).
RowTableModel = SnapshotTableModel

#: Width in pixels an SVG logo is rasterised to (about 5 cm at 300 dpi).
SVG_RASTER_WIDTH = 600


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
