"""Invitation letters to an event: the check before printing, the serial letter, delivery.

The steps, each a method the GUI and the command line call alike:

1. :meth:`InvitationService.check_invitations` — which records cannot be printed and why (no
   postal address, an address of more than six lines, a line too wide for the window, no
   registration code, a template value missing for this person). The caller shows them and
   lets the user fix them, leave them out (``InvitationRequest.skip``) or cancel.
2. :meth:`~InvitationService.render_invitations` — everything rendered in memory: the combined
   PDF (one serial letter, sorted by postcode) and, when asked, one PDF per recipient. Refused
   while unskipped problems remain, so nothing is produced half. ``preview_invitations`` is
   the combined document alone, for the preview.
3. :meth:`~InvitationService.issue_invitations` — the files written (each atomically), then in
   one transaction: every written document in the log of issued documents and ``invited_at``
   of exactly the registrations whose letters were produced.

The letter's text is the editable template "einladung" (Einstellungen → Vorlagen; until the
office saves one, :data:`~beratung.domain.rules.invitations.DEFAULT_INVITATION_BODY`). The
letters are signed by the office's signatory (a clerk marked "unterschreibt"), the information
block names the event's clerk.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from beratung.domain.contacts import Affiliation, Person
from beratung.domain.enums import EventStatus, RegistrationStatus
from beratung.domain.errors import UserError, ValidationError
from beratung.domain.events import Event, Registration
from beratung.domain.office import Clerk, TextTemplate
from beratung.domain.printing import (
    AddressBlock,
    InformationBlock,
    LetterForm,
    LetterSnapshot,
    Sender,
    direct_dial,
)
from beratung.domain.reply_forms import ReplyForm, reply_form
from beratung.domain.rules.dates import format_date_de, format_time_de, office_day
from beratung.domain.rules.invitations import (
    DEFAULT_INVITATION_BODY,
    DEFAULT_INVITATION_SUBJECT,
    INVITATION_TEMPLATE_KEY,
    AgendaLine,
    VenueFacts,
    accessibility_text,
    agenda_text,
    contact_text,
    directions_text,
    paragraphs,
    place_text,
    postcode_sort_key,
    unique_file_names,
)
from beratung.domain.rules.letters import address_block, return_line, salutation
from beratung.domain.rules.names import display_name
from beratung.domain.rules.templates import TemplateError, render_template
from beratung.domain.serial_letters import LetterVariant, SerialLetterSnapshot
from beratung.services.base import Service
from beratung.services.documents import DocumentService, RenderedDocument
from beratung.services.events.common import load_event
from beratung.services.events.snapshots import CHECKLIST
from beratung.services.files import write_atomically
from beratung.services.letters import address_input, letter_affiliation
from beratung.services.office import load_profile, sender_from_profile

#: Problem kinds, stable for callers that group or count them; the message is for people.
NO_ADDRESS = "no_address"
ADDRESS_TOO_LONG = "address_too_long"
DOES_NOT_FIT = "does_not_fit"
NO_CODE = "no_code"
TEMPLATE_VALUE = "template_value"


@dataclass(frozen=True, slots=True)
class InvitationRequest:
    """Which invitations to print, and how.

    ``registration_ids``: a chosen selection; ``None``: every registration still *invited*.
    ``skip``: registrations the user chose to leave out after the check.
    """

    registration_ids: tuple[int, ...] | None = None
    variant: LetterVariant = "standard"
    form: LetterForm = "B"
    skip: frozenset[int] = frozenset()
    letter_date: date | None = None


@dataclass(frozen=True, slots=True)
class PrintProblem:
    """One record that cannot be printed as it is."""

    registration_id: int
    person_id: int
    name: str
    kind: str
    message: str

    @property
    def text(self) -> str:
        return f"{self.name}: {self.message}"


class InvitationProblemsError(ValidationError):
    """Printing was asked for while records with problems were not left out."""

    def __init__(self, problems: Sequence[PrintProblem]) -> None:
        count = len({problem.registration_id for problem in problems})
        super().__init__(
            f"{_invitations(count)} so nicht gedruckt werden: "
            + "; ".join(problem.text for problem in problems),
            hint="Bitte die Angaben ergänzen oder diese Einträge auslassen.",
        )
        self.problems = tuple(problems)


@dataclass(frozen=True, slots=True)
class InvitationLetter:
    """One recipient's letter, in posting order."""

    registration_id: int
    person_id: int
    name: str
    letter: LetterSnapshot
    #: The reply form printed after the letter (prefilled with name and code).
    reply_form: ReplyForm | None = None


def _reply_forms(letters: Sequence[InvitationLetter]) -> tuple[ReplyForm, ...]:
    """The letters' reply forms for the serial letter: all of them, or none."""
    forms = tuple(item.reply_form for item in letters if item.reply_form is not None)
    return forms if len(forms) == len(letters) else ()


@dataclass(frozen=True, slots=True)
class InvitationDocuments:
    """A run rendered in memory, ready to be written and logged."""

    event_id: int
    combined: RenderedDocument
    #: (file name, document), one per recipient, when asked for.
    per_recipient: tuple[tuple[str, RenderedDocument], ...]
    letters: tuple[InvitationLetter, ...]

    @property
    def registration_ids(self) -> tuple[int, ...]:
        return tuple(letter.registration_id for letter in self.letters)


@dataclass(frozen=True, slots=True)
class IssuedInvitations:
    """What :meth:`InvitationService.issue_invitations` did."""

    letters: int
    pages: int
    files: tuple[Path, ...]
    log_ids: tuple[int, ...]


@dataclass(slots=True)
class _Run:
    letters: list[InvitationLetter] = field(default_factory=list)
    problems: list[PrintProblem] = field(default_factory=list)


Progress = Callable[[int, int], None]
"""Called with (done, total) while rendering per-recipient files."""


class InvitationService(Service):
    """Invitation letters of one event: check, render, write and log."""

    # ----------------------------------------------------------------- check

    def check_invitations(
        self, event_id: int, request: InvitationRequest = InvitationRequest()
    ) -> list[PrintProblem]:
        """Every record of the request that cannot be printed, with the reason in German
        (skipped ones included, so the list says what will be left out). Problems of the event
        itself (no venue text, a template value the event lacks) raise ``ValidationError``:
        they stop every letter, so there is nothing to skip."""
        run = self._build(event_id, request, include_skipped=True)
        return run.problems

    def list_invitation_letters(
        self, event_id: int, request: InvitationRequest = InvitationRequest()
    ) -> list[InvitationLetter]:
        """The letters (with their reply forms) the request would print, in posting order;
        records with problems are left out (see :meth:`check_invitations`)."""
        return self._build(event_id, request, include_skipped=False).letters

    # ----------------------------------------------------------------- render

    def preview_invitations(
        self, event_id: int, request: InvitationRequest = InvitationRequest()
    ) -> RenderedDocument:
        """The combined serial letter (what the preview shows and prints)."""
        return self.render_invitations(event_id, request).combined

    def render_invitations(
        self,
        event_id: int,
        request: InvitationRequest = InvitationRequest(),
        *,
        per_recipient: bool = False,
        progress: Progress | None = None,
    ) -> InvitationDocuments:
        """The run rendered in memory; :class:`InvitationProblemsError` while a record with a
        problem is not skipped, a ``ValidationError`` when nobody is left to invite."""
        run = self._build(event_id, request, include_skipped=False)
        if run.problems:
            raise InvitationProblemsError(run.problems)
        if not run.letters:
            raise ValidationError(
                "Es gibt keine Einladung zu drucken: niemand ist ausgewählt oder alle "
                "Ausgewählten wurden ausgelassen."
            )
        with self.db.read() as s:
            event_title = load_event(s, event_id).title
        documents = DocumentService(self.ctx)
        count = len(run.letters)
        combined = documents.render(
            SerialLetterSnapshot(
                title=f"Einladungen: {event_title} ({count} Brief{'e' if count != 1 else ''})",
                letters=tuple(item.letter for item in run.letters),
                variant=request.variant,
                reply_forms=_reply_forms(run.letters),
            ),
            title=f"Einladungen: {event_title}",
            entity_type="event",
            entity_id=event_id,
            recipient_ids=tuple(item.person_id for item in run.letters),
            recipient_names=tuple(item.name for item in run.letters),
            file_name=f"Einladungen {event_title}",
        )
        singles: list[tuple[str, RenderedDocument]] = []
        if per_recipient:
            names = unique_file_names(f"Einladung {item.name}" for item in run.letters)
            for done, (name, item) in enumerate(zip(names, run.letters, strict=True), start=1):
                singles.append((name, documents.render(
                    SerialLetterSnapshot(
                        title=f"Einladung: {event_title} – {item.name}",
                        letters=(item.letter,),
                        variant=request.variant,
                        reply_forms=_reply_forms((item,)),
                    ),
                    title=f"Einladung: {event_title} – {item.name}",
                    entity_type="event",
                    entity_id=event_id,
                    recipient_ids=(item.person_id,),
                    recipient_names=(item.name,),
                    file_name=name.removesuffix(".pdf"),
                )))
                if progress is not None:
                    progress(done, count)
        return InvitationDocuments(event_id, combined, tuple(singles), tuple(run.letters))

    # ----------------------------------------------------------------- deliver

    def issue_invitations(
        self,
        documents: InvitationDocuments,
        *,
        out: Path | None = None,
        folder: Path | None = None,
    ) -> IssuedInvitations:
        """Write the combined PDF to ``out`` and the single letters into ``folder`` (made if
        missing), each file whole or not at all; then log exactly the documents written and
        set ``invited_at`` of their registrations, in one transaction. Without ``out`` and
        ``folder`` the combined document counts as printed (the GUI's print button)."""
        targets: list[tuple[Path | None, RenderedDocument]] = []
        if out is not None or folder is None:
            targets.append((out, documents.combined))
        if folder is not None:
            if not documents.per_recipient:
                raise ValidationError("Die Einzelbriefe wurden nicht erzeugt.")
            if folder.exists() and not folder.is_dir():
                raise UserError(f"{folder} ist kein Ordner; es wurde nichts geschrieben.")
            targets += [(folder / name, document) for name, document in documents.per_recipient]
        if out is not None and out.is_dir():
            raise UserError(f"{out} ist ein Ordner, keine Datei; es wurde nichts geschrieben.")
        written = _write_all([(path, doc.pdf) for path, doc in targets if path is not None])
        logger = DocumentService(self.ctx)
        now = self.ctx.now()
        with self.db.transaction() as s:
            log_ids = [
                logger.add_issue(
                    s, document,
                    action="als PDF gespeichert" if path is not None else "gedruckt",
                )
                for path, document in targets
            ]
            registrations = s.scalars(
                select(Registration).where(Registration.id.in_(documents.registration_ids))
            )
            for registration in registrations:
                registration.invited_at = now
        return IssuedInvitations(
            letters=len(documents.letters),
            pages=documents.combined.page_count or 0,
            files=tuple(written),
            log_ids=tuple(log_ids),
        )

    # ----------------------------------------------------------------- building the letters

    def _build(self, event_id: int, request: InvitationRequest, *,
               include_skipped: bool) -> _Run:
        from beratung.documents.serial_letter import LETTER_LAYOUTS  # loads ReportLab

        layout = LETTER_LAYOUTS[(request.variant, request.form)]()
        today = self.ctx.today()
        letter_date = request.letter_date or today
        run = _Run()
        with self.db.read() as s:
            event = load_event(s, event_id)
            if event.status is EventStatus.CANCELLED:
                raise ValidationError(
                    f"„{event.title}“ ist abgesagt; Einladungen werden nicht gedruckt."
                )
            sender = sender_from_profile(load_profile(s))
            back = return_line(sender.name, sender.street, sender.postcode, sender.town)
            clerk = s.get(Clerk, event.clerk_id) if event.clerk_id else None
            signatory = _signatory(s) or clerk
            subject_template, body_template = _template(s)
            event_values = _event_values(event, sender, clerk, letter_date)
            # The template is checked once for what the event must supply, so that a missing
            # deadline is one clear message, not one per letter.
            _check_event_values(subject_template, body_template, event_values)
            information = InformationBlock(
                letter_date=letter_date,
                name=clerk.name if clerk else None,
                phone=direct_dial(sender.phone, clerk.phone_extension) if clerk else None,
                fax=sender.fax if clerk else None,
                email=clerk.email if clerk else None,
            )
            sorted_letters: list[tuple[tuple[int, str, str], InvitationLetter]] = []
            for registration in _registrations(s, event, request):
                if registration.id in request.skip and not include_skipped:
                    continue
                person = registration.person
                name = display_name(person.title, person.first_name, person.last_name)

                def problem(kind: str, message: str, registration: Registration = registration,
                            name: str = name) -> None:
                    run.problems.append(PrintProblem(
                        registration.id, registration.person_id, name, kind, message))

                if not (registration.code or "").strip():
                    problem(NO_CODE, "keine Anmeldenummer (Code) für das Antwortformular")
                aff = _role(s, registration, person, today)
                recipient = address_input(person, aff)
                try:
                    lines = address_block(recipient)
                    greeting = salutation(recipient)
                except ValidationError as exc:
                    kind = ADDRESS_TOO_LONG if exc.field == "address" else NO_ADDRESS
                    label = ("Anschrift hat mehr als sechs Zeilen" if kind == ADDRESS_TOO_LONG
                             else "keine Postanschrift")
                    problem(kind, f"{label} – {exc.message}")
                    continue
                values = {
                    **event_values,
                    "anrede": greeting,
                    "vorname": person.first_name,
                    "nachname": person.last_name,
                    "funktion": aff.role if aff else None,
                    "kommune": aff.organisation.name if aff else None,
                }
                try:
                    subject = render_template(subject_template, values, field="subject")
                    body = render_template(body_template, values, field="body")
                except TemplateError as exc:
                    problem(TEMPLATE_VALUE, exc.message)
                    continue
                letter = LetterSnapshot(
                    sender=sender,
                    address=AddressBlock(lines=lines),
                    return_line=back,
                    information=information,
                    subject=subject,
                    salutation=greeting,
                    body=_without_salutation(paragraphs(body), greeting),
                    title=f"Einladung: {event.title} – {name}",
                    signatory_name=signatory.name if signatory else None,
                    signatory_function=signatory.function if signatory else None,
                    form=request.form,
                )
                try:
                    layout.validate(letter)
                except ValidationError as exc:
                    problem(DOES_NOT_FIT, exc.message)
                    continue
                sorted_letters.append((
                    postcode_sort_key(lines, person.sort_name),
                    InvitationLetter(registration.id, registration.person_id, name, letter,
                                     reply_form(event, event_values, sender, name,
                                                registration.code or "")),
                ))
        sorted_letters.sort(key=lambda pair: pair[0])
        run.letters = [letter for _key, letter in sorted_letters]
        return run


def _registrations(s: Session, event: Event,
                   request: InvitationRequest) -> list[Registration]:
    stmt = (
        select(Registration)
        .where(Registration.event_id == event.id)
        .options(
            selectinload(Registration.person)
            .selectinload(Person.affiliations)
            .joinedload(Affiliation.organisation)
        )
        .order_by(Registration.id)
    )
    if request.registration_ids is None:
        stmt = stmt.where(Registration.status == RegistrationStatus.INVITED)
    else:
        stmt = stmt.where(Registration.id.in_(request.registration_ids))
    found = list(s.scalars(stmt))
    if request.registration_ids is not None:
        missing = set(request.registration_ids) - {r.id for r in found}
        if missing:
            raise ValidationError(
                f"Die Anmeldung(en) Nr. {', '.join(str(n) for n in sorted(missing))} "
                f"gehören nicht zu „{event.title}“."
            )
    return found

def _role(s: Session, registration: Registration, person: Person,
          today: date) -> Affiliation | None:
    """The role the person is invited in; the letter default when none was chosen."""
    if registration.affiliation_id is not None:
        chosen = next(
            (a for a in person.affiliations if a.id == registration.affiliation_id), None
        )
        if chosen is not None:
            return chosen
    return letter_affiliation(person, today)

def _signatory(s: Session) -> Clerk | None:
    return s.scalars(
        select(Clerk)
        .where(Clerk.is_signatory.is_(True), Clerk.is_active.is_(True))
        .order_by(Clerk.id)
    ).first()

def _template(s: Session) -> tuple[str, str]:
    """(subject, body) of the office's invitation template, or the built-in one."""
    template = s.scalars(
        select(TextTemplate).where(TextTemplate.key == INVITATION_TEMPLATE_KEY)
    ).first()
    if template is None:
        return DEFAULT_INVITATION_SUBJECT, DEFAULT_INVITATION_BODY
    return template.subject or DEFAULT_INVITATION_SUBJECT, template.body

def _event_values(event: Event, sender: Sender, clerk: Clerk | None,
                  letter_date: date) -> dict[str, str | None]:
    venue = event.venue
    facts = None
    if venue is not None:
        facts = VenueFacts(
            name=venue.name, room=venue.room, street=venue.street,
            postcode=venue.postcode, town=venue.town, directions=venue.directions,
            public_transport=venue.public_transport,
            checklist={key: getattr(venue, key) for key, _label in CHECKLIST},
            accessibility_notes=venue.accessibility_notes,
        )
    day, hours = _when(event.starts_at, event.ends_at)
    contact = (
        contact_text(clerk.name, direct_dial(sender.phone, clerk.phone_extension),
                     clerk.email or sender.email)
        if clerk is not None
        else contact_text(sender.unit or sender.name, sender.phone, sender.email)
    )
    return {
        "veranstaltung": event.title,
        "veranstaltung_datum": day,
        "veranstaltung_uhrzeit": hours,
        "ort": place_text(facts),
        "anreise": directions_text(facts),
        "barrierefreiheit": accessibility_text(facts),
        "tagesordnung": agenda_text([
            AgendaLine(item.starts_at, item.ends_at, item.title, item.speaker)
            for item in event.agenda_items
        ]),
        "anmeldeschluss": (format_date_de(event.registration_deadline, "long")
                           if event.registration_deadline else None),
        "kontakt": contact or None,
        "bearbeiterin": clerk.name if clerk else None,
        "datum": format_date_de(letter_date, "long"),
    }

def _check_event_values(subject: str, body: str, values: Mapping[str, str | None]) -> None:
    """Render the template with stand-ins for the person's values: what is still missing
    is the event's (e.g. no registration deadline) and stops the run with one message."""
    stand_ins = dict.fromkeys(("anrede", "vorname", "nachname", "funktion", "kommune"), "x")
    try:
        render_template(subject, {**values, **stand_ins}, field="subject")
        render_template(body, {**values, **stand_ins}, field="body")
    except TemplateError as exc:
        raise ValidationError(
            f"Die Einladung kann nicht gedruckt werden: {exc.message}",
            field=exc.field,
            hint="Bitte die Angaben der Veranstaltung ergänzen (z. B. die Anmeldefrist) "
            "oder die Vorlage „Einladung“ ändern.",
        ) from exc

def _write_all(files: Sequence[tuple[Path, bytes]]) -> list[Path]:
    """Write every file atomically; when one fails, the new files of this run are removed
    again (a file that existed before keeps its new content: it was replaced whole)."""
    written: list[Path] = []
    new: list[Path] = []
    try:
        for path, data in files:
            existed = path.exists()
            write_atomically(path, data, create_folder=True)
            written.append(path)
            if not existed:
                new.append(path)
    except UserError:
        for path in new:
            path.unlink(missing_ok=True)
        raise
    return written


def _invitations(count: int) -> str:
    """ "1 Einladung kann", "3 Einladungen können"."""
    return f"{count} Einladung kann" if count == 1 else f"{count} Einladungen können"


def _when(starts_at: datetime, ends_at: datetime | None) -> tuple[str, str]:
    """("Mittwoch, 25. Oktober 2017", "10:00 bis 16:00 Uhr"); over several days both days."""
    day = format_date_de(starts_at, "weekday")
    start = format_time_de(starts_at)
    if ends_at is None:
        return day, f"ab {start} Uhr"
    if office_day(ends_at) == office_day(starts_at):
        return day, f"{start} bis {format_time_de(ends_at)} Uhr"
    return (f"{day}, bis {format_date_de(ends_at, 'weekday')}",
            f"Beginn {start} Uhr, Ende {format_time_de(ends_at)} Uhr")


def _without_salutation(body: tuple[str, ...], greeting: str) -> tuple[str, ...]:
    """The body without a leading salutation paragraph: the letter prints the salutation
    itself, so a template that starts with {anrede} does not greet twice."""
    if body and body[0].strip() == greeting:
        return body[1:]
    return body


__all__ = [
    "ADDRESS_TOO_LONG",
    "DOES_NOT_FIT",
    "NO_ADDRESS",
    "NO_CODE",
    "TEMPLATE_VALUE",
    "InvitationDocuments",
    "InvitationLetter",
    "InvitationProblemsError",
    "InvitationRequest",
    "InvitationService",
    "IssuedInvitations",
    "PrintProblem",
    "Progress",
]
