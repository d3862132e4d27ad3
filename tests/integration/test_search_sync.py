"""Search texts and the full-text index follow changes made outside the ORM's usual paths."""

from __future__ import annotations

from datetime import UTC, datetime

from beratung.domain.enums import ConsultationMode
from beratung.resources import resource_path
from beratung.services.consultations import ConsultationDraft, ConsultationFilter
from beratung.services.contacts import ContactFilter, OrganisationInput


def test_merging_organisations_reindexes_their_consultations(services) -> None:
    old = services.contacts.create_organisation(OrganisationInput(name="Stadt Gerlingen"))
    new = services.contacts.create_organisation(OrganisationInput(name="Zwiebelhausen Testamt"))
    services.consultations.create_consultation(
        ConsultationDraft(
            occurred_at=datetime(2017, 5, 3, 9, 0, tzinfo=UTC),
            mode=ConsultationMode.PHONE,
            organisation_id=old.id,
            subject="Quartierskonzept",
        )
    )
    assert len(services.consultations.search_consultations("Gerlingen")) == 1
    services.contacts.merge_organisations(new.id, old.id, {})
    assert len(services.consultations.search_consultations("Zwiebelhausen")) == 1
    in_new = ConsultationFilter(organisation_id=new.id)
    assert services.consultations.search_consultations("Gerlingen", in_new) == []
    services.contacts.undo_last_merge()
    assert len(services.consultations.search_consultations("Gerlingen")) == 1
    assert services.consultations.search_consultations("Zwiebelhausen") == []


def test_a_directory_update_refreshes_the_organisation_search_text(services) -> None:
    services.masterdata.load_directory(source_label="mitgeliefert")
    services.masterdata.create_municipality("08421000")  # Ulm, Stadtkreis Ulm
    text = resource_path("gemeinden-bw.csv").read_text(encoding="utf-8")
    renamed = text.replace(
        "08421000;Ulm;Ulm;Stadtkreis;Tübingen;", "08421000;Ulm;Donaustadtkreis;Stadtkreis;Tübingen;"
    )
    services.masterdata.load_directory(renamed.encode("utf-8"), source_label="neu")
    found = services.contacts.list_organisations(ContactFilter(search="donaustadtkreis"))
    assert [o.name for o in found] == ["Stadt Ulm"]


def test_a_search_without_searchable_words_filters_nothing(services) -> None:
    org = services.contacts.create_organisation(OrganisationInput(name="Stadt Ulm"))
    services.consultations.create_consultation(
        ConsultationDraft(
            occurred_at=datetime(2017, 10, 25, 9, 0, tzinfo=UTC),
            mode=ConsultationMode.ON_SITE,
            organisation_id=org.id,
            subject="Werkstattgespräch",
        )
    )
    for text in ("%", "-", "  "):
        assert services.consultations.count_consultations(ConsultationFilter(text=text)) == 1
    assert services.consultations.count_consultations(ConsultationFilter(text="Werkstatt%")) == 1
