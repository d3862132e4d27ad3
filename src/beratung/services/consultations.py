"""Consultations: recording, listing, full-text search, attachments and topics (issue 4)."""

from __future__ import annotations

import builtins
import contextlib
import hashlib
import logging
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, joinedload, object_session, selectinload

from beratung.domain.contacts import Organisation, Person
from beratung.domain.enums import AuditAction, ConsultationMode, label
from beratung.domain.errors import NotFoundError, UserError, ValidationError
from beratung.domain.rules.dates import format_date_de, parse_date_de, parse_time_de
from beratung.domain.work import (
    Attachment,
    Consultation,
    FollowUp,
    Programme,
    Topic,
    consultation_person,
    consultation_topic,
)
from beratung.services.base import Service, check_version, diff
from beratung.services.followups import FollowUpDraft, FollowUpService
from beratung.storage import search

log = logging.getLogger(__name__)


def mode_label(mode: ConsultationMode) -> str:
    """The German word for a consultation mode (also when given as its stored string)."""
    return label(ConsultationMode(mode))


# --------------------------------------------------------------------------------------------
# Snapshots and inputs


@dataclass(frozen=True, slots=True)
class TopicRef:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class TopicSnapshot:
    id: int
    name: str
    description: str | None
    is_active: bool
    #: How many consultations carry the topic (for the topic manager).
    consultation_count: int


@dataclass(frozen=True, slots=True)
class ProgrammeRef:
    id: int
    name: str
    deadline: date | None = None


@dataclass(frozen=True, slots=True)
class OrganisationRef:
    id: int
    name: str
    is_member: bool
    kreis: str | None
    regierungsbezirk: str | None


@dataclass(frozen=True, slots=True)
class PersonRef:
    id: int
    #: "Dr. Anna Muster" (title, first and last name).
    name: str
    #: The role in the consultation's organisation when known ("Sozialdezernentin").
    role: str | None = None


@dataclass(frozen=True, slots=True)
class AttachmentSnapshot:
    id: int
    consultation_id: int
    original_name: str
    #: Relative to ``ctx.paths.attachment_dir``.
    stored_name: str
    sha256: str
    size_bytes: int
    added_at: datetime


@dataclass(frozen=True, slots=True)
class ConsultationDraft:
    """What the entry form holds; ``record``/``update`` validate it.

    ``occurred_at`` must be timezone-aware (use :meth:`ConsultationService.parse_when` to turn the
    form's "heute"/"25.10."/"25.10.2017" and "14:30" into one). Topics are given by id, and new
    topics by name (created on the fly, or reused when the name exists).
    """

    occurred_at: datetime | None = None
    mode: ConsultationMode = ConsultationMode.PHONE
    duration_minutes: int | None = None
    organisation_id: int | None = None
    person_ids: tuple[int, ...] = ()
    topic_ids: tuple[int, ...] = ()
    new_topic_names: tuple[str, ...] = ()
    programme_id: int | None = None
    subject: str | None = None
    summary: str | None = None
    outcome: str | None = None
    file_reference: str | None = None
    advisor: str | None = None


@dataclass(frozen=True, slots=True)
class ConsultationPrefill:
    """A new consultation started from an organisation or a person (fast entry).

    ``draft`` has date/time (now, rounded down to the quarter hour), organisation, persons and the
    programme of the last consultation with that organisation pre-filled; ``topic_choices`` and
    ``programme_choices`` list every active topic/programme with the most recently used first.
    """

    draft: ConsultationDraft
    organisation: OrganisationRef | None
    persons: tuple[PersonRef, ...]
    topic_choices: tuple[TopicRef, ...]
    programme_choices: tuple[ProgrammeRef, ...]


@dataclass(frozen=True, slots=True)
class ConsultationRow:
    """One line of the consultation list or of search results."""

    id: int
    occurred_at: datetime
    mode: ConsultationMode
    duration_minutes: int | None
    organisation_id: int | None
    organisation_name: str | None
    programme_id: int | None
    programme_name: str | None
    topic_names: tuple[str, ...]
    person_names: tuple[str, ...]
    subject: str | None
    #: The first ~160 characters of the summary, on one line.
    excerpt: str
    file_reference: str | None
    attachment_count: int
    version: int

    @property
    def mode_label(self) -> str:
        return mode_label(self.mode)


@dataclass(frozen=True, slots=True)
class ConsultationFollowUp:
    """A Wiedervorlage on a consultation, as its detail shows it."""

    id: int
    due_on: date
    note: str
    is_done: bool


@dataclass(frozen=True, slots=True)
class ConsultationDetail:
    id: int
    occurred_at: datetime
    mode: ConsultationMode
    duration_minutes: int | None
    organisation: OrganisationRef | None
    persons: tuple[PersonRef, ...]
    topics: tuple[TopicRef, ...]
    programme: ProgrammeRef | None
    subject: str | None
    summary: str | None
    outcome: str | None
    file_reference: str | None
    advisor: str | None
    attachments: tuple[AttachmentSnapshot, ...]
    version: int
    created_at: datetime
    updated_at: datetime
    #: The consultation's Wiedervorlagen (open and done), by due date.
    follow_ups: tuple[ConsultationFollowUp, ...] = ()

    @property
    def mode_label(self) -> str:
        return mode_label(self.mode)

    def to_draft(self) -> ConsultationDraft:
        """The form's starting point for editing this consultation."""
        return ConsultationDraft(
            occurred_at=self.occurred_at,
            mode=self.mode,
            duration_minutes=self.duration_minutes,
            organisation_id=self.organisation.id if self.organisation else None,
            person_ids=tuple(p.id for p in self.persons),
            topic_ids=tuple(t.id for t in self.topics),
            programme_id=self.programme.id if self.programme else None,
            subject=self.subject,
            summary=self.summary,
            outcome=self.outcome,
            file_reference=self.file_reference,
            advisor=self.advisor,
        )


@dataclass(frozen=True, slots=True)
class ConsultationFilter:
    """Filters of the list and the search; all optional and combined with AND.

    ``period_from``/``period_to`` are inclusive calendar days in German time. ``text`` is a
    full-text query (all words must occur; the last one may be the beginning of a word).
    """

    period_from: date | None = None
    period_to: date | None = None
    organisation_id: int | None = None
    person_id: int | None = None
    programme_id: int | None = None
    topic_id: int | None = None
    mode: ConsultationMode | None = None
    text: str | None = None


# --------------------------------------------------------------------------------------------
# Helpers

BERLIN = ZoneInfo("Europe/Berlin")
_EXCERPT = 160
_LIMITS = {"subject": 300, "file_reference": 100, "advisor": 120}
_FIELD_NAMES = {"subject": "Betreff", "file_reference": "Aktenzeichen", "advisor": "Beraterin"}
_COPY_CHUNK = 1024 * 1024


def person_name(person: Person) -> str:
    """ "Dr. Anna Muster"; anonymised persons keep their (replaced) last name."""
    return " ".join(p for p in (person.title, person.first_name, person.last_name) if p)


def organisation_ref(org: Organisation) -> OrganisationRef:
    return OrganisationRef(
        id=org.id,
        name=org.name,
        is_member=org.is_member,
        kreis=org.kreis,
        regierungsbezirk=org.regierungsbezirk,
    )


def day_bounds(period_from: date | None, period_to: date | None) -> tuple[datetime | None, ...]:
    """Inclusive German calendar days as a half-open UTC interval [start, end)."""
    start = (
        datetime.combine(period_from, time(0, 0), BERLIN).astimezone(UTC) if period_from else None
    )
    end = (
        datetime.combine(period_to + timedelta(days=1), time(0, 0), BERLIN).astimezone(UTC)
        if period_to
        else None
    )
    return start, end


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def _excerpt(text: str | None) -> str:
    if not text:
        return ""
    flat = " ".join(text.split())
    return flat if len(flat) <= _EXCERPT else flat[: _EXCERPT - 1].rstrip() + "…"


def _not_found(what: str, ident: int) -> NotFoundError:
    return NotFoundError(f"{what} Nr. {ident} gibt es nicht (mehr).")


def _topic_name(name: str) -> str:
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise ValidationError("Bitte einen Namen für das Thema angeben.", field="name")
    if len(cleaned) > 120:
        raise ValidationError(
            "Der Name des Themas ist zu lang (höchstens 120 Zeichen).", field="name"
        )
    return cleaned


# --------------------------------------------------------------------------------------------
# Service


class ConsultationService(Service):
    """Record, change, find consultations; their attachments; the managed topic list."""

    # --- consultations ------------------------------------------------------------------------

    def record(
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

    def update(
        self,
        consultation_id: int,
        draft: ConsultationDraft,
        expected_version: int,
        *,
        follow_up: FollowUpDraft | None = None,
        attachments: Sequence[Path | str] = (),
    ) -> ConsultationDetail:
        """Change a consultation and add a follow-up and attachments, all or nothing (as
        :meth:`record`)."""
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
        incoming: builtins.list[_Incoming] = []
        placed: builtins.list[Path] = []
        try:
            for source in dict.fromkeys(Path(a) for a in attachments):
                incoming.append(self._copy_in(source))
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
                        f"Beratung {self._describe(consultation)} angelegt",
                        self._fields(consultation),
                    )
                else:
                    consultation = self._load(session, consultation_id)
                    check_version(consultation.version, expected_version, "Die Beratung")
                    before = self._fields(consultation)
                    self._apply(session, consultation, draft)
                    session.flush()
                    changes = diff(before, self._fields(consultation))
                    if changes:
                        self.audit(
                            session,
                            AuditAction.UPDATE,
                            "consultation",
                            consultation.id,
                            f"Beratung {self._describe(consultation)} geändert",
                            changes,
                        )
                for item in incoming:
                    self._store(session, consultation, item, placed)
                if follow_up is not None:
                    FollowUpService(self.ctx).create_in(
                        session, replace(follow_up, consultation_id=consultation.id)
                    )
                detail = self._detail(consultation)
            placed.clear()  # committed: keep the files
            return detail
        finally:
            for leftover in [*(i.temp_path for i in incoming), *placed]:
                with contextlib.suppress(OSError):
                    leftover.unlink(missing_ok=True)

    def delete(self, consultation_id: int, expected_version: int | None = None) -> None:
        stored: list[str] = []
        with self.db.transaction() as session:
            consultation = self._load(session, consultation_id)
            check_version(consultation.version, expected_version, "Die Beratung")
            stored = [a.stored_name for a in consultation.attachments]
            self.audit(
                session,
                AuditAction.DELETE,
                "consultation",
                consultation.id,
                f"Beratung {self._describe(consultation)} gelöscht",
                self._fields(consultation),
            )
            session.delete(consultation)
        for name in stored:
            self._unlink(name)

    def get(self, consultation_id: int) -> ConsultationDetail:
        with self.db.transaction(write=False) as session:
            return self._detail(self._load(session, consultation_id))

    def list(
        self, filter: ConsultationFilter | None = None, offset: int = 0, limit: int = 200
    ) -> builtins.list[ConsultationRow]:
        """Consultations matching ``filter``, newest first; with search text (``filter.text``)
        the best matches first (SQLite FTS5 ``bm25``, PostgreSQL ``ts_rank``), then newest."""
        with self.db.transaction(write=False) as session:
            stmt = self._filtered(session, filter or ConsultationFilter())
            if stmt is None:
                return []
            ids_stmt = stmt.with_only_columns(Consultation.id)
            newest_first = (Consultation.occurred_at.desc(), Consultation.id.desc())
            ranked = (
                search.ranked_ids(self.db.dialect_name, filter.text)
                if filter is not None and filter.text and filter.text.strip()
                else None
            )
            if ranked is not None:
                # by relevance, the newer one first where two rank the same
                hits = ranked.subquery("hits")
                ids_stmt = ids_stmt.join(hits, hits.c.id == Consultation.id).order_by(
                    hits.c.rank, *newest_first
                )
            else:
                ids_stmt = ids_stmt.order_by(*newest_first)
            ids_stmt = ids_stmt.offset(max(0, offset)).limit(max(0, limit))
            ids = builtins.list(session.scalars(ids_stmt))
            return self._rows(session, ids)

    def count(self, filter: ConsultationFilter | None = None) -> int:
        with self.db.transaction(write=False) as session:
            stmt = self._filtered(session, filter or ConsultationFilter())
            if stmt is None:
                return 0
            return int(session.scalar(stmt.with_only_columns(func.count(Consultation.id))) or 0)

    def search(
        self, text: str, filter: ConsultationFilter | None = None, limit: int = 200
    ) -> builtins.list[ConsultationRow]:
        base = filter or ConsultationFilter()
        return self.list(replace(base, text=text), 0, limit)

    # --- fast entry ---------------------------------------------------------------------------

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
        return datetime.combine(day, at, BERLIN)

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
                raise _not_found("Die Organisation", organisation_id)
            last = session.scalars(
                select(Consultation)
                .where(Consultation.organisation_id == organisation_id)
                .options(selectinload(Consultation.persons))
                .order_by(Consultation.occurred_at.desc(), Consultation.id.desc())
                .limit(1)
            ).first()
            persons = tuple(
                PersonRef(p.id, person_name(p), self._role(p, organisation_id))
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
                raise _not_found("Die Person", person_id)
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

    def recent_topics(self, limit: int = 10) -> builtins.list[TopicRef]:
        with self.db.transaction(write=False) as session:
            return self._topic_choices(session)[: max(0, limit)] if limit else []

    def recent_programmes(self, limit: int = 5) -> builtins.list[ProgrammeRef]:
        with self.db.transaction(write=False) as session:
            return self._programme_choices(session)[: max(0, limit)] if limit else []

    # --- attachments --------------------------------------------------------------------------

    def add_attachment(self, consultation_id: int, source_path: Path | str) -> AttachmentSnapshot:
        """Copy the file into the data directory, hashed; the record and the copy exist together
        or not at all."""
        incoming = self._copy_in(Path(source_path))
        placed: builtins.list[Path] = []
        try:
            with self.db.transaction() as session:
                consultation = session.get(Consultation, consultation_id)
                if consultation is None:
                    raise _not_found("Die Beratung", consultation_id)
                snapshot = _attachment_snapshot(
                    self._store(session, consultation, incoming, placed)
                )
            placed.clear()  # committed: keep the file
            return snapshot
        finally:
            for leftover in (incoming.temp_path, *placed):
                with contextlib.suppress(OSError):
                    leftover.unlink(missing_ok=True)

    def _copy_in(self, source: Path) -> _Incoming:
        """Copy ``source`` to a temporary file in the attachment folder, hashing it."""
        if not source.is_file():
            raise ValidationError(
                f"Die Datei {source} gibt es nicht oder sie ist keine Datei; "
                "es wurde nichts angehängt.",
                field="attachment",
            )
        folder = self.ctx.paths.attachment_dir
        folder.mkdir(parents=True, exist_ok=True)
        temp_path: Path | None = None
        digest = hashlib.sha256()
        size = 0
        try:
            with (
                source.open("rb") as reader,
                tempfile.NamedTemporaryFile(
                    dir=folder, prefix=".incoming-", delete=False
                ) as writer,
            ):
                temp_path = Path(writer.name)
                while chunk := reader.read(_COPY_CHUNK):
                    digest.update(chunk)
                    writer.write(chunk)
                    size += len(chunk)
                writer.flush()
                os.fsync(writer.fileno())
        except OSError as exc:
            if temp_path is not None:
                with contextlib.suppress(OSError):
                    temp_path.unlink()
            raise UserError(
                f"Die Datei {source} kann nicht gelesen oder kopiert werden "
                f"({exc.strerror or exc}); es wurde nichts angehängt.",
                hint="Bitte prüfen Sie, ob die Datei geöffnet werden kann und ob im "
                "Datenordner genug Platz ist.",
            ) from exc
        assert temp_path is not None  # set by the with statement, which did not raise
        return _Incoming(
            source=source,
            temp_path=temp_path,
            sha256=digest.hexdigest(),
            size=size,
            suffix="".join(source.suffixes[-1:]).lower()[:16],
        )

    def _store(
        self,
        session: Session,
        consultation: Consultation,
        incoming: _Incoming,
        placed: builtins.list[Path],
    ) -> Attachment:
        """The attachment row (audited) and the file moved into place; the final path is added
        to ``placed`` so the caller removes it if the transaction does not commit."""
        folder = self.ctx.paths.attachment_dir
        stored_name = self._free_name(session, folder, incoming.sha256, incoming.suffix)
        attachment = Attachment(
            original_name=incoming.source.name[:300],
            stored_name=stored_name,
            sha256=incoming.sha256,
            size_bytes=incoming.size,
            added_at=self.ctx.now(),
        )
        consultation.attachments.append(attachment)
        session.flush()
        self.audit(
            session,
            AuditAction.CREATE,
            "attachment",
            attachment.id,
            f"Anhang „{attachment.original_name}“ zu Beratung "
            f"{self._describe(consultation)} hinzugefügt",
            {"sha256": incoming.sha256, "size_bytes": incoming.size, "stored_name": stored_name},
        )
        final_path = folder / stored_name
        final_path.parent.mkdir(parents=True, exist_ok=True)
        incoming.temp_path.replace(final_path)
        placed.append(final_path)
        return attachment

    def remove_attachment(self, attachment_id: int) -> None:
        with self.db.transaction() as session:
            attachment = session.get(Attachment, attachment_id)
            if attachment is None:
                raise _not_found("Der Anhang", attachment_id)
            stored = attachment.stored_name
            self.audit(
                session,
                AuditAction.DELETE,
                "attachment",
                attachment.id,
                f"Anhang „{attachment.original_name}“ entfernt",
                {"sha256": attachment.sha256, "stored_name": stored},
            )
            session.delete(attachment)
        self._unlink(stored)

    def attachment_path(self, attachment_id: int) -> Path:
        with self.db.transaction(write=False) as session:
            attachment = session.get(Attachment, attachment_id)
            if attachment is None:
                raise _not_found("Der Anhang", attachment_id)
            path = Path(self.ctx.paths.attachment_dir) / attachment.stored_name
            if not path.is_file():
                raise UserError(
                    f"Die Datei zum Anhang „{attachment.original_name}“ fehlt im Datenordner "
                    f"({path}).",
                    hint="Bitte stellen Sie den Datenordner aus einer Sicherung wieder her oder "
                    "hängen Sie die Datei erneut an.",
                )
            return path

    # --- topics -------------------------------------------------------------------------------

    def list_topics(self, *, include_inactive: bool = False) -> builtins.list[TopicSnapshot]:
        with self.db.transaction(write=False) as session:
            usage = (
                select(
                    consultation_topic.c.topic_id,
                    func.count().label("n"),
                )
                .group_by(consultation_topic.c.topic_id)
                .subquery()
            )
            stmt = (
                select(Topic, func.coalesce(usage.c.n, 0))
                .outerjoin(usage, usage.c.topic_id == Topic.id)
                .order_by(func.lower(Topic.name))
            )
            if not include_inactive:
                stmt = stmt.where(Topic.is_active.is_(True))
            return [_topic_snapshot(topic, int(n)) for topic, n in session.execute(stmt)]

    def create_topic(self, name: str, description: str | None = None) -> TopicSnapshot:
        with self.db.transaction() as session:
            topic = self._new_topic(session, _topic_name(name), _clean(description))
            return _topic_snapshot(topic, 0)

    def rename_topic(self, topic_id: int, name: str) -> TopicSnapshot:
        cleaned = _topic_name(name)
        with self.db.transaction() as session:
            topic = session.get(Topic, topic_id)
            if topic is None:
                raise _not_found("Das Thema", topic_id)
            clash = self._topic_by_name(session, cleaned)
            if clash is not None and clash.id != topic.id:
                raise ValidationError(f"Ein Thema „{clash.name}“ gibt es schon.", field="name")
            old = topic.name
            topic.name = cleaned
            session.flush()
            self.audit(
                session,
                AuditAction.UPDATE,
                "topic",
                topic.id,
                f"Thema „{old}“ umbenannt in „{cleaned}“",
                {"name": [old, cleaned]},
            )
            return _topic_snapshot(topic, self._topic_usage(session, topic.id))

    def set_topic_active(self, topic_id: int, active: bool) -> TopicSnapshot:
        with self.db.transaction() as session:
            topic = session.get(Topic, topic_id)
            if topic is None:
                raise _not_found("Das Thema", topic_id)
            if topic.is_active != active:
                topic.is_active = active
                self.audit(
                    session,
                    AuditAction.UPDATE,
                    "topic",
                    topic.id,
                    f"Thema „{topic.name}“ {'aktiviert' if active else 'deaktiviert'}",
                    {"is_active": [not active, active]},
                )
            return _topic_snapshot(topic, self._topic_usage(session, topic.id))

    # --- internals ----------------------------------------------------------------------------

    def _load(self, session: Session, consultation_id: int) -> Consultation:
        consultation = session.get(
            Consultation,
            consultation_id,
            options=[
                selectinload(Consultation.persons).selectinload(Person.affiliations),
                selectinload(Consultation.topics),
                selectinload(Consultation.attachments),
                joinedload(Consultation.organisation),
                joinedload(Consultation.programme),
            ],
        )
        if consultation is None:
            raise _not_found("Die Beratung", consultation_id)
        return consultation

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
        if occurred.astimezone(BERLIN).year < 1990:
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
            value = _clean(getattr(draft, name))
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
        persons: builtins.list[Person] = []
        person_ids = builtins.list(dict.fromkeys(draft.person_ids))
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
        topics: builtins.list[Topic] = []
        topic_ids = builtins.list(dict.fromkeys(draft.topic_ids))
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
            name = _topic_name(raw)
            topic = self._topic_by_name(session, name) or self._new_topic(session, name, None)
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
        consultation.summary = _clean(draft.summary)
        consultation.outcome = _clean(draft.outcome)
        consultation.file_reference = texts["file_reference"]
        consultation.advisor = texts["advisor"]

    def _new_topic(self, session: Session, name: str, description: str | None) -> Topic:
        if self._topic_by_name(session, name) is not None:
            raise ValidationError(f"Ein Thema „{name}“ gibt es schon.", field="name")
        topic = Topic(name=name, description=description, is_active=True)
        session.add(topic)
        session.flush()
        self.audit(session, AuditAction.CREATE, "topic", topic.id, f"Thema „{name}“ angelegt")
        return topic

    @staticmethod
    def _topic_by_name(session: Session, name: str) -> Topic | None:
        return session.scalars(
            select(Topic).where(func.lower(Topic.name) == name.lower()).limit(1)
        ).first()

    @staticmethod
    def _topic_usage(session: Session, topic_id: int) -> int:
        return int(
            session.scalar(select(func.count()).where(consultation_topic.c.topic_id == topic_id))
            or 0
        )

    @staticmethod
    def _fields(consultation: Consultation) -> dict[str, Any]:
        return {
            "occurred_at": consultation.occurred_at,
            "mode": consultation.mode.value if consultation.mode else None,
            "duration_minutes": consultation.duration_minutes,
            "organisation_id": consultation.organisation_id,
            "programme_id": consultation.programme_id,
            "person_ids": sorted(p.id for p in consultation.persons),
            "topics": sorted(t.name for t in consultation.topics),
            "subject": consultation.subject,
            "summary": consultation.summary,
            "outcome": consultation.outcome,
            "file_reference": consultation.file_reference,
            "advisor": consultation.advisor,
        }

    @staticmethod
    def _describe(consultation: Consultation) -> str:
        day = format_date_de(consultation.occurred_at.astimezone(BERLIN).date())
        org = consultation.organisation
        return f"{day} – {org.name}" if org is not None else day

    @staticmethod
    def _role(person: Person, organisation_id: int | None) -> str | None:
        for affiliation in person.affiliations:
            if affiliation.organisation_id == organisation_id and affiliation.role:
                return affiliation.role
        return None

    def _detail(self, c: Consultation) -> ConsultationDetail:
        programme = c.programme
        return ConsultationDetail(
            id=c.id,
            occurred_at=c.occurred_at,
            mode=c.mode,
            duration_minutes=c.duration_minutes,
            organisation=organisation_ref(c.organisation) if c.organisation else None,
            persons=tuple(
                PersonRef(p.id, person_name(p), self._role(p, c.organisation_id)) for p in c.persons
            ),
            topics=tuple(TopicRef(t.id, t.name) for t in c.topics),
            programme=ProgrammeRef(programme.id, programme.name, programme.deadline)
            if programme
            else None,
            subject=c.subject,
            summary=c.summary,
            outcome=c.outcome,
            file_reference=c.file_reference,
            advisor=c.advisor,
            attachments=tuple(
                _attachment_snapshot(a) for a in sorted(c.attachments, key=lambda a: a.id)
            ),
            version=c.version,
            created_at=c.created_at,
            updated_at=c.updated_at,
            follow_ups=self._follow_ups(c),
        )

    @staticmethod
    def _follow_ups(c: Consultation) -> tuple[ConsultationFollowUp, ...]:
        session = object_session(c)
        if session is None or c.id is None:
            return ()
        return tuple(
            ConsultationFollowUp(f.id, f.due_on, f.note, f.done_at is not None)
            for f in session.scalars(
                select(FollowUp)
                .where(FollowUp.consultation_id == c.id)
                .order_by(FollowUp.due_on, FollowUp.id)
            )
        )

    def _filtered(self, session: Session, f: ConsultationFilter) -> Select[Any] | None:
        """The SELECT over consultations with every filter applied; None if nothing can match."""
        stmt = select(Consultation.id)
        start, end = day_bounds(f.period_from, f.period_to)
        if start is not None:
            stmt = stmt.where(Consultation.occurred_at >= start)
        if end is not None:
            stmt = stmt.where(Consultation.occurred_at < end)
        if f.organisation_id is not None:
            stmt = stmt.where(Consultation.organisation_id == f.organisation_id)
        if f.programme_id is not None:
            stmt = stmt.where(Consultation.programme_id == f.programme_id)
        if f.mode is not None:
            stmt = stmt.where(Consultation.mode == ConsultationMode(f.mode))
        if f.topic_id is not None:
            stmt = stmt.where(
                Consultation.id.in_(
                    select(consultation_topic.c.consultation_id).where(
                        consultation_topic.c.topic_id == f.topic_id
                    )
                )
            )
        if f.person_id is not None:
            stmt = stmt.where(
                Consultation.id.in_(
                    select(consultation_person.c.consultation_id).where(
                        consultation_person.c.person_id == f.person_id
                    )
                )
            )
        if f.text and f.text.strip():
            ids = search.matching_ids(self.db.dialect_name, f.text)
            # Input without a searchable word ("%", "-") filters nothing, as in the contacts.
            if ids is not None:
                stmt = stmt.where(Consultation.id.in_(ids))
        return stmt

    def _rows(self, session: Session, ids: Sequence[int]) -> builtins.list[ConsultationRow]:
        if not ids:
            return []
        base = session.execute(
            select(
                Consultation.id,
                Consultation.occurred_at,
                Consultation.mode,
                Consultation.duration_minutes,
                Consultation.organisation_id,
                Organisation.name,
                Consultation.programme_id,
                Programme.name,
                Consultation.subject,
                Consultation.summary,
                Consultation.file_reference,
                Consultation.version,
            )
            .outerjoin(Organisation, Organisation.id == Consultation.organisation_id)
            .outerjoin(Programme, Programme.id == Consultation.programme_id)
            .where(Consultation.id.in_(ids))
        ).all()
        topics: dict[int, builtins.list[str]] = {}
        for cid, name in session.execute(
            select(consultation_topic.c.consultation_id, Topic.name)
            .join(Topic, Topic.id == consultation_topic.c.topic_id)
            .where(consultation_topic.c.consultation_id.in_(ids))
            .order_by(Topic.name)
        ):
            topics.setdefault(cid, []).append(name)
        persons: dict[int, builtins.list[str]] = {}
        for cid, title, first, last in session.execute(
            select(
                consultation_person.c.consultation_id,
                Person.title,
                Person.first_name,
                Person.last_name,
            )
            .join(Person, Person.id == consultation_person.c.person_id)
            .where(consultation_person.c.consultation_id.in_(ids))
            .order_by(Person.sort_name, Person.id)
        ):
            persons.setdefault(cid, []).append(" ".join(p for p in (title, first, last) if p))
        attachments: dict[int, int] = {
            cid: int(n)
            for cid, n in session.execute(
                select(Attachment.consultation_id, func.count())
                .where(Attachment.consultation_id.in_(ids))
                .group_by(Attachment.consultation_id)
            )
        }
        by_id = {
            row[0]: ConsultationRow(
                id=row[0],
                occurred_at=row[1],
                mode=row[2],
                duration_minutes=row[3],
                organisation_id=row[4],
                organisation_name=row[5],
                programme_id=row[6],
                programme_name=row[7],
                topic_names=tuple(topics.get(row[0], ())),
                person_names=tuple(persons.get(row[0], ())),
                subject=row[8],
                excerpt=_excerpt(row[9]),
                file_reference=row[10],
                attachment_count=int(attachments.get(row[0], 0)),
                version=row[11],
            )
            for row in base
        }
        return [by_id[i] for i in ids if i in by_id]

    def _topic_choices(self, session: Session) -> builtins.list[TopicRef]:
        last_used = (
            select(
                consultation_topic.c.topic_id,
                func.max(Consultation.occurred_at).label("last"),
            )
            .join(Consultation, Consultation.id == consultation_topic.c.consultation_id)
            .group_by(consultation_topic.c.topic_id)
            .subquery()
        )
        rows = session.execute(
            select(Topic.id, Topic.name, last_used.c.last)
            .outerjoin(last_used, last_used.c.topic_id == Topic.id)
            .where(Topic.is_active.is_(True))
        ).all()
        used = sorted((r for r in rows if r[2] is not None), key=lambda r: r[2], reverse=True)
        unused = sorted((r for r in rows if r[2] is None), key=lambda r: r[1].lower())
        return [TopicRef(r[0], r[1]) for r in [*used, *unused]]

    def _programme_choices(self, session: Session) -> builtins.list[ProgrammeRef]:
        last_used = (
            select(Consultation.programme_id, func.max(Consultation.occurred_at).label("last"))
            .where(Consultation.programme_id.is_not(None))
            .group_by(Consultation.programme_id)
            .subquery()
        )
        rows = session.execute(
            select(Programme.id, Programme.name, Programme.deadline, last_used.c.last).outerjoin(
                last_used, last_used.c.programme_id == Programme.id
            )
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
        now = self.ctx.now().astimezone(BERLIN)
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

    @staticmethod
    def _free_name(session: Session, folder: Path, sha: str, suffix: str) -> str:
        """``ab/ab12…ef.pdf``: named by content; a second copy of the same content (attached to
        another consultation) gets ``-2``, ``-3`` … so every record owns its file."""
        taken = set(session.scalars(select(Attachment.stored_name).where(Attachment.sha256 == sha)))
        number = 1
        while True:
            name = f"{sha[:2]}/{sha}{'' if number == 1 else f'-{number}'}{suffix}"
            if name not in taken and not (folder / name).exists():
                return name
            number += 1

    def _unlink(self, stored_name: str) -> None:
        path = self.ctx.paths.attachment_dir / stored_name
        try:
            path.unlink(missing_ok=True)
        except OSError:
            log.warning("could not delete attachment file %s", path, exc_info=True)


@dataclass(frozen=True, slots=True)
class _Incoming:
    """A file copied into the attachment folder under a temporary name, not yet recorded."""

    source: Path
    temp_path: Path
    sha256: str
    size: int
    suffix: str


def _attachment_snapshot(a: Attachment) -> AttachmentSnapshot:
    return AttachmentSnapshot(
        id=a.id,
        consultation_id=a.consultation_id,
        original_name=a.original_name,
        stored_name=a.stored_name,
        sha256=a.sha256,
        size_bytes=a.size_bytes,
        added_at=a.added_at,
    )


def _topic_snapshot(topic: Topic, usage: int) -> TopicSnapshot:
    return TopicSnapshot(
        id=topic.id,
        name=topic.name,
        description=topic.description,
        is_active=topic.is_active,
        consultation_count=usage,
    )
