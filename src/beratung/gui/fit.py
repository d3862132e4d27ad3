"""Dialogs that fit the screen at any font size: a scrolling body, sized to its content.

A dialog with a fixed minimum width (the consultation form's former 980 px) is too narrow for
its content at 200 % text and, once widened, too wide for a 1280×800 screen. With
:func:`scrolling_dialog_body` the content lives in a scroll area, so the dialog's own minimum
stays small; :func:`fit_to_screen` then opens it as large as its content wants, but never
larger than the screen's free area; whatever does not fit scrolls instead of being cut off.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QBoxLayout, QFrame, QScrollArea, QSplitter, QVBoxLayout, QWidget


def scrolling_dialog_body(dialog: QWidget, name: str) -> tuple[QVBoxLayout, QScrollArea]:
    """Give ``dialog`` a frameless scroll area and return the layout of its content (where
    the dialog builds its fields) and the area. The area takes no Tab focus of its own."""
    root = QVBoxLayout(dialog)
    root.setContentsMargins(0, 0, 0, 0)
    scroll = QScrollArea()
    scroll.setObjectName(name)
    scroll.setAccessibleName(dialog.windowTitle() or dialog.accessibleName())
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidgetResizable(True)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    body = QWidget()
    body.setObjectName(f"{name}Body")
    scroll.setWidget(body)
    root.addWidget(scroll)
    return QVBoxLayout(body), scroll


def fit_to_screen(dialog: QWidget, scroll: QScrollArea | None = None) -> QSize:
    """Resize ``dialog`` to its content's preferred size, capped at the available screen area
    (less a margin for the window frame); returns the size it got."""
    wanted = dialog.sizeHint()
    content = scroll.widget() if scroll is not None else None
    if scroll is not None and content is not None:
        inner = content.sizeHint()
        bar = scroll.verticalScrollBar().sizeHint().width()
        wanted = wanted.expandedTo(QSize(inner.width() + bar + 2, inner.height() + 2))
    screen = dialog.screen()
    if screen is not None:
        free = screen.availableGeometry().size() - QSize(40, 60)
        wanted = wanted.boundedTo(free)
    dialog.resize(wanted)
    return wanted


def keep_minimum_width(dialog: QWidget, pixels: int) -> None:
    """At least ``pixels`` wide, and never narrower than the dialog's content needs.

    A bare ``setMinimumWidth(640)`` replaces the layout's own minimum, so at 200 % text the
    dialog could be narrower than its fields and labels were cut ("Neuer Beg…"). Call after the
    layout is built."""
    layout = dialog.layout()
    needed = layout.totalMinimumSize().width() if layout is not None else 0
    dialog.setMinimumWidth(max(pixels, needed))


def room_beside(viewport: QWidget, widget: QWidget | None) -> int:
    """The width a scroll area's ``viewport`` leaves for what ``widget`` lays out: less the
    margins of the layouts of ``widget`` and of each widget between it and the viewport."""
    width = viewport.width()
    while widget is not None and widget is not viewport:
        layout = widget.layout()
        if layout is not None:
            margins = layout.contentsMargins()
            width -= margins.left() + margins.right()
        widget = widget.parentWidget()
    return width


class ColumnReflow(QObject):
    """Side-by-side columns in a scroll area that stack when the area is too narrow for both.

    The event form's two columns (fields left, description and notes right) needed about
    1,100 px; in a 1280 px window the area has 1,000, and its right column was cut off with no
    way to reach it. Stacking them (WCAG 1.4.10 Reflow) keeps everything readable, and the area
    only scrolls up and down; below the width of one column it scrolls sideways too."""

    def __init__(self, scroll: QScrollArea, columns: QBoxLayout) -> None:
        super().__init__(scroll)
        self.scroll = scroll
        self.columns = columns
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        scroll.viewport().installEventFilter(self)

    def needed_width(self) -> int:
        """Width of the columns side by side."""
        parts = [self.columns.itemAt(i) for i in range(self.columns.count())]
        widths = [item.minimumSize().width() for item in parts if item is not None]
        return sum(widths) + max(0, self.columns.spacing()) * max(0, len(widths) - 1)

    def update_direction(self) -> None:
        room = room_beside(self.scroll.viewport(), self.columns.parentWidget())
        side_by_side = room >= self.needed_width()
        wanted = (
            QBoxLayout.Direction.LeftToRight if side_by_side else QBoxLayout.Direction.TopToBottom
        )
        if self.columns.direction() != wanted:
            self.columns.setDirection(wanted)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.update_direction()
        return False


class SplitterReflow(QObject):
    """A side-by-side splitter that turns to one above the other when the page is too narrow.

    The Kontakte page's list and form (and the Veranstaltungen page's) needed more than the
    1,000 px a 1280 px window leaves at 200 % text, and the whole page scrolled sideways.
    Stacked (WCAG 1.4.10 Reflow), both are whole and the page scrolls only up and down. The
    splitter's page must sit in a scroll area (``page_scroller``): its viewport's width is the
    room, watched from the first time the splitter is shown. ``stacked_height`` is the least
    height of each part when stacked, so a list keeps a few rows."""

    def __init__(
        self,
        splitter: QSplitter,
        stacked_height: int = 0,
        side_by_side_width: Callable[[int], int] | None = None,
    ) -> None:
        super().__init__(splitter)
        self.splitter = splitter
        self.stacked_height = stacked_height
        #: A part's least width beside the others (by index), if more than its minimum: the
        #: Verteiler panel keeps its buttons on one line there, as before they could wrap.
        self.side_by_side_width = side_by_side_width
        self.wide = splitter.orientation()
        self._viewport: QWidget | None = None
        self._wide_sizes: list[int] = []
        splitter.installEventFilter(self)

    def needed_width(self) -> int:
        """The parts side by side at their minimum, with the handles between them."""
        widths = []
        for index in range(self.splitter.count()):
            part = self.splitter.widget(index)
            if part is None or part.isHidden():
                continue
            width = max(part.minimumSizeHint().width(), part.minimumWidth())
            if self.side_by_side_width is not None:
                width = max(width, self.side_by_side_width(index))
            widths.append(width)
        return sum(widths) + self.splitter.handleWidth() * max(0, len(widths) - 1)

    def room(self) -> int:
        """The viewport's width less the margins of the layouts between it and the splitter."""
        if self._viewport is None:
            return self.splitter.width()
        return room_beside(self._viewport, self.splitter.parentWidget())

    def update_orientation(self) -> None:
        side_by_side = self.room() >= self.needed_width()
        wanted = self.wide if side_by_side else Qt.Orientation.Vertical
        if self.side_by_side_width is not None:
            for index in range(self.splitter.count()):
                part = self.splitter.widget(index)
                if part is not None:
                    part.setMinimumWidth(self.side_by_side_width(index) if side_by_side else 0)
        if self.splitter.orientation() == wanted:
            return
        if wanted != self.wide:
            self._wide_sizes = self.splitter.sizes()
        self.splitter.setOrientation(wanted)
        for index in range(self.splitter.count()):
            part = self.splitter.widget(index)
            if part is not None:
                part.setMinimumHeight(self.stacked_height if wanted != self.wide else 0)
        if wanted == self.wide and self._wide_sizes:
            self.splitter.setSizes(self._wide_sizes)
        else:
            half = max(self.stacked_height, self.splitter.height() // max(1, self.splitter.count()))
            self.splitter.setSizes([half] * self.splitter.count())

    def _watch_viewport(self) -> None:
        widget = self.splitter.parentWidget()
        while widget is not None and not isinstance(widget, QScrollArea):
            widget = widget.parentWidget()
        if isinstance(widget, QScrollArea) and widget.viewport() is not self._viewport:
            self._viewport = widget.viewport()
            self._viewport.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.splitter and kind == QEvent.Type.Show:
            self._watch_viewport()
            self.update_orientation()
        elif (watched is self._viewport and kind == QEvent.Type.Resize) or (
            watched is self.splitter and kind == QEvent.Type.LayoutRequest
        ):
            self.update_orientation()
        return False
