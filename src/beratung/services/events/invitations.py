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

Variants: ``InvitationRequest.variant`` for the whole run, or ``None``: each invitee's
``print_variant`` from the contacts (standard, large print, Leichte Sprache). The combined PDF
keeps the posting order (by postcode) whatever the variants: it is one pile for the post, and a
letter in large print is franked like any other. Leichte Sprache has its own template
("einladung_leichte_sprache", :mod:`beratung.domain.rules.easy_language`), its own e-mail text
("einladung_email_leichte_sprache") and its own reply form (same fields, easy words and values).

Delivery: with ``InvitationRequest.email_drafts`` the invitees whose route is e-mail (or who
have none and an e-mail address, :mod:`beratung.domain.rules.invitation_mail`) get an ``.eml``
draft with their letter attached instead of a letter in the combined PDF.

The letter's text is the editable template "einladung" (Einstellungen → Vorlagen; until the
office saves one, :data:`~beratung.domain.rules.invitations.DEFAULT_INVITATION_BODY`). The
letters are signed by the office's signatory (a clerk marked "unterschreibt"), the information
block names the event's clerk.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from beratung.domain.contacts import Affiliation, Person
from beratung.domain.enums import EventStatus, RegistrationStatus
from beratung.domain.errors import UserError, ValidationError
from beratung.domain.events import Event, Registration
from beratung.domain.office import Clerk
from beratung.domain.printing import (
    AddressBlock,
    InformationBlock,
    LetterForm,
    LetterSnapshot,
    direct_dial,
)
from beratung.domain.reply_forms import ReplyForm, reply_form
from beratung.domain.rules.easy_language import EASY_GREETING, without_abbreviations
from beratung.domain.rules.invitation_mail import goes_by_email
from beratung.domain.rules.invitations import paragraphs, postcode_sort_key, unique_file_names
from beratung.domain.rules.letters import address_block, return_line, salutation
from beratung.domain.rules.names import display_name
from beratung.domain.rules.templates import TemplateError, render_template
from beratung.domain.serial_letters import LETTER_VARIANTS, LetterVariant, SerialLetterSnapshot
from beratung.services.base import Service
from beratung.services.documents import DocumentService, RenderedDocument
from beratung.services.events.common import load_event
from beratung.services.events.invitation_mail import MailAttachment, MailText, build_draft
from beratung.services.events.invitation_texts import (
    EASY_KINDS,
    check_event_values,
    email_address,
    event_values,
    load_template,
    mail_signature,
)
from beratung.services.files import write_all_atomically
from beratung.services.letters import address_input, letter_affiliation
from beratung.services.office import load_profile, office_signatory, sender_from_profile

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
    ``variant``: the layout of every letter; ``None``: each invitee's preference.
    ``skip``: registrations the user chose to leave out after the check.
    ``email_drafts``: e-mail drafts for those whose route is e-mail (rules in
    :mod:`beratung.domain.rules.invitation_mail`); without it everybody gets a letter.
    """

    registration_ids: tuple[int, ...] | None = None
    variant: LetterVariant | None = None
    form: LetterForm = "B"
    skip: frozenset[int] = frozenset()
    letter_date: date | None = None
    email_drafts: bool = False


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
    variant: LetterVariant = "standard"
    #: The e-mail, when this invitee gets a draft instead of a printed letter.
    mail: MailText | None = None

    #: The reply form printed after the letter (prefilled with name and code).
    reply_form: ReplyForm | None = None


def _reply_forms(letters: Sequence[InvitationLetter]) -> tuple[ReplyForm, ...]:
    """The letters' reply forms for the serial letter: all of them, or none."""
    forms = tuple(item.reply_form for item in letters if item.reply_form is not None)
    return forms if len(forms) == len(letters) else ()


@dataclass(frozen=True, slots=True)
class MailDraft:
    """One ``.eml`` draft: its file name, the letter attached and the message's bytes."""

    file_name: str
    registration_id: int
    document: RenderedDocument
    message: bytes


@dataclass(frozen=True, slots=True)
class InvitationDocuments:
    """A run rendered in memory, ready to be written and logged.

    ``post`` holds the letters to post; ``None`` only when every invitee gets an e-mail draft
    (``combined`` is the same, for callers that never ask for drafts, like the preview).
    ``letters`` are all invitees of the run in posting order, ``drafts`` those by e-mail.
    """

    event_id: int
    post: RenderedDocument | None
    #: (file name, document), one per recipient (post and e-mail), when asked for.
    per_recipient: tuple[tuple[str, RenderedDocument], ...]
    letters: tuple[InvitationLetter, ...]
    drafts: tuple[MailDraft, ...] = ()

    @property
    def registration_ids(self) -> tuple[int, ...]:
        return tuple(letter.registration_id for letter in self.letters)

    @property
    def combined(self) -> RenderedDocument:
        """The combined PDF of the letters to post; a ``ValidationError`` when every invitee
        goes by e-mail (only possible with ``email_drafts``)."""
        if self.post is None:
            raise ValidationError(
                "Alle werden per E-Mail eingeladen; es gibt keine Briefe zum Drucken."
            )
        return self.post

    @property
    def posted(self) -> tuple[InvitationLetter, ...]:
        """The letters in the combined PDF, in posting order."""
        return tuple(letter for letter in self.letters if letter.mail is None)


@dataclass(frozen=True, slots=True)
class IssuedInvitations:
    """What :meth:`InvitationService.issue_invitations` did."""

    letters: int
    pages: int
    files: tuple[Path, ...]
    log_ids: tuple[int, ...]
    #: How many of ``letters`` went out as e-mail drafts.
    drafts: int = 0


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
        """The combined serial letter (what the preview shows and prints): every letter of the
        request, e-mail drafts or not."""
        documents = self.render_invitations(event_id, replace(request, email_drafts=False))
        return documents.combined  # without drafts every letter is posted

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
            sender = sender_from_profile(load_profile(s))
        documents = DocumentService(self.ctx)
        posted = [item for item in run.letters if item.mail is None]
        mailed = [item for item in run.letters if item.mail is not None]
        if mailed and not (sender.email or "").strip():
            raise ValidationError(
                "Für E-Mail-Entwürfe fehlt die E-Mail-Adresse der Geschäftsstelle.",
                field="email",
                hint="Bitte unter Einstellungen → Geschäftsstelle eintragen.",
            )
        combined = None
        if posted:
            count = len(posted)
            combined = documents.render(
                SerialLetterSnapshot(
                    title=f"Einladungen: {event_title} ({count} Brief{'e' if count != 1 else ''})",
                    letters=tuple(item.letter for item in posted),
                    **_variants(request, posted),
                    reply_forms=_reply_forms(posted),
                ),
                title=f"Einladungen: {event_title}",
                entity_type="event",
                entity_id=event_id,
                recipient_ids=tuple(item.person_id for item in posted),
                recipient_names=tuple(item.name for item in posted),
                file_name=f"Einladungen {event_title}",
            )

        def single(item: InvitationLetter, name: str) -> RenderedDocument:
            return documents.render(
                SerialLetterSnapshot(
                    title=f"Einladung: {event_title} – {item.name}",
                    letters=(item.letter,),
                    variant=item.variant,
                    reply_forms=_reply_forms((item,)),
                ),
                title=f"Einladung: {event_title} – {item.name}",
                entity_type="event",
                entity_id=event_id,
                recipient_ids=(item.person_id,),
                recipient_names=(item.name,),
                file_name=name.removesuffix(".pdf"),
            )

        names = unique_file_names(f"Einladung {item.name}" for item in run.letters)
        singles: dict[int, tuple[str, RenderedDocument]] = {}
        total = len(run.letters) if per_recipient else len(mailed)
        done = 0
        for name, item in zip(names, run.letters, strict=True):
            if per_recipient or item.mail is not None:
                singles[item.registration_id] = (name, single(item, name))
                done += 1
                if progress is not None:
                    progress(done, total)
        drafts: list[MailDraft] = []
        now = self.ctx.now()
        for file_name, item in zip(
            unique_file_names((f"Einladung {item.name}" for item in mailed), ".eml"),
            mailed, strict=True,
        ):
            assert item.mail is not None and sender.email
            pdf_name, document = singles[item.registration_id]
            message = build_draft(
                sender_name=", ".join(part for part in (sender.name, sender.unit) if part),
                sender_address=sender.email,
                mail=item.mail,
                attachments=self.mail_attachments(item, pdf_name, document),
                date=now,
            )
            drafts.append(MailDraft(file_name, item.registration_id, document, message))
        return InvitationDocuments(
            event_id,
            combined,
            tuple(singles[item.registration_id] for item in run.letters) if per_recipient
            else (),
            tuple(run.letters),
            tuple(drafts),
        )

    def mail_attachments(self, item: InvitationLetter, pdf_name: str,
                         letter: RenderedDocument) -> list[MailAttachment]:
        """What an e-mail draft carries: the personal invitation as a PDF, its fillable reply
        form included as the last page (the recipient fills it in and sends the PDF back)."""
        return [MailAttachment(pdf_name, letter.pdf)]

    # ----------------------------------------------------------------- deliver

    def issue_invitations(
        self,
        documents: InvitationDocuments,
        *,
        out: Path | None = None,
        folder: Path | None = None,
        email_folder: Path | None = None,
        printed: bool | None = None,
    ) -> IssuedInvitations:
        """Write the combined PDF to ``out``, the single letters into ``folder`` and the e-mail
        drafts into ``email_folder`` (folders made if missing), each file whole or not at all;
        then log exactly the documents written and set ``invited_at`` of their registrations,
        in one transaction. ``printed``: the combined document went to the printer (the GUI's
        print button, which may write the drafts in the same step); ``None`` infers it — without
        any path the combined document counts as printed."""
        targets: list[tuple[Path | None, RenderedDocument, str, tuple[int, ...]]] = []
        if printed is None:
            printed = out is None and folder is None and email_folder is None
        elif printed and out is not None:
            raise ValueError("a combined PDF is either printed or saved to a file, not both")
        if documents.post is not None and (out is not None or printed):
            targets.append((
                out, documents.post,
                "gedruckt" if printed else "als PDF gespeichert",
                tuple(item.registration_id for item in documents.posted),
            ))
        if folder is not None:
            if not documents.per_recipient:
                raise ValidationError("Die Einzelbriefe wurden nicht erzeugt.")
            _check_folder(folder)
            targets += [
                (folder / name, document, "als PDF gespeichert", (item.registration_id,))
                for (name, document), item in zip(documents.per_recipient, documents.letters,
                                                  strict=True)
            ]
        if documents.drafts:
            if email_folder is None:
                raise ValidationError(
                    "Für die E-Mail-Entwürfe ist kein Ordner angegeben; es wurde nichts "
                    "geschrieben."
                )
            _check_folder(email_folder)
        if out is not None and out.is_dir():
            raise UserError(f"{out} ist ein Ordner, keine Datei; es wurde nichts geschrieben.")
        files = [(path, doc.pdf) for path, doc, _action, _ids in targets if path is not None]
        if email_folder is not None:
            files += [(email_folder / draft.file_name, draft.message)
                      for draft in documents.drafts]
        written = write_all_atomically(files)
        logger = DocumentService(self.ctx)
        now = self.ctx.now()
        invited: set[int] = set()
        with self.db.transaction() as s:
            log_ids = []
            for _path, document, action, ids in targets:
                log_ids.append(logger.add_issue(s, document, action=action))
                invited.update(ids)
            if email_folder is not None:
                for draft in documents.drafts:
                    log_ids.append(logger.add_issue(
                        s, draft.document, action="als E-Mail-Entwurf gespeichert"))
                    invited.add(draft.registration_id)
            registrations = s.scalars(
                select(Registration).where(Registration.id.in_(sorted(invited)))
            )
            for registration in registrations:
                registration.invited_at = now
        return IssuedInvitations(
            letters=len(invited),
            pages=documents.post.page_count or 0 if documents.post else 0,
            files=tuple(written),
            log_ids=tuple(log_ids),
            drafts=len(documents.drafts) if email_folder is not None else 0,
        )

    # ----------------------------------------------------------------- building the letters

    def _build(self, event_id: int, request: InvitationRequest, *,
               include_skipped: bool) -> _Run:
        from beratung.documents.serial_letter import LETTER_LAYOUTS  # loads ReportLab

        layouts = {variant: LETTER_LAYOUTS[(variant, request.form)]()
                   for variant in LETTER_VARIANTS}
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
            signatory = office_signatory(s, clerk)
            # Each text (letter, Leichte Sprache, e-mail) is loaded and checked once, when first
            # needed, for what the event must supply: a missing deadline is one clear message,
            # not one per letter.
            texts: dict[str, tuple[str, str, dict[str, str | None]]] = {}

            def text(kind: str) -> tuple[str, str, dict[str, str | None]]:
                if kind not in texts:
                    subject_template, body_template = load_template(s, kind)
                    values = event_values(event, sender, clerk, letter_date,
                                           easy=kind in EASY_KINDS)
                    check_event_values(subject_template, body_template, values, kind)
                    texts[kind] = (subject_template, body_template, values)
                return texts[kind]

            if request.email_drafts and request.variant != "easy":
                text("mail")
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
                address = email_address(person, aff)
                by_mail = goes_by_email(person.contact_route, address,
                                        drafts=request.email_drafts)
                try:
                    lines = address_block(recipient)
                    greeting = salutation(recipient)
                except ValidationError as exc:
                    kind = ADDRESS_TOO_LONG if exc.field == "address" else NO_ADDRESS
                    if by_mail and kind == NO_ADDRESS:
                        # The letter travels as an attachment: name and organisation suffice.
                        lines = tuple(part for part in (
                            aff.organisation.name if aff else None, name) if part)
                        greeting = salutation(recipient)
                    else:
                        label = ("Anschrift hat mehr als sechs Zeilen"
                                 if kind == ADDRESS_TOO_LONG else "keine Postanschrift")
                        problem(kind, f"{label} – {exc.message}")
                        continue
                variant: LetterVariant = request.variant or person.print_variant.value
                easy = variant == "easy"
                subject_template, body_template, run_values = text("easy" if easy else "letter")
                personal = {
                    "anrede": greeting,
                    "vorname": person.first_name,
                    "nachname": person.last_name,
                    "funktion": aff.role if aff else None,
                    "kommune": aff.organisation.name if aff else None,
                }
                if easy:
                    greeting = without_abbreviations(greeting)
                    personal["anrede"] = greeting
                values = {**run_values, **personal}
                mail: MailText | None = None
                try:
                    subject = render_template(subject_template, values, field="subject")
                    body = render_template(body_template, values, field="body")
                    if by_mail:
                        assert address is not None
                        mail_subject, mail_body, mail_values = text(
                            "easy_mail" if easy else "mail")
                        mail_values = {**mail_values, **personal}
                        mail = MailText(
                            to_name=name,
                            to_address=address,
                            subject=render_template(mail_subject, mail_values, field="subject"),
                            body=render_template(mail_body, mail_values, field="body")
                            + mail_signature(signatory, clerk, sender),
                        )
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
                if easy:
                    letter = replace(letter, greeting=EASY_GREETING)
                try:
                    layouts[variant].validate(letter)
                except ValidationError as exc:
                    problem(DOES_NOT_FIT, exc.message)
                    continue
                # The form in Leichte Sprache says when in easy words ("10 Uhr bis 16 Uhr")
                # and prefills the name without abbreviations, as the letter greets.
                form = (reply_form(event, run_values, sender, without_abbreviations(name),
                                   registration.code or "") if easy else
                        reply_form(event, text("letter")[2], sender, name,
                                   registration.code or ""))
                sorted_letters.append((
                    postcode_sort_key(lines, person.sort_name),
                    InvitationLetter(registration.id, registration.person_id, name, letter,
                                     variant, mail, form),
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

def _variants(request: InvitationRequest,
              letters: Sequence[InvitationLetter]) -> dict[str, Any]:
    """The snapshot's variant fields: the run's variant, or one per letter when chosen per
    invitee and they differ."""
    if request.variant is not None:
        return {"variant": request.variant}
    variants = tuple(item.variant for item in letters)
    if len(set(variants)) == 1:
        return {"variant": variants[0]}
    return {"variant": "standard", "letter_variants": variants}


def _check_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise UserError(f"{folder} ist kein Ordner; es wurde nichts geschrieben.")


def _invitations(count: int) -> str:
    """ "1 Einladung kann", "3 Einladungen können"."""
    return f"{count} Einladung kann" if count == 1 else f"{count} Einladungen können"


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
    "MailDraft",
    "PrintProblem",
    "Progress",
]
