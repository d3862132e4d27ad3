"""Audit log: hash chain and triggers that refuse changes (decision 25)

- ``audit_entry`` gets ``seq`` (position in the chain, unique), ``prev_hash``, ``entry_hash``,
  ``content_digest`` (HMAC of summary and changes under ``content_salt``), ``content_salt``
  and ``redacted_at``. Existing entries are sealed here, in order of their id.
- Triggers refuse ``DELETE`` (and ``TRUNCATE`` on PostgreSQL) and every ``UPDATE`` except
  erasure's: new summary/changes with ``redacted_at`` set and ``content_salt`` cleared, the
  core and the hashes unchanged.

Frozen on purpose (decision 7): the hash functions below are copies of
``beratung.domain.rules.audit_chain`` as of this revision; a test checks they agree.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENESIS = "0" * 64

CORE = (
    "id",
    "seq",
    "occurred_at",
    "user_name",
    "action",
    "entity_type",
    "entity_id",
    "prev_hash",
    "entry_hash",
    "content_digest",
)

SQLITE_MESSAGE_DELETE = "audit_entry: Einträge des Änderungsprotokolls können nicht gelöscht werden"
SQLITE_MESSAGE_UPDATE = (
    "audit_entry: Einträge des Änderungsprotokolls können nicht geändert werden "
    "(nur die Bereinigung bei einer Löschung nach Art. 17 DSGVO)"
)


def _normalise(value: object) -> object:
    if isinstance(value, dict):
        return {str(k): _normalise(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_normalise(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _content_digest(salt_hex: str, summary: str, changes: object) -> str:
    document = {"summary": summary, "changes": _normalise(changes)}
    data = json.dumps(
        document, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")
    return hmac.new(bytes.fromhex(salt_hex), data, hashlib.sha256).hexdigest()


def _canonical_time(value: datetime | str) -> str:
    if isinstance(value, str):  # SQLite without type processing
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def _entry_hash(prev_hash: str, seq: int, row: sa.Row[tuple[object, ...]], content: str) -> str:
    fields = [
        prev_hash,
        str(seq),
        str(row.id),
        _canonical_time(row.occurred_at),  # type: ignore[arg-type]
        str(row.user_name),
        str(row.action),
        str(row.entity_type),
        "" if row.entity_id is None else str(row.entity_id),
        content,
    ]
    payload = json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(payload).hexdigest()


def _seal_existing() -> None:
    entries = sa.table(
        "audit_entry",
        sa.column("id", sa.Integer),
        sa.column("occurred_at", sa.DateTime(timezone=True)),
        sa.column("user_name", sa.String),
        sa.column("action", sa.String),
        sa.column("entity_type", sa.String),
        sa.column("entity_id", sa.Integer),
        sa.column("summary", sa.String),
        sa.column("changes", sa.JSON),
        sa.column("seq", sa.Integer),
        sa.column("prev_hash", sa.String),
        sa.column("entry_hash", sa.String),
        sa.column("content_digest", sa.String),
        sa.column("content_salt", sa.String),
    )
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(
            entries.c.id,
            entries.c.occurred_at,
            entries.c.user_name,
            entries.c.action,
            entries.c.entity_type,
            entries.c.entity_id,
            entries.c.summary,
            entries.c.changes,
        ).order_by(entries.c.id)
    ).all()
    prev = GENESIS
    for seq, row in enumerate(rows, start=1):
        salt = secrets.token_hex(16)
        changes = json.loads(row.changes) if isinstance(row.changes, str) else row.changes
        digest = _content_digest(salt, str(row.summary), changes)
        sealed = _entry_hash(prev, seq, row, digest)
        conn.execute(
            entries.update()
            .where(entries.c.id == row.id)
            .values(
                seq=seq,
                prev_hash=prev,
                entry_hash=sealed,
                content_digest=digest,
                content_salt=salt,
            )
        )
        prev = sealed


def _sqlite_triggers() -> None:
    unchanged = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in CORE)
    op.execute(
        "CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry "
        f"BEGIN SELECT RAISE(ABORT, '{SQLITE_MESSAGE_DELETE}'); END"
    )
    op.execute(
        "CREATE TRIGGER audit_entry_only_redaction BEFORE UPDATE ON audit_entry "
        f"WHEN NOT ({unchanged} AND NEW.redacted_at IS NOT NULL AND NEW.content_salt IS NULL) "
        f"BEGIN SELECT RAISE(ABORT, '{SQLITE_MESSAGE_UPDATE}'); END"
    )


def _postgres_triggers() -> None:
    new = ", ".join(f"NEW.{c}" for c in CORE)
    old = ", ".join(f"OLD.{c}" for c in CORE)
    op.execute(
        f"""
CREATE FUNCTION audit_entry_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'TRUNCATE') THEN
        RAISE EXCEPTION 'audit_entry: Einträge des Änderungsprotokolls können nicht gelöscht '
            'werden' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF ROW({new}) IS DISTINCT FROM ROW({old})
       OR NEW.redacted_at IS NULL OR NEW.content_salt IS NOT NULL THEN
        RAISE EXCEPTION 'audit_entry: Einträge des Änderungsprotokolls können nicht geändert '
            'werden (nur die Bereinigung bei einer Löschung nach Art. 17 DSGVO)'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$
"""
    )
    op.execute(
        "CREATE TRIGGER audit_entry_guard BEFORE UPDATE OR DELETE ON audit_entry "
        "FOR EACH ROW EXECUTE FUNCTION audit_entry_guard()"
    )
    op.execute(
        "CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_guard()"
    )


def upgrade() -> None:
    op.add_column("audit_entry", sa.Column("seq", sa.Integer(), nullable=True))
    op.add_column("audit_entry", sa.Column("prev_hash", sa.String(length=64), nullable=True))
    op.add_column("audit_entry", sa.Column("entry_hash", sa.String(length=64), nullable=True))
    op.add_column("audit_entry", sa.Column("content_digest", sa.String(length=64), nullable=True))
    op.add_column("audit_entry", sa.Column("content_salt", sa.String(length=32), nullable=True))
    op.add_column(
        "audit_entry", sa.Column("redacted_at", sa.DateTime(timezone=True), nullable=True)
    )
    _seal_existing()
    with op.batch_alter_table("audit_entry") as batch:
        for name in ("seq", "prev_hash", "entry_hash", "content_digest"):
            batch.alter_column(name, existing_type=_type(name), nullable=False)
        batch.create_index("ix_audit_entry_seq", ["seq"], unique=True)
    if op.get_bind().dialect.name == "postgresql":
        _postgres_triggers()
    else:
        _sqlite_triggers()


def _type(name: str) -> sa.types.TypeEngine[object]:
    return sa.Integer() if name == "seq" else sa.String(length=64)  # type: ignore[return-value]


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_entry")
        op.execute("DROP TRIGGER IF EXISTS audit_entry_guard ON audit_entry")
        op.execute("DROP FUNCTION IF EXISTS audit_entry_guard()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_entry_only_redaction")
        op.execute("DROP TRIGGER IF EXISTS audit_entry_no_delete")
    with op.batch_alter_table("audit_entry") as batch:
        batch.drop_index("ix_audit_entry_seq")
        for name in (
            "redacted_at",
            "content_salt",
            "content_digest",
            "entry_hash",
            "prev_hash",
            "seq",
        ):
            batch.drop_column(name)
