"""Statistics for the Auswertungen page and the annual report; municipality networking (issue 4).

The numbers are computed with GROUP BY in the database (one query per table), never by loading
consultations into Python; see :mod:`beratung.domain.reports` for the counting rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from beratung.domain.reports import (
    ConsultationReportSnapshot,
    ConsultationStatistics,
    ReportTable,
    StatisticsRow,
)
from beratung.services.base import Service

__all__ = [
    "ConsultationReportSnapshot",
    "ConsultationStatistics",
    "ContactPerson",
    "NetworkingMatch",
    "ReportTable",
    "SharedTopic",
    "StatisticsRow",
    "StatisticsService",
]


@dataclass(frozen=True, slots=True)
class SharedTopic:
    topic_id: int
    name: str
    #: The other municipality declared the topic as its own project (OrganisationTopic).
    declared: bool
    #: The other municipality's consultations with that topic, and the latest one.
    consultations: int
    last_consultation: date | None
    weight: float


@dataclass(frozen=True, slots=True)
class ContactPerson:
    person_id: int
    name: str
    role: str | None
    email: str | None
    phone: str | None


@dataclass(frozen=True, slots=True)
class NetworkingMatch:
    """Another municipality working on the same topics, for "Vernetzung"."""

    organisation_id: int
    name: str
    kreis: str | None
    regierungsbezirk: str | None
    is_member: bool
    score: float
    shared_topics: tuple[SharedTopic, ...]
    contacts: tuple[ContactPerson, ...]
    #: One German sentence on why it ranks here.
    explanation: str

    @property
    def shared_topic_names(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.shared_topics)


class StatisticsService(Service):
    def consultation_statistics(
        self,
        period_from: date,
        period_to: date,
        programme_id: int | None = None,
        *,
        granularity: str = "month",
    ) -> ConsultationStatistics:
        raise NotImplementedError

    def application_phase_statistics(self, programme_id: int) -> ConsultationStatistics:
        """Statistics for a programme from its start to its deadline (the application phase)."""
        raise NotImplementedError

    def networking(self, organisation_id: int, limit: int = 20) -> list[NetworkingMatch]:
        raise NotImplementedError

    def report_snapshot(
        self,
        period_from: date,
        period_to: date,
        programme_id: int | None = None,
        *,
        top_n: int = 10,
    ) -> ConsultationReportSnapshot:
        raise NotImplementedError

    def report_tables(self, statistics: ConsultationStatistics) -> list[ReportTable]:
        raise NotImplementedError

    def export_report(
        self,
        period_from: date,
        period_to: date,
        programme_id: int | None = None,
        *,
        format: str = "pdf",
    ) -> bytes:
        """The report as PDF, xlsx or csv bytes (audited as an export)."""
        raise NotImplementedError
