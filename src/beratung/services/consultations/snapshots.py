"""What the consultation services take and give: inputs, filters, rows, details (frozen
dataclasses), and the German word for a consultation mode."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from beratung.domain.enums import ConsultationMode, label


def mode_label(mode: ConsultationMode) -> str:
    """The German word for a consultation mode (also when given as its stored string)."""
    return label(ConsultationMode(mode))


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
    """What the entry form holds; ``create_consultation``/``update_consultation`` check it.

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
