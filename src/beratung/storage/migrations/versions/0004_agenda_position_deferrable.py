"""agenda items can be reordered: (event_id, position) unique, deferred on PostgreSQL

PostgreSQL checks the constraint at commit (DEFERRABLE INITIALLY DEFERRED), so swapping two
positions in one flush works. SQLite has no deferrable UNIQUE constraints; there the existing
constraint stays as it is and reordering goes through ``beratung.storage.ordering.renumber``
(two steps). See docs/decisions.md, "Order of agenda items".

Not here, on purpose: the one-primary-affiliation index. ContactService can still write a new
and an old primary in one flush (UPDATEs go out in primary-key order), which such an index
would refuse; it follows once the service clears the old primary first.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME = "uq_agenda_item_event_id_position"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_constraint(NAME, "agenda_item", type_="unique")
    op.create_unique_constraint(
        NAME, "agenda_item", ["event_id", "position"], deferrable=True, initially="DEFERRED"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_constraint(NAME, "agenda_item", type_="unique")
    op.create_unique_constraint(NAME, "agenda_item", ["event_id", "position"])
