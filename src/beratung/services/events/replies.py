"""Returned reply forms read back: matched by code, shown as a dry run, applied in one go.

:meth:`ReplyImportService.import_replies` reads the filled PDFs (``interchange.reply_pdf``),
decides what each says (``domain.reply_forms.read_answer``), matches it to the event's
registration by its code and takes the steps the GUI would take — registering (places or the
waiting list, through :meth:`RegistrationService.admit_in`), declining (``take_step``, the
waiting list moves up), needs only with the consent box ticked, remarks added to the notes.

A dry run takes exactly the same steps in a transaction that is rolled back, so the list shows
what would really happen (the place on the waiting list included). Applying takes them in
**one** transaction: a failure rolls back every reply. Files that cannot be read, forms whose
code matches no registration of the event and forms that say nothing are listed with the reason
and change nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from beratung.domain.enums import AuditAction, ConsentMethod, RegistrationStatus, label
from beratung.domain.errors import UserError
from beratung.domain.events import Registration
from beratung.domain.reply_forms import ReplyAnswer, ReplyFormSnapshot, read_answer
from beratung.domain.rules.invitations import unique_file_names
from beratung.domain.rules.registrations import normalise_code
from beratung.interchange.reply_pdf import read_reply_fields
from beratung.services.documents import DocumentService, RenderedDocument
from beratung.services.events.common import Places, load_event
from beratung.services.events.registrations import RegistrationService
from beratung.services.events.snapshots import HealthConsentInput, NeedInput
from beratung.services.events.steps import ALLOWED, check_needs, display_name_of, take_step
from beratung.services.files import read_input_file

#: A filled reply form is one page with a few fields; anything this large is another file.
MAX_REPLY_BYTES = 20 * 1024 * 1024

#: What a reply does to its registration (stable keys; ``text`` is for people).
REGISTER = "register"
DECLINE = "decline"
UPDATE = "update"
UNCHANGED = "unchanged"

NOTE_PREFIX = "Antwortformular: "


@dataclass(frozen=True, slots=True)
class ReplyChange:
    """One reply matched to a registration, and what it does (or did)."""

    file: str
    registration_id: int
    person_id: int
    name: str
    code: str
    action: str
    #: German: "Anmeldung, 1 Begleitperson; Bedarfe: Rollstuhlplatz; Bemerkung übernommen".
    text: str
    #: German notes: needs dropped for want of consent, waiting-list place, who moved up.
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReplyProblem:
    """A file (or a form in it) that changes nothing, with the reason in German."""

    file: str
    reason: str

    @property
    def text(self) -> str:
        return f"{self.file}: {self.reason}"


@dataclass(frozen=True, slots=True)
class ReplyImport:
    """The result of an import: ``applied`` is false for a dry run."""

    changes: tuple[ReplyChange, ...]
    problems: tuple[ReplyProblem, ...]
    applied: bool

    @property
    def changed(self) -> tuple[ReplyChange, ...]:
        """The replies that change something."""
        return tuple(change for change in self.changes if change.action != UNCHANGED)


@dataclass(frozen=True, slots=True)
class _Read:
    file: str
    answer: ReplyAnswer


class _DryRun(Exception):  # noqa: N818  (control flow, not an error)
    """Raised inside the transaction to roll a dry run back, carrying its result."""

    def __init__(self, result: ReplyImport) -> None:
        super().__init__("dry run")
        self.result = result


def _places_text(count: int) -> str:
    return "1 Begleitperson" if count == 1 else f"{count} Begleitpersonen"


class ReplyImportService(RegistrationService):
    """Reading returned reply forms into an event's registrations."""

    def import_replies(
        self, event_id: int, files: Sequence[Path], *, dry_run: bool = True
    ) -> ReplyImport:
        """Read ``files`` and show (``dry_run``) or apply what they say; see the module."""
        read, problems = self._read_files(files)
        try:
            with self.db.transaction() as s:
                changes = self._apply(s, event_id, read, problems)
                result = ReplyImport(tuple(changes), tuple(problems), applied=not dry_run)
                if dry_run:
                    raise _DryRun(result)
                if result.changed:
                    event = load_event(s, event_id)
                    self.audit(
                        s, AuditAction.IMPORT, "event", event.id,
                        f"{len(result.changed)} Antwortformular(e) zu „{event.title}“ "
                        "übernommen",
                        {"replies": len(result.changed), "problems": len(problems)},
                    )
        except _DryRun as dry:
            return dry.result
        return result

    def render_reply_forms(
        self, event_id: int, registration_ids: Sequence[int]
    ) -> list[tuple[str, RenderedDocument]]:
        """The reply form alone for each registration — (file name, document) — e.g. to send
        it again, in the variant of the person's letter (Leichte Sprache, large print); those
        whose letter cannot be made (no address, no code) are left out."""
        from beratung.services.events.invitations import InvitationRequest, InvitationService

        letters = InvitationService(self.ctx).list_invitation_letters(
            event_id, InvitationRequest(registration_ids=tuple(registration_ids)))
        documents = DocumentService(self.ctx)
        names = unique_file_names(f"Antwortformular {item.name}" for item in letters)
        result = []
        for name, item in zip(names, letters, strict=True):
            if item.reply_form is None:
                continue
            title = f"Antwortformular: {item.reply_form.event_title} – {item.name}"
            result.append((name, documents.render(
                ReplyFormSnapshot(title=title, form=item.reply_form, variant=item.variant),
                title=title,
                entity_type="event", entity_id=event_id, recipient_ids=(item.person_id,),
                recipient_names=(item.name,), file_name=name.removesuffix(".pdf"),
            )))
        return result

    # ----------------------------------------------------------------- reading

    @staticmethod
    def _read_files(files: Sequence[Path]) -> tuple[list[_Read], list[ReplyProblem]]:
        read: list[_Read] = []
        problems: list[ReplyProblem] = []
        for path in files:
            try:
                data = read_input_file(path, limit=MAX_REPLY_BYTES)
            except UserError as exc:
                problems.append(ReplyProblem(path.name, exc.message))
                continue
            try:
                forms = read_reply_fields(data)
            except UserError as exc:
                problems.append(ReplyProblem(path.name, exc.message))
                continue
            for values in forms:
                read.append(_Read(path.name, read_answer(values)))
        return read, problems

    # ----------------------------------------------------------------- applying

    def _apply(self, s: Session, event_id: int, read: list[_Read],
               problems: list[ReplyProblem]) -> list[ReplyChange]:
        event = load_event(s, event_id, lock=True)
        self._check_open(event)  # a cancelled event takes no registrations
        places = Places(s, event)
        today = self.ctx.today()
        seen: dict[int, str] = {}
        changes: list[ReplyChange] = []
        for item in read:
            answer = item.answer
            code = normalise_code(answer.code)
            if not code:
                problems.append(ReplyProblem(item.file, "Das Formular hat keinen Anmeldecode."))
                continue
            registration = s.scalar(
                select(Registration).where(Registration.event_id == event.id,
                                           Registration.code == code)
            )
            if registration is None:
                elsewhere = s.scalar(select(Registration.id).where(Registration.code == code))
                problems.append(ReplyProblem(item.file, (
                    f"Der Code {code} gehört zu einer anderen Veranstaltung."
                    if elsewhere is not None
                    else f"Zum Code {code} gibt es bei „{event.title}“ keine Anmeldung."
                )))
                continue
            if registration.id in seen:
                problems.append(ReplyProblem(item.file, (
                    f"Für den Code {code} wurde schon {seen[registration.id]} gelesen; "
                    "diese Antwort wird nicht übernommen."
                )))
                continue
            seen[registration.id] = item.file
            change = self._one(s, places, registration, item, code, today)
            if isinstance(change, ReplyProblem):
                problems.append(change)
            else:
                changes.append(change)
        s.flush()
        return changes

    def _one(self, s: Session, places: Places, registration: Registration, item: _Read,
             code: str, today: date) -> ReplyChange | ReplyProblem:
        """What one reply does to its registration, done in the open transaction."""
        answer = item.answer
        name = display_name_of(registration)
        status = registration.status
        needs = [NeedInput(kind, details) for kind, details in answer.needs]
        consent = (HealthConsentInput(method=ConsentMethod.FORM, given_on=self.ctx.today(),
                                      notes="Antwortformular (PDF)") if needs else None)
        notes = list(answer.problems)
        try:
            check_needs(needs, consent)
        except UserError as exc:
            return ReplyProblem(item.file, f"{name}: {exc.message}")
        remarks = self._notes_with(registration.notes, answer.remarks)
        parts: list[str] = []

        def change(action: str) -> ReplyChange:
            if remarks is not None:
                parts.append("Bemerkung in die Notizen übernommen")
            return ReplyChange(item.file, registration.id, registration.person_id, name, code,
                               action, "; ".join(parts) or "keine Änderung", tuple(notes))

        holding = status in (RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED,
                             RegistrationStatus.ATTENDED)
        if answer.attend is None and not holding:
            return ReplyProblem(item.file, f"{name}: Weder „Ich nehme teil“ noch „Ich nehme "
                                "nicht teil“ ist angekreuzt.")
        if answer.attend is False:
            if status is RegistrationStatus.DECLINED:
                parts.append("hat schon abgesagt")
                if remarks is not None:
                    registration.notes = remarks
                return change(UPDATE if remarks is not None else UNCHANGED)
            if RegistrationStatus.DECLINED not in ALLOWED[status]:
                return ReplyProblem(item.file, f"{name}: Absage, aber der Stand ist "
                                    f"„{label(status)}“; bitte von Hand prüfen.")
            step_notes, _promoted = take_step(places, registration, RegistrationStatus.DECLINED,
                                              "Absage mit dem Antwortformular", self.ctx)
            notes += step_notes
            if remarks is not None:
                registration.notes = remarks
            parts.append("Absage")
            return change(DECLINE)
        if not holding:
            messages = self.admit_in(
                s, places, registration, companions=answer.companions,
                assistants=registration.assistants,
                companion_names=registration.companion_names,
                notes=remarks if remarks is not None else registration.notes,
                needs=needs, consent=consent, today=today,
            )
            notes += messages
            waiting = registration.status is RegistrationStatus.WAITLISTED
            parts.append("Anmeldung (Warteliste)" if waiting else "Anmeldung")
            if answer.companions:
                parts.append(_places_text(answer.companions))
            if needs:
                parts.append("Bedarfe: " + ", ".join(self._need_text(n) for n in needs))
            return change(REGISTER)
        # Already registered (or waiting, or there): needs and remarks; companions by hand.
        parts.append(f"schon {label(status).lower()}")
        action = UNCHANGED
        if answer.attend is not None and answer.companions != registration.companions:
            notes.append(
                f"Begleitpersonen laut Formular {answer.companions}, gespeichert "
                f"{registration.companions}: bitte von Hand ändern (Plätze)."
            )
        if needs and self._differs(registration, needs):
            self.store_needs_in(s, places.event, registration, needs, consent)
            parts.append("Bedarfe: " + ", ".join(self._need_text(n) for n in needs))
            action = UPDATE
        if remarks is not None:
            registration.notes = remarks
            action = UPDATE
        return change(action)

    @staticmethod
    def _need_text(need: NeedInput) -> str:
        return f"{label(need.kind)} ({need.details})" if need.details else label(need.kind)

    @staticmethod
    def _differs(registration: Registration, needs: Sequence[NeedInput]) -> bool:
        stored = {(n.kind, n.details or None) for n in registration.needs}
        return stored != {(n.kind, (n.details or "").strip() or None) for n in needs}

    @staticmethod
    def _notes_with(notes: str | None, remarks: str | None) -> str | None:
        """The notes with the form's remarks added; ``None`` when there is nothing new."""
        if not remarks:
            return None
        line = NOTE_PREFIX + remarks
        if notes and line in notes:
            return None  # the same form read again
        return f"{notes}\n{line}" if notes else line


__all__ = [
    "DECLINE",
    "REGISTER",
    "UNCHANGED",
    "UPDATE",
    "ReplyChange",
    "ReplyImport",
    "ReplyImportService",
    "ReplyProblem",
]
