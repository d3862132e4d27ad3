"""Opening an older database upgrades it, after a backup, and keeps the data."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import String, select

from beratung.domain.enums import Anrede, ConsentMethod, ConsentPurpose, OrganisationKind
from beratung.domain.models import Affiliation, Consent, Organisation, Person
from beratung.paths import AppPaths
from beratung.services import Services
from beratung.storage import migrate
from beratung.storage.database import Database, sqlite_url


def _revisions_oldest_first() -> list[str]:
    script = migrate.ScriptDirectory.from_config(migrate.alembic_config())
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
