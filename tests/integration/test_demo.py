"""The demo data set: the scenario of press release P 309/2017, deterministic and never mixed
into real data without asking."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from beratung.domain.enums import (
    AuditAction,
    ConsentPurpose,
    EventKind,
    EventStatus,
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
    RegistrationChange,
)
from beratung.domain.printing import PressReleaseSnapshot
from beratung.domain.rules.registrations import HOLDING_PLACES, places_needed
from beratung.domain.rules.sorting import sort_key
from beratung.paths import AppPaths
from beratung.services import Services
from beratung.services.base import ServiceContext
from beratung.services.demo import DemoService, DemoSummary
from beratung.services.events.common import (
    NO_SHOW_NOTE,
    PROMOTED_NOTE,
    WAITLIST_NOTE,
    WALK_IN_NOTE,
    copied_note,
)
from beratung.services.events.snapshots import CHECKLIST
from beratung.services.events.steps import ALLOWED
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
    # Its speed is a benchmark figure (bench/, the 1× database), not asserted here: the test
    # runs beside the PostgreSQL run on a shared machine.
    summary = _demo(services)
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

        # The Werkstattgespräch in Ulm (the events in detail: test_demo_events_…).
        events = s.scalars(select(Event).order_by(Event.starts_at)).all()
        ulm_event = next(e for e in events if _berlin_day(e.starts_at) == date(2017, 10, 25))
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
        assert 95 <= len(registrations) <= 110
        assert {r.status for r in registrations} == set(RegistrationStatus) - {
            RegistrationStatus.REGISTERED  # held: the registered came or did not
        }
        needs = s.scalars(select(AccessibilityNeed)).all()
        assert needs
        for need in needs:
            assert need.delete_after == date(2017, 11, 22)  # four weeks, the office's rule
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


def _places(registration: Registration, assistants_take_places: bool) -> int:
    return places_needed(
        registration.companions,
        registration.assistants,
        assistants_take_places=assistants_take_places,
    )


def _replay_peak(event: Event, assistants_take_places: bool) -> int:
    """The most places held at any moment, replaying every registration's history in the
    order it happened (walk-ins do not ask for places: they are in the room already)."""
    steps = sorted(
        (change for r in event.registrations if not r.walk_in for change in r.changes),
        key=lambda change: (change.changed_at, change.id),
    )
    by_id = {r.id: r for r in event.registrations}
    status: dict[int, RegistrationStatus] = {}
    peak = 0
    for change in steps:
        status[change.registration_id] = change.to_status
        held = sum(
            _places(by_id[ident], assistants_take_places)
            for ident, now in status.items()
            if now in HOLDING_PLACES
        )
        assert event.capacity is None or held <= event.capacity, change.changed_at
        peak = max(peak, held)
    return peak


def test_demo_events_follow_the_rules_of_the_events_service(services: Services) -> None:
    """The three Werkstattgespräche are what the events service would have left: codes,
    dated histories of allowed steps, places within the capacity, the waiting list in order
    with one promotion, needs only with consent, attendance; and the 2018 event copied."""
    _demo(services)
    events = services.events
    with services.db.read() as s:
        office = s.get(OfficeProfile, 1)
        assert office is not None and office.assistants_take_places is True
        weeks = office.needs_retention_weeks
        assert weeks == 4
        co = s.scalar(select(Clerk).where(Clerk.initials == "Co"))
        assert co is not None
        reutlingen, ulm, follow_up = s.scalars(select(Event).order_by(Event.starts_at)).all()
        for event in (reutlingen, ulm, follow_up):
            assert event.kind is EventKind.WORKSHOP and event.clerk_id == co.id
            assert event.notes is not None and event.notes.startswith("Demodaten")
            assert event.calendar_uid.endswith("@beratung.staedtetag-bw.de")
            assert event.venue is not None
            assert event.venue.public_transport and event.venue.directions
            checks = [getattr(event.venue, key) for key, _label in CHECKLIST]
            assert None in checks and True in checks  # some items are still unknown
            starts = [item.starts_at for item in event.agenda_items]
            assert all(a is not None and b is not None and a < b for a, b in pairwise(starts))
            assert event.agenda_items[0].speaker is not None
            assert "Benjamin Lachat" in event.agenda_items[0].speaker
        assert (reutlingen.status, ulm.status) == (EventStatus.HELD, EventStatus.HELD)
        assert ulm.calendar_sequence == len(ulm.agenda_items) + 2  # each item, invited, held
        assert ulm.venue is not None and ulm.venue.contact_name and ulm.venue.contact_phone
        speakers = " ".join(item.speaker or "" for item in ulm.agenda_items)
        assert "Simone Fischer" in speakers and "Prof. Dr." in speakers
        assert "Referatsleiterin Quartiersentwicklung" in speakers

        codes = [r.code for e in (reutlingen, ulm, follow_up) for r in e.registrations]
        assert len(set(codes)) == len(codes)
        assert all(
            re.fullmatch(r"[34679ACDEFGHJKMNPQRTUVWXY]{4}-[34679ACDEFGHJKMNPQRTUVWXY]{4}", c)
            for c in codes
        )

        # Every registration has a dated history of steps the service allows, by "Co".
        for event in (reutlingen, ulm, follow_up):
            last_day = _berlin_day(event.ends_at or event.starts_at)
            for registration in event.registrations:
                changes = registration.changes
                assert changes, registration.id
                assert changes[0].from_status is None
                for before, after in pairwise(changes):
                    assert after.from_status is before.to_status
                    # Asked to register, the service may put them on the waiting list.
                    asked = (
                        RegistrationStatus.REGISTERED
                        if after.note == WAITLIST_NOTE
                        else after.to_status
                    )
                    assert asked in ALLOWED[before.to_status]
                    assert before.changed_at <= after.changed_at
                assert changes[-1].to_status is registration.status
                assert {c.user_name for c in changes} == {"Co"}
                assert all(_berlin_day(c.changed_at) <= last_day for c in changes)
                assert all(c.changed_at.year == 2017 for c in changes)

        # Places: person + companions + assistants (the office counts them), never more than
        # the capacity at any moment, and in Ulm up to the capacity.
        assert _replay_peak(reutlingen, True) <= 40
        assert _replay_peak(ulm, True) == ulm.capacity == 60
        assert any(r.companions for r in ulm.registrations)
        assert any(r.assistants for r in ulm.registrations)
        assert sum(1 for r in ulm.registrations if r.invited_at is not None) >= 100
        assert all(r.status is not RegistrationStatus.INVITED for r in reutlingen.registrations)

        # The waiting list: positions 1…n in the order people were put on it.
        waiting = sorted(
            (r for r in ulm.registrations if r.status is RegistrationStatus.WAITLISTED),
            key=lambda r: r.waitlist_position or 0,
        )
        assert len(waiting) >= 3
        assert [r.waitlist_position for r in waiting] == list(range(1, len(waiting) + 1))
        queued = [r.changes[-1].changed_at for r in waiting]
        assert queued == sorted(queued)
        assert all(r.changes[-1].note == WAITLIST_NOTE for r in waiting)
        assert all(
            r.waitlist_position is None
            for e in (reutlingen, ulm, follow_up)
            for r in e.registrations
            if r.status is not RegistrationStatus.WAITLISTED
        )

        # Exactly one promotion: after a cancellation past the deadline, the first in line.
        promoted = [r for e in (reutlingen, ulm) for r in e.registrations if r.promoted_at]
        assert len(promoted) == 1
        (moved,) = promoted
        assert moved.event_id == ulm.id and moved.notify_pending is False
        assert moved.notes is not None and "mitgeteilt" in moved.notes
        step = next(c for c in moved.changes if c.note == PROMOTED_NOTE)
        assert step.changed_at == moved.promoted_at
        assert _berlin_day(moved.promoted_at) > date(2017, 10, 11)
        cancelled = [
            r
            for r in ulm.registrations
            if any(
                c.from_status is RegistrationStatus.REGISTERED
                and c.to_status is RegistrationStatus.DECLINED
                and c.changed_at == moved.promoted_at
                for c in r.changes
            )
        ]
        assert len(cancelled) == 1
        moved_queued = next(
            c.changed_at for c in moved.changes if c.to_status is RegistrationStatus.WAITLISTED
        )
        assert all(moved_queued < q for q in queued)
        all_changes = [
            c for e in (reutlingen, ulm, follow_up) for r in e.registrations for c in r.changes
        ]
        assert sum(1 for c in all_changes if c.note == PROMOTED_NOTE) == 1

        # Needs only with a health-data consent for the event, deleted four weeks after it.
        needs = [n for r in ulm.registrations for n in r.needs]
        assert len(needs) >= 8
        assert len({n.kind for n in needs}) >= 7
        assert not [n for e in (reutlingen, follow_up) for r in e.registrations for n in r.needs]
        for need in needs:
            registration = need.registration
            consent = s.get(Consent, need.consent_id)
            assert consent is not None and consent.purpose is ConsentPurpose.HEALTH_DATA
            assert (consent.person_id, consent.event_id) == (
                registration.person_id,
                registration.event_id,
            )
            assert registration.responded_at is not None
            assert consent.given_on == _berlin_day(registration.responded_at)
            assert consent.withdrawn_on is None and consent.method is not None
            assert (
                need.delete_after
                == consent.valid_until
                == date(2017, 10, 25) + timedelta(weeks=weeks)
            )
        health = s.scalars(
            select(Consent).where(Consent.purpose == ConsentPurpose.HEALTH_DATA)
        ).all()
        assert len(health) == len({n.registration_id for n in needs})

        # Attendance recorded: checked in on the day, some did not come, one walk-in.
        attended = [r for r in ulm.registrations if r.status is RegistrationStatus.ATTENDED]
        assert len(attended) >= 40
        assert all(
            r.attended_at is not None and _berlin_day(r.attended_at) == date(2017, 10, 25)
            for r in attended
        )
        no_shows = [r for r in ulm.registrations if r.status is RegistrationStatus.NO_SHOW]
        assert no_shows and all(r.attended_at is None for r in no_shows)
        assert all(r.changes[-1].note == NO_SHOW_NOTE for r in no_shows)
        walk_ins = [r for e in (reutlingen, ulm) for r in e.registrations if r.walk_in]
        assert len(walk_ins) == 1 and walk_ins[0].event_id == ulm.id
        assert walk_ins[0].invited_at is None
        assert [c.note for c in walk_ins[0].changes] == [WALK_IN_NOTE]

        # The next one, planned for 2018 in another member town, copied as copy_event does.
        assert follow_up.status is EventStatus.PLANNED
        assert _berlin_day(follow_up.starts_at) == date(2018, 4, 18)
        host = follow_up.host_organisation
        assert host is not None and host.is_member and host.id != ulm.host_organisation_id
        assert follow_up.venue is not None and follow_up.venue.town == host.town
        shift = follow_up.starts_at - ulm.starts_at
        assert ulm.registration_deadline is not None
        assert follow_up.registration_deadline == ulm.registration_deadline + timedelta(
            days=shift.days
        )
        assert follow_up.capacity == ulm.capacity
        assert [(i.starts_at, i.ends_at) for i in follow_up.agenda_items] == [
            (i.starts_at, i.ends_at) for i in ulm.agenda_items
        ]
        assert follow_up.calendar_sequence >= 1
        assert [(r.person_id, r.affiliation_id) for r in follow_up.registrations] == [
            (r.person_id, r.affiliation_id) for r in ulm.registrations
        ]
        for registration in follow_up.registrations:
            assert registration.status is RegistrationStatus.INVITED
            assert (registration.companions, registration.assistants) == (0, 0)
            assert registration.responded_at is None and not registration.needs
            assert [c.note for c in registration.changes] == [copied_note(ulm.title)]

        # Written once: nothing of the events was updated after its first flush.
        stamps = {
            r.updated_at
            for e in (reutlingen, ulm, follow_up)
            for r in (e, e.venue, *e.registrations, *e.agenda_items)
            if r is not None
        }
        stamps |= {n.updated_at for n in needs} | {c.updated_at for c in health}
        assert stamps == {NOW}
        ulm_id, follow_up_id = ulm.id, follow_up.id

    # What the events service reads from it.
    figures = events.event_figures(ulm_id)
    assert figures.capacity == 60 and figures.places_taken <= 60
    assert figures.counts.attended == len(attended) and figures.counts.waitlisted == len(waiting)
    rows = events.list_registrations(ulm_id, statuses=[RegistrationStatus.WAITLISTED])
    assert [row.waitlist_position for row in rows] == list(range(1, len(waiting) + 1))
    detail = events.get_registration(moved.id)
    assert [h.text for h in detail.history][-2] == PROMOTED_NOTE
    summary = events.needs_summary(ulm_id)
    assert summary.delete_after == date(2017, 11, 22) and summary.counts
    assert b"SEQUENCE:" in events.event_calendar(ulm_id)
    assert len(events.list_registrations(follow_up_id)) == len(rows) + figures.counts.attended + (
        figures.counts.no_show + figures.counts.declined + figures.counts.invited
    )


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


def _fingerprint(services: Services) -> dict[str, list[tuple[Any, ...]]]:
    """Everything the random source decides, ids included (codes and calendar UIDs too)."""

    def rows(entity: Any, *columns: str) -> list[tuple[Any, ...]]:
        return [
            tuple(getattr(row, c) for c in ("id", *columns))
            for row in s.scalars(select(entity).order_by(entity.id))
        ]

    with services.db.read() as s:
        return {
            "persons": rows(Person, "anrede", "title", "first_name", "last_name", "email", "phone"),
            "consultations": rows(
                Consultation, "occurred_at", "mode", "summary", "outcome", "duration_minutes"
            ),
            "events": rows(
                Event, "title", "starts_at", "status", "calendar_uid", "calendar_sequence"
            ),
            "registrations": rows(
                Registration,
                "event_id",
                "person_id",
                "affiliation_id",
                "status",
                "code",
                "invited_at",
                "responded_at",
                "waitlist_position",
                "promoted_at",
                "attended_at",
                "walk_in",
                "companions",
                "assistants",
                "notes",
            ),
            "changes": rows(
                RegistrationChange,
                "registration_id",
                "changed_at",
                "user_name",
                "from_status",
                "to_status",
                "note",
            ),
            "needs": rows(AccessibilityNeed, "registration_id", "kind", "details", "consent_id"),
            "consents": rows(Consent, "person_id", "purpose", "method", "given_on", "event_id"),
        }


def test_demo_is_deterministic(services: Services, tmp_path: Path) -> None:
    _demo(services)
    other = Services.open(AppPaths(tmp_path / "second"), user="Testerin")
    try:
        DemoService(
            ServiceContext(db=other.db, paths=other.paths, user="Testerin", clock=lambda: NOW)
        ).create()
        first, second = _fingerprint(services), _fingerprint(other)
        assert first["registrations"] and first["changes"] and first["needs"]
        assert first == second
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
