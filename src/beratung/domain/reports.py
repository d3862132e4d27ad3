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
from typing import Any


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
            # The document kind, like the other snapshots carry it (see documents.registry).
            "kind": "consultation_report",
            "title": self.title,
            "subtitle": self.subtitle,
            "organisation_name": self.organisation_name,
            "department": self.department,
            "created_on": self.created_on.isoformat(),
            "top_n": self.top_n,
            "notes": list(self.notes),
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
            title=data["title"],
            subtitle=data["subtitle"],
            organisation_name=data["organisation_name"],
            department=data["department"],
            created_on=date.fromisoformat(data["created_on"]),
            top_n=int(data.get("top_n", 10)),
            notes=tuple(data.get("notes", ())),
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
