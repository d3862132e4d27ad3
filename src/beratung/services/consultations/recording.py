"""Recording a consultation: creating, changing and deleting it, with its follow-up and its
attachments in the same transaction (all or nothing), and the checks of the entry form's draft."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from beratung.domain.contacts import Organisation, Person
from beratung.domain.enums import AuditAction, ConsultationMode
from beratung.domain.errors import ValidationError
from beratung.domain.rules.dates import OFFICE_TIME_ZONE
from beratung.domain.rules.text import clean_text
from beratung.domain.work import Consultation, Programme, Topic
from beratung.services.base import Service, check_version, diff
from beratung.services.consultations.attachments import (
    Incoming,
    copy_in,
    remove_file,
    store_attachment,
)
from beratung.services.consultations.records import (
    audit_fields,
    consultation_detail,
    describe,
    load_consultation,
)
from beratung.services.consultations.snapshots import ConsultationDetail, ConsultationDraft
from beratung.services.consultations.topics import new_topic, topic_by_name, topic_name
from beratung.services.followups import FollowUpDraft, FollowUpService
from beratung.services.limits import check_limits

_LIMITS = {"subject": 300, "file_reference": 100, "advisor": 120}
_FIELD_NAMES = {"subject": "Betreff", "file_reference": "Aktenzeichen", "advisor": "Beraterin"}


def long_text(value: str | None, field: str) -> str | None:
    """Summary or outcome as stored: cleaned, at most ``NOTES_LIMIT`` characters (the limit
    of every free text; a pasted file would otherwise fill the database)."""
    text = clean_text(value)
    check_limits(Consultation, {field: text}, _LONG_LABELS)
    return text


_LONG_LABELS = {"summary": "Die Zusammenfassung", "outcome": "Das Ergebnis"}


class ConsultationRecordingService(Service):
    """Record, change and delete consultations."""

    def create_consultation(
        self,
        draft: ConsultationDraft,
        *,
        follow_up: FollowUpDraft | None = None,
        attachments: Sequence[Path | str] = (),
    ) -> ConsultationDetail:
        """Record a consultation with its follow-up and attachments in one transaction.

        The follow-up's ``consultation_id`` is set to the new consultation. Either everything is
        saved or nothing: a wrong follow-up date, an unreadable file or a database error leaves
        no consultation, no follow-up and no copied file behind.
        """
        return self._save(None, draft, None, follow_up, attachments)

    def update_consultation(
        self,
        consultation_id: int,
        draft: ConsultationDraft,
        expected_version: int,
        *,
        follow_up: FollowUpDraft | None = None,
        attachments: Sequence[Path | str] = (),
    ) -> ConsultationDetail:
        """Change a consultation and add a follow-up and attachments, all or nothing (as
        :meth:`create_consultation`)."""
        return self._save(consultation_id, draft, expected_version, follow_up, attachments)

    def _save(
        self,
        consultation_id: int | None,
        draft: ConsultationDraft,
        expected_version: int | None,
        follow_up: FollowUpDraft | None,
        attachments: Sequence[Path | str],
    ) -> ConsultationDetail:
        # Copy the files first (slow I/O outside the write transaction); they are moved into
        # place inside it and removed again if it does not commit.
        incoming: list[Incoming] = []
        placed: list[Path] = []
        try:
            for source in dict.fromkeys(Path(a) for a in attachments):
                incoming.append(copy_in(self.ctx.paths.attachment_dir, source))
            with self.db.transaction() as session:
                if consultation_id is None:
                    consultation = Consultation()
                    self._apply(session, consultation, draft)
                    session.add(consultation)
                    session.flush()
                    self.audit(
                        session,
                        AuditAction.CREATE,
                        "consultation",
                        consultation.id,
                        f"Beratung {describe(consultation)} angelegt",
                        audit_fields(consultation),
                    )
                else:
                    consultation = load_consultation(session, consultation_id)
                    check_version(consultation.version, expected_version, "Die Beratung")
                    before = audit_fields(consultation)
                    self._apply(session, consultation, draft)
                    session.flush()
                    changes = diff(before, audit_fields(consultation))
                    if changes:
                        self.audit(
                            session,
                            AuditAction.UPDATE,
                            "consultation",
                            consultation.id,
                            f"Beratung {describe(consultation)} geändert",
                            changes,
                        )
                for item in incoming:
                    store_attachment(self, session, consultation, item, placed)
                if follow_up is not None:
                    FollowUpService(self.ctx).create_follow_up_in(
                        session, replace(follow_up, consultation_id=consultation.id)
                    )
                detail = consultation_detail(consultation)
            placed.clear()  # committed: keep the files
            return detail
        finally:
            for leftover in [*(i.temp_path for i in incoming), *placed]:
                with contextlib.suppress(OSError):
                    leftover.unlink(missing_ok=True)

    def delete_consultation(
        self, consultation_id: int, expected_version: int | None = None
    ) -> None:
        stored: list[str] = []
        with self.db.transaction() as session:
            consultation = load_consultation(session, consultation_id)
            check_version(consultation.version, expected_version, "Die Beratung")
            stored = [a.stored_name for a in consultation.attachments]
            self.audit(
                session,
                AuditAction.DELETE,
                "consultation",
                consultation.id,
                f"Beratung {describe(consultation)} gelöscht",
                audit_fields(consultation),
            )
            session.delete(consultation)
        for name in stored:
            remove_file(self.ctx.paths.attachment_dir, name)

    def _apply(
        self, session: Session, consultation: Consultation, draft: ConsultationDraft
    ) -> None:
        occurred = draft.occurred_at
        if occurred is None:
            raise ValidationError(
                "Bitte Datum und Uhrzeit der Beratung angeben.", field="occurred_at"
            )
        if occurred.tzinfo is None or occurred.utcoffset() is None:
            raise ValidationError(
                "Datum und Uhrzeit der Beratung brauchen eine Zeitzone (intern).",
                field="occurred_at",
            )
        if occurred.astimezone(OFFICE_TIME_ZONE).year < 1990:
            raise ValidationError(
                "Das Datum der Beratung liegt vor 1990; bitte prüfen Sie die Jahreszahl.",
                field="occurred_at",
            )
        if occurred.astimezone(UTC) > self.ctx.now() + timedelta(days=366):
            raise ValidationError(
                "Das Datum der Beratung liegt mehr als ein Jahr in der Zukunft; "
                "bitte prüfen Sie die Jahreszahl.",
                field="occurred_at",
            )
        try:
            mode = ConsultationMode(draft.mode)
        except ValueError:
            raise ValidationError(
                "Bitte die Art der Beratung wählen (vor Ort, Telefon, Video, E-Mail).",
                field="mode",
            ) from None
        duration = draft.duration_minutes
        if duration is not None and not 0 <= duration <= 1440:
            raise ValidationError(
                "Die Dauer muss zwischen 0 und 1440 Minuten (24 Stunden) liegen.",
                field="duration_minutes",
            )
        texts: dict[str, str | None] = {}
        for name in ("subject", "file_reference", "advisor"):
            value = clean_text(getattr(draft, name))
            if value is not None and len(value) > _LIMITS[name]:
                raise ValidationError(
                    f"{_FIELD_NAMES[name]} ist zu lang (höchstens {_LIMITS[name]} Zeichen).",
                    field=name,
                )
            texts[name] = value
        organisation = None
        if draft.organisation_id is not None:
            organisation = session.get(Organisation, draft.organisation_id)
            if organisation is None:
                raise ValidationError(
                    "Die gewählte Organisation gibt es nicht (mehr).", field="organisation_id"
                )
        persons: list[Person] = []
        person_ids = list(dict.fromkeys(draft.person_ids))
        if person_ids:
            found = {
                p.id: p for p in session.scalars(select(Person).where(Person.id.in_(person_ids)))
            }
            missing = [i for i in person_ids if i not in found]
            if missing:
                raise ValidationError(
                    "Eine der gewählten Personen gibt es nicht (mehr).", field="person_ids"
                )
            persons = [found[i] for i in person_ids]
        if organisation is None and not persons:
            raise ValidationError(
                "Bitte eine Kommune bzw. Organisation oder mindestens eine Person angeben.",
                field="organisation_id",
            )
        topics: list[Topic] = []
        topic_ids = list(dict.fromkeys(draft.topic_ids))
        if topic_ids:
            found_topics = {
                t.id: t for t in session.scalars(select(Topic).where(Topic.id.in_(topic_ids)))
            }
            if any(i not in found_topics for i in topic_ids):
                raise ValidationError(
                    "Eines der gewählten Themen gibt es nicht (mehr).", field="topic_ids"
                )
            topics = [found_topics[i] for i in topic_ids]
        for raw in draft.new_topic_names:
            if not (raw or "").strip():
                continue
            name = topic_name(raw, field="new_topic_names")
            topic = topic_by_name(session, name) or new_topic(
                self, session, name, None, field="new_topic_names"
            )
            if topic not in topics:
                topics.append(topic)
        # an inactive topic stays on the consultations that have it, but is not added anew
        already = {t.id for t in consultation.topics} if consultation.id is not None else set()
        for topic in topics:
            if not topic.is_active and topic.id not in already:
                raise ValidationError(
                    f"Das Thema „{topic.name}“ ist nicht mehr aktiv; unter „Themen verwalten“ "
                    "lässt es sich wieder aktivieren.",
                    field="topic_ids",
                )
        programme = None
        if draft.programme_id is not None:
            programme = session.get(Programme, draft.programme_id)
            if programme is None:
                raise ValidationError(
                    "Das gewählte Programm gibt es nicht (mehr).", field="programme_id"
                )
        consultation.occurred_at = occurred.astimezone(UTC)
        consultation.mode = mode
        consultation.duration_minutes = duration
        consultation.organisation = organisation
        consultation.organisation_id = organisation.id if organisation else None
        consultation.programme = programme
        consultation.programme_id = programme.id if programme else None
        consultation.persons = persons
        consultation.topics = sorted(topics, key=lambda t: t.name.lower())
        consultation.subject = texts["subject"]
        consultation.summary = long_text(draft.summary, "summary")
        consultation.outcome = long_text(draft.outcome, "outcome")
        consultation.file_reference = texts["file_reference"]
        consultation.advisor = texts["advisor"]
