"""Contacts service: search folding, filters, validation, optimistic locking, audit,
duplicates, merge and undo — on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, insert, select

from beratung.domain.enums import (
    Anrede,
    AuditAction,
    ConsultationMode,
    OrganisationKind,
    RegistrationStatus,
)
from beratung.domain.errors import ConcurrentEditError, UserError, ValidationError
from beratung.domain.models import (
    AuditEntry,
    Consultation,
    DistributionListMember,
    Event,
    Person,
    Registration,
    consultation_person,
)
from beratung.services.contacts import (
    AffiliationInput,
    ContactFilter,
    OrganisationInput,
    PersonInput,
)


def _org(services: Any, name: str, town: str, **kw: Any) -> int:
    data = OrganisationInput(name=name, town=town, **kw)
    return int(services.contacts.create_organisation(data).id)


def _person(
    services: Any,
    last: str,
    first: str | None = None,
    *,
    org: int | None = None,
    role: str | None = None,
    **kw: Any,
) -> int:
    aff = AffiliationInput(organisation_id=org, role=role) if org else None
    return int(
        services.contacts.create_person(
            PersonInput(last_name=last, first_name=first, **kw), affiliation=aff
        ).id
    )


@pytest.fixture
def sample(services: Any) -> dict[str, int]:
    ulm = _org(
        services,
        "Stadt Ulm",
        "Ulm",
        kind=OrganisationKind.MUNICIPALITY,
        postcode="89073",
        street="Marktplatz 1",
        kreis="Ulm",
        regierungsbezirk="Tübingen",
        is_member=True,
    )
    verband = _org(
        services,
        "Netzwerk Inklusion e. V.",
        "Stuttgart",
        kind=OrganisationKind.ASSOCIATION,
        postcode="70173",
        street="Königstraße 2",
        regierungsbezirk="Stuttgart",
    )
    mueller = _person(
        services,
        "Müller",
        "Anna",
        org=ulm,
        role="Oberbürgermeisterin",
        anrede=Anrede.FRAU,
        title="Dr.",
        email="anna.mueller@ulm.de",
    )
    weber = _person(services, "Weber", "Jan", org=verband, role="Vorsitzender", anrede=Anrede.HERR)
    return {"ulm": ulm, "verband": verband, "mueller": mueller, "weber": weber}


def test_search_folds_umlauts_and_needs_every_term(services: Any, sample: dict[str, int]) -> None:
    contacts = services.contacts
    for query in ("muller", "mueller", "Müller", "MÜLL", "anna ulm", "oberbürgermeisterin"):
        rows = contacts.list_persons(ContactFilter(search=query))
        assert [r.id for r in rows] == [sample["mueller"]], query
        assert contacts.count_persons(ContactFilter(search=query)) == 1
    assert contacts.list_persons(ContactFilter(search="müller stuttgart")) == []
    assert [r.id for r in contacts.list_persons(ContactFilter(search="stuttgart"))] == [
        sample["weber"]
    ]


def test_rows_and_filters(services: Any, sample: dict[str, int]) -> None:
    contacts = services.contacts
    rows = contacts.list_persons()
    assert [r.last_name for r in rows] == ["Müller", "Weber"]
    anna = rows[0]
    assert anna.display_name == "Dr. Anna Müller"
    assert (anna.organisation, anna.role, anna.town) == ("Stadt Ulm", "Oberbürgermeisterin", "Ulm")
    kinds = contacts.list_persons(ContactFilter(kind=OrganisationKind.ASSOCIATION))
    assert [r.id for r in kinds] == [sample["weber"]]
    assert contacts.count_persons(ContactFilter(is_member=True)) == 1
    assert contacts.count_persons(ContactFilter(regierungsbezirk="Tübingen")) == 1
    assert contacts.count_persons(ContactFilter(kreis="Ulm")) == 1
    press = contacts.create_distribution_list("Presse")
    contacts.add_list_members(press.id, [sample["weber"]])
    listed = contacts.list_persons(ContactFilter(list_id=press.id))
    assert [r.id for r in listed] == [sample["weber"]] and listed[0].lists == ("Presse",)
    assert [r.last_name for r in contacts.list_persons(order_by="-name")] == ["Weber", "Müller"]
    assert [r.id for r in contacts.list_persons(offset=1, limit=1)] == [sample["weber"]]
    assert contacts.find_person_ids(ContactFilter(search="jan")) == [sample["weber"]]
    options = contacts.filter_options()
    assert "Tübingen" in options.regierungsbezirke and options.lists[0].name == "Presse"


def test_detail_letter_address_and_salutation(services: Any, sample: dict[str, int]) -> None:
    detail = services.contacts.get_person(sample["mueller"])
    assert detail.letter_lines == (
        "Stadt Ulm",
        "Frau Oberbürgermeisterin",
        "Dr. Anna Müller",
        "Marktplatz 1",
        "89073 Ulm",
    )
    assert detail.salutation == "Sehr geehrte Frau Oberbürgermeisterin Dr. Müller,"
    assert detail.affiliations[0].is_primary
    assert detail.consultations == () and detail.documents == ()
    assert services.events.list_person_registrations(sample["mueller"]) == []
    letter = services.contacts.letter_address(sample["mueller"])
    assert letter.lines == detail.letter_lines


def test_validation_errors_name_the_field(services: Any, sample: dict[str, int]) -> None:
    contacts = services.contacts
    with pytest.raises(ValidationError) as err:
        contacts.create_person(PersonInput(last_name="Neu", postcode="7017"))
    assert err.value.field == "postcode" and "5 Ziffern" in err.value.message
    with pytest.raises(ValidationError) as err:
        contacts.create_person(PersonInput(last_name=" "))
    assert err.value.field == "last_name"
    detail = contacts.get_person(sample["weber"])
    with pytest.raises(ValidationError) as err:
        contacts.update_person(detail.id, {"email": "jan@"}, expected_version=detail.version)
    assert err.value.field == "email"
    with pytest.raises(ValidationError) as err:
        contacts.update_person(detail.id, {"phone": "abc"}, expected_version=detail.version)
    assert err.value.field == "phone"


def test_update_is_audited_and_optimistically_locked(services: Any, sample: dict[str, int]) -> None:
    contacts = services.contacts
    first = contacts.get_person(sample["weber"])
    second = contacts.get_person(sample["weber"])
    saved = contacts.update_person(
        first.id,
        {"email": "jan.weber@netzwerk.de", "phone": "0711/22921-33"},
        expected_version=first.version,
    )
    assert saved.version == first.version + 1 and saved.phone == "0711 22921-33"
    with pytest.raises(ConcurrentEditError) as err:
        contacts.update_person(second.id, {"email": "x@y.de"}, expected_version=second.version)
    assert "geändert" in err.value.message
    assert contacts.get_person(first.id).email == "jan.weber@netzwerk.de"
    assert contacts.list_persons(ContactFilter(search="netzwerk.de"))[0].id == first.id
    with services.db.read() as s:
        entries = s.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity_type == "person", AuditEntry.entity_id == first.id)
            .order_by(AuditEntry.id)
        ).all()
    assert [e.action for e in entries] == [AuditAction.CREATE, AuditAction.UPDATE]
    assert entries[-1].changes is not None and "email" in entries[-1].changes


def test_organisation_rename_refreshes_person_search(services: Any, sample: dict[str, int]) -> None:
    contacts = services.contacts
    org = contacts.get_organisation(sample["verband"])
    contacts.update_organisation(org.id, {"name": "Forum Teilhabe"}, expected_version=org.version)
    assert [r.id for r in contacts.list_persons(ContactFilter(search="teilhabe"))] == [
        sample["weber"]
    ]
    assert contacts.count_organisations(ContactFilter(search="teilhabe")) == 1


def test_affiliations_keep_exactly_one_primary(services: Any, sample: dict[str, int]) -> None:
    contacts = services.contacts
    detail = contacts.add_affiliation(
        sample["mueller"],
        AffiliationInput(organisation_id=sample["verband"], role="Beirätin", is_primary=True),
    )
    assert [a.is_primary for a in detail.affiliations].count(True) == 1
    assert detail.affiliations[0].organisation_name == "Netzwerk Inklusion e. V."
    detail = contacts.remove_affiliation(detail.affiliations[0].id)
    assert len(detail.affiliations) == 1 and detail.affiliations[0].is_primary


def test_find_duplicates_by_email_name_and_spelling(services: Any, sample: dict[str, int]) -> None:
    contacts = services.contacts
    same_mail = _person(services, "Mueller", "Anne", email="Anna.Mueller@ulm.de")
    same_name = _person(services, "Weber", "Jan", town="Stuttgart")
    typo = _person(services, "Schmidt", "Karoline", org=sample["ulm"])
    typo2 = _person(services, "Schmitt", "Karoline", org=sample["ulm"])
    found = {(c.first_id, c.second_id): c.reason for c in contacts.find_duplicates()}
    assert "E-Mail" in found[(sample["mueller"], same_mail)]
    assert "gleicher Name" in found[(sample["weber"], same_name)]
    assert "ähnliche Schreibweise" in found[(typo, typo2)]


def _link_everything(services: Any, keep: int, remove: int) -> tuple[int, int]:
    now = datetime(2017, 10, 25, 8, tzinfo=UTC)
    with services.db.transaction() as s:
        event = Event(title="Werkstattgespräch Ulm", starts_at=now)
        other = Event(title="Werkstattgespräch Stuttgart", starts_at=now)
        cons = Consultation(occurred_at=now, mode=ConsultationMode.PHONE, subject="Quartier")
        s.add_all([event, other, cons])
        s.flush()
        s.add_all(
            [
                Registration(event_id=event.id, person_id=keep, status=RegistrationStatus.INVITED),
                Registration(
                    event_id=event.id, person_id=remove, status=RegistrationStatus.ATTENDED
                ),
                Registration(
                    event_id=other.id, person_id=remove, status=RegistrationStatus.REGISTERED
                ),
            ]
        )
        s.execute(insert(consultation_person).values(consultation_id=cons.id, person_id=remove))
        return event.id, cons.id


def test_merge_moves_all_links_and_undo_restores(services: Any, sample: dict[str, int]) -> None:
    contacts = services.contacts
    keep = sample["mueller"]
    remove = _person(
        services, "Mueller", "Anna", org=sample["verband"], role="Beirätin", phone="0731 161-1000"
    )
    press = contacts.create_distribution_list("Presse")
    contacts.add_list_members(press.id, [remove, keep])
    _event_id, cons_id = _link_everything(services, keep, remove)

    result = contacts.merge_persons(keep, remove, {"last_name": "keep"})
    assert result.kept_id == keep and result.moved
    merged = contacts.get_person(keep)
    assert merged.phone == "0731 161-1000"  # empty on the kept record: taken over
    assert len(merged.affiliations) == 2
    assert [a.is_primary for a in merged.affiliations].count(True) == 1
    statuses = {
        r.event_title: r.status for r in services.events.list_person_registrations(merged.id)
    }
    assert statuses["Werkstattgespräch Ulm"] is RegistrationStatus.ATTENDED
    assert len(services.events.list_person_registrations(merged.id)) == 2
    assert [c.id for c in merged.consultations] == [cons_id]
    assert [ref.name for ref in merged.lists] == ["Presse"]
    with services.db.read() as s:
        assert s.get(Person, remove) is None
        assert s.scalar(select(func.count()).select_from(DistributionListMember)) == 1
    assert contacts.can_undo_merge()

    undo = contacts.undo_last_merge()
    assert undo.restored_id == remove
    restored = contacts.get_person(remove)
    kept = contacts.get_person(keep)
    assert restored.phone == "0731 161-1000" and kept.phone is None
    assert [a.organisation_name for a in restored.affiliations] == ["Netzwerk Inklusion e. V."]
    assert {r.status for r in services.events.list_person_registrations(restored.id)} == {
        RegistrationStatus.ATTENDED,
        RegistrationStatus.REGISTERED,
    }
    assert [r.status for r in services.events.list_person_registrations(kept.id)] == [
        RegistrationStatus.INVITED
    ]
    assert [c.id for c in restored.consultations] == [cons_id] and kept.consultations == ()
    assert [ref.name for ref in restored.lists] == ["Presse"]
    assert [ref.name for ref in kept.lists] == ["Presse"]
    assert contacts.count_persons(ContactFilter(search="beiratin")) == 1
    with pytest.raises(UserError):
        contacts.undo_last_merge()


def test_delete_person_is_audited(services: Any, sample: dict[str, int]) -> None:
    detail = services.contacts.get_person(sample["weber"])
    services.contacts.delete_person(detail.id, expected_version=detail.version)
    assert services.contacts.count_persons() == 1
    with services.db.read() as s:
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry is not None and entry.action is AuditAction.DELETE


def test_a_filter_finds_the_people_of_organisations_advised_in_a_programme(
    services: Any,
) -> None:
    services.demo.create()
    quartier = services.programmes.find_by_name("Quartier 2020")
    found = services.contacts.find_person_ids(
        ContactFilter(advised_in_programme_id=quartier.id)
    )
    all_persons = services.contacts.find_person_ids(ContactFilter())
    assert 0 < len(found) < len(all_persons)
    orgs = services.contacts.list_organisations(
        ContactFilter(advised_in_programme_id=quartier.id), limit=2000
    )
    assert len(orgs) >= 80  # the demo advised at least the 80 member municipalities
