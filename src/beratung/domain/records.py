"""Records kept about the records: consents, the audit log, issued documents, app metadata."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from beratung.domain.base import (
    Base,
    JsonDocument,
    TimestampMixin,
    UTCDateTime,
    enum_column,
    utcnow,
)
from beratung.domain.enums import AuditAction, ConsentMethod, ConsentPurpose
from beratung.domain.references import OnErase, person_reference

if TYPE_CHECKING:
    from beratung.domain.contacts import Person


class Consent(TimestampMixin, Base):
    """What a person agreed to, when and how; withdrawn consents are kept as evidence."""

    __tablename__ = "consent"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), nullable=False, index=True
    )
    purpose: Mapped[ConsentPurpose] = mapped_column(
        enum_column(ConsentPurpose, "consent_purpose"), nullable=False
    )
    method: Mapped[ConsentMethod] = mapped_column(
        enum_column(ConsentMethod, "consent_method"), nullable=False
    )
    given_on: Mapped[date] = mapped_column(nullable=False)
    valid_until: Mapped[date | None] = mapped_column()
    withdrawn_on: Mapped[date | None] = mapped_column()
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("event.id", ondelete="SET NULL"), index=True
    )
    list_id: Mapped[int | None] = mapped_column(
        ForeignKey("distribution_list.id", ondelete="SET NULL"), index=True
    )
    notes: Mapped[str | None] = mapped_column(Text)

    person: Mapped[Person] = relationship(back_populates="consents")


class AuditEntry(Base):
    """Who changed what and when. Written in the same transaction as the change itself."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)
    user_name: Mapped[str] = mapped_column(String(120), nullable=False)
    action: Mapped[AuditAction] = mapped_column(
        enum_column(AuditAction, "audit_action"), nullable=False
    )
    entity_type: Mapped[str] = mapped_column(String(60), nullable=False)
    entity_id: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(String(500), nullable=False)
    changes: Mapped[dict[str, object] | None] = mapped_column(JsonDocument)
    # The hash chain (decision 25): set by storage/audit_log.py when the entry is flushed;
    # database triggers refuse any later change except erasure's (content, salt, redacted_at).
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    prev_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    entry_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    content_digest: Mapped[str] = mapped_column(String(64), nullable=False)
    #: The key of ``content_digest``; cleared when erasure rewrites the content.
    content_salt: Mapped[str | None] = mapped_column(String(32))
    #: When erasure (Art. 17) rewrote summary and changes; the core stays verifiable.
    redacted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (
        Index("ix_audit_entry_entity", "entity_type", "entity_id"),
        Index("ix_audit_entry_occurred_at", "occurred_at"),
        Index("ix_audit_entry_seq", "seq", unique=True),
    )


class IssuedDocument(Base):
    """Every printed or saved document, with the snapshot it was rendered from."""

    __tablename__ = "issued_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)
    user_name: Mapped[str] = mapped_column(String(120), nullable=False)
    kind: Mapped[str] = mapped_column(String(60), nullable=False, index=True)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    recipients: Mapped[list[str] | None] = mapped_column(JsonDocument)
    entity_type: Mapped[str | None] = mapped_column(String(60))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    renderer: Mapped[str] = mapped_column(String(120), nullable=False)
    snapshot: Mapped[dict[str, object]] = mapped_column(JsonDocument, nullable=False)
    pdf_sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    page_count: Mapped[int | None] = mapped_column(Integer)
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary)

    __table_args__ = (Index("ix_issued_document_entity", "entity_type", "entity_id"),)


class IssuedDocumentRecipient(Base):
    """Which person received which document, for the person's history and GDPR reports."""

    __tablename__ = "issued_document_recipient"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("issued_document.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class AppMeta(Base):
    """Key/value facts about the database itself, e.g. that it holds demo data."""

    __tablename__ = "app_meta"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)


#: What merging and erasing do with the rows of this module that point at persons (see
#: ``domain/references.py``). A consent is only about the person; a printed document stays
#: logged (its snapshot is anonymised by the erasure itself).
REFERENCES = (
    person_reference("consent", "person_id", "Einwilligungen", on_erase=OnErase.DELETE),
    person_reference(
        "issued_document_recipient", "person_id", "Dokumente", on_erase=OnErase.KEEP
    ),
)
