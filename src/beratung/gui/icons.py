"""The program icon as bitmaps, for places that cannot take the SVG: the Windows ``.ico`` of the
installer and the PNG sizes of a Linux desktop menu."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from beratung import resources

#: The sizes Windows (16–256) and the freedesktop icon theme (16–256) ask for.
APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
APP_ICON = "app.svg"


def app_icon_svg() -> bytes:
    return resources.read_bytes(resources.ICONS_DIR, APP_ICON)


def app_icon_pngs(sizes: tuple[int, ...] = APP_ICON_SIZES) -> dict[int, bytes]:
    """PNG bytes per size, each rendered from the SVG (not scaled down from one large bitmap),
    so small icons stay sharp. Needs a QGuiApplication."""
    renderer = QSvgRenderer(QByteArray(app_icon_svg()))
    if not renderer.isValid():
        raise ValueError(f"{APP_ICON} is not a valid SVG")
    images: dict[int, bytes] = {}
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        # PySide6's stub types the format as bytes, but the binding takes only str
        image.save(buffer, "PNG")  # type: ignore[call-overload]
        images[size] = bytes(buffer.data().data())
    return images
