"""Schema rules that need a real database, on SQLite and on PostgreSQL: old databases upgrade
through frozen migrations (sort keys and one primary role per person filled in by 0005), agenda
items can be reordered."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from beratung.domain.models import Affiliation, AgendaItem, Event, Organisation, Person
from beratung.domain.rules.sorting import sort_key
from beratung.paths import AppPaths
from beratung.services import Services
from beratung.services.database import Schema, open_database
from beratung.storage import migrate
from beratung.storage.database import Database, sqlite_url
from beratung.storage.ordering import renumber

pytestmark = pytest.mark.db

_names = itertools.count(1)


@pytest.fixture
def empty_database_url(tmp_path: Path) -> Iterator[str]:
    """An empty database (no schema at all) on the backend under test."""
    if os.environ.get("BERATUNG_TEST_BACKEND", "sqlite") != "postgresql":
        yield sqlite_url(tmp_path / "leer.sqlite").render_as_string(hide_password=False)
        return
    admin_url = os.environ.get("BERATUNG_TEST_POSTGRES_URL")
    if not admin_url:
        pytest.skip("PostgreSQL-Lauf angefordert, aber BERATUNG_TEST_POSTGRES_URL fehlt")
    admin = make_url(admin_url)
    name = f"beratung_empty_{os.getpid()}_{next(_names)}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0"))
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def test_consultations_of_revision_0001_are_found_after_upgrading_to_head(
    empty_database_url: str, tmp_path: Path
) -> None:
    """0002 fills the index with its own frozen copy of the code, not today's search module."""
    old = Database(empty_database_url)
    migrate._run_upgrade(old, "0001")
    with old.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO organisation (id, kind, name, is_member, search_text, version, "
                "created_at, updated_at) VALUES (1, 'municipality', 'Stadt Überlingen', "
                "true, 'uberlingen', 1, :t, :t)"
            ),
            {"t": datetime(2017, 3, 1, 9, tzinfo=UTC)},
        )
        for ident, subject in ((1, "Förderung Quartier 2020"), (2, "Barrierefreie Rathäuser")):
            conn.execute(
                text(
                    "INSERT INTO consultation (id, occurred_at, mode, organisation_id, subject, "
                    "version, created_at, updated_at) "
                    "VALUES (:id, :t, 'phone', 1, :subject, 1, :t, :t)"
                ),
                {"id": ident, "subject": subject, "t": datetime(2017, 3, ident, 9, tzinfo=UTC)},
            )
    old.dispose()

    # an existing database of an older revision: the explicit upgrade (beratung db upgrade),
    # which a shared server database needs; a SQLite file would be upgraded on opening
    open_database(
        AppPaths(tmp_path / "data"), url=empty_database_url, schema=Schema.MIGRATE
    ).close()
    services = Services.open(AppPaths(tmp_path / "data"), url=empty_database_url)
    try:
        assert migrate.current_revision(services.db) == migrate.head_revision()
        assert migrate.schema_differences(services.db) == []
        found = services.consultations.search_consultations("foerderung")
        assert [row.id for row in found] == [1]
        assert [row.id for row in services.consultations.search_consultations("rathaus")] == [2]
        assert {row.id for row in services.consultations.search_consultations("überlingen")} == {
            1,
            2,
        }
    finally:
        services.close()


def test_revision_0005_fills_sort_keys_and_keeps_the_newest_primary(
    empty_database_url: str, tmp_path: Path
) -> None:
    """A database of revision 0004 (names with umlauts and particles, a person with two
    primaries as the old service could leave them) upgrades with every row kept."""
    old = Database(empty_database_url)
    migrate._run_upgrade(old, "0004")
    t = datetime(2017, 3, 1, 9, tzinfo=UTC)
    with old.engine.begin() as conn:
        for ident, name in ((1, "Gemeinde Zaisenhausen"), (2, "Gemeinde Öhningen")):
            conn.execute(
                text(
                    "INSERT INTO organisation (id, kind, name, is_member, search_text, version, "
                    "created_at, updated_at) VALUES (:id, 'municipality', :name, false, '', 1, "
                    ":t, :t)"
                ),
                {"id": ident, "name": name, "t": t},
            )
        persons = {1: ("Zimmermann", "Zoe"), 2: ("von Bülow", "Anna"), 3: ("Özdemir", None)}
        for ident, (last, first) in persons.items():
            conn.execute(
                text(
                    "INSERT INTO person (id, anrede, first_name, last_name, address_preference, "
                    "search_text, version, created_at, updated_at) VALUES (:id, 'none', :first, "
                    ":last, 'organisation', '', 1, :t, :t)"
                ),
                {"id": ident, "first": first, "last": last, "t": t},
            )
        roles = [(1, 1, 1, True), (2, 1, 2, True), (3, 1, 2, False), (4, 2, 1, True)]
        for ident, person_id, organisation_id, primary in roles:
            conn.execute(
                text(
                    "INSERT INTO affiliation (id, person_id, organisation_id, is_primary, "
                    "created_at, updated_at) VALUES (:id, :p, :o, :primary, :t, :t)"
                ),
                {"id": ident, "p": person_id, "o": organisation_id, "primary": primary, "t": t},
            )
    old.dispose()

    open_database(
        AppPaths(tmp_path / "data"), url=empty_database_url, schema=Schema.MIGRATE
    ).close()
    services = Services.open(AppPaths(tmp_path / "data"), url=empty_database_url)
    try:
        assert migrate.current_revision(services.db) == migrate.head_revision()
        assert migrate.schema_differences(services.db) == []
        with services.db.read() as s:
            keys = {int(r[0]): r[1] for r in s.execute(select(Person.id, Person.sort_name))}
            primaries = s.execute(
                select(Affiliation.id, Affiliation.is_primary).order_by(Affiliation.id)
            ).all()
            org_keys = s.execute(select(Organisation.sort_name).order_by(Organisation.id)).all()
        assert keys == {i: sort_key(last, first) for i, (last, first) in persons.items()}
        assert [tuple(r) for r in primaries] == [(1, False), (2, True), (3, False), (4, True)]
        assert [r[0] for r in org_keys] == ["gemeinde-zaisenhausen", "gemeinde-ohningen"]
        rows = services.contacts.list_persons(order_by="name")
        assert [r.last_name for r in rows] == ["von Bülow", "Özdemir", "Zimmermann"]
        orgs = services.contacts.list_organisations(order_by="name")
        assert [o.name for o in orgs] == ["Gemeinde Öhningen", "Gemeinde Zaisenhausen"]
        with pytest.raises(IntegrityError), services.db.transaction() as s:
            s.add(Affiliation(person_id=2, organisation_id=1, is_primary=True))
    finally:
        services.close()


def test_no_migration_imports_live_code_except_the_column_type() -> None:
    """Migrations must keep working when services, search or models change later."""
    versions = migrate.versions_dir()
    for script in sorted(versions.glob("*.py")):
        source = script.read_text(encoding="utf-8")
        imports = [
            line.strip()
            for line in source.splitlines()
            if "beratung" in line and line.strip().startswith(("import ", "from "))
        ]
        allowed = ["import beratung.domain.base"] if script.name.startswith("0001") else []
        assert imports == allowed, script.name


def _event_with_agenda(db: Database) -> int:
    with db.transaction() as s:
        event = Event(title="Werkstattgespräch", starts_at=datetime(2017, 10, 25, 8, tzinfo=UTC))
        s.add(event)
        s.flush()
        for position, title in enumerate(("Begrüßung", "Vortrag", "Austausch"), start=1):
            s.add(AgendaItem(event_id=event.id, position=position, title=title))
        return event.id


def _titles(db: Database, event_id: int) -> list[str]:
    with db.read() as s:
        return list(
            s.scalars(
                select(AgendaItem.title)
                .where(AgendaItem.event_id == event_id)
                .order_by(AgendaItem.position)
            )
        )


def test_two_agenda_items_swap_places_with_renumber(db: Database) -> None:
    event_id = _event_with_agenda(db)
    with db.transaction() as s:
        items = list(
            s.scalars(
                select(AgendaItem)
                .where(AgendaItem.event_id == event_id)
                .order_by(AgendaItem.position)
            )
        )
        renumber(s, [items[1], items[0], items[2]])
    assert _titles(db, event_id) == ["Vortrag", "Begrüßung", "Austausch"]


def test_swapping_positions_in_one_flush_is_deferred_on_postgresql_only(db: Database) -> None:
    event_id = _event_with_agenda(db)

    def swap() -> None:
        with db.transaction() as s:
            first, second = s.scalars(
                select(AgendaItem)
                .where(AgendaItem.event_id == event_id, AgendaItem.position.in_((1, 2)))
                .order_by(AgendaItem.position)
            )
            first.position, second.position = 2, 1

    if db.dialect_name == "postgresql":
        swap()
        assert _titles(db, event_id) == ["Vortrag", "Begrüßung", "Austausch"]
    else:
        # documented in docs/decisions.md: SQLite checks UNIQUE per statement
        with pytest.raises(IntegrityError):
            swap()
        assert _titles(db, event_id) == ["Begrüßung", "Vortrag", "Austausch"]


def test_a_duplicate_position_is_still_refused_at_commit(db: Database) -> None:
    event_id = _event_with_agenda(db)
    with pytest.raises(IntegrityError), db.transaction() as s:
        s.add(AgendaItem(event_id=event_id, position=2, title="Doppelt"))
    assert _titles(db, event_id) == ["Begrüßung", "Vortrag", "Austausch"]
