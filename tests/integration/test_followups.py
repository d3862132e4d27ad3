"""FollowUpService: German due shortcuts, done/reopen, and the overview buckets on a fixed clock."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from beratung.domain.contacts import Organisation, Person
from beratung.domain.enums import AuditAction, ConsultationMode, OrganisationKind
from beratung.domain.errors import NotFoundError, ValidationError
from beratung.domain.records import AuditEntry
from beratung.services.base import ServiceContext
from beratung.services.consultations import ConsultationDraft, ConsultationService
from beratung.services.followups import FollowUpDraft, FollowUpService

# Tuesday, 24 October 2017, 11:00 in Stuttgart.
NOW = datetime(2017, 10, 24, 9, 0, tzinfo=UTC)
TODAY = date(2017, 10, 24)


@pytest.fixture
def fixed(services: Any) -> tuple[FollowUpService, ConsultationService]:
    context: ServiceContext = dataclasses.replace(services.context, clock=lambda: NOW)
    return FollowUpService(context), ConsultationService(context)


@pytest.fixture
def subjects(services: Any, fixed: tuple[FollowUpService, ConsultationService]) -> dict[str, int]:
    with services.db.transaction() as s:
        ulm = Organisation(kind=OrganisationKind.MUNICIPALITY, name="Stadt Ulm")
        anna = Person(first_name="Anna", last_name="Muster", title="Dr.")
        s.add_all([ulm, anna])
        s.flush()
        ids = {"ulm": ulm.id, "anna": anna.id}
    consultation = fixed[1].create_consultation(
        ConsultationDraft(
            occurred_at=datetime(2017, 5, 12, 10, 0, tzinfo=ZoneInfo("Europe/Berlin")),
            mode=ConsultationMode.PHONE,
            organisation_id=ids["ulm"],
        )
    )
    ids["consultation"] = consultation.id
    return ids


def test_due_shortcuts_and_labels(
    fixed: tuple[FollowUpService, ConsultationService], subjects: dict[str, int]
) -> None:
    svc = fixed[0]
    assert svc.parse_due("in 2 Wochen") == date(2017, 11, 7)
    assert svc.parse_due("nächsten Monat") == date(2017, 11, 24)
    assert svc.parse_due("morgen") == date(2017, 10, 25)
    with pytest.raises(ValidationError) as error:
        svc.parse_due("irgendwann")
    assert error.value.field == "due"
    assert "irgendwann" in error.value.message

    on_consultation = svc.create_follow_up(
        FollowUpDraft(
            due="in 2 Wochen", note="Antrag nachfassen", consultation_id=subjects["consultation"]
        )
    )
    assert on_consultation.due_on == date(2017, 11, 7)
    assert on_consultation.subject_kind == "consultation"
    assert on_consultation.subject_label == "Beratung 12.05.2017 – Stadt Ulm"
    on_org = svc.create_follow_up(
        FollowUpDraft(due=TODAY, note="Anrufen", organisation_id=subjects["ulm"])
    )
    assert on_org.subject_label == "Stadt Ulm"
    on_person = svc.create_follow_up(
        FollowUpDraft(due="Freitag", note="Mail", person_id=subjects["anna"])
    )
    assert on_person.subject_label == "Dr. Anna Muster"
    assert on_person.due_on == date(2017, 10, 27)

    for draft, field in [
        (FollowUpDraft(due="morgen", note="x"), "consultation_id"),
        (FollowUpDraft(due="morgen", note="  ", organisation_id=subjects["ulm"]), "note"),
        (FollowUpDraft(due="31.02.2018", note="x", organisation_id=subjects["ulm"]), "due"),
        (FollowUpDraft(due="morgen", note="x", person_id=999_999), "person_id"),
    ]:
        with pytest.raises(ValidationError) as error:
            svc.create_follow_up(draft)
        assert error.value.field == field
    with pytest.raises(NotFoundError):
        svc.mark_done(999_999)


def test_overview_buckets_done_and_reopen(
    services: Any, fixed: tuple[FollowUpService, ConsultationService], subjects: dict[str, int]
) -> None:
    svc = fixed[0]
    org = subjects["ulm"]

    def make(due: date, note: str) -> int:
        return svc.create_follow_up(FollowUpDraft(due=due, note=note, organisation_id=org)).id

    overdue = make(date(2017, 10, 20), "überfällig")
    today = make(TODAY, "heute")
    wednesday = make(date(2017, 10, 25), "Mittwoch")
    sunday = make(date(2017, 10, 29), "Sonntag")
    monday = make(date(2017, 10, 30), "nächster Montag")
    done = make(date(2017, 10, 23), "schon erledigt")
    svc.mark_done(done)

    overview = svc.due_overview()
    assert overview.today == TODAY
    assert [f.id for f in overview.overdue] == [overdue]
    assert overview.overdue[0].is_overdue(TODAY)
    assert [f.id for f in overview.due_today] == [today]
    assert [f.id for f in overview.this_week] == [wednesday, sunday]
    assert [f.id for f in overview.later] == [monday]
    assert overview.open_count == 5

    # On Monday 30.10. the week starts afresh.
    later = svc.due_overview(date(2017, 10, 30))
    assert [f.id for f in later.due_today] == [monday]
    assert {f.id for f in later.overdue} == {overdue, today, wednesday, sunday}

    reopened = svc.reopen(done)
    assert reopened.done_at is None
    assert done in [f.id for f in svc.due_overview().overdue]
    finished = svc.mark_done(today)
    assert finished.done_at == NOW
    assert [f.id for f in svc.list_follow_ups(organisation_id=org)] == [
        overdue,
        done,
        wednesday,
        sunday,
        monday,
    ]
    assert len(svc.list_follow_ups(organisation_id=org, include_done=True)) == 6

    updated = svc.update_follow_up(
        monday, FollowUpDraft(due="31.10.2017", note="verschoben", organisation_id=org)
    )
    assert updated.due_on == date(2017, 10, 31)
    svc.delete_follow_up(monday)
    with pytest.raises(NotFoundError):
        svc.get_follow_up(monday)

    with services.db.transaction(write=False) as s:
        actions = list(
            s.scalars(select(AuditEntry.action).where(AuditEntry.entity_type == "follow_up"))
        )
    assert actions.count(AuditAction.CREATE) == 6
    assert actions.count(AuditAction.UPDATE) == 4  # done, reopen, done, change
    assert actions.count(AuditAction.DELETE) == 1


def test_follow_ups_disappear_with_their_consultation(
    fixed: tuple[FollowUpService, ConsultationService], subjects: dict[str, int]
) -> None:
    followups, consultations = fixed
    item = followups.create_follow_up(
        FollowUpDraft(due="morgen", note="x", consultation_id=subjects["consultation"])
    )
    consultations.delete_consultation(subjects["consultation"])
    with pytest.raises(NotFoundError):
        followups.get_follow_up(item.id)
