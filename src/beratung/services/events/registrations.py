"""Invitations, registrations, the waiting list, accessibility needs and the check-in.

A registration runs invited → registered / declined / waitlisted → attended / no-show; every
step is dated in its history (``registration_change``). Every step that takes or frees places
holds the event's lock (see ``common.py``) and serves the waiting list in the same transaction.
Accessibility needs are health data (Art. 9 GDPR): they are stored only together with a recorded
consent, and each carries the date it is deleted (the event's end plus the office's weeks).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from beratung.domain.contacts import Affiliation, DistributionListMember, Person
from beratung.domain.enums import (
    AuditAction,
    RegistrationStatus,
    label,
)
from beratung.domain.errors import UserError, ValidationError
from beratung.domain.events import Event, Registration
from beratung.domain.rules.dates import format_date_de
from beratung.domain.rules.letters import address_block
from beratung.domain.rules.names import display_name
from beratung.domain.rules.registrations import (
    HOLDING_PLACES,
)
from beratung.domain.rules.text import clean_text
from beratung.services.base import Service, check_version
from beratung.services.contacts import ContactFilter, ContactService
from beratung.services.events.common import (
    Places,
    load_event,
    office_rules,
    places_of,
    places_taken,
    record_change,
    registration_rows_query,
    rows_for,
)
from beratung.services.events.snapshots import (
    BulkOutcome,
    HealthConsentInput,
    InvitationProblem,
    InvitationResult,
    Invitee,
    NeedInput,
    RegistrationDetail,
    RegistrationOutcome,
    RegistrationRow,
)
from beratung.services.events.steps import (
    ALLOWED,
    check_needs,
    load_registration,
    registration_detail,
    store_needs,
    take_step,
)
from beratung.services.letters import address_input, letter_affiliation
from beratung.services.limits import check_limits

#: The registration form's free texts as subjects of a sentence, for the length messages.
REGISTRATION_LABELS = {
    "companion_names": "Die Namen der Begleitpersonen",
    "notes": "Die Notiz zur Anmeldung",
}


def registration_text(value: str | None, field: str) -> str | None:
    """A free text of the registration form as stored: control and direction characters
    removed, line breaks kept, within ``NOTES_LIMIT`` (a German ``ValidationError`` naming
    the field otherwise; raised inside the transaction, so nothing is half-written)."""
    text = clean_text(value)
    check_limits(Registration, {field: text}, REGISTRATION_LABELS)
    return text

class RegistrationService(Service):
    """Invitations and registrations of one event."""

    # ----------------------------------------------------------------- reading

    def list_registrations(
        self, event_id: int, *, statuses: Sequence[RegistrationStatus] = ()
    ) -> list[RegistrationRow]:
        """The event's invitees and participants, by name (the waiting list in its order)."""
        with self.db.read() as s:
            load_event(s, event_id)
            assistants, _weeks = office_rules(s)
            stmt = registration_rows_query(assistants).where(Registration.event_id == event_id)
            if statuses:
                stmt = stmt.where(Registration.status.in_(list(statuses)))
            stmt = stmt.order_by(
                Registration.waitlist_position.is_(None),
                Registration.waitlist_position,
                Person.sort_name,
                Registration.id,
            )
            rows = s.execute(stmt).all()
            ids = [row[0].id for row in rows]
            return rows_for(s, ids, assistants)

    def get_registration(self, registration_id: int) -> RegistrationDetail:
        with self.db.read() as s:
            return registration_detail(s, load_registration(s, registration_id))

    # ----------------------------------------------------------------- invitations

    def invite_persons(self, event_id: int, invitees: Sequence[Invitee]) -> InvitationResult:
        """Put persons on the event's list (status ``invited``) in the chosen role; nobody is
        invited twice, and who has no postal address or no e-mail address is named at once."""
        today = self.ctx.today()
        with self.db.transaction() as s:
            event = load_event(s, event_id)
            existing = set(
                s.scalars(select(Registration.person_id).where(Registration.event_id == event.id))
            )
            # Everybody at once, with their roles and organisations: the list can be a
            # distribution list of hundreds (one query each would be thousands).
            wanted = list(dict.fromkeys(invitee.person_id for invitee in invitees))
            persons = {
                person.id: person
                for person in s.scalars(
                    select(Person)
                    .where(Person.id.in_(wanted))
                    .options(
                        selectinload(Person.affiliations).joinedload(Affiliation.organisation)
                    )
                )
            }
            already: list[str] = []
            problems: list[InvitationProblem] = []
            invited = 0
            seen: set[int] = set()
            for invitee in invitees:
                person = persons.get(invitee.person_id)
                if person is None:
                    raise UserError(f"Die Person Nr. {invitee.person_id} gibt es nicht (mehr).")
                name = display_name(person.title, person.first_name, person.last_name)
                if person.id in existing or person.id in seen:
                    already.append(name)
                    continue
                seen.add(person.id)
                role = self._role(person, invitee.affiliation_id, today)
                registration = Registration(
                    event_id=event.id,
                    person_id=person.id,
                    affiliation_id=role.id if role else None,
                    status=RegistrationStatus.INVITED,
                )
                s.add(registration)
                record_change(registration, RegistrationStatus.INVITED, self.ctx)
                invited += 1
                problems += self._reachability(person, role, name)
            s.flush()
            if invited:
                self.audit(
                    s,
                    AuditAction.UPDATE,
                    "event",
                    event.id,
                    f"{invited} Person(en) zu „{event.title}“ eingeladen",
                    {"invited": invited, "already": len(already)},
                )
            return InvitationResult(
                invited=invited, already_invited=tuple(already), problems=tuple(problems)
            )

    def invite_distribution_list(self, event_id: int, list_id: int) -> InvitationResult:
        """Everybody on a distribution list, each in the role the list names (else the
        default one)."""
        with self.db.read() as s:
            members = s.execute(
                select(DistributionListMember.person_id, DistributionListMember.affiliation_id)
                .where(DistributionListMember.list_id == list_id)
                .order_by(DistributionListMember.person_id)
            ).all()
        if not members:
            raise UserError("Der Verteiler ist leer oder gibt es nicht.")
        return self.invite_persons(event_id, [Invitee(p, a) for p, a in members])

    def invite_contacts(self, event_id: int, flt: ContactFilter) -> InvitationResult:
        """Everybody the contacts list shows with this filter (e.g. all Sozialdezernentinnen
        in the Regierungsbezirk Tübingen)."""
        ids = ContactService(self.ctx).find_person_ids(flt)
        if not ids:
            raise UserError("Der Filter findet niemanden.")
        return self.invite_persons(event_id, [Invitee(i) for i in ids])

    @staticmethod
    def _role(person: Person, affiliation_id: int | None, today: date) -> Affiliation | None:
        if affiliation_id is None:
            return letter_affiliation(person, today)
        role = next((a for a in person.affiliations if a.id == affiliation_id), None)
        if role is None:
            raise ValidationError(
                "Diese Funktion gehört nicht zu der Person.", field="affiliation_id"
            )
        return role

    @staticmethod
    def _reachability(
        person: Person, role: Affiliation | None, name: str
    ) -> list[InvitationProblem]:
        problems = []
        try:
            address_block(address_input(person, role))
        except ValidationError as exc:
            problems.append(
                InvitationProblem(person.id, name, f"keine Postanschrift: {exc.message}")
            )
        if not (person.email or (role.email if role else None)):
            problems.append(InvitationProblem(person.id, name, "keine E-Mail-Adresse"))
        return problems

    def remove_invitation(self, registration_id: int) -> None:
        """Take someone off the list (a mistake); places they held go to the waiting list."""
        with self.db.transaction() as s:
            registration = load_registration(s, registration_id)
            event = load_event(s, registration.event_id, lock=True)
            if registration.status is RegistrationStatus.ATTENDED:
                raise UserError(
                    "Wer teilgenommen hat, bleibt auf der Liste.",
                    hint="Setzen Sie die Teilnahme zurück, wenn sie falsch erfasst wurde.",
                )
            s.delete(registration)
            Places(s, event).serve(self.ctx)  # counts after the deletion; renumbers the line

    def remove_invitations(self, registration_ids: Sequence[int]) -> BulkOutcome:
        """Take several off the list in one transaction (the list's selection): who attended
        stays and is counted as unchanged; the places freed go to the waiting list, and who
        moved up is named."""
        with self.db.transaction() as s:
            registrations = list(
                s.scalars(select(Registration).where(Registration.id.in_(list(registration_ids))))
            )
            if not registrations:
                return BulkOutcome(0, 0, (), ())
            event_ids = {r.event_id for r in registrations}
            if len(event_ids) != 1:
                raise ValueError("one event at a time")
            event = load_event(s, event_ids.pop(), lock=True)
            removed = [r for r in registrations if r.status is not RegistrationStatus.ATTENDED]
            for registration in removed:
                s.delete(registration)
            promoted = Places(s, event).serve(self.ctx)  # counted after the deletions
            s.flush()
            kept = len(registrations) - len(removed)
            notes = (f"{kept} mit Teilnahme bleiben auf der Liste.",) if kept else ()
            if removed:
                self.audit(
                    s,
                    AuditAction.UPDATE,
                    "event",
                    event.id,
                    f"{len(removed)} Person(en) von der Liste zu „{event.title}“ genommen",
                    {"removed": len(removed)},
                )
            assistants_take_places, _weeks = office_rules(s)
            return BulkOutcome(
                changed=len(removed),
                unchanged=kept,
                promoted=tuple(rows_for(s, [p.id for p in promoted], assistants_take_places)),
                notes=notes,
            )

    # ----------------------------------------------------------------- registering

    def register_person(
        self,
        event_id: int,
        person_id: int,
        *,
        companions: int = 0,
        assistants: int = 0,
        companion_names: str | None = None,
        affiliation_id: int | None = None,
        notes: str | None = None,
        on: date | None = None,
        needs: Sequence[NeedInput] = (),
        consent: HealthConsentInput | None = None,
    ) -> RegistrationOutcome:
        """Register a person (invited or not): places if they are free and nobody waits,
        otherwise the end of the waiting list. Registering after the deadline works and says
        so. ``notes``: the registration's own notes (``None`` keeps what an invitation had).
        ``needs`` (a paper form with both) are stored in the same transaction, under the same
        rules as :meth:`record_needs`: refused without ``consent``, and then the person is not
        registered either."""
        self._check_numbers(companions, assistants)
        check_needs(needs, consent)
        today = on or self.ctx.today()
        with self.db.transaction() as s:
            event = load_event(s, event_id, lock=True)
            self._check_open(event)
            registration = s.scalar(
                select(Registration).where(
                    Registration.event_id == event.id, Registration.person_id == person_id
                )
            )
            if registration is None:
                person = s.get(Person, person_id)
                if person is None:
                    raise UserError(f"Die Person Nr. {person_id} gibt es nicht (mehr).")
                role = self._role(person, affiliation_id, today)
                registration = Registration(
                    event_id=event.id,
                    person_id=person.id,
                    affiliation_id=role.id if role else None,
                    status=RegistrationStatus.INVITED,
                )
                s.add(registration)
            elif registration.status in (
                RegistrationStatus.REGISTERED,
                RegistrationStatus.WAITLISTED,
                RegistrationStatus.ATTENDED,
            ):
                raise UserError(
                    f"Diese Person ist schon {label(registration.status).lower()}.",
                    hint="Ändern Sie die Anmeldung, statt sie neu anzulegen.",
                )
            messages = self.admit_in(
                s, Places(s, event), registration, companions=companions,
                assistants=assistants, companion_names=companion_names, notes=notes,
                needs=needs, consent=consent, today=today,
            )
            assistants_take_places, _weeks = office_rules(s)
            (row,) = rows_for(s, [registration.id], assistants_take_places)
            return RegistrationOutcome(registration=row, notes=tuple(messages))

    def admit_in(
        self,
        s: Session,
        places: Places,
        registration: Registration,
        *,
        companions: int,
        assistants: int = 0,
        companion_names: str | None = None,
        notes: str | None = None,
        needs: Sequence[NeedInput] = (),
        consent: HealthConsentInput | None = None,
        today: date,
    ) -> list[str]:
        """Register ``registration`` inside the caller's transaction, which holds the event's
        lock (``places`` is that event's): places if free and nobody waits, else the waiting
        list; needs stored under ``consent`` (checked by the caller with ``check_needs``).
        Shared by :meth:`register_person` and the import of reply forms."""
        event = places.event
        registration.companions = companions
        registration.assistants = assistants
        registration.companion_names = registration_text(companion_names, "companion_names")
        if notes is not None:
            registration.notes = registration_text(notes, "notes")
        registration.responded_at = self.ctx.now()
        messages = places.admit(registration, self.ctx)
        if event.registration_deadline and today > event.registration_deadline:
            messages.insert(
                0,
                f"Angemeldet nach dem Anmeldeschluss "
                f"({format_date_de(event.registration_deadline)}).",
            )
        s.flush()
        if needs:
            self.store_needs_in(s, event, registration, needs, consent)
        return messages

    def store_needs_in(
        self,
        s: Session,
        event: Event,
        registration: Registration,
        needs: Sequence[NeedInput],
        consent: HealthConsentInput | None,
    ) -> None:
        """Replace the needs inside the caller's transaction and audit it (kinds only)."""
        store_needs(s, event, registration, needs, consent)
        s.flush()
        self.audit(
            s,
            AuditAction.UPDATE,
            "registration",
            registration.id,
            f"Bedarfe zu „{event.title}“ festgehalten: {len(needs)}",
            {"needs": [n.kind.value for n in needs]},  # kinds only, no health details
        )

    @staticmethod
    def _check_numbers(companions: int, assistants: int) -> None:
        if not 0 <= companions <= 20:
            raise ValidationError("Begleitpersonen: eine Zahl von 0 bis 20.", field="companions")
        if not 0 <= assistants <= 5:
            raise ValidationError("Assistenzen: eine Zahl von 0 bis 5.", field="assistants")

    @staticmethod
    def _check_open(event: Event) -> None:
        from beratung.domain.enums import EventStatus

        if event.status is EventStatus.CANCELLED:
            raise UserError(f"„{event.title}“ ist abgesagt; Anmeldungen sind nicht möglich.")

    def decline_registration(self, event_id: int, person_id: int) -> RegistrationOutcome:
        """The person says no (to the invitation) or cancels (a registration or a waiting-list
        place); freed places go to the next on the waiting list at once."""
        return self._step_person(event_id, person_id, RegistrationStatus.DECLINED)

    def cancel_registration(self, event_id: int, person_id: int) -> RegistrationOutcome:
        """A registered or waiting person cancels: the same step as declining."""
        return self.decline_registration(event_id, person_id)

    def mark_attended(self, event_id: int, person_id: int) -> RegistrationOutcome:
        return self._step_person(event_id, person_id, RegistrationStatus.ATTENDED)

    def mark_no_show(self, event_id: int, person_id: int) -> RegistrationOutcome:
        return self._step_person(event_id, person_id, RegistrationStatus.NO_SHOW)

    def _step_person(
        self, event_id: int, person_id: int, status: RegistrationStatus
    ) -> RegistrationOutcome:
        with self.db.read() as s:
            registration_id = s.scalar(
                select(Registration.id).where(
                    Registration.event_id == event_id, Registration.person_id == person_id
                )
            )
        if registration_id is None:
            raise UserError("Diese Person steht nicht auf der Liste der Veranstaltung.")
        return self.set_registration_status(registration_id, status)

    def set_registration_status(
        self, registration_id: int, status: RegistrationStatus, *, note: str | None = None
    ) -> RegistrationOutcome:
        """One registration's next step (see :data:`ALLOWED`); ``registered`` may end on the
        waiting list when there is no place."""
        with self.db.transaction() as s:
            registration = load_registration(s, registration_id)
            event = load_event(s, registration.event_id, lock=True)
            notes, promoted = take_step(Places(s, event), registration, status, note, self.ctx)
            s.flush()
            assistants_take_places, _weeks = office_rules(s)
            (row,) = rows_for(s, [registration.id], assistants_take_places)
            return RegistrationOutcome(
                registration=row,
                promoted=tuple(rows_for(s, [p.id for p in promoted], assistants_take_places)),
                notes=tuple(notes),
            )

    def set_registration_status_many(
        self, registration_ids: Sequence[int], status: RegistrationStatus
    ) -> BulkOutcome:
        """The same step for many registrations in one transaction (the list's selection);
        those for which the step does not apply stay as they are and are counted."""
        with self.db.transaction() as s:
            if not registration_ids:
                return BulkOutcome(0, 0, (), ())
            registrations = list(
                s.scalars(
                    select(Registration)
                    .where(Registration.id.in_(list(registration_ids)))
                    .order_by(Registration.waitlist_position, Registration.id)
                )
            )
            event_ids = {r.event_id for r in registrations}
            if len(event_ids) != 1:
                raise ValueError("one event at a time")
            event = load_event(s, event_ids.pop(), lock=True)
            places = Places(s, event)
            changed = unchanged = 0
            notes: list[str] = []
            promoted: list[Registration] = []
            for registration in registrations:
                if registration.status is status or status not in ALLOWED[registration.status]:
                    unchanged += 1
                    continue
                try:
                    step_notes, step_promoted = take_step(
                        places, registration, status, None, self.ctx
                    )
                except UserError:  # no place for this one: it keeps its place in the line
                    unchanged += 1
                    continue
                promoted += step_promoted
                notes += [n for n in step_notes if n.startswith("Die Veranstaltung")]
                changed += 1
            s.flush()
            assistants_take_places, _weeks = office_rules(s)
            waitlisted = sum(1 for r in registrations if r.status is RegistrationStatus.WAITLISTED)
            summary = []
            if status is RegistrationStatus.REGISTERED and waitlisted:
                summary.append(f"{waitlisted} davon auf der Warteliste (ausgebucht).")
            return BulkOutcome(
                changed=changed,
                unchanged=unchanged,
                promoted=tuple(rows_for(s, [p.id for p in promoted], assistants_take_places)),
                notes=tuple(summary),
            )

    def update_registration(
        self,
        registration_id: int,
        *,
        companions: int | None = None,
        assistants: int | None = None,
        companion_names: str | None = None,
        notes: str | None = None,
        affiliation_id: int | None = None,
        expected_version: int | None = None,
    ) -> RegistrationOutcome:
        """Change companions, assistants, names, notes or the role. More places than free:
        the change is refused while others wait or places lack; fewer places: the waiting list
        moves up."""
        with self.db.transaction() as s:
            registration = load_registration(s, registration_id)
            check_version(registration.version, expected_version, "Die Anmeldung")
            event = load_event(s, registration.event_id, lock=True)
            assistants_take_places, _weeks = office_rules(s)
            before = places_of(registration, assistants_take_places)
            new_companions = registration.companions if companions is None else companions
            new_assistants = registration.assistants if assistants is None else assistants
            self._check_numbers(new_companions, new_assistants)
            registration.companions = new_companions
            registration.assistants = new_assistants
            if companion_names is not None:
                registration.companion_names = registration_text(
                    companion_names, "companion_names"
                )
            if notes is not None:
                registration.notes = registration_text(notes, "notes")
            if affiliation_id is not None:
                self._role(registration.person, affiliation_id, self.ctx.today())
                registration.affiliation_id = affiliation_id
            after = places_of(registration, assistants_take_places)
            promoted: list[Registration] = []
            if registration.status in HOLDING_PLACES and after != before:
                s.flush()
                taken = places_taken(s, event.id, assistants_take_places)
                if event.capacity is not None and after > before and taken > event.capacity:
                    raise ValidationError(
                        f"Für {after - before} weitere Plätze ist kein Platz frei "
                        f"({taken - (after - before)} von {event.capacity} vergeben).",
                        field="companions",
                    )
                if after < before:
                    promoted = Places(s, event).serve(self.ctx)
            s.flush()
            (row,) = rows_for(s, [registration.id], assistants_take_places)
            return RegistrationOutcome(
                registration=row,
                promoted=tuple(rows_for(s, [p.id for p in promoted], assistants_take_places)),
            )

    def mark_promotions_notified(self, registration_ids: Sequence[int]) -> int:
        """The promoted persons were told (letter, e-mail, phone)."""
        with self.db.transaction() as s:
            count = 0
            for registration in s.scalars(
                select(Registration).where(
                    Registration.id.in_(list(registration_ids)),
                    Registration.notify_pending.is_(True),
                )
            ):
                registration.notify_pending = False
                count += 1
            return count

    # ----------------------------------------------------------------- needs
