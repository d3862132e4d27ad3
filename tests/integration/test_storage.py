"""The database layer as the advisor meets it: durable settings, clear refusals, no lost edits."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, StatementError

from beratung.domain.enums import Anrede, OrganisationKind, PressStatus
from beratung.domain.errors import ConcurrentEditError, DatabaseError
from beratung.domain.models import FollowUp, Organisation, Person, PressRelease
from beratung.paths import AppPaths
from beratung.services import Services
from beratung.storage import migrate
from beratung.storage.database import Database, sqlite_url
from beratung.storage.lock import InstanceLock


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_empty_database_upgrades_to_head_and_matches_the_models(database_url: str) -> None:
    db = Database(database_url)
    try:
        assert migrate.current_revision(db) == migrate.head_revision()
        assert migrate.schema_differences(db) == []
    finally:
        db.dispose()


def test_sqlite_is_configured_for_durability(db: Database) -> None:
    if not db.is_sqlite:
        pytest.skip("SQLite-Einstellungen")
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 1000


def test_timestamps_come_back_timezone_aware(db: Database) -> None:
    berlin = timezone(timedelta(hours=2))
    with db.transaction() as s:
        org = Organisation(kind=OrganisationKind.OTHER, name="Zeitzone")
        s.add(org)
        s.flush()
        s.add(
            FollowUp(
                due_on=date(2017, 10, 25),
                note="x",
                organisation_id=org.id,
                done_at=datetime(2017, 10, 25, 10, 0, tzinfo=berlin),
            )
        )
    with db.read() as s:
        follow_up = s.scalars(select(FollowUp)).one()
        assert follow_up.done_at == datetime(2017, 10, 25, 8, 0, tzinfo=UTC)
        assert follow_up.done_at is not None and follow_up.done_at.tzinfo is not None
        assert s.scalars(select(Organisation)).one().created_at.tzinfo is not None


def test_naive_datetimes_are_refused(db: Database) -> None:
    with pytest.raises(StatementError), db.transaction() as s:
        org = Organisation(kind=OrganisationKind.OTHER, name="naiv")
        s.add(org)
        s.flush()
        s.add(
            FollowUp(
                due_on=date(2017, 1, 1),
                note="x",
                organisation_id=org.id,
                done_at=datetime(2017, 1, 1, 12, 0),
            )
        )


def test_constraints_guard_the_data(db: Database) -> None:
    with pytest.raises(IntegrityError), db.transaction() as s:
        s.add(FollowUp(due_on=date(2017, 1, 1), note="ohne Bezug"))
    with pytest.raises(IntegrityError), db.transaction() as s:
        s.add(PressRelease(status=PressStatus.FINAL, headline="ohne Nummer", body="x"))
    with db.transaction() as s:
        s.add(Organisation(kind=OrganisationKind.MUNICIPALITY, name="Stadt Ulm", ags="08421000"))
    with pytest.raises(IntegrityError), db.transaction() as s:
        s.add(Organisation(kind=OrganisationKind.MUNICIPALITY, name="Ulm doppelt", ags="08421000"))
    with pytest.raises(IntegrityError), db.transaction() as s:
        s.add(Organisation(kind=OrganisationKind.MUNICIPALITY, name="kurz", ags="0842"))


def test_foreign_keys_are_enforced(db: Database) -> None:
    with pytest.raises(IntegrityError), db.transaction() as s:
        s.add(FollowUp(due_on=date(2017, 1, 1), note="x", organisation_id=999_999))


def test_a_failed_transaction_leaves_nothing_behind(db: Database) -> None:
    with pytest.raises(RuntimeError), db.transaction() as s:
        s.add(Organisation(kind=OrganisationKind.OTHER, name="halb geschrieben"))
        s.flush()
        raise RuntimeError("Abbruch mitten in der Arbeit")
    with db.read() as s:
        assert s.scalars(select(Organisation)).all() == []


def test_concurrent_edits_of_one_record_are_detected_not_overwritten(db: Database) -> None:
    with db.transaction() as s:
        person = Person(anrede=Anrede.FRAU, first_name="Simone", last_name="Fischer")
        s.add(person)
    # Two users load the same record ...
    with db.read() as s:
        first_view = s.get(Person, person.id)
    with db.read() as s:
        second_view = s.get(Person, person.id)
    assert first_view is not None and second_view is not None
    # ... the first saves ...
    with db.transaction() as s:
        mine = s.merge(first_view)
        mine.phone = "0711 22921-33"
    # ... and the second one's save is refused instead of silently overwriting.
    with pytest.raises(ConcurrentEditError) as info, db.transaction() as s:
        theirs = s.merge(second_view, load=False)
        theirs.phone = "0711 99999-99"
    assert "inzwischen" in info.value.message
    with db.read() as s:
        stored = s.get(Person, person.id)
        assert stored is not None
        assert stored.phone == "0711 22921-33"
        assert stored.version == 2


def test_a_file_that_is_not_a_database_is_refused_and_untouched(tmp_path: Path) -> None:
    bogus = tmp_path / "adressen.sqlite"
    bogus.write_bytes(b"Name;Vorname\nM\xfcller;Anna\n")
    before = _digest(bogus)
    with pytest.raises(DatabaseError) as info:
        Services.open(AppPaths(tmp_path / "data"), db_path=bogus)
    assert str(bogus) in info.value.message
    assert "keine Beratung-Datenbank" in info.value.message
    assert _digest(bogus) == before
    assert not Path(str(bogus) + "-wal").exists()


def test_a_database_from_a_newer_version_is_refused_and_untouched(tmp_path: Path) -> None:
    # Made by "another" program in the default rollback-journal mode: opening it with our WAL
    # pragma would rewrite its header, so the refusal must come before any connection.
    path = tmp_path / "neu.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    conn.execute("INSERT INTO alembic_version VALUES ('9999_aus_der_zukunft')")
    conn.execute("CREATE TABLE organisation (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    before = _digest(path)
    with pytest.raises(DatabaseError) as info:
        Services.open(AppPaths(tmp_path / "data"), db_path=path)
    assert "neueren Version" in info.value.message
    assert _digest(path) == before
    assert not Path(str(path) + "-wal").exists()


def test_a_sqlite_file_of_another_program_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "fremd.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE kunden (name TEXT)")
    conn.commit()
    conn.close()
    before = _digest(path)
    with pytest.raises(DatabaseError) as info:
        Services.open(AppPaths(tmp_path / "data"), db_path=path)
    assert "keine Beratung-Schemaversion" in info.value.message
    assert _digest(path) == before


def test_a_damaged_database_is_refused_in_german(tmp_path: Path) -> None:
    path = tmp_path / "kaputt.sqlite"
    Services.open(AppPaths(tmp_path / "data"), db_path=path).close()
    data = path.read_bytes()
    path.write_bytes(data[:100] + b"\x00" * 3000 + data[3100:5000])
    with pytest.raises(DatabaseError) as info:
        Services.open(AppPaths(tmp_path / "data"), db_path=path)
    assert str(path) in info.value.message


def test_a_read_only_database_is_refused_with_a_german_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "schreibgeschuetzt.sqlite"
    Services.open(AppPaths(tmp_path / "data"), db_path=path).close()
    before = _digest(path)
    # Tests run as root in CI, where chmod does not stop writes; the access check is what the
    # advisor's non-admin account sees, so simulate its answer.
    monkeypatch.setattr("beratung.storage.database._writable", lambda p: p != path)
    with pytest.raises(DatabaseError) as info:
        Services.open(AppPaths(tmp_path / "data"), db_path=path)
    assert "schreibgeschützt" in info.value.message
    assert _digest(path) == before


def test_writing_to_a_read_only_connection_gives_a_german_message(tmp_path: Path) -> None:
    path = tmp_path / "ro.sqlite"
    Services.open(AppPaths(tmp_path / "data"), db_path=path).close()
    db = Database(f"sqlite:///file:{path}?mode=ro&uri=true")
    try:
        with pytest.raises(DatabaseError) as info, db.transaction() as s:
            s.add(Organisation(kind=OrganisationKind.OTHER, name="darf nicht"))
        assert "schreibgeschützt" in info.value.message
    finally:
        db.dispose()


def test_a_second_instance_on_the_same_database_is_told_clearly(tmp_path: Path) -> None:
    path = tmp_path / "beratung.sqlite"
    with InstanceLock(path):
        with pytest.raises(DatabaseError) as info:
            InstanceLock(path).acquire()
        assert "bereits in einer anderen laufenden Beratung-Instanz" in info.value.message
        assert str(path) in info.value.message
    # After the first instance ends, the database can be opened again.
    with InstanceLock(path):
        pass


def test_backup_and_restore_round_trip(tmp_path: Path) -> None:
    paths = AppPaths(tmp_path / "data")
    services = Services.open(paths, db_path=tmp_path / "b.sqlite")
    try:
        with services.db.transaction() as s:
            s.add(Organisation(kind=OrganisationKind.OTHER, name="vor der Sicherung"))
        backup = services.database.backup()
        with services.db.transaction() as s:
            s.add(Organisation(kind=OrganisationKind.OTHER, name="nach der Sicherung"))
        assert services.overview.counts().organisations == 2
        safety = services.database.restore(backup)
        assert safety is not None and safety.exists()
        assert services.overview.counts().organisations == 1
    finally:
        services.close()


def test_backup_works_in_folders_with_special_characters(tmp_path: Path) -> None:
    folder = tmp_path / "Ordner #1 Ä 100% ?"
    services = Services.open(AppPaths(tmp_path / "data"), db_path=folder / "b.sqlite")
    try:
        with services.db.transaction() as s:
            s.add(Organisation(kind=OrganisationKind.OTHER, name="Stadt Ulm"))
        backup = services.database.backup(folder / "kopie #2.sqlite")
    finally:
        services.close()
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT name FROM organisation").fetchall() == [("Stadt Ulm",)]
    conn.close()
    assert sorted(p.name for p in folder.iterdir() if p.suffix == ".sqlite") == [
        "b.sqlite",
        "kopie #2.sqlite",
    ]


def test_restore_is_seen_by_a_connection_that_stays_open(tmp_path: Path) -> None:
    path = tmp_path / "live.sqlite"
    services = Services.open(AppPaths(tmp_path / "data"), db_path=path)
    other = Database(sqlite_url(path))  # e.g. a CLI process still running
    try:
        backup = services.database.backup()
        with services.db.transaction() as s:
            s.add(Organisation(kind=OrganisationKind.OTHER, name="nach der Sicherung"))
        with other.read() as s:
            assert len(s.scalars(select(Organisation)).all()) == 1
        services.database.restore(backup)
        with other.read() as s:
            assert s.scalars(select(Organisation)).all() == []
        with other.transaction() as s:
            s.add(Organisation(kind=OrganisationKind.OTHER, name="danach geschrieben"))
        assert services.overview.counts().organisations == 1
    finally:
        other.dispose()
        services.close()


def test_restore_refuses_a_backup_from_a_newer_version(tmp_path: Path) -> None:
    paths = AppPaths(tmp_path / "data")
    services = Services.open(paths, db_path=tmp_path / "heute.sqlite")
    future = tmp_path / "zukunft.sqlite"
    Services.open(AppPaths(tmp_path / "data2"), db_path=future).close()
    with sqlite3.connect(future) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    conn.close()
    try:
        with pytest.raises(DatabaseError) as info:
            services.database.restore(future)
        assert "neueren Version" in info.value.message
        assert migrate.current_revision(services.db) == migrate.head_revision()
    finally:
        services.close()


def test_restore_onto_a_missing_or_damaged_database(tmp_path: Path) -> None:
    from beratung.cli import main

    source = tmp_path / "quelle.sqlite"
    services = Services.open(AppPaths(tmp_path / "d1"), db_path=source)
    with services.db.transaction() as s:
        s.add(Organisation(kind=OrganisationKind.OTHER, name="gesichert"))
    backup = services.database.backup()
    services.close()

    missing = tmp_path / "neuer-rechner" / "beratung.sqlite"
    assert main(["--db", str(missing), "db", "restore", str(backup)]) == 0
    damaged = tmp_path / "kaputt.sqlite"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    assert main(["--db", str(damaged), "db", "restore", str(backup)]) == 0
    kept = list(tmp_path.glob("kaputt.sqlite.defekt-*"))
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"SQLite format 3")
    for path in (missing, damaged):
        with sqlite3.connect(path) as conn:
            assert conn.execute("SELECT name FROM organisation").fetchall() == [("gesichert",)]
        conn.close()


def test_automatic_backup_runs_once_a_day(tmp_path: Path) -> None:
    services = Services.open(AppPaths(tmp_path / "data"), db_path=tmp_path / "d.sqlite")
    try:
        first = services.database.automatic_backup()
        assert first is not None and first.path.exists()
        assert services.database.automatic_backup() is None
    finally:
        services.close()


def test_sqlite_url_helper_round_trips_paths_with_spaces(tmp_path: Path) -> None:
    path = tmp_path / "Ordner mit Leerzeichen" / "beratung.sqlite"
    assert Database(sqlite_url(path)).location.sqlite_path == path


def test_opening_with_the_lock_holds_it_until_close_and_releases_it_on_refusal(
    tmp_path: Path,
) -> None:
    path = tmp_path / "gesperrt.sqlite"
    services = Services.open(AppPaths(tmp_path / "data"), db_path=path, lock=True)
    with pytest.raises(DatabaseError, match="bereits in einer anderen"):
        InstanceLock(path).acquire()
    services.close()
    with InstanceLock(path):
        pass

    newer = tmp_path / "neuer.sqlite"
    Services.open(AppPaths(tmp_path / "data"), db_path=newer).close()
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_zukunft'")
    conn.close()
    with pytest.raises(DatabaseError, match="neueren Version"):
        Services.open(AppPaths(tmp_path / "data"), db_path=newer, lock=True)
    with InstanceLock(newer):  # the refusal released the lock it had taken
        pass
