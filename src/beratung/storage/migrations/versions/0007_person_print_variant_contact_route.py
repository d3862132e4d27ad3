"""Persons: how invitations are printed and delivered

- ``person.print_variant``: ``standard``, ``large`` (large print) or ``easy`` (Leichte
  Sprache); existing persons get ``standard``.
- ``person.contact_route``: ``post`` or ``email``; ``NULL`` is "no preference" (existing
  persons keep it).

Frozen on purpose (docs/decisions.md §7): the value lists below are copies as of this revision.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PRINT_VARIANT = ("standard", "large", "easy")
CONTACT_ROUTE = ("post", "email")


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _length(values: Sequence[str]) -> int:
    return max(len(v) for v in values) + 8  # as beratung.domain.base.enum_column sizes them


def upgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.add_column(
            sa.Column(
                "print_variant",
                sa.String(_length(PRINT_VARIANT)),
                nullable=False,
                server_default="standard",
            )
        )
        batch.add_column(
            sa.Column("contact_route", sa.String(_length(CONTACT_ROUTE)), nullable=True)
        )
        batch.create_check_constraint(
            op.f("ck_person_print_variant"), _in("print_variant", PRINT_VARIANT)
        )
        batch.create_check_constraint(
            op.f("ck_person_contact_route"), _in("contact_route", CONTACT_ROUTE)
        )


def downgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.drop_constraint(op.f("ck_person_contact_route"), type_="check")
        batch.drop_constraint(op.f("ck_person_print_variant"), type_="check")
        batch.drop_column("contact_route")
        batch.drop_column("print_variant")
