"""An event's lists and certificates (issue 12): the sign-in list (Teilnehmerliste), the
attendance certificates (Teilnahmebescheinigungen) and the needs summary for venue and caterer
(with ``named``, the organiser's list of who needs what).

For each document there is a reader of its snapshot (``get_…``) and a ``render_…`` that
returns the :class:`~beratung.services.documents.RenderedDocument` the GUI previews and the
command line writes; printing or saving it is logged by ``services.documents.record_issue``,
which stores the snapshot for an exact reprint.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from beratung.domain.contacts import Affiliation, Organisation, Person
from beratung.domain.enums import Anrede, RegistrationStatus
from beratung.domain.errors import ValidationError
from beratung.domain.event_lists import (
    DEFAULT_SIGN_IN_COLUMNS,
    SIGN_IN_COLUMNS,
    AttendanceCertificate,
    AttendanceCertificatesSnapshot,
    EventHeading,
    NamedNeedEntry,
    NeedsSummarySnapshot,
    NeedTotal,
    SignInListSnapshot,
    SignInRow,
)
from beratung.domain.events import Event, Registration
from beratung.domain.office import Clerk
from beratung.domain.printing import InformationBlock, Sender, direct_dial
from beratung.domain.rules.attendance import (
    SIGN_IN_SORTS,
    attendance_minutes,
    certificate_sentence,
    event_phrase,
    is_break,
    is_topic,
    municipality_key,
)
from beratung.domain.rules.dates import OFFICE_TIME_ZONE, format_date_de, office_day
from beratung.domain.rules.letters import address_block, text_width_mm
from beratung.domain.rules.names import display_name
from beratung.services.base import Service
from beratung.services.documents import DocumentService, RenderedDocument
from beratung.services.events.common import load_event, office_rules, places_taken
from beratung.services.events.figures import EventFiguresService
from beratung.services.letters import address_input
from beratung.services.office import load_profile, office_signatory, sender_from_profile

#: Who is on a sign-in list: everyone who has (or had, at a past event) a place.
SIGN_IN_STATUSES = (
    RegistrationStatus.REGISTERED,
    RegistrationStatus.ATTENDED,
    RegistrationStatus.NO_SHOW,
)
#: The DIN window's text width (85 mm less the 5 mm indent) and the address size.
ADDRESS_WIDTH_MM = 80.0
ADDRESS_SIZE_PT = 11.0
#: At most this many blank rows for walk-ins.
MAX_BLANK_ROWS = 200


def check_sign_in_options(columns: Sequence[str], sort: str, blank_rows: int) -> tuple[str, ...]:
    """The columns, cleaned; a German ``ValidationError`` for an unknown column or order."""
    chosen = tuple(dict.fromkeys(c.strip().lower() for c in columns if c.strip()))
    if not chosen:
        raise ValidationError("Bitte mindestens eine Spalte wählen.", field="columns")
    unknown = [c for c in chosen if c not in SIGN_IN_COLUMNS]
    if unknown:
        raise ValidationError(
            f"Die Spalte „{unknown[0]}“ gibt es nicht; möglich sind "
            f"{', '.join(SIGN_IN_COLUMNS)}.",
            field="columns",
        )
    if sort not in SIGN_IN_SORTS:
        raise ValidationError(
            f"Sortieren nach „{sort}“ geht nicht; möglich sind name und municipality.",
            field="sort",
        )
    if not 0 <= blank_rows <= MAX_BLANK_ROWS:
        raise ValidationError(
            f"Leere Zeilen: bitte 0 bis {MAX_BLANK_ROWS}.", field="blank_rows"
        )
    # Printed in the catalogue's order, whatever order they were named in.
    return tuple(c for c in SIGN_IN_COLUMNS if c in chosen)


def _organiser(sender: Sender) -> str:
    return ", ".join(part for part in (sender.name, sender.unit) if part)


def _heading(s: Session, event: Event, sender: Sender) -> EventHeading:
    venue = event.venue
    place = None
    if venue is not None:
        town = " ".join(p for p in (venue.postcode, venue.town) if p)
        place = ", ".join(p for p in (venue.name, venue.room, venue.street, town) if p)
    return EventHeading(
        title=event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        place=place,
        organiser=_organiser(sender),
    )


def _participants(
    s: Session, event_id: int, statuses: Sequence[RegistrationStatus]
) -> list[Any]:
    """(registration, person, role, organisation) of the event's registrations in
    ``statuses``, by name; erased persons are left out."""
    role = aliased(Affiliation)
    org = aliased(Organisation)
    stmt = (
        select(Registration, Person, role, org)
        .join(Person, Person.id == Registration.person_id)
        .outerjoin(role, role.id == Registration.affiliation_id)
        .outerjoin(org, org.id == role.organisation_id)
        .where(
            Registration.event_id == event_id,
            Registration.status.in_(list(statuses)),
            Person.erased_at.is_(None),
        )
        .order_by(Person.sort_name, Registration.id)
    )
    return list(s.execute(stmt).all())


def _local_time(moment: Any) -> time:
    return moment.astimezone(OFFICE_TIME_ZONE).time().replace(tzinfo=None)  # type: ignore[no-any-return]


class EventListsService(Service):
    """Sign-in list, attendance certificates and needs summary of one event."""

    # ----------------------------------------------------------------- sign-in list

    def get_sign_in_list(
        self,
        event_id: int,
        *,
        columns: Sequence[str] = DEFAULT_SIGN_IN_COLUMNS,
        sort: str = "name",
        blank_rows: int = 0,
        landscape: bool = False,
    ) -> SignInListSnapshot:
        """Everyone with a place (registered; after the event also attended or not come), in
        the chosen columns, by name or by municipality, with ``blank_rows`` for walk-ins."""
        chosen = check_sign_in_options(columns, sort, blank_rows)
        with self.db.read() as s:
            event = load_event(s, event_id)
            sender = sender_from_profile(load_profile(s))
            heading = _heading(s, event, sender)
            found = _participants(s, event_id, SIGN_IN_STATUSES)
        if sort == "municipality":
            found.sort(key=lambda r: (
                municipality_key(r[3].name if r[3] else None, r[3].town if r[3] else None),
                r[1].sort_name,
                r[0].id,
            ))
        rows = tuple(
            SignInRow(
                last_name=person.last_name,
                first_name=person.first_name,
                title=person.title,
                organisation=org.name if org is not None else None,
                role=role.role if role is not None else None,
                companions=registration.companions,
            )
            for registration, person, role, org in found
        )
        return SignInListSnapshot(
            event=heading, columns=chosen, rows=rows, blank_rows=blank_rows,
            landscape=landscape, sort=sort,
        )

    def render_sign_in_list(
        self,
        event_id: int,
        *,
        columns: Sequence[str] = DEFAULT_SIGN_IN_COLUMNS,
        sort: str = "name",
        blank_rows: int = 0,
        landscape: bool = False,
    ) -> RenderedDocument:
        """The sign-in list ready for the preview; ``services.documents.record_issue`` logs
        it when it is printed or saved."""
        snapshot = self.get_sign_in_list(
            event_id, columns=columns, sort=sort, blank_rows=blank_rows, landscape=landscape
        )
        day = format_date_de(snapshot.event.starts_at)
        return DocumentService(self.ctx).render(
            snapshot,
            title=snapshot.title,
            entity_type="event",
            entity_id=event_id,
            file_name=f"Teilnehmerliste {snapshot.event.title} {day}",
        )

    # ----------------------------------------------------------------- certificates

    def get_attendance_certificates(self, event_id: int) -> AttendanceCertificatesSnapshot:
        """A certificate for everyone marked as attended, by name; the person's address (the
        role they were invited in, else their own) for the window envelope, left empty when
        none can be made. A German ``ValidationError`` when nobody attended."""
        snapshot, _people = self._certificates(event_id)
        return snapshot

    def _certificates(
        self, event_id: int
    ) -> tuple[AttendanceCertificatesSnapshot, list[tuple[int, str]]]:
        """The snapshot and (person id, display name) of each certificate, in its order."""
        with self.db.read() as s:
            event = load_event(s, event_id)
            sender = sender_from_profile(load_profile(s))
            found = _participants(s, event_id, (RegistrationStatus.ATTENDED,))
            if not found:
                raise ValidationError(
                    f"Für „{event.title}“ ist niemand als „teilgenommen“ erfasst; es gibt "
                    "keine Teilnahmebescheinigung zu drucken.",
                    field="event",
                )
            phrase = event_phrase(event.kind, event.title)
            minutes = self._minutes(event)
            town = event.venue.town if event.venue is not None else None
            certificates = []
            people = []
            for _registration, person, role, org in found:
                name = display_name(person.title, person.first_name, person.last_name)
                anrede = {Anrede.FRAU: "Frau", Anrede.HERR: "Herr"}.get(person.anrede)
                certificates.append(AttendanceCertificate(
                    sentence=certificate_sentence(
                        person=f"{anrede} {name}" if anrede else name,
                        organisation=org.name if org is not None else None,
                        starts_at=event.starts_at,
                        ends_at=event.ends_at,
                        town=town,
                        phrase=phrase,
                        minutes=minutes,
                    ),
                    address=self._address(person, role),
                ))
                people.append((person.id, name))
            clerk = s.get(Clerk, event.clerk_id) if event.clerk_id else None
            signatory = office_signatory(s, clerk)
            snapshot = AttendanceCertificatesSnapshot(
                sender=sender,
                information=InformationBlock(
                    letter_date=self.ctx.today(),
                    name=clerk.name if clerk else None,
                    phone=direct_dial(sender.phone, clerk.phone_extension) if clerk else None,
                    email=clerk.email if clerk else None,
                ),
                event_title=event.title,
                topics=tuple(item.title for item in event.agenda_items if is_topic(item.title)),
                issue_place=sender.town,
                certificates=tuple(certificates),
                signatory_name=signatory.name if signatory else None,
                signatory_function=signatory.function if signatory else None,
            )
        return snapshot, people

    @staticmethod
    def _address(person: Person, role: Affiliation | None) -> tuple[str, ...]:
        """The address for the window envelope, or none when it cannot be made or does not
        fit the window: a certificate is also handed over in person, so a missing address
        does not stop the others (the command line names those without one)."""
        try:
            lines = address_block(address_input(person, role))
        except ValidationError:
            return ()
        if any(text_width_mm(line, ADDRESS_SIZE_PT) > ADDRESS_WIDTH_MM for line in lines):
            return ()
        return lines

    @staticmethod
    def _minutes(event: Event) -> int | None:
        """Hours of a one-day event without its breaks; ``None`` without an end or over
        several days."""
        if event.ends_at is None or office_day(event.ends_at) != office_day(event.starts_at):
            return None
        breaks = [
            (item.starts_at, item.ends_at)
            for item in event.agenda_items
            if item.starts_at is not None and item.ends_at is not None and is_break(item.title)
        ]
        return attendance_minutes(
            _local_time(event.starts_at), _local_time(event.ends_at), breaks
        )

    def render_attendance_certificates(self, event_id: int) -> RenderedDocument:
        """All certificates in one PDF (a page each), ready for the preview; logged with every
        person as a recipient when printed or saved (``services.documents.record_issue``)."""
        snapshot, people = self._certificates(event_id)
        return DocumentService(self.ctx).render(
            snapshot,
            title=snapshot.title,
            entity_type="event",
            entity_id=event_id,
            recipient_ids=tuple(person_id for person_id, _name in people),
            recipient_names=tuple(name for _id, name in people),
            file_name=f"Teilnahmebescheinigungen {snapshot.event_title}",
        )

    def render_attendance_certificates_per_person(self, event_id: int) -> list[RenderedDocument]:
        """One document per person (for one file each), by name; the file name holds the
        person's name. Log each one that is saved."""
        snapshot, people = self._certificates(event_id)
        documents = DocumentService(self.ctx)
        out = []
        for certificate, (person_id, name) in zip(snapshot.certificates, people, strict=True):
            single = replace(snapshot, certificates=(certificate,))
            out.append(documents.render(
                single,
                title=f"{snapshot.title} – {name}",
                entity_type="event",
                entity_id=event_id,
                recipient_ids=(person_id,),
                recipient_names=(name,),
                file_name=f"Teilnahmebescheinigung {name}",
            ))
        return out

    # ----------------------------------------------------------------- needs

    def get_needs_summary_document(
        self, event_id: int, *, named: bool = False
    ) -> NeedsSummarySnapshot:
        """The needs for venue and caterer — counts, no names — or with ``named`` the
        organiser's list of who needs what; both with the date the needs are deleted."""
        figures = EventFiguresService(self.ctx)
        summary = figures.needs_summary(event_id)
        entries: tuple[NamedNeedEntry, ...] = ()
        if named:
            entries = tuple(
                NamedNeedEntry(
                    name=entry.name,
                    organisation=entry.organisation,
                    status=entry.status_label,
                    needs=tuple(
                        f"{need.label}: {need.details}" if need.details else need.label
                        for need in entry.needs
                    ),
                )
                for entry in figures.named_needs(event_id)
            )
        with self.db.read() as s:
            event = load_event(s, event_id)
            sender = sender_from_profile(load_profile(s))
            assistants, _weeks = office_rules(s)
            heading = _heading(s, event, sender)
            expected = places_taken(s, event_id, assistants)
        return NeedsSummarySnapshot(
            event=heading,
            expected_places=expected,
            totals=tuple(NeedTotal(c.label, c.count) for c in summary.counts),
            details=summary.other_details,
            delete_after=summary.delete_after,
            created_on=self.ctx.today(),
            named=entries,
            is_named=named,
        )

    def render_needs_summary(self, event_id: int, *, named: bool = False) -> RenderedDocument:
        """The needs summary ready for the preview; printing or saving it is logged with
        ``services.documents.record_issue``. The named list is health data: the GUI asks
        before it shows it."""
        snapshot = self.get_needs_summary_document(event_id, named=named)
        what = "Bedarfsliste mit Namen" if named else "Bedarfsübersicht"
        return DocumentService(self.ctx).render(
            snapshot,
            title=snapshot.title,
            entity_type="event",
            entity_id=event_id,
            file_name=f"{what} {snapshot.event.title} {format_date_de(snapshot.event.starts_at)}",
        )
