"""The Einstellungen page: Absender with logo, Bearbeiter/innen, Aktenplan, Textvorlagen and the
log of issued documents."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from beratung.gui.pages.settings import SettingsDialogs, SettingsPage
from beratung.gui.preview import PdfPreviewDialog
from beratung.gui.settings.base import Column, RowTableModel
from beratung.gui.settings.logo import rasterise_svg
from beratung.services import Services
from beratung.services.office import ClerkData, OfficeProfileData
from beratung.services.press import PressDraft

SVG = b"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 50" width="200" height="50">
  <rect x="0" y="0" width="200" height="50" fill="#2f5f8f"/>
  <text x="10" y="35" font-size="28" fill="white">Logo</text>
</svg>"""


@pytest.fixture
def page(qtbot: QtBot, services: Services) -> SettingsPage:
    widget = SettingsPage(services)
    qtbot.addWidget(widget)
    widget.resize(1060, 720)
    widget.show()
    widget.refresh()
    return widget


def _idle(qtbot: QtBot, tab) -> None:
    qtbot.waitUntil(lambda: not tab.busy, timeout=10_000)


def test_profile_saves_and_a_four_digit_postcode_is_marked(
    qtbot: QtBot, page: SettingsPage, services: Services
) -> None:
    tab = page.profile_tab
    tab.edits["name"].setText("Städtetag Baden-Württemberg")
    tab.edits["function_line"].setText("Geschäftsführendes Vorstandsmitglied")
    tab.edits["postcode"].setText("7017")
    tab.footer.setPlainText("Zeile 1\nZeile 2")
    tab.save_button.click()
    _idle(qtbot, tab)
    assert tab.feedback.invalid_field() == "postcode"
    assert tab.error_label.text() == "Die Postleitzahl „7017“ hat nicht genau 5 Ziffern."
    assert tab.edits["postcode"].property("invalid") is True

    tab.edits["postcode"].setText("70173")
    tab.save_button.click()
    _idle(qtbot, tab)
    assert tab.feedback.invalid_field() is None
    assert tab.error_label.text() == "Der Absender wurde gespeichert."
    profile = services.office.get_profile()
    assert profile.data.postcode == "70173"
    assert profile.data.footer_lines == "Zeile 1\nZeile 2"
    assert tab.version == profile.version


def test_svg_logo_is_rasterised_to_png(
    qtbot: QtBot,
    page: SettingsPage,
    services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    services.office.save_profile(OfficeProfileData(name="Städtetag"), expected_version=None)
    logo = tmp_path / "logo.svg"
    logo.write_bytes(SVG)
    monkeypatch.setattr(SettingsDialogs, "open_logo_file", classmethod(lambda _c, _p: str(logo)))
    tab = page.profile_tab
    tab.logo_button.click()
    qtbot.waitUntil(lambda: services.office.logo() is not None, timeout=10_000)
    qtbot.waitUntil(lambda: tab.logo_remove.isEnabled(), timeout=10_000)
    data, mime = services.office.logo()
    assert mime == "image/png" and data.startswith(b"\x89PNG")
    image = QImage.fromData(data)
    assert (image.width(), image.height()) == (600, 150)
    assert "600 × 150" in tab.logo_info.text()
    assert not tab.logo_preview.pixmap().isNull()


def test_a_non_image_logo_is_refused_in_german(
    qtbot: QtBot,
    page: SettingsPage,
    services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    services.office.save_profile(OfficeProfileData(name="Städtetag"), expected_version=None)
    text = tmp_path / "logo.txt"
    text.write_text("kein Bild", encoding="utf-8")
    monkeypatch.setattr(SettingsDialogs, "open_logo_file", classmethod(lambda _c, _p: str(text)))
    page.profile_tab.logo_button.click()
    qtbot.waitUntil(lambda: page.profile_tab.logo_error.isVisible(), timeout=10_000)
    assert "kein Bild im PNG- oder JPEG-Format" in page.profile_tab.logo_error.text()
    assert services.office.logo() is None


def test_rasterise_svg_keeps_the_aspect_ratio() -> None:
    image = QImage.fromData(rasterise_svg(SVG, width=400))
    assert (image.width(), image.height()) == (400, 100)


def test_clerk_is_added_and_a_bad_initial_is_marked(
    qtbot: QtBot, page: SettingsPage, services: Services
) -> None:
    page.tabs.setCurrentWidget(page.clerks_tab)
    tab = page.clerks_tab
    tab.new_button.click()
    tab.name.setText("Christiane Conzen")
    tab.initials.setText("C0")
    tab.extension.setText("48")
    tab.signatory.setChecked(True)
    tab.save_button.click()
    _idle(qtbot, tab)
    assert tab.feedback.invalid_field() == "initials"
    tab.initials.setText("Co")
    tab.save_button.click()
    _idle(qtbot, tab)
    assert tab.feedback.invalid_field() is None
    assert tab.model.rowCount() == 1
    assert tab.proxy.index(0, 0).data() == "Christiane Conzen"
    assert tab.proxy.index(0, 5).data() == "ja"
    (clerk,) = services.office.list_clerks()
    assert clerk.data.initials == "Co" and clerk.data.is_signatory
    # editing sends the loaded version
    tab.table.setCurrentIndex(tab.proxy.index(0, 0))
    tab.function.setText("Referentin")
    tab.save_button.click()
    _idle(qtbot, tab)
    assert services.office.list_clerks()[0].data.function == "Referentin"


def test_file_plan_entry_is_added(qtbot: QtBot, page: SettingsPage, services: Services) -> None:
    page.tabs.setCurrentWidget(page.file_plan_tab)
    tab = page.file_plan_tab
    tab.code.setText("47-43")
    tab.description.setText("Pressearbeit")
    tab.save_button.click()
    _idle(qtbot, tab)
    assert tab.feedback.invalid_field() == "code"
    tab.code.setText("047.43")
    tab.default.setChecked(True)
    tab.save_button.click()
    _idle(qtbot, tab)
    assert tab.model.rowCount() == 1 and tab.proxy.index(0, 2).data() == "ja"
    assert services.office.list_file_plan()[0].is_default_for_press


def test_template_with_unknown_placeholder_is_refused_and_kept(
    qtbot: QtBot, page: SettingsPage, services: Services
) -> None:
    page.tabs.setCurrentWidget(page.templates_tab)
    tab = page.templates_tab
    assert tab.placeholders.count() > 0  # the known placeholders beside the editor
    tab.new_template()
    tab.key.setText("einladung")
    tab.title_edit.setText("Einladung Werkstattgespräch")
    body = "{anrede}\n\nwir laden Sie am {termin} ein."
    tab.body.setPlainText(body)
    tab.save_button.click()
    _idle(qtbot, tab)
    assert tab.feedback.invalid_field() == "body"
    assert "termin" in tab.error_label.text()
    assert "Zeile 3" in tab.error_label.text()
    assert tab.body.toPlainText() == body  # the text is kept
    assert services.office.list_templates() == []

    tab.body.setPlainText("{anrede}\n\nwir laden Sie am ")
    tab.body.moveCursor(tab.body.textCursor().MoveOperation.End)
    tab.insert_placeholder(tab.placeholders.item(_index_of(tab, "veranstaltung_datum")))
    assert tab.body.toPlainText().endswith("am {veranstaltung_datum}")
    tab.save_button.click()
    _idle(qtbot, tab)
    assert tab.feedback.invalid_field() is None
    (saved,) = services.office.list_templates()
    assert saved.body.endswith("{veranstaltung_datum}")
    assert tab.key.isReadOnly()


def _index_of(tab, name: str) -> int:
    from PySide6.QtCore import Qt

    for row in range(tab.placeholders.count()):
        if tab.placeholders.item(row).data(Qt.ItemDataRole.UserRole) == name:
            return row
    raise AssertionError(name)


def test_issued_documents_are_listed_and_reprinted(
    qtbot: QtBot, page: SettingsPage, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.office.save_profile(OfficeProfileData(name="Städtetag"), expected_version=None)
    clerk = services.office.create_clerk(ClerkData(name="Christiane Conzen", initials="Co"))
    draft = services.press.create_draft(
        PressDraft(
            headline="147 Bewerbungen",
            body="Text",
            release_date=date(2017, 7, 31),
            clerk_id=clerk.id,
        )
    )
    rendered = services.documents.render_press_release(draft.id)
    services.documents.record_issue(rendered, action="als PDF gespeichert")
    shown = []
    monkeypatch.setattr(
        PdfPreviewDialog,
        "show_document",
        classmethod(lambda _c, _parent, _services, doc, **_kw: shown.append(doc)),
    )
    page.tabs.setCurrentWidget(page.issued_tab)
    tab = page.issued_tab
    assert tab.model.rowCount() == 1
    assert tab.proxy.index(0, 2).data() == "Presseinformation"
    assert tab.proxy.index(0, 1).data() == services.context.user
    assert tab.proxy.index(0, 5).data() == "1"
    tab.table.setCurrentIndex(tab.proxy.index(0, 0))
    assert tab.reprint_button.isEnabled()
    tab.reprint_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert shown[0].pdf == rendered.pdf
    assert shown[0].title == rendered.title


def test_models_pass_the_model_tester(qtmodeltester, page: SettingsPage) -> None:
    model: RowTableModel[tuple[str, int]] = RowTableModel(
        [Column("Name", lambda r: r[0]), Column("Zahl", lambda r: str(r[1]), lambda r: r[1])]
    )
    model.set_rows([("a", 2), ("b", 1)])
    qtmodeltester.check(model)
    for tab in (page.clerks_tab, page.file_plan_tab, page.issued_tab):
        tab.load()
        qtmodeltester.check(tab.model)
        qtmodeltester.check(tab.proxy)


def test_locations_are_shown(page: SettingsPage, services: Services) -> None:
    assert page.location_labels["database"].text() == services.db.describe()


def test_a_newer_municipality_directory_is_applied_from_the_settings(
    qtbot, services, monkeypatch, tmp_path
) -> None:
    from beratung.gui.operations import wait_for_operations
    from beratung.gui.pages.settings import SettingsDialogs, SettingsPage
    from beratung.resources import resource_path

    services.masterdata.load_directory(source_label="mitgeliefert")
    ulm = services.masterdata.create_municipality("08421000", is_member=True)
    newer = tmp_path / "gemeinden-2026.csv"
    newer.write_text(
        resource_path("gemeinden-bw.csv")
        .read_text(encoding="utf-8")
        .replace(";Ulm;Ulm;Stadtkreis;Tübingen;129882;", ";Ulm;Ulm;Stadtkreis;Tübingen;131000;"),
        encoding="utf-8",
    )
    monkeypatch.setattr(
        SettingsDialogs, "open_directory_file", classmethod(lambda cls, parent: str(newer))
    )
    page = SettingsPage(services)
    qtbot.addWidget(page)
    page.tabs.setCurrentWidget(page.directory_tab)
    wait_for_operations()
    qtbot.waitUntil(lambda: "1.101 Kommunen" in page.directory_tab.status_label.text())
    page.directory_tab.apply_button.click()
    wait_for_operations()
    qtbot.waitUntil(lambda: "1 geändert" in page.directory_tab.result_label.text())
    assert services.contacts.get_organisation(ulm.id).population == 131000
    assert services.contacts.get_organisation(ulm.id).is_member
