"""Full-text index of consultations, for SQLite (FTS5) and PostgreSQL (tsvector + GIN).

Design
------
The index lives in its own table ``consultation_fts`` (created by migration 0002), one row per
consultation, holding the consultation's subject, summary, outcome, file reference, organisation
name and topic names:

* **SQLite**: an FTS5 table with ``tokenize = "unicode61 remove_diacritics 2"`` and the
  consultation id as rowid. Umlauts and accents are folded by the tokenizer ("forderung" finds
  "Förderung").
* **PostgreSQL**: a plain table ``(consultation_id, document tsvector)`` with a GIN index; the
  document is ``to_tsvector('german', …) || to_tsvector('simple', …)`` of the diacritics-folded
  text, so stemmed words ("Förderungen" → "forder") and as-you-type prefixes of the unstemmed
  words both match, without depending on the ``unaccent`` extension.

On both, the text is folded in Python first (ß → ss, accents off) and every word containing an
umlaut is indexed a second time in its transliterated spelling, so "Förderung", "forderung",
"förderung" and "foerderung" all find a consultation about "Förderung". Both foldings are pure
rules in :mod:`beratung.domain.rules.search` (:func:`full_text_fold`,
:func:`full_text_transliterations`); migration 0002 keeps its own frozen copy (decision 7).

Keeping it in sync: SQLite refuses virtual tables inside triggers while ``trusted_schema`` is OFF
(which the engine sets, rightly), so the index is maintained by the ORM instead: a session
``after_flush`` hook (registered by :mod:`beratung.storage.derived` with the other derived data)
re-indexes every consultation inserted, changed or deleted in the flush, every consultation of a
renamed organisation or topic, and those marked with :func:`mark_for_reindex` by code that moved
them with Core statements (a merge). Bulk loaders that write consultations with Core
``insert()`` (benchmarks) call :func:`reindex` or :func:`rebuild` themselves.

The migration-compare filter :func:`include_object` hides these tables from
``schema_differences`` (they are not part of the ORM metadata on purpose).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import (
    Connection,
    Float,
    Integer,
    Select,
    TextualSelect,
    column,
    event,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session, UOWTransaction

from beratung.domain.rules.search import full_text_fold, full_text_transliterations

FTS_TABLE = "consultation_fts"
#: Columns of the SQLite FTS5 table, in order.
FTS_COLUMNS = ("subject", "body", "organisation", "topics", "alt")

_WORD = re.compile(r"\w+", re.UNICODE)
_MAX_TERMS = 12


# --------------------------------------------------------------------------------------------
# Query terms


def query_terms(query: str) -> list[str]:
    """The folded words of a user query, at most a dozen."""
    return [t for t in _WORD.findall(full_text_fold(query)) if t.replace("_", "")][:_MAX_TERMS]


def fts5_query(query: str) -> str | None:
    """An FTS5 MATCH expression: all words (AND), each as the beginning of a word.

    SQLite has no German stemmer, so "inklusiv" must find "inklusiven": every term is a prefix
    (which also serves typing: the last word is usually incomplete). Each term is quoted, so
    nothing the user types is FTS5 syntax. ``None`` when the query has no word at all.
    """
    terms = query_terms(query)
    if not terms:
        return None
    return " AND ".join(f'"{t}"*' for t in terms)


def tsquery_terms(query: str) -> list[str]:
    """Folded terms for PostgreSQL, ``[a-z0-9]`` only, so safe inside ``to_tsquery``."""
    terms = [re.sub(r"[^0-9a-z]", "", t) for t in query_terms(query)]
    return [t for t in terms if t]


# --------------------------------------------------------------------------------------------
# Querying


def _pg_tsquery(query: str) -> tuple[str, dict[str, str]] | None:
    """The PostgreSQL tsquery SQL of ``query`` and its parameters; ``None`` without a word.

    Each word matches either by its German stem ("Förderungen" finds "Förderung") or as the
    beginning of an unstemmed word ("inklusiv" finds "inklusiven").
    """
    terms = tsquery_terms(query)
    if not terms:
        return None
    parts = []
    params: dict[str, str] = {}
    for index, term in enumerate(terms):
        parts.append(f"(to_tsquery('german', :ts_g{index}) || to_tsquery('simple', :ts_s{index}))")
        params[f"ts_g{index}"] = term
        params[f"ts_s{index}"] = f"{term}:*"
    return f"({' && '.join(parts)})", params


def matching_ids(dialect: str, query: str) -> Select[Any] | None:
    """A SELECT of the ids of consultations matching ``query`` (for ``Consultation.id.in_``).

    ``None`` when the query contains no searchable word (then nothing should be filtered).
    """
    if dialect == "sqlite":
        expression = fts5_query(query)
        if expression is None:
            return None
        return (
            select(literal_column("rowid"))
            .select_from(table(FTS_TABLE))
            .where(text(f"{FTS_TABLE} MATCH :fts_query").bindparams(fts_query=expression))
        )
    tsquery = _pg_tsquery(query)
    if tsquery is None:
        return None
    sql, params = tsquery
    return (
        select(column("consultation_id"))
        .select_from(table(FTS_TABLE))
        .where(text(f"document @@ {sql}").bindparams(**params))
    )


#: SQLite bm25 weights of :data:`FTS_COLUMNS`: a word in the subject, the organisation or a
#: topic says more about a consultation than one somewhere in its notes.
BM25_WEIGHTS = (4.0, 1.0, 2.0, 2.0, 0.5)


def ranked_ids(dialect: str, query: str) -> TextualSelect | None:
    """A SELECT of ``(id, rank)`` of the consultations matching ``query``; the best match has
    the lowest ``rank`` (SQLite: FTS5 ``bm25()``, which is negative and lower for better
    matches; PostgreSQL: ``-ts_rank()``). ``None`` when the query contains no searchable word.

    Join it as a subquery and order by ``rank`` (then date) to list hits by relevance.
    """
    if dialect == "sqlite":
        expression = fts5_query(query)
        if expression is None:
            return None
        weights = ", ".join(str(w) for w in BM25_WEIGHTS)
        clause = text(
            f"SELECT rowid AS id, bm25({FTS_TABLE}, {weights}) AS rank FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH :fts_query"
        ).bindparams(fts_query=expression)
    else:
        tsquery = _pg_tsquery(query)
        if tsquery is None:
            return None
        sql, params = tsquery
        clause = text(
            f"SELECT consultation_id AS id, -ts_rank(document, {sql}) AS rank "
            f"FROM {FTS_TABLE} WHERE document @@ {sql}"
        ).bindparams(**params)
    return clause.columns(column("id", Integer), column("rank", Float))


# --------------------------------------------------------------------------------------------
# Maintaining


_SOURCE_SQL = {
    "sqlite": """
        SELECT c.id, c.subject, c.summary, c.outcome, c.file_reference, o.name,
               (SELECT group_concat(t.name, ' ') FROM consultation_topic ct
                  JOIN topic t ON t.id = ct.topic_id WHERE ct.consultation_id = c.id)
        FROM consultation c LEFT JOIN organisation o ON o.id = c.organisation_id
    """,
    "postgresql": """
        SELECT c.id, c.subject, c.summary, c.outcome, c.file_reference, o.name,
               (SELECT string_agg(t.name, ' ') FROM consultation_topic ct
                  JOIN topic t ON t.id = ct.topic_id WHERE ct.consultation_id = c.id)
        FROM consultation c LEFT JOIN organisation o ON o.id = c.organisation_id
    """,
}

_CHUNK = 500


def _documents(rows: Iterable[Sequence[Any]]) -> list[dict[str, Any]]:
    documents = []
    for cid, subject, summary, outcome, file_reference, organisation, topics in rows:
        body = " ".join(v for v in (summary, outcome, file_reference) if v)
        everything = " ".join(v for v in (subject, body, organisation, topics) if v)
        documents.append(
            {
                "id": cid,
                "subject": full_text_fold(subject),
                "body": full_text_fold(body),
                "organisation": full_text_fold(organisation),
                "topics": full_text_fold(topics),
                "alt": full_text_transliterations(everything),
            }
        )
    return documents


def _write(connection: Connection, documents: list[dict[str, Any]]) -> None:
    if not documents:
        return
    if connection.dialect.name == "sqlite":
        connection.execute(
            text(
                f"INSERT INTO {FTS_TABLE}(rowid, subject, body, organisation, topics, alt) "
                "VALUES (:id, :subject, :body, :organisation, :topics, :alt)"
            ),
            documents,
        )
    else:
        for doc in documents:
            words = " ".join(
                doc[key] for key in ("subject", "body", "organisation", "topics") if doc[key]
            )
            doc["german"] = words
            doc["simple"] = f"{words} {doc['alt']}".strip()
        connection.execute(
            text(
                f"INSERT INTO {FTS_TABLE}(consultation_id, document) VALUES (:id, "
                "to_tsvector('german', CAST(:german AS text)) || "
                "to_tsvector('simple', CAST(:simple AS text)))"
            ),
            documents,
        )


def _delete(connection: Connection, ids: Sequence[int]) -> None:
    key = "rowid" if connection.dialect.name == "sqlite" else "consultation_id"
    connection.execute(
        text(f"DELETE FROM {FTS_TABLE} WHERE {key} IN ({','.join(str(int(i)) for i in ids)})")
    )


def reindex(connection: Connection, consultation_ids: Iterable[int]) -> None:
    """Bring the index rows of these consultations up to date (deleted ones are removed)."""
    ids = sorted({int(i) for i in consultation_ids})
    source = _SOURCE_SQL["sqlite" if connection.dialect.name == "sqlite" else "postgresql"]
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        _delete(connection, chunk)
        id_list = ",".join(str(i) for i in chunk)
        rows = connection.execute(text(f"{source} WHERE c.id IN ({id_list})")).all()
        _write(connection, _documents(rows))


def rebuild(connection: Connection) -> int:
    """Re-index every consultation (after a Core bulk insert or to repair); returns the count."""
    connection.execute(text(f"DELETE FROM {FTS_TABLE}"))
    source = _SOURCE_SQL["sqlite" if connection.dialect.name == "sqlite" else "postgresql"]
    result = connection.execute(text(f"{source} ORDER BY c.id"))
    total = 0
    while True:
        rows = result.fetchmany(2000)
        if not rows:
            break
        _write(connection, _documents(rows))
        total += len(rows)
    return total


def _changed_consultations(session: Session) -> tuple[set[int], set[int]]:
    """(ids to re-index, ids removed) from the objects of the flush that is just done."""
    from beratung.domain.contacts import Organisation
    from beratung.domain.work import Consultation, Topic

    touched: set[int] = set()
    removed: set[int] = set()
    renamed_orgs: set[int] = set()
    renamed_topics: set[int] = set()
    for obj in session.new:
        if isinstance(obj, Consultation) and obj.id is not None:
            touched.add(obj.id)
    for obj in session.dirty:
        if isinstance(obj, Consultation) and obj.id is not None:
            if session.is_modified(obj, include_collections=True):
                touched.add(obj.id)
        elif isinstance(obj, Organisation) and _name_changed(obj):
            renamed_orgs.add(obj.id)
        elif isinstance(obj, Topic) and _name_changed(obj):
            renamed_topics.add(obj.id)
    for obj in session.deleted:
        if isinstance(obj, Consultation) and obj.id is not None:
            removed.add(obj.id)
    if renamed_orgs or renamed_topics:
        connection = session.connection()
        if renamed_orgs:
            touched.update(
                connection.scalars(
                    select(Consultation.id).where(Consultation.organisation_id.in_(renamed_orgs))
                )
            )
        if renamed_topics:
            from beratung.domain.work import consultation_topic

            touched.update(
                connection.scalars(
                    select(consultation_topic.c.consultation_id).where(
                        consultation_topic.c.topic_id.in_(renamed_topics)
                    )
                )
            )
    return touched - removed, removed


def _name_changed(obj: Any) -> bool:
    from sqlalchemy import inspect

    history = inspect(obj).attrs.name.history
    return bool(history.deleted) and obj.id is not None


#: ``session.info`` key: consultation ids to re-index after the next flush (Core writes).
PENDING_REINDEX = "beratung.search.pending"


def mark_for_reindex(session: Session, consultation_ids: Iterable[int]) -> None:
    """Re-index these consultations after the next flush: their organisation or topics were
    changed by Core statements, which the flush hook cannot see."""
    pending: set[int] = session.info.setdefault(PENDING_REINDEX, set())
    pending.update(consultation_ids)


def _after_flush(session: Session, _context: UOWTransaction) -> None:
    touched, removed = _changed_consultations(session)
    touched |= session.info.pop(PENDING_REINDEX, set())
    touched -= removed
    if not touched and not removed:
        return
    connection = session.connection()
    if removed:
        _delete(connection, sorted(removed))
    if touched:
        reindex(connection, touched)


def install() -> None:
    """Register the flush hook once (idempotent); :mod:`beratung.storage.derived` does, with
    the other derived data."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)


# --------------------------------------------------------------------------------------------
# Schema comparison


def is_search_object(name: str | None) -> bool:
    """Tables and indexes of the full-text index (including FTS5's shadow tables)."""
    return bool(name) and str(name).startswith(FTS_TABLE)


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """For Alembic's ``include_object``: leave the full-text index out of schema comparisons."""
    if type_ == "table" and is_search_object(name):
        return False
    table_name = getattr(getattr(obj, "table", None), "name", None)
    return not (type_ == "index" and (is_search_object(name) or is_search_object(table_name)))
