"""The Qt half of ``beratung selftest``: the plugins a bundle most easily loses (platform,
printing, PDF preview, SVG icons) are exercised, not only looked for."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QLibraryInfo,
    QSize,
    qVersion,
)
from PySide6.QtGui import QGuiApplication, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from beratung.gui.icons import app_icon_pngs
from beratung.services.selftest import Check, CheckResult, run_checks, sample_pdf


def _platform() -> str:
    app = QGuiApplication.instance()
    if app is None:
        raise RuntimeError("keine QGuiApplication")
    return f"Qt {qVersion()}, Plattform „{QGuiApplication.platformName()}“"


def _pdf_preview() -> str:
    data = QByteArray(sample_pdf())
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
        raise RuntimeError(f"QtPdf konnte das Probe-PDF nicht laden ({document.error()})")
    image = document.render(0, QSize(210, 297))
    if image.isNull():
        raise RuntimeError("QtPdf hat die erste Seite nicht gezeichnet")
    return f"QtPdf zeigt {document.pageCount()} Seite(n) der Probe-Presseinformation"


def _printing() -> str:
    with tempfile.TemporaryDirectory(prefix="beratung-selftest-") as folder:
        target = Path(folder) / "druck.pdf"
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        painter = QPainter()
        if not painter.begin(printer):
            raise RuntimeError("der Druckdialog-Drucker ließ sich nicht öffnen")
        painter.drawText(100, 100, "Beratung")
        painter.end()
        if not target.is_file() or target.stat().st_size == 0:
            raise RuntimeError("der Druck in eine PDF-Datei ergab nichts")
    # Printing into a PDF needs no plug-in; real printers do (cups, windowsprintersupport).
    folders = [
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)),
        *(Path(p) for p in QCoreApplication.libraryPaths()),
    ]
    plugins = sorted(
        {f.name for folder in folders for f in (folder / "printsupport").glob("*") if f.is_file()}
    )
    if not plugins:
        raise RuntimeError("das Druck-Plug-in von Qt (printsupport) fehlt")
    printers = QPrinterInfo.availablePrinterNames()
    return f"Druck-Plug-in {', '.join(plugins)}; {len(printers)} Drucker im System"


def _icons() -> str:
    pngs = app_icon_pngs((16, 48))
    from beratung.gui.main_window import icon

    if icon("app").isNull() or not all(pngs.values()):
        raise RuntimeError("das Programmsymbol (SVG) lässt sich nicht zeichnen")
    return "Programmsymbol aus SVG gezeichnet (16 und 48 Pixel)"


QT_CHECKS: list[tuple[str, Check]] = [
    ("Qt", _platform),
    ("PDF-Vorschau", _pdf_preview),
    ("Drucken", _printing),
    ("Symbole", _icons),
]


def qt_checks() -> list[CheckResult]:
    return run_checks(QT_CHECKS)
