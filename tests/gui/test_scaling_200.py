"""200 % text on a 1280×800 screen: nothing is cut off, everything can be reached.

The application font is set to 20 pt (twice the 10 pt default, as a system font at 200 %);
then the main window's minimum must fit the screen, and every page, settings tab and dialog
either fits its room or sits in a scroll area whose scroll bars reach all of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from events_helpers import BEFORE, at, make_event, make_people
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication, QLabel, QListWidget, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from beratung.domain.enums import OrganisationKind
from beratung.gui import style
from beratung.gui.consultations.form import ConsultationForm
from beratung.gui.consultations.topics import TopicManager
from beratung.gui.contacts.duplicates import DuplicatesDialog
from beratung.gui.contacts.import_dialog import ImportDialog
from beratung.gui.events.agenda import AgendaItemDialog
from beratung.gui.events.copy_dialog import CopyDialog
from beratung.gui.events.dates_dialog import DatesDialog
from beratung.gui.events.invite_dialog import InviteDialog
from beratung.gui.events.registration_dialog import RegistrationDialog
from beratung.gui.events.venue_dialog import VenueDialog
from beratung.gui.events.walk_in_dialog import WalkInDialog
from beratung.gui.main_window import MainWindow
from beratung.gui.operations import wait_for_operations
from beratung.services import Services
from beratung.services.contacts import OrganisationInput

SCREEN = QSize(1280, 800)
FONT_200 = 2 * style.BASE_POINT_SIZE


@pytest.fixture
def big_font(qapp: QApplication) -> Iterator[float]:
    """The application font at 200 % for one test, then back to the default."""
    style.set_font_size(qapp, FONT_200)
    yield FONT_200
    style.set_font_size(qapp, style.BASE_POINT_SIZE)


def fits(size: QSize, room: QSize = SCREEN) -> bool:
    return size.width() <= room.width() and size.height() <= room.height()


def settle(app: QApplication) -> None:
    for _ in range(4):
        wait_for_operations()
        app.sendPostedEvents()
        app.processEvents()


def reachable(widget: QWidget) -> None:
    """``widget`` fits the room its scroll area gives it, or the scroll bars reach it all."""
    area = widget.parentWidget()
    while area is not None and not isinstance(area, QScrollArea):
        area = area.parentWidget()
    assert area is not None, f"{widget.objectName()} is in no scroll area"
    need = widget.minimumSizeHint()
    view = area.viewport().size()
    if need.width() > view.width():
        assert area.horizontalScrollBar().maximum() >= need.width() - view.width() - 1, (
            f"{widget.objectName()}: {need.width()} px wide, view {view.width()} px, no scroll"
        )
    if need.height() > view.height():
        assert area.verticalScrollBar().maximum() >= need.height() - view.height() - 1, (
            f"{widget.objectName()}: {need.height()} px high, view {view.height()} px, no scroll"
        )


def assert_labels_whole(widget: QWidget) -> None:
    """No visible one-line label is narrower than its text ("Organ" for "Organisation",
    "Nachnam" for "Nachname")."""
    squeezed = [
        label.text()
        for label in widget.findChildren(QLabel)
        if label.isVisible()
        and not label.wordWrap()
        and label.text()
        and label.textFormat() != Qt.TextFormat.RichText
        and label.width() < label.fontMetrics().horizontalAdvance(label.text().replace("&", "")) - 1
    ]
    assert not squeezed, squeezed


def test_headings_grow_with_the_application_font(qapp: QApplication, big_font: float) -> None:
    sheet = qapp.styleSheet()
    assert f"font-size: {big_font * style.FONT_FACTORS['title']:.1f}pt" in sheet
    assert "font-size: 18.0pt" not in sheet  # no heading fixed at the 10 pt sizes
    assert style.scaled(100) == 200


def test_main_window_and_every_page_fit_1280x800_at_200_percent(
    qtbot: QtBot, services: Services, big_font: float
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.resize(SCREEN)
    window.show()
    settle(app)
    assert fits(window.minimumSizeHint()), window.minimumSizeHint()
    assert fits(window.minimumSize()), window.minimumSize()
    # the sidebar shows its longest title whole ("Einstellungen", not "Einstellu…")
    navigation = window.findChild(QListWidget, "navigation")
    assert navigation is not None
    metrics = navigation.fontMetrics()
    longest = max(
        metrics.horizontalAdvance(navigation.item(row).text())
        for row in range(navigation.count())
    )
    assert navigation.width() >= longest + navigation.iconSize().width() + 20
    for key, page in window.pages.items():
        window.show_page(key)
        settle(app)
        assert window.width() <= SCREEN.width() and window.height() <= SCREEN.height()
        reachable(page)
        assert_labels_whole(page)
    # the overview reflows (tiles and the follow-up summary wrap): no sideways scrolling
    window.show_page("overview")
    settle(app)
    inner = window.pages["overview"].findChild(QScrollArea, "pageScrollArea")
    assert inner is not None
    assert inner.horizontalScrollBar().maximum() == 0
    settings = window.pages["settings"]
    tabs = settings.tabs  # type: ignore[attr-defined]
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        settle(app)
        tab = tabs.widget(index)
        # the page's minimum covers the tab's, so the page's scroll bars reach all of it
        assert settings.minimumSizeHint().width() >= tab.minimumSizeHint().width()
        assert settings.minimumSizeHint().height() >= tab.minimumSizeHint().height()
        reachable(settings)
        assert_labels_whole(tab)


def _ulm(services: Services) -> int:
    return services.contacts.create_organisation(
        OrganisationInput(name="Stadt Ulm", kind=OrganisationKind.MUNICIPALITY, town="Ulm")
    ).id


def test_dialogs_fit_the_screen_at_200_percent(
    qtbot: QtBot, services: Services, big_font: float
) -> None:
    draft = services.consultations.draft_for_organisation(_ulm(services))
    dialogs: list[QWidget] = [
        ConsultationForm(services, draft),
        TopicManager(services),
        DuplicatesDialog(services),
        ImportDialog(services),
        VenueDialog(services),
        DatesDialog(services, date(2018, 4, 18)),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        name = type(dialog).__name__
        assert fits(dialog.minimumSizeHint()), (name, dialog.minimumSizeHint())
        assert fits(dialog.size()), (name, dialog.size())


def test_event_dialogs_fit_the_screen_at_200_percent(
    qtbot: QtBot, services: Services, big_font: float
) -> None:
    svc = at(services, BEFORE)
    make_people(svc)
    event_id = make_event(svc)
    dialogs: list[QWidget] = [
        RegistrationDialog(svc, event_id),
        WalkInDialog(svc, event_id),
        AgendaItemDialog(svc, event_id),
        InviteDialog(svc, event_id),
        CopyDialog(svc, svc.events.get_event(event_id)),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        name = type(dialog).__name__
        assert fits(dialog.minimumSizeHint()), (name, dialog.minimumSizeHint())
        assert_labels_whole(dialog)


def test_consultation_form_sizes_to_its_content(
    qtbot: QtBot, services: Services, big_font: float
) -> None:
    form = ConsultationForm(services, services.consultations.draft_for_organisation(_ulm(services)))
    qtbot.addWidget(form)
    form.show()
    body = form.body_scroll.widget()
    assert body is not None
    assert form.minimumWidth() < 980  # no fixed minimum any more
    # as wide as the content wants (it needs well over 980 px at 200 %), at most the screen
    screen_width = form.screen().availableGeometry().width()
    assert form.width() >= min(body.sizeHint().width(), screen_width - 40)
    reachable(body)
