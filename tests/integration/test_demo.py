"""The demo data set: the scenario of press release P 309/2017, deterministic and never mixed
into real data without asking."""

from __future__ import annotations

import time as clock
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from beratung.domain.enums import (
    AuditAction,
    ConsentPurpose,
    OrganisationKind,
    PressStatus,
    RegistrationStatus,
)
from beratung.domain.errors import UserError
from beratung.domain.models import (
    AccessibilityNeed,
    AppMeta,
    AuditEntry,
    Clerk,
    Consent,
    Consultation,
    DistributionList,
    Event,
    FollowUp,
    OfficeProfile,
    Organisation,
    Person,
    PressNumberCounter,
    PressRelease,
    Programme,
    ProgrammeApplication,
    Registration,
)
from beratung.domain.printing import PressReleaseSnapshot
from beratung.domain.rules.sorting import sort_key
from beratung.paths import AppPaths
from beratung.services import Services
from beratung.services.base import ServiceContext
from beratung.services.demo import DemoService, DemoSummary
from beratung.services.masterdata import MasterDataService

BERLIN = ZoneInfo("Europe/Berlin")
#: A fixed "today" for the follow-ups the demo places around the clock.
NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)


def _context(services: Services) -> ServiceContext:
    return ServiceContext(db=services.db, paths=services.paths, user="Testerin", clock=lambda: NOW)


def _demo(services: Services, *, force: bool = False) -> DemoSummary:
    return DemoService(_context(services)).create(force=force)


def _count(s: Session, entity: Any) -> int:
    return int(s.scalar(select(func.count()).select_from(entity)) or 0)


def _berlin_day(moment: datetime) -> date:
    return moment.astimezone(BERLIN).date()


def test_demo_tells_the_story_of_the_press_release(services: Services) -> None:
    started = clock.perf_counter()
    summary = _demo(services)
    elapsed = clock.perf_counter() - started
    assert elapsed < 15, f"Demodaten brauchten {elapsed:.1f} s"
    assert summary.persons >= 150 and summary.consultations >= 200
    assert summary.municipalities == 1101 and summary.member_municipalities == 316
    assert summary.counties == 35
    assert summary.members_advised_q2020 == 80 and summary.forced is False
    assert "Demodaten angelegt" in summary.describe()

    with services.db.read() as s:
        assert s.get(AppMeta, "demo") is not None
        assert s.get(AppMeta, "demo").value == "1"
        assert s.get(AppMeta, "demo_created_at").value == NOW.isoformat()

        office = s.get(OfficeProfile, 1)
        assert office is not None
        assert (office.name, office.unit, office.function_line) == (
            "Städtetag Baden-Württemberg",
            "Fachberatung Inklusion",
            "Geschäftsführendes Vorstandsmitglied",
        )
        assert (office.street, office.postcode, office.town) == (
            "Königstraße 2",
            "70173",
            "Stuttgart",
        )
        assert (office.phone, office.fax) == ("0711 22921-0", "0711 22921-42")
        clerks = {c.initials: c for c in s.scalars(select(Clerk))}
        assert clerks["Co"].name == "Christiane Conzen" and clerks["Co"].phone_extension == "48"
        assert clerks["Fi"].email == "simone.fischer@staedtetag-bw.de"
        assert clerks["La"].is_signatory

        # Persons: realistic, searchable, ASCII e-mail addresses, one primary role each.
        persons = s.scalars(select(Person)).all()
        assert len(persons) == summary.persons >= 150
        for person in persons:
            assert person.search_text, person.last_name
            assert person.search_text == person.search_text.lower()
            assert person.email is None or person.email.isascii()
            assert sum(a.is_primary for a in person.affiliations) == 1
            assert person.sort_name == sort_key(person.last_name, person.first_name)
        assert any(len(p.affiliations) >= 2 for p in persons)
        assert any(p.title == "Dr." for p in persons)
        umlaut = next(p for p in persons if "ü" in p.last_name)
        assert umlaut.last_name.lower().replace("ü", "ue") in umlaut.search_text
        assert umlaut.last_name.lower().replace("ü", "u") in umlaut.search_text
        lucha = s.scalar(select(Person).where(Person.last_name == "Lucha"))
        assert lucha is not None and lucha.affiliations[0].organisation.kind is (
            OrganisationKind.MINISTRY
        )

        ulm = s.scalar(select(Organisation).where(Organisation.ags == "08421000"))
        assert ulm is not None and ulm.name == "Stadt Ulm" and ulm.is_member
        assert ulm.population == 129_882 and ulm.regierungsbezirk == "Tübingen"
        press = s.scalars(
            select(Organisation).where(Organisation.kind == OrganisationKind.PRESS)
        ).all()
        assert {"Stuttgarter Zeitung", "Südwest Presse Ulm"} <= {o.name for o in press}
        tuebingen = s.scalar(select(Organisation).where(Organisation.name == "Landkreis Tübingen"))
        assert tuebingen is not None and tuebingen.kind is OrganisationKind.COUNTY

        lists = {d.name: d for d in s.scalars(select(DistributionList))}
        assert set(lists) == {
            "Presse",
            "Netzwerk Inklusive Quartiere",
            "Werkstattgespräch Ulm 2017 – Einladung",
            "Sozialdezernentinnen und -dezernenten",
        }
        assert len(lists["Werkstattgespräch Ulm 2017 – Einladung"].members) >= 40
        assert len(lists["Presse"].members) >= 5

        # Consultations: all in 2017, denser before the deadline, varied texts.
        consultations = s.scalars(select(Consultation)).all()
        assert len(consultations) >= 200
        assert {_berlin_day(c.occurred_at).year for c in consultations} == {2017}
        assert all(15 <= (c.duration_minutes or 0) <= 180 for c in consultations)
        assert all(1 <= len(c.persons) <= 3 and 1 <= len(c.topics) <= 3 for c in consultations)
        assert len({c.summary for c in consultations}) == len(consultations)
        assert len({c.mode for c in consultations}) == 4
        for c in consultations:
            assert all(
                any(a.organisation_id == c.organisation_id for a in p.affiliations)
                for p in c.persons
            )
        before = sum(1 for c in consultations if _berlin_day(c.occurred_at) <= date(2017, 7, 31))
        assert before > len(consultations) / 2

        # "How many member municipalities did we advise in the Quartier 2020 application phase?"
        programme = s.scalar(select(Programme).where(Programme.name == "Quartier 2020"))
        assert programme is not None
        assert (programme.starts_on, programme.deadline) == (date(2017, 3, 1), date(2017, 7, 31))
        start = datetime.combine(programme.starts_on, time(0), tzinfo=BERLIN)
        end = datetime.combine(date(2017, 8, 1), time(0), tzinfo=BERLIN)
        advised = select(Consultation.organisation_id).where(
            Consultation.programme_id == programme.id,
            Consultation.occurred_at >= start,
            Consultation.occurred_at < end,
        )
        members = s.scalar(
            select(func.count(Organisation.id)).where(
                Organisation.id.in_(advised), Organisation.is_member.is_(True)
            )
        )
        non_members = s.scalar(
            select(func.count(Organisation.id)).where(
                Organisation.id.in_(advised), Organisation.is_member.is_(False)
            )
        )
        assert members == 80
        assert non_members == 30
        applications = s.scalars(select(ProgrammeApplication)).all()
        assert len(applications) == 110
        assert len({a.status for a in applications}) >= 3
        assert all(a.applied_on is None or a.applied_on <= date(2017, 7, 31) for a in applications)

        # The Werkstattgespräch in Ulm.
        events = s.scalars(select(Event).order_by(Event.starts_at)).all()
        ulm_event = events[-1]
        starts = ulm_event.starts_at.astimezone(BERLIN)
        assert (starts.date(), starts.time()) == (date(2017, 10, 25), time(10, 0))
        assert ulm_event.ends_at is not None
        assert ulm_event.ends_at.astimezone(BERLIN).time() == time(16, 0)
        assert ulm_event.series == "Inklusive Quartiere"
        assert ulm_event.capacity == 60
        assert ulm_event.registration_deadline == date(2017, 10, 11)
        assert ulm_event.host_organisation_id == ulm.id
        assert ulm_event.venue is not None and ulm_event.venue.town == "Ulm"
        assert ulm_event.venue.step_free_access and ulm_event.venue.accessible_wc
        titles = [item.title for item in ulm_event.agenda_items]
        assert titles[0] == "Begrüßung" and "Mittagspause" in titles
        assert titles[-1] == "Ergebnisse und Ausblick"
        registrations = ulm_event.registrations
        assert len(registrations) >= 40
        statuses = {r.status for r in registrations}
        assert {
            RegistrationStatus.INVITED,
            RegistrationStatus.REGISTERED,
            RegistrationStatus.DECLINED,
            RegistrationStatus.WAITLISTED,
        } <= statuses
        seats = sum(
            1 + r.companions for r in registrations if r.status is RegistrationStatus.REGISTERED
        )
        assert seats <= 60
        needs = s.scalars(select(AccessibilityNeed)).all()
        assert needs
        for need in needs:
            assert need.delete_after == date(2017, 11, 24)
            consent = s.get(Consent, need.consent_id)
            assert consent is not None and consent.purpose is ConsentPurpose.HEALTH_DATA
            assert consent.event_id == ulm_event.id
        assert any(e.registrations and e is not ulm_event for e in events)
        assert _count(s, Registration) == summary.registrations

        # P 309/2017.
        p309 = s.scalar(select(PressRelease).where(PressRelease.number == 309))
        assert p309 is not None
        assert p309.status is PressStatus.FINAL
        assert (p309.year, p309.revision, p309.release_date) == (2017, 1, date(2017, 7, 31))
        assert p309.file_reference == "047.43 - P 309/2017 · Co"
        assert p309.file_plan_code == "047.43"
        assert p309.clerk is not None and p309.clerk.initials == "Co"
        assert p309.headline.startswith("Statement zur Presseinformation des Sozialministeriums")
        assert p309.dateline_place == "Stuttgart"
        paragraphs = p309.body.split("\n\n")
        assert len(paragraphs) == 5
        assert paragraphs[0].startswith("Der Städtetag Baden-Württemberg freut sich ebenfalls")
        assert "„Knapp 80 unserer Mitgliedskommunen" in paragraphs[1]
        assert paragraphs[-1].endswith("am Mittwoch, 25. Oktober 2017, in Ulm.")
        assert p309.more_info == "www.inklusive-quartiere.de"
        assert p309.contact_text is not None and "0711 229 21-33" in p309.contact_text
        assert p309.finalised_at is not None and _berlin_day(p309.finalised_at) == date(2017, 7, 31)
        assert p309.frozen_snapshot is not None
        frozen = PressReleaseSnapshot.from_dict(p309.frozen_snapshot)
        assert frozen.number == "P 309/2017" and frozen.file_reference == p309.file_reference
        assert frozen.clerk.name == "Christiane Conzen"
        assert frozen.sender.name == "Städtetag Baden-Württemberg"
        assert len(frozen.body) == 5
        counter = s.get(PressNumberCounter, 2017)
        assert counter is not None and counter.last_number == 309
        drafts = s.scalars(select(PressRelease).where(PressRelease.status == PressStatus.DRAFT))
        assert len(drafts.all()) == 1

        # Follow-ups: some done, some open from 2017, and a few around "today".
        follow_ups = s.scalars(select(FollowUp)).all()
        assert any(f.done_at is not None for f in follow_ups)
        assert any(f.done_at is None and f.due_on.year == 2017 for f in follow_ups)
        assert any(f.due_on == NOW.date() for f in follow_ups)

        audit = s.scalars(select(AuditEntry)).all()
        assert len(audit) == 1
        assert audit[0].action is AuditAction.IMPORT
        assert audit[0].summary.startswith("Demodaten angelegt")

    counts = services.overview.counts()
    assert counts.is_demo and counts.persons == summary.persons


def test_demo_twice_without_force_is_refused_and_changes_nothing(services: Services) -> None:
    first = _demo(services)
    with services.db.read() as s:
        before = (_count(s, Person), _count(s, Consultation), _count(s, AuditEntry))
    with pytest.raises(UserError) as caught:
        _demo(services)
    assert "nicht leer" in caught.value.message
    assert "nie ungefragt" in caught.value.message
    assert caught.value.hint is not None and "--force" in caught.value.hint
    with services.db.read() as s:
        assert (_count(s, Person), _count(s, Consultation), _count(s, AuditEntry)) == before
    assert before[0] == first.persons


def test_real_data_is_refused_and_force_marks_it_as_demo(services: Services) -> None:
    masterdata = MasterDataService(_context(services))
    masterdata.load_directory(source_label="mitgeliefert")
    own = masterdata.create_municipality("08421000", is_member=True)
    with services.db.transaction() as s:
        org = s.get(Organisation, own.id)
        assert org is not None
        org.notes = "eigene Notiz"
    with pytest.raises(UserError, match="bereits Daten"):
        _demo(services)
    with services.db.read() as s:
        assert s.get(AppMeta, "demo") is None

    summary = _demo(services, force=True)
    assert summary.forced and summary.municipalities == 1101
    with services.db.read() as s:
        assert s.get(AppMeta, "demo") is not None
        org = s.get(Organisation, own.id)
        assert org is not None and org.notes == "eigene Notiz"
        assert (org.phone, org.website, org.street) == (None, None, None)
        assert _count(s, Organisation) == summary.organisations
    assert "ausdrücklich" in summary.describe()


def _fingerprint(services: Services) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    with services.db.read() as s:
        persons = [
            (p.anrede, p.title, p.first_name, p.last_name, p.email, p.phone)
            for p in s.scalars(select(Person).order_by(Person.id))
        ]
        consultations = [
            (c.occurred_at, c.mode, c.summary, c.outcome, c.duration_minutes)
            for c in s.scalars(select(Consultation).order_by(Consultation.id))
        ]
    return persons, consultations


def test_demo_is_deterministic(services: Services, tmp_path: Path) -> None:
    _demo(services)
    other = Services.open(AppPaths(tmp_path / "second"), user="Testerin")
    try:
        DemoService(
            ServiceContext(db=other.db, paths=other.paths, user="Testerin", clock=lambda: NOW)
        ).create()
        assert _fingerprint(services) == _fingerprint(other)
    finally:
        other.close()


def test_every_demo_email_passes_the_apps_own_validation(services) -> None:
    from sqlalchemy import select

    from beratung.domain.models import Person
    from beratung.domain.rules.validation import validate_email

    services.demo.create()
    with services.db.read() as s:
        emails = [e for e in s.scalars(select(Person.email)) if e]
    assert len(emails) >= 150
    for email in emails:
        assert validate_email(email) == email
