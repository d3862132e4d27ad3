"""full-text index of consultations

SQLite: an FTS5 table (unicode61 tokenizer, diacritics removed) whose rowid is the consultation
id. PostgreSQL: a table of tsvector documents with a GIN index. Both are filled here from the
existing consultations and kept up to date by :mod:`beratung.storage.search` (see there why not
by triggers). Neither table is part of the ORM metadata; ``search.include_object`` keeps them out
of schema comparisons.

Frozen on purpose: this revision does not import :mod:`beratung.storage.search`. That module is
live code and follows the newest schema (a later revision may add a column it reads); an old
database upgraded through this revision still has the schema of revision 0001 here. So the
folding and the filling are copied below as they were when this revision was written. Keep them
unchanged; a later change of the index contents is a new revision that calls its own copy.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WORD = re.compile(r"\w+", re.UNICODE)
_TRANSLITERATE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})

# The consultations' text as of revision 0001's schema (group_concat / string_agg of topics).
_SOURCE_SQL = {
    "sqlite": """
        SELECT c.id, c.subject, c.summary, c.outcome, c.file_reference, o.name,
               (SELECT group_concat(t.name, ' ') FROM consultation_topic ct
                  JOIN topic t ON t.id = ct.topic_id WHERE ct.consultation_id = c.id)
        FROM consultation c LEFT JOIN organisation o ON o.id = c.organisation_id
        ORDER BY c.id
    """,
    "postgresql": """
        SELECT c.id, c.subject, c.summary, c.outcome, c.file_reference, o.name,
               (SELECT string_agg(t.name, ' ') FROM consultation_topic ct
                  JOIN topic t ON t.id = ct.topic_id WHERE ct.consultation_id = c.id)
        FROM consultation c LEFT JOIN organisation o ON o.id = c.organisation_id
        ORDER BY c.id
    """,
}


def _fold(value: str | None) -> str:
    if not value:
        return ""
    lowered = value.lower().replace("ß", "ss").replace("ẞ", "ss")
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _transliterations(value: str | None) -> str:
    if not value:
        return ""
    words = {w for w in _WORD.findall(value.lower()) if any(ch in w for ch in "äöü")}
    return " ".join(sorted(_fold(w.translate(_TRANSLITERATE)) for w in words))


def _documents(rows: Iterable[Sequence[Any]]) -> list[dict[str, Any]]:
    documents = []
    for cid, subject, summary, outcome, file_reference, organisation, topics in rows:
        body = " ".join(v for v in (summary, outcome, file_reference) if v)
        everything = " ".join(v for v in (subject, body, organisation, topics) if v)
        documents.append(
            {
                "id": cid,
                "subject": _fold(subject),
                "body": _fold(body),
                "organisation": _fold(organisation),
                "topics": _fold(topics),
                "alt": _transliterations(everything),
            }
        )
    return documents


def _write(connection: sa.Connection, documents: list[dict[str, Any]]) -> None:
    if not documents:
        return
    if connection.dialect.name == "sqlite":
        connection.execute(
            sa.text(
                "INSERT INTO consultation_fts(rowid, subject, body, organisation, topics, alt) "
                "VALUES (:id, :subject, :body, :organisation, :topics, :alt)"
            ),
            documents,
        )
        return
    for doc in documents:
        words = " ".join(
            doc[key] for key in ("subject", "body", "organisation", "topics") if doc[key]
        )
        doc["german"] = words
        doc["simple"] = f"{words} {doc['alt']}".strip()
    connection.execute(
        sa.text(
            "INSERT INTO consultation_fts(consultation_id, document) VALUES (:id, "
            "to_tsvector('german', CAST(:german AS text)) || "
            "to_tsvector('simple', CAST(:simple AS text)))"
        ),
        documents,
    )


def _fill(connection: sa.Connection) -> None:
    source = _SOURCE_SQL["sqlite" if connection.dialect.name == "sqlite" else "postgresql"]
    result = connection.execute(sa.text(source))
    while True:
        rows = result.fetchmany(2000)
        if not rows:
            break
        _write(connection, _documents(rows))


def upgrade() -> None:
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
    _fill(bind)


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS consultation_fts")
