"""The managed list of topics: listing with their use, creating, renaming, (de)activating; and
the helpers the recording of a consultation uses for topics typed as new names."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from beratung.domain.enums import AuditAction
from beratung.domain.errors import ValidationError
from beratung.domain.rules.text import clean_line, clean_text
from beratung.domain.work import Topic, consultation_topic
from beratung.services.base import Service
from beratung.services.consultations.records import not_found
from beratung.services.consultations.snapshots import TopicSnapshot


def topic_name(name: str, *, field: str) -> str:
    """The cleaned name of a topic, or a German ``ValidationError`` on ``field``: ``"name"`` in
    the topic manager, ``"new_topic_names"`` for a topic typed into the consultation form."""
    cleaned = clean_line(name)
    if cleaned is None:
        raise ValidationError("Bitte einen Namen für das Thema angeben.", field=field)
    if len(cleaned) > 120:
        raise ValidationError(
            "Der Name des Themas ist zu lang (höchstens 120 Zeichen).", field=field
        )
    return cleaned


def topic_by_name(session: Session, name: str) -> Topic | None:
    """The topic of that name, whatever its case."""
    return session.scalars(
        select(Topic).where(func.lower(Topic.name) == name.lower()).limit(1)
    ).first()


def new_topic(
    service: Service, session: Session, name: str, description: str | None, *, field: str
) -> Topic:
    """Create and audit a topic in the caller's transaction (``service`` writes the audit); a
    name that is taken is a German ``ValidationError`` on ``field`` (as for :func:`topic_name`)."""
    if topic_by_name(session, name) is not None:
        raise ValidationError(f"Ein Thema „{name}“ gibt es schon.", field=field)
    topic = Topic(name=name, description=description, is_active=True)
    session.add(topic)
    session.flush()
    service.audit(session, AuditAction.CREATE, "topic", topic.id, f"Thema „{name}“ angelegt")
    return topic


def _topic_usage(session: Session, topic_id: int) -> int:
    return int(
        session.scalar(select(func.count()).where(consultation_topic.c.topic_id == topic_id)) or 0
    )


def _topic_snapshot(topic: Topic, usage: int) -> TopicSnapshot:
    return TopicSnapshot(
        id=topic.id,
        name=topic.name,
        description=topic.description,
        is_active=topic.is_active,
        consultation_count=usage,
    )


class TopicService(Service):
    """Themen verwalten: the topics with the number of their consultations."""

    def list_topics(self, *, include_inactive: bool = False) -> list[TopicSnapshot]:
        with self.db.transaction(write=False) as session:
            usage = (
                select(
                    consultation_topic.c.topic_id,
                    func.count().label("n"),
                )
                .group_by(consultation_topic.c.topic_id)
                .subquery()
            )
            stmt = (
                select(Topic, func.coalesce(usage.c.n, 0))
                .outerjoin(usage, usage.c.topic_id == Topic.id)
                .order_by(func.lower(Topic.name))
            )
            if not include_inactive:
                stmt = stmt.where(Topic.is_active.is_(True))
            return [_topic_snapshot(topic, int(n)) for topic, n in session.execute(stmt)]

    def create_topic(self, name: str, description: str | None = None) -> TopicSnapshot:
        with self.db.transaction() as session:
            topic = new_topic(
                self, session, topic_name(name, field="name"), clean_text(description), field="name"
            )
            return _topic_snapshot(topic, 0)

    def rename_topic(self, topic_id: int, name: str) -> TopicSnapshot:
        cleaned = topic_name(name, field="name")
        with self.db.transaction() as session:
            topic = session.get(Topic, topic_id)
            if topic is None:
                raise not_found("Das Thema", topic_id)
            clash = topic_by_name(session, cleaned)
            if clash is not None and clash.id != topic.id:
                raise ValidationError(f"Ein Thema „{clash.name}“ gibt es schon.", field="name")
            old = topic.name
            topic.name = cleaned
            session.flush()
            self.audit(
                session,
                AuditAction.UPDATE,
                "topic",
                topic.id,
                f"Thema „{old}“ umbenannt in „{cleaned}“",
                {"name": [old, cleaned]},
            )
            return _topic_snapshot(topic, _topic_usage(session, topic.id))

    def set_topic_active(self, topic_id: int, active: bool) -> TopicSnapshot:
        with self.db.transaction() as session:
            topic = session.get(Topic, topic_id)
            if topic is None:
                raise not_found("Das Thema", topic_id)
            if topic.is_active != active:
                topic.is_active = active
                self.audit(
                    session,
                    AuditAction.UPDATE,
                    "topic",
                    topic.id,
                    f"Thema „{topic.name}“ {'aktiviert' if active else 'deaktiviert'}",
                    {"is_active": [not active, active]},
                )
            return _topic_snapshot(topic, _topic_usage(session, topic.id))
