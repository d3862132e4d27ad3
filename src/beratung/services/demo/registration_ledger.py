"""The demo's registrations, written step by step as the events service takes them.

:class:`RegistrationLedger` records the invitations, answers, cancellations, promotions and the
check-in of one event in the order they happened, with the service's pure rules
(``domain/rules/registrations.py``) and history notes (``services/events/common.py``), every
step dated by the demo's clock; :class:`DemoCodes` draws registration codes and calendar UIDs
from the demo's random source so the same seed gives the same rows. Split from ``events.py``,
which plans the events and decides the answers.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from beratung.domain.enums import ConsentMethod, NeedKind, RegistrationStatus
from beratung.domain.models import Event, Person, Registration, RegistrationChange
from beratung.domain.rules.dates import format_date_de
from beratung.domain.rules.registrations import (
    CODE_ALPHABET,
    CODE_LENGTH,
    HOLDING_PLACES,
    admits,
    places_needed,
    to_promote,
)
from beratung.services.demo.common import DemoBuild
from beratung.services.demo.organisations import Contact
from beratung.services.events.common import (
    NO_SHOW_NOTE,
    PROMOTED_NOTE,
    WAITLIST_NOTE,
    WALK_IN_NOTE,
    copied_note,
)

R = RegistrationStatus
#: The suffix of an event's calendar UID (as ``rules.registrations.new_calendar_uid``).
CALENDAR_UID_DOMAIN = "beratung.staedtetag-bw.de"


@dataclass(frozen=True, slots=True)
class Extras:
    """What one registering invitee brings: companions, personal assistants, and
    accessibility needs, each with the health-data consent it requires (given with the reply,
    in this way)."""

    companions: int = 0
    companion_names: str | None = None
    assistants: int = 0
    needs: Sequence[tuple[NeedKind, str]] = ()
    consent: ConsentMethod = ConsentMethod.FORM


NO_EXTRAS = Extras()


# --------------------------------------------------------------------------------------------
# Codes and calendar UIDs from the demo's random source


class DemoCodes:
    """Registration codes and calendar UIDs drawn from the demo's random source, in the
    alphabet and format of the models' defaults, unique also against codes already stored (a
    forced run)."""

    def __init__(self, demo: DemoBuild) -> None:
        self.rng = demo.rng
        self.used = set(demo.s.scalars(select(Registration.code)))

    def registration_code(self) -> str:
        while True:
            raw = "".join(self.rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            code = f"{raw[:4]}-{raw[4:]}"
            if code not in self.used:
                self.used.add(code)
                return code

    def calendar_uid(self) -> str:
        return f"{uuid.UUID(int=self.rng.getrandbits(128), version=4)}@{CALENDAR_UID_DOMAIN}"


# --------------------------------------------------------------------------------------------
# The registrations of one event, step by step


class RegistrationLedger:
    """The registrations of one event, taken through the events service's steps in the order
    they happened (the caller keeps that order); each step is dated and kept in the history.

    Mirrors ``services/events``: :meth:`register` is ``steps.admit`` (places if free and nobody
    waits, else the end of the waiting list), :meth:`decline` frees places and serves the
    waiting list (``common.serve_waiting_list``: from the front, as long as each fits),
    :meth:`check_in`, :meth:`walk_in` and :meth:`no_show` are the check-in's steps, and
    :meth:`copy_invitation` is ``copy_event``'s.
    """

    def __init__(
        self,
        demo: DemoBuild,
        event: Event,
        codes: DemoCodes,
        *,
        user: str,
        assistants_take_places: bool,
    ) -> None:
        self.demo = demo
        self.event = event
        self.codes = codes
        self.user = user
        self.assistants_take_places = assistants_take_places
        #: In the order they were made (their ids follow it).
        self.registrations: list[Registration] = []
        self._extras: dict[int, Extras] = {}

    # ----------------------------------------------------------------- reading

    def places(self, registration: Registration) -> int:
        return places_needed(
            registration.companions,
            registration.assistants,
            assistants_take_places=self.assistants_take_places,
        )

    def taken(self) -> int:
        return sum(self.places(r) for r in self.registrations if r.status in HOLDING_PLACES)

    def waiting(self) -> list[Registration]:
        waiting = [r for r in self.registrations if r.status is R.WAITLISTED]
        return sorted(waiting, key=lambda r: r.waitlist_position or 0)

    def with_status(self, status: RegistrationStatus) -> list[Registration]:
        return [r for r in self.registrations if r.status is status]

    def extras_of(self, registration: Registration) -> Extras:
        """What the person said they bring when they registered."""
        return self._extras.get(id(registration), NO_EXTRAS)

    # ----------------------------------------------------------------- steps

    def _new(
        self, person: Person, affiliation_id: int | None, *, invited_at: datetime | None
    ) -> Registration:
        registration = Registration(
            event=self.event,
            person=person,
            affiliation_id=affiliation_id,
            invited_at=invited_at,
            code=self.codes.registration_code(),
            companions=0,
            assistants=0,
            notify_pending=False,
            walk_in=False,
        )
        self.demo.add(registration)
        self.demo.bump("registrations")
        self.registrations.append(registration)
        return registration

    def _step(
        self,
        registration: Registration,
        status: RegistrationStatus,
        moment: datetime,
        note: str | None = None,
    ) -> None:
        """``common.record_change``: the status and its dated step in the history."""
        before = registration.status if registration.changes else None
        registration.status = status
        registration.changes.append(
            RegistrationChange(
                changed_at=moment,
                user_name=self.user,
                from_status=before,
                to_status=status,
                note=note,
            )
        )

    def invite(self, contact: Contact, moment: datetime) -> Registration:
        registration = self._new(contact.person, contact.affiliation.id, invited_at=moment)
        self._step(registration, R.INVITED, moment)
        return registration

    def register(self, registration: Registration, moment: datetime, extras: Extras) -> None:
        """The reply "yes": places if they are free and nobody waits, else the end of the
        waiting list."""
        self._extras[id(registration)] = extras
        registration.companions = extras.companions
        registration.companion_names = extras.companion_names
        registration.assistants = extras.assistants
        registration.responded_at = moment
        waiting = self.waiting()
        if admits(
            self.event.capacity,
            self.taken(),
            self.places(registration),
            anyone_waiting=bool(waiting),
        ):
            self._step(registration, R.REGISTERED, moment)
            registration.waitlist_position = None
        else:
            position = 1 + max((r.waitlist_position or 0 for r in waiting), default=0)
            self._step(registration, R.WAITLISTED, moment, WAITLIST_NOTE)
            registration.waitlist_position = position

    def decline(self, registration: Registration, moment: datetime) -> list[Registration]:
        """The reply "no", or a cancellation: freed places go to the waiting list at once."""
        before = registration.status
        self._step(registration, R.DECLINED, moment)
        registration.responded_at = moment
        registration.waitlist_position = None
        promoted = self.serve_waiting_list(moment) if before in HOLDING_PLACES else []
        if before is R.WAITLISTED:
            self._renumber()
        return promoted

    def would_promote(self, leaving: Registration) -> int:
        """How many would move up if ``leaving`` gave back their places now."""
        waiting = self.waiting()
        taken = self.taken() - (self.places(leaving) if leaving.status in HOLDING_PLACES else 0)
        return len(
            to_promote(
                self.event.capacity,
                taken,
                [(index, self.places(r)) for index, r in enumerate(waiting)],
            )
        )

    def serve_waiting_list(self, moment: datetime) -> list[Registration]:
        waiting = self.waiting()
        chosen = set(
            to_promote(
                self.event.capacity,
                self.taken(),
                [(index, self.places(r)) for index, r in enumerate(waiting)],
            )
        )
        promoted = [r for index, r in enumerate(waiting) if index in chosen]
        for registration in promoted:
            self._step(registration, R.REGISTERED, moment, PROMOTED_NOTE)
            registration.waitlist_position = None
            registration.promoted_at = moment
            registration.notify_pending = True
        self._renumber()
        return promoted

    def _renumber(self) -> None:
        for position, registration in enumerate(self.waiting(), start=1):
            registration.waitlist_position = position

    def told(self, registration: Registration, day: date, how: str) -> None:
        """The office told a promoted person (``mark_promotions_notified``)."""
        registration.notify_pending = False
        registration.notes = f"Nachrücken am {format_date_de(day)} {how} mitgeteilt."

    def check_in(self, registration: Registration, moment: datetime) -> None:
        self._step(registration, R.ATTENDED, moment)
        registration.attended_at = moment

    def walk_in(self, contact: Contact, moment: datetime) -> Registration:
        registration = self._new(contact.person, contact.affiliation.id, invited_at=None)
        registration.walk_in = True
        self._step(registration, R.ATTENDED, moment, WALK_IN_NOTE)
        registration.attended_at = moment
        registration.responded_at = moment
        return registration

    def no_show(self, registration: Registration, moment: datetime) -> None:
        self._step(registration, R.NO_SHOW, moment, NO_SHOW_NOTE)
        registration.attended_at = None

    def copy_invitation(
        self, source: Registration, moment: datetime, source_title: str
    ) -> Registration:
        registration = self._new(source.person, source.affiliation_id, invited_at=None)
        self._step(registration, R.INVITED, moment, copied_note(source_title))
        return registration
