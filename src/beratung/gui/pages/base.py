"""The small base class every page of the main window derives from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from beratung.gui.style import scaled

if TYPE_CHECKING:
    from beratung.services import Services


@dataclass(frozen=True)
class PageRequest:
    """Ask the main window to show page ``page`` and call its method ``action(**arguments)``.

    Pages ask each other for things through the main window (``open_requested``), so no page
    imports another page's module: ``PageRequest("contacts", "show_person", {"person_id": 7})``.
    """

    page: str
    action: str
    arguments: dict[str, Any] = field(default_factory=dict)


class Page(QWidget):
    """A page in the main window's stack.

    * ``title()`` — the translated page name (navigation, menu, heading);
    * ``has_unsaved_changes()`` / ``may_leave(then)`` — unsaved edits, asked about before
      the main window leaves the page or closes;
    * ``refresh()`` — reload what the page shows from the services; called by the main window
      whenever the page becomes visible and on *Ansicht → Aktualisieren* (F5). Keep it quick, or
      start a :func:`~beratung.gui.operations.run_operation` from it;
    * ``navigate_requested(key)`` — emit to ask the main window to show another page;
    * ``open_requested(PageRequest)`` — emit (via :meth:`request`) to show another page and have
      it do something: open a record, start a new consultation pre-filled.

    Pages get the services in their constructor and never open sessions themselves.
    """

    navigate_requested = Signal(str)
    open_requested = Signal(object)  # PageRequest

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setAccessibleName(self.title())

    def title(self) -> str:
        raise NotImplementedError

    def refresh(self) -> None:
        """Reload the page's data; the default does nothing."""

    def has_unsaved_changes(self) -> bool:
        """True while the page holds edits that are not saved yet (asked before closing)."""
        return False

    def may_leave(self, then: Callable[[], object]) -> bool:
        """Called before the main window shows another page or closes.

        ``True``: go ahead now. ``False``: stay; a page that started saving calls ``then()``
        once the save has succeeded, to carry on with what the user wanted. Pages with
        unsaved edits ask Speichern/Verwerfen/Abbrechen here.
        """
        return True

    def request(self, page: str, action: str, **arguments: Any) -> None:
        """Ask the main window to show ``page`` and call its ``action(**arguments)``."""
        self.open_requested.emit(PageRequest(page, action, arguments))


def scrolling_body(page: QWidget) -> QVBoxLayout:
    """Give ``page`` a frameless vertical scroll area and return the layout of its content.

    Pages with more content than a small window can show use this instead of a plain layout.
    """
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    scroll = QScrollArea()
    scroll.setObjectName("pageScrollArea")
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidgetResizable(True)
    # no Tab stop of its own (an unnamed "filler" to a screen reader); it follows the focus
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    # as needed, not off: at 200 % text a row of tiles may be wider than the window
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    content = QWidget()
    content.setObjectName("pageContent")
    scroll.setWidget(content)
    outer.addWidget(scroll)
    layout = QVBoxLayout(content)
    layout.setContentsMargins(32, 28, 32, 24)
    layout.setSpacing(14)
    return layout


def heading(text: str, role: str = "pageTitle") -> QLabel:
    label = QLabel(text)
    label.setProperty("role", role)
    label.setAccessibleName(text)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


def paragraph(text: str, role: str | None = None) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if role:
        label.setProperty("role", role)
    label.setAccessibleName(text)
    return label


class PlaceholderPage(Page):
    """A page still to be built: its title, what will come here, and a short list of features."""

    def description(self) -> str:
        raise NotImplementedError

    def planned(self) -> list[str]:
        return []

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        layout = self.body = scrolling_body(self)
        layout.addWidget(heading(self.title()))

        card = QFrame()
        card.setProperty("role", "card")
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(24, 20, 24, 20)
        card_layout.setSpacing(10)
        card_layout.addWidget(paragraph(self.description()))
        planned = self.planned()
        if planned:
            card_layout.addSpacing(6)
            card_layout.addWidget(
                heading(
                    QCoreApplication.translate("PlaceholderPage", "Geplant für diese Seite:"),
                    role="sectionTitle",
                )
            )
            items = "".join(f"<li style='margin-bottom:4px'>{item}</li>" for item in planned)
            card_layout.addWidget(paragraph(f"<ul style='margin-left:-20px'>{items}</ul>"))
        note = paragraph(
            QCoreApplication.translate(
                "PlaceholderPage",
                "Diese Seite ist in Vorbereitung und folgt mit einer der nächsten Versionen.",
            ),
            role="muted",
        )
        card_layout.addWidget(note)
        card.setMaximumWidth(scaled(820))
        layout.addWidget(card)
        layout.addStretch(1)
