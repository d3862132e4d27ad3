"""The small base class every page of the main window derives from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from beratung.services import Services


class Page(QWidget):
    """A page in the main window's stack.

    * ``title()`` — the translated page name (navigation, menu, heading);
    * ``refresh()`` — reload what the page shows from the services; called by the main window
      whenever the page becomes visible and on *Ansicht → Aktualisieren* (F5). Keep it quick, or
      start a :func:`~beratung.gui.operations.run_operation` from it;
    * ``navigate_requested(key)`` — emit to ask the main window to show another page.

    Pages get the services in their constructor and never open sessions themselves.
    """

    navigate_requested = Signal(str)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setAccessibleName(self.title())

    def title(self) -> str:
        raise NotImplementedError

    def refresh(self) -> None:
        """Reload the page's data; the default does nothing."""


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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(16)
        layout.addWidget(heading(self.title()))

        card = QFrame()
        card.setProperty("role", "card")
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(24, 20, 24, 20)
        card_layout.setSpacing(10)
        card_layout.addWidget(paragraph(self.description()))
        planned = self.planned()
        if planned:
            card_layout.addWidget(
                heading(
                    QCoreApplication.translate("PlaceholderPage", "Geplant für diese Seite:"),
                    role="sectionTitle",
                )
            )
            items = "".join(f"<li>{item}</li>" for item in planned)
            card_layout.addWidget(paragraph(f"<ul style='margin-left:-20px'>{items}</ul>"))
        note = paragraph(
            QCoreApplication.translate(
                "PlaceholderPage",
                "Diese Seite ist in Vorbereitung und folgt mit einer der nächsten Versionen.",
            ),
            role="muted",
        )
        card_layout.addWidget(note)
        card.setMaximumWidth(820)
        layout.addWidget(card)
        layout.addStretch(1)
