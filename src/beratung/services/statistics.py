"""Statistics for the Auswertungen page and the annual report; municipality networking (issue 4).

The numbers are computed with GROUP BY in the database (one query per table), never by loading
consultations into Python; see :mod:`beratung.domain.reports` for the counting rules.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlalchemy import ColumnElement, Select, and_, case, func, literal, select
from sqlalchemy.orm import Session

from beratung.documents import registry
from beratung.domain.contacts import Affiliation, Organisation, Person
from beratung.domain.enums import AuditAction, ConsultationMode, OrganisationKind
from beratung.domain.errors import NotFoundError, ValidationError
from beratung.domain.office import OfficeProfile
from beratung.domain.reports import (
    ConsultationReportSnapshot,
    ConsultationStatistics,
    ReportTable,
    StatisticsRow,
)
from beratung.domain.rules.dates import OFFICE_TIME_ZONE, format_date_de
from beratung.domain.rules.names import display_name
from beratung.domain.work import (
    Consultation,
    OrganisationTopic,
    Programme,
    Topic,
    consultation_topic,
)
from beratung.services.base import Service
from beratung.services.consultations import mode_label

NONE_KEY = "-"
#: Longest period the statistics accept (a month per group up to 10 years).
MAX_DAYS = 3700
#: Weights of the networking score (see :meth:`StatisticsService.networking`).
DECLARED_WEIGHT = 2.0
RECENT_CONSULTATION_WEIGHT = 1.0
OLDER_CONSULTATION_WEIGHT = 0.5
CONSULTATION_WEIGHT_CAP = 2.0
OWN_PROJECT_FACTOR = 1.5
RECENT_DAYS = 365

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


def _utc(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), OFFICE_TIME_ZONE).astimezone(UTC)


def _berlin(moment: datetime) -> datetime:
    """A stored moment in German time (SQLite hands back naive UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(OFFICE_TIME_ZONE)


def _period_groups(
    period_from: date, period_to: date, granularity: str
) -> list[tuple[str, str, date, date]]:
    """(key, label, first day, last day) for every month/quarter touching the period."""
    groups = []
    if granularity == "quarter":
        start = date(period_from.year, 3 * ((period_from.month - 1) // 3) + 1, 1)
        step = relativedelta(months=3)
    else:
        start = date(period_from.year, period_from.month, 1)
        step = relativedelta(months=1)
    while start <= period_to:
        end = start + step - timedelta(days=1)
        if granularity == "quarter":
            quarter = (start.month - 1) // 3 + 1
            key, text = f"{start.year}-Q{quarter}", f"{quarter}. Quartal {start.year}"
        else:
            key = f"{start.year}-{start.month:02d}"
            text = format_date_de(start, "month")
        groups.append((key, text, max(start, period_from), min(end, period_to)))
        start = start + step
    return groups


def _kreis_label(kreis_typ: str | None, kreis: str | None) -> str:
    if not kreis:
        return "(ohne Angabe)"
    return f"{kreis_typ} {kreis}" if kreis_typ else kreis


def period_title(period_from: date, period_to: date) -> str:
    """ "2017" for a calendar year, "Mai 2017" for a month, else "01.03.2017 – 31.07.2017"."""
    if period_from == date(period_from.year, 1, 1) and period_to == date(period_from.year, 12, 31):
        return str(period_from.year)
    month_end = period_from + relativedelta(months=1) - timedelta(days=1)
    if period_from.day == 1 and period_to == month_end:
        return format_date_de(period_from, "month")
    return f"{format_date_de(period_from)} – {format_date_de(period_to)}"


class StatisticsService(Service):
    """Numbers for the Auswertungen page, the report and its exports; Vernetzung."""

    def consultation_statistics(
        self,
        period_from: date,
        period_to: date,
        programme_id: int | None = None,
        *,
        granularity: str = "month",
    ) -> ConsultationStatistics:
        """Consultations and distinct municipalities per month (quarter), programme, topic, mode,
        Kreis, Regierungsbezirk and membership, for German calendar days ``period_from`` to
        ``period_to`` (inclusive), optionally for one programme."""
        if period_to < period_from:
            raise ValidationError(
                "Das Ende des Zeitraums liegt vor seinem Beginn.", field="period_to"
            )
        if (period_to - period_from).days > MAX_DAYS:
            raise ValidationError(
                "Der Zeitraum ist zu lang (höchstens zehn Jahre).", field="period_to"
            )
        if granularity not in ("month", "quarter"):
            raise ValidationError("Bitte nach Monat oder Quartal gruppieren.", field="granularity")
        with self.db.transaction(write=False) as session:
            programme_name = None
            if programme_id is not None:
                programme = session.get(Programme, programme_id)
                if programme is None:
                    raise NotFoundError(f"Das Programm Nr. {programme_id} gibt es nicht (mehr).")
                programme_name = programme.name
            return self._statistics(
                session, period_from, period_to, programme_id, programme_name, granularity
            )

    def latest_year(self) -> int | None:
        """The (German calendar) year of the newest consultation: what the Auswertungen page
        shows first, so an archive of past years does not open on an empty current year."""
        with self.db.transaction(write=False) as session:
            last = session.scalar(select(func.max(Consultation.occurred_at)))
        return None if last is None else _berlin(last).year

    def available_years(self) -> list[int]:
        """The (German calendar) years that have consultations, plus the current year, newest
        first: the choices of the year combo on the Auswertungen page."""
        years = {self.ctx.today().year}
        with self.db.transaction(write=False) as session:
            first, last = session.execute(
                select(func.min(Consultation.occurred_at), func.max(Consultation.occurred_at))
            ).one()
            if first is not None and last is not None:
                # One indexed EXISTS per year between the first and the last consultation: the
                # same on SQLite and PostgreSQL, and years follow German time, not UTC.
                for year in range(_berlin(first).year, _berlin(last).year + 1):
                    if year in years:
                        continue
                    found = session.scalar(
                        select(Consultation.id)
                        .where(
                            Consultation.occurred_at >= _utc(date(year, 1, 1)),
                            Consultation.occurred_at < _utc(date(year + 1, 1, 1)),
                        )
                        .limit(1)
                    )
                    if found is not None:
                        years.add(year)
        return sorted(years, reverse=True)

    def application_phase_statistics(self, programme_id: int) -> ConsultationStatistics:
        """Statistics for a programme from its start to its deadline (the application phase).

        Answers "how many member municipalities were advised in the Quartier 2020 application
        phase": ``.totals.members``. Without a start, the phase begins on 1 January of the
        deadline's year; without a deadline it ends today.
        """
        with self.db.transaction(write=False) as session:
            programme = session.get(Programme, programme_id)
            if programme is None:
                raise NotFoundError(f"Das Programm Nr. {programme_id} gibt es nicht (mehr).")
            end = programme.deadline or programme.ends_on or self.ctx.today()
            start = programme.starts_on or date(end.year, 1, 1)
            return self._statistics(session, start, end, programme.id, programme.name, "month")

    def networking(self, organisation_id: int, limit: int = 20) -> list[NetworkingMatch]:
        """Other municipalities working on the same topics as this one, best match first.

        The topics of the municipality are those of its consultations and those it declared as
        its own projects. Every other municipality scores, per shared topic:
        ``2`` if it declared the topic itself, plus ``1`` per consultation on the topic in the
        last twelve months and ``0.5`` per older one (consultations count at most ``2``); a topic
        that is this municipality's own declared project counts ``1.5`` times. The sum ranks;
        ties go to more shared topics, then the name.
        """
        today = self.ctx.today()
        recent_since = _utc(today - timedelta(days=RECENT_DAYS))
        with self.db.transaction(write=False) as session:
            target = session.get(Organisation, organisation_id)
            if target is None:
                raise NotFoundError(f"Die Organisation Nr. {organisation_id} gibt es nicht (mehr).")
            own_consulted = set(
                session.scalars(
                    select(consultation_topic.c.topic_id)
                    .join(Consultation, Consultation.id == consultation_topic.c.consultation_id)
                    .where(Consultation.organisation_id == organisation_id)
                    .distinct()
                )
            )
            own_declared = set(
                session.scalars(
                    select(OrganisationTopic.topic_id).where(
                        OrganisationTopic.organisation_id == organisation_id
                    )
                )
            )
            topics = own_consulted | own_declared
            if not topics:
                return []
            names = {
                int(tid): str(name)
                for tid, name in session.execute(
                    select(Topic.id, Topic.name).where(Topic.id.in_(topics))
                )
            }
            evidence: dict[int, dict[int, dict[str, Any]]] = defaultdict(dict)
            is_recent = case((Consultation.occurred_at >= recent_since, 1), else_=0)
            for oid, tid, n, recent, last in session.execute(
                select(
                    Consultation.organisation_id,
                    consultation_topic.c.topic_id,
                    func.count(Consultation.id),
                    func.sum(is_recent),
                    func.max(Consultation.occurred_at),
                )
                .join(Consultation, Consultation.id == consultation_topic.c.consultation_id)
                .join(Organisation, Organisation.id == Consultation.organisation_id)
                .where(
                    consultation_topic.c.topic_id.in_(topics),
                    Consultation.organisation_id != organisation_id,
                    Organisation.kind == OrganisationKind.MUNICIPALITY,
                )
                .group_by(Consultation.organisation_id, consultation_topic.c.topic_id)
            ):
                evidence[oid][tid] = {
                    "n": int(n),
                    "recent": int(recent or 0),
                    "last": last.astimezone(OFFICE_TIME_ZONE).date() if last else None,
                    "declared": False,
                }
            for oid, tid in session.execute(
                select(OrganisationTopic.organisation_id, OrganisationTopic.topic_id)
                .join(Organisation, Organisation.id == OrganisationTopic.organisation_id)
                .where(
                    OrganisationTopic.topic_id.in_(topics),
                    OrganisationTopic.organisation_id != organisation_id,
                    Organisation.kind == OrganisationKind.MUNICIPALITY,
                )
            ):
                entry = evidence[oid].setdefault(
                    tid, {"n": 0, "recent": 0, "last": None, "declared": False}
                )
                entry["declared"] = True
            scored: list[tuple[float, int, str, int, tuple[SharedTopic, ...]]] = []
            for oid, per_topic in evidence.items():
                shared = []
                for tid, e in per_topic.items():
                    consulted = min(
                        CONSULTATION_WEIGHT_CAP,
                        e["recent"] * RECENT_CONSULTATION_WEIGHT
                        + (e["n"] - e["recent"]) * OLDER_CONSULTATION_WEIGHT,
                    )
                    weight = (DECLARED_WEIGHT if e["declared"] else 0.0) + consulted
                    if tid in own_declared:
                        weight *= OWN_PROJECT_FACTOR
                    shared.append(
                        SharedTopic(
                            topic_id=tid,
                            name=names[tid],
                            declared=bool(e["declared"]),
                            consultations=e["n"],
                            last_consultation=e["last"],
                            weight=round(weight, 2),
                        )
                    )
                shared.sort(key=lambda t: (-t.weight, t.name.lower()))
                score = round(sum(t.weight for t in shared), 2)
                scored.append((score, len(shared), "", oid, tuple(shared)))
            if not scored:
                return []
            orgs = {
                o.id: o
                for o in session.scalars(
                    select(Organisation).where(Organisation.id.in_([s[3] for s in scored]))
                )
            }
            ranked = sorted(scored, key=lambda s: (-s[0], -s[1], orgs[s[3]].name.lower()))[
                : max(0, limit)
            ]
            contacts = self._contacts(session, [s[3] for s in ranked], today)
            return [
                NetworkingMatch(
                    organisation_id=oid,
                    name=orgs[oid].name,
                    kreis=orgs[oid].kreis,
                    regierungsbezirk=orgs[oid].regierungsbezirk,
                    is_member=orgs[oid].is_member,
                    score=score,
                    shared_topics=shared,
                    contacts=tuple(contacts.get(oid, ())),
                    explanation=_explain(shared),
                )
                for score, _, _, oid, shared in ranked
            ]

    def report_snapshot(
        self,
        period_from: date,
        period_to: date,
        programme_id: int | None = None,
        *,
        top_n: int = 10,
    ) -> ConsultationReportSnapshot:
        statistics = self.consultation_statistics(period_from, period_to, programme_id)
        with self.db.transaction(write=False) as session:
            office = session.scalars(select(OfficeProfile).order_by(OfficeProfile.id)).first()
        subtitle = f"Zeitraum: {format_date_de(period_from)} – {format_date_de(period_to)}"
        if statistics.programme_name:
            subtitle += f" · Programm: {statistics.programme_name}"
        return ConsultationReportSnapshot(
            title=f"Beratungsstatistik {period_title(period_from, period_to)}",
            subtitle=subtitle,
            organisation_name=office.name if office else "Städtetag Baden-Württemberg",
            department=(office.unit if office and office.unit else "Fachberatung Inklusion"),
            created_on=self.ctx.today(),
            statistics=statistics,
            top_n=top_n,
            notes=(
                "Kommunen: verschiedene beratene Städte und Gemeinden; eine Kommune, die "
                "mehrmals beraten wurde, zählt je Zeile einmal.",
                "Themen: Eine Beratung mit mehreren Themen zählt bei jedem ihrer Themen.",
            ),
        )

    def report_tables(self, statistics: ConsultationStatistics) -> list[ReportTable]:
        """The report's tables as plain rows, for xlsx/csv."""
        return report_tables(statistics)

    def export_report(
        self,
        period_from: date,
        period_to: date,
        programme_id: int | None = None,
        *,
        format: str = "pdf",
    ) -> bytes:
        """The report as PDF, xlsx or csv bytes (audited as an export)."""
        snapshot = self.report_snapshot(period_from, period_to, programme_id)
        if format == "pdf":
            data = registry.render(snapshot).pdf
        elif format in ("xlsx", "csv"):
            from beratung.interchange.csv_io import write_table_csv
            from beratung.interchange.xlsx_io import write_table_xlsx

            headers, rows = flat_table(report_tables(snapshot.statistics))
            data = (
                write_table_xlsx(snapshot.title, headers, rows)
                if format == "xlsx"
                else write_table_csv(headers, rows)
            )
        else:
            raise ValidationError(
                f"Das Format „{format}“ gibt es nicht; möglich sind pdf, xlsx und csv.",
                field="format",
            )
        with self.db.transaction() as session:
            self.audit(
                session,
                AuditAction.EXPORT,
                "consultation_report",
                None,
                f"{snapshot.title} als {format.upper()} ausgegeben ({snapshot.subtitle})",
                {"period_from": period_from, "period_to": period_to, "programme_id": programme_id},
            )
        return data

    # --- internals ----------------------------------------------------------------------------

    def _statistics(
        self,
        session: Session,
        period_from: date,
        period_to: date,
        programme_id: int | None,
        programme_name: str | None,
        granularity: str,
    ) -> ConsultationStatistics:
        start, end = _utc(period_from), _utc(period_to + timedelta(days=1))
        conditions: list[ColumnElement[bool]] = [
            Consultation.occurred_at >= start,
            Consultation.occurred_at < end,
        ]
        if programme_id is not None:
            conditions.append(Consultation.programme_id == programme_id)

        def grouped(
            key: Any, *, join_topics: bool = False, label_columns: Sequence[Any] = ()
        ) -> list[tuple[Any, ...]]:
            stmt: Select[Any] = select(key.label("key"), *label_columns, *_measures())
            stmt = stmt.select_from(Consultation).outerjoin(
                Organisation, Organisation.id == Consultation.organisation_id
            )
            if join_topics:
                stmt = stmt.outerjoin(
                    consultation_topic, consultation_topic.c.consultation_id == Consultation.id
                )
            stmt = stmt.where(and_(*conditions))
            group_by = [key, *label_columns]
            return [tuple(r) for r in session.execute(stmt.group_by(*group_by))]

        # Per month / quarter: a CASE over the German month boundaries, so SQLite and
        # PostgreSQL group the same way without time zone functions.
        groups = _period_groups(period_from, period_to, granularity)
        period_case = case(
            *[
                (Consultation.occurred_at < _utc(g[3] + timedelta(days=1)), literal(g[0]))
                for g in groups
            ],
            else_=literal(NONE_KEY),
        )
        by_key = {r[0]: r[1:] for r in grouped(period_case)}
        by_period = tuple(
            _row(key, text, by_key.get(key, (0, 0, 0, 0, 0))) for key, text, _, _ in groups
        )

        programmes = {
            int(pid): str(name)
            for pid, name in session.execute(select(Programme.id, Programme.name))
        }
        by_programme = _sorted(
            [
                _row(
                    str(r[0]) if r[0] is not None else NONE_KEY,
                    programmes.get(r[0], "(ohne Programm)")
                    if r[0] is not None
                    else "(ohne Programm)",
                    r[1:],
                )
                # "+ 0": not the bare column, so that SQLite (given ANALYZE statistics) does not
                # skip-scan ix_consultation_programme_occurred to save the GROUP BY's sort and
                # then read every row of the table, but reads the covering
                # ix_consultation_statistics like the other groupings (0.29 s → 0.09 s at 10×).
                for r in grouped(Consultation.programme_id + 0)
            ]
        )
        topic_names = {
            int(tid): str(name) for tid, name in session.execute(select(Topic.id, Topic.name))
        }
        by_topic = _sorted(
            [
                _row(
                    str(r[0]) if r[0] is not None else NONE_KEY,
                    topic_names.get(r[0], "?") if r[0] is not None else "(ohne Thema)",
                    r[1:],
                )
                for r in grouped(consultation_topic.c.topic_id, join_topics=True)
            ]
        )
        mode_rows = {ConsultationMode(r[0]): r[1:] for r in grouped(Consultation.mode)}
        by_mode = tuple(
            _row(mode.value, mode_label(mode), mode_rows[mode])
            for mode in ConsultationMode
            if mode in mode_rows
        )
        membership = case(
            (Organisation.id.is_(None), literal("none")),
            (
                and_(
                    Organisation.kind == OrganisationKind.MUNICIPALITY,
                    Organisation.is_member.is_(True),
                ),
                literal("member"),
            ),
            (Organisation.kind == OrganisationKind.MUNICIPALITY, literal("non_member")),
            else_=literal("other"),
        )
        # Membership, Kreis and Regierungsbezirk are properties of the organisation, so one
        # grouping by all of them splits the organisations into disjoint parts; every measure,
        # the distinct municipalities included, is then the sum of its parts. One scan of the
        # period instead of four (totals, Kreis, Regierungsbezirk, membership).
        parts = [
            (r[0], r[1], r[2], r[3], tuple(int(v or 0) for v in r[4:]))
            for r in grouped(
                membership,
                label_columns=[
                    Organisation.kreis,
                    Organisation.kreis_typ,
                    Organisation.regierungsbezirk,
                ],
            )
        ]
        totals = _row("total", "Gesamt", _sum(p[4] for p in parts))
        kreis_parts: dict[tuple[str | None, str | None], list[tuple[int, ...]]] = defaultdict(list)
        bezirk_parts: dict[str | None, list[tuple[int, ...]]] = defaultdict(list)
        member_parts: dict[str, list[tuple[int, ...]]] = defaultdict(list)
        for member_key, kreis, kreis_typ, bezirk, values in parts:
            kreis_parts[(kreis, kreis_typ)].append(values)
            bezirk_parts[bezirk].append(values)
            member_parts[member_key].append(values)
        by_kreis = _sorted(
            [
                _row(
                    _kreis_label(kreis_typ, kreis) if kreis else NONE_KEY,
                    _kreis_label(kreis_typ, kreis),
                    _sum(values),
                )
                for (kreis, kreis_typ), values in kreis_parts.items()
            ]
        )
        by_regierungsbezirk = _sorted(
            [
                _row(bezirk or NONE_KEY, bezirk or "(ohne Angabe)", _sum(values))
                for bezirk, values in bezirk_parts.items()
            ]
        )
        member_rows = {key: _sum(values) for key, values in member_parts.items()}
        membership_labels = (
            ("member", "Mitgliedskommunen"),
            ("non_member", "Nichtmitglieder"),
            ("other", "Sonstige Organisationen"),
            ("none", "ohne Organisation"),
        )
        by_membership = tuple(
            _row(key, text, member_rows.get(key, (0, 0, 0, 0, 0)))
            for key, text in membership_labels
            if key in ("member", "non_member") or key in member_rows
        )
        other = sum(int(member_rows.get(k, (0,))[0]) for k in ("other", "none"))
        return ConsultationStatistics(
            period_from=period_from,
            period_to=period_to,
            granularity=granularity,
            programme_id=programme_id,
            programme_name=programme_name,
            totals=totals,
            by_period=by_period,
            by_programme=by_programme,
            by_topic=by_topic,
            by_mode=by_mode,
            by_kreis=by_kreis,
            by_regierungsbezirk=by_regierungsbezirk,
            by_membership=by_membership,
            other_consultations=other,
        )

    @staticmethod
    def _contacts(
        session: Session, organisation_ids: Sequence[int], today: date
    ) -> dict[int, list[ContactPerson]]:
        """Up to three current contact persons per organisation, primary affiliations first."""
        if not organisation_ids:
            return {}
        result: dict[int, list[ContactPerson]] = defaultdict(list)
        rows = session.execute(
            select(Affiliation, Person)
            .join(Person, Person.id == Affiliation.person_id)
            .where(
                Affiliation.organisation_id.in_(organisation_ids),
                Person.erased_at.is_(None),
            )
            .order_by(
                Affiliation.organisation_id,
                Affiliation.is_primary.desc(),
                Person.last_name,
                Person.first_name,
            )
        )
        for affiliation, person in rows:
            if affiliation.valid_to is not None and affiliation.valid_to < today:
                continue
            if affiliation.valid_from is not None and affiliation.valid_from > today:
                continue
            bucket = result[affiliation.organisation_id]
            if len(bucket) >= 3 or any(c.person_id == person.id for c in bucket):
                continue
            bucket.append(
                ContactPerson(
                    person_id=person.id,
                    name=display_name(person.title, person.first_name, person.last_name),
                    role=affiliation.role,
                    email=affiliation.email or person.email,
                    phone=affiliation.phone or person.phone,
                )
            )
        return result


def _measures() -> list[Any]:
    municipality = Organisation.kind == OrganisationKind.MUNICIPALITY
    return [
        # Each consultation is one row (organisation by its key) or one row per topic when
        # grouped by topic (consultation_topic's key is consultation and topic): a plain count
        # is the number of consultations, without DISTINCT's sort.
        func.count(Consultation.id),
        func.count(func.distinct(case((municipality, Consultation.organisation_id)))),
        func.count(
            func.distinct(
                case(
                    (
                        and_(municipality, Organisation.is_member.is_(True)),
                        Consultation.organisation_id,
                    )
                )
            )
        ),
        func.count(
            func.distinct(
                case(
                    (
                        and_(municipality, Organisation.is_member.is_(False)),
                        Consultation.organisation_id,
                    )
                )
            )
        ),
        func.coalesce(func.sum(Consultation.duration_minutes), 0),
    ]


def _sum(parts: Iterable[Sequence[int]]) -> tuple[int, int, int, int, int]:
    """The measures of disjoint parts added up (zeros for none)."""
    total = [0, 0, 0, 0, 0]
    for values in parts:
        for i, value in enumerate(values):
            total[i] += value
    return (total[0], total[1], total[2], total[3], total[4])


def _row(key: str, text: str, values: Sequence[Any]) -> StatisticsRow:
    consultations, municipalities, members, non_members, minutes = (int(v or 0) for v in values)
    return StatisticsRow(
        key=key,
        label=text,
        consultations=consultations,
        municipalities=municipalities,
        members=members,
        non_members=non_members,
        minutes=minutes,
    )


def _sorted(rows: list[StatisticsRow]) -> tuple[StatisticsRow, ...]:
    """Most consultations first; the "(ohne …)" row last."""
    return tuple(sorted(rows, key=lambda r: (r.key == NONE_KEY, -r.consultations, r.label.lower())))


def _explain(shared: Sequence[SharedTopic]) -> str:
    names = ", ".join(t.name for t in shared)
    count = len(shared)
    parts = [
        f"{count} gemeinsame{'s' if count == 1 else ''} Them{'a' if count == 1 else 'en'}: {names}"
    ]
    declared = [t.name for t in shared if t.declared]
    if declared:
        parts.append("eigenes Projekt zu " + ", ".join(declared))
    consulted = sum(t.consultations for t in shared)
    if consulted:
        last = max((t.last_consultation for t in shared if t.last_consultation), default=None)
        text = f"{consulted} Beratung{'en' if consulted != 1 else ''} dazu"
        if last:
            text += f", zuletzt am {format_date_de(last)}"
        parts.append(text)
    return "; ".join(parts) + "."


# --------------------------------------------------------------------------------------------
# Tables for the exports


def report_tables(statistics: ConsultationStatistics) -> list[ReportTable]:
    headers = (
        "Beratungen",
        "Kommunen",
        "Mitgliedskommunen",
        "Nichtmitglieder",
        "Dauer (Stunden)",
    )

    def table(title: str, first: str, rows: Sequence[StatisticsRow]) -> ReportTable:
        return ReportTable(
            title=title,
            headers=(first, *headers),
            rows=tuple(
                (r.label, r.consultations, r.municipalities, r.members, r.non_members, r.hours)
                for r in rows
            ),
        )

    period_name = "Quartal" if statistics.granularity == "quarter" else "Monat"
    return [
        table("Gesamt", "Zeitraum", [statistics.totals]),
        table(f"Nach {period_name}", period_name, statistics.by_period),
        table("Nach Programm", "Programm", statistics.by_programme),
        table("Nach Thema", "Thema", statistics.by_topic),
        table("Nach Beratungsart", "Art", statistics.by_mode),
        table("Nach Regierungsbezirk", "Regierungsbezirk", statistics.by_regierungsbezirk),
        table("Nach Kreis", "Kreis", statistics.by_kreis),
        table("Mitglieder und Nichtmitglieder", "Gruppe", statistics.by_membership),
    ]


def flat_table(
    tables: Sequence[ReportTable],
) -> tuple[list[str], list[list[object]]]:
    """All tables in one (long format): "Auswertung", "Wert", then the measures."""
    headers = ["Auswertung", "Wert", *tables[0].headers[1:]] if tables else []
    rows: list[list[object]] = []
    for t in tables:
        for row in t.rows:
            rows.append([t.title, *row])
    return headers, rows
