"""Overlong values through the services, on SQLite and PostgreSQL (issue 14, deliver 8): the
save is refused with a German message naming the field and nothing is written — no record, no
follow-up, no audit entry. Before, PostgreSQL refused a 100,000-character event series or press
sub-line with a bug dialog and SQLite stored it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from beratung.domain.errors import ValidationError
from beratung.domain.events import Event
from beratung.domain.office import PressRelease
from beratung.domain.records import AuditEntry
from beratung.domain.work import Consultation, FollowUp
from beratung.services.consultations.snapshots import ConsultationDraft
from beratung.services.contacts import PersonInput
from beratung.services.events.snapshots import EventInput
from beratung.services.followups import FollowUpDraft
from beratung.services.press import PressDraft

LONG = "x" * 100_000


def _counts(services: Any) -> tuple[int, ...]:
    with services.db.read() as s:
        return tuple(
            s.scalar(select(func.count()).select_from(model)) or 0
            for model in (Event, PressRelease, Consultation, FollowUp, AuditEntry)
        )


def test_overlong_values_are_refused_naming_the_field_and_nothing_is_written(
    services: Any,
) -> None:
    person = services.contacts.create_person(PersonInput(last_name="Brenner"))
    before = _counts(services)
    when = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
    attempts = [
        ("series", lambda: services.events.create_event(
            EventInput(title="Fachtag", starts_at=when, series=LONG))),
        ("subline", lambda: services.press.create_draft(
            PressDraft(headline="Inklusion", body="Text", subline=LONG))),
        ("summary", lambda: services.consultations.create_consultation(
            ConsultationDraft(occurred_at=when, person_ids=(person.id,), summary=LONG),
            follow_up=FollowUpDraft(due=when.date(), note="Nachfassen"))),
        ("note", lambda: services.consultations.create_consultation(
            ConsultationDraft(occurred_at=when, person_ids=(person.id,), summary="kurz"),
            follow_up=FollowUpDraft(due=when.date(), note=LONG))),
    ]
    for field, attempt in attempts:
        with pytest.raises(ValidationError) as caught:
            attempt()
        assert caught.value.field == field
        assert "ist zu lang (100.000 Zeichen" in caught.value.message
        assert _counts(services) == before, field
