"""Snapshots of the consultation statistics (Auswertungen) and of the printed statistics report.

The statistics service fills them from the database; the GUI shows them, the report renderer
prints them and the exports write them. They are plain frozen data: nothing here reads a database.

Counting rules (the same everywhere the numbers appear):

* ``consultations`` counts consultations.
* ``municipalities`` counts *distinct* organisations of kind "Kommune" advised in that group, so
  a town advised five times in May counts once for May (and once for the year).
* ``members`` / ``non_members`` split those distinct municipalities by membership in the
  association; ``members + non_members == municipalities``.
* ``minutes`` sums the recorded durations (consultations without a duration add nothing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from beratung.domain.enums import RegistrationStatus


@dataclass(frozen=True, slots=True)
class StatisticsRow:
    """One line of a statistics table: a month, a programme, a topic, a Landkreis …"""

    #: Stable key: "2017-05" (month), "2017-Q2" (quarter), an id as text, an enum code, a name.
    key: str
    #: What the reader sees: "Mai 2017", "Quartier 2020", "Telefon", "Landkreis Tübingen".
    label: str
    consultations: int
    municipalities: int
    members: int
    non_members: int
    minutes: int

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)


@dataclass(frozen=True, slots=True)
class ConsultationStatistics:
    """Everything the Auswertungen page and the report show for one period (and programme)."""

    period_from: date
    period_to: date
    #: "month" or "quarter": what ``by_period`` is grouped by.
    granularity: str
    programme_id: int | None
    programme_name: str | None
    totals: StatisticsRow
    #: Every month (quarter) of the period in order, including those without consultations.
    by_period: tuple[StatisticsRow, ...]
    #: Sorted by consultations, descending; "(ohne Programm)" last.
    by_programme: tuple[StatisticsRow, ...]
    #: A consultation with three topics counts once for each topic.
    by_topic: tuple[StatisticsRow, ...]
    by_mode: tuple[StatisticsRow, ...]
    #: Key and label are the Kreis ("Landkreis Tübingen", "Stadtkreis Ulm").
    by_kreis: tuple[StatisticsRow, ...]
    by_regierungsbezirk: tuple[StatisticsRow, ...]
    #: Two rows, "Mitgliedskommunen" and "Nichtmitglieder" (consultations with municipalities
    #: only), then "Sonstige Organisationen" and "ohne Organisation" when there are any.
    by_membership: tuple[StatisticsRow, ...]
    #: Consultations whose organisation is not a municipality (Landkreis, Verband …) or missing.
    other_consultations: int = 0

    @property
    def is_empty(self) -> bool:
        return self.totals.consultations == 0


@dataclass(frozen=True, slots=True)
class ReportTable:
    """A titled table for the exports (xlsx/csv) and for the report's appendix."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]


@dataclass(frozen=True, slots=True)
class ConsultationReportSnapshot:
    """The frozen data the statistics report ("Beratungsstatistik 2017") is printed from."""

    #: "Beratungsstatistik 2017" (whole calendar year) or "Beratungsstatistik 01.03.–31.07.2017".
    title: str
    #: "Zeitraum: 01.01.2017 – 31.12.2017", and the programme when filtered.
    subtitle: str
    #: The office (sender) name, e.g. "Städtetag Baden-Württemberg", for the header and metadata.
    organisation_name: str
    #: "Fachberatung Inklusion" or the advisor, for the header line.
    department: str
    created_on: date
    statistics: ConsultationStatistics
    #: How many rows the Landkreis and topic tables show before "weitere …".
    top_n: int = 10
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data, stored with the issued document so it can be re-rendered."""
        stats = self.statistics
        return {
            **_head_dict(self, "consultation_report"),
            "statistics": {
                "period_from": stats.period_from.isoformat(),
                "period_to": stats.period_to.isoformat(),
                "granularity": stats.granularity,
                "programme_id": stats.programme_id,
                "programme_name": stats.programme_name,
                "totals": _row_dict(stats.totals),
                **{name: [_row_dict(r) for r in getattr(stats, name)] for name in _ROW_TABLES},
                "other_consultations": stats.other_consultations,
            },
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ConsultationReportSnapshot:
        stats = data["statistics"]
        tables = {name: tuple(_row(r) for r in stats.get(name, ())) for name in _ROW_TABLES}
        return cls(
            **_head(data, top_n=10),
            statistics=ConsultationStatistics(
                period_from=date.fromisoformat(stats["period_from"]),
                period_to=date.fromisoformat(stats["period_to"]),
                granularity=stats["granularity"],
                programme_id=stats.get("programme_id"),
                programme_name=stats.get("programme_name"),
                totals=_row(stats["totals"]),
                by_period=tables["by_period"],
                by_programme=tables["by_programme"],
                by_topic=tables["by_topic"],
                by_mode=tables["by_mode"],
                by_kreis=tables["by_kreis"],
                by_regierungsbezirk=tables["by_regierungsbezirk"],
                by_membership=tables["by_membership"],
                other_consultations=int(stats.get("other_consultations", 0)),
            ),
        )


class ReportHeading(Protocol):
    """What a report's page template prints of its snapshot (read-only: the snapshots are
    frozen dataclasses)."""

    @property
    def title(self) -> str: ...
    @property
    def subtitle(self) -> str: ...
    @property
    def organisation_name(self) -> str: ...
    @property
    def department(self) -> str: ...
    @property
    def created_on(self) -> date: ...


class ReportHead(ReportHeading, Protocol):
    """What both statistics report snapshots start with and store."""
    @property
    def top_n(self) -> int: ...
    @property
    def notes(self) -> tuple[str, ...]: ...


def _head_dict(report: ReportHead, kind: str) -> dict[str, Any]:
    """The fields every report snapshot starts with; ``kind`` like the other snapshots carry it
    (see documents.registry)."""
    return {
        "kind": kind,
        "title": report.title,
        "subtitle": report.subtitle,
        "organisation_name": report.organisation_name,
        "department": report.department,
        "created_on": report.created_on.isoformat(),
        "top_n": report.top_n,
        "notes": list(report.notes),
    }


def _head(data: dict[str, Any], *, top_n: int) -> dict[str, Any]:
    """The keyword arguments of :func:`_head_dict`'s fields, ``top_n`` the report's default."""
    return {
        "title": data["title"],
        "subtitle": data["subtitle"],
        "organisation_name": data["organisation_name"],
        "department": data["department"],
        "created_on": date.fromisoformat(data["created_on"]),
        "top_n": int(data.get("top_n", top_n)),
        "notes": tuple(data.get("notes", ())),
    }


_ROW_TABLES = (
    "by_period",
    "by_programme",
    "by_topic",
    "by_mode",
    "by_kreis",
    "by_regierungsbezirk",
    "by_membership",
)


def _row_dict(row: StatisticsRow) -> dict[str, Any]:
    return {
        "key": row.key,
        "label": row.label,
        "consultations": row.consultations,
        "municipalities": row.municipalities,
        "members": row.members,
        "non_members": row.non_members,
        "minutes": row.minutes,
    }


def _row(data: dict[str, Any]) -> StatisticsRow:
    return StatisticsRow(
        key=str(data["key"]),
        label=str(data["label"]),
        consultations=int(data["consultations"]),
        municipalities=int(data["municipalities"]),
        members=int(data["members"]),
        non_members=int(data["non_members"]),
        minutes=int(data["minutes"]),
    )


# --------------------------------------------------------------------------------------------
# Events (Veranstaltungsstatistik)
#
# Counting rules, the same on the Auswertungen page, in the report and in its exports:
#
# * Every invited or registered person counts once per event, with the *current* status of
#   their registration (as on the Veranstaltungen page): "invited" means invited and not yet
#   answered; after the check-in the registered become "attended" or "no_show".
# * An event *reached* the municipalities of those who registered or attended (the
#   organisation of the role they were invited in); ``municipalities`` counts distinct
#   organisations of kind "Kommune", ``members + non_members == municipalities``. In the totals
#   a municipality reached by three events counts once, and cancelled events reach nobody.
# * ``participants`` counts distinct persons who attended at least once; ``attended`` counts
#   attendances (one person at two events: two).
# * An event was *held* when its status says "durchgeführt", or when attendance was recorded
#   for it and it was not cancelled.


@dataclass(frozen=True, slots=True)
class Tally:
    """A label and a number: a Regierungsbezirk and its municipalities."""

    label: str
    count: int


@dataclass(frozen=True, slots=True)
class RegistrationTally:
    """Registrations per (current) status."""

    invited: int = 0
    registered: int = 0
    declined: int = 0
    waitlisted: int = 0
    attended: int = 0
    no_show: int = 0

    @property
    def total(self) -> int:
        return (
            self.invited
            + self.registered
            + self.declined
            + self.waitlisted
            + self.attended
            + self.no_show
        )

    def of(self, status: RegistrationStatus) -> int:
        return int(getattr(self, status.value))

    def __add__(self, other: RegistrationTally) -> RegistrationTally:
        return RegistrationTally(
            *(getattr(self, name) + getattr(other, name) for name in REGISTRATION_FIELDS)
        )


#: The statuses in the order every table shows them, with their column titles.
REGISTRATION_FIELDS = ("invited", "registered", "declined", "waitlisted", "attended", "no_show")
REGISTRATION_TITLES = (
    "Eingeladen",
    "Angemeldet",
    "Abgesagt",
    "Warteliste",
    "Teilgenommen",
    "Nicht erschienen",
)


@dataclass(frozen=True, slots=True)
class Reach:
    """The municipalities reached (see the counting rules above)."""

    municipalities: int = 0
    members: int = 0
    non_members: int = 0
    #: Municipalities per Regierungsbezirk, by name; "(ohne Angabe)" last.
    by_regierungsbezirk: tuple[Tally, ...] = ()

    def in_regierungsbezirk(self, name: str) -> int:
        return next((t.count for t in self.by_regierungsbezirk if t.label == name), 0)


@dataclass(frozen=True, slots=True)
class EventStatisticsRow:
    """One event of the period with its registrations and its reach."""

    event_id: int
    title: str
    series: str | None
    #: The German calendar day it starts on.
    starts_on: date
    town: str | None
    #: An ``EventStatus`` value ("held") and its German word ("durchgeführt").
    status: str
    status_label: str
    held: bool
    capacity: int | None
    registrations: RegistrationTally
    reach: Reach

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"


@dataclass(frozen=True, slots=True)
class EventTotals:
    events: int
    held: int
    cancelled: int
    registrations: RegistrationTally
    #: Distinct persons who attended at least once.
    participants: int
    #: Distinct municipalities over all events of the period.
    reach: Reach


@dataclass(frozen=True, slots=True)
class SeriesGuest:
    """Someone who came to events of a series, and to which."""

    name: str
    organisation: str | None
    attended: int
    #: "25.10.2017 Werkstattgespräch Ulm", in the order of the events.
    events: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SeriesStatistics:
    """Who came how often to the events of one series within the period."""

    series: str
    #: Events of the series in the period, and those of them that were held.
    events: int
    held: int
    participants: int
    attendances: int
    #: (times, persons): how many persons came once, twice … — erased persons included.
    frequency: tuple[tuple[int, int], ...]
    #: Everybody who came, most often first, then by name; erased persons are left out.
    guests: tuple[SeriesGuest, ...]

    @property
    def regulars(self) -> tuple[SeriesGuest, ...]:
        """Those who came more than once."""
        return tuple(g for g in self.guests if g.attended > 1)


@dataclass(frozen=True, slots=True)
class EventStatistics:
    """Everything the events part of Auswertungen and its report show for one period."""

    period_from: date
    period_to: date
    #: Only the events of this series, or all.
    series: str | None
    #: The period's events by date.
    events: tuple[EventStatisticsRow, ...]
    totals: EventTotals
    #: One entry per series among the period's events, by name.
    series_statistics: tuple[SeriesStatistics, ...]

    @property
    def is_empty(self) -> bool:
        return not self.events

    @property
    def regierungsbezirke(self) -> tuple[str, ...]:
        """The Regierungsbezirke reached in the period: the columns of the breakdown."""
        return tuple(t.label for t in self.totals.reach.by_regierungsbezirk)


@dataclass(frozen=True, slots=True)
class EventReportSnapshot:
    """The frozen data the events report ("Veranstaltungsstatistik 2017") is printed from."""

    title: str
    #: "Zeitraum: 01.01.2017 – 31.12.2017", and the series when filtered.
    subtitle: str
    organisation_name: str
    department: str
    created_on: date
    statistics: EventStatistics
    #: How many named guests each series lists before "weitere …" (all are in the xlsx).
    top_n: int = 15
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data, stored with the issued document so it can be re-rendered."""
        stats = self.statistics
        return {
            **_head_dict(self, "event_report"),
            "statistics": {
                "period_from": stats.period_from.isoformat(),
                "period_to": stats.period_to.isoformat(),
                "series": stats.series,
                "events": [_event_row_dict(r) for r in stats.events],
                "totals": {
                    "events": stats.totals.events,
                    "held": stats.totals.held,
                    "cancelled": stats.totals.cancelled,
                    "registrations": _tally_dict(stats.totals.registrations),
                    "participants": stats.totals.participants,
                    "reach": _reach_dict(stats.totals.reach),
                },
                "series_statistics": [_series_dict(s) for s in stats.series_statistics],
            },
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EventReportSnapshot:
        stats = data["statistics"]
        totals = stats["totals"]
        return cls(
            **_head(data, top_n=15),
            statistics=EventStatistics(
                period_from=date.fromisoformat(stats["period_from"]),
                period_to=date.fromisoformat(stats["period_to"]),
                series=stats.get("series"),
                events=tuple(_event_row(r) for r in stats["events"]),
                totals=EventTotals(
                    events=int(totals["events"]),
                    held=int(totals["held"]),
                    cancelled=int(totals["cancelled"]),
                    registrations=_tally(totals["registrations"]),
                    participants=int(totals["participants"]),
                    reach=_reach(totals["reach"]),
                ),
                series_statistics=tuple(_series(s) for s in stats.get("series_statistics", ())),
            ),
        )


def _tally_dict(tally: RegistrationTally) -> dict[str, int]:
    return {name: int(getattr(tally, name)) for name in REGISTRATION_FIELDS}


def _tally(data: dict[str, Any]) -> RegistrationTally:
    return RegistrationTally(**{name: int(data.get(name, 0)) for name in REGISTRATION_FIELDS})


def _reach_dict(reach: Reach) -> dict[str, Any]:
    return {
        "municipalities": reach.municipalities,
        "members": reach.members,
        "non_members": reach.non_members,
        "by_regierungsbezirk": [[t.label, t.count] for t in reach.by_regierungsbezirk],
    }


def _reach(data: dict[str, Any]) -> Reach:
    return Reach(
        municipalities=int(data["municipalities"]),
        members=int(data["members"]),
        non_members=int(data["non_members"]),
        by_regierungsbezirk=tuple(
            Tally(str(name), int(count)) for name, count in data["by_regierungsbezirk"]
        ),
    )


def _event_row_dict(row: EventStatisticsRow) -> dict[str, Any]:
    return {
        "event_id": row.event_id,
        "title": row.title,
        "series": row.series,
        "starts_on": row.starts_on.isoformat(),
        "town": row.town,
        "status": row.status,
        "status_label": row.status_label,
        "held": row.held,
        "capacity": row.capacity,
        "registrations": _tally_dict(row.registrations),
        "reach": _reach_dict(row.reach),
    }


def _event_row(data: dict[str, Any]) -> EventStatisticsRow:
    return EventStatisticsRow(
        event_id=int(data["event_id"]),
        title=str(data["title"]),
        series=data.get("series"),
        starts_on=date.fromisoformat(data["starts_on"]),
        town=data.get("town"),
        status=str(data["status"]),
        status_label=str(data["status_label"]),
        held=bool(data["held"]),
        capacity=data.get("capacity"),
        registrations=_tally(data["registrations"]),
        reach=_reach(data["reach"]),
    )


def _series_dict(series: SeriesStatistics) -> dict[str, Any]:
    return {
        "series": series.series,
        "events": series.events,
        "held": series.held,
        "participants": series.participants,
        "attendances": series.attendances,
        "frequency": [[times, persons] for times, persons in series.frequency],
        "guests": [
            {
                "name": g.name,
                "organisation": g.organisation,
                "attended": g.attended,
                "events": list(g.events),
            }
            for g in series.guests
        ],
    }


def _series(data: dict[str, Any]) -> SeriesStatistics:
    return SeriesStatistics(
        series=str(data["series"]),
        events=int(data["events"]),
        held=int(data["held"]),
        participants=int(data["participants"]),
        attendances=int(data["attendances"]),
        frequency=tuple((int(t), int(p)) for t, p in data["frequency"]),
        guests=tuple(
            SeriesGuest(
                name=str(g["name"]),
                organisation=g.get("organisation"),
                attended=int(g["attended"]),
                events=tuple(g["events"]),
            )
            for g in data["guests"]
        ),
    )
