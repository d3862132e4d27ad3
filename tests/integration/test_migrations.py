"""Opening an older database upgrades it, after a backup, and keeps the data."""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading
from datetime import date
from pathlib import Path

import pytest
from alembic import command as alembic_command
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import String, inspect, select
from sqlalchemy.engine import make_url

from beratung.cli import main as cli_main
from beratung.domain.enums import Anrede, ConsentMethod, ConsentPurpose, OrganisationKind
from beratung.domain.errors import DatabaseError
from beratung.domain.models import Affiliation, Base, Consent, Organisation, Person
from beratung.paths import AppPaths
from beratung.services import Services
from beratung.services.database import Schema, open_database
from beratung.storage import migrate
from beratung.storage.database import Database, sqlite_url
from beratung.storage.lock import InstanceLock


def _revisions_oldest_first() -> list[str]:
    script = migrate.script_directory()
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def test_every_revision_upgrades_in_turn_and_ends_matching_the_models(tmp_path: Path) -> None:
    db = Database(sqlite_url(tmp_path / "stufen.sqlite"))
    try:
        for revision in _revisions_oldest_first():
            migrate._run_upgrade(db, revision)
            assert migrate.current_revision(db) == revision
        assert migrate.schema_differences(db) == []
    finally:
        db.dispose()


def test_an_older_database_is_backed_up_then_upgraded_with_its_data(tmp_path: Path) -> None:
    revisions = _revisions_oldest_first()
    if len(revisions) < 2:
        pytest.skip("erst ab zwei Schemaversionen prüfbar")
    path = tmp_path / "alt.sqlite"
    old = Database(sqlite_url(path))
    migrate._run_upgrade(old, revisions[0])
    with old.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO organisation (kind, name, is_member, search_text, version, created_at, "
            "updated_at) VALUES ('municipality', 'Stadt Ulm', 1, 'ulm', 1, "
            "'2017-10-25 08:00:00', '2017-10-25 08:00:00')"
        )
    old.dispose()

    paths = AppPaths(tmp_path / "data")
    services = Services.open(paths, db_path=path)
    try:
        assert migrate.current_revision(services.db) == migrate.head_revision()
        assert services.overview.counts().organisations == 1
    finally:
        services.close()
    backups = list(paths.backup_dir.glob(f"*vor-upgrade-{revisions[0]}*.sqlite"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (revisions[0],)
        assert conn.execute("SELECT name FROM organisation").fetchall() == [("Stadt Ulm",)]
    conn.close()


def test_rebuilding_a_table_in_a_migration_keeps_its_child_rows(tmp_path: Path) -> None:
    """Batch mode recreates tables on SQLite; with foreign keys on that would cascade-delete."""
    path = tmp_path / "kinder.sqlite"
    services = Services.open(AppPaths(tmp_path / "data"), db_path=path)
    try:
        with services.db.transaction() as s:
            org = Organisation(kind=OrganisationKind.MUNICIPALITY, name="Stadt Ulm")
            person = Person(anrede=Anrede.FRAU, last_name="Fischer")
            s.add_all([org, person])
            s.flush()
            s.add(Affiliation(person_id=person.id, organisation_id=org.id, role="Leitung"))
            s.add(
                Consent(
                    person_id=person.id,
                    purpose=ConsentPurpose.PHOTO,
                    method=ConsentMethod.WRITTEN,
                    given_on=date(2017, 10, 25),
                )
            )
        # What a later revision may do: rebuild the parent table (any alter_column does).
        engine = migrate.migration_engine(services.db)
        with engine.begin() as conn:
            batch_ops = Operations(MigrationContext.configure(conn))
            with batch_ops.batch_alter_table("person", recreate="always") as batch:
                batch.alter_column("title", existing_type=String(60), type_=String(80))
        engine.dispose()
        services.db.dispose()
        with services.db.read() as s:
            assert len(s.scalars(select(Affiliation)).all()) == 1
            assert len(s.scalars(select(Consent)).all()) == 1
    finally:
        services.close()


def _older_database(path: Path) -> str:
    """A SQLite database one revision behind head, holding one organisation."""
    revisions = _revisions_oldest_first()
    old = Database(sqlite_url(path))
    migrate._run_upgrade(old, revisions[-2])
    with old.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO organisation (kind, name, is_member, search_text, version, created_at, "
            "updated_at) VALUES ('municipality', 'Stadt Ulm', 1, 'ulm', 1, "
            "'2017-10-25 08:00:00', '2017-10-25 08:00:00')"
        )
    old.dispose()
    return revisions[-2]


def test_opening_tells_which_backup_it_made(tmp_path: Path) -> None:
    path = tmp_path / "alt.sqlite"
    before = _older_database(path)
    paths = AppPaths(tmp_path / "data")
    services = Services.open(paths, db_path=path)
    try:
        upgraded = services.upgrade
        assert upgraded is not None
        assert (upgraded.from_revision, upgraded.to_revision) == (before, migrate.head_revision())
        assert upgraded.backup is not None and upgraded.backup.is_file()
        assert upgraded.backup.parent == paths.backup_dir
        assert str(upgraded.backup) in upgraded.message()
        assert f"von Schema {before} auf {migrate.head_revision()}" in upgraded.message()
    finally:
        services.close()
    again = Services.open(paths, db_path=path)
    try:
        assert again.upgrade is None  # already current: nothing done, nothing to say
    finally:
        again.close()


BROKEN_REVISION = '''"""A revision that fails halfway, after changing schema and data."""

import sqlalchemy as sa
from alembic import op

revision = "9999_broken"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("probe", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("UPDATE organisation SET name = 'geändert'")
    raise RuntimeError("Absicht: diese Migration scheitert")


def downgrade() -> None:
    pass
'''


@pytest.fixture
def broken_migrations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The shipped revisions plus one that fails, as the script location migrations run from."""
    head = migrate.head_revision()
    source = Path(migrate.__file__).parent / "migrations"
    target = tmp_path / "migrations"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
    (target / "versions" / "9999_broken.py").write_text(
        BROKEN_REVISION.format(head=head), encoding="utf-8"
    )
    monkeypatch.setattr(migrate, "SCRIPT_LOCATION", str(target))
    return head


@pytest.mark.db
def test_a_failed_migration_leaves_the_database_untouched_and_says_so(
    database_url: str, paths: AppPaths, broken_migrations: str
) -> None:
    head = broken_migrations
    db = Database(make_url(database_url))
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO organisation (kind, name, is_member, search_text, version, created_at, "
            "updated_at) VALUES ('municipality', 'Stadt Ulm', true, 'ulm', 1, "
            "'2017-10-25 08:00:00', '2017-10-25 08:00:00')"
        )
    db.dispose()

    with pytest.raises(DatabaseError) as caught:
        open_database(paths, url=database_url, schema=Schema.MIGRATE)

    message = caught.value.message
    assert "Sie ist unverändert" in message
    assert "Absicht: diese Migration scheitert" in message
    check = Database(make_url(database_url))
    try:
        with check.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head
            assert conn.exec_driver_sql("SELECT name FROM organisation").scalars().all() == [
                "Stadt Ulm"
            ]
            assert "probe" not in inspect(conn).get_table_names()
    finally:
        check.dispose()
    if check.is_sqlite:
        backups = list(paths.backup_dir.glob(f"*vor-upgrade-{head}*.sqlite"))
        assert len(backups) == 1
        assert str(backups[0]) in message
        with sqlite3.connect(backups[0]) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert conn.execute("SELECT name FROM organisation").fetchall() == [("Stadt Ulm",)]
        conn.close()


def test_db_upgrade_on_the_command_line_names_the_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "alt.sqlite"
    before = _older_database(path)
    assert cli_main(["--data-dir", str(tmp_path / "data"), "--db", str(path), "db", "upgrade"]) == 0
    out = capsys.readouterr().out
    assert f"von Schema {before} auf {migrate.head_revision()}" in out
    assert "Der vorherige Stand ist gesichert: " in out
    assert str(tmp_path / "data" / "Sicherungen") in out


def test_any_command_on_an_older_database_says_on_stderr_that_it_upgraded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "alt.sqlite"
    _older_database(path)
    args = ["--data-dir", str(tmp_path / "data"), "--db", str(path)]
    assert cli_main([*args, "contacts", "list", "--json"]) == 0
    captured = capsys.readouterr()
    assert "Der vorherige Stand ist gesichert" in captured.err
    assert json.loads(captured.out) is not None  # the JSON on stdout stays clean


def test_a_failed_migration_on_the_command_line_exits_1_in_german(
    tmp_path: Path, broken_migrations: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "aktuell.sqlite"
    db = Database(sqlite_url(path))
    migrate._run_upgrade(db, broken_migrations)
    db.dispose()
    args = ["--data-dir", str(tmp_path / "data"), "--db", str(path), "db", "upgrade"]
    assert cli_main(args) == 1
    err = capsys.readouterr().err
    assert err.startswith("Fehler: ")
    assert "Sie ist unverändert" in err
    assert "Traceback" not in err


def _at_previous_revision(url: str) -> str:
    """Bring the (fresh, head) test database back to the revision before head."""
    previous = _revisions_oldest_first()[-2]
    db = Database(make_url(url))
    try:
        with db.engine.begin() as conn:
            for table in reversed(Base.metadata.sorted_tables):
                conn.execute(table.delete())
        db.engine.dispose()
        engine = migrate.migration_engine(db)
        with engine.begin() as conn:
            config = migrate.alembic_config()
            config.attributes["connection"] = conn
            alembic_command.downgrade(config, previous)
        if engine is not db.engine:
            engine.dispose()
    finally:
        db.dispose()
    return previous


@pytest.mark.db
def test_a_shared_server_database_is_not_migrated_by_whoever_opens_it_first(
    database_url: str, paths: AppPaths
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("betrifft nur gemeinsame Serverdatenbanken")
    previous = _at_previous_revision(database_url)
    with pytest.raises(DatabaseError) as caught:
        Services.open(paths, url=database_url)
    assert f"älteres Schema ({previous})" in caught.value.message
    assert "beratung db upgrade" in (caught.value.hint or "")
    check = Database(make_url(database_url))
    try:
        assert migrate.current_revision(check) == previous  # untouched
    finally:
        check.dispose()

    opened = open_database(paths, url=database_url, schema=Schema.MIGRATE)
    try:
        assert opened.upgrade is not None and opened.upgrade.from_revision == previous
    finally:
        opened.close()


@pytest.mark.db
def test_two_workstations_upgrading_at_once_both_succeed(
    database_url: str, paths: AppPaths
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("zwei Arbeitsplätze teilen sich nur eine Serverdatenbank")
    _at_previous_revision(database_url)
    outcomes: list[object] = []

    def upgrade() -> None:
        try:
            opened = open_database(paths, url=database_url, schema=Schema.MIGRATE)
            opened.close()
            outcomes.append("ok")
        except Exception as exc:
            outcomes.append(exc)

    workers = [threading.Thread(target=upgrade) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert outcomes == ["ok", "ok"]
    check = Database(make_url(database_url))
    try:
        assert migrate.current_revision(check) == migrate.head_revision()
        assert migrate.schema_differences(check) == []
    finally:
        check.dispose()


def test_a_locked_database_during_the_upgrade_is_said_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "alt.sqlite"
    before = _older_database(path)
    monkeypatch.setattr(migrate, "SQLITE_BUSY_TIMEOUT_MS", 100)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseError) as caught:
            Services.open(AppPaths(tmp_path / "data"), db_path=path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    message = caught.value.message
    assert "gesperrt" in message and "Sie ist unverändert" in message
    assert "sqlalche.me" not in message and "OperationalError" not in message
    assert "melden" not in (caught.value.hint or "")  # not a bug: wait and try again
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (before,)
    conn.close()


def test_a_command_does_not_upgrade_under_a_running_program_window(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "alt.sqlite"
    before = _older_database(path)
    with InstanceLock(path):  # the program window holds the lock
        args = ["--data-dir", str(tmp_path / "data"), "--db", str(path), "contacts", "list"]
        assert cli_main(args) == 1
    err = capsys.readouterr().err
    assert "in einem laufenden Beratung-Fenster geöffnet" in err
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (before,)
    conn.close()


def test_repeated_upgrade_attempts_keep_only_a_few_backups(
    tmp_path: Path, broken_migrations: str
) -> None:
    path = tmp_path / "aktuell.sqlite"
    db = Database(sqlite_url(path))
    migrate._run_upgrade(db, broken_migrations)
    db.dispose()
    paths = AppPaths(tmp_path / "data")
    for _ in range(migrate.KEEP_BEFORE_UPGRADE + 2):
        with pytest.raises(DatabaseError):
            Services.open(paths, db_path=path)
    kept = list(paths.backup_dir.glob(f"*vor-upgrade-{broken_migrations}*.sqlite"))
    assert len(kept) == migrate.KEEP_BEFORE_UPGRADE
