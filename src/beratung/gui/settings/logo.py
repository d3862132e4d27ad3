"""Turning an SVG logo into a PNG: the document engine places PNG and JPEG only."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from beratung.domain.errors import ValidationError

#: Width in pixels an SVG logo is rasterised to (about 5 cm at 300 dpi).
SVG_RASTER_WIDTH = 600


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
    # PySide6's stub types the format as bytes, but the binding takes only str
    image.save(buffer, "PNG")  # type: ignore[call-overload]
    return bytes(buffer.data().data())


__all__ = ["is_svg", "rasterise_svg"]
