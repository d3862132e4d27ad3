"""Events over a period for Auswertungen and its report (Veranstaltungsstatistik).

One call, :meth:`EventReportService.get_event_statistics`, answers for every event of the period
what :meth:`~beratung.services.events.figures.EventFiguresService.event_figures` answers for one
(registrations per status, the municipalities reached, members and non-members, per
Regierungsbezirk), the period's totals, and per series who came how often
(:meth:`~beratung.services.events.figures.EventFiguresService.series_attendance`, within the
period). It runs four queries however many events there are: the events, the registrations
per event and status, the municipalities reached, the attendances — each restricted to the
period's events by a subquery. The counting rules are in :mod:`beratung.domain.reports`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, aliased

from beratung.documents import registry
from beratung.domain.contacts import Affiliation, Organisation, Person
from beratung.domain.enums import (
    AuditAction,
    EventStatus,
    OrganisationKind,
    RegistrationStatus,
    label,
)
from beratung.domain.errors import ValidationError
from beratung.domain.events import Event, Registration, Venue
from beratung.domain.office import OfficeProfile
from beratung.domain.reports import (
    REGISTRATION_FIELDS,
    REGISTRATION_TITLES,
    EventReportSnapshot,
    EventStatistics,
    EventStatisticsRow,
    EventTotals,
    Reach,
    RegistrationTally,
    ReportTable,
    SeriesGuest,
    SeriesStatistics,
    Tally,
)
from beratung.domain.rules.dates import OFFICE_TIME_ZONE, format_date_de
from beratung.services.base import Service
from beratung.services.contacts import display_name
from beratung.services.events.figures import REACHED
from beratung.services.statistics import MAX_DAYS, period_title

#: The Regierungsbezirk of a municipality without one.
UNKNOWN_REGION = "(ohne Angabe)"
#: What the exports can write.
FORMATS = ("pdf", "xlsx", "csv")
#: The table the csv export writes (the others need the xlsx export's sheets).
EVENTS_TABLE = "Veranstaltungen"

NOTES = (
    "Anmeldungen: Jede Person zählt je Veranstaltung einmal, mit dem aktuellen Stand ihrer "
    "Anmeldung; „Eingeladen“ heißt eingeladen und noch ohne Antwort.",
    "Erreichte Kommunen: verschiedene Städte und Gemeinden derer, die sich angemeldet oder "
    "teilgenommen haben (die Organisation, für die sie eingeladen wurden); eine Kommune zählt "
    "im Gesamt einmal, auch wenn sie mehrere Veranstaltungen erreicht hat; abgesagte "
    "Veranstaltungen zählen dort nicht mit.",
    "Durchgeführt: Veranstaltungen mit dem Status „durchgeführt“ oder mit erfassten "
    "Teilnahmen. Teilnehmende: verschiedene Personen; Teilnahmen: eine Person bei zwei "
    "Veranstaltungen zählt zweimal.",
)


@dataclass(frozen=True, slots=True)
class _Event:
    id: int
    title: str
    series: str | None
    starts_on: date
    town: str | None
    status: EventStatus
    capacity: int | None


@dataclass(frozen=True, slots=True)
class _Attendance:
    event_id: int
    person_id: int
    name: str
    sort_name: str
    erased: bool
    organisation: str | None


def _utc(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), OFFICE_TIME_ZONE).astimezone(UTC)


def _local_day(moment: datetime) -> date:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(OFFICE_TIME_ZONE).date()


def _region_key(name: str) -> tuple[bool, str]:
    return (name == UNKNOWN_REGION, name.lower())


class EventReportService(Service):
    """Events of a period: the events part of Auswertungen, its report and its exports."""

    def get_event_statistics(
        self, period_from: date, period_to: date, series: str | None = None
    ) -> EventStatistics:
        """The events starting on German calendar days ``period_from`` to ``period_to``
        (inclusive), optionally of one series, with their figures, the totals and the series'
        guests."""
        _check_period(period_from, period_to)
        series = (series or "").strip() or None
        with self.db.read() as s:
            return _statistics(s, period_from, period_to, series)

    def list_event_years(self) -> list[int]:
        """The (German calendar) years that have events, newest first."""
        with self.db.read() as s:
            years = {_local_day(moment).year for moment in s.scalars(select(Event.starts_at))}
        return sorted(years, reverse=True)

    def get_series_span(self, series: str) -> tuple[date, date] | None:
        """The German calendar days of the first and the last event of a series (``None``:
        the series has no events); the period the report of a whole series covers."""
        with self.db.read() as s:
            first, last = s.execute(
                select(func.min(Event.starts_at), func.max(Event.starts_at)).where(
                    Event.series == series
                )
            ).one()
        if first is None or last is None:
            return None
        return _local_day(first), _local_day(last)

    def get_event_report_snapshot(
        self, period_from: date, period_to: date, series: str | None = None
    ) -> EventReportSnapshot:
        statistics = self.get_event_statistics(period_from, period_to, series)
        with self.db.read() as s:
            office = s.scalars(select(OfficeProfile).order_by(OfficeProfile.id)).first()
        subtitle = f"Zeitraum: {format_date_de(period_from)} – {format_date_de(period_to)}"
        if statistics.series:
            subtitle += f" · Reihe: {statistics.series}"
        return EventReportSnapshot(
            title=f"Veranstaltungsstatistik {period_title(period_from, period_to)}",
            subtitle=subtitle,
            organisation_name=office.name if office else "Städtetag Baden-Württemberg",
            department=office.unit if office and office.unit else "Fachberatung Inklusion",
            created_on=self.ctx.today(),
            statistics=statistics,
            notes=NOTES,
        )

    def export_event_report(
        self,
        period_from: date,
        period_to: date,
        series: str | None = None,
        *,
        format: str = "pdf",
    ) -> bytes:
        """The events report as PDF, xlsx (one sheet per table) or csv (the table of the
        events) bytes, audited as an export."""
        if format not in FORMATS:
            raise ValidationError(
                f"Das Format „{format}“ gibt es nicht; möglich sind pdf, xlsx und csv.",
                field="format",
            )
        snapshot = self.get_event_report_snapshot(period_from, period_to, series)
        if format == "pdf":
            data = registry.render(snapshot).pdf
        elif format == "xlsx":
            from beratung.interchange.xlsx_io import write_tables_xlsx

            data = write_tables_xlsx(
                [(t.title, t.headers, t.rows) for t in event_report_tables(snapshot.statistics)]
            )
        else:
            from beratung.interchange.csv_io import write_table_csv

            tables = event_report_tables(snapshot.statistics)
            events = next(t for t in tables if t.title == EVENTS_TABLE)
            data = write_table_csv(events.headers, events.rows)
        with self.db.transaction() as session:
            self.audit(
                session,
                AuditAction.EXPORT,
                "event_report",
                None,
                f"{snapshot.title} als {format.upper()} ausgegeben ({snapshot.subtitle})",
                {"period_from": period_from, "period_to": period_to, "series": series},
            )
        return data


def _check_period(period_from: date, period_to: date) -> None:
    if period_to < period_from:
        raise ValidationError("Das Ende des Zeitraums liegt vor seinem Beginn.", field="period_to")
    if (period_to - period_from).days > MAX_DAYS:
        raise ValidationError("Der Zeitraum ist zu lang (höchstens zehn Jahre).", field="period_to")


# --------------------------------------------------------------------------------------------
# The four queries


def _statistics(
    s: Session, period_from: date, period_to: date, series: str | None
) -> EventStatistics:
    conditions: list[ColumnElement[bool]] = [
        Event.starts_at >= _utc(period_from),
        Event.starts_at < _utc(period_to + timedelta(days=1)),
    ]
    if series is not None:
        conditions.append(Event.series == series)
    in_period = select(Event.id).where(*conditions).scalar_subquery()
    events = _events(s, conditions)
    counts = _registrations(s, in_period)
    reached = _reached(s, in_period)
    attendances = _attendances(s, in_period)

    rows = []
    for event in events:
        tally = counts.get(event.id, RegistrationTally())
        held = event.status is EventStatus.HELD or (
            event.status is not EventStatus.CANCELLED and tally.attended > 0
        )
        rows.append(
            EventStatisticsRow(
                event_id=event.id,
                title=event.title,
                series=event.series,
                starts_on=event.starts_on,
                town=event.town,
                status=event.status.value,
                status_label=label(event.status),
                held=held,
                capacity=event.capacity,
                registrations=tally,
                reach=_reach(reached.get(event.id, {}).values()),
            )
        )
    # A municipality reached by several events counts once; a cancelled event reached nobody.
    everywhere: dict[int, tuple[bool, str]] = {}
    for row in rows:
        if not row.cancelled:
            everywhere.update(reached.get(row.event_id, {}))
    totals = EventTotals(
        events=len(rows),
        held=sum(1 for r in rows if r.held),
        cancelled=sum(1 for r in rows if r.cancelled),
        registrations=sum((r.registrations for r in rows), RegistrationTally()),
        participants=len({a.person_id for a in attendances}),
        reach=_reach(everywhere.values()),
    )
    return EventStatistics(
        period_from=period_from,
        period_to=period_to,
        series=series,
        events=tuple(rows),
        totals=totals,
        series_statistics=_series(rows, attendances),
    )


def _events(s: Session, conditions: Sequence[ColumnElement[bool]]) -> list[_Event]:
    stmt = (
        select(
            Event.id,
            Event.title,
            Event.series,
            Event.starts_at,
            Event.status,
            Event.capacity,
            Venue.town,
        )
        .outerjoin(Venue, Venue.id == Event.venue_id)
        .where(*conditions)
        .order_by(Event.starts_at, Event.id)
    )
    return [
        _Event(
            id=int(ident),
            title=str(title),
            series=series,
            starts_on=_local_day(starts_at),
            town=town,
            status=EventStatus(status),
            capacity=capacity,
        )
        for ident, title, series, starts_at, status, capacity, town in s.execute(stmt)
    ]


def _registrations(s: Session, in_period: Any) -> dict[int, RegistrationTally]:
    found: dict[int, dict[str, int]] = defaultdict(dict)
    for event_id, status, count in s.execute(
        select(Registration.event_id, Registration.status, func.count(Registration.id))
        .where(Registration.event_id.in_(in_period))
        .group_by(Registration.event_id, Registration.status)
    ):
        found[int(event_id)][RegistrationStatus(status).value] = int(count)
    return {ident: RegistrationTally(**values) for ident, values in found.items()}


def _reached(s: Session, in_period: Any) -> dict[int, dict[int, tuple[bool, str]]]:
    """Per event the municipalities reached: organisation id → (member, Regierungsbezirk)."""
    role = aliased(Affiliation)
    org = aliased(Organisation)
    found: dict[int, dict[int, tuple[bool, str]]] = defaultdict(dict)
    for event_id, org_id, is_member, region in s.execute(
        select(Registration.event_id, org.id, org.is_member, org.regierungsbezirk)
        .join(role, role.id == Registration.affiliation_id)
        .join(org, org.id == role.organisation_id)
        .where(
            Registration.event_id.in_(in_period),
            Registration.status.in_(REACHED),
            org.kind == OrganisationKind.MUNICIPALITY,
        )
        .distinct()
    ):
        found[int(event_id)][int(org_id)] = (bool(is_member), region or UNKNOWN_REGION)
    return found


def _attendances(s: Session, in_period: Any) -> list[_Attendance]:
    """Who attended which event, in the order of the events."""
    role = aliased(Affiliation)
    org = aliased(Organisation)
    rows = s.execute(
        select(
            Registration.event_id,
            Person.id,
            Person.title,
            Person.first_name,
            Person.last_name,
            Person.sort_name,
            Person.erased_at,
            org.name,
        )
        .join(Person, Person.id == Registration.person_id)
        .join(Event, Event.id == Registration.event_id)
        .outerjoin(role, role.id == Registration.affiliation_id)
        .outerjoin(org, org.id == role.organisation_id)
        .where(
            Registration.event_id.in_(in_period),
            Registration.status == RegistrationStatus.ATTENDED,
        )
        .order_by(Event.starts_at, Event.id, Person.sort_name, Person.id)
    )
    return [
        _Attendance(
            event_id=int(event_id),
            person_id=int(person_id),
            name=display_name(title, first, last),
            sort_name=str(sort or last),
            erased=erased is not None,
            organisation=organisation,
        )
        for event_id, person_id, title, first, last, sort, erased, organisation in rows
    ]


# --------------------------------------------------------------------------------------------
# Putting the numbers together


def _reach(municipalities: Iterable[tuple[bool, str]]) -> Reach:
    found = list(municipalities)
    regions = Counter(region for _member, region in found)
    return Reach(
        municipalities=len(found),
        members=sum(1 for member, _region in found if member),
        non_members=sum(1 for member, _region in found if not member),
        by_regierungsbezirk=tuple(
            Tally(name, regions[name]) for name in sorted(regions, key=_region_key)
        ),
    )


def _series(
    rows: Sequence[EventStatisticsRow], attendances: Sequence[_Attendance]
) -> tuple[SeriesStatistics, ...]:
    events_of: dict[str, list[EventStatisticsRow]] = defaultdict(list)
    for row in rows:
        if row.series:
            events_of[row.series].append(row)
    by_event = {row.event_id: row for row in rows}
    out = []
    for name in sorted(events_of, key=str.lower):
        ids = {row.event_id for row in events_of[name]}
        came = [a for a in attendances if a.event_id in ids]
        per_person: dict[int, list[_Attendance]] = defaultdict(list)
        for attendance in came:
            per_person[attendance.person_id].append(attendance)
        frequency = Counter(len(visits) for visits in per_person.values())
        guests = []
        for visits in per_person.values():
            if visits[0].erased:
                continue
            # The organisation they came for last (as series_attendance names it).
            organisation = next(
                (v.organisation for v in reversed(visits) if v.organisation), None
            )
            guests.append(
                (
                    visits[0].sort_name.lower(),
                    SeriesGuest(
                        name=visits[0].name,
                        organisation=organisation,
                        attended=len(visits),
                        events=tuple(_event_text(by_event[v.event_id]) for v in visits),
                    ),
                )
            )
        guests.sort(key=lambda item: (-item[1].attended, item[0]))
        out.append(
            SeriesStatistics(
                series=name,
                events=sum(1 for row in events_of[name] if not row.cancelled),
                held=sum(1 for row in events_of[name] if row.held),
                participants=len(per_person),
                attendances=len(came),
                frequency=tuple(sorted(frequency.items())),
                guests=tuple(guest for _key, guest in guests),
            )
        )
    return tuple(out)


def _region_title(name: str) -> str:
    if name == UNKNOWN_REGION:
        return "Kommunen ohne Regierungsbezirk"
    return f"Kommunen im Regierungsbezirk {name}"


def _event_text(row: EventStatisticsRow) -> str:
    return f"{format_date_de(row.starts_on)} {row.title}"


# --------------------------------------------------------------------------------------------
# Tables for the exports


def event_report_tables(statistics: EventStatistics) -> list[ReportTable]:
    """The report's tables as plain rows: the key figures, the events (the csv export), the
    Regierungsbezirke, the series and their guests (xlsx: one sheet each)."""
    regions = statistics.regierungsbezirke
    reach_titles = ("Kommunen", "Mitgliedskommunen", "Nichtmitglieder")

    def reach_values(reach: Reach) -> tuple[int, ...]:
        return (
            reach.municipalities,
            reach.members,
            reach.non_members,
            *(reach.in_regierungsbezirk(name) for name in regions),
        )

    def tally_values(tally: RegistrationTally) -> tuple[int, ...]:
        return tuple(int(getattr(tally, name)) for name in REGISTRATION_FIELDS)

    events = ReportTable(
        title=EVENTS_TABLE,
        headers=(
            "Datum",
            "Veranstaltung",
            "Reihe",
            "Ort",
            "Status",
            "Plätze",
            *REGISTRATION_TITLES,
            *reach_titles,
            *(_region_title(name) for name in regions),
        ),
        rows=(
            *(
                (
                    row.starts_on,
                    row.title,
                    row.series,
                    row.town,
                    row.status_label,
                    row.capacity,
                    *tally_values(row.registrations),
                    *reach_values(row.reach),
                )
                for row in statistics.events
            ),
            (
                None,
                "Gesamt",
                None,
                None,
                None,
                None,
                *tally_values(statistics.totals.registrations),
                *reach_values(statistics.totals.reach),
            ),
        ),
    )
    totals = statistics.totals
    period = f"{format_date_de(statistics.period_from)} – {format_date_de(statistics.period_to)}"
    key_figures = ReportTable(
        title="Gesamt",
        headers=("Kennzahl", "Wert"),
        rows=(
            ("Zeitraum", period),
            ("Reihe", statistics.series or "alle"),
            ("Veranstaltungen", totals.events),
            ("davon durchgeführt", totals.held),
            ("davon abgesagt", totals.cancelled),
            ("Teilnahmen", totals.registrations.attended),
            ("Teilnehmende (Personen)", totals.participants),
            ("Erreichte Kommunen", totals.reach.municipalities),
            ("davon Mitgliedskommunen", totals.reach.members),
            ("davon Nichtmitglieder", totals.reach.non_members),
        ),
    )
    by_region = ReportTable(
        title="Regierungsbezirke",
        headers=("Regierungsbezirk", "Erreichte Kommunen"),
        rows=tuple((t.label, t.count) for t in totals.reach.by_regierungsbezirk),
    )
    series = ReportTable(
        title="Reihen",
        headers=(
            "Reihe",
            "Veranstaltungen",
            "durchgeführt",
            "Teilnehmende",
            "Teilnahmen",
            "mehrmals dabei",
        ),
        rows=tuple(
            (s.series, s.events, s.held, s.participants, s.attendances, len(s.regulars))
            for s in statistics.series_statistics
        ),
    )
    guests = ReportTable(
        title="Teilnehmende der Reihen",
        headers=("Reihe", "Name", "Organisation", "Teilnahmen", "Veranstaltungen"),
        rows=tuple(
            (s.series, g.name, g.organisation, g.attended, "\n".join(g.events))
            for s in statistics.series_statistics
            for g in s.guests
        ),
    )
    return [key_figures, events, by_region, series, guests]
