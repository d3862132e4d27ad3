"""The audit log the app cannot edit (decision 25): sealing, verification and erasure's rewrite.

Every new :class:`AuditEntry` is sealed in the flush that writes it (a ``before_flush``
listener, so no writer can forget it): it gets the next position ``seq`` in the chain, the hash
of the entry before it, a random content key and the hashes of decision 25. Triggers on both
databases (migration 0008) refuse ``DELETE`` and every ``UPDATE`` except the one erasure makes
through :func:`redact`. :func:`verify` walks the chain and names every entry that does not fit.

Two writers on PostgreSQL must not both append after the same entry: the listener takes a
transaction-scoped advisory lock before it reads the last entry, so the second waits for the
first to commit (READ COMMITTED lets it see that entry then). SQLite writers already hold the
file's write lock (``BEGIN IMMEDIATE``). The unique index on ``seq`` refuses a fork on both in
any case.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import event, func, inspect, select, text, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, UOWTransaction

from beratung.domain.base import utcnow
from beratung.domain.records import AuditEntry
from beratung.domain.rules import audit_chain

#: Key of the PostgreSQL advisory lock that serialises appends ("BERA" "AUDT" as ASCII).
ADVISORY_LOCK_KEY = 0x42455241_41554454

#: The triggers migration 0008 creates, per dialect; ``db check`` reports a missing one.
TRIGGERS: dict[str, tuple[str, ...]] = {
    "sqlite": ("audit_entry_no_delete", "audit_entry_only_redaction"),
    "postgresql": ("audit_entry_guard", "audit_entry_no_truncate"),
}


def _new_entries(session: Session) -> list[AuditEntry]:
    entries = [obj for obj in session.new if isinstance(obj, AuditEntry)]
    # In the order they were added, so the chain follows the order of the events.
    return sorted(entries, key=lambda obj: inspect(obj).insert_order or 0)


def _seal(session: Session, _context: UOWTransaction, _instances: object) -> None:
    entries = _new_entries(session)
    if not entries:
        return
    with session.no_autoflush:
        conn = session.connection()
        postgres = conn.dialect.name == "postgresql"
        if postgres:
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
        last = conn.execute(
            select(AuditEntry.seq, AuditEntry.entry_hash).order_by(AuditEntry.seq.desc()).limit(1)
        ).first()
        seq, prev = (int(last[0]), str(last[1])) if last is not None else (0, audit_chain.GENESIS)
        # Ids follow the chain under the same lock (max + 1 on both databases), so an id
        # never depends on a sequence that a restore or a hand-made row left behind.
        next_id = (
            int(conn.execute(select(func.coalesce(func.max(AuditEntry.id), 0))).scalar_one()) + 1
        )
        for entry in entries:
            if entry.id is None:
                entry.id = next_id
            next_id = max(next_id, entry.id) + 1
            if entry.occurred_at is None:
                entry.occurred_at = utcnow()
            seq += 1
            salt = secrets.token_hex(audit_chain.SALT_BYTES)
            digest = audit_chain.content_digest(salt, entry.summary, entry.changes)
            entry.seq = seq
            entry.prev_hash = prev
            entry.content_salt = salt
            entry.content_digest = digest
            entry.entry_hash = audit_chain.entry_hash(
                prev_hash=prev,
                seq=seq,
                entry_id=entry.id,
                occurred_at=entry.occurred_at,
                user_name=entry.user_name,
                action=_code(entry.action),
                entity_type=entry.entity_type,
                entity_id=entry.entity_id,
                content=digest,
            )
            prev = entry.entry_hash


def _code(action: Any) -> str:
    return str(getattr(action, "value", action))


def install() -> None:
    """Register the sealing listener on every session once (idempotent)."""
    if not event.contains(Session, "before_flush", _seal):
        event.listen(Session, "before_flush", _seal)


def redact(
    session: Session, entry_id: int, summary: str, changes: object, when: datetime
) -> None:
    """Erasure's rewrite of one entry: new content, its key gone, marked redacted. The core
    and the hashes stay, so the entry's place in the chain still verifies; this is the only
    UPDATE the triggers let through."""
    session.execute(
        update(AuditEntry)
        .where(AuditEntry.id == entry_id)
        .values(summary=summary, changes=changes, content_salt=None, redacted_at=when)
        .execution_options(synchronize_session=False)
    )


@dataclass(frozen=True, slots=True)
class ChainReport:
    """What :func:`verify` found: German findings, each naming the entry."""

    entries: int
    redacted: int
    findings: tuple[str, ...]
    #: Position and hash of the newest entry (to note down and compare later: a chain that
    #: lost its newest entries is otherwise whole).
    head_seq: int
    head_hash: str

    @property
    def ok(self) -> bool:
        return not self.findings


def missing_triggers(conn: Connection) -> tuple[str, ...]:
    """The protecting triggers of this database that are not there (dropped by hand)."""
    expected = TRIGGERS.get(conn.dialect.name, ())
    if conn.dialect.name == "sqlite":
        present = set(
            conn.execute(
                text(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                    "AND tbl_name = 'audit_entry'"
                )
            ).scalars()
        )
    elif conn.dialect.name == "postgresql":
        present = set(
            conn.execute(
                text(
                    "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_entry'::regclass "
                    "AND NOT tgisinternal AND tgenabled <> 'D'"
                )
            ).scalars()
        )
    else:
        return ()
    return tuple(name for name in expected if name not in present)


def verify(session: Session) -> ChainReport:
    """Walk the chain in order of ``seq``: gaps, reordering, a changed core and changed
    content of an unredacted entry are reported; redacted entries verify their core."""
    rows = session.execute(
        select(
            AuditEntry.id,
            AuditEntry.seq,
            AuditEntry.occurred_at,
            AuditEntry.user_name,
            AuditEntry.action,
            AuditEntry.entity_type,
            AuditEntry.entity_id,
            AuditEntry.summary,
            AuditEntry.changes,
            AuditEntry.prev_hash,
            AuditEntry.entry_hash,
            AuditEntry.content_digest,
            AuditEntry.content_salt,
            AuditEntry.redacted_at,
        )
        .order_by(AuditEntry.seq, AuditEntry.id)
        .execution_options(yield_per=500)
    )
    findings = list(missing_trigger_findings(session.connection()))
    findings.extend(_walk(rows))
    counts = session.execute(
        select(func.count(), func.count(AuditEntry.redacted_at)).select_from(AuditEntry)
    ).one()
    head = session.execute(
        select(AuditEntry.seq, AuditEntry.entry_hash).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    return ChainReport(
        entries=int(counts[0]),
        redacted=int(counts[1]),
        findings=tuple(findings),
        head_seq=int(head[0]) if head is not None else 0,
        head_hash=str(head[1]) if head is not None else audit_chain.GENESIS,
    )


def missing_trigger_findings(conn: Connection) -> Iterable[str]:
    for name in missing_triggers(conn):
        yield (
            f"Der Schutz des Änderungsprotokolls fehlt (Trigger „{name}“): Einträge könnten "
            "unbemerkt geändert oder gelöscht werden."
        )


def _walk(rows: Iterable[Any]) -> Iterable[str]:
    expected_seq = 1
    prev = audit_chain.GENESIS
    for row in rows:
        where = f"Eintrag Nr. {row.id} (Position {row.seq})"
        if row.seq > expected_seq:
            missing = row.seq - expected_seq
            yield (
                f"{where}: davor fehlt 1 Eintrag des Änderungsprotokolls (Position "
                f"{expected_seq})."
                if missing == 1
                else f"{where}: davor fehlen {missing} Einträge des Änderungsprotokolls "
                f"(Positionen {expected_seq} bis {row.seq - 1})."
            )
        elif row.seq < expected_seq:
            yield f"{where}: die Position kommt doppelt oder in falscher Reihenfolge vor."
        elif row.prev_hash != prev:
            yield (
                f"{where}: passt nicht zum Eintrag davor – die Reihenfolge wurde geändert oder "
                "ein Eintrag ersetzt."
            )
        computed = audit_chain.entry_hash(
            prev_hash=row.prev_hash,
            seq=row.seq,
            entry_id=row.id,
            occurred_at=row.occurred_at,
            user_name=row.user_name,
            action=_code(row.action),
            entity_type=row.entity_type,
            entity_id=row.entity_id,
            content=row.content_digest,
        )
        if computed != row.entry_hash:
            yield (
                f"{where}: Zeitpunkt, Benutzer, Aktion oder Bezug wurden nachträglich geändert."
            )
        if row.redacted_at is None:
            if row.content_salt is None:
                yield (
                    f"{where}: der Schlüssel der Inhaltsprüfung fehlt, obwohl der Eintrag nicht "
                    "wegen einer Löschung bereinigt wurde."
                )
            elif (
                audit_chain.content_digest(row.content_salt, row.summary, row.changes)
                != row.content_digest
            ):
                yield f"{where}: Zusammenfassung oder Änderungen wurden nachträglich geändert."
        prev = row.entry_hash
        expected_seq = max(expected_seq, row.seq + 1)
