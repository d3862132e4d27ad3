"""Contacts service, second round: the live letter preview, deleting a list with a version, the
organisations of a list, a municipality in one transaction, merging organisations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from beratung.domain.enums import (
    AddressPreference,
    Anrede,
    ApplicationStatus,
    AuditAction,
    ConsultationMode,
    OrganisationKind,
)
from beratung.domain.errors import ConcurrentEditError, NotFoundError, UserError, ValidationError
from beratung.domain.models import (
    Affiliation,
    AuditEntry,
    Consultation,
    DistributionListMember,
    Organisation,
    Programme,
    ProgrammeApplication,
    Venue,
)
from beratung.domain.rules.search import search_key
from beratung.services.contacts import (
    AffiliationInput,
    ContactFilter,
    OrganisationInput,
    PersonInput,
)


@pytest.fixture
def sample(services: Any) -> dict[str, int]:
    contacts = services.contacts
    ulm = contacts.create_organisation(
        OrganisationInput(
            name="Stadt Ulm",
            kind=OrganisationKind.MUNICIPALITY,
            street="Marktplatz 1",
            postcode="89073",
            town="Ulm",
        )
    ).id
    verband = contacts.create_organisation(
        OrganisationInput(
            name="Netzwerk Inklusion e. V.",
            kind=OrganisationKind.ASSOCIATION,
            street="Königstraße 2",
            postcode="70173",
            town="Stuttgart",
        )
    ).id
    mueller = contacts.create_person(
        PersonInput(last_name="Müller", first_name="Anna", anrede=Anrede.FRAU, title="Dr."),
        affiliation=AffiliationInput(organisation_id=ulm, role="Oberbürgermeisterin"),
    ).id
    weber = contacts.create_person(
        PersonInput(last_name="Weber", first_name="Jan", anrede=Anrede.HERR),
        affiliation=AffiliationInput(organisation_id=verband, role="Vorsitzender"),
    ).id
    return {"ulm": ulm, "verband": verband, "mueller": mueller, "weber": weber}


def _audit_count(services: Any) -> int:
    with services.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(AuditEntry)) or 0)


# ---------------------------------------------------------------- preview_letter


def test_preview_letter_uses_the_typed_values_and_writes_nothing(
    services: Any, sample: dict[str, int]
) -> None:
    contacts = services.contacts
    detail = contacts.get_person(sample["mueller"])
    audits = _audit_count(services)
    typed = PersonInput(
        last_name="Müller-Lüdenscheidt", first_name="Anna", anrede=Anrede.FRAU, title="Prof."
    )
    letter = contacts.preview_letter(detail.id, typed)
    assert letter.lines == (
        "Stadt Ulm",
        "Frau Oberbürgermeisterin",
        "Prof. Anna Müller-Lüdenscheidt",
        "Marktplatz 1",
        "89073 Ulm",
    )
    assert letter.salutation == "Sehr geehrte Frau Oberbürgermeisterin Prof. Müller-Lüdenscheidt,"
    assert letter.organisation_id == sample["ulm"]
    # nothing stored: the saved person, her version and the audit log are unchanged
    again = contacts.get_person(detail.id)
    assert (again.last_name, again.title, again.version) == ("Müller", "Dr.", detail.version)
    assert _audit_count(services) == audits

    # the typed preference "eigene Anschrift" with a typed town switches to her own address
    private = PersonInput(
        last_name="Müller",
        first_name="Anna",
        anrede=Anrede.FRAU,
        street="Hauptstraße 5",
        postcode="89077",
        town="Ulm",
        address_preference=AddressPreference.PRIVATE,
        salutation_override="Liebe Anna,",
    )
    letter = contacts.preview_letter(detail.id, private)
    assert letter.lines == ("Frau Anna Müller", "Hauptstraße 5", "89077 Ulm")
    assert letter.salutation == "Liebe Anna," and letter.affiliation_id is None


def test_preview_letter_for_a_new_person_and_the_errors(
    services: Any, sample: dict[str, int]
) -> None:
    contacts = services.contacts
    new = PersonInput(
        last_name="Neu", anrede=Anrede.HERR, street="Weg 1", postcode="70173", town="Stuttgart"
    )
    assert contacts.preview_letter(None, new).lines == ("Herrn Neu", "Weg 1", "70173 Stuttgart")
    with pytest.raises(ValidationError, match="Ort"):
        contacts.preview_letter(None, PersonInput(last_name="Ohne Ort"))
    too_long = PersonInput(
        last_name="Beispiel",
        street="Hauptstraße 1",
        postcode="70173",
        town="Stuttgart",
        country="Frankreich",
        title="Prof. Dr. Dr. h. c. mult. " + "sehr lang " * 10,
    )
    with services.db.transaction() as s:
        org = s.get(Organisation, sample["verband"])
        assert org is not None
        org.department = "Abteilung Inklusion\nReferat 1\nSachgebiet 2"
    weber = contacts.get_person(sample["weber"])
    with pytest.raises(ValidationError, match="höchstens 6"):
        contacts.preview_letter(weber.id, too_long)
    other = contacts.get_person(sample["mueller"]).affiliations[0].id
    with pytest.raises(NotFoundError):
        contacts.preview_letter(weber.id, weber.as_input(), affiliation_id=other)


# ---------------------------------------------------------------- lists


def test_delete_distribution_list_checks_the_version(services: Any, sample: dict[str, int]) -> None:
    contacts = services.contacts
    row = contacts.create_distribution_list("Presse")
    contacts.add_list_members(row.id, [sample["mueller"]])
    renamed = contacts.rename_distribution_list(row.id, "Presseverteiler")
    with pytest.raises(ConcurrentEditError, match="Presseverteiler"):
        contacts.delete_distribution_list(row.id, expected_version=row.version)
    assert [r.name for r in contacts.list_distribution_lists()] == ["Presseverteiler"]
    contacts.delete_distribution_list(row.id, expected_version=renamed.version)
    assert contacts.list_distribution_lists() == []
    assert contacts.get_person(sample["mueller"]).lists == ()  # the person stays
    with services.db.read() as s:
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry is not None and entry.action is AuditAction.DELETE
    assert entry.entity_type == "distribution_list"


def test_organisations_of_a_list_are_those_of_its_members(
    services: Any, sample: dict[str, int]
) -> None:
    contacts = services.contacts
    other = contacts.create_organisation(OrganisationInput(name="Landkreis Alb", town="Alb")).id
    ended = contacts.add_affiliation(
        sample["weber"], AffiliationInput(organisation_id=other, role="Beirat")
    )
    yesterday = services.contacts.ctx.today() - timedelta(days=1)
    contacts.end_affiliation(
        next(a.id for a in ended.affiliations if a.organisation_id == other), yesterday
    )
    lst = contacts.create_distribution_list("Vorstand")
    contacts.add_list_members(lst.id, [sample["weber"]])
    flt = ContactFilter(list_id=lst.id)
    # Weber's current affiliation only: the ended one at the Landkreis does not count
    assert [o.name for o in contacts.list_organisations(flt)] == ["Netzwerk Inklusion e. V."]
    assert contacts.count_organisations(flt) == 1

    # a membership written to a chosen affiliation names that organisation
    mueller_aff = contacts.get_person(sample["mueller"]).affiliations[0].id
    contacts.add_list_members(lst.id, [sample["mueller"]], affiliation_id=mueller_aff)
    names = [o.name for o in contacts.list_organisations(flt)]
    assert names == ["Netzwerk Inklusion e. V.", "Stadt Ulm"]
    # combined with the other filters, the search
    both = ContactFilter(list_id=lst.id, kind=OrganisationKind.MUNICIPALITY)
    assert [o.name for o in contacts.list_organisations(both)] == ["Stadt Ulm"]
    assert contacts.count_organisations(ContactFilter(list_id=lst.id, search="netzwerk")) == 1
    empty = contacts.create_distribution_list("Leer")
    assert contacts.count_organisations(ContactFilter(list_id=empty.id)) == 0


# ---------------------------------------------------------------- municipalities


def test_create_municipality_is_complete_in_one_transaction(services: Any) -> None:
    services.masterdata.load_directory(source_label="mitgeliefert")
    audits = _audit_count(services)
    ulm = services.contacts.create_municipality("08421000", is_member=True)
    assert (ulm.name, ulm.ags, ulm.kreis, ulm.regierungsbezirk) == (
        "Stadt Ulm",
        "08421000",
        "Ulm",
        "Tübingen",
    )
    assert ulm.version == 1  # written once, not created and then completed
    assert _audit_count(services) == audits + 1
    with services.db.read() as s:
        org = s.get(Organisation, ulm.id)
        assert org is not None
        assert org.search_text == search_key(
            "Stadt Ulm", None, "Ulm", "Ulm", "Tübingen", None, "08421000"
        )
    # found by AGS and Regierungsbezirk, as an organisation created by hand would be
    for text in ("08421000", "tubingen", "stadt ulm"):
        assert services.contacts.count_organisations(ContactFilter(search=text)) == 1, text
    # the master data service builds the same record (the same function)
    aidlingen = services.masterdata.create_municipality("08115001")
    with services.db.read() as s:
        org = s.get(Organisation, aidlingen.id)
        assert org is not None and "08115001" in org.search_text
    assert services.contacts.count_organisations(ContactFilter(search="boeblingen")) == 1
    with pytest.raises(UserError, match="schon als „Stadt Ulm“ angelegt"):
        services.contacts.create_municipality("08421000")
    with pytest.raises(NotFoundError):
        services.contacts.create_municipality("08999999")
    assert services.contacts.count_organisations() == 2


# ---------------------------------------------------------------- merging organisations


def test_merge_organisations_keeps_all_links_and_undo_restores(
    services: Any, sample: dict[str, int]
) -> None:
    contacts = services.contacts
    keep = sample["ulm"]
    remove = contacts.create_organisation(
        OrganisationInput(
            name="Stadtverwaltung Ulm",
            kind=OrganisationKind.MUNICIPALITY,
            town="Ulm",
            phone="0731 161-0",
        )
    ).id
    weber_aff = contacts.add_affiliation(
        sample["weber"], AffiliationInput(organisation_id=remove, role="Sozialbürgermeister")
    )
    aff_id = next(a.id for a in weber_aff.affiliations if a.organisation_id == remove)
    lst = contacts.create_distribution_list("Kommunen")
    contacts.add_list_members(lst.id, [sample["weber"]], affiliation_id=aff_id)
    now = datetime(2024, 3, 5, 9, tzinfo=UTC)
    with services.db.transaction() as s:
        cons = Consultation(
            occurred_at=now, mode=ConsultationMode.PHONE, subject="Quartier", organisation_id=remove
        )
        programme = Programme(name="Quartier 2030")
        venue = Venue(name="Rathaus Ulm", organisation_id=remove)
        s.add_all([cons, programme, venue])
        s.flush()
        application = ProgrammeApplication(
            programme_id=programme.id, organisation_id=remove, status=ApplicationStatus.ADVISED
        )
        s.add(application)
        s.flush()
        ids = {"cons": cons.id, "venue": venue.id, "application": application.id}

    def links(org_id: int) -> dict[str, list[int]]:
        with services.db.read() as s:
            return {
                "cons": list(
                    s.scalars(select(Consultation.id).where(Consultation.organisation_id == org_id))
                ),
                "venue": list(s.scalars(select(Venue.id).where(Venue.organisation_id == org_id))),
                "application": list(
                    s.scalars(
                        select(ProgrammeApplication.id).where(
                            ProgrammeApplication.organisation_id == org_id
                        )
                    )
                ),
                "aff": list(
                    s.scalars(select(Affiliation.id).where(Affiliation.organisation_id == org_id))
                ),
            }

    before_keep = links(keep)
    result = contacts.merge_organisations(keep, remove, {})
    assert result.kept_id == keep
    merged = contacts.get_organisation(keep)
    assert merged.phone is not None and "161" in merged.phone  # empty on the kept one: taken over
    after = links(keep)
    assert after["cons"] == [ids["cons"]]
    assert after["venue"] == [ids["venue"]]
    assert after["application"] == [ids["application"]]
    assert set(after["aff"]) == {*before_keep["aff"], aff_id}
    assert {p.display_name for p in merged.persons} == {"Dr. Anna Müller", "Jan Weber"}
    # the list membership through Weber's affiliation now points at the kept organisation
    assert [o.id for o in contacts.list_organisations(ContactFilter(list_id=lst.id))] == [keep]
    assert contacts.count_persons(ContactFilter(search="sozialburgermeister stadt ulm")) == 1
    with services.db.read() as s:
        assert s.get(Organisation, remove) is None
        member = s.scalar(select(DistributionListMember))
        assert member is not None and member.affiliation_id == aff_id

    undo = contacts.undo_last_merge()
    assert undo.restored_id == remove
    restored = contacts.get_organisation(remove)
    assert restored.name == "Stadtverwaltung Ulm"
    assert links(remove) == {
        "cons": [ids["cons"]],
        "venue": [ids["venue"]],
        "application": [ids["application"]],
        "aff": [aff_id],
    }
    assert links(keep) == before_keep
    assert contacts.get_organisation(keep).phone is None
    assert [o.id for o in contacts.list_organisations(ContactFilter(list_id=lst.id))] == [remove]
    assert contacts.count_persons(ContactFilter(search="sozialburgermeister stadtverwaltung")) == 1
