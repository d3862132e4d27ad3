"""Name badges for an event and address labels for an event or a distribution list.

Each ``render_*`` method reads once, builds a frozen snapshot (:mod:`beratung.domain.sheets`)
and renders it through the document registry into a
:class:`~beratung.services.documents.RenderedDocument` for the preview; printing or saving it
is logged with ``DocumentService.record_issue`` (as the press release is), which keeps the
snapshot for an exact reprint. The ``get_*_snapshot`` methods are the same without rendering.

Who gets a badge: those registered and those who attended (walk-ins recorded at the door
included, they are attended registrations), sorted by name for the welcome table — not the
waiting list, not those invited without an answer. ``blank`` adds empty badges with only the
event line for people who come unannounced.

Whose address goes on a label: for an event, everyone on its invitation list (every status,
unless ``statuses`` narrows it: a thank-you to those who attended); for a distribution list,
its members. The address is chosen as for letters (:mod:`beratung.services.letters`): the role
the registration or the list names, else the person's default; the block follows the letter's
DIN 5008 rules. Labels are sorted by postcode, as the post wants a mailing. A person whose
address cannot be made (no town, more than six lines) stops the whole sheet with one German
error naming everyone affected, so no half of a mailing is printed.

The nudge (± mm) is remembered per sheet type in the database (``app_meta``), so the GUI and
the command line on any workstation of a team share it; printers drift alike per sheet type
more than per person.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from beratung.domain.contacts import (
    Affiliation,
    DistributionList,
    DistributionListMember,
    Organisation,
    Person,
)
from beratung.domain.enums import AuditAction, RegistrationStatus
from beratung.domain.errors import NotFoundError, ValidationError
from beratung.domain.events import Event, Registration
from beratung.domain.records import AppMeta
from beratung.domain.rules.affiliations import current_affiliation
from beratung.domain.rules.dates import format_date_de
from beratung.domain.rules.letters import address_block
from beratung.domain.rules.names import display_name
from beratung.domain.sheets import (
    DEFAULT_BADGE_SHEET,
    DEFAULT_LABEL_SHEET,
    Badge,
    BadgeSheetSnapshot,
    LabelSheetSnapshot,
    SheetLayout,
    SheetNudge,
    badge_sheet,
    check_start,
    label_sheet,
)
from beratung.services.base import Service
from beratung.services.documents import DocumentService, RenderedDocument
from beratung.services.events.common import load_event
from beratung.services.letters import address_input, letter_affiliation
from beratung.services.office import load_profile

#: Those who get a name badge.
BADGE_STATUSES = (RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED)
#: How many blank badges may be added at most (a few sheets' worth).
MAX_BLANK_BADGES = 100
#: How many names an error lists before "und N weitere".
LISTED_PROBLEMS = 10

_NUDGE_KEY = "sheet_nudge:{key}"


@dataclass(frozen=True, slots=True)
class LabelAddressee:
    """Who one label goes to (for the log of issued documents) and the address block."""

    person_id: int
    name: str
    sort_name: str
    lines: tuple[str, ...]
    postcode: str


def _nudge_key(sheet: SheetLayout) -> str:
    return _NUDGE_KEY.format(key=sheet.key)


def _event_date_text(event: Event) -> str:
    return format_date_de(event.starts_at)


def _problems(problems: Sequence[str], what: str) -> ValidationError:
    listed = "; ".join(problems[:LISTED_PROBLEMS])
    more = len(problems) - LISTED_PROBLEMS
    if more > 0:
        listed += f"; und {more} weitere"
    return ValidationError(
        f"{what} wurden nicht gedruckt, weil {len(problems)} Anschrift"
        f"{'' if len(problems) == 1 else 'en'} nicht passt: {listed}.",
        field="address",
        hint="Bitte die Anschriften in den Kontakten ergänzen oder kürzen und erneut drucken.",
    )


class SheetService(Service):
    """Badges and labels (issue 12, items 6 and 7) and the remembered nudge per sheet."""

    # --- the nudge ---------------------------------------------------------------------------

    def get_sheet_nudge(self, sheet_key: str) -> SheetNudge:
        """The remembered nudge of a label or badge sheet (0/0 until one is saved)."""
        sheet = _any_sheet(sheet_key)
        with self.db.read() as s:
            return _read_nudge(s, sheet)

    def set_sheet_nudge(self, sheet_key: str, nudge: SheetNudge) -> SheetNudge:
        """Remember how far everything printed on this kind of sheet is moved (mm)."""
        sheet = _any_sheet(sheet_key)
        with self.db.transaction() as s:
            row = s.get(AppMeta, _nudge_key(sheet))
            before = SheetNudge.from_dict(json.loads(row.value)) if row is not None else None
            if before == nudge:
                return nudge
            value = json.dumps(nudge.to_dict(), sort_keys=True)
            if row is None:
                s.add(AppMeta(key=_nudge_key(sheet), value=value))
            else:
                row.value = value
            s.flush()
            self.audit(
                s,
                AuditAction.UPDATE,
                "sheet",
                None,
                f"Verschiebung für {sheet.name}: {nudge.x:+g} mm nach rechts, "
                f"{nudge.y:+g} mm nach unten",
            )
            return nudge

    # --- name badges -------------------------------------------------------------------------

    def get_badge_snapshot(
        self,
        event_id: int,
        *,
        sheet: str = DEFAULT_BADGE_SHEET,
        start: int = 1,
        qr: bool = False,
        blank: int = 0,
        nudge: SheetNudge | None = None,
    ) -> BadgeSheetSnapshot:
        """Badges for those registered for and attending the event, sorted by name, then
        ``blank`` empty ones. ``nudge``: this time's; ``None`` is the remembered one."""
        layout = badge_sheet(sheet)
        check_start(layout, start, "Namensschilder")
        if not 0 <= blank <= MAX_BLANK_BADGES:
            raise ValidationError(
                f"Bitte 0 bis {MAX_BLANK_BADGES} leere Namensschilder.", field="blank"
            )
        today = self.ctx.today()
        with self.db.read() as s:
            event = load_event(s, event_id)
            rows = s.execute(
                select(Registration, Person, Affiliation, Organisation)
                .join(Person, Person.id == Registration.person_id)
                .outerjoin(Affiliation, Affiliation.id == Registration.affiliation_id)
                .outerjoin(Organisation, Organisation.id == Affiliation.organisation_id)
                .where(Registration.event_id == event_id,
                       Registration.status.in_(BADGE_STATUSES))
                .order_by(Person.sort_name, Person.id)
            ).all()
            badges: list[Badge] = []
            for registration, person, role, organisation in rows:
                if role is None:
                    role = current_affiliation(person.affiliations, today)
                    organisation = role.organisation if role is not None else None
                badges.append(
                    Badge(
                        name=display_name(person.title, person.first_name, person.last_name),
                        organisation=organisation.name if organisation is not None else None,
                        role=role.role if role is not None else None,
                        code=registration.code if qr else None,
                    )
                )
            if not badges and not blank:
                raise ValidationError(
                    f"Für „{event.title}“ ist noch niemand angemeldet; es gibt keine "
                    "Namensschilder zu drucken.",
                    field="event",
                )
            badges += [Badge(name="")] * blank
            place = event.venue.town if event.venue is not None and event.venue.town else None
            event_line = " · ".join(
                part for part in (event.title, _event_date_text(event), place) if part
            )
            return BadgeSheetSnapshot(
                title=f"Namensschilder: {event.title}, {_event_date_text(event)}",
                author=load_profile(s).name,
                event_line=event_line,
                sheet=layout,
                badges=tuple(badges),
                start=start,
                nudge=nudge if nudge is not None else _read_nudge(s, layout),
            )

    def render_badges(
        self,
        event_id: int,
        *,
        sheet: str = DEFAULT_BADGE_SHEET,
        start: int = 1,
        qr: bool = False,
        blank: int = 0,
        nudge: SheetNudge | None = None,
    ) -> RenderedDocument:
        """The event's name badges as a document for the preview; log it with
        ``DocumentService.record_issue`` when it is printed or saved."""
        snapshot = self.get_badge_snapshot(
            event_id, sheet=sheet, start=start, qr=qr, blank=blank, nudge=nudge
        )
        return DocumentService(self.ctx).render(
            snapshot,
            title=snapshot.title,
            entity_type="event",
            entity_id=event_id,
            file_name=snapshot.title.replace(":", ""),
        )

    # --- address labels ----------------------------------------------------------------------

    def get_event_label_snapshot(
        self,
        event_id: int,
        *,
        sheet: str = DEFAULT_LABEL_SHEET,
        start: int = 1,
        statuses: Collection[RegistrationStatus] | None = None,
        nudge: SheetNudge | None = None,
    ) -> LabelSheetSnapshot:
        """Labels for the event's invitees (``statuses``: only these), sorted by postcode."""
        return self._event_labels(event_id, sheet, start, statuses, nudge)[0]

    def get_list_label_snapshot(
        self,
        list_id: int,
        *,
        sheet: str = DEFAULT_LABEL_SHEET,
        start: int = 1,
        nudge: SheetNudge | None = None,
    ) -> LabelSheetSnapshot:
        """Labels for a distribution list's members, each in the role the list names."""
        return self._list_labels(list_id, sheet, start, nudge)[0]

    def _event_labels(
        self,
        event_id: int,
        sheet: str,
        start: int,
        statuses: Collection[RegistrationStatus] | None,
        nudge: SheetNudge | None,
    ) -> tuple[LabelSheetSnapshot, tuple[LabelAddressee, ...]]:
        layout = label_sheet(sheet)
        check_start(layout, start)
        with self.db.read() as s:
            event = load_event(s, event_id)
            stmt = (
                select(Registration.person_id, Registration.affiliation_id)
                .where(Registration.event_id == event_id)
                .order_by(Registration.id)
            )
            if statuses:
                stmt = stmt.where(Registration.status.in_(list(statuses)))
            members = [(p, a) for p, a in s.execute(stmt).all()]
            if not members:
                raise ValidationError(
                    f"Zu „{event.title}“ gibt es niemanden, dessen Anschrift gedruckt werden "
                    "könnte.",
                    field="event",
                )
            addressees = self._addressees(s, members, "Die Etiketten")
            title = f"Adressetiketten: {event.title}, {_event_date_text(event)}"
            return self._label_snapshot(s, title, layout, start, addressees, nudge), addressees

    def _list_labels(
        self, list_id: int, sheet: str, start: int, nudge: SheetNudge | None
    ) -> tuple[LabelSheetSnapshot, tuple[LabelAddressee, ...]]:
        layout = label_sheet(sheet)
        check_start(layout, start)
        with self.db.read() as s:
            dl = s.get(DistributionList, list_id)
            if dl is None:
                raise NotFoundError(f"Den Verteiler Nr. {list_id} gibt es nicht (mehr).")
            members = [
                (p, a)
                for p, a in s.execute(
                    select(DistributionListMember.person_id, DistributionListMember.affiliation_id)
                    .where(DistributionListMember.list_id == list_id)
                    .order_by(DistributionListMember.person_id)
                ).all()
            ]
            if not members:
                raise ValidationError(f"Der Verteiler „{dl.name}“ ist leer.", field="list")
            addressees = self._addressees(s, members, "Die Etiketten")
            title = f"Adressetiketten: Verteiler {dl.name}"
            return self._label_snapshot(s, title, layout, start, addressees, nudge), addressees

    def render_event_labels(
        self,
        event_id: int,
        *,
        sheet: str = DEFAULT_LABEL_SHEET,
        start: int = 1,
        statuses: Collection[RegistrationStatus] | None = None,
        nudge: SheetNudge | None = None,
    ) -> RenderedDocument:
        """Address labels for the event's invitees as a document for the preview; log it
        with ``DocumentService.record_issue`` when it is printed or saved."""
        snapshot, addressees = self._event_labels(event_id, sheet, start, statuses, nudge)
        return self._render_labels(snapshot, addressees, "event", event_id)

    def render_list_labels(
        self,
        list_id: int,
        *,
        sheet: str = DEFAULT_LABEL_SHEET,
        start: int = 1,
        nudge: SheetNudge | None = None,
    ) -> RenderedDocument:
        """Address labels for a distribution list as a document for the preview."""
        snapshot, addressees = self._list_labels(list_id, sheet, start, nudge)
        return self._render_labels(snapshot, addressees, "distribution_list", list_id)

    # --- helpers -----------------------------------------------------------------------------

    def _render_labels(
        self,
        snapshot: LabelSheetSnapshot,
        addressees: Sequence[LabelAddressee],
        entity_type: str,
        entity_id: int,
    ) -> RenderedDocument:
        return DocumentService(self.ctx).render(
            snapshot,
            title=snapshot.title,
            entity_type=entity_type,
            entity_id=entity_id,
            recipient_ids=tuple(a.person_id for a in addressees),
            recipient_names=tuple(a.name for a in addressees),
            file_name=snapshot.title.replace(":", ""),
        )

    def _label_snapshot(
        self,
        s: Session,
        title: str,
        layout: SheetLayout,
        start: int,
        addressees: Sequence[LabelAddressee],
        nudge: SheetNudge | None,
    ) -> LabelSheetSnapshot:
        return LabelSheetSnapshot(
            title=title,
            author=load_profile(s).name,
            sheet=layout,
            labels=tuple(a.lines for a in addressees),
            start=start,
            nudge=nudge if nudge is not None else _read_nudge(s, layout),
        )

    def _addressees(
        self, s: Session, members: Sequence[tuple[int, int | None]], what: str
    ) -> tuple[LabelAddressee, ...]:
        """The address of each (person, role), sorted by postcode and name; one error for
        all whose address cannot be made."""
        today = self.ctx.today()
        persons = {
            p.id: p
            for p in s.scalars(select(Person).where(Person.id.in_({m[0] for m in members})))
        }
        out: list[LabelAddressee] = []
        problems: list[str] = []
        for person_id, affiliation_id in dict.fromkeys(members):
            person = persons[person_id]
            name = display_name(person.title, person.first_name, person.last_name)
            role: Affiliation | None
            if affiliation_id is not None:
                role = next((a for a in person.affiliations if a.id == affiliation_id), None)
            else:
                role = letter_affiliation(person, today)
            recipient = address_input(person, role)
            try:
                lines = address_block(recipient)
            except ValidationError as exc:
                problems.append(f"{name}: {exc.message}")
                continue
            out.append(
                LabelAddressee(person_id, name, person.sort_name, lines,
                           (recipient.postcode or "").strip())
            )
        if problems:
            raise _problems(problems, what)
        # No postcode sorts last; then by name, as the person lists do.
        out.sort(key=lambda a: (a.postcode == "", a.postcode, a.sort_name, a.person_id))
        return tuple(out)


def _any_sheet(key: str) -> SheetLayout:
    """A label or badge sheet by key; the German error names all of them."""
    try:
        return label_sheet(key)
    except ValidationError as labels:
        try:
            return badge_sheet(key)
        except ValidationError as badges:
            raise ValidationError(f"{labels.message} {badges.message}", field="sheet") from None


def _read_nudge(s: Session, sheet: SheetLayout) -> SheetNudge:
    row = s.get(AppMeta, _nudge_key(sheet))
    if row is None:
        return SheetNudge()
    try:
        return SheetNudge.from_dict(json.loads(row.value))
    except (ValueError, TypeError, ValidationError):
        # A damaged value is not worth stopping a print for: no nudge.
        return SheetNudge()


__all__ = ["BADGE_STATUSES", "LabelAddressee", "SheetService"]
