"""Every field name a form's services can raise is a name the form registers (issue 9).

Field names are a contract (``gui/feedback.py``): an error whose ``field`` the form does not
know is not shown at any field. For each form area the names are read from the source of the
service functions the form calls, and of the form itself (:mod:`field_contract`). Two kinds
of entries need a word from the test:

* a *dynamic site* (a ``field=`` that is a variable) says which names it stands for;
* a name that is no input of the form (the follow-up's subject, the consultation's advisor)
  says why it cannot be one. Such an error still reaches the user, in the form's summary
  line or a message box; it just has no field to stand at.
"""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from beratung.domain.enums import OrganisationKind
from beratung.gui import press_editor
from beratung.gui.consultations import followups as followup_editor
from beratung.gui.consultations import form as consultation_form
from beratung.gui.consultations.followups import FollowUpEditor
from beratung.gui.consultations.form import ConsultationForm
from beratung.gui.contacts import lists as list_panel
from beratung.gui.contacts import organisation_form, person_form
from beratung.gui.contacts.lists import ListPanel
from beratung.gui.contacts.organisation_form import OrganisationForm
from beratung.gui.contacts.person_form import PersonForm
from beratung.gui.pages.settings import SettingsPage
from beratung.gui.press_editor import PressEditor
from beratung.gui.settings import clerks as clerks_tab
from beratung.gui.settings import file_plan as file_plan_tab
from beratung.gui.settings import profile as profile_tab
from beratung.gui.settings import templates as templates_tab
from beratung.services import Services, followups, office, press
from beratung.services.consultations import attachments, entry, recording, topics
from beratung.services.contacts import OrganisationInput, cleaning, lists, organisations, persons
from beratung.services.contacts.cleaning import ORGANISATION_FIELDS, PERSON_FIELDS
from beratung.services.followups import FollowUpDraft
from beratung.services.office import OfficeProfileData
from field_contract import FieldScan, scan_fields

#: ``followups._apply`` checks that what a follow-up belongs to still exists.
FOLLOW_UP_SUBJECTS = {"consultation_id", "organisation_id", "person_id", "event_id"}


def unknown_names(
    scan: FieldScan,
    registered: list[str],
    *,
    dynamic: dict[str, set[str]],
    not_inputs: dict[str, str],
) -> set[str]:
    """The raised names the form does not register (should be none), after checking that the
    test's words about dynamic sites and non-inputs fit the code as it is."""
    assert scan.dynamic == set(dynamic), "a dynamic field= site was added or removed"
    raised = scan.names.union(*dynamic.values())
    assert set(not_inputs) <= raised, "a non-input is not raised any more: drop it here"
    assert not set(not_inputs) & set(registered), "a non-input is registered after all"
    return raised - set(not_inputs) - set(registered)


# ------------------------------------------------------------------------------- consultations


@pytest.fixture
def ulm(services: Services) -> int:
    return services.contacts.create_organisation(
        OrganisationInput(name="Stadt Ulm", kind=OrganisationKind.MUNICIPALITY, is_member=True)
    ).id


def test_consultation_form(qtbot: QtBot, services: Services, ulm: int) -> None:
    form = ConsultationForm(services, services.consultations.draft_for_organisation(ulm))
    qtbot.addWidget(form)
    scan = scan_fields(
        (recording, None),  # create_consultation, update_consultation and their checks
        (entry, ["parse_when"]),
        (attachments, ["copy_in"]),
        (topics, ["topic_name", "new_topic"]),
        (followups, ["create_follow_up_in", "parse_due", "_apply"]),
        (consultation_form, None),
    )
    dynamic = {
        # the length checks of the draft's texts
        "services.consultations.recording._apply: name": {
            "subject",
            "file_reference",
            "advisor",
        },
        # the callers' names, read at their calls ("new_topic_names" here)
        "services.consultations.topics.topic_name: field": set(),
        "services.consultations.topics.new_topic: field": set(),
        "services.followups._apply: field": FOLLOW_UP_SUBJECTS,
    }
    not_inputs = {
        "advisor": "not on the form: an edited consultation keeps the one it was loaded with",
        "consultation_id": "the follow-up belongs to the consultation being saved",
        "person_id": "the form's follow-up belongs to the consultation, not to a person",
        "event_id": "the form's follow-up belongs to the consultation, not to an event",
    }
    assert "new_topic_names" in scan.names and "attachments" in scan.names
    assert "occurred_at" in scan.names and "occurred_time" in scan.names and "due" in scan.names
    assert (
        unknown_names(scan, form.feedback.names(), dynamic=dynamic, not_inputs=not_inputs) == set()
    )


def test_follow_up_editor(qtbot: QtBot, services: Services, ulm: int) -> None:
    item = services.followups.create_follow_up(
        FollowUpDraft(due="morgen", note="Anrufen", organisation_id=ulm)
    )
    editor = FollowUpEditor(services, item)
    qtbot.addWidget(editor)
    scan = scan_fields(
        (followups, ["update_follow_up", "parse_due", "_apply"]),
        (followup_editor, None),
    )
    dynamic = {"services.followups._apply: field": FOLLOW_UP_SUBJECTS}
    not_inputs = dict.fromkeys(
        FOLLOW_UP_SUBJECTS,
        "the editor changes due date and note; what the follow-up belongs to stays",
    )
    assert (
        unknown_names(scan, editor.feedback.names(), dynamic=dynamic, not_inputs=not_inputs)
        == set()
    )


def test_topic_manager_has_one_field_and_every_error_names_it() -> None:
    """The topic manager has one input (the name) and shows every error there, so it needs no
    registration; the services must not name another field."""
    scan = scan_fields((topics, ["create_topic", "rename_topic", "set_topic_active"]))
    assert scan.names == {"name"}
    assert scan.dynamic == set()


# ------------------------------------------------------------------------------- settings


@pytest.fixture
def settings(qtbot: QtBot, services: Services) -> SettingsPage:
    services.office.save_profile(OfficeProfileData(name="Städtetag"), expected_version=None)
    page = SettingsPage(services)
    qtbot.addWidget(page)
    page.refresh()
    return page


def test_settings_tabs(settings: SettingsPage) -> None:
    areas = [
        (
            settings.profile_tab.feedback,
            scan_fields(
                (office, ["save_profile", "_validate_profile"]),
                (profile_tab, ["profile_data", "save"]),
            ),
            {},
        ),
        (
            settings.profile_tab.logo_feedback,
            scan_fields(
                (office, ["set_logo", "sniff_logo", "load_profile"]),
                (profile_tab, ["set_logo_file", "remove_logo"]),
            ),
            {"office_profile": "a logo needs the sender saved first; said in a message"},
        ),
        (
            settings.clerks_tab.feedback,
            scan_fields(
                (office, ["create_clerk", "update_clerk", "_validate_clerk"]),
                (office, ["_check_initials_free"]),
                (clerks_tab, None),
            ),
            {},
        ),
        (
            settings.file_plan_tab.feedback,
            scan_fields((office, ["save_file_plan_entry"]), (file_plan_tab, None)),
            {},
        ),
        (
            settings.templates_tab.feedback,
            scan_fields(
                (office, ["create_template", "update_template", "_validate_template"]),
                (templates_tab, None),
            ),
            {},
        ),
    ]
    for feedback, scan, not_inputs in areas:
        assert feedback is not None
        registered = feedback.names()
        assert unknown_names(scan, registered, dynamic={}, not_inputs=not_inputs) == set(), (
            registered
        )
    # the subject of a template is checked as the subject, not as the body
    assert {"subject", "body"} <= scan_fields((office, ["_validate_template"])).names


# ------------------------------------------------------------------------------- press


def test_press_editor(qtbot: QtBot) -> None:
    editor = PressEditor()
    qtbot.addWidget(editor)
    scan = scan_fields(
        # what the press page calls, and the preview (``snapshot``) with its sender
        (
            press,
            [
                "create_draft",
                "update_draft",
                "delete_draft",
                "finalise_release",
                "new_revision",
                "snapshot",
                "_validate",
                "_build_snapshot",
            ],
        ),
        (office, ["load_profile"]),
        (press_editor, None),
    )
    not_inputs = {
        "status": "a final release is never edited; the page offers a new revision instead",
        "office_profile": "the sender is missing: a setting, said in a message with its hint",
    }
    assert unknown_names(scan, editor.feedback.names(), dynamic={}, not_inputs=not_inputs) == set()


# ------------------------------------------------------------------------------- contacts

#: The keys ``cleaning`` checks one by one (enums, numbers, phone numbers) with ``field=key``.
PERSON_KEYS_CHECKED = {
    "anrede",
    "address_preference",
    "print_variant",
    "contact_route",
    "phone",
    "mobile",
    "fax",
}
ORGANISATION_KEYS_CHECKED = {"kind", "population", "phone", "fax"}


def test_person_form(qtbot: QtBot, services: Services) -> None:
    form = PersonForm(services)
    qtbot.addWidget(form)
    sent = set(form.values())
    assert sent <= set(PERSON_FIELDS)  # so "Unbekanntes Feld" (field=key) cannot come back
    scan = scan_fields(
        (persons, ["create_person", "update_person"]),
        (cleaning, ["validate_person_values", "check_postcode", "parse_enum"]),
        (person_form, None),
    )
    checked = PERSON_KEYS_CHECKED & sent  # the form sends no fax number
    dynamic = {
        "services.contacts.cleaning.validate_person_values: key": checked,
        "services.contacts.cleaning.parse_enum: field_name": checked,
    }
    assert unknown_names(scan, form.feedback.names(), dynamic=dynamic, not_inputs={}) == set()


def test_organisation_form(qtbot: QtBot, services: Services) -> None:
    form = OrganisationForm(services)
    qtbot.addWidget(form)
    sent = set(form.values())
    assert sent <= set(ORGANISATION_FIELDS)
    scan = scan_fields(
        (organisations, None),
        (cleaning, ["validate_organisation_values", "check_postcode", "parse_enum"]),
        (organisation_form, None),
    )
    checked = ORGANISATION_KEYS_CHECKED & sent
    dynamic = {
        "services.contacts.cleaning.validate_organisation_values: key": checked,
        "services.contacts.cleaning.parse_enum: field_name": checked,
    }
    assert unknown_names(scan, form.feedback.names(), dynamic=dynamic, not_inputs={}) == set()


def test_distribution_list_panel(qtbot: QtBot, services: Services) -> None:
    panel = ListPanel(services)
    qtbot.addWidget(panel)
    scan = scan_fields((lists, None), (list_panel, None))
    assert unknown_names(scan, panel.feedback.names(), dynamic={}, not_inputs={}) == set()
