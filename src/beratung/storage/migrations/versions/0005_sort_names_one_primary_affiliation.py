"""German alphabetical order of persons and organisations; one primary role per person

- ``person.sort_name`` and ``organisation.sort_name``: the sort keys of
  ``beratung.domain.rules.sorting`` (umlauts as their base letter, case folded, "von"/"van"/…
  behind the last name), indexed, compared bytewise on both databases (``COLLATE "C"`` on
  PostgreSQL, SQLite's binary default), filled here for the existing rows.
- ``uq_affiliation_person_id_primary``: a partial unique index, at most one affiliation with
  ``is_primary`` per person. Where a person has several primaries, the newest (highest id) stays
  primary and the others are cleared first.

Frozen on purpose (docs/decisions.md §7): the folding and the key functions below are copies of
``beratung.domain.rules.search.fold`` and ``beratung.domain.rules.sorting`` as they were when this
revision was written. Keep them unchanged; a later change of the keys is a new revision with its
own copy.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PRIMARY_INDEX = "uq_affiliation_person_id_primary"

# ---- frozen copy of rules/search.fold ------------------------------------------------------

_SPECIAL = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "TH",
        "ı": "i",
    }
)
_NOT_WORD = re.compile(r"[\W_]+")


def _fold(text: str | None) -> str:
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NOT_WORD.sub(" ", text.casefold()).strip()


# ---- frozen copy of rules/sorting ----------------------------------------------------------

_PARTICLES = (
    "von und zu",
    "von der",
    "von dem",
    "van der",
    "van den",
    "van de",
    "von",
    "vom",
    "van",
    "zu",
    "zum",
    "zur",
    "de",
)


def _words(text: str | None) -> str:
    return "-".join(_fold(text).split())


def _person_key(last_name: str | None, first_name: str | None) -> str:
    text = " ".join(unicodedata.normalize("NFC", last_name or "").split())
    particle, core = "", text
    for candidate in _PARTICLES:
        if text.startswith(candidate + " "):
            particle, core = candidate, text[len(candidate) + 1 :]
            break
    key = f"{_words(core)},{_words(first_name)}"
    if particle:
        return f"{key},{_words(particle)}"
    return key.rstrip(",")


def _organisation_key(name: str | None) -> str:
    return _words(name)


# ---- the revision --------------------------------------------------------------------------


def _key_type() -> sa.types.TypeEngine[str]:
    if op.get_bind().dialect.name == "postgresql":
        return sa.Text(collation="C")
    return sa.Text()


def _fill(
    connection: sa.Connection, table: str, columns: str, key: Callable[..., str]
) -> None:
    rows = connection.execute(sa.text(f"SELECT id, {columns} FROM {table} ORDER BY id")).all()
    updates = [{"id": row[0], "key": key(*row[1:])} for row in rows]
    for start in range(0, len(updates), 2000):
        connection.execute(
            sa.text(f"UPDATE {table} SET sort_name = :key WHERE id = :id"),
            updates[start : start + 2000],
        )


def upgrade() -> None:
    bind = op.get_bind()
    for table in ("person", "organisation"):
        op.add_column(
            table, sa.Column("sort_name", _key_type(), nullable=False, server_default="")
        )
    _fill(bind, "person", "last_name, first_name", _person_key)
    _fill(bind, "organisation", "name", _organisation_key)
    op.create_index("ix_person_sort_name", "person", ["sort_name"])
    op.create_index("ix_organisation_sort_name", "organisation", ["sort_name"])

    op.execute(
        "UPDATE affiliation SET is_primary = false WHERE is_primary AND id < ("
        "SELECT max(a.id) FROM affiliation a "
        "WHERE a.person_id = affiliation.person_id AND a.is_primary)"
    )
    op.create_index(
        PRIMARY_INDEX,
        "affiliation",
        ["person_id"],
        unique=True,
        sqlite_where=sa.text("is_primary"),
        postgresql_where=sa.text("is_primary"),
    )


def downgrade() -> None:
    op.drop_index(PRIMARY_INDEX, table_name="affiliation")
    for table in ("organisation", "person"):
        op.drop_index(f"ix_{table}_sort_name", table_name=table)
        with op.batch_alter_table(table) as batch:
            batch.drop_column("sort_name")
