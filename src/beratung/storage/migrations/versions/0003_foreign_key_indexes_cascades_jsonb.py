"""indexes on foreign keys, safer cascades, jsonb on PostgreSQL

- Foreign keys that deletes and joins follow get an index (registration.affiliation_id,
  distribution_list_member.affiliation_id, accessibility_need.consent_id, consent.event_id,
  consent.list_id, press_release.clerk_id, press_release.supersedes_id).
- Accessibility needs (health data) are deleted with the consent they were given under
  (was SET NULL, which left health data without consent).
- Deleting an organisation no longer silently deletes its programme applications (RESTRICT).
- PostgreSQL: JSON documents become jsonb (json has no equality operator; DISTINCT/UNION over
  these tables failed there only).

Runs with foreign keys off on SQLite (see storage/migrate.py): the batch rebuilds below must not
cascade.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = [
    ("accessibility_need", "consent_id"),
    ("consent", "event_id"),
    ("consent", "list_id"),
    ("distribution_list_member", "affiliation_id"),
    ("press_release", "clerk_id"),
    ("press_release", "supersedes_id"),
    ("registration", "affiliation_id"),
]

JSON_COLUMNS = [
    ("audit_entry", "changes"),
    ("issued_document", "recipients"),
    ("issued_document", "snapshot"),
    ("press_release", "frozen_snapshot"),
]


def _set_ondelete(table: str, column: str, referred: str, ondelete: str) -> None:
    name = f"fk_{table}_{column}_{referred}"
    with op.batch_alter_table(table) as batch:
        batch.drop_constraint(name, type_="foreignkey")
        batch.create_foreign_key(name, referred, [column], ["id"], ondelete=ondelete)


def upgrade() -> None:
    for table, column in INDEXES:
        with op.batch_alter_table(table) as batch:
            batch.create_index(f"ix_{table}_{column}", [column], unique=False)
    _set_ondelete("accessibility_need", "consent_id", "consent", "CASCADE")
    _set_ondelete("programme_application", "organisation_id", "organisation", "RESTRICT")
    if op.get_bind().dialect.name == "postgresql":
        for table, column in JSON_COLUMNS:
            op.alter_column(
                table,
                column,
                type_=postgresql.JSONB(),
                postgresql_using=f"{column}::jsonb",
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table, column in JSON_COLUMNS:
            op.alter_column(
                table, column, type_=postgresql.JSON(), postgresql_using=f"{column}::json"
            )
    _set_ondelete("programme_application", "organisation_id", "organisation", "CASCADE")
    _set_ondelete("accessibility_need", "consent_id", "consent", "SET NULL")
    for table, column in INDEXES:
        with op.batch_alter_table(table) as batch:
            batch.drop_index(f"ix_{table}_{column}")
