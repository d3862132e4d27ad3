"""Fast entry: a new consultation's form pre-filled from an organisation or a person, the topics
and programmes with the last used first, and the form's German date and time turned into one
moment."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from beratung.domain.contacts import Organisation, Person
from beratung.domain.enums import ConsultationMode
from beratung.domain.errors import ValidationError
from beratung.domain.rules.dates import OFFICE_TIME_ZONE, parse_date_de, parse_time_de
from beratung.domain.work import (
    Consultation,
    Programme,
    Topic,
    consultation_person,
    consultation_topic,
)
from beratung.services.base import Service
from beratung.services.consultations.records import (
    not_found,
    organisation_ref,
    person_name,
    role_in,
)
from beratung.services.consultations.snapshots import (
    ConsultationDraft,
    ConsultationPrefill,
    OrganisationRef,
    PersonRef,
    ProgrammeRef,
    TopicRef,
)

#: How many of the newest consultations decide which topics count as recently used.
RECENT_WINDOW = 500


class ConsultationEntryService(Service):
    """What the entry form starts from, and the parsing of its date and time."""

    def parse_when(self, date_text: str, time_text: str | None = None) -> datetime:
        """ "heute"/"gestern"/"25.10."/"25.10.2017" plus "14:30" → aware datetime (German time).

        Without a time, 00:00 would distort nothing but look odd; the current time of day is not
        a good guess either, so a missing time means 12:00 (documented in the form).
        """
        if not (date_text or "").strip():
            raise ValidationError("Bitte das Datum der Beratung angeben.", field="occurred_at")
        day = parse_date_de(date_text, self.ctx.today(), prefer="past", field="occurred_at")
        at = (
            parse_time_de(time_text, field="occurred_time")
            if time_text and time_text.strip()
            else time(12, 0)
        )
        return datetime.combine(day, at, OFFICE_TIME_ZONE)

    def draft_blank(self) -> ConsultationPrefill:
        """A new consultation without organisation or person: now (rounded down to the quarter
        hour), topics and programmes with the last used first, the latest programme if still
        open for applications."""
        with self.db.transaction(write=False) as session:
            return self._prefill(session, None, (), None)

    def draft_for_organisation(self, organisation_id: int) -> ConsultationPrefill:
        with self.db.transaction(write=False) as session:
            org = session.get(Organisation, organisation_id)
            if org is None:
                raise not_found("Die Organisation", organisation_id)
            last = session.scalars(
                select(Consultation)
                .where(Consultation.organisation_id == organisation_id)
                .options(selectinload(Consultation.persons))
                .order_by(Consultation.occurred_at.desc(), Consultation.id.desc())
                .limit(1)
            ).first()
            persons = tuple(
                PersonRef(p.id, person_name(p), role_in(p, organisation_id))
                for p in (last.persons if last else [])
                if p.erased_at is None
            )
            return self._prefill(
                session,
                organisation_ref(org),
                persons,
                last.programme_id if last else None,
            )

    def draft_for_person(self, person_id: int) -> ConsultationPrefill:
        with self.db.transaction(write=False) as session:
            person = session.get(Person, person_id, options=[selectinload(Person.affiliations)])
            if person is None:
                raise not_found("Die Person", person_id)
            today = self.ctx.today()
            current = [
                a
                for a in person.affiliations
                if (a.valid_to is None or a.valid_to >= today)
                and (a.valid_from is None or a.valid_from <= today)
            ]
            current.sort(key=lambda a: (not a.is_primary, a.id))
            org = session.get(Organisation, current[0].organisation_id) if current else None
            last = session.scalars(
                select(Consultation)
                .join(consultation_person)
                .where(consultation_person.c.person_id == person_id)
                .order_by(Consultation.occurred_at.desc(), Consultation.id.desc())
                .limit(1)
            ).first()
            return self._prefill(
                session,
                organisation_ref(org) if org else None,
                (PersonRef(person.id, person_name(person), current[0].role if current else None),),
                last.programme_id if last else None,
            )

    def recent_topics(self, limit: int = 10) -> list[TopicRef]:
        with self.db.transaction(write=False) as session:
            return self._topic_choices(session)[: max(0, limit)] if limit else []

    def recent_programmes(self, limit: int = 5) -> list[ProgrammeRef]:
        with self.db.transaction(write=False) as session:
            return self._programme_choices(session)[: max(0, limit)] if limit else []

    def _topic_choices(self, session: Session) -> list[TopicRef]:
        """Active topics: those of the newest :data:`RECENT_WINDOW` consultations first, the
        last used first, then the others alphabetically.

        Why a window and not every topic's last use: that is a maximum over all
        consultation–topic links (0.3 s with 100,000 consultations), paid whenever Beratungen
        opens and whenever the entry form starts. The window is read newest first along
        ``ix_consultation_occurred_at`` and its links by their primary key, so the cost stays
        the same however many consultations there are; a topic not used in the newest 500
        consultations is not one the advisor reaches for first.
        """
        newest = (
            select(Consultation.id, Consultation.occurred_at)
            .order_by(Consultation.occurred_at.desc())
            .limit(RECENT_WINDOW)
            .subquery()
        )
        last_used: dict[int, datetime] = {
            int(topic_id): last
            for topic_id, last in session.execute(
                select(consultation_topic.c.topic_id, func.max(newest.c.occurred_at))
                .join(newest, newest.c.id == consultation_topic.c.consultation_id)
                .group_by(consultation_topic.c.topic_id)
            )
        }
        rows = sorted(
            session.execute(select(Topic.id, Topic.name).where(Topic.is_active.is_(True))),
            key=lambda r: r[1].lower(),
        )
        used = sorted(
            (r for r in rows if r[0] in last_used), key=lambda r: last_used[r[0]], reverse=True
        )
        unused = [r for r in rows if r[0] not in last_used]
        return [TopicRef(r[0], r[1]) for r in [*used, *unused]]

    def _programme_choices(self, session: Session) -> list[ProgrammeRef]:
        """All programmes, the last used first, then those never used by deadline (newest
        first) and name.

        Each programme's last use is one step down ``ix_consultation_programme_occurred``
        (a correlated ``max``), not a grouping over every consultation, so it costs the same
        at any number of consultations.
        """
        last_used = (
            select(func.max(Consultation.occurred_at))
            .where(Consultation.programme_id == Programme.id)
            .correlate(Programme)
            .scalar_subquery()
        )
        rows = session.execute(
            select(Programme.id, Programme.name, Programme.deadline, last_used)
        ).all()
        used = sorted((r for r in rows if r[3] is not None), key=lambda r: r[3], reverse=True)
        unused = sorted(
            (r for r in rows if r[3] is None),
            key=lambda r: (r[2] is None, -(r[2].toordinal() if r[2] else 0), r[1].lower()),
        )
        return [ProgrammeRef(r[0], r[1], r[2]) for r in [*used, *unused]]

    def _prefill(
        self,
        session: Session,
        organisation: OrganisationRef | None,
        persons: tuple[PersonRef, ...],
        programme_id: int | None,
    ) -> ConsultationPrefill:
        now = self.ctx.now().astimezone(OFFICE_TIME_ZONE)
        start = now.replace(minute=now.minute - now.minute % 15, second=0, microsecond=0)
        programmes = self._programme_choices(session)
        if programme_id is None and programmes:
            # The most recently used programme, if it is still open for applications.
            latest = programmes[0]
            if latest.deadline is None or latest.deadline >= now.date():
                programme_id = latest.id
        draft = ConsultationDraft(
            occurred_at=start,
            mode=ConsultationMode.PHONE,
            organisation_id=organisation.id if organisation else None,
            person_ids=tuple(p.id for p in persons),
            programme_id=programme_id,
            advisor=None,
        )
        return ConsultationPrefill(
            draft=draft,
            organisation=organisation,
            persons=persons,
            topic_choices=tuple(self._topic_choices(session)),
            programme_choices=tuple(programmes),
        )
