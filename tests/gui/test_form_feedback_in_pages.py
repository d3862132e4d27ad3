"""The pages use the one form-feedback component: every error is announced at its field (the
accessible description), a record changed meanwhile shows the banner with "Neu laden", and each
form's field names are the service's spellings."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from beratung.domain.enums import Anrede, OrganisationKind
from beratung.domain.errors import ConcurrentEditError, ValidationError
from beratung.gui.consultations.followups import FollowUpEditor
from beratung.gui.consultations.form import ConsultationForm
from beratung.gui.contacts.person_form import PersonForm
from beratung.gui.pages.press import PressDialogs, PressPage
from beratung.gui.pages.settings import SettingsPage
from beratung.gui.press_editor import PressEditor
from beratung.services import Services
from beratung.services.consultations import ConsultationDetail
from beratung.services.contacts import OrganisationInput, PersonInput
from beratung.services.followups import FollowUpDraft
from beratung.services.office import ClerkData, OfficeProfileData

# ------------------------------------------------------------------------------- settings


@pytest.fixture
def settings(qtbot: QtBot, services: Services) -> SettingsPage:
    services.office.save_profile(OfficeProfileData(name="Städtetag"), expected_version=None)
    page = SettingsPage(services)
    qtbot.addWidget(page)
    page.resize(1060, 720)
    page.show()
    page.refresh()
    return page


def test_settings_error_is_announced_at_the_field_and_under_the_form(
    qtbot: QtBot, settings: SettingsPage
) -> None:
    tab = settings.profile_tab
    tab.edits["postcode"].setText("7017")
    tab.save_button.click()
    qtbot.waitUntil(lambda: not tab.busy, timeout=10_000)
    message = "Die Postleitzahl „7017“ hat nicht genau 5 Ziffern."
    postcode = tab.edits["postcode"]
    assert postcode.accessibleDescription() == message
    field_label = tab.feedback.field("postcode").label  # type: ignore[union-attr]
    assert field_label is not None and field_label.isVisible()
    assert field_label.text() == message
    assert tab.error_label.text() == message  # repeated under the form
    postcode.setText("70173")  # correcting it clears the error at once
    assert postcode.accessibleDescription() == ""
    assert not field_label.isVisible() and not tab.error_label.isVisible()


def test_settings_profile_changed_meanwhile_offers_reload(
    qtbot: QtBot, settings: SettingsPage, services: Services
) -> None:
    tab = settings.profile_tab
    stored = services.office.get_profile()
    services.office.save_profile(
        OfficeProfileData(name="Städtetag Baden-Württemberg"), expected_version=stored.version
    )
    tab.edits["town"].setText("Stuttgart")
    tab.save_button.click()
    banner = tab.feedback.banner  # type: ignore[union-attr]
    assert banner is not None
    qtbot.waitUntil(banner.isVisible, timeout=10_000)
    assert "inzwischen" in banner.label.text()
    assert services.office.get_profile().data.town is None  # nothing overwritten
    banner.reload_button.click()
    assert not banner.isVisible()
    assert tab.edits["name"].text() == "Städtetag Baden-Württemberg"
    assert tab.version == services.office.get_profile().version


def test_settings_clerk_changed_meanwhile_reloads_the_clerk(
    qtbot: QtBot, settings: SettingsPage, services: Services
) -> None:
    clerk = services.office.create_clerk(ClerkData(name="Christiane Conzen", initials="Co"))
    tab = settings.clerks_tab
    settings.tabs.setCurrentWidget(tab)
    tab.table.setCurrentIndex(tab.proxy.index(0, 0))
    services.office.update_clerk(
        clerk.id,
        ClerkData(name="Christiane Conzen", initials="CC"),
        expected_version=clerk.version,
    )
    tab.function.setText("Referentin")
    tab.save_button.click()
    banner = tab.feedback.banner  # type: ignore[union-attr]
    qtbot.waitUntil(banner.isVisible, timeout=10_000)
    banner.reload_button.click()
    assert tab.initials.text() == "CC" and tab.function.text() == ""


def test_settings_field_names_are_the_services(settings: SettingsPage) -> None:
    assert settings.profile_tab.feedback.names() == [  # type: ignore[union-attr]
        "name",
        "unit",
        "function_line",
        "street",
        "postcode",
        "town",
        "phone",
        "fax",
        "email",
        "website",
        "press_info_url",
        "footer_lines",
    ]
    assert settings.profile_tab.logo_feedback.names() == ["logo"]
    assert settings.clerks_tab.feedback.names() == [  # type: ignore[union-attr]
        "name",
        "initials",
        "function",
        "phone_extension",
        "email",
    ]
    assert settings.file_plan_tab.feedback.names() == ["code", "description"]  # type: ignore[union-attr]
    assert settings.templates_tab.feedback.names() == [  # type: ignore[union-attr]
        "key",
        "title",
        "subject",
        "body",
    ]


# ------------------------------------------------------------------------------- contacts


def test_contacts_error_is_announced_at_the_field(qtbot: QtBot, services: Services) -> None:
    person = services.contacts.create_person(PersonInput(last_name="Fischer", anrede=Anrede.FRAU))
    form = PersonForm(services)
    qtbot.addWidget(form)
    form.show()
    form.load(services.contacts.get_person(person.id))
    form.email.setText("kaputt")
    form.save()
    qtbot.waitUntil(lambda: form.feedback.is_marked("email"), timeout=10_000)
    assert form.email.accessibleDescription() == form.feedback.message("email")
    assert "kaputt" in form.email.accessibleDescription()
    form.email.setText("simone.fischer@ulm.de")
    assert form.email.accessibleDescription() == ""
    assert form.is_dirty()  # the edit stays, only the error went


def test_contacts_field_names_are_the_services(qtbot: QtBot, services: Services) -> None:
    form = PersonForm(services)
    qtbot.addWidget(form)
    assert form.feedback.names() == [
        "anrede",
        "title",
        "first_name",
        "last_name",
        "email",
        "phone",
        "mobile",
        "street",
        "postcode",
        "town",
        "country",
        "address_preference",
        "salutation_override",
        "print_variant",
        "contact_route",
        "notes",
    ]


# ------------------------------------------------------------------------------- press


def test_press_error_is_announced_at_the_field(
    qtbot: QtBot, services: Services, office: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(PressDialogs, "confirm_finalise", classmethod(lambda *_a: True))
    page = PressPage(services)
    qtbot.addWidget(page)
    page.resize(1060, 720)
    page.show()
    page.refresh()
    editor = page.editor
    editor.headline.setText("Überschrift")
    editor.body.setPlainText("Text")
    editor.clerk.setCurrentIndex(0)  # "– bitte wählen –": finalising refuses
    page.finalise_action.trigger()
    message = "Bitte wählen Sie die Bearbeiterin/den Bearbeiter aus."
    qtbot.waitUntil(lambda: editor.feedback.message("clerk_id") == message, timeout=10_000)
    assert editor.clerk.accessibleDescription() == message
    label = editor.feedback.field("clerk_id").label
    assert label is not None and label.isVisible()
    assert editor.error_label.text() == message  # and under the form, as before
    editor.clerk.setCurrentIndex(1)
    assert editor.clerk.accessibleDescription() == ""
    assert not label.isVisible()
    assert page.is_dirty()


def test_press_field_names_are_the_services(qtbot: QtBot) -> None:
    editor = PressEditor()
    qtbot.addWidget(editor)
    assert editor.feedback.names() == [
        "headline",
        "subline",
        "body",
        "dateline_place",
        "release_date",
        "embargo_at",
        "contact_text",
        "clerk_id",
        "file_plan_code",
        "more_info",
    ]


# ------------------------------------------------------------------------------- consultations


@pytest.fixture
def ulm(services: Services) -> int:
    return services.contacts.create_organisation(
        OrganisationInput(name="Stadt Ulm", kind=OrganisationKind.MUNICIPALITY, is_member=True)
    ).id


def _consultation_form(
    qtbot: QtBot, services: Services, ulm: int, detail: ConsultationDetail | None = None
) -> ConsultationForm:
    form = ConsultationForm(services, services.consultations.draft_for_organisation(ulm), detail)
    qtbot.addWidget(form)
    form.show()
    return form


def test_consultation_date_error_has_the_services_name_and_is_announced(
    qtbot: QtBot, services: Services, ulm: int
) -> None:
    form = _consultation_form(qtbot, services, ulm)
    form.date_field.setText("32.13.")
    with pytest.raises(ValidationError) as raised:
        form.date_field.value()
    assert raised.value.field == "occurred_at"  # one name, the service's
    form.save()
    assert form.feedback.invalid_field() == "occurred_at"
    message = form.date_field.error()
    assert form.date_field.edit.accessibleDescription() == message
    assert form.error_text() == message
    form.date_field.setText("25.10.2017")
    assert form.date_field.edit.accessibleDescription() == ""
    assert form.date_field.feedback.text() == "Mittwoch, 25. Oktober 2017"


def test_consultation_time_and_due_use_the_services_names(
    qtbot: QtBot, services: Services, ulm: int
) -> None:
    form = _consultation_form(qtbot, services, ulm)
    form.time_edit.setText("25:99")
    assert form.feedback.is_marked("occurred_time")  # at once, beside the field
    assert "Uhrzeit" in form.time_edit.accessibleDescription()
    form.time_edit.setText("14:30")
    assert not form.feedback.is_marked("occurred_time")
    form.follow_up_note.setText("Nachfragen")  # a note without a due date
    form.save()
    assert form.feedback.invalid_field() == "due"
    assert "fällig" in form.follow_up_due.edit.accessibleDescription()


def test_consultation_changed_meanwhile_offers_reload(
    qtbot: QtBot, services: Services, ulm: int
) -> None:
    draft = services.consultations.draft_for_organisation(ulm).draft
    saved = services.consultations.create_consultation(
        dataclasses.replace(draft, subject="Erster Stand")
    )
    form = _consultation_form(
        qtbot, services, ulm, services.consultations.get_consultation(saved.id)
    )
    services.consultations.update_consultation(
        saved.id, dataclasses.replace(saved.to_draft(), subject="Von anderswo"), saved.version
    )
    form.subject.setText("Meine Änderung")
    form.save()
    banner = form.feedback.banner
    assert banner is not None
    qtbot.waitUntil(banner.isVisible, timeout=10_000)
    assert "inzwischen" in banner.label.text()
    assert form.result_value is None and form.isVisible()  # nothing saved, the form stays
    banner.reload_button.click()
    assert form.subject.text() == "Von anderswo"
    form.subject.setText("Meine Änderung, neu eingetragen")
    with qtbot.waitSignal(form.saved, timeout=10_000):
        form.save()
    assert (
        services.consultations.get_consultation(saved.id).subject
        == "Meine Änderung, neu eingetragen"
    )


def test_consultation_field_names_are_the_services(
    qtbot: QtBot, services: Services, ulm: int
) -> None:
    form = _consultation_form(qtbot, services, ulm)
    assert form.feedback.names() == [
        "occurred_at",
        "occurred_time",
        "duration_minutes",
        "mode",
        "organisation_id",
        "person_ids",
        "topic_ids",
        "new_topic_names",
        "programme_id",
        "subject",
        "summary",
        "outcome",
        "file_reference",
        "attachments",
        "due",
        "note",
    ]


def test_follow_up_editor_announces_its_errors(qtbot: QtBot, services: Services, ulm: int) -> None:
    item = services.followups.create_follow_up(
        FollowUpDraft(due=date(2026, 3, 1), note="Anrufen", organisation_id=ulm)
    )
    editor = FollowUpEditor(services, item)
    qtbot.addWidget(editor)
    assert editor.feedback.names() == ["due", "note"]
    editor.due.setText("")
    editor.save()
    assert editor.feedback.invalid_field() == "due"
    assert "fällig" in editor.due.edit.accessibleDescription()
    assert "fällig" in editor.error_label.text()
    editor.due.setText("in 2 Wochen")
    editor.note.setText("  ")
    editor.save()
    qtbot.waitUntil(lambda: editor.feedback.is_marked("note"), timeout=10_000)
    assert "worum es" in editor.note.accessibleDescription()


# ------------------------------------------------------------------------------- keyboard


def _tab_cycle(start: QWidget) -> list[QWidget]:
    """The visible Tab stops from ``start`` round to ``start`` again (as Tab walks them)."""
    stops: list[QWidget] = []
    widget = start.nextInFocusChain()
    for _ in range(2000):
        if widget is start:
            return stops
        if (
            widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.isVisible()
            and widget.isEnabled()
        ):
            stops.append(widget)
        widget = widget.nextInFocusChain()
    raise AssertionError("the focus chain does not come back")


def test_the_reload_button_is_reached_with_tab(
    qtbot: QtBot, services: Services, office: object, ulm: int
) -> None:
    error = ConcurrentEditError("Inzwischen geändert.")
    person = PersonForm(services)
    press = PressPage(services)
    settings = SettingsPage(services)
    consultation = _consultation_form(qtbot, services, ulm)
    for widget in (person, press, settings):
        qtbot.addWidget(widget)
        widget.show()
    settings.refresh()
    for feedback, first_field in (
        (person.feedback, person.anrede),
        (press.editor.feedback, press.editor.headline),
        (settings.profile_tab.feedback, settings.profile_tab.edits["name"]),
        (consultation.feedback, consultation.date_field.edit),
    ):
        assert feedback is not None and feedback.show_conflict(error)
        banner = feedback.banner
        assert banner is not None
        assert banner.reload_button.accessibleName() == "Neu laden"
        assert first_field in _tab_cycle(banner.reload_button)
