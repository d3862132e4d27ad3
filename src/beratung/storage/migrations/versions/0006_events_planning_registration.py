"""Events: kind, clerk, notes, calendar identity; registration codes, assistants, promotions,
check-in and the history of each registration; venue contact; needs catalogue; office rules

- ``event.kind`` (Werkstattgespräch, Fachtag, Netzwerktreffen, Sonstige), ``clerk_id``, ``notes``,
  ``calendar_uid`` (stable UID of the .ics entry, filled for existing events) and
  ``calendar_sequence``; ``event.status`` may also be ``invited``.
- ``registration.code`` (for reply forms, badges and the check-in; filled for existing rows),
  ``assistants``, ``promoted_at``, ``notify_pending``, ``attended_at``, ``walk_in``.
- ``registration_change``: one dated row per status change of a registration.
- ``venue.public_transport``, ``contact_name``, ``contact_phone``.
- ``accessibility_need.kind`` may also be ``wheelchair_place`` and ``guide_dog``.
- ``office_profile.assistants_take_places`` and ``needs_retention_weeks`` (default 4).

Frozen on purpose (docs/decisions.md §7): the code alphabet and the value lists below are
copies as of this revision.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EVENT_STATUS = ("planned", "invited", "held", "cancelled")
OLD_EVENT_STATUS = ("planned", "held", "cancelled")
EVENT_KIND = ("workshop", "conference", "network_meeting", "other")
NEED_KIND = (
    "sign_language",
    "speech_to_text",
    "hearing_loop",
    "step_free",
    "wheelchair_place",
    "easy_language",
    "assistance",
    "guide_dog",
    "diet",
    "other",
)
OLD_NEED_KIND = (
    "sign_language",
    "speech_to_text",
    "hearing_loop",
    "step_free",
    "easy_language",
    "assistance",
    "diet",
    "other",
)
REGISTRATION_STATUS = ("invited", "registered", "declined", "waitlisted", "attended", "no_show")
CODE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _length(values: Sequence[str]) -> int:
    return max(len(v) for v in values) + 8  # as beratung.domain.base.enum_column sizes them


def _code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def upgrade() -> None:
    bind = op.get_bind()

    with op.batch_alter_table("venue") as batch:
        batch.add_column(sa.Column("public_transport", sa.Text(), nullable=True))
        batch.add_column(sa.Column("contact_name", sa.String(200), nullable=True))
        batch.add_column(sa.Column("contact_phone", sa.String(60), nullable=True))

    with op.batch_alter_table("event") as batch:
        batch.add_column(
            sa.Column(
                "kind", sa.String(_length(EVENT_KIND)), nullable=False, server_default="workshop"
            )
        )
        batch.add_column(sa.Column("clerk_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("notes", sa.Text(), nullable=True))
        batch.add_column(sa.Column("calendar_uid", sa.String(80), nullable=True))
        batch.add_column(
            sa.Column("calendar_sequence", sa.Integer(), nullable=False, server_default="0")
        )
    events = sa.table("event", sa.column("id", sa.Integer), sa.column("calendar_uid", sa.String))
    for (event_id,) in bind.execute(sa.select(events.c.id)).all():
        bind.execute(
            events.update()
            .where(events.c.id == event_id)
            .values(calendar_uid=f"{uuid.uuid4()}@beratung.staedtetag-bw.de")
        )
    with op.batch_alter_table("event") as batch:
        batch.alter_column("calendar_uid", existing_type=sa.String(80), nullable=False)
        batch.create_unique_constraint(op.f("uq_event_calendar_uid"), ["calendar_uid"])
        batch.create_foreign_key(
            op.f("fk_event_clerk_id_clerk"), "clerk", ["clerk_id"], ["id"], ondelete="SET NULL"
        )
        batch.create_index(op.f("ix_event_clerk_id"), ["clerk_id"], unique=False)
        batch.create_check_constraint(op.f("ck_event_event_kind"), _in("kind", EVENT_KIND))
        batch.drop_constraint(op.f("ck_event_event_status"), type_="check")
        batch.create_check_constraint(op.f("ck_event_event_status"), _in("status", EVENT_STATUS))

    with op.batch_alter_table("registration") as batch:
        batch.add_column(sa.Column("code", sa.String(16), nullable=True))
        batch.add_column(sa.Column("assistants", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("promoted_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column("notify_pending", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("attended_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column("walk_in", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    registrations = sa.table(
        "registration", sa.column("id", sa.Integer), sa.column("code", sa.String)
    )
    used: set[str] = set()
    for (registration_id,) in bind.execute(sa.select(registrations.c.id)).all():
        code = _code()
        while code in used:
            code = _code()
        used.add(code)
        bind.execute(
            registrations.update().where(registrations.c.id == registration_id).values(code=code)
        )
    with op.batch_alter_table("registration") as batch:
        batch.alter_column("code", existing_type=sa.String(16), nullable=False)
        batch.create_unique_constraint(op.f("uq_registration_code"), ["code"])
        batch.create_check_constraint(
            op.f("ck_registration_assistants_range"), "assistants >= 0 AND assistants <= 5"
        )

    op.create_table(
        "registration_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_name", sa.String(120), nullable=False),
        sa.Column("from_status", sa.String(_length(REGISTRATION_STATUS)), nullable=True),
        sa.Column("to_status", sa.String(_length(REGISTRATION_STATUS)), nullable=False),
        sa.Column("note", sa.String(300), nullable=True),
        sa.CheckConstraint(
            _in("from_status", REGISTRATION_STATUS),
            name=op.f("ck_registration_change_registration_change_from"),
        ),
        sa.CheckConstraint(
            _in("to_status", REGISTRATION_STATUS),
            name=op.f("ck_registration_change_registration_change_to"),
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registration.id"],
            name=op.f("fk_registration_change_registration_id_registration"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registration_change")),
    )
    op.create_index(
        op.f("ix_registration_change_registration_id"),
        "registration_change",
        ["registration_id"],
        unique=False,
    )

    with op.batch_alter_table("accessibility_need") as batch:
        batch.alter_column(
            "kind",
            existing_type=sa.String(_length(OLD_NEED_KIND)),
            type_=sa.String(_length(NEED_KIND)),
            existing_nullable=False,
        )
        batch.drop_constraint(op.f("ck_accessibility_need_need_kind"), type_="check")
        batch.create_check_constraint(
            op.f("ck_accessibility_need_need_kind"), _in("kind", NEED_KIND)
        )

    with op.batch_alter_table("office_profile") as batch:
        batch.add_column(
            sa.Column(
                "assistants_take_places", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch.add_column(
            sa.Column("needs_retention_weeks", sa.Integer(), nullable=False, server_default="4")
        )
        batch.create_check_constraint(
            op.f("ck_office_profile_needs_retention_range"),
            "needs_retention_weeks >= 0 AND needs_retention_weeks <= 104",
        )


def downgrade() -> None:
    with op.batch_alter_table("office_profile") as batch:
        batch.drop_constraint(op.f("ck_office_profile_needs_retention_range"), type_="check")
        batch.drop_column("needs_retention_weeks")
        batch.drop_column("assistants_take_places")
    op.execute("DELETE FROM accessibility_need WHERE kind IN ('wheelchair_place', 'guide_dog')")
    with op.batch_alter_table("accessibility_need") as batch:
        batch.drop_constraint(op.f("ck_accessibility_need_need_kind"), type_="check")
        batch.alter_column(
            "kind",
            existing_type=sa.String(_length(NEED_KIND)),
            type_=sa.String(_length(OLD_NEED_KIND)),
            existing_nullable=False,
        )
        batch.create_check_constraint(
            op.f("ck_accessibility_need_need_kind"), _in("kind", OLD_NEED_KIND)
        )
    op.drop_index(op.f("ix_registration_change_registration_id"), "registration_change")
    op.drop_table("registration_change")
    with op.batch_alter_table("registration") as batch:
        batch.drop_constraint(op.f("ck_registration_assistants_range"), type_="check")
        batch.drop_constraint(op.f("uq_registration_code"), type_="unique")
        for column in (
            "walk_in",
            "attended_at",
            "notify_pending",
            "promoted_at",
            "assistants",
            "code",
        ):
            batch.drop_column(column)
    op.execute("UPDATE event SET status = 'planned' WHERE status = 'invited'")
    with op.batch_alter_table("event") as batch:
        batch.drop_constraint(op.f("ck_event_event_status"), type_="check")
        batch.create_check_constraint(
            op.f("ck_event_event_status"), _in("status", OLD_EVENT_STATUS)
        )
        batch.drop_constraint(op.f("ck_event_event_kind"), type_="check")
        batch.drop_index(op.f("ix_event_clerk_id"))
        batch.drop_constraint(op.f("fk_event_clerk_id_clerk"), type_="foreignkey")
        batch.drop_constraint(op.f("uq_event_calendar_uid"), type_="unique")
        for column in ("calendar_sequence", "calendar_uid", "notes", "clerk_id", "kind"):
            batch.drop_column(column)
    with op.batch_alter_table("venue") as batch:
        for column in ("contact_phone", "contact_name", "public_transport"):
            batch.drop_column(column)
