"""The Presse page: list model, editor, saving, finalising, validation, preview entry point."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, QDateTime, QTime
from pytestqt.qtbot import QtBot

from beratung.gui.feedback import FeedbackDialogs
from beratung.gui.pages.press import PressDialogs, PressPage
from beratung.gui.press_editor import PressFilterModel, PressReleaseModel
from beratung.gui.preview import PdfPreviewDialog
from beratung.services import Services
from beratung.services.press import PressDraft


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every modal question answered "yes" and recorded."""
    seen: list[tuple[str, str]] = []

    def confirm(name: str):
        def answer(_cls, _parent, *args):
            seen.append((name, " ".join(str(a) for a in args)))
            return True

        return classmethod(answer)

    for name in ("confirm_finalise", "confirm_delete"):
        monkeypatch.setattr(PressDialogs, name, confirm(name))

    def unsaved(_cls, _parent, headline):
        seen.append(("unsaved_changes", headline))
        return "discard"

    monkeypatch.setattr(FeedbackDialogs, "unsaved_changes", classmethod(unsaved))
    monkeypatch.setattr(
        PressDialogs,
        "information",
        classmethod(
            lambda _cls, _p, text, informative="": seen.append(("info", text + informative))
        ),
    )
    return seen


@pytest.fixture
def page(qtbot: QtBot, services: Services, office, dialogs) -> PressPage:
    widget = PressPage(services)
    qtbot.addWidget(widget)
    widget.resize(1060, 720)
    widget.show()
    widget.refresh()
    return widget


def _wait_idle(qtbot: QtBot, page: PressPage) -> None:
    qtbot.waitUntil(lambda: not page._busy, timeout=10_000)


def _fill(page: PressPage, headline: str = "147 Bewerbungen für „Quartier 2020“") -> None:
    editor = page.editor
    editor.headline.setText(headline)
    editor.headline.textEdited.emit(headline)
    editor.body.setPlainText("Der Städtetag freut sich.\n\n„Ein Zitat“, sagte er.")
    editor.release_date.setDate(QDate(2017, 7, 31))
    editor.contact_text.setText("Simone Fischer, Fachberatung Inklusion")


def test_new_draft_is_saved_and_listed(qtbot: QtBot, page: PressPage, services: Services) -> None:
    assert page.current() is None  # empty database: a new release is open
    assert page.editor.dateline_place.text() == "Stuttgart"
    assert page.editor.file_plan.currentData() == "047.43"  # the press default
    _fill(page)
    assert page.is_dirty()
    page.save_action.trigger()
    _wait_idle(qtbot, page)
    assert page.model.rowCount() == 1
    assert page.proxy.index(0, 0).data() == "Entwurf"
    assert page.proxy.index(0, 1).data() == "31.07.2017"
    assert page.proxy.index(0, 2).data() == "147 Bewerbungen für „Quartier 2020“"
    assert page.proxy.index(0, 4).data() == "Entwurf"
    stored = services.press.list_releases()[0]
    assert stored.headline.startswith("147 Bewerbungen")
    assert not page.is_dirty()
    assert page.count_label.text() == "1 Presseinformation"


def test_finalise_numbers_and_freezes(
    qtbot: QtBot, page: PressPage, services: Services, dialogs: list[tuple[str, str]]
) -> None:
    _fill(page)
    page.finalise_action.trigger()  # saves first, then numbers
    qtbot.waitUntil(lambda: page.last_finalised is not None, timeout=10_000)
    _wait_idle(qtbot, page)
    assert dialogs[0][0] == "confirm_finalise" and "2017" in dialogs[0][1]
    assert (
        "info",
        "Die Presseinformation ist jetzt endgültig: P 1/2017Aktenzeichen: 047.43 - P 1/2017 · Co",
    ) in dialogs
    assert page.proxy.index(0, 0).data() == "P 1/2017"
    assert page.proxy.index(0, 4).data() == "endgültig"
    assert page.editor.is_read_only()
    assert page.editor.headline.isReadOnly() and page.editor.body.isReadOnly()
    assert not page.editor.clerk.isEnabled()
    assert "047.43 - P 1/2017 · Co" in page.editor.status_detail.text()
    assert not page.save_action.isEnabled() and not page.delete_action.isEnabled()
    assert page.revision_action.isEnabled()

    page.revision_action.trigger()
    _wait_idle(qtbot, page)
    assert page.current() is not None and not page.current().is_final
    assert not page.editor.is_read_only()
    labels = sorted(page.proxy.index(r, 4).data() for r in range(page.proxy.rowCount()))
    assert labels == ["Entwurf", "endgültig"]


def test_missing_clerk_is_refused_without_using_a_number(
    qtbot: QtBot, page: PressPage, services: Services
) -> None:
    _fill(page)
    page.editor.clerk.setCurrentIndex(0)  # "– bitte wählen –"
    page.finalise_action.trigger()
    _wait_idle(qtbot, page)
    assert page.editor.error_label.isVisible()
    assert page.editor.error_label.text() == "Bitte wählen Sie die Bearbeiterin/den Bearbeiter aus."
    assert page.editor.feedback.invalid_field() == "clerk_id"
    assert page.last_finalised is None
    # the draft was saved, but no number was taken: the next final release is P 1/2017
    (row,) = services.press.list_releases()
    assert row.number_text is None
    page.editor.clerk.setCurrentIndex(1)
    page.finalise_action.trigger()
    qtbot.waitUntil(lambda: page.last_finalised is not None, timeout=10_000)
    assert page.last_finalised.number_text == "P 1/2017"
    assert page.editor.feedback.invalid_field() is None


def test_embargo_becomes_an_aware_berlin_datetime(page: PressPage) -> None:
    page.editor.embargo_check.setChecked(True)
    page.editor.embargo_at.setDateTime(QDateTime(QDate(2017, 8, 1), QTime(10, 30)))
    draft = page.editor.draft()
    assert draft.embargo_at == datetime(2017, 8, 1, 10, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    page.editor.embargo_check.setChecked(False)
    assert page.editor.draft().embargo_at is None


def test_quotes_helper_wraps_the_selection(page: PressPage) -> None:
    page.editor.body.setPlainText("Ein Zitat")
    page.editor.body.selectAll()
    page.editor.quote_button.click()
    assert page.editor.body.toPlainText() == "„Ein Zitat“"


def test_delete_draft(qtbot: QtBot, page: PressPage, services: Services) -> None:
    _fill(page)
    page.save_action.trigger()
    _wait_idle(qtbot, page)
    assert page.delete_action.isEnabled()
    page.delete_action.trigger()
    _wait_idle(qtbot, page)
    assert services.press.list_releases() == []
    assert page.model.rowCount() == 0


def test_concurrent_edit_offers_reload(
    qtbot: QtBot, page: PressPage, services: Services, dialogs: list[tuple[str, str]]
) -> None:
    _fill(page)
    page.save_action.trigger()
    _wait_idle(qtbot, page)
    loaded = page.current()
    assert loaded is not None
    services.press.update_draft(
        loaded.id,
        PressDraft(headline="Von anderswo geändert", body="x", clerk_id=None),
        expected_version=loaded.version,
    )
    page.editor.headline.setText("Meine Änderung")
    page.editor.headline.textEdited.emit("Meine Änderung")
    page.save_action.trigger()
    _wait_idle(qtbot, page)
    banner = page.editor.feedback.banner  # offered in the banner, not as a modal question
    assert banner is not None and banner.isVisible()
    assert "inzwischen" in banner.label.text()
    assert page.editor.headline.text() == "Meine Änderung"  # kept until she reloads
    banner.reload_button.click()
    assert page.editor.headline.text() == "Von anderswo geändert"


def test_preview_renders_off_the_gui_thread_and_opens_the_dialog(
    qtbot: QtBot, page: PressPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = []
    monkeypatch.setattr(
        PdfPreviewDialog,
        "show_document",
        classmethod(lambda _cls, parent, services, rendered, **kw: shown.append(rendered)),
    )
    _fill(page)
    page.preview_action.trigger()  # unsaved: saves first
    qtbot.waitUntil(lambda: bool(shown), timeout=15_000)
    assert shown[0].pdf.startswith(b"%PDF")
    assert shown[0].entity_type == "press_release"


def test_list_filters_by_year_and_text(qtbot: QtBot, services: Services, office, dialogs) -> None:
    for day, headline in ((date(2017, 7, 31), "Quartier 2020"), (date(2018, 1, 3), "Neujahr")):
        services.press.create_draft(
            PressDraft(headline=headline, body="Text", release_date=day, clerk_id=office.id)
        )
    page = PressPage(services)
    qtbot.addWidget(page)
    page.refresh()
    assert [page.year_filter.itemText(i) for i in range(page.year_filter.count())] == [
        "Alle Jahre",
        "2018",
        "2017",
    ]
    page.year_filter.setCurrentIndex(2)
    assert page.proxy.rowCount() == 1 and page.proxy.index(0, 2).data() == "Quartier 2020"
    page.year_filter.setCurrentIndex(0)
    page.search.setText("neujahr")
    assert page.proxy.rowCount() == 1 and page.proxy.index(0, 2).data() == "Neujahr"
    assert page.count_label.text() == "1 von 2 Presseinformationen"


def test_models_pass_the_model_tester(qtmodeltester, services: Services, office) -> None:
    for day, headline in ((date(2017, 7, 31), "Eins"), (date(2018, 1, 3), "Zwei")):
        services.press.create_draft(
            PressDraft(headline=headline, body="Text", release_date=day, clerk_id=office.id)
        )
    model = PressReleaseModel()
    model.set_rows(services.press.list_releases())
    qtmodeltester.check(model)
    proxy = PressFilterModel()
    proxy.setSourceModel(model)
    proxy.set_year(2018)
    qtmodeltester.check(proxy)


def test_every_control_has_an_accessible_name(page: PressPage) -> None:
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractSpinBox,
        QComboBox,
        QLineEdit,
        QPlainTextEdit,
    )

    for kind in (QLineEdit, QPlainTextEdit, QComboBox, QAbstractButton, QAbstractSpinBox):
        for widget in page.findChildren(kind):
            inner = isinstance(widget.parent(), QAbstractSpinBox | QComboBox)
            if widget.isVisibleTo(page) and not inner:
                name = widget.accessibleName() or (
                    widget.text() if isinstance(widget, QAbstractButton) else ""
                )
                assert name, widget.objectName() or repr(widget)
