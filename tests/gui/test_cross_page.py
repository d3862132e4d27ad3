"""Pages asking each other through the main window: a new consultation from a contact, the
overview's follow-ups and a person's Verlauf opening their record, declared project topics on
the organisation form, the year combo of the Auswertungen."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from beratung.domain.enums import Anrede, OrganisationKind
from beratung.gui.consultations.form import ConsultationForm
from beratung.gui.contacts.common import ContactDialogs
from beratung.gui.main_window import MainWindow
from beratung.gui.operations import wait_for_operations
from beratung.gui.pages.base import PageRequest
from beratung.gui.pages.consultations import ConsultationsPage
from beratung.gui.pages.contacts import ORGANISATIONS, PERSONS, ContactsPage
from beratung.gui.pages.overview import OverviewPage
from beratung.gui.pages.reports import ReportsPage
from beratung.services import Services
from beratung.services.consultations import ConsultationDraft, ConsultationPrefill
from beratung.services.contacts import AffiliationInput, OrganisationInput, PersonInput
from beratung.services.followups import FollowUpDraft

BERLIN_NOON = datetime(2017, 5, 12, 10, 0, tzinfo=UTC)


@pytest.fixture
def sample(services: Services) -> dict[str, int]:
    contacts = services.contacts
    ulm = contacts.create_organisation(
        OrganisationInput(name="Stadt Ulm", kind=OrganisationKind.MUNICIPALITY, is_member=True)
    ).id
    aid = contacts.create_organisation(
        OrganisationInput(name="Gemeinde Aidlingen", kind=OrganisationKind.MUNICIPALITY)
    ).id
    tue = contacts.create_organisation(
        OrganisationInput(name="Stadt Tübingen", kind=OrganisationKind.MUNICIPALITY)
    ).id
    anna = contacts.create_person(
        PersonInput(last_name="Muster", first_name="Anna", anrede=Anrede.FRAU),
        affiliation=AffiliationInput(organisation_id=ulm, role="Sozialdezernentin"),
    ).id
    return {"ulm": ulm, "aid": aid, "tue": tue, "anna": anna}


@pytest.fixture
def window(qtbot: QtBot, services: Services, sample: dict[str, int]) -> MainWindow:
    widget = MainWindow(services)
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def prefills(monkeypatch: pytest.MonkeyPatch) -> list[ConsultationPrefill]:
    """Replace the form's modal entry point: remember what it was opened with."""
    seen: list[ConsultationPrefill] = []

    def edit(cls: Any, parent: Any, services: Any, prefill: Any, detail: Any = None) -> None:
        seen.append(prefill)

    monkeypatch.setattr(ConsultationForm, "edit", classmethod(edit))
    return seen


def contacts_page(window: MainWindow) -> ContactsPage:
    page = window.show_page("contacts")
    assert isinstance(page, ContactsPage)
    return page


def test_show_page_returns_the_page_and_requests_are_routed(window: MainWindow) -> None:
    assert window.show_page("reports") is window.page("reports")
    # a page without the method is only shown
    window.route_request(PageRequest("events", "show_event", {"event_id": 1}))
    assert window.current_key() == "events"


def test_new_consultation_from_an_organisation(
    window: MainWindow, sample: dict[str, int], prefills: list[ConsultationPrefill]
) -> None:
    page = contacts_page(window)
    page.show_organisation(sample["aid"])
    assert page.mode == ORGANISATIONS
    assert page.organisation_form.detail.id == sample["aid"]
    assert page.current_id() == sample["aid"]
    page.consultation_button.click()
    assert window.current_key() == "consultations"
    (prefill,) = prefills
    assert prefill.organisation is not None and prefill.organisation.id == sample["aid"]
    assert prefill.draft.organisation_id == sample["aid"]


def test_new_consultation_from_a_person_with_ctrl_b(
    qtbot: QtBot,
    window: MainWindow,
    sample: dict[str, int],
    prefills: list[ConsultationPrefill],
) -> None:
    page = contacts_page(window)
    page.show_person(sample["anna"])
    assert page.mode == PERSONS
    assert page.person_form.detail.id == sample["anna"]
    window.activateWindow()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(prefills) == 1, timeout=5_000)
    assert window.current_key() == "consultations"
    prefill = prefills[0]
    assert [p.id for p in prefill.persons] == [sample["anna"]]
    assert prefill.organisation is not None and prefill.organisation.id == sample["ulm"]


def test_new_consultation_without_a_record_asks_first(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, prefills: list[ConsultationPrefill]
) -> None:
    told: list[str] = []
    monkeypatch.setattr(
        ContactDialogs, "information", classmethod(lambda cls, p, text, info="": told.append(text))
    )
    page = contacts_page(window)
    page.new_record()
    page.new_consultation()
    assert told and prefills == []
    assert window.current_key() == "contacts"


def test_follow_ups_and_history_open_their_record(
    window: MainWindow, services: Services, sample: dict[str, int]
) -> None:
    consultation = services.consultations.create_consultation(
        ConsultationDraft(
            occurred_at=datetime(2017, 5, 12, 14, 30, tzinfo=UTC),
            organisation_id=sample["ulm"],
            person_ids=(sample["anna"],),
            subject="Antrag Quartier 2020",
        )
    )
    today = services.context.today()
    services.followups.create_follow_up(
        FollowUpDraft(due=today, note="Ulm", organisation_id=sample["tue"])
    )
    services.followups.create_follow_up(
        FollowUpDraft(due=today, note="Anna", person_id=sample["anna"])
    )

    overview = window.show_page("overview")
    assert isinstance(overview, OverviewPage)
    overview.open_follow_up_subject("organisation", sample["tue"])
    assert window.current_key() == "contacts"
    page = window.page("contacts")
    assert isinstance(page, ContactsPage)
    assert page.mode == ORGANISATIONS
    assert page.organisation_form.detail.id == sample["tue"]

    window.show_page("overview")
    overview.open_follow_up_subject("person", sample["anna"])
    assert window.current_key() == "contacts"
    assert page.mode == PERSONS
    assert page.person_form.detail.id == sample["anna"]

    # the person's Verlauf lists the consultation; activating it opens it on Beratungen
    history = page.person_form.history["consultations"]
    assert history.count() == 1
    assert "Antrag Quartier 2020" in history.item(0).text()
    history.itemActivated.emit(history.item(0))
    assert window.current_key() == "consultations"
    consultations = window.page("consultations")
    assert isinstance(consultations, ConsultationsPage)
    assert consultations.current_id() == consultation.id


def test_declared_topics_on_the_organisation_form_feed_the_networking(
    qtbot: QtBot, window: MainWindow, services: Services, sample: dict[str, int]
) -> None:
    topic = services.consultations.create_topic("Wohnen im Quartier")
    services.consultations.create_consultation(
        ConsultationDraft(
            occurred_at=datetime(2017, 5, 12, 14, 30, tzinfo=UTC),
            organisation_id=sample["ulm"],
            topic_ids=(topic.id,),
        )
    )
    assert services.statistics.networking(sample["ulm"]) == []

    page = contacts_page(window)
    page.show_organisation(sample["aid"])
    form = page.organisation_form
    topics = form.topic_list
    assert [topics.item(r).text() for r in range(topics.count())] == ["Wohnen im Quartier"]
    assert topics.item(0).checkState() == Qt.CheckState.Unchecked
    topics.item(0).setCheckState(Qt.CheckState.Checked)
    wait_for_operations()
    qtbot.waitUntil(
        lambda: (
            [t.name for t in services.programmes.organisation_topics(sample["aid"])]
            == ["Wohnen im Quartier"]
        ),
        timeout=5_000,
    )
    (match,) = services.statistics.networking(sample["ulm"])
    assert match.name == "Gemeinde Aidlingen"
    assert match.shared_topics[0].declared
    assert not form.is_dirty()  # the topics save at once, not with the master data

    # shown again when the organisation is opened again
    page.show_organisation(sample["tue"])
    page.show_organisation(sample["aid"])
    assert form.topic_list.item(0).checkState() == Qt.CheckState.Checked


def test_year_combo_offers_the_years_with_consultations(
    window: MainWindow, services: Services, sample: dict[str, int]
) -> None:
    services.consultations.create_consultation(
        ConsultationDraft(occurred_at=BERLIN_NOON, organisation_id=sample["ulm"])
    )
    reports = window.show_page("reports")
    assert isinstance(reports, ReportsPage)
    combo = reports.year_combo
    years = [combo.itemData(i) for i in range(combo.count())]
    this_year = services.context.today().year
    assert years == [*sorted({this_year, 2017}, reverse=True), None]
    reports.set_year(2017)
    assert reports.period() == (date(2017, 1, 1), date(2017, 12, 31))
