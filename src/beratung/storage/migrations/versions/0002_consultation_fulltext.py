"""full-text index of consultations

SQLite: an FTS5 table (unicode61 tokenizer, diacritics removed) whose rowid is the consultation
id. PostgreSQL: a table of tsvector documents with a GIN index. Both are filled here from the
existing consultations and kept up to date by :mod:`beratung.storage.search` (see there why not
by triggers). Neither table is part of the ORM metadata; ``search.include_object`` keeps them out
of schema comparisons.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from beratung.storage import search

    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE consultation_fts USING fts5("
            "subject, body, organisation, topics, alt, "
            "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')"
        )
    else:
        op.execute(
            "CREATE TABLE consultation_fts ("
            "consultation_id INTEGER PRIMARY KEY "
            "REFERENCES consultation (id) ON DELETE CASCADE, "
            "document TSVECTOR NOT NULL)"
        )
        op.execute(
            "CREATE INDEX consultation_fts_document_idx ON consultation_fts USING gin (document)"
        )
    search.rebuild(bind)


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS consultation_fts")
