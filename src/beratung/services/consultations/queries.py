"""Finding consultations: one by its number, the filtered list (newest first, or by relevance
with a full-text query), its count, and the search."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from beratung.domain.contacts import Organisation, Person
from beratung.domain.enums import ConsultationMode
from beratung.domain.rules.dates import OFFICE_TIME_ZONE
from beratung.domain.rules.names import display_name
from beratung.domain.work import (
    Attachment,
    Consultation,
    Programme,
    Topic,
    consultation_person,
    consultation_topic,
)
from beratung.services.base import Service
from beratung.services.consultations.records import (
    consultation_detail,
    load_consultation,
)
from beratung.services.consultations.snapshots import (
    ConsultationDetail,
    ConsultationFilter,
    ConsultationRow,
)
from beratung.storage import search

_EXCERPT = 160


def day_bounds(period_from: date | None, period_to: date | None) -> tuple[datetime | None, ...]:
    """Inclusive German calendar days as a half-open UTC interval [start, end)."""
    start = (
        datetime.combine(period_from, time(0, 0), OFFICE_TIME_ZONE).astimezone(UTC)
        if period_from
        else None
    )
    end = (
        datetime.combine(period_to + timedelta(days=1), time(0, 0), OFFICE_TIME_ZONE).astimezone(
            UTC
        )
        if period_to
        else None
    )
    return start, end


def _excerpt(text: str | None) -> str:
    if not text:
        return ""
    flat = " ".join(text.split())
    return flat if len(flat) <= _EXCERPT else flat[: _EXCERPT - 1].rstrip() + "…"


class ConsultationQueryService(Service):
    """One consultation, the filtered list and its count, the full-text search."""

    def get_consultation(self, consultation_id: int) -> ConsultationDetail:
        with self.db.transaction(write=False) as session:
            return consultation_detail(load_consultation(session, consultation_id))

    def list_consultations(
        self, filter: ConsultationFilter | None = None, offset: int = 0, limit: int = 200
    ) -> list[ConsultationRow]:
        """Consultations matching ``filter``, newest first; with search text (``filter.text``)
        the best matches first (SQLite FTS5 ``bm25``, PostgreSQL ``ts_rank``), then newest."""
        with self.db.transaction(write=False) as session:
            stmt = self._filtered(session, filter or ConsultationFilter())
            if stmt is None:
                return []
            ids_stmt = stmt.with_only_columns(Consultation.id)
            newest_first = (Consultation.occurred_at.desc(), Consultation.id.desc())
            ranked = (
                search.ranked_ids(self.db.dialect_name, filter.text)
                if filter is not None and filter.text and filter.text.strip()
                else None
            )
            if ranked is not None:
                # by relevance, the newer one first where two rank the same
                hits = ranked.subquery("hits")
                ids_stmt = ids_stmt.join(hits, hits.c.id == Consultation.id).order_by(
                    hits.c.rank, *newest_first
                )
            else:
                ids_stmt = ids_stmt.order_by(*newest_first)
            ids_stmt = ids_stmt.offset(max(0, offset)).limit(max(0, limit))
            ids = list(session.scalars(ids_stmt))
            return self._rows(session, ids)

    def count_consultations(self, filter: ConsultationFilter | None = None) -> int:
        with self.db.transaction(write=False) as session:
            stmt = self._filtered(session, filter or ConsultationFilter())
            if stmt is None:
                return 0
            return int(session.scalar(stmt.with_only_columns(func.count(Consultation.id))) or 0)

    def search_consultations(
        self, text: str, filter: ConsultationFilter | None = None, limit: int = 200
    ) -> list[ConsultationRow]:
        base = filter or ConsultationFilter()
        return self.list_consultations(replace(base, text=text), 0, limit)

    def _filtered(self, session: Session, f: ConsultationFilter) -> Select[Any] | None:
        """The SELECT over consultations with every filter applied; None if nothing can match."""
        stmt = select(Consultation.id)
        start, end = day_bounds(f.period_from, f.period_to)
        if start is not None:
            stmt = stmt.where(Consultation.occurred_at >= start)
        if end is not None:
            stmt = stmt.where(Consultation.occurred_at < end)
        if f.organisation_id is not None:
            stmt = stmt.where(Consultation.organisation_id == f.organisation_id)
        if f.programme_id is not None:
            stmt = stmt.where(Consultation.programme_id == f.programme_id)
        if f.mode is not None:
            stmt = stmt.where(Consultation.mode == ConsultationMode(f.mode))
        if f.topic_id is not None:
            stmt = stmt.where(
                Consultation.id.in_(
                    select(consultation_topic.c.consultation_id).where(
                        consultation_topic.c.topic_id == f.topic_id
                    )
                )
            )
        if f.person_id is not None:
            stmt = stmt.where(
                Consultation.id.in_(
                    select(consultation_person.c.consultation_id).where(
                        consultation_person.c.person_id == f.person_id
                    )
                )
            )
        if f.text and f.text.strip():
            ids = search.matching_ids(self.db.dialect_name, f.text)
            # Input without a searchable word ("%", "-") filters nothing, as in the contacts.
            if ids is not None:
                stmt = stmt.where(Consultation.id.in_(ids))
        return stmt

    def _rows(self, session: Session, ids: Sequence[int]) -> list[ConsultationRow]:
        if not ids:
            return []
        base = session.execute(
            select(
                Consultation.id,
                Consultation.occurred_at,
                Consultation.mode,
                Consultation.duration_minutes,
                Consultation.organisation_id,
                Organisation.name,
                Consultation.programme_id,
                Programme.name,
                Consultation.subject,
                Consultation.summary,
                Consultation.file_reference,
                Consultation.version,
            )
            .outerjoin(Organisation, Organisation.id == Consultation.organisation_id)
            .outerjoin(Programme, Programme.id == Consultation.programme_id)
            .where(Consultation.id.in_(ids))
        ).all()
        topics: dict[int, list[str]] = {}
        for cid, name in session.execute(
            select(consultation_topic.c.consultation_id, Topic.name)
            .join(Topic, Topic.id == consultation_topic.c.topic_id)
            .where(consultation_topic.c.consultation_id.in_(ids))
            .order_by(Topic.name)
        ):
            topics.setdefault(cid, []).append(name)
        persons: dict[int, list[str]] = {}
        for cid, title, first, last in session.execute(
            select(
                consultation_person.c.consultation_id,
                Person.title,
                Person.first_name,
                Person.last_name,
            )
            .join(Person, Person.id == consultation_person.c.person_id)
            .where(consultation_person.c.consultation_id.in_(ids))
            .order_by(Person.sort_name, Person.id)
        ):
            persons.setdefault(cid, []).append(display_name(title, first, last))
        attachments: dict[int, int] = {
            cid: int(n)
            for cid, n in session.execute(
                select(Attachment.consultation_id, func.count())
                .where(Attachment.consultation_id.in_(ids))
                .group_by(Attachment.consultation_id)
            )
        }
        by_id = {
            row[0]: ConsultationRow(
                id=row[0],
                occurred_at=row[1],
                mode=row[2],
                duration_minutes=row[3],
                organisation_id=row[4],
                organisation_name=row[5],
                programme_id=row[6],
                programme_name=row[7],
                topic_names=tuple(topics.get(row[0], ())),
                person_names=tuple(persons.get(row[0], ())),
                subject=row[8],
                excerpt=_excerpt(row[9]),
                file_reference=row[10],
                attachment_count=int(attachments.get(row[0], 0)),
                version=row[11],
            )
            for row in base
        }
        return [by_id[i] for i in ids if i in by_id]
