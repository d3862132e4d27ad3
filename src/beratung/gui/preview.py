"""The PDF preview: every printed document is looked at here first, then printed or saved.

* :func:`preview_document` renders a document **off the GUI thread** (through
  :func:`~beratung.gui.operations.run_operation`, with the busy indicator) and then opens the
  preview with :meth:`PdfPreviewDialog.show_document`;
* :class:`PdfPreviewDialog` shows the PDF bytes with QtPdf (zoom, page navigation) and offers
  *Drucken …* and *Als PDF speichern …*. Both log the document with
  ``services.documents.record_issue`` (again through the operation runner), so any printed or
  saved document can be reprinted exactly later.

The dialog is generic: it takes a :class:`~beratung.services.documents.RenderedDocument`, so
invitations, letters and reports reuse it. Tests replace :meth:`PdfPreviewDialog.show_document`
and the small entry points on :class:`PreviewDialogs` instead of clicking modal dialogs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRect, QSize, Qt, Slot
from PySide6.QtGui import QAction, QImage, QKeySequence, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.errors import UserError
from beratung.gui.operations import run_operation
from beratung.services.files import write_atomically

if TYPE_CHECKING:
    from beratung.services import Services
    from beratung.services.documents import RenderedDocument

#: Pages are rendered for printing at the printer's resolution, but at most this (memory).
MAX_PRINT_DPI = 300
ZOOM_STEP = 1.25
ZOOM_MIN = 0.25
ZOOM_MAX = 5.0


class PreviewDialogs:
    """Modal questions of the preview; tests replace these entry points."""

    @classmethod
    def choose_printer(cls, parent: QWidget, printer: QPrinter) -> bool:
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(parent.tr("Drucken"))
        return dialog.exec() == QDialog.DialogCode.Accepted

    @classmethod
    def save_file_name(cls, parent: QWidget, suggested: str) -> str | None:
        name, _filter = QFileDialog.getSaveFileName(
            parent,
            parent.tr("Als PDF speichern"),
            suggested,
            parent.tr("PDF-Dokumente (*.pdf)"),
        )
        return name or None

    @classmethod
    def information(cls, parent: QWidget, text: str) -> None:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(parent.tr("Beratung"))
        box.setText(text)
        box.setAccessibleName(text)
        box.exec()


class PdfPreviewDialog(QDialog):
    """Shows a rendered PDF; prints it or saves it, and logs either in the issued documents."""

    def __init__(
        self,
        services: Services,
        rendered: RenderedDocument,
        parent: QWidget | None = None,
        *,
        log_issues: bool = True,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.rendered = rendered
        self.log_issues = log_issues
        self.issued_ids: list[int] = []
        self.setObjectName("pdfPreview")
        self.setWindowTitle(self.tr("Vorschau – {title}").format(title=rendered.title))
        self.setAccessibleName(self.windowTitle())
        self.resize(QSize(980, 760))

        self._bytes = QByteArray(rendered.pdf)
        self._buffer = QBuffer(self)
        self._buffer.setData(self._bytes)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)

        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setAccessibleName(self.tr("Seitenansicht"))
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.page_label = QLabel()
        self.page_label.setObjectName("pageCounter")
        self.page_label.setMinimumWidth(110)
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self._build_actions()
        toolbar = QToolBar(self)
        toolbar.setObjectName("previewToolbar")
        toolbar.setAccessibleName(self.tr("Werkzeugleiste der Vorschau"))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addAction(self.print_action)
        toolbar.addAction(self.save_action)
        toolbar.addSeparator()
        toolbar.addAction(self.previous_action)
        toolbar.addWidget(self.page_label)
        toolbar.addAction(self.next_action)
        toolbar.addSeparator()
        toolbar.addAction(self.zoom_out_action)
        toolbar.addAction(self.zoom_in_action)
        toolbar.addAction(self.fit_width_action)
        for action in toolbar.actions():
            button = toolbar.widgetForAction(action)
            if button is not None and action.text():
                button.setAccessibleName(action.text().replace("&", ""))
                button.setFocusPolicy(Qt.FocusPolicy.TabFocus)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("S&chließen"))
        close.setAccessibleName(self.tr("Schließen"))
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(toolbar)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)

        self.view.pageNavigator().currentPageChanged.connect(self._update_page_label)
        self.document.pageCountChanged.connect(self._update_page_label)
        self.document.statusChanged.connect(self._update_page_label)
        self._update_page_label()
        self.view.setFocus()

    # ----------------------------------------------------------------- entry point

    @classmethod
    def show_document(
        cls,
        parent: QWidget | None,
        services: Services,
        rendered: RenderedDocument,
        *,
        log_issues: bool = True,
    ) -> None:
        """Open the preview modally for ``rendered``; tests replace this classmethod."""
        dialog = cls(services, rendered, parent, log_issues=log_issues)
        dialog.exec()
        dialog.deleteLater()

    # ----------------------------------------------------------------- actions

    def _action(self, text: str, slot: Callable[[], None], *keys: QKeySequence) -> QAction:
        action = QAction(text, self)
        action.setShortcuts(list(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        if keys:
            shortcut = keys[0].toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{text.replace('&', '')} ({shortcut})")
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        keys = QKeySequence.StandardKey
        self.print_action = self._action(
            self.tr("&Drucken …"), self.print_document, QKeySequence(keys.Print)
        )
        self.save_action = self._action(
            self.tr("Als &PDF speichern …"), self.save_as_pdf, QKeySequence(keys.Save)
        )
        self.previous_action = self._action(
            self.tr("◀ &Vorherige Seite"), self.previous_page, QKeySequence(Qt.Key.Key_PageUp)
        )
        self.next_action = self._action(
            self.tr("&Nächste Seite ▶"), self.next_page, QKeySequence(Qt.Key.Key_PageDown)
        )
        self.zoom_out_action = self._action(
            self.tr("Ver&kleinern"),
            self.zoom_out,
            QKeySequence(keys.ZoomOut),
            QKeySequence("Ctrl+-"),
        )
        self.zoom_in_action = self._action(
            self.tr("Ver&größern"),
            self.zoom_in,
            QKeySequence(keys.ZoomIn),
            QKeySequence("Ctrl+="),
        )
        self.fit_width_action = self._action(
            self.tr("&Seitenbreite"), self.fit_width, QKeySequence("Ctrl+0")
        )

    # ----------------------------------------------------------------- pages and zoom

    def page_count(self) -> int:
        return self.document.pageCount()

    def current_page(self) -> int:
        """The current page, counted from 0."""
        return self.view.pageNavigator().currentPage()

    def go_to_page(self, page: int) -> None:
        page = max(0, min(page, self.page_count() - 1))
        self.view.pageNavigator().jump(page, QPointF(), self.view.pageNavigator().currentZoom())
        self._update_page_label()

    @Slot()
    def previous_page(self) -> None:
        self.go_to_page(self.current_page() - 1)

    @Slot()
    def next_page(self) -> None:
        self.go_to_page(self.current_page() + 1)

    def zoom_factor(self) -> float:
        return float(self.view.zoomFactor())

    def _set_zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(ZOOM_MIN, min(ZOOM_MAX, factor)))

    def _effective_zoom(self) -> float:
        if self.view.zoomMode() != QPdfView.ZoomMode.FitToWidth or self.page_count() == 0:
            return self.zoom_factor()
        # in "fit width" the factor is not reported; derive it from the page and view widths
        points = self.document.pagePointSize(0).width()
        pixels = points * self.logicalDpiX() / 72.0
        available = self.view.viewport().width() - 2 * 12
        return available / pixels if pixels > 0 and available > 0 else 1.0

    @Slot()
    def zoom_in(self) -> None:
        self._set_zoom(self._effective_zoom() * ZOOM_STEP)

    @Slot()
    def zoom_out(self) -> None:
        self._set_zoom(self._effective_zoom() / ZOOM_STEP)

    @Slot()
    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    @Slot()
    def _update_page_label(self, *_args: object) -> None:
        count = self.page_count()
        page = self.current_page() + 1 if count else 0
        text = self.tr("Seite {page} von {count}").format(page=page, count=count)
        self.page_label.setText(text)
        self.page_label.setAccessibleName(text)
        self.previous_action.setEnabled(page > 1)
        self.next_action.setEnabled(page < count)

    # ----------------------------------------------------------------- printing

    @Slot()
    def print_document(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.rendered.title)
        printer.setFromTo(1, max(1, self.page_count()))
        if not PreviewDialogs.choose_printer(self, printer):
            return
        try:
            self.paint_pages(printer)
        except UserError as exc:
            from beratung.gui.errors import report_exception

            report_exception(exc, self)
            return
        # the action text goes into the (German) audit log as it is, so it is not translated
        self._record("gedruckt", self.tr("Das Dokument wurde an den Drucker gesendet."))

    def paint_pages(self, printer: QPrinter) -> int:
        """Paint the pages the user chose onto ``printer``; returns the number painted.

        The PDF bytes were rendered before, off the GUI thread; here each page only becomes an
        image at the printer's resolution and is drawn, which must happen on the GUI thread.
        """
        count = self.page_count()
        first, last = printer.fromPage(), printer.toPage()
        if first <= 0 or last <= 0:
            first, last = 1, count
        first, last = max(1, first), min(count, last)
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        painter = QPainter()
        if not painter.begin(printer):
            raise UserError(
                self.tr("Der Drucker konnte nicht angesprochen werden."),
                hint=self.tr("Bitte prüfen Sie, ob der Drucker eingeschaltet und verbunden ist."),
            )
        painted = 0
        try:
            for page in range(first - 1, last):
                if painted:
                    printer.newPage()
                size = self.document.pagePointSize(page)
                image_size = QSize(round(size.width() * dpi / 72), round(size.height() * dpi / 72))
                image: QImage = self.document.render(page, image_size)
                target = painter.viewport()
                scaled = image_size.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(target.topLeft(), scaled), image)
                painted += 1
        finally:
            painter.end()
        return painted

    # ----------------------------------------------------------------- saving

    @Slot()
    def save_as_pdf(self) -> None:
        name = PreviewDialogs.save_file_name(self, self.rendered.suggested_file_name)
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        pdf = self.rendered.pdf
        self.save_action.setEnabled(False)

        def work() -> Path:  # worker thread: no widgets
            write_atomically(path, pdf)
            return path

        def done(written: Path) -> None:
            self.save_action.setEnabled(True)
            self.saved_path = written
            self._record(
                "als PDF gespeichert",
                self.tr("Gespeichert: {path}").format(path=written),
            )

        def failed(exc: BaseException) -> None:
            self.save_action.setEnabled(True)
            from beratung.gui.errors import report_exception

            report_exception(exc, self)

        run_operation(
            self, work, done, on_failure=failed, progress_text=self.tr("PDF wird gespeichert …")
        )

    def _record(self, action: str, message: str) -> None:
        """Log the document as issued (off the GUI thread) and say so."""
        if not self.log_issues:
            self._show_status(message)
            return
        rendered = self.rendered
        documents = self.services.documents

        def done(issued_id: int) -> None:
            self.issued_ids.append(issued_id)
            self._show_status(message)

        run_operation(
            self,
            lambda: documents.record_issue(rendered, action=action),
            done,
            progress_text=self.tr("Ausgabe wird protokolliert …"),
        )

    def _show_status(self, message: str) -> None:
        self.setWindowTitle(
            self.tr("Vorschau – {title} – {message}").format(
                title=self.rendered.title, message=message
            )
        )


def preview_document(
    parent: QWidget,
    services: Services,
    render: Callable[[], RenderedDocument],
    *,
    progress_text: str | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
    on_shown: Callable[[], None] | None = None,
) -> None:
    """Render with ``render()`` on the worker thread, then open the preview on the GUI thread."""

    def show(rendered: RenderedDocument) -> None:
        try:
            PdfPreviewDialog.show_document(parent, services, rendered)
        finally:
            if on_shown is not None:
                on_shown()

    run_operation(
        parent,
        render,
        show,
        on_failure=on_failure,
        progress_text=progress_text or parent.tr("Dokument wird erstellt …"),
    )


__all__ = ["PdfPreviewDialog", "PreviewDialogs", "preview_document"]
