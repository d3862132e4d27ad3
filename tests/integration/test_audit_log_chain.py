"""The audit log the app cannot edit (decision 25), on SQLite and PostgreSQL: triggers refuse
UPDATE and DELETE (through the ORM and raw SQL) except erasure's rewrite, the hash chain finds
what a connection without the triggers changed, two writers never fork the chain, and
migration 0008 seals the entries of an older database (and can be undone)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from alembic import command as alembic_command
from sqlalchemy import inspect, select, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DBAPIError

from beratung.cli import main
from beratung.domain.base import JsonDocument, UTCDateTime
from beratung.domain.enums import AuditAction
from beratung.domain.records import AuditEntry
from beratung.paths import AppPaths
from beratung.services import Services
from beratung.services.contacts import PersonInput
from beratung.storage import audit_log, migrate
from beratung.storage.database import Database


def _entries(services: Services) -> list[AuditEntry]:
    with services.db.read() as s:
        entries = list(s.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
        s.expunge_all()
    return entries


def _some_history(services: Services) -> int:
    """Three entries: a person created and changed twice; returns the person's id."""
    person = services.contacts.create_person(
        PersonInput(last_name="Brenner", first_name="Anna", email="anna.brenner@ulm.de")
    )
    person = services.contacts.update_person(
        person.id, {"phone": "0731 161-0"}, expected_version=person.version
    )
    services.contacts.update_person(
        person.id, {"phone": "0731 161-1"}, expected_version=person.version
    )
    return person.id


@contextmanager
def _unprotected(db: Database) -> Iterator[Connection]:
    """A connection with the protection switched off, as someone with the database's owner
    rights could do it: the triggers dropped (SQLite) or disabled (PostgreSQL), and put back."""
    with db.engine.begin() as conn:
        if db.is_sqlite:
            triggers = conn.execute(
                text(
                    "SELECT name, sql FROM sqlite_master "
                    "WHERE type = 'trigger' AND tbl_name = 'audit_entry'"
                )
            ).all()
            for name, _sql in triggers:
                conn.execute(text(f"DROP TRIGGER {name}"))
            yield conn
            for _name, sql in triggers:
                conn.execute(text(sql))
        else:
            conn.execute(text("ALTER TABLE audit_entry DISABLE TRIGGER USER"))
            yield conn
            conn.execute(text("ALTER TABLE audit_entry ENABLE TRIGGER USER"))


def test_every_write_extends_a_chain_that_verifies(services: Services) -> None:
    _some_history(services)
    entries = _entries(services)
    assert [e.seq for e in entries] == [1, 2, 3]
    assert entries[0].prev_hash == "0" * 64
    assert [e.prev_hash for e in entries[1:]] == [e.entry_hash for e in entries[:-1]]
    assert all(e.content_salt and e.redacted_at is None for e in entries)
    report = services.database.verify_audit_log()
    assert report.ok, report.findings
    assert (report.entries, report.redacted, report.head_seq) == (3, 0, 3)
    assert report.head_hash == entries[-1].entry_hash
    check = services.database.check()
    assert check.ok and check.audit_log is not None and check.audit_log.entries == 3


def test_updates_and_deletes_are_refused_through_the_orm_and_raw_sql(services: Services) -> None:
    _some_history(services)
    first = _entries(services)[0]
    attempts: list[tuple[str, dict[str, object]]] = [
        ("UPDATE audit_entry SET summary = 'nichts geschehen' WHERE id = :id", {}),
        ("UPDATE audit_entry SET user_name = 'jemand' WHERE id = :id", {}),
        # Looks like erasure but keeps the content key: refused.
        (
            "UPDATE audit_entry SET summary = 'x', redacted_at = :now WHERE id = :id",
            {"now": datetime.now(UTC)},
        ),
        # Erasure may not touch the core either.
        (
            "UPDATE audit_entry SET entity_id = 99, content_salt = NULL, redacted_at = :now "
            "WHERE id = :id",
            {"now": datetime.now(UTC)},
        ),
        ("DELETE FROM audit_entry WHERE id = :id", {}),
        ("DELETE FROM audit_entry", {}),
    ]
    if not services.db.is_sqlite:
        attempts.append(("TRUNCATE audit_entry", {}))
    for statement, extra in attempts:
        with pytest.raises(DBAPIError) as caught, services.db.transaction() as s:
            s.execute(text(statement), {"id": first.id, **extra})
        assert "Änderungsprotokoll" in str(caught.value.orig), statement

    with pytest.raises(DBAPIError), services.db.transaction() as s:
        entry = s.get(AuditEntry, first.id)
        assert entry is not None
        entry.summary = "umgeschrieben"
    with pytest.raises(DBAPIError), services.db.transaction() as s:
        entry = s.get(AuditEntry, first.id)
        assert entry is not None
        s.delete(entry)
    assert next(e.summary for e in _entries(services)) == first.summary
    assert len(_entries(services)) == 3
    assert services.database.verify_audit_log().ok


def test_erasure_redacts_the_entries_and_the_chain_still_verifies(services: Services) -> None:
    person_id = _some_history(services)
    before = _entries(services)
    assert any("Brenner" in e.summary or "Brenner" in str(e.changes) for e in before)

    services.privacy.erase_person(person_id)

    after = _entries(services)
    erased = [e for e in after if e.redacted_at is not None]
    assert erased, "the entries naming the person are rewritten"
    for entry in after:
        assert "Brenner" not in entry.summary and "Brenner" not in str(entry.changes)
        assert "anna.brenner" not in str(entry.changes)
    for entry in erased:
        assert entry.content_salt is None
        old = next(e for e in before if e.id == entry.id)
        assert (entry.seq, entry.entry_hash, entry.content_digest, entry.user_name) == (
            old.seq, old.entry_hash, old.content_digest, old.user_name
        )
    erasure = after[-1]
    assert erasure.action is AuditAction.ERASE
    assert erasure.changes is not None
    assert sorted(erasure.changes["redacted_audit_entries"]) == sorted(e.id for e in erased)
    report = services.database.verify_audit_log()
    assert report.ok, report.findings
    assert report.redacted == len(erased)

    # A redacted entry is no easier to change than any other.
    with pytest.raises(DBAPIError), services.db.transaction() as s:
        s.execute(
            text("UPDATE audit_entry SET content_salt = 'ab' WHERE id = :id"),
            {"id": erased[0].id},
        )


def test_tampering_without_the_triggers_is_found_and_named(services: Services) -> None:
    _some_history(services)
    services.contacts.create_person(PersonInput(last_name="Vogt"))
    one, two, three, four = _entries(services)
    with _unprotected(services.db) as conn:
        conn.execute(
            text("UPDATE audit_entry SET summary = 'harmlos' WHERE id = :id"), {"id": one.id}
        )
        conn.execute(
            text("UPDATE audit_entry SET user_name = 'jemand' WHERE id = :id"), {"id": two.id}
        )
        conn.execute(text("DELETE FROM audit_entry WHERE id = :id"), {"id": three.id})
    findings = services.database.verify_audit_log().findings
    assert any(f"Eintrag Nr. {one.id} " in f and "Zusammenfassung" in f for f in findings)
    assert any(f"Eintrag Nr. {two.id} " in f and "Benutzer" in f for f in findings)
    assert any(f"Eintrag Nr. {four.id} " in f and "davor fehlt 1 Eintrag" in f for f in findings)
    assert not services.database.check().ok


def test_reordering_is_found(services: Services) -> None:
    _some_history(services)
    one, two, _three = _entries(services)
    with _unprotected(services.db) as conn:
        conn.execute(text("UPDATE audit_entry SET seq = -1 WHERE id = :id"), {"id": one.id})
        conn.execute(text("UPDATE audit_entry SET seq = 1 WHERE id = :id"), {"id": two.id})
        conn.execute(text("UPDATE audit_entry SET seq = 2 WHERE id = :id"), {"id": one.id})
    findings = services.database.verify_audit_log().findings
    assert any(f"Eintrag Nr. {two.id} " in f for f in findings)
    assert any(f"Eintrag Nr. {one.id} " in f for f in findings)


def test_a_removed_trigger_is_reported(services: Services) -> None:
    _some_history(services)
    name = "audit_entry_only_redaction" if services.db.is_sqlite else "audit_entry_guard"
    with services.db.engine.begin() as conn:
        if services.db.is_sqlite:
            conn.execute(text(f"DROP TRIGGER {name}"))
        else:
            conn.execute(text(f"ALTER TABLE audit_entry DISABLE TRIGGER {name}"))
    findings = services.database.verify_audit_log().findings
    assert len(findings) == 1 and f"„{name}“" in findings[0]


def test_two_writers_do_not_fork_the_chain(services: Services) -> None:
    """The second writer waits for the first to commit (the write lock on SQLite, an advisory
    lock on PostgreSQL) and then appends after its entry."""
    db = services.db
    first_flushed, release, second_done = threading.Event(), threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def entry(summary: str) -> AuditEntry:
        return AuditEntry(
            occurred_at=datetime.now(UTC),
            user_name="Testerin",
            action=AuditAction.CREATE,
            entity_type="test",
            entity_id=None,
            summary=summary,
        )

    def first() -> None:
        try:
            with db.transaction() as s:
                s.add(entry("erster"))
                s.flush()
                first_flushed.set()
                release.wait(10)
        except BaseException as exc:  # reported to the test thread
            errors.append(exc)
            first_flushed.set()

    def second() -> None:
        try:
            first_flushed.wait(10)
            with db.transaction() as s:
                s.add(entry("zweiter"))
                s.flush()
        except BaseException as exc:
            errors.append(exc)
        finally:
            second_done.set()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_flushed.wait(10)
    time.sleep(0.5)
    waited = not second_done.is_set()
    release.set()
    for thread in threads:
        thread.join(20)
    assert not errors, errors
    assert waited, "the second writer must wait for the first"
    assert [(e.seq, e.summary) for e in _entries(services)] == [(1, "erster"), (2, "zweiter")]
    assert services.database.verify_audit_log().ok


def test_migration_0008_seals_an_older_database_and_can_be_undone(
    database_url: str, paths: AppPaths
) -> None:
    db = Database(make_url(database_url))
    config = migrate.alembic_config()

    def run(step: str, target: str) -> None:
        db.engine.dispose()
        engine = migrate.migration_engine(db)
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            getattr(alembic_command, step)(config, target)
        if engine is not db.engine:
            engine.dispose()

    try:
        run("downgrade", "0007")
        assert "seq" not in {c["name"] for c in inspect(db.engine).get_columns("audit_entry")}
        old = sa.table(
            "audit_entry",
            sa.column("id", sa.Integer),
            sa.column("occurred_at", UTCDateTime()),
            sa.column("user_name", sa.String),
            sa.column("action", sa.String),
            sa.column("entity_type", sa.String),
            sa.column("entity_id", sa.Integer),
            sa.column("summary", sa.String),
            sa.column("changes", JsonDocument),
        )
        rows = [
            {
                "id": n,
                "occurred_at": datetime(2025, 1, n, 8, 30, 15, 123456 * (n % 2), tzinfo=UTC),
                "user_name": "Beraterin",
                "action": action,
                "entity_type": "person",
                "entity_id": entity,
                "summary": f"Änderung {n}: Anna „Brenner“",
                "changes": changes,
            }
            for n, action, entity, changes in (
                (1, "create", 7, None),
                (2, "update", 7, {"phone": [None, "0731 161-0"], "n": 1.0, "x": [1, 2.5]}),
                (4, "merge", None, {"undo": {"removed_row": {"id": 8, "last_name": "Brenner"}}}),
            )
        ]
        with db.engine.begin() as conn:
            conn.execute(old.insert(), rows)
        run("upgrade", "head")

        with db.read() as s:
            sealed = s.execute(
                select(AuditEntry.id, AuditEntry.seq).order_by(AuditEntry.seq)
            ).all()
            report = audit_log.verify(s)
        assert [tuple(r) for r in sealed] == [(1, 1), (2, 2), (4, 3)]
        assert report.ok, report.findings

        services = Services.open(paths, url=database_url, user="Testerin")
        try:
            services.contacts.create_person(PersonInput(last_name="Vogt"))
            chain = services.database.verify_audit_log()
            assert chain.ok and chain.entries == 4 and chain.head_seq == 4
        finally:
            services.close()
        with pytest.raises(DBAPIError), db.transaction() as s:
            s.execute(text("DELETE FROM audit_entry WHERE id = 1"))

        run("downgrade", "0007")
        columns = {c["name"] for c in inspect(db.engine).get_columns("audit_entry")}
        assert not columns & {"seq", "prev_hash", "entry_hash", "redacted_at"}
        with db.transaction() as s:  # no triggers any more
            assert s.execute(text("SELECT count(*) FROM audit_entry")).scalar_one() == 4
        run("upgrade", "head")
        with db.read() as s:
            assert audit_log.verify(s).ok
    finally:
        db.dispose()



def test_db_check_on_the_command_line_names_the_changed_entry(
    services: Services, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _some_history(services)
    one = _entries(services)[0]
    target = ["--db", str(services.paths.database_file)] if services.db.is_sqlite else [
        "--database-url", database_url]
    assert main([*target, "db", "check"]) == 0
    out = capsys.readouterr().out
    assert "Änderungsprotokoll: 3 Einträge, Kette unversehrt" in out
    with _unprotected(services.db) as conn:
        conn.execute(
            text("UPDATE audit_entry SET summary = 'harmlos' WHERE id = :id"), {"id": one.id}
        )
    assert main([*target, "db", "check"]) == 1
    out = capsys.readouterr().out
    assert "Änderungsprotokoll: 1 Befund – es wurde verändert" in out
    assert f"Eintrag Nr. {one.id} (Position 1): Zusammenfassung" in out
    assert "Ergebnis: PROBLEME gefunden" in out
