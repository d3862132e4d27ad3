"""Dialogs that fit the screen at any font size: a scrolling body, sized to its content.

A dialog with a fixed minimum width (the consultation form's former 980 px) is too narrow for
its content at 200 % text and, once widened, too wide for a 1280×800 screen. With
:func:`scrolling_dialog_body` the content lives in a scroll area, so the dialog's own minimum
stays small; :func:`fit_to_screen` then opens it as large as its content wants, but never
larger than the screen's free area; whatever does not fit scrolls instead of being cut off.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget


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
